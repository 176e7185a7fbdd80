#pragma once
// A small, blocking client of the helper protocol for the end-to-end tests: real Unix sockets,
// real descriptors, the core/protocol framing. Replies are matched by id; pushes that arrive
// meanwhile are kept in order for waitPush().

#include "LineFramer.h"
#include "MessageSchema.h"
#include "MessageSocket.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>

#include <functional>
#include <memory>
#include <optional>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <grp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

namespace cordon::test {

class HelperTestClient {
public:
    HelperTestClient() = default;
    ~HelperTestClient() { close(); }
    HelperTestClient(const HelperTestClient&) = delete;
    HelperTestClient& operator=(const HelperTestClient&) = delete;

    bool connectTo(const QString& path)
    {
        QString error;
        return m_socket->connectTo(path, &error);
    }

    // Connects as another user: a forked child drops to uid/gid, connects (so SO_PEERCRED names
    // that user and the child's pid), hands the socket over SCM_RIGHTS and stays alive until this
    // client closes (the helper checks the peer process at accept time).
    bool connectAs(const QString& path, uid_t uid, gid_t gid)
    {
        int pair[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
            return false;
        const QByteArray encoded = QFile::encodeName(path);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::memcpy(address.sun_path, encoded.constData(), static_cast<size_t>(encoded.size()));
        const pid_t child = ::fork();
        if (child < 0)
            return false;
        if (child == 0) {
            // Keep nothing of the test process but our end of the pair: a holder that inherited
            // another client's socket (or another holder's end) would keep that connection open
            // after its close() (the helper never sees it go) and make that close() wait for ever.
            if (pair[1] != 3 && ::dup2(pair[1], 3) != 3)
                _exit(1);
            if (::close_range(4, ~0U, 0) != 0)
                _exit(1);
            pair[1] = 3;
            if (::setgroups(0, nullptr) != 0 || ::setresgid(gid, gid, gid) != 0 || ::setresuid(uid, uid, uid) != 0)
                _exit(1);
            const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
            if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
                _exit(2);
            char byte = 'x';
            iovec iov{&byte, 1};
            alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
            msghdr msg{};
            msg.msg_iov = &iov;
            msg.msg_iovlen = 1;
            msg.msg_control = control;
            msg.msg_controllen = sizeof control;
            cmsghdr* header = CMSG_FIRSTHDR(&msg);
            header->cmsg_level = SOL_SOCKET;
            header->cmsg_type = SCM_RIGHTS;
            header->cmsg_len = CMSG_LEN(sizeof(int));
            std::memcpy(CMSG_DATA(header), &fd, sizeof fd);
            if (::sendmsg(pair[1], &msg, 0) != 1)
                _exit(3);
            char wait;
            while (::read(pair[1], &wait, 1) > 0) { }
            _exit(0);
        }
        ::close(pair[1]);
        char byte;
        iovec iov{&byte, 1};
        alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
        msghdr msg{};
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        msg.msg_control = control;
        msg.msg_controllen = sizeof control;
        // Bounded: a child stuck in connect() (a full listen backlog) must not hang the test.
        pollfd ready{pair[0], POLLIN, 0};
        if (::poll(&ready, 1, 10000) != 1 || ::recvmsg(pair[0], &msg, MSG_CMSG_CLOEXEC) != 1 || !CMSG_FIRSTHDR(&msg)) {
            ::close(pair[0]);
            ::kill(child, SIGKILL);
            ::waitpid(child, nullptr, 0);
            return false;
        }
        int fd;
        std::memcpy(&fd, CMSG_DATA(CMSG_FIRSTHDR(&msg)), sizeof fd);
        m_socket = std::make_unique<protocol::MessageSocket>(fd);
        m_holder = child;
        m_holderFd = pair[0];
        return true;
    }

    void close()
    {
        m_socket->close();
        if (m_holder > 0) {
            // The holder leaves when its end of the pair reads end of file; bounded all the same.
            ::close(m_holderFd);
            QElapsedTimer timer;
            timer.start();
            while (::waitpid(m_holder, nullptr, WNOHANG) == 0) {
                if (timer.elapsed() > 5000) {
                    ::kill(m_holder, SIGKILL);
                    ::waitpid(m_holder, nullptr, 0);
                    break;
                }
                ::usleep(5000);
            }
            m_holder = -1;
        }
    }
    int fd() const { return m_socket->fd(); }

    bool sendRaw(const QByteArray& bytes, const QList<int>& fds = {})
    {
        return m_socket->sendLine(bytes, fds) && m_socket->pendingBytes() == 0;
    }
    bool send(QJsonObject message, const QList<int>& fds = {})
    {
        return sendRaw(protocol::MessageSchema::encode(message), fds);
    }

    // The next message from the helper, or nullopt on timeout or when the helper closed.
    std::optional<QJsonObject> next(int timeoutMs)
    {
        QElapsedTimer timer;
        timer.start();
        for (;;) {
            if (auto line = m_framer.next()) {
                const QJsonDocument doc = QJsonDocument::fromJson(*line);
                return doc.object();
            }
            if (m_eof)
                return std::nullopt;
            const qint64 left = timeoutMs - timer.elapsed();
            if (left <= 0)
                return std::nullopt;
            pollfd p{m_socket->fd(), POLLIN, 0};
            if (::poll(&p, 1, static_cast<int>(left)) <= 0)
                continue;
            QByteArray data;
            QList<int> fds;
            const auto result = m_socket->read(&data, &fds);
            for (int fd : fds)
                ::close(fd);
            if (result == protocol::MessageSocket::ReadResult::Data)
                (void)m_framer.append(data.constData(), data.size());
            else if (result != protocol::MessageSocket::ReadResult::WouldBlock)
                m_eof = true;
        }
    }

    // Sends a request with a fresh id and waits for the message carrying that id.
    std::optional<QJsonObject> request(QJsonObject message, int timeoutMs = 15000, const QList<int>& fds = {})
    {
        const qint64 id = m_nextId++;
        message.insert(QStringLiteral("id"), static_cast<double>(id));
        if (!send(message, fds))
            return std::nullopt;
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs) {
            auto m = next(static_cast<int>(timeoutMs - timer.elapsed()));
            if (!m)
                return std::nullopt;
            if (m->value(QLatin1String("id")).toDouble() == static_cast<double>(id))
                return m;
            pushes.append(*m);
        }
        return std::nullopt;
    }

    std::optional<QJsonObject> waitPush(const std::function<bool(const QJsonObject&)>& match, int timeoutMs)
    {
        for (qsizetype i = 0; i < pushes.size(); ++i) {
            if (match(pushes.at(i)))
                return pushes.takeAt(i);
        }
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs) {
            auto m = next(static_cast<int>(timeoutMs - timer.elapsed()));
            if (!m)
                return std::nullopt;
            if (match(*m))
                return m;
            pushes.append(*m);
        }
        return std::nullopt;
    }

    bool hello()
    {
        const auto reply = request({{QStringLiteral("type"), QStringLiteral("hello")},
            {QStringLiteral("versions"), QJsonArray{1}}, {QStringLiteral("client"), QStringLiteral("tst_helper")}});
        return reply && reply->value(QLatin1String("type")).toString() == QLatin1String("hello");
    }

    // True when the helper closed the connection within the time (everything before is dropped).
    bool closedByPeer(int timeoutMs)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs) {
            if (!next(static_cast<int>(timeoutMs - timer.elapsed())) && m_eof)
                return true;
        }
        return m_eof;
    }

    QList<QJsonObject> pushes;

private:
    std::unique_ptr<protocol::MessageSocket> m_socket = std::make_unique<protocol::MessageSocket>();
    protocol::LineFramer m_framer{64 * 1024 * 1024};
    bool m_eof = false;
    qint64 m_nextId = 1;
    pid_t m_holder = -1;
    int m_holderFd = -1;
};

} // namespace cordon::test
