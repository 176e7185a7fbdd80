#pragma once
// Reads the server name (SNI, RFC 6066 section 3) from a TLS ClientHello so that a tunnel opened
// for one host cannot carry a TLS session for another (domain fronting past an allowlist: CONNECT
// allowed.com:443, then SNI evil.test). Bounds-checked at every length field; the hello may span
// several handshake records (RFC 8446 section 5.1) but is capped at maxSize bytes.

#include <cstddef>
#include <string>
#include <string_view>

namespace cordon::proxy {

class ClientHello final {
public:
    enum class Status {
        NeedMore,  // not enough bytes yet
        NotTls,    // the first bytes are not a TLS handshake record
        Malformed, // a length does not add up, duplicate or bad SNI, or over maxSize
        NoSni,     // a complete ClientHello without a server_name extension
        Sni        // a complete ClientHello with exactly one host_name
    };
    static constexpr std::size_t maxSize = 16 * 1024;

    static Status parse(std::string_view data, std::string* serverName);
};

} // namespace cordon::proxy
