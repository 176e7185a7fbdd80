#include "RequestParser.h"

#include "CordonRequest.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <cstring>

namespace cordon::proxy {

namespace {

bool isTchar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != '\0';
}

std::string lower(std::string_view s)
{
    std::string r(s);
    std::transform(r.begin(), r.end(), r.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return r;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && lower(a) == lower(b);
}

// RFC 9110 section 7.6.1: hop-by-hop fields a proxy must not forward; plus Proxy-* fields that
// belong to this proxy. Transfer-Encoding is kept: it frames the body that follows.
bool isHopByHop(std::string_view name)
{
    static const char* const names[] = {"connection", "keep-alive", "proxy-connection", "proxy-authenticate",
        "proxy-authorization", "te", "trailer", "upgrade", "host"};
    const std::string l = lower(name);
    for (const char* n : names)
        if (l == n)
            return true;
    return false;
}

std::string trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return std::string(s);
}

// Methods that name Cordon's own lines: never proxied as HTTP, whatever their case, so that a
// line meant for Cordon (or a look-alike of one) cannot reach an upstream.
bool isReservedMethod(std::string_view method)
{
    return equalsIgnoreCase(method, "CORDON-REQUEST") || equalsIgnoreCase(method, "CORDON-PEER");
}

} // namespace

ParseStatus RequestParser::detect(std::string_view data, Protocol* out)
{
    if (data.empty())
        return ParseStatus::NeedMore;
    if (static_cast<unsigned char>(data[0]) == 5) {
        *out = Protocol::Socks5;
        return ParseStatus::Ok;
    }
    const std::string_view prefix = CordonRequest::prefix;
    if (data.size() < prefix.size() && prefix.substr(0, data.size()) == data)
        return ParseStatus::NeedMore;
    *out = data.substr(0, prefix.size()) == prefix ? Protocol::CordonRequest : Protocol::Http;
    return ParseStatus::Ok;
}

ParseStatus RequestParser::parseHttp(std::string_view data, HttpRequest* out, std::string* error)
{
    // Refused as soon as the method is complete, not when the head ends: a client that sent
    // "cordon-request secret X\n" waits for an answer, not for a timeout.
    if (const auto sp = data.find(' '); sp != std::string_view::npos && isReservedMethod(data.substr(0, sp))) {
        *error = "reserved method";
        return ParseStatus::Bad;
    }
    const auto end = data.find("\r\n\r\n");
    if (end == std::string_view::npos) {
        if (data.size() >= maxHeadSize) {
            *error = "request head too large";
            return ParseStatus::Bad;
        }
        if (data.find('\0') != std::string_view::npos) {
            *error = "NUL in request head";
            return ParseStatus::Bad;
        }
        return ParseStatus::NeedMore;
    }
    const std::size_t headLength = end + 4;
    if (headLength > maxHeadSize) {
        *error = "request head too large";
        return ParseStatus::Bad;
    }
    const std::string_view head = data.substr(0, end + 2); // every line ends with CRLF
    // Split into lines on CRLF only; any other CR or LF is a bare one.
    std::vector<std::string_view> lines;
    std::size_t pos = 0;
    while (pos < head.size()) {
        const auto crlf = head.find("\r\n", pos);
        const std::string_view line = head.substr(pos, crlf - pos);
        for (char c : line) {
            if (c == '\r' || c == '\n' || c == '\0') {
                *error = "bare CR, LF or NUL in request head";
                return ParseStatus::Bad;
            }
        }
        lines.push_back(line);
        pos = crlf + 2;
    }
    if (lines.empty()) {
        *error = "empty request";
        return ParseStatus::Bad;
    }
    // Request line: METHOD SP target SP HTTP/1.x, single spaces only.
    const std::string_view requestLine = lines[0];
    const auto sp1 = requestLine.find(' ');
    const auto sp2 = sp1 == std::string_view::npos ? sp1 : requestLine.find(' ', sp1 + 1);
    if (sp1 == std::string_view::npos || sp2 == std::string_view::npos ||
        requestLine.find(' ', sp2 + 1) != std::string_view::npos) {
        *error = "malformed request line";
        return ParseStatus::Bad;
    }
    HttpRequest req;
    req.method = std::string(requestLine.substr(0, sp1));
    const std::string_view target = requestLine.substr(sp1 + 1, sp2 - sp1 - 1);
    const std::string_view version = requestLine.substr(sp2 + 1);
    if (req.method.empty() || !std::all_of(req.method.begin(), req.method.end(), isTchar)) {
        *error = "malformed method";
        return ParseStatus::Bad;
    }
    if (isReservedMethod(req.method)) {
        *error = "reserved method";
        return ParseStatus::Bad;
    }
    if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        *error = "unsupported HTTP version";
        return ParseStatus::Bad;
    }
    if (target.empty()) {
        *error = "empty request target";
        return ParseStatus::Bad;
    }
    for (char c : target) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f) {
            *error = "control or non-ASCII byte in request target";
            return ParseStatus::Bad;
        }
    }
    if (req.method == "CONNECT") {
        req.connect = true;
        if (!AuthorityParser::parse(target, true, 0, &req.authority, error))
            return ParseStatus::Bad;
    } else {
        constexpr std::string_view scheme = "http://";
        if (target.size() <= scheme.size() || !equalsIgnoreCase(target.substr(0, scheme.size()), scheme)) {
            *error = "only absolute-form http:// requests and CONNECT are proxied";
            return ParseStatus::Bad;
        }
        const std::string_view rest = target.substr(scheme.size());
        const auto slash = rest.find_first_of("/?#");
        const std::string_view authority = rest.substr(0, slash);
        if (!AuthorityParser::parse(authority, false, 80, &req.authority, error))
            return ParseStatus::Bad;
        std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
        if (!path.empty() && path.front() == '#') {
            *error = "fragment in request target";
            return ParseStatus::Bad;
        }
        const auto hash = path.find('#');
        if (hash != std::string_view::npos)
            path = path.substr(0, hash); // fragments are never sent to an origin (RFC 9110 4.2.4)
        req.path =
            path.empty() ? std::string("/") : (path.front() == '?' ? "/" + std::string(path) : std::string(path));
    }
    bool contentLength = false;
    bool transferEncoding = false;
    std::vector<std::string> connectionTokens;
    std::vector<std::pair<std::string, std::string>> headers;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const std::string_view line = lines[i];
        if (line.empty() || line.front() == ' ' || line.front() == '\t') {
            *error = "obsolete line folding or empty header line";
            return ParseStatus::Bad;
        }
        const auto colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) {
            *error = "malformed header";
            return ParseStatus::Bad;
        }
        const std::string_view name = line.substr(0, colon);
        if (!std::all_of(name.begin(), name.end(), isTchar)) {
            *error = "malformed header name";
            return ParseStatus::Bad;
        }
        const std::string value = trim(line.substr(colon + 1));
        const std::string lname = lower(name);
        if (lname == "content-length")
            contentLength = true;
        if (lname == "transfer-encoding")
            transferEncoding = true;
        if (lname == "connection") {
            std::size_t p = 0;
            while (p <= value.size()) {
                const auto comma = value.find(',', p);
                const std::string token = lower(trim(std::string_view(value).substr(p, comma - p)));
                if (!token.empty())
                    connectionTokens.push_back(token);
                if (comma == std::string::npos)
                    break;
                p = comma + 1;
            }
        }
        headers.emplace_back(std::string(name), value);
    }
    if (contentLength && transferEncoding) {
        *error = "both Content-Length and Transfer-Encoding";
        return ParseStatus::Bad;
    }
    for (const auto& [name, value] : headers) {
        const std::string lname = lower(name);
        if (isHopByHop(lname) ||
            std::find(connectionTokens.begin(), connectionTokens.end(), lname) != connectionTokens.end())
            continue;
        req.forwardHeaders.push_back(name + ": " + value);
    }
    req.headLength = headLength;
    *out = std::move(req);
    return ParseStatus::Ok;
}

ParseStatus RequestParser::parseSocksGreeting(std::string_view data, SocksGreeting* out, std::string* error)
{
    if (data.size() < 2)
        return ParseStatus::NeedMore;
    if (static_cast<unsigned char>(data[0]) != 5) {
        *error = "not SOCKS5";
        return ParseStatus::Bad;
    }
    const std::size_t count = static_cast<unsigned char>(data[1]);
    if (count == 0) {
        *error = "no SOCKS5 methods";
        return ParseStatus::Bad;
    }
    if (data.size() < 2 + count)
        return ParseStatus::NeedMore;
    SocksGreeting g;
    for (std::size_t i = 0; i < count; ++i)
        if (data[2 + i] == 0)
            g.noAuthOffered = true;
    g.length = 2 + count;
    *out = g;
    return ParseStatus::Ok;
}

ParseStatus RequestParser::parseSocksRequest(std::string_view data, SocksRequest* out, std::string* error)
{
    if (data.size() < 5)
        return ParseStatus::NeedMore;
    const auto* b = reinterpret_cast<const unsigned char*>(data.data());
    if (b[0] != 5 || b[2] != 0) {
        *error = "malformed SOCKS5 request";
        return ParseStatus::Bad;
    }
    out->command = b[1];
    out->addressType = b[3];
    std::size_t addrLen = 0;
    std::size_t addrOffset = 4;
    switch (b[3]) {
    case 1: addrLen = 4; break;
    case 4: addrLen = 16; break;
    case 3:
        addrLen = b[4];
        addrOffset = 5;
        if (addrLen == 0) {
            *error = "empty SOCKS5 domain name";
            return ParseStatus::Bad;
        }
        break;
    default: *error = "unknown SOCKS5 address type"; return ParseStatus::Bad;
    }
    const std::size_t total = addrOffset + addrLen + 2;
    if (data.size() < total)
        return ParseStatus::NeedMore;
    if (b[1] != 1) {
        *error = "only SOCKS5 CONNECT is supported";
        return ParseStatus::Bad;
    }
    SocksRequest req;
    req.command = b[1];
    req.addressType = b[3];
    const unsigned port = unsigned(b[addrOffset + addrLen]) << 8 | b[addrOffset + addrLen + 1];
    if (port == 0) {
        *error = "SOCKS5 port 0";
        return ParseStatus::Bad;
    }
    req.authority.port = static_cast<std::uint16_t>(port);
    char buf[INET6_ADDRSTRLEN] = {};
    if (b[3] == 1) {
        if (!inet_ntop(AF_INET, b + 4, buf, sizeof buf)) {
            *error = "bad IPv4 address";
            return ParseStatus::Bad;
        }
        req.authority.host = buf;
    } else if (b[3] == 4) {
        if (!inet_ntop(AF_INET6, b + 4, buf, sizeof buf)) {
            *error = "bad IPv6 address";
            return ParseStatus::Bad;
        }
        req.authority.host = std::string("[") + buf + "]";
    } else {
        // The domain goes through the same byte check as an HTTP authority: a NUL here
        // ("allowed.com\0.evil.test") is how a SOCKS allowlist was bypassed before.
        const std::string_view name(data.data() + 5, addrLen);
        if (!AuthorityParser::hostBytesAcceptable(name) || name.front() == '[') {
            *error = "forbidden character in SOCKS5 domain name";
            return ParseStatus::Bad;
        }
        req.authority.host.assign(name);
    }
    req.length = total;
    *out = std::move(req);
    return ParseStatus::Ok;
}

} // namespace cordon::proxy
