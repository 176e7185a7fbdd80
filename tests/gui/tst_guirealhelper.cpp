// The desktop app against the real cordon-helper (rootless, its socket and state in a temporary
// directory): the app finds no helper and starts one; the demo agent is launched from the main
// window; its session appears; the timeline shows its events; its egress question (example.org)
// opens the pop-up naming the host and the program and is denied; Stop ends the session. Skipped when
// cordon-helper is not built (a failure with CORDON_MUST_WORK=1).

#include "ApprovalPopup.h"
#include "FileDialog.h"
#include "GrantModel.h"
#include "MainWindow.h"
#include "ProfileListModel.h"
#include "RealApp.h"
#include "SessionEventTail.h"
#include "SessionModel.h"
#include "SocketHelperConnection.h"
#include "SystemClock.h"
#include "TimelineModel.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include <csignal>
#include <sys/types.h>

using namespace cordon::gui;
using cordon::gui::test::RealApp;

namespace {

QString findHelper()
{
    QStringList dirs{qEnvironmentVariable("CORDON_BIN_DIR")};
    for (const QString& dir : dirs) {
        const QFileInfo info(dir + QStringLiteral("/cordon-helper"));
        if (!dir.isEmpty() && info.isExecutable() && QFileInfo::exists(dir + QStringLiteral("/cordon-sandbox")))
            return info.absoluteFilePath();
    }
    return {};
}

bool mustWork()
{
    return qEnvironmentVariable("CORDON_MUST_WORK") == QLatin1String("1");
}

} // namespace

class TestGuiRealHelper : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void launchDemoAgentSeeItAndStopIt();

private:
    QTemporaryDir m_dir;
    QString m_helper;
    qint64 m_helperPid = 0;
};

void TestGuiRealHelper::initTestCase()
{
    m_helper = findHelper();
    if (m_helper.isEmpty()) {
        if (mustWork())
            QFAIL("cordon-helper is not built next to this test");
        QSKIP("cordon-helper is not built next to this test");
    }
    QVERIFY(m_dir.isValid());
    // The helper started by the app inherits this environment: socket and state stay in here.
    qputenv("CORDON_HELPER_SOCKET", QFile::encodeName(m_dir.filePath(QStringLiteral("run/helper.sock"))));
    qputenv("XDG_STATE_HOME", QFile::encodeName(m_dir.filePath(QStringLiteral("state"))));
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_dir.filePath(QStringLiteral("config"))));
    qputenv("CORDON_MANAGED_DIR", QFile::encodeName(m_dir.filePath(QStringLiteral("managed"))));
}

void TestGuiRealHelper::cleanupTestCase()
{
    if (m_helperPid > 0)
        ::kill(static_cast<pid_t>(m_helperPid), SIGTERM);
}

void TestGuiRealHelper::launchDemoAgentSeeItAndStopIt()
{
    auto options = RealApp::quickOptions();
    options.helperBinary = m_helper;
    RealApp app(options, m_dir.filePath(QStringLiteral("cordon.ini")));
    SocketHelperConnection& connection = app.connection;
    MainWindow& window = app.window;
    ApprovalPopup& popup = app.popup;
    SessionModel& sessions = app.sessions;
    TimelineModel& timeline = app.timeline;

    // No helper answers: the app starts one and connects once its socket appears.
    QSignalSpy ready(&connection, &HelperConnection::ready);
    connection.start();
    QTRY_VERIFY_WITH_TIMEOUT(connection.startedHelperPid() > 0, 5000);
    m_helperPid = connection.startedHelperPid();
    QTRY_VERIFY_WITH_TIMEOUT(ready.count() >= 1, 15000);
    QVERIFY2(connection.helperDescription().contains(QStringLiteral("rootless")),
        qPrintable(connection.helperDescription()));

    // Launch the demo agent from the main window, in a fresh workspace.
    const QString workspace = m_dir.filePath(QStringLiteral("workspace"));
    QVERIFY(QDir().mkpath(workspace));
    QString error;
    const QString id = app.launchFromWindow(QStringLiteral("demo-agent"), workspace, &error);
    QVERIFY2(!id.isEmpty(), qPrintable(error));
    const int row = sessions.rowOf(id);
    QVERIFY(row >= 0); // it appeared at once
    QCOMPARE(sessions.index(row, SessionModel::ProfileColumn).data().toString(), QStringLiteral("demo-agent"));
    QCOMPARE(sessions.index(row, SessionModel::WorkspaceColumn).data().toString(), workspace);

    // The timeline shows its events, live.
    auto hasEvent = [&](const QString& kind) {
        for (int r = 0; r < timeline.rowCount(); ++r)
            if (timeline.index(r, 0).data(TimelineModel::SessionRole).toString() == id &&
                timeline.index(r, 0).data(TimelineModel::KindRole).toString() == kind)
                return true;
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(hasEvent(QStringLiteral("launch")), 15000);

    // The demo agent asks the egress proxy for example.org: the pop-up names the host and the
    // process that asked; Deny, and the agent is told 403 (its output log says so).
    QTRY_VERIFY_WITH_TIMEOUT(popup.isVisible() && popup.queueSize() == 1, 60000);
    QCOMPARE(popup.findChild<QLineEdit*>(QStringLiteral("subjectLineEdit"))->text(), QStringLiteral("example.org:443"));
    const QString asker = popup.findChild<QPlainTextEdit*>(QStringLiteral("processPlainTextEdit"))->toPlainText();
    // curl when installed (the agent prefers it), else bash's /dev/tcp.
    const QString program = QFileInfo::exists(QStringLiteral("/usr/bin/curl")) ? QStringLiteral("/usr/bin/curl (pid ")
                                                                               : QStringLiteral("/usr/bin/bash (pid ");
    QVERIFY2(asker.startsWith(program), qPrintable(asker));
    QTRY_VERIFY(hasEvent(QStringLiteral("net_ask")));
    QTest::mouseClick(popup.findChild<QPushButton*>(QStringLiteral("denyButton")), Qt::LeftButton);
    QTRY_VERIFY(!popup.isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(hasEvent(QStringLiteral("net_deny")), 15000);
    const QString outputLog = m_dir.filePath(QStringLiteral("state/cordon/output/%1.log").arg(id));
    auto output = [&] {
        QFile f(outputLog);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    };
    QTRY_VERIFY2_WITH_TIMEOUT(
        output().contains("the proxy refused example.org:443 (403)"), output().right(2000).constData(), 30000);

    // Stop ends it.
    auto* view = window.findChild<QTreeView*>(QStringLiteral("sessionView"));
    view->setCurrentIndex(sessions.index(sessions.rowOf(id), 0));
    auto* stop = window.findChild<QPushButton*>(QStringLiteral("stopButton"));
    if (sessions.index(sessions.rowOf(id), 0).data(SessionModel::StateRole).toString() != QLatin1String("ended")) {
        QVERIFY(stop->isEnabled());
        QTest::mouseClick(stop, Qt::LeftButton);
    }
    QTRY_COMPARE_WITH_TIMEOUT(
        sessions.index(sessions.rowOf(id), 0).data(SessionModel::StateRole).toString(), QStringLiteral("ended"), 30000);
    QTRY_VERIFY_WITH_TIMEOUT(hasEvent(QStringLiteral("exit")), 15000);

    // The journal has it too: a fresh browse-mode timeline pages it from history.
    TimelineModel history(&connection, &app.clock);
    QAbstractItemModelTester t4(&history, QAbstractItemModelTester::FailureReportingMode::QtTest);
    history.setFollow(false);
    TimelineQuery query;
    query.session = id;
    history.setQuery(query);
    while (history.canFetchMore({})) {
        history.fetchMore({});
        QTRY_VERIFY(!history.isLoading());
    }
    QStringList kinds;
    for (int r = 0; r < history.rowCount(); ++r)
        kinds.append(history.index(r, 0).data(TimelineModel::KindRole).toString());
    qInfo("journal of %s: %s", qPrintable(id), qPrintable(kinds.join(u' ')));
    QVERIFY(history.rowCount() >= 2);
    QCOMPARE(history.index(0, 0).data(TimelineModel::KindRole).toString(), QStringLiteral("launch"));

    // Stop ends a session that would otherwise run on: a long sleep, stopped from the window.
    QString sleeper;
    connection.send(QJsonObject{{QStringLiteral("type"), QStringLiteral("launch")},
                        {QStringLiteral("profile"), QStringLiteral("shell")}, {QStringLiteral("workspace"), workspace},
                        {QStringLiteral("argv"), QJsonArray{QStringLiteral("sleep"), QStringLiteral("120")}},
                        {QStringLiteral("env"), QJsonObject()}, {QStringLiteral("terminal"), false}},
        [&](const QJsonObject& reply) {
            QVERIFY2(!HelperConnection::isError(reply), qPrintable(reply.value(QLatin1String("message")).toString()));
            sleeper = reply.value(QLatin1String("session")).toObject().value(QLatin1String("id")).toString();
        });
    QTRY_VERIFY_WITH_TIMEOUT(!sleeper.isEmpty() && sessions.rowOf(sleeper) >= 0, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(sessions.index(sessions.rowOf(sleeper), 0).data(SessionModel::StateRole).toString(),
        QStringLiteral("running"), 15000);
    QTest::qWait(1000);
    QCOMPARE(
        sessions.index(sessions.rowOf(sleeper), 0).data(SessionModel::StateRole).toString(), QStringLiteral("running"));
    QElapsedTimer stopping;
    stopping.start();
    view->setCurrentIndex(sessions.index(sessions.rowOf(sleeper), 0));
    QVERIFY(stop->isEnabled());
    QTest::mouseClick(stop, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(sessions.index(sessions.rowOf(sleeper), 0).data(SessionModel::StateRole).toString(),
        QStringLiteral("ended"), 30000);
    QVERIFY(stopping.elapsed() < 20000);
    QVERIFY(!stop->isEnabled());
}

QTEST_MAIN(TestGuiRealHelper)
#include "tst_guirealhelper.moc"
