// cordon-screenshots OUTDIR: renders the main window (sessions, timeline, grants), two approval
// pop-ups and the Settings dialog with plausible data from the fake helper into PNG files
// (docs/screenshots/). Run by screenshots.sh under Xvfb so that fonts and style are those of a real
// X server. The language follows the system locale as in the app (LANG=de_DE.UTF-8 renders German).

#include "ApprovalPopup.h"
#include "FakeHelperConnection.h"
#include "GrantModel.h"
#include "MainWindow.h"
#include "ManualClock.h"
#include "ProfileListModel.h"
#include "SessionEventTail.h"
#include "SessionModel.h"
#include "SettingsDialog.h"
#include "TerminalLauncher.h"
#include "Translations.h"
#include "TimelineModel.h"

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QTreeView>

using namespace cordon::gui;
using namespace cordon::gui::test;

namespace {

const qint64 kNow = QDateTime(QDate::currentDate(), QTime(14, 32, 10)).toMSecsSinceEpoch();

QJsonObject ev(qint64 id, const QString& session, qint64 secondsAgo, const QString& kind, const QString& subject,
    QJsonObject detail = {})
{
    return QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("session"), session},
        {QStringLiteral("time"), kNow - secondsAgo * 1000}, {QStringLiteral("kind"), kind},
        {QStringLiteral("pid"), 4100 + id}, {QStringLiteral("subject"), subject}, {QStringLiteral("detail"), detail}};
}

QJsonArray events()
{
    const QString a = QStringLiteral("r-7f3a91"), b = QStringLiteral("r-2c18e4");
    return QJsonArray{ev(1, b, 1500, QStringLiteral("launch"), QStringLiteral("claude-code in /home/ann/src/webshop")),
        ev(2, b, 1499, QStringLiteral("exec"), QStringLiteral("/usr/bin/claude")),
        ev(3, b, 1480, QStringLiteral("net_allow"), QStringLiteral("api.anthropic.com:443")),
        ev(4, b, 1300, QStringLiteral("exec"), QStringLiteral("/usr/bin/git status")),
        ev(5, b, 1200, QStringLiteral("exec"), QStringLiteral("/usr/bin/npm test")),
        ev(6, b, 1190, QStringLiteral("net_ask"), QStringLiteral("registry.npmjs.org:443")),
        ev(7, b, 1185, QStringLiteral("decision"), QStringLiteral("registry.npmjs.org:443"),
            QJsonObject{{QStringLiteral("decision"), QStringLiteral("session")}}),
        ev(8, b, 1184, QStringLiteral("net_allow"), QStringLiteral("registry.npmjs.org:443")),
        ev(9, a, 95, QStringLiteral("launch"), QStringLiteral("demo-agent in /home/ann/src/demo")),
        ev(10, a, 94, QStringLiteral("exec"), QStringLiteral("/usr/local/bin/cordon-demo-agent")),
        ev(11, a, 90, QStringLiteral("exec"), QStringLiteral("/usr/bin/cat /home/ann/.ssh/id_ed25519")),
        ev(12, a, 80, QStringLiteral("net_deny"), QStringLiteral("1.1.1.1:443"),
            QJsonObject{{QStringLiteral("reason"), QStringLiteral("no rule allows it")}}),
        ev(13, a, 60, QStringLiteral("secret_ask"), QStringLiteral("GITHUB_TOKEN")),
        ev(14, a, 58, QStringLiteral("secret_deny"), QStringLiteral("GITHUB_TOKEN")),
        ev(15, b, 30, QStringLiteral("limit_warning"), QStringLiteral("memory at 85% of 4 GiB")),
        ev(16, a, 12, QStringLiteral("exec"), QStringLiteral("/usr/bin/curl https://pypi.org/simple/requests/")),
        ev(17, a, 11, QStringLiteral("net_ask"), QStringLiteral("pypi.org:443"))};
}

QJsonObject session(const QString& id, const QString& profile, const QString& workspace, const QString& state,
    qint64 secondsAgo, qint64 memory, int pending)
{
    QJsonObject s{{QStringLiteral("id"), id}, {QStringLiteral("profile"), profile},
        {QStringLiteral("workspace"), workspace}, {QStringLiteral("argv"), QJsonArray()},
        {QStringLiteral("state"), state}, {QStringLiteral("started"), kNow - secondsAgo * 1000},
        {QStringLiteral("pid"), 4100}, {QStringLiteral("memory"), memory}, {QStringLiteral("pending"), pending}};
    if (state == QLatin1String("ended")) {
        s.insert(QStringLiteral("ended"), kNow - (secondsAgo - 300) * 1000);
        s.insert(QStringLiteral("exit_status"), 0);
    }
    return s;
}

bool save(QWidget* widget, const QString& path)
{
    const bool ok = widget->grab().save(path);
    qInfo("%s %s", ok ? "wrote" : "FAILED", qPrintable(path));
    return ok;
}

} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    Translations translations;
    translations.install(QString()); // the system's language, as the app does by default
    const QString out = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral(".");
    QDir().mkpath(out);

    FakeHelperConnection helper;
    ManualClock clock(kNow);
    helper.setResponder(QStringLiteral("history"), [](const QJsonObject& request) {
        QJsonArray page;
        const qint64 after = request.value(QLatin1String("after")).toInteger();
        for (const QJsonValue& e : events())
            if (e.toObject().value(QLatin1String("id")).toInteger() > after)
                page.append(e);
        return QJsonObject{{QStringLiteral("type"), QStringLiteral("history")}, {QStringLiteral("events"), page},
            {QStringLiteral("more"), false}};
    });
    helper.setResponder(QStringLiteral("list"), [](const QJsonObject&) {
        return QJsonObject{{QStringLiteral("type"), QStringLiteral("sessions")},
            {QStringLiteral("sessions"),
                QJsonArray{
                    session(QStringLiteral("r-2c18e4"), QStringLiteral("claude-code"),
                        QStringLiteral("/home/ann/src/webshop"), QStringLiteral("running"), 1500, 1288490188LL, 0),
                    session(QStringLiteral("r-7f3a91"), QStringLiteral("demo-agent"),
                        QStringLiteral("/home/ann/src/demo"), QStringLiteral("running"), 95, 48234496LL, 1),
                    session(QStringLiteral("r-0b77d2"), QStringLiteral("shell"), QStringLiteral("/home/ann/src/notes"),
                        QStringLiteral("ended"), 7200, 0, 0)}}};
    });
    helper.setResponder(QStringLiteral("grants"), [](const QJsonObject&) {
        return QJsonObject{{QStringLiteral("type"), QStringLiteral("grants")},
            {QStringLiteral("grants"),
                QJsonArray{
                    QJsonObject{{QStringLiteral("id"), 3}, {QStringLiteral("session"), QStringLiteral("r-2c18e4")},
                        {QStringLiteral("subject"), QStringLiteral("registry.npmjs.org:443")},
                        {QStringLiteral("decision"), QStringLiteral("session")},
                        {QStringLiteral("created"), kNow - 1185000}, {QStringLiteral("by"), QStringLiteral("client")}},
                    QJsonObject{{QStringLiteral("id"), 1}, {QStringLiteral("profile"), QStringLiteral("claude-code")},
                        {QStringLiteral("subject"), QStringLiteral("*.github.com:443")},
                        {QStringLiteral("decision"), QStringLiteral("always")},
                        {QStringLiteral("created"), kNow - 86400000 * 3},
                        {QStringLiteral("by"), QStringLiteral("client")}}}}};
    });

    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("cordon.ini")), QSettings::IniFormat);
    settings.setValue(QStringLiteral("workspaces/demo-agent"), QStringLiteral("/home/ann/src/demo"));
    ProfileListModel profiles;
    profiles.setEntries({{QStringLiteral("demo-agent"), QStringLiteral("built-in"),
                             QStringLiteral("built-in:demo-agent"), false, QStringLiteral("Demo agent")},
        {QStringLiteral("claude-code"), QStringLiteral("built-in"), QStringLiteral("built-in:claude-code"), false,
            QStringLiteral("Claude Code")},
        {QStringLiteral("codex"), QStringLiteral("built-in"), QStringLiteral("built-in:codex"), false,
            QStringLiteral("Codex CLI")},
        {QStringLiteral("aider"), QStringLiteral("built-in"), QStringLiteral("built-in:aider"), false,
            QStringLiteral("Aider")},
        {QStringLiteral("shell"), QStringLiteral("built-in"), QStringLiteral("built-in:shell"), false,
            QStringLiteral("Shell")},
        {QStringLiteral("webshop-agent"), QStringLiteral("user"),
            QStringLiteral("/home/ann/.config/cordon/profiles/webshop-agent.json"), false,
            QStringLiteral("Webshop agent")},
        {QStringLiteral("corp-reviewer"), QStringLiteral("managed"),
            QStringLiteral("/etc/cordon/managed.d/20-reviewer.json"), true, QStringLiteral("Code reviewer (ACME)")}});
    SessionModel sessions(&helper, &clock);
    TimelineModel timeline(&helper, &clock);
    GrantModel grants(&helper);
    SessionEventTail tail(&helper);
    MainWindow window(&helper, {&profiles, &sessions, &timeline, &grants}, &settings);
    TerminalLauncher terminal;
    window.setTerminalLauncher(&terminal);
    ApprovalPopup popup(&helper, &clock, &tail);
    popup.setArmDelayMs(0);
    window.resize(1180, 680);
    window.show();

    // An empty app first (nothing launched yet), then the populated one.
    int failures = 0;
    QTimer::singleShot(300, &app, [&] {
        ProfileListModel emptyProfiles;
        emptyProfiles.setEntries(profiles.entry(0).name.isEmpty()
                                     ? QList<cordon::ProfileEntry>{}
                                     : QList<cordon::ProfileEntry>{profiles.entry(0), profiles.entry(1)});
        FakeHelperConnection idle;
        SessionModel noSessions(&idle, &clock);
        TimelineModel noEvents(&idle, &clock);
        GrantModel noGrants(&idle);
        MainWindow empty(&idle, {&emptyProfiles, &noSessions, &noEvents, &noGrants}, &settings);
        empty.resize(1000, 560);
        idle.setReady(true);
        empty.show();
        QEventLoop loop;
        QTimer::singleShot(300, &loop, &QEventLoop::quit);
        loop.exec();
        failures += !save(&empty, out + QStringLiteral("/main-window-empty.png"));

        helper.setReady(true);
        for (const QJsonValue& e : events())
            tail.add(e.toObject());
        QTimer::singleShot(400, &app, [&] {
            window.findChild<QTreeView*>(QStringLiteral("sessionView"))->setCurrentIndex(sessions.index(1, 0));
            failures += !save(&window, out + QStringLiteral("/main-window.png"));
            auto* tabs = window.findChild<QTabWidget*>(QStringLiteral("mainTabWidget"));
            tabs->setCurrentIndex(1);
            auto* timelineView = window.findChild<QTreeView*>(QStringLiteral("timelineView"));
            timelineView->setCurrentIndex(timeline.index(11, 0));
            QTimer::singleShot(200, &app, [&, tabs] {
                failures += !save(&window, out + QStringLiteral("/timeline.png"));
                tabs->setCurrentIndex(2);
                QTimer::singleShot(200, &app, [&] {
                    failures += !save(&window, out + QStringLiteral("/grants.png"));
                    helper.pushEscalation(
                        QJsonObject{{QStringLiteral("id"), 17}, {QStringLiteral("session"), QStringLiteral("r-7f3a91")},
                            {QStringLiteral("profile"), QStringLiteral("demo-agent")},
                            {QStringLiteral("workspace"), QStringLiteral("/home/ann/src/demo")},
                            {QStringLiteral("kind"), QStringLiteral("net")},
                            {QStringLiteral("subject"), QStringLiteral("pypi.org:443")},
                            {QStringLiteral("host"), QStringLiteral("pypi.org")}, {QStringLiteral("port"), 443},
                            {QStringLiteral("pid"), 4116}, {QStringLiteral("exe"), QStringLiteral("/usr/bin/curl")},
                            {QStringLiteral("argv"), QJsonArray{QStringLiteral("curl"), QStringLiteral("-sS"),
                                                         QStringLiteral("https://pypi.org/simple/requests/")}},
                            {QStringLiteral("time"), kNow - 11000}, {QStringLiteral("deadline"), kNow + 49000},
                            {QStringLiteral("choices"), QJsonArray{QStringLiteral("deny"), QStringLiteral("once"),
                                                            QStringLiteral("session"), QStringLiteral("always")}},
                            {QStringLiteral("scopes"), QJsonArray{QStringLiteral("host"), QStringLiteral("domain")}},
                            {QStringLiteral("domain"), QStringLiteral("*.pypi.org")}});
                    helper.pushEscalation(
                        QJsonObject{{QStringLiteral("id"), 18}, {QStringLiteral("session"), QStringLiteral("r-2c18e4")},
                            {QStringLiteral("profile"), QStringLiteral("claude-code")},
                            {QStringLiteral("workspace"), QStringLiteral("/home/ann/src/webshop")},
                            {QStringLiteral("kind"), QStringLiteral("secret")},
                            {QStringLiteral("subject"), QStringLiteral("NPM_TOKEN")}, {QStringLiteral("pid"), 4120},
                            {QStringLiteral("exe"), QStringLiteral("/usr/bin/node")},
                            {QStringLiteral("argv"), QJsonArray{QStringLiteral("npm"), QStringLiteral("publish")}},
                            {QStringLiteral("time"), kNow}, {QStringLiteral("deadline"), kNow + 60000},
                            {QStringLiteral("choices"),
                                QJsonArray{QStringLiteral("deny"), QStringLiteral("once"), QStringLiteral("session")}},
                            {QStringLiteral("scopes"), QJsonArray{QStringLiteral("host")}}});
                    QTimer::singleShot(300, &app, [&] {
                        failures += !save(&popup, out + QStringLiteral("/approval-popup.png"));
                        popup.decide(QStringLiteral("deny"));
                        QTimer::singleShot(300, &app, [&] {
                            failures += !save(&popup, out + QStringLiteral("/approval-popup-secret.png"));
                            popup.denyAll();
                            auto* dialog = new SettingsDialog(&settings, &terminal, &window);
                            dialog->show();
                            QTimer::singleShot(300, &app, [&, dialog] {
                                failures += !save(dialog, out + QStringLiteral("/settings.png"));
                                app.exit(failures);
                            });
                        });
                    });
                });
            });
        });
    });
    return app.exec();
}
