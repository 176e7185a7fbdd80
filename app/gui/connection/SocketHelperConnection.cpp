#include "SocketHelperConnection.h"

#include "HelperSocketPath.h"
#include "HelperStarter.h"
#include "Installation.h"
#include "MessageSchema.h"

#include <QJsonArray>
#include <QLoggingCategory>
#include <QPointer>
#include <QSocketNotifier>

#include <fcntl.h>
#include <unistd.h>

namespace cordon::gui {

Q_LOGGING_CATEGORY(lcConnection, "cordon.gui.connection")

namespace {
// A helper we started gets this long to create its socket before we try to start another.
constexpr qint64 kRestartAfterMs = 15000;
} // namespace

SocketHelperConnection::SocketHelperConnection(Options options, QObject* parent)
    : HelperConnection(parent), m_options(std::move(options)), m_backoffMs(m_options.initialBackoffMs)
{
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &SocketHelperConnection::tryConnect);
}

SocketHelperConnection::~SocketHelperConnection()
{
    m_readNotifier.reset();
    m_writeNotifier.reset();
    m_socket.close();
}

void SocketHelperConnection::start()
{
    if (m_started)
        return;
    m_started = true;
    QTimer::singleShot(0, this, &SocketHelperConnection::tryConnect);
}

void SocketHelperConnection::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void SocketHelperConnection::tryConnect()
{
    if (m_socket.isOpen())
        return;
    const QStringList paths =
        m_options.socketPaths.isEmpty() ? protocol::HelperSocketPath::candidates() : m_options.socketPaths;
    QString lastError;
    for (const QString& path : paths) {
        if (path.isEmpty())
            continue;
        QString error;
        // connect() on a Unix stream socket never waits for the peer: it succeeds or fails at once.
        if (!m_socket.connectTo(path, &error)) {
            lastError = error;
            continue;
        }
        const int flags = ::fcntl(m_socket.fd(), F_GETFL);
        if (flags < 0 || ::fcntl(m_socket.fd(), F_SETFL, flags | O_NONBLOCK) != 0) {
            m_socket.close();
            lastError = QStringLiteral("fcntl(O_NONBLOCK) failed");
            continue;
        }
        m_connectedPath = path;
        m_framer = protocol::LineFramer();
        m_readNotifier = std::make_unique<QSocketNotifier>(m_socket.fd(), QSocketNotifier::Read);
        connect(m_readNotifier.get(), &QSocketNotifier::activated, this, &SocketHelperConnection::onReadable);
        m_writeNotifier = std::make_unique<QSocketNotifier>(m_socket.fd(), QSocketNotifier::Write);
        m_writeNotifier->setEnabled(false);
        connect(m_writeNotifier.get(), &QSocketNotifier::activated, this, &SocketHelperConnection::onWritable);
        setState(State::Connecting);
        qCDebug(lcConnection) << "connected to" << path;

        QJsonObject hello{{QStringLiteral("type"), QStringLiteral("hello")},
            {QStringLiteral("versions"), QJsonArray{protocol::kProtocolVersion}},
            {QStringLiteral("client"), m_options.clientName}};
        sendInternal(hello, [this](const QJsonObject& reply) {
            if (isError(reply)) {
                Q_EMIT problem(
                    tr("cordon-helper refused this app: %1").arg(reply.value(QLatin1String("message")).toString()));
                dropConnection(QStringLiteral("hello refused"));
                return;
            }
            m_helperDescription = reply.value(QLatin1String("helper")).toString() + QStringLiteral(" (") +
                                  reply.value(QLatin1String("mode")).toString() + u')';
            QJsonObject subscribe{{QStringLiteral("type"), QStringLiteral("subscribe")},
                {QStringLiteral("events"), true}, {QStringLiteral("escalations"), true},
                {QStringLiteral("sessions"), true}};
            if (m_lastEventId > 0)
                subscribe.insert(QStringLiteral("after"), m_lastEventId);
            sendInternal(subscribe, [this](const QJsonObject& subscribed) {
                if (isError(subscribed)) {
                    dropConnection(subscribed.value(QLatin1String("message")).toString());
                    return;
                }
                m_backoffMs = m_options.initialBackoffMs;
                m_everReady = true;
                setState(State::Ready);
                Q_EMIT ready();
            });
        });
        return;
    }
    qCDebug(lcConnection) << "no helper answered:" << lastError;
    if (maybeStartHelper())
        setState(State::StartingHelper);
    else if (m_state != State::StartingHelper || m_sinceStart.elapsed() > kRestartAfterMs)
        setState(State::Disconnected);
    scheduleReconnect();
}

QString SocketHelperConnection::startSocketPath() const
{
    if (!m_options.socketPaths.isEmpty())
        return m_options.socketPaths.constFirst();
    const QString overridden = qEnvironmentVariable("CORDON_HELPER_SOCKET");
    return overridden.isEmpty() ? protocol::HelperSocketPath::rootlessSocket() : overridden;
}

bool SocketHelperConnection::maybeStartHelper()
{
    if (!m_options.startHelper)
        return false;
    // Only for a person who has no helper at all (first connection), or again for the helper we
    // started ourselves when it went away; a system helper being restarted is waited for.
    if (m_everReady && !m_weStartedIt)
        return false;
    if (m_sinceStart.isValid() && m_sinceStart.elapsed() < kRestartAfterMs)
        return false;
    const QString binary = m_options.helperBinary.isEmpty() ? Installation::helperBinary() : m_options.helperBinary;
    const QString socketPath = startSocketPath();
    m_sinceStart.start();
    if (binary.isEmpty()) {
        Q_EMIT problem(tr("No cordon-helper is running and none is installed next to this app."));
        return false;
    }
    if (socketPath.isEmpty()) {
        Q_EMIT problem(tr("Cannot start cordon-helper: XDG_RUNTIME_DIR is not set."));
        return false;
    }
    QString error;
    const qint64 pid = HelperStarter::startDetached(binary, socketPath, &error);
    if (pid <= 0) {
        Q_EMIT problem(tr("Cannot start cordon-helper: %1").arg(error));
        return false;
    }
    qCInfo(lcConnection) << "started" << binary << "pid" << pid << "socket" << socketPath;
    m_startedPid = pid;
    m_weStartedIt = true;
    m_backoffMs = m_options.initialBackoffMs;
    return true;
}

void SocketHelperConnection::scheduleReconnect()
{
    m_reconnectTimer.start(m_backoffMs);
    m_backoffMs = qMin(m_backoffMs * 2, m_options.maxBackoffMs);
}

void SocketHelperConnection::send(const QJsonObject& request, ReplyHandler handler)
{
    if (m_state != State::Ready) {
        if (handler)
            QTimer::singleShot(0, this, [handler] { handler(disconnectedError()); });
        return;
    }
    sendInternal(request, std::move(handler));
}

void SocketHelperConnection::sendInternal(QJsonObject request, ReplyHandler handler)
{
    const qint64 id = m_nextId++;
    request.insert(QStringLiteral("id"), id);
    protocol::ProtocolError error;
    if (!protocol::MessageSchema::validate(request, protocol::Direction::ToHelper, &error)) {
        // Our own bug: never put it on the wire.
        qCWarning(lcConnection) << "refusing to send an invalid request:" << error.message;
        if (handler) {
            const QJsonObject reply{{QStringLiteral("type"), QStringLiteral("error")},
                {QStringLiteral("code"), QStringLiteral("invalid")}, {QStringLiteral("message"), error.message}};
            QTimer::singleShot(0, this, [handler, reply] { handler(reply); });
        }
        return;
    }
    if (handler)
        m_pending.insert(id, std::move(handler));
    if (!m_socket.sendLine(protocol::MessageSchema::encode(request))) {
        dropConnection(QStringLiteral("send failed"));
        return;
    }
    updateWriteNotifier();
}

void SocketHelperConnection::updateWriteNotifier()
{
    if (m_writeNotifier)
        m_writeNotifier->setEnabled(m_socket.pendingBytes() > 0);
}

void SocketHelperConnection::onWritable()
{
    if (!m_socket.flush()) {
        dropConnection(QStringLiteral("send failed"));
        return;
    }
    updateWriteNotifier();
}

void SocketHelperConnection::onReadable()
{
    QPointer<SocketHelperConnection> guard(this);
    // Read what is there now, but at most about 128 KiB (some 600 events) per wake-up: after a
    // stall a backlog of megabytes would otherwise be parsed in one dispatch, holding up paints
    // and timers for 100 ms and more (docs/benchmarks.md, "Desktop app"). The notifier is level
    // triggered: what is left wakes it again after the loop has had its turn.
    constexpr qsizetype kBudgetBytes = 128 * 1024;
    qsizetype taken = 0;
    while (taken < kBudgetBytes && guard && m_socket.isOpen()) {
        QByteArray data;
        QList<int> fds;
        const auto result = m_socket.read(&data, &fds);
        for (int fd : std::as_const(fds))
            ::close(fd); // the helper never sends descriptors to a client
        if (result == protocol::MessageSocket::ReadResult::WouldBlock)
            return;
        if (result != protocol::MessageSocket::ReadResult::Data) {
            dropConnection(result == protocol::MessageSocket::ReadResult::Closed ? QStringLiteral("closed by helper")
                                                                                 : QStringLiteral("read error"));
            return;
        }
        taken += data.size();
        if (!m_framer.append(data.constData(), data.size())) {
            dropConnection(QStringLiteral("line too long"));
            return;
        }
        while (guard && m_socket.isOpen()) {
            const auto line = m_framer.next();
            if (!line)
                break;
            handleLine(*line);
        }
        if (guard && m_socket.isOpen() && m_framer.failed()) {
            dropConnection(QStringLiteral("line too long"));
            return;
        }
    }
}

void SocketHelperConnection::handleLine(const QByteArray& line)
{
    QJsonObject message;
    std::optional<qint64> id;
    protocol::ProtocolError error;
    if (!protocol::MessageSchema::decode(line, protocol::Direction::FromHelper, &message, &id, &error)) {
        qCWarning(lcConnection) << "ignoring a message from the helper:" << error.message;
        if (id) // whoever waits for it learns that it came and could not be read
            handleReply(*id,
                QJsonObject{{QStringLiteral("type"), QStringLiteral("error")},
                    {QStringLiteral("code"), QStringLiteral("bad-json")}, {QStringLiteral("message"), error.message}});
        return;
    }
    if (const auto replyId = protocol::MessageSchema::requestId(message))
        handleReply(*replyId, message);
    else if (message.value(QLatin1String("type")).toString() == QLatin1String("error"))
        dropConnection(message.value(QLatin1String("message")).toString()); // e.g. not-allowed, then close
    else
        handlePush(message);
}

void SocketHelperConnection::handleReply(qint64 id, const QJsonObject& message)
{
    const ReplyHandler handler = m_pending.take(id);
    if (handler)
        handler(message);
}

void SocketHelperConnection::handlePush(const QJsonObject& message)
{
    const QString type = message.value(QLatin1String("type")).toString();
    if (type == QLatin1String("event")) {
        const QJsonObject event = message.value(QLatin1String("event")).toObject();
        m_lastEventId = qMax(m_lastEventId, event.value(QLatin1String("id")).toInteger());
        Q_EMIT eventReceived(event);
    } else if (type == QLatin1String("escalation")) {
        Q_EMIT escalationReceived(message.value(QLatin1String("request")).toObject());
    } else if (type == QLatin1String("resolved")) {
        Q_EMIT resolved(message);
    } else if (type == QLatin1String("session")) {
        Q_EMIT sessionChanged(message.value(QLatin1String("session")).toObject());
    } else {
        qCWarning(lcConnection) << "unexpected push" << type;
    }
}

void SocketHelperConnection::dropConnection(const QString& why)
{
    qCInfo(lcConnection) << "connection lost:" << why;
    // The notifiers may be the ones calling us: let them go after this slot returns.
    if (m_readNotifier) {
        m_readNotifier->setEnabled(false);
        m_readNotifier.release()->deleteLater();
    }
    if (m_writeNotifier) {
        m_writeNotifier->setEnabled(false);
        m_writeNotifier.release()->deleteLater();
    }
    m_socket.close();
    m_connectedPath.clear();
    const auto pending = std::exchange(m_pending, {});
    for (const auto& handler : pending)
        QTimer::singleShot(0, this, [handler] { handler(disconnectedError()); });
    setState(State::Disconnected);
    scheduleReconnect();
}

} // namespace cordon::gui
