// Landlock against the real kernel (this machine: ABI 7): the rules that mirror the mount
// policy, read-only and read-write trees, execute rights, device rights, the ABI 6 scopes, and
// the self-check canary. Every denial is first shown to be allowed without Landlock. A kernel
// without Landlock fails these tests: they do not skip.

#include "ForkedChild.h"
#include "Landlock.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <seccomp.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

using cordon::confine::LandlockRule;
using cordon::test::ChildResult;
using cordon::test::reportCall;
using cordon::test::reportLine;
using cordon::test::reportValue;
using cordon::test::runInChild;
namespace spec = cordon::spec;

namespace {

void setNoNewPrivs()
{
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        ::_exit(90);
}

LandlockRule rule(const QString& path, bool write = false, bool exec = false, bool device = false)
{
    LandlockRule r;
    r.path = QFile::encodeName(path).toStdString();
    r.write = write;
    r.exec = exec;
    r.device = device;
    return r;
}

void reportOpen(int fd, const char* key, const QByteArray& path, int flags)
{
    errno = 0;
    const int f = ::open(path.constData(), flags | O_CLOEXEC, 0600);
    reportCall(fd, key, f, errno);
    if (f >= 0)
        ::close(f);
}

void writeMap(const char* file, const char* content)
{
    const int fd = ::open(file, O_WRONLY | O_CLOEXEC);
    if (fd < 0 || ::write(fd, content, std::strlen(content)) < 0 || ::close(fd) != 0)
        ::_exit(83);
}

// A new user and mount namespace with this uid/gid mapped to 0: CAP_SYS_ADMIN over a mount
// namespace of our own, as cordon-sandbox has when it prepares the canary.
void enterUserAndMountNamespace()
{
    const uid_t uid = ::getuid();
    const gid_t gid = ::getgid();
    if (::unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0)
        ::_exit(84);
    char map[64];
    std::snprintf(map, sizeof map, "0 %u 1", uid);
    writeMap("/proc/self/uid_map", map);
    writeMap("/proc/self/setgroups", "deny");
    std::snprintf(map, sizeof map, "0 %u 1", gid);
    writeMap("/proc/self/gid_map", map);
}

} // namespace

class TestLandlock : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_ro;
    QTemporaryDir m_rw;
    QTemporaryDir m_outside;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_ro.isValid() && m_rw.isValid() && m_outside.isValid());
        for (const QTemporaryDir* d : {&m_ro, &m_rw, &m_outside}) {
            QFile f(d->filePath(QStringLiteral("existing")));
            QVERIFY(f.open(QIODevice::WriteOnly));
            QVERIFY(f.write("content\n") == 8);
        }
        QVERIFY(QFile::copy(QStringLiteral("/usr/bin/true"), m_ro.filePath(QStringLiteral("true-copy"))));
        QVERIFY(QFile::setPermissions(m_ro.filePath(QStringLiteral("true-copy")),
            QFile::ReadOwner | QFile::ExeOwner | QFile::ReadOther | QFile::ExeOther));
    }

    void kernelHasLandlock()
    {
        const int abi = cordon::confine::landlockAbiVersion();
        QVERIFY2(abi >= 6, qPrintable(QStringLiteral("Landlock ABI %1; this test machine must have >= 6 (Linux "
                                                     "6.12, boot with lsm=...,landlock)")
                                          .arg(abi)));
    }

    void rulesMirrorTheMountPolicy()
    {
        spec::LaunchSpec s;
        auto add = [&](spec::MountKind kind, const char* target, bool exec = false, bool optional = false) {
            spec::Mount m;
            m.kind = kind;
            m.target = target;
            m.exec = exec;
            m.optional = optional;
            s.mounts.push_back(m);
        };
        add(spec::MountKind::BindReadOnly, "/usr", true);
        add(spec::MountKind::BindReadOnly, "/etc");
        add(spec::MountKind::BindReadWrite, "/work", false);
        add(spec::MountKind::Tmpfs, "/tmp", true);
        add(spec::MountKind::BindDevice, "/dev/null");
        add(spec::MountKind::Devpts, "/dev/pts");
        add(spec::MountKind::Proc, "/proc");
        add(spec::MountKind::Dir, "/home");
        add(spec::MountKind::Symlink, "/bin");
        add(spec::MountKind::Hide, "/work/.ssh");
        add(spec::MountKind::BindReadOnly, "/opt/maybe", false, true);

        const std::vector<LandlockRule> rules = cordon::confine::landlockRulesFor(s);
        QCOMPARE(rules.size(), size_t(9)); // root + 8 (Dir, Symlink, Hide give none)
        auto find = [&](const char* path) -> const LandlockRule* {
            for (const LandlockRule& r : rules) {
                if (r.path == path)
                    return &r;
            }
            return nullptr;
        };
        const LandlockRule* root = find("/");
        QVERIFY(root && root->listOnly && !root->write && !root->exec);
        QVERIFY(find("/usr") && !find("/usr")->write && find("/usr")->exec);
        QVERIFY(find("/etc") && !find("/etc")->write && !find("/etc")->exec);
        QVERIFY(find("/work") && find("/work")->write && !find("/work")->exec);
        QVERIFY(find("/tmp") && find("/tmp")->write && find("/tmp")->exec);
        QVERIFY(find("/dev/null") && find("/dev/null")->device && !find("/dev/null")->exec);
        QVERIFY(find("/dev/pts") && find("/dev/pts")->device);
        QVERIFY(find("/proc") && !find("/proc")->write && !find("/proc")->device && !find("/proc")->exec);
        QVERIFY(!find("/home") && !find("/bin") && !find("/work/.ssh"));
        QVERIFY(find("/opt/maybe") && find("/opt/maybe")->optional);
    }

    void readOnlyReadWriteAndOutside()
    {
        const QByteArray roNew = QFile::encodeName(m_ro.filePath(QStringLiteral("new")));
        const QByteArray roExisting = QFile::encodeName(m_ro.filePath(QStringLiteral("existing")));
        const QByteArray rwNew = QFile::encodeName(m_rw.filePath(QStringLiteral("new")));
        const QByteArray outsideExisting = QFile::encodeName(m_outside.filePath(QStringLiteral("existing")));
        const QByteArray roDir = QFile::encodeName(m_ro.path());
        const std::vector<LandlockRule> rules = {rule(m_ro.path()), rule(m_rw.path(), true)};

        auto probe = [&](bool confine) {
            return runInChild([&, confine](int fd) {
                if (confine) {
                    setNoNewPrivs();
                    const auto report = cordon::confine::applyLandlock(rules, 0);
                    reportLine(fd, "applied", report.filesystemApplied);
                }
                reportOpen(fd, "ro_create", roNew, O_CREAT | O_EXCL | O_WRONLY);
                reportOpen(fd, "ro_read", roExisting, O_RDONLY);
                reportOpen(fd, "ro_write", roExisting, O_WRONLY);
                reportOpen(fd, "ro_list", roDir, O_RDONLY | O_DIRECTORY);
                reportOpen(fd, "rw_create", rwNew, O_CREAT | O_EXCL | O_WRONLY);
                reportOpen(fd, "outside_read", outsideExisting, O_RDONLY);
                errno = 0;
                const long rc = ::truncate(roExisting.constData(), 0);
                reportCall(fd, "ro_truncate", rc, errno);
                return 0;
            });
        };

        const ChildResult control = probe(false);
        QVERIFY2(control.exited && control.exitCode == 0, qPrintable(control.describe()));
        for (const char* key : {"ro_create.rc", "ro_read.rc", "ro_write.rc", "ro_list.rc", "rw_create.rc",
                 "outside_read.rc", "ro_truncate.rc"})
            QVERIFY2(reportValue(control.report, key) >= 0, qPrintable(QLatin1String(key) + control.describe()));
        // Undo the control's writes.
        QVERIFY(QFile::remove(QFile::decodeName(roNew)) && QFile::remove(QFile::decodeName(rwNew)));
        QFile refill(QFile::decodeName(roExisting));
        QVERIFY(refill.open(QIODevice::WriteOnly) && refill.write("content\n") == 8);
        refill.close();

        const ChildResult r = probe(true);
        QVERIFY2(r.exited && r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(reportValue(r.report, "applied"), 1LL);
        QCOMPARE(reportValue(r.report, "ro_create.errno"), static_cast<long long>(EACCES));
        QCOMPARE(reportValue(r.report, "ro_write.errno"), static_cast<long long>(EACCES));
        QCOMPARE(reportValue(r.report, "ro_truncate.errno"), static_cast<long long>(EACCES));
        QVERIFY(reportValue(r.report, "ro_read.rc") >= 0);
        QVERIFY(reportValue(r.report, "ro_list.rc") >= 0);
        QVERIFY(reportValue(r.report, "rw_create.rc") >= 0);
        QCOMPARE(reportValue(r.report, "outside_read.errno"), static_cast<long long>(EACCES));
        QVERIFY(QFile::exists(QFile::decodeName(rwNew)));
        QVERIFY(!QFile::exists(QFile::decodeName(roNew)));
        QVERIFY(QFile::remove(QFile::decodeName(rwNew)));
    }

    // A rule on a regular file gets only the file rights (directory rights would be EINVAL).
    void ruleOnSingleFile()
    {
        const QByteArray file = QFile::encodeName(m_outside.filePath(QStringLiteral("existing")));
        const QByteArray sibling = QFile::encodeName(m_outside.filePath(QStringLiteral("sibling")));
        const std::vector<LandlockRule> rules = {rule(m_outside.filePath(QStringLiteral("existing")), true)};
        const ChildResult r = runInChild([&](int fd) {
            setNoNewPrivs();
            cordon::confine::applyLandlock(rules, 0);
            reportOpen(fd, "file_write", file, O_WRONLY | O_APPEND);
            reportOpen(fd, "sibling_create", sibling, O_CREAT | O_EXCL | O_WRONLY);
            return 0;
        });
        QVERIFY2(r.exited && r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY(reportValue(r.report, "file_write.rc") >= 0);
        QCOMPARE(reportValue(r.report, "sibling_create.errno"), static_cast<long long>(EACCES));
    }

    void executeRight()
    {
        const QByteArray copy = QFile::encodeName(m_ro.filePath(QStringLiteral("true-copy")));
        const std::vector<LandlockRule> rules = {rule(QStringLiteral("/usr"), false, true), rule(m_ro.path())};
        auto run = [&](const char* path, bool confine) {
            return runInChild([&, path, confine](int) {
                if (confine) {
                    setNoNewPrivs();
                    cordon::confine::applyLandlock(rules, 0);
                }
                const char* argv[] = {path, nullptr};
                ::execv(path, const_cast<char* const*>(argv));
                return errno == EACCES ? 60 : 61;
            });
        };
        const ChildResult controlCopy = run(copy.constData(), false);
        QVERIFY2(controlCopy.exited && controlCopy.exitCode == 0, qPrintable(controlCopy.describe()));
        const ChildResult usrTrue = run("/usr/bin/true", true);
        QVERIFY2(usrTrue.exited && usrTrue.exitCode == 0, qPrintable(usrTrue.describe()));
        const ChildResult denied = run(copy.constData(), true);
        QVERIFY2(denied.exited && denied.exitCode == 60, qPrintable(denied.describe()));
    }

    void deviceRights()
    {
        const std::vector<LandlockRule> rules = {rule(QStringLiteral("/dev/null"), false, false, true)};
        const ChildResult r = runInChild([&](int fd) {
            setNoNewPrivs();
            cordon::confine::applyLandlock(rules, 0);
            reportOpen(fd, "null_trunc", "/dev/null", O_WRONLY | O_TRUNC);
            reportOpen(fd, "null_read", "/dev/null", O_RDONLY);
            reportOpen(fd, "zero_read", "/dev/zero", O_RDONLY);
            return 0;
        });
        QVERIFY2(r.exited && r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY(reportValue(r.report, "null_trunc.rc") >= 0);
        QVERIFY(reportValue(r.report, "null_read.rc") >= 0);
        QCOMPARE(reportValue(r.report, "zero_read.errno"), static_cast<long long>(EACCES));
    }

    void missingPaths()
    {
        LandlockRule optional = rule(QStringLiteral("/nonexistent/cordon-optional"));
        optional.optional = true;
        const ChildResult skipped = runInChild([&](int) {
            setNoNewPrivs();
            cordon::confine::applyLandlock({optional}, 0);
            return 0;
        });
        QVERIFY2(skipped.exited && skipped.exitCode == 0, qPrintable(skipped.describe()));

        const LandlockRule required = rule(QStringLiteral("/nonexistent/cordon-required"));
        const ChildResult refused = runInChild([&](int) {
            setNoNewPrivs();
            cordon::confine::applyLandlock({required}, 0);
            return 0;
        });
        QVERIFY2(refused.exited && refused.exitCode == 125, qPrintable(refused.describe()));
        QVERIFY(refused.stderrText.contains("/nonexistent/cordon-required"));
    }

    void symlinkTargetIsRefused()
    {
        const QString link = m_outside.filePath(QStringLiteral("link"));
        QVERIFY(QFile::link(m_rw.path(), link));
        const ChildResult r = runInChild([&](int) {
            setNoNewPrivs();
            cordon::confine::applyLandlock({rule(link, true)}, 0);
            return 0;
        });
        QVERIFY(QFile::remove(link));
        QVERIFY2(r.exited && r.exitCode == 125, qPrintable(r.describe()));
        QVERIFY2(r.stderrText.contains("is a symlink"), qPrintable(r.describe()));
    }

    // ABI 6 scopes: no signal to a process outside the domain, no connection to an abstract unix
    // socket made outside it.
    void scopes()
    {
        QVERIFY(cordon::confine::landlockAbiVersion() >= 6);
        const int listener = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        QVERIFY(listener >= 0);
        struct sockaddr_un addr { };
        addr.sun_family = AF_UNIX;
        const QByteArray name = "cordon-landlock-test-" + QByteArray::number(::getpid());
        std::memcpy(addr.sun_path + 1, name.constData(), static_cast<size_t>(name.size()));
        const socklen_t len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + name.size());
        QCOMPARE(::bind(listener, reinterpret_cast<sockaddr*>(&addr), len), 0);
        QCOMPARE(::listen(listener, 8), 0);

        auto probe = [&](bool confine) {
            return runInChild([&, confine](int fd) {
                if (confine) {
                    setNoNewPrivs();
                    const auto report = cordon::confine::applyLandlock({}, 0);
                    reportLine(fd, "scoped", report.scopesApplied);
                }
                errno = 0;
                long rc = ::kill(::getppid(), 0);
                reportCall(fd, "kill_parent", rc, errno);
                const int s = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
                errno = 0;
                rc = ::connect(s, reinterpret_cast<const sockaddr*>(&addr), len);
                reportCall(fd, "connect_abstract", rc, errno);
                // Inside the domain both still work: a child of ours can be signalled.
                const pid_t child = ::fork();
                if (child == 0) {
                    ::pause();
                    ::_exit(0);
                }
                rc = ::kill(child, SIGKILL);
                reportCall(fd, "kill_own_child", rc, errno);
                ::waitpid(child, nullptr, 0);
                return 0;
            });
        };
        const ChildResult control = probe(false);
        QVERIFY2(control.exited && control.exitCode == 0, qPrintable(control.describe()));
        QCOMPARE(reportValue(control.report, "kill_parent.rc"), 0LL);
        QCOMPARE(reportValue(control.report, "connect_abstract.rc"), 0LL);

        const ChildResult r = probe(true);
        ::close(listener);
        QVERIFY2(r.exited && r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(reportValue(r.report, "scoped"), 1LL);
        QCOMPARE(reportValue(r.report, "kill_parent.errno"), static_cast<long long>(EPERM));
        QCOMPARE(reportValue(r.report, "connect_abstract.errno"), static_cast<long long>(EPERM));
        QCOMPARE(reportValue(r.report, "kill_own_child.rc"), 0LL);
    }

    // A kernel without Landlock, simulated by making landlock_create_ruleset answer EOPNOTSUPP
    // (what a kernel built with Landlock but booted without it in lsm= answers): a required layer
    // stops the launch with SandboxUnavailable (123), a best-effort one is reported and skipped.
    void kernelWithoutLandlock_data()
    {
        QTest::addColumn<uint>("bestEffort");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("required") << 0u << 123 << QByteArrayLiteral("Landlock is not available");
        QTest::newRow("scopes required") << uint(spec::LayerLandlock) << 123
                                         << QByteArrayLiteral("Landlock is not available");
        QTest::newRow("best effort") << uint(spec::LayerLandlock | spec::LayerLandlockScopes) << 0
                                     << QByteArrayLiteral("filesystem rules not applied (best effort)");
    }

    void kernelWithoutLandlock()
    {
        QFETCH(uint, bestEffort);
        QFETCH(int, exitCode);
        QFETCH(QByteArray, message);
        const ChildResult r = runInChild([bestEffort](int fd) {
            setNoNewPrivs();
            scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
            if (ctx == nullptr ||
                seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EOPNOTSUPP), SCMP_SYS(landlock_create_ruleset), 0) != 0 ||
                seccomp_load(ctx) != 0)
                return 70;
            seccomp_release(ctx);
            reportLine(fd, "abi", cordon::confine::landlockAbiVersion());
            const auto report = cordon::confine::applyLandlock({rule(QStringLiteral("/"))}, bestEffort);
            reportLine(fd, "fs", report.filesystemApplied);
            reportLine(fd, "scopes", report.scopesApplied);
            return 0;
        });
        QVERIFY2(r.exited && r.exitCode == exitCode, qPrintable(r.describe()));
        QVERIFY2(r.stderrText.contains(message), qPrintable(r.describe()));
        QCOMPARE(reportValue(r.report, "abi"), 0LL);
        if (exitCode == 0) {
            QCOMPARE(reportValue(r.report, "fs"), 0LL);
            QCOMPARE(reportValue(r.report, "scopes"), 0LL);
        }
    }

    void canaryDeniedOnlyUnderLandlock()
    {
        const ChildResult r = runInChild([](int fd) {
            enterUserAndMountNamespace();
            const cordon::confine::UniqueFd canary = cordon::confine::prepareLandlockCanary();
            // Before Landlock: creating works (prepareLandlockCanary checked it too).
            int f = ::openat(canary.get(), "before", O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
            reportCall(fd, "before", f, errno);
            if (f >= 0)
                ::close(f);
            setNoNewPrivs();
            cordon::confine::applyLandlock({}, 0);
            errno = 0;
            f = ::openat(canary.get(), "after", O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
            reportCall(fd, "after", f, errno);
            return 0;
        });
        QVERIFY2(r.exited && r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY(reportValue(r.report, "before.rc") >= 0);
        QCOMPARE(reportValue(r.report, "after.errno"), static_cast<long long>(EACCES));
    }
};

QTEST_GUILESS_MAIN(TestLandlock)
#include "tst_landlock.moc"
