// verifyConfinement() against the real kernel: a child that applies every layer in the
// sandbox's order passes; a child that leaves out one layer is refused with exit 123
// (SandboxUnavailable) and a message naming that layer. The passing run is the control that
// shows each refusal comes from the missing layer and nothing else.

#include "Capabilities.h"
#include "ForkedChild.h"
#include "Landlock.h"
#include "SeccompFilter.h"
#include "SelfCheck.h"

#include <QTest>

#include <cstring>
#include <fcntl.h>
#include <sched.h>
#include <sys/prctl.h>
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
    SkipCanary
};

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
        if (::unshare(flags) != 0)
            return 84;
        char map[64];
        std::snprintf(map, sizeof map, "0 %u 1", uid);
        writeMap("/proc/self/uid_map", map);
        writeMap("/proc/self/setgroups", "deny");
        std::snprintf(map, sizeof map, "0 %u 1", gid);
        writeMap("/proc/self/gid_map", map);

        confine::UniqueFd canary;
        if (skip != SkipCanary)
            canary = confine::prepareLandlockCanary();
        if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
            return 85;
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
        if (skip != SkipSeccomp)
            confine::installSeccompFilter();

        confine::SelfCheckExpectations expected;
        expected.landlock = true;
        expected.seccomp = true;
        expected.landlockCanaryFd = canary.release();
        confine::verifyConfinement(expected);
        return 0;
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
