#include "ClientHello.h"

#include <cstdint>

namespace cordon::proxy {

namespace {

class Reader {
public:
    explicit Reader(std::string_view d) : m_data(d) { }
    bool u8(std::uint32_t* v)
    {
        if (m_pos + 1 > m_data.size())
            return false;
        *v = static_cast<unsigned char>(m_data[m_pos++]);
        return true;
    }
    bool u16(std::uint32_t* v)
    {
        std::uint32_t a, b;
        if (!u8(&a) || !u8(&b))
            return false;
        *v = a << 8 | b;
        return true;
    }
    bool u24(std::uint32_t* v)
    {
        std::uint32_t a, b;
        if (!u8(&a) || !u16(&b))
            return false;
        *v = a << 16 | b;
        return true;
    }
    bool bytes(std::size_t n, std::string_view* v)
    {
        if (n > m_data.size() - m_pos)
            return false;
        *v = m_data.substr(m_pos, n);
        m_pos += n;
        return true;
    }
    bool skip(std::size_t n)
    {
        std::string_view ignored;
        return bytes(n, &ignored);
    }
    bool atEnd() const { return m_pos == m_data.size(); }

private:
    std::string_view m_data;
    std::size_t m_pos = 0;
};

ClientHello::Status parseServerNameExtension(std::string_view ext, std::string* name)
{
    Reader r(ext);
    std::uint32_t listLength = 0;
    std::string_view list;
    if (!r.u16(&listLength) || !r.bytes(listLength, &list) || !r.atEnd() || listLength == 0)
        return ClientHello::Status::Malformed;
    Reader l(list);
    int hostNames = 0;
    while (!l.atEnd()) {
        std::uint32_t type = 0, length = 0;
        std::string_view value;
        if (!l.u8(&type) || !l.u16(&length) || !l.bytes(length, &value))
            return ClientHello::Status::Malformed;
        if (type != 0)
            continue;
        // RFC 6066: at most one name of each type; two host_names could let two parties read
        // different ones.
        if (++hostNames > 1 || value.empty())
            return ClientHello::Status::Malformed;
        for (char c : value) {
            const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                            c == '.' || c == '_';
            if (!ok)
                return ClientHello::Status::Malformed;
        }
        name->assign(value);
    }
    return hostNames == 1 ? ClientHello::Status::Sni : ClientHello::Status::NoSni;
}

} // namespace

ClientHello::Status ClientHello::parse(std::string_view data, std::string* serverName)
{
    // Gather the handshake bytes from consecutive handshake records.
    std::string handshake;
    std::size_t pos = 0;
    std::size_t needed = 0; // total handshake message size once its header is known
    for (;;) {
        if (data.size() - pos < 5)
            return data.size() >= maxSize ? Status::Malformed : Status::NeedMore;
        const auto* h = reinterpret_cast<const unsigned char*>(data.data() + pos);
        if (h[0] != 0x16 || h[1] != 3)
            return pos == 0 ? Status::NotTls : Status::Malformed;
        const std::size_t length = std::size_t(h[3]) << 8 | h[4];
        if (length == 0 || length > 16384)
            return Status::Malformed;
        if (data.size() - pos - 5 < length)
            return pos + 5 + length > maxSize ? Status::Malformed : Status::NeedMore;
        handshake.append(data.substr(pos + 5, length));
        pos += 5 + length;
        if (needed == 0 && handshake.size() >= 4) {
            if (static_cast<unsigned char>(handshake[0]) != 1) // client_hello
                return Status::Malformed;
            needed = 4 + (std::size_t(static_cast<unsigned char>(handshake[1])) << 16 |
                             std::size_t(static_cast<unsigned char>(handshake[2])) << 8 |
                             std::size_t(static_cast<unsigned char>(handshake[3])));
            if (needed > maxSize)
                return Status::Malformed;
        }
        if (needed != 0 && handshake.size() >= needed)
            break;
        if (pos >= maxSize)
            return Status::Malformed;
    }
    Reader r(std::string_view(handshake).substr(4, needed - 4));
    std::uint32_t version = 0, sessionIdLength = 0, cipherLength = 0, compressionLength = 0, extensionsLength = 0;
    std::string_view extensions;
    if (!r.u16(&version) || !r.skip(32) || !r.u8(&sessionIdLength) || sessionIdLength > 32 ||
        !r.skip(sessionIdLength) || !r.u16(&cipherLength) || cipherLength < 2 || cipherLength % 2 != 0 ||
        !r.skip(cipherLength) || !r.u8(&compressionLength) || compressionLength < 1 || !r.skip(compressionLength))
        return Status::Malformed;
    if (r.atEnd())
        return Status::NoSni; // no extensions at all
    if (!r.u16(&extensionsLength) || !r.bytes(extensionsLength, &extensions) || !r.atEnd())
        return Status::Malformed;
    Reader e(extensions);
    Status result = Status::NoSni;
    bool seenServerName = false;
    while (!e.atEnd()) {
        std::uint32_t type = 0, length = 0;
        std::string_view body;
        if (!e.u16(&type) || !e.u16(&length) || !e.bytes(length, &body))
            return Status::Malformed;
        if (type != 0)
            continue;
        if (seenServerName)
            return Status::Malformed; // duplicate extension (RFC 8446 section 4.2)
        seenServerName = true;
        result = parseServerNameExtension(body, serverName);
        if (result == Status::Malformed)
            return result;
    }
    return result;
}

} // namespace cordon::proxy
