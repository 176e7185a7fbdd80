#pragma once
// One client of the helper (docs/protocol.md): reads lines with a bound (LineFramer), decodes and
// checks each against the schema (MessageSchema), hands valid requests to the daemon, and queues
// replies and pushes without ever blocking (MessageSocket on a non-blocking socket, a write
// notifier while bytes wait). A client that lets more than kMaxQueuedBytes pile up is dropped;
// its sessions go on. A bad line gets an error reply and never disturbs other clients; only a
// too-long line (no way to find the next message), a wrong first message and a hello that has not
// come by the deadline close the connection.

#include "LineFramer.h"
#include "MessageSocket.h"
#include "PeerCheck.h"
#include "ProtocolError.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

class QSocketNotifier;
class QTimer;

namespace cordon::helperd {

class ClientConnection final : public QObject {
    Q_OBJECT
public:
    static constexpr qsizetype kMaxQueuedBytes = 8 * 1024 * 1024;

    // helloTimeoutMs: a connection that has not completed hello by then gets error/hello-first and
    // is closed (HelperConfig::helloTimeoutSeconds), whatever it is doing.
    ClientConnection(int fd, const PeerCredentials& peer, int helloTimeoutMs, QObject* parent = nullptr);
    ~ClientConnection() override;

    const PeerCredentials& peer() const { return m_peer; }
    bool helloDone() const { return m_helloDone; }
    void setHelloDone();
    bool isClosed() const { return m_closed; }
    bool isClosing() const { return m_closing; }

    // Queues one message. Over the bound, the connection is closed (closed() is emitted later).
    void send(const QJsonObject& message);
    void sendError(std::optional<qint64> id, protocol::ErrorCode code, const QString& message, int exitCode = -1);
    // Sends what is queued, then closes.
    void closeAfterFlush();

    // Subscriptions (docs/protocol.md, "subscribe").
    struct Subscription {
        bool events = false;
        bool escalations = false;
        bool sessions = false;
        QString session; // empty: all of the uid's sessions
        QStringList kinds;
    };
    Subscription subscription;
    QSet<QString> attached; // sessions this client launched with attach: true

Q_SIGNALS:
    // A valid request. `fds` are owned by the receiver (only launch may carry them).
    void request(cordon::helperd::ClientConnection* client, const QJsonObject& message, std::optional<qint64> id,
        const QList<int>& fds);
    void closed(cordon::helperd::ClientConnection* client);

private:
    void onReadable();
    void onWritable();
    void processLines();
    void shutdown();
    void updateWriteNotifier();
    void onHelloDeadline();

    protocol::MessageSocket m_socket;
    protocol::LineFramer m_framer;
    PeerCredentials m_peer;
    QSocketNotifier* m_read = nullptr;
    QSocketNotifier* m_write = nullptr;
    QTimer* m_helloDeadline = nullptr;
    QList<int> m_fds; // received with bytes not yet consumed by a line
    bool m_helloDone = false;
    bool m_closing = false;
    bool m_closed = false;
};

} // namespace cordon::helperd
