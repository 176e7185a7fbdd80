#pragma once
// One normalization for every host name the egress proxy sees, used both to decide and to dial:
// lower case, one trailing dot dropped, IDNA to ACE (QUrl::toAce), LDH labels only. IP literals are
// accepted only in canonical form (dotted quad, or a bracketed IPv6 address); every other numeric
// spelling (2130706433, 0x7f.1, 0177.0.0.1, 127.1) is refused rather than handed to a resolver
// that would interpret it (inet_aton does), which is how such encodings slipped past allowlists.

#include <QByteArray>
#include <QString>

namespace cordon {

class HostNormalizer final {
public:
    struct Host {
        QString name; // ACE, lower case, no trailing dot; IPv6 without brackets
        bool ipLiteral = false;
        bool ipv6 = false;
    };

    // `raw` is the host as it appeared in the request (UTF-8 bytes, IPv6 in brackets). Returns
    // false with a short reason on anything that is not a well-formed, unambiguous host.
    [[nodiscard]] static bool normalize(const QByteArray& raw, Host* out, QString* error);

    // RFC 3492 decoding of one "xn--" label's payload (without the prefix); false if invalid.
    [[nodiscard]] static bool punycodeDecode(const QString& input, QString* out);
};

} // namespace cordon
