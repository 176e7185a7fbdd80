#include "AddressFilter.h"

#include <arpa/inet.h>

#include <cstdint>
#include <cstring>

namespace cordon::proxy {

namespace {

bool inV4(in_addr_t a, std::uint32_t net, int bits)
{
    const std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t(0) << (32 - bits);
    return (a & mask) == (net & mask);
}

constexpr std::uint32_t v4(unsigned a, unsigned b, unsigned c, unsigned d)
{
    return a << 24 | b << 16 | c << 8 | d;
}

bool prefix6(const in6_addr& a, const std::uint8_t* net, int bits)
{
    const int full = bits / 8;
    if (std::memcmp(a.s6_addr, net, std::size_t(full)) != 0)
        return false;
    const int rest = bits % 8;
    if (rest == 0)
        return true;
    const std::uint8_t mask = std::uint8_t(0xff << (8 - rest));
    return (a.s6_addr[full] & mask) == (net[full] & mask);
}

in_addr_t embedded(const in6_addr& a, int offset)
{
    return in_addr_t(a.s6_addr[offset]) << 24 | in_addr_t(a.s6_addr[offset + 1]) << 16 |
           in_addr_t(a.s6_addr[offset + 2]) << 8 | in_addr_t(a.s6_addr[offset + 3]);
}

} // namespace

bool AddressFilter::isGlobalV4(in_addr_t a)
{
    struct Range {
        std::uint32_t net;
        int bits;
    };
    static constexpr Range nonGlobal[] = {
        {v4(0, 0, 0, 0), 8},       // "this network", unspecified
        {v4(10, 0, 0, 0), 8},      // RFC 1918
        {v4(100, 64, 0, 0), 10},   // RFC 6598 CGNAT
        {v4(127, 0, 0, 0), 8},     // loopback
        {v4(169, 254, 0, 0), 16},  // link-local, incl. cloud metadata 169.254.169.254
        {v4(172, 16, 0, 0), 12},   // RFC 1918
        {v4(192, 0, 0, 0), 24},    // IETF protocol assignments
        {v4(192, 0, 2, 0), 24},    // TEST-NET-1
        {v4(192, 31, 196, 0), 24}, // AS112
        {v4(192, 52, 193, 0), 24}, // AMT
        {v4(192, 88, 99, 0), 24},  // 6to4 relay anycast (deprecated)
        {v4(192, 168, 0, 0), 16},  // RFC 1918
        {v4(192, 175, 48, 0), 24}, // AS112 direct delegation
        {v4(198, 18, 0, 0), 15},   // benchmarking
        {v4(198, 51, 100, 0), 24}, // TEST-NET-2
        {v4(203, 0, 113, 0), 24},  // TEST-NET-3
        {v4(224, 0, 0, 0), 4},     // multicast
        {v4(240, 0, 0, 0), 4},     // reserved, incl. broadcast 255.255.255.255
    };
    for (const Range& r : nonGlobal)
        if (inV4(a, r.net, r.bits))
            return false;
    return true;
}

bool AddressFilter::isGlobalV6(const in6_addr& a)
{
    static constexpr std::uint8_t zero[16] = {};
    static constexpr std::uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    static constexpr std::uint8_t translated[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0}; // RFC 2765 SIIT
    static constexpr std::uint8_t nat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
    static constexpr std::uint8_t nat64Local[6] = {0, 0x64, 0xff, 0x9b, 0, 1};
    static constexpr std::uint8_t sixToFour[2] = {0x20, 0x02};
    static constexpr std::uint8_t teredo[4] = {0x20, 0x01, 0, 0};
    // ::/96 covers :: (unspecified), ::1 (loopback) and the deprecated IPv4-compatible addresses:
    // none is a global destination.
    if (prefix6(a, zero, 96))
        return false;
    if (prefix6(a, mapped, 96) || prefix6(a, translated, 96) || prefix6(a, nat64, 96))
        return isGlobalV4(embedded(a, 12));
    if (prefix6(a, nat64Local, 48))
        return false;
    if (prefix6(a, sixToFour, 16))
        return isGlobalV4(embedded(a, 2));
    if (prefix6(a, teredo, 32)) {
        // Teredo: server IPv4 in bits 32..63, client IPv4 obfuscated (inverted) in bits 96..127.
        return isGlobalV4(embedded(a, 4)) && isGlobalV4(~embedded(a, 12));
    }
    struct Range {
        std::uint8_t net[4];
        int bits;
    };
    static constexpr Range nonGlobal[] = {
        {{0x01, 0x00, 0, 0}, 16},       // 100::/64 discard-only (whole /16 is unallocated anyway)
        {{0x20, 0x01, 0x00, 0x00}, 23}, // 2001::/23 IETF protocol assignments (Teredo handled above)
        {{0x20, 0x01, 0x0d, 0xb8}, 32}, // documentation
        {{0x3f, 0xff, 0x00, 0x00}, 20}, // documentation (RFC 9637)
        {{0x5f, 0x00, 0, 0}, 16},       // SRv6 SIDs
        {{0xfc, 0x00, 0, 0}, 7},        // unique local
        {{0xfe, 0x80, 0, 0}, 10},       // link-local
        {{0xfe, 0xc0, 0, 0}, 10},       // site-local (deprecated)
        {{0xff, 0x00, 0, 0}, 8},        // multicast
    };
    for (const Range& r : nonGlobal) {
        std::uint8_t net[16] = {};
        std::memcpy(net, r.net, sizeof r.net);
        if (prefix6(a, net, r.bits))
            return false;
    }
    // Only 2000::/3 is allocated for global unicast.
    return (a.s6_addr[0] & 0xe0) == 0x20;
}

bool AddressFilter::isGlobal(const sockaddr_storage& address)
{
    if (address.ss_family == AF_INET) {
        const auto* sin = reinterpret_cast<const sockaddr_in*>(&address);
        return isGlobalV4(ntohl(sin->sin_addr.s_addr));
    }
    if (address.ss_family == AF_INET6) {
        const auto* sin6 = reinterpret_cast<const sockaddr_in6*>(&address);
        return isGlobalV6(sin6->sin6_addr);
    }
    return false;
}

std::string AddressFilter::text(const sockaddr_storage& address)
{
    char buf[INET6_ADDRSTRLEN] = {};
    if (address.ss_family == AF_INET)
        inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&address)->sin_addr, buf, sizeof buf);
    else if (address.ss_family == AF_INET6)
        inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(&address)->sin6_addr, buf, sizeof buf);
    return buf;
}

} // namespace cordon::proxy
