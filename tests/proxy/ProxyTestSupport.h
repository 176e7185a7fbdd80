#pragma once
// What the end-to-end proxy tests share: an isolated network namespace, blocking client sockets
// (TCP and Unix) with a receive timeout so that a broken proxy fails a test instead of hanging it,
// and small readers for HTTP responses.

#include <QByteArray>
#include <QFile>
#include <QString>

#include <arpa/inet.h>
#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <functional>

namespace cordon::test {

inline void setReceiveTimeout(int fd, int seconds)
{
    timeval tv{seconds, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

inline int connectTo(std::uint16_t port, const char* ip = "127.0.0.1")
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    inet_pton(AF_INET, ip, &a.sin_addr);
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        if (fd >= 0)
            ::close(fd);
        return -1;
    }
    setReceiveTimeout(fd, 5);
    return fd;
}

inline int connectUnix(const QString& path)
{
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    const QByteArray p = QFile::encodeName(path);
    if (fd < 0 || std::size_t(p.size()) >= sizeof a.sun_path) {
        if (fd >= 0)
            ::close(fd);
        return -1;
    }
    std::memcpy(a.sun_path, p.constData(), std::size_t(p.size()) + 1);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        ::close(fd);
        return -1;
    }
    setReceiveTimeout(fd, 5);
    return fd;
}

inline bool sendBytes(int fd, const QByteArray& data)
{
    return ::send(fd, data.constData(), std::size_t(data.size()), MSG_NOSIGNAL) == data.size();
}

// Reads until `done` says so, EOF, or the receive timeout.
inline QByteArray readUntil(int fd, const std::function<bool(const QByteArray&)>& done)
{
    QByteArray out;
    char buf[65536];
    while (!done(out)) {
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0)
            break;
        out.append(buf, n);
    }
    return out;
}

inline QByteArray readHead(int fd)
{
    return readUntil(fd, [](const QByteArray& b) { return b.contains("\r\n\r\n"); });
}

inline QByteArray readAllUntilClose(int fd)
{
    return readUntil(fd, [](const QByteArray&) { return false; });
}

inline int statusOf(const QByteArray& response)
{
    if (!response.startsWith("HTTP/1.1 "))
        return -1;
    return response.mid(9, 3).toInt();
}

struct Fd {
    int fd;
    explicit Fd(int f) : fd(f) { }
    ~Fd()
    {
        if (fd >= 0)
            ::close(fd);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
};

// Tests never contact any address but loopback, even when a regression breaks the proxy's
// address check: the whole test (its servers and the proxies it starts) runs in a network
// namespace of its own that has nothing but `lo`, so a dial to 169.254.169.254 or 10.0.0.1 fails
// with ENETUNREACH inside this machine instead of leaving it.
inline bool isolateNetwork(QString* why)
{
    if (::unshare(CLONE_NEWNET) != 0) {
        *why = QStringLiteral("unshare(CLONE_NEWNET): %1 (these tests run as root in CI)")
                   .arg(QString::fromLocal8Bit(strerror(errno)));
        return false;
    }
    const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *why = QStringLiteral("socket: %1").arg(QString::fromLocal8Bit(strerror(errno)));
        return false;
    }
    struct ifreq ifr { };
    std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
    bool ok = ::ioctl(fd, SIOCGIFFLAGS, &ifr) == 0;
    ifr.ifr_flags = static_cast<short>(ifr.ifr_flags | IFF_UP);
    ok = ok && ::ioctl(fd, SIOCSIFFLAGS, &ifr) == 0;
    if (!ok)
        *why = QStringLiteral("bringing up lo: %1").arg(QString::fromLocal8Bit(strerror(errno)));
    ::close(fd);
    return ok;
}

} // namespace cordon::test
