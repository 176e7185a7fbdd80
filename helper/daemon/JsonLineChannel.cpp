#include "JsonLineChannel.h"

#include "LineFramer.h"
#include "MessageSchema.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QPointer>
#include <QSocketNotifier>

#include <cerrno>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace cordon::helperd {

namespace {

constexpr qsizetype kReadChunk = 64 * 1024;
// Bytes read per wake-up before the event loop gets a turn (the notifier is level-triggered and
// fires again): one fast peer cannot starve the others.
constexpr qsizetype kReadBudget = 1024 * 1024;

ssize_t writeSome(int fd, const char* data, size_t size)
{
    for (;;) {
        // MSG_NOSIGNAL: a peer that went away must not kill the helper with SIGPIPE.
        ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
        if (n < 0 && errno == ENOTSOCK)
            n = ::write(fd, data, size);
        if (n < 0 && errno == EINTR)
            continue;
        return n;
    }
}

} // namespace

JsonLineChannel::JsonLineChannel(int fd, qsizetype maxLineBytes, QObject* parent)
    : QObject(parent), m_fd(fd), m_maxLine(maxLineBytes > 0 ? maxLineBytes : kDefaultMaxLineBytes)
{
    m_framer = new protocol::LineFramer(m_maxLine);
    if (m_fd < 0)
        return;
    const int flags = ::fcntl(m_fd, F_GETFL);
    if (flags < 0 || ::fcntl(m_fd, F_SETFL, flags | O_NONBLOCK) < 0 || ::fcntl(m_fd, F_SETFD, FD_CLOEXEC) < 0) {
        qWarning("JsonLineChannel: cannot set up descriptor %d: %s", m_fd, strerror(errno));
        ::close(m_fd);
        m_fd = -1;
        return;
    }
    m_readNotifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
    connect(m_readNotifier, &QSocketNotifier::activated, this, &JsonLineChannel::onReadable);
    m_writeNotifier = new QSocketNotifier(m_fd, QSocketNotifier::Write, this);
    m_writeNotifier->setEnabled(false);
    connect(m_writeNotifier, &QSocketNotifier::activated, this, &JsonLineChannel::onWritable);
}

JsonLineChannel::~JsonLineChannel()
{
    m_closedEmitted = true; // nobody to tell any more
    shutDown(false);
    delete m_framer;
}

void JsonLineChannel::close()
{
    shutDown(true);
}

void JsonLineChannel::shutDown(bool emitNow)
{
    if (m_fd < 0)
        return;
    delete m_readNotifier;
    m_readNotifier = nullptr;
    delete m_writeNotifier;
    m_writeNotifier = nullptr;
    if (::close(m_fd) != 0 && errno != EINTR)
        qWarning("JsonLineChannel: close: %s", strerror(errno));
    m_fd = -1;
    m_out.clear();
    m_outStart = 0;
    if (m_closedEmitted)
        return;
    m_closedEmitted = true;
    if (emitNow)
        Q_EMIT closed();
    else
        QMetaObject::invokeMethod(this, &JsonLineChannel::closed, Qt::QueuedConnection);
}

bool JsonLineChannel::send(const QJsonObject& message)
{
    if (m_fd < 0)
        return false;
    const QByteArray bytes = protocol::MessageSchema::encode(message);
    if (queuedBytes() + bytes.size() > kMaxQueuedBytes) {
        qWarning("JsonLineChannel: peer on descriptor %d does not read; closing", m_fd);
        shutDown(false);
        return false;
    }
    if (m_outStart > 0 && m_outStart >= m_out.size() / 2) {
        m_out.remove(0, m_outStart);
        m_outStart = 0;
    }
    m_out.append(bytes);
    if (!writeQueued()) {
        shutDown(false);
        return false;
    }
    return true;
}

bool JsonLineChannel::writeQueued()
{
    while (m_outStart < m_out.size()) {
        const ssize_t n = writeSome(m_fd, m_out.constData() + m_outStart, size_t(m_out.size() - m_outStart));
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                break;
            return false;
        }
        m_outStart += n;
    }
    if (m_outStart >= m_out.size()) {
        m_out.clear();
        m_outStart = 0;
    }
    if (m_writeNotifier)
        m_writeNotifier->setEnabled(queuedBytes() > 0);
    return true;
}

void JsonLineChannel::onWritable()
{
    if (m_fd >= 0 && !writeQueued())
        shutDown(true);
}

void JsonLineChannel::onReadable()
{
    if (m_fd < 0)
        return;
    QPointer<JsonLineChannel> self(this);
    char buffer[kReadChunk];
    qsizetype budget = kReadBudget;
    bool eof = false;
    while (budget > 0) {
        const ssize_t n = ::read(m_fd, buffer, sizeof buffer);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                break;
            eof = true; // a read error ends the stream like end of file
            break;
        }
        if (n == 0) {
            eof = true;
            break;
        }
        budget -= n;
        const bool fits = m_framer->append(buffer, n);
        while (std::optional<QByteArray> text = m_framer->next()) {
            QJsonParseError parseError;
            const QJsonDocument doc = QJsonDocument::fromJson(*text, &parseError);
            if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
                Q_EMIT malformed(
                    parseError.error != QJsonParseError::NoError
                        ? QStringLiteral("not JSON: %1 at byte %2").arg(parseError.errorString()).arg(parseError.offset)
                        : QStringLiteral("not a JSON object"));
            } else {
                Q_EMIT line(doc.object());
            }
            if (!self || m_fd < 0)
                return; // a receiver closed or deleted the channel
        }
        if (!fits || m_framer->failed()) {
            Q_EMIT malformed(QStringLiteral("line longer than %1 bytes").arg(m_maxLine));
            if (self)
                shutDown(true);
            return;
        }
    }
    if (eof)
        shutDown(true);
}

} // namespace cordon::helperd
