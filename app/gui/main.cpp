// cordon: the desktop app. Wires the helper connection, the models and the windows together;
// everything else lives in cordon_gui (app/gui/*), where the tests reach it.

#include "ApprovalPopup.h"
#include "DBusNotificationBackend.h"
#include "GrantModel.h"
#include "MainWindow.h"
#include "ProfileListModel.h"
#include "RequestNotifier.h"
#include "SessionEventTail.h"
#include "SessionModel.h"
#include "SingleInstance.h"
#include "SocketHelperConnection.h"
#include "SystemClock.h"
#include "TerminalLauncher.h"
#include "TimelineModel.h"
#include "Translations.h"
#include "TrayIcon.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QProcess>
#include <QSettings>
#include <QSystemTrayIcon>

using namespace cordon::gui;

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("cordon"));
    QApplication::setOrganizationName(QStringLiteral("cordon"));
    QApplication::setApplicationDisplayName(QStringLiteral("Cordon"));
    QApplication::setApplicationVersion(QStringLiteral(CORDON_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.github.cordon.Cordon"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/cordon/icons/cordon.svg")));

    // The language first: every string below is translated once, when its widget is built.
    QSettings settings;
    Translations translations;
    translations.install(settings.value(Translations::settingsKey()).toString());

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Cordon: sandboxes for local AI agents"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption hidden(
        QStringLiteral("hidden"), QApplication::translate("main", "Start in the tray, without the main window."));
    const QCommandLineOption noStart(QStringLiteral("no-start-helper"),
        QApplication::translate("main", "Do not start cordon-helper when none is running."));
    parser.addOptions({hidden, noStart});
    parser.process(app);

    // One app per user: a second start shows the first one's window and ends here.
    SingleInstance instance(SingleInstance::defaultPath());
    if (instance.activateRunning())
        return 0;
    QString instanceError;
    if (!instance.listen(&instanceError))
        qWarning("cordon: running without the one-app-per-user check: %s", qPrintable(instanceError));

    SystemClock clock;
    SocketHelperConnection::Options options;
    options.startHelper = !parser.isSet(noStart);
    options.clientName = QStringLiteral("cordon ") + QStringLiteral(CORDON_VERSION);
    SocketHelperConnection connection(options);

    ProfileListModel profiles;
    profiles.reload();
    SessionModel sessions(&connection, &clock);
    TimelineModel timeline(&connection, &clock);
    GrantModel grants(&connection);
    SessionEventTail tail(&connection);
    TerminalLauncher terminal;

    MainWindow window(&connection, {&profiles, &sessions, &timeline, &grants}, &settings);
    window.setTerminalLauncher(&terminal);
    ApprovalPopup popup(&connection, &clock, &tail);

    DBusNotificationBackend notifications;
    RequestNotifier notifier(&connection, &popup, &notifications, [&window] { return !window.isVisible(); });

    const bool tray = QSystemTrayIcon::isSystemTrayAvailable();
    TrayIcon trayIcon(&profiles);
    if (tray) {
        window.setCloseHidesWindow(true);
        QApplication::setQuitOnLastWindowClosed(false);
        auto update = [&] { trayIcon.setCounts(sessions.activeCount(), popup.queueSize()); };
        QObject::connect(&sessions, &SessionModel::activeCountChanged, &trayIcon, update);
        QObject::connect(&popup, &ApprovalPopup::queueSizeChanged, &trayIcon, update);
        QObject::connect(&trayIcon, &TrayIcon::showRequested, &window, &MainWindow::showAndRaise);
        QObject::connect(&trayIcon, &TrayIcon::launchRequested, &window, &MainWindow::launchProfile);
        QObject::connect(&trayIcon, &TrayIcon::stopAllRequested, &window, &MainWindow::stopAll);
        QObject::connect(&trayIcon, &TrayIcon::quitRequested, &window, &MainWindow::requestQuit);
        trayIcon.show();
    }
    QObject::connect(&instance, &SingleInstance::activationRequested, &window, &MainWindow::showAndRaise);
    QObject::connect(&window, &MainWindow::restartRequested, &app, [&instance] {
        instance.stop(); // the new app must not hand over to this one
        // A new app in the new language, with the same options; then this one goes without the
        // close events quit() would send (they would ask about running sessions, which stay).
        if (!QProcess::startDetached(QApplication::applicationFilePath(), QApplication::arguments().mid(1))) {
            qWarning("cordon: could not start a new cordon to apply the language");
            QString error;
            (void)instance.listen(&error); // still the one app
            return;
        }
        QCoreApplication::exit(0);
    });
    if (!tray || !parser.isSet(hidden))
        window.show();
    connection.start();
    return QApplication::exec();
}
