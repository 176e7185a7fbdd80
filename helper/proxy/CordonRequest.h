#pragma once
// The request an agent makes of Cordon from inside its sandbox (docs/proxy.md, "Requests from
// inside"), sent by `cordon-request` over the same path as its egress (the bridge on
// 127.0.0.1:PORT, which prepends its CORDON-PEER line):
//   CORDON-REQUEST secret NAME\n
// One line, at most maxLine bytes with its LF (a CR before the LF is tolerated), the method an
// exact upper-case token followed by one space, the kind "secret", one space, NAME matching
// [A-Za-z_][A-Za-z0-9_]{0,63} (ProfileSecret::isValidName) and nothing else. These are untrusted
// bytes from inside a sandbox, so anything else is refused, and no byte of the request is ever
// echoed in an error. Pure function over a buffer (no I/O), fuzzed with the other parsers.

#include "RequestParser.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace cordon::proxy {

struct CordonRequestLine {
    std::string kind; // "secret" (the only kind so far)
    std::string name;
    std::size_t length = 0; // bytes of the line including its LF
};

class CordonRequest final {
public:
    static constexpr std::string_view prefix = "CORDON-REQUEST ";
    static constexpr std::size_t maxLine = 256;
    static constexpr std::size_t maxName = 64;
    // Where a granted secret is found inside the sandbox: the decider must name exactly this
    // directory followed by the requested name.
    static constexpr std::string_view secretDirectory = "/run/cordon/secrets/";

    static bool isValidName(std::string_view name);
    // Ok: *out is the request. NeedMore: no LF yet and still within bounds. Bad: *error says why,
    // in words of the parser's own (safe to send back and to log).
    static ParseStatus parse(std::string_view data, CordonRequestLine* out, std::string* error);
};

} // namespace cordon::proxy
