#pragma once
// Builds a minimal TLS 1.2/1.3-style ClientHello by hand (RFC 8446 section 4.1.2) so tests can
// choose the SNI (or omit it) without a TLS library.

#include <QByteArray>

namespace cordon::test {

inline QByteArray buildClientHello(const QByteArray& sni, int records = 1)
{
    auto u16 = [](int v) {
        QByteArray b;
        b.append(char((v >> 8) & 0xff));
        b.append(char(v & 0xff));
        return b;
    };
    QByteArray extensions;
    if (!sni.isNull()) {
        QByteArray entry = QByteArray(1, '\0') + u16(int(sni.size())) + sni;
        QByteArray list = u16(int(entry.size())) + entry;
        extensions += u16(0) + u16(int(list.size())) + list;
    }
    // supported_versions: TLS 1.3
    extensions += u16(43) + u16(3) + QByteArray("\x02\x03\x04", 3);
    QByteArray body = QByteArray("\x03\x03", 2) + QByteArray(32, 'r') + QByteArray(1, '\0') + u16(2) +
                      QByteArray("\x13\x01", 2) + QByteArray("\x01\x00", 2) + u16(int(extensions.size())) + extensions;
    const int len = int(body.size());
    QByteArray handshake =
        QByteArray(1, '\x01') + char((len >> 16) & 0xff) + char((len >> 8) & 0xff) + char(len & 0xff) + body;
    QByteArray out;
    const int per = (int(handshake.size()) + records - 1) / records;
    for (int off = 0; off < handshake.size(); off += per) {
        const QByteArray fragment = handshake.mid(off, per);
        out += QByteArray("\x16\x03\x01", 3) + u16(int(fragment.size())) + fragment;
    }
    return out;
}

} // namespace cordon::test
