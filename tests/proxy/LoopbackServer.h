#pragma once
// A real TCP server on a loopback address standing in for an internet host in the proxy tests.
// It counts connections (the breach detector: a refused request must leave the count unchanged),
// answers an HTTP request head with "200 hello" and echoes anything else back, each connection on
// a thread of its own so that one held open never delays counting the next.

#include <arpa/inet.h>
#include <fcntl.h>
#include <poll.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace cordon::test {

class LoopbackServer {
public:
    ~LoopbackServer() { stop(); }

    // Binds ip:port (port 0: any); false with errno on failure.
    bool start(const char* ip, std::uint16_t port = 0)
    {
        // Non-blocking, so that connections() can take what is queued without waiting.
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (m_fd < 0 || ::pipe2(m_wake, O_CLOEXEC) != 0)
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
            (void)!::write(m_wake[1], "x", 1);
            if (m_thread.joinable())
                m_thread.join();
            ::close(m_fd);
            m_fd = -1;
            ::close(m_wake[0]);
            ::close(m_wake[1]);
            m_wake[0] = m_wake[1] = -1;
        }
        for (auto& t : m_handlers)
            t.join();
        m_handlers.clear();
    }
    std::uint16_t port() const { return m_port; }
    // Every connection the kernel has completed so far, counted: what is still queued is accepted
    // here first. A proxy's connect() completes before it answers its client, so once the test has
    // the proxy's answer, a connection it made is in this count, and one it did not make is not.
    int connections()
    {
        std::lock_guard lock(m_acceptMutex);
        acceptQueued();
        return m_connections;
    }
    std::string lastReceived() const
    {
        std::lock_guard lock(m_mutex);
        return m_last;
    }

private:
    void loop()
    {
        for (;;) {
            pollfd fds[2] = {{m_fd, POLLIN, 0}, {m_wake[0], POLLIN, 0}};
            if (::poll(fds, 2, -1) < 0) {
                if (errno == EINTR)
                    continue;
                return;
            }
            if (fds[1].revents != 0)
                return;
            std::lock_guard lock(m_acceptMutex);
            acceptQueued();
        }
    }

    // With m_acceptMutex held.
    void acceptQueued()
    {
        for (;;) {
            const int c = ::accept4(m_fd, nullptr, nullptr, SOCK_CLOEXEC); // blocking socket for serve()
            if (c < 0) {
                if (errno == EINTR || errno == ECONNABORTED)
                    continue;
                return; // EAGAIN: nothing queued
            }
            ++m_connections;
            m_handlers.emplace_back([this, c] { serve(c); });
        }
    }

    void serve(int c)
    {
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
                    const char response[] = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello";
                    (void)!::send(c, response, sizeof response - 1, MSG_NOSIGNAL);
                    break;
                }
            } else if (::send(c, buf, std::size_t(n), MSG_NOSIGNAL) != n) {
                break;
            }
        }
        ::close(c);
    }

    int m_fd = -1;
    int m_wake[2] = {-1, -1};
    std::uint16_t m_port = 0;
    std::thread m_thread;
    std::mutex m_acceptMutex;              // guards m_connections and m_handlers
    int m_connections = 0;
    std::vector<std::thread> m_handlers;   // joined by stop()
    mutable std::mutex m_mutex;
    std::string m_last;
};

} // namespace cordon::test
