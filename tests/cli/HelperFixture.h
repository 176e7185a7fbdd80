#pragma once
// Shared by the end-to-end tests of cordonctl with the real cordon-helper: a temporary home,
// runtime and state directory, a helper started on a socket there, and cordonctl run in a session
// of its own without a controlling terminal (setsid), so that a prompt can never land on the
// terminal of whoever runs the tests (the prompt tests give it a pty instead).
//
// Nothing here is skipped: a missing binary is a failure (CORDON_MUST_WORK=1 or not).
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <fcntl.h>
#include <memory>
#include <netinet/in.h>
#include <poll.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace cli_test {

struct Result {
    int code = -1;
    QByteArray out;
    QString err;
};

// A loopback HTTP server answering every request with a fixed body (for the egress escalation).
class LoopbackHttp final {
public:
    LoopbackHttp()
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof a;
        if (::bind(m_fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(m_fd, 16) != 0 ||
            ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&a), &len) != 0)
            return;
        m_port = ntohs(a.sin_port);
        m_thread = std::thread([this] {
            while (!m_stop) {
                pollfd p{m_fd, POLLIN, 0};
                if (::poll(&p, 1, 100) <= 0)
                    continue;
                const int c = ::accept4(m_fd, nullptr, nullptr, SOCK_CLOEXEC);
                if (c < 0)
                    continue;
                char buf[4096];
                (void)!::read(c, buf, sizeof buf);
                const char reply[] = "HTTP/1.0 200 OK\r\nContent-Length: 19\r\nConnection: close\r\n\r\n"
                                     "hello-from-loopback";
                (void)!::write(c, reply, sizeof reply - 1);
                ::close(c);
            }
        });
    }
    ~LoopbackHttp()
    {
        m_stop = true;
        if (m_thread.joinable())
            m_thread.join();
        ::close(m_fd);
    }
    quint16 port() const { return m_port; }

private:
    int m_fd = -1;
    quint16 m_port = 0;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

// The pids of processes whose command line contains `needle` (to end the helper cordonctl
// auto-started: it is ours, found by its unique socket path, ended by its pid).
QList<pid_t> pidsWithArgument(const QString& needle)
{
    QList<pid_t> pids;
    for (const QString& entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        bool ok = false;
        const pid_t pid = entry.toInt(&ok);
        if (!ok)
            continue;
        QFile f(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QList<QByteArray> args = f.readAll().split('\0');
        for (const QByteArray& a : args)
            if (QFile::decodeName(a) == needle)
                pids.append(pid);
    }
    return pids;
}

// Ends a background cordonctl a failed test left running (ours, by its QProcess).
struct Reaper {
    QProcess& process;
    ~Reaper()
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished();
        }
    }
};

} // namespace cli_test

using namespace cli_test;

// No Q_OBJECT here: the test classes deriving from it have their own.
class HelperFixture : public QObject {

protected:
    QString m_bin;
    QString m_ctl;
    QTemporaryDir m_root{QStringLiteral("/tmp/cordon-cli-XXXXXX")};
    QString m_home;
    QString m_ws;
    QString m_socket;
    QString m_autoSocket;
    QProcess m_helper;
    bool m_proxyTest = false;
    QString m_resolveMap;
    QTemporaryDir m_mapDir{QStringLiteral("/tmp/cordon-cli-map-XXXXXX")};

    // Starts the shared helper (with the test-only resolve map when the helper offers it).
    void setUp()
    {
        m_bin = QString::fromLocal8Bit(qgetenv("CORDON_BIN_DIR"));
        m_ctl = m_bin + QStringLiteral("/cordonctl");
        for (const char* name : {"cordonctl", "cordon-helper", "cordon-sandbox", "cordon-proxy"})
            QVERIFY2(QFileInfo(m_bin + u'/' + QString::fromLatin1(name)).isExecutable(), name);
        QVERIFY(m_root.isValid());
        m_home = m_root.path() + QStringLiteral("/home");
        m_ws = m_home + QStringLiteral("/project");
        for (const char* dir : {"/home/project", "/run/cordon", "/state", "/config", "/data", "/managed", "/auto"})
            QVERIFY(QDir().mkpath(m_root.path() + QString::fromLatin1(dir)));
        QFile::setPermissions(
            m_root.path() + QStringLiteral("/run"), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        m_socket = m_root.path() + QStringLiteral("/run/cordon/helper.sock");
        m_autoSocket = m_root.path() + QStringLiteral("/auto/helper.sock");

        // The egress path, when the helper has its test-only resolve map: "asked.test" resolves
        // to a loopback server of ours, and everything else does not resolve.
        QProcess help;
        help.start(m_bin + QStringLiteral("/cordon-helper"), {QStringLiteral("--help")});
        QVERIFY(help.waitForFinished(10000));
        const QByteArray helpText = help.readAllStandardOutput() + help.readAllStandardError();
        QStringList extra;
        if (helpText.contains("--test-proxy-resolve-map")) {
            m_http = std::make_unique<LoopbackHttp>();
            QVERIFY(m_http->port() != 0);
            // cordon-proxy drops to an unprivileged account when started as root: the map must be
            // readable by anyone, in a directory anyone may enter.
            QVERIFY(m_mapDir.isValid());
            QFile::setPermissions(m_mapDir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                                       QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther |
                                                       QFile::ExeOther);
            m_resolveMap = m_mapDir.path() + QStringLiteral("/resolve-map");
            QFile map(m_resolveMap);
            QVERIFY(map.open(QIODevice::WriteOnly));
            map.write("asked.test 127.0.0.1\n");
            map.close();
            map.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
            extra << QStringLiteral("--test-proxy-resolve-map") << m_resolveMap;
            m_proxyTest = true;
        }
        QVERIFY2(startHelper(&m_helper, m_socket, extra, m_proxyTest), "cordon-helper did not come up");
    }

    void tearDown()
    {
        if (m_helper.state() != QProcess::NotRunning) {
            m_helper.terminate();
            if (!m_helper.waitForFinished(20000)) {
                m_helper.kill();
                m_helper.waitForFinished();
            }
        }
        for (pid_t pid : pidsWithArgument(m_autoSocket))
            ::kill(pid, SIGTERM);
    }

    std::unique_ptr<LoopbackHttp> m_http;

    QProcessEnvironment environment(const QString& socket) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_home);
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_root.path() + QStringLiteral("/run"));
        env.insert(QStringLiteral("XDG_STATE_HOME"), m_root.path() + QStringLiteral("/state"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_root.path() + QStringLiteral("/config"));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_root.path() + QStringLiteral("/data"));
        env.insert(QStringLiteral("CORDON_MANAGED_DIR"), m_root.path() + QStringLiteral("/managed"));
        env.remove(QStringLiteral("CORDON_NO_HELPER"));
        if (socket.isEmpty())
            env.remove(QStringLiteral("CORDON_HELPER_SOCKET"));
        else
            env.insert(QStringLiteral("CORDON_HELPER_SOCKET"), socket);
        return env;
    }

    static void detach(QProcess* p)
    {
        // No controlling terminal: /dev/tty cannot be opened, so no prompt reaches a real terminal.
        p->setChildProcessModifier([] { ::setsid(); });
    }

    void start(QProcess* p, const QStringList& args, const QString& socket)
    {
        p->setProcessEnvironment(environment(socket));
        p->setWorkingDirectory(m_ws);
        detach(p);
        p->start(m_ctl, args);
    }

    Result ctl(
        const QStringList& args, const QString& socket, const QProcessEnvironment* env = nullptr, int timeoutMs = 60000)
    {
        QProcess p;
        p.setProcessEnvironment(env ? *env : environment(socket));
        p.setWorkingDirectory(m_ws);
        detach(&p);
        p.start(m_ctl, args);
        if (!p.waitForFinished(timeoutMs)) {
            p.kill();
            p.waitForFinished();
            return {};
        }
        Result r;
        r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }

    Result ctl(const QStringList& args) { return ctl(args, m_socket); }

    // The session whose argv contains `marker`, from `ps --all --json`, waiting up to 15 s for it.
    QJsonObject sessionWith(const QString& marker, const QString& state = {})
    {
        QDeadlineTimer deadline(15000);
        while (!deadline.hasExpired()) {
            const Result r = ctl({QStringLiteral("ps"), QStringLiteral("--all"), QStringLiteral("--json")});
            if (r.code != 0)
                return {};
            for (const QJsonValue& v : QJsonDocument::fromJson(r.out).array()) {
                const QJsonObject s = v.toObject();
                if (s.value(QStringLiteral("argv")).toArray().contains(marker) &&
                    (state.isEmpty() || s.value(QStringLiteral("state")).toString() == state))
                    return s;
            }
            QThread::msleep(100);
        }
        return {};
    }

    // Runs cordonctl with a pty as its controlling terminal (and its stdin), stdout and stderr on
    // pipes. Once the terminal shows every one of `waitFor`, the test types `key`. Returns the
    // exit status (-1: it did not end in time); *screen gets what the terminal showed.
    // With resizeTo, the pty is resized instead (after afterMs), which sends SIGWINCH to cordonctl.
    int runOnPty(const QStringList& args, const QList<QByteArray>& waitFor, const QByteArray& key, QByteArray* screen,
        QByteArray* out, bool* typed, const winsize* resizeTo = nullptr, int afterMs = 0)
    {
        *typed = false;
        int master = -1;
        int slave = -1;
        winsize initial{};
        initial.ws_row = 40;
        initial.ws_col = 100;
        if (::openpty(&master, &slave, nullptr, nullptr, &initial) != 0)
            return -1;
        ::fcntl(master, F_SETFD, FD_CLOEXEC);
        QProcess agent;
        agent.setProcessEnvironment(environment(m_socket));
        agent.setWorkingDirectory(m_ws);
        agent.setChildProcessModifier([slave] {
            ::setsid();
            ::ioctl(slave, TIOCSCTTY, 0);
            ::dup2(slave, STDIN_FILENO);
            ::close(slave);
        });
        agent.setInputChannelMode(QProcess::ForwardedInputChannel);
        agent.start(m_ctl, args);
        ::close(slave);
        if (!agent.waitForStarted()) {
            ::close(master);
            return -1;
        }
        QDeadlineTimer deadline(60000);
        QElapsedTimer started;
        started.start();
        while (!deadline.hasExpired() && agent.state() != QProcess::NotRunning) {
            pollfd p{master, POLLIN, 0};
            if (::poll(&p, 1, 50) > 0) {
                char buf[4096];
                const ssize_t n = ::read(master, buf, sizeof buf);
                if (n > 0)
                    screen->append(buf, n);
            }
            const bool ready =
                std::all_of(waitFor.begin(), waitFor.end(), [&](const QByteArray& w) { return screen->contains(w); });
            if (!*typed && ready && started.hasExpired(afterMs)) {
                if (resizeTo)
                    *typed = ::ioctl(master, TIOCSWINSZ, resizeTo) == 0;
                else
                    *typed = ::write(master, key.constData(), static_cast<size_t>(key.size())) == key.size();
            }
            agent.waitForFinished(10);
        }
        // What the terminal still holds after the end (the prompt's closing line).
        for (;;) {
            pollfd p{master, POLLIN, 0};
            char buf[4096];
            ssize_t n = 0;
            if (::poll(&p, 1, 100) <= 0 || (n = ::read(master, buf, sizeof buf)) <= 0)
                break;
            screen->append(buf, n);
        }
        ::close(master);
        if (agent.state() != QProcess::NotRunning) {
            agent.kill();
            agent.waitForFinished();
            return -1;
        }
        *out = agent.readAllStandardOutput();
        return agent.exitStatus() == QProcess::NormalExit ? agent.exitCode() : -1;
    }

    // The pending request of `kind` whose argv contains `marker`, waiting up to 20 s for it.
    QJsonObject pendingWith(const QString& kind, const QString& marker)
    {
        QDeadlineTimer deadline(20000);
        while (!deadline.hasExpired()) {
            const Result p = ctl({QStringLiteral("pending"), QStringLiteral("--json")}, m_socket);
            if (p.code != 0)
                return {};
            for (const QJsonValue& v : QJsonDocument::fromJson(p.out).array()) {
                const QJsonObject r = v.toObject();
                if (r.value(QStringLiteral("kind")).toString() == kind &&
                    (r.value(QStringLiteral("argv")).toArray().contains(marker) ||
                        r.value(QStringLiteral("subject")).toString().contains(marker)))
                    return r;
            }
            QThread::msleep(50);
        }
        return {};
    }

    bool startHelper(QProcess* helper, const QString& socket, const QStringList& extra, bool proxyTest)
    {
        QProcessEnvironment env = environment(socket);
        if (proxyTest)
            env.insert(QStringLiteral("CORDON_PROXY_TEST"), QStringLiteral("1"));
        helper->setProcessEnvironment(env);
        helper->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        detach(helper);
        helper->start(m_bin + QStringLiteral("/cordon-helper"),
            QStringList{QStringLiteral("--rootless"), QStringLiteral("--socket"), socket} + extra);
        if (!helper->waitForStarted())
            return false;
        QDeadlineTimer deadline(10000);
        while (!deadline.hasExpired()) {
            if (QFileInfo::exists(socket) && ctl({QStringLiteral("ps")}, socket).code == 0)
                return true;
            if (helper->state() == QProcess::NotRunning)
                return false;
            QThread::msleep(50);
        }
        return false;
    }
};
