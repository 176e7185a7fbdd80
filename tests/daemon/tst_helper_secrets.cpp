// End-to-end tests of the secret broker (docs/helper.md, "Secrets"): the real cordon-helper
// (--system, on a temporary socket), the real cordon-sandbox, cordon-proxy and cordon-request, a
// test client of an unprivileged user answering the escalations. Env, file and request deliveries;
// deny and timeout; a name that is not listed; files wiped at session end; no value in the journal
// or anywhere in the helper's state directory; two sessions of one profile kept apart; "always"
// saved as the user and applied to the next session without asking.
//
// Needs root (a --system helper and the test user cordon-probe). CORDON_MUST_WORK=1 turns every
// skip into a failure.

#include "HelperTestClient.h"
#include "HelperTestSupport.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace cordon::test;

namespace {

QString randomValue(const char* prefix)
{
    return QLatin1String(prefix) + QString::number(QRandomGenerator::system()->generate64(), 36);
}

} // namespace

class TestHelperSecrets : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void envAndFileDelivery();
    void deniedLaunchSecretNotDelivered();
    void requestDelivery();
    void concurrentSessionsKeptApart();
    void alwaysSavedAndApplied();
    void noValueInTheJournal(); // last: it stops the helper

private:
    struct Run {
        QString id;
        QByteArray output;
        int status = -1;
        QList<QJsonObject> escalations;
    };
    // Launches `script` with sh -c (stdout to a pipe, stderr to /dev/null) and answers each
    // escalation with answers[subject] (popped front; "none": leave it to time out). `during`
    // runs once the session is running.
    bool run(const QString& profile, const QString& script, QHash<QString, QStringList> answers, Run* out,
        const std::function<void(const QString&)>& during = {});
    QString writeProfile(const QString& name, bool allowAlways);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_binDir, m_socket, m_stateDir, m_workspace, m_secretFile;
    QString m_envValue, m_fileValue, m_reqValue;
    QString m_profile;
    QProcess m_helper;
    TestUser m_user;
    HelperTestClient m_client;
};

void TestHelperSecrets::initTestCase()
{
    if (::geteuid() != 0) {
        if (mustWork())
            QFAIL("tst_helper_secrets needs root (a --system helper and a test user)");
        QSKIP("tst_helper_secrets needs root (a --system helper and a test user)");
    }
    const QString built = qEnvironmentVariable("CORDON_BIN_DIR");
    QVERIFY2(!built.isEmpty(), "CORDON_BIN_DIR is not set (run through ctest)");
    QVERIFY(ensureUser("cordon-probe", &m_user));
    // cordon-request beside the helper: Installation::companionBinary finds it there.
    m_dir = publicScratchDir(QStringLiteral("cordon-tst-secrets"),
        {"cordon-helper", "cordon-sandbox", "cordon-proxy", "cordon-request"}, &m_binDir);
    QVERIFY(m_dir);
    const QString base = m_dir->path();
    m_envValue = randomValue("envsecret-");
    m_fileValue = randomValue("filesecret-");
    m_reqValue = randomValue("reqsecret-");
    // The file source: the user's own, 0600 (read with the user's credentials).
    m_secretFile = base + QStringLiteral("/user-secret");
    QVERIFY(writeFile(m_secretFile, m_fileValue.toUtf8(), 0600));
    QCOMPARE(::chown(QFile::encodeName(m_secretFile).constData(), m_user.uid, m_user.gid), 0);
    m_workspace = base + QStringLiteral("/ws");
    QVERIFY(QDir().mkpath(m_workspace));
    QCOMPARE(::chown(QFile::encodeName(m_workspace).constData(), m_user.uid, m_user.gid), 0);
    QCOMPARE(::chmod(QFile::encodeName(m_workspace).constData(), 0700), 0);
    m_profile = writeProfile(QStringLiteral("secrettest"), false);

    m_socket = base + QStringLiteral("/run/helper.sock");
    m_stateDir = base + QStringLiteral("/state");
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.insert(QStringLiteral("CORDON_HELPER_SOCKET"), m_socket);
    m_helper.setProcessEnvironment(e);
    m_helper.setProcessChannelMode(QProcess::ForwardedChannels);
    m_helper.start(m_binDir + QStringLiteral("/cordon-helper"),
        {QStringLiteral("--state-dir"), m_stateDir, QStringLiteral("--system")});
    QVERIFY(m_helper.waitForStarted(10000));
    QElapsedTimer t;
    t.start();
    bool up = false;
    while (!up && t.elapsed() < 10000 && m_helper.state() == QProcess::Running) {
        HelperTestClient probe;
        up = probe.connectTo(m_socket);
        if (!up)
            QTest::qWait(50);
    }
    QVERIFY(up);
    QVERIFY(m_client.connectAs(m_socket, m_user.uid, m_user.gid));
    QVERIFY(m_client.hello());
    QCOMPARE(type(m_client.request({{QStringLiteral("type"), QStringLiteral("subscribe")},
                 {QStringLiteral("sessions"), true}, {QStringLiteral("escalations"), true}})),
        QStringLiteral("subscribed"));
}

void TestHelperSecrets::cleanupTestCase()
{
    m_client.close();
    if (m_helper.state() == QProcess::Running) {
        m_helper.terminate();
        if (!m_helper.waitForFinished(30000))
            m_helper.kill();
        m_helper.waitForFinished(5000);
    }
}

QString TestHelperSecrets::writeProfile(const QString& name, bool allowAlways)
{
    const QString path = m_dir->path() + u'/' + name + QStringLiteral(".json");
    const QString json = QStringLiteral(R"({"schemaVersion": 1, "name": "%1", "command": ["/bin/sh"],
        "network": {"askTimeout": "2s", "unattended": "deny"},
        "secrets": [
            {"name": "ENV_TOKEN", "from": {"env": "SRC_ENV"}, "deliver": "env", "as": "INSIDE_TOKEN"},
            {"name": "FILE_TOKEN", "from": {"file": "%2"}, "deliver": "file", "ttl": "1h", "allowAlways": %3},
            {"name": "REQ_TOKEN", "from": {"env": "SRC_REQ"}, "deliver": "request", "ttl": "1h"}
        ]})")
                             .arg(name, m_secretFile, allowAlways ? QStringLiteral("true") : QStringLiteral("false"));
    if (!writeFile(path, json.toUtf8()))
        return {};
    return path;
}

bool TestHelperSecrets::run(const QString& profile, const QString& script, QHash<QString, QStringList> answers,
    Run* out, const std::function<void(const QString&)>& during)
{
    int pipeFds[2];
    if (::pipe2(pipeFds, O_CLOEXEC) != 0)
        return false;
    const int devNull = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    QJsonObject launch{{QStringLiteral("type"), QStringLiteral("launch")}, {QStringLiteral("profile"), profile},
        {QStringLiteral("workspace"), m_workspace},
        {QStringLiteral("argv"), QJsonArray{QStringLiteral("/bin/sh"), QStringLiteral("-c"), script}},
        {QStringLiteral("env"), QJsonObject{{QStringLiteral("PATH"), QStringLiteral("/usr/bin:/bin")},
                                    {QStringLiteral("SRC_ENV"), m_envValue}, {QStringLiteral("SRC_REQ"), m_reqValue}}},
        {QStringLiteral("terminal"), true}};
    const auto reply = m_client.request(launch, 30000, {devNull, pipeFds[1], devNull});
    ::close(devNull);
    ::close(pipeFds[1]);
    if (type(reply) != QLatin1String("launched")) {
        qWarning("launch failed: %s", reply ? QJsonDocument(*reply).toJson().constData() : "no reply");
        ::close(pipeFds[0]);
        return false;
    }
    out->id = reply->value(QLatin1String("session")).toObject().value(QLatin1String("id")).toString();
    bool duringDone = !during;
    QElapsedTimer t;
    t.start();
    QByteArray output;
    while (t.elapsed() < 60000) {
        std::optional<QJsonObject> m;
        for (qsizetype i = 0; i < m_client.pushes.size() && !m; ++i) {
            const QJsonObject& p = m_client.pushes.at(i);
            const bool mine =
                p.value(QLatin1String("request")).toObject().value(QLatin1String("session")).toString() == out->id ||
                p.value(QLatin1String("session")).toObject().value(QLatin1String("id")).toString() == out->id;
            if (mine)
                m = m_client.pushes.takeAt(i);
        }
        if (!m)
            m = m_client.next(100);
        char buf[4096];
        pollfd p{pipeFds[0], POLLIN, 0};
        while (::poll(&p, 1, 0) > 0) {
            const ssize_t n = ::read(pipeFds[0], buf, sizeof buf);
            if (n <= 0)
                break;
            output.append(buf, n);
        }
        if (!m)
            continue;
        if (isSessionPush(*m, out->id, QStringLiteral("running")) && !duringDone) {
            duringDone = true;
            during(out->id);
        }
        if (isSessionPush(*m, out->id, QStringLiteral("ended"))) {
            out->status = m->value(QLatin1String("session")).toObject().value(QLatin1String("exit_status")).toInt(-1);
            output.append(readAllFd(pipeFds[0], 2000));
            ::close(pipeFds[0]);
            out->output = output;
            return true;
        }
        if (m->value(QLatin1String("type")).toString() != u"escalation")
            continue;
        const QJsonObject request = m->value(QLatin1String("request")).toObject();
        if (request.value(QLatin1String("session")).toString() != out->id) {
            m_client.pushes.append(*m);
            continue;
        }
        out->escalations.append(request);
        QStringList& queue = answers[request.value(QLatin1String("subject")).toString()];
        const QString answer = queue.isEmpty() ? QStringLiteral("none") : queue.takeFirst();
        if (answer == u"none")
            continue;
        const auto decided = m_client.request({{QStringLiteral("type"), QStringLiteral("decide")},
            {QStringLiteral("request"), request.value(QLatin1String("id"))}, {QStringLiteral("decision"), answer}});
        if (type(decided) != QLatin1String("decided"))
            qWarning("decide: %s", decided ? QJsonDocument(*decided).toJson().constData() : "no reply");
    }
    ::close(pipeFds[0]);
    return false;
}

void TestHelperSecrets::envAndFileDelivery()
{
    const QString secrets = QStringLiteral("/run/cordon/secrets/FILE_TOKEN");
    const QString script =
        QStringLiteral("printf '%s\\n' \"$INSIDE_TOKEN\"; cat %1; echo; stat -c %a %1; "
                       "(printf x > %1) 2>/dev/null && echo WRITABLE || echo NOWRITE; "
                       "(: > /run/cordon/secrets/new) 2>/dev/null && echo CREATED || echo NOCREATE; sleep 1")
            .arg(secrets);
    Run r;
    QString hostDir;
    QVERIFY(run(m_profile, script,
        {{QStringLiteral("ENV_TOKEN"), {QStringLiteral("once")}},
            {QStringLiteral("FILE_TOKEN"), {QStringLiteral("once")}}},
        &r, [&](const QString& id) {
            hostDir =
                QFileInfo(m_socket).path() + QStringLiteral("/sessions/") + id.right(8) + QStringLiteral("/secrets");
        }));
    QCOMPARE(r.escalations.size(), 2);
    for (const QJsonObject& e : std::as_const(r.escalations)) {
        QCOMPARE(e.value(QLatin1String("kind")).toString(), QStringLiteral("secret"));
        QVERIFY(!e.value(QLatin1String("choices")).toArray().contains(QStringLiteral("always")));
    }
    const QList<QByteArray> lines = r.output.split('\n');
    QVERIFY2(lines.size() >= 5, r.output.constData());
    QCOMPARE(QString::fromUtf8(lines.at(0)), m_envValue);
    QCOMPARE(QString::fromUtf8(lines.at(1)), m_fileValue);
    QCOMPARE(lines.at(2), QByteArray("400"));
    QCOMPARE(lines.at(3), QByteArray("NOWRITE"));
    QCOMPARE(lines.at(4), QByteArray("NOCREATE"));
    // Wiped at session end: the session's directory is gone.
    QVERIFY(!hostDir.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(hostDir), 5000);
}

void TestHelperSecrets::deniedLaunchSecretNotDelivered()
{
    Run r;
    QVERIFY(run(m_profile,
        QStringLiteral("printf '[%s]\\n' \"${INSIDE_TOKEN-unset}\"; ls -A /run/cordon/secrets; echo END"),
        {{QStringLiteral("ENV_TOKEN"), {QStringLiteral("deny")}},
            {QStringLiteral("FILE_TOKEN"), {QStringLiteral("deny")}}},
        &r));
    QVERIFY2(r.output.startsWith("[unset]\nEND"), r.output.constData());
    QVERIFY(!r.output.contains(m_envValue.toUtf8()));
}

void TestHelperSecrets::requestDelivery()
{
    // once -> the value; deny -> 1; a name not listed -> 1 without a question; no answer -> 1
    // after the 2 s ask timeout.
    const QString script = QStringLiteral(
        "cordon-request secret REQ_TOKEN; echo \" rc=$?\"; cordon-request secret REQ_TOKEN; echo \" rc=$?\"; "
        "cordon-request secret NOT_LISTED; echo \" rc=$?\"; cordon-request secret ENV_TOKEN; echo \" rc=$?\"; "
        "s=$(date +%s); cordon-request secret REQ_TOKEN; echo \" rc=$? $(( $(date +%s) - s ))\"");
    Run r;
    QVERIFY(run(m_profile, script,
        {{QStringLiteral("ENV_TOKEN"), {QStringLiteral("deny")}},
            {QStringLiteral("FILE_TOKEN"), {QStringLiteral("deny")}},
            {QStringLiteral("REQ_TOKEN"), {QStringLiteral("once"), QStringLiteral("deny"), QStringLiteral("none")}}},
        &r));
    const QList<QByteArray> lines = r.output.split('\n');
    QVERIFY2(lines.size() >= 5, r.output.constData());
    QCOMPARE(QString::fromUtf8(lines.at(0)), m_reqValue + QStringLiteral(" rc=0"));
    QCOMPARE(lines.at(1), QByteArray(" rc=1"));
    QCOMPARE(lines.at(2), QByteArray(" rc=1"));
    QCOMPARE(lines.at(3), QByteArray(" rc=1"));
    QVERIFY2(lines.at(4).startsWith(" rc=1 "), lines.at(4).constData());
    QVERIFY(lines.at(4).mid(6).toInt() >= 1);
    int requests = 0;
    for (const QJsonObject& e : std::as_const(r.escalations)) {
        if (e.value(QLatin1String("subject")).toString() == u"REQ_TOKEN") {
            ++requests;
            QVERIFY(e.value(QLatin1String("exe")).toString().endsWith(QStringLiteral("cordon-request")) ||
                    e.value(QLatin1String("exe")).toString().isEmpty());
        }
        QVERIFY(e.value(QLatin1String("subject")).toString() != u"NOT_LISTED");
    }
    QCOMPARE(requests, 3);
}

void TestHelperSecrets::concurrentSessionsKeptApart()
{
    // A: FILE_TOKEN granted, holds it for a while. B (same profile, meanwhile): denied; its
    // secrets directory is its own and empty.
    Run a;
    QJsonObject launchA;
    bool bDone = false;
    Run b;
    QVERIFY(run(m_profile, QStringLiteral("cat /run/cordon/secrets/FILE_TOKEN; sleep 4"),
        {{QStringLiteral("ENV_TOKEN"), {QStringLiteral("deny")}},
            {QStringLiteral("FILE_TOKEN"), {QStringLiteral("once")}}},
        &a, [&](const QString&) {
            bDone = run(m_profile,
                QStringLiteral("ls -A /run/cordon/secrets; cat /run/cordon/secrets/FILE_TOKEN; echo END"),
                {{QStringLiteral("ENV_TOKEN"), {QStringLiteral("deny")}},
                    {QStringLiteral("FILE_TOKEN"), {QStringLiteral("deny")}}},
                &b);
        }));
    QVERIFY(bDone);
    QCOMPARE(QString::fromUtf8(a.output), m_fileValue);
    QVERIFY2(b.output.startsWith("END"), b.output.constData());
}

void TestHelperSecrets::alwaysSavedAndApplied()
{
    const QString name = QStringLiteral("secretalways%1").arg(::getpid());
    const QString profile = writeProfile(name, true);
    QVERIFY(!profile.isEmpty());
    const QString grantsFile = m_user.home + QStringLiteral("/.config/cordon/grants/") + name + QStringLiteral(".json");
    QFile::remove(grantsFile);
    Run r;
    QVERIFY(run(profile, QStringLiteral("cat /run/cordon/secrets/FILE_TOKEN"),
        {{QStringLiteral("ENV_TOKEN"), {QStringLiteral("deny")}},
            {QStringLiteral("FILE_TOKEN"), {QStringLiteral("always")}}},
        &r));
    QCOMPARE(QString::fromUtf8(r.output), m_fileValue);
    bool offered = false;
    for (const QJsonObject& e : std::as_const(r.escalations))
        offered = offered || (e.value(QLatin1String("subject")).toString() == u"FILE_TOKEN" &&
                                 e.value(QLatin1String("choices")).toArray().contains(QStringLiteral("always")));
    QVERIFY(offered);
    struct stat st { };
    QCOMPARE(::stat(QFile::encodeName(grantsFile).constData(), &st), 0);
    QCOMPARE(st.st_uid, m_user.uid);
    QFile file(grantsFile);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray saved = file.readAll();
    QVERIFY(saved.contains("FILE_TOKEN"));
    QVERIFY(!saved.contains(m_fileValue.toUtf8()));
    file.close();
    // The next session gets it without a question (ENV_TOKEN is still asked).
    Run next;
    QVERIFY(run(profile, QStringLiteral("cat /run/cordon/secrets/FILE_TOKEN"),
        {{QStringLiteral("ENV_TOKEN"), {QStringLiteral("deny")}}}, &next));
    QCOMPARE(QString::fromUtf8(next.output), m_fileValue);
    for (const QJsonObject& e : std::as_const(next.escalations))
        QVERIFY(e.value(QLatin1String("subject")).toString() != u"FILE_TOKEN");
    QFile::remove(grantsFile);
}

void TestHelperSecrets::noValueInTheJournal()
{
    // Every journaled secret event, then every byte the helper keeps (SQLite and its WAL, logs).
    const auto history = m_client.request({{QStringLiteral("type"), QStringLiteral("history")},
        {QStringLiteral("kinds"),
            QJsonArray{QStringLiteral("secret_ask"), QStringLiteral("secret_grant"), QStringLiteral("secret_deny")}}});
    QVERIFY(history);
    const QJsonArray events = history->value(QLatin1String("events")).toArray();
    QSet<QString> kinds;
    for (const QJsonValue& v : events) {
        kinds.insert(v.toObject().value(QLatin1String("kind")).toString());
        const QByteArray text = QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact);
        for (const QString& value : {m_envValue, m_fileValue, m_reqValue})
            QVERIFY2(!text.contains(value.toUtf8()), text.constData());
    }
    QVERIFY(kinds.contains(QStringLiteral("secret_ask")));
    QVERIFY(kinds.contains(QStringLiteral("secret_grant")));
    QVERIFY(kinds.contains(QStringLiteral("secret_deny")));
    cleanupTestCase(); // the journal flushed and closed
    QDirIterator it(m_stateDir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    int files = 0;
    while (it.hasNext()) {
        QFile f(it.next());
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        ++files;
        for (const QString& value : {m_envValue, m_fileValue, m_reqValue})
            QVERIFY2(!bytes.contains(value.toUtf8()), qPrintable(f.fileName()));
    }
    QVERIFY(files > 0);
}

QTEST_GUILESS_MAIN(TestHelperSecrets)
#include "tst_helper_secrets.moc"
