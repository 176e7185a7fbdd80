// The exec-event notifier (helper/confine/SeccompNotifier) against the real kernel: a forked child
// installs the filter and hands the listener to the test over a socket pair (as the shim hands it
// to the monitor), the test serves it and reads the events. Also what the design rests on: the
// kernel's precedence between our USER_NOTIF and a denial of another filter, in either order; a
// foreign ABI still killed by the main filter; and pending calls failing with ENOSYS once the
// listener is gone.

#include "EventWriter.h"
#include "ForkedChild.h"
#include "SeccompFilter.h"
#include "SeccompNotifier.h"
#include "Terminal.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace confine = cordon::confine;
using confine::SeccompNotifier;

namespace {

// What the child does once the notifier filter is on.
enum class Act {
    ExecEcho,
    ExecLong,
    ExecMissing,
    ConnectAway,
    ConnectLoopback,
    X32Execve,
    ConnectAfterListenerClosed
};

struct Child {
    pid_t pid = -1;
    int report = -1; // the child writes "errno=N\n" lines here
};

long connectTo(const char* address, int port, bool inet6)
{
    const int fd = ::socket(inet6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (inet6) {
        sockaddr_in6 a{};
        a.sin6_family = AF_INET6;
        a.sin6_port = htons(static_cast<std::uint16_t>(port));
        ::inet_pton(AF_INET6, address, &a.sin6_addr);
        return ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    }
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    ::inet_pton(AF_INET, address, &a.sin_addr);
    return ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
}

void installErrnoFilterForConnect()
{
    sock_filter code[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, static_cast<std::uint32_t>(offsetof(seccomp_data, nr))),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_connect, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    sock_fprog prog{4, code};
    if (::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) != 0)
        ::_exit(81);
}

// Forks a child that installs the filters, passes the listener to us and does `act`.
// `errnoFilter`: 0 none, 1 before the notifier, 2 after it. `mainFilter`: ours first.
Child start(Act act, int errnoFilter, bool mainFilter, confine::UniqueFd& listener)
{
    Child child;
    int pair[2];
    int report[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0 || ::pipe2(report, O_CLOEXEC) != 0)
        return child;
    child.pid = ::fork();
    if (child.pid == 0) {
        ::close(pair[0]);
        ::close(report[0]);
        if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
            ::_exit(80);
        if (mainFilter)
            confine::installSeccompFilter();
        if (errnoFilter == 1)
            installErrnoFilterForConnect();
        confine::UniqueFd fd = SeccompNotifier::install();
        if (errnoFilter == 2)
            installErrnoFilterForConnect();
        confine::Terminal::sendFd(pair[1], fd.get(), confine::Terminal::kNotifierTag);
        fd.reset();
        char go = 0;
        if (::read(pair[1], &go, 1) != 1) // the parent has the listener (or closed it)
            ::_exit(82);
        long rc = 0;
        switch (act) {
        case Act::ExecEcho: {
            char* const argv[] = {
                const_cast<char*>("/bin/echo"), const_cast<char*>("two words"), const_cast<char*>("\x1b[1m"), nullptr};
            char* const envp[] = {nullptr};
            ::dup2(::open("/dev/null", O_WRONLY), 1);
            ::execve("/bin/echo", argv, envp);
            ::_exit(83);
        }
        case Act::ExecLong: {
            // Longer than the first chunk the monitor reads of each string, and an argv that
            // starts just before a page boundary: the slow paths. The path exists (a missing
            // one is no event): "/" and 195 "./" before bin/true, 399 bytes.
            static char path[400];
            path[0] = '/';
            for (int i = 0; i < 195; ++i)
                std::memcpy(path + 1 + 2 * i, "./", 2);
            std::memcpy(path + 391, "bin/true", 9);
            static char longArg[1001];
            std::memset(longArg, 'a', sizeof longArg - 1);
            char* page =
                static_cast<char*>(::mmap(nullptr, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
            char** argv = reinterpret_cast<char**>(page + 4096 - 2 * sizeof(char*));
            argv[0] = const_cast<char*>("first");
            argv[1] = longArg;
            argv[2] = const_cast<char*>("last");
            argv[3] = nullptr;
            char* const envp[] = {nullptr};
            rc = ::execve(path, argv, envp);
            break;
        }
        case Act::ExecMissing: {
            char* const argv[] = {const_cast<char*>("true"), nullptr};
            char* const envp[] = {nullptr};
            rc = ::execve("/nonexistent/true", argv, envp);
            break;
        }
        case Act::ConnectAway: rc = connectTo("192.0.2.1", 80, false); break;
        case Act::ConnectLoopback: rc = connectTo("127.0.0.1", 1, false); break;
        case Act::ConnectAfterListenerClosed: rc = connectTo("127.0.0.1", 1, false); break;
        case Act::X32Execve: rc = ::syscall(0x40000000 | 520, "/bin/echo", nullptr, nullptr); break;
        }
        char line[64];
        const int n = std::snprintf(line, sizeof line, "rc=%ld\nerrno=%d\n", rc, rc < 0 ? errno : 0);
        if (::write(report[1], line, static_cast<size_t>(n)) != n)
            ::_exit(84);
        ::_exit(0);
    }
    ::close(pair[1]);
    ::close(report[1]);
    int error = 0;
    char tag = 0;
    listener = confine::Terminal::receiveFd(pair[0], error, tag);
    child.report = report[0];
    if (act == Act::ConnectAfterListenerClosed)
        listener.reset();
    const char go = 'g';
    if (::write(pair[0], &go, 1) != 1)
        qWarning("cannot release the child: %s", strerror(errno));
    ::close(pair[0]);
    return child;
}

struct Outcome {
    int status = -1;
    QByteArray report;
    QList<QJsonObject> events;
    int notifications = 0;
};

// Serves the listener until the child is gone; collects what the EventWriter wrote.
Outcome serveUntilExit(Child child, confine::UniqueFd listener)
{
    Outcome out;
    int events[2];
    if (::pipe2(events, O_CLOEXEC) != 0)
        return out;
    confine::EventWriter writer{confine::UniqueFd(events[1])};
    std::unique_ptr<SeccompNotifier> notifier;
    if (listener)
        notifier = std::make_unique<SeccompNotifier>(std::move(listener), confine::UniqueFd());
    for (int round = 0; round < 1000; ++round) {
        int status = 0;
        if (::waitpid(child.pid, &status, WNOHANG) == child.pid) {
            out.status = status;
            break;
        }
        if (notifier) {
            pollfd p{notifier->fd(), POLLIN, 0};
            if (::poll(&p, 1, 10) > 0 && (p.revents & POLLIN)) {
                ++out.notifications;
                if (!notifier->serve(writer))
                    break;
            } else if (p.revents != 0) {
                notifier.reset(); // POLLHUP: no task is left under the filter (as the monitor does)
            }
        } else {
            ::usleep(10000);
        }
    }
    writer.exit(0, 1000);
    QByteArray raw;
    char buf[4096];
    ssize_t n = 0;
    while ((n = ::read(events[0], buf, sizeof buf)) > 0)
        raw.append(buf, static_cast<int>(n));
    ::close(events[0]);
    for (const QByteArray& line : raw.split('\n')) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (!o.isEmpty() && o.value(QStringLiteral("kind")).toString() != u"exit")
            out.events.append(o);
    }
    while ((n = ::read(child.report, buf, sizeof buf)) > 0)
        out.report.append(buf, static_cast<int>(n));
    ::close(child.report);
    return out;
}

Outcome run(Act act, int errnoFilter = 0, bool mainFilter = false)
{
    confine::UniqueFd listener;
    const Child child = start(act, errnoFilter, mainFilter, listener);
    if (child.pid <= 0)
        return {};
    return serveUntilExit(child, std::move(listener));
}

} // namespace

class TestSeccompNotifier : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void execIsReportedAndContinues()
    {
        const Outcome o = run(Act::ExecEcho);
        QVERIFY2(WIFEXITED(o.status) && WEXITSTATUS(o.status) == 0, o.report.constData()); // echo ran
        QCOMPARE(o.events.size(), 1);
        const QJsonObject e = o.events[0];
        QCOMPARE(e.value(QStringLiteral("kind")).toString(), QStringLiteral("exec"));
        QCOMPARE(e.value(QStringLiteral("exe")).toString(), QStringLiteral("/bin/echo"));
        const QJsonArray argv = e.value(QStringLiteral("argv")).toArray();
        QCOMPARE(argv.size(), 3);
        QCOMPARE(argv[1].toString(), QStringLiteral("two words"));
        QCOMPARE(argv[2].toString(), QStringLiteral("\x1b[1m"));
        QVERIFY(e.value(QStringLiteral("pid")).toInteger() > 0);
        QCOMPARE(e.value(QStringLiteral("ns_pid")).toInteger(), e.value(QStringLiteral("pid")).toInteger());
    }

    void longPathsAndArgumentsAreReadWhole()
    {
        const Outcome o = run(Act::ExecLong);
        QVERIFY2(WIFEXITED(o.status) && WEXITSTATUS(o.status) == 0, o.report.constData()); // true ran
        QCOMPARE(o.events.size(), 1);
        const QString exe = o.events[0].value(QStringLiteral("exe")).toString();
        QCOMPARE(exe.size(), 399);
        QVERIFY(exe.startsWith(QStringLiteral("/././")) && exe.endsWith(QStringLiteral("/bin/true")));
        const QJsonArray argv = o.events[0].value(QStringLiteral("argv")).toArray();
        QCOMPARE(argv.size(), 3);
        QCOMPARE(argv[0].toString(), QStringLiteral("first"));
        QCOMPARE(argv[1].toString(), QString(1000, u'a'));
        QCOMPARE(argv[2].toString(), QStringLiteral("last"));
        QCOMPARE(o.events[0].value(QStringLiteral("truncated")).toBool(), false);
    }

    // execvp(3) tries every PATH directory: an attempt on a file that does not exist runs
    // nothing, is answered like any other call, and is no event.
    void execOfAMissingFileIsNoEvent()
    {
        const Outcome o = run(Act::ExecMissing);
        QCOMPARE(cordon::test::reportValue(o.report, "errno"), static_cast<long long>(ENOENT));
        QCOMPARE(o.notifications, 1);
        QVERIFY(o.events.isEmpty());
    }

    void directConnectIsAnsweredAndReported()
    {
        const Outcome o = run(Act::ConnectAway);
        QCOMPARE(cordon::test::reportValue(o.report, "errno"), static_cast<long long>(ENETUNREACH));
        QCOMPARE(o.events.size(), 1);
        QCOMPARE(o.events[0].value(QStringLiteral("kind")).toString(), QStringLiteral("net_direct"));
        QCOMPARE(o.events[0].value(QStringLiteral("address")).toString(), QStringLiteral("192.0.2.1"));
        QCOMPARE(o.events[0].value(QStringLiteral("port")).toInt(), 80);
    }

    void loopbackConnectGoesToTheKernel()
    {
        const Outcome o = run(Act::ConnectLoopback);
        QCOMPARE(o.notifications, 1);                                                                 // it was seen ...
        QCOMPARE(cordon::test::reportValue(o.report, "errno"), static_cast<long long>(ECONNREFUSED)); // ... and run
        QVERIFY(o.events.isEmpty());
    }

    // The strictest action wins whatever the order (seccomp_filter.rst, "Return values"): an ERRNO
    // of another filter beats our USER_NOTIF, and no notification is ever raised.
    void aDenialOfAnotherFilterWins_data()
    {
        QTest::addColumn<int>("order");
        QTest::newRow("denying filter first") << 1;
        QTest::newRow("denying filter last") << 2;
    }

    void aDenialOfAnotherFilterWins()
    {
        QFETCH(int, order);
        const Outcome o = run(Act::ConnectAway, order);
        QCOMPARE(cordon::test::reportValue(o.report, "errno"), static_cast<long long>(EPERM));
        QCOMPARE(o.notifications, 0);
        QVERIFY(o.events.isEmpty());
        // Control: without the denying filter the same call is notified (and refused by us).
        const Outcome control = run(Act::ConnectAway, 0);
        QCOMPARE(control.notifications, 1);
    }

    void foreignAbiStillKilledByTheMainFilter()
    {
        const Outcome o = run(Act::X32Execve, 0, true);
        QVERIFY2(WIFSIGNALED(o.status) && WTERMSIG(o.status) == SIGSYS,
            qPrintable(QStringLiteral("status %1 notifications %2 report %3")
                           .arg(o.status)
                           .arg(o.notifications)
                           .arg(QString::fromLatin1(o.report))));
        QCOMPARE(o.notifications, 0);
    }

    void callsFailWithEnosysWithoutAListener()
    {
        // "If the monitor dies": the kernel answers pending and later calls itself.
        const Outcome o = run(Act::ConnectAfterListenerClosed);
        QCOMPARE(cordon::test::reportValue(o.report, "errno"), static_cast<long long>(ENOSYS));
    }

    void judgeConnect_data()
    {
        QTest::addColumn<QString>("address");
        QTest::addColumn<bool>("refused");
        QTest::newRow("127.0.0.1") << QStringLiteral("127.0.0.1") << false;
        QTest::newRow("127.255.0.9") << QStringLiteral("127.255.0.9") << false;
        QTest::newRow("0.0.0.0 (this host)") << QStringLiteral("0.0.0.0") << false;
        QTest::newRow("::1") << QStringLiteral("::1") << false;
        QTest::newRow(":: (this host)") << QStringLiteral("::") << false;
        QTest::newRow("::ffff:127.0.0.1") << QStringLiteral("::ffff:127.0.0.1") << false;
        QTest::newRow("192.0.2.1") << QStringLiteral("192.0.2.1") << true;
        QTest::newRow("10.0.0.1") << QStringLiteral("10.0.0.1") << true;
        QTest::newRow("169.254.169.254") << QStringLiteral("169.254.169.254") << true;
        QTest::newRow("128.0.0.1") << QStringLiteral("128.0.0.1") << true;
        QTest::newRow("::ffff:10.1.2.3") << QStringLiteral("::ffff:10.1.2.3") << true;
        QTest::newRow("2001:db8::1") << QStringLiteral("2001:db8::1") << true;
        QTest::newRow("fe80::1") << QStringLiteral("fe80::1") << true;
    }

    void judgeConnect()
    {
        QFETCH(QString, address);
        QFETCH(bool, refused);
        sockaddr_storage storage{};
        std::size_t length = 0;
        const QByteArray text = address.toLatin1();
        if (address.contains(u':')) {
            auto* a = reinterpret_cast<sockaddr_in6*>(&storage);
            a->sin6_family = AF_INET6;
            a->sin6_port = htons(443);
            QCOMPARE(::inet_pton(AF_INET6, text.constData(), &a->sin6_addr), 1);
            length = sizeof *a;
        } else {
            auto* a = reinterpret_cast<sockaddr_in*>(&storage);
            a->sin_family = AF_INET;
            a->sin_port = htons(443);
            QCOMPARE(::inet_pton(AF_INET, text.constData(), &a->sin_addr), 1);
            length = sizeof *a;
        }
        const auto verdict = SeccompNotifier::judgeConnect(reinterpret_cast<unsigned char*>(&storage), length);
        QCOMPARE(verdict.refuse, refused);
        if (refused) {
            QCOMPARE(QString::fromStdString(verdict.address), address);
            QCOMPARE(verdict.port, 443u);
        }
        // Too short to be an address of its family: the kernel's EINVAL, not ours.
        QVERIFY(!SeccompNotifier::judgeConnect(reinterpret_cast<unsigned char*>(&storage), 4).refuse);
        // AF_UNIX always goes to the kernel.
        storage.ss_family = AF_UNIX;
        QVERIFY(!SeccompNotifier::judgeConnect(reinterpret_cast<unsigned char*>(&storage), length).refuse);
    }
};

QTEST_GUILESS_MAIN(TestSeccompNotifier)
#include "tst_seccompnotifier.moc"
