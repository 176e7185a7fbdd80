// End-to-end probes of the real cordon-proxy binary on loopback: one probe per bypass class of
// issue 3 (relayed CONNECT, IP encodings, suffix tricks, trailing dot, case, IDN look-alikes,
// NUL and CR/LF in HTTP and SOCKS authorities, userinfo, SNI mismatch, names resolving to
// loopback or metadata, plain HTTP to a denied host, Ask with and without a decider). Every
// refusal is paired with a positive control that goes through the same proxy to the same
// server, and a loopback server counts connections, so a breach would be seen. Only loopback
// addresses are ever contacted: names come from the proxy's test-only name map.

#include "ClientHelloBuilder.h"
#include "LoopbackServer.h"
#include "ProxyTestSupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <arpa/inet.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

using namespace cordon::test;

namespace {

// A decider answering per host: ask-once.test once, ask-deny.test deny, ask-session.test
// session, ask-silent.test never.
class Decider {
public:
    bool start(const QString& path)
    {
        m_listen = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un a{};
        a.sun_family = AF_UNIX;
        const QByteArray p = QFile::encodeName(path);
        std::memcpy(a.sun_path, p.constData(), std::size_t(p.size()) + 1);
        if (m_listen < 0 || ::bind(m_listen, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
            ::listen(m_listen, 4) != 0)
            return false;
        m_thread = std::thread([this] { loop(); });
        return true;
    }
    ~Decider()
    {
        if (m_listen >= 0) {
            ::shutdown(m_listen, SHUT_RDWR);
            if (m_conn >= 0)
                ::shutdown(m_conn, SHUT_RDWR);
            m_thread.join();
            ::close(m_listen);
        }
    }
    QList<QJsonObject> requests()
    {
        std::lock_guard lock(m_mutex);
        return m_requests;
    }

private:
    void loop()
    {
        const int c = ::accept4(m_listen, nullptr, nullptr, SOCK_CLOEXEC);
        if (c < 0)
            return;
        m_conn = c;
        QByteArray buffer;
        char buf[4096];
        for (;;) {
            const ssize_t n = ::recv(c, buf, sizeof buf, 0);
            if (n <= 0)
                break;
            buffer.append(buf, n);
            qsizetype nl;
            while ((nl = buffer.indexOf('\n')) >= 0) {
                const QJsonObject o = QJsonDocument::fromJson(buffer.left(nl)).object();
                buffer.remove(0, nl + 1);
                {
                    std::lock_guard lock(m_mutex);
                    m_requests.append(o);
                }
                const QString host = o.value(u"host").toString();
                QString decision;
                if (host == u"ask-once.test")
                    decision = QStringLiteral("once");
                else if (host == u"ask-deny.test")
                    decision = QStringLiteral("deny");
                else if (host == u"ask-session.test")
                    decision = QStringLiteral("session");
                else
                    continue; // ask-silent.test: no answer at all
                QJsonObject answer{{QStringLiteral("id"), o.value(u"id")}, {QStringLiteral("decision"), decision}};
                const QByteArray line = QJsonDocument(answer).toJson(QJsonDocument::Compact) + '\n';
                (void)!::send(c, line.constData(), std::size_t(line.size()), MSG_NOSIGNAL);
            }
        }
        ::close(c);
    }
    int m_listen = -1;
    int m_conn = -1;
    std::thread m_thread;
    std::mutex m_mutex;
    QList<QJsonObject> m_requests;
};

} // namespace

class TestProxy : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void runsUnprivileged();
    void testOnlyOptionsRefusedOutsideTests();
    void connectAllowedAndDenied();
    void plainHttp();
    void ipEncodings_data();
    void ipEncodings();
    void suffixTricks_data();
    void suffixTricks();
    void caseAndTrailingDot();
    void idnLookalikes();
    void nulAndCrLfInHttp_data();
    void nulAndCrLfInHttp();
    void nulAndCrLfInSocks();
    void userinfo_data();
    void userinfo();
    void badPorts_data();
    void badPorts();
    void sniMismatch();
    void namesResolvingToNonGlobal_data();
    void namesResolvingToNonGlobal();
    void relayedConnect();
    void socksCommands();
    void askWithDecider();
    void askWithoutDecider();
    void eventsAreLogged();
    void unixSocketListener();
    void deciderKilledWhilePending();

private:
    QProcess* startProxy(const QStringList& args, const QString& events, std::uint16_t* port);
    // CONNECT through `proxyPort`; returns the status, and leaves the socket in *fd if asked.
    int connectVia(std::uint16_t proxyPort, const QByteArray& authority, int* keep = nullptr);
    QByteArray socksRequest(const QByteArray& host, std::uint16_t port, unsigned char cmd = 1);
    // SOCKS5 through the lenient proxy: returns the reply code (or -1), leaves the socket if asked.
    int socksVia(std::uint16_t proxyPort, const QByteArray& request, int* keep = nullptr);
    void assertTunnelEchoes(int fd);
    QList<QJsonObject> events(const QString& path);

    QTemporaryDir m_dir;
    LoopbackServer m_server; // stands in for every allowed host
    LoopbackServer m_tls;    // stands in for tls.test:443
    QByteArray m_tlsIp;
    Decider m_decider;
    std::unique_ptr<QProcess> m_lenient, m_strict, m_asking;
    std::uint16_t m_lenientPort = 0, m_strictPort = 0, m_askingPort = 0;
    QByteArray m_sp; // m_server's port as text
};

QProcess* TestProxy::startProxy(const QStringList& args, const QString& events, std::uint16_t* port)
{
    auto* p = new QProcess;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("CORDON_PROXY_TEST"), QStringLiteral("1"));
    p->setProcessEnvironment(env);
    p->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p->start(qEnvironmentVariable("CORDON_BIN_DIR") + QStringLiteral("/cordon-proxy"),
        QStringList{QStringLiteral("--listen-tcp"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--events"), events} +
            args);
    if (!p->waitForStarted(5000) || !p->waitForReadyRead(5000))
        return p;
    *port = std::uint16_t(p->readLine().trimmed().toUInt());
    return p;
}

void TestProxy::initTestCase()
{
    QString why;
    QVERIFY2(isolateNetwork(&why), qPrintable(why));
    QVERIFY(m_dir.isValid());
    QVERIFY(m_server.start("127.0.0.1"));
    m_sp = QByteArray::number(m_server.port());
    // tls.test lives on port 443 of a random loopback address (all of 127/8 is loopback), so the
    // tests need no fixed free port on 127.0.0.1. Binding 443 needs root, which CI has.
    auto* rng = QRandomGenerator::global();
    bool bound = false;
    for (int attempt = 0; attempt < 20 && !bound; ++attempt) {
        m_tlsIp = QByteArray("127.") + QByteArray::number(rng->bounded(1, 250)) + '.' +
                  QByteArray::number(rng->bounded(1, 250)) + '.' + QByteArray::number(rng->bounded(2, 250));
        bound = m_tls.start(m_tlsIp.constData(), 443);
        if (!bound)
            m_tls.stop();
    }
    QVERIFY2(bound, "cannot bind a loopback address on port 443 (these tests run as root in CI)");

    const QString lenientMap = m_dir.filePath(QStringLiteral("lenient.map"));
    QFile map(lenientMap);
    QVERIFY(map.open(QIODevice::WriteOnly));
    for (const char* name :
        {"allowed.test", "api.example.test", "other.wild.test", "blocked.wild.test", "proxy.test", "denied.test",
            "evil.test", "allowed.test.evil.test", "evilallowed.test", "example.test.evil.test", "evilexample.test",
            "example.test", "ask-once.test", "ask-deny.test", "ask-session.test", "ask-silent.test", "unlisted.test"})
        map.write(QByteArray(name) + " 127.0.0.1\n");
    map.write("tls.test " + m_tlsIp + "\n");
    map.close();
    const QString strictMap = m_dir.filePath(QStringLiteral("strict.map"));
    QFile smap(strictMap);
    QVERIFY(smap.open(QIODevice::WriteOnly));
    smap.write("allowed.test 127.0.0.1\nmetadata.test 169.254.169.254\nnat64.test 64:ff9b::7f00:1\n"
               "mapped6.test ::ffff:127.0.0.1\nlinklocal6.test fe80::1\nprivate.test 10.0.0.1\n");
    smap.close();

    const QStringList lenientArgs = {QStringLiteral("--resolve-map"), lenientMap,
        QStringLiteral("--test-mapped-may-be-private"), QStringLiteral("--allow"), QStringLiteral("allowed.test"),
        QStringLiteral("--allow"), QStringLiteral("*.example.test"), QStringLiteral("--allow"),
        QStringLiteral("*.wild.test"), QStringLiteral("--deny"), QStringLiteral("blocked.wild.test"),
        QStringLiteral("--deny"), QStringLiteral("denied.test"), QStringLiteral("--allow"),
        QStringLiteral("proxy.test"), QStringLiteral("--allow"), QStringLiteral("tls.test"), QStringLiteral("--allow"),
        QStringLiteral("127.0.0.1"), QStringLiteral("--allow"), QString::fromLatin1(m_tlsIp),
        QStringLiteral("--handshake-timeout"), QStringLiteral("3")};
    m_lenient.reset(startProxy(lenientArgs, m_dir.filePath(QStringLiteral("lenient.events")), &m_lenientPort));
    QVERIFY2(m_lenientPort != 0, "lenient proxy did not start");
    m_strict.reset(
        startProxy({QStringLiteral("--resolve-map"), strictMap, QStringLiteral("--allow"),
                       QStringLiteral("allowed.test"), QStringLiteral("--allow"), QStringLiteral("metadata.test"),
                       QStringLiteral("--allow"), QStringLiteral("nat64.test"), QStringLiteral("--allow"),
                       QStringLiteral("mapped6.test"), QStringLiteral("--allow"), QStringLiteral("linklocal6.test"),
                       QStringLiteral("--allow"), QStringLiteral("private.test")},
            m_dir.filePath(QStringLiteral("strict.events")), &m_strictPort));
    QVERIFY2(m_strictPort != 0, "strict proxy did not start");
    const QString deciderPath = m_dir.filePath(QStringLiteral("decider.sock"));
    QVERIFY(m_decider.start(deciderPath));
    m_asking.reset(
        startProxy({QStringLiteral("--resolve-map"), lenientMap, QStringLiteral("--test-mapped-may-be-private"),
                       QStringLiteral("--decider"), deciderPath, QStringLiteral("--ask-timeout"), QStringLiteral("1")},
            m_dir.filePath(QStringLiteral("asking.events")), &m_askingPort));
    QVERIFY2(m_askingPort != 0, "asking proxy did not start");
}

void TestProxy::cleanupTestCase()
{
    for (auto* p : {m_lenient.get(), m_strict.get(), m_asking.get()}) {
        if (p) {
            p->kill();
            p->waitForFinished(5000);
        }
    }
}

int TestProxy::connectVia(std::uint16_t proxyPort, const QByteArray& authority, int* keep)
{
    const int fd = connectTo(proxyPort);
    if (fd < 0)
        return -1;
    sendBytes(fd, "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n");
    const int status = statusOf(readHead(fd));
    if (keep)
        *keep = fd;
    else
        ::close(fd);
    return status;
}

QByteArray TestProxy::socksRequest(const QByteArray& host, std::uint16_t port, unsigned char cmd)
{
    QByteArray r("\x05", 1);
    r.append(char(cmd));
    r.append('\0');
    r.append('\x03');
    r.append(char(host.size()));
    r.append(host);
    r.append(char(port >> 8));
    r.append(char(port & 0xff));
    return r;
}

int TestProxy::socksVia(std::uint16_t proxyPort, const QByteArray& request, int* keep)
{
    const int fd = connectTo(proxyPort);
    if (fd < 0)
        return -1;
    sendBytes(fd, QByteArray("\x05\x01\x00", 3));
    const QByteArray method = readUntil(fd, [](const QByteArray& b) { return b.size() >= 2; });
    if (method != QByteArray("\x05\x00", 2)) {
        ::close(fd);
        return -2;
    }
    sendBytes(fd, request);
    const QByteArray reply = readUntil(fd, [](const QByteArray& b) { return b.size() >= 10; });
    const int code = reply.size() >= 2 ? static_cast<unsigned char>(reply[1]) : -1;
    if (keep)
        *keep = fd;
    else
        ::close(fd);
    return code;
}

void TestProxy::assertTunnelEchoes(int fd)
{
    QVERIFY(sendBytes(fd, "ping-through-tunnel"));
    const QByteArray echo = readUntil(fd, [](const QByteArray& b) { return b.size() >= 19; });
    QCOMPARE(echo, QByteArray("ping-through-tunnel"));
}

QList<QJsonObject> TestProxy::events(const QString& path)
{
    QList<QJsonObject> out;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return out;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (!line.isEmpty())
            out.append(QJsonDocument::fromJson(line).object());
    return out;
}

void TestProxy::runsUnprivileged()
{
    QFile status(QStringLiteral("/proc/%1/status").arg(m_lenient->processId()));
    QVERIFY(status.open(QIODevice::ReadOnly));
    const QByteArray text = status.readAll();
    QByteArray uidLine;
    for (const QByteArray& line : text.split('\n'))
        if (line.startsWith("Uid:") || line.startsWith("Gid:") || line.startsWith("NoNewPrivs:"))
            uidLine += line.simplified() + ';';
    if (::geteuid() == 0) {
        QVERIFY2(!uidLine.contains(" 0 ") && !uidLine.contains(" 0;"), uidLine.constData());
    }
    QVERIFY2(uidLine.contains("NoNewPrivs: 1") || ::geteuid() != 0, uidLine.constData());
}

void TestProxy::testOnlyOptionsRefusedOutsideTests()
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("CORDON_PROXY_TEST"));
    p.setProcessEnvironment(env);
    p.start(qEnvironmentVariable("CORDON_BIN_DIR") + QStringLiteral("/cordon-proxy"),
        {QStringLiteral("--listen-tcp"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--resolve-map"),
            m_dir.filePath(QStringLiteral("lenient.map"))});
    QVERIFY(p.waitForFinished(5000));
    QCOMPARE(p.exitCode(), 2);
    QVERIFY(p.readAllStandardError().contains("test-only"));
}

void TestProxy::connectAllowedAndDenied()
{
    const int before = m_server.connections();
    int fd = -1;
    QCOMPARE(connectVia(m_lenientPort, "allowed.test:" + m_sp, &fd), 200);
    Fd guard(fd);
    assertTunnelEchoes(fd);
    QCOMPARE(m_server.connections(), before + 1);

    const int fd2 = connectTo(m_lenientPort);
    Fd guard2(fd2);
    sendBytes(fd2, "CONNECT denied.test:" + m_sp + " HTTP/1.1\r\n\r\n");
    const QByteArray response = readAllUntilClose(fd2);
    QCOMPARE(statusOf(response), 403);
    QVERIFY(response.contains("denied.test"));
    QVERIFY(response.contains("network.allow"));
    QCOMPARE(connectVia(m_lenientPort, "unlisted.test:" + m_sp), 403); // Ask, no decider: deny
    QCOMPARE(m_server.connections(), before + 1);
}

void TestProxy::plainHttp()
{
    const int before = m_server.connections();
    {
        Fd c(connectTo(m_lenientPort));
        sendBytes(c.fd, "GET http://allowed.test:" + m_sp +
                            "/path?q=1 HTTP/1.1\r\nHost: evil.test\r\n"
                            "Proxy-Connection: keep-alive\r\nProxy-Authorization: Basic eA==\r\nAccept: */*\r\n\r\n");
        const QByteArray response = readAllUntilClose(c.fd);
        QCOMPARE(statusOf(response), 200);
        QVERIFY(response.endsWith("hello"));
    }
    const QByteArray seen = QByteArray::fromStdString(m_server.lastReceived());
    QVERIFY2(seen.startsWith("GET /path?q=1 HTTP/1.1\r\nHost: allowed.test:" + m_sp + "\r\n"), seen.constData());
    QVERIFY(!seen.contains("evil.test"));
    QVERIFY(!seen.contains("Proxy-"));
    QVERIFY(seen.contains("Connection: close\r\n"));
    QVERIFY(seen.contains("Accept: */*\r\n"));
    QCOMPARE(m_server.connections(), before + 1);
    {
        Fd c(connectTo(m_lenientPort));
        sendBytes(c.fd, "GET http://denied.test:" + m_sp + "/ HTTP/1.1\r\nHost: denied.test\r\n\r\n");
        QCOMPARE(statusOf(readAllUntilClose(c.fd)), 403);
    }
    {
        // An origin-form request is not a proxy request: nothing to decide on, refused.
        Fd c(connectTo(m_lenientPort));
        sendBytes(c.fd, "GET / HTTP/1.1\r\nHost: allowed.test:" + m_sp + "\r\n\r\n");
        QCOMPARE(statusOf(readAllUntilClose(c.fd)), 400);
    }
    QCOMPARE(m_server.connections(), before + 1);
}

void TestProxy::ipEncodings_data()
{
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<int>("status");
    QTest::newRow("decimal") << QByteArray("2130706433") << 400;
    QTest::newRow("hex") << QByteArray("0x7f.1") << 400;
    QTest::newRow("hex dotted") << QByteArray("0x7f.0x0.0x0.0x1") << 400;
    QTest::newRow("octal") << QByteArray("0177.0.0.1") << 400;
    QTest::newRow("short") << QByteArray("127.1") << 400;
    QTest::newRow("v4-mapped v6") << QByteArray("[::ffff:127.0.0.1]") << 403;
    QTest::newRow("v4-mapped v6 hex") << QByteArray("[::ffff:7f00:1]") << 403;
    QTest::newRow("nat64") << QByteArray("[64:ff9b::7f00:1]") << 403;
    QTest::newRow("v6 loopback") << QByteArray("[::1]") << 403;
    QTest::newRow("other loopback v4") << QByteArray("127.0.0.2") << 403;
}

void TestProxy::ipEncodings()
{
    QFETCH(QByteArray, host);
    QFETCH(int, status);
    const int before = m_server.connections();
    QCOMPARE(connectVia(m_lenientPort, host + ':' + m_sp), status);
    QCOMPARE(socksVia(m_lenientPort,
                 socksRequest(host.startsWith('[') ? host.mid(1, host.size() - 2) : host, m_server.port())),
        status == 400 || host.startsWith('[') ? 1 : 2);
    QCOMPARE(m_server.connections(), before);
    // Positive control: the canonical literal that the policy names goes through.
    int fd = -1;
    QCOMPARE(connectVia(m_lenientPort, "127.0.0.1:" + m_sp, &fd), 200);
    Fd guard(fd);
    assertTunnelEchoes(fd);
    QCOMPARE(m_server.connections(), before + 1);
}

void TestProxy::suffixTricks_data()
{
    QTest::addColumn<QByteArray>("host");
    for (const char* h :
        {"allowed.test.evil.test", "evilallowed.test", "example.test.evil.test", "evilexample.test", "example.test"})
        QTest::newRow(h) << QByteArray(h);
}

void TestProxy::suffixTricks()
{
    QFETCH(QByteArray, host);
    const int before = m_server.connections();
    QCOMPARE(connectVia(m_lenientPort, host + ':' + m_sp), 403);
    QCOMPARE(m_server.connections(), before);
    int fd = -1;
    QCOMPARE(connectVia(m_lenientPort, "api.example.test:" + m_sp, &fd), 200);
    Fd guard(fd);
    assertTunnelEchoes(fd);
}

void TestProxy::caseAndTrailingDot()
{
    const int before = m_server.connections();
    for (const QByteArray& h : {QByteArray("blocked.wild.test"), QByteArray("BLOCKED.Wild.Test."),
             QByteArray("Blocked.wild.test."), QByteArray("DENIED.TEST.")}) {
        QCOMPARE(connectVia(m_lenientPort, h + ':' + m_sp), 403);
        QCOMPARE(socksVia(m_lenientPort, socksRequest(h, m_server.port())), 2);
    }
    QCOMPARE(m_server.connections(), before);
    for (const QByteArray& h : {QByteArray("Other.WILD.test."), QByteArray("ALLOWED.TEST.")}) {
        int fd = -1;
        QCOMPARE(connectVia(m_lenientPort, h + ':' + m_sp, &fd), 200);
        Fd guard(fd);
        assertTunnelEchoes(fd);
    }
    QCOMPARE(m_server.connections(), before + 2);
}

void TestProxy::idnLookalikes()
{
    const int before = m_server.connections();
    const QByteArray cyrillic = QStringLiteral("\u0430llowed.test").toUtf8(); // Cyrillic a + "llowed"
    const QByteArray ace = QUrl::toAce(QStringLiteral("\u0430llowed.test"));
    QVERIFY(ace.startsWith("xn--"));
    QCOMPARE(connectVia(m_lenientPort, cyrillic + ':' + m_sp), 400); // raw UTF-8 in a request line
    QCOMPARE(connectVia(m_lenientPort, ace + ':' + m_sp), 400);      // mixed script, even as ACE
    QCOMPARE(socksVia(m_lenientPort, socksRequest(cyrillic, m_server.port())), 1);
    QCOMPARE(socksVia(m_lenientPort, socksRequest(ace, m_server.port())), 1);
    QCOMPARE(m_server.connections(), before);
    int fd = -1;
    QCOMPARE(socksVia(m_lenientPort, socksRequest("allowed.test", m_server.port()), &fd), 0);
    Fd guard(fd);
    assertTunnelEchoes(fd);
}

void TestProxy::nulAndCrLfInHttp_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::newRow("nul connect") << QByteArray("CONNECT allowed.test\0.evil.test:PORT HTTP/1.1\r\n\r\n", 48);
    QTest::newRow("cr connect") << QByteArray("CONNECT allowed.test\r.evil.test:PORT HTTP/1.1\r\n\r\n");
    QTest::newRow("crlf connect") << QByteArray("CONNECT allowed.test\r\n.evil.test:PORT HTTP/1.1\r\n\r\n");
    QTest::newRow("lf connect") << QByteArray("CONNECT allowed.test\n.evil.test:PORT HTTP/1.1\r\n\r\n");
    QTest::newRow("nul http") << QByteArray("GET http://allowed.test\0.evil.test:PORT/ HTTP/1.1\r\n\r\n", 53);
    QTest::newRow("escaped nul http") << QByteArray("GET http://allowed.test%00.evil.test:PORT/ HTTP/1.1\r\n\r\n");
    QTest::newRow("crlf http") << QByteArray("GET http://allowed.test\r\n.evil.test:PORT/ HTTP/1.1\r\n\r\n");
}

void TestProxy::nulAndCrLfInHttp()
{
    QFETCH(QByteArray, request);
    request.replace("PORT", m_sp);
    const int before = m_server.connections();
    {
        Fd c(connectTo(m_lenientPort));
        sendBytes(c.fd, request);
        QCOMPARE(statusOf(readAllUntilClose(c.fd)), 400);
    }
    QCOMPARE(m_server.connections(), before);
    int fd = -1;
    QCOMPARE(connectVia(m_lenientPort, "allowed.test:" + m_sp, &fd), 200);
    Fd guard(fd);
    assertTunnelEchoes(fd);
}

void TestProxy::nulAndCrLfInSocks()
{
    const int before = m_server.connections();
    for (const QByteArray& h : {QByteArray("allowed.test\0.evil.test", 23), QByteArray("allowed.test\r\n"),
             QByteArray("allowed.test\n.evil.test"), QByteArray("user@allowed.test"), QByteArray("allowed.test:443")})
        QCOMPARE(socksVia(m_lenientPort, socksRequest(h, m_server.port())), 1);
    QCOMPARE(m_server.connections(), before);
    int fd = -1;
    QCOMPARE(socksVia(m_lenientPort, socksRequest("allowed.test", m_server.port()), &fd), 0);
    Fd guard(fd);
    assertTunnelEchoes(fd);
    QCOMPARE(m_server.connections(), before + 1);
}

void TestProxy::userinfo_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::newRow("connect") << QByteArray("CONNECT user@allowed.test:PORT HTTP/1.1\r\n\r\n");
    QTest::newRow("connect reversed") << QByteArray("CONNECT allowed.test@evil.test:PORT HTTP/1.1\r\n\r\n");
    QTest::newRow("http") << QByteArray("GET http://allowed.test@evil.test:PORT/ HTTP/1.1\r\n\r\n");
    QTest::newRow("http password") << QByteArray("GET http://user:pw@allowed.test:PORT/ HTTP/1.1\r\n\r\n");
}

void TestProxy::userinfo()
{
    nulAndCrLfInHttp(); // same shape: refused with 400, nothing reached, control goes through
}

void TestProxy::badPorts_data()
{
    QTest::addColumn<QByteArray>("request");
    for (const char* port : {":0", ":65536", ":", ":abc", ":+80", ":-1", ":8O", "", ":99999999999"})
        QTest::newRow(port) << QByteArray("CONNECT allowed.test") + port + " HTTP/1.1\r\n\r\n";
}

void TestProxy::badPorts()
{
    nulAndCrLfInHttp();
}

void TestProxy::sniMismatch()
{
    auto tunnel = [&](const QByteArray& authority, const QByteArray& payload, bool socks = false) {
        int fd = -1;
        if (socks) {
            if (socksVia(m_lenientPort, socksRequest(authority, 443), &fd) != 0)
                return QByteArray("refused");
        } else if (connectVia(m_lenientPort, authority + ":443", &fd) != 200) {
            return QByteArray("refused");
        }
        Fd guard(fd);
        sendBytes(fd, payload);
        return readUntil(fd, [&](const QByteArray& b) { return b.size() >= payload.size(); });
    };
    const int before = m_tls.connections();
    const QByteArray good = buildClientHello("tls.test");
    QCOMPARE(tunnel("tls.test", good), good); // control: the hello reaches the server and comes back
    QCOMPARE(m_tls.connections(), before + 1);
    QCOMPARE(tunnel("tls.test", buildClientHello("evil.test")), QByteArray());
    QCOMPARE(tunnel("tls.test", buildClientHello("tls.test.evil.test")), QByteArray());
    QCOMPARE(tunnel("tls.test", buildClientHello("allowed.test")), QByteArray());
    QCOMPARE(tunnel("tls.test", "GET / HTTP/1.1\r\nHost: evil.test\r\n\r\n"), QByteArray()); // not TLS
    QCOMPARE(tunnel(m_tlsIp, buildClientHello("tls.test")), QByteArray()); // SNI on an IP-literal CONNECT
    QCOMPARE(tunnel("tls.test", buildClientHello("evil.test"), true), QByteArray());
    QCOMPARE(m_tls.connections(), before + 1);
    const QByteArray split = buildClientHello("TLS.Test.", 3);
    QCOMPARE(tunnel("tls.test", split), split); // normalized SNI over three records: same host
    const QByteArray none = buildClientHello(QByteArray());
    QCOMPARE(tunnel(m_tlsIp, none), none); // no SNI: nothing to contradict the literal
    QCOMPARE(tunnel("tls.test", good, true), good);
    QCOMPARE(m_tls.connections(), before + 4);
}

void TestProxy::namesResolvingToNonGlobal_data()
{
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<QByteArray>("address");
    QTest::newRow("loopback") << QByteArray("allowed.test") << QByteArray("127.0.0.1");
    QTest::newRow("metadata") << QByteArray("metadata.test") << QByteArray("169.254.169.254");
    QTest::newRow("nat64") << QByteArray("nat64.test") << QByteArray("64:ff9b::7f00:1");
    QTest::newRow("v4-mapped") << QByteArray("mapped6.test") << QByteArray("::ffff:127.0.0.1");
    QTest::newRow("link-local v6") << QByteArray("linklocal6.test") << QByteArray("fe80::1");
    QTest::newRow("rfc1918") << QByteArray("private.test") << QByteArray("10.0.0.1");
}

void TestProxy::namesResolvingToNonGlobal()
{
    QFETCH(QByteArray, host);
    QFETCH(QByteArray, address);
    const int before = m_server.connections();
    QCOMPARE(connectVia(m_strictPort, host + ':' + m_sp), 403);
    QCOMPARE(socksVia(m_strictPort, socksRequest(host, m_server.port())), 2);
    QCOMPARE(m_server.connections(), before);
    bool logged = false;
    for (const QJsonObject& e : events(m_dir.filePath(QStringLiteral("strict.events"))))
        if (e.value(u"kind").toString() == u"net_deny" && e.value(u"rule").toString() == u"non-global-address" &&
            e.value(u"address").toString() == QString::fromLatin1(address))
            logged = true;
    QVERIFY(logged);
    // Control: the same name through the proxy whose test option exempts mapped names.
    if (host == "allowed.test") {
        int fd = -1;
        QCOMPARE(connectVia(m_lenientPort, host + ':' + m_sp, &fd), 200);
        Fd guard(fd);
        assertTunnelEchoes(fd);
    }
}

void TestProxy::relayedConnect()
{
    const int before = m_server.connections();
    const QByteArray self = QByteArray::number(m_lenientPort);
    // CONNECT to the proxy itself, by an allowed name and by an allowed literal.
    QCOMPARE(connectVia(m_lenientPort, "proxy.test:" + self), 403);
    QCOMPARE(connectVia(m_lenientPort, "127.0.0.1:" + self), 403);
    // CONNECT to a second proxy that the policy does not name (the strict one, on loopback).
    QCOMPARE(connectVia(m_lenientPort, "evil.test:" + QByteArray::number(m_strictPort)), 403);
    // A second CONNECT pipelined inside an allowed tunnel is payload for the allowed host, never
    // a request to this proxy: the server receives it verbatim and nothing else is dialed.
    {
        Fd c(connectTo(m_lenientPort));
        const QByteArray inner = "CONNECT denied.test:" + m_sp + " HTTP/1.1\r\n\r\n";
        sendBytes(c.fd, "CONNECT allowed.test:" + m_sp + " HTTP/1.1\r\n\r\n" + inner);
        const QByteArray got = readUntil(c.fd, [&](const QByteArray& b) { return b.size() >= 39 + inner.size(); });
        QVERIFY2(got.startsWith("HTTP/1.1 200"), got.constData());
        QVERIFY(got.endsWith(inner));
    }
    QCOMPARE(m_server.connections(), before + 1);
    bool loopLogged = false;
    for (const QJsonObject& e : events(m_dir.filePath(QStringLiteral("lenient.events"))))
        loopLogged = loopLogged || e.value(u"rule").toString() == u"proxy-loop";
    QVERIFY(loopLogged);
}

void TestProxy::socksCommands()
{
    QCOMPARE(socksVia(m_lenientPort, socksRequest("allowed.test", m_server.port(), 2)), 7); // BIND
    QCOMPARE(socksVia(m_lenientPort, socksRequest("allowed.test", m_server.port(), 3)), 7); // UDP ASSOCIATE
    {
        Fd c(connectTo(m_lenientPort));
        sendBytes(c.fd, QByteArray("\x05\x01\x02", 3)); // username/password only
        QCOMPARE(readAllUntilClose(c.fd), QByteArray("\x05\xff", 2));
    }
    int fd = -1;
    QCOMPARE(socksVia(m_lenientPort, socksRequest("allowed.test", m_server.port()), &fd), 0);
    Fd guard(fd);
    assertTunnelEchoes(fd);
}

void TestProxy::askWithDecider()
{
    const int before = m_server.connections();
    int fd = -1;
    QCOMPARE(connectVia(m_askingPort, "ask-once.test:" + m_sp, &fd), 200);
    {
        Fd guard(fd);
        assertTunnelEchoes(fd);
    }
    QCOMPARE(m_server.connections(), before + 1);
    QCOMPARE(connectVia(m_askingPort, "ask-deny.test:" + m_sp), 403);
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(connectVia(m_askingPort, "ask-silent.test:" + m_sp), 403);
    QVERIFY2(timer.elapsed() >= 900, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(m_server.connections(), before + 1);
    // once is not remembered; session is.
    QCOMPARE(connectVia(m_askingPort, "ask-once.test:" + m_sp), 200);
    QCOMPARE(connectVia(m_askingPort, "ask-session.test:" + m_sp), 200);
    QCOMPARE(connectVia(m_askingPort, "ask-session.test:" + m_sp), 200);
    const auto requests = m_decider.requests();
    int once = 0, session = 0;
    for (const QJsonObject& r : requests) {
        QVERIFY(r.value(u"id").isDouble());
        QCOMPARE(r.value(u"kind").toString(), QStringLiteral("net"));
        QCOMPARE(r.value(u"port").toInt(), int(m_server.port()));
        once += r.value(u"host").toString() == u"ask-once.test";
        session += r.value(u"host").toString() == u"ask-session.test";
    }
    QCOMPARE(once, 2);
    QCOMPARE(session, 1);
}

void TestProxy::askWithoutDecider()
{
    // The lenient proxy has no decider: an unlisted host is denied at once, never allowed.
    const int before = m_server.connections();
    QCOMPARE(connectVia(m_lenientPort, "ask-once.test:" + m_sp), 403);
    QCOMPARE(m_server.connections(), before);
    bool asked = false, denied = false;
    for (const QJsonObject& e : events(m_dir.filePath(QStringLiteral("lenient.events")))) {
        if (e.value(u"host").toString() != u"ask-once.test")
            continue;
        asked = asked || e.value(u"kind").toString() == u"net_ask";
        denied = denied || e.value(u"kind").toString() == u"net_deny";
    }
    QVERIFY(asked && denied);
}

void TestProxy::eventsAreLogged()
{
    bool allow = false, deny = false;
    for (const QJsonObject& e : events(m_dir.filePath(QStringLiteral("lenient.events")))) {
        QVERIFY(!e.value(u"time").toString().isEmpty());
        if (e.value(u"kind").toString() == u"net_allow" && e.value(u"host").toString() == u"allowed.test" &&
            e.value(u"address").toString() == u"127.0.0.1" && e.value(u"rule").toString() == u"allow:allowed.test")
            allow = true;
        if (e.value(u"kind").toString() == u"net_deny" && e.value(u"host").toString() == u"denied.test" &&
            e.value(u"rule").toString() == u"deny:denied.test")
            deny = true;
    }
    QVERIFY(allow);
    QVERIFY(deny);
}

void TestProxy::unixSocketListener()
{
    // The production listener: a Unix socket (the shim bridges 127.0.0.1:PORT inside to it).
    const QString path = m_dir.filePath(QStringLiteral("proxy.sock"));
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("CORDON_PROXY_TEST"), QStringLiteral("1"));
    p.setProcessEnvironment(env);
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p.start(qEnvironmentVariable("CORDON_BIN_DIR") + QStringLiteral("/cordon-proxy"),
        {QStringLiteral("--listen"), path, QStringLiteral("--resolve-map"),
            m_dir.filePath(QStringLiteral("lenient.map")), QStringLiteral("--test-mapped-may-be-private"),
            QStringLiteral("--allow"), QStringLiteral("allowed.test"), QStringLiteral("--events"),
            m_dir.filePath(QStringLiteral("unix.events"))});
    QVERIFY(p.waitForStarted(5000));
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(path), 5000);
    QTest::qWait(100); // bind() creates the file just before listen()
    QFileInfo info(path);
    QCOMPARE(int(info.permissions() &
                 (QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther | QFileDevice::WriteOther)),
        0);
    auto viaUnix = [&](const QByteArray& authority) {
        const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un a{};
        a.sun_family = AF_UNIX;
        const QByteArray p8 = QFile::encodeName(path);
        std::memcpy(a.sun_path, p8.constData(), std::size_t(p8.size()) + 1);
        if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
            if (fd >= 0)
                ::close(fd);
            return -1;
        }
        timeval tv{5, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        Fd guard(fd);
        sendBytes(fd, "CONNECT " + authority + " HTTP/1.1\r\n\r\n");
        const int status = statusOf(readHead(fd));
        if (status == 200 && sendBytes(fd, "unix") &&
            readUntil(fd, [](const QByteArray& b) { return b.size() >= 4; }) != "unix")
            return -2;
        return status;
    };
    const int before = m_server.connections();
    QCOMPARE(viaUnix("allowed.test:" + m_sp), 200);
    QCOMPARE(viaUnix("denied.test:" + m_sp), 403);
    QCOMPARE(m_server.connections(), before + 1);
    p.kill();
    p.waitForFinished(5000);
}

void TestProxy::deciderKilledWhilePending()
{
    // The deciding side dies while a request is pending: that request is denied at once (not
    // after the 30 s timeout), later unlisted hosts are denied, and the proxy keeps serving.
    const QString path = m_dir.filePath(QStringLiteral("dying.sock"));
    const int listenFd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    const QByteArray p8 = QFile::encodeName(path);
    std::memcpy(a.sun_path, p8.constData(), std::size_t(p8.size()) + 1);
    QVERIFY(listenFd >= 0);
    Fd listenGuard(listenFd);
    QCOMPARE(::bind(listenFd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    QCOMPARE(::listen(listenFd, 1), 0);
    std::atomic<bool> gotRequest{false};
    std::thread dying([&] {
        const int c = ::accept4(listenFd, nullptr, nullptr, SOCK_CLOEXEC);
        if (c < 0)
            return;
        char buf[4096];
        if (::recv(c, buf, sizeof buf, 0) > 0)
            gotRequest = true;
        ::close(c); // dies without answering
    });
    std::uint16_t port = 0;
    std::unique_ptr<QProcess> proxy(startProxy(
        {QStringLiteral("--resolve-map"), m_dir.filePath(QStringLiteral("lenient.map")),
            QStringLiteral("--test-mapped-may-be-private"), QStringLiteral("--allow"), QStringLiteral("allowed.test"),
            QStringLiteral("--decider"), path, QStringLiteral("--ask-timeout"), QStringLiteral("30")},
        m_dir.filePath(QStringLiteral("dying.events")), &port));
    QVERIFY(port != 0);
    const int before = m_server.connections();
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(connectVia(port, "ask-once.test:" + m_sp), 403);
    QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed())));
    dying.join();
    QVERIFY(gotRequest.load());
    QCOMPARE(connectVia(port, "ask-once.test:" + m_sp), 403);
    QCOMPARE(m_server.connections(), before);
    int fd = -1;
    QCOMPARE(connectVia(port, "allowed.test:" + m_sp, &fd), 200);
    Fd guard(fd);
    assertTunnelEchoes(fd);
    proxy->kill();
    proxy->waitForFinished(5000);
}

QTEST_GUILESS_MAIN(TestProxy)
#include "tst_proxy.moc"
