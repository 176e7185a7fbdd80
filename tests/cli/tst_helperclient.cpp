// HelperClient against a scripted fake helper on a Unix socket: replies matched by id with pushes
// kept in order, every line checked against the schema (a malformed one ends the connection),
// error replies, a helper that is not there, and a helper that speaks another version.

#include "HelperClient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <sys/socket.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>

using cordon::cli::HelperClient;

namespace {

// Accepts one client and runs `script` with a line reader and a writer.
class FakeHelper final {
public:
    using Read = std::function<QJsonObject()>;
    using Write = std::function<void(const QByteArray&)>;

    FakeHelper(const QString& path, std::function<void(Read, Write)> script)
    {
        m_fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un a{};
        a.sun_family = AF_UNIX;
        const QByteArray p = path.toLocal8Bit();
        std::memcpy(a.sun_path, p.constData(), static_cast<size_t>(p.size()));
        if (::bind(m_fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(m_fd, 1) != 0)
            qFatal("cannot listen on %s", p.constData());
        m_thread = std::thread([this, script] {
            const int c = ::accept4(m_fd, nullptr, nullptr, SOCK_CLOEXEC);
            QByteArray buffer;
            Read read = [c, &buffer]() -> QJsonObject {
                for (;;) {
                    const qsizetype nl = buffer.indexOf('\n');
                    if (nl >= 0) {
                        const QByteArray line = buffer.left(nl);
                        buffer.remove(0, nl + 1);
                        return QJsonDocument::fromJson(line).object();
                    }
                    char chunk[4096];
                    const ssize_t n = ::read(c, chunk, sizeof chunk);
                    if (n <= 0)
                        return {};
                    buffer.append(chunk, n);
                }
            };
            Write write = [c](const QByteArray& line) {
                (void)!::write(c, line.constData(), static_cast<size_t>(line.size()));
            };
            script(read, write);
            ::close(c);
        });
    }
    ~FakeHelper()
    {
        m_thread.join();
        ::close(m_fd);
    }

private:
    int m_fd = -1;
    std::thread m_thread;
};

QByteArray idText(const QJsonObject& request)
{
    return QByteArray::number(request.value(QStringLiteral("id")).toInteger());
}

void answerHello(const FakeHelper::Read& read, const FakeHelper::Write& write)
{
    const QJsonObject hello = read();
    write(R"({"type":"hello","id":)" + idText(hello) +
          R"(,"version":1,"helper":"fake","mode":"rootless","uid":0})"
          "\n");
}

} // namespace

class TestHelperClient final : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path() const { return m_dir.path() + QStringLiteral("/h.sock"); }

private Q_SLOTS:
    void init() { QFile::remove(path()); }

    void noHelper()
    {
        HelperClient client;
        QString error;
        QVERIFY(!client.connectTo(path(), &error));
        QVERIFY(client.noHelper());
        qputenv("CORDON_HELPER_SOCKET", path().toLocal8Bit());
        QVERIFY(!client.connect(&error));
        QVERIFY(client.noHelper());
        QVERIFY2(
            error.startsWith(QStringLiteral("no Cordon helper is running (looked for ") + path()), qPrintable(error));
        qunsetenv("CORDON_HELPER_SOCKET");
    }

    void repliesMatchedAndPushesKept()
    {
        QJsonObject seenHello;
        FakeHelper fake(path(), [&](const FakeHelper::Read& read, const FakeHelper::Write& write) {
            seenHello = read();
            write(R"({"type":"hello","id":)" + idText(seenHello) +
                  R"(,"version":1,"helper":"fake","mode":"rootless","uid":0})"
                  "\n");
            const QJsonObject list = read();
            // Two pushes and a stale reply before the real one, in one write.
            write(R"({"type":"resolved","request":4,"decision":"deny","scope":"host","by":"timeout"})"
                  "\n"
                  R"({"type":"ok","id":999})"
                  "\n"
                  R"({"type":"resolved","request":5,"decision":"once","scope":"host","by":"client"})"
                  "\n"
                  R"({"type":"sessions","id":)" +
                  idText(list) +
                  R"(,"sessions":[]})"
                  "\n");
            read(); // until the client closes
        });
        HelperClient client;
        QString error;
        QVERIFY2(client.connectTo(path(), &error), qPrintable(error));
        QCOMPARE(seenHello.value(QStringLiteral("type")).toString(), QStringLiteral("hello"));
        QCOMPARE(seenHello.value(QStringLiteral("versions")).toArray(), QJsonArray{1});
        QVERIFY(seenHello.value(QStringLiteral("client")).toString().startsWith(QStringLiteral("cordonctl ")));
        QJsonObject reply;
        QVERIFY2(client.request({{QStringLiteral("type"), QStringLiteral("list")}}, &reply, &error), qPrintable(error));
        QCOMPARE(reply.value(QStringLiteral("type")).toString(), QStringLiteral("sessions"));
        auto push = client.waitPush(1000, &error);
        QVERIFY(push);
        QCOMPARE(push->value(QStringLiteral("request")).toInt(), 4);
        push = client.waitPush(1000, &error);
        QVERIFY(push);
        QCOMPARE(push->value(QStringLiteral("request")).toInt(), 5);
        QVERIFY(!client.waitPush(50, &error));
        QVERIFY(client.isConnected());
        client.close();
    }

    void errorReply()
    {
        FakeHelper fake(path(), [](const FakeHelper::Read& read, const FakeHelper::Write& write) {
            answerHello(read, write);
            const QJsonObject launch = read();
            write(R"({"type":"error","id":)" + idText(launch) +
                  R"(,"code":"launch-failed","message":"the workspace /x does not exist","exit_code":122})"
                  "\n");
            read();
        });
        HelperClient client;
        QString error;
        QVERIFY(client.connectTo(path(), &error));
        QJsonObject reply;
        QVERIFY(!client.request({{QStringLiteral("type"), QStringLiteral("pending")}}, &reply, &error));
        QCOMPARE(error, QStringLiteral("the workspace /x does not exist"));
        QCOMPARE(reply.value(QStringLiteral("exit_code")).toInt(), 122);
        QVERIFY(client.isConnected());
        client.close();
    }

    // A line that breaks the schema (unknown field, wrong type, not JSON) ends the connection.
    void invalidLineDisconnects_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::newRow("unknown field") << QByteArray(
            R"({"type":"resolved","request":4,"decision":"deny","scope":"host","by":"timeout","extra":1})");
        QTest::newRow("wrong type") << QByteArray(R"({"type":"session","session":"r-1"})");
        QTest::newRow("unknown type") << QByteArray(R"({"type":"surprise"})");
        QTest::newRow("not JSON") << QByteArray("\x1b[2J");
    }
    void invalidLineDisconnects()
    {
        QFETCH(QByteArray, line);
        FakeHelper fake(path(), [line](const FakeHelper::Read& read, const FakeHelper::Write& write) {
            answerHello(read, write);
            read();
            write(line + '\n');
            read();
        });
        HelperClient client;
        QString error;
        QVERIFY(client.connectTo(path(), &error));
        QJsonObject reply;
        QVERIFY(!client.request({{QStringLiteral("type"), QStringLiteral("pending")}}, &reply, &error, {}, 5000));
        QVERIFY2(error.startsWith(QStringLiteral("the helper sent an invalid message")), qPrintable(error));
        QVERIFY(!client.isConnected());
    }

    void otherVersionRefused()
    {
        FakeHelper fake(path(), [](const FakeHelper::Read& read, const FakeHelper::Write& write) {
            read();
            write(R"({"type":"error","code":"version","message":"no common protocol version"})"
                  "\n");
        });
        HelperClient client;
        QString error;
        QVERIFY(!client.connectTo(path(), &error));
        QVERIFY(!client.noHelper());
        QVERIFY2(error.contains(QStringLiteral("no common protocol version")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestHelperClient)
#include "tst_helperclient.moc"
