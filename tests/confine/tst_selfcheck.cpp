// verifyConfinement() against the real kernel: a child that applies every layer in the
// sandbox's order passes; a child that leaves out one layer is refused with exit 123
// (SandboxUnavailable) and a message naming that layer. The passing run is the control that
// shows each refusal comes from the missing layer and nothing else.

#include "Capabilities.h"
#include "ForkedChild.h"
#include "Landlock.h"
#include "SeccompFilter.h"
#include "SeccompNotifier.h"
#include "SelfCheck.h"

#include <QTest>

#include <cstring>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <string>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using cordon::test::ChildResult;
using cordon::test::runInChild;
namespace confine = cordon::confine;

namespace {

enum Skip {
    SkipNothing,
    SkipSeccomp,
    SkipLandlock,
    SkipCapabilities,
    SkipNetworkNamespace,
    SkipCanary,
    InheritedFilterSkipSeccomp, // an allow-all filter installed first (Docker, systemd), ours skipped
    SkipPidNamespace,           // the check runs in a process that is not pid 1
    SkipReadOnlyRoot,           // "/" is a tmpfs but writable
    NoFilterCountRecorded,      // the caller did not record Seccomp_filters before our filter
    ForeignFilterInsteadOfOurs, // a filter that is not ours goes on where ours should (the count grows)
    WithNotifier,               // ours and the exec-event notifier: two filters, a listener (passes)
    NotifierMissing,            // the notifier is expected but was not installed
    ExtraFilterAfterOurs,       // one filter more than ours went on
    NotifierFdNotAListener      // two filters, but the "listener" is some other descriptor
};

void installAllowAllFilter()
{
    sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
    sock_fprog prog{1, &allow};
    if (::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) != 0)
        ::_exit(86);
}

// The sandbox's root, as the shim leaves it: a tmpfs (read-only unless `writable`) with /proc.
// Without a pid namespace of our own, a new proc cannot be mounted: the host's is bound instead.
void enterTmpfsRoot(bool writable, bool ownPidNamespace)
{
    char dir[] = "/tmp/cordon-selfcheck-XXXXXX";
    if (::mkdtemp(dir) == nullptr)
        ::_exit(87);
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
        ::mount("tmpfs", dir, "tmpfs", 0, "mode=0755") != 0)
        ::_exit(88);
    const std::string proc = std::string(dir) + "/proc";
    if (::mkdir(proc.c_str(), 0555) != 0)
        ::_exit(89);
    if (ownPidNamespace ? ::mount("proc", proc.c_str(), "proc", 0, nullptr) != 0
                        : ::mount("/proc", proc.c_str(), nullptr, MS_BIND | MS_REC, nullptr) != 0)
        ::_exit(89);
    if (!writable && ::mount(nullptr, dir, nullptr, MS_REMOUNT | MS_RDONLY, "mode=0755") != 0)
        ::_exit(90);
    if (::chroot(dir) != 0 || ::chdir("/") != 0)
        ::_exit(91);
}

void writeMap(const char* file, const char* content)
{
    const int fd = ::open(file, O_WRONLY | O_CLOEXEC);
    if (fd < 0 || ::write(fd, content, std::strlen(content)) < 0 || ::close(fd) != 0)
        ::_exit(83);
}

ChildResult confineAndVerify(Skip skip)
{
    return runInChild([skip](int) {
        const uid_t uid = ::getuid();
        const gid_t gid = ::getgid();
        int flags = CLONE_NEWUSER | CLONE_NEWNS;
        if (skip != SkipNetworkNamespace)
            flags |= CLONE_NEWNET;
        if (skip != SkipPidNamespace)
            flags |= CLONE_NEWPID;
        if (::unshare(flags) != 0)
            return 84;
        char map[64];
        std::snprintf(map, sizeof map, "0 %u 1", uid);
        writeMap("/proc/self/uid_map", map);
        writeMap("/proc/self/setgroups", "deny");
        std::snprintf(map, sizeof map, "0 %u 1", gid);
        writeMap("/proc/self/gid_map", map);

        // The check runs in pid 1 of the new pid namespace (the shim), or in this process for
        // SkipPidNamespace; the forking process only passes its child's outcome on.
        const pid_t init = ::fork();
        if (init < 0)
            return 92;
        if (init > 0) {
            int status = 0;
            if (::waitpid(init, &status, 0) != init)
                return 93;
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        enterTmpfsRoot(skip == SkipReadOnlyRoot, skip != SkipPidNamespace);

        confine::UniqueFd canary;
        if (skip != SkipCanary)
            canary = confine::prepareLandlockCanary();
        if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
            return 85;
        if (skip == InheritedFilterSkipSeccomp)
            installAllowAllFilter();
        if (skip != SkipLandlock) {
            confine::LandlockRule root;
            root.path = "/";
            root.listOnly = true;
            confine::LandlockRule proc;
            proc.path = "/proc";
            confine::applyLandlock({root, proc}, 0);
        }
        if (skip != SkipCapabilities)
            confine::dropAllCapabilities();
        const int filtersBefore = confine::seccompFilterCount();
        if (skip == ForeignFilterInsteadOfOurs)
            installAllowAllFilter();
        else if (skip != SkipSeccomp && skip != InheritedFilterSkipSeccomp)
            confine::installSeccompFilter();
        confine::UniqueFd notifier;
        if (skip == WithNotifier)
            notifier = confine::SeccompNotifier::install();
        if (skip == ExtraFilterAfterOurs || skip == NotifierFdNotAListener)
            installAllowAllFilter();
        if (skip == NotifierFdNotAListener)
            notifier = confine::UniqueFd(::open("/proc/self/status", O_RDONLY | O_CLOEXEC));

        confine::SelfCheckExpectations expected;
        const bool notifierExpected = skip == WithNotifier || skip == NotifierMissing || skip == NotifierFdNotAListener;
        expected.ownSeccompFilters = notifierExpected ? 2 : 1;
        expected.notifierFd = notifier.get();
        expected.landlock = true;
        expected.seccomp = true;
        expected.seccompFiltersBefore = skip == NoFilterCountRecorded ? -1 : filtersBefore;
        expected.namespaces = true;
        expected.landlockCanaryFd = canary.release();
        confine::verifyConfinement(expected);
        ::_exit(0);
    });
}

} // namespace

class TestSelfCheck : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyLayerInForcePasses()
    {
        const ChildResult r = confineAndVerify(SkipNothing);
        QVERIFY2(r.exited && r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY(r.stderrText.isEmpty());
    }

    // With exec events the shim installs two filters; both are counted, and the listener checked.
    void everyLayerWithTheNotifierPasses()
    {
        const ChildResult r = confineAndVerify(WithNotifier);
        QVERIFY2(r.exited && r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY(r.stderrText.isEmpty());
    }

    void missingLayerIsRefused_data()
    {
        QTest::addColumn<int>("skip");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("seccomp") << int(SkipSeccomp)
                                 << QByteArrayLiteral("refusing to run: the seccomp filter is not in force");
        QTest::newRow("landlock") << int(SkipLandlock)
                                  << QByteArrayLiteral("refusing to run: Landlock is not in force (a file could be "
                                                       "created outside every rule)");
        QTest::newRow("capabilities") << int(SkipCapabilities)
                                      << QByteArrayLiteral("refusing to run: the capability drop is not in force");
        QTest::newRow("network namespace")
            << int(SkipNetworkNamespace) << QByteArrayLiteral("refusing to run: the network namespace is not in force");
        QTest::newRow("no canary") << int(SkipCanary)
                                   << QByteArrayLiteral("refusing to run: Landlock is not in force (no canary");
        // Security review M2: "Seccomp: 2" alone is inherited from a filtered launcher.
        QTest::newRow("inherited filter, ours skipped")
            << int(InheritedFilterSkipSeccomp)
            << QByteArrayLiteral("refusing to run: the seccomp filter is not in force (Seccomp_filters is 1, was 1");
        QTest::newRow("foreign filter instead of ours")
            << int(ForeignFilterInsteadOfOurs)
            << QByteArrayLiteral("refusing to run: the seccomp filter is not in force (the clone3 canary got EINVAL "
                                 "instead of ENOSYS)");
        QTest::newRow("filter count not recorded")
            << int(NoFilterCountRecorded) << QByteArrayLiteral("refusing to run: the seccomp filter is not verifiable");
        QTest::newRow("pid namespace") << int(SkipPidNamespace)
                                       << QByteArrayLiteral("refusing to run: the pid namespace is not in force");
        QTest::newRow("writable root") << int(SkipReadOnlyRoot)
                                       << QByteArrayLiteral("refusing to run: the sandbox's root is not in force");
        QTest::newRow("notifier missing")
            << int(NotifierMissing) << QByteArrayLiteral("refusing to run: the seccomp filters are not as installed");
        QTest::newRow("extra filter") << int(ExtraFilterAfterOurs)
                                      << QByteArrayLiteral("refusing to run: the seccomp filters are not as installed");
        QTest::newRow("notifier descriptor not a listener")
            << int(NotifierFdNotAListener)
            << QByteArrayLiteral("refusing to run: the exec-event notifier is not in force");
    }

    void missingLayerIsRefused()
    {
        QFETCH(int, skip);
        QFETCH(QByteArray, message);
        const ChildResult r = confineAndVerify(static_cast<Skip>(skip));
        QVERIFY2(r.exited && r.exitCode == 123, qPrintable(r.describe()));
        QVERIFY2(r.stderrText.contains(message), qPrintable(r.describe()));
    }
};

QTEST_GUILESS_MAIN(TestSelfCheck)
#include "tst_selfcheck.moc"
