#pragma once
// Parses what a client sends first: an HTTP/1.x request head (CONNECT authority-form or an
// absolute-form "GET http://host/path"), a SOCKS5 greeting and request, or a request of Cordon's
// own ("CORDON-REQUEST secret NAME\n", CordonRequest.h); detect() is the one place that decides
// which of the three a connection speaks. Pure functions over a
// byte buffer: no I/O, so the fuzz target and the tests drive exactly the code the proxy runs.
// Strict on purpose (RFC 9112 allows a server to reject what it cannot parse unambiguously):
// bare CR or LF, NUL, obsolete line folding, whitespace before a header colon, or both
// Content-Length and Transfer-Encoding are refused, since each is a request-smuggling vector.

#include "Authority.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cordon::proxy {

enum class ParseStatus {
    NeedMore,
    Bad,
    Ok
};

// What a connection speaks, decided once from its first bytes (after any peer header).
enum class Protocol {
    Http,
    Socks5,
    CordonRequest
};

struct HttpRequest {
    bool connect = false; // CONNECT host:port
    std::string method;
    std::string path; // origin-form for the upstream ("/" at least); empty for CONNECT
    Authority authority;
    std::vector<std::string> forwardHeaders; // "Name: value" lines kept (hop-by-hop and Host removed)
    std::size_t headLength = 0;              // bytes of the head including the final CRLFCRLF
};

struct SocksGreeting {
    bool noAuthOffered = false;
    std::size_t length = 0;
};

struct SocksRequest {
    std::uint8_t command = 0; // 1 CONNECT, 2 BIND, 3 UDP ASSOCIATE
    std::uint8_t addressType = 0;
    Authority authority; // IPv4 as dotted quad, IPv6 in brackets, names as sent
    std::size_t length = 0;
};

class RequestParser final {
public:
    static constexpr std::size_t maxHeadSize = 16 * 1024;

    // SOCKS5 starts with 0x05; a request of Cordon's own with exactly "CORDON-REQUEST " (upper
    // case, one space); anything else is read as HTTP, whose parser refuses the reserved methods
    // (CORDON-REQUEST and CORDON-PEER in any case), so that no line is ever taken for both.
    // NeedMore while the bytes are still a prefix of "CORDON-REQUEST ".
    static ParseStatus detect(std::string_view data, Protocol* out);
    static ParseStatus parseHttp(std::string_view data, HttpRequest* out, std::string* error);
    static ParseStatus parseSocksGreeting(std::string_view data, SocksGreeting* out, std::string* error);
    // On Bad with a recognisable command other than CONNECT, out->command is set so the caller
    // can answer "command not supported".
    static ParseStatus parseSocksRequest(std::string_view data, SocksRequest* out, std::string* error);
};

} // namespace cordon::proxy
