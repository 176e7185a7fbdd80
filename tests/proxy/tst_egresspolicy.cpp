// Unit tests of the egress decision and the proxy's parsers: host normalization (case, trailing
// dot, IDNA, numeric spellings, look-alikes), allow/deny/ask matching, the non-global address
// table, the authority, HTTP and SOCKS5 parsers, and the ClientHello SNI reader.

#include "AddressFilter.h"
#include "Authority.h"
#include "ClientHello.h"
#include "ClientHelloBuilder.h"
#include "EgressPolicy.h"
#include "HostNormalizer.h"
#include "RequestParser.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <arpa/inet.h>

using namespace cordon;
using namespace cordon::proxy;

class TestEgressPolicy : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void normalize_data();
    void normalize();
    void decide_data();
    void decide();
    void nonGlobalExemptions();
    void addresses_data();
    void addresses();
    void authority_data();
    void authority();
    void httpParser();
    void httpParserRejects_data();
    void httpParserRejects();
    void socksParser();
    void clientHello();
};

void TestEgressPolicy::normalize_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << QByteArray("api.example.test") << true << QStringLiteral("api.example.test");
    QTest::newRow("case") << QByteArray("API.Example.TEST") << true << QStringLiteral("api.example.test");
    QTest::newRow("trailing dot") << QByteArray("api.example.test.") << true << QStringLiteral("api.example.test");
    QTest::newRow("two trailing dots") << QByteArray("api.example.test..") << false << QString();
    QTest::newRow("idn") << QByteArray("b\xc3\xbc"
                                       "cher.test")
                         << true << QStringLiteral("xn--bcher-kva.test");
    QTest::newRow("ace given") << QByteArray("xn--bcher-kva.test") << true << QStringLiteral("xn--bcher-kva.test");
    QTest::newRow("mixed script") << QByteArray("\xd0\xb0llowed.test") << false << QString(); // Cyrillic a
    QTest::newRow("mixed script ace") << QByteArray("xn--llowed-2fg.test") << false << QString();
    QTest::newRow("bad punycode") << QByteArray("xn--zz.test") << false << QString();
    QTest::newRow("invalid utf8") << QByteArray("a\xff.test") << false << QString();
    QTest::newRow("dotted quad") << QByteArray("127.0.0.1") << true << QStringLiteral("127.0.0.1");
    QTest::newRow("decimal") << QByteArray("2130706433") << false << QString();
    QTest::newRow("hex") << QByteArray("0x7f.1") << false << QString();
    QTest::newRow("hex whole") << QByteArray("0x7f000001") << false << QString();
    QTest::newRow("octal") << QByteArray("0177.0.0.1") << false << QString();
    QTest::newRow("short") << QByteArray("127.1") << false << QString();
    QTest::newRow("trailing dot ip") << QByteArray("127.0.0.1.") << true << QStringLiteral("127.0.0.1");
    QTest::newRow("v6") << QByteArray("[::FFFF:127.0.0.1]") << true << QStringLiteral("::ffff:127.0.0.1");
    QTest::newRow("v6 zone") << QByteArray("[fe80::1%eth0]") << false << QString();
    QTest::newRow("nul") << QByteArray("allowed.test\0.evil.test", 23) << false << QString();
    QTest::newRow("crlf") << QByteArray("allowed.test\r\n.evil") << false << QString();
    QTest::newRow("userinfo") << QByteArray("user@allowed.test") << false << QString();
    QTest::newRow("space") << QByteArray("allowed .test") << false << QString();
    QTest::newRow("underscore") << QByteArray("a_b.test") << false << QString();
    QTest::newRow("empty label") << QByteArray("a..test") << false << QString();
}

void TestEgressPolicy::normalize()
{
    QFETCH(QByteArray, raw);
    QFETCH(bool, ok);
    QFETCH(QString, expected);
    HostNormalizer::Host host;
    QString error;
    QCOMPARE(HostNormalizer::normalize(raw, &host, &error), ok);
    if (ok)
        QCOMPARE(host.name, expected);
    else
        QVERIFY(!error.isEmpty());
}

void TestEgressPolicy::decide_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<int>("verdict");
    const int allow = int(EgressPolicy::Verdict::Allow), deny = int(EgressPolicy::Verdict::Deny),
              ask = int(EgressPolicy::Verdict::Ask);
    QTest::newRow("exact") << "allowed.test" << 443 << allow;
    QTest::newRow("suffix trick") << "allowed.test.evil.test" << 443 << ask;
    QTest::newRow("prefix trick") << "evilallowed.test" << 443 << ask;
    QTest::newRow("wildcard sub") << "api.example.test" << 443 << allow;
    QTest::newRow("wildcard deep") << "a.b.example.test" << 443 << allow;
    QTest::newRow("wildcard apex") << "example.test" << 443 << ask;
    QTest::newRow("wildcard boundary") << "evilexample.test" << 443 << ask;
    QTest::newRow("deny wins") << "blocked.example.test" << 443 << deny;
    QTest::newRow("port rule ok") << "port.test" << 8443 << allow;
    QTest::newRow("port rule other") << "port.test" << 443 << ask;
    QTest::newRow("literal") << "192.0.2.7" << 80 << allow;
    QTest::newRow("literal other spelling v6") << "::ffff:192.0.2.7" << 80 << ask;
    QTest::newRow("name never matches literal rule") << "1.2.3.4.test" << 80 << ask;
}

void TestEgressPolicy::decide()
{
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(int, verdict);
    EgressPolicy policy;
    QString error;
    for (const char* p : {"allowed.test", "*.example.test", "port.test:8443", "192.0.2.7"})
        QVERIFY2(policy.addAllow(QString::fromLatin1(p), &error), qPrintable(error));
    QVERIFY(policy.addDeny(QStringLiteral("blocked.example.test"), &error));
    HostNormalizer::Host h;
    QVERIFY2(HostNormalizer::normalize(host.toUtf8(), &h, &error) ||
                 HostNormalizer::normalize("[" + host.toUtf8() + "]", &h, &error),
        qPrintable(error));
    const auto decision = policy.decide(h, port);
    QCOMPARE(int(decision.verdict), verdict);
    QCOMPARE(decision.rule.isEmpty(), verdict == int(EgressPolicy::Verdict::Ask));
}

void TestEgressPolicy::nonGlobalExemptions()
{
    EgressPolicy policy;
    QString error;
    QVERIFY(policy.addAllow(QStringLiteral("10.1.2.3:8080"), &error));
    QVERIFY(policy.mayReachNonGlobal(QStringLiteral("10.1.2.3")));
    QVERIFY(!policy.mayReachNonGlobal(QStringLiteral("10.1.2.4")));
    QVERIFY(!policy.mayReachNonGlobal(QStringLiteral("127.0.0.1")));
    policy.setAllowPrivate(true);
    QVERIFY(policy.mayReachNonGlobal(QStringLiteral("127.0.0.1")));
    QStringList errors;
    EgressPolicy parsed;
    QVERIFY(!EgressPolicy::fromJson(QJsonObject{{QStringLiteral("alow"), QJsonArray()}}, &parsed, &errors));
    QVERIFY(!errors.isEmpty());
}

void TestEgressPolicy::addresses_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<bool>("global");
    const std::pair<const char*, bool> rows[] = {
        {"8.8.8.8", true},
        {"1.1.1.1", true},
        {"127.0.0.1", false},
        {"127.255.255.254", false},
        {"10.0.0.1", false},
        {"172.16.0.1", false},
        {"172.32.0.1", true},
        {"192.168.1.1", false},
        {"169.254.169.254", false},
        {"100.64.0.1", false},
        {"100.128.0.1", true},
        {"0.0.0.0", false},
        {"255.255.255.255", false},
        {"224.0.0.1", false},
        {"192.0.2.1", false},
        {"198.51.100.1", false},
        {"203.0.113.1", false},
        {"198.18.0.1", false},
        {"2606:4700::1111", true},
        {"::1", false},
        {"::", false},
        {"::ffff:127.0.0.1", false},
        {"::ffff:8.8.8.8", true},
        {"::127.0.0.1", false},
        {"64:ff9b::7f00:1", false},
        {"64:ff9b::a9fe:a9fe", false},
        {"64:ff9b::808:808", true},
        {"2002:7f00:1::", false},
        {"2002:808:808::", true},
        {"2001:0:7f00:1::", false},
        {"fc00::1", false},
        {"fd12::1", false},
        {"fe80::1", false},
        {"ff02::1", false},
        {"2001:db8::1", false},
        {"fec0::1", false},
    };
    for (const auto& [a, g] : rows)
        QTest::newRow(a) << QString::fromLatin1(a) << g;
}

void TestEgressPolicy::addresses()
{
    QFETCH(QString, address);
    QFETCH(bool, global);
    sockaddr_storage ss{};
    const QByteArray latin = address.toLatin1();
    if (address.contains(u':')) {
        auto* sin6 = reinterpret_cast<sockaddr_in6*>(&ss);
        sin6->sin6_family = AF_INET6;
        QCOMPARE(inet_pton(AF_INET6, latin.constData(), &sin6->sin6_addr), 1);
    } else {
        auto* sin = reinterpret_cast<sockaddr_in*>(&ss);
        sin->sin_family = AF_INET;
        QCOMPARE(inet_pton(AF_INET, latin.constData(), &sin->sin_addr), 1);
    }
    QCOMPARE(AddressFilter::isGlobal(ss), global);
}

void TestEgressPolicy::authority_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<int>("port");
    QTest::newRow("name") << QByteArray("a.test:443") << true << QByteArray("a.test") << 443;
    QTest::newRow("v6") << QByteArray("[::1]:80") << true << QByteArray("[::1]") << 80;
    QTest::newRow("no port") << QByteArray("a.test") << false << QByteArray() << 0;
    QTest::newRow("empty port") << QByteArray("a.test:") << false << QByteArray() << 0;
    QTest::newRow("port 0") << QByteArray("a.test:0") << false << QByteArray() << 0;
    QTest::newRow("port 65536") << QByteArray("a.test:65536") << false << QByteArray() << 0;
    QTest::newRow("port sign") << QByteArray("a.test:+443") << false << QByteArray() << 0;
    QTest::newRow("port alpha") << QByteArray("a.test:44a") << false << QByteArray() << 0;
    QTest::newRow("userinfo") << QByteArray("u@a.test:443") << false << QByteArray() << 0;
    QTest::newRow("two ports") << QByteArray("a.test:443:80") << false << QByteArray() << 0;
    QTest::newRow("nul") << QByteArray("a.test\0b:443", 12) << false << QByteArray() << 0;
    QTest::newRow("bare v6") << QByteArray("::1:443") << false << QByteArray() << 0;
}

void TestEgressPolicy::authority()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, ok);
    QFETCH(QByteArray, host);
    QFETCH(int, port);
    Authority a;
    std::string error;
    QCOMPARE(
        AuthorityParser::parse(std::string_view(text.constData(), std::size_t(text.size())), true, 0, &a, &error), ok);
    if (ok) {
        QCOMPARE(QByteArray::fromStdString(a.host), host);
        QCOMPARE(int(a.port), port);
    }
}

void TestEgressPolicy::httpParser()
{
    HttpRequest req;
    std::string error;
    const std::string get =
        "GET http://Allowed.test:8080/x?y=1 HTTP/1.1\r\nHost: evil.test\r\nProxy-Connection: keep-alive\r\n"
        "Connection: close, X-Drop\r\nX-Drop: 1\r\nAccept: */*\r\n\r\nBODY";
    QCOMPARE(RequestParser::parseHttp(get, &req, &error), ParseStatus::Ok);
    QVERIFY(!req.connect);
    QCOMPARE(req.authority.host, std::string("Allowed.test"));
    QCOMPARE(req.authority.port, 8080);
    QCOMPARE(req.path, std::string("/x?y=1"));
    QCOMPARE(req.headLength, get.size() - 4);
    QCOMPARE(req.forwardHeaders.size(), std::size_t(1));
    QCOMPARE(req.forwardHeaders[0], std::string("Accept: */*"));
    QCOMPARE(RequestParser::parseHttp("CONNECT a.test:443 HTTP/1.1\r\n", &req, &error), ParseStatus::NeedMore);
    QCOMPARE(RequestParser::parseHttp("CONNECT a.test:443 HTTP/1.1\r\n\r\n", &req, &error), ParseStatus::Ok);
    QVERIFY(req.connect);
    QCOMPARE(RequestParser::parseHttp("GET http://a.test HTTP/1.0\r\n\r\n", &req, &error), ParseStatus::Ok);
    QCOMPARE(req.path, std::string("/"));
    QCOMPARE(req.authority.port, 80);
}

void TestEgressPolicy::httpParserRejects_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::newRow("origin form") << QByteArray("GET / HTTP/1.1\r\nHost: a.test\r\n\r\n");
    QTest::newRow("https absolute") << QByteArray("GET https://a.test/ HTTP/1.1\r\n\r\n");
    QTest::newRow("nul in authority") << QByteArray("CONNECT a.test\0.evil:443 HTTP/1.1\r\n\r\n", 38);
    QTest::newRow("cr in authority") << QByteArray("CONNECT a.test\r.evil:443 HTTP/1.1\r\n\r\n");
    QTest::newRow("lf in header") << QByteArray("CONNECT a.test:443 HTTP/1.1\r\nX: a\nb\r\n\r\n");
    QTest::newRow("userinfo connect") << QByteArray("CONNECT u@a.test:443 HTTP/1.1\r\n\r\n");
    QTest::newRow("userinfo http") << QByteArray("GET http://a.test@evil.test/ HTTP/1.1\r\n\r\n");
    QTest::newRow("double space") << QByteArray("CONNECT  a.test:443 HTTP/1.1\r\n\r\n");
    QTest::newRow("http/2") << QByteArray("CONNECT a.test:443 HTTP/2\r\n\r\n");
    QTest::newRow("folding") << QByteArray("GET http://a.test/ HTTP/1.1\r\nX: a\r\n b\r\n\r\n");
    QTest::newRow("space before colon") << QByteArray("GET http://a.test/ HTTP/1.1\r\nHost : x\r\n\r\n");
    QTest::newRow("cl and te") << QByteArray(
        "POST http://a.test/ HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n");
    QTest::newRow("percent host") << QByteArray("CONNECT a%2etest:443 HTTP/1.1\r\n\r\n");
    QTest::newRow("too big") << QByteArray("GET http://a.test/ HTTP/1.1\r\nX: ") + QByteArray(20000, 'a');
}

void TestEgressPolicy::httpParserRejects()
{
    QFETCH(QByteArray, request);
    HttpRequest req;
    std::string error;
    QCOMPARE(RequestParser::parseHttp(std::string_view(request.constData(), std::size_t(request.size())), &req, &error),
        ParseStatus::Bad);
    QVERIFY(!error.empty());
}

void TestEgressPolicy::socksParser()
{
    SocksGreeting g;
    std::string error;
    QCOMPARE(RequestParser::parseSocksGreeting(std::string_view("\x05\x01\x00", 3), &g, &error), ParseStatus::Ok);
    QVERIFY(g.noAuthOffered);
    QCOMPARE(RequestParser::parseSocksGreeting(std::string_view("\x05\x01\x02", 3), &g, &error), ParseStatus::Ok);
    QVERIFY(!g.noAuthOffered);
    SocksRequest r;
    const std::string name = std::string("\x05\x01\x00\x03\x0c", 5) + "allowed.test" + std::string("\x01\xbb", 2);
    QCOMPARE(RequestParser::parseSocksRequest(name, &r, &error), ParseStatus::Ok);
    QCOMPARE(r.authority.host, std::string("allowed.test"));
    QCOMPARE(r.authority.port, 443);
    QCOMPARE(RequestParser::parseSocksRequest(name.substr(0, 10), &r, &error), ParseStatus::NeedMore);
    const std::string nul =
        std::string("\x05\x01\x00\x03\x0d", 5) + std::string("allowed\0.test", 13) + std::string("\x01\xbb", 2);
    QCOMPARE(RequestParser::parseSocksRequest(nul, &r, &error), ParseStatus::Bad);
    const std::string v6 =
        std::string("\x05\x01\x00\x04", 4) + std::string(15, '\0') + "\x01" + std::string("\x00\x50", 2);
    QCOMPARE(RequestParser::parseSocksRequest(v6, &r, &error), ParseStatus::Ok);
    QCOMPARE(r.authority.host, std::string("[::1]"));
    SocksRequest bind;
    const std::string bindReq = std::string("\x05\x02\x00\x01\x7f\x00\x00\x01\x00\x50", 10);
    QCOMPARE(RequestParser::parseSocksRequest(bindReq, &bind, &error), ParseStatus::Bad);
    QCOMPARE(int(bind.command), 2);
    const std::string port0 = std::string("\x05\x01\x00\x01\x7f\x00\x00\x01\x00\x00", 10);
    QCOMPARE(RequestParser::parseSocksRequest(port0, &r, &error), ParseStatus::Bad);
}

void TestEgressPolicy::clientHello()
{
    std::string sni;
    const QByteArray hello = test::buildClientHello("allowed.test");
    const std::string_view view(hello.constData(), std::size_t(hello.size()));
    QCOMPARE(ClientHello::parse(view, &sni), ClientHello::Status::Sni);
    QCOMPARE(sni, std::string("allowed.test"));
    for (std::size_t cut = 0; cut < view.size(); ++cut)
        QCOMPARE(ClientHello::parse(view.substr(0, cut), &sni), ClientHello::Status::NeedMore);
    const QByteArray split = test::buildClientHello("split.test", 3);
    sni.clear();
    QCOMPARE(ClientHello::parse(std::string_view(split.constData(), std::size_t(split.size())), &sni),
        ClientHello::Status::Sni);
    QCOMPARE(sni, std::string("split.test"));
    const QByteArray none = test::buildClientHello(QByteArray());
    QCOMPARE(ClientHello::parse(std::string_view(none.constData(), std::size_t(none.size())), &sni),
        ClientHello::Status::NoSni);
    QCOMPARE(ClientHello::parse("GET / HTTP/1.1\r\n\r\n", &sni), ClientHello::Status::NotTls);
    QByteArray bad = hello;
    bad[6] = char(0x7f); // handshake length far beyond the 16 KiB cap
    QVERIFY(ClientHello::parse(std::string_view(bad.constData(), std::size_t(bad.size())), &sni) !=
            ClientHello::Status::Sni);
    const QByteArray nulSni = test::buildClientHello(QByteArray("a.test\0.evil", 12));
    QCOMPARE(ClientHello::parse(std::string_view(nulSni.constData(), std::size_t(nulSni.size())), &sni),
        ClientHello::Status::Malformed);
}

QTEST_GUILESS_MAIN(TestEgressPolicy)
#include "tst_egresspolicy.moc"
