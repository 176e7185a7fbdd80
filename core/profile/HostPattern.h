#pragma once
// Network allow/deny entries: "host", "host:port", "*.domain" (subdomains only), IPv4 literals,
// IPv6 literals ("::1" or "[::1]:443"). Parsed and normalized here (lower case, trailing dot
// dropped); enforced by the egress proxy of the next issue.

#include <QString>

namespace cordon {

class HostPattern final {
public:
    [[nodiscard]] static bool parse(const QString& text, HostPattern* out, QString* expected);

    const QString& host() const { return m_host; } // normalized, "*.example.com" kept as written
    int port() const { return m_port; }            // 0 = any port
    bool isWildcard() const { return m_wildcard; }
    bool isIpLiteral() const { return m_ipLiteral; }
    QString text() const; // normalized form

private:
    QString m_host;
    int m_port = 0;
    bool m_wildcard = false;
    bool m_ipLiteral = false;
    bool m_ipv6 = false;
};

} // namespace cordon
