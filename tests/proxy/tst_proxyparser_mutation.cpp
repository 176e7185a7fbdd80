// Deterministic mutation test of the proxy's request parsers, run on every build (the libFuzzer
// target needs clang): seeds are valid HTTP, SOCKS5, TLS, peer-header and CORDON-REQUEST inputs,
// mutated with a fixed-seed PRNG, so a failure reproduces exactly. Asserts the invariants of
// ProxyParserFuzz.h, and that the mutations really reach the accepting paths (so the test can see
// a breach).

#include "ClientHelloBuilder.h"
#include "ProxyParserFuzz.h"

#include <QTest>

#include <cstdint>
#include <string>
#include <vector>

class TestProxyParserMutation : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void mutations();
};

void TestProxyParserMutation::mutations()
{
    using namespace cordon::proxy;
    const QByteArray hello = cordon::test::buildClientHello("allowed.test", 2);
    const std::vector<std::string> seeds = {
        "CONNECT allowed.test:443 HTTP/1.1\r\nHost: allowed.test:443\r\n\r\n",
        "GET http://allowed.test:8080/a?b HTTP/1.1\r\nHost: x\r\nConnection: close, X-A\r\nX-A: 1\r\n\r\nabc",
        "CONNECT [::1]:80 HTTP/1.1\r\n\r\n",
        std::string("\x05\x01\x00\x03\x0c", 5) + "allowed.test" + std::string("\x01\xbb", 2),
        std::string("\x05\x01\x00\x01\x7f\x00\x00\x01\x00\x50", 10),
        std::string("\x05\x02\x00\x02", 4),
        // Twice: few mutations of the long TLS record still parse, and the share of accepted
        // ClientHellos must stay high enough for its invariant to be exercised.
        std::string(hello.constData(), std::size_t(hello.size())),
        std::string(hello.constData(), std::size_t(hello.size())),
        "CORDON-PEER {\"pid\":4242,\"exe\":\"/usr/bin/curl\",\"argv\":[\"curl\",\"-x\",\"h\\u00e9\"],\"x\":[1,{}]}\n",
        "CORDON-REQUEST secret GITHUB_TOKEN\n",
        "CORDON-REQUEST secret _a1\r\n",
    };
    const std::vector<std::string> tokens = {"\r\n", std::string(1, '\0'), "@", ":", "[", "]", " ", "\n", "%00", "\xff",
        "xn--", ".", "\r\n\r\n", "http://", "CONNECT ", "\"", "\\u", "\\ud800", "\xc0\x80", "\xed\xa0\x80", "{", ",",
        "CORDON-REQUEST ", "secret ", "/", "..", "\r"};
    std::uint64_t state = 0x9e3779b97f4a7c15ULL;
    auto next = [&] {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    };
    int httpOk = 0, socksOk = 0, sniOk = 0, peerOk = 0, requestOk = 0;
    constexpr int iterations = 150000;
    for (int i = 0; i < iterations; ++i) {
        std::string input = seeds[next() % seeds.size()];
        const int rounds = 1 + int(next() % 4);
        for (int r = 0; r < rounds && !input.empty(); ++r) {
            const std::size_t pos = next() % (input.size() + 1);
            switch (next() % 6) {
            case 0:
                if (pos < input.size())
                    input[pos] = char(next() & 0xff);
                break;
            case 1: input.insert(pos, 1, char(next() & 0xff)); break;
            case 2:
                if (pos < input.size())
                    input.erase(pos, 1 + next() % 4);
                break;
            case 3: input.resize(pos); break;
            case 4: input.insert(pos, tokens[next() % tokens.size()]); break;
            case 5:
                if (pos < input.size())
                    input.insert(pos, input.substr(pos, next() % 32));
                break;
            }
        }
        const auto* data = reinterpret_cast<const std::uint8_t*>(input.data());
        if (!cordon::test::proxyParserInvariantsHold(data, input.size()))
            QFAIL(qPrintable(QStringLiteral("invariant broken at iteration %1 for input %2")
                                 .arg(i)
                                 .arg(QString::fromLatin1(QByteArray::fromStdString(input).toHex()))));
        HttpRequest http;
        SocksRequest socks;
        std::string error, sni;
        httpOk += RequestParser::parseHttp(input, &http, &error) == ParseStatus::Ok;
        socksOk += RequestParser::parseSocksRequest(input, &socks, &error) == ParseStatus::Ok;
        sniOk += ClientHello::parse(input, &sni) == ClientHello::Status::Sni;
        PeerInfo peer;
        std::size_t peerLength = 0;
        peerOk += PeerHeader::parse(input, &peer, &peerLength, &error) == ParseStatus::Ok;
        CordonRequestLine request;
        requestOk += CordonRequest::parse(input, &request, &error) == ParseStatus::Ok;
    }
    // The mutations must still reach the accepting paths often enough for the invariants to matter.
    QVERIFY2(httpOk > iterations / 50, qPrintable(QString::number(httpOk)));
    QVERIFY2(socksOk > iterations / 100, qPrintable(QString::number(socksOk)));
    QVERIFY2(sniOk > iterations / 200, qPrintable(QString::number(sniOk)));
    QVERIFY2(peerOk > iterations / 200, qPrintable(QString::number(peerOk)));
    QVERIFY2(requestOk > iterations / 200, qPrintable(QString::number(requestOk)));
}

QTEST_GUILESS_MAIN(TestProxyParserMutation)
#include "tst_proxyparser_mutation.moc"
