#pragma once
// cordon-proxy's shared state and accept loop: the policy, the decider connection, the grants it
// made, the registry of live connections (so that a revoke can close what a grant allowed), the
// event log and the optional test name map. Each accepted client gets a connection serial and is
// served by one ProxyConnection on its own thread (bounded by maxConnections).

#include "ConnectionRegistry.h"
#include "DeciderClient.h"
#include "EgressPolicy.h"
#include "EventLog.h"
#include "GrantTable.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace cordon::proxy {

struct ProxyConfig {
    EgressPolicy policy;
    std::chrono::milliseconds askTimeout{60000};
    std::chrono::milliseconds handshakeTimeout{30000};
    std::chrono::milliseconds connectTimeout{10000};
    // Test only (CORDON_PROXY_TEST=1): names resolved from this map instead of DNS; a name not in
    // the map does not resolve at all, so a test can never reach a real resolver.
    bool useResolveMap = false;
    std::map<QString, std::vector<sockaddr_storage>> resolveMap;
    // Test only: addresses that came from the name map may be non-global (loopback test servers).
    bool mappedMayBePrivate = false;
    int maxConnections = 512;
    // --peer-header: every client first sends "CORDON-PEER {json}\n" (PeerHeader.h).
    bool peerHeader = false;
};

class ProxyServer final {
public:
    ProxyServer(ProxyConfig config, int eventsFd, std::unique_ptr<DeciderClient> decider);

    void setSelfAddress(const sockaddr_storage& address)
    {
        m_self = address;
        m_hasSelf = true;
    }
    // Blocks accepting on listenFd forever (returns only on a fatal accept error).
    [[nodiscard]] bool serve(int listenFd);

    const ProxyConfig& config() const { return m_config; }
    EventLog& events() { return m_events; }
    DeciderClient* decider() { return m_decider.get(); }
    bool isSelf(const sockaddr_storage& address) const;

    GrantTable& grants() { return m_grants; }
    ConnectionRegistry& connections() { return m_connections; }

private:
    // On the decider's reader thread: forget the grant's patterns, then close what it allowed
    // (in this order, see GrantTable.h), then log net_revoked.
    void revokeGrant(std::int64_t grant);

    ProxyConfig m_config;
    EventLog m_events;
    GrantTable m_grants;
    ConnectionRegistry m_connections;
    sockaddr_storage m_self{};
    bool m_hasSelf = false;
    std::atomic<int> m_active{0};
    std::uint64_t m_nextSerial = 0; // accept loop only
    // Last: its reader thread uses the members above, so it is destroyed (and joined) first.
    std::unique_ptr<DeciderClient> m_decider;
};

} // namespace cordon::proxy
