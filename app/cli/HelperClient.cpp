#include "HelperClient.h"

#include "HelperSocketPath.h"
#include "MessageSchema.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QJsonArray>

#include <cerrno>
#include <cstring>
#include <poll.h>
#include <unistd.h>

#ifndef CORDON_VERSION
#define CORDON_VERSION "0"
#endif

namespace cordon::cli {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("cordonctl", text);
}

using protocol::Direction;
using protocol::MessageSchema;

} // namespace

QStringList HelperClient::candidates()
{
    return protocol::HelperSocketPath::candidates();
}

void HelperClient::close()
{
    m_socket.close();
    m_framer = protocol::LineFramer();
    m_waitingFor.reset();
    m_reply.reset();
}

bool HelperClient::connect(QString* error)
{
    const QStringList paths = candidates();
    QStringList failures;
    bool allAbsent = true;
    for (const QString& path : paths) {
        QString why;
        if (connectTo(path, &why))
            return true;
        if (!m_noHelper)
            allAbsent = false;
        failures.append(why);
        if (!m_noHelper)
            break; // a helper answered, but wrongly: say so rather than try the next one
    }
    m_noHelper = allAbsent;
    if (allAbsent)
        *error = tr("no Cordon helper is running (looked for %1)").arg(paths.join(QStringLiteral(", ")));
    else
        *error = failures.last();
    return false;
}

bool HelperClient::connectTo(const QString& path, QString* error)
{
    close();
    m_path = path;
    m_noHelper = false;
    QString why;
    if (!m_socket.connectTo(path, &why)) {
        const int saved = errno;
        m_noHelper = saved == ENOENT || saved == ECONNREFUSED || saved == ENOTDIR;
        *error = why;
        return false;
    }
    if (!hello(error)) {
        close();
        return false;
    }
    return true;
}

bool HelperClient::hello(QString* error)
{
    QJsonObject message{{QStringLiteral("type"), QStringLiteral("hello")},
        {QStringLiteral("versions"), QJsonArray{protocol::kProtocolVersion}},
        {QStringLiteral("client"), QStringLiteral("cordonctl " CORDON_VERSION)}};
    QJsonObject reply;
    QString why;
    if (!request(message, &reply, &why, {}, 10000)) {
        *error = tr("the helper at %1 refused the connection: %2").arg(m_path, why);
        return false;
    }
    if (reply.value(QLatin1String("type")).toString() != u"hello" ||
        reply.value(QLatin1String("version")).toInt() != protocol::kProtocolVersion) {
        *error = tr("the helper at %1 does not speak protocol version %2").arg(m_path).arg(protocol::kProtocolVersion);
        return false;
    }
    return true;
}

bool HelperClient::request(
    QJsonObject message, QJsonObject* reply, QString* error, const QList<int>& fds, int timeoutMs)
{
    if (!m_socket.isOpen()) {
        *error = tr("not connected to the helper");
        return false;
    }
    const qint64 id = m_nextId++;
    message.insert(QStringLiteral("id"), id);
    protocol::ProtocolError invalid;
    if (!MessageSchema::validate(message, Direction::ToHelper, &invalid)) {
        // Our own bug: never send what our own decoder would refuse.
        *error = tr("internal error: refusing to send an invalid %1 message: %2")
                     .arg(message.value(QLatin1String("type")).toString(), invalid.message);
        return false;
    }
    if (!m_socket.sendLine(MessageSchema::encode(message), fds)) {
        *error = tr("lost the connection to the helper");
        close();
        return false;
    }
    m_waitingFor = id;
    m_reply.reset();
    QDeadlineTimer deadline(timeoutMs < 0 ? QDeadlineTimer::Forever : QDeadlineTimer(timeoutMs));
    // Lines already framed (read together with an earlier reply) come first.
    while (!m_reply) {
        if (auto line = m_framer.next()) {
            if (!handleLine(*line, error))
                return false;
            continue;
        }
        bool timedOut = false;
        const qint64 left = deadline.isForever() ? -1 : deadline.remainingTime();
        if (!waitReadable(static_cast<int>(left), &timedOut, error))
            return false;
        if (timedOut) {
            m_waitingFor.reset();
            *error = tr("the helper did not answer within %1 seconds").arg(timeoutMs / 1000);
            return false;
        }
        if (!readAvailable(error))
            return false;
    }
    m_waitingFor.reset();
    *reply = *m_reply;
    m_reply.reset();
    if (reply->value(QLatin1String("type")).toString() == u"error") {
        *error = reply->value(QLatin1String("message")).toString();
        return false;
    }
    return true;
}

std::optional<QJsonObject> HelperClient::takePush()
{
    if (m_pushes.empty())
        return std::nullopt;
    QJsonObject push = m_pushes.front();
    m_pushes.pop_front();
    return push;
}

std::optional<QJsonObject> HelperClient::waitPush(int timeoutMs, QString* error)
{
    QDeadlineTimer deadline(timeoutMs < 0 ? QDeadlineTimer::Forever : QDeadlineTimer(timeoutMs));
    for (;;) {
        if (auto push = takePush())
            return push;
        if (auto line = m_framer.next()) {
            if (!handleLine(*line, error))
                return std::nullopt;
            continue;
        }
        if (!m_socket.isOpen()) {
            *error = tr("lost the connection to the helper");
            return std::nullopt;
        }
        bool timedOut = false;
        const qint64 left = deadline.isForever() ? -1 : deadline.remainingTime();
        if (!waitReadable(static_cast<int>(left), &timedOut, error))
            return std::nullopt;
        if (timedOut) {
            error->clear();
            return std::nullopt;
        }
        if (!readAvailable(error))
            return std::nullopt;
    }
}

bool HelperClient::waitReadable(int timeoutMs, bool* timedOut, QString* error)
{
    *timedOut = false;
    pollfd p{m_socket.fd(), POLLIN, 0};
    for (;;) {
        const int rc = ::poll(&p, 1, timeoutMs);
        if (rc < 0 && errno == EINTR)
            continue; // a signal (SIGWINCH, ...) is the caller's business; keep waiting
        if (rc < 0) {
            *error = tr("poll on the helper socket failed: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
            close();
            return false;
        }
        *timedOut = rc == 0;
        return true;
    }
}

bool HelperClient::readAvailable(QString* error)
{
    QByteArray data;
    QList<int> fds;
    const auto result = m_socket.read(&data, &fds);
    for (int fd : std::as_const(fds))
        ::close(fd); // the helper never sends descriptors; do not keep any it did
    switch (result) {
    case protocol::MessageSocket::ReadResult::WouldBlock: return true;
    case protocol::MessageSocket::ReadResult::Closed:
        *error = tr("the helper closed the connection");
        close();
        return false;
    case protocol::MessageSocket::ReadResult::Error:
        *error = tr("lost the connection to the helper");
        close();
        return false;
    case protocol::MessageSocket::ReadResult::Data: break;
    }
    if (!m_framer.append(data.constData(), data.size())) {
        *error = tr("the helper sent a line longer than %1 bytes").arg(protocol::LineFramer::kMaxLineBytes);
        close();
        return false;
    }
    // Frame everything now: a reply may be among these lines, and pushes go to the queue.
    while (auto line = m_framer.next()) {
        if (!handleLine(*line, error))
            return false;
    }
    return true;
}

bool HelperClient::handleLine(const QByteArray& line, QString* error)
{
    QJsonObject message;
    std::optional<qint64> id;
    protocol::ProtocolError invalid;
    if (!MessageSchema::decode(line, Direction::FromHelper, &message, &id, &invalid)) {
        *error = tr("the helper sent an invalid message (%1); disconnecting").arg(invalid.message);
        close();
        return false;
    }
    if (message.contains(QLatin1String("id"))) {
        if (m_waitingFor && id == m_waitingFor)
            m_reply = message;
        // A reply to a request we gave up waiting for is dropped.
        return true;
    }
    if (message.value(QLatin1String("type")).toString() == u"error") {
        // An error without an id concerns the connection itself (hello-first, too-large,
        // version, not-allowed): the helper closes it after this line.
        *error = tr("the helper refused: %1 (%2)")
                     .arg(message.value(QLatin1String("message")).toString(),
                         message.value(QLatin1String("code")).toString());
        if (m_waitingFor) {
            m_reply = message;
            return true;
        }
        close();
        return false;
    }
    m_pushes.push_back(message);
    return true;
}

} // namespace cordon::cli
