#pragma once
// Cordon in the system tray: idle, N running, or a request pending (the icon and its tooltip say
// which); a menu with quick launch per profile, Show, Stop all and Quit. Closing the main window
// keeps Cordon here (issue 4).

#include <QIcon>
#include <QObject>
#include <QString>

class QMenu;
class QSystemTrayIcon;

namespace cordon::gui {

class ProfileListModel;

class TrayIcon final : public QObject {
    Q_OBJECT
public:
    enum class State {
        Idle,
        Running,
        Pending
    };
    Q_ENUM(State)

    TrayIcon(ProfileListModel* profiles, QObject* parent = nullptr);
    ~TrayIcon() override;

    void show();
    // From the session model's active count and the pop-up's queue size.
    void setCounts(int running, int pending);
    State state() const { return m_state; }
    QString toolTip() const { return m_toolTip; }
    QIcon icon() const { return m_icon; }
    QMenu* menu() const { return m_menu; }

    // The icon for a state; for Running with the count drawn as a badge.
    static QIcon iconFor(State state, int running);

Q_SIGNALS:
    void showRequested();
    void launchRequested(const QString& profile);
    void stopAllRequested();
    void quitRequested();

private:
    void rebuildQuickLaunch();

    ProfileListModel* m_profiles;
    QSystemTrayIcon* m_tray;
    QMenu* m_menu;
    QMenu* m_quickLaunchMenu;
    State m_state = State::Idle;
    QString m_toolTip;
    QIcon m_icon;
};

} // namespace cordon::gui
