#include "ProxyServer.h"

#include "ProxyConnection.h"
#include "Syscall.h"
#include "UniqueFd.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <thread>

namespace cordon::proxy {

ProxyServer::ProxyServer(ProxyConfig config, int eventsFd, std::unique_ptr<DeciderClient> decider)
    : m_config(std::move(config)), m_events(eventsFd), m_decider(std::move(decider))
{ }

bool ProxyServer::isSelf(const sockaddr_storage& a) const
{
    if (!m_hasSelf || a.ss_family != m_self.ss_family)
        return false;
    if (a.ss_family == AF_INET) {
        const auto* x = reinterpret_cast<const sockaddr_in*>(&a);
        const auto* s = reinterpret_cast<const sockaddr_in*>(&m_self);
        // The proxy listening on 0.0.0.0 would be reachable on every local address.
        return x->sin_port == s->sin_port &&
               (x->sin_addr.s_addr == s->sin_addr.s_addr || s->sin_addr.s_addr == htonl(INADDR_ANY));
    }
    const auto* x = reinterpret_cast<const sockaddr_in6*>(&a);
    const auto* s = reinterpret_cast<const sockaddr_in6*>(&m_self);
    return x->sin6_port == s->sin6_port && (std::memcmp(&x->sin6_addr, &s->sin6_addr, sizeof x->sin6_addr) == 0 ||
                                               std::memcmp(&s->sin6_addr, &in6addr_any, sizeof in6addr_any) == 0);
}

bool ProxyServer::hasSessionGrant(const QString& host, int port) const
{
    std::lock_guard lock(m_grantsMutex);
    return m_sessionGrants.count(host + u':' + QString::number(port)) != 0;
}

void ProxyServer::addSessionGrant(const QString& host, int port)
{
    std::lock_guard lock(m_grantsMutex);
    m_sessionGrants.insert(host + u':' + QString::number(port));
}

bool ProxyServer::serve(int listenFd)
{
    for (;;) {
        const int fd = confine::retryOnEintr([&] { return ::accept4(listenFd, nullptr, nullptr, SOCK_CLOEXEC); });
        if (fd < 0) {
            if (errno == ECONNABORTED || errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                // Transient: back off briefly rather than spin or die.
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
                continue;
            }
            std::fprintf(stderr, "cordon-proxy: accept: %s\n", std::strerror(errno));
            return false;
        }
        confine::UniqueFd client(fd);
        if (m_active.load() >= m_config.maxConnections)
            continue; // closed by UniqueFd: over the limit, refuse rather than queue without bound
        ++m_active;
        std::thread([this, c = std::move(client)]() mutable {
            ProxyConnection(*this, c.get()).run();
            --m_active;
        }).detach();
    }
}

} // namespace cordon::proxy
