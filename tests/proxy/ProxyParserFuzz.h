#pragma once
// The one fuzz body shared by the libFuzzer target and the deterministic mutation test: feeds
// bytes to every request parser of the proxy and traps on a broken invariant (a parse that says
// Ok must hand out only an authority the proxy could safely decide on and dial, and only peer
// fields within their bounds).

#include "Authority.h"
#include "ClientHello.h"
#include "CordonRequest.h"
#include "PeerHeader.h"
#include "RequestParser.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace cordon::test {

// Independent of the parser's own check on purpose: decodes and range-checks each code point.
inline bool isValidUtf8(std::string_view s)
{
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
        if (n == 0 || i + n > s.size())
            return false;
        std::uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1fu) : n == 3 ? (c & 0x0fu) : (c & 0x07u);
        for (std::size_t k = 1; k < n; ++k) {
            const auto b = static_cast<unsigned char>(s[i + k]);
            if ((b & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (b & 0x3fu);
        }
        const std::uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < least[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += n;
    }
    return true;
}

inline bool peerFieldAcceptable(const std::string& s, std::size_t max)
{
    return s.size() <= max && s.find('\0') == std::string::npos && isValidUtf8(s);
}

inline bool proxyParserInvariantsHold(const std::uint8_t* data, std::size_t size)
{
    using namespace cordon::proxy;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    std::string error;
    HttpRequest http;
    const ParseStatus hs = RequestParser::parseHttp(bytes, &http, &error);
    if (hs == ParseStatus::Ok) {
        // Cordon's own lines are never proxied as HTTP, in any case.
        std::string method = http.method;
        for (char& c : method)
            c = char(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
        if (method == "CORDON-REQUEST" || method == "CORDON-PEER")
            return false;
        if (!AuthorityParser::hostBytesAcceptable(http.authority.host) || http.authority.port == 0 ||
            http.headLength > size || http.headLength > RequestParser::maxHeadSize)
            return false;
        for (const auto& h : http.forwardHeaders)
            if (h.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos)
                return false;
        if (!http.connect && (http.path.empty() || http.path.front() != '/'))
            return false;
    } else if (hs == ParseStatus::Bad && error.empty()) {
        return false;
    }
    SocksGreeting greeting;
    if (RequestParser::parseSocksGreeting(bytes, &greeting, &error) == ParseStatus::Ok && greeting.length > size)
        return false;
    SocksRequest socks;
    if (RequestParser::parseSocksRequest(bytes, &socks, &error) == ParseStatus::Ok) {
        if (socks.command != 1 || socks.length > size || socks.authority.port == 0 ||
            !AuthorityParser::hostBytesAcceptable(socks.authority.host))
            return false;
    }
    PeerInfo peer;
    std::size_t peerLength = 0;
    const ParseStatus ps = PeerHeader::parse(bytes, &peer, &peerLength, &error);
    if (ps == ParseStatus::Ok) {
        // Exactly one line, starting with the prefix, within 8 KiB; fields within their bounds.
        if (peerLength == 0 || peerLength > size || peerLength > PeerHeader::maxLine ||
            bytes.substr(0, PeerHeader::prefix.size()) != PeerHeader::prefix || bytes[peerLength - 1] != '\n' ||
            bytes.substr(0, peerLength - 1).find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos)
            return false;
        if ((peer.hasPid && peer.pid <= 0) || !peerFieldAcceptable(peer.exe, PeerHeader::maxExe) ||
            peer.argv.size() > PeerHeader::maxArgs || (!peer.hasExe && !peer.exe.empty()) ||
            (!peer.hasArgv && !peer.argv.empty()))
            return false;
        for (const std::string& arg : peer.argv)
            if (!peerFieldAcceptable(arg, PeerHeader::maxLine))
                return false;
    } else if (ps == ParseStatus::Bad && error.empty()) {
        return false;
    }
    // The one detector: a CORDON-REQUEST line is never read as anything else, and only exact
    // "CORDON-REQUEST " starts one.
    Protocol protocol = Protocol::Http;
    if (RequestParser::detect(bytes, &protocol) == ParseStatus::Ok &&
        (protocol == Protocol::CordonRequest) !=
            (bytes.substr(0, CordonRequest::prefix.size()) == CordonRequest::prefix))
        return false;
    CordonRequestLine request;
    const ParseStatus rs = CordonRequest::parse(bytes, &request, &error);
    if (rs == ParseStatus::Ok) {
        // One line within 256 bytes, the exact prefix, kind "secret", a name of the allowed
        // alphabet (checked here independently of the parser), nothing else on the line.
        if (request.length == 0 || request.length > size || request.length > CordonRequest::maxLine ||
            bytes[request.length - 1] != '\n' ||
            bytes.substr(0, CordonRequest::prefix.size()) != CordonRequest::prefix || request.kind != "secret" ||
            request.name.empty() || request.name.size() > 64 || (request.name[0] >= '0' && request.name[0] <= '9'))
            return false;
        for (char c : request.name)
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
                return false;
        std::string expected = std::string(CordonRequest::prefix) + "secret " + request.name;
        std::string_view lineBytes = bytes.substr(0, request.length - 1);
        if (!lineBytes.empty() && lineBytes.back() == '\r')
            lineBytes.remove_suffix(1);
        if (lineBytes != expected)
            return false;
    } else if (rs == ParseStatus::Bad && error.empty()) {
        return false;
    }
    std::string sni;
    const ClientHello::Status cs = ClientHello::parse(bytes, &sni);
    if (cs == ClientHello::Status::Sni &&
        (sni.empty() || sni.find_first_of(std::string_view("\0\r\n @", 5)) != std::string::npos))
        return false;
    return true;
}

} // namespace cordon::test
