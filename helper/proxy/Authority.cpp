#include "Authority.h"

namespace cordon::proxy {

bool AuthorityParser::parsePort(std::string_view text, std::uint16_t* out)
{
    if (text.empty() || text.size() > 5)
        return false;
    unsigned value = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return false;
        value = value * 10 + unsigned(c - '0');
    }
    if (value < 1 || value > 65535)
        return false;
    *out = static_cast<std::uint16_t>(value);
    return true;
}

bool AuthorityParser::hostBytesAcceptable(std::string_view host)
{
    if (host.empty() || host.size() > 300)
        return false;
    const bool bracketed = host.front() == '[';
    if (bracketed && (host.size() < 3 || host.back() != ']'))
        return false;
    for (std::size_t i = 0; i < host.size(); ++i) {
        const auto u = static_cast<unsigned char>(host[i]);
        const char c = host[i];
        if (u <= 0x20 || u == 0x7f || c == '@' || c == '/' || c == '\\' || c == '%' || c == '?' || c == '#' ||
            c == '"' || c == '<' || c == '>' || c == '`' || c == '{' || c == '}' || c == '|' || c == '^')
            return false;
        if ((c == '[' && i != 0) || (c == ']' && (!bracketed || i != host.size() - 1)))
            return false;
        if (c == ':' && !bracketed)
            return false;
        if (bracketed && i != 0 && i != host.size() - 1) {
            const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex && c != ':' && c != '.')
                return false;
        }
    }
    return true;
}

bool AuthorityParser::parse(
    std::string_view text, bool requirePort, std::uint16_t defaultPort, Authority* out, std::string* error)
{
    if (text.empty()) {
        *error = "empty authority";
        return false;
    }
    if (text.find('@') != std::string_view::npos) {
        // userinfo ("user@host") is where "allowed.com@evil.test" confused earlier filters.
        *error = "userinfo in authority";
        return false;
    }
    std::string_view host;
    std::string_view portText;
    bool hasPort = false;
    if (text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string_view::npos) {
            *error = "unterminated IPv6 literal";
            return false;
        }
        host = text.substr(0, close + 1);
        const std::string_view rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') {
                *error = "garbage after IPv6 literal";
                return false;
            }
            portText = rest.substr(1);
            hasPort = true;
        }
    } else {
        const auto colon = text.find(':');
        if (colon != std::string_view::npos) {
            if (text.find(':', colon + 1) != std::string_view::npos) {
                *error = "IPv6 literal without brackets or several ports";
                return false;
            }
            host = text.substr(0, colon);
            portText = text.substr(colon + 1);
            hasPort = true;
        } else {
            host = text;
        }
    }
    Authority result;
    if (hasPort) {
        if (!parsePort(portText, &result.port)) {
            *error = "bad port";
            return false;
        }
    } else if (requirePort) {
        *error = "missing port";
        return false;
    } else {
        result.port = defaultPort;
    }
    if (!hostBytesAcceptable(host)) {
        *error = "forbidden character in host";
        return false;
    }
    result.host.assign(host);
    *out = std::move(result);
    return true;
}

} // namespace cordon::proxy
