#pragma once
// A real TCP server on a loopback address standing in for an internet host in the proxy tests.
// It counts connections (the breach detector: a refused request must leave the count unchanged),
// answers an HTTP request head with "200 hello" and echoes anything else back.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>

namespace cordon::test {

class LoopbackServer {
public:
    ~LoopbackServer() { stop(); }

    // Binds ip:port (port 0: any); false with errno on failure.
    bool start(const char* ip, std::uint16_t port = 0)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (m_fd < 0)
            return false;
        const int one = 1;
        ::setsockopt(m_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(port);
        if (inet_pton(AF_INET, ip, &a.sin_addr) != 1 || ::bind(m_fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
            ::listen(m_fd, 64) != 0)
            return false;
        socklen_t len = sizeof a;
        if (::getsockname(m_fd, reinterpret_cast<sockaddr*>(&a), &len) != 0)
            return false;
        m_port = ntohs(a.sin_port);
        m_thread = std::thread([this] { loop(); });
        return true;
    }
    void stop()
    {
        if (m_fd >= 0) {
            ::shutdown(m_fd, SHUT_RDWR);
            if (m_thread.joinable())
                m_thread.join();
            ::close(m_fd);
            m_fd = -1;
        }
    }
    std::uint16_t port() const { return m_port; }
    int connections() const { return m_connections.load(); }
    std::string lastReceived() const
    {
        std::lock_guard lock(m_mutex);
        return m_last;
    }

private:
    void loop()
    {
        for (;;) {
            const int c = ::accept4(m_fd, nullptr, nullptr, SOCK_CLOEXEC);
            if (c < 0) {
                if (errno == EINTR || errno == ECONNABORTED)
                    continue;
                return;
            }
            ++m_connections;
            timeval tv{3, 0};
            ::setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
            std::string received;
            char buf[65536];
            for (;;) {
                const ssize_t n = ::recv(c, buf, sizeof buf, 0);
                if (n <= 0)
                    break;
                received.append(buf, std::size_t(n));
                {
                    std::lock_guard lock(m_mutex);
                    m_last = received;
                }
                const bool http = received.rfind("GET ", 0) == 0 || received.rfind("POST ", 0) == 0;
                if (http) {
                    if (received.find("\r\n\r\n") != std::string::npos) {
                        const char response[] =
                            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello";
                        (void)!::send(c, response, sizeof response - 1, MSG_NOSIGNAL);
                        break;
                    }
                } else if (::send(c, buf, std::size_t(n), MSG_NOSIGNAL) != n) {
                    break;
                }
            }
            ::close(c);
        }
    }

    int m_fd = -1;
    std::uint16_t m_port = 0;
    std::thread m_thread;
    std::atomic<int> m_connections{0};
    mutable std::mutex m_mutex;
    std::string m_last;
};

} // namespace cordon::test
