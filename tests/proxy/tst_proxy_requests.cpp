// End-to-end tests of requests from inside a sandbox (docs/proxy.md, "Requests from inside
// (cordon-request)"): the real cordon-proxy answering "CORDON-REQUEST secret NAME" lines after
// asking a decider (the test, on a socketpair, as the daemon will be), the request-line parser's
// refusals, the secret_ask/secret_grant/secret_deny events, the peer header forwarded with a
// request, and the real cordon-request binary, run in a private mount namespace where a tmpfs
// stands in for /run/cordon/secrets. Every refusal is paired with a control through the same
// proxy that succeeds.

#include "EventPipe.h"
#include "ProxyTestSupport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

using namespace cordon::test;

namespace {

constexpr int eventsTarget = 201;
constexpr int deciderTarget = 202;
const QString secretDir = QStringLiteral("/run/cordon/secrets/");

QByteArray line(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

QJsonObject answer(const char* decision, const QString& path = QString())
{
    QJsonObject a{{QStringLiteral("decision"), QLatin1String(decision)}};
    if (!path.isNull())
        a.insert(QStringLiteral("path"), path);
    return a;
}

// The decider side of a socketpair, keyed by secret name: a name without an entry is granted
// "once" with its correct path; an entry may be any answer, or none at all (silent).
class SecretDecider {
public:
    bool open()
    {
        int sv[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
            return false;
        m_ours = sv[0];
        m_theirs = sv[1];
        m_thread = std::thread([this] { loop(); });
        return true;
    }
    ~SecretDecider()
    {
        if (m_ours >= 0) {
            ::shutdown(m_ours, SHUT_RDWR);
            m_thread.join();
            ::close(m_ours);
        }
        closeProxyEnd();
    }
    int proxyEnd() const { return m_theirs; }
    void closeProxyEnd()
    {
        if (m_theirs >= 0)
            ::close(m_theirs);
        m_theirs = -1;
    }
    void script(const QString& name, const QJsonObject& reply)
    {
        std::lock_guard lock(m_mutex);
        m_script[name] = reply;
    }
    void silent(const QString& name) { script(name, QJsonObject{{QStringLiteral("silent"), true}}); }
    QList<QJsonObject> requests()
    {
        std::lock_guard lock(m_mutex);
        return m_requests;
    }
    qsizetype count() { return requests().size(); }

private:
    void loop()
    {
        QByteArray buffer;
        char buf[4096];
        for (;;) {
            const ssize_t n = ::recv(m_ours, buf, sizeof buf, 0);
            if (n <= 0)
                return;
            buffer.append(buf, n);
            qsizetype nl;
            while ((nl = buffer.indexOf('\n')) >= 0) {
                const QJsonObject ask = QJsonDocument::fromJson(buffer.left(nl)).object();
                buffer.remove(0, nl + 1);
                const QString name = ask.value(u"name").toString();
                QJsonObject reply = answer("once", secretDir + name);
                {
                    std::lock_guard lock(m_mutex);
                    m_requests.append(ask);
                    const auto it = m_script.find(name);
                    if (it != m_script.end())
                        reply = it->second;
                }
                if (reply.value(u"silent").toBool())
                    continue;
                if (!reply.contains(u"id"))
                    reply.insert(QStringLiteral("id"), ask.value(u"id"));
                const QByteArray bytes = line(reply);
                (void)!::send(m_ours, bytes.constData(), std::size_t(bytes.size()), MSG_NOSIGNAL);
            }
        }
    }

    int m_ours = -1;
    int m_theirs = -1;
    std::thread m_thread;
    std::mutex m_mutex;
    std::map<QString, QJsonObject> m_script;
    QList<QJsonObject> m_requests;
};

struct RunResult {
    int exitCode = -1; // -1: did not exit normally (or could not be run)
    QByteArray out;
    QByteArray err;
};

// One file under /run/cordon/secrets in the child's private /run; `linkTo` makes it a symlink.
struct SecretFile {
    std::string name;
    std::string content;
    std::string linkTo;
};

std::function<bool(const QJsonObject&)> kindIs(const QString& kind, const QString& name = QString())
{
    return [kind, name](const QJsonObject& e) {
        return e.value(u"kind").toString() == kind && (name.isEmpty() || e.value(u"name").toString() == name);
    };
}

std::function<bool(const QJsonObject&)> kindIs(const char* kind, const QString& name = QString())
{
    return kindIs(QString::fromLatin1(kind), name);
}

} // namespace

class TestProxyRequests : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void grantedOnce();
    void decisions_data();
    void decisions();
    void noAnswerTimesOut();
    void noDecider();
    void invalidAnswers_data();
    void invalidAnswers();
    void requestLineRefused_data();
    void requestLineRefused();
    void incompleteLineTimesOut();
    void peerHeaderForwarded();
    void clientGranted();
    void clientFileChecks();
    void clientDenied();
    void clientUsage_data();
    void clientUsage();
    void clientNoProxy_data();
    void clientNoProxy();

private:
    QProcess* launch(const QStringList& args, const std::vector<std::pair<int, int>>& fds);
    std::uint16_t launchTcp(
        std::unique_ptr<QProcess>* out, const QStringList& args, const std::vector<std::pair<int, int>>& fds);
    // Sends `bytes` on a new connection to `port`, returns all it answers until it closes.
    QByteArray exchange(std::uint16_t port, const QByteArray& bytes, int timeoutSeconds = 5);
    QByteArray ask(const QByteArray& name) { return exchange(m_port, "CORDON-REQUEST secret " + name + '\n'); }
    // Runs the real cordon-request with `args` in a forked child with a private mount namespace
    // whose /run is a fresh tmpfs holding `files` under /run/cordon/secrets; `proxyUrl` becomes
    // HTTP_PROXY (unset when null).
    RunResult runClient(const QStringList& args, const char* proxyUrl, const std::vector<SecretFile>& files = {});
    QByteArray url(std::uint16_t port) const { return "http://127.0.0.1:" + QByteArray::number(port); }

    QTemporaryDir m_dir;
    SecretDecider m_decider;
    EventPipe m_events;
    std::unique_ptr<QProcess> m_proxy;
    std::uint16_t m_port = 0;
    SecretDecider m_peerDecider;
    EventPipe m_peerEvents;
    std::unique_ptr<QProcess> m_peerProxy;
    std::uint16_t m_peerPort = 0;
    std::unique_ptr<QProcess> m_lonelyProxy; // no decider at all
    std::uint16_t m_lonelyPort = 0;
};

QProcess* TestProxyRequests::launch(const QStringList& args, const std::vector<std::pair<int, int>>& fds)
{
    auto* p = new QProcess;
    p->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p->setChildProcessModifier([fds] {
        for (const auto& [from, to] : fds)
            if (::dup2(from, to) != to)
                ::_exit(127);
    });
    p->start(qEnvironmentVariable("CORDON_BIN_DIR") + QStringLiteral("/cordon-proxy"), args);
    return p;
}

std::uint16_t TestProxyRequests::launchTcp(
    std::unique_ptr<QProcess>* out, const QStringList& args, const std::vector<std::pair<int, int>>& fds)
{
    out->reset(launch(QStringList{QStringLiteral("--listen-tcp"), QStringLiteral("127.0.0.1:0")} + args, fds));
    QProcess* p = out->get();
    if (!p->waitForStarted(5000) || !p->waitForReadyRead(5000))
        return 0;
    return std::uint16_t(p->readLine().trimmed().toUInt());
}

void TestProxyRequests::initTestCase()
{
    QString why;
    QVERIFY2(isolateNetwork(&why), qPrintable(why));
    QVERIFY(m_dir.isValid());
    QVERIFY(QFile::exists(qEnvironmentVariable("CORDON_BIN_DIR") + QStringLiteral("/cordon-request")));

    // Direct use: no peer header; short ask and handshake timeouts for the no-answer cases.
    QVERIFY(m_decider.open());
    QVERIFY(m_events.open());
    m_port = launchTcp(&m_proxy,
        {QStringLiteral("--events-fd"), QString::number(eventsTarget), QStringLiteral("--decider-fd"),
            QString::number(deciderTarget), QStringLiteral("--ask-timeout"), QStringLiteral("1"),
            QStringLiteral("--handshake-timeout"), QStringLiteral("1")},
        {{m_events.proxyEnd(), eventsTarget}, {m_decider.proxyEnd(), deciderTarget}});
    m_events.closeProxyEnd();
    m_decider.closeProxyEnd();
    QVERIFY2(m_port != 0, "proxy did not start");

    // As in a sandbox: the bridge's CORDON-PEER line first.
    QVERIFY(m_peerDecider.open());
    QVERIFY(m_peerEvents.open());
    m_peerPort = launchTcp(&m_peerProxy,
        {QStringLiteral("--peer-header"), QStringLiteral("--events-fd"), QString::number(eventsTarget),
            QStringLiteral("--decider-fd"), QString::number(deciderTarget), QStringLiteral("--handshake-timeout"),
            QStringLiteral("2")},
        {{m_peerEvents.proxyEnd(), eventsTarget}, {m_peerDecider.proxyEnd(), deciderTarget}});
    m_peerEvents.closeProxyEnd();
    m_peerDecider.closeProxyEnd();
    QVERIFY2(m_peerPort != 0, "peer-header proxy did not start");

    m_lonelyPort =
        launchTcp(&m_lonelyProxy, {QStringLiteral("--events"), m_dir.filePath(QStringLiteral("lonely.events"))}, {});
    QVERIFY2(m_lonelyPort != 0, "proxy without decider did not start");
}

void TestProxyRequests::cleanupTestCase()
{
    for (auto* p : {m_proxy.get(), m_peerProxy.get(), m_lonelyProxy.get()}) {
        if (p) {
            p->kill();
            p->waitForFinished(5000);
        }
    }
}

QByteArray TestProxyRequests::exchange(std::uint16_t port, const QByteArray& bytes, int timeoutSeconds)
{
    Fd fd(connectTo(port));
    if (fd.fd < 0)
        return "connect failed";
    setReceiveTimeout(fd.fd, timeoutSeconds);
    if (!sendBytes(fd.fd, bytes))
        return "send failed";
    return readAllUntilClose(fd.fd);
}

void TestProxyRequests::grantedOnce()
{
    const qsizetype asks = m_decider.count();
    const qsizetype events = m_events.count();
    QCOMPARE(ask("GITHUB_TOKEN"), QByteArray("OK /run/cordon/secrets/GITHUB_TOKEN\n"));
    QCOMPARE(m_decider.count(), asks + 1);
    const QJsonObject request = m_decider.requests().last();
    QCOMPARE(request.value(u"kind").toString(), QStringLiteral("secret"));
    QCOMPARE(request.value(u"name").toString(), QStringLiteral("GITHUB_TOKEN"));
    QVERIFY(request.value(u"id").toDouble() >= 1);
    QVERIFY(!request.contains(u"peer")); // no --peer-header here
    QVERIFY(!request.contains(u"host")); // a secret ask is no network ask
    const QJsonObject asked = m_events.waitFor(events, kindIs("secret_ask", QStringLiteral("GITHUB_TOKEN")));
    QVERIFY(!asked.isEmpty());
    QVERIFY(asked.value(u"conn").toDouble() >= 1);
    const QJsonObject granted = m_events.waitFor(events, kindIs("secret_grant", QStringLiteral("GITHUB_TOKEN")));
    QCOMPARE(granted.value(u"decision").toString(), QStringLiteral("once"));
    QCOMPARE(granted.value(u"rule").toString(), QStringLiteral("ask:once"));
    QCOMPARE(granted.value(u"path").toString(), QStringLiteral("/run/cordon/secrets/GITHUB_TOKEN"));
    QCOMPARE(granted.value(u"conn"), asked.value(u"conn"));
    // A CR before the LF is tolerated.
    QCOMPARE(exchange(m_port, "CORDON-REQUEST secret CRLF_NAME\r\n"), QByteArray("OK /run/cordon/secrets/CRLF_NAME\n"));
}

void TestProxyRequests::decisions_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QJsonObject>("reply");
    QTest::addColumn<QByteArray>("expected");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("rule");
    QTest::newRow("once") << QStringLiteral("D_ONCE") << answer("once", secretDir + QStringLiteral("D_ONCE"))
                          << QByteArray("OK /run/cordon/secrets/D_ONCE\n") << QStringLiteral("secret_grant")
                          << QStringLiteral("ask:once");
    QTest::newRow("session") << QStringLiteral("D_SESSION")
                             << answer("session", secretDir + QStringLiteral("D_SESSION"))
                             << QByteArray("OK /run/cordon/secrets/D_SESSION\n") << QStringLiteral("secret_grant")
                             << QStringLiteral("ask:session");
    QTest::newRow("always") << QStringLiteral("_always1") << answer("always", secretDir + QStringLiteral("_always1"))
                            << QByteArray("OK /run/cordon/secrets/_always1\n") << QStringLiteral("secret_grant")
                            << QStringLiteral("ask:always");
    QTest::newRow("deny") << QStringLiteral("D_DENY") << answer("deny") << QByteArray("DENIED denied\n")
                          << QStringLiteral("secret_deny") << QStringLiteral("ask:deny");
    QTest::newRow("deny with its path") << QStringLiteral("D_DENY2")
                                        << answer("deny", secretDir + QStringLiteral("D_DENY2"))
                                        << QByteArray("DENIED denied\n") << QStringLiteral("secret_deny")
                                        << QStringLiteral("ask:deny");
}

void TestProxyRequests::decisions()
{
    QFETCH(QString, name);
    QFETCH(QJsonObject, reply);
    QFETCH(QByteArray, expected);
    QFETCH(QString, kind);
    QFETCH(QString, rule);
    m_decider.script(name, reply);
    const qsizetype events = m_events.count();
    QCOMPARE(ask(name.toLatin1()), expected);
    const QJsonObject e = m_events.waitFor(events, kindIs(kind, name));
    QVERIFY2(!e.isEmpty(), qPrintable(kind));
    QCOMPARE(e.value(u"rule").toString(), rule);
    QCOMPARE(e.value(u"decision").toString(), reply.value(u"decision").toString());
}

void TestProxyRequests::noAnswerTimesOut()
{
    m_decider.silent(QStringLiteral("SILENT"));
    const qsizetype events = m_events.count();
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(ask("SILENT"), QByteArray("DENIED no answer\n"));
    QVERIFY2(timer.elapsed() >= 900 && timer.elapsed() < 4000, qPrintable(QString::number(timer.elapsed())));
    const QJsonObject e = m_events.waitFor(events, kindIs("secret_deny", QStringLiteral("SILENT")));
    QCOMPARE(e.value(u"rule").toString(), QStringLiteral("ask:deny (no decider or no answer)"));
    // Control: an answered request through the same proxy right after is quick and granted.
    timer.restart();
    QCOMPARE(ask("ANSWERED"), QByteArray("OK /run/cordon/secrets/ANSWERED\n"));
    QVERIFY(timer.elapsed() < 900);
}

void TestProxyRequests::noDecider()
{
    QCOMPARE(exchange(m_lonelyPort, "CORDON-REQUEST secret NOBODY\n"), QByteArray("DENIED no decider\n"));
    QFile log(m_dir.filePath(QStringLiteral("lonely.events")));
    QVERIFY(log.open(QIODevice::ReadOnly));
    const QByteArray all = log.readAll();
    QVERIFY(all.contains("\"kind\":\"secret_ask\""));
    QVERIFY(all.contains("\"rule\":\"ask:deny (no decider or no answer)\""));
}

void TestProxyRequests::invalidAnswers_data()
{
    QTest::addColumn<QJsonObject>("reply"); // for the name "BAD"; the control name gets a valid answer
    QTest::addColumn<QString>("problem");
    auto once = [](const QJsonValue& path) {
        return QJsonObject{{QStringLiteral("decision"), QStringLiteral("once")}, {QStringLiteral("path"), path}};
    };
    QTest::newRow("other name") << once(secretDir + QStringLiteral("OTHER")) << QStringLiteral("path is not");
    QTest::newRow("dot-dot") << once(secretDir + QStringLiteral("../BAD")) << QStringLiteral("path is not");
    QTest::newRow("prefix of the name") << once(secretDir + QStringLiteral("BA")) << QStringLiteral("path is not");
    QTest::newRow("name plus suffix") << once(secretDir + QStringLiteral("BAD/x")) << QStringLiteral("path is not");
    QTest::newRow("trailing newline") << once(secretDir + QStringLiteral("BAD\n")) << QStringLiteral("path is not");
    QTest::newRow("relative") << once(QStringLiteral("run/cordon/secrets/BAD")) << QStringLiteral("path is not");
    QTest::newRow("another directory") << once(QStringLiteral("/tmp/BAD")) << QStringLiteral("path is not");
    QTest::newRow("no path") << QJsonObject{{QStringLiteral("decision"), QStringLiteral("once")}}
                             << QStringLiteral("path is not");
    QTest::newRow("path not a string") << once(QJsonValue(7)) << QStringLiteral("path is not a string");
    QJsonObject withPattern = once(secretDir + QStringLiteral("BAD"));
    withPattern.insert(QStringLiteral("pattern"), QStringLiteral("evil.test:443"));
    QTest::newRow("network pattern") << withPattern << QStringLiteral("scope, pattern or grant");
    QJsonObject withGrant = once(secretDir + QStringLiteral("BAD"));
    withGrant.insert(QStringLiteral("grant"), 3);
    QTest::newRow("grant id") << withGrant << QStringLiteral("scope, pattern or grant");
    QJsonObject withScope = once(secretDir + QStringLiteral("BAD"));
    withScope.insert(QStringLiteral("scope"), QStringLiteral("domain"));
    QTest::newRow("scope") << withScope << QStringLiteral("scope, pattern or grant");
    QTest::newRow("unknown decision") << QJsonObject{{QStringLiteral("decision"), QStringLiteral("yes")},
                                             {QStringLiteral("path"), secretDir + QStringLiteral("BAD")}}
                                      << QStringLiteral("unknown decision");
}

void TestProxyRequests::invalidAnswers()
{
    QFETCH(QJsonObject, reply);
    QFETCH(QString, problem);
    m_decider.script(QStringLiteral("BAD"), reply);
    const qsizetype events = m_events.count();
    QCOMPARE(ask("BAD"), QByteArray("DENIED invalid answer\n"));
    const QJsonObject e = m_events.waitFor(events, kindIs("secret_deny", QStringLiteral("BAD")));
    QVERIFY2(e.value(u"rule").toString().startsWith(QStringLiteral("ask:invalid-answer: ") + problem),
        qPrintable(e.value(u"rule").toString()));
    // Control: the same answer with the right path and nothing else is a grant.
    m_decider.script(QStringLiteral("BAD"), answer("once", secretDir + QStringLiteral("BAD")));
    QCOMPARE(ask("BAD"), QByteArray("OK /run/cordon/secrets/BAD\n"));
}

void TestProxyRequests::requestLineRefused_data()
{
    QTest::addColumn<QByteArray>("bad");
    QTest::addColumn<QByteArray>("control");
    QTest::addColumn<QByteArray>("reply"); // what the refusal starts with
    const QByteArray denied = "DENIED bad request: ";
    const QByteArray ok = "CORDON-REQUEST secret GOOD_NAME\n";
    QTest::newRow("lowercase method") << QByteArray("cordon-request secret GOOD_NAME\n") << ok
                                      << QByteArray("HTTP/1.1 400 ");
    QTest::newRow("mixed-case method") << QByteArray("Cordon-Request secret GOOD_NAME\n") << ok
                                       << QByteArray("HTTP/1.1 400 ");
    QTest::newRow("reserved method as HTTP")
        << QByteArray("cordon-request http://allowed.test/ HTTP/1.1\r\n\r\n") << ok << QByteArray("HTTP/1.1 400 ");
    QTest::newRow("two spaces after method") << QByteArray("CORDON-REQUEST  secret GOOD_NAME\n") << ok << denied;
    QTest::newRow("two spaces before name") << QByteArray("CORDON-REQUEST secret  GOOD_NAME\n") << ok << denied;
    QTest::newRow("trailing space") << QByteArray("CORDON-REQUEST secret GOOD_NAME \n") << ok << denied;
    QTest::newRow("tab") << QByteArray("CORDON-REQUEST secret\tGOOD_NAME\n") << ok << denied;
    QTest::newRow("slash in name") << QByteArray("CORDON-REQUEST secret A/B\n")
                                   << QByteArray("CORDON-REQUEST secret A_B\n") << denied;
    QTest::newRow("dot-dot") << QByteArray("CORDON-REQUEST secret ..\n") << QByteArray("CORDON-REQUEST secret __\n")
                             << denied;
    QTest::newRow("dot-dot path") << QByteArray("CORDON-REQUEST secret ../etc\n")
                                  << QByteArray("CORDON-REQUEST secret etc\n") << denied;
    QTest::newRow("NUL in name") << QByteArray("CORDON-REQUEST secret A\0B\n", 26)
                                 << QByteArray("CORDON-REQUEST secret A0B\n") << denied;
    QTest::newRow("CR inside") << QByteArray("CORDON-REQUEST secret A\rB\n")
                               << QByteArray("CORDON-REQUEST secret AB\r\n") << denied;
    QTest::newRow("leading digit") << QByteArray("CORDON-REQUEST secret 1A\n")
                                   << QByteArray("CORDON-REQUEST secret A1\n") << denied;
    QTest::newRow("non-ASCII") << QByteArray("CORDON-REQUEST secret T\xc3\xa9\n")
                               << QByteArray("CORDON-REQUEST secret Te\n") << denied;
    QTest::newRow("name of 65") << "CORDON-REQUEST secret " + QByteArray(65, 'N') + '\n'
                                << "CORDON-REQUEST secret " + QByteArray(64, 'N') + '\n'
                                << denied;
    QTest::newRow("line over 256") << "CORDON-REQUEST secret " + QByteArray(300, 'L')
                                   << "CORDON-REQUEST secret " + QByteArray(64, 'L') + "\r\n"
                                   << denied;
    QTest::newRow("extra token") << QByteArray("CORDON-REQUEST secret A B\n") << QByteArray("CORDON-REQUEST secret A\n")
                                 << denied;
    QTest::newRow("no name") << QByteArray("CORDON-REQUEST secret\n") << QByteArray("CORDON-REQUEST secret S\n")
                             << denied;
    QTest::newRow("empty name") << QByteArray("CORDON-REQUEST secret \n") << QByteArray("CORDON-REQUEST secret S\n")
                                << denied;
    QTest::newRow("unknown kind") << QByteArray("CORDON-REQUEST path GOOD_NAME\n") << ok << denied;
    QTest::newRow("kind in upper case") << QByteArray("CORDON-REQUEST SECRET GOOD_NAME\n") << ok << denied;
}

void TestProxyRequests::requestLineRefused()
{
    QFETCH(QByteArray, bad);
    QFETCH(QByteArray, control);
    QFETCH(QByteArray, reply);
    const qsizetype asks = m_decider.count();
    const qsizetype events = m_events.count();
    const QByteArray refused = exchange(m_port, bad);
    QVERIFY2(refused.startsWith(reply), refused.constData());
    QVERIFY(refused.endsWith('\n'));
    QCOMPARE(m_decider.count(), asks); // never reached the decider
    if (reply.startsWith("DENIED")) {
        QVERIFY2(refused.indexOf('\n') == refused.size() - 1, refused.constData()); // one line
        const QJsonObject e = m_events.waitFor(events, kindIs("secret_deny"));
        QVERIFY(e.value(u"rule").toString().startsWith(QStringLiteral("bad-request: ")));
        QVERIFY(!e.contains(u"name"));
    } else {
        const QJsonObject e = m_events.waitFor(events, kindIs("net_deny"));
        QCOMPARE(e.value(u"rule").toString(), QStringLiteral("bad-request: reserved method"));
    }
    const QByteArray granted = exchange(m_port, control);
    QVERIFY2(granted.startsWith("OK /run/cordon/secrets/"), granted.constData());
    QCOMPARE(m_decider.count(), asks + 1);
}

void TestProxyRequests::incompleteLineTimesOut()
{
    // The --handshake-timeout (1 s) bounds the wait for the LF; the refusal is still answered.
    for (const QByteArray& partial : {QByteArray("CORDON-REQUEST secret NO_NEWLINE"), QByteArray("CORDON-REQ")}) {
        const qsizetype asks = m_decider.count();
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(exchange(m_port, partial), QByteArray("DENIED bad request: incomplete request line\n"));
        QVERIFY2(timer.elapsed() >= 900 && timer.elapsed() < 1900, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(m_decider.count(), asks);
    }
    // Control: the same line, finished, is granted.
    QCOMPARE(exchange(m_port, "CORDON-REQUEST secret NO_NEWLINE\n"), QByteArray("OK /run/cordon/secrets/NO_NEWLINE\n"));
}

void TestProxyRequests::peerHeaderForwarded()
{
    const QByteArray peer =
        R"(CORDON-PEER {"pid":4242,"exe":"/usr/bin/sh","argv":["cordon-request","secret","PEER_NAME"]})"
        "\n";
    const qsizetype events = m_peerEvents.count();
    QCOMPARE(exchange(m_peerPort, peer + "CORDON-REQUEST secret PEER_NAME\n"),
        QByteArray("OK /run/cordon/secrets/PEER_NAME\n"));
    const QJsonObject request = m_peerDecider.requests().last();
    QCOMPARE(request.value(u"name").toString(), QStringLiteral("PEER_NAME"));
    const QJsonObject p = request.value(u"peer").toObject();
    QCOMPARE(p.value(u"pid").toInt(), 4242);
    QCOMPARE(p.value(u"exe").toString(), QStringLiteral("/usr/bin/sh"));
    QCOMPARE(p.value(u"argv").toArray().size(), 3);
    for (const char* kind : {"secret_ask", "secret_grant"}) {
        const QJsonObject e = m_peerEvents.waitFor(events, kindIs(kind, QStringLiteral("PEER_NAME")));
        QCOMPARE(e.value(u"peer").toObject().value(u"pid").toInt(), 4242);
    }
    // The peer line split from the request over several writes works the same.
    {
        Fd fd(connectTo(m_peerPort));
        QVERIFY(fd.fd >= 0);
        QVERIFY(sendBytes(fd.fd, peer.left(10)));
        QTest::qWait(50);
        QVERIFY(sendBytes(fd.fd, peer.mid(10) + "CORDON-"));
        QTest::qWait(50);
        QVERIFY(sendBytes(fd.fd, "REQUEST secret SPLIT\n"));
        QCOMPARE(readAllUntilClose(fd.fd), QByteArray("OK /run/cordon/secrets/SPLIT\n"));
    }
    // A proxy under --peer-header refuses a request without the header (closed, no reply, no ask).
    const qsizetype asks = m_peerDecider.count();
    QCOMPARE(exchange(m_peerPort, "CORDON-REQUEST secret PEER_NAME\n"), QByteArray());
    QCOMPARE(m_peerDecider.count(), asks);
}

RunResult TestProxyRequests::runClient(
    const QStringList& args, const char* proxyUrl, const std::vector<SecretFile>& files)
{
    RunResult result;
    // Everything the child needs is built before fork: after it, only system calls.
    const std::string binary =
        (qEnvironmentVariable("CORDON_BIN_DIR") + QStringLiteral("/cordon-request")).toStdString();
    std::vector<std::string> argStrings{binary};
    for (const QString& a : args)
        argStrings.push_back(a.toStdString());
    std::vector<char*> argv;
    for (std::string& a : argStrings)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> envStrings{"PATH=/usr/bin:/bin", "LANG=C.UTF-8"};
    if (proxyUrl)
        envStrings.push_back(std::string("HTTP_PROXY=") + proxyUrl);
    std::vector<char*> envp;
    for (std::string& e : envStrings)
        envp.push_back(e.data());
    envp.push_back(nullptr);
    std::vector<std::string> paths;
    for (const SecretFile& f : files)
        paths.push_back("/run/cordon/secrets/" + f.name);

    int out[2], err[2];
    if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0)
        return result;
    const pid_t pid = ::fork();
    if (pid < 0)
        return result;
    if (pid == 0) {
        // A private mount namespace: the tmpfs on /run is seen by this child only, and nothing is
        // created on the host (/run/cordon may not exist there).
        if (::unshare(CLONE_NEWNS) != 0 || ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
            ::mount("tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") != 0 ||
            ::mkdir("/run/cordon", 0755) != 0 || ::mkdir("/run/cordon/secrets", 0755) != 0)
            ::_exit(120);
        for (std::size_t i = 0; i < files.size(); ++i) {
            if (!files[i].linkTo.empty()) {
                if (::symlink(files[i].linkTo.c_str(), paths[i].c_str()) != 0)
                    ::_exit(121);
                continue;
            }
            const int fd = ::open(paths[i].c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0400);
            if (fd < 0 ||
                ::write(fd, files[i].content.data(), files[i].content.size()) != ssize_t(files[i].content.size()) ||
                ::close(fd) != 0)
                ::_exit(122);
        }
        if (::dup2(out[1], 1) != 1 || ::dup2(err[1], 2) != 2)
            ::_exit(123);
        ::execve(argv[0], argv.data(), envp.data());
        ::_exit(124);
    }
    ::close(out[1]);
    ::close(err[1]);
    pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
    QByteArray* sinks[2] = {&result.out, &result.err};
    int open = 2;
    QElapsedTimer timer;
    timer.start();
    while (open > 0 && timer.elapsed() < 20000) {
        if (::poll(fds, 2, 200) < 0 && errno != EINTR)
            break;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || fds[i].revents == 0)
                continue;
            char buf[65536];
            const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
            if (n > 0) {
                sinks[i]->append(buf, n);
            } else {
                ::close(fds[i].fd);
                fds[i].fd = -1;
                --open;
            }
        }
    }
    for (const pollfd& p : fds)
        if (p.fd >= 0)
            ::close(p.fd);
    if (open > 0)
        ::kill(pid, SIGKILL);
    int status = 0;
    if (::waitpid(pid, &status, 0) == pid && WIFEXITED(status))
        result.exitCode = WEXITSTATUS(status);
    return result;
}

void TestProxyRequests::clientGranted()
{
    // Exact bytes: newlines, a NUL, non-UTF-8, no newline added.
    const std::string value("s3cr3t\nsecond line\0\xff\r\n", 22);
    const RunResult r = runClient(
        {QStringLiteral("secret"), QStringLiteral("API_KEY")}, url(m_port).constData(), {{"API_KEY", value, {}}});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.out, QByteArray::fromStdString(value));
    QCOMPARE(r.err, QByteArray());
    QCOMPARE(m_decider.requests().last().value(u"name").toString(), QStringLiteral("API_KEY"));
    // An empty secret is a secret too, and the trailing "/" some tools add to proxy URLs is fine.
    const RunResult empty = runClient({QStringLiteral("secret"), QStringLiteral("EMPTY")},
        (url(m_port) + '/').constData(), {{"EMPTY", std::string(), {}}});
    QCOMPARE(empty.exitCode, 0);
    QCOMPARE(empty.out, QByteArray());
}

void TestProxyRequests::clientFileChecks()
{
    const QByteArray proxy = url(m_port);
    const QStringList args{QStringLiteral("secret"), QStringLiteral("FILE_SECRET")};
    // Exactly 64 KiB is delivered; one byte more is refused.
    const std::string limit(64 * 1024, 'v');
    const RunResult atLimit = runClient(args, proxy.constData(), {{"FILE_SECRET", limit, {}}});
    QCOMPARE(atLimit.exitCode, 0);
    QCOMPARE(atLimit.out.size(), qsizetype(limit.size()));
    const RunResult over = runClient(args, proxy.constData(), {{"FILE_SECRET", limit + "v", {}}});
    QCOMPARE(over.exitCode, 4);
    QCOMPARE(over.out, QByteArray());
    QVERIFY2(over.err.contains("larger than 64 KiB"), over.err.constData());
    // A symlink in the file's place is not followed, even to a readable file.
    const RunResult link = runClient(
        args, proxy.constData(), {{"TARGET", "not this", {}}, {"FILE_SECRET", {}, "/run/cordon/secrets/TARGET"}});
    QCOMPARE(link.exitCode, 4);
    QCOMPARE(link.out, QByteArray());
    QVERIFY2(link.err.contains("was granted but cannot be read"), link.err.constData());
    // Granted but missing.
    const RunResult missing = runClient(args, proxy.constData(), {});
    QCOMPARE(missing.exitCode, 4);
    QVERIFY2(missing.err.contains("No such file"), missing.err.constData());
    // Control: the target read directly is fine.
    const RunResult target =
        runClient({QStringLiteral("secret"), QStringLiteral("TARGET")}, proxy.constData(), {{"TARGET", "this", {}}});
    QCOMPARE(target.exitCode, 0);
    QCOMPARE(target.out, QByteArray("this"));
}

void TestProxyRequests::clientDenied()
{
    m_decider.script(QStringLiteral("DENY_ME"), answer("deny"));
    const RunResult denied = runClient({QStringLiteral("secret"), QStringLiteral("DENY_ME")}, url(m_port).constData(),
        {{"DENY_ME", "must not be printed", {}}});
    QCOMPARE(denied.exitCode, 1);
    QCOMPARE(denied.out, QByteArray());
    QCOMPARE(denied.err, QByteArray("cordon-request: DENY_ME was not granted: denied\n"));
    m_decider.silent(QStringLiteral("NO_ANSWER"));
    const RunResult silent =
        runClient({QStringLiteral("secret"), QStringLiteral("NO_ANSWER")}, url(m_port).constData());
    QCOMPARE(silent.exitCode, 1);
    QCOMPARE(silent.err, QByteArray("cordon-request: NO_ANSWER was not granted: no answer\n"));
    const RunResult lonely =
        runClient({QStringLiteral("secret"), QStringLiteral("ANY")}, url(m_lonelyPort).constData());
    QCOMPARE(lonely.exitCode, 1);
    QCOMPARE(lonely.err, QByteArray("cordon-request: ANY was not granted: no decider\n"));
}

void TestProxyRequests::clientUsage_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::newRow("help") << QStringList{QStringLiteral("--help")} << 0;
    QTest::newRow("nothing") << QStringList{} << 2;
    QTest::newRow("no name") << QStringList{QStringLiteral("secret")} << 2;
    QTest::newRow("unknown request") << QStringList{QStringLiteral("path"), QStringLiteral("A")} << 2;
    QTest::newRow("extra argument") << QStringList{QStringLiteral("secret"), QStringLiteral("A"), QStringLiteral("B")}
                                    << 2;
    QTest::newRow("slash") << QStringList{QStringLiteral("secret"), QStringLiteral("A/B")} << 2;
    QTest::newRow("dot-dot") << QStringList{QStringLiteral("secret"), QStringLiteral("..")} << 2;
    QTest::newRow("leading digit") << QStringList{QStringLiteral("secret"), QStringLiteral("1A")} << 2;
    QTest::newRow("65 characters") << QStringList{QStringLiteral("secret"), QString(65, u'N')} << 2;
    QTest::newRow("control: 64 characters") << QStringList{QStringLiteral("secret"), QString(64, u'N')} << 0;
}

void TestProxyRequests::clientUsage()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    const qsizetype asks = m_decider.count();
    std::vector<SecretFile> files;
    if (exitCode == 0 && args.size() == 2)
        files.push_back({args[1].toStdString(), "v", {}});
    const RunResult r = runClient(args, url(m_port).constData(), files);
    QCOMPARE(r.exitCode, exitCode);
    if (args == QStringList{QStringLiteral("--help")}) {
        QVERIFY(r.out.startsWith("usage: cordon-request secret NAME\n"));
    } else if (exitCode == 2) {
        QVERIFY2(r.err.startsWith("cordon-request: ") && r.err.contains("usage: "), r.err.constData());
        QCOMPARE(r.out, QByteArray());
        QCOMPARE(m_decider.count(), asks); // refused before asking
    } else {
        QCOMPARE(r.out, QByteArray("v"));
    }
}

void TestProxyRequests::clientNoProxy_data()
{
    QTest::addColumn<QByteArray>("proxy"); // "-" for unset
    QTest::addColumn<QByteArray>("message");
    // A port nothing listens on: bound, then closed.
    std::uint16_t freePort = 0;
    {
        Fd s(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof a;
        if (::bind(s.fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
            ::getsockname(s.fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
            freePort = ntohs(a.sin_port);
    }
    QTest::newRow("unset") << QByteArray("-") << QByteArray("HTTP_PROXY is not set");
    QTest::newRow("empty") << QByteArray("") << QByteArray("HTTP_PROXY is not set");
    QTest::newRow("nothing listening") << url(freePort) << QByteArray("no Cordon proxy answers in this sandbox");
    QTest::newRow("another host") << QByteArray("http://10.0.0.1:8080") << QByteArray("not Cordon's proxy bridge");
    QTest::newRow("localhost by name") << "http://localhost:" + QByteArray::number(m_port)
                                       << QByteArray("not Cordon's proxy bridge");
    QTest::newRow("https") << "https://127.0.0.1:" + QByteArray::number(m_port)
                           << QByteArray("not Cordon's proxy bridge");
    QTest::newRow("port 0") << QByteArray("http://127.0.0.1:0") << QByteArray("not Cordon's proxy bridge");
    QTest::newRow("port too big") << QByteArray("http://127.0.0.1:65536") << QByteArray("not Cordon's proxy bridge");
    QTest::newRow("path") << url(m_port) + "/x" << QByteArray("not Cordon's proxy bridge");
}

void TestProxyRequests::clientNoProxy()
{
    QFETCH(QByteArray, proxy);
    QFETCH(QByteArray, message);
    const QStringList args{QStringLiteral("secret"), QStringLiteral("NP")};
    const RunResult r = runClient(args, proxy == "-" ? nullptr : proxy.constData(), {{"NP", "np", {}}});
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains(message), r.err.constData());
    QCOMPARE(r.out, QByteArray());
    // Control: the bridge's own URL in the same child setup works.
    const RunResult control = runClient(args, url(m_port).constData(), {{"NP", "np", {}}});
    QCOMPARE(control.exitCode, 0);
    QCOMPARE(control.out, QByteArray("np"));
}

QTEST_GUILESS_MAIN(TestProxyRequests)
#include "tst_proxy_requests.moc"
