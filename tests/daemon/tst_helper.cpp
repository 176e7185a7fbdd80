// End-to-end tests of cordon-helper (docs/protocol.md, docs/helper.md): the real binary with the
// real cordon-sandbox and cordon-proxy, real Unix sockets, a real SQLite journal, real sandboxes.
// Nothing is mocked. Two helpers run: a rootless one (the protocol, sessions, the journal, the
// peer checks) and a --system one on a temporary socket whose clients are the unprivileged users
// the escape suite uses (uid isolation, the egress path with escalations).
//
// Needs root (to run a --system helper and to act as the test users). CORDON_MUST_WORK=1 turns
// every skip into a failure.

#include "HelperTestClient.h"
#include "HelperTestSupport.h"
#include "Journal.h"
#include "JournalQuery.h"
#include "LoopbackServer.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace cordon;
using namespace cordon::test;

namespace {

// A process is gone when /proc has no entry for it, or only a zombie's.
bool processGone(pid_t pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return true;
    const QByteArray text = status.readAll();
    return text.contains("\nState:\tZ") || text.contains("\nState:\tX");
}

// One cordon-helper process.
class Helper {
public:
    ~Helper() { stop(); }
    bool start(const QString& binDir, const QString& socket, const QString& state, const QStringList& extra,
        const QStringList& env = {})
    {
        m_socket = socket;
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("CORDON_HELPER_SOCKET"), socket);
        for (const QString& kv : env)
            e.insert(kv.section(u'=', 0, 0), kv.section(u'=', 1));
        m_process.setProcessEnvironment(e);
        m_process.setProcessChannelMode(QProcess::ForwardedChannels);
        m_process.start(
            binDir + QStringLiteral("/cordon-helper"), QStringList{QStringLiteral("--state-dir"), state} + extra);
        if (!m_process.waitForStarted(10000))
            return false;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 10000) {
            HelperTestClient probe;
            if (probe.connectTo(socket))
                return true;
            if (m_process.state() != QProcess::Running)
                return false;
            QTest::qWait(50);
        }
        return false;
    }
    void stop()
    {
        if (m_process.state() == QProcess::Running) {
            m_process.terminate();
            if (!m_process.waitForFinished(30000))
                m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
    QProcess& process() { return m_process; }
    pid_t pid() const { return static_cast<pid_t>(m_process.processId()); }

private:
    QProcess m_process;
    QString m_socket;
};

QJsonObject launchMessage(const QString& profile, const QString& workspace, const QStringList& argv, bool terminal,
    const QJsonObject& overrides = {})
{
    QJsonObject m{{QStringLiteral("type"), QStringLiteral("launch")}, {QStringLiteral("profile"), profile},
        {QStringLiteral("workspace"), workspace}, {QStringLiteral("argv"), QJsonArray::fromStringList(argv)},
        {QStringLiteral("env"), QJsonObject{{QStringLiteral("PATH"), QStringLiteral("/usr/bin:/bin")}}},
        {QStringLiteral("terminal"), terminal}};
    if (!overrides.isEmpty())
        m.insert(QStringLiteral("overrides"), overrides);
    return m;
}

} // namespace

class TestHelper : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void startupRefusalsAndIdleExit();
    void helloFirstAndVersion();
    void badMessagesGetErrorsAndOthersAreServed();
    void oversizedLineClosesOnlyThatClient();
    void launchEchoWithTerminalPipes();
    void listStopAndEndedSessions();
    void sessionsOutliveTheirClient();
    void subscribeReplaysAfterCursor();
    void sandboxedProcessIsRefused();
    void otherUidsCannotSeeOrControl();
    void egressAllowAskOnceDenyTimeout();
    void killedDecidingClientTimesOutToDeny();
    void sessionGrantListedAndRevoked();
    void alwaysAnswerSavedAsTheUser();
    void timeEscalationExtendsTheTimebox();
    void sigtermStopsSessionsAndFlushes();
    void helperKilledTakesSandboxesAndKeepsJournal(); // last: it starts and kills its own helper

private:
    QString startSession(HelperTestClient& client, const QJsonObject& launch, const QList<int>& fds = {});
    bool waitEnded(HelperTestClient& client, const QString& id, int* status, int timeoutMs = 30000);

    QString m_binDir;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_socket;    // rootless helper
    QString m_sysSocket; // --system helper
    QString m_workspace; // for the rootless helper (root's)
    QString m_plainProfile;
    QString m_netProfile;
    QString m_userWorkspace;  // cordon-probe's
    QString m_user2Workspace; // cordon-probe2's
    Helper m_helper;
    Helper m_sysHelper;
    TestUser m_user, m_user2;
    LoopbackServer m_server;
};

void TestHelper::initTestCase()
{
    if (::geteuid() != 0) {
        if (mustWork())
            QFAIL("tst_helper needs root (a --system helper and test users)");
        QSKIP("tst_helper needs root (a --system helper and test users)");
    }
    const QString built = qEnvironmentVariable("CORDON_BIN_DIR");
    QVERIFY2(!built.isEmpty(), "CORDON_BIN_DIR is not set (run through ctest)");
    QVERIFY(ensureUser("cordon-probe", &m_user));
    QVERIFY(ensureUser("cordon-probe2", &m_user2));

    // Everything the test users must reach lives under a 0755 directory of its own.
    m_dir = publicScratchDir(
        QStringLiteral("cordon-tst-helper"), {"cordon-helper", "cordon-sandbox", "cordon-proxy"}, &m_binDir);
    QVERIFY(m_dir);
    const QString base = m_dir->path();

    // Profiles without resource limits (no cgroup delegation needed for the test users), one with
    // an egress allow list and a 2 s ask timeout.
    QVERIFY(m_server.start("127.0.0.1"));
    m_plainProfile = base + QStringLiteral("/plain.json");
    QVERIFY(writeFile(m_plainProfile, R"({"schemaVersion": 1, "name": "plain", "command": ["/bin/sh"]})"));
    m_netProfile = base + QStringLiteral("/nettest.json");
    QVERIFY(writeFile(m_netProfile, QStringLiteral(R"({"schemaVersion": 1, "name": "nettest", "command": ["/bin/sh"],
        "network": {"allow": ["allowed.test:%1"], "askTimeout": "2s", "unattended": "deny", "allowAlways": false}})")
                                        .arg(m_server.port())
                                        .toUtf8()));
    const QString resolveMap = base + QStringLiteral("/resolve-map");
    QVERIFY(writeFile(resolveMap, "allowed.test 127.0.0.1\nunlisted.test 127.0.0.1\n"));

    m_workspace = base + QStringLiteral("/ws-root");
    QVERIFY(QDir().mkpath(m_workspace));
    for (auto [user, ws] : {std::pair{&m_user, &m_userWorkspace}, std::pair{&m_user2, &m_user2Workspace}}) {
        *ws = base + QStringLiteral("/ws-%1").arg(user->uid);
        QVERIFY(QDir().mkpath(*ws));
        QCOMPARE(::chown(QFile::encodeName(*ws).constData(), user->uid, user->gid), 0);
        QCOMPARE(::chmod(QFile::encodeName(*ws).constData(), 0700), 0);
    }

    // The rootless helper (root acting as a user of its own; sessions of uid 0).
    const QString rootlessRun = base + QStringLiteral("/run-rootless");
    QVERIFY(QDir().mkpath(rootlessRun));
    QCOMPARE(::chmod(QFile::encodeName(rootlessRun).constData(), 0700), 0);
    m_socket = rootlessRun + QStringLiteral("/helper.sock");
    QVERIFY(
        m_helper.start(m_binDir, m_socket, base + QStringLiteral("/state-rootless"), {QStringLiteral("--rootless")}));

    // The system helper on a temporary socket, with the test name map for its proxies.
    m_sysSocket = base + QStringLiteral("/run-system/helper.sock");
    QVERIFY(m_sysHelper.start(m_binDir, m_sysSocket, base + QStringLiteral("/state-system"),
        {QStringLiteral("--system"), QStringLiteral("--test-proxy-resolve-map"), resolveMap},
        {QStringLiteral("CORDON_PROXY_TEST=1")}));
}

void TestHelper::cleanupTestCase()
{
    m_helper.stop();
    m_sysHelper.stop();
    m_server.stop();
}

QString TestHelper::startSession(HelperTestClient& client, const QJsonObject& launch, const QList<int>& fds)
{
    const auto reply = client.request(launch, 30000, fds);
    if (type(reply) != QLatin1String("launched")) {
        qWarning("launch failed: %s", reply ? QJsonDocument(*reply).toJson().constData() : "no reply");
        return {};
    }
    return reply->value(QLatin1String("session")).toObject().value(QLatin1String("id")).toString();
}

bool TestHelper::waitEnded(HelperTestClient& client, const QString& id, int* status, int timeoutMs)
{
    const auto ended =
        client.waitPush([&](const QJsonObject& m) { return isSessionPush(m, id, QStringLiteral("ended")); }, timeoutMs);
    if (!ended)
        return false;
    *status = ended->value(QLatin1String("session")).toObject().value(QLatin1String("exit_status")).toInt(-1);
    return true;
}

void TestHelper::startupRefusalsAndIdleExit()
{
    const QString base = m_dir->path() + QStringLiteral("/startup");
    QVERIFY(QDir().mkpath(base));
    QCOMPARE(::chmod(QFile::encodeName(base).constData(), 0700), 0);
    const auto run = [&](const QStringList& args, const QStringList& env, QByteArray* err) {
        QProcess p;
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.remove(QStringLiteral("CORDON_PROXY_TEST"));
        e.remove(QStringLiteral("CORDON_HELPER_SOCKET"));
        for (const QString& kv : env)
            e.insert(kv.section(u'=', 0, 0), kv.section(u'=', 1));
        p.setProcessEnvironment(e);
        p.start(m_binDir + QStringLiteral("/cordon-helper"), args);
        if (!p.waitForFinished(15000)) {
            p.kill();
            p.waitForFinished();
            return -1;
        }
        *err = p.readAllStandardError();
        return p.exitCode();
    };
    QByteArray err;
    const QStringList state{QStringLiteral("--state-dir"), base + QStringLiteral("/state")};
    // The test name map only in test mode.
    QCOMPARE(run(QStringList{QStringLiteral("--socket"), base + QStringLiteral("/a.sock"),
                     QStringLiteral("--test-proxy-resolve-map"), QStringLiteral("/dev/null")} +
                     state,
                 {}, &err),
        2);
    QVERIFY2(err.contains("test-only"), err.constData());
    // A symbolic link where the socket goes is refused and left alone.
    const QString link = base + QStringLiteral("/link.sock");
    QVERIFY(QFile::link(QStringLiteral("/etc/passwd"), link));
    QCOMPARE(run(QStringList{QStringLiteral("--socket"), link} + state, {}, &err), 1);
    QVERIFY2(err.contains("not a socket of ours"), err.constData());
    QVERIFY(QFileInfo(link).isSymLink());
    // A socket directory others may write is refused (and not chmodded).
    const QString open = base + QStringLiteral("/open");
    QVERIFY(QDir().mkpath(open));
    QCOMPARE(::chmod(QFile::encodeName(open).constData(), 01777), 0);
    QCOMPARE(run(QStringList{QStringLiteral("--socket"), open + QStringLiteral("/h.sock")} + state, {}, &err), 1);
    QVERIFY2(err.contains("writable by others"), err.constData());
    struct stat st { };
    QCOMPARE(::stat(QFile::encodeName(open).constData(), &st), 0);
    QCOMPARE(st.st_mode & 07777, mode_t(01777));
    // --idle-exit: with no client and no session, the helper leaves on its own and removes its socket.
    QElapsedTimer t;
    t.start();
    QCOMPARE(run(QStringList{QStringLiteral("--socket"), base + QStringLiteral("/idle.sock"),
                     QStringLiteral("--idle-exit"), QStringLiteral("1")} +
                     state,
                 {}, &err),
        0);
    QVERIFY(t.elapsed() < 10000);
    QVERIFY(!QFileInfo::exists(base + QStringLiteral("/idle.sock")));
}

void TestHelper::helloFirstAndVersion()
{
    {
        HelperTestClient c;
        QVERIFY(c.connectTo(m_socket));
        const auto reply = c.request({{QStringLiteral("type"), QStringLiteral("list")}});
        QCOMPARE(errorCode(reply), QStringLiteral("hello-first"));
        QVERIFY(c.closedByPeer(5000));
    }
    {
        HelperTestClient c;
        QVERIFY(c.connectTo(m_socket));
        const auto reply = c.request({{QStringLiteral("type"), QStringLiteral("hello")},
            {QStringLiteral("versions"), QJsonArray{7, 99}}, {QStringLiteral("client"), QStringLiteral("future")}});
        QCOMPARE(errorCode(reply), QStringLiteral("version"));
        QVERIFY(c.closedByPeer(5000));
    }
    HelperTestClient c;
    QVERIFY(c.connectTo(m_socket));
    const auto reply = c.request({{QStringLiteral("type"), QStringLiteral("hello")},
        {QStringLiteral("versions"), QJsonArray{1, 2}}, {QStringLiteral("client"), QStringLiteral("tst")}});
    QCOMPARE(type(reply), QStringLiteral("hello"));
    QCOMPARE(reply->value(QLatin1String("version")).toInt(), 1);
    QCOMPARE(reply->value(QLatin1String("mode")).toString(), QStringLiteral("rootless"));
    QCOMPARE(reply->value(QLatin1String("uid")).toInt(), 0);
}

void TestHelper::badMessagesGetErrorsAndOthersAreServed()
{
    HelperTestClient c;
    QVERIFY(c.connectTo(m_socket));
    QVERIFY(c.hello());
    QVERIFY(c.sendRaw("{not json\n"));
    QCOMPARE(errorCode(c.next(5000)), QStringLiteral("bad-json"));
    QVERIFY(c.sendRaw("[1,2]\n"));
    QCOMPARE(errorCode(c.next(5000)), QStringLiteral("bad-json"));
    auto reply = c.request({{QStringLiteral("type"), QStringLiteral("frobnicate")}});
    QCOMPARE(errorCode(reply), QStringLiteral("unknown-type"));
    QVERIFY(reply->contains(QLatin1String("id"))); // the error carries the request's id
    reply = c.request({{QStringLiteral("type"), QStringLiteral("list")}, {QStringLiteral("everything"), true}});
    QCOMPARE(errorCode(reply), QStringLiteral("invalid"));
    reply = c.request({{QStringLiteral("type"), QStringLiteral("stop")}, {QStringLiteral("session"), 5}});
    QCOMPARE(errorCode(reply), QStringLiteral("invalid"));
    reply = c.request({{QStringLiteral("type"), QStringLiteral("stop")}});
    QCOMPARE(errorCode(reply), QStringLiteral("invalid"));
    // Descriptors with anything but launch are refused.
    int pipeFds[2];
    QCOMPARE(::pipe2(pipeFds, O_CLOEXEC), 0);
    reply = c.request({{QStringLiteral("type"), QStringLiteral("list")}}, 5000, {pipeFds[0]});
    QCOMPARE(errorCode(reply), QStringLiteral("invalid"));
    ::close(pipeFds[0]);
    ::close(pipeFds[1]);
    // A launch with bad overrides: refused before anything starts.
    reply = c.request(launchMessage(m_plainProfile, m_workspace, {QStringLiteral("/bin/true")}, false,
        {{QStringLiteral("memory"), QStringLiteral("lots")}}));
    QCOMPARE(errorCode(reply), QStringLiteral("invalid"));
    reply =
        c.request(launchMessage(m_plainProfile, QStringLiteral("relative/ws"), {QStringLiteral("/bin/true")}, false));
    QCOMPARE(errorCode(reply), QStringLiteral("invalid"));
    // ... and the connection still works.
    reply = c.request({{QStringLiteral("type"), QStringLiteral("list")}});
    QCOMPARE(type(reply), QStringLiteral("sessions"));
}

void TestHelper::oversizedLineClosesOnlyThatClient()
{
    HelperTestClient other;
    QVERIFY(other.connectTo(m_socket));
    QVERIFY(other.hello());

    HelperTestClient c;
    QVERIFY(c.connectTo(m_socket));
    QVERIFY(c.hello());
    QByteArray huge = "{\"type\":\"list\",\"pad\":\"";
    huge.append(QByteArray(1024 * 1024 + 16, 'a'));
    huge.append("\"}\n");
    (void)c.sendRaw(huge); // the helper may close before taking it all
    const auto reply = c.next(10000);
    QCOMPARE(errorCode(reply), QStringLiteral("too-large"));
    QVERIFY(c.closedByPeer(5000));

    const auto stillServed = other.request({{QStringLiteral("type"), QStringLiteral("list")}});
    QCOMPARE(type(stillServed), QStringLiteral("sessions"));
}

void TestHelper::launchEchoWithTerminalPipes()
{
    HelperTestClient c;
    QVERIFY(c.connectTo(m_socket));
    QVERIFY(c.hello());
    QCOMPARE(type(c.request({{QStringLiteral("type"), QStringLiteral("subscribe")}, {QStringLiteral("events"), true},
                 {QStringLiteral("sessions"), true}})),
        QStringLiteral("subscribed"));
    int in[2], out[2];
    QCOMPARE(::pipe2(in, O_CLOEXEC), 0);
    QCOMPARE(::pipe2(out, O_CLOEXEC), 0);
    const QString id = startSession(c,
        launchMessage(m_plainProfile, m_workspace, {QStringLiteral("/bin/echo"), QStringLiteral("hi")}, true),
        {in[0], out[1], out[1]});
    ::close(in[0]);
    ::close(out[1]);
    QVERIFY(!id.isEmpty());
    QVERIFY(c.waitPush([&](const QJsonObject& m) { return isSessionPush(m, id, QStringLiteral("starting")); }, 10000));
    QVERIFY(c.waitPush([&](const QJsonObject& m) { return isSessionPush(m, id, QStringLiteral("running")); }, 10000));
    int status = -1;
    QVERIFY(waitEnded(c, id, &status));
    QCOMPARE(status, 0);
    ::close(in[1]);
    const QByteArray output = readAllFd(out[0], 5000);
    ::close(out[0]);
    QVERIFY2(output.contains("hi\n"), output.constData());

    // The exec of /bin/echo is in the history, with the launch and the exit.
    const auto history =
        c.request({{QStringLiteral("type"), QStringLiteral("history")}, {QStringLiteral("session"), id}});
    QCOMPARE(type(history), QStringLiteral("history"));
    QStringList kinds;
    bool execOfEcho = false;
    for (const QJsonValue& v : history->value(QLatin1String("events")).toArray()) {
        const QJsonObject e = v.toObject();
        kinds << e.value(QLatin1String("kind")).toString();
        execOfEcho = execOfEcho || (e.value(QLatin1String("kind")).toString() == u"exec" &&
                                       e.value(QLatin1String("subject")).toString() == u"/bin/echo");
    }
    QVERIFY2(kinds.contains(QStringLiteral("launch")) && kinds.contains(QStringLiteral("exit")),
        qPrintable(kinds.join(u',')));
    QVERIFY2(execOfEcho, qPrintable(kinds.join(u',')));
    // The run is listed with its policy hash.
    const auto runs = c.request({{QStringLiteral("type"), QStringLiteral("runs")}});
    bool listed = false;
    for (const QJsonValue& v : runs->value(QLatin1String("runs")).toArray())
        listed = listed || (v.toObject().value(QLatin1String("id")).toString() == id &&
                               v.toObject().value(QLatin1String("policy_sha256")).toString().size() == 64 &&
                               v.toObject().value(QLatin1String("exit_status")).toInt(-1) == 0);
    QVERIFY(listed);
}

void TestHelper::listStopAndEndedSessions()
{
    HelperTestClient c;
    QVERIFY(c.connectTo(m_socket));
    QVERIFY(c.hello());
    QCOMPARE(
        type(c.request({{QStringLiteral("type"), QStringLiteral("subscribe")}, {QStringLiteral("sessions"), true}})),
        QStringLiteral("subscribed"));
    // With a memory limit, so that the run has a cgroup whose usage `list` reports.
    const QString id = startSession(
        c, launchMessage(m_plainProfile, m_workspace, {QStringLiteral("/bin/sleep"), QStringLiteral("300")}, false,
               {{QStringLiteral("memory"), QStringLiteral("512M")}}));
    QVERIFY(!id.isEmpty());
    QVERIFY(c.waitPush([&](const QJsonObject& m) { return isSessionPush(m, id, QStringLiteral("running")); }, 10000));
    std::optional<QJsonObject> list;
    bool running = false;
    double memory = 0;
    QElapsedTimer waited;
    waited.start();
    do { // the first pages are charged to the cgroup a moment after the session starts
        list = c.request({{QStringLiteral("type"), QStringLiteral("list")}});
        for (const QJsonValue& v : list->value(QLatin1String("sessions")).toArray()) {
            if (v.toObject().value(QLatin1String("id")).toString() == id) {
                running = true;
                memory = v.toObject().value(QLatin1String("memory")).toDouble();
            }
        }
        if (memory <= 0)
            QTest::qWait(100);
    } while (memory <= 0 && waited.elapsed() < 5000);
    QVERIFY(running);
    QVERIFY2(memory > 0, "no memory figure from the cgroup");

    QCOMPARE(errorCode(c.request({{QStringLiteral("type"), QStringLiteral("stop")},
                 {QStringLiteral("session"), QStringLiteral("nope-1")}})),
        QStringLiteral("not-found"));
    // Terminal control reaches the session's control channel.
    QCOMPARE(type(c.request({{QStringLiteral("type"), QStringLiteral("terminal")}, {QStringLiteral("session"), id},
                 {QStringLiteral("action"), QStringLiteral("winch")}})),
        QStringLiteral("ok"));
    QCOMPARE(errorCode(c.request({{QStringLiteral("type"), QStringLiteral("terminal")}, {QStringLiteral("session"), id},
                 {QStringLiteral("action"), QStringLiteral("stop")}})),
        QStringLiteral("invalid"));
    const auto stopped = c.request({{QStringLiteral("type"), QStringLiteral("stop")}, {QStringLiteral("session"), id}});
    QCOMPARE(type(stopped), QStringLiteral("stopped"));
    QCOMPARE(stopped->value(QLatin1String("sessions")).toArray().first().toString(), id);
    int status = -1;
    QVERIFY(waitEnded(c, id, &status));
    QVERIFY2(status != 0, qPrintable(QString::number(status)));

    list = c.request({{QStringLiteral("type"), QStringLiteral("list")}});
    for (const QJsonValue& v : list->value(QLatin1String("sessions")).toArray())
        QVERIFY(v.toObject().value(QLatin1String("id")).toString() != id);
    list = c.request({{QStringLiteral("type"), QStringLiteral("list")}, {QStringLiteral("all"), true}});
    bool ended = false;
    for (const QJsonValue& v : list->value(QLatin1String("sessions")).toArray())
        ended = ended || (v.toObject().value(QLatin1String("id")).toString() == id &&
                             v.toObject().value(QLatin1String("state")).toString() == u"ended");
    QVERIFY(ended);
}

void TestHelper::sessionsOutliveTheirClient()
{
    QString id;
    qint64 pid = 0;
    {
        HelperTestClient a;
        QVERIFY(a.connectTo(m_socket));
        QVERIFY(a.hello());
        const auto reply = a.request(
            launchMessage(m_plainProfile, m_workspace, {QStringLiteral("/bin/sleep"), QStringLiteral("300")}, false));
        QCOMPARE(type(reply), QStringLiteral("launched"));
        id = reply->value(QLatin1String("session")).toObject().value(QLatin1String("id")).toString();
        pid = reply->value(QLatin1String("session")).toObject().value(QLatin1String("pid")).toInteger();
    } // a disconnects
    QTest::qWait(300);
    QVERIFY(!processGone(static_cast<pid_t>(pid)));
    HelperTestClient b;
    QVERIFY(b.connectTo(m_socket));
    QVERIFY(b.hello());
    const auto list = b.request({{QStringLiteral("type"), QStringLiteral("list")}});
    bool seen = false;
    for (const QJsonValue& v : list->value(QLatin1String("sessions")).toArray())
        seen = seen || v.toObject().value(QLatin1String("id")).toString() == id;
    QVERIFY(seen);
    QCOMPARE(
        type(b.request({{QStringLiteral("type"), QStringLiteral("subscribe")}, {QStringLiteral("sessions"), true}})),
        QStringLiteral("subscribed"));
    QCOMPARE(type(b.request({{QStringLiteral("type"), QStringLiteral("stop")}, {QStringLiteral("all"), true}})),
        QStringLiteral("stopped"));
    int status = -1;
    QVERIFY(waitEnded(b, id, &status));
}

void TestHelper::subscribeReplaysAfterCursor()
{
    HelperTestClient c;
    QVERIFY(c.connectTo(m_socket));
    QVERIFY(c.hello());
    const auto history =
        c.request({{QStringLiteral("type"), QStringLiteral("history")}, {QStringLiteral("limit"), 1000}});
    const QJsonArray events = history->value(QLatin1String("events")).toArray();
    QVERIFY(events.size() >= 3);
    const qint64 cursor = events.at(events.size() - 3).toObject().value(QLatin1String("id")).toInteger();
    QCOMPARE(type(c.request({{QStringLiteral("type"), QStringLiteral("subscribe")}, {QStringLiteral("events"), true},
                 {QStringLiteral("after"), static_cast<double>(cursor)}})),
        QStringLiteral("subscribed"));
    QList<qint64> replayed;
    while (auto m = c.waitPush(
               [](const QJsonObject& p) { return p.value(QLatin1String("type")).toString() == u"event"; }, 1000))
        replayed << m->value(QLatin1String("event")).toObject().value(QLatin1String("id")).toInteger();
    QCOMPARE(replayed.size(), 2);
    QCOMPARE(replayed.first(), events.at(events.size() - 2).toObject().value(QLatin1String("id")).toInteger());
}

void TestHelper::sandboxedProcessIsRefused()
{
    // A tiny client: connect, say hello, print the first line the helper sends (or why it could
    // not connect).
    const QString script =
        QStringLiteral("import socket,sys\n"
                       "s=socket.socket(socket.AF_UNIX)\n"
                       "try:\n"
                       "    s.connect(sys.argv[1])\n"
                       "except OSError as e:\n"
                       "    print('CONNECT-FAILED', e); sys.exit(0)\n"
                       "try:\n"
                       "    s.sendall(b'{\"type\":\"hello\",\"versions\":[1],\"client\":\"inside\"}\\n')\n"
                       "except OSError as e:\n"
                       "    print('SEND-FAILED', e)\n"
                       "print('REPLY', s.makefile().readline().strip())\n");
    // Control: the same client outside the sandbox is served.
    QProcess outside;
    outside.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), script, m_socket});
    QVERIFY(outside.waitForFinished(20000));
    const QByteArray control = outside.readAllStandardOutput();
    QVERIFY2(control.contains("REPLY") && control.contains("\"type\":\"hello\""), control.constData());

    // Inside: the helper's socket directory bound read-write, the same uid.
    HelperTestClient c;
    QVERIFY(c.connectTo(m_socket));
    QVERIFY(c.hello());
    QCOMPARE(
        type(c.request({{QStringLiteral("type"), QStringLiteral("subscribe")}, {QStringLiteral("sessions"), true}})),
        QStringLiteral("subscribed"));
    int out[2];
    QCOMPARE(::pipe2(out, O_CLOEXEC), 0);
    const int devNull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    const QString id = startSession(c,
        launchMessage(m_plainProfile, m_workspace,
            {QStringLiteral("/usr/bin/python3"), QStringLiteral("-c"), script, m_socket}, true,
            {{QStringLiteral("rw"), QJsonArray{QFileInfo(m_socket).path()}}}),
        {devNull, out[1], out[1]});
    ::close(devNull);
    ::close(out[1]);
    QVERIFY(!id.isEmpty());
    int status = -1;
    QVERIFY(waitEnded(c, id, &status));
    const QByteArray inside = readAllFd(out[0], 5000);
    ::close(out[0]);
    QVERIFY2(inside.contains("CONNECT-FAILED") || (inside.contains("REPLY") && inside.contains("not-allowed")),
        inside.constData());
    QVERIFY2(!inside.contains("\"type\":\"hello\""), inside.constData());
}

void TestHelper::otherUidsCannotSeeOrControl()
{
    HelperTestClient ann, bob;
    QVERIFY(ann.connectAs(m_sysSocket, m_user.uid, m_user.gid));
    QVERIFY(ann.hello());
    QVERIFY(bob.connectAs(m_sysSocket, m_user2.uid, m_user2.gid));
    QVERIFY(bob.hello());
    QCOMPARE(type(ann.request({{QStringLiteral("type"), QStringLiteral("subscribe")},
                 {QStringLiteral("sessions"), true}, {QStringLiteral("events"), true}})),
        QStringLiteral("subscribed"));
    QCOMPARE(
        type(bob.request({{QStringLiteral("type"), QStringLiteral("subscribe")}, {QStringLiteral("sessions"), true},
            {QStringLiteral("events"), true}, {QStringLiteral("escalations"), true}})),
        QStringLiteral("subscribed"));
    const auto launched = ann.request(launchMessage(m_plainProfile, m_userWorkspace,
        {QStringLiteral("/bin/sh"), QStringLiteral("-c"), QStringLiteral("id -u; sleep 300")}, false));
    QCOMPARE(type(launched), QStringLiteral("launched"));
    const QString id = launched->value(QLatin1String("session")).toObject().value(QLatin1String("id")).toString();
    QVERIFY(ann.waitPush([&](const QJsonObject& m) { return isSessionPush(m, id, QStringLiteral("running")); }, 10000));
    // The sandbox runs as ann, not as root.
    const pid_t monitor = static_cast<pid_t>(
        launched->value(QLatin1String("session")).toObject().value(QLatin1String("pid")).toInteger());
    struct stat st { };
    QCOMPARE(::stat(QFile::encodeName(QStringLiteral("/proc/%1").arg(monitor)).constData(), &st), 0);
    QCOMPARE(st.st_uid, m_user.uid);

    const auto list = bob.request({{QStringLiteral("type"), QStringLiteral("list")}, {QStringLiteral("all"), true}});
    QCOMPARE(list->value(QLatin1String("sessions")).toArray().size(), 0);
    QCOMPARE(
        errorCode(bob.request({{QStringLiteral("type"), QStringLiteral("stop")}, {QStringLiteral("session"), id}})),
        QStringLiteral("not-found"));
    QCOMPARE(
        errorCode(bob.request({{QStringLiteral("type"), QStringLiteral("history")}, {QStringLiteral("session"), id}})),
        QStringLiteral("not-found"));
    QCOMPARE(errorCode(bob.request({{QStringLiteral("type"), QStringLiteral("terminal")},
                 {QStringLiteral("session"), id}, {QStringLiteral("action"), QStringLiteral("winch")}})),
        QStringLiteral("not-found"));
    QCOMPARE(errorCode(bob.request({{QStringLiteral("type"), QStringLiteral("decide")}, {QStringLiteral("request"), 1},
                 {QStringLiteral("decision"), QStringLiteral("once")}})),
        QStringLiteral("not-found"));
    QCOMPARE(type(bob.request({{QStringLiteral("type"), QStringLiteral("stop")}, {QStringLiteral("all"), true}})),
        QStringLiteral("stopped"));
    const auto history = bob.request({{QStringLiteral("type"), QStringLiteral("history")}});
    for (const QJsonValue& v : history->value(QLatin1String("events")).toArray())
        QVERIFY(v.toObject().value(QLatin1String("session")).toString() != id);
    // bob got no push about ann's session.
    for (const QJsonObject& m : std::as_const(bob.pushes))
        QVERIFY2(!QJsonDocument(m).toJson().contains(id.toUtf8()), QJsonDocument(m).toJson().constData());
    QVERIFY(!processGone(monitor)); // bob's stop all did not touch it

    QCOMPARE(type(ann.request({{QStringLiteral("type"), QStringLiteral("stop")}, {QStringLiteral("session"), id}})),
        QStringLiteral("stopped"));
    int status = -1;
    QVERIFY(waitEnded(ann, id, &status));
}

void TestHelper::egressAllowAskOnceDenyTimeout()
{
    HelperTestClient ann;
    QVERIFY(ann.connectAs(m_sysSocket, m_user.uid, m_user.gid));
    QVERIFY(ann.hello());
    QCOMPARE(type(ann.request({{QStringLiteral("type"), QStringLiteral("subscribe")},
                 {QStringLiteral("sessions"), true}, {QStringLiteral("escalations"), true}})),
        QStringLiteral("subscribed"));
    const QString curl =
        QFileInfo::exists(QStringLiteral("/usr/bin/curl")) ? QStringLiteral("/usr/bin/curl") : QString();
    if (curl.isEmpty())
        QSKIP("no /usr/bin/curl");
    const auto fetch = [&](const QString& host, const QString& answer, QByteArray* output, QJsonObject* escalation) {
        int out[2];
        if (::pipe2(out, O_CLOEXEC) != 0)
            return false;
        const int devNull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        const QString url = QStringLiteral("http://%1:%2/").arg(host).arg(m_server.port());
        const QString id = startSession(ann,
            launchMessage(m_netProfile, m_userWorkspace,
                {curl, QStringLiteral("-sS"), QStringLiteral("-m"), QStringLiteral("10"), url}, true),
            {devNull, out[1], out[1]});
        ::close(devNull);
        ::close(out[1]);
        if (id.isEmpty())
            return false;
        if (!answer.isEmpty()) {
            const auto pushed = ann.waitPush(
                [](const QJsonObject& m) { return m.value(QLatin1String("type")).toString() == u"escalation"; }, 10000);
            if (!pushed)
                return false;
            *escalation = pushed->value(QLatin1String("request")).toObject();
            if (answer != u"none") {
                const auto decided = ann.request({{QStringLiteral("type"), QStringLiteral("decide")},
                    {QStringLiteral("request"), escalation->value(QLatin1String("id"))},
                    {QStringLiteral("decision"), answer}});
                if (type(decided) != QLatin1String("decided"))
                    return false;
            }
        }
        int status = -1;
        if (!waitEnded(ann, id, &status))
            return false;
        *output = readAllFd(out[0], 3000);
        ::close(out[0]);
        return true;
    };

    QByteArray output;
    QJsonObject escalation;
    // An allowed host goes through, unasked.
    int before = m_server.connections();
    QVERIFY(fetch(QStringLiteral("allowed.test"), QString(), &output, &escalation));
    QVERIFY2(output.contains("hello"), output.constData());
    QCOMPARE(m_server.connections(), before + 1);

    // An unlisted host asks; "once" lets this request through.
    before = m_server.connections();
    QVERIFY(fetch(QStringLiteral("unlisted.test"), QStringLiteral("once"), &output, &escalation));
    QCOMPARE(escalation.value(QLatin1String("host")).toString(), QStringLiteral("unlisted.test"));
    QCOMPARE(escalation.value(QLatin1String("kind")).toString(), QStringLiteral("net"));
    QCOMPARE(escalation.value(QLatin1String("exe")).toString(), curl);
    QVERIFY2(output.contains("hello"), output.constData());
    QCOMPARE(m_server.connections(), before + 1);
    QVERIFY(ann.waitPush(
        [](const QJsonObject& m) {
            return m.value(QLatin1String("type")).toString() == u"resolved" &&
                   m.value(QLatin1String("decision")).toString() == u"once";
        },
        5000));

    // "deny" blocks it: the server sees nothing.
    before = m_server.connections();
    QVERIFY(fetch(QStringLiteral("unlisted.test"), QStringLiteral("deny"), &output, &escalation));
    QVERIFY2(!output.contains("hello"), output.constData());
    QCOMPARE(m_server.connections(), before);

    // No answer: the 2 s ask timeout denies.
    before = m_server.connections();
    QElapsedTimer t;
    t.start();
    QVERIFY(fetch(QStringLiteral("unlisted.test"), QStringLiteral("none"), &output, &escalation));
    QVERIFY2(!output.contains("hello"), output.constData());
    QCOMPARE(m_server.connections(), before);
    QVERIFY(t.elapsed() >= 1500);
    QVERIFY(ann.waitPush(
        [](const QJsonObject& m) {
            return m.value(QLatin1String("type")).toString() == u"resolved" &&
                   m.value(QLatin1String("by")).toString() == u"timeout";
        },
        5000));

    // The decisions are in the journal.
    const auto history = ann.request({{QStringLiteral("type"), QStringLiteral("history")},
        {QStringLiteral("kinds"), QJsonArray{QStringLiteral("decision")}}});
    QVERIFY(history->value(QLatin1String("events")).toArray().size() >= 3);
}

void TestHelper::killedDecidingClientTimesOutToDeny()
{
    if (!QFileInfo::exists(QStringLiteral("/usr/bin/curl")))
        QSKIP("no /usr/bin/curl");
    // The launcher watches the session; a second client (the "GUI") takes the question and dies.
    HelperTestClient launcher;
    QVERIFY(launcher.connectAs(m_sysSocket, m_user.uid, m_user.gid));
    QVERIFY(launcher.hello());
    QCOMPARE(type(launcher.request(
                 {{QStringLiteral("type"), QStringLiteral("subscribe")}, {QStringLiteral("sessions"), true}})),
        QStringLiteral("subscribed"));
    auto gui = std::make_unique<HelperTestClient>();
    QVERIFY(gui->connectAs(m_sysSocket, m_user.uid, m_user.gid));
    QVERIFY(gui->hello());
    QCOMPARE(type(gui->request(
                 {{QStringLiteral("type"), QStringLiteral("subscribe")}, {QStringLiteral("escalations"), true}})),
        QStringLiteral("subscribed"));
    int out[2];
    QCOMPARE(::pipe2(out, O_CLOEXEC), 0);
    const int devNull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    const int before = m_server.connections();
    const QString id = startSession(launcher,
        launchMessage(m_netProfile, m_userWorkspace,
            {QStringLiteral("/usr/bin/curl"), QStringLiteral("-sS"), QStringLiteral("-m"), QStringLiteral("10"),
                QStringLiteral("http://unlisted.test:%1/").arg(m_server.port())},
            true),
        {devNull, out[1], out[1]});
    ::close(devNull);
    ::close(out[1]);
    QVERIFY(!id.isEmpty());
    QVERIFY(gui->waitPush(
        [](const QJsonObject& m) { return m.value(QLatin1String("type")).toString() == u"escalation"; }, 10000));
    gui.reset(); // gone without answering
    int status = -1;
    QVERIFY(waitEnded(launcher, id, &status));
    const QByteArray output = readAllFd(out[0], 3000);
    ::close(out[0]);
    QVERIFY2(!output.contains("hello"), output.constData());
    QCOMPARE(m_server.connections(), before);
    // The helper is fine.
    HelperTestClient again;
    QVERIFY(again.connectAs(m_sysSocket, m_user.uid, m_user.gid));
    QVERIFY(again.hello());
}

void TestHelper::sessionGrantListedAndRevoked()
{
    if (!QFileInfo::exists(QStringLiteral("/usr/bin/curl")))
        QSKIP("no /usr/bin/curl");
    HelperTestClient ann;
    QVERIFY(ann.connectAs(m_sysSocket, m_user.uid, m_user.gid));
    QVERIFY(ann.hello());
    QCOMPARE(type(ann.request({{QStringLiteral("type"), QStringLiteral("subscribe")},
                 {QStringLiteral("sessions"), true}, {QStringLiteral("escalations"), true}})),
        QStringLiteral("subscribed"));
    const QString url = QStringLiteral("http://unlisted.test:%1/").arg(m_server.port());
    const int before = m_server.connections();
    const auto reply = ann.request(launchMessage(m_netProfile, m_userWorkspace,
        {QStringLiteral("/bin/sh"), QStringLiteral("-c"),
            QStringLiteral("curl -sS -m 10 %1; curl -sS -m 10 %1; sleep 300").arg(url)},
        false));
    QCOMPARE(type(reply), QStringLiteral("launched"));
    const QString id = reply->value(QLatin1String("session")).toObject().value(QLatin1String("id")).toString();
    const auto pushed = ann.waitPush(
        [](const QJsonObject& m) { return m.value(QLatin1String("type")).toString() == u"escalation"; }, 10000);
    QVERIFY(pushed);
    QCOMPARE(
        type(ann.request({{QStringLiteral("type"), QStringLiteral("decide")},
            {QStringLiteral("request"), pushed->value(QLatin1String("request")).toObject().value(QLatin1String("id"))},
            {QStringLiteral("decision"), QStringLiteral("session")}})),
        QStringLiteral("decided"));
    // Both requests reach the server; the second without a question.
    QElapsedTimer t;
    t.start();
    while (m_server.connections() < before + 2 && t.elapsed() < 10000)
        QTest::qWait(50);
    QCOMPARE(m_server.connections(), before + 2);
    QVERIFY(!ann.waitPush(
        [](const QJsonObject& m) { return m.value(QLatin1String("type")).toString() == u"escalation"; }, 300));

    auto grants = ann.request({{QStringLiteral("type"), QStringLiteral("grants")}, {QStringLiteral("session"), id}});
    QCOMPARE(type(grants), QStringLiteral("grants"));
    QCOMPARE(grants->value(QLatin1String("grants")).toArray().size(), 1);
    const QJsonObject grant = grants->value(QLatin1String("grants")).toArray().first().toObject();
    QCOMPARE(grant.value(QLatin1String("decision")).toString(), QStringLiteral("session"));
    QCOMPARE(grant.value(QLatin1String("subject")).toString(), QStringLiteral("unlisted.test:%1").arg(m_server.port()));
    // Another user neither sees nor revokes it.
    {
        HelperTestClient bob;
        QVERIFY(bob.connectAs(m_sysSocket, m_user2.uid, m_user2.gid));
        QVERIFY(bob.hello());
        QCOMPARE(bob.request({{QStringLiteral("type"), QStringLiteral("grants")}})
                     ->value(QLatin1String("grants"))
                     .toArray()
                     .size(),
            0);
        QCOMPARE(errorCode(bob.request({{QStringLiteral("type"), QStringLiteral("revoke")},
                     {QStringLiteral("grant"), grant.value(QLatin1String("id"))}})),
            QStringLiteral("not-found"));
    }
    QCOMPARE(type(ann.request({{QStringLiteral("type"), QStringLiteral("revoke")},
                 {QStringLiteral("grant"), grant.value(QLatin1String("id"))}})),
        QStringLiteral("revoked"));
    QCOMPARE(errorCode(ann.request({{QStringLiteral("type"), QStringLiteral("revoke")},
                 {QStringLiteral("grant"), grant.value(QLatin1String("id"))}})),
        QStringLiteral("not-found"));
    grants = ann.request({{QStringLiteral("type"), QStringLiteral("grants")}, {QStringLiteral("session"), id}});
    QCOMPARE(grants->value(QLatin1String("grants")).toArray().size(), 0);
    QCOMPARE(type(ann.request({{QStringLiteral("type"), QStringLiteral("stop")}, {QStringLiteral("session"), id}})),
        QStringLiteral("stopped"));
    int status = -1;
    QVERIFY(waitEnded(ann, id, &status));
}

void TestHelper::timeEscalationExtendsTheTimebox()
{
    HelperTestClient c;
    QVERIFY(c.connectTo(m_socket));
    QVERIFY(c.hello());
    QCOMPARE(type(c.request({{QStringLiteral("type"), QStringLiteral("subscribe")}, {QStringLiteral("sessions"), true},
                 {QStringLiteral("escalations"), true}})),
        QStringLiteral("subscribed"));
    // Two 4 s sessions: the first is extended by a minute when it asks, the second is not answered.
    const QJsonObject timeout{{QStringLiteral("timeout"), QStringLiteral("4s")}};
    const QString extended =
        startSession(c, launchMessage(m_plainProfile, m_workspace,
                            {QStringLiteral("/bin/sleep"), QStringLiteral("300")}, false, timeout));
    QVERIFY(!extended.isEmpty());
    const QString expires = startSession(c, launchMessage(m_plainProfile, m_workspace,
                                                {QStringLiteral("/bin/sleep"), QStringLiteral("300")}, false, timeout));
    QVERIFY(!expires.isEmpty());
    const auto asked = c.waitPush(
        [&](const QJsonObject& m) {
            const QJsonObject r = m.value(QLatin1String("request")).toObject();
            return m.value(QLatin1String("type")).toString() == u"escalation" &&
                   r.value(QLatin1String("kind")).toString() == u"time" &&
                   r.value(QLatin1String("session")).toString() == extended;
        },
        10000);
    QVERIFY(asked);
    const QJsonObject request = asked->value(QLatin1String("request")).toObject();
    QCOMPARE(request.value(QLatin1String("choices")).toArray(),
        (QJsonArray{QStringLiteral("deny"), QStringLiteral("extend")}));
    QCOMPARE(type(c.request({{QStringLiteral("type"), QStringLiteral("decide")},
                 {QStringLiteral("request"), request.value(QLatin1String("id"))},
                 {QStringLiteral("decision"), QStringLiteral("extend")}, {QStringLiteral("minutes"), 1}})),
        QStringLiteral("decided"));
    int status = -1;
    QVERIFY(waitEnded(c, expires, &status, 15000));
    QCOMPARE(status, 124); // the timebox ended it (ExitCode::TimeboxExpired)
    QTest::qWait(1500);    // well past the first session's original 4 s
    const auto list = c.request({{QStringLiteral("type"), QStringLiteral("list")}});
    bool running = false;
    for (const QJsonValue& v : list->value(QLatin1String("sessions")).toArray())
        running = running || (v.toObject().value(QLatin1String("id")).toString() == extended &&
                                 v.toObject().value(QLatin1String("state")).toString() == u"running");
    QVERIFY2(running, "the extended session ended at its original timebox");
    QCOMPARE(type(c.request({{QStringLiteral("type"), QStringLiteral("stop")}, {QStringLiteral("session"), extended}})),
        QStringLiteral("stopped"));
    QVERIFY(waitEnded(c, extended, &status));
}

void TestHelper::alwaysAnswerSavedAsTheUser()
{
    if (!QFileInfo::exists(QStringLiteral("/usr/bin/curl")))
        QSKIP("no /usr/bin/curl");
    const QString name = QStringLiteral("helpertest-always-%1").arg(::getpid());
    const QString profile = m_dir->path() + u'/' + name + QStringLiteral(".json");
    QVERIFY(writeFile(profile, QStringLiteral(R"({"schemaVersion": 1, "name": "%1", "command": ["/bin/sh"],
        "network": {"askTimeout": "5s", "allowAlways": true}})")
                                   .arg(name)
                                   .toUtf8()));
    const QString grantsFile = m_user.home + QStringLiteral("/.config/cordon/grants/") + name + QStringLiteral(".json");
    QFile::remove(grantsFile);
    HelperTestClient ann;
    QVERIFY(ann.connectAs(m_sysSocket, m_user.uid, m_user.gid));
    QVERIFY(ann.hello());
    QCOMPARE(type(ann.request({{QStringLiteral("type"), QStringLiteral("subscribe")},
                 {QStringLiteral("sessions"), true}, {QStringLiteral("escalations"), true}})),
        QStringLiteral("subscribed"));
    const QStringList curl{QStringLiteral("/usr/bin/curl"), QStringLiteral("-sS"), QStringLiteral("-m"),
        QStringLiteral("10"), QStringLiteral("http://unlisted.test:%1/").arg(m_server.port())};
    int before = m_server.connections();
    QString id = startSession(ann, launchMessage(profile, m_userWorkspace, curl, false));
    QVERIFY(!id.isEmpty());
    const auto pushed = ann.waitPush(
        [](const QJsonObject& m) { return m.value(QLatin1String("type")).toString() == u"escalation"; }, 10000);
    QVERIFY(pushed);
    QVERIFY(pushed->value(QLatin1String("request"))
                .toObject()
                .value(QLatin1String("choices"))
                .toArray()
                .contains(QStringLiteral("always")));
    QCOMPARE(
        type(ann.request({{QStringLiteral("type"), QStringLiteral("decide")},
            {QStringLiteral("request"), pushed->value(QLatin1String("request")).toObject().value(QLatin1String("id"))},
            {QStringLiteral("decision"), QStringLiteral("always")}})),
        QStringLiteral("decided"));
    // The `resolved` push carries the grant the daemon created (the broker's Resolution&).
    const auto resolved = ann.waitPush(
        [](const QJsonObject& m) {
            return m.value(QLatin1String("type")).toString() == u"resolved" &&
                   m.value(QLatin1String("decision")).toString() == u"always";
        },
        5000);
    QVERIFY(resolved);
    QVERIFY(resolved->value(QLatin1String("grant")).toInteger() > 0);
    int status = -1;
    QVERIFY(waitEnded(ann, id, &status));
    QCOMPARE(m_server.connections(), before + 1);
    // Saved in the user's grants file, written as the user (never a root-owned file in their home).
    struct stat st { };
    QCOMPARE(::stat(QFile::encodeName(grantsFile).constData(), &st), 0);
    QCOMPARE(st.st_uid, m_user.uid);
    QFile file(grantsFile);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().contains(QStringLiteral("unlisted.test:%1").arg(m_server.port()).toUtf8()));
    file.close();
    // The next session of the profile goes through unasked.
    before = m_server.connections();
    id = startSession(ann, launchMessage(profile, m_userWorkspace, curl, false));
    QVERIFY(waitEnded(ann, id, &status));
    QCOMPARE(status, 0);
    QCOMPARE(m_server.connections(), before + 1);
    QVERIFY(!ann.waitPush(
        [](const QJsonObject& m) { return m.value(QLatin1String("type")).toString() == u"escalation"; }, 200));
    // Revoking the grant takes it out of the file.
    const auto grants = ann.request({{QStringLiteral("type"), QStringLiteral("grants")}});
    qint64 grantId = 0;
    for (const QJsonValue& v : grants->value(QLatin1String("grants")).toArray()) {
        if (v.toObject().value(QLatin1String("decision")).toString() == u"always" &&
            v.toObject().value(QLatin1String("profile")).toString() == name)
            grantId = v.toObject().value(QLatin1String("id")).toInteger();
    }
    QVERIFY(grantId > 0);
    QCOMPARE(type(ann.request({{QStringLiteral("type"), QStringLiteral("revoke")},
                 {QStringLiteral("grant"), static_cast<double>(grantId)}})),
        QStringLiteral("revoked"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains(QStringLiteral("unlisted.test:%1").arg(m_server.port()).toUtf8()));
    file.close();
    QFile::remove(grantsFile);
}

void TestHelper::sigtermStopsSessionsAndFlushes()
{
    const QString base = m_dir->path();
    const QString runDir = base + QStringLiteral("/run-term");
    QVERIFY(QDir().mkpath(runDir));
    QCOMPARE(::chmod(QFile::encodeName(runDir).constData(), 0700), 0);
    const QString socket = runDir + QStringLiteral("/helper.sock");
    const QString state = base + QStringLiteral("/state-term");
    Helper helper;
    QVERIFY(helper.start(m_binDir, socket, state, {QStringLiteral("--rootless")}));
    HelperTestClient c;
    QVERIFY(c.connectTo(socket));
    QVERIFY(c.hello());
    QCOMPARE(type(c.request({{QStringLiteral("type"), QStringLiteral("subscribe")}, {QStringLiteral("events"), true}})),
        QStringLiteral("subscribed"));
    const auto reply = c.request(
        launchMessage(m_plainProfile, m_workspace, {QStringLiteral("/bin/sleep"), QStringLiteral("300")}, false));
    QCOMPARE(type(reply), QStringLiteral("launched"));
    const QString id = reply->value(QLatin1String("session")).toObject().value(QLatin1String("id")).toString();
    const pid_t monitor =
        static_cast<pid_t>(reply->value(QLatin1String("session")).toObject().value(QLatin1String("pid")).toInteger());
    const auto exec = c.waitPush(
        [](const QJsonObject& m) {
            return m.value(QLatin1String("type")).toString() == u"event" &&
                   m.value(QLatin1String("event")).toObject().value(QLatin1String("kind")).toString() == u"exec";
        },
        10000);
    QVERIFY(exec);
    const pid_t sleeper =
        static_cast<pid_t>(exec->value(QLatin1String("event")).toObject().value(QLatin1String("pid")).toInteger());
    QElapsedTimer t;
    t.start();
    QCOMPARE(::kill(helper.pid(), SIGTERM), 0);
    QVERIFY(helper.process().waitForFinished(25000));
    QCOMPARE(helper.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(helper.process().exitCode(), 0);
    QVERIFY(processGone(monitor));
    QVERIFY(processGone(sleeper));
    QVERIFY(!QFileInfo::exists(socket));
    // The run ended in the journal, with its exit event.
    Journal journal;
    QString error;
    QVERIFY2(
        journal.open(state + QStringLiteral("/journal.sqlite"), Journal::Mode::ReadOnly, &error), qPrintable(error));
    std::optional<RunRecord> run;
    QVERIFY(journal.findRun(id, &run, &error));
    QVERIFY(run && run->endedMs);
    JournalQuery q;
    q.runId = id;
    q.kinds = {EventKind::Exit};
    QList<Event> events;
    QVERIFY(journal.query(q, &events, &error));
    QCOMPARE(events.size(), 1);
    QVERIFY(journal.close(&error));
}

void TestHelper::helperKilledTakesSandboxesAndKeepsJournal()
{
    // A --system helper serving cordon-probe: its sandboxes and proxies run as that user, each
    // with the parent-death signal armed after the drop.
    const QString base = m_dir->path();
    const QString runDir = base + QStringLiteral("/run-killed");
    const QString socket = runDir + QStringLiteral("/helper.sock");
    const QString state = base + QStringLiteral("/state-killed");
    Helper helper;
    QVERIFY(helper.start(m_binDir, socket, state, {QStringLiteral("--system")}));
    // A second helper on the same socket is refused.
    {
        QProcess second;
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("CORDON_HELPER_SOCKET"), socket);
        second.setProcessEnvironment(e);
        second.start(m_binDir + QStringLiteral("/cordon-helper"),
            {QStringLiteral("--system"), QStringLiteral("--state-dir"), state + QStringLiteral("-2")});
        QVERIFY(second.waitForFinished(10000));
        QVERIFY(second.exitCode() != 0);
        QVERIFY2(second.readAllStandardError().contains("another cordon-helper"), "no refusal message");
    }

    HelperTestClient c;
    QVERIFY(c.connectAs(socket, m_user.uid, m_user.gid));
    QVERIFY(c.hello());
    QCOMPARE(type(c.request({{QStringLiteral("type"), QStringLiteral("subscribe")}, {QStringLiteral("events"), true},
                 {QStringLiteral("sessions"), true}})),
        QStringLiteral("subscribed"));
    QList<pid_t> monitors;
    QStringList ids;
    for (int i = 0; i < 2; ++i) {
        const auto reply = c.request(launchMessage(m_netProfile, m_userWorkspace,
            {QStringLiteral("/bin/sh"), QStringLiteral("-c"), QStringLiteral("/bin/sleep 300; echo never")}, false));
        QCOMPARE(type(reply), QStringLiteral("launched"));
        ids << reply->value(QLatin1String("session")).toObject().value(QLatin1String("id")).toString();
        monitors << static_cast<pid_t>(
            reply->value(QLatin1String("session")).toObject().value(QLatin1String("pid")).toInteger());
        QVERIFY(c.waitPush(
            [&](const QJsonObject& m) { return isSessionPush(m, ids.last(), QStringLiteral("running")); }, 10000));
    }
    // Every process the helper started, directly or not: the monitors, their sandboxes (shim, sh,
    // sleep) and the proxies, found through the parent links in /proc.
    QTest::qWait(500);
    const auto descendants = [](pid_t root) {
        QMultiHash<pid_t, pid_t> children;
        for (const QString& entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
            bool numeric = false;
            const pid_t pid = static_cast<pid_t>(entry.toInt(&numeric));
            QFile stat(QStringLiteral("/proc/%1/stat").arg(entry));
            if (!numeric || !stat.open(QIODevice::ReadOnly))
                continue;
            const QByteArray text = stat.readAll();
            const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
            if (fields.size() > 1)
                children.insert(static_cast<pid_t>(fields.at(1).toInt()), pid);
        }
        QList<pid_t> all, todo{root};
        while (!todo.isEmpty()) {
            const pid_t p = todo.takeFirst();
            for (pid_t child : children.values(p)) {
                all << child;
                todo << child;
            }
        }
        return all;
    };
    const QList<pid_t> started = descendants(helper.pid());
    int proxies = 0, sleeps = 0;
    for (pid_t pid : started) {
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
        const QByteArray text = cmdline.open(QIODevice::ReadOnly) ? cmdline.readAll() : QByteArray();
        proxies += text.startsWith("cordon-proxy") ? 1 : 0;
        sleeps += text.startsWith("/bin/sleep") ? 1 : 0;
    }
    QCOMPARE(proxies, 2);
    QCOMPARE(sleeps, 2);
    for (pid_t pid : monitors)
        QVERIFY(started.contains(pid));
    QSet<qint64> pushedIds;
    c.waitPush([](const QJsonObject&) { return false; }, 300); // take what is pushed by now
    for (const QJsonObject& m : std::as_const(c.pushes)) {
        if (m.value(QLatin1String("type")).toString() == u"event")
            pushedIds.insert(m.value(QLatin1String("event")).toObject().value(QLatin1String("id")).toInteger());
    }
    QVERIFY(pushedIds.size() >= 2); // the launches at least

    QCOMPARE(::kill(helper.pid(), SIGKILL), 0);
    QVERIFY(helper.process().waitForFinished(10000));
    QElapsedTimer t;
    t.start();
    QList<pid_t> survivors;
    do {
        survivors.clear();
        for (pid_t pid : started) {
            if (!processGone(pid))
                survivors << pid;
        }
        if (!survivors.isEmpty())
            QTest::qWait(100);
    } while (!survivors.isEmpty() && t.elapsed() < 10000);
    QStringList names;
    for (pid_t pid : std::as_const(survivors)) {
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
        names << QStringLiteral("%1 %2").arg(pid).arg(
            QString::fromLocal8Bit(cmdline.open(QIODevice::ReadOnly) ? cmdline.readAll().left(60) : QByteArray()));
        ::kill(pid, SIGKILL); // do not leave them to hold ctest's pipes
    }
    QVERIFY2(
        survivors.isEmpty(), qPrintable(QStringLiteral("survived the helper: ") + names.join(QStringLiteral(", "))));

    // The journal is sound and holds every event that was pushed.
    Journal journal;
    QString error;
    QVERIFY2(
        journal.open(state + QStringLiteral("/journal.sqlite"), Journal::Mode::ReadOnly, &error), qPrintable(error));
    QString integrity;
    QVERIFY2(journal.integrityCheck(&integrity, &error), qPrintable(error));
    QCOMPARE(integrity, QStringLiteral("ok"));
    JournalQuery q;
    q.limit = JournalQuery::maxLimit;
    QList<Event> events;
    QVERIFY(journal.query(q, &events, &error));
    QSet<qint64> stored;
    for (const Event& e : std::as_const(events))
        stored.insert(e.id);
    for (qint64 id : std::as_const(pushedIds))
        QVERIFY2(stored.contains(id), qPrintable(QStringLiteral("pushed event %1 is not in the journal").arg(id)));
    QVERIFY(journal.close(&error));

    // A new helper starts on the stale socket and closes the runs cut short.
    Helper next;
    QVERIFY(next.start(m_binDir, socket, state, {QStringLiteral("--system")}));
    HelperTestClient d;
    QVERIFY(d.connectAs(socket, m_user.uid, m_user.gid));
    QVERIFY(d.hello());
    const auto runs = d.request({{QStringLiteral("type"), QStringLiteral("runs")}});
    int closed = 0;
    for (const QJsonValue& v : runs->value(QLatin1String("runs")).toArray())
        closed += ids.contains(v.toObject().value(QLatin1String("id")).toString()) &&
                  v.toObject().contains(QLatin1String("ended"));
    QCOMPARE(closed, 2);
}

QTEST_GUILESS_MAIN(TestHelper)
#include "tst_helper.moc"
