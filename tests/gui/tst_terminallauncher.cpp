// Terminal agents (issue 4, "a terminal agent gets a terminal the person can type into"): the
// launcher builds each emulator's own argv around `cordonctl run --profile P --workspace W`, finds
// the emulator in the documented order, honours Settings; the main window opens the terminal
// instead of launching blind, and says so when there is none (offering a launch without one).
// Against the real helper: a fake "terminal" ($TERMINAL, a script that runs its argv with stdin
// from /dev/null) runs the real cordonctl, and the session shows in the app's SessionModel.

#include "FakeHelperConnection.h"
#include "FileDialog.h"
#include "GrantModel.h"
#include "MainWindow.h"
#include "ManualClock.h"
#include "MessageBox.h"
#include "ProfileListModel.h"
#include "SessionModel.h"
#include "SettingsDialog.h"
#include "SocketHelperConnection.h"
#include "SystemClock.h"
#include "TerminalLauncher.h"
#include "TimelineModel.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/types.h>

using namespace cordon::gui;
using namespace cordon::gui::test;

namespace {

// Captures what would be started instead of opening a window.
class CapturingLauncher final : public TerminalLauncher {
public:
    QString program;
    QStringList args;
    QString workingDirectory;
    int started = 0;
    bool startResult = true;

protected:
    bool startDetached(const QString& p, const QStringList& a, const QString& cwd) override
    {
        program = p;
        args = a;
        workingDirectory = cwd;
        ++started;
        return startResult;
    }
};

// An executable file in `dir` (a fake emulator for $PATH lookups).
QString makeExecutable(const QString& dir, const QString& name, const QByteArray& script = "#!/bin/sh\nexit 0\n")
{
    const QString path = dir + u'/' + name;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    file.write(script);
    file.close();
    file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return path;
}

// Restores an environment variable when the test ends.
class EnvGuard {
public:
    explicit EnvGuard(const char* name) : m_name(name), m_had(qEnvironmentVariableIsSet(name)), m_old(qgetenv(name)) {}
    ~EnvGuard()
    {
        if (m_had)
            qputenv(m_name, m_old);
        else
            qunsetenv(m_name);
    }
    EnvGuard(const EnvGuard&) = delete;
    EnvGuard& operator=(const EnvGuard&) = delete;

private:
    const char* m_name;
    bool m_had;
    QByteArray m_old;
};

bool mustWork()
{
    return qEnvironmentVariable("CORDON_MUST_WORK") == QLatin1String("1");
}

} // namespace

class TestTerminalLauncher final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void commandLinePerEmulator_data();
    void commandLinePerEmulator();
    void findsEmulatorInOrder();
    void settingsChoiceWins();
    void launchCapturesArgv();
    void mainWindowOpensTerminal();
    void mainWindowWithoutTerminalAsksThenLaunchesBlind();
    void settingsDialogStoresChoices();
    void fakeTerminalRunsDemoAgentThroughRealHelper();
};

void TestTerminalLauncher::commandLinePerEmulator_data()
{
    QTest::addColumn<QStringList>("emulator");
    QTest::addColumn<QStringList>("expectedPrefix"); // before "cordonctl run ..."
    const auto row = [](const char* name, QStringList emulator, QStringList prefix) {
        QTest::newRow(name) << emulator << prefix;
    };
    const QString gt = QStringLiteral("/usr/bin/gnome-terminal");
    row("gnome-terminal", {gt}, {gt, QStringLiteral("--")});
    row("konsole", {QStringLiteral("konsole")}, {QStringLiteral("konsole"), QStringLiteral("-e")});
    row("xfce4-terminal", {QStringLiteral("xfce4-terminal")}, {QStringLiteral("xfce4-terminal"), QStringLiteral("-x")});
    row("kitty", {QStringLiteral("kitty")}, {QStringLiteral("kitty")});
    row("kitty with options", {QStringLiteral("kitty"), QStringLiteral("--single-instance")},
        {QStringLiteral("kitty"), QStringLiteral("--single-instance")});
    row("alacritty", {QStringLiteral("alacritty")}, {QStringLiteral("alacritty"), QStringLiteral("-e")});
    row("foot", {QStringLiteral("/usr/bin/foot")}, {QStringLiteral("/usr/bin/foot")});
    row("xterm", {QStringLiteral("xterm")}, {QStringLiteral("xterm"), QStringLiteral("-e")});
    row("x-terminal-emulator", {QStringLiteral("/usr/bin/x-terminal-emulator")},
        {QStringLiteral("/usr/bin/x-terminal-emulator"), QStringLiteral("-e")});
    row("unknown ($TERMINAL)", {QStringLiteral("/opt/my-term")}, {QStringLiteral("/opt/my-term"), QStringLiteral("-e")});
}

void TestTerminalLauncher::commandLinePerEmulator()
{
    QFETCH(QStringList, emulator);
    QFETCH(QStringList, expectedPrefix);
    const QStringList run = TerminalLauncher::runArguments(QStringLiteral("claude-code"), QStringLiteral("/home/u/p q"),
        {QStringLiteral("claude"), QStringLiteral("--verbose")});
    QCOMPARE(run,
        QStringList({QStringLiteral("run"), QStringLiteral("--profile"), QStringLiteral("claude-code"),
            QStringLiteral("--workspace"), QStringLiteral("/home/u/p q"), QStringLiteral("--"), QStringLiteral("claude"),
            QStringLiteral("--verbose")}));
    const QStringList line = TerminalLauncher::commandLine(emulator, QStringLiteral("/usr/bin/cordonctl"), run);
    QCOMPARE(line, expectedPrefix + QStringList{QStringLiteral("/usr/bin/cordonctl")} + run);
    // Without ARGV the profile's own command runs (cordonctl resolves it).
    QCOMPARE(TerminalLauncher::runArguments(QStringLiteral("shell"), QStringLiteral("/w")).size(), 5);
}

void TestTerminalLauncher::findsEmulatorInOrder()
{
    QTemporaryDir bin;
    EnvGuard path("PATH");
    EnvGuard terminal("TERMINAL");
    qputenv("PATH", QFile::encodeName(bin.path()));
    qunsetenv("TERMINAL");
    TerminalLauncher launcher;
    QVERIFY(launcher.findEmulator().isEmpty()); // nothing installed: nothing found
    const QString xterm = makeExecutable(bin.path(), QStringLiteral("xterm"));
    const QString kitty = makeExecutable(bin.path(), QStringLiteral("kitty"));
    QCOMPARE(launcher.findEmulator(), QStringList{kitty}); // kitty comes before xterm
    QCOMPARE(launcher.installedEmulators(), QStringList({QStringLiteral("kitty"), QStringLiteral("xterm")}));
    const QString konsole = makeExecutable(bin.path(), QStringLiteral("konsole"));
    QCOMPARE(launcher.findEmulator(), QStringList{konsole});
    // $TERMINAL first, with its options; a $TERMINAL that is not installed is passed over.
    const QString mine = makeExecutable(bin.path(), QStringLiteral("my-term"));
    qputenv("TERMINAL", "my-term --class cordon");
    QCOMPARE(launcher.findEmulator(), QStringList({mine, QStringLiteral("--class"), QStringLiteral("cordon")}));
    qputenv("TERMINAL", "not-installed");
    QCOMPARE(launcher.findEmulator(), QStringList{konsole});
    Q_UNUSED(xterm);
}

void TestTerminalLauncher::settingsChoiceWins()
{
    QTemporaryDir bin;
    EnvGuard path("PATH");
    EnvGuard terminal("TERMINAL");
    qputenv("PATH", QFile::encodeName(bin.path()));
    const QString xterm = makeExecutable(bin.path(), QStringLiteral("xterm"));
    const QString foot = makeExecutable(bin.path(), QStringLiteral("foot"));
    qputenv("TERMINAL", "foot");
    TerminalLauncher launcher;
    launcher.setPreferred(QStringLiteral("xterm"));
    QCOMPARE(launcher.findEmulator(), QStringList{xterm});
    // A chosen emulator that is gone is not silently replaced by another.
    launcher.setPreferred(QStringLiteral("alacritty"));
    QVERIFY(launcher.findEmulator().isEmpty());
    launcher.setPreferred(TerminalLauncher::noTerminal());
    QVERIFY(launcher.disabled());
    QVERIFY(launcher.findEmulator().isEmpty());
    launcher.setPreferred({});
    QCOMPARE(launcher.findEmulator(), QStringList{foot});
}

void TestTerminalLauncher::launchCapturesArgv()
{
    QTemporaryDir bin;
    EnvGuard path("PATH");
    EnvGuard terminal("TERMINAL");
    qputenv("PATH", QFile::encodeName(bin.path()));
    qunsetenv("TERMINAL");
    const QString gnome = makeExecutable(bin.path(), QStringLiteral("gnome-terminal"));
    CapturingLauncher launcher;
    launcher.setCordonctl(QStringLiteral("/opt/cordon/bin/cordonctl"));
    QString error;
    QVERIFY2(launcher.launch(QStringLiteral("shell"), QStringLiteral("/work/space"), {QStringLiteral("bash")}, &error),
        qPrintable(error));
    QCOMPARE(launcher.program, gnome);
    QCOMPARE(launcher.args,
        QStringList({QStringLiteral("--"), QStringLiteral("/opt/cordon/bin/cordonctl"), QStringLiteral("run"),
            QStringLiteral("--profile"), QStringLiteral("shell"), QStringLiteral("--workspace"),
            QStringLiteral("/work/space"), QStringLiteral("--"), QStringLiteral("bash")}));
    QCOMPARE(launcher.workingDirectory, QStringLiteral("/work/space"));

    // An emulator that does not start is reported, by name.
    launcher.startResult = false;
    QVERIFY(!launcher.launch(QStringLiteral("shell"), QStringLiteral("/w"), {}, &error));
    QVERIFY2(error.contains(gnome), qPrintable(error));

    // None installed: a clear message naming what was tried; nothing started.
    QFile::remove(gnome);
    const int before = launcher.started;
    QVERIFY(!launcher.launch(QStringLiteral("shell"), QStringLiteral("/w"), {}, &error));
    QCOMPARE(launcher.started, before);
    QVERIFY2(error.contains(QStringLiteral("$TERMINAL")) && error.contains(QStringLiteral("xterm")), qPrintable(error));
}

namespace {

struct WindowFixture {
    QTemporaryDir dir;
    QSettings settings{dir.filePath(QStringLiteral("cordon.ini")), QSettings::IniFormat};
    FakeHelperConnection helper;
    ManualClock clock{1700000005000LL};
    ProfileListModel profiles;
    SessionModel sessions{&helper, &clock};
    TimelineModel timeline{&helper, &clock};
    GrantModel grants{&helper};
    MainWindow window{&helper, {&profiles, &sessions, &timeline, &grants}, &settings};
    CapturingLauncher terminal;

    WindowFixture()
    {
        profiles.setEntries({{QStringLiteral("shell"), QStringLiteral("built-in"), QStringLiteral("built-in:shell"),
            false, QStringLiteral("Shell")}});
        helper.setResponder(QStringLiteral("launch"), [](const QJsonObject& request) {
            return QJsonObject{{QStringLiteral("type"), QStringLiteral("launched")},
                {QStringLiteral("session"),
                    QJsonObject{{QStringLiteral("id"), QStringLiteral("shell-0000abcd")},
                        {QStringLiteral("profile"), request.value(QLatin1String("profile"))},
                        {QStringLiteral("workspace"), request.value(QLatin1String("workspace"))},
                        {QStringLiteral("state"), QStringLiteral("starting")},
                        {QStringLiteral("started"), 1700000000000LL}}}};
        });
        helper.setReady(true);
        terminal.setCordonctl(QStringLiteral("/opt/cordon/bin/cordonctl"));
        window.setTerminalLauncher(&terminal);
        window.show();
        QTest::qWait(20);
    }
};

} // namespace

void TestTerminalLauncher::mainWindowOpensTerminal()
{
    QTemporaryDir bin;
    EnvGuard path("PATH");
    EnvGuard terminal("TERMINAL");
    qputenv("PATH", QFile::encodeName(bin.path()));
    qunsetenv("TERMINAL");
    const QString xterm = makeExecutable(bin.path(), QStringLiteral("xterm"));
    WindowFixture f;
    const QString workspace = f.dir.filePath(QStringLiteral("ws"));
    QVERIFY(QDir().mkpath(workspace));
    FileDialog::setNextDirectory(workspace);
    QSignalSpy opened(&f.window, &MainWindow::launchedInTerminal);
    MessageBox::resetRecord();
    f.window.launchProfile(QStringLiteral("shell"));
    QCOMPARE(opened.count(), 1);
    QCOMPARE(f.terminal.program, xterm);
    QCOMPARE(f.terminal.args,
        QStringList({QStringLiteral("-e"), QStringLiteral("/opt/cordon/bin/cordonctl"), QStringLiteral("run"),
            QStringLiteral("--profile"), QStringLiteral("shell"), QStringLiteral("--workspace"), workspace}));
    QCOMPARE(f.terminal.workingDirectory, workspace);
    // cordonctl launches it: the app sends no `launch` of its own, and asks nothing.
    QTest::qWait(20);
    QVERIFY(f.helper.sentOfType(QStringLiteral("launch")).isEmpty());
    QCOMPARE(MessageBox::askedCount(), 0);
}

void TestTerminalLauncher::mainWindowWithoutTerminalAsksThenLaunchesBlind()
{
    QTemporaryDir bin;
    EnvGuard path("PATH");
    EnvGuard terminal("TERMINAL");
    qputenv("PATH", QFile::encodeName(bin.path())); // no emulator at all
    qunsetenv("TERMINAL");
    WindowFixture f;
    const QString workspace = f.dir.filePath(QStringLiteral("ws"));
    QVERIFY(QDir().mkpath(workspace));
    FileDialog::setNextDirectory(workspace);

    // Cancel: nothing starts.
    MessageBox::resetRecord();
    MessageBox::setNextAnswer(QMessageBox::Cancel);
    f.window.launchProfile(QStringLiteral("shell"));
    QCOMPARE(MessageBox::askedCount(), 1);
    QVERIFY2(MessageBox::lastText().contains(QStringLiteral("No terminal emulator was found")),
        qPrintable(MessageBox::lastText()));
    QVERIFY2(MessageBox::lastText().contains(QStringLiteral("output log")), qPrintable(MessageBox::lastText()));
    QTest::qWait(20);
    QVERIFY(f.helper.sentOfType(QStringLiteral("launch")).isEmpty());
    QCOMPARE(f.terminal.started, 0);

    // Yes: launched through the helper without a terminal; the session appears at once.
    QSignalSpy launched(&f.window, &MainWindow::launched);
    MessageBox::setNextAnswer(QMessageBox::Yes);
    f.window.launchProfile(QStringLiteral("shell"));
    QTRY_COMPARE(launched.count(), 1);
    const QJsonObject request = f.helper.sentOfType(QStringLiteral("launch")).constFirst();
    QCOMPARE(request.value(QLatin1String("terminal")).toBool(true), false);
    QVERIFY(f.sessions.rowOf(QStringLiteral("shell-0000abcd")) >= 0);

    // Turned off in Settings: straight to the helper, no question.
    f.settings.setValue(SettingsDialog::terminalKey(), TerminalLauncher::noTerminal());
    f.window.setTerminalLauncher(&f.terminal);
    MessageBox::resetRecord();
    f.window.launchProfile(QStringLiteral("shell"));
    QTRY_COMPARE(launched.count(), 2);
    QCOMPARE(MessageBox::askedCount(), 0);
}

void TestTerminalLauncher::settingsDialogStoresChoices()
{
    QTemporaryDir dir;
    QTemporaryDir bin;
    EnvGuard path("PATH");
    qputenv("PATH", QFile::encodeName(bin.path()));
    makeExecutable(bin.path(), QStringLiteral("foot"));
    QSettings settings(dir.filePath(QStringLiteral("cordon.ini")), QSettings::IniFormat);
    TerminalLauncher launcher;
    SettingsDialog dialog(&settings, &launcher);
    auto* language = dialog.findChild<QComboBox*>(QStringLiteral("languageComboBox"));
    auto* terminal = dialog.findChild<QComboBox*>(QStringLiteral("terminalComboBox"));
    QVERIFY(language && terminal);
    QCOMPARE(language->count(), 6); // system default + five languages
    QCOMPARE(language->currentData().toString(), QString());
    language->setCurrentIndex(language->findData(QStringLiteral("de")));
    QVERIFY(terminal->findData(QStringLiteral("foot")) >= 0); // installed ones are listed
    terminal->setCurrentIndex(terminal->findData(TerminalLauncher::noTerminal()));
    dialog.save();
    QCOMPARE(settings.value(QStringLiteral("ui/language")).toString(), QStringLiteral("de"));
    QCOMPARE(settings.value(SettingsDialog::terminalKey()).toString(), TerminalLauncher::noTerminal());
    // A command of one's own.
    terminal->setEditText(QStringLiteral("foot --app-id cordon"));
    dialog.save();
    QCOMPARE(settings.value(SettingsDialog::terminalKey()).toString(), QStringLiteral("foot --app-id cordon"));
    // Reopened, it shows what was saved.
    SettingsDialog again(&settings, &launcher);
    QCOMPARE(again.languageChoice(), QStringLiteral("de"));
    QCOMPARE(again.terminalChoice(), QStringLiteral("foot --app-id cordon"));
}

void TestTerminalLauncher::fakeTerminalRunsDemoAgentThroughRealHelper()
{
    const QString binDir = qEnvironmentVariable("CORDON_BIN_DIR");
    const QString helper = binDir + QStringLiteral("/cordon-helper");
    const QString cordonctl = binDir + QStringLiteral("/cordonctl");
    if (binDir.isEmpty() || !QFileInfo(helper).isExecutable() || !QFileInfo(cordonctl).isExecutable() ||
        !QFileInfo::exists(binDir + QStringLiteral("/cordon-sandbox"))) {
        if (mustWork())
            QFAIL("cordon-helper, cordon-sandbox and cordonctl must be built next to this test");
        QSKIP("cordon-helper, cordon-sandbox and cordonctl are not built next to this test");
    }
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    EnvGuard socketGuard("CORDON_HELPER_SOCKET");
    EnvGuard stateGuard("XDG_STATE_HOME");
    EnvGuard configGuard("XDG_CONFIG_HOME");
    EnvGuard managedGuard("CORDON_MANAGED_DIR");
    EnvGuard terminalGuard("TERMINAL");
    // The helper the app starts, and the cordonctl the terminal runs, inherit these.
    qputenv("CORDON_HELPER_SOCKET", QFile::encodeName(dir.filePath(QStringLiteral("run/helper.sock"))));
    qputenv("XDG_STATE_HOME", QFile::encodeName(dir.filePath(QStringLiteral("state"))));
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(dir.filePath(QStringLiteral("config"))));
    qputenv("CORDON_MANAGED_DIR", QFile::encodeName(dir.filePath(QStringLiteral("managed"))));
    // The fake terminal: takes -e like most, runs the rest with stdin from /dev/null, keeps a log.
    const QString fake = makeExecutable(dir.path(), QStringLiteral("fake-terminal"),
        "#!/bin/sh\n"
        "[ \"$1\" = -e ] || { echo \"fake-terminal: expected -e, got $1\" >&2; exit 2; }\n"
        "shift\n"
        "printf '%s\\n' \"$*\" > \"$0.argv\"\n"
        "exec \"$@\" < /dev/null > \"$0.log\" 2>&1\n");
    QVERIFY(!fake.isEmpty());
    qputenv("TERMINAL", QFile::encodeName(fake));

    SystemClock clock;
    SocketHelperConnection::Options options;
    options.helperBinary = helper;
    options.initialBackoffMs = 50;
    options.maxBackoffMs = 500;
    SocketHelperConnection connection(options);
    SessionModel sessions(&connection, &clock);
    QAbstractItemModelTester tester(&sessions, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy ready(&connection, &HelperConnection::ready);
    connection.start();
    QTRY_VERIFY_WITH_TIMEOUT(ready.count() >= 1, 15000);
    const qint64 helperPid = connection.startedHelperPid();
    auto stopHelper = qScopeGuard([helperPid] {
        if (helperPid > 0)
            ::kill(static_cast<pid_t>(helperPid), SIGTERM);
    });

    const QString workspace = dir.filePath(QStringLiteral("workspace"));
    QVERIFY(QDir().mkpath(workspace));
    TerminalLauncher launcher;
    launcher.setCordonctl(cordonctl);
    QString error;
    QVERIFY2(launcher.launch(QStringLiteral("demo-agent"), workspace, {}, &error), qPrintable(error));

    auto demoRow = [&] {
        for (int r = 0; r < sessions.rowCount(); ++r)
            if (sessions.index(r, SessionModel::ProfileColumn).data().toString() == QLatin1String("demo-agent"))
                return r;
        return -1;
    };
    QTRY_VERIFY2_WITH_TIMEOUT(demoRow() >= 0, qPrintable([&] {
        QFile f(fake + QStringLiteral(".log"));
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QStringLiteral("(no terminal log)");
    }()), 30000);
    const int row = demoRow();
    QCOMPARE(sessions.index(row, SessionModel::WorkspaceColumn).data().toString(), workspace);
    QFile argv(fake + QStringLiteral(".argv"));
    QVERIFY(argv.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(argv.readAll()).trimmed(),
        cordonctl + QStringLiteral(" run --profile demo-agent --workspace ") + workspace);

    // Clean up: stop what still runs; cordonctl ends with its session.
    const QString id = sessions.index(row, 0).data(SessionModel::IdRole).toString();
    connection.send(
        QJsonObject{{QStringLiteral("type"), QStringLiteral("stop")}, {QStringLiteral("all"), true}}, nullptr);
    QTRY_COMPARE_WITH_TIMEOUT(
        sessions.index(sessions.rowOf(id), 0).data(SessionModel::StateRole).toString(), QStringLiteral("ended"), 30000);
}

QTEST_MAIN(TestTerminalLauncher)
#include "tst_terminallauncher.moc"
