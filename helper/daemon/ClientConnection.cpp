#include "ClientConnection.h"

#include "MessageSchema.h"

#include <QJsonObject>
#include <QSocketNotifier>
#include <QTimer>

#include <unistd.h>

namespace cordon::helperd {

using protocol::ErrorCode;

namespace {

void closeAll(QList<int>* fds)
{
    for (int fd : *fds)
        ::close(fd); // descriptors we refuse; nothing to do about a failing close
    fds->clear();
}

} // namespace

ClientConnection::ClientConnection(int fd, const PeerCredentials& peer, int helloTimeoutMs, QObject* parent)
    : QObject(parent), m_socket(fd), m_peer(peer)
{
    m_read = new QSocketNotifier(fd, QSocketNotifier::Read, this);
    m_write = new QSocketNotifier(fd, QSocketNotifier::Write, this);
    m_write->setEnabled(false);
    connect(m_read, &QSocketNotifier::activated, this, &ClientConnection::onReadable);
    connect(m_write, &QSocketNotifier::activated, this, &ClientConnection::onWritable);
    m_helloDeadline = new QTimer(this);
    m_helloDeadline->setSingleShot(true);
    connect(m_helloDeadline, &QTimer::timeout, this, &ClientConnection::onHelloDeadline);
    m_helloDeadline->start(helloTimeoutMs);
}

ClientConnection::~ClientConnection()
{
    closeAll(&m_fds);
}

void ClientConnection::setHelloDone()
{
    m_helloDone = true;
    m_helloDeadline->stop();
}

void ClientConnection::onHelloDeadline()
{
    if (m_helloDone || m_closed)
        return;
    const int seconds = m_helloDeadline->interval() / 1000;
    if (m_closing) {
        // Refused earlier and its error still unsent (a peer that does not read): close anyway.
        qWarning("cordon-helper: closing a refused connection of uid %u, pid %d that does not read",
            static_cast<unsigned>(m_peer.uid), static_cast<int>(m_peer.pid));
        shutdown();
        return;
    }
    qWarning("cordon-helper: closing the connection of uid %u, pid %d: no hello within %d s",
        static_cast<unsigned>(m_peer.uid), static_cast<int>(m_peer.pid), seconds);
    sendError(std::nullopt, ErrorCode::HelloFirst, QStringLiteral("no hello within %1 s").arg(seconds));
    closeAfterFlush();
    if (!m_closed) {
        // The one line did not fit in the socket's buffer: the slot matters more than the message.
        shutdown();
    }
}

void ClientConnection::send(const QJsonObject& message)
{
    if (m_closed || m_closing)
        return;
    const QByteArray line = protocol::MessageSchema::encode(message);
    if (m_socket.pendingBytes() + line.size() > kMaxQueuedBytes) {
        // A client that does not read its pushes is dropped rather than buffered without end
        // (docs/protocol.md: "disconnected once 8 MiB are queued").
        shutdown();
        return;
    }
    if (!m_socket.sendLine(line)) {
        shutdown();
        return;
    }
    updateWriteNotifier();
}

void ClientConnection::sendError(std::optional<qint64> id, ErrorCode code, const QString& message, int exitCode)
{
    QJsonObject reply{{QStringLiteral("type"), QStringLiteral("error")},
        {QStringLiteral("code"), protocol::errorCodeName(code)}, {QStringLiteral("message"), message}};
    if (id)
        reply.insert(QStringLiteral("id"), static_cast<double>(*id));
    if (exitCode >= 0)
        reply.insert(QStringLiteral("exit_code"), exitCode);
    send(reply);
}

void ClientConnection::closeAfterFlush()
{
    if (m_closed)
        return;
    m_closing = true;
    m_read->setEnabled(false);
    if (m_socket.pendingBytes() == 0)
        shutdown();
    else
        updateWriteNotifier();
}

void ClientConnection::updateWriteNotifier()
{
    if (!m_closed)
        m_write->setEnabled(m_socket.pendingBytes() > 0);
}

void ClientConnection::onWritable()
{
    if (m_closed)
        return;
    if (!m_socket.flush()) {
        shutdown();
        return;
    }
    updateWriteNotifier();
    if (m_closing && m_socket.pendingBytes() == 0)
        shutdown();
}

void ClientConnection::onReadable()
{
    if (m_closed || m_closing)
        return;
    // A bounded number of reads per wake-up, so that one busy client cannot starve the others.
    for (int round = 0; round < 16 && !m_closed && !m_closing; ++round) {
        QByteArray data;
        QList<int> fds;
        const auto result = m_socket.read(&data, &fds);
        m_fds.append(fds);
        if (result == protocol::MessageSocket::ReadResult::WouldBlock)
            return;
        if (result != protocol::MessageSocket::ReadResult::Data) {
            shutdown();
            return;
        }
        if (m_fds.size() > protocol::MessageSocket::kMaxFdsPerMessage) {
            closeAll(&m_fds);
            sendError(std::nullopt, ErrorCode::Invalid, QStringLiteral("too many descriptors"));
        }
        if (!m_framer.append(data.constData(), data.size())) {
            sendError(std::nullopt, ErrorCode::TooLarge,
                QStringLiteral("a message may be at most %1 bytes").arg(protocol::LineFramer::kMaxLineBytes));
            closeAfterFlush();
            return;
        }
        processLines();
    }
}

void ClientConnection::processLines()
{
    while (!m_closed && !m_closing) {
        const std::optional<QByteArray> line = m_framer.next();
        if (!line) {
            if (m_framer.failed()) {
                sendError(std::nullopt, ErrorCode::TooLarge,
                    QStringLiteral("a message may be at most %1 bytes").arg(protocol::LineFramer::kMaxLineBytes));
                closeAfterFlush();
            }
            return;
        }
        // Descriptors travel with the first byte of the line they belong to; whatever arrived
        // before this line was complete belongs to it.
        QList<int> fds;
        fds.swap(m_fds);
        QJsonObject message;
        std::optional<qint64> id;
        protocol::ProtocolError error;
        if (!protocol::MessageSchema::decode(*line, protocol::Direction::ToHelper, &message, &id, &error)) {
            closeAll(&fds);
            sendError(id, error.code, error.message);
            if (!m_helloDone) {
                closeAfterFlush();
                return;
            }
            continue;
        }
        const QString type = message.value(QLatin1String("type")).toString();
        if (!m_helloDone && type != QLatin1String("hello")) {
            closeAll(&fds);
            sendError(id, ErrorCode::HelloFirst, QStringLiteral("the first message must be hello"));
            closeAfterFlush();
            return;
        }
        if (!fds.isEmpty() && type != QLatin1String("launch")) {
            closeAll(&fds);
            sendError(id, ErrorCode::Invalid, QStringLiteral("descriptors may come only with launch"));
            continue;
        }
        Q_EMIT request(this, message, id, fds);
    }
}

void ClientConnection::shutdown()
{
    if (m_closed)
        return;
    m_closed = true;
    m_read->setEnabled(false);
    m_write->setEnabled(false);
    closeAll(&m_fds);
    m_socket.close();
    // Emitted from the event loop, never from inside a send() a caller is iterating with.
    QTimer::singleShot(0, this, [this] { Q_EMIT closed(this); });
}

} // namespace cordon::helperd
