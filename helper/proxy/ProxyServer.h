#pragma once
// cordon-proxy's shared state and accept loop: the policy, the decider connection, session
// grants, the event log and the optional test name map. Each accepted client is served by one
// ProxyConnection on its own thread (bounded by maxConnections).

#include "DeciderClient.h"
#include "EgressPolicy.h"
#include "EventLog.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <set>
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

    bool hasSessionGrant(const QString& host, int port) const;
    void addSessionGrant(const QString& host, int port);

private:
    ProxyConfig m_config;
    EventLog m_events;
    std::unique_ptr<DeciderClient> m_decider;
    sockaddr_storage m_self{};
    bool m_hasSelf = false;
    mutable std::mutex m_grantsMutex;
    std::set<QString> m_sessionGrants;
    std::atomic<int> m_active{0};
};

} // namespace cordon::proxy
