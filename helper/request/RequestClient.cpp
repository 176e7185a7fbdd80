#include "RequestClient.h"

#include "Syscall.h"
#include "UniqueFd.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace cordon::request {

using confine::retryOnEintr;
using confine::UniqueFd;

bool RequestClient::isValidName(std::string_view name)
{
    auto start = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; };
    if (name.empty() || name.size() > maxName || !start(name.front()))
        return false;
    for (char c : name)
        if (!start(c) && !(c >= '0' && c <= '9'))
            return false;
    return true;
}

bool RequestClient::portFromProxyUrl(std::string_view url, std::uint16_t* port, std::string* error)
{
    constexpr std::string_view prefix = "http://127.0.0.1:";
    if (url.substr(0, prefix.size()) != prefix) {
        *error = "it is not http://127.0.0.1:PORT";
        return false;
    }
    std::string_view digits = url.substr(prefix.size());
    if (!digits.empty() && digits.back() == '/')
        digits.remove_suffix(1);
    unsigned long value = 0;
    bool ok = !digits.empty() && digits.size() <= 5 && digits.front() != '0';
    for (char c : digits) {
        if (c < '0' || c > '9') {
            ok = false;
            break;
        }
        value = value * 10 + unsigned(c - '0');
    }
    if (!ok || value == 0 || value > 65535) {
        *error = "it is not http://127.0.0.1:PORT with a port 1-65535";
        return false;
    }
    *port = static_cast<std::uint16_t>(value);
    return true;
}

std::string RequestClient::printable(std::string_view text)
{
    std::string out;
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u >= 0x7f) {
            char buf[5];
            std::snprintf(buf, sizeof buf, "\\x%02x", u);
            out += buf;
        } else {
            out += c;
        }
    }
    return out;
}

RequestClient::Outcome RequestClient::requestSecret(std::uint16_t port, std::string_view name, std::string* detail)
{
    UniqueFd sock(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!sock) {
        *detail = std::string("socket: ") + std::strerror(errno);
        return Outcome::NoProxy;
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (retryOnEintr([&] { return ::connect(sock.get(), reinterpret_cast<sockaddr*>(&address), sizeof address); }) !=
        0) {
        *detail = "connecting to 127.0.0.1:" + std::to_string(port) + ": " + std::strerror(errno);
        return Outcome::NoProxy;
    }
    const std::string line = "CORDON-REQUEST secret " + std::string(name) + "\n";
    std::size_t sent = 0;
    while (sent < line.size()) {
        const ssize_t n =
            retryOnEintr([&] { return ::send(sock.get(), line.data() + sent, line.size() - sent, MSG_NOSIGNAL); });
        if (n <= 0) {
            *detail = std::string("sending the request: ") + std::strerror(errno);
            return Outcome::NoProxy;
        }
        sent += std::size_t(n);
    }
    timeval tv{replyTimeoutSeconds, 0};
    if (::setsockopt(sock.get(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0) {
        *detail = std::string("setsockopt: ") + std::strerror(errno);
        return Outcome::Protocol;
    }
    std::string reply;
    while (reply.find('\n') == std::string::npos && reply.size() <= maxReplyBytes) {
        char buf[256];
        const ssize_t n = retryOnEintr([&] { return ::recv(sock.get(), buf, sizeof buf, 0); });
        if (n < 0) {
            *detail = errno == EAGAIN || errno == EWOULDBLOCK
                          ? std::string("no answer within an hour")
                          : std::string("reading the answer: ") + std::strerror(errno);
            return Outcome::Protocol;
        }
        if (n == 0)
            break;
        reply.append(buf, std::size_t(n));
    }
    const auto newline = reply.find('\n');
    if (newline == std::string::npos) {
        *detail = reply.empty() ? "the connection closed without an answer (is this a Cordon proxy?)"
                                : "an answer without a line end: \"" + printable(reply.substr(0, 80)) + "\"";
        return Outcome::Protocol;
    }
    std::string_view answer(reply.data(), newline);
    if (!answer.empty() && answer.back() == '\r')
        answer.remove_suffix(1);
    if (answer.substr(0, 3) == "OK ") {
        const std::string path(answer.substr(3));
        // The one path the proxy may name; anything else is not followed.
        if (path != std::string(secretDirectory) + std::string(name)) {
            *detail = "the proxy named an unexpected path \"" + printable(path) + "\"";
            return Outcome::Protocol;
        }
        *detail = path;
        return Outcome::Granted;
    }
    if (answer.substr(0, 7) == "DENIED ") {
        *detail = printable(answer.substr(7));
        return Outcome::Denied;
    }
    *detail = "an unexpected answer \"" + printable(answer.substr(0, 80)) + "\"";
    if (answer.substr(0, 5) == "HTTP/")
        *detail += " (the proxy does not know requests: is it an older cordon-proxy?)";
    return Outcome::Protocol;
}

bool RequestClient::readSecret(const std::string& path, std::string* value, std::string* error)
{
    // O_NOFOLLOW: the file the helper wrote, never a link planted in its place.
    UniqueFd fd(retryOnEintr([&] { return ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY); }));
    if (!fd) {
        *error = path + ": " + std::strerror(errno);
        return false;
    }
    struct stat st { };
    if (::fstat(fd.get(), &st) != 0) {
        *error = path + ": " + std::strerror(errno);
        return false;
    }
    if (!S_ISREG(st.st_mode)) {
        *error = path + ": not a regular file";
        return false;
    }
    if (st.st_size < 0 || std::uint64_t(st.st_size) > maxSecretBytes) {
        *error = path + ": larger than 64 KiB";
        return false;
    }
    std::string out;
    char buf[8192];
    for (;;) {
        const ssize_t n = retryOnEintr([&] { return ::read(fd.get(), buf, sizeof buf); });
        if (n < 0) {
            *error = path + ": " + std::strerror(errno);
            return false;
        }
        if (n == 0)
            break;
        out.append(buf, std::size_t(n));
        if (out.size() > maxSecretBytes) { // grew while being read
            *error = path + ": larger than 64 KiB";
            return false;
        }
    }
    *value = std::move(out);
    return true;
}

} // namespace cordon::request
