// JsonLineChannel and DeciderChannel over real socketpairs: the proxy's end is a plain descriptor
// this test reads and writes, as cordon-proxy would.

#include "DeciderChannel.h"
#include "JsonLineChannel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <cerrno>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace cordon::helperd;

namespace {

// The test's end of a socketpair; the other end goes to the channel under test.
struct Pair {
    int peer = -1;
    int ours = -1;
    Pair()
    {
        int fds[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) == 0) {
            ours = fds[0];
            peer = fds[1];
        }
    }
    ~Pair()
    {
        if (peer >= 0)
            ::close(peer);
    }
    Pair(const Pair&) = delete;
    Pair& operator=(const Pair&) = delete;

    bool write(const QByteArray& bytes) const
    {
        qsizetype done = 0;
        while (done < bytes.size()) {
            const ssize_t n = ::send(peer, bytes.constData() + done, size_t(bytes.size() - done), MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return false;
            done += n;
        }
        return true;
    }
    // Reads what arrives within timeoutMs, spinning the event loop so the channel can write.
    QByteArray readLines(int lines, int timeoutMs = 2000) const
    {
        QByteArray got;
        QElapsedTimer timer;
        timer.start();
        while (got.count('\n') < lines && timer.elapsed() < timeoutMs) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
            pollfd p{peer, POLLIN, 0};
            if (::poll(&p, 1, 10) > 0 && (p.revents & POLLIN)) {
                char buf[65536];
                const ssize_t n = ::recv(peer, buf, sizeof buf, MSG_DONTWAIT);
                if (n <= 0)
                    break;
                got.append(buf, n);
            }
        }
        return got;
    }
    bool peerSeesEof(int timeoutMs = 2000) const
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
            pollfd p{peer, POLLIN, 0};
            if (::poll(&p, 1, 10) > 0) {
                char c;
                const ssize_t n = ::recv(peer, &c, 1, MSG_DONTWAIT);
                if (n == 0 || (n < 0 && errno != EAGAIN))
                    return true;
            }
        }
        return false;
    }
};

QByteArray line(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

QJsonObject validAsk(qint64 id = 7)
{
    return QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("kind"), QStringLiteral("net")},
        {QStringLiteral("host"), QStringLiteral("api.example.com")}, {QStringLiteral("port"), 443},
        {QStringLiteral("proto"), QStringLiteral("connect")}, {QStringLiteral("peer_pid"), 123},
        {QStringLiteral("peer"),
            QJsonObject{{QStringLiteral("pid"), 45}, {QStringLiteral("exe"), QStringLiteral("/usr/bin/node")},
                {QStringLiteral("argv"), QJsonArray{QStringLiteral("node"), QStringLiteral("cli.js")}}}}};
}

} // namespace

class TestDeciderChannel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void lineChannelRoundTrip();
    void lineChannelSplitAndBatchedLines();
    void lineChannelMalformedIsNotFatal();
    void lineChannelOversizedLineCloses();
    void lineChannelPeerCloses();
    void lineChannelQueueBound();
    void lineChannelTakesOwnership();
    void validAsk();
    void askWithoutPeer();
    void badAsksAreIgnored_data();
    void badAsksAreIgnored();
    void oversizedLineClosesDecider();
    void answerWireFormat();
    void revokeAndGrantLines();
    void secretAsks();
    void secretAnswerWireFormat();
};

void TestDeciderChannel::lineChannelRoundTrip()
{
    Pair pair;
    QVERIFY(pair.ours >= 0);
    JsonLineChannel channel(pair.ours);
    QVERIFY(channel.isOpen());
    QVERIFY(fcntl(channel.fd(), F_GETFL) & O_NONBLOCK);
    QSignalSpy lines(&channel, &JsonLineChannel::line);
    QVERIFY(pair.write("{\"a\":1}\n"));
    QTRY_COMPARE(lines.size(), 1);
    QCOMPARE(lines.at(0).at(0).toJsonObject().value(u"a").toInt(), 1);
    QVERIFY(channel.send(QJsonObject{{QStringLiteral("b"), QStringLiteral("x")}}));
    QCOMPARE(pair.readLines(1), QByteArray("{\"b\":\"x\"}\n"));
}

void TestDeciderChannel::lineChannelSplitAndBatchedLines()
{
    Pair pair;
    JsonLineChannel channel(pair.ours);
    QSignalSpy lines(&channel, &JsonLineChannel::line);
    QVERIFY(pair.write("{\"n\":"));
    QTest::qWait(20);
    QCOMPARE(lines.size(), 0);
    QVERIFY(pair.write("1}\n{\"n\":2}\n{\"n\":3}"));
    QTRY_COMPARE(lines.size(), 2);
    QVERIFY(pair.write("\n"));
    QTRY_COMPARE(lines.size(), 3);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(lines.at(i).at(0).toJsonObject().value(u"n").toInt(), i + 1);
}

void TestDeciderChannel::lineChannelMalformedIsNotFatal()
{
    Pair pair;
    JsonLineChannel channel(pair.ours);
    QSignalSpy lines(&channel, &JsonLineChannel::line);
    QSignalSpy malformed(&channel, &JsonLineChannel::malformed);
    QSignalSpy closed(&channel, &JsonLineChannel::closed);
    QVERIFY(pair.write("not json\n[1,2]\n\"s\"\n\n{\"ok\":true}\n"));
    QTRY_COMPARE(lines.size(), 1);
    QCOMPARE(malformed.size(), 4);
    QCOMPARE(malformed.at(1).at(0).toString(), QStringLiteral("not a JSON object"));
    QCOMPARE(closed.size(), 0);
    QVERIFY(channel.isOpen());
}

void TestDeciderChannel::lineChannelOversizedLineCloses()
{
    Pair pair;
    JsonLineChannel channel(pair.ours, 1024);
    QSignalSpy lines(&channel, &JsonLineChannel::line);
    QSignalSpy malformed(&channel, &JsonLineChannel::malformed);
    QSignalSpy closed(&channel, &JsonLineChannel::closed);
    // Exactly at the bound (1024 bytes with the newline): accepted.
    QByteArray fits = "{\"s\":\"" + QByteArray(1024 - 9, 'a') + "\"}\n";
    QCOMPARE(fits.size(), 1024);
    QVERIFY(pair.write(fits));
    QTRY_COMPARE(lines.size(), 1);
    // One byte more, without even a newline: refused and closed.
    QVERIFY(pair.write("{\"s\":\"" + QByteArray(1024, 'a')));
    QTRY_COMPARE(closed.size(), 1);
    QCOMPARE(malformed.size(), 1);
    QVERIFY(malformed.at(0).at(0).toString().contains(QStringLiteral("longer than 1024")));
    QVERIFY(!channel.isOpen());
    QVERIFY(!channel.send(QJsonObject{{QStringLiteral("x"), 1}}));
    QVERIFY(pair.peerSeesEof());
    QTest::qWait(20);
    QCOMPARE(closed.size(), 1); // once
}

void TestDeciderChannel::lineChannelPeerCloses()
{
    Pair pair;
    JsonLineChannel channel(pair.ours);
    QSignalSpy lines(&channel, &JsonLineChannel::line);
    QSignalSpy closed(&channel, &JsonLineChannel::closed);
    QVERIFY(pair.write("{\"last\":1}\n"));
    ::close(pair.peer);
    pair.peer = -1;
    QTRY_COMPARE(closed.size(), 1);
    QCOMPARE(lines.size(), 1); // what came before the end is delivered
    QVERIFY(!channel.isOpen());
    channel.close();
    QCOMPARE(closed.size(), 1);
}

void TestDeciderChannel::lineChannelQueueBound()
{
    Pair pair;
    JsonLineChannel channel(pair.ours);
    QSignalSpy closed(&channel, &JsonLineChannel::closed);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("does not read")));
    // The peer never reads: the socket buffer fills, then the 4 MiB queue, then the channel closes.
    const QJsonObject big{{QStringLiteral("s"), QString(60000, u'x')}};
    int sent = 0;
    while (channel.send(big) && sent < 1000)
        ++sent;
    QVERIFY(sent < 1000);
    QVERIFY(qint64(sent) * 60000 >= JsonLineChannel::kMaxQueuedBytes);
    QVERIFY(!channel.isOpen());
    QCOMPARE(closed.size(), 0); // not inside send()
    QTRY_COMPARE(closed.size(), 1);
}

void TestDeciderChannel::lineChannelTakesOwnership()
{
    Pair pair;
    const int fd = pair.ours;
    {
        JsonLineChannel channel(fd);
        QVERIFY(fcntl(fd, F_GETFD) >= 0);
    }
    QCOMPARE(fcntl(fd, F_GETFD), -1);
    QVERIFY(pair.peerSeesEof());
}

void TestDeciderChannel::validAsk()
{
    Pair pair;
    DeciderChannel decider(pair.ours);
    QSignalSpy asked(&decider, &DeciderChannel::asked);
    QVERIFY(pair.write(line(::validAsk(7))));
    QTRY_COMPARE(asked.size(), 1);
    const QList<QVariant> args = asked.at(0);
    QCOMPARE(args.at(0).toLongLong(), 7);
    QCOMPARE(args.at(1).toString(), QStringLiteral("api.example.com"));
    QCOMPARE(args.at(2).toInt(), 443);
    QCOMPARE(args.at(3).toString(), QStringLiteral("connect"));
    const QJsonObject peer = args.at(4).toJsonObject();
    QCOMPARE(peer.value(u"pid").toInteger(), 45);
    QCOMPARE(peer.value(u"exe").toString(), QStringLiteral("/usr/bin/node"));
    QCOMPARE(peer.value(u"argv").toArray().size(), 2);
    QCOMPARE(peer.value(u"peer_pid").toInteger(), 123);
}

void TestDeciderChannel::askWithoutPeer()
{
    Pair pair;
    DeciderChannel decider(pair.ours);
    QSignalSpy asked(&decider, &DeciderChannel::asked);
    QVERIFY(pair.write("{\"id\":9007199254740992,\"kind\":\"net\",\"host\":\"2001:db8::1\",\"port\":65535,"
                       "\"proto\":\"socks5\"}\n"));
    QTRY_COMPARE(asked.size(), 1);
    QCOMPARE(asked.at(0).at(0).toLongLong(), 9007199254740992LL);
    QCOMPARE(asked.at(0).at(1).toString(), QStringLiteral("2001:db8::1"));
    QVERIFY(asked.at(0).at(4).toJsonObject().isEmpty());
}

void TestDeciderChannel::badAsksAreIgnored_data()
{
    QTest::addColumn<QByteArray>("bytes");
    const auto with = [](const char* key, const QJsonValue& value) {
        QJsonObject o = ::validAsk(7);
        o.insert(QLatin1String(key), value);
        return line(o);
    };
    const auto without = [](const char* key) {
        QJsonObject o = ::validAsk(7);
        o.remove(QLatin1String(key));
        return line(o);
    };
    const auto peerWith = [](const char* key, const QJsonValue& value) {
        QJsonObject o = ::validAsk(7);
        QJsonObject peer = o.value(u"peer").toObject();
        peer.insert(QLatin1String(key), value);
        o.insert(QStringLiteral("peer"), peer);
        return line(o);
    };
    QTest::newRow("not json") << QByteArray("{\"id\":7,\n");
    QTest::newRow("array") << QByteArray("[1]\n");
    QTest::newRow("empty line") << QByteArray("\n");
    QTest::newRow("no id") << without("id");
    QTest::newRow("id 0") << with("id", 0);
    QTest::newRow("id negative") << with("id", -3);
    QTest::newRow("id fraction") << with("id", 7.5);
    QTest::newRow("id string") << with("id", QStringLiteral("7"));
    QTest::newRow("id too big") << with("id", 9007199254740994.0);
    QTest::newRow("kind secret") << with("kind", QStringLiteral("secret"));
    QTest::newRow("no kind") << without("kind");
    QTest::newRow("no host") << without("host");
    QTest::newRow("host number") << with("host", 5);
    QTest::newRow("host empty") << with("host", QString());
    QTest::newRow("host 256 bytes") << with("host", QString(256, u'a'));
    QTest::newRow("host nul") << with("host", QStringLiteral("a\u0000.example.com"));
    QTest::newRow("host escape") << with("host", QStringLiteral("a\u001b[31m.example.com"));
    QTest::newRow("host space") << with("host", QStringLiteral("a b.example.com"));
    QTest::newRow("host slash") << with("host", QStringLiteral("a.example.com/x"));
    QTest::newRow("host non-ascii") << with("host", QStringLiteral("b\u00fccher.example"));
    QTest::newRow("host bidi") << with("host", QStringLiteral("a\u202e.example.com"));
    QTest::newRow("port 0") << with("port", 0);
    QTest::newRow("port 65536") << with("port", 65536);
    QTest::newRow("port string") << with("port", QStringLiteral("443"));
    QTest::newRow("port fraction") << with("port", 443.5);
    QTest::newRow("no port") << without("port");
    QTest::newRow("no proto") << without("proto");
    QTest::newRow("proto upper") << with("proto", QStringLiteral("CONNECT"));
    QTest::newRow("proto long") << with("proto", QString(17, u'a'));
    QTest::newRow("unknown field") << with("allow", true);
    QTest::newRow("type field") << with("type", QStringLiteral("grant"));
    QTest::newRow("peer_pid negative") << with("peer_pid", -1);
    QTest::newRow("peer_pid string") << with("peer_pid", QStringLiteral("1"));
    QTest::newRow("peer not object") << with("peer", QStringLiteral("node"));
    QTest::newRow("peer pid fraction") << peerWith("pid", 1.5);
    QTest::newRow("peer exe number") << peerWith("exe", 1);
    QTest::newRow("peer argv not strings") << peerWith("argv", QJsonArray{1, 2});
    QTest::newRow("peer argv string") << peerWith("argv", QStringLiteral("node"));
    QTest::newRow("peer unknown field") << peerWith("uid", 0);
}

void TestDeciderChannel::badAsksAreIgnored()
{
    QFETCH(QByteArray, bytes);
    Pair pair;
    DeciderChannel decider(pair.ours);
    QSignalSpy asked(&decider, &DeciderChannel::asked);
    QSignalSpy closed(&decider, &DeciderChannel::closed);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^decider: ignoring")));
    QVERIFY(pair.write(bytes));
    // The channel survives and serves the next, valid ask: the bad one was ignored, not queued.
    QVERIFY(pair.write(line(::validAsk(8))));
    QTRY_COMPARE(asked.size(), 1);
    QCOMPARE(asked.at(0).at(0).toLongLong(), 8);
    QCOMPARE(closed.size(), 0);
    QVERIFY(decider.isOpen());
}

void TestDeciderChannel::oversizedLineClosesDecider()
{
    Pair pair;
    DeciderChannel decider(pair.ours);
    QSignalSpy asked(&decider, &DeciderChannel::asked);
    QSignalSpy closed(&decider, &DeciderChannel::closed);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("longer than 65536 bytes")));
    QJsonObject ask = ::validAsk(7);
    QJsonObject peer = ask.value(u"peer").toObject();
    peer.insert(QStringLiteral("exe"), QString(70000, u'x'));
    ask.insert(QStringLiteral("peer"), peer);
    QVERIFY(pair.write(line(ask)));
    QTRY_COMPARE(closed.size(), 1);
    QCOMPARE(asked.size(), 0);
    QVERIFY(!decider.isOpen());
    QVERIFY(pair.peerSeesEof());
}

void TestDeciderChannel::answerWireFormat()
{
    Pair pair;
    DeciderChannel decider(pair.ours);
    decider.answer(7, Decision::Once, QStringLiteral("api.example.com:443"), 0);
    decider.answer(8, Decision::Session, QStringLiteral("api.example.com:443"), 12);
    decider.answer(9, Decision::Always, QStringLiteral("*.example.com:443"), 13);
    decider.answer(10, Decision::Deny, QStringLiteral("api.example.com:443"), 14);
    decider.answer(11, Decision::Session, QStringLiteral("[2001:db8::1]:443"), 15);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("extend")));
    decider.answer(12, Decision::Extend, QString(), 0);
    decider.answer(9007199254740992LL, Decision::Once, QString(), 0);
    const QByteArray expected =
        "{\"decision\":\"once\",\"id\":7,\"pattern\":\"api.example.com:443\",\"scope\":\"host\"}\n"
        "{\"decision\":\"session\",\"grant\":12,\"id\":8,\"pattern\":\"api.example.com:443\","
        "\"scope\":\"host\"}\n"
        "{\"decision\":\"always\",\"grant\":13,\"id\":9,\"pattern\":\"*.example.com:443\","
        "\"scope\":\"domain\"}\n"
        "{\"decision\":\"deny\",\"id\":10}\n"
        "{\"decision\":\"session\",\"grant\":15,\"id\":11,\"pattern\":\"[2001:db8::1]:443\","
        "\"scope\":\"host\"}\n"
        "{\"decision\":\"deny\",\"id\":12}\n"
        "{\"decision\":\"once\",\"id\":9007199254740992}\n";
    QCOMPARE(pair.readLines(7), expected);
}

void TestDeciderChannel::revokeAndGrantLines()
{
    Pair pair;
    DeciderChannel decider(pair.ours);
    decider.grant(12, QStringLiteral("api.example.com:443"));
    decider.revoke(12);
    QCOMPARE(pair.readLines(2), QByteArray("{\"grant\":12,\"pattern\":\"api.example.com:443\",\"type\":\"grant\"}\n"
                                           "{\"grant\":12,\"type\":\"revoke\"}\n"));
}

// Secret asks (docs/proxy.md, "Requests from inside"): strict, their own signal.
void TestDeciderChannel::secretAsks()
{
    Pair pair;
    DeciderChannel decider(pair.ours);
    QSignalSpy secret(&decider, &DeciderChannel::secretAsked);
    QSignalSpy asked(&decider, &DeciderChannel::asked);
    QVERIFY(pair.write("{\"id\":8,\"kind\":\"secret\",\"name\":\"NPM_TOKEN\",\"peer_pid\":123,"
                       "\"peer\":{\"pid\":77,\"exe\":\"/run/cordon/bin/cordon-request\","
                       "\"argv\":[\"cordon-request\",\"secret\",\"NPM_TOKEN\"]}}\n"));
    QTRY_COMPARE(secret.size(), 1);
    QCOMPARE(secret.at(0).at(0).toLongLong(), 8);
    QCOMPARE(secret.at(0).at(1).toString(), QStringLiteral("NPM_TOKEN"));
    QCOMPARE(secret.at(0).at(2).toJsonObject().value(u"pid").toInteger(), 77);
    QCOMPARE(secret.at(0).at(2).toJsonObject().value(u"peer_pid").toInteger(), 123);
    const QList<QByteArray> bad = {
        "{\"id\":9,\"kind\":\"secret\",\"name\":\"1BAD\"}",
        "{\"id\":9,\"kind\":\"secret\",\"name\":\"../x\"}",
        "{\"id\":9,\"kind\":\"secret\",\"name\":\"A B\"}",
        "{\"id\":9,\"kind\":\"secret\",\"name\":\"" + QByteArray(65, 'A') + "\"}",
        "{\"id\":9,\"kind\":\"secret\",\"name\":5}",
        "{\"id\":9,\"kind\":\"secret\"}",
        "{\"id\":0,\"kind\":\"secret\",\"name\":\"A\"}",
        "{\"id\":9,\"kind\":\"secret\",\"name\":\"A\",\"host\":\"x\"}",
        "{\"id\":9,\"kind\":\"secret\",\"name\":\"A\",\"peer\":{\"uid\":0}}",
    };
    for (const QByteArray& b : bad) {
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("ignoring secret ask")));
        QVERIFY(pair.write(b + '\n'));
    }
    QVERIFY(pair.write("{\"id\":10,\"kind\":\"secret\",\"name\":\"" + QByteArray(64, 'A') + "\"}\n"));
    QTRY_COMPARE(secret.size(), 2);
    QCOMPARE(secret.at(1).at(0).toLongLong(), 10);
    QCOMPARE(asked.size(), 0);
}

void TestDeciderChannel::secretAnswerWireFormat()
{
    Pair pair;
    DeciderChannel decider(pair.ours);
    decider.answerSecret(8, Decision::Once, QStringLiteral("NPM_TOKEN"));
    decider.answerSecret(9, Decision::Deny, QStringLiteral("NPM_TOKEN"));
    decider.answerSecret(10, Decision::Always, QStringLiteral("A"));
    QCOMPARE(pair.readLines(3),
        QByteArray("{\"decision\":\"once\",\"id\":8,\"path\":\"/run/cordon/secrets/NPM_TOKEN\"}\n"
                   "{\"decision\":\"deny\",\"id\":9}\n"
                   "{\"decision\":\"always\",\"id\":10,\"path\":\"/run/cordon/secrets/A\"}\n"));
}

QTEST_GUILESS_MAIN(TestDeciderChannel)
#include "tst_deciderchannel.moc"
