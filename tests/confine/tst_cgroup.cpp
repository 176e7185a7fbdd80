// Cgroup against the real kernel, as root (this machine has cgroup v1 controllers; the hybrid
// cgroup2 mount at /sys/fs/cgroup/unified has none, which exercises the v2 code for killAll and
// the "controller missing" answer). Asserts the limit files, an OOM kill under the memory limit,
// a fork loop stopped by the pids limit, killAll leaving nothing, and the directories removed.

#include "Cgroup.h"
#include "ForkedChild.h"

#include <QDir>
#include <QFile>
#include <QTest>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <grp.h>
#include <linux/magic.h>
#include <sys/mman.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>

using cordon::confine::Cgroup;
using cordon::test::ChildResult;
using cordon::test::runInChild;

namespace {

QByteArray readControl(const std::string& dir, const char* file)
{
    QFile f(QString::fromStdString(dir) + QLatin1Char('/') + QLatin1String(file));
    if (!f.open(QIODevice::ReadOnly))
        return QByteArrayLiteral("<unreadable>");
    return f.readAll().trimmed();
}

bool hasControl(const std::string& dir, const char* file)
{
    return QFile::exists(QString::fromStdString(dir) + QLatin1Char('/') + QLatin1String(file));
}

// The directory of `cg` that holds `controlFile` (v1: one directory per hierarchy).
std::string dirWith(const Cgroup& cg, const char* controlFile)
{
    for (const std::string& dir : cg.directories()) {
        if (hasControl(dir, controlFile))
            return dir;
    }
    return {};
}

bool systemIsV2()
{
    struct statfs st { };
    return ::statfs("/sys/fs/cgroup", &st) == 0 && static_cast<long>(st.f_type) == CGROUP2_SUPER_MAGIC;
}

std::string runId(const char* what)
{
    return "h2test-" + std::to_string(::getpid()) + "-" + what;
}

// A child that blocks until told to go, then runs `body` and exits 0.
struct WaitingChild {
    pid_t pid = -1;
    int go = -1;     // write one byte to release it
    int report = -1; // what it writes back
};

template <typename Body>
WaitingChild forkWaiting(Body body)
{
    int goPipe[2];
    int reportPipe[2];
    if (::pipe2(goPipe, O_CLOEXEC) != 0 || ::pipe2(reportPipe, O_CLOEXEC) != 0)
        return {};
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(goPipe[1]);
        ::close(reportPipe[0]);
        char c;
        if (::read(goPipe[0], &c, 1) != 1)
            ::_exit(50);
        body(reportPipe[1]);
        ::_exit(0);
    }
    ::close(goPipe[0]);
    ::close(reportPipe[1]);
    return {pid, goPipe[1], reportPipe[0]};
}

void release(const WaitingChild& child)
{
    const char c = 'g';
    QCOMPARE(::write(child.go, &c, 1), ssize_t(1));
    ::close(child.go);
}

int waitStatus(pid_t pid)
{
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) { }
    return status;
}

// One line from `fd` (the fork loop's children keep the pipe open, so there is no EOF to wait for).
QByteArray readLineFrom(int fd)
{
    QByteArray out;
    char c;
    for (;;) {
        const ssize_t n = ::read(fd, &c, 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0 || c == '\n')
            break;
        out.append(c);
    }
    ::close(fd);
    return out;
}

} // namespace

class TestCgroup : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY2(::geteuid() == 0, "tst_cgroup runs as root (the test machine's setup)"); }

    void limitsWrittenAndMemoryLimitOomKills()
    {
        cordon::spec::Limits limits;
        limits.memoryBytes = 64ULL << 20;
        limits.pids = 16;
        std::string why;
        std::unique_ptr<Cgroup> cg = Cgroup::create(runId("oom"), limits, why);
        QVERIFY2(cg, why.c_str());
        QCOMPARE(cg->version(), systemIsV2() ? 2 : 1);
        const std::vector<std::string> dirs = cg->directories();
        QVERIFY(!cg->describe().empty());
        qInfo("%s", cg->describe().c_str());

        if (cg->version() == 1) {
            const std::string memory = dirWith(*cg, "memory.limit_in_bytes");
            QVERIFY(!memory.empty());
            QCOMPARE(readControl(memory, "memory.limit_in_bytes"), QByteArray::number(64 << 20));
            if (hasControl(memory, "memory.memsw.limit_in_bytes"))
                QCOMPARE(readControl(memory, "memory.memsw.limit_in_bytes"), QByteArray::number(64 << 20));
            QCOMPARE(readControl(dirWith(*cg, "pids.max"), "pids.max"), QByteArrayLiteral("16"));
        } else {
            QCOMPARE(readControl(dirs.front(), "memory.max"), QByteArray::number(64 << 20));
            QCOMPARE(readControl(dirs.front(), "pids.max"), QByteArrayLiteral("16"));
        }

        const WaitingChild hog = forkWaiting([](int) {
            const size_t size = 256ULL << 20;
            char* p =
                static_cast<char*>(::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
            if (p == MAP_FAILED)
                ::_exit(51);
            for (size_t i = 0; i < size; i += 4096)
                p[i] = 1;
            ::_exit(52); // survived: the limit did not hold
        });
        QVERIFY(hog.pid > 0);
        if (!cg->addProcess(hog.pid, why))
            QFAIL(why.c_str());
        for (const std::string& dir : dirs)
            QVERIFY(readControl(dir, "cgroup.procs").split('\n').contains(QByteArray::number(hog.pid)));
        QVERIFY(!cg->oomKilled()); // the control: nothing was killed yet
        release(hog);
        const int status = waitStatus(hog.pid);
        ::close(hog.report);
        QVERIFY2(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
            qPrintable(QStringLiteral("status 0x%1").arg(status, 0, 16)));
        QVERIFY(cg->oomKilled());

        cg.reset();
        for (const std::string& dir : dirs)
            QVERIFY2(!QDir(QString::fromStdString(dir)).exists(), dir.c_str());
    }

    void pidsLimitStopsForkLoopAndKillAllEmpties()
    {
        cordon::spec::Limits limits;
        limits.pids = 16;
        std::string why;
        std::unique_ptr<Cgroup> cg = Cgroup::create(runId("pids"), limits, why);
        QVERIFY2(cg, why.c_str());
        const std::vector<std::string> dirs = cg->directories();

        const WaitingChild bomb = forkWaiting([](int report) {
            int forked = 0;
            int error = 0;
            for (int i = 0; i < 1000; ++i) {
                const pid_t p = ::fork();
                if (p < 0) {
                    error = errno;
                    break;
                }
                if (p == 0) {
                    for (;;)
                        ::pause();
                }
                ++forked;
            }
            char line[64];
            const int n = std::snprintf(line, sizeof line, "%d %d\n", forked, error);
            if (::write(report, line, static_cast<size_t>(n)) != n)
                ::_exit(53);
            ::close(report);
            for (;;)
                ::pause();
        });
        QVERIFY(bomb.pid > 0);
        if (!cg->addProcess(bomb.pid, why))
            QFAIL(why.c_str());
        release(bomb);
        const QList<QByteArray> result = readLineFrom(bomb.report).split(' ');
        QCOMPARE(result.size(), 2);
        QVERIFY2(result[0].toInt() <= 15 && result[0].toInt() >= 1, result[0].constData());
        QCOMPARE(result[1].toInt(), EAGAIN);
        QCOMPARE(readControl(dirWith(*cg, "pids.max"), "cgroup.procs").split('\n').size(), 16);

        cg->killAll();
        for (const std::string& dir : dirs)
            QCOMPARE(readControl(dir, "cgroup.procs"), QByteArray());

        // Removed while the killed child is still an unreaped zombie of ours: the monitor may
        // destroy the cgroup before it reaps the sandbox's init.
        cg.reset();
        for (const std::string& dir : dirs)
            QVERIFY2(!QDir(QString::fromStdString(dir)).exists(), dir.c_str());
        const int status = waitStatus(bomb.pid);
        QVERIFY(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    }

    void cpuQuota()
    {
        cordon::spec::Limits limits;
        limits.cpuMilli = 500;
        std::string why;
        const std::unique_ptr<Cgroup> cg = Cgroup::create(runId("cpu"), limits, why);
        QVERIFY2(cg, why.c_str());
        if (cg->version() == 1) {
            const std::string cpu = dirWith(*cg, "cpu.cfs_quota_us");
            QVERIFY(!cpu.empty());
            QCOMPARE(readControl(cpu, "cpu.cfs_period_us"), QByteArrayLiteral("100000"));
            QCOMPARE(readControl(cpu, "cpu.cfs_quota_us"), QByteArrayLiteral("50000"));
        } else {
            QCOMPARE(readControl(cg->directories().front(), "cpu.max"), QByteArrayLiteral("50000 100000"));
        }
    }

    // Without limits a cgroup is still made when possible: it is what killAll() works on.
    void noLimitsStillGivesKillAll()
    {
        std::string why;
        std::unique_ptr<Cgroup> cg = Cgroup::create(runId("plain"), cordon::spec::Limits{}, why);
        QVERIFY2(cg, why.c_str());
        const WaitingChild sleeper = forkWaiting([](int) {});
        if (!cg->addProcess(sleeper.pid, why))
            QFAIL(why.c_str());
        cg->killAll();
        QVERIFY(WIFSIGNALED(waitStatus(sleeper.pid)));
        ::close(sleeper.go);
        ::close(sleeper.report);
    }

    // The v2 code on the hybrid cgroup2 mount: cgroup.kill, and a clear answer when a controller
    // that a limit needs is not available there.
    void cgroupV2KillAndMissingController()
    {
        const QString mount = QDir(QStringLiteral("/sys/fs/cgroup/unified")).exists()
                                  ? QStringLiteral("/sys/fs/cgroup/unified")
                                  : QStringLiteral("/sys/fs/cgroup");
        std::string why;
        std::unique_ptr<Cgroup> cg = Cgroup::createV2At(mount.toStdString(), runId("v2"), cordon::spec::Limits{}, why);
        QVERIFY2(cg, why.c_str());
        QCOMPARE(cg->version(), 2);
        const std::vector<std::string> dirs = cg->directories();
        QCOMPARE(dirs.size(), size_t(1));
        QVERIFY(hasControl(dirs.front(), "cgroup.kill"));
        const WaitingChild sleeper = forkWaiting([](int) {});
        if (!cg->addProcess(sleeper.pid, why))
            QFAIL(why.c_str());
        QVERIFY(readControl(dirs.front(), "cgroup.procs").split('\n').contains(QByteArray::number(sleeper.pid)));
        cg->killAll();
        QCOMPARE(readControl(dirs.front(), "cgroup.procs"), QByteArray());
        const int status = waitStatus(sleeper.pid);
        QVERIFY(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
        ::close(sleeper.go);
        ::close(sleeper.report);
        cg.reset();
        QVERIFY(!QDir(QString::fromStdString(dirs.front())).exists());

        QFile controllers(mount + QStringLiteral("/cgroup.controllers"));
        QVERIFY(controllers.open(QIODevice::ReadOnly));
        const bool memoryThere = controllers.readAll().split(' ').contains("memory");
        cordon::spec::Limits limits;
        limits.memoryBytes = 64ULL << 20;
        cg = Cgroup::createV2At(mount.toStdString(), runId("v2mem"), limits, why);
        if (memoryThere) {
            QVERIFY2(cg, why.c_str());
        } else {
            QVERIFY(!cg);
            QVERIFY2(why.find("memory controller is not available") != std::string::npos, why.c_str());
        }
    }

    // An unprivileged user without a delegated directory gets a message naming the directories
    // and the command that creates them.
    void unprivilegedUserIsToldWhatToDo()
    {
        const ChildResult r = runInChild([](int) {
            if (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0)
                return 40;
            cordon::spec::Limits limits;
            limits.memoryBytes = 64ULL << 20;
            std::string why;
            const std::unique_ptr<Cgroup> cg = Cgroup::create(runId("nobody"), limits, why);
            if (cg)
                return 41;
            std::fprintf(stderr, "%s\n", why.c_str());
            return 0;
        });
        QVERIFY2(r.exited && r.exitCode == 0, qPrintable(r.describe()));
        if (!systemIsV2()) {
            QVERIFY2(r.stderrText.contains("/cordon/65534"), qPrintable(r.describe()));
            QVERIFY2(r.stderrText.contains("sudo cordonctl doctor --fix"), qPrintable(r.describe()));
        }
    }

    void invalidRunIdIsRefused()
    {
        cordon::spec::Limits limits;
        limits.pids = 4;
        std::string why;
        QVERIFY(!Cgroup::create("../escape", limits, why));
        QVERIFY2(why.find("invalid run id") != std::string::npos, why.c_str());
    }
};

QTEST_GUILESS_MAIN(TestCgroup)
#include "tst_cgroup.moc"
