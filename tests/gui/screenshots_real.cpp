// cordon-screenshots-real BINDIR OUTDIR: the README's pictures from the real thing. It starts a real
// cordon-helper (rootless, its socket, state, config and workspaces under a scratch directory), the
// app's widgets wired as app/gui/main.cpp wires them, and two real sessions:
//   - `shell` in src/webshop, running ls, cat and curl; curl's question for pypi.org is answered
//     "for this session" (a loopback HTTP server stands in for pypi.org through the helper's
//     test-only name map, so nothing leaves the machine);
//   - the demo agent in src/demo, launched from the main window, which walks up to every boundary
//     and asks the proxy for example.org: its pop-up is the one pictured.
// Then it saves main-window.png, timeline.png, grants.png and approval-popup.png into OUTDIR,
// denies, stops both sessions and stops the helper. Run by screenshots.sh under Xvfb.

#include "LoopbackServer.h"
#include "RealApp.h"
#include "Translations.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTabWidget>
#include <QTest>
#include <QTreeView>

#include <cstdio>

using namespace cordon::gui;
using cordon::gui::test::RealApp;

namespace {

bool writeFile(const QString& path, const QByteArray& data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

bool save(QWidget* widget, const QString& path)
{
    const bool ok = widget->grab().save(path);
    std::fprintf(stderr, "%s %s\n", ok ? "wrote" : "FAILED to write", qPrintable(path));
    return ok;
}

int fail(const char* what)
{
    std::fprintf(stderr, "cordon-screenshots-real: %s\n", what);
    return 1;
}

// Waits for a condition while the event loop runs; false after timeoutMs.
template <typename F>
bool waitFor(F condition, int timeoutMs)
{
    return QTest::qWaitFor(condition, timeoutMs);
}

int rowOfKind(const TimelineModel& timeline, const QString& session, const QString& kind)
{
    for (int r = timeline.rowCount() - 1; r >= 0; --r)
        if (timeline.index(r, 0).data(TimelineModel::SessionRole).toString() == session &&
            timeline.index(r, 0).data(TimelineModel::KindRole).toString() == kind)
            return r;
    return -1;
}

} // namespace

int main(int argc, char* argv[])
{
    QApplication application(argc, argv);
    if (argc != 3)
        return fail("usage: cordon-screenshots-real BINDIR OUTDIR");
    const QString bin = QString::fromLocal8Bit(argv[1]);
    const QString out = QDir(QString::fromLocal8Bit(argv[2])).absolutePath();
    QDir().mkpath(out);
    Translations translations;
    translations.install(QString());

    // A fixed scratch directory, so that the workspaces' paths in the pictures read sensibly.
    const QString base = QStringLiteral("/var/tmp/cordon-shots");
    QDir(base).removeRecursively();
    const QString home = base + QStringLiteral("/home");
    const QString webshop = base + QStringLiteral("/src/webshop");
    const QString demo = base + QStringLiteral("/src/demo");
    for (const QString& dir : {webshop, demo, base + QStringLiteral("/run")})
        if (!QDir().mkpath(dir))
            return fail("cannot create the scratch directory");
    QFile::setPermissions(
        base + QStringLiteral("/run"), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(home + QStringLiteral("/.config")));
    qputenv("XDG_STATE_HOME", QFile::encodeName(home + QStringLiteral("/.local/state")));
    qputenv("CORDON_MANAGED_DIR", QFile::encodeName(base + QStringLiteral("/managed")));
    const QString socket = base + QStringLiteral("/run/helper.sock");
    qputenv("CORDON_HELPER_SOCKET", QFile::encodeName(socket));
    (void)writeFile(webshop + QStringLiteral("/README.md"), "# webshop\n");

    // pypi.org, played by a loopback server on port 80 (root only; else any port).
    cordon::test::LoopbackServer server;
    if (!server.start("127.0.0.1", 80) && !server.start("127.0.0.1"))
        return fail("cannot start the loopback server");
    const QString pypi = server.port() == 80 ? QStringLiteral("http://pypi.org/simple/requests/")
                                             : QStringLiteral("http://pypi.org:%1/simple/requests/").arg(server.port());
    if (!writeFile(base + QStringLiteral("/resolve-map"), "pypi.org 127.0.0.1\n"))
        return fail("cannot write the name map");

    QProcess helper;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("CORDON_PROXY_TEST"), QStringLiteral("1")); // the name map is test-only
    helper.setProcessEnvironment(env);
    helper.setProcessChannelMode(QProcess::ForwardedChannels);
    helper.start(bin + QStringLiteral("/cordon-helper"),
        {QStringLiteral("--rootless"), QStringLiteral("--socket"), socket, QStringLiteral("--state-dir"),
            home + QStringLiteral("/.local/state/cordon"), QStringLiteral("--test-proxy-resolve-map"),
            base + QStringLiteral("/resolve-map")});
    if (!helper.waitForStarted(10000))
        return fail("cannot start cordon-helper");

    int failures = 0;
    {
        auto options = RealApp::quickOptions();
        options.socketPaths = {socket};
        options.startHelper = false;
        RealApp app(options, base + QStringLiteral("/cordon.ini"));
        app.window.resize(1180, 680);
        app.connection.start();
        if (!waitFor([&] { return app.connection.isReady(); }, 15000))
            return fail("the app did not connect to the helper");

        // The shell session: a little work, then a question for pypi.org, allowed for the session.
        const QString script = QStringLiteral("ls -la; cat README.md; curl -sS -m 60 %1; sleep 600").arg(pypi);
        QString shellId;
        app.connection.send(
            QJsonObject{{QStringLiteral("type"), QStringLiteral("launch")},
                {QStringLiteral("profile"), QStringLiteral("shell")}, {QStringLiteral("workspace"), webshop},
                {QStringLiteral("argv"), QJsonArray{QStringLiteral("/bin/sh"), QStringLiteral("-c"), script}},
                {QStringLiteral("env"), QJsonObject()}, {QStringLiteral("terminal"), false}},
            [&](const QJsonObject& reply) {
                shellId = reply.value(QLatin1String("session")).toObject().value(QLatin1String("id")).toString();
            });
        if (!waitFor([&] { return app.popup.isVisible(); }, 30000))
            return fail("no question from the shell session");
        app.popup.decide(QStringLiteral("session"));
        if (!waitFor([&] { return rowOfKind(app.timeline, shellId, QStringLiteral("net_allow")) >= 0; }, 15000))
            return fail("the shell session's request was not allowed");

        // The demo agent, launched as a person does; its question is the pop-up pictured.
        QString error;
        const QString demoId = app.launchFromWindow(QStringLiteral("demo-agent"), demo, &error);
        if (demoId.isEmpty())
            return fail(qPrintable(error));
        if (!waitFor([&] { return app.popup.isVisible(); }, 60000))
            return fail("no question from the demo agent");
        QTest::qWait(1500); // the countdown moves off its first second; the events tail fills in

        auto* sessionView = app.window.findChild<QTreeView*>(QStringLiteral("sessionView"));
        sessionView->setCurrentIndex(app.sessions.index(app.sessions.rowOf(demoId), 0));
        QTest::qWait(200);
        failures += !save(&app.window, out + QStringLiteral("/main-window.png"));
        failures += !save(&app.popup, out + QStringLiteral("/approval-popup.png"));
        auto* tabs = app.window.findChild<QTabWidget*>(QStringLiteral("mainTabWidget"));
        tabs->setCurrentIndex(1);
        auto* timelineView = app.window.findChild<QTreeView*>(QStringLiteral("timelineView"));
        const int ask = rowOfKind(app.timeline, demoId, QStringLiteral("net_ask"));
        if (ask >= 0) {
            timelineView->setCurrentIndex(app.timeline.index(ask, 0));
            timelineView->scrollTo(app.timeline.index(ask, 0));
        }
        QTest::qWait(300);
        failures += !save(&app.window, out + QStringLiteral("/timeline.png"));
        tabs->setCurrentIndex(2);
        QTest::qWait(300);
        failures += !save(&app.window, out + QStringLiteral("/grants.png"));

        app.popup.decide(QStringLiteral("deny"));
        app.connection.send(
            QJsonObject{{QStringLiteral("type"), QStringLiteral("stop")}, {QStringLiteral("all"), true}});
        (void)waitFor([&] { return app.sessions.activeCount() == 0; }, 30000);
    }
    helper.terminate();
    if (!helper.waitForFinished(30000))
        helper.kill();
    server.stop();
    QDir(base).removeRecursively();
    return failures;
}
