#pragma once
// The question `cordonctl run` asks on its terminal when the sandbox it launched wants more than
// its profile gives (an egress host, more time): a framed prompt on /dev/tty, never on stdin,
// which belongs to the sandbox. Everything the sandbox controls (host, executable, argv) is
// rendered inert (InertText). One key answers:
//   network:  [d]eny  [o]nce  [s]ession  [a]lways  (domain: [D]omain-wide session)
//   time:     [e]xtend 15 min  [d]eny
// Only the choices the request offers are shown and accepted (managed policy may forbid
// "always"). A countdown shows the time left before the helper's default (deny) applies.
//
// The terminal is normally in raw mode already (the sandbox monitor set it for the session); if
// it is not, the prompt sets it for single keys without echo and restores it afterwards.

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>
#include <termios.h>

namespace cordon::cli {

class EscalationPrompt final {
public:
    struct Answer {
        QString decision; // deny, once, session, always, extend
        QString scope;    // host or domain (network), empty for time
        int minutes = 0;  // with extend
        bool operator==(const Answer&) const = default;
    };

    // /dev/tty opened O_RDWR|O_NOCTTY|O_CLOEXEC, or -1 when this process has no terminal.
    static int openTerminal();

    explicit EscalationPrompt(int ttyFd) : m_fd(ttyFd) { }
    ~EscalationPrompt();
    EscalationPrompt(const EscalationPrompt&) = delete;
    EscalationPrompt& operator=(const EscalationPrompt&) = delete;

    int fd() const { return m_fd; }
    bool active() const { return m_active; }
    qint64 requestId() const { return m_requestId; }

    // Shows the prompt for an escalation request (docs/protocol.md, Request).
    void begin(const QJsonObject& request, qint64 nowMs);
    // Rewrites the countdown line.
    void tick(qint64 nowMs);
    // Keys read from the terminal; an answer when one of them chose.
    std::optional<Answer> feed(const QByteArray& keys);
    // Closes the prompt with one line ("allowed once", "answered elsewhere: deny") and gives the
    // terminal its mode back.
    void end(const QString& outcome);

    // The prompt's lines (without the countdown), for the terminal and for tests.
    static QStringList frame(const QJsonObject& request);
    // The answer one key gives for this request, if any.
    static std::optional<Answer> answerForKey(const QJsonObject& request, char key);
    // "once", "session (domain-wide)", "extended by 15 min", ... for the closing line.
    static QString describe(const Answer& answer);

private:
    void write(const QString& text);

    int m_fd = -1;
    bool m_active = false;
    qint64 m_requestId = 0;
    qint64 m_deadline = 0;
    QJsonObject m_request;
    bool m_restore = false;
    termios m_saved{};
};

} // namespace cordon::cli
