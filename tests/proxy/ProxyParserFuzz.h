#pragma once
// The one fuzz body shared by the libFuzzer target and the deterministic mutation test: feeds
// bytes to every request parser of the proxy and traps on a broken invariant (a parse that says
// Ok must hand out only an authority the proxy could safely decide on and dial).

#include "Authority.h"
#include "ClientHello.h"
#include "RequestParser.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace cordon::test {

inline bool proxyParserInvariantsHold(const std::uint8_t* data, std::size_t size)
{
    using namespace cordon::proxy;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    std::string error;
    HttpRequest http;
    const ParseStatus hs = RequestParser::parseHttp(bytes, &http, &error);
    if (hs == ParseStatus::Ok) {
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
    std::string sni;
    const ClientHello::Status cs = ClientHello::parse(bytes, &sni);
    if (cs == ClientHello::Status::Sni &&
        (sni.empty() || sni.find_first_of(std::string_view("\0\r\n @", 5)) != std::string::npos))
        return false;
    return true;
}

} // namespace cordon::test
