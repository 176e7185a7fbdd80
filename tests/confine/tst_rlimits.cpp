// applyRlimits() against the real kernel: RLIMIT_NOFILE stops descriptors at the limit
// (EMFILE), RLIMIT_FSIZE stops a write at the limit (EFBIG), core dumps are off, and a request
// above the current hard limit never raises it.

#include "ForkedChild.h"
#include "Rlimits.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

using cordon::test::ChildResult;
using cordon::test::reportCall;
using cordon::test::reportLine;
using cordon::test::reportValue;
using cordon::test::runInChild;

class TestRlimits : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void openFilesLimitStopsAtEmfile()
    {
        auto countOpenable = [](bool apply) {
            return runInChild([apply](int fd) {
                if (apply) {
                    cordon::spec::Limits limits;
                    limits.openFiles = 32;
                    cordon::confine::applyRlimits(limits);
                }
                struct rlimit lim { };
                ::getrlimit(RLIMIT_NOFILE, &lim);
                reportLine(fd, "soft", static_cast<long long>(lim.rlim_cur));
                reportLine(fd, "hard", static_cast<long long>(lim.rlim_max));
                int opened = 0;
                int lastErrno = 0;
                for (int i = 0; i < 200; ++i) {
                    if (::open("/dev/null", O_RDONLY) < 0) {
                        lastErrno = errno;
                        break;
                    }
                    ++opened;
                }
                reportLine(fd, "opened", opened);
                reportLine(fd, "errno", lastErrno);
                return 0;
            });
        };
        const ChildResult control = countOpenable(false);
        QVERIFY2(control.exited && control.exitCode == 0, qPrintable(control.describe()));
        QCOMPARE(reportValue(control.report, "opened"), 200LL); // unlimited enough without the limit

        const ChildResult r = countOpenable(true);
        QVERIFY2(r.exited && r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(reportValue(r.report, "soft"), 32LL);
        QCOMPARE(reportValue(r.report, "hard"), 32LL);
        QCOMPARE(reportValue(r.report, "errno"), static_cast<long long>(EMFILE));
        QVERIFY(reportValue(r.report, "opened") < 32); // stdio and the report pipe count too
    }

    void fileSizeLimitStopsWriteAtEfbig()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QByteArray path = QFile::encodeName(dir.filePath(QStringLiteral("big")));
        const ChildResult r = runInChild([&](int fd) {
            ::signal(SIGXFSZ, SIG_IGN); // EFBIG instead of the default SIGXFSZ kill
            cordon::spec::Limits limits;
            limits.fileSizeBytes = 4096;
            cordon::confine::applyRlimits(limits);
            const int out = ::open(path.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
            if (out < 0)
                return 70;
            char block[4096] = {};
            long rc = ::write(out, block, sizeof block);
            reportCall(fd, "first", rc, errno);
            rc = ::write(out, block, 1);
            reportCall(fd, "second", rc, errno);
            ::close(out);
            return 0;
        });
        QVERIFY2(r.exited && r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(reportValue(r.report, "first.rc"), 4096LL);
        QCOMPARE(reportValue(r.report, "second.rc"), -1LL);
        QCOMPARE(reportValue(r.report, "second.errno"), static_cast<long long>(EFBIG));
    }

    void coreDumpsAlwaysOff()
    {
        const ChildResult r = runInChild([](int fd) {
            const struct rlimit some = {1 << 20, 1 << 20};
            if (::setrlimit(RLIMIT_CORE, &some) != 0)
                return 71;
            cordon::confine::applyRlimits(cordon::spec::Limits{});
            struct rlimit lim { };
            ::getrlimit(RLIMIT_CORE, &lim);
            reportLine(fd, "soft", static_cast<long long>(lim.rlim_cur));
            reportLine(fd, "hard", static_cast<long long>(lim.rlim_max));
            return 0;
        });
        QVERIFY2(r.exited && r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(reportValue(r.report, "soft"), 0LL);
        QCOMPARE(reportValue(r.report, "hard"), 0LL);
    }

    void neverRaisesTheHardLimit()
    {
        const ChildResult r = runInChild([](int fd) {
            const struct rlimit low = {64, 64};
            if (::setrlimit(RLIMIT_NOFILE, &low) != 0)
                return 72;
            cordon::spec::Limits limits;
            limits.openFiles = 4096;
            cordon::confine::applyRlimits(limits);
            struct rlimit lim { };
            ::getrlimit(RLIMIT_NOFILE, &lim);
            reportLine(fd, "soft", static_cast<long long>(lim.rlim_cur));
            reportLine(fd, "hard", static_cast<long long>(lim.rlim_max));
            return 0;
        });
        QVERIFY2(r.exited && r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(reportValue(r.report, "soft"), 64LL);
        QCOMPARE(reportValue(r.report, "hard"), 64LL);
        QVERIFY2(r.stderrText.contains("above the launcher's hard limit"), qPrintable(r.describe()));
    }
};

QTEST_GUILESS_MAIN(TestRlimits)
#include "tst_rlimits.moc"
