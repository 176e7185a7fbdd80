// End-to-end tests of what the helper daemon relies on to run one cordon-proxy per session: the
// inherited descriptors (--policy-fd, --events-fd, --decider-fd), the decider protocol's
// scope/pattern/grant answers and its grant and revoke messages, revocation that really closes
// live tunnels, the --peer-header line, and the conn/grant/peer fields and net_close events.
// Like tst_proxy: the real binary, real sockets, its own network namespace, loopback servers and
// the test-only name map. The test itself is the decider, on one end of a socketpair, exactly as
// the daemon will be. Every refusal is paired with a control through the same proxy.

#include "EventPipe.h"
#include "LoopbackServer.h"
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
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

using namespace cordon::test;

namespace {

// Descriptor numbers the proxy is given: high enough never to collide with what QProcess uses
// in the child between fork and exec.
constexpr int policyTarget = 200;
constexpr int eventsTarget = 201;
constexpr int deciderTarget = 202;

QByteArray line(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

// The decider side of a socketpair, as the daemon holds it: answers each ask from a per-host
// script (a host without an entry is denied), records every ask, and can send any line at any
// time (grant, revoke, garbage). Writes from the answering thread and the test never interleave.
class PairDecider {
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
    ~PairDecider()
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
    void script(const QString& host, const QJsonObject& answer)
    {
        std::lock_guard lock(m_mutex);
        m_script[host] = answer;
    }
    void send(const QByteArray& bytes)
    {
        std::lock_guard lock(m_writeMutex);
        (void)!::send(m_ours, bytes.constData(), std::size_t(bytes.size()), MSG_NOSIGNAL);
    }
    QList<QJsonObject> requests()
    {
        std::lock_guard lock(m_mutex);
        return m_requests;
    }
    int asksFor(const QString& host)
    {
        int n = 0;
        for (const QJsonObject& r : requests())
            n += r.value(u"host").toString() == host;
        return n;
    }

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
                QJsonObject answer{{QStringLiteral("decision"), QStringLiteral("deny")}};
                {
                    std::lock_guard lock(m_mutex);
                    m_requests.append(ask);
                    const auto it = m_script.find(ask.value(u"host").toString());
                    if (it != m_script.end())
                        answer = it->second;
                }
                answer.insert(QStringLiteral("id"), ask.value(u"id"));
                send(line(answer));
            }
        }
    }

    int m_ours = -1;
    int m_theirs = -1;
    std::thread m_thread;
    std::mutex m_mutex;
    std::mutex m_writeMutex;
    std::map<QString, QJsonObject> m_script;
    QList<QJsonObject> m_requests;
};

auto kindIs(const char* kind, const QString& host = QString())
{
    return [kind, host](const QJsonObject& e) {
        return e.value(u"kind").toString() == QLatin1String(kind) &&
               (host.isEmpty() || e.value(u"host").toString() == host);
    };
}

} // namespace

class TestProxyGrants : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void inheritedDescriptors();
    void inheritedDescriptorsRefused_data();
    void inheritedDescriptorsRefused();
    void answerScopeDomain();
    void answerPatternsChecked();
    void revokeClosesTunnels();
    void revokeRacesClosingTunnels();
    void grantMessages();
    void peerHeaderForwarded();
    void peerHeaderRefused_data();
    void peerHeaderRefused();
    void eventsCarryConnAndGrant();
    void netCloseCountsBytes();

private:
    // Starts cordon-proxy with `fds` (parent descriptor -> number in the proxy) and CORDON_PROXY_TEST=1.
    // Its stderr is the test's (notices, sanitizer reports) unless the test reads it.
    QProcess* launch(const QStringList& args, const std::vector<std::pair<int, int>>& fds, bool captureStderr = false);
    // Launches on 127.0.0.1:0 and reads the announced port; 0 if the proxy did not start.
    std::uint16_t launchTcp(
        std::unique_ptr<QProcess>* out, const QStringList& args, const std::vector<std::pair<int, int>>& fds);
    int connectVia(const QByteArray& authority, int* keep = nullptr);
    bool tunnelEchoes(int fd, const QByteArray& payload = "ping-through-tunnel");
    // Opens a connection to the peer-header proxy's Unix socket and sends `bytes`.
    int peerClient(const QByteArray& bytes);
    QByteArray authority(const char* host) const { return QByteArray(host) + ':' + m_sp; }

    QTemporaryDir m_dir;
    LoopbackServer m_server;
    QByteArray m_sp;
    QString m_map;
    PairDecider m_decider;
    EventPipe m_events;
    std::unique_ptr<QProcess> m_proxy;
    std::uint16_t m_port = 0;
    // The --peer-header proxy, on a Unix socket as in production.
    PairDecider m_peerDecider;
    EventPipe m_peerEvents;
    std::unique_ptr<QProcess> m_peerProxy;
    QString m_peerSocket;
};

QProcess* TestProxyGrants::launch(
    const QStringList& args, const std::vector<std::pair<int, int>>& fds, bool captureStderr)
{
    auto* p = new QProcess;
    if (!captureStderr)
        p->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("CORDON_PROXY_TEST"), QStringLiteral("1"));
    p->setProcessEnvironment(env);
    // dup2 clears close-on-exec on the new number: exactly these descriptors are inherited, as
    // the daemon will hand them over.
    p->setChildProcessModifier([fds] {
        for (const auto& [from, to] : fds)
            if (::dup2(from, to) != to)
                ::_exit(127);
    });
    p->start(qEnvironmentVariable("CORDON_BIN_DIR") + QStringLiteral("/cordon-proxy"), args);
    return p;
}

std::uint16_t TestProxyGrants::launchTcp(
    std::unique_ptr<QProcess>* out, const QStringList& args, const std::vector<std::pair<int, int>>& fds)
{
    out->reset(launch(QStringList{QStringLiteral("--listen-tcp"), QStringLiteral("127.0.0.1:0")} + args, fds));
    QProcess* p = out->get();
    if (!p->waitForStarted(5000) || !p->waitForReadyRead(5000))
        return 0;
    return std::uint16_t(p->readLine().trimmed().toUInt());
}

void TestProxyGrants::initTestCase()
{
    QString why;
    QVERIFY2(isolateNetwork(&why), qPrintable(why));
    QVERIFY(m_dir.isValid());
    QVERIFY(m_server.start("127.0.0.1"));
    m_sp = QByteArray::number(m_server.port());
    m_map = m_dir.filePath(QStringLiteral("names.map"));
    QFile map(m_map);
    QVERIFY(map.open(QIODevice::WriteOnly));
    for (const char* name : {"allowed.test", "denied.test", "unlisted.test", "granted.test", "a.granted.test",
             "b.granted.test", "blocked.granted.test", "c.always.test", "always.test", "bad-pattern.test", "rev.test",
             "rev-once.test", "keep.test", "race.test", "pushed.test", "zero.test", "peer-ask.test"})
        map.write(QByteArray(name) + " 127.0.0.1\n");
    map.close();

    // The main proxy takes all three inputs from descriptors, as the daemon will start it.
    QVERIFY(m_decider.open());
    QVERIFY(m_events.open());
    int policyPipe[2];
    QCOMPARE(::pipe2(policyPipe, O_CLOEXEC), 0);
    const QByteArray policy = R"({"allow":["allowed.test"],"deny":["denied.test","blocked.granted.test"]})";
    QCOMPARE(::write(policyPipe[1], policy.constData(), std::size_t(policy.size())), ssize_t(policy.size()));
    ::close(policyPipe[1]); // EOF after the policy
    m_port = launchTcp(&m_proxy,
        {QStringLiteral("--resolve-map"), m_map, QStringLiteral("--test-mapped-may-be-private"),
            QStringLiteral("--policy-fd"), QString::number(policyTarget), QStringLiteral("--events-fd"),
            QString::number(eventsTarget), QStringLiteral("--decider-fd"), QString::number(deciderTarget),
            QStringLiteral("--ask-timeout"), QStringLiteral("5")},
        {{policyPipe[0], policyTarget}, {m_events.proxyEnd(), eventsTarget}, {m_decider.proxyEnd(), deciderTarget}});
    ::close(policyPipe[0]);
    m_events.closeProxyEnd();
    m_decider.closeProxyEnd();
    QVERIFY2(m_port != 0, "proxy with inherited descriptors did not start");

    QVERIFY(m_peerDecider.open());
    QVERIFY(m_peerEvents.open());
    m_peerSocket = m_dir.filePath(QStringLiteral("peer.sock"));
    m_peerProxy.reset(launch(
        {QStringLiteral("--listen"), m_peerSocket, QStringLiteral("--peer-header"), QStringLiteral("--resolve-map"),
            m_map, QStringLiteral("--test-mapped-may-be-private"), QStringLiteral("--allow"),
            QStringLiteral("allowed.test"), QStringLiteral("--deny"), QStringLiteral("denied.test"),
            QStringLiteral("--events-fd"), QString::number(eventsTarget), QStringLiteral("--decider-fd"),
            QString::number(deciderTarget), QStringLiteral("--handshake-timeout"), QStringLiteral("2")},
        {{m_peerEvents.proxyEnd(), eventsTarget}, {m_peerDecider.proxyEnd(), deciderTarget}}));
    m_peerEvents.closeProxyEnd();
    m_peerDecider.closeProxyEnd();
    QVERIFY(m_peerProxy->waitForStarted(5000));
    // The socket exists from bind(); it accepts once listen() has run.
    QElapsedTimer timer;
    timer.start();
    int probe = -1;
    while ((probe = connectUnix(m_peerSocket)) < 0 && timer.elapsed() < 5000)
        QTest::qWait(20);
    QVERIFY2(probe >= 0, "peer-header proxy did not start");
    ::close(probe); // an empty connection: closed before any byte, nothing to log
}

void TestProxyGrants::cleanupTestCase()
{
    for (auto* p : {m_proxy.get(), m_peerProxy.get()}) {
        if (p) {
            p->kill();
            p->waitForFinished(5000);
        }
    }
}

int TestProxyGrants::connectVia(const QByteArray& target, int* keep)
{
    const int fd = connectTo(m_port);
    if (fd < 0)
        return -1;
    sendBytes(fd, "CONNECT " + target + " HTTP/1.1\r\n\r\n");
    const int status = statusOf(readHead(fd));
    if (keep)
        *keep = fd;
    else
        ::close(fd);
    return status;
}

bool TestProxyGrants::tunnelEchoes(int fd, const QByteArray& payload)
{
    return sendBytes(fd, payload) &&
           readUntil(fd, [&](const QByteArray& b) { return b.size() >= payload.size(); }) == payload;
}

int TestProxyGrants::peerClient(const QByteArray& bytes)
{
    const int fd = connectUnix(m_peerSocket);
    if (fd >= 0)
        sendBytes(fd, bytes);
    return fd;
}

void TestProxyGrants::inheritedDescriptors()
{
    // Close-on-exec was set on what the proxy keeps, and the policy descriptor, read to EOF, is gone.
    const QString proc = QStringLiteral("/proc/%1/").arg(m_proxy->processId());
    for (const int fd : {eventsTarget, deciderTarget}) {
        QFile info(proc + QStringLiteral("fdinfo/%1").arg(fd));
        QVERIFY2(info.open(QIODevice::ReadOnly), qPrintable(info.fileName()));
        bool cloexec = false, seen = false;
        for (const QByteArray& l : info.readAll().split('\n')) {
            if (l.startsWith("flags:")) {
                seen = true;
                cloexec = (l.mid(6).trimmed().toUInt(nullptr, 8) & unsigned(O_CLOEXEC)) != 0;
            }
        }
        QVERIFY(seen);
        QVERIFY2(cloexec, qPrintable(QStringLiteral("fd %1 lacks O_CLOEXEC").arg(fd)));
    }
    QVERIFY(!QFile::exists(proc + QStringLiteral("fd/%1").arg(policyTarget)));
    QVERIFY(QFile::exists(proc + QStringLiteral("fd/%1").arg(eventsTarget))); // the probe above can see fds

    // The policy from the descriptor is the one enforced: its allow passes, its deny refuses.
    const qsizetype from = m_events.count();
    const int before = m_server.connections();
    int fd = -1;
    QCOMPARE(connectVia(authority("allowed.test"), &fd), 200);
    {
        Fd guard(fd);
        QVERIFY(tunnelEchoes(fd));
    }
    QCOMPARE(connectVia(authority("denied.test")), 403);
    QCOMPARE(m_server.connections(), before + 1);
    // The events arrive on the pipe, and unlisted hosts are asked over the socketpair.
    QVERIFY(!m_events.waitFor(from, kindIs("net_allow", QStringLiteral("allowed.test"))).isEmpty());
    const QJsonObject deny = m_events.waitFor(from, kindIs("net_deny", QStringLiteral("denied.test")));
    QCOMPARE(deny.value(u"rule").toString(), QStringLiteral("deny:denied.test"));
    const int asked = m_decider.asksFor(QStringLiteral("unlisted.test"));
    QCOMPARE(connectVia(authority("unlisted.test")), 403); // unscripted: the decider says deny
    QCOMPARE(m_decider.asksFor(QStringLiteral("unlisted.test")), asked + 1);
    QCOMPARE(m_server.connections(), before + 1);
}

void TestProxyGrants::inheritedDescriptorsRefused_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("decider-fd not open") << QStringLiteral("decider-closed") << QByteArray("is not open");
    QTest::newRow("decider-fd is a pipe") << QStringLiteral("decider-pipe") << QByteArray("Unix stream socket");
    QTest::newRow("decider-fd not a number") << QStringLiteral("decider-text") << QByteArray("not a descriptor");
    QTest::newRow("events-fd read-only") << QStringLiteral("events-readonly") << QByteArray("not open for writing");
    QTest::newRow("policy-fd over 1 MiB") << QStringLiteral("policy-big") << QByteArray("more than 1048576");
    QTest::newRow("policy-fd invalid policy") << QStringLiteral("policy-invalid") << QByteArray("unknown key");
    QTest::newRow("decider and decider-fd") << QStringLiteral("decider-both") << QByteArray("mutually exclusive");
    QTest::newRow("events and events-fd") << QStringLiteral("events-both") << QByteArray("mutually exclusive");
    QTest::newRow("policy and policy-fd") << QStringLiteral("policy-both") << QByteArray("mutually exclusive");
    QTest::newRow("one fd twice") << QStringLiteral("same-fd") << QByteArray("two --*-fd options");
}

void TestProxyGrants::inheritedDescriptorsRefused()
{
    QFETCH(QString, kind);
    QFETCH(QByteArray, message);
    // A policy of exactly 1 MiB (padding is JSON whitespace): the control for the size bound.
    const QByteArray validPolicy = R"({"allow":["allowed.test"]})";
    auto policyFile = [&](const QString& name, const QByteArray& content) {
        QFile f(m_dir.filePath(name));
        if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
            return -1;
        f.close();
        return ::open(QFile::encodeName(f.fileName()).constData(), O_RDONLY | O_CLOEXEC);
    };
    const QByteArray exactly1MiB = validPolicy + QByteArray(1024 * 1024 - validPolicy.size(), ' ');
    const QByteArray over1MiB = exactly1MiB + ' ';

    int sv[2];
    QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
    Fd a(sv[0]), b(sv[1]);
    int pp[2];
    QCOMPARE(::pipe2(pp, O_CLOEXEC), 0);
    Fd pr(pp[0]), pw(pp[1]);
    Fd good(policyFile(QStringLiteral("policy-1mib.json"), exactly1MiB));
    QVERIFY(good.fd >= 0);

    QStringList args{QStringLiteral("--resolve-map"), m_map, QStringLiteral("--test-mapped-may-be-private")};
    std::vector<std::pair<int, int>> fds;
    const QString dfd = QString::number(deciderTarget), efd = QString::number(eventsTarget),
                  pfd = QString::number(policyTarget);
    std::unique_ptr<Fd> extra;
    if (kind == u"decider-closed") {
        args << QStringLiteral("--decider-fd") << QStringLiteral("250");
    } else if (kind == u"decider-pipe") {
        args << QStringLiteral("--decider-fd") << dfd;
        fds.push_back({pp[0], deciderTarget});
    } else if (kind == u"decider-text") {
        args << QStringLiteral("--decider-fd") << QStringLiteral("+202");
        fds.push_back({sv[1], deciderTarget});
    } else if (kind == u"events-readonly") {
        args << QStringLiteral("--events-fd") << efd;
        fds.push_back({pp[0], eventsTarget});
    } else if (kind == u"policy-big") {
        extra = std::make_unique<Fd>(policyFile(QStringLiteral("policy-big.json"), over1MiB));
        args << QStringLiteral("--policy-fd") << pfd;
        fds.push_back({extra->fd, policyTarget});
    } else if (kind == u"policy-invalid") {
        extra = std::make_unique<Fd>(policyFile(QStringLiteral("policy-bad.json"), R"({"allow":[],"nope":1})"));
        args << QStringLiteral("--policy-fd") << pfd;
        fds.push_back({extra->fd, policyTarget});
    } else if (kind == u"decider-both") {
        args << QStringLiteral("--decider") << m_dir.filePath(QStringLiteral("none.sock"))
             << QStringLiteral("--decider-fd") << dfd;
        fds.push_back({sv[1], deciderTarget});
    } else if (kind == u"events-both") {
        args << QStringLiteral("--events") << m_dir.filePath(QStringLiteral("x.events"))
             << QStringLiteral("--events-fd") << efd;
        fds.push_back({pp[1], eventsTarget});
    } else if (kind == u"policy-both") {
        args << QStringLiteral("--policy") << m_dir.filePath(QStringLiteral("policy-1mib.json"))
             << QStringLiteral("--policy-fd") << pfd;
        fds.push_back({good.fd, policyTarget});
    } else if (kind == u"same-fd") {
        args << QStringLiteral("--decider-fd") << dfd << QStringLiteral("--events-fd") << dfd;
        fds.push_back({sv[1], deciderTarget});
    }
    std::unique_ptr<QProcess> refused(
        launch(QStringList{QStringLiteral("--listen-tcp"), QStringLiteral("127.0.0.1:0")} + args, fds, true));
    QVERIFY(refused->waitForFinished(5000));
    QCOMPARE(refused->exitCode(), 2);
    const QByteArray err = refused->readAllStandardError();
    QVERIFY2(err.contains(message), err.constData());

    // Control: a well-formed set of the same kinds of descriptors starts, and its policy applies.
    std::unique_ptr<QProcess> started;
    const std::uint16_t port = launchTcp(&started,
        {QStringLiteral("--resolve-map"), m_map, QStringLiteral("--test-mapped-may-be-private"),
            QStringLiteral("--policy-fd"), pfd, QStringLiteral("--events-fd"), efd, QStringLiteral("--decider-fd"),
            dfd},
        {{good.fd, policyTarget}, {pp[1], eventsTarget}, {sv[1], deciderTarget}});
    QVERIFY2(port != 0, "the control proxy did not start (its stderr is above)");
    Fd c(connectTo(port));
    sendBytes(c.fd, "CONNECT " + authority("allowed.test") + " HTTP/1.1\r\n\r\n");
    QCOMPARE(statusOf(readHead(c.fd)), 200);
    QVERIFY(tunnelEchoes(c.fd));
    started->kill();
    started->waitForFinished(5000);
}

void TestProxyGrants::answerScopeDomain()
{
    const QByteArray wildcard = "*.granted.test:" + m_sp;
    m_decider.script(QStringLiteral("a.granted.test"),
        {{QStringLiteral("decision"), QStringLiteral("session")}, {QStringLiteral("scope"), QStringLiteral("domain")},
            {QStringLiteral("pattern"), QString::fromLatin1(wildcard)}, {QStringLiteral("grant"), 21}});
    const qsizetype from = m_events.count();
    int fd = -1;
    QCOMPARE(connectVia(authority("a.granted.test"), &fd), 200);
    {
        Fd guard(fd);
        QVERIFY(tunnelEchoes(fd));
    }
    QCOMPARE(m_decider.asksFor(QStringLiteral("a.granted.test")), 1);
    // A sibling under the granted domain passes without a second ask, under grant 21.
    QCOMPARE(connectVia(authority("b.granted.test"), &fd), 200);
    {
        Fd guard(fd);
        QVERIFY(tunnelEchoes(fd));
    }
    QCOMPARE(m_decider.asksFor(QStringLiteral("b.granted.test")), 0);
    const QJsonObject allowB = m_events.waitFor(from, kindIs("net_allow", QStringLiteral("b.granted.test")));
    QCOMPARE(allowB.value(u"rule").toString(), QStringLiteral("grant:session"));
    QCOMPARE(allowB.value(u"grant").toInteger(), 21);
    // The apex is not under "*.granted.test": it is asked about (and denied) like any other host.
    QCOMPARE(connectVia(authority("granted.test")), 403);
    QCOMPARE(m_decider.asksFor(QStringLiteral("granted.test")), 1);
    // A deny rule of the policy wins over the grant, without asking.
    QCOMPARE(connectVia(authority("blocked.granted.test")), 403);
    QCOMPARE(m_decider.asksFor(QStringLiteral("blocked.granted.test")), 0);
    const QJsonObject blocked = m_events.waitFor(from, kindIs("net_deny", QStringLiteral("blocked.granted.test")));
    QCOMPARE(blocked.value(u"rule").toString(), QStringLiteral("deny:blocked.granted.test"));
    // The grant has the port it named: another port is asked about.
    QCOMPARE(connectVia("b.granted.test:" + QByteArray::number(m_port)), 403);
    QCOMPARE(m_decider.asksFor(QStringLiteral("b.granted.test")), 1);

    // "always" with scope domain and no pattern: the proxy derives "*.always.test:PORT".
    m_decider.script(QStringLiteral("c.always.test"),
        {{QStringLiteral("decision"), QStringLiteral("always")}, {QStringLiteral("scope"), QStringLiteral("domain")},
            {QStringLiteral("grant"), 22}});
    QCOMPARE(connectVia(authority("c.always.test")), 200);
    QCOMPARE(connectVia(authority("c.always.test")), 200);
    QCOMPARE(m_decider.asksFor(QStringLiteral("c.always.test")), 1);
    QCOMPARE(connectVia(authority("always.test")), 403); // apex: asked, denied
    QCOMPARE(m_decider.asksFor(QStringLiteral("always.test")), 1);
}

void TestProxyGrants::answerPatternsChecked()
{
    // An allowing answer whose pattern is invalid, does not allow the request it answers, does
    // not fit its scope, or carries a secret's path, is a deny for that request, logged, and not remembered.
    const QString host = QStringLiteral("bad-pattern.test");
    const QList<QJsonObject> wrong = {
        {{QStringLiteral("decision"), QStringLiteral("session")},
            {QStringLiteral("pattern"), QStringLiteral("not a pattern")}},
        {{QStringLiteral("decision"), QStringLiteral("session")},
            {QStringLiteral("pattern"), QStringLiteral("other.test:") + QString::fromLatin1(m_sp)}},
        {{QStringLiteral("decision"), QStringLiteral("session")},
            {QStringLiteral("pattern"), QStringLiteral("*.test")}},
        {{QStringLiteral("decision"), QStringLiteral("session")}, {QStringLiteral("scope"), QStringLiteral("domain")}},
        {{QStringLiteral("decision"), QStringLiteral("once")}, {QStringLiteral("scope"), QStringLiteral("planet")}},
        {{QStringLiteral("decision"), QStringLiteral("session")}, {QStringLiteral("grant"), -3}},
        {{QStringLiteral("decision"), QStringLiteral("maybe")}},
        // A path belongs to answers to secret requests (docs/proxy.md, "Requests from inside").
        {{QStringLiteral("decision"), QStringLiteral("once")},
            {QStringLiteral("path"), QStringLiteral("/run/cordon/secrets/X")}},
    };
    const int before = m_server.connections();
    int asks = m_decider.asksFor(host);
    for (const QJsonObject& answer : wrong) {
        m_decider.script(host, answer);
        const qsizetype from = m_events.count();
        QCOMPARE(connectVia(authority("bad-pattern.test")), 403);
        QCOMPARE(m_decider.asksFor(host), ++asks); // asked every time: nothing was remembered
        const QJsonObject deny = m_events.waitFor(from, kindIs("net_deny", host));
        QVERIFY2(deny.value(u"rule").toString().startsWith(u"ask:invalid-answer: "),
            QJsonDocument(deny).toJson(QJsonDocument::Compact).constData());
    }
    QCOMPARE(m_server.connections(), before);
    // Control: the same host with a well-formed session answer passes and is remembered.
    m_decider.script(host, {{QStringLiteral("decision"), QStringLiteral("session")}});
    QCOMPARE(connectVia(authority("bad-pattern.test")), 200);
    QCOMPARE(connectVia(authority("bad-pattern.test")), 200);
    QCOMPARE(m_decider.asksFor(host), asks + 1);
    QCOMPARE(m_server.connections(), before + 2);
}

void TestProxyGrants::revokeClosesTunnels()
{
    m_decider.script(QStringLiteral("rev.test"),
        {{QStringLiteral("decision"), QStringLiteral("session")}, {QStringLiteral("grant"), 31}});
    m_decider.script(QStringLiteral("rev-once.test"),
        {{QStringLiteral("decision"), QStringLiteral("once")}, {QStringLiteral("grant"), 31}});
    m_decider.script(QStringLiteral("keep.test"),
        {{QStringLiteral("decision"), QStringLiteral("session")}, {QStringLiteral("grant"), 32}});
    int asked = -1, remembered = -1, once = -1, other = -1;
    QCOMPARE(connectVia(authority("rev.test"), &asked), 200);
    Fd g1(asked);
    QCOMPARE(connectVia(authority("rev.test"), &remembered), 200); // through the remembered grant
    Fd g2(remembered);
    QCOMPARE(connectVia(authority("rev-once.test"), &once), 200);
    Fd g3(once);
    QCOMPARE(connectVia(authority("keep.test"), &other), 200);
    Fd g4(other);
    QCOMPARE(m_decider.asksFor(QStringLiteral("rev.test")), 1);
    for (const int fd : {asked, remembered, once, other})
        QVERIFY(tunnelEchoes(fd));

    const qsizetype from = m_events.count();
    QElapsedTimer timer;
    timer.start();
    m_decider.send(line({{QStringLiteral("type"), QStringLiteral("revoke")}, {QStringLiteral("grant"), 31}}));
    // Each tunnel of grant 31 ends: EOF or reset, not the 5 s receive timeout (EAGAIN), and well
    // before the echo server's own 3 s idle limit.
    for (const int fd : {asked, remembered, once}) {
        char buf[64];
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        QVERIFY2(
            n == 0 || (n < 0 && errno == ECONNRESET), qPrintable(QStringLiteral("recv %1 errno %2").arg(n).arg(errno)));
    }
    QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
    const QJsonObject revoked = m_events.waitFor(from, kindIs("net_revoked"));
    QCOMPARE(revoked.value(u"grant").toInteger(), 31);
    QCOMPARE(revoked.value(u"closed").toInt(), 3);
    QCOMPARE(revoked.value(u"forgotten").toInt(), 1);
    // Control: the tunnel of grant 32 still carries data.
    QVERIFY(tunnelEchoes(other));
    // The revoked grant is forgotten: a new CONNECT asks again (and this time is denied).
    m_decider.script(QStringLiteral("rev.test"), {{QStringLiteral("decision"), QStringLiteral("deny")}});
    QCOMPARE(connectVia(authority("rev.test")), 403);
    QCOMPARE(m_decider.asksFor(QStringLiteral("rev.test")), 2);
    // The closed tunnels were logged as ended, under their grant.
    const auto closedUnder31 = [&] {
        int n = 0;
        for (const QJsonObject& e : m_events.events().mid(from))
            n += e.value(u"kind").toString() == u"net_close" && e.value(u"grant").toInteger() == 31;
        return n;
    };
    QTRY_COMPARE_WITH_TIMEOUT(closedUnder31(), 3, 5000);
}

void TestProxyGrants::revokeRacesClosingTunnels()
{
    // Revokes while relays are ending on their own (the client closing): no crash, no stray
    // shutdown of another connection's socket, and the proxy keeps serving. Each round uses a
    // new grant id, with half of its tunnels closed by the client at the moment of the revoke.
    for (int round = 0; round < 8; ++round) {
        const int grant = 100 + round;
        m_decider.script(QStringLiteral("race.test"),
            {{QStringLiteral("decision"), QStringLiteral("once")}, {QStringLiteral("grant"), grant}});
        std::vector<int> fds;
        for (int i = 0; i < 6; ++i) {
            int fd = -1;
            QCOMPARE(connectVia(authority("race.test"), &fd), 200);
            fds.push_back(fd);
        }
        int keep = -1;
        QCOMPARE(connectVia(authority("allowed.test"), &keep), 200); // no grant: must survive
        Fd keepGuard(keep);
        const qsizetype from = m_events.count();
        QElapsedTimer timer;
        timer.start();
        std::thread closer([&] {
            for (int i = 0; i < 3; ++i)
                ::close(fds[std::size_t(i)]);
        });
        m_decider.send(line({{QStringLiteral("type"), QStringLiteral("revoke")}, {QStringLiteral("grant"), grant}}));
        closer.join();
        for (std::size_t i = 3; i < fds.size(); ++i) {
            char buf[16];
            const ssize_t n = ::recv(fds[i], buf, sizeof buf, 0);
            QVERIFY2(n == 0 || (n < 0 && errno == ECONNRESET), qPrintable(QString::number(errno)));
            ::close(fds[i]);
        }
        // Ended by the revoke, not by the echo server's 3 s idle limit.
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(!m_events
                     .waitFor(from,
                         [&](const QJsonObject& e) {
                             return e.value(u"kind").toString() == u"net_revoked" &&
                                    e.value(u"grant").toInteger() == grant;
                         })
                     .isEmpty());
        QVERIFY(tunnelEchoes(keep));
    }
    QCOMPARE(m_proxy->state(), QProcess::Running);
}

void TestProxyGrants::grantMessages()
{
    const QString pushed = QStringLiteral("pushed.test");
    const QString zero = QStringLiteral("zero.test");
    // Lines the proxy must ignore without stopping: not JSON, not an object, an unknown type, a
    // grant without a usable id or pattern, a revoke of id 0.
    for (const QByteArray& junk :
        {QByteArray("garbage\n"), QByteArray("[1,2]\n"), QByteArray("{\"type\":\"explode\"}\n"),
            QByteArray("{\"type\":\"grant\",\"grant\":0,\"pattern\":\"zero.test\"}\n"),
            QByteArray("{\"type\":\"grant\",\"grant\":\"7\",\"pattern\":\"zero.test\"}\n"),
            QByteArray("{\"type\":\"grant\",\"grant\":7,\"pattern\":\"not valid!\"}\n"),
            QByteArray("{\"type\":\"grant\",\"grant\":7}\n"), QByteArray("{\"type\":\"revoke\",\"grant\":0}\n"),
            QByteArray("{\"id\":\"x\",\"decision\":\"once\"}\n"), QByteArray("\n")})
        m_decider.send(junk);
    m_decider.send(line({{QStringLiteral("type"), QStringLiteral("grant")}, {QStringLiteral("grant"), 41},
        {QStringLiteral("pattern"), QStringLiteral("pushed.test:") + QString::fromLatin1(m_sp)}}));
    // Lines are applied in order: once the revoke of an unused id is logged, the grant is in.
    qsizetype from = m_events.count();
    m_decider.send(line({{QStringLiteral("type"), QStringLiteral("revoke")}, {QStringLiteral("grant"), 999}}));
    const QJsonObject sync = m_events.waitFor(from, kindIs("net_revoked"));
    QCOMPARE(sync.value(u"grant").toInteger(), 999);
    QCOMPARE(sync.value(u"closed").toInt(), 0);

    from = m_events.count();
    int fd = -1;
    QCOMPARE(connectVia(authority("pushed.test"), &fd), 200);
    {
        Fd guard(fd);
        QVERIFY(tunnelEchoes(fd));
    }
    QCOMPARE(m_decider.asksFor(pushed), 0);
    const QJsonObject allow = m_events.waitFor(from, kindIs("net_allow", pushed));
    QCOMPARE(allow.value(u"grant").toInteger(), 41);
    // The ignored grant with id 0 allowed nothing: zero.test is asked about, and denied.
    QCOMPARE(connectVia(authority("zero.test")), 403);
    QCOMPARE(m_decider.asksFor(zero), 1);
    // Revoked, the pushed grant is gone: the next CONNECT asks.
    from = m_events.count();
    m_decider.send(line({{QStringLiteral("type"), QStringLiteral("revoke")}, {QStringLiteral("grant"), 41}}));
    QCOMPARE(m_events.waitFor(from, kindIs("net_revoked")).value(u"forgotten").toInt(), 1);
    QCOMPARE(connectVia(authority("pushed.test")), 403);
    QCOMPARE(m_decider.asksFor(pushed), 1);
}

void TestProxyGrants::peerHeaderForwarded()
{
    const QByteArray header =
        R"(CORDON-PEER {"pid":4242,"exe":"/usr/bin/curl","argv":["curl","-x","h\u00e9"],"extra":{"ignored":[1,true]}})"
        "\n";
    const QJsonObject expected{{QStringLiteral("pid"), 4242}, {QStringLiteral("exe"), QStringLiteral("/usr/bin/curl")},
        {QStringLiteral("argv"), QJsonArray{QStringLiteral("curl"), QStringLiteral("-x"), QStringLiteral("h\u00e9")}}};
    const int before = m_server.connections();
    qsizetype from = m_peerEvents.count();
    {
        Fd c(peerClient(header + "CONNECT " + authority("allowed.test") + " HTTP/1.1\r\n\r\n"));
        QCOMPARE(statusOf(readHead(c.fd)), 200);
        QVERIFY(tunnelEchoes(c.fd));
    }
    const QJsonObject allow = m_peerEvents.waitFor(from, kindIs("net_allow", QStringLiteral("allowed.test")));
    QCOMPARE(allow.value(u"peer").toObject(), expected); // the unknown field was dropped
    QVERIFY(allow.value(u"conn").isDouble());

    // The ask carries the same peer object; the header may arrive in pieces.
    m_peerDecider.script(QStringLiteral("peer-ask.test"), {{QStringLiteral("decision"), QStringLiteral("once")}});
    {
        Fd c(connectUnix(m_peerSocket));
        sendBytes(c.fd, header.left(20));
        QTest::qWait(50);
        sendBytes(c.fd, header.mid(20));
        QTest::qWait(50);
        sendBytes(c.fd, "CONNECT " + authority("peer-ask.test") + " HTTP/1.1\r\n\r\n");
        QCOMPARE(statusOf(readHead(c.fd)), 200);
    }
    const auto requests = m_peerDecider.requests();
    QVERIFY(!requests.isEmpty());
    QCOMPARE(requests.last().value(u"host").toString(), QStringLiteral("peer-ask.test"));
    QCOMPARE(requests.last().value(u"peer").toObject(), expected);
    QCOMPARE(m_server.connections(), before + 2);

    // Informational only: whatever the header claims, the policy decides. A denied host stays
    // denied, and an unlisted host is still asked (and denied here).
    const QByteArray claims = R"(CORDON-PEER {"pid":1,"exe":"/usr/libexec/cordon/cordon-helper","argv":["allow-all"]})"
                              "\n";
    {
        Fd c(peerClient(claims + "CONNECT " + authority("denied.test") + " HTTP/1.1\r\n\r\n"));
        QCOMPARE(statusOf(readHead(c.fd)), 403);
    }
    {
        Fd c(peerClient(claims + "CONNECT " + authority("unlisted.test") + " HTTP/1.1\r\n\r\n"));
        QCOMPARE(statusOf(readHead(c.fd)), 403);
    }
    QCOMPARE(m_server.connections(), before + 2);
    from = m_peerEvents.count();
    {
        // SOCKS5 after a header works the same way.
        Fd c(peerClient(header + QByteArray("\x05\x01\x00", 3)));
        QCOMPARE(readUntil(c.fd, [](const QByteArray& b) { return b.size() >= 2; }), QByteArray("\x05\x00", 2));
        QByteArray req("\x05\x01\x00\x03", 4);
        req.append(char(12));
        req.append("allowed.test");
        req.append(char(m_server.port() >> 8));
        req.append(char(m_server.port() & 0xff));
        sendBytes(c.fd, req);
        const QByteArray reply = readUntil(c.fd, [](const QByteArray& b) { return b.size() >= 10; });
        QCOMPARE(reply.size() >= 2 ? int(reply[1]) : -1, 0);
        QVERIFY(tunnelEchoes(c.fd));
    }
    QCOMPARE(m_peerEvents.waitFor(from, kindIs("net_allow")).value(u"peer").toObject(), expected);
}

void TestProxyGrants::peerHeaderRefused_data()
{
    QTest::addColumn<QByteArray>("bad");
    QTest::addColumn<QByteArray>("good"); // the nearest header that is accepted
    const QByteArray p = "CORDON-PEER ";
    QTest::newRow("no header") << QByteArray() << p + "{}\n";
    QTest::newRow("lower-case prefix") << QByteArray("cordon-peer {}\n") << p + "{}\n";
    QTest::newRow("not json") << p + "pid=12\n" << p + "{\"pid\":12}\n";
    QTest::newRow("array") << p + "[12]\n" << p + "{\"pid\":12}\n";
    QTest::newRow("trailing bytes") << p + "{\"pid\":12} x\n" << p + "{\"pid\":12} \n";
    QTest::newRow("two objects") << p + "{}{}\n" << p + "{}\n";
    QTest::newRow("pid as string") << p + "{\"pid\":\"12\"}\n" << p + "{\"pid\":12}\n";
    QTest::newRow("pid minus one") << p + "{\"pid\":-1}\n" << p + "{\"pid\":0}\n"; // 0: the bridge found no process
    QTest::newRow("pid negative") << p + "{\"pid\":-5}\n" << p + "{\"pid\":5}\n";
    QTest::newRow("pid fraction") << p + "{\"pid\":1.5}\n" << p + "{\"pid\":15}\n";
    QTest::newRow("pid exponent") << p + "{\"pid\":1e3}\n" << p + "{\"pid\":1000}\n";
    QTest::newRow("pid over int32") << p + "{\"pid\":2147483648}\n" << p + "{\"pid\":2147483647}\n";
    QTest::newRow("pid leading zero") << p + "{\"pid\":012}\n" << p + "{\"pid\":12}\n";
    QTest::newRow("duplicate key") << p + "{\"pid\":1,\"pid\":2}\n" << p + "{\"pid\":1}\n";
    QTest::newRow("duplicate escaped key") << p + "{\"exe\":\"a\",\"\\u0065xe\":\"b\"}\n"
                                           << p + "{\"\\u0065xe\":\"b\"}\n";
    QTest::newRow("exe not a string") << p + "{\"exe\":[\"a\"]}\n" << p + "{\"exe\":\"a\"}\n";
    QTest::newRow("exe over 4096 bytes") << p + "{\"exe\":\"/" + QByteArray(4096, 'a') + "\"}\n"
                                         << p + "{\"exe\":\"/" + QByteArray(4095, 'a') + "\"}\n";
    QTest::newRow("exe with NUL escape") << p + "{\"exe\":\"a\\u0000b\"}\n" << p + "{\"exe\":\"a\\u0001b\"}\n";
    QTest::newRow("argv not strings") << p + "{\"argv\":[\"a\",1]}\n" << p + "{\"argv\":[\"a\",\"1\"]}\n";
    QByteArray args65 = "[", args64 = "[";
    for (int i = 0; i < 65; ++i) {
        args65 += QByteArray(i ? "," : "") + "\"a\"";
        if (i < 64)
            args64 += QByteArray(i ? "," : "") + "\"a\"";
    }
    QTest::newRow("argv 65 entries") << p + "{\"argv\":" + args65 + "]}\n" << p + "{\"argv\":" + args64 + "]}\n";
    QTest::newRow("raw NUL") << p + QByteArray("{\"exe\":\"a\0b\"}\n", 14) << p + "{\"exe\":\"ab\"}\n";
    QTest::newRow("raw control byte") << p + "{\"exe\":\"a\tb\"}\n" << p + "{\"exe\":\"a\\tb\"}\n";
    QTest::newRow("invalid UTF-8") << p + "{\"exe\":\"\xff\"}\n" << p + "{\"exe\":\"\xc3\xbf\"}\n";
    QTest::newRow("overlong UTF-8") << p + "{\"exe\":\"\xc0\xaf\"}\n" << p + "{\"exe\":\"/\"}\n";
    QTest::newRow("UTF-8 surrogate") << p + "{\"exe\":\"\xed\xa0\x80\"}\n" << p + "{\"exe\":\"\xed\x9f\xbf\"}\n";
    QTest::newRow("lone surrogate escape") << p + "{\"exe\":\"\\ud800\"}\n" << p + "{\"exe\":\"\\ud83d\\ude00\"}\n";
    QTest::newRow("bad escape") << p + "{\"exe\":\"\\x41\"}\n" << p + "{\"exe\":\"\\u0041\"}\n";
    QTest::newRow("CR before LF") << p + "{}\r\n" << p + "{}\n";
    QTest::newRow("nested too deep") << p + "{\"x\":[[[[[[[[[1]]]]]]]]]}\n" << p + "{\"x\":[[[[[[[1]]]]]]]}\n";
    // The whole line, LF included, may be 8192 bytes: one more is refused, without its LF ever
    // being needed (the proxy stops reading at the bound).
    const QByteArray shell = p + "{\"x\":\"\"}\n";
    const QByteArray fits = p + "{\"x\":\"" + QByteArray(8192 - shell.size(), 'a') + "\"}\n";
    const QByteArray tooLong = p + "{\"x\":\"" + QByteArray(8193 - shell.size(), 'a') + "\"}\n";
    QTest::newRow("over 8 KiB") << tooLong << fits;
    QTest::newRow("never ends") << p + "{\"x\":\"" + QByteArray(9000, 'a') << fits;
}

void TestProxyGrants::peerHeaderRefused()
{
    QFETCH(QByteArray, bad);
    QFETCH(QByteArray, good);
    QCOMPARE(good.size() <= 8192, true);
    const QByteArray request = "CONNECT " + authority("allowed.test") + " HTTP/1.1\r\n\r\n";
    const int before = m_server.connections();
    const qsizetype from = m_peerEvents.count();
    {
        // Refused: closed without a reply, nothing dialed, one event naming the peer header.
        Fd c(peerClient(bad + request));
        QCOMPARE(readAllUntilClose(c.fd), QByteArray());
    }
    const QJsonObject refused = m_peerEvents.waitFor(from, kindIs("net_deny"));
    QVERIFY2(refused.value(u"rule").toString().startsWith(u"bad-request: peer header"),
        QJsonDocument(refused).toJson(QJsonDocument::Compact).constData());
    QVERIFY(!refused.contains(u"peer"));
    QCOMPARE(m_server.connections(), before);
    // Control: the nearest well-formed header, then the same request, goes through.
    Fd c(peerClient(good + request));
    QCOMPARE(statusOf(readHead(c.fd)), 200);
    QVERIFY(tunnelEchoes(c.fd));
    QCOMPARE(m_server.connections(), before + 1);
}

void TestProxyGrants::eventsCarryConnAndGrant()
{
    m_decider.script(QStringLiteral("keep.test"),
        {{QStringLiteral("decision"), QStringLiteral("session")}, {QStringLiteral("grant"), 32}});
    const qsizetype from = m_events.count();
    QCOMPARE(connectVia(authority("allowed.test")), 200);
    QCOMPARE(connectVia(authority("keep.test")), 200); // grant 32 from revokeClosesTunnels, remembered
    QCOMPARE(connectVia(authority("denied.test")), 403);
    const QJsonObject byRule = m_events.waitFor(from, kindIs("net_allow", QStringLiteral("allowed.test")));
    const QJsonObject byGrant = m_events.waitFor(from, kindIs("net_allow", QStringLiteral("keep.test")));
    const QJsonObject denied = m_events.waitFor(from, kindIs("net_deny", QStringLiteral("denied.test")));
    QVERIFY(!byRule.isEmpty() && !byGrant.isEmpty() && !denied.isEmpty());
    QVERIFY(!byRule.contains(u"grant")); // allowed by the policy, not by a grant
    QCOMPARE(byGrant.value(u"grant").toInteger(), 32);
    QVERIFY(!byRule.contains(u"peer")); // no peer header on this proxy
    // Every event of a connection carries its serial, distinct per connection.
    const qint64 c1 = byRule.value(u"conn").toInteger(-1), c2 = byGrant.value(u"conn").toInteger(-1),
                 c3 = denied.value(u"conn").toInteger(-1);
    QVERIFY(c1 > 0 && c2 > 0 && c3 > 0);
    QVERIFY(c1 != c2 && c2 != c3 && c1 != c3);
    const QJsonObject close1 = m_events.waitFor(from, [&](const QJsonObject& e) {
        return e.value(u"kind").toString() == u"net_close" && e.value(u"conn").toInteger() == c1;
    });
    QCOMPARE(close1.value(u"host").toString(), QStringLiteral("allowed.test"));
    QVERIFY(!close1.contains(u"grant"));
    const QJsonObject close2 = m_events.waitFor(from, [&](const QJsonObject& e) {
        return e.value(u"kind").toString() == u"net_close" && e.value(u"conn").toInteger() == c2;
    });
    QCOMPARE(close2.value(u"grant").toInteger(), 32);
}

void TestProxyGrants::netCloseCountsBytes()
{
    // A tunnel: 3 x 40000 bytes up, echoed back; the client half-closes, the server follows.
    qsizetype from = m_events.count();
    {
        int fd = -1;
        QCOMPARE(connectVia(authority("allowed.test"), &fd), 200);
        Fd guard(fd);
        QByteArray sent;
        for (char c : {'x', 'y', 'z'}) {
            const QByteArray chunk(40000, c);
            QVERIFY(sendBytes(fd, chunk));
            sent += chunk;
        }
        QCOMPARE(readUntil(fd, [&](const QByteArray& b) { return b.size() >= sent.size(); }), sent);
        ::shutdown(fd, SHUT_WR);
        QCOMPARE(readAllUntilClose(fd), QByteArray());
    }
    const QJsonObject allow = m_events.waitFor(from, kindIs("net_allow", QStringLiteral("allowed.test")));
    const qint64 conn = allow.value(u"conn").toInteger(-1);
    const QJsonObject tunnel = m_events.waitFor(from, [&](const QJsonObject& e) {
        return e.value(u"kind").toString() == u"net_close" && e.value(u"conn").toInteger() == conn;
    });
    QCOMPARE(tunnel.value(u"proto").toString(), QStringLiteral("connect"));
    QCOMPARE(tunnel.value(u"port").toInt(), int(m_server.port()));
    QCOMPARE(tunnel.value(u"bytes_up").toInteger(), 120000);
    QCOMPARE(tunnel.value(u"bytes_down").toInteger(), 120000);

    // Plain HTTP: up is the rewritten head the upstream received, down the response relayed.
    from = m_events.count();
    QByteArray response;
    {
        Fd c(connectTo(m_port));
        sendBytes(c.fd, "GET http://allowed.test:" + m_sp + "/n HTTP/1.1\r\nAccept: */*\r\n\r\n");
        response = readAllUntilClose(c.fd);
    }
    QCOMPARE(statusOf(response), 200);
    const QByteArray upstreamHead =
        "GET /n HTTP/1.1\r\nHost: allowed.test:" + m_sp + "\r\nAccept: */*\r\nConnection: close\r\n\r\n";
    QCOMPARE(QByteArray::fromStdString(m_server.lastReceived()), upstreamHead);
    const QJsonObject http = m_events.waitFor(from, kindIs("net_close", QStringLiteral("allowed.test")));
    QCOMPARE(http.value(u"proto").toString(), QStringLiteral("http"));
    QCOMPARE(http.value(u"bytes_up").toInteger(), upstreamHead.size());
    QCOMPARE(http.value(u"bytes_down").toInteger(), response.size());

    // A refused request has no net_close: nothing was exchanged.
    from = m_events.count();
    QCOMPARE(connectVia(authority("denied.test")), 403);
    QVERIFY(!m_events.waitFor(from, kindIs("net_deny", QStringLiteral("denied.test"))).isEmpty());
    QVERIFY(m_events.waitFor(from, kindIs("net_close"), 300).isEmpty());
}

QTEST_GUILESS_MAIN(TestProxyGrants)
#include "tst_proxy_grants.moc"
