#pragma once
// Cordon's main window: profiles with Launch on the left; Sessions, Timeline and Grants on the
// right. It only asks the helper (HelperConnection) and shows what it answers: no policy here.

#include <QJsonObject>
#include <QMainWindow>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSettings;
class QStackedWidget;
class QTabWidget;
class QTimer;
class QTreeView;

namespace cordon::gui {

class Clock;
class GrantModel;
class HelperConnection;
class ProfileListModel;
class SessionModel;
class TimelineExporter;
class TerminalLauncher;
class TimelineModel;

class MainWindow final : public QMainWindow {
    Q_OBJECT
public:
    struct Models {
        ProfileListModel* profiles;
        SessionModel* sessions;
        TimelineModel* timeline;
        GrantModel* grants;
    };

    // `settings` keeps the workspace chosen per profile (tests pass a temporary file).
    MainWindow(HelperConnection* connection, Models models, QSettings* settings, QWidget* parent = nullptr);

    // Closing the window hides it (Cordon stays in the tray) instead of quitting.
    void setCloseHidesWindow(bool hides) { m_closeHides = hides; }
    // Where terminal agents open (TerminalLauncher). Without one every launch goes straight to
    // the helper without a terminal (output to the session's output log), as in most tests.
    void setTerminalLauncher(TerminalLauncher* terminal);

    void selectProfile(const QString& name);
    QString selectedProfile() const;
    // The workspace remembered for a profile (empty when none).
    QString rememberedWorkspace(const QString& profile) const;

public Q_SLOTS:
    // Launches the selected profile in the workspace shown (asks for one when there is none).
    void launchSelected();
    void launchProfile(const QString& profile);
    void stopSelected();
    void stopAll();
    void revokeSelected();
    // Opens the profile editor on the selected profile, or on a new one.
    void editSelectedProfile();
    void newProfile();
    // The Settings dialog (language, terminal emulator).
    void openSettings();
    // Asks for a file and writes every event matching the timeline's filter as JSON Lines.
    void exportTimeline();
    // Quits, asking first when sessions run (stop them, keep them, or stay).
    void requestQuit();
    void showAndRaise();

Q_SIGNALS:
    void launched(const QJsonObject& session);
    void launchFailed(const QString& message);
    // The profile was opened in a terminal emulator (cordonctl run); its session follows as a push.
    void launchedInTerminal(const QString& profile);
    void exportFinished(bool ok, const QString& message);
    // The person chose another language in Settings and agreed to restart the app now (its
    // sessions belong to the helper and keep running); main.cpp starts a new app and exits.
    void restartRequested();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void selectInitialProfile();
    QWidget* buildProfilePane();
    QWidget* buildSessionsPage();
    QWidget* buildTimelinePage();
    QWidget* buildGrantsPage();
    void updateWorkspaceField();
    void chooseWorkspace();
    void applyTimelineFilter();
    void refreshSessionFilter();
    void showEventDetails();
    void updateConnectionStatus();
    void updateEmptyStates();
    void updateButtons();
    void openEditor(bool createNew);
    void launchWithoutTerminal(const QString& profile, const QString& workspace);

    HelperConnection* m_connection;
    Models m_models;
    QSettings* m_settings;
    bool m_closeHides = false;
    TerminalLauncher* m_terminal = nullptr;

    QTreeView* m_profileView;
    QLineEdit* m_workspaceEdit;
    QPushButton* m_browseButton;
    QPushButton* m_launchButton;
    QPushButton* m_editProfileButton;
    QPushButton* m_newProfileButton;
    QPushButton* m_settingsButton;
    QTabWidget* m_tabs;
    QStackedWidget* m_sessionsStack;
    QTreeView* m_sessionView;
    QPushButton* m_stopButton;
    QPushButton* m_stopAllButton;
    QComboBox* m_sessionFilter;
    QComboBox* m_kindFilter;
    QLineEdit* m_textFilter;
    QCheckBox* m_followBox;
    QPushButton* m_exportButton;
    TimelineExporter* m_exporter;
    QTreeView* m_timelineView;
    QPlainTextEdit* m_detailsView;
    QLabel* m_timelineStatus;
    QStackedWidget* m_grantsStack;
    QTreeView* m_grantView;
    QPushButton* m_revokeButton;
    QLabel* m_connectionLabel;
    QTimer* m_filterDebounce;
};

} // namespace cordon::gui
