#pragma once
// JSON text for the lines Cordon writes about what happens inside a sandbox (the monitor's
// events, the bridge's CORDON-PEER line). What goes in comes from the sandbox (a path or argv an
// agent chose, read from its memory), so the output must be valid JSON and valid UTF-8 whatever
// the bytes: control characters are escaped, and bytes that are not well-formed UTF-8 (RFC 3629:
// no overlong forms, no surrogates, nothing above U+10FFFF, no truncated sequences) become
// U+FFFD, one per maximal invalid subpart as the Unicode standard recommends (§3.9,
// "U+FFFD Substitution of Maximal Subparts"). A reader can then parse every line it gets and can
// render it without a terminal escape sequence of the agent's reaching anyone.
//
// Plain C++, no Qt: used by the monitor and by the shim's bridge.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cordon::confine {

class JsonText {
public:
    // Appends `text` as a quoted JSON string.
    static void appendString(std::string& out, std::string_view text);
    // Appends ["a","b",...].
    static void appendStringArray(std::string& out, const std::vector<std::string>& items);
    // Milliseconds since the Unix epoch (CLOCK_REALTIME), for "time_ms".
    static std::int64_t nowMs() noexcept;
};

} // namespace cordon::confine
