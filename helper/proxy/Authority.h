#pragma once
// The one authority parser of the egress proxy: "host:port" or "[v6]:port" is split once into
// (host bytes, port), and those exact values are what the policy decides on and what is dialed.
// Bypasses of other proxies came from a second, different parse of the same text (curl and the
// proxy disagreeing about "a@b", "a\0b", "a\r\nb"): here anything ambiguous is refused.

#include <cstdint>
#include <string>
#include <string_view>

namespace cordon::proxy {

struct Authority {
    std::string host; // raw bytes as sent (IPv6 keeps its brackets); normalized later, once
    std::uint16_t port = 0;
};

class AuthorityParser final {
public:
    // requirePort: CONNECT needs an explicit port; absolute-form HTTP uses defaultPort if none.
    [[nodiscard]] static bool parse(
        std::string_view text, bool requirePort, std::uint16_t defaultPort, Authority* out, std::string* error);
    // Only decimal digits, 1..65535, no sign, no leading '+', at most 5 digits.
    [[nodiscard]] static bool parsePort(std::string_view text, std::uint16_t* out);
    // Host bytes that may appear in an authority: no controls, space, DEL, '@', '/', '\\', '%',
    // '?', '#', ':' (outside brackets), brackets only around IPv6.
    [[nodiscard]] static bool hostBytesAcceptable(std::string_view host);
};

} // namespace cordon::proxy
