// EscalationBroker: who may decide what, and that everything but a person's explicit choice is a
// deny of that one request (DESIGN.md rule 4 and "Approvals: what the pop-up promises").

#include "EscalationBroker.h"
#include "MessageSchema.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace cordon;
using namespace cordon::helperd;
using namespace std::chrono_literals;

namespace {

constexpr uid_t kAnn = 1000;
constexpr uid_t kBob = 1001;

EscalationRequest netRequest(
    const QString& host, int port = 443, uid_t uid = kAnn, const QString& session = QStringLiteral("r-ann1"))
{
    EscalationRequest r;
    r.uid = uid;
    r.session = session;
    r.profile = QStringLiteral("claude-code");
    r.workspace = QStringLiteral("/home/ann/src/app");
    r.kind = EscalationRequest::Kind::Net;
    r.host = host;
    r.port = port;
    r.pid = 45;
    r.exe = QStringLiteral("/usr/bin/node");
    r.argv = {QStringLiteral("node"), QStringLiteral("cli.js")};
    return r;
}

// Records every answer a request gets, to prove "exactly once".
struct Answers {
    QList<Resolution> got;
    std::function<void(const Resolution&)> callback()
    {
        return [this](const Resolution& r) { got.append(r); };
    }
};

} // namespace

class TestEscalationBroker : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void requestJsonPassesSchema_data();
    void requestJsonPassesSchema();
    void raiseFillsTheRequest();
    void idsIncreaseAndAreNeverReused();
    void firstDecisionWinsAndOthersAreTold();
    void alreadyDecided();
    void anotherUidIsNotFound();
    void timeoutDeniesOnceAndCreatesNothingLasting();
    void unattendedDenies();
    void waitForClientKeepsItPending();
    void promptsForbiddenDenyByPolicy();
    void alwaysNotOfferedIsInvalid();
    void choicesAndScopesAreChecked();
    void extendNeedsMinutes();
    void domainSuggestion_data();
    void domainSuggestion();
    void hostPatternForms();
    void domainScopeCarriesTheDomainPattern();
    void endSessionDeniesItsRequestsOnly();
    void callbackMayReenter();
    void callbackSetsOnlyTheGrantId();
    void names();
};

void TestEscalationBroker::requestJsonPassesSchema_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("net") << int(EscalationRequest::Kind::Net);
    QTest::newRow("secret") << int(EscalationRequest::Kind::Secret);
    QTest::newRow("time") << int(EscalationRequest::Kind::Time);
}

void TestEscalationBroker::requestJsonPassesSchema()
{
    QFETCH(int, kind);
    EscalationBroker broker([] { return qint64(1'700'000'000'000); });
    broker.setClientCount(kAnn, 1);
    EscalationRequest req = netRequest(QStringLiteral("api.example.com"));
    req.kind = EscalationRequest::Kind(kind);
    if (req.kind == EscalationRequest::Kind::Secret)
        req.subject = QStringLiteral("GITHUB_TOKEN");
    QSignalSpy raised(&broker, &EscalationBroker::raised);
    broker.raise(req, 60s, false, true, true, {});
    QCOMPARE(raised.size(), 1);
    const auto sent = raised.at(0).at(0).value<EscalationRequest>();
    const QJsonObject request = sent.toJson();

    // Both the push and the "pending" reply carry it; both must pass our own decoder.
    protocol::ProtocolError error;
    const QJsonObject push{
        {QStringLiteral("type"), QStringLiteral("escalation")}, {QStringLiteral("request"), request}};
    QVERIFY2(
        protocol::MessageSchema::validate(push, protocol::Direction::FromHelper, &error), qPrintable(error.message));
    const QJsonObject reply{{QStringLiteral("type"), QStringLiteral("pending")}, {QStringLiteral("id"), 3},
        {QStringLiteral("requests"), QJsonArray{request}}};
    QVERIFY2(
        protocol::MessageSchema::validate(reply, protocol::Direction::FromHelper, &error), qPrintable(error.message));
    // And a round trip through the encoder as a line.
    QJsonObject decoded;
    std::optional<qint64> id;
    QByteArray line = protocol::MessageSchema::encode(push);
    line.chop(1);
    QVERIFY(protocol::MessageSchema::decode(line, protocol::Direction::FromHelper, &decoded, &id, &error));

    QCOMPARE(request.value(u"kind").toString(), kindName(req.kind));
    QCOMPARE(request.contains(u"host"), req.kind == EscalationRequest::Kind::Net);
    QCOMPARE(request.contains(u"port"), req.kind == EscalationRequest::Kind::Net);
    QCOMPARE(request.contains(u"domain"), req.kind == EscalationRequest::Kind::Net);
    if (req.kind == EscalationRequest::Kind::Time) {
        QCOMPARE(request.value(u"subject").toString(), QStringLiteral("timebox"));
        QCOMPARE(request.value(u"choices").toArray(), (QJsonArray{QStringLiteral("deny"), QStringLiteral("extend")}));
    }
}

void TestEscalationBroker::raiseFillsTheRequest()
{
    qint64 now = 1'700'000'000'000;
    EscalationBroker broker([&now] { return now; });
    broker.setClientCount(kAnn, 2);
    QSignalSpy raised(&broker, &EscalationBroker::raised);
    const qint64 id = broker.raise(netRequest(QStringLiteral("api.example.com")), 30s, false, true, false, {});
    QCOMPARE(id, 1);
    QCOMPARE(raised.size(), 1);
    const auto r = raised.at(0).at(0).value<EscalationRequest>();
    QCOMPARE(r.id, id);
    QCOMPARE(r.timeMs, now);
    QCOMPARE(r.deadlineMs, now + 30'000);
    QCOMPARE(r.subject, QStringLiteral("api.example.com:443"));
    QCOMPARE(r.choices, (QStringList{QStringLiteral("deny"), QStringLiteral("once"), QStringLiteral("session")}));
    QCOMPARE(r.scopes, (QStringList{QStringLiteral("host"), QStringLiteral("domain")}));
    QCOMPARE(r.domain, QStringLiteral("*.example.com:443"));
    QCOMPARE(broker.pending(kAnn).size(), 1);
    QCOMPARE(broker.pending(kAnn).first().id, id);
    QCOMPARE(broker.pending(kBob).size(), 0);
    QCOMPARE(broker.pendingCount(QStringLiteral("r-ann1")), 1);

    const qint64 id2 = broker.raise(netRequest(QStringLiteral("x.example.org")), 30s, false, true, true, {});
    QCOMPARE(raised.at(1).at(0).value<EscalationRequest>().choices.last(), QStringLiteral("always"));
    QCOMPARE(broker.pending(kAnn).size(), 2);
    QVERIFY(broker.pending(kAnn).at(0).id < broker.pending(kAnn).at(1).id);
    QCOMPARE(broker.pending(kAnn).at(1).id, id2);
}

void TestEscalationBroker::idsIncreaseAndAreNeverReused()
{
    EscalationBroker broker;
    broker.setClientCount(kAnn, 1);
    QSet<qint64> seen;
    qint64 last = 0;
    for (int i = 0; i < 50; ++i) {
        // Mix immediately resolved, decided and pending requests: none frees its id.
        const bool prompts = i % 3 != 0;
        const qint64 id =
            broker.raise(netRequest(QStringLiteral("h%1.example.com").arg(i)), 60s, false, prompts, true, {});
        QVERIFY(id > last);
        QVERIFY(!seen.contains(id));
        seen.insert(id);
        last = id;
        if (prompts && i % 2 == 0)
            QVERIFY(broker.decide(kAnn, id, Decision::Deny, Scope::Host, 0, nullptr));
    }
}

void TestEscalationBroker::firstDecisionWinsAndOthersAreTold()
{
    EscalationBroker broker;
    broker.setClientCount(kAnn, 2);
    Answers answers;
    QSignalSpy resolved(&broker, &EscalationBroker::resolved);
    const qint64 id =
        broker.raise(netRequest(QStringLiteral("api.example.com")), 60s, false, true, true, answers.callback());
    QVERIFY(answers.got.isEmpty());

    // Two clients of the same user answer; the first one wins, the second is told it is decided.
    protocol::ProtocolError error;
    QVERIFY(broker.decide(kAnn, id, Decision::Session, Scope::Host, 0, &error));
    QVERIFY(!broker.decide(kAnn, id, Decision::Deny, Scope::Host, 0, &error));
    QCOMPARE(error.code, protocol::ErrorCode::AlreadyDecided);

    QCOMPARE(answers.got.size(), 1);
    const Resolution r = answers.got.first();
    QCOMPARE(r.requestId, id);
    QCOMPARE(r.decision, Decision::Session);
    QCOMPARE(r.scope, Scope::Host);
    QCOMPARE(r.by, ResolvedBy::Client);
    QCOMPARE(r.pattern, QStringLiteral("api.example.com:443"));
    QCOMPARE(r.grantId, 0);

    // resolved() goes out once, after the callback, with uid and session: the daemon pushes it to
    // every client of that uid so the other pop-ups close.
    QCOMPARE(resolved.size(), 1);
    QCOMPARE(resolved.at(0).at(0).value<uid_t>(), kAnn);
    QCOMPARE(resolved.at(0).at(1).value<Resolution>().decision, Decision::Session);
    QCOMPARE(resolved.at(0).at(2).toString(), QStringLiteral("r-ann1"));
    QCOMPARE(broker.pending(kAnn).size(), 0);

    // The timer of a decided request never fires a second answer.
    QTest::qWait(50);
    QCOMPARE(answers.got.size(), 1);
}

void TestEscalationBroker::alreadyDecided()
{
    EscalationBroker broker;
    broker.setClientCount(kAnn, 1);
    Answers answers;
    const qint64 id =
        broker.raise(netRequest(QStringLiteral("a.example.com")), 20ms, false, true, false, answers.callback());
    QTRY_COMPARE(answers.got.size(), 1); // timed out
    protocol::ProtocolError error;
    QVERIFY(!broker.decide(kAnn, id, Decision::Once, Scope::Host, 0, &error));
    QCOMPARE(error.code, protocol::ErrorCode::AlreadyDecided);
    QCOMPARE(answers.got.size(), 1);

    // An id never handed out is not found, not "already decided".
    QVERIFY(!broker.decide(kAnn, id + 100, Decision::Once, Scope::Host, 0, &error));
    QCOMPARE(error.code, protocol::ErrorCode::NotFound);
}

void TestEscalationBroker::anotherUidIsNotFound()
{
    EscalationBroker broker;
    broker.setClientCount(kAnn, 1);
    broker.setClientCount(kBob, 1);
    Answers answers;
    const qint64 id =
        broker.raise(netRequest(QStringLiteral("api.example.com")), 60s, false, true, true, answers.callback());

    protocol::ProtocolError unknown;
    QVERIFY(!broker.decide(kBob, id + 1000, Decision::Always, Scope::Host, 0, &unknown));
    protocol::ProtocolError foreign;
    QVERIFY(!broker.decide(kBob, id, Decision::Always, Scope::Host, 0, &foreign));
    QCOMPARE(foreign.code, protocol::ErrorCode::NotFound);
    QCOMPARE(unknown.code, protocol::ErrorCode::NotFound);
    // No oracle: the message for another user's request reads like one for an unknown id.
    QCOMPARE(foreign.message, QStringLiteral("no pending request %1").arg(id));
    QCOMPARE(unknown.message, QStringLiteral("no pending request %1").arg(id + 1000));
    QVERIFY(broker.pending(kBob).isEmpty());
    QVERIFY(answers.got.isEmpty());

    // Once decided by its owner, another uid still gets not-found, not already-decided.
    QVERIFY(broker.decide(kAnn, id, Decision::Deny, Scope::Host, 0, nullptr));
    QVERIFY(!broker.decide(kBob, id, Decision::Once, Scope::Host, 0, &foreign));
    QCOMPARE(foreign.code, protocol::ErrorCode::NotFound);
    QCOMPARE(answers.got.size(), 1);
    QCOMPARE(answers.got.first().decision, Decision::Deny);
}

void TestEscalationBroker::timeoutDeniesOnceAndCreatesNothingLasting()
{
    qint64 now = 5'000;
    EscalationBroker broker([&now] { return now; });
    broker.setClientCount(kAnn, 1);
    Answers answers;
    QSignalSpy resolved(&broker, &EscalationBroker::resolved);
    QSignalSpy raised(&broker, &EscalationBroker::raised);
    const qint64 id =
        broker.raise(netRequest(QStringLiteral("api.example.com")), 30ms, false, true, true, answers.callback());
    QCOMPARE(raised.at(0).at(0).value<EscalationRequest>().deadlineMs, 5'030);
    QTRY_COMPARE(answers.got.size(), 1);
    const Resolution r = answers.got.first();
    QCOMPARE(r.requestId, id);
    QCOMPARE(r.decision, Decision::Deny); // never once/session/always: nothing lasting
    QCOMPARE(r.by, ResolvedBy::Timeout);
    QCOMPARE(r.scope, Scope::Host);
    QCOMPARE(r.grantId, 0);
    QCOMPARE(resolved.size(), 1);
    QCOMPARE(broker.pending(kAnn).size(), 0);
    QCOMPARE(broker.pendingCount(QStringLiteral("r-ann1")), 0);
    // Only this request: the next one for the same host asks again.
    QTest::qWait(60);
    QCOMPARE(answers.got.size(), 1);
    broker.raise(netRequest(QStringLiteral("api.example.com")), 60s, false, true, true, answers.callback());
    QCOMPARE(raised.size(), 2);
    QCOMPARE(broker.pending(kAnn).size(), 1);
}

void TestEscalationBroker::unattendedDenies()
{
    EscalationBroker broker;
    Answers answers;
    QSignalSpy raised(&broker, &EscalationBroker::raised);
    QSignalSpy resolved(&broker, &EscalationBroker::resolved);
    broker.setClientCount(kBob, 3); // another user's clients do not count
    const qint64 id =
        broker.raise(netRequest(QStringLiteral("api.example.com")), 60s, false, true, true, answers.callback());
    QCOMPARE(answers.got.size(), 1); // at once, before raise() returned
    QCOMPARE(answers.got.first().requestId, id);
    QCOMPARE(answers.got.first().decision, Decision::Deny);
    QCOMPARE(answers.got.first().by, ResolvedBy::Unattended);
    QCOMPARE(raised.size(), 0);
    QCOMPARE(resolved.size(), 1);
    QCOMPARE(broker.pending(kAnn).size(), 0);

    // A client that went away again counts as none.
    broker.setClientCount(kAnn, 1);
    broker.setClientCount(kAnn, 0);
    broker.raise(netRequest(QStringLiteral("b.example.com")), 60s, false, true, true, answers.callback());
    QCOMPARE(answers.got.size(), 2);
    QCOMPARE(answers.got.last().by, ResolvedBy::Unattended);
}

void TestEscalationBroker::waitForClientKeepsItPending()
{
    EscalationBroker broker;
    Answers answers;
    QSignalSpy raised(&broker, &EscalationBroker::raised);
    const qint64 id =
        broker.raise(netRequest(QStringLiteral("api.example.com")), 60s, true, true, true, answers.callback());
    QVERIFY(answers.got.isEmpty());
    QCOMPARE(raised.size(), 1);
    QCOMPARE(broker.pending(kAnn).size(), 1);
    // A client connects later (e.g. cordonctl attach) and asks for what is pending.
    broker.setClientCount(kAnn, 1);
    QCOMPARE(broker.pending(kAnn).first().id, id);
    QVERIFY(broker.decide(kAnn, id, Decision::Once, Scope::Host, 0, nullptr));
    QCOMPARE(answers.got.size(), 1);
    QCOMPARE(answers.got.first().decision, Decision::Once);
    QCOMPARE(answers.got.first().by, ResolvedBy::Client);

    // Without waitForClient it would have been denied; with it, it still times out to deny.
    broker.setClientCount(kAnn, 0);
    broker.raise(netRequest(QStringLiteral("b.example.com")), 20ms, true, true, true, answers.callback());
    QCOMPARE(answers.got.size(), 1);
    QTRY_COMPARE(answers.got.size(), 2);
    QCOMPARE(answers.got.last().by, ResolvedBy::Timeout);
    QCOMPARE(answers.got.last().decision, Decision::Deny);
}

void TestEscalationBroker::promptsForbiddenDenyByPolicy()
{
    EscalationBroker broker;
    broker.setClientCount(kAnn, 1);
    Answers answers;
    QSignalSpy raised(&broker, &EscalationBroker::raised);
    QSignalSpy resolved(&broker, &EscalationBroker::resolved);
    // Even with a client waiting and waitForClient set: managed policy forbids asking.
    const qint64 id =
        broker.raise(netRequest(QStringLiteral("api.example.com")), 60s, true, false, true, answers.callback());
    QCOMPARE(answers.got.size(), 1);
    QCOMPARE(answers.got.first().decision, Decision::Deny);
    QCOMPARE(answers.got.first().by, ResolvedBy::Policy);
    QCOMPARE(raised.size(), 0);
    QCOMPARE(resolved.size(), 1);
    protocol::ProtocolError error;
    QVERIFY(!broker.decide(kAnn, id, Decision::Once, Scope::Host, 0, &error));
    QCOMPARE(error.code, protocol::ErrorCode::AlreadyDecided);
}

void TestEscalationBroker::alwaysNotOfferedIsInvalid()
{
    EscalationBroker broker;
    broker.setClientCount(kAnn, 1);
    Answers answers;
    const qint64 id =
        broker.raise(netRequest(QStringLiteral("api.example.com")), 60s, false, true, false, answers.callback());
    protocol::ProtocolError error;
    QVERIFY(!broker.decide(kAnn, id, Decision::Always, Scope::Host, 0, &error));
    QCOMPARE(error.code, protocol::ErrorCode::Invalid);
    QVERIFY(answers.got.isEmpty());
    QCOMPARE(broker.pending(kAnn).size(), 1); // an invalid decision decides nothing
    QVERIFY(broker.decide(kAnn, id, Decision::Session, Scope::Host, 0, &error));
    QCOMPARE(answers.got.size(), 1);
}

void TestEscalationBroker::choicesAndScopesAreChecked()
{
    EscalationBroker broker;
    broker.setClientCount(kAnn, 1);
    protocol::ProtocolError error;

    // Extend on a net request.
    const qint64 net = broker.raise(netRequest(QStringLiteral("api.example.com")), 60s, false, true, true, {});
    QVERIFY(!broker.decide(kAnn, net, Decision::Extend, Scope::Host, 10, &error));
    QCOMPARE(error.code, protocol::ErrorCode::Invalid);
    // Minutes without extend.
    QVERIFY(!broker.decide(kAnn, net, Decision::Once, Scope::Host, 5, &error));
    QCOMPARE(error.code, protocol::ErrorCode::Invalid);

    // Domain scope without a suggestion (apex name).
    const qint64 apex = broker.raise(netRequest(QStringLiteral("example.com")), 60s, false, true, true, {});
    QVERIFY(broker.pending(kAnn).last().domain.isEmpty());
    QCOMPARE(broker.pending(kAnn).last().scopes, QStringList{QStringLiteral("host")});
    QVERIFY(!broker.decide(kAnn, apex, Decision::Session, Scope::Domain, 0, &error));
    QCOMPARE(error.code, protocol::ErrorCode::Invalid);

    // Once / session / always on a time request; domain on a secret.
    EscalationRequest time = netRequest(QString(), 0);
    time.kind = EscalationRequest::Kind::Time;
    const qint64 t = broker.raise(time, 60s, false, true, true, {});
    for (const Decision d : {Decision::Once, Decision::Session, Decision::Always}) {
        QVERIFY(!broker.decide(kAnn, t, d, Scope::Host, 0, &error));
        QCOMPARE(error.code, protocol::ErrorCode::Invalid);
    }
    EscalationRequest secret = netRequest(QString(), 0);
    secret.kind = EscalationRequest::Kind::Secret;
    secret.subject = QStringLiteral("GITHUB_TOKEN");
    Answers answers;
    const qint64 s = broker.raise(secret, 60s, false, true, true, answers.callback());
    QVERIFY(!broker.decide(kAnn, s, Decision::Once, Scope::Domain, 0, &error));
    QCOMPARE(error.code, protocol::ErrorCode::Invalid);
    QVERIFY(broker.decide(kAnn, s, Decision::Always, Scope::Host, 0, &error));
    QCOMPARE(answers.got.first().pattern, QStringLiteral("GITHUB_TOKEN"));
    QCOMPARE(broker.pending(kAnn).size(), 3);
}

void TestEscalationBroker::extendNeedsMinutes()
{
    EscalationBroker broker;
    broker.setClientCount(kAnn, 1);
    EscalationRequest time = netRequest(QString(), 0);
    time.kind = EscalationRequest::Kind::Time;
    Answers answers;
    const qint64 id = broker.raise(time, 60s, false, true, true, answers.callback());
    protocol::ProtocolError error;
    for (const int minutes : {0, -1, 1441, 100000}) {
        QVERIFY(!broker.decide(kAnn, id, Decision::Extend, Scope::Host, minutes, &error));
        QCOMPARE(error.code, protocol::ErrorCode::Invalid);
    }
    QVERIFY(broker.decide(kAnn, id, Decision::Extend, Scope::Host, 1440, &error));
    QCOMPARE(answers.got.size(), 1);
    QCOMPARE(answers.got.first().decision, Decision::Extend);
    QCOMPARE(answers.got.first().minutes, 1440);
    QVERIFY(answers.got.first().pattern.isEmpty());
}

void TestEscalationBroker::domainSuggestion_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("domain");
    QTest::newRow("subdomain") << "api.example.com"
                               << "*.example.com:443";
    QTest::newRow("deep") << "a.b.c.example.com"
                          << "*.b.c.example.com:443";
    QTest::newRow("apex") << "example.com"
                          << "";
    QTest::newRow("single label") << "localhost"
                                  << "";
    QTest::newRow("co.uk apex") << "example.co.uk"
                                << "";
    QTest::newRow("under co.uk") << "www.example.co.uk"
                                 << "*.example.co.uk:443";
    QTest::newRow("github.io user") << "someone.github.io"
                                    << "";
    QTest::newRow("under github.io user") << "docs.someone.github.io"
                                          << "*.someone.github.io:443";
    QTest::newRow("com.au") << "shop.com.au"
                            << "";
    QTest::newRow("co.jp") << "www.co.jp"
                           << "";
    QTest::newRow("s3 bucket") << "bucket.s3.amazonaws.com"
                               << "";
    QTest::newRow("ipv4") << "93.184.216.34"
                          << "";
    QTest::newRow("ipv4 short") << "127.1"
                                << "";
    QTest::newRow("hex") << "a.0x7f"
                         << "";
    QTest::newRow("ipv6") << "2001:db8::1"
                          << "";
    QTest::newRow("ipv6 bracketed") << "[2001:db8::1]"
                                    << "";
    QTest::newRow("ipv4-mapped") << "::ffff:1.2.3.4"
                                 << "";
    QTest::newRow("trailing dot") << "api.example.com."
                                  << "*.example.com:443";
    QTest::newRow("upper case") << "API.Example.COM"
                                << "*.example.com:443";
    QTest::newRow("trailing dot apex") << "example.com."
                                       << "";
    QTest::newRow("empty") << ""
                           << "";
    QTest::newRow("leading dot") << ".example.com"
                                 << "";
    QTest::newRow("empty label") << "a..example.com"
                                 << "";
}

void TestEscalationBroker::domainSuggestion()
{
    QFETCH(QString, host);
    QFETCH(QString, domain);
    QCOMPARE(helperd::domainSuggestion(host, 443), domain);
    // The request carries the same suggestion, and offers domain scope exactly when it has one.
    EscalationBroker broker;
    broker.setClientCount(kAnn, 1);
    broker.raise(netRequest(host), 60s, false, true, true, {});
    const EscalationRequest r = broker.pending(kAnn).first();
    QCOMPARE(r.domain, domain);
    QCOMPARE(r.scopes.contains(QStringLiteral("domain")), !domain.isEmpty());
    QCOMPARE(r.toJson().contains(u"domain"), !domain.isEmpty());
}

void TestEscalationBroker::hostPatternForms()
{
    QCOMPARE(hostPattern(QStringLiteral("api.example.com"), 443), QStringLiteral("api.example.com:443"));
    QCOMPARE(hostPattern(QStringLiteral("API.example.com."), 80), QStringLiteral("api.example.com:80"));
    QCOMPARE(hostPattern(QStringLiteral("93.184.216.34"), 8080), QStringLiteral("93.184.216.34:8080"));
    QCOMPARE(hostPattern(QStringLiteral("2001:db8::1"), 443), QStringLiteral("[2001:db8::1]:443"));
    QCOMPARE(hostPattern(QStringLiteral("[2001:db8::1]"), 443), QStringLiteral("[2001:db8::1]:443"));
    QVERIFY(isKnownPublicSuffix(QStringLiteral("co.uk")));
    QVERIFY(isKnownPublicSuffix(QStringLiteral("GitHub.io.")));
    QVERIFY(!isKnownPublicSuffix(QStringLiteral("example.com")));

    EscalationBroker broker;
    broker.setClientCount(kAnn, 1);
    Answers answers;
    const qint64 id =
        broker.raise(netRequest(QStringLiteral("2001:db8::1"), 8443), 60s, false, true, true, answers.callback());
    QCOMPARE(broker.pending(kAnn).first().subject, QStringLiteral("[2001:db8::1]:8443"));
    QVERIFY(broker.decide(kAnn, id, Decision::Session, Scope::Host, 0, nullptr));
    QCOMPARE(answers.got.first().pattern, QStringLiteral("[2001:db8::1]:8443"));
}

void TestEscalationBroker::domainScopeCarriesTheDomainPattern()
{
    EscalationBroker broker;
    broker.setClientCount(kAnn, 1);
    Answers answers;
    const qint64 id =
        broker.raise(netRequest(QStringLiteral("api.example.com"), 8443), 60s, false, true, true, answers.callback());
    QVERIFY(broker.decide(kAnn, id, Decision::Always, Scope::Domain, 0, nullptr));
    QCOMPARE(answers.got.first().scope, Scope::Domain);
    QCOMPARE(answers.got.first().pattern, QStringLiteral("*.example.com:8443"));
}

void TestEscalationBroker::endSessionDeniesItsRequestsOnly()
{
    EscalationBroker broker;
    broker.setClientCount(kAnn, 1);
    Answers one, two, other;
    const qint64 a = broker.raise(netRequest(QStringLiteral("a.example.com")), 60s, false, true, true, one.callback());
    const qint64 b = broker.raise(netRequest(QStringLiteral("b.example.com")), 60s, false, true, true, two.callback());
    const qint64 c = broker.raise(netRequest(QStringLiteral("c.example.com"), 443, kAnn, QStringLiteral("r-ann2")), 60s,
        false, true, true, other.callback());
    QSignalSpy resolved(&broker, &EscalationBroker::resolved);
    QCOMPARE(broker.pendingCount(QStringLiteral("r-ann1")), 2);
    broker.endSession(QStringLiteral("r-ann1"));
    QCOMPARE(broker.pendingCount(QStringLiteral("r-ann1")), 0);
    QCOMPARE(broker.pendingCount(QStringLiteral("r-ann2")), 1);
    QCOMPARE(one.got.size(), 1);
    QCOMPARE(two.got.size(), 1);
    QCOMPARE(one.got.first().requestId, a);
    QCOMPARE(two.got.first().requestId, b);
    QCOMPARE(one.got.first().by, ResolvedBy::SessionEnded);
    QCOMPARE(one.got.first().decision, Decision::Deny);
    QVERIFY(other.got.isEmpty());
    QCOMPARE(resolved.size(), 2);
    protocol::ProtocolError error;
    QVERIFY(!broker.decide(kAnn, a, Decision::Once, Scope::Host, 0, &error));
    QCOMPARE(error.code, protocol::ErrorCode::AlreadyDecided);
    QVERIFY(broker.decide(kAnn, c, Decision::Once, Scope::Host, 0, &error));
    broker.endSession(QStringLiteral("r-ann1")); // twice: nothing left, nothing happens
    QCOMPARE(one.got.size(), 1);
}

void TestEscalationBroker::callbackMayReenter()
{
    // A callback that decides another request (as "deny all" would) and ends the session: every
    // request is still answered exactly once.
    EscalationBroker broker;
    broker.setClientCount(kAnn, 1);
    QHash<qint64, int> calls;
    qint64 second = 0;
    auto count = [&calls](const Resolution& r) { ++calls[r.requestId]; };
    const qint64 first =
        broker.raise(netRequest(QStringLiteral("a.example.com")), 60s, false, true, true, [&](const Resolution& r) {
            count(r);
            (void)broker.decide(kAnn, second, Decision::Deny, Scope::Host, 0, nullptr);
            broker.endSession(QStringLiteral("r-ann1"));
        });
    second = broker.raise(netRequest(QStringLiteral("b.example.com")), 60s, false, true, true, count);
    const qint64 third = broker.raise(netRequest(QStringLiteral("c.example.com")), 60s, false, true, true, count);
    broker.endSession(QStringLiteral("r-ann1"));
    QCOMPARE(calls.value(first), 1);
    QCOMPARE(calls.value(second), 1);
    QCOMPARE(calls.value(third), 1);
    QCOMPARE(broker.pendingCount(), 0);
}

void TestEscalationBroker::callbackSetsOnlyTheGrantId()
{
    EscalationBroker broker;
    broker.setClientCount(kAnn, 1);
    QSignalSpy resolved(&broker, &EscalationBroker::resolved);
    const qint64 id =
        broker.raise(netRequest(QStringLiteral("api.example.com")), 60s, false, true, true, [](Resolution& r) {
            r.grantId = 12; // the daemon created grant 12
            r.decision = Decision::Always;
            r.pattern = QStringLiteral("*:443");
        });
    QVERIFY(broker.decide(kAnn, id, Decision::Session, Scope::Host, 0, nullptr));
    const auto pushed = resolved.at(0).at(1).value<Resolution>();
    QCOMPARE(pushed.grantId, 12);
    QCOMPARE(pushed.decision, Decision::Session);
    QCOMPARE(pushed.pattern, QStringLiteral("api.example.com:443"));

    // A timeout stays a deny whatever the callback does.
    broker.raise(netRequest(QStringLiteral("b.example.com")), 10ms, false, true, true,
        [](Resolution& r) { r.decision = Decision::Always; });
    QTRY_COMPARE(resolved.size(), 2);
    QCOMPARE(resolved.at(1).at(1).value<Resolution>().decision, Decision::Deny);
    QCOMPARE(resolved.at(1).at(1).value<Resolution>().by, ResolvedBy::Timeout);
}

void TestEscalationBroker::names()
{
    for (const Decision d : {Decision::Deny, Decision::Once, Decision::Session, Decision::Always, Decision::Extend})
        QCOMPARE(decisionFromName(decisionName(d)), std::optional<Decision>(d));
    QCOMPARE(decisionName(Decision::Session), QStringLiteral("session"));
    QVERIFY(!decisionFromName(QStringLiteral("Allow")).has_value());
    QVERIFY(!decisionFromName(QStringLiteral("DENY")).has_value());
    QCOMPARE(scopeFromName(QStringLiteral("domain")), std::optional<Scope>(Scope::Domain));
    QCOMPARE(scopeName(Scope::Host), QStringLiteral("host"));
    QVERIFY(!scopeFromName(QStringLiteral("everything")).has_value());
    QCOMPARE(resolvedByName(ResolvedBy::SessionEnded), QStringLiteral("session-ended"));
    QCOMPARE(resolvedByName(ResolvedBy::Unattended), QStringLiteral("unattended"));
    QCOMPARE(resolvedByName(ResolvedBy::Policy), QStringLiteral("policy"));
    QCOMPARE(resolvedByName(ResolvedBy::Timeout), QStringLiteral("timeout"));
    QCOMPARE(resolvedByName(ResolvedBy::Client), QStringLiteral("client"));
    // Every resolved push we would build passes the schema.
    const QJsonObject push{{QStringLiteral("type"), QStringLiteral("resolved")}, {QStringLiteral("request"), 4},
        {QStringLiteral("decision"), decisionName(Decision::Always)},
        {QStringLiteral("scope"), scopeName(Scope::Domain)}, {QStringLiteral("by"), resolvedByName(ResolvedBy::Client)},
        {QStringLiteral("grant"), 9}};
    protocol::ProtocolError error;
    QVERIFY(protocol::MessageSchema::validate(push, protocol::Direction::FromHelper, &error));
}

QTEST_GUILESS_MAIN(TestEscalationBroker)
#include "tst_escalationbroker.moc"
