#include "InertText.h"

#include <QChar>

namespace cordon {

namespace {

bool isInvisibleFiller(char32_t c)
{
    switch (c) {
    case 0x034F: // combining grapheme joiner
    case 0x115F: // Hangul choseong filler
    case 0x1160: // Hangul jungseong filler
    case 0x3164: // Hangul filler
    case 0xFFA0: // halfwidth Hangul filler
    case 0x2800: // braille pattern blank
        return true;
    default: return false;
    }
}

QString hexEscape(char32_t c)
{
    return QStringLiteral("\\x") + QStringLiteral("%1").arg(static_cast<uint>(c), 2, 16, QLatin1Char('0')).toUpper();
}

QString codePointEscape(char32_t c)
{
    return QStringLiteral("U+%1").arg(static_cast<uint>(c), 4, 16, QLatin1Char('0')).toUpper();
}

// The escape for one code point, or an empty string when it is shown as itself.
QString escapeFor(char32_t c, bool unpairedSurrogate)
{
    if (unpairedSurrogate)
        return codePointEscape(c);
    if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F))
        return hexEscape(c);
    if (c == u'\\')
        return QStringLiteral("\\\\");
    if (c == u' ')
        return {};
    switch (QChar::category(c)) {
    case QChar::Other_Format:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
    case QChar::Separator_Space:
    case QChar::Other_Surrogate:
    case QChar::Other_NotAssigned: return codePointEscape(c);
    default: break;
    }
    if (isInvisibleFiller(c))
        return codePointEscape(c);
    return {};
}

} // namespace

QString InertText::render(const QString& text, qsizetype maxLength)
{
    QString out;
    out.reserve(text.size());
    const qsizetype n = text.size();
    // Where each rendered code point ends in `out`, so that a cut never splits an escape.
    qsizetype lastFit = 0;
    const qsizetype budget = maxLength > 0 ? maxLength - 1 : 0; // room left for the ellipsis
    for (qsizetype i = 0; i < n; ++i) {
        const QChar ch = text.at(i);
        char32_t c = ch.unicode();
        qsizetype units = 1;
        bool unpaired = false;
        if (ch.isHighSurrogate() && i + 1 < n && text.at(i + 1).isLowSurrogate()) {
            c = QChar::surrogateToUcs4(ch, text.at(i + 1));
            units = 2;
        } else if (ch.isSurrogate()) {
            unpaired = true;
        }
        const QString escape = escapeFor(c, unpaired);
        if (escape.isEmpty())
            out.append(QStringView(text).mid(i, units));
        else
            out.append(escape);
        i += units - 1;
        if (out.size() <= budget)
            lastFit = out.size();
    }
    if (maxLength >= 0 && out.size() > maxLength) {
        out.truncate(lastFit);
        if (maxLength > 0)
            out.append(QChar(0x2026));
    }
    return out;
}

bool InertText::isInert(const QString& text)
{
    return render(text) == text;
}

} // namespace cordon
