#pragma once
// Serves one client of cordon-proxy: detects the protocol (SOCKS5 starts with 0x05, anything else
// is read as HTTP), parses the request once, decides, resolves and checks every address, dials
// the checked address (pinned, never resolved again), checks the TLS SNI for port 443, then
// relays. Every outcome is one event.

#include "HostNormalizer.h"
#include "RequestParser.h"

#include <sys/socket.h>

#include <string>
#include <vector>

namespace cordon::proxy {

class ProxyServer;

class ProxyConnection final {
public:
    ProxyConnection(ProxyServer& server, int client) : m_server(server), m_client(client) { }
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

    void serveHttp();
    void serveSocks();
    // Normalizes, decides (asking if needed), resolves and checks. Logs refusals itself.
    Refusal admit(const Authority& authority, const char* proto, Target* out);
    // Reads the TLS ClientHello of a 443 tunnel into m_buffer and checks its SNI against the host.
    bool checkSni(const Target& target, const char* proto);
    int dial(const Target& target, sockaddr_storage* used);
    bool receiveMore();
    void logDeny(
        const QString& host, int port, const char* proto, const std::string& rule, const std::string& address = {});
    void logAllow(const Target& target, const char* proto, const sockaddr_storage& address);
    void sendHttpError(int status, const std::string& reason, const std::string& body);
    void sendSocksReply(unsigned char code);

    ProxyServer& m_server;
    int m_client;
    std::string m_buffer;
};

} // namespace cordon::proxy
