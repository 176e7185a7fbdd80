#pragma once
// The desktop app as app/gui/main.cpp wires it (connection, models, main window, approval pop-up),
// for tests against the real cordon-helper: every model under QAbstractItemModelTester, settings
// in a file of the test's own, and the pop-up armed at once so that a test's click lands.

#include "ApprovalPopup.h"
#include "FileDialog.h"
#include "GrantModel.h"
#include "MainWindow.h"
#include "ProfileListModel.h"
#include "SessionEventTail.h"
#include "SessionModel.h"
#include "SocketHelperConnection.h"
#include "SystemClock.h"
#include "TimelineModel.h"

#include <QAbstractItemModelTester>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>

namespace cordon::gui::test {

struct RealApp {
    RealApp(const SocketHelperConnection::Options& options, const QString& settingsFile)
        : connection(options)
        , sessions(&connection, &clock)
        , timeline(&connection, &clock)
        , grants(&connection)
        , tail(&connection)
        , settings(settingsFile, QSettings::IniFormat)
        , window(&connection, {&profiles, &sessions, &timeline, &grants}, &settings)
        , popup(&connection, &clock, &tail)
    {
        profiles.reload();
        popup.setArmDelayMs(0);
        window.show();
    }

    // Launches a profile as a person does: select it, press Launch, pick the workspace in the
    // folder dialog. The session id, or empty with *error set.
    QString launchFromWindow(const QString& profile, const QString& workspace, QString* error)
    {
        window.selectProfile(profile);
        if (window.selectedProfile() != profile) {
            *error = QStringLiteral("profile %1 is not listed").arg(profile);
            return {};
        }
        FileDialog::setNextDirectory(workspace);
        QSignalSpy launched(&window, &MainWindow::launched);
        QSignalSpy failed(&window, &MainWindow::launchFailed);
        auto* launch = window.findChild<QPushButton*>(QStringLiteral("launchButton"));
        if (!launch || !QTest::qWaitFor([&] { return launch->isEnabled(); }, 10000)) {
            *error = QStringLiteral("Launch stays disabled");
            return {};
        }
        QTest::mouseClick(launch, Qt::LeftButton);
        if (!QTest::qWaitFor([&] { return launched.count() + failed.count() > 0; }, 30000)) {
            *error = QStringLiteral("no answer to the launch");
            return {};
        }
        if (!failed.isEmpty()) {
            *error = failed.at(0).at(0).toString();
            return {};
        }
        return launched.at(0).at(0).toJsonObject().value(QLatin1String("id")).toString();
    }

    // Fast reconnects: a test restarting the helper should not wait out the app's 5 s backoff.
    static SocketHelperConnection::Options quickOptions()
    {
        SocketHelperConnection::Options options;
        options.initialBackoffMs = 50;
        options.maxBackoffMs = 300;
        return options;
    }

    SystemClock clock;
    SocketHelperConnection connection;
    ProfileListModel profiles;
    SessionModel sessions;
    TimelineModel timeline;
    GrantModel grants;
    SessionEventTail tail;
    QAbstractItemModelTester sessionsTester{&sessions, QAbstractItemModelTester::FailureReportingMode::QtTest};
    QAbstractItemModelTester timelineTester{&timeline, QAbstractItemModelTester::FailureReportingMode::QtTest};
    QAbstractItemModelTester grantsTester{&grants, QAbstractItemModelTester::FailureReportingMode::QtTest};
    QSettings settings;
    MainWindow window;
    ApprovalPopup popup;
};

} // namespace cordon::gui::test
