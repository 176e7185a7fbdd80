// ControlChannel: the daemon's lines parsed strictly, whatever arrives (fragments, floods, long
// lines, binary), never a blocking read, and end of file just closes the channel.

#include "ControlChannel.h"

#include <QTest>

#include <fcntl.h>
#include <unistd.h>

using cordon::confine::ControlChannel;
using cordon::confine::ControlCommand;
using cordon::confine::UniqueFd;

class TestControlChannel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<int>("kind");
        QTest::addColumn<qulonglong>("seconds");
        using K = ControlCommand::Kind;
        QTest::newRow("stop") << QByteArray("stop") << true << int(K::Stop) << 0ull;
        QTest::newRow("stop CRLF") << QByteArray("stop\r") << true << int(K::Stop) << 0ull;
        QTest::newRow("pause") << QByteArray("pause-input") << true << int(K::PauseInput) << 0ull;
        QTest::newRow("resume") << QByteArray("resume-input") << true << int(K::ResumeInput) << 0ull;
        QTest::newRow("winch") << QByteArray("winch") << true << int(K::Winch) << 0ull;
        QTest::newRow("extend") << QByteArray("extend 300") << true << int(K::Extend) << 300ull;
        QTest::newRow("extend max") << QByteArray("extend 31622400") << true << int(K::Extend) << 31622400ull;
        QTest::newRow("extend too much") << QByteArray("extend 31622401") << false << 0 << 0ull;
        QTest::newRow("extend zero") << QByteArray("extend 0") << false << 0 << 0ull;
        QTest::newRow("extend negative") << QByteArray("extend -5") << false << 0 << 0ull;
        QTest::newRow("extend unit") << QByteArray("extend 5m") << false << 0 << 0ull;
        QTest::newRow("extend empty") << QByteArray("extend ") << false << 0 << 0ull;
        QTest::newRow("extend overflow") << QByteArray("extend 99999999999999999999999") << false << 0 << 0ull;
        QTest::newRow("two spaces") << QByteArray("extend  5") << false << 0 << 0ull;
        QTest::newRow("upper case") << QByteArray("STOP") << false << 0 << 0ull;
        QTest::newRow("trailing space") << QByteArray("stop ") << false << 0 << 0ull;
        QTest::newRow("empty") << QByteArray("") << false << 0 << 0ull;
        QTest::newRow("NUL") << QByteArray("stop\0", 5) << false << 0 << 0ull;
    }

    void parse()
    {
        QFETCH(QByteArray, line);
        QFETCH(bool, ok);
        QFETCH(int, kind);
        QFETCH(qulonglong, seconds);
        ControlCommand command;
        std::string why;
        QCOMPARE(ControlChannel::parse(line.toStdString(), command, why), ok);
        if (ok) {
            QCOMPARE(int(command.kind), kind);
            QCOMPARE(qulonglong(command.seconds), seconds);
        } else {
            QVERIFY(!why.empty());
            for (char c : why)
                QVERIFY2(c >= 0x20 && c < 0x7f, why.c_str()); // printable: safe on any stderr
        }
    }

    void readsFragmentsFloodsAndEndOfFile()
    {
        int p[2];
        QCOMPARE(::pipe2(p, O_CLOEXEC), 0);
        ControlChannel channel{UniqueFd(p[0])};
        std::vector<ControlCommand> commands;
        std::vector<std::string> ignored;
        channel.read(commands, ignored); // nothing there: returns at once (non-blocking)
        QVERIFY(commands.empty() && ignored.empty());
        QCOMPARE(::write(p[1], "ext", 3), 3);
        channel.read(commands, ignored);
        QVERIFY(commands.empty()); // half a line waits
        const QByteArray rest = "end 10\nstop\n" + QByteArray(1000, 'z') + "\nwinch\n\x1b\x07\n";
        QCOMPARE(::write(p[1], rest.constData(), size_t(rest.size())), rest.size());
        channel.read(commands, ignored);
        QCOMPARE(commands.size(), std::size_t(3));
        QCOMPARE(int(commands[0].kind), int(ControlCommand::Kind::Extend));
        QCOMPARE(commands[0].seconds, 10ull);
        QCOMPARE(int(commands[1].kind), int(ControlCommand::Kind::Stop));
        QCOMPARE(int(commands[2].kind), int(ControlCommand::Kind::Winch));
        QCOMPARE(ignored.size(), std::size_t(2)); // the long line once, the binary one
        QVERIFY(QByteArray::fromStdString(ignored[0]).contains("longer than 256"));
        QVERIFY(ignored[1].find('\x1b') == std::string::npos);
        QVERIFY(channel.fd() >= 0);
        ::close(p[1]);
        commands.clear();
        channel.read(commands, ignored);
        QCOMPARE(channel.fd(), -1); // end of file: closed, and not a command
        QVERIFY(commands.empty());
    }
};

QTEST_GUILESS_MAIN(TestControlChannel)
#include "tst_controlchannel.moc"
