#pragma once
// Whether a resolved address is globally routable. Checked on every address a name resolves to,
// after resolution and before dialing the very same address (no second lookup), so that DNS
// rebinding to loopback or to cloud metadata (169.254.169.254) cannot reach the host's or the
// cloud's internal services. Ranges: IANA IPv4/IPv6 Special-Purpose Address Registries
// (RFC 6890 and updates), plus addresses that embed an IPv4 address (RFC 4291 mapped and
// compatible, RFC 6052 NAT64, RFC 3056 6to4, RFC 4380 Teredo), which are judged by the embedded one.

#include <netinet/in.h>
#include <sys/socket.h>

#include <string>

namespace cordon::proxy {

class AddressFilter final {
public:
    static bool isGlobal(const sockaddr_storage& address);
    static bool isGlobalV4(in_addr_t hostOrder);
    static bool isGlobalV6(const in6_addr& address);
    static std::string text(const sockaddr_storage& address); // "1.2.3.4" or "2001:db8::1"
};

} // namespace cordon::proxy
