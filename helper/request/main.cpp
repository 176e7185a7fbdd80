// cordon-request: how an agent inside a Cordon sandbox asks for something by itself.
//   cordon-request secret NAME   the secret NAME, written to stdout exactly as stored
// Exit status: 0 granted (value on stdout), 1 not granted (reason on stderr), 2 usage,
// 3 no Cordon proxy to ask (no or foreign HTTP_PROXY, nothing listening: e.g. a sandbox
// launched in direct mode), 4 any other failure (an unexpected answer, an unreadable file).
// See docs/proxy.md, "Requests from inside (cordon-request)", and RequestClient.h.

#include "RequestClient.h"

#include "Syscall.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <unistd.h>

using cordon::request::RequestClient;

namespace {

constexpr int kExitDenied = 1;
constexpr int kExitUsage = 2;
constexpr int kExitNoProxy = 3;
constexpr int kExitFailure = 4;

constexpr const char* kUsage = "usage: cordon-request secret NAME\n"
                               "       cordon-request --help\n";

void printHelp()
{
    std::fputs(kUsage, stdout);
    std::fputs("\n"
               "Asks Cordon for the secret NAME, which the sandbox's profile declares with\n"
               "\"deliver\": \"request\". The person running Cordon may be asked first; the request\n"
               "waits for the answer. On a grant the value is written to standard output exactly\n"
               "as stored (no newline added), so it can be captured: TOKEN=$(cordon-request secret NAME).\n"
               "\n"
               "NAME: a letter or underscore, then letters, digits or underscores (64 at most).\n"
               "Exit status: 0 granted, 1 not granted, 2 usage error, 3 no Cordon proxy in this\n"
               "sandbox (for instance launched in direct mode), 4 other failure.\n",
        stdout);
}

[[noreturn]] void usageError(const std::string& message)
{
    std::fprintf(stderr, "cordon-request: %s\n%s", message.c_str(), kUsage);
    std::exit(kExitUsage);
}

} // namespace

#if defined(__SANITIZE_ADDRESS__)
// In the AddressSanitizer test build only: LeakSanitizer's exit-time check runs the process under
// ptrace, which the sandbox's seccomp filter refuses, so LSan would turn every exit into a failure
// (exit 1) inside a sandbox. Memory errors are still caught; only the leak check is off.
extern "C" int __lsan_is_turned_off()
{
    return 1;
}
#endif

int main(int argc, char** argv)
{
    if (argc == 2 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) {
        printHelp();
        return 0;
    }
    if (argc < 2)
        usageError("what to request is missing");
    if (std::strcmp(argv[1], "secret") != 0)
        usageError("unknown request \"" + RequestClient::printable(argv[1]) + "\" (only \"secret\" exists)");
    if (argc != 3)
        usageError(argc < 3 ? "the secret's NAME is missing" : "too many arguments");
    const std::string name = argv[2];
    if (!RequestClient::isValidName(name))
        usageError("\"" + RequestClient::printable(name) +
                   "\" is not a secret name (a letter or underscore, then letters, digits or underscores, 64 at most)");

    // The launch spec sets both spellings to the same URL; the upper case is read first.
    const char* variable = "HTTP_PROXY";
    const char* url = std::getenv(variable);
    if (!url || !*url) {
        variable = "http_proxy";
        url = std::getenv(variable);
    }
    if (!url || !*url) {
        std::fprintf(stderr,
            "cordon-request: HTTP_PROXY is not set, so this sandbox has no Cordon proxy to ask (was it launched in "
            "direct mode, or not by Cordon?)\n");
        return kExitNoProxy;
    }
    std::uint16_t port = 0;
    std::string error;
    if (!RequestClient::portFromProxyUrl(url, &port, &error)) {
        std::fprintf(stderr, "cordon-request: %s=\"%s\": %s, so it is not Cordon's proxy bridge\n", variable,
            RequestClient::printable(url).c_str(), error.c_str());
        return kExitNoProxy;
    }
    std::string detail;
    switch (RequestClient::requestSecret(port, name, &detail)) {
    case RequestClient::Outcome::Granted: break;
    case RequestClient::Outcome::Denied:
        std::fprintf(stderr, "cordon-request: %s was not granted: %s\n", name.c_str(), detail.c_str());
        return kExitDenied;
    case RequestClient::Outcome::NoProxy:
        std::fprintf(stderr,
            "cordon-request: no Cordon proxy answers in this sandbox (%s); was it launched in direct mode?\n",
            detail.c_str());
        return kExitNoProxy;
    case RequestClient::Outcome::Protocol:
        std::fprintf(stderr, "cordon-request: %s: %s\n", name.c_str(), detail.c_str());
        return kExitFailure;
    }
    std::string value;
    if (!RequestClient::readSecret(detail, &value, &error)) {
        std::fprintf(stderr, "cordon-request: %s was granted but cannot be read: %s\n", name.c_str(), error.c_str());
        return kExitFailure;
    }
    if (!cordon::confine::writeAll(STDOUT_FILENO, value.data(), value.size())) {
        std::fprintf(stderr, "cordon-request: writing to standard output: %s\n", std::strerror(errno));
        return kExitFailure;
    }
    return 0;
}
