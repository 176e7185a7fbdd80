#pragma once
// The real HelperConnection: a non-blocking Unix socket (core/protocol MessageSocket) watched by
// QSocketNotifiers, so that nothing on the GUI thread ever waits for the helper.
//
// Life of a connection: try each socket path in turn (docs/protocol.md: the rootless socket first,
// then the system one; $CORDON_HELPER_SOCKET alone when set) -> hello -> subscribe (events,
// escalations, sessions; after a reconnect with "after" = the last event id seen, so that nothing
// journaled in between is missed) -> Ready. A lost connection fails every request in flight with
// "disconnected" and retries with a doubling backoff, which is how a restarted helper is found
// again. When no helper answers at all, one is started rootless for the person (HelperStarter) and
// the connection follows once its socket appears.

#include "HelperConnection.h"

#include "LineFramer.h"
#include "MessageSocket.h"

#include <QElapsedTimer>
#include <QHash>
#include <QStringList>
#include <QTimer>

#include <functional>
#include <memory>

class QSocketNotifier;

namespace cordon::gui {

class SocketHelperConnection final : public HelperConnection {
    Q_OBJECT
public:
    struct Options {
        QStringList socketPaths; // empty: HelperSocketPath::candidates()
        QString helperBinary;    // for starting one; empty: Installation::helperBinary()
        bool startHelper = true; // start a rootless helper when none answers
        int initialBackoffMs = 100;
        int maxBackoffMs = 5000;
        QString clientName = QStringLiteral("cordon 0.1");
    };

    explicit SocketHelperConnection(Options options, QObject* parent = nullptr);
    ~SocketHelperConnection() override;

    // Starts connecting (asynchronously). Idempotent.
    void start();

    State state() const override { return m_state; }
    void send(const QJsonObject& request, ReplyHandler handler = {}) override;
    QString helperDescription() const override { return m_helperDescription; }

    qint64 lastEventId() const { return m_lastEventId; }
    QString connectedPath() const { return m_connectedPath; }
    // The helper this connection started, if any (pid of the detached process).
    qint64 startedHelperPid() const { return m_startedPid; }

private:
    void tryConnect();
    void scheduleReconnect();
    void setState(State state);
    void onReadable();
    void onWritable();
    void handleLine(const QByteArray& line);
    void handleReply(qint64 id, const QJsonObject& message);
    void handlePush(const QJsonObject& message);
    void sendInternal(QJsonObject request, ReplyHandler handler);
    void dropConnection(const QString& why);
    void updateWriteNotifier();
    bool maybeStartHelper();
    QString startSocketPath() const;

    Options m_options;
    State m_state = State::Disconnected;
    bool m_started = false;
    protocol::MessageSocket m_socket;
    protocol::LineFramer m_framer;
    std::unique_ptr<QSocketNotifier> m_readNotifier;
    std::unique_ptr<QSocketNotifier> m_writeNotifier;
    QHash<qint64, ReplyHandler> m_pending;
    qint64 m_nextId = 1;
    qint64 m_lastEventId = 0;
    int m_backoffMs;
    QTimer m_reconnectTimer;
    QString m_connectedPath;
    QString m_helperDescription;
    qint64 m_startedPid = 0;
    QElapsedTimer m_sinceStart; // since the last helper start attempt
    bool m_weStartedIt = false;
    bool m_everReady = false;
};

} // namespace cordon::gui
