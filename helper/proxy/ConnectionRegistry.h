#pragma once
// The live client connections of the proxy, by connection serial, with the grant that allowed
// each (0: none) and its two sockets, so that revoking a grant can end what it allowed: both
// sockets are shut down (SHUT_RDWR), which makes the relay's blocking splice calls return and the
// relay threads finish on their own. Only shutdown(2), never close(2): the connection's own
// thread owns and closes its descriptors.
//
// No use-after-free or wrong-socket shutdown: a connection removes itself (remove()) before it
// closes either descriptor, and closeGrant() shuts sockets down while holding the same lock, so a
// descriptor number seen here is always still open and still the connection's own (never one
// the kernel handed to someone else after a close).

#include <cstdint>
#include <mutex>
#include <unordered_map>

namespace cordon::proxy {

class ConnectionRegistry final {
public:
    void add(std::uint64_t serial, int client);
    // Before either descriptor of the connection is closed.
    void remove(std::uint64_t serial);
    void setGrant(std::uint64_t serial, std::int64_t grant);
    // Records the dialed upstream socket; false if a revoke already closed this connection (the
    // caller then stops; the upstream is not recorded and stays the caller's to close).
    [[nodiscard]] bool attachUpstream(std::uint64_t serial, int upstream);
    // Shuts down both sockets of every live connection allowed by the grant; returns how many.
    int closeGrant(std::int64_t grant);

private:
    struct Entry {
        int client = -1;
        int upstream = -1;
        std::int64_t grant = 0;
        bool closed = false;
    };
    std::mutex m_mutex;
    std::unordered_map<std::uint64_t, Entry> m_entries;
};

} // namespace cordon::proxy
