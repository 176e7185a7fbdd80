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
{
    if (m_decider) {
        m_decider->start({
            [this](std::int64_t grant, const HostPattern& pattern) { m_grants.add(grant, pattern); },
            [this](std::int64_t grant) { m_grants.renew(grant); },
            [this](std::int64_t grant) { revokeGrant(grant); },
        });
    }
}

void ProxyServer::revokeGrant(std::int64_t grant)
{
    const int forgotten = m_grants.revoke(grant);
    const int closed = m_connections.closeGrant(grant);
    m_events.write({{QStringLiteral("kind"), QStringLiteral("net_revoked")}, {QStringLiteral("grant"), double(grant)},
        {QStringLiteral("closed"), closed}, {QStringLiteral("forgotten"), forgotten}});
}

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
        const std::uint64_t serial = ++m_nextSerial;
        std::thread([this, serial, c = std::move(client)]() mutable {
            // The connection (and its registry entry) ends before `c` closes the client socket.
            ProxyConnection(*this, c.get(), serial).run();
            --m_active;
        }).detach();
    }
}

} // namespace cordon::proxy
