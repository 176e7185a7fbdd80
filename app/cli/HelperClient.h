#pragma once
// cordonctl's side of the helper protocol (docs/protocol.md): a blocking client on a Unix socket.
// It connects to the first helper socket that answers (HelperSocketPath::candidates()), says
// hello, sends requests with increasing ids and waits for the reply carrying the same id, keeping
// every push (events, escalations, session changes) that arrives meanwhile for waitPush(). Every
// line the helper sends is checked against MessageSchema (Direction::FromHelper) before anything
// looks at it; a line that fails the check ends the connection (the stream can no longer be
// trusted to be what the protocol says).

#include "LineFramer.h"
#include "MessageSocket.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <deque>
#include <optional>

namespace cordon::cli {

class HelperClient final {
public:
    HelperClient() = default;
    HelperClient(const HelperClient&) = delete;
    HelperClient& operator=(const HelperClient&) = delete;

    // Connects to the first candidate socket that accepts and completes the hello. False with
    // *error set; noHelper() then says whether simply nothing listens (no socket, or refused), as
    // opposed to a helper that answered wrongly.
    [[nodiscard]] bool connect(QString* error);
    [[nodiscard]] bool connectTo(const QString& path, QString* error);
    bool noHelper() const { return m_noHelper; }
    bool isConnected() const { return m_socket.isOpen(); }
    QString socketPath() const { return m_path; }
    // The candidate socket paths, for messages.
    static QStringList candidates();

    // Sends `message` with a fresh id (and `fds` attached to it) and waits up to timeoutMs (-1:
    // forever) for the reply. True for a reply of any type but "error"; for an error reply, false
    // with *reply the error object (code, message, exit_code) and *error its message.
    [[nodiscard]] bool request(
        QJsonObject message, QJsonObject* reply, QString* error, const QList<int>& fds = {}, int timeoutMs = 30000);
    // A push: the oldest kept one, or the next to arrive within timeoutMs (-1: forever; 0: only
    // what is already readable). nullopt on timeout, or on a lost connection (*error set, and
    // isConnected() false).
    std::optional<QJsonObject> waitPush(int timeoutMs, QString* error);

    // For a caller's own poll(2) loop: the socket, pushes already kept, and one read after poll
    // said the socket is readable (false when the connection is lost or broke the protocol).
    int fd() const { return m_socket.fd(); }
    bool hasPush() const { return !m_pushes.empty(); }
    std::optional<QJsonObject> takePush();
    [[nodiscard]] bool readAvailable(QString* error);

    void close();

private:
    [[nodiscard]] bool hello(QString* error);
    [[nodiscard]] bool waitReadable(int timeoutMs, bool* timedOut, QString* error);
    [[nodiscard]] bool handleLine(const QByteArray& line, QString* error);

    protocol::MessageSocket m_socket;
    protocol::LineFramer m_framer;
    QString m_path;
    bool m_noHelper = false;
    qint64 m_nextId = 1;
    std::optional<qint64> m_waitingFor;
    std::optional<QJsonObject> m_reply;
    std::deque<QJsonObject> m_pushes;
};

} // namespace cordon::cli
