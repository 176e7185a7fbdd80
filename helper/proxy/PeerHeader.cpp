#include "PeerHeader.h"

#include <algorithm>
#include <limits>

namespace cordon::proxy {

namespace {

void appendUtf8(std::string* out, std::uint32_t cp)
{
    if (cp < 0x80) {
        out->push_back(char(cp));
    } else if (cp < 0x800) {
        out->push_back(char(0xc0 | (cp >> 6)));
        out->push_back(char(0x80 | (cp & 0x3f)));
    } else if (cp < 0x10000) {
        out->push_back(char(0xe0 | (cp >> 12)));
        out->push_back(char(0x80 | ((cp >> 6) & 0x3f)));
        out->push_back(char(0x80 | (cp & 0x3f)));
    } else {
        out->push_back(char(0xf0 | (cp >> 18)));
        out->push_back(char(0x80 | ((cp >> 12) & 0x3f)));
        out->push_back(char(0x80 | ((cp >> 6) & 0x3f)));
        out->push_back(char(0x80 | (cp & 0x3f)));
    }
}

// Length of the well-formed UTF-8 sequence starting at s[i] (RFC 3629 table: no overlong forms,
// no surrogates, nothing above U+10FFFF), or 0. The fields end up in JSON for the decider and the
// journal, where an invalid sequence would be replaced or refused further down the line.
std::size_t utf8SequenceLength(std::string_view s, std::size_t i)
{
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
    const unsigned char c = b(0);
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xbf; // bounds of the second byte
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        n = 2;
    else if (c >= 0xe0 && c <= 0xef) {
        n = 3;
        if (c == 0xe0)
            lo = 0xa0;
        if (c == 0xed)
            hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4;
        if (c == 0xf0)
            lo = 0x90;
        if (c == 0xf4)
            hi = 0x8f;
    } else {
        return 0;
    }
    if (i + n > s.size() || b(1) < lo || b(1) > hi)
        return 0;
    for (std::size_t k = 2; k < n; ++k)
        if (b(k) < 0x80 || b(k) > 0xbf)
            return 0;
    return n;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// RFC 8259 JSON over one line, strict: whitespace is space or tab only (the line has no CR and its
// LF was cut off), strings must be valid UTF-8 without raw control bytes, escapes must be the
// eight simple ones or \uXXXX with paired surrogates, numbers follow the grammar exactly, and an
// object may not repeat a key (two "pid" keys would let the bridge and a reader disagree).
class StrictJson final {
public:
    explicit StrictJson(std::string_view text) : m_s(text) { }

    const std::string& error() const { return m_error; }
    bool atEnd()
    {
        skipSpace();
        return m_i == m_s.size();
    }

    bool fail(const char* why)
    {
        if (m_error.empty())
            m_error = why;
        return false;
    }

    void skipSpace()
    {
        while (m_i < m_s.size() && (m_s[m_i] == ' ' || m_s[m_i] == '\t'))
            ++m_i;
    }

    bool consume(char c)
    {
        skipSpace();
        if (m_i < m_s.size() && m_s[m_i] == c) {
            ++m_i;
            return true;
        }
        return false;
    }

    bool peek(char c)
    {
        skipSpace();
        return m_i < m_s.size() && m_s[m_i] == c;
    }

    bool parseString(std::string* out)
    {
        if (!consume('"'))
            return fail("expected a string");
        out->clear();
        while (m_i < m_s.size()) {
            const char c = m_s[m_i];
            const auto u = static_cast<unsigned char>(c);
            if (c == '"') {
                ++m_i;
                return true;
            }
            if (u < 0x20)
                return fail("control byte in a string");
            if (c == '\\') {
                if (!parseEscape(out))
                    return false;
                continue;
            }
            const std::size_t n = utf8SequenceLength(m_s, m_i);
            if (n == 0)
                return fail("invalid UTF-8");
            out->append(m_s.substr(m_i, n));
            m_i += n;
        }
        return fail("unterminated string");
    }

    // A JSON number, checked against the grammar; *isInteger when it has neither fraction nor
    // exponent. The digits are returned for the one field that needs a value (pid).
    bool parseNumber(std::string* digits, bool* isInteger, bool* negative)
    {
        skipSpace();
        const std::size_t start = m_i;
        *negative = m_i < m_s.size() && m_s[m_i] == '-';
        if (*negative)
            ++m_i;
        const std::size_t intStart = m_i;
        if (m_i < m_s.size() && m_s[m_i] == '0') {
            ++m_i;
        } else if (m_i < m_s.size() && m_s[m_i] >= '1' && m_s[m_i] <= '9') {
            while (m_i < m_s.size() && isDigit(m_s[m_i]))
                ++m_i;
        } else {
            return fail("bad number");
        }
        *digits = std::string(m_s.substr(intStart, m_i - intStart));
        *isInteger = true;
        if (m_i < m_s.size() && m_s[m_i] == '.') {
            *isInteger = false;
            ++m_i;
            if (!skipDigits())
                return fail("bad number");
        }
        if (m_i < m_s.size() && (m_s[m_i] == 'e' || m_s[m_i] == 'E')) {
            *isInteger = false;
            ++m_i;
            if (m_i < m_s.size() && (m_s[m_i] == '+' || m_s[m_i] == '-'))
                ++m_i;
            if (!skipDigits())
                return fail("bad number");
        }
        return m_i > start;
    }

    // Parses any value that is not one of the known fields, to check it and throw it away.
    bool skipValue(int depth)
    {
        if (depth > PeerHeader::maxDepth)
            return fail("nested too deeply");
        skipSpace();
        if (m_i >= m_s.size())
            return fail("missing value");
        const char c = m_s[m_i];
        if (c == '"') {
            std::string ignored;
            return parseString(&ignored);
        }
        if (c == '{')
            return parseObject(depth, [&](const std::string&) { return skipValue(depth + 1); });
        if (c == '[')
            return parseArray([&] { return skipValue(depth + 1); });
        for (const std::string_view word :
            {std::string_view("true"), std::string_view("false"), std::string_view("null")}) {
            if (m_s.substr(m_i, word.size()) == word) {
                m_i += word.size();
                return true;
            }
        }
        std::string digits;
        bool isInteger = false, negative = false;
        return parseNumber(&digits, &isInteger, &negative);
    }

    // '{' (key ':' value (',' key ':' value)*)? '}', calling member(key) positioned at each value.
    template <typename Member>
    bool parseObject(int depth, Member member)
    {
        if (depth > PeerHeader::maxDepth)
            return fail("nested too deeply");
        if (!consume('{'))
            return fail("expected an object");
        std::vector<std::string> seen;
        if (consume('}'))
            return true;
        for (;;) {
            std::string key;
            if (!parseString(&key))
                return false;
            if (std::find(seen.begin(), seen.end(), key) != seen.end())
                return fail("duplicate key");
            seen.push_back(key);
            if (!consume(':'))
                return fail("expected ':'");
            if (!member(key))
                return false;
            if (consume('}'))
                return true;
            if (!consume(','))
                return fail("expected ',' or '}'");
        }
    }

    template <typename Element>
    bool parseArray(Element element)
    {
        if (!consume('['))
            return fail("expected an array");
        if (consume(']'))
            return true;
        for (;;) {
            if (!element())
                return false;
            if (consume(']'))
                return true;
            if (!consume(','))
                return fail("expected ',' or ']'");
        }
    }

private:
    static bool isDigit(char c) { return c >= '0' && c <= '9'; }

    bool skipDigits()
    {
        const std::size_t start = m_i;
        while (m_i < m_s.size() && isDigit(m_s[m_i]))
            ++m_i;
        return m_i > start;
    }

    bool readHex4(std::uint32_t* out)
    {
        if (m_i + 4 > m_s.size())
            return fail("bad \\u escape");
        std::uint32_t v = 0;
        for (int k = 0; k < 4; ++k) {
            const int h = hexValue(m_s[m_i + std::size_t(k)]);
            if (h < 0)
                return fail("bad \\u escape");
            v = v * 16 + std::uint32_t(h);
        }
        m_i += 4;
        *out = v;
        return true;
    }

    bool parseEscape(std::string* out)
    {
        ++m_i; // the backslash
        if (m_i >= m_s.size())
            return fail("bad escape");
        const char e = m_s[m_i++];
        switch (e) {
        case '"': out->push_back('"'); return true;
        case '\\': out->push_back('\\'); return true;
        case '/': out->push_back('/'); return true;
        case 'b': out->push_back('\b'); return true;
        case 'f': out->push_back('\f'); return true;
        case 'n': out->push_back('\n'); return true;
        case 'r': out->push_back('\r'); return true;
        case 't': out->push_back('\t'); return true;
        case 'u': break;
        default: return fail("bad escape");
        }
        std::uint32_t cp = 0;
        if (!readHex4(&cp))
            return false;
        if (cp >= 0xdc00 && cp <= 0xdfff)
            return fail("lone low surrogate");
        if (cp >= 0xd800 && cp <= 0xdbff) {
            std::uint32_t low = 0;
            if (m_s.substr(m_i, 2) != "\\u")
                return fail("lone high surrogate");
            m_i += 2;
            if (!readHex4(&low))
                return false;
            if (low < 0xdc00 || low > 0xdfff)
                return fail("lone high surrogate");
            cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        }
        appendUtf8(out, cp);
        return true;
    }

    std::string_view m_s;
    std::size_t m_i = 0;
    std::string m_error;
};

} // namespace

ParseStatus PeerHeader::parse(std::string_view data, PeerInfo* out, std::size_t* length, std::string* error)
{
    // Refuse as soon as the bytes seen so far cannot start the prefix: a client that speaks the
    // proxy protocol directly is turned away without waiting for the handshake timeout.
    const std::size_t seen = std::min(data.size(), prefix.size());
    if (data.substr(0, seen) != prefix.substr(0, seen)) {
        *error = "expected \"CORDON-PEER \"";
        return ParseStatus::Bad;
    }
    const std::size_t lf = data.find('\n');
    if (lf == std::string_view::npos) {
        if (data.size() >= maxLine) {
            *error = "longer than 8 KiB";
            return ParseStatus::Bad;
        }
        return ParseStatus::NeedMore;
    }
    if (lf + 1 > maxLine) {
        *error = "longer than 8 KiB";
        return ParseStatus::Bad;
    }
    if (lf < prefix.size()) {
        *error = "expected \"CORDON-PEER \"";
        return ParseStatus::Bad;
    }
    StrictJson json(data.substr(prefix.size(), lf - prefix.size()));
    PeerInfo info;
    const bool ok = json.parseObject(0, [&](const std::string& key) {
        if (key == "pid") {
            std::string digits;
            bool isInteger = false, negative = false;
            if (!json.parseNumber(&digits, &isInteger, &negative))
                return false;
            if (!isInteger || negative || digits.size() > 10)
                return json.fail("pid: expected a non-negative integer");
            const unsigned long long value = std::stoull(digits);
            if (value > std::uint64_t(std::numeric_limits<std::int32_t>::max()))
                return json.fail("pid: out of range");
            // 0 is the bridge's "no process found" (it exited, or its socket could not be traced):
            // the connection goes on, just without a name for who asked.
            info.hasPid = value != 0;
            info.pid = std::int32_t(value);
            return true;
        }
        if (key == "exe") {
            if (!json.peek('"'))
                return json.fail("exe: expected a string");
            if (!json.parseString(&info.exe))
                return false;
            if (info.exe.size() > maxExe)
                return json.fail("exe: longer than 4096 bytes");
            if (info.exe.find('\0') != std::string::npos)
                return json.fail("exe: NUL");
            info.hasExe = true;
            return true;
        }
        if (key == "argv") {
            if (!json.peek('['))
                return json.fail("argv: expected an array of strings");
            info.hasArgv = true;
            return json.parseArray([&] {
                if (info.argv.size() >= maxArgs)
                    return json.fail("argv: more than 64 entries");
                if (!json.peek('"'))
                    return json.fail("argv: expected an array of strings");
                std::string arg;
                if (!json.parseString(&arg))
                    return false;
                if (arg.find('\0') != std::string::npos)
                    return json.fail("argv: NUL");
                info.argv.push_back(std::move(arg));
                return true;
            });
        }
        return json.skipValue(1); // unknown: checked, then dropped
    });
    if (!ok || !json.atEnd()) {
        *error = ok ? "bytes after the object" : json.error();
        return ParseStatus::Bad;
    }
    *out = std::move(info);
    *length = lf + 1;
    return ParseStatus::Ok;
}

} // namespace cordon::proxy
