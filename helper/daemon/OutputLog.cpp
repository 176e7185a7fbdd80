#include "OutputLog.h"

#include <QFile>
#include <QSocketNotifier>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace cordon::helperd {

namespace {

QString errnoText(int err = errno)
{
    return QString::fromLocal8Bit(std::strerror(err));
}

} // namespace

OutputLog::OutputLog(QString sessionId, QString path, qint64 limitBytes, QObject* parent)
    : QObject(parent), m_sessionId(std::move(sessionId)), m_path(std::move(path)), m_limit(limitBytes)
{ }

OutputLog::~OutputLog()
{
    // Nobody to tell any more; closing the read end gives a writer still there EPIPE (SIGPIPE),
    // which only happens once the session is long over (Daemon::pruneEnded) or the helper exits.
    m_finished = true;
    delete m_notifier;
    m_notifier = nullptr;
}

QByteArray OutputLog::limitNotice(qint64 limitBytes)
{
    return QByteArrayLiteral("cordon: output limit of ") + QByteArray::number(limitBytes) +
           QByteArrayLiteral(" bytes reached; further output of this session is discarded\n");
}

bool OutputLog::open(confine::UniqueFd* writeEnd, QString* error)
{
    // Created new, never an existing file or a link planted in its place, 0600: as the helper's
    // other state (the root helper's state directory is root's and 0700).
    const int file =
        ::open(QFile::encodeName(m_path).constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (file < 0) {
        *error = QStringLiteral("%1: %2").arg(m_path, errnoText());
        return false;
    }
    m_file.reset(file);
    int ends[2];
    if (::pipe2(ends, O_CLOEXEC) != 0) {
        *error = QStringLiteral("pipe2: %1").arg(errnoText());
        m_file.reset();
        return false;
    }
    confine::UniqueFd readEnd(ends[0]);
    confine::UniqueFd write(ends[1]);
    // Non-blocking on our end only: O_NONBLOCK belongs to the open file description, and each end
    // has its own, so the sandbox's writes stay blocking (a writer that gets EAGAIN may drop output
    // or fail; one that waits is released as soon as we read).
    const int flags = ::fcntl(readEnd.get(), F_GETFL);
    if (flags < 0 || ::fcntl(readEnd.get(), F_SETFL, flags | O_NONBLOCK) != 0) {
        *error = QStringLiteral("pipe: O_NONBLOCK: %1").arg(errnoText());
        m_file.reset();
        return false;
    }
    m_pipe = std::move(readEnd);
    m_buffer.resize(static_cast<size_t>(kReadChunk));
    m_notifier = new QSocketNotifier(m_pipe.get(), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &OutputLog::onReadable);
    *writeEnd = std::move(write);
    return true;
}

void OutputLog::onReadable()
{
    if (m_finished)
        return;
    for (int round = 0; round < kReadsPerWakeup; ++round) {
        ssize_t n;
        do {
            n = ::read(m_pipe.get(), m_buffer.data(), m_buffer.size());
        } while (n < 0 && errno == EINTR);
        if (n > 0) {
            consume(m_buffer.data(), n);
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        if (n < 0)
            qWarning("cordon-helper: %s: reading the output: %s", qPrintable(m_sessionId), std::strerror(errno));
        // End of file: the last writer is gone, everything it wrote has been read.
        finish();
        return;
    }
}

void OutputLog::consume(const char* data, qsizetype size)
{
    qsizetype kept = 0;
    if (!m_limitReached && !m_fileFailed) {
        kept = static_cast<qsizetype>(std::min<qint64>(size, m_limit - m_written));
        if (kept > 0) {
            if (writeAll(data, kept)) {
                m_written += kept;
                m_lastByte = data[kept - 1];
            } else {
                kept = 0;
            }
        }
        if (kept < size && !m_fileFailed) {
            // Something goes beyond the limit: say so once, in the file a person will read, on a
            // line of its own.
            m_limitReached = true;
            QByteArray notice = limitNotice(m_limit);
            if (m_lastByte != '\n')
                notice.prepend('\n');
            (void)writeAll(notice.constData(), notice.size());
            qWarning("cordon-helper: %s: output limit of %lld bytes reached; discarding the rest",
                qPrintable(m_sessionId), static_cast<long long>(m_limit));
        }
    }
    m_discarded += size - kept;
}

bool OutputLog::writeAll(const char* data, qsizetype size)
{
    qsizetype done = 0;
    while (done < size) {
        const ssize_t n = ::write(m_file.get(), data + done, static_cast<size_t>(size - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            // ENOSPC, EDQUOT, EIO: the file is given up, the pipe still drained (the agent must not
            // block on our disk).
            qWarning("cordon-helper: %s: writing %s: %s; discarding the session's output", qPrintable(m_sessionId),
                qPrintable(m_path), n < 0 ? std::strerror(errno) : "no progress");
            m_fileFailed = true;
            return false;
        }
        done += n;
    }
    return true;
}

void OutputLog::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    delete m_notifier;
    m_notifier = nullptr;
    m_pipe.reset();
    // A failing close of a written file can mean lost data (close(2)): said, not retried.
    if (m_file && ::close(m_file.release()) != 0)
        qWarning(
            "cordon-helper: %s: closing %s: %s", qPrintable(m_sessionId), qPrintable(m_path), std::strerror(errno));
    if (m_limitReached)
        qWarning("cordon-helper: %s: %lld bytes of output discarded past the limit", qPrintable(m_sessionId),
            static_cast<long long>(m_discarded));
    Q_EMIT finished();
}

} // namespace cordon::helperd
