// The session channel between cordon-sandbox and the helper daemon, against the real kernel: the
// events descriptor (JSON lines), the control descriptor (extend, stop, pause-input,
// resume-input, winch), a terminal hangup that no longer ends a daemon's session, the egress
// bridge (127.0.0.1:PORT inside -> a Unix socket outside, with the CORDON-PEER line), and the
// exec and direct-connect events of the seccomp notifier. Each test starts the production binary
// the way the daemon will: a memfd spec, a pipe for events, a pipe for control lines, and (for the
// terminal tests) a pty that is *not* its controlling terminal, since the daemon has none.

#include "SandboxRunner.h"

#include "ExitCode.h"
#include "LaunchSpecCodec.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStringDecoder>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <grp.h>
#include <mutex>
#include <poll.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <thread>
#include <unistd.h>

// A test that cannot run here is skipped with the reason, or failed under CORDON_MUST_WORK=1 (CI).
#define CORDON_SKIP_UNLESS(condition, reason)                                                                          \
    do {                                                                                                               \
        if (!(condition)) {                                                                                            \
            if (qEnvironmentVariable("CORDON_MUST_WORK") == u"1")                                                      \
                QFAIL(reason);                                                                                         \
            QSKIP(reason);                                                                                             \
        }                                                                                                              \
    } while (false)

using cordon::ExitCode;
using cordon::toInt;
using cordon::spec::LaunchSpec;
using cordon::spec::Mount;
using cordon::spec::MountKind;

namespace {

// Drains a descriptor in a thread until EOF; the bytes are there for the asking at any time.
class Drain {
public:
    explicit Drain(int fd) : m_fd(fd)
    {
        m_thread = std::thread([this] {
            char buf[65536];
            for (;;) {
                const ssize_t n = ::read(m_fd, buf, sizeof buf);
                if (n < 0 && errno == EINTR)
                    continue;
                if (n <= 0)
                    break;
                const std::lock_guard<std::mutex> lock(m_mutex);
                m_data.append(buf, static_cast<int>(n));
            }
            const std::lock_guard<std::mutex> lock(m_mutex);
            m_eof = true;
        });
    }
    ~Drain()
    {
        if (m_thread.joinable())
            m_thread.join();
        ::close(m_fd);
    }
    Drain(const Drain&) = delete;
    Drain& operator=(const Drain&) = delete;
    QByteArray data() const
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        return m_data;
    }
    bool eof() const
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        return m_eof;
    }
    void join()
    {
        if (m_thread.joinable())
            m_thread.join();
    }

private:
    int m_fd;
    mutable std::mutex m_mutex;
    QByteArray m_data;
    bool m_eof = false;
    std::thread m_thread;
};

// One cordon-sandbox run, started as the daemon starts it.
class Session {
public:
    struct Options {
        bool events = true;
        bool control = true;
        bool terminal = false; // a pty on 0..2 that is not our controlling terminal
        int uid = -1;          // run as this user (and group) instead of ours
    };

    // `binary`: the cordon-sandbox to run; empty: the one in CORDON_BIN_DIR.
    Session(const LaunchSpec& spec, const Options& options, const QString& binary = QString())
    {
        const int specFd = ::memfd_create("spec", 0);
        const std::string bytes = cordon::spec::encodeLaunchSpec(spec);
        if (specFd < 0 || ::write(specFd, bytes.data(), bytes.size()) != static_cast<ssize_t>(bytes.size()))
            return;
        int events[2] = {-1, -1};
        int control[2] = {-1, -1};
        int output[2] = {-1, -1};
        int slave = -1;
        if ((options.events && ::pipe2(events, O_CLOEXEC) != 0) ||
            (options.control && ::pipe2(control, O_CLOEXEC) != 0))
            return;
        if (options.terminal) {
            winsize size{};
            size.ws_row = 24;
            size.ws_col = 80;
            if (::openpty(&m_master, &slave, nullptr, nullptr, &size) != 0)
                return;
            ::fcntl(m_master, F_SETFD, FD_CLOEXEC);
            ::fcntl(slave, F_SETFD, FD_CLOEXEC);
        } else if (::pipe2(output, O_CLOEXEC) != 0) {
            return;
        }
        const QByteArray bin =
            (binary.isEmpty() ? SandboxRunner::binaryPath(QStringLiteral("cordon-sandbox")) : binary).toLocal8Bit();
        std::vector<std::string> args = {bin.toStdString(), "--spec-fd", std::to_string(specFd)};
        // Fixed numbers in the child, as a daemon would choose them.
        if (options.events) {
            args.push_back("--events-fd");
            args.push_back("20");
        }
        if (options.control) {
            args.push_back("--control-fd");
            args.push_back("21");
        }
        m_pid = ::fork();
        if (m_pid == 0) {
            ::setsid(); // a new session without a controlling terminal: the daemon's situation
            if (options.uid >= 0 && (::setgroups(0, nullptr) != 0 || ::setgid(static_cast<gid_t>(options.uid)) != 0 ||
                                        ::setuid(static_cast<uid_t>(options.uid)) != 0))
                ::_exit(96);
            const int in = options.terminal ? slave : ::open("/dev/null", O_RDONLY);
            const int out = options.terminal ? slave : output[1];
            if (::dup2(in, 0) < 0 || ::dup2(out, 1) < 0 || ::dup2(out, 2) < 0)
                ::_exit(97);
            // dup2 onto itself would keep O_CLOEXEC: clear the flag on the target explicitly.
            const auto moveTo = [](int fd, int target) {
                return (fd == target || ::dup2(fd, target) == target) && ::fcntl(target, F_SETFD, 0) == 0;
            };
            if ((options.events && !moveTo(events[1], 20)) || (options.control && !moveTo(control[0], 21)))
                ::_exit(98);
            std::vector<char*> argv;
            for (auto& a : args)
                argv.push_back(a.data());
            argv.push_back(nullptr);
            ::execv(argv[0], argv.data());
            ::_exit(99);
        }
        ::close(specFd);
        if (options.events) {
            ::close(events[1]);
            m_events = std::make_unique<Drain>(events[0]);
        }
        if (options.control) {
            ::close(control[0]);
            m_control = control[1];
        }
        if (options.terminal) {
            ::close(slave);
        } else {
            ::close(output[1]);
            m_output = std::make_unique<Drain>(output[0]);
        }
    }

    ~Session()
    {
        if (m_pid > 0 && !m_reaped) {
            ::kill(m_pid, SIGKILL);
            ::waitpid(m_pid, nullptr, 0);
        }
        closeControl();
        if (m_master >= 0)
            ::close(m_master);
    }

    bool started() const { return m_pid > 0; }
    pid_t pid() const { return m_pid; }
    int master() const { return m_master; }
    void closeMaster()
    {
        ::close(m_master);
        m_master = -1;
    }

    bool send(const QByteArray& line) const
    {
        return ::write(m_control, line.constData(), static_cast<size_t>(line.size())) == line.size();
    }
    void closeControl()
    {
        if (m_control >= 0)
            ::close(m_control);
        m_control = -1;
    }

    // The exit status (-1 on a timeout, after which the process is killed).
    int wait(int timeoutMs)
    {
        QElapsedTimer timer;
        timer.start();
        int status = 0;
        while (::waitpid(m_pid, &status, WNOHANG) == 0) {
            if (timer.elapsed() > timeoutMs) {
                ::kill(m_pid, SIGKILL);
                ::waitpid(m_pid, &status, 0);
                m_reaped = true;
                return -1;
            }
            if (m_master >= 0)
                readTerminal(0);
            QThread::msleep(10);
        }
        m_reaped = true;
        if (m_events)
            m_events->join();
        if (m_output)
            m_output->join();
        return WIFEXITED(status) ? WEXITSTATUS(status) : 1000 + status;
    }

    // What the terminal showed so far (reads what is available, waiting up to `ms`).
    QByteArray readTerminal(int ms)
    {
        pollfd p{m_master, POLLIN, 0};
        while (m_master >= 0 && ::poll(&p, 1, ms) > 0) {
            char buf[4096];
            const ssize_t n = ::read(m_master, buf, sizeof buf);
            if (n <= 0)
                break;
            m_terminal.append(buf, static_cast<int>(n));
            ms = 0;
        }
        return m_terminal;
    }
    bool terminalShows(const QByteArray& text, int timeoutMs)
    {
        QElapsedTimer timer;
        timer.start();
        while (!readTerminal(20).contains(text)) {
            if (timer.elapsed() > timeoutMs)
                return false;
        }
        return true;
    }

    QByteArray output() const { return m_output ? m_output->data() : m_terminal; }
    QByteArray rawEvents() const { return m_events ? m_events->data() : QByteArray(); }

    // Every complete line parsed; `bad` collects lines that are not valid UTF-8 JSON objects.
    QList<QJsonObject> events(QStringList* bad = nullptr) const
    {
        QList<QJsonObject> out;
        const QByteArray raw = rawEvents();
        for (const QByteArray& line : raw.split('\n')) {
            if (line.isEmpty())
                continue;
            QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
            const QString text = utf8(line);
            QJsonParseError error{};
            const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
            if (utf8.hasError() || error.error != QJsonParseError::NoError || !doc.isObject()) {
                if (bad)
                    bad->append(text);
                continue;
            }
            out.append(doc.object());
        }
        return out;
    }
    QList<QJsonObject> eventsOf(const QString& kind) const
    {
        QList<QJsonObject> out;
        for (const QJsonObject& e : events())
            if (e.value(QStringLiteral("kind")).toString() == kind)
                out.append(e);
        return out;
    }
    bool waitForEvent(const QString& kind, int timeoutMs, int count = 1) const
    {
        QElapsedTimer timer;
        timer.start();
        while (eventsOf(kind).size() < count) {
            if (timer.elapsed() > timeoutMs)
                return false;
            QThread::msleep(10);
        }
        return true;
    }

private:
    pid_t m_pid = -1;
    bool m_reaped = false;
    int m_control = -1;
    int m_master = -1;
    QByteArray m_terminal;
    std::unique_ptr<Drain> m_events;
    std::unique_ptr<Drain> m_output;
};

QStringList kinds(const QList<QJsonObject>& events)
{
    QStringList out;
    for (const QJsonObject& e : events)
        out.append(e.value(QStringLiteral("kind")).toString());
    return out;
}

QStringList argvOf(const QJsonObject& e)
{
    QStringList out;
    for (const QJsonValue& v : e.value(QStringLiteral("argv")).toArray())
        out.append(v.toString());
    return out;
}

// A Unix socket server standing in for cordon-proxy: accepts one connection, reads up to EOF or
// until `until` is seen, answers `reply`, and closes.
class FakeProxy {
public:
    explicit FakeProxy(const QString& path)
    {
        m_fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        const QByteArray p = QFile::encodeName(path);
        std::memcpy(addr.sun_path, p.constData(), static_cast<size_t>(p.size()));
        if (::bind(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(m_fd, 8) != 0) {
            ::close(m_fd);
            m_fd = -1;
        }
        ::chmod(p.constData(), 0666);
    }
    ~FakeProxy()
    {
        if (m_thread.joinable())
            m_thread.join();
        if (m_fd >= 0)
            ::close(m_fd);
    }
    bool valid() const { return m_fd >= 0; }

    // Serves one connection in a thread: reads until `until` (or EOF when empty), then replies.
    void serveOne(const QByteArray& until, const QByteArray& reply)
    {
        m_thread = std::thread([this, until, reply] {
            pollfd p{m_fd, POLLIN, 0};
            if (::poll(&p, 1, 30000) <= 0)
                return;
            const int c = ::accept4(m_fd, nullptr, nullptr, SOCK_CLOEXEC);
            if (c < 0)
                return;
            QByteArray got;
            bool eof = false;
            while (until.isEmpty() || !got.contains(until)) {
                pollfd q{c, POLLIN, 0};
                if (::poll(&q, 1, 20000) <= 0)
                    break;
                char buf[4096];
                const ssize_t n = ::read(c, buf, sizeof buf);
                if (n <= 0) {
                    eof = n == 0;
                    break;
                }
                got.append(buf, static_cast<int>(n));
            }
            QByteArray answer = reply;
            answer.replace("{N}", QByteArray::number(got.size()));
            if (::write(c, answer.constData(), static_cast<size_t>(answer.size())) != answer.size())
                got += "(reply not written)";
            ::close(c);
            const std::lock_guard<std::mutex> lock(m_mutex);
            m_received = got;
            m_sawEof = eof;
            m_done = true;
        });
    }
    bool waitDone(int timeoutMs)
    {
        QElapsedTimer t;
        t.start();
        for (;;) {
            {
                const std::lock_guard<std::mutex> lock(m_mutex);
                if (m_done)
                    return true;
            }
            if (t.elapsed() > timeoutMs)
                return false;
            QThread::msleep(10);
        }
    }
    QByteArray received()
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        return m_received;
    }
    bool sawEof()
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        return m_sawEof;
    }

private:
    int m_fd = -1;
    std::thread m_thread;
    std::mutex m_mutex;
    QByteArray m_received;
    bool m_sawEof = false;
    bool m_done = false;
};

} // namespace

class SessionChannelTest : public QObject {
    Q_OBJECT

    QTemporaryDir m_workspace{QDir::tempPath() + QStringLiteral("/cordon-session-test-XXXXXX")};

    LaunchSpec shell(const QString& script, bool execEvents = false) const
    {
        LaunchSpec spec =
            SandboxRunner::defaultSpec(m_workspace.path(), {QStringLiteral("/bin/bash"), QStringLiteral("-c"), script});
        spec.execEvents = execEvents;
        return spec;
    }

    // The proxy's socket directory bound in at /run/cordon/proxy, as LaunchSpecCompiler does.
    static void addProxy(LaunchSpec& spec, const QString& hostDir, std::uint16_t port)
    {
        Mount run;
        run.kind = MountKind::Tmpfs;
        run.target = "/run";
        spec.mounts.push_back(run);
        Mount dir;
        dir.kind = MountKind::BindReadOnly;
        dir.source = hostDir.toStdString();
        dir.target = "/run/cordon/proxy";
        spec.mounts.push_back(dir);
        spec.proxyPort = port;
        spec.proxySocket = "/run/cordon/proxy/proxy.sock";
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_workspace.isValid());
        QVERIFY2(QFileInfo::exists(SandboxRunner::binaryPath(QStringLiteral("cordon-sandbox"))),
            "CORDON_BIN_DIR must point at the built cordon-sandbox");
    }

    void eventsStartedExecExit()
    {
        Session s(shell(QStringLiteral("/bin/echo 'hello world' second; exit 3"), true), {});
        QVERIFY(s.started());
        QCOMPARE(s.wait(30000), 3);
        QStringList bad;
        const QList<QJsonObject> events = s.events(&bad);
        QVERIFY2(bad.isEmpty(), qPrintable(bad.join(u'\n')));
        const QStringList k = kinds(events);
        QVERIFY2(k.size() >= 4, qPrintable(k.join(u',')));
        QCOMPARE(k.first(), QStringLiteral("started"));
        QCOMPARE(k.last(), QStringLiteral("exit")); // always the last line
        QVERIFY(events.first().value(QStringLiteral("shim_pid")).toInteger() > 1);
        QCOMPARE(events.last().value(QStringLiteral("status")).toInt(), 3);
        for (const QJsonObject& e : events) {
            if (e.value(QStringLiteral("kind")).toString() != u"dropped")
                QVERIFY(e.value(QStringLiteral("time_ms")).toInteger() > 1700000000000LL);
        }
        // The shell the shim started, then the echo the shell started, with the argv as passed.
        const QList<QJsonObject> execs = s.eventsOf(QStringLiteral("exec"));
        QVERIFY2(execs.size() >= 2, s.rawEvents().constData());
        QCOMPARE(execs[0].value(QStringLiteral("exe")).toString(), QStringLiteral("/bin/bash"));
        QCOMPARE(argvOf(execs[0]), (QStringList{QStringLiteral("/bin/bash"), QStringLiteral("-c"),
                                       QStringLiteral("/bin/echo 'hello world' second; exit 3")}));
        QCOMPARE(execs[0].value(QStringLiteral("ns_pid")).toInt(), 2); // the shim is 1
        const auto echo = std::find_if(execs.begin(), execs.end(),
            [](const QJsonObject& e) { return e.value(QStringLiteral("exe")).toString() == u"/bin/echo"; });
        QVERIFY2(echo != execs.end(), s.rawEvents().constData());
        QCOMPARE(argvOf(*echo),
            (QStringList{QStringLiteral("/bin/echo"), QStringLiteral("hello world"), QStringLiteral("second")}));
        QCOMPARE(echo->value(QStringLiteral("truncated")).toBool(), false);
        QVERIFY(echo->value(QStringLiteral("pid")).toInteger() > 1);
        QVERIFY(s.output().contains("hello world second"));
    }

    void execAttemptsOfMissingFilesAreNotEvents()
    {
        // env(1) searches PATH with execvp(3): an execve() per directory, failing with ENOENT until
        // one exists. Only the program that exists is an event; /usr/bin/awk (an absolute symbolic
        // link through /etc/alternatives on Debian) is looked up inside the sandbox's root.
        Session s(
            shell(QStringLiteral("PATH=/cordon-no-such-dir:/usr/bin /usr/bin/env true; /usr/bin/awk 'BEGIN{}'"), true),
            {});
        QVERIFY(s.started());
        QCOMPARE(s.wait(30000), 0);
        QStringList exes;
        for (const QJsonObject& e : s.eventsOf(QStringLiteral("exec")))
            exes.append(e.value(QStringLiteral("exe")).toString());
        QVERIFY2(exes.contains(QStringLiteral("/usr/bin/true")), qPrintable(exes.join(u' ')));
        QVERIFY2(exes.contains(QStringLiteral("/usr/bin/awk")), qPrintable(exes.join(u' ')));
        QVERIFY2(!exes.contains(QStringLiteral("/cordon-no-such-dir/true")), qPrintable(exes.join(u' ')));
    }

    void eventLinesAreValidUtf8WhateverTheArgv()
    {
        // Invalid UTF-8, an escape sequence and a long argv: each line still parses, nothing the
        // agent wrote reaches the reader raw, and the bound is reported.
        LaunchSpec spec = SandboxRunner::defaultSpec(m_workspace.path(), {QStringLiteral("/bin/true")});
        spec.argv = {"/bin/true", "\xff\xfe", "\x1b]52;c;AAAA\x07", "caf\xc3\xa9", "\xed\xa0\x80"};
        for (int i = 0; i < 80; ++i)
            spec.argv.push_back("arg" + std::to_string(i));
        spec.execEvents = true;
        Session s(spec, {});
        QCOMPARE(s.wait(30000), 0);
        QStringList bad;
        const QList<QJsonObject> events = s.events(&bad);
        QVERIFY2(bad.isEmpty(), qPrintable(bad.join(u'\n')));
        QVERIFY(!s.rawEvents().contains('\x1b'));
        QVERIFY(!s.rawEvents().contains('\x07'));
        const QList<QJsonObject> execs = s.eventsOf(QStringLiteral("exec"));
        QCOMPARE(execs.size(), 1);
        const QStringList argv = argvOf(execs[0]);
        QCOMPARE(argv.size(), 64); // the bound
        QCOMPARE(argv[1], QStringLiteral("\uFFFD\uFFFD"));
        QCOMPARE(argv[2], QStringLiteral("\x1b]52;c;AAAA\x07"));
        QCOMPARE(argv[3], QStringLiteral("caf\u00e9"));
        QCOMPARE(argv[4], QStringLiteral("\uFFFD\uFFFD\uFFFD")); // a surrogate is not UTF-8
        QCOMPARE(execs[0].value(QStringLiteral("truncated")).toBool(), true);
    }

    void noExecEventsUnlessTheSpecAsks()
    {
        Session s(shell(QStringLiteral("/bin/true"), false), {});
        QCOMPARE(s.wait(30000), 0);
        QCOMPARE(kinds(s.events()), (QStringList{QStringLiteral("started"), QStringLiteral("exit")}));
        // Nor without an events descriptor, even when the spec asks: the notifier is not installed
        // (the direct mode of cordonctl, unchanged).
        Session direct(shell(QStringLiteral("grep Seccomp_filters /proc/self/status"), true), {false, false, false});
        QCOMPARE(direct.wait(30000), 0);
        QVERIFY2(direct.output().contains("Seccomp_filters:\t1"), direct.output().constData());
        Session withEvents(shell(QStringLiteral("grep Seccomp_filters /proc/self/status"), true), {});
        QCOMPARE(withEvents.wait(30000), 0);
        QVERIFY2(withEvents.output().contains("Seccomp_filters:\t2"), withEvents.output().constData());
    }

    void extendPushesTheDeadline()
    {
        // Control: a 2 s timebox ends a 3 s command with 124 and a limit_kill event.
        LaunchSpec spec = shell(QStringLiteral("sleep 3; exit 0"));
        spec.limits.timeoutSeconds = 2;
        Session expired(spec, {});
        QCOMPARE(expired.wait(30000), toInt(ExitCode::TimeboxExpired));
        const QList<QJsonObject> kills = expired.eventsOf(QStringLiteral("limit_kill"));
        QCOMPARE(kills.size(), 1);
        QCOMPARE(kills[0].value(QStringLiteral("limit")).toString(), QStringLiteral("timeout"));
        QCOMPARE(expired.eventsOf(QStringLiteral("exit")).value(0).value(QStringLiteral("status")).toInt(), 124);

        Session extended(spec, {});
        QThread::msleep(300);
        QVERIFY(extended.send("extend 5\n"));
        QCOMPARE(extended.wait(30000), 0);
        QVERIFY(extended.eventsOf(QStringLiteral("limit_kill")).isEmpty());
    }

    void timeWarningOnceAndAgainAfterEachExtend()
    {
        // timeout 4 s: the warning comes min(60 s, 4/4 s) = 1 s before the end.
        LaunchSpec spec = shell(QStringLiteral("sleep 30"));
        spec.limits.timeoutSeconds = 4;
        spec.limits.graceSeconds = 1;
        QElapsedTimer timer;
        timer.start();
        Session s(spec, {});
        QVERIFY(s.waitForEvent(QStringLiteral("time_warning"), 10000));
        const qint64 firstAt = timer.elapsed();
        QVERIFY2(firstAt >= 2700 && firstAt < 4000, QByteArray::number(firstAt).constData());
        QCOMPARE(s.eventsOf(QStringLiteral("time_warning"))[0].value(QStringLiteral("remaining_s")).toInt(), 1);
        QVERIFY(s.send("extend 2\n"));
        // The new end is at ~6 s: warned again at ~5 s, then stopped.
        QVERIFY(s.waitForEvent(QStringLiteral("time_warning"), 10000, 2));
        const qint64 secondAt = timer.elapsed();
        QVERIFY2(secondAt >= 4700 && secondAt < 6000, QByteArray::number(secondAt).constData());
        QCOMPARE(s.wait(30000), toInt(ExitCode::TimeboxExpired));
        QVERIFY2(timer.elapsed() >= 5800, QByteArray::number(timer.elapsed()).constData());
        QCOMPARE(s.eventsOf(QStringLiteral("time_warning")).size(), 2);
        const QStringList k = kinds(s.events());
        QCOMPARE(k.mid(k.size() - 2), (QStringList{QStringLiteral("limit_kill"), QStringLiteral("exit")}));
        QVERIFY2(s.output().contains("timebox of 6 seconds reached"), s.output().constData());
    }

    void stopEndsWith143AndMalformedLinesAreIgnored()
    {
        Session s(shell(QStringLiteral("sleep 100")), {});
        QVERIFY(s.waitForEvent(QStringLiteral("started"), 10000));
        QVERIFY(s.send("bogus\nextend x\nextend 0\n" + QByteArray(300, 'a') + "\n\x1b[2J\n"));
        QThread::msleep(300);
        QVERIFY2(::waitpid(s.pid(), nullptr, WNOHANG) == 0, "a malformed line ended the session");
        QElapsedTimer timer;
        timer.start();
        QVERIFY(s.send("stop\n"));
        QCOMPARE(s.wait(30000), 128 + SIGTERM);
        QVERIFY2(timer.elapsed() < 1500, QByteArray::number(timer.elapsed()).constData()); // sleep dies on TERM
        QCOMPARE(s.eventsOf(QStringLiteral("exit")).value(0).value(QStringLiteral("status")).toInt(), 143);
        const QByteArray err = s.output();
        QVERIFY2(err.contains("control channel: ignoring unknown command 'bogus'"), err.constData());
        QVERIFY2(err.contains("control channel: ignoring extend needs a whole number"), err.constData());
        QVERIFY2(err.contains("control channel: ignoring a line longer than 256 bytes"), err.constData());
        QVERIFY2(err.contains("unknown command '?[2J'"), err.constData()); // no raw escape on stderr
        QVERIFY(!err.contains('\x1b'));
    }

    void stopEscalatesToKillAfterGrace()
    {
        LaunchSpec spec = shell(QStringLiteral("trap '' TERM; while :; do sleep 0.1; done"));
        spec.limits.graceSeconds = 1;
        Session s(spec, {});
        QVERIFY(s.waitForEvent(QStringLiteral("started"), 10000));
        QThread::msleep(200);
        QElapsedTimer timer;
        timer.start();
        QVERIFY(s.send("stop\n"));
        QCOMPARE(s.wait(30000), 143);
        QVERIFY2(timer.elapsed() >= 900 && timer.elapsed() < 3000, QByteArray::number(timer.elapsed()).constData());
    }

    void controlEndOfFileIsNotAStop()
    {
        Session s(shell(QStringLiteral("sleep 1; exit 4")), {});
        QVERIFY(s.waitForEvent(QStringLiteral("started"), 10000));
        s.closeControl();
        QCOMPARE(s.wait(30000), 4);
    }

    void pauseInputHoldsWhatIsTyped()
    {
        Session s(shell(QStringLiteral("echo ready; read -r line; echo got=$line")), {true, true, true});
        QVERIFY(s.terminalShows("ready", 10000));
        QVERIFY(s.send("pause-input\n"));
        QThread::msleep(200);
        QCOMPARE(::write(s.master(), "typed\r", 6), 6);
        QThread::msleep(600);
        QVERIFY2(!s.readTerminal(50).contains("got="), s.readTerminal(0).constData()); // held back
        QVERIFY(s.send("resume-input\n"));
        QVERIFY2(s.terminalShows("got=typed", 10000), s.readTerminal(0).constData());
        QCOMPARE(s.wait(30000), 0);
    }

    void winchPassesTheWindowSize()
    {
        const auto runWith = [](Session& s, bool sendWinch) {
            if (!s.terminalShows("before=24 80", 10000))
                return QByteArray("no first size: ") + s.readTerminal(0);
            winsize size{};
            size.ws_row = 50;
            size.ws_col = 132;
            // The person's terminal changed size; nobody tells the monitor but the daemon.
            if (::ioctl(s.master(), TIOCSWINSZ, &size) != 0)
                return QByteArray("TIOCSWINSZ failed");
            if (sendWinch && !s.send("winch\n"))
                return QByteArray("send failed");
            QThread::msleep(300);
            if (::write(s.master(), "\r", 1) != 1)
                return QByteArray("write failed");
            s.terminalShows("after=", 10000);
            s.wait(30000);
            return s.readTerminal(0);
        };
        const QString script = QStringLiteral("echo before=$(stty size); read -r x; echo after=$(stty size)");
        Session with(shell(script), {true, true, true});
        const QByteArray shown = runWith(with, true);
        QVERIFY2(shown.contains("after=50 132"), shown.constData());
        // Control: without the command the sandbox's pty keeps the old size.
        Session without(shell(script), {true, true, true});
        const QByteArray unchanged = runWith(without, false);
        QVERIFY2(unchanged.contains("after=24 80"), unchanged.constData());
    }

    void terminalHangupDoesNotEndTheDaemonsSession()
    {
        const QString marker = m_workspace.filePath(QStringLiteral("finished-after-hangup"));
        QFile::remove(marker);
        const QString script =
            QStringLiteral("echo ready; sleep 1.5; for i in $(seq 2000); do echo output-after-hangup-$i; done; "
                           "echo done > '%1'; exit 5")
                .arg(marker);
        Session s(shell(script), {true, true, true});
        QVERIFY(s.terminalShows("ready", 10000));
        s.closeMaster(); // the person's terminal is gone
        QCOMPARE(s.wait(30000), 5);
        QVERIFY(QFileInfo::exists(marker)); // it ran to its end, its output drained and dropped
        QCOMPARE(s.eventsOf(QStringLiteral("exit")).value(0).value(QStringLiteral("status")).toInt(), 5);

        // Control: in direct mode (no control descriptor) a hangup still stops the session (129).
        QFile::remove(marker);
        Session direct(shell(script), {true, false, true});
        QVERIFY(direct.terminalShows("ready", 10000));
        direct.closeMaster();
        QCOMPARE(direct.wait(30000), 128 + SIGHUP);
        QVERIFY(!QFileInfo::exists(marker));
    }

    void bridgeRelaysToTheProxySocket()
    {
        QTemporaryDir proxyDir(QDir::tempPath() + QStringLiteral("/cordon-proxy-dir-XXXXXX"));
        QVERIFY(proxyDir.isValid());
        FakeProxy proxy(proxyDir.filePath(QStringLiteral("proxy.sock")));
        QVERIFY(proxy.valid());
        proxy.serveOne("}\nping", "pong\n"); // after the CORDON-PEER line, whose argv says "ping" too
        LaunchSpec spec = shell(QStringLiteral("exec 3<>/dev/tcp/127.0.0.1/3128 || exit 9; printf ping >&3; "
                                               "IFS= read -r reply <&3; echo reply=$reply"));
        addProxy(spec, proxyDir.path(), 3128);
        Session s(spec, {});
        QCOMPARE(s.wait(30000), 0);
        QVERIFY2(s.output().contains("reply=pong"), s.output().constData());
        QVERIFY(proxy.waitDone(5000));
        const QByteArray got = proxy.received();
        QVERIFY2(got.startsWith("CORDON-PEER {") && got.endsWith("}\nping"), got.constData());
        const QByteArray json = got.mid(12, got.indexOf('\n') - 12);
        QJsonParseError error{};
        const QJsonObject peer = QJsonDocument::fromJson(json, &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, json.constData());
        QCOMPARE(peer.value(QStringLiteral("pid")).toInt(), 3); // shim 1, bridge 2, bash 3
        QCOMPARE(peer.value(QStringLiteral("exe")).toString(), QStringLiteral("/usr/bin/bash"));
        QCOMPARE(argvOf(peer).value(0), QStringLiteral("/bin/bash"));
        QCOMPARE(argvOf(peer).value(1), QStringLiteral("-c"));
    }

    void bridgePassesHalfCloseOn()
    {
        CORDON_SKIP_UNLESS(QFileInfo::exists(QStringLiteral("/usr/bin/python3")), "python3 is not installed");
        QTemporaryDir proxyDir(QDir::tempPath() + QStringLiteral("/cordon-proxy-dir-XXXXXX"));
        FakeProxy proxy(proxyDir.filePath(QStringLiteral("proxy.sock")));
        QVERIFY(proxy.valid());
        proxy.serveOne({}, "saw {N} bytes then EOF\n"); // answers only once the client half-closed
        LaunchSpec spec = SandboxRunner::defaultSpec(
            m_workspace.path(), {QStringLiteral("/usr/bin/python3"), QStringLiteral("-c"),
                                    QStringLiteral("import socket\n"
                                                   "s = socket.create_connection(('127.0.0.1', 3128))\n"
                                                   "s.sendall(b'x' * 200000)\n"
                                                   "s.shutdown(socket.SHUT_WR)\n"
                                                   "data = b''\n"
                                                   "while True:\n"
                                                   "    chunk = s.recv(65536)\n"
                                                   "    if not chunk: break\n"
                                                   "    data += chunk\n"
                                                   "print(data.decode().strip())\n")});
        addProxy(spec, proxyDir.path(), 3128);
        Session s(spec, {});
        QCOMPARE(s.wait(60000), 0);
        QVERIFY(proxy.waitDone(5000));
        QVERIFY(proxy.sawEof());
        const QByteArray got = proxy.received();
        const qsizetype header = got.indexOf('\n') + 1;
        QCOMPARE(got.size() - header, qsizetype(200000));
        QVERIFY2(
            s.output().contains("saw " + QByteArray::number(got.size()) + " bytes then EOF"), s.output().constData());
    }

    void bridgeWithoutAProxyClosesTheClient()
    {
        QTemporaryDir proxyDir(QDir::tempPath() + QStringLiteral("/cordon-proxy-dir-XXXXXX"));
        LaunchSpec spec = shell(QStringLiteral("exec 3<>/dev/tcp/127.0.0.1/3128 || exit 9; printf ping >&3; "
                                               "IFS= read -r reply <&3; echo reply=[$reply] status=$?"));
        addProxy(spec, proxyDir.path(), 3128); // nothing listens on proxy.sock
        Session s(spec, {});
        QCOMPARE(s.wait(30000), 0);
        QVERIFY2(s.output().contains("reply=[] status=1"), s.output().constData()); // EOF, not a hang
        QVERIFY2(s.output().contains("proxy bridge: cannot reach the proxy at /run/cordon/proxy/proxy.sock"),
            s.output().constData());
    }

    void directConnectIsRecordedAndUnreachable()
    {
        const QString script =
            QStringLiteral("exec 3<>/dev/tcp/192.0.2.1/80; echo v4=$?; exec 4<>/dev/tcp/2001:db8::1/443; echo v6=$?; "
                           "exec 5<>/dev/tcp/127.0.0.1/1; echo lo=$?; exec 6<>/dev/tcp/::1/1; echo lo6=$?; true");
        Session s(shell(script, true), {});
        QCOMPARE(s.wait(30000), 0);
        const QByteArray out = s.output();
        QCOMPARE(out.count("connect: Network is unreachable"), 2);
        QCOMPARE(out.count("connect: Connection refused"), 2); // loopback goes to the kernel: nothing listens
        const QList<QJsonObject> direct = s.eventsOf(QStringLiteral("net_direct"));
        QCOMPARE(direct.size(), 2);
        QCOMPARE(direct[0].value(QStringLiteral("family")).toString(), QStringLiteral("inet"));
        QCOMPARE(direct[0].value(QStringLiteral("address")).toString(), QStringLiteral("192.0.2.1"));
        QCOMPARE(direct[0].value(QStringLiteral("port")).toInt(), 80);
        QCOMPARE(direct[1].value(QStringLiteral("family")).toString(), QStringLiteral("inet6"));
        QCOMPARE(direct[1].value(QStringLiteral("address")).toString(), QStringLiteral("2001:db8::1"));
        QCOMPARE(direct[1].value(QStringLiteral("port")).toInt(), 443);
        QVERIFY(direct[0].value(QStringLiteral("pid")).toInteger() > 1);

        // Control: without the notifier the kernel answers the same (no route), and nothing is recorded.
        Session plain(shell(script, false), {});
        QCOMPARE(plain.wait(30000), 0);
        QCOMPARE(plain.output().count("connect: Network is unreachable"), 2);
        QVERIFY(plain.eventsOf(QStringLiteral("net_direct")).isEmpty());
    }

    // Every exec of a busy loop is recorded, none dropped while the reader keeps up. With
    // CORDON_BENCH=1 also the figure of docs/benchmarks: 2000 execs of /bin/true with and without
    // exec events, the median of five runs each.
    void execEventsUnderLoad()
    {
        const auto timedRun = [&](int count, bool execEvents, int* execs) {
            Session s(
                shell(QStringLiteral("for ((i = 0; i < %1; i++)); do /bin/true; done").arg(count), execEvents), {});
            QElapsedTimer t;
            t.start();
            const int status = s.wait(300000);
            const qint64 ms = t.elapsed();
            if (execs)
                *execs = static_cast<int>(s.eventsOf(QStringLiteral("exec")).size());
            return status == 0 ? ms : -1;
        };
        int execs = 0;
        QVERIFY(timedRun(300, true, &execs) > 0);
        QCOMPARE(execs, 301); // bash itself, then each /bin/true

        if (qEnvironmentVariable("CORDON_BENCH") != u"1")
            return;
        // Interleaved, so that a burst of other work on the machine hits both sides alike.
        constexpr int kRuns = 7;
        QList<qint64> with;
        QList<qint64> without;
        for (int i = 0; i < kRuns; ++i) {
            without.append(timedRun(2000, false, nullptr));
            with.append(timedRun(2000, true, nullptr));
        }
        QString runs = QStringLiteral("without:");
        for (const qint64 ms : std::as_const(without))
            runs += u' ' + QString::number(ms);
        runs += QStringLiteral("; with:");
        for (const qint64 ms : std::as_const(with))
            runs += u' ' + QString::number(ms);
        std::sort(with.begin(), with.end());
        std::sort(without.begin(), without.end());
        const qint64 a = without[kRuns / 2];
        const qint64 b = with[kRuns / 2];
        qInfo("2000 x /bin/true: without exec events %lld ms, with %lld ms (median of %d; %+.1f%%, %+.0f us per exec)",
            a, b, kRuns, 100.0 * static_cast<double>(b - a) / static_cast<double>(a),
            1000.0 * static_cast<double>(b - a) / 2000.0);
        qInfo("  %s", qPrintable(runs));
    }

    // The monitor of an unprivileged user reads what it reports from processes it may trace: the
    // command's first exec (forked from the non-dumpable shim), later ones, and the bridge's peers.
    void execEventsAndBridgeAsAnUnprivilegedUser()
    {
        CORDON_SKIP_UNLESS(::getuid() == 0, "needs root to switch to nobody; run as the unprivileged user already");
        QTemporaryDir workspace(QDir::tempPath() + QStringLiteral("/cordon-session-nobody-XXXXXX"));
        QTemporaryDir proxyDir(QDir::tempPath() + QStringLiteral("/cordon-proxy-nobody-XXXXXX"));
        QVERIFY(workspace.isValid() && proxyDir.isValid());
        QCOMPARE(::chown(QFile::encodeName(workspace.path()).constData(), 65534, 65534), 0);
        QCOMPARE(::chown(QFile::encodeName(proxyDir.path()).constData(), 65534, 65534), 0);
        FakeProxy proxy(proxyDir.filePath(QStringLiteral("proxy.sock")));
        QVERIFY(proxy.valid());
        proxy.serveOne("}\nping", "pong\n");
        LaunchSpec spec = SandboxRunner::defaultSpec(workspace.path(),
            {QStringLiteral("/bin/bash"), QStringLiteral("-c"),
                QStringLiteral("/bin/echo from-nobody; exec 3<>/dev/tcp/127.0.0.1/3128; printf ping >&3; "
                               "IFS= read -r reply <&3; echo reply=$reply; exec 4<>/dev/tcp/192.0.2.1/80")});
        spec.execEvents = true;
        addProxy(spec, proxyDir.path(), 3128);
        // The binary where nobody can reach it: the build tree may sit under a 0700 directory
        // (a clone in `mktemp -d`), as the escape suite also allows for.
        QTemporaryDir binDir(QStringLiteral("/var/tmp/cordon-session-bin-XXXXXX"));
        QVERIFY(binDir.isValid());
        QCOMPARE(::chmod(QFile::encodeName(binDir.path()).constData(), 0755), 0);
        const QString binary = binDir.filePath(QStringLiteral("cordon-sandbox"));
        QVERIFY(QFile::copy(SandboxRunner::binaryPath(QStringLiteral("cordon-sandbox")), binary));
        QCOMPARE(::chmod(QFile::encodeName(binary).constData(), 0755), 0);
        Session s(spec, {true, true, false, 65534}, binary);
        QCOMPARE(s.wait(30000), 1); // the last connect fails
        const QByteArray out = s.output();
        QVERIFY2(out.contains("from-nobody") && out.contains("reply=pong"), out.constData());
        QVERIFY2(!out.contains("cannot read the memory"), out.constData());
        const QList<QJsonObject> execs = s.eventsOf(QStringLiteral("exec"));
        QCOMPARE(execs.size(), 2);
        QCOMPARE(execs[0].value(QStringLiteral("exe")).toString(), QStringLiteral("/bin/bash"));
        QCOMPARE(execs[0].value(QStringLiteral("ns_pid")).toInt(), 3); // shim 1, bridge 2
        QCOMPARE(execs[1].value(QStringLiteral("exe")).toString(), QStringLiteral("/bin/echo"));
        QVERIFY(execs[1].value(QStringLiteral("ns_pid")).toInt() > 3);
        QCOMPARE(s.eventsOf(QStringLiteral("net_direct")).size(), 1);
        QVERIFY(proxy.waitDone(5000));
        const QByteArray got = proxy.received();
        const QJsonObject peer = QJsonDocument::fromJson(got.mid(12, got.indexOf('\n') - 12)).object();
        QCOMPARE(peer.value(QStringLiteral("exe")).toString(), QStringLiteral("/usr/bin/bash"));
        QVERIFY(peer.value(QStringLiteral("pid")).toInt() > 2);
    }

    void guardAndLimitEvents()
    {
        // A guarded name created inside is moved aside from outside, and reported.
        const QString guarded = m_workspace.filePath(QStringLiteral(".envrc"));
        LaunchSpec spec = shell(QStringLiteral("echo 'export X=1' > .envrc; sleep 0.5"));
        spec.guarded.push_back({guarded.toStdString(), false});
        Session s(spec, {});
        QCOMPARE(s.wait(30000), 0);
        const QList<QJsonObject> guards = s.eventsOf(QStringLiteral("guard"));
        QCOMPARE(guards.size(), 1);
        QCOMPARE(guards[0].value(QStringLiteral("path")).toString(), guarded);
        QCOMPARE(guards[0].value(QStringLiteral("action")).toString(), QStringLiteral("quarantined"));
        QCOMPARE(guards[0].value(QStringLiteral("critical")).toBool(), false);
        QVERIFY(!QFileInfo::exists(guarded));
        for (const QString& moved :
            QDir(m_workspace.path())
                .entryList({QStringLiteral(".envrc.cordon-quarantine-*")}, QDir::Hidden | QDir::Files))
            QVERIFY(QFile::remove(m_workspace.filePath(moved)));

        CORDON_SKIP_UNLESS(::getuid() == 0,
            "the cgroup hierarchy of this machine is writable by root only; rootless runs use best-effort");
        // The memory limit's OOM kill, and a fork refused by the pids limit; controls without them.
        LaunchSpec memory = shell(QStringLiteral("head -c 400000000 /dev/zero | tail -n 1 > /dev/null"));
        memory.limits.memoryBytes = 64ull << 20;
        Session oom(memory, {});
        QCOMPARE(oom.wait(60000), 128 + SIGKILL);
        QCOMPARE(oom.eventsOf(QStringLiteral("limit_kill")).value(0).value(QStringLiteral("limit")).toString(),
            QStringLiteral("memory"));
        LaunchSpec pids = shell(QStringLiteral("for i in $(seq 30); do sleep 1 & done; wait; true"));
        pids.limits.pids = 10;
        Session forks(pids, {});
        QVERIFY(forks.wait(60000) >= 0); // bash gives up on the refused forks with a status of its own
        QCOMPARE(forks.eventsOf(QStringLiteral("limit_kill")).value(0).value(QStringLiteral("limit")).toString(),
            QStringLiteral("pids"));
        pids.limits.pids = 0;
        pids.runId += "-control";
        Session unlimited(pids, {});
        QCOMPARE(unlimited.wait(60000), 0);
        QVERIFY(unlimited.eventsOf(QStringLiteral("limit_kill")).isEmpty());
    }

    void badSessionArguments()
    {
        const QString bin = SandboxRunner::binaryPath(QStringLiteral("cordon-sandbox"));
        const auto exitOf = [&](const QStringList& args) {
            QProcess p;
            p.start(bin, args);
            p.waitForFinished(10000);
            return p.exitCode();
        };
        const int spec = ::memfd_create("spec", 0);
        QVERIFY(spec >= 0);
        const QString s = QString::number(spec);
        QCOMPARE(exitOf({QStringLiteral("--spec-fd"), s, QStringLiteral("--events-fd"), s}), toInt(ExitCode::Usage));
        QCOMPARE(exitOf({QStringLiteral("--spec-fd"), s, QStringLiteral("--events-fd"), QStringLiteral("99")}),
            toInt(ExitCode::Usage));
        QCOMPARE(exitOf({QStringLiteral("--spec-fd"), s, QStringLiteral("--control-fd")}), toInt(ExitCode::Usage));
        QCOMPARE(exitOf({QStringLiteral("--spec-fd"), s, QStringLiteral("--spec-fd"), s}), toInt(ExitCode::Usage));
        QCOMPARE(exitOf({QStringLiteral("--spec-fd"), s, QStringLiteral("--other"), s}), toInt(ExitCode::Usage));
        // A read-only events descriptor would fail on its first line: refused at once.
        const int readOnly = ::open("/etc/hostname", O_RDONLY);
        QCOMPARE(exitOf({QStringLiteral("--spec-fd"), s, QStringLiteral("--events-fd"), QString::number(readOnly)}),
            toInt(ExitCode::Usage));
        ::close(readOnly);
        ::close(spec);
    }
};

QTEST_GUILESS_MAIN(SessionChannelTest)
#include "tst_sessionchannel.moc"
