// dropAllCapabilities() against the real kernel: afterwards every capability set in
// /proc/self/status is zero, privileged operations fail with EPERM, the securebits are locked,
// and exec as uid 0 does not bring capabilities back. Each assertion is first shown to hold the
// other way before the drop (the test process runs as root), so the probe can detect a breach.

#include "Capabilities.h"
#include "ForkedChild.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include <sched.h>
#include <string>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

using cordon::test::ChildResult;
using cordon::test::reportCall;
using cordon::test::reportLine;
using cordon::test::reportValue;
using cordon::test::runInChild;

namespace {

// Reports the five capability sets of /proc/self/status as "Cap*=<nonzero 0/1>".
void reportCapSets(int fd, const char* prefix)
{
    char buf[8192];
    const int status = ::open("/proc/self/status", O_RDONLY | O_CLOEXEC);
    if (status < 0)
        ::_exit(80);
    const ssize_t n = ::read(status, buf, sizeof buf - 1);
    ::close(status);
    if (n <= 0)
        ::_exit(81);
    buf[n] = '\0';
    for (const char* field : {"CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"}) {
        const char* at = std::strstr(buf, field);
        if (at == nullptr)
            ::_exit(82);
        const unsigned long long value = std::strtoull(at + std::strlen(field) + 1, nullptr, 16);
        reportLine(fd, (std::string(prefix) + field).c_str(), value != 0 ? 1 : 0);
    }
}

void writeMap(const char* file, const char* content)
{
    const int fd = ::open(file, O_WRONLY | O_CLOEXEC);
    if (fd < 0 || ::write(fd, content, std::strlen(content)) < 0 || ::close(fd) != 0)
        ::_exit(83);
}

} // namespace

class TestCapabilities : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // The control runs need root's unconfined answers (an unprivileged caller gets EPERM from
        // the kernel itself for most probes, which would hide the filter's effect).
        QVERIFY2(::geteuid() == 0, "run as root (the test machine's setup)");
    }

    void dropsEverySetAndPrivilegedCallsFail()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QByteArray file = QFile::encodeName(dir.filePath(QStringLiteral("owned")));
        QFile f(dir.filePath(QStringLiteral("owned")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();

        const ChildResult r = runInChild([&](int fd) {
            reportCapSets(fd, "before.");
            cordon::confine::dropAllCapabilities();
            reportCapSets(fd, "after.");
            errno = 0;
            long rc = ::setuid(65534);
            reportCall(fd, "setuid", rc, errno);
            rc = ::chown(file.constData(), 65534, 65534);
            reportCall(fd, "chown", rc, errno);
            rc = ::sethostname("x", 1);
            reportCall(fd, "sethostname", rc, errno);
            rc = ::prctl(PR_CAPBSET_READ, CAP_SYS_ADMIN, 0, 0, 0);
            reportLine(fd, "bnd_sys_admin", rc);
            rc = ::prctl(PR_GET_SECUREBITS, 0, 0, 0, 0);
            reportLine(fd, "securebits", rc);
            // Raising an ambient capability is refused (NO_CAP_AMBIENT_RAISE, and none permitted).
            rc = ::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_NET_BIND_SERVICE, 0, 0);
            reportCall(fd, "ambient_raise", rc, errno);
            return 0;
        });
        QVERIFY2(r.exited && r.exitCode == 0, qPrintable(r.describe()));
        // Before: root holds permitted, effective and bounding capabilities (the probe can see them).
        QCOMPARE(reportValue(r.report, "before.CapEff"), 1LL);
        QCOMPARE(reportValue(r.report, "before.CapPrm"), 1LL);
        QCOMPARE(reportValue(r.report, "before.CapBnd"), 1LL);
        for (const char* field : {"after.CapInh", "after.CapPrm", "after.CapEff", "after.CapBnd", "after.CapAmb"})
            QVERIFY2(reportValue(r.report, field) == 0, field);
        QCOMPARE(reportValue(r.report, "setuid.errno"), static_cast<long long>(EPERM));
        QCOMPARE(reportValue(r.report, "chown.errno"), static_cast<long long>(EPERM));
        QCOMPARE(reportValue(r.report, "sethostname.errno"), static_cast<long long>(EPERM));
        QCOMPARE(reportValue(r.report, "bnd_sys_admin"), 0LL);
        const long long bits = reportValue(r.report, "securebits");
        QVERIFY(bits & SECBIT_NOROOT);
        QVERIFY(bits & SECBIT_NOROOT_LOCKED);
        QVERIFY(bits & SECBIT_NO_SETUID_FIXUP);
        QVERIFY(bits & SECBIT_NO_SETUID_FIXUP_LOCKED);
        QVERIFY(!(bits & SECBIT_KEEP_CAPS));
        QVERIFY(bits & SECBIT_KEEP_CAPS_LOCKED);
        QCOMPARE(reportValue(r.report, "ambient_raise.errno"), static_cast<long long>(EPERM));

        // The control: root unconfined may chown the file (so the EPERM above is the drop's doing).
        QCOMPARE(::chown(file.constData(), 0, 0), 0);
    }

    // Exec as uid 0 normally fills the permitted and effective sets again; SECBIT_NOROOT and the
    // empty bounding set must stop that.
    void execAsRootDoesNotRegainCapabilities()
    {
        auto execStatus = [](bool drop) {
            return runInChild([drop](int) {
                if (drop)
                    cordon::confine::dropAllCapabilities();
                // grep exits 0 when CapEff is all zeros.
                const char* argv[] = {"/bin/grep", "-q", "^CapEff:\t0000000000000000$", "/proc/self/status", nullptr};
                ::execv(argv[0], const_cast<char* const*>(argv));
                return 85;
            });
        };
        const ChildResult control = execStatus(false);
        QVERIFY2(control.exited && control.exitCode == 1,
            qPrintable(QStringLiteral("unconfined root exec must hold capabilities: ") + control.describe()));
        const ChildResult r = execStatus(true);
        QVERIFY2(r.exited && r.exitCode == 0, qPrintable(r.describe()));
    }

    // The rootless path: inside a new user namespace the process holds every capability of that
    // namespace; the drop must clear them there too.
    void dropsInsideUserNamespace()
    {
        const ChildResult r = runInChild([](int fd) {
            const uid_t uid = ::getuid();
            const gid_t gid = ::getgid();
            if (::unshare(CLONE_NEWUSER) != 0)
                return 86;
            char map[64];
            std::snprintf(map, sizeof map, "0 %u 1", uid);
            writeMap("/proc/self/uid_map", map);
            writeMap("/proc/self/setgroups", "deny");
            std::snprintf(map, sizeof map, "0 %u 1", gid);
            writeMap("/proc/self/gid_map", map);
            reportCapSets(fd, "before.");
            cordon::confine::dropAllCapabilities();
            reportCapSets(fd, "after.");
            const long rc = ::sethostname("x", 1); // would need CAP_SYS_ADMIN over a uts namespace
            reportCall(fd, "sethostname", rc, errno);
            return 0;
        });
        QVERIFY2(r.exited && r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(reportValue(r.report, "before.CapEff"), 1LL);
        for (const char* field : {"after.CapInh", "after.CapPrm", "after.CapEff", "after.CapBnd", "after.CapAmb"})
            QVERIFY2(reportValue(r.report, field) == 0, field);
        QCOMPARE(reportValue(r.report, "sethostname.errno"), static_cast<long long>(EPERM));
    }
};

QTEST_GUILESS_MAIN(TestCapabilities)
#include "tst_capabilities.moc"
