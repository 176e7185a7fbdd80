#pragma once
// The line a client of the proxy sends first when the proxy runs with --peer-header:
//   CORDON-PEER {"pid":123,"exe":"/usr/bin/curl","argv":["curl","https://example.com/"]}\n
// It is written by the in-sandbox bridge, so it is untrusted bytes: parsed here strictly (RFC 8259
// JSON, one object, no duplicate keys, valid UTF-8, no CR, exactly one LF at the end, bounded) and
// reduced to the three known fields. Unknown keys are dropped, never forwarded: what reaches the
// decider and the event log is only what this parser checked. The fields say which process asked;
// they are informational and never take part in a decision. Pure function over a buffer (no I/O),
// so the fuzz target drives exactly this code.

#include "RequestParser.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cordon::proxy {

struct PeerInfo {
    bool hasPid = false;
    std::int32_t pid = 0; // 1..INT32_MAX
    bool hasExe = false;
    std::string exe; // valid UTF-8, no NUL, at most maxExe bytes
    bool hasArgv = false;
    std::vector<std::string> argv; // each valid UTF-8 without NUL, at most maxArgs entries
};

class PeerHeader final {
public:
    static constexpr std::string_view prefix = "CORDON-PEER ";
    static constexpr std::size_t maxLine = 8 * 1024; // the whole line, prefix and LF included
    static constexpr std::size_t maxExe = 4096;
    static constexpr std::size_t maxArgs = 64;
    static constexpr int maxDepth = 8; // nesting inside ignored unknown values

    // Ok: *out holds the fields, *length the bytes of the line including its LF (what follows is
    // the proxy protocol). NeedMore: no LF yet and still within bounds. Bad: *error says why.
    static ParseStatus parse(std::string_view data, PeerInfo* out, std::size_t* length, std::string* error);
};

} // namespace cordon::proxy
