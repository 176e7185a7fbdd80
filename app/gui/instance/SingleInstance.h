#pragma once
// One desktop app per user: a second `cordon` (from the menu, while the first sits in the tray)
// asks the first to show its window and exits, instead of opening a second window, tray icon and
// set of pop-ups. The first listens on a Unix socket in the user's runtime directory; a start that
// finds it answering hands over, anything else (no runtime directory, a stale socket, a listener
// of another uid) runs on its own. The socket carries one word, "show", from the same uid only
// (SO_PEERCRED, both ways): nothing a client says can do more than raise the window.

#include <QObject>
#include <QString>

class QLocalServer;

namespace cordon::gui {

class SingleInstance final : public QObject {
    Q_OBJECT
public:
    explicit SingleInstance(QString socketPath, QObject* parent = nullptr);
    ~SingleInstance() override;

    // $XDG_RUNTIME_DIR/cordon/app.sock; empty without a runtime directory (then every start runs
    // on its own: a shared /tmp would let another user's socket stand in for ours).
    static QString defaultPath();

    // Asks a running app of this user to show its window; true when one confirmed it did.
    bool activateRunning(int timeoutMs = 2000);
    // Becomes the running app: later starts reach this one. False with *error when it cannot
    // (the app then runs on its own, as before).
    bool listen(QString* error);
    // Stops listening (before a restart: the new app must not hand over to this one).
    void stop();
    bool isListening() const;

Q_SIGNALS:
    void activationRequested();

private:
    void onNewConnection();

    QString m_path;
    QLocalServer* m_server = nullptr;
};

} // namespace cordon::gui
