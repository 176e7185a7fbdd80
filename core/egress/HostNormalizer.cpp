#include "HostNormalizer.h"

#include <QSet>
#include <QStringList>
#include <QUrl>

#include <arpa/inet.h>

namespace cordon {

namespace {

bool allDigits(const QString& s)
{
    if (s.isEmpty())
        return false;
    for (QChar c : s)
        if (c < u'0' || c > u'9')
            return false;
    return true;
}

// A label that a numeric-address parser (inet_aton) would read as a number: decimal, octal with a
// leading 0, or hexadecimal 0x... Such a last label means "an IP address in another spelling".
bool numericLooking(const QString& label)
{
    if (allDigits(label))
        return true;
    if (label.size() >= 2 && label[0] == u'0' && (label[1] == u'x' || label[1] == u'X')) {
        for (qsizetype i = 2; i < label.size(); ++i)
            if (!label[i].isDigit() && !(label[i] >= u'a' && label[i] <= u'f'))
                return false;
        return true;
    }
    return false;
}

bool isLdhLabel(const QString& label)
{
    if (label.isEmpty() || label.size() > 63 || label.startsWith(u'-') || label.endsWith(u'-'))
        return false;
    for (QChar c : label)
        if (!((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'-'))
            return false;
    return true;
}

// Look-alike labels mix scripts ("аpple" with a Cyrillic а, UTS #39 "mixed script"): a label whose
// letters come from more than one script is refused. Common and inherited characters (digits,
// hyphen, combining marks) do not count. This is a simplified UTS #39 check: whole-script
// confusables ("аррӏе" all Cyrillic) still pass but can never match an ASCII allow rule, because
// matching is done on the ACE form.
bool singleScript(const QString& label)
{
    QSet<int> scripts;
    for (char32_t ucs : label.toUcs4()) {
        const auto script = QChar::script(ucs);
        if (script == QChar::Script_Common || script == QChar::Script_Inherited || script == QChar::Script_Unknown)
            continue;
        scripts.insert(int(script));
    }
    return scripts.size() <= 1;
}

} // namespace

bool HostNormalizer::punycodeDecode(const QString& input, QString* out)
{
    // RFC 3492 section 6.2, bootstring parameters for punycode.
    constexpr char32_t base = 36, tmin = 1, tmax = 26, skew = 38, damp = 700, initialBias = 72, initialN = 128;
    std::u32string output;
    const qsizetype delim = input.lastIndexOf(u'-');
    qsizetype in = 0;
    if (delim > 0) {
        for (qsizetype j = 0; j < delim; ++j) {
            if (input[j].unicode() >= 0x80)
                return false;
            output.push_back(input[j].unicode());
        }
        in = delim + 1;
    } else if (delim == 0) {
        in = 1;
    }
    char32_t n = initialN, bias = initialBias;
    std::uint64_t i = 0;
    auto adapt = [&](std::uint64_t delta, std::uint64_t numPoints, bool first) {
        delta = first ? delta / damp : delta / 2;
        delta += delta / numPoints;
        std::uint64_t k = 0;
        while (delta > ((base - tmin) * tmax) / 2) {
            delta /= base - tmin;
            k += base;
        }
        return char32_t(k + (base - tmin + 1) * delta / (delta + skew));
    };
    bool first = true;
    if (in >= input.size())
        return false; // "xn--" with nothing encoded is not a valid A-label
    while (in < input.size()) {
        const std::uint64_t oldi = i;
        std::uint64_t w = 1;
        for (std::uint64_t k = base;; k += base) {
            if (in >= input.size())
                return false;
            const char16_t c = input[in++].unicode();
            std::uint64_t digit;
            if (c >= u'a' && c <= u'z')
                digit = c - u'a';
            else if (c >= u'0' && c <= u'9')
                digit = c - u'0' + 26;
            else
                return false;
            i += digit * w;
            if (i > 0x10FFFF * 64ULL)
                return false;
            const std::uint64_t t = k <= bias ? tmin : (k >= bias + tmax ? tmax : k - bias);
            if (digit < t)
                break;
            w *= base - t;
            if (w > 0x10FFFF * 64ULL)
                return false;
        }
        bias = adapt(i - oldi, output.size() + 1, first);
        first = false;
        n += char32_t(i / (output.size() + 1));
        i %= output.size() + 1;
        if (n > 0x10FFFF || (n >= 0xD800 && n <= 0xDFFF))
            return false;
        output.insert(output.begin() + qsizetype(i), n);
        ++i;
    }
    *out = QString::fromUcs4(output.data(), qsizetype(output.size()));
    return true;
}

bool HostNormalizer::normalize(const QByteArray& raw, Host* out, QString* error)
{
    if (raw.isEmpty() || raw.size() > 300) {
        *error = QStringLiteral("empty or overlong host");
        return false;
    }
    for (char c : raw) {
        const auto u = static_cast<unsigned char>(c);
        // Controls (NUL, CR, LF), space, DEL, userinfo, paths, percent-escapes and zone ids: none
        // belongs in a host, and each has been used to make two parsers disagree.
        if (u <= 0x20 || u == 0x7f || c == '@' || c == '/' || c == '\\' || c == '%' || c == '?' || c == '#') {
            *error = QStringLiteral("forbidden character in host");
            return false;
        }
    }
    Host h;
    if (raw.startsWith('[')) {
        if (!raw.endsWith(']')) {
            *error = QStringLiteral("unterminated IPv6 literal");
            return false;
        }
        const QByteArray inner = raw.mid(1, raw.size() - 2);
        in6_addr a{};
        char buf[INET6_ADDRSTRLEN] = {};
        if (inet_pton(AF_INET6, inner.constData(), &a) != 1 || !inet_ntop(AF_INET6, &a, buf, sizeof buf)) {
            *error = QStringLiteral("invalid IPv6 literal");
            return false;
        }
        h.name = QString::fromLatin1(buf);
        h.ipLiteral = h.ipv6 = true;
        *out = h;
        return true;
    }
    const QString unicode = QString::fromUtf8(raw);
    if (unicode.toUtf8() != raw || unicode.contains(QChar::ReplacementCharacter)) {
        *error = QStringLiteral("host is not valid UTF-8");
        return false;
    }
    QString text = unicode.toLower();
    if (text.endsWith(u'.'))
        text.chop(1);
    if (text.isEmpty() || text.contains(u':')) {
        *error = QStringLiteral("malformed host");
        return false;
    }
    QStringList labels = text.split(u'.');
    if (numericLooking(labels.last())) {
        in_addr a{};
        char buf[INET_ADDRSTRLEN] = {};
        const QByteArray latin = text.toLatin1();
        // inet_pton accepts only the four-part decimal form without leading zeros; comparing with
        // inet_ntop's output rules out anything but the one canonical spelling.
        if (inet_pton(AF_INET, latin.constData(), &a) != 1 || !inet_ntop(AF_INET, &a, buf, sizeof buf) ||
            latin != QByteArray(buf)) {
            *error = QStringLiteral("non-canonical numeric host (only dotted-quad IPv4 literals are accepted)");
            return false;
        }
        h.name = text;
        h.ipLiteral = true;
        *out = h;
        return true;
    }
    for (const QString& label : labels) {
        QString decoded = label;
        if (label.startsWith(u"xn--")) {
            if (!punycodeDecode(label.mid(4), &decoded) || QString::fromLatin1(QUrl::toAce(decoded)) != label) {
                *error = QStringLiteral("invalid IDNA label");
                return false;
            }
        }
        if (!singleScript(decoded)) {
            *error = QStringLiteral("label mixes scripts (look-alike name)");
            return false;
        }
    }
    const QString ace = QString::fromLatin1(QUrl::toAce(text)).toLower();
    if (ace.isEmpty() || ace.size() > 253) {
        *error = QStringLiteral("invalid internationalized name");
        return false;
    }
    for (const QString& label : ace.split(u'.')) {
        if (!isLdhLabel(label)) {
            *error = QStringLiteral("invalid host label");
            return false;
        }
        if (label.startsWith(u"xn--")) {
            QString decoded;
            if (!punycodeDecode(label.mid(4), &decoded) || !singleScript(decoded)) {
                *error = QStringLiteral("invalid or mixed-script IDNA label");
                return false;
            }
        }
    }
    h.name = ace;
    *out = h;
    return true;
}

} // namespace cordon
