// SocketHelperConnection against a scripted helper on a real Unix socket: hello and subscribe,
// replies routed by id, pushes as signals, reconnect with backoff and `after` once the helper
// comes back, starting a helper (detached) when none answers, and bad input from the helper.

#include "FakeHelperConnection.h"
#include "SocketHelperConnection.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocalServer>
#include <QLocalSocket>
#include <QPointer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace cordon::gui;

namespace {

// A helper that answers hello, subscribe and list, and lets the test push lines or hang up.
class ScriptedHelper : public QObject {
    Q_OBJECT
public:
    explicit ScriptedHelper(QString path) : m_path(std::move(path))
    {
        connect(&m_server, &QLocalServer::newConnection, this, [this] {
            while (QLocalSocket* socket = m_server.nextPendingConnection()) {
                m_clients.append(socket);
                connect(socket, &QLocalSocket::readyRead, this, [this, socket] { onReadable(socket); });
            }
        });
    }
    bool listen()
    {
        QLocalServer::removeServer(m_path);
        return m_server.listen(m_path);
    }
    void stop()
    {
        m_server.close();
        for (QLocalSocket* s : std::as_const(m_clients))
            if (s)
                s->abort();
        m_clients.clear();
        QFile::remove(m_path);
    }
    void write(const QByteArray& line)
    {
        for (QLocalSocket* s : std::as_const(m_clients))
            if (s)
                s->write(line + '\n');
    }
    void push(const QJsonObject& message) { write(QJsonDocument(message).toJson(QJsonDocument::Compact)); }

    QList<QJsonObject> received;
    bool answerLists = true;
    QList<qint64> heldListIds; // when !answerLists

private:
    void onReadable(QLocalSocket* socket)
    {
        while (socket->canReadLine()) {
            const QJsonObject m = QJsonDocument::fromJson(socket->readLine()).object();
            received.append(m);
            const QString type = m.value(QLatin1String("type")).toString();
            const qint64 id = m.value(QLatin1String("id")).toInteger();
            QJsonObject reply;
            if (type == QLatin1String("hello"))
                reply = QJsonObject{{QStringLiteral("type"), QStringLiteral("hello")}, {QStringLiteral("id"), id},
                    {QStringLiteral("version"), 1}, {QStringLiteral("helper"), QStringLiteral("scripted 1")},
                    {QStringLiteral("mode"), QStringLiteral("rootless")}, {QStringLiteral("uid"), int(getuid())}};
            else if (type == QLatin1String("subscribe"))
                reply = QJsonObject{{QStringLiteral("type"), QStringLiteral("subscribed")}, {QStringLiteral("id"), id}};
            else if (type == QLatin1String("list") && !answerLists) {
                heldListIds.append(id);
                continue;
            } else if (type == QLatin1String("list"))
                reply = QJsonObject{{QStringLiteral("type"), QStringLiteral("sessions")}, {QStringLiteral("id"), id},
                    {QStringLiteral("sessions"), QJsonArray()}};
            else
                reply = QJsonObject{{QStringLiteral("type"), QStringLiteral("error")}, {QStringLiteral("id"), id},
                    {QStringLiteral("code"), QStringLiteral("unknown-type")},
                    {QStringLiteral("message"), QStringLiteral("no")}};
            socket->write(QJsonDocument(reply).toJson(QJsonDocument::Compact) + '\n');
        }
    }

    QString m_path;
    QLocalServer m_server;
    QList<QPointer<QLocalSocket>> m_clients;
};

QJsonObject ofType(const QList<QJsonObject>& messages, const QString& type, int nth = 0)
{
    for (const QJsonObject& m : messages)
        if (m.value(QLatin1String("type")).toString() == type && nth-- == 0)
            return m;
    return {};
}

SocketHelperConnection::Options optionsFor(const QString& path)
{
    SocketHelperConnection::Options o;
    o.socketPaths = {path};
    o.startHelper = false;
    o.initialBackoffMs = 20;
    o.maxBackoffMs = 200;
    return o;
}

} // namespace

class TestHelperConnection : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void helloThenSubscribeThenReady();
    void repliesAreRoutedById();
    void pushesBecomeSignals();
    void reconnectsAndResumesAfterLastEvent();
    void badLinesAreIgnoredAndHugeLinesDropTheConnection();
    void sendWhileDisconnectedFailsAsynchronously();
    void startsAHelperDetachedWhenNoneAnswers();

private:
    QTemporaryDir m_dir;
    QString m_path;
};

void TestHelperConnection::init()
{
    QVERIFY(m_dir.isValid());
    m_path = m_dir.path() + QStringLiteral("/helper.sock");
}

void TestHelperConnection::helloThenSubscribeThenReady()
{
    ScriptedHelper helper(m_path);
    QVERIFY(helper.listen());
    SocketHelperConnection connection(optionsFor(m_path));
    QSignalSpy ready(&connection, &HelperConnection::ready);
    connection.start();
    QTRY_COMPARE(ready.count(), 1);
    QCOMPARE(connection.state(), HelperConnection::State::Ready);
    QCOMPARE(connection.helperDescription(), QStringLiteral("scripted 1 (rootless)"));
    const QJsonObject hello = helper.received.value(0);
    QCOMPARE(hello.value(QLatin1String("type")).toString(), QStringLiteral("hello"));
    QCOMPARE(hello.value(QLatin1String("versions")).toArray(), QJsonArray{1});
    const QJsonObject subscribe = helper.received.value(1);
    QCOMPARE(subscribe.value(QLatin1String("type")).toString(), QStringLiteral("subscribe"));
    QVERIFY(subscribe.value(QLatin1String("events")).toBool());
    QVERIFY(subscribe.value(QLatin1String("escalations")).toBool());
    QVERIFY(subscribe.value(QLatin1String("sessions")).toBool());
    QVERIFY(!subscribe.contains(QLatin1String("after"))); // the timeline loads history itself
}

void TestHelperConnection::repliesAreRoutedById()
{
    ScriptedHelper helper(m_path);
    QVERIFY(helper.listen());
    SocketHelperConnection connection(optionsFor(m_path));
    connection.start();
    QTRY_VERIFY(connection.isReady());
    helper.answerLists = false;
    QJsonObject first, second;
    connection.send(
        QJsonObject{{QStringLiteral("type"), QStringLiteral("list")}}, [&](const QJsonObject& r) { first = r; });
    connection.send(QJsonObject{{QStringLiteral("type"), QStringLiteral("list")}, {QStringLiteral("all"), true}},
        [&](const QJsonObject& r) { second = r; });
    QTRY_COMPARE(helper.heldListIds.size(), 2);
    // Answer in the opposite order, each with a marker session.
    for (int i = 1; i >= 0; --i)
        helper.push(QJsonObject{{QStringLiteral("type"), QStringLiteral("sessions")},
            {QStringLiteral("id"), helper.heldListIds.at(i)},
            {QStringLiteral("sessions"),
                QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("r-%1").arg(i)},
                    {QStringLiteral("profile"), QStringLiteral("p")},
                    {QStringLiteral("workspace"), QStringLiteral("/w")}, {QStringLiteral("argv"), QJsonArray()},
                    {QStringLiteral("state"), QStringLiteral("running")}, {QStringLiteral("started"), 1},
                    {QStringLiteral("pid"), 2}, {QStringLiteral("pending"), 0}}}}});
    QTRY_VERIFY(!first.isEmpty() && !second.isEmpty());
    QCOMPARE(first.value(QLatin1String("sessions")).toArray().at(0).toObject().value(QLatin1String("id")).toString(),
        QStringLiteral("r-0"));
    QCOMPARE(second.value(QLatin1String("sessions")).toArray().at(0).toObject().value(QLatin1String("id")).toString(),
        QStringLiteral("r-1"));
    // An error reply reaches the handler as an error.
    QJsonObject error;
    connection.send(
        QJsonObject{{QStringLiteral("type"), QStringLiteral("pending")}}, [&](const QJsonObject& r) { error = r; });
    QTRY_VERIFY(!error.isEmpty());
    QVERIFY(HelperConnection::isError(error));
    // A request our own schema refuses never goes out.
    QJsonObject refused;
    const auto before = helper.received.size();
    connection.send(QJsonObject{{QStringLiteral("type"), QStringLiteral("decide")}, {QStringLiteral("bogus"), 1}},
        [&](const QJsonObject& r) { refused = r; });
    QTRY_VERIFY(!refused.isEmpty());
    QCOMPARE(refused.value(QLatin1String("code")).toString(), QStringLiteral("invalid"));
    QTest::qWait(50);
    QCOMPARE(helper.received.size(), before);
}

void TestHelperConnection::pushesBecomeSignals()
{
    ScriptedHelper helper(m_path);
    QVERIFY(helper.listen());
    SocketHelperConnection connection(optionsFor(m_path));
    connection.start();
    QTRY_VERIFY(connection.isReady());
    QSignalSpy events(&connection, &HelperConnection::eventReceived);
    QSignalSpy escalations(&connection, &HelperConnection::escalationReceived);
    QSignalSpy resolved(&connection, &HelperConnection::resolved);
    QSignalSpy sessions(&connection, &HelperConnection::sessionChanged);
    helper.push(QJsonObject{{QStringLiteral("type"), QStringLiteral("event")},
        {QStringLiteral("event"), cordon::gui::test::FakeHelperConnection::event(42)}});
    helper.push(QJsonObject{{QStringLiteral("type"), QStringLiteral("resolved")}, {QStringLiteral("request"), 3},
        {QStringLiteral("decision"), QStringLiteral("deny")}, {QStringLiteral("scope"), QStringLiteral("host")},
        {QStringLiteral("by"), QStringLiteral("timeout")}});
    helper.push(QJsonObject{{QStringLiteral("type"), QStringLiteral("session")},
        {QStringLiteral("session"),
            QJsonObject{{QStringLiteral("id"), QStringLiteral("r-1")}, {QStringLiteral("profile"), QStringLiteral("p")},
                {QStringLiteral("workspace"), QStringLiteral("/w")}, {QStringLiteral("argv"), QJsonArray()},
                {QStringLiteral("state"), QStringLiteral("ended")}, {QStringLiteral("started"), 1},
                {QStringLiteral("pid"), 2}, {QStringLiteral("pending"), 0}}}});
    helper.push(QJsonObject{{QStringLiteral("type"), QStringLiteral("escalation")},
        {QStringLiteral("request"),
            QJsonObject{{QStringLiteral("id"), 9}, {QStringLiteral("session"), QStringLiteral("r-1")},
                {QStringLiteral("profile"), QStringLiteral("p")}, {QStringLiteral("workspace"), QStringLiteral("/w")},
                {QStringLiteral("kind"), QStringLiteral("net")},
                {QStringLiteral("subject"), QStringLiteral("a.example:443")}, {QStringLiteral("pid"), 5},
                {QStringLiteral("exe"), QStringLiteral("/bin/x")}, {QStringLiteral("argv"), QJsonArray()},
                {QStringLiteral("time"), 1}, {QStringLiteral("deadline"), 2},
                {QStringLiteral("choices"), QJsonArray{QStringLiteral("deny")}},
                {QStringLiteral("scopes"), QJsonArray{QStringLiteral("host")}}}}});
    QTRY_COMPARE(escalations.count(), 1);
    QCOMPARE(events.count(), 1);
    QCOMPARE(resolved.count(), 1);
    QCOMPARE(sessions.count(), 1);
    QCOMPARE(connection.lastEventId(), 42);
    QCOMPARE(escalations.at(0).at(0).toJsonObject().value(QLatin1String("id")).toInteger(), 9);
}

void TestHelperConnection::reconnectsAndResumesAfterLastEvent()
{
    ScriptedHelper helper(m_path);
    QVERIFY(helper.listen());
    SocketHelperConnection connection(optionsFor(m_path));
    QSignalSpy ready(&connection, &HelperConnection::ready);
    connection.start();
    QTRY_COMPARE(ready.count(), 1);
    helper.push(QJsonObject{{QStringLiteral("type"), QStringLiteral("event")},
        {QStringLiteral("event"), cordon::gui::test::FakeHelperConnection::event(77)}});
    QTRY_COMPARE(connection.lastEventId(), 77);

    // A request in flight when the helper goes away fails with "disconnected".
    helper.answerLists = false;
    QJsonObject lost;
    connection.send(
        QJsonObject{{QStringLiteral("type"), QStringLiteral("list")}}, [&](const QJsonObject& r) { lost = r; });
    QTRY_COMPARE(helper.heldListIds.size(), 1);
    helper.stop();
    QTRY_COMPARE(connection.state(), HelperConnection::State::Disconnected);
    QTRY_COMPARE(lost.value(QLatin1String("code")).toString(), QStringLiteral("disconnected"));
    QTest::qWait(150); // a few failed attempts with backoff

    helper.received.clear();
    QVERIFY(helper.listen());
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 2, 5000);
    const QJsonObject subscribe = ofType(helper.received, QStringLiteral("subscribe"));
    QCOMPARE(subscribe.value(QLatin1String("after")).toInteger(), 77);
}

void TestHelperConnection::badLinesAreIgnoredAndHugeLinesDropTheConnection()
{
    ScriptedHelper helper(m_path);
    QVERIFY(helper.listen());
    SocketHelperConnection connection(optionsFor(m_path));
    QSignalSpy ready(&connection, &HelperConnection::ready);
    connection.start();
    QTRY_COMPARE(ready.count(), 1);
    QSignalSpy events(&connection, &HelperConnection::eventReceived);
    helper.write("not json");
    helper.write(R"({"type":"event","event":{"id":1},"surprise":true})");
    helper.write(R"({"type":"no-such-push"})");
    helper.push(QJsonObject{{QStringLiteral("type"), QStringLiteral("event")},
        {QStringLiteral("event"), cordon::gui::test::FakeHelperConnection::event(5)}});
    QTRY_COMPARE(events.count(), 1);
    QCOMPARE(connection.state(), HelperConnection::State::Ready);

    QSignalSpy states(&connection, &HelperConnection::stateChanged);
    helper.write(QByteArray(1024 * 1024 + 10, 'x'));
    QTRY_VERIFY(states.count() > 0);
    QCOMPARE(states.at(0).at(0).value<HelperConnection::State>(), HelperConnection::State::Disconnected);
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 2, 5000); // and it comes back
}

void TestHelperConnection::sendWhileDisconnectedFailsAsynchronously()
{
    SocketHelperConnection connection(optionsFor(m_path)); // nobody listens
    connection.start();
    bool called = false;
    connection.send(QJsonObject{{QStringLiteral("type"), QStringLiteral("list")}}, [&](const QJsonObject& r) {
        called = true;
        QCOMPARE(r.value(QLatin1String("code")).toString(), QStringLiteral("disconnected"));
    });
    QVERIFY(!called); // never re-entrant
    QTRY_VERIFY(called);
    QCOMPARE(connection.state(), HelperConnection::State::Disconnected);
}

void TestHelperConnection::startsAHelperDetachedWhenNoneAnswers()
{
    // A stand-in helper: records its arguments, its parent and its session, then exits.
    const QString script = m_dir.path() + QStringLiteral("/fake-helper");
    const QString record = m_dir.path() + QStringLiteral("/record");
    QFile file(script);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("#!/bin/sh\necho \"$@\" > " + QFile::encodeName(record) +
               ".tmp\n"
               "echo \"ppid=$PPID sid=$(ps -o sid= -p $$ | tr -d ' ') pid=$$\" >> " +
               QFile::encodeName(record) +
               ".tmp\n"
               "ls -l /proc/$$/fd/0 >> " +
               QFile::encodeName(record) +
               ".tmp\n"
               "mv " +
               QFile::encodeName(record) + ".tmp " + QFile::encodeName(record) + "\n");
    file.close();
    QVERIFY(file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));

    auto options = optionsFor(m_path);
    options.startHelper = true;
    options.helperBinary = script;
    SocketHelperConnection connection(options);
    QSignalSpy states(&connection, &HelperConnection::stateChanged);
    connection.start();
    QTRY_VERIFY(QFile::exists(record));
    QTRY_VERIFY(!states.isEmpty());
    QCOMPARE(states.at(0).at(0).value<HelperConnection::State>(), HelperConnection::State::StartingHelper);
    QVERIFY(connection.startedHelperPid() > 0);
    QFile out(record);
    QVERIFY(out.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(out.readAll());
    QVERIFY2(text.startsWith(QStringLiteral("--rootless --socket %1 --idle-exit").arg(m_path)), qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("ppid=%1 ").arg(getpid())), qPrintable(text)); // not our child
    QVERIFY2(!text.contains(QStringLiteral("sid=%1 ").arg(getsid(0))), qPrintable(text)); // its own session
    QVERIFY2(text.contains(QStringLiteral("/dev/null")), qPrintable(text));
    // Only one start while it gets going.
    QTest::qWait(300);
    QCOMPARE(states.count(), 1);
}

QTEST_MAIN(TestHelperConnection)
#include "tst_helperconnection.moc"
