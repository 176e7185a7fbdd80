// Durations, sizes and limit bounds: the units people write in profiles and on the command line.

#include "ByteSize.h"
#include "Duration.h"
#include "Limits.h"

#include <QJsonValue>
#include <QTest>

using namespace cordon;

class TestUnits final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void durations_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<qint64>("seconds");
        QTest::newRow("30s") << QStringLiteral("30s") << true << qint64(30);
        QTest::newRow("10m") << QStringLiteral("10m") << true << qint64(600);
        QTest::newRow("2h") << QStringLiteral("2h") << true << qint64(7200);
        QTest::newRow("1d") << QStringLiteral("1d") << true << qint64(86400);
        QTest::newRow("no unit") << QStringLiteral("90") << false << qint64(0);
        QTest::newRow("unknown unit") << QStringLiteral("5w") << false << qint64(0);
        QTest::newRow("negative") << QStringLiteral("-5s") << false << qint64(0);
        QTest::newRow("fraction") << QStringLiteral("1.5h") << false << qint64(0);
        QTest::newRow("space") << QStringLiteral("5 m") << false << qint64(0);
        QTest::newRow("empty") << QString() << false << qint64(0);
        QTest::newRow("overflow") << QStringLiteral("99999999999d") << false << qint64(0);
    }
    void durations()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QFETCH(qint64, seconds);
        qint64 v = -1;
        QString expected;
        QCOMPARE(Duration::parse(text, &v, &expected), ok);
        if (ok) {
            QCOMPARE(v, seconds);
            QCOMPARE(Duration::format(v), text);
        } else {
            QVERIFY(expected.contains(QStringLiteral("expected a duration like 30s")));
        }
    }

    void sizes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<qint64>("bytes");
        QTest::newRow("512K") << QStringLiteral("512K") << true << qint64(512) * 1024;
        QTest::newRow("2M") << QStringLiteral("2M") << true << qint64(2) * 1024 * 1024;
        QTest::newRow("4G") << QStringLiteral("4G") << true << (qint64(4) << 30);
        QTest::newRow("1T") << QStringLiteral("1T") << true << (qint64(1) << 40);
        QTest::newRow("lower case") << QStringLiteral("4g") << false << qint64(0);
        QTest::newRow("no unit") << QStringLiteral("4096") << false << qint64(0);
        QTest::newRow("decimal unit") << QStringLiteral("4GB") << false << qint64(0);
        QTest::newRow("fraction") << QStringLiteral("1.5G") << false << qint64(0);
        QTest::newRow("overflow") << QStringLiteral("99999999999T") << false << qint64(0);
    }
    void sizes()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QFETCH(qint64, bytes);
        qint64 v = -1;
        QString expected;
        QCOMPARE(ByteSize::parse(text, &v, &expected), ok);
        if (ok) {
            QCOMPARE(v, bytes);
            QCOMPARE(ByteSize::format(v), text);
        } else {
            QCOMPARE(expected, QStringLiteral("expected a size like 512M or 4G"));
        }
    }

    void bounds_data()
    {
        QTest::addColumn<int>("key");
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::newRow("memory 16M") << int(LimitKey::Memory) << QStringLiteral("16M") << true;
        QTest::newRow("memory 15M") << int(LimitKey::Memory) << QStringLiteral("15M") << false;
        QTest::newRow("memory 1T") << int(LimitKey::Memory) << QStringLiteral("1T") << true;
        QTest::newRow("memory 2T") << int(LimitKey::Memory) << QStringLiteral("2T") << false;
        QTest::newRow("pids 8") << int(LimitKey::Pids) << QStringLiteral("8") << true;
        QTest::newRow("pids 7") << int(LimitKey::Pids) << QStringLiteral("7") << false;
        QTest::newRow("pids max") << int(LimitKey::Pids) << QStringLiteral("4194304") << true;
        QTest::newRow("pids above") << int(LimitKey::Pids) << QStringLiteral("4194305") << false;
        QTest::newRow("timeout 366d") << int(LimitKey::Timeout) << QStringLiteral("366d") << true;
        QTest::newRow("timeout 367d") << int(LimitKey::Timeout) << QStringLiteral("367d") << false;
        QTest::newRow("timeout 0s") << int(LimitKey::Timeout) << QStringLiteral("0s") << false;
        QTest::newRow("cpu 0.5") << int(LimitKey::Cpu) << QStringLiteral("0.5") << true;
        QTest::newRow("cpu 0") << int(LimitKey::Cpu) << QStringLiteral("0") << false;
        QTest::newRow("cpu -1") << int(LimitKey::Cpu) << QStringLiteral("-1") << false;
        QTest::newRow("cpu 1024") << int(LimitKey::Cpu) << QStringLiteral("1024") << true;
        QTest::newRow("cpu 1025") << int(LimitKey::Cpu) << QStringLiteral("1025") << false;
        QTest::newRow("cpu nan") << int(LimitKey::Cpu) << QStringLiteral("nan") << false;
        QTest::newRow("openFiles 15") << int(LimitKey::OpenFiles) << QStringLiteral("15") << false;
    }
    void bounds()
    {
        QFETCH(int, key);
        QFETCH(QString, text);
        QFETCH(bool, ok);
        qint64 v = 0;
        QString expected;
        QCOMPARE(Limits::parseText(static_cast<LimitKey>(key), text, &v, &expected), ok);
        QCOMPARE(expected.isEmpty(), ok);
    }

    void cpuIsMilli()
    {
        qint64 v = 0;
        QString expected;
        QVERIFY(Limits::parseJson(LimitKey::Cpu, QJsonValue(0.5), &v, &expected));
        QCOMPARE(v, qint64(500));
        QCOMPARE(Limits::format(LimitKey::Cpu, v), QStringLiteral("0.5"));
        QVERIFY(Limits::parseJson(LimitKey::Pids, QJsonValue(1024), &v, &expected));
        QCOMPARE(v, qint64(1024));
        QVERIFY(!Limits::parseJson(LimitKey::Pids, QJsonValue(10.5), &v, &expected));
        QVERIFY(!Limits::parseJson(LimitKey::Memory, QJsonValue(4096), &v, &expected));
    }
};

QTEST_GUILESS_MAIN(TestUnits)
#include "tst_units.moc"
