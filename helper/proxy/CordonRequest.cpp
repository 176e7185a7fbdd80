#include "CordonRequest.h"

#include <algorithm>

namespace cordon::proxy {

namespace {

bool isNameStart(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

bool isNameChar(char c)
{
    return isNameStart(c) || (c >= '0' && c <= '9');
}

} // namespace

bool CordonRequest::isValidName(std::string_view name)
{
    if (name.empty() || name.size() > maxName || !isNameStart(name.front()))
        return false;
    for (char c : name)
        if (!isNameChar(c))
            return false;
    return true;
}

ParseStatus CordonRequest::parse(std::string_view data, CordonRequestLine* out, std::string* error)
{
    const std::size_t have = std::min(data.size(), prefix.size());
    if (data.substr(0, have) != prefix.substr(0, have)) {
        *error = "not a CORDON-REQUEST line";
        return ParseStatus::Bad;
    }
    const auto newline = data.find('\n');
    if (newline == std::string_view::npos || newline + 1 > maxLine) {
        if (data.size() >= maxLine || newline != std::string_view::npos) {
            *error = "request line longer than 256 bytes";
            return ParseStatus::Bad;
        }
        if (data.find('\0') != std::string_view::npos) {
            *error = "NUL in request line";
            return ParseStatus::Bad;
        }
        return ParseStatus::NeedMore;
    }
    std::string_view line = data.substr(0, newline);
    if (!line.empty() && line.back() == '\r')
        line.remove_suffix(1);
    if (line.size() < prefix.size()) {
        *error = "not a CORDON-REQUEST line";
        return ParseStatus::Bad;
    }
    const std::string_view rest = line.substr(prefix.size());
    const auto space = rest.find(' ');
    if (space == std::string_view::npos) {
        *error = "expected \"CORDON-REQUEST KIND NAME\"";
        return ParseStatus::Bad;
    }
    const std::string_view kind = rest.substr(0, space);
    const std::string_view name = rest.substr(space + 1);
    if (kind.empty() || name.find(' ') != std::string_view::npos || name.empty()) {
        *error = "expected \"CORDON-REQUEST KIND NAME\" with single spaces";
        return ParseStatus::Bad;
    }
    if (kind != "secret") {
        *error = "unknown request kind";
        return ParseStatus::Bad;
    }
    if (!isValidName(name)) {
        *error = "invalid secret name (expected [A-Za-z_][A-Za-z0-9_]{0,63})";
        return ParseStatus::Bad;
    }
    CordonRequestLine r;
    r.kind = std::string(kind);
    r.name = std::string(name);
    r.length = newline + 1;
    *out = std::move(r);
    return ParseStatus::Ok;
}

} // namespace cordon::proxy
