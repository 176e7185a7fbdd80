// The helper protocol's building blocks: line framing with its bound, the strict message schema
// (docs/protocol.md), descriptor passing, and a deterministic mutation run of the decoder.

#include "LineFramer.h"
#include "MessageSchema.h"
#include "MessageSocket.h"
#include "ProtocolFuzz.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QTest>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace cordon::protocol;

class TestProtocol final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void framerSplitsAcrossChunks();
    void framerBoundsPendingLine();
    void framerAcceptsLineJustUnderBound();
    void framerLongRun();
    void schemaAcceptsValid();
    void schemaRefuses_data();
    void schemaRefuses();
    void schemaIdRange();
    void schemaRepliesNested();
    void socketPassesDescriptors();
    void socketRefusesTooManyDescriptors();
    void decoderMutations();
};

void TestProtocol::framerSplitsAcrossChunks()
{
    LineFramer framer;
    const QByteArray stream = "{\"a\":1}\n{\"b\":2}\n\n{\"c\":3}";
    for (char c : stream)
        QVERIFY(framer.append(&c, 1));
    QCOMPARE(framer.next().value(), QByteArray("{\"a\":1}"));
    QCOMPARE(framer.next().value(), QByteArray("{\"b\":2}"));
    QCOMPARE(framer.next().value(), QByteArray());
    QVERIFY(!framer.next().has_value()); // "{\"c\":3}" has no newline yet
    QVERIFY(framer.append("\n", 1));
    QCOMPARE(framer.next().value(), QByteArray("{\"c\":3}"));
    QVERIFY(!framer.next().has_value());
}

void TestProtocol::framerBoundsPendingLine()
{
    LineFramer framer(16);
    QVERIFY(framer.append("0123456789", 10));
    QVERIFY(!framer.append("012345", 6)); // 16 bytes and no newline: can never fit
    QVERIFY(framer.failed());
    QVERIFY(!framer.next().has_value());
    QVERIFY(!framer.append("\n", 1)); // stays failed: no resynchronisation
}

void TestProtocol::framerAcceptsLineJustUnderBound()
{
    LineFramer framer(16);
    const QByteArray line(15, 'x');
    QVERIFY(framer.append(line.constData(), line.size()));
    QVERIFY(framer.append("\n", 1));
    QCOMPARE(framer.next().value(), line);
    // A completed long line followed by a short pending one is fine too.
    QVERIFY(framer.append("ab\ncd", 5));
    QCOMPARE(framer.next().value(), QByteArray("ab"));
    QVERIFY(!framer.failed());
}

void TestProtocol::framerLongRun()
{
    // A long-lived connection must not keep every line it ever received.
    LineFramer framer(1024);
    const QByteArray line = QByteArray(100, 'y') + '\n';
    for (int i = 0; i < 20000; ++i) {
        QVERIFY(framer.append(line.constData(), line.size()));
        QCOMPARE(framer.next().value().size(), 100);
    }
    QCOMPARE(framer.buffered(), 0);
}

void TestProtocol::schemaAcceptsValid()
{
    const QList<QByteArray> lines = {
        R"({"type":"hello","versions":[1,2],"client":"t"})",
        R"({"type":"launch","id":3,"profile":"shell","workspace":"/w","env":{"HOME":"/h"},"terminal":true,)"
        R"("attach":true,"argv":["sh"],"overrides":{"timeout":"5m","memory":"1G","pids":10,"cpu":0.5,"ro":["/a"]}})",
        R"({"type":"stop","all":true,"id":9007199254740992})",
        R"({"type":"decide","request":12,"decision":"extend","minutes":15})",
        R"({"type":"subscribe","events":true,"escalations":true,"kinds":["exec"],"after":0})",
        R"({"type":"pending"})",
    };
    for (const QByteArray& line : lines) {
        QJsonObject message;
        std::optional<qint64> id;
        ProtocolError error;
        QVERIFY2(MessageSchema::decode(line, Direction::ToHelper, &message, &id, &error),
            qPrintable(error.message + QStringLiteral(" in ") + QString::fromUtf8(line)));
    }
}

void TestProtocol::schemaRefuses_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("not json") << QByteArray("{\"type\":") << "bad-json" << "not JSON";
    QTest::newRow("array") << QByteArray("[1]") << "bad-json" << "object";
    QTest::newRow("no type") << QByteArray(R"({"versions":[1]})") << "invalid" << "type";
    QTest::newRow("type not string") << QByteArray(R"({"type":1})") << "invalid" << "type";
    QTest::newRow("unknown type") << QByteArray(R"({"type":"format-disk"})") << "unknown-type" << "format-disk";
    QTest::newRow("unknown type control chars")
        << QByteArray(R"({"type":"x\u001b[2Jy"})") << "unknown-type" << "x?[2Jy";
    QTest::newRow("reply type to helper") << QByteArray(R"({"type":"launched","session":{}})") << "unknown-type"
                                          << "launched";
    QTest::newRow("unknown field") << QByteArray(R"({"type":"list","verbose":true})") << "invalid" << "verbose";
    QTest::newRow("missing field") << QByteArray(R"({"type":"hello","versions":[1]})") << "invalid" << "client";
    QTest::newRow("wrong type") << QByteArray(R"({"type":"list","all":"yes"})") << "invalid" << "all";
    QTest::newRow("string list with number")
        << QByteArray(R"({"type":"hello","versions":[1],"client":"c","x":1})") << "invalid" << "x";
    QTest::newRow("versions not ints") << QByteArray(R"({"type":"hello","versions":[1.5],"client":"c"})")
                                       << "invalid" << "versions";
    QTest::newRow("env not strings")
        << QByteArray(R"({"type":"launch","profile":"p","workspace":"/","env":{"A":1},"terminal":false})")
        << "invalid" << "env";
    QTest::newRow("nested unknown")
        << QByteArray(
               R"({"type":"launch","profile":"p","workspace":"/","env":{},"terminal":false,"overrides":{"root":true}})")
        << "invalid" << "overrides.root";
    QTest::newRow("nested wrong type")
        << QByteArray(
               R"({"type":"launch","profile":"p","workspace":"/","env":{},"terminal":false,"overrides":{"pids":"9"}})")
        << "invalid" << "overrides.pids";
    QTest::newRow("huge number") << QByteArray(R"({"type":"decide","request":1e300,"decision":"once"})") << "invalid"
                                 << "request";
}

void TestProtocol::schemaRefuses()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, code);
    QFETCH(QString, mentions);
    QJsonObject message;
    std::optional<qint64> id;
    ProtocolError error;
    QVERIFY(!MessageSchema::decode(line, Direction::ToHelper, &message, &id, &error));
    QCOMPARE(errorCodeName(error.code), code);
    QVERIFY2(error.message.contains(mentions), qPrintable(error.message));
    QVERIFY(message.isEmpty());
}

void TestProtocol::schemaIdRange()
{
    const auto idOf = [](const QByteArray& line, bool* ok) {
        QJsonObject message;
        std::optional<qint64> id;
        ProtocolError error;
        *ok = MessageSchema::decode(line, Direction::ToHelper, &message, &id, &error);
        return id;
    };
    bool ok = false;
    QCOMPARE(idOf(R"({"type":"pending","id":7})", &ok).value(), 7);
    QVERIFY(ok);
    for (const QByteArray& bad : {QByteArray(R"({"type":"pending","id":0})"), QByteArray(R"({"type":"pending","id":-3})"),
             QByteArray(R"({"type":"pending","id":1.5})"), QByteArray(R"({"type":"pending","id":"7"})"),
             QByteArray(R"({"type":"pending","id":18014398509481984})")}) {
        QVERIFY(!idOf(bad, &ok).has_value());
        QVERIFY2(!ok, bad.constData());
    }
    // A usable id survives a refusal, so the error reply can carry it.
    QCOMPARE(idOf(R"({"type":"pending","id":5,"bogus":1})", &ok).value(), 5);
    QVERIFY(!ok);
}

void TestProtocol::schemaRepliesNested()
{
    QJsonObject session{{QStringLiteral("id"), QStringLiteral("r-1")}, {QStringLiteral("profile"), QStringLiteral("shell")},
        {QStringLiteral("workspace"), QStringLiteral("/w")}, {QStringLiteral("argv"), QJsonArray{QStringLiteral("sh")}},
        {QStringLiteral("state"), QStringLiteral("running")}, {QStringLiteral("started"), 1}, {QStringLiteral("pid"), 2},
        {QStringLiteral("pending"), 0}};
    ProtocolError error;
    QVERIFY2(MessageSchema::validate(QJsonObject{{QStringLiteral("type"), QStringLiteral("session")},
                                         {QStringLiteral("session"), session}},
                 Direction::FromHelper, &error),
        qPrintable(error.message));
    session.remove(QStringLiteral("state"));
    QVERIFY(!MessageSchema::validate(
        QJsonObject{{QStringLiteral("type"), QStringLiteral("sessions")}, {QStringLiteral("sessions"), QJsonArray{session}}},
        Direction::FromHelper, &error));
    QVERIFY2(error.message.contains(QStringLiteral("sessions[0].state")), qPrintable(error.message));
}

namespace {

bool isCloexec(int fd)
{
    const int flags = fcntl(fd, F_GETFD);
    return flags >= 0 && (flags & FD_CLOEXEC);
}

} // namespace

void TestProtocol::socketPassesDescriptors()
{
    int pair[2];
    QCOMPARE(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
    MessageSocket sender(pair[0]);
    MessageSocket receiver(pair[1]);
    int pipes[3][2];
    for (auto& p : pipes)
        QCOMPARE(pipe2(p, O_CLOEXEC), 0);
    QVERIFY(sender.sendLine("{\"type\":\"pending\"}\n"));
    QVERIFY(sender.sendLine("{\"type\":\"launch\"}\n", {pipes[0][1], pipes[1][1], pipes[2][1]}));
    QCOMPARE(sender.pendingBytes(), 0);

    QByteArray all;
    QList<int> fds;
    while (all.count('\n') < 2) {
        QByteArray data;
        QCOMPARE(receiver.read(&data, &fds), MessageSocket::ReadResult::Data);
        all += data;
    }
    QCOMPARE(all, QByteArray("{\"type\":\"pending\"}\n{\"type\":\"launch\"}\n"));
    QCOMPARE(fds.size(), 3);
    for (int i = 0; i < 3; ++i) {
        QVERIFY(isCloexec(fds[i])); // MSG_CMSG_CLOEXEC: nothing leaks into a child by accident
        const char byte = static_cast<char>('a' + i);
        QCOMPARE(write(fds[i], &byte, 1), 1);
        char got = 0;
        QCOMPARE(read(pipes[i][0], &got, 1), 1);
        QCOMPARE(got, byte);
        close(fds[i]);
        close(pipes[i][0]);
        close(pipes[i][1]);
    }
    sender.close();
    QByteArray data;
    QList<int> none;
    QCOMPARE(receiver.read(&data, &none), MessageSocket::ReadResult::Closed);
    QVERIFY(none.isEmpty());
}

void TestProtocol::socketRefusesTooManyDescriptors()
{
    int pair[2];
    QCOMPARE(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
    MessageSocket sender(pair[0]);
    MessageSocket receiver(pair[1]);
    QVERIFY(!sender.sendLine("x\n", {0, 1, 2, 0}));
    QCOMPARE(sender.pendingBytes(), 0);

    // A peer that sends more descriptors than the protocol allows: the receiver sees truncation
    // (MSG_CTRUNC) and reports an error instead of quietly dropping some.
    int fds[8] = {0, 1, 2, 0, 1, 2, 0, 1};
    char byte = 'x';
    iovec iov{&byte, 1};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(fds))] = {};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof(control);
    cmsghdr* header = CMSG_FIRSTHDR(&msg);
    header->cmsg_level = SOL_SOCKET;
    header->cmsg_type = SCM_RIGHTS;
    header->cmsg_len = CMSG_LEN(sizeof(fds));
    std::memcpy(CMSG_DATA(header), fds, sizeof(fds));
    QCOMPARE(sendmsg(pair[0], &msg, 0), 1);
    QByteArray data;
    QList<int> got;
    QCOMPARE(receiver.read(&data, &got), MessageSocket::ReadResult::Error);
    for (int fd : got)
        close(fd);
}

void TestProtocol::decoderMutations()
{
    QList<QByteArray> seeds;
    const QDir corpus(QStringLiteral(CORDON_PROTOCOL_CORPUS));
    for (const QString& name : corpus.entryList(QDir::Files)) {
        QFile file(corpus.filePath(name));
        QVERIFY(file.open(QIODevice::ReadOnly));
        seeds << file.readAll();
    }
    QVERIFY(seeds.size() >= 3);
    // The seeds themselves must be accepted in part, or the run proves nothing about the accepting
    // paths.
    int accepted = 0;
    for (const QByteArray& seed : seeds) {
        for (const QByteArray& line : seed.split('\n')) {
            for (const Direction d : {Direction::ToHelper, Direction::FromHelper}) {
                QJsonObject m;
                std::optional<qint64> id;
                ProtocolError e;
                accepted += MessageSchema::decode(line, d, &m, &id, &e) ? 1 : 0;
            }
        }
    }
    QVERIFY(accepted >= 5);
    QRandomGenerator random(20261124);
    for (int i = 0; i < 30000; ++i) {
        QByteArray input = seeds[random.bounded(seeds.size())];
        const int edits = 1 + random.bounded(6);
        for (int e = 0; e < edits && !input.isEmpty(); ++e) {
            const int at = random.bounded(input.size());
            switch (random.bounded(4)) {
            case 0:
                input[at] = static_cast<char>(random.bounded(256));
                break;
            case 1:
                input.remove(at, 1 + random.bounded(8));
                break;
            case 2:
                input.insert(at, input.mid(random.bounded(input.size()), random.bounded(16)));
                break;
            default:
                input.insert(at, "\"\\u0000\n{}[]:,1e9"[random.bounded(16)]);
                break;
            }
        }
        QVERIFY2(cordon::test::protocolInvariantsHold(reinterpret_cast<const std::uint8_t*>(input.constData()),
                     static_cast<std::size_t>(input.size())),
            input.toPercentEncoding().constData());
    }
}

QTEST_GUILESS_MAIN(TestProtocol)
#include "tst_protocol.moc"
