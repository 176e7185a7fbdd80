// The main window and the tray icon against a fake helper: Launch asks for a workspace once and
// remembers it per profile, sends `launch`, and the session appears at once; Stop and Stop all
// (which asks); the timeline's filters re-query the helper; the details pane is inert; the tray
// shows idle / running / pending; Quit asks when sessions run.

#include "FakeHelperConnection.h"
#include "FileDialog.h"
#include "GrantModel.h"
#include "MainWindow.h"
#include "ManualClock.h"
#include "MessageBox.h"
#include "ProfileEditorDialog.h"
#include "ProfileListModel.h"
#include "SessionModel.h"
#include "TimelineModel.h"
#include "TrayIcon.h"

#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>

using namespace cordon::gui;
using namespace cordon::gui::test;

namespace {

QJsonObject session(const QString& id, const QString& profile, const QString& workspace, const QString& state)
{
    return QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("profile"), profile},
        {QStringLiteral("workspace"), workspace},
        {QStringLiteral("argv"), QJsonArray{QStringLiteral("cordon-demo-agent")}}, {QStringLiteral("state"), state},
        {QStringLiteral("started"), 1700000000000LL}, {QStringLiteral("pid"), 99}, {QStringLiteral("pending"), 0}};
}

struct Fixture {
    QTemporaryDir dir;
    QSettings settings{dir.filePath(QStringLiteral("cordon.ini")), QSettings::IniFormat};
    FakeHelperConnection helper;
    ManualClock clock{1700000005000LL};
    ProfileListModel profiles;
    SessionModel sessions{&helper, &clock};
    TimelineModel timeline{&helper, &clock};
    GrantModel grants{&helper};
    MainWindow window{&helper, {&profiles, &sessions, &timeline, &grants}, &settings};
    int launches = 0;

    Fixture()
    {
        profiles.setEntries({{QStringLiteral("demo-agent"), QStringLiteral("built-in"),
                                 QStringLiteral("built-in:demo-agent"), false, QStringLiteral("Demo agent")},
            {QStringLiteral("shell"), QStringLiteral("built-in"), QStringLiteral("built-in:shell"), true,
                QStringLiteral("Shell")}});
        helper.setResponder(QStringLiteral("launch"), [this](const QJsonObject& request) {
            ++launches;
            return QJsonObject{{QStringLiteral("type"), QStringLiteral("launched")},
                {QStringLiteral("session"),
                    session(QStringLiteral("r-%1").arg(launches), request.value(QLatin1String("profile")).toString(),
                        request.value(QLatin1String("workspace")).toString(), QStringLiteral("starting"))}};
        });
        helper.setReady(true);
        window.show();
        QTest::qWait(20); // the first list/grants/history replies
    }
    template <typename T>
    T* find(const char* name)
    {
        return window.findChild<T*>(QLatin1String(name));
    }
};

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void launchAsksForWorkspaceOnceAndRemembersIt();
    void startsOnTheLastLaunchedProfileElseTheDemoAgent();
    void aNewLanguageOffersARestart();
    void launchFailureIsShown();
    void stopAndStopAll();
    void emptyStatesAreExplained();
    void timelineFiltersRequeryAndDetailsAreInert();
    void exportWritesJsonLinesOfTheFilter();
    void editOpensTheProfileEditor();
    void trayShowsIdleRunningPending();
    void quitAsksWhenSessionsRun();
};

void TestMainWindow::launchAsksForWorkspaceOnceAndRemembersIt()
{
    Fixture f;
    QCOMPARE(f.window.selectedProfile(), QStringLiteral("demo-agent"));
    auto* launch = f.find<QPushButton>("launchButton");
    QTRY_VERIFY(launch->isEnabled());
    QTemporaryDir workspace;
    FileDialog::setNextDirectory(workspace.path());
    QSignalSpy launched(&f.window, &MainWindow::launched);
    QTest::mouseClick(launch, Qt::LeftButton);
    QTRY_COMPARE(launched.count(), 1);
    const QJsonObject request = f.helper.sentOfType(QStringLiteral("launch")).constFirst();
    QCOMPARE(request.value(QLatin1String("profile")).toString(), QStringLiteral("demo-agent"));
    QCOMPARE(request.value(QLatin1String("workspace")).toString(), workspace.path());
    QCOMPARE(request.value(QLatin1String("terminal")).toBool(), false);
    QVERIFY(request.value(QLatin1String("env")).toObject().contains(QStringLiteral("PATH")));
    // The session is there at once, selected.
    QCOMPARE(f.sessions.rowCount(), 1);
    auto* sessionView = f.find<QTreeView>("sessionView");
    QCOMPARE(sessionView->currentIndex().data(SessionModel::IdRole).toString(), QStringLiteral("r-1"));
    QCOMPARE(f.window.rememberedWorkspace(QStringLiteral("demo-agent")), workspace.path());

    // Second launch: no dialog (none answered; it would block), the same workspace.
    QTest::mouseClick(launch, Qt::LeftButton);
    QTRY_COMPARE(launched.count(), 2);
    QCOMPARE(f.helper.sentOfType(QStringLiteral("launch")).constLast().value(QLatin1String("workspace")).toString(),
        workspace.path());

    // Another profile has its own (none yet), and switching back shows the remembered one.
    f.window.selectProfile(QStringLiteral("shell"));
    QCOMPARE(f.find<QLineEdit>("workspaceLineEdit")->text(), QString());
    f.window.selectProfile(QStringLiteral("demo-agent"));
    QCOMPARE(f.find<QLineEdit>("workspaceLineEdit")->text(), workspace.path());
    // Cancelling the chooser launches nothing.
    f.window.selectProfile(QStringLiteral("shell"));
    FileDialog::setNextDirectory(QString());
    QTest::mouseClick(launch, Qt::LeftButton);
    QTest::qWait(20);
    QCOMPARE(f.helper.sentOfType(QStringLiteral("launch")).size(), 2);
}

void TestMainWindow::startsOnTheLastLaunchedProfileElseTheDemoAgent()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("cordon.ini")), QSettings::IniFormat);
    FakeHelperConnection helper;
    ManualClock clock(1700000005000LL);
    ProfileListModel profiles;
    profiles.setEntries({{QStringLiteral("aider"), QStringLiteral("built-in"), QStringLiteral("built-in:aider"), false,
                             QStringLiteral("Aider")},
        {QStringLiteral("demo-agent"), QStringLiteral("built-in"), QStringLiteral("built-in:demo-agent"), false,
            QStringLiteral("Demo agent")},
        {QStringLiteral("shell"), QStringLiteral("built-in"), QStringLiteral("built-in:shell"), false,
            QStringLiteral("Shell")}});
    SessionModel sessions(&helper, &clock);
    TimelineModel timeline(&helper, &clock);
    GrantModel grants(&helper);
    helper.setReady(true);
    {
        // A first start: the demo agent, which the README's first steps launch.
        MainWindow window(&helper, {&profiles, &sessions, &timeline, &grants}, &settings);
        QCOMPARE(window.selectedProfile(), QStringLiteral("demo-agent"));
        QTemporaryDir workspace;
        settings.setValue(QStringLiteral("workspaces/shell"), workspace.path());
        window.selectProfile(QStringLiteral("shell"));
        QSignalSpy launched(&window, &MainWindow::launched);
        QTest::mouseClick(window.findChild<QPushButton*>(QStringLiteral("launchButton")), Qt::LeftButton);
        QTRY_COMPARE(launched.count(), 1);
    }
    // The next start: the profile launched last.
    MainWindow again(&helper, {&profiles, &sessions, &timeline, &grants}, &settings);
    QCOMPARE(again.selectedProfile(), QStringLiteral("shell"));
    // A profile that is gone: the demo agent again.
    settings.setValue(QStringLiteral("ui/lastProfile"), QStringLiteral("removed-profile"));
    MainWindow third(&helper, {&profiles, &sessions, &timeline, &grants}, &settings);
    QCOMPARE(third.selectedProfile(), QStringLiteral("demo-agent"));
}

void TestMainWindow::aNewLanguageOffersARestart()
{
    Fixture f;
    QSignalSpy restart(&f.window, &MainWindow::restartRequested);
    // Opens Settings from its button, picks a language (empty: keep it) and presses OK.
    auto settingsRound = [&](const QString& language) {
        QTimer::singleShot(0, &f.window, [&f, language] {
            auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            auto* combo = dialog->findChild<QComboBox*>(QStringLiteral("languageComboBox"));
            QVERIFY(combo);
            if (!language.isEmpty())
                combo->setCurrentIndex(combo->findData(language));
            auto* buttons = dialog->findChild<QDialogButtonBox*>();
            QVERIFY(buttons);
            buttons->button(QDialogButtonBox::Ok)->click();
        });
        QTest::mouseClick(f.find<QPushButton>("settingsButton"), Qt::LeftButton);
    };
    // A new language, and yes: the app asks to be restarted.
    MessageBox::resetRecord();
    MessageBox::setNextAnswer(QMessageBox::Yes);
    settingsRound(QStringLiteral("de"));
    QCOMPARE(MessageBox::askedCount(), 1);
    QVERIFY(MessageBox::lastText().contains(QStringLiteral("keep running")));
    QCOMPARE(restart.count(), 1);
    QCOMPARE(f.settings.value(QStringLiteral("ui/language")).toString(), QStringLiteral("de"));
    // Another one, and no: nothing restarts (it applies at the next start).
    MessageBox::resetRecord();
    MessageBox::setNextAnswer(QMessageBox::No);
    settingsRound(QStringLiteral("fr"));
    QCOMPARE(MessageBox::askedCount(), 1);
    QCOMPARE(restart.count(), 1);
    // The same language: not asked at all.
    MessageBox::resetRecord();
    settingsRound(QString());
    QCOMPARE(MessageBox::askedCount(), 0);
    QCOMPARE(restart.count(), 1);
}

void TestMainWindow::launchFailureIsShown()
{
    Fixture f;
    f.helper.setResponder(QStringLiteral("launch"), [](const QJsonObject&) {
        return QJsonObject{{QStringLiteral("type"), QStringLiteral("error")},
            {QStringLiteral("code"), QStringLiteral("launch-failed")},
            {QStringLiteral("message"), QStringLiteral("Landlock is missing")}, {QStringLiteral("exit_code"), 121}};
    });
    QTemporaryDir workspace;
    f.settings.setValue(QStringLiteral("workspaces/demo-agent"), workspace.path());
    f.window.selectProfile(QStringLiteral("shell"));
    f.window.selectProfile(QStringLiteral("demo-agent"));
    MessageBox::resetRecord();
    MessageBox::setNextAnswer(QMessageBox::Ok);
    QSignalSpy failed(&f.window, &MainWindow::launchFailed);
    f.window.launchSelected();
    QTRY_COMPARE(failed.count(), 1);
    QCOMPARE(MessageBox::askedCount(), 1);
    QVERIFY(MessageBox::lastText().contains(QStringLiteral("Landlock is missing")));
    QCOMPARE(f.sessions.rowCount(), 0);
}

void TestMainWindow::stopAndStopAll()
{
    Fixture f;
    f.helper.pushSession(
        session(QStringLiteral("r-7"), QStringLiteral("demo-agent"), QStringLiteral("/w"), QStringLiteral("running")));
    f.helper.pushSession(
        session(QStringLiteral("r-8"), QStringLiteral("shell"), QStringLiteral("/w"), QStringLiteral("running")));
    auto* view = f.find<QTreeView>("sessionView");
    auto* stop = f.find<QPushButton>("stopButton");
    QVERIFY(!stop->isEnabled());
    view->setCurrentIndex(f.sessions.index(1, 0));
    QVERIFY(stop->isEnabled());
    QTest::mouseClick(stop, Qt::LeftButton);
    QCOMPARE(f.helper.sentOfType(QStringLiteral("stop")).constLast().value(QLatin1String("session")).toString(),
        QStringLiteral("r-8"));

    // Stop all asks; No sends nothing, Yes sends {all: true}.
    auto* stopAll = f.find<QPushButton>("stopAllButton");
    QVERIFY(stopAll->isEnabled());
    MessageBox::setNextAnswer(QMessageBox::No);
    QTest::mouseClick(stopAll, Qt::LeftButton);
    QCOMPARE(f.helper.sentOfType(QStringLiteral("stop")).size(), 1);
    MessageBox::setNextAnswer(QMessageBox::Yes);
    QTest::mouseClick(stopAll, Qt::LeftButton);
    QCOMPARE(f.helper.sentOfType(QStringLiteral("stop")).size(), 2);
    QVERIFY(f.helper.sentOfType(QStringLiteral("stop")).constLast().value(QLatin1String("all")).toBool());

    // Ended sessions cannot be stopped again.
    f.helper.pushSession(
        session(QStringLiteral("r-8"), QStringLiteral("shell"), QStringLiteral("/w"), QStringLiteral("ended")));
    QVERIFY(!stop->isEnabled());
}

void TestMainWindow::emptyStatesAreExplained()
{
    Fixture f;
    auto* emptyLabel = f.window.findChild<QLabel*>(QStringLiteral("sessionsEmptyLabel"));
    QVERIFY(emptyLabel && emptyLabel->isVisible());
    QVERIFY(emptyLabel->text().contains(QStringLiteral("Launch")));
    f.helper.pushSession(
        session(QStringLiteral("r-1"), QStringLiteral("demo-agent"), QStringLiteral("/w"), QStringLiteral("running")));
    QVERIFY(!emptyLabel->isVisible());
    QVERIFY(f.find<QTreeView>("sessionView")->isVisible());
}

void TestMainWindow::timelineFiltersRequeryAndDetailsAreInert()
{
    Fixture f;
    f.helper.pushSession(
        session(QStringLiteral("r-1"), QStringLiteral("demo-agent"), QStringLiteral("/w"), QStringLiteral("running")));
    auto* sessionFilter = f.find<QComboBox>("sessionFilterComboBox");
    QCOMPARE(sessionFilter->count(), 2);
    f.helper.clearSent();
    sessionFilter->setCurrentIndex(1);
    auto* kindFilter = f.find<QComboBox>("kindFilterComboBox");
    kindFilter->setCurrentIndex(kindFilter->findData(QStringLiteral("net_deny")));
    f.find<QLineEdit>("textFilterLineEdit")->setText(QStringLiteral("example"));
    QTRY_COMPARE(f.timeline.query().text, QStringLiteral("example"));
    QCOMPARE(f.timeline.query().session, QStringLiteral("r-1"));
    QCOMPARE(f.timeline.query().kinds, QStringList{QStringLiteral("net_deny")});
    const auto history = f.helper.sentOfType(QStringLiteral("history"));
    QVERIFY(!history.isEmpty());
    QCOMPARE(history.constLast().value(QLatin1String("text")).toString(), QStringLiteral("example"));

    // A live event with hostile text: the details pane shows it inert.
    QTRY_VERIFY(f.timeline.caughtUp());
    f.helper.pushEvent(QJsonObject{{QStringLiteral("id"), 1}, {QStringLiteral("session"), QStringLiteral("r-1")},
        {QStringLiteral("time"), 1700000001000LL}, {QStringLiteral("kind"), QStringLiteral("net_deny")},
        {QStringLiteral("pid"), 3}, {QStringLiteral("subject"), QStringLiteral("example\u202Emoc.evil:443")},
        {QStringLiteral("detail"), QJsonObject()}});
    QTRY_COMPARE(f.timeline.rowCount(), 1);
    auto* view = f.find<QTreeView>("timelineView");
    view->setCurrentIndex(f.timeline.index(0, 0));
    const QString details = f.find<QPlainTextEdit>("detailsPlainTextEdit")->toPlainText();
    QVERIFY2(details.contains(QStringLiteral("exampleU+202Emoc.evil:443")), qPrintable(details));
    QVERIFY(!details.contains(QChar(0x202E)));
}

void TestMainWindow::exportWritesJsonLinesOfTheFilter()
{
    Fixture f;
    f.helper.setJournalSize(2500);
    TimelineQuery query;
    query.kinds = {QStringLiteral("net_deny")};
    f.timeline.setQuery(query);
    QTemporaryDir out;
    const QString path = out.filePath(QStringLiteral("timeline.jsonl"));
    FileDialog::setNextSaveFileName(path);
    QSignalSpy finished(&f.window, &MainWindow::exportFinished);
    auto* button = f.find<QPushButton>("exportButton");
    QVERIFY(button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
    QTRY_COMPARE(finished.count(), 1);
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QCOMPARE(lines.size(), 2500 / 6 + 1 + 1); // ids 2, 8, ..., 2498, then the empty tail after the last newline
    QVERIFY(lines.constLast().isEmpty());
    qint64 previous = 0;
    for (qsizetype i = 0; i + 1 < lines.size(); ++i) {
        const QJsonObject event = QJsonDocument::fromJson(lines.at(i)).object();
        QCOMPARE(event.value(QLatin1String("kind")).toString(), QStringLiteral("net_deny"));
        QVERIFY(event.value(QLatin1String("id")).toInteger() > previous);
        previous = event.value(QLatin1String("id")).toInteger();
    }
    // Every page asked for the filter and at most 1000 events.
    for (const QJsonObject& h : f.helper.sentOfType(QStringLiteral("history")))
        QVERIFY(h.value(QLatin1String("limit")).toInt() <= 1000);
}

void TestMainWindow::editOpensTheProfileEditor()
{
    QTemporaryDir config, managed;
    qputenv("XDG_CONFIG_HOME", config.path().toUtf8());
    qputenv("CORDON_MANAGED_DIR", managed.path().toUtf8());
    Fixture f;
    auto* edit = f.find<QPushButton>("editProfileButton");
    QCOMPARE(edit->text(), QStringLiteral("&Edit…"));
    QTest::mouseClick(edit, Qt::LeftButton);
    auto* dialog = f.window.findChild<ProfileEditorDialog*>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QCOMPARE(dialog->kind(), ProfileKind::BuiltIn);
    dialog->reject();
    f.window.selectProfile(QStringLiteral("shell")); // locked in the fixture's list
    QCOMPARE(edit->text(), QStringLiteral("&View…"));
    qunsetenv("XDG_CONFIG_HOME");
    qunsetenv("CORDON_MANAGED_DIR");
}

void TestMainWindow::trayShowsIdleRunningPending()
{
    ProfileListModel profiles;
    profiles.setEntries({{QStringLiteral("demo-agent"), QStringLiteral("built-in"),
        QStringLiteral("built-in:demo-agent"), false, QStringLiteral("Demo agent")}});
    TrayIcon tray(&profiles);
    QCOMPARE(tray.state(), TrayIcon::State::Idle);
    tray.setCounts(3, 0);
    QCOMPARE(tray.state(), TrayIcon::State::Running);
    QVERIFY(tray.toolTip().contains(QStringLiteral("3 session")));
    QVERIFY(!tray.icon().isNull());
    tray.setCounts(3, 1);
    QCOMPARE(tray.state(), TrayIcon::State::Pending);
    QVERIFY(tray.toolTip().contains(QStringLiteral("1 request")));
    // Quick launch per profile.
    auto* quick = tray.menu()->findChild<QMenu*>(QStringLiteral("quickLaunchMenu"));
    QVERIFY(quick);
    QCOMPARE(quick->actions().size(), 1);
    QSignalSpy launch(&tray, &TrayIcon::launchRequested);
    quick->actions().constFirst()->trigger();
    QCOMPARE(launch.count(), 1);
    QCOMPARE(launch.at(0).at(0).toString(), QStringLiteral("demo-agent"));
}

void TestMainWindow::quitAsksWhenSessionsRun()
{
    Fixture f;
    f.window.setCloseHidesWindow(true);
    f.window.close();
    QVERIFY(!f.window.isVisible()); // closing keeps Cordon in the tray
    f.helper.pushSession(
        session(QStringLiteral("r-1"), QStringLiteral("demo-agent"), QStringLiteral("/w"), QStringLiteral("running")));
    MessageBox::resetRecord();
    MessageBox::setNextAnswer(QMessageBox::Cancel);
    QSignalSpy quit(qApp, &QCoreApplication::aboutToQuit);
    f.window.requestQuit();
    QCOMPARE(MessageBox::askedCount(), 1);
    QVERIFY(MessageBox::lastText().contains(QStringLiteral("1 session")));
    QTest::qWait(200);
    QCOMPARE(quit.count(), 0);
    QCOMPARE(f.helper.sentOfType(QStringLiteral("stop")).size(), 0);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
