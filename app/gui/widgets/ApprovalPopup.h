#pragma once
// The approval pop-up (DESIGN.md, "Approvals: what the pop-up promises"; issue 4).
//
// One small always-on-top window shows one escalation at a time; others queue behind it and the
// count says so (one never hides another). It says which agent asks (profile, workspace), what it
// wants (host:port, a secret's name, more time), which process asked (executable and command
// line) and the last events of that session, everything the agent controls rendered inert.
//
// Answers: Deny (the default button, and Esc, and closing the window), Allow once, Allow for this
// session, Always allow (each only when the request offers it in `choices`), Allow more time for
// a time request; a scope (this host / *.domain) only when offered; Deny all. A countdown shows
// when the helper denies by itself; at zero the pop-up sends the deny and moves on. Buttons are
// disarmed for a moment whenever the shown request changes, so that a click or a key meant for
// the previous request never answers the next one.

#include <QJsonObject>
#include <QList>
#include <QPointer>
#include <QTimer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QGroupBox;
class QSpinBox;

namespace cordon::gui {

class Clock;
class HelperConnection;
class SessionEventTail;

class ApprovalPopup final : public QWidget {
    Q_OBJECT
public:
    static constexpr int kDefaultArmDelayMs = 400;

    ApprovalPopup(HelperConnection* connection, const Clock* clock, SessionEventTail* tail, QWidget* parent = nullptr);

    // Adds a request (an escalation push); shows the window when it was hidden.
    void enqueue(const QJsonObject& request);
    // Drops a request that was answered elsewhere, timed out, or whose session ended.
    void removeRequest(qint64 id);
    int queueSize() const { return static_cast<int>(m_queue.size()); }
    qint64 currentRequestId() const;
    QList<qint64> queuedIds() const;

    // Answers the shown request: "deny", "once", "session", "always" or "extend".
    void decide(const QString& decision);
    // Denies every queued request and every other pending one the helper knows of.
    void denyAll();

    void setArmDelayMs(int ms) { m_armDelayMs = ms; }
    void setTickIntervalMs(int ms) { m_tick.setInterval(ms); }
    // Milliseconds until the shown request is denied automatically (0 when none).
    qint64 remainingMs() const;

Q_SIGNALS:
    void queueSizeChanged(int size);
    void answered(qint64 request, const QString& decision);

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void showCurrent();
    void tick();
    void arm(bool armed);
    void refreshEvents();
    void sendDecision(qint64 request, const QString& decision, const QString& scope, int minutes);

    HelperConnection* m_connection;
    const Clock* m_clock;
    QPointer<SessionEventTail> m_tail;
    QList<QJsonObject> m_queue;
    QTimer m_tick;
    QTimer m_armTimer;
    int m_armDelayMs = kDefaultArmDelayMs;

    QLabel* m_queueLabel;
    QLabel* m_headlineLabel;
    QLineEdit* m_subjectField;
    QLabel* m_agentLabel;
    QPlainTextEdit* m_processView;
    QLabel* m_eventsLabel;
    QGroupBox* m_scopeGroupBox;
    QRadioButton* m_scopeHostButton;
    QRadioButton* m_scopeDomainButton;
    QLabel* m_countdownLabel;
    QProgressBar* m_countdownBar;
    QPushButton* m_denyButton;
    QPushButton* m_onceButton;
    QPushButton* m_sessionButton;
    QPushButton* m_alwaysButton;
    QPushButton* m_extendButton;
    QSpinBox* m_extendMinutesSpinBox;
    QPushButton* m_denyAllButton;
};

} // namespace cordon::gui
