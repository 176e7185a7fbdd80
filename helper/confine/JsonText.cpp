#include "JsonText.h"

#include <ctime>

namespace cordon::confine {

namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD"; // U+FFFD

// The length of the well-formed UTF-8 sequence at the start of `s`, or 0 with `invalid` set to
// the length of the maximal invalid subpart to replace (at least 1). Table 3-7 of the Unicode
// standard: the second byte's range depends on the first byte (E0: A0..BF, ED: 80..9F, F0: 90..BF,
// F4: 80..8F), which is what rules out overlong forms, surrogates and values above U+10FFFF.
std::size_t wellFormedLength(std::string_view s, std::size_t& invalid)
{
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    const unsigned char b0 = byte(0);
    invalid = 1;
    if (b0 < 0x80)
        return 1;
    std::size_t length = 0;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        length = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        length = 3;
        if (b0 == 0xE0)
            lo = 0xA0;
        else if (b0 == 0xED)
            hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        length = 4;
        if (b0 == 0xF0)
            lo = 0x90;
        else if (b0 == 0xF4)
            hi = 0x8F;
    } else {
        return 0; // C0, C1, F5..FF, or a lone continuation byte
    }
    for (std::size_t i = 1; i < length; ++i) {
        if (i >= s.size())
            return 0; // truncated: the subpart so far is one replacement
        const unsigned char b = byte(i);
        const unsigned char low = i == 1 ? lo : 0x80;
        const unsigned char high = i == 1 ? hi : 0xBF;
        if (b < low || b > high)
            return 0;
        invalid = i + 1 < length ? i + 1 : i; // the prefix seen so far is one maximal subpart
    }
    return length;
}

} // namespace

void JsonText::appendString(std::string& out, std::string_view text)
{
    static constexpr char kHex[] = "0123456789abcdef";
    out.push_back('"');
    std::size_t i = 0;
    while (i < text.size()) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                // Every other C0 control and DEL as \u00XX: an ESC must never reach a terminal
                // that displays the line.
                if (c < 0x20 || c == 0x7F) {
                    out += "\\u00";
                    out.push_back(kHex[c >> 4]);
                    out.push_back(kHex[c & 0xF]);
                } else {
                    out.push_back(static_cast<char>(c));
                }
            }
            ++i;
            continue;
        }
        std::size_t invalid = 1;
        const std::size_t length = wellFormedLength(text.substr(i), invalid);
        if (length == 0) {
            out += kReplacement;
            i += invalid;
            continue;
        }
        // C1 controls (U+0080..U+009F) are valid UTF-8 but a terminal may act on them (CSI is
        // U+009B): escape them too.
        if (length == 2 && c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0) {
            const unsigned char cp = static_cast<unsigned char>(text[i + 1]);
            out += "\\u00";
            out.push_back(kHex[cp >> 4]);
            out.push_back(kHex[cp & 0xF]);
        } else {
            out.append(text.substr(i, length));
        }
        i += length;
    }
    out.push_back('"');
}

void JsonText::appendStringArray(std::string& out, const std::vector<std::string>& items)
{
    out.push_back('[');
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i != 0)
            out.push_back(',');
        appendString(out, items[i]);
    }
    out.push_back(']');
}

std::int64_t JsonText::nowMs() noexcept
{
    struct timespec ts { };
    if (::clock_gettime(CLOCK_REALTIME, &ts) != 0)
        return 0;
    return static_cast<std::int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
}

} // namespace cordon::confine
