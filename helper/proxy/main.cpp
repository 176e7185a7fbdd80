// cordon-proxy: the per-session egress proxy (HTTP CONNECT, absolute-form HTTP, SOCKS5 CONNECT).
// See docs/proxy.md. Start-up order, each step for a reason:
//   1. parse options, check inherited descriptors (--*-fd), read the policy (file or descriptor);
//      refuse test-only options outside test mode and impossible combinations;
//   2. look up the unprivileged user (while NSS can still read what it needs);
//   3. bind the listening socket, open the event log, connect to the decider: all the
//      resources that may need the starting credentials;
//   4. drop privileges if root (DESIGN.md rule 1: nothing that parses sandbox bytes runs as root),
//      and verify;
//   5. announce the TCP port (test mode) and accept.

#include "DeciderClient.h"
#include "EgressPolicy.h"
#include "HostNormalizer.h"
#include "InheritedFd.h"
#include "Privileges.h"
#include "ProxyServer.h"
#include "UniqueFd.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <arpa/inet.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

using namespace cordon;
using namespace cordon::proxy;

namespace {

[[noreturn]] void fatal(const std::string& message)
{
    std::fprintf(stderr, "cordon-proxy: %s\n", message.c_str());
    std::exit(2);
}

[[noreturn]] void usage()
{
    std::fprintf(stderr,
        "usage: cordon-proxy (--listen PATH | --listen-tcp ADDR:PORT) [--policy FILE | --policy-fd N]\n"
        "                    [--allow PATTERN]... [--deny PATTERN]... [--allow-private]\n"
        "                    [--decider PATH | --decider-fd N] [--ask-timeout SECONDS]\n"
        "                    [--events PATH | --events-fd N] [--user NAME]\n"
        "                    [--handshake-timeout SECONDS] [--peer-header]\n"
        "  test only (CORDON_PROXY_TEST=1): --resolve-map FILE, --test-mapped-may-be-private\n");
    std::exit(2);
}

std::chrono::milliseconds parseSeconds(const char* text)
{
    char* end = nullptr;
    const double seconds = std::strtod(text, &end);
    if (!end || *end != '\0' || !(seconds >= 0.0) || seconds > 86400.0)
        fatal(std::string("bad duration: ") + text);
    return std::chrono::milliseconds(static_cast<long long>(seconds * 1000.0));
}

bool parseAddress(const std::string& text, sockaddr_storage* out)
{
    std::string host = text;
    std::string port;
    const auto colon = text.rfind(':');
    if (colon == std::string::npos)
        return false;
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    char* end = nullptr;
    const long p = std::strtol(port.c_str(), &end, 10);
    if (port.empty() || *end != '\0' || p < 0 || p > 65535)
        return false;
    *out = {};
    auto* sin = reinterpret_cast<sockaddr_in*>(out);
    auto* sin6 = reinterpret_cast<sockaddr_in6*>(out);
    if (inet_pton(AF_INET, host.c_str(), &sin->sin_addr) == 1) {
        sin->sin_family = AF_INET;
        sin->sin_port = htons(static_cast<std::uint16_t>(p));
        return true;
    }
    *out = {};
    if (inet_pton(AF_INET6, host.c_str(), &sin6->sin6_addr) == 1) {
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons(static_cast<std::uint16_t>(p));
        return true;
    }
    return false;
}

void loadResolveMap(const char* path, ProxyConfig* config)
{
    QFile file(QString::fromLocal8Bit(path));
    if (!file.open(QIODevice::ReadOnly))
        fatal(std::string("cannot read resolve map ") + path);
    int lineNumber = 0;
    while (!file.atEnd()) {
        ++lineNumber;
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const QList<QByteArray> parts = line.simplified().split(' ');
        HostNormalizer::Host host;
        QString error;
        sockaddr_storage ss{};
        if (parts.size() != 2 || !HostNormalizer::normalize(parts[0], &host, &error) ||
            !parseAddress(
                parts[1].contains(':') ? "[" + parts[1].toStdString() + "]:0" : parts[1].toStdString() + ":0", &ss))
            fatal(std::string("resolve map line ") + std::to_string(lineNumber) + ": expected \"name address\"");
        config->resolveMap[host.name].push_back(ss);
    }
    config->useResolveMap = true;
}

} // namespace

int main(int argc, char** argv)
{
    const pid_t startingParent = ::getppid(); // see step 4: re-arming the parent-death signal
    const bool testMode = qEnvironmentVariable("CORDON_PROXY_TEST") == u"1";
    ProxyConfig config;
    std::string listenPath, listenTcp, deciderPath, eventsPath, user = "nobody", policyPath, resolveMapPath;
    const char* deciderFdText = nullptr;
    const char* eventsFdText = nullptr;
    const char* policyFdText = nullptr;
    bool userGiven = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() -> const char* {
            if (i + 1 >= argc)
                usage();
            return argv[++i];
        };
        QString error;
        if (arg == "--listen")
            listenPath = value();
        else if (arg == "--listen-tcp")
            listenTcp = value();
        else if (arg == "--policy")
            policyPath = value();
        else if (arg == "--allow") {
            if (!config.policy.addAllow(QString::fromLocal8Bit(value()), &error))
                fatal("--allow " + std::string(argv[i]) + ": " + error.toStdString());
        } else if (arg == "--deny") {
            if (!config.policy.addDeny(QString::fromLocal8Bit(value()), &error))
                fatal("--deny " + std::string(argv[i]) + ": " + error.toStdString());
        } else if (arg == "--allow-private")
            config.policy.setAllowPrivate(true);
        else if (arg == "--decider")
            deciderPath = value();
        else if (arg == "--decider-fd")
            deciderFdText = value();
        else if (arg == "--events-fd")
            eventsFdText = value();
        else if (arg == "--policy-fd")
            policyFdText = value();
        else if (arg == "--peer-header")
            config.peerHeader = true;
        else if (arg == "--ask-timeout")
            config.askTimeout = parseSeconds(value());
        else if (arg == "--handshake-timeout")
            config.handshakeTimeout = parseSeconds(value());
        else if (arg == "--events")
            eventsPath = value();
        else if (arg == "--user") {
            user = value();
            userGiven = true;
        } else if (arg == "--resolve-map")
            resolveMapPath = value();
        else if (arg == "--test-mapped-may-be-private")
            config.mappedMayBePrivate = true;
        else
            usage();
    }
    if (listenPath.empty() == listenTcp.empty())
        usage();
    // The name map and its private-address exemption exist only for the test suite: in a real
    // session they would let whoever writes the file redirect allowed names anywhere.
    if ((!resolveMapPath.empty() || config.mappedMayBePrivate) && !testMode)
        fatal("--resolve-map and --test-mapped-may-be-private are test-only (set CORDON_PROXY_TEST=1)");
    if (config.mappedMayBePrivate && resolveMapPath.empty())
        fatal("--test-mapped-may-be-private needs --resolve-map");
    // Each input comes from one place: a path or an inherited descriptor, never both.
    if (!deciderPath.empty() && deciderFdText)
        fatal("--decider and --decider-fd are mutually exclusive");
    if (!eventsPath.empty() && eventsFdText)
        fatal("--events and --events-fd are mutually exclusive");
    if (!policyPath.empty() && policyFdText)
        fatal("--policy and --policy-fd are mutually exclusive");
    int deciderFd = -1, eventsInheritedFd = -1;
    confine::UniqueFd policyFd;
    {
        std::string error;
        if (deciderFdText &&
            (deciderFd = InheritedFd::take(deciderFdText, InheritedFd::Use::DeciderSocket, &error)) < 0)
            fatal("--decider-fd: " + error);
        if (eventsFdText &&
            (eventsInheritedFd = InheritedFd::take(eventsFdText, InheritedFd::Use::EventSink, &error)) < 0)
            fatal("--events-fd: " + error);
        if (policyFdText) {
            policyFd.reset(InheritedFd::take(policyFdText, InheritedFd::Use::PolicySource, &error));
            if (!policyFd)
                fatal("--policy-fd: " + error);
        }
        const int given[] = {deciderFd, eventsInheritedFd, policyFd.get()};
        for (int a = 0; a < 3; ++a)
            for (int b = a + 1; b < 3; ++b)
                if (given[a] >= 0 && given[a] == given[b])
                    fatal("one descriptor given for two --*-fd options");
    }
    if (!policyPath.empty() || policyFd) {
        QByteArray policyBytes;
        std::string policyName = policyPath;
        if (policyFd) {
            std::string bytes, error;
            policyName = std::string("on descriptor ") + policyFdText;
            if (!InheritedFd::readAll(policyFd.get(), InheritedFd::maxPolicySize, &bytes, &error))
                fatal("policy " + policyName + ": " + error);
            policyFd.reset(); // read to EOF: nothing more will come
            policyBytes = QByteArray::fromStdString(bytes);
        } else {
            QFile file(QString::fromLocal8Bit(policyPath.c_str()));
            if (!file.open(QIODevice::ReadOnly))
                fatal("cannot read policy " + policyPath);
            policyBytes = file.read(qint64(InheritedFd::maxPolicySize) + 1);
            if (policyBytes.size() > qsizetype(InheritedFd::maxPolicySize))
                fatal("policy " + policyPath + ": larger than 1 MiB");
        }
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(policyBytes, &parseError);
        QStringList errors;
        EgressPolicy fromFile;
        if (!doc.isObject() || !EgressPolicy::fromJson(doc.object(), &fromFile, &errors))
            fatal("policy " + policyName + ": " +
                  (errors.isEmpty() ? parseError.errorString() : errors.join(u"; ")).toStdString());
        QString error;
        // Command-line rules add to the file's rules.
        config.policy = fromFile;
        for (int i = 1; i < argc; ++i) {
            const std::string arg = argv[i];
            if ((arg == "--allow" || arg == "--deny") && i + 1 < argc) {
                const QString pattern = QString::fromLocal8Bit(argv[++i]);
                if (!(arg == "--allow" ? config.policy.addAllow(pattern, &error)
                                       : config.policy.addDeny(pattern, &error)))
                    fatal(error.toStdString());
            } else if (arg == "--allow-private") {
                config.policy.setAllowPrivate(true);
            }
        }
    }
    if (!resolveMapPath.empty())
        loadResolveMap(resolveMapPath.c_str(), &config);

    // 2. the unprivileged identity
    const bool root = ::geteuid() == 0;
    Privileges::Target target;
    std::string error;
    if (root && !Privileges::lookUp(user, &target, &error))
        fatal(error);
    if (!root && userGiven)
        std::fprintf(stderr, "cordon-proxy: not root, --user %s ignored\n", user.c_str());

    // A write to a socket whose peer has gone must fail with EPIPE, not kill the proxy.
    if (::signal(SIGPIPE, SIG_IGN) == SIG_ERR)
        fatal("signal(SIGPIPE)");

    // 3. resources that need the starting credentials
    confine::UniqueFd listenFd;
    sockaddr_storage bound{};
    if (!listenPath.empty()) {
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        if (listenPath.size() >= sizeof addr.sun_path)
            fatal("listen path too long");
        std::memcpy(addr.sun_path, listenPath.c_str(), listenPath.size() + 1);
        listenFd.reset(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
        if (!listenFd)
            fatal(std::string("socket: ") + std::strerror(errno));
        const mode_t oldMask = ::umask(0177); // the socket file is created 0600
        const int rc = ::bind(listenFd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr);
        ::umask(oldMask);
        if (rc != 0)
            fatal("bind " + listenPath + ": " + std::strerror(errno));
        // The socket stays owned by whoever started the proxy: the helper starts it as the session's
        // user, whose sandbox connects to it; for root's own sessions the sandbox is uid 0 mapped,
        // which can reach a root-owned 0600 socket but not one handed to the unprivileged account
        // the proxy then drops to (that account is not mapped into the sandbox's user namespace).
        // The proxy itself never needs the file again: it accepts on the descriptor.
    } else {
        if (!parseAddress(listenTcp, &bound))
            fatal("bad --listen-tcp address " + listenTcp);
        listenFd.reset(::socket(bound.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0));
        if (!listenFd)
            fatal(std::string("socket: ") + std::strerror(errno));
        const int one = 1;
        if (::setsockopt(listenFd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0)
            fatal(std::string("SO_REUSEADDR: ") + std::strerror(errno));
        const socklen_t len = bound.ss_family == AF_INET ? sizeof(sockaddr_in) : sizeof(sockaddr_in6);
        if (::bind(listenFd.get(), reinterpret_cast<sockaddr*>(&bound), len) != 0)
            fatal("bind " + listenTcp + ": " + std::strerror(errno));
        socklen_t boundLen = sizeof bound;
        if (::getsockname(listenFd.get(), reinterpret_cast<sockaddr*>(&bound), &boundLen) != 0)
            fatal(std::string("getsockname: ") + std::strerror(errno));
    }
    if (::listen(listenFd.get(), 128) != 0)
        fatal(std::string("listen: ") + std::strerror(errno));
    int eventsFd = eventsInheritedFd >= 0 ? eventsInheritedFd : STDOUT_FILENO;
    if (!eventsPath.empty()) {
        eventsFd = ::open(eventsPath.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (eventsFd < 0)
            fatal("open " + eventsPath + ": " + std::strerror(errno));
    }
    std::unique_ptr<DeciderClient> decider;
    if (deciderFd >= 0) {
        decider = std::make_unique<DeciderClient>();
        decider->adopt(deciderFd);
    } else if (!deciderPath.empty()) {
        decider = std::make_unique<DeciderClient>();
        if (!decider->connectTo(deciderPath)) {
            // Not fatal: every Ask is then denied, which is the headless default anyway.
            std::fprintf(stderr, "cordon-proxy: decider %s: %s; unlisted hosts will be denied\n", deciderPath.c_str(),
                std::strerror(errno));
            decider.reset();
        }
    }

    // 4. drop privileges before the first byte from a client is read
    if (root && !Privileges::drop(target, &error))
        fatal("dropping privileges: " + error);
    // A change of credentials clears the parent-death signal (prctl(2), PR_SET_PDEATHSIG), so the
    // one the helper armed before exec is gone now: arm it again, or a proxy dropped to nobody
    // would outlive a killed helper. If the parent already died in between, go now.
    if (root) {
        if (::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0)
            fatal(std::string("prctl(PR_SET_PDEATHSIG): ") + std::strerror(errno));
        if (::getppid() != startingParent)
            fatal("the process that started the proxy is gone");
    }

    // 5. announce and serve
    ProxyServer server(std::move(config), eventsFd, std::move(decider));
    if (listenPath.empty()) {
        server.setSelfAddress(bound);
        const auto port = ntohs(bound.ss_family == AF_INET ? reinterpret_cast<sockaddr_in*>(&bound)->sin_port
                                                           : reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port);
        std::printf("%u\n", unsigned(port));
        std::fflush(stdout);
    }
    return server.serve(listenFd.get()) ? 0 : 1;
}
