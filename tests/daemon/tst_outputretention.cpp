// OutputRetention (helper/daemon): which output logs of ended sessions go, on real files in a
// temporary directory: too old, run no longer in the journal, over the size budget (oldest first);
// a running session's log, a link and a directory are left alone.

#include "OutputRetention.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sys/stat.h>

using cordon::helperd::OutputRetention;

namespace {

constexpr qint64 kDayMs = qint64(24) * 3600 * 1000;

// A log of `bytes` bytes last written `ageMs` before `now`.
bool makeLog(const QString& path, qint64 bytes, qint64 now, qint64 ageMs)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(QByteArray(bytes, 'x')) != bytes)
        return false;
    f.close();
    const qint64 t = now - ageMs;
    const timespec times[2] = {{t / 1000, (t % 1000) * 1000000}, {t / 1000, (t % 1000) * 1000000}};
    return ::utimensat(AT_FDCWD, QFile::encodeName(path).constData(), times, AT_SYMLINK_NOFOLLOW) == 0;
}

} // namespace

class TestOutputRetention : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void oldAndForgottenLogsGoLiveOnesStay();
    void overBudgetTheOldestGoFirst();
    void linksAndDirectoriesAreLeftAlone();
};

void TestOutputRetention::oldAndForgottenLogsGoLiveOnesStay()
{
    QTemporaryDir dir;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QString d = dir.path();
    QVERIFY(makeLog(d + QStringLiteral("/old-1.log"), 100, now, 40 * kDayMs));     // too old
    QVERIFY(makeLog(d + QStringLiteral("/pruned-2.log"), 100, now, 1 * kDayMs));   // run gone
    QVERIFY(makeLog(d + QStringLiteral("/recent-3.log"), 100, now, 1 * kDayMs));   // kept
    QVERIFY(makeLog(d + QStringLiteral("/running-4.log"), 100, now, 60 * kDayMs)); // live: kept
    QVERIFY(makeLog(d + QStringLiteral("/notes.txt"), 100, now, 60 * kDayMs));     // not a log
    OutputRetention retention;
    const auto report =
        retention.apply(d, {QStringLiteral("old-1"), QStringLiteral("recent-3")}, {QStringLiteral("running-4")}, now);
    QCOMPARE(report.removed, 2);
    QCOMPARE(report.bytesRemoved, 200);
    QVERIFY(!QFile::exists(d + QStringLiteral("/old-1.log")));
    QVERIFY(!QFile::exists(d + QStringLiteral("/pruned-2.log")));
    QVERIFY(QFile::exists(d + QStringLiteral("/recent-3.log")));
    QVERIFY(QFile::exists(d + QStringLiteral("/running-4.log")));
    QVERIFY(QFile::exists(d + QStringLiteral("/notes.txt")));
    QCOMPARE(report.bytesKept, 200);
}

void TestOutputRetention::overBudgetTheOldestGoFirst()
{
    QTemporaryDir dir;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QString d = dir.path();
    QVERIFY(makeLog(d + QStringLiteral("/a.log"), 4000, now, 5 * kDayMs));
    QVERIFY(makeLog(d + QStringLiteral("/b.log"), 4000, now, 3 * kDayMs));
    QVERIFY(makeLog(d + QStringLiteral("/c.log"), 4000, now, 1 * kDayMs));
    QVERIFY(makeLog(d + QStringLiteral("/live.log"), 4000, now, 9 * kDayMs)); // counts, never goes
    OutputRetention retention;
    retention.maxBytes = 10000;
    const QSet<QString> known{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("live")};
    const auto report = retention.apply(d, known, {QStringLiteral("live")}, now);
    // 16,000 bytes against 10,000: a (the oldest ended) and b go; c and the live one stay.
    QCOMPARE(report.removed, 2);
    QVERIFY(!QFile::exists(d + QStringLiteral("/a.log")));
    QVERIFY(!QFile::exists(d + QStringLiteral("/b.log")));
    QVERIFY(QFile::exists(d + QStringLiteral("/c.log")));
    QVERIFY(QFile::exists(d + QStringLiteral("/live.log")));
    QCOMPARE(report.bytesKept, 8000);
}

void TestOutputRetention::linksAndDirectoriesAreLeftAlone()
{
    QTemporaryDir dir;
    QTemporaryDir elsewhere;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QString d = dir.path();
    const QString target = elsewhere.filePath(QStringLiteral("precious"));
    QVERIFY(makeLog(target, 100, now, 90 * kDayMs));
    QVERIFY(QFile::link(target, d + QStringLiteral("/planted.log")));
    QVERIFY(QDir().mkpath(d + QStringLiteral("/dir.log")));
    OutputRetention retention;
    retention.maxBytes = 0;
    const auto report = retention.apply(d, {}, {}, now);
    QCOMPARE(report.removed, 0);
    QVERIFY(QFileInfo(d + QStringLiteral("/planted.log")).isSymLink());
    QVERIFY(QFile::exists(target));
    QVERIFY(QFileInfo(d + QStringLiteral("/dir.log")).isDir());
}

QTEST_GUILESS_MAIN(TestOutputRetention)
#include "tst_outputretention.moc"
