#include "MessageSocket.h"

#include <QFile>

#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace cordon::protocol {

MessageSocket::~MessageSocket()
{
    close();
}

void MessageSocket::close()
{
    if (m_fd >= 0)
        ::close(m_fd); // nothing useful to do about an error on a socket we are abandoning
    m_fd = -1;
    m_out.clear();
    m_outStart = 0;
    m_outFds.clear();
    m_fdsAt = -1;
}

bool MessageSocket::connectTo(const QString& path, QString* error)
{
    close();
    const QByteArray encoded = QFile::encodeName(path);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (encoded.isEmpty() || encoded.size() >= static_cast<qsizetype>(sizeof(address.sun_path))) {
        *error = QStringLiteral("socket path too long or empty: %1").arg(path);
        return false;
    }
    std::memcpy(address.sun_path, encoded.constData(), static_cast<size_t>(encoded.size()));
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *error = QStringLiteral("socket: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    int rc;
    do {
        rc = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address));
    } while (rc != 0 && errno == EINTR);
    if (rc != 0) {
        const int saved = errno;
        ::close(fd);
        *error = QStringLiteral("cannot connect to %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(saved)));
        errno = saved;
        return false;
    }
    m_fd = fd;
    return true;
}

bool MessageSocket::sendLine(const QByteArray& line, const QList<int>& fds)
{
    if (m_fd < 0 || fds.size() > kMaxFdsPerMessage)
        return false;
    if (!fds.isEmpty()) {
        // One batch of descriptors in flight at a time: send what is queued before them first.
        if (!m_outFds.isEmpty() && !flush())
            return false;
        if (!m_outFds.isEmpty())
            return false;
        m_outFds = fds;
        m_fdsAt = m_out.size();
    }
    m_out.append(line);
    return flush();
}

bool MessageSocket::flush()
{
    while (m_fd >= 0 && m_outStart < m_out.size()) {
        const bool withFds = !m_outFds.isEmpty() && m_outStart == m_fdsAt;
        // Without descriptors, send only up to where they must be attached.
        qsizetype end = m_out.size();
        if (!m_outFds.isEmpty() && m_fdsAt > m_outStart)
            end = m_fdsAt;
        iovec iov{};
        iov.iov_base = m_out.data() + m_outStart;
        iov.iov_len = static_cast<size_t>(end - m_outStart);
        msghdr msg{};
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * kMaxFdsPerMessage)] = {};
        if (withFds) {
            const size_t bytes = sizeof(int) * static_cast<size_t>(m_outFds.size());
            msg.msg_control = control;
            msg.msg_controllen = CMSG_SPACE(bytes);
            cmsghdr* header = CMSG_FIRSTHDR(&msg);
            header->cmsg_level = SOL_SOCKET;
            header->cmsg_type = SCM_RIGHTS;
            header->cmsg_len = CMSG_LEN(bytes);
            std::memcpy(CMSG_DATA(header), m_outFds.constData(), bytes);
        }
        const ssize_t sent = ::sendmsg(m_fd, &msg, MSG_NOSIGNAL);
        if (sent < 0) {
            if (errno == EINTR)
                continue;
            return errno == EAGAIN || errno == EWOULDBLOCK;
        }
        if (withFds) {
            m_outFds.clear();
            m_fdsAt = -1;
        }
        m_outStart += sent;
    }
    if (m_outStart == m_out.size()) {
        m_out.clear();
        m_outStart = 0;
        m_fdsAt = -1; // every byte went, so did the descriptors attached to one of them
    } else if (m_outStart > 1024 * 1024) {
        m_out.remove(0, m_outStart);
        if (m_fdsAt >= 0)
            m_fdsAt -= m_outStart;
        m_outStart = 0;
    }
    return m_fd >= 0;
}

MessageSocket::ReadResult MessageSocket::read(QByteArray* data, QList<int>* fds)
{
    data->resize(64 * 1024);
    iovec iov{};
    iov.iov_base = data->data();
    iov.iov_len = static_cast<size_t>(data->size());
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * kMaxFdsPerMessage)] = {};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof(control);
    ssize_t got;
    do {
        got = ::recvmsg(m_fd, &msg, MSG_CMSG_CLOEXEC);
    } while (got < 0 && errno == EINTR);
    if (got < 0) {
        data->clear();
        return errno == EAGAIN || errno == EWOULDBLOCK ? ReadResult::WouldBlock : ReadResult::Error;
    }
    data->resize(got);
    bool truncated = (msg.msg_flags & MSG_CTRUNC) != 0;
    for (cmsghdr* header = CMSG_FIRSTHDR(&msg); header; header = CMSG_NXTHDR(&msg, header)) {
        if (header->cmsg_level != SOL_SOCKET || header->cmsg_type != SCM_RIGHTS) {
            truncated = true; // nothing else is expected; treat it as a protocol violation
            continue;
        }
        const size_t count = (header->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (size_t i = 0; i < count; ++i) {
            int received;
            std::memcpy(&received, CMSG_DATA(header) + i * sizeof(int), sizeof(int));
            fds->append(received);
        }
    }
    if (truncated)
        return ReadResult::Error; // the caller closes the descriptors it did get along with us
    if (got == 0)
        return ReadResult::Closed;
    return ReadResult::Data;
}

} // namespace cordon::protocol
