// The approval pop-up against the real thing: a real cordon-helper (rootless, temporary socket and
// state), the session's real cordon-proxy, a real sandbox running curl, and a loopback HTTP server
// standing in for an internet host (the helper's test-only name map sends unlisted.test to
// 127.0.0.1; the proxy refuses that map outside tests). The agent asks for the same unlisted host
// four times, one after the other, and each question is answered in the pop-up, by mouse:
//   1. Allow once: that one request reaches the server, and only it;
//   2. the same host again asks again (once is not a grant); Deny: the server sees nothing;
//   3. no answer: the countdown runs out and the request is denied, the server sees nothing;
//   4. Allow for this session: it goes through, the grant is listed, Revoke removes it.
// The timeline shows each question and answer; Stop ends the session; the app reconnects when the
// helper restarts. Skipped when cordon-helper is not built (a failure with CORDON_MUST_WORK=1).

#include "ApprovalPopup.h"
#include "FileDialog.h"
#include "LoopbackServer.h"
#include "MainWindow.h"
#include "RealApp.h"
#include "SessionModel.h"
#include "SocketHelperConnection.h"
#include "TimelineModel.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace cordon::gui;
using cordon::gui::test::RealApp;

namespace {

bool mustWork()
{
    return qEnvironmentVariable("CORDON_MUST_WORK") == QLatin1String("1");
}

bool writeFile(const QString& path, const QByteArray& data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll().trimmed() : QByteArray();
}

constexpr int kAskTimeoutS = 4;

} // namespace

class TestGuiEscalation : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void egressQuestionsAnsweredInThePopup();

private:
    bool startHelper();
    void stopHelper();

    QTemporaryDir m_dir;
    QString m_binDir;
    QString m_socket;
    QString m_workspace;
    QProcess m_helper;
    cordon::test::LoopbackServer m_server;
};

void TestGuiEscalation::initTestCase()
{
    m_binDir = qEnvironmentVariable("CORDON_BIN_DIR");
    const bool built = !m_binDir.isEmpty() && QFileInfo(m_binDir + QStringLiteral("/cordon-helper")).isExecutable() &&
                       QFileInfo::exists(m_binDir + QStringLiteral("/cordon-sandbox")) &&
                       QFileInfo::exists(m_binDir + QStringLiteral("/cordon-proxy"));
    if (!built) {
        if (mustWork())
            QFAIL("cordon-helper, cordon-sandbox or cordon-proxy is not built next to this test");
        QSKIP("cordon-helper, cordon-sandbox or cordon-proxy is not built next to this test");
    }
    if (!QFileInfo::exists(QStringLiteral("/usr/bin/curl"))) {
        if (mustWork())
            QFAIL("no /usr/bin/curl (installer/bootstrap.sh installs it)");
        QSKIP("no /usr/bin/curl");
    }
    QVERIFY(m_dir.isValid());
    QVERIFY(m_server.start("127.0.0.1"));

    // The helper (started below with this environment) and the app's models read profiles,
    // grants and managed policy from in here only.
    const QString config = m_dir.filePath(QStringLiteral("config"));
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(config));
    qputenv("XDG_STATE_HOME", QFile::encodeName(m_dir.filePath(QStringLiteral("state"))));
    qputenv("CORDON_MANAGED_DIR", QFile::encodeName(m_dir.filePath(QStringLiteral("managed"))));
    m_socket = m_dir.filePath(QStringLiteral("run/helper.sock"));
    qputenv("CORDON_HELPER_SOCKET", QFile::encodeName(m_socket));

    // The agent: four requests for the same host the profile does not settle, one after the
    // other, each recording its HTTP code and curl's exit status in the workspace; then it waits.
    m_workspace = m_dir.filePath(QStringLiteral("workspace"));
    QVERIFY(QDir().mkpath(m_workspace));
    QVERIFY(QDir().mkpath(config + QStringLiteral("/cordon/profiles")));
    const QString script =
        QStringLiteral("for i in 1 2 3 4; do /usr/bin/curl -sS -m 60 -o body$i -w '%{http_code}' "
                       "http://unlisted.test:%1/request$i >code$i 2>err$i; echo $? >status$i; done; sleep 300")
            .arg(m_server.port());
    const QJsonObject profile{{QStringLiteral("schemaVersion"), 1}, {QStringLiteral("name"), QStringLiteral("nettest")},
        {QStringLiteral("description"), QStringLiteral("asks for unlisted.test four times")},
        {QStringLiteral("command"), QJsonArray{QStringLiteral("/bin/sh"), QStringLiteral("-c"), script}},
        {QStringLiteral("network"),
            QJsonObject{{QStringLiteral("askTimeout"), QStringLiteral("%1s").arg(kAskTimeoutS)},
                {QStringLiteral("unattended"), QStringLiteral("deny")}, {QStringLiteral("allowAlways"), false}}}};
    QVERIFY(writeFile(config + QStringLiteral("/cordon/profiles/nettest.json"), QJsonDocument(profile).toJson()));
    QVERIFY(writeFile(m_dir.filePath(QStringLiteral("resolve-map")), "unlisted.test 127.0.0.1\n"));
    QVERIFY(startHelper());
}

void TestGuiEscalation::cleanupTestCase()
{
    stopHelper();
    m_server.stop();
}

bool TestGuiEscalation::startHelper()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("CORDON_PROXY_TEST"), QStringLiteral("1")); // allows the name map below
    m_helper.setProcessEnvironment(env);
    m_helper.setProcessChannelMode(QProcess::ForwardedChannels);
    m_helper.start(m_binDir + QStringLiteral("/cordon-helper"),
        {QStringLiteral("--rootless"), QStringLiteral("--socket"), m_socket, QStringLiteral("--state-dir"),
            m_dir.filePath(QStringLiteral("helper-state")), QStringLiteral("--test-proxy-resolve-map"),
            m_dir.filePath(QStringLiteral("resolve-map"))});
    return m_helper.waitForStarted(10000);
}

void TestGuiEscalation::stopHelper()
{
    if (m_helper.state() != QProcess::Running)
        return;
    m_helper.terminate();
    if (!m_helper.waitForFinished(30000))
        m_helper.kill();
    m_helper.waitForFinished(5000);
}

void TestGuiEscalation::egressQuestionsAnsweredInThePopup()
{
    auto options = RealApp::quickOptions();
    options.socketPaths = {m_socket};
    options.startHelper = false; // the test's own helper, with the name map
    RealApp app(options, m_dir.filePath(QStringLiteral("cordon.ini")));
    SocketHelperConnection& connection = app.connection;
    MainWindow& window = app.window;
    ApprovalPopup& popup = app.popup;
    SessionModel& sessions = app.sessions;
    TimelineModel& timeline = app.timeline;
    GrantModel& grants = app.grants;
    QSignalSpy ready(&connection, &HelperConnection::ready);
    connection.start();
    QTRY_VERIFY_WITH_TIMEOUT(ready.count() >= 1, 15000);

    // Launch the profile from the main window (no terminal launcher: straight to the helper).
    QString error;
    const QString id = app.launchFromWindow(QStringLiteral("nettest"), m_workspace, &error);
    QVERIFY2(!id.isEmpty(), qPrintable(error));

    auto* subject = popup.findChild<QLineEdit*>(QStringLiteral("subjectLineEdit"));
    auto* process = popup.findChild<QPlainTextEdit*>(QStringLiteral("processPlainTextEdit"));
    auto* agent = popup.findChild<QLabel*>(QStringLiteral("agentLabel"));
    auto* countdown = popup.findChild<QLabel*>(QStringLiteral("countdownLabel"));
    const QString host = QStringLiteral("unlisted.test:%1").arg(m_server.port());
    const QString file = m_workspace + QStringLiteral("/%1%2");
    // Waits for the i-th question: the pop-up shows a new request naming the host and the process.
    qint64 lastRequest = 0;
    auto awaitQuestion = [&]() -> bool {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 30000) {
            if (popup.isVisible() && popup.queueSize() == 1 && popup.currentRequestId() != lastRequest)
                break;
            QTest::qWait(20);
        }
        if (!popup.isVisible() || popup.currentRequestId() == lastRequest)
            return false;
        lastRequest = popup.currentRequestId();
        return true;
    };
    auto finished = [&](int i) { return QFileInfo::exists(file.arg(QStringLiteral("status")).arg(i)); };

    // 1. Allow once: exactly that request reaches the server.
    int before = m_server.connections();
    QVERIFY2(awaitQuestion(), "no pop-up for the first request");
    QCOMPARE(subject->text(), host);
    QVERIFY2(
        process->toPlainText().startsWith(QStringLiteral("/usr/bin/curl (pid ")), qPrintable(process->toPlainText()));
    QVERIFY2(process->toPlainText().contains(QStringLiteral("/request1")), qPrintable(process->toPlainText()));
    QVERIFY2(agent->text().contains(QStringLiteral("nettest")) && agent->text().contains(m_workspace) &&
                 agent->text().contains(id),
        qPrintable(agent->text()));
    QVERIFY(popup.findChild<QPushButton*>(QStringLiteral("onceButton"))->isVisible());
    QVERIFY(!popup.findChild<QPushButton*>(QStringLiteral("alwaysButton"))->isVisible()); // allowAlways: false
    QTest::mouseClick(popup.findChild<QPushButton*>(QStringLiteral("onceButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(finished(1), 30000);
    QCOMPARE(readFile(file.arg(QStringLiteral("status")).arg(1)), QByteArray("0"));
    QCOMPARE(readFile(file.arg(QStringLiteral("code")).arg(1)), QByteArray("200"));
    QCOMPARE(readFile(file.arg(QStringLiteral("body")).arg(1)), QByteArray("hello"));
    QCOMPARE(m_server.connections(), before + 1);
    QVERIFY(m_server.lastReceived().find("/request1") != std::string::npos);

    // 2. The same host asks again: Deny, and nothing reaches the server.
    before = m_server.connections();
    QVERIFY2(awaitQuestion(), "once was taken for a grant: no pop-up for the second request");
    QCOMPARE(subject->text(), host);
    QVERIFY(process->toPlainText().contains(QStringLiteral("/request2")));
    auto* deny = popup.findChild<QPushButton*>(QStringLiteral("denyButton"));
    QVERIFY(deny->isDefault());
    QTest::mouseClick(deny, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(finished(2), 30000);
    QVERIFY(readFile(file.arg(QStringLiteral("code")).arg(2)) != "200");
    QVERIFY(readFile(file.arg(QStringLiteral("body")).arg(2)) != "hello");
    QCOMPARE(m_server.connections(), before);

    // 3. Nobody answers: the countdown is shown, runs out, and the request is denied.
    before = m_server.connections();
    QVERIFY2(awaitQuestion(), "no pop-up for the third request");
    QVERIFY(process->toPlainText().contains(QStringLiteral("/request3")));
    QVERIFY(countdown->isVisible());
    const qint64 remaining = popup.remainingMs();
    QVERIFY2(remaining > 0 && remaining <= kAskTimeoutS * 1000, qPrintable(QString::number(remaining)));
    QVERIFY2(!countdown->text().isEmpty(), "the countdown shows no time");
    QTRY_VERIFY_WITH_TIMEOUT(finished(3), kAskTimeoutS * 1000 + 15000);
    QVERIFY(readFile(file.arg(QStringLiteral("code")).arg(3)) != "200");
    QCOMPARE(m_server.connections(), before);
    QTRY_VERIFY(popup.currentRequestId() != lastRequest || !popup.isVisible()); // it moved on

    // 4. Allow for this session: through, and the grant is listed with the session; Revoke drops it.
    before = m_server.connections();
    QVERIFY2(awaitQuestion(), "no pop-up for the fourth request");
    QTest::mouseClick(popup.findChild<QPushButton*>(QStringLiteral("sessionButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(finished(4), 30000);
    QCOMPARE(readFile(file.arg(QStringLiteral("code")).arg(4)), QByteArray("200"));
    QCOMPARE(m_server.connections(), before + 1);
    QTRY_VERIFY_WITH_TIMEOUT(!popup.isVisible(), 5000);
    auto grantRow = [&]() {
        for (int r = 0; r < grants.rowCount(); ++r)
            for (int c = 0; c < grants.columnCount(); ++c)
                if (grants.index(r, c).data().toString().contains(QStringLiteral("unlisted.test")))
                    return r;
        return -1;
    };
    QTRY_VERIFY_WITH_TIMEOUT(grantRow() >= 0, 10000);
    auto* grantView = window.findChild<QTreeView*>(QStringLiteral("grantView"));
    QVERIFY(grantView);
    grantView->setCurrentIndex(grants.index(grantRow(), 0));
    auto* revoke = window.findChild<QPushButton*>(QStringLiteral("revokeButton"));
    QVERIFY(revoke);
    QTRY_VERIFY(revoke->isEnabled());
    QTest::mouseClick(revoke, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(grantRow() < 0, 10000);

    // The timeline showed each question and answer as it happened: four asks, the two allowed and
    // the two denied requests (the revoke aside), and the decisions.
    auto count = [&](const QString& kind) {
        int n = 0;
        for (int r = 0; r < timeline.rowCount(); ++r)
            if (timeline.index(r, 0).data(TimelineModel::SessionRole).toString() == id &&
                timeline.index(r, 0).data(TimelineModel::KindRole).toString() == kind &&
                !timeline.index(r, TimelineModel::SummaryColumn).data().toString().startsWith(QStringLiteral("grant ")))
                ++n;
        return n;
    };
    QTRY_VERIFY_WITH_TIMEOUT(count(QStringLiteral("net_ask")) == 4, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(count(QStringLiteral("net_allow")) == 2, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(count(QStringLiteral("net_deny")) == 2, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(count(QStringLiteral("decision")) >= 4, 10000);
    // The revoke is on it too, naming the grant (not a host it does not have).
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (int r = 0; r < timeline.rowCount(); ++r)
                if (timeline.index(r, 0).data(TimelineModel::SessionRole).toString() == id &&
                    timeline.index(r, TimelineModel::SummaryColumn)
                        .data()
                        .toString()
                        .contains(QStringLiteral("revoked")))
                    return timeline.index(r, TimelineModel::SummaryColumn)
                        .data()
                        .toString()
                        .startsWith(QStringLiteral("grant "));
            return false;
        }(),
        10000);
    QStringList seen;
    for (int r = 0; r < timeline.rowCount(); ++r)
        if (timeline.index(r, 0).data(TimelineModel::SessionRole).toString() == id)
            seen.append(timeline.index(r, 0).data(TimelineModel::KindRole).toString() + QStringLiteral(" (") +
                        timeline.index(r, TimelineModel::SummaryColumn).data().toString() + QStringLiteral(")\n"));
    qInfo("timeline of %s: %s", qPrintable(id), qPrintable(seen.join(u' ')));

    // Stop ends the session.
    auto* sessionView = window.findChild<QTreeView*>(QStringLiteral("sessionView"));
    sessionView->setCurrentIndex(sessions.index(sessions.rowOf(id), 0));
    auto* stop = window.findChild<QPushButton*>(QStringLiteral("stopButton"));
    QVERIFY(stop->isEnabled());
    QTest::mouseClick(stop, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(
        sessions.index(sessions.rowOf(id), 0).data(SessionModel::StateRole).toString(), QStringLiteral("ended"), 30000);

    // The helper restarts: the app notices, reconnects by itself, and the session is still listed.
    const int readyBefore = ready.count();
    stopHelper();
    QTRY_VERIFY_WITH_TIMEOUT(connection.state() != HelperConnection::State::Ready, 10000);
    QVERIFY(startHelper());
    QTRY_VERIFY_WITH_TIMEOUT(ready.count() > readyBefore, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(sessions.rowOf(id) >= 0, 10000);
}

QTEST_MAIN(TestGuiEscalation)
#include "tst_guiescalation.moc"
