#include "ConnectionRegistry.h"

#include <sys/socket.h>

namespace cordon::proxy {

void ConnectionRegistry::add(std::uint64_t serial, int client)
{
    std::lock_guard lock(m_mutex);
    m_entries[serial] = Entry{client, -1, 0, false};
}

void ConnectionRegistry::remove(std::uint64_t serial)
{
    std::lock_guard lock(m_mutex);
    m_entries.erase(serial);
}

void ConnectionRegistry::setGrant(std::uint64_t serial, std::int64_t grant)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_entries.find(serial);
    if (it != m_entries.end())
        it->second.grant = grant;
}

bool ConnectionRegistry::attachUpstream(std::uint64_t serial, int upstream)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_entries.find(serial);
    if (it == m_entries.end() || it->second.closed)
        return false;
    it->second.upstream = upstream;
    return true;
}

int ConnectionRegistry::closeGrant(std::int64_t grant)
{
    std::lock_guard lock(m_mutex);
    int closed = 0;
    for (auto& [serial, entry] : m_entries) {
        if (entry.grant != grant || entry.closed)
            continue;
        entry.closed = true;
        // ENOTCONN (a socket whose peer already went) is fine: the point is that nothing more
        // flows, and the relay or handshake blocked on it returns.
        (void)::shutdown(entry.client, SHUT_RDWR);
        if (entry.upstream >= 0)
            (void)::shutdown(entry.upstream, SHUT_RDWR);
        ++closed;
    }
    return closed;
}

} // namespace cordon::proxy
