#pragma once
// Serves one client of cordon-proxy: detects the protocol (RequestParser::detect: SOCKS5, a
// CORDON-REQUEST line, or HTTP), parses the request once, decides, resolves and checks every
// address, dials the checked address (pinned, never resolved again), checks the TLS SNI for port
// 443, then relays. A CORDON-REQUEST is asked of the decider and answered with one line instead. Every outcome is one event, tagged with the connection serial ("conn"), the peer
// header's fields when there was one ("peer") and the grant that allowed it ("grant"); an allowed
// exchange ends with net_close and its byte counts. Registered in the ConnectionRegistry for its
// whole life, so that revoking its grant shuts its sockets down.

#include "HostNormalizer.h"
#include "Relay.h"
#include "RequestParser.h"
#include "UniqueFd.h"

#include <QJsonObject>

#include <sys/socket.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cordon::proxy {

class ProxyServer;

class ProxyConnection final {
public:
    ProxyConnection(ProxyServer& server, int client, std::uint64_t serial);
    // Leaves the registry before m_upstream closes (the client socket is closed by the caller,
    // after this object is gone): see ConnectionRegistry.h.
    ~ProxyConnection();
    ProxyConnection(const ProxyConnection&) = delete;
    ProxyConnection& operator=(const ProxyConnection&) = delete;
    void run();

private:
    enum class Refusal {
        None,
        BadRequest,
        NotAllowed,
        Unreachable,
        ConnectFailed
    };
    struct Target {
        HostNormalizer::Host host;
        std::uint16_t port = 0;
        std::vector<sockaddr_storage> addresses; // checked, in dial order
        std::string rule;
        bool once = false;
    };

    // --peer-header: reads and checks the first line; false (logged) if the client must go.
    bool readPeerHeader();
    void serveHttp();
    void serveSocks();
    // "CORDON-REQUEST secret NAME": asks the decider, answers "OK PATH" or "DENIED REASON", closes.
    void serveRequest();
    void sendRequestReply(const std::string& line);
    // secret_ask, secret_grant, secret_deny; name, decision, rule and path when given.
    void logSecret(const char* kind, const std::string& name, const char* decision, const QString& rule,
        const QString& path = QString());
    // Normalizes, decides (asking if needed), resolves and checks. Logs refusals itself.
    Refusal admit(const Authority& authority, const char* proto, Target* out);
    // Reads the TLS ClientHello of a 443 tunnel into m_buffer and checks its SNI against the host.
    bool checkSni(const Target& target, const char* proto);
    int dial(const Target& target, sockaddr_storage* used);
    // Dials into m_upstream and registers it; logs net_allow, or the refusal and false.
    bool openUpstream(const Target& target, const char* proto);
    // Sends `first` upstream, relays until both directions end, logs net_close.
    void relay(const Target& target, const char* proto, std::string_view first);
    void logClose(const Target& target, const char* proto, const Relay::Bytes& bytes);
    bool receiveMore();
    // Adds conn, peer and grant, then writes.
    void writeEvent(QJsonObject event);
    void logDeny(
        const QString& host, int port, const char* proto, const std::string& rule, const std::string& address = {});
    void logAllow(const Target& target, const char* proto, const sockaddr_storage& address);
    void sendHttpError(int status, const std::string& reason, const std::string& body);
    void sendSocksReply(unsigned char code);

    ProxyServer& m_server;
    int m_client;
    std::uint64_t m_serial;
    std::string m_buffer;
    bool m_clientEnded = false; // receiveMore saw EOF, an error or the timeout
    QJsonObject m_peer;         // the peer header's fields; empty when none was sent
    std::int64_t m_grant = 0;   // the grant that allowed this connection, 0 if none
    confine::UniqueFd m_upstream;
};

} // namespace cordon::proxy
