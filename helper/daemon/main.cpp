// cordon-helper [--system | --rootless] [--socket PATH] [--state-dir DIR] [--idle-exit SECONDS]
//               [--output-limit SIZE] [--hello-timeout SECONDS] [--foreground]
//               test only (CORDON_PROXY_TEST=1): --test-proxy-resolve-map FILE
//
// The session service of Cordon (docs/helper.md, docs/protocol.md). Start-up, in order:
//   1. parse the options, fail on anything unknown; --system requires root;
//   2. block SIGTERM/SIGINT/SIGHUP and read them from a signalfd (no async handler touches Qt
//      state); ignore SIGPIPE (a client gone mid-write is an error return, not a death);
//   3. find cordon-sandbox and cordon-proxy next to us (or in libexec/cordon);
//   4. open the journal, bind the socket (refusing when another helper answers), serve.
// SIGTERM/SIGINT stop every session and flush the journal before exiting. Every child dies with
// us (PR_SET_PDEATHSIG in ProcessSpawner), so even SIGKILL leaves no sandbox behind.

#include "ByteSize.h"
#include "Daemon.h"
#include "HelperConfig.h"
#include "HelperSocketPath.h"
#include "Installation.h"
#include "OutputLog.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <sys/signalfd.h>
#include <unistd.h>

using namespace cordon;
using namespace cordon::helperd;

namespace {

[[noreturn]] void usage(const char* why = nullptr)
{
    if (why)
        std::fprintf(stderr, "cordon-helper: %s\n", why);
    std::fprintf(stderr,
        "usage: cordon-helper [--system | --rootless] [--socket PATH] [--state-dir DIR] [--idle-exit SECONDS]\n"
        "                     [--output-limit SIZE] [--hello-timeout SECONDS] [--foreground]\n"
        "  --output-limit SIZE       bytes of a session's output log kept, 64K..16G (default 64M);\n"
        "                            past it one line says so and the rest is discarded\n"
        "  --hello-timeout SECONDS   close a client that has not said hello by then, 1..300 (default 10)\n"
        "  test only (CORDON_PROXY_TEST=1): --test-proxy-resolve-map FILE\n");
    std::exit(2);
}

QString defaultRootlessState()
{
    const QString xdg = qEnvironmentVariable("XDG_STATE_HOME");
    if (!xdg.isEmpty() && QDir::isAbsolutePath(xdg))
        return QDir::cleanPath(xdg + QStringLiteral("/cordon"));
    return QDir::cleanPath(Installation::homeDirectory() + QStringLiteral("/.local/state/cordon"));
}

} // namespace

int main(int argc, char** argv)
{
    // 2 first: the signals are blocked before any thread (Qt's or ours) exists, so every thread
    // inherits the mask and the signalfd is the only receiver.
    sigset_t handled;
    sigemptyset(&handled);
    sigaddset(&handled, SIGTERM);
    sigaddset(&handled, SIGINT);
    sigaddset(&handled, SIGHUP);
    if (::sigprocmask(SIG_BLOCK, &handled, nullptr) != 0 || ::signal(SIGPIPE, SIG_IGN) == SIG_ERR) {
        std::perror("cordon-helper: signals");
        return 1;
    }
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("cordon-helper"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CORDON_VERSION));

    // 1. options
    HelperConfig config;
    bool system = false, rootless = false;
    QString socketPath, stateDir;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i < args.size(); ++i) {
        const QString& arg = args.at(i);
        const auto value = [&]() -> QString {
            if (i + 1 >= args.size())
                usage("an option needs a value");
            return args.at(++i);
        };
        if (arg == u"--system")
            system = true;
        else if (arg == u"--rootless")
            rootless = true;
        else if (arg == u"--socket")
            socketPath = value();
        else if (arg == u"--state-dir")
            stateDir = value();
        else if (arg == u"--idle-exit") {
            bool ok = false;
            config.idleExitSeconds = value().toInt(&ok);
            if (!ok || config.idleExitSeconds < 1 || config.idleExitSeconds > 86400)
                usage("--idle-exit: expected 1..86400 seconds");
        } else if (arg == u"--output-limit") {
            qint64 bytes = 0;
            QString expected;
            if (!ByteSize::parse(value(), &bytes, &expected) || bytes < OutputLog::kMinLimit ||
                bytes > OutputLog::kMaxLimit)
                usage("--output-limit: expected a size from 64K to 16G, like 512K or 64M");
            config.outputLimitBytes = bytes;
        } else if (arg == u"--hello-timeout") {
            bool ok = false;
            config.helloTimeoutSeconds = value().toInt(&ok);
            if (!ok || config.helloTimeoutSeconds < 1 ||
                config.helloTimeoutSeconds > HelperConfig::kMaxHelloTimeoutSeconds)
                usage("--hello-timeout: expected 1..300 seconds");
        } else if (arg == u"--foreground")
            ; // the helper never daemonizes itself (systemd and the auto-start both want that)
        else if (arg == u"--test-proxy-resolve-map")
            config.testProxyResolveMap = value();
        else
            usage("unknown option");
    }
    if (system && rootless)
        usage("--system and --rootless exclude each other");
    if (system && ::geteuid() != 0)
        usage("--system needs root");
    // The name map lets whoever writes it redirect allowed names anywhere: tests only.
    if (!config.testProxyResolveMap.isEmpty()) {
        if (qEnvironmentVariable("CORDON_PROXY_TEST") != u"1")
            usage("--test-proxy-resolve-map is test-only (set CORDON_PROXY_TEST=1)");
        config.testProxyResolveMap = QFileInfo(config.testProxyResolveMap).absoluteFilePath();
    }
    config.rootMode = system;
    const QString envSocket = qEnvironmentVariable("CORDON_HELPER_SOCKET");
    if (socketPath.isEmpty())
        socketPath = envSocket;
    if (socketPath.isEmpty()) {
        socketPath = system ? protocol::HelperSocketPath::systemSocket() : protocol::HelperSocketPath::rootlessSocket();
        if (socketPath.isEmpty())
            usage("XDG_RUNTIME_DIR is not set: give --socket PATH");
    }
    if (!QDir::isAbsolutePath(socketPath))
        usage("the socket path must be absolute");
    config.socketPath = QDir::cleanPath(socketPath);
    if (stateDir.isEmpty())
        stateDir = system ? QStringLiteral("/var/lib/cordon") : defaultRootlessState();
    if (!QDir::isAbsolutePath(stateDir))
        usage("the state directory must be absolute");
    config.stateDir = QDir::cleanPath(stateDir);

    // 3. companions
    config.sandboxBinary = Installation::sandboxBinary();
    config.proxyBinary = Installation::proxyBinary();
    if (config.sandboxBinary.isEmpty() || config.proxyBinary.isEmpty()) {
        std::fprintf(stderr, "cordon-helper: cannot find cordon-sandbox and cordon-proxy next to this program\n");
        return 1;
    }

    const int sigfd = ::signalfd(-1, &handled, SFD_CLOEXEC | SFD_NONBLOCK);
    if (sigfd < 0) {
        std::perror("cordon-helper: signalfd");
        return 1;
    }

    // 4. serve
    Daemon daemon(config);
    QString error;
    if (!daemon.start(&error)) {
        std::fprintf(stderr, "cordon-helper: %s\n", qPrintable(error));
        return 1;
    }
    QSocketNotifier signals(sigfd, QSocketNotifier::Read);
    QObject::connect(&signals, &QSocketNotifier::activated, &daemon, [&] {
        signalfd_siginfo info{};
        while (::read(sigfd, &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
            // SIGHUP: nothing to reload yet; it does not end the sessions.
            if (info.ssi_signo == SIGTERM || info.ssi_signo == SIGINT)
                daemon.shutdown();
        }
    });
    std::fprintf(
        stderr, "cordon-helper: serving %s (%s)\n", qPrintable(config.socketPath), system ? "root" : "rootless");
    return app.exec();
}
