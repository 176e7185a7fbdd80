#include "UnitNumber.h"

#include <QString> // the inline definition of QStringView::toLongLong

namespace cordon {

bool parseUnitNumber(
    QStringView text, qsizetype maxLength, std::initializer_list<UnitFactor> units, qint64 max, qint64* value)
{
    if (text.size() < 2 || text.size() > maxLength)
        return false;
    qint64 factor = 0;
    for (const UnitFactor& u : units) {
        if (text.back() == QChar(u.suffix))
            factor = u.factor;
    }
    if (factor == 0)
        return false;
    const QStringView digits = text.chopped(1);
    for (QChar c : digits) {
        if (c < u'0' || c > u'9')
            return false;
    }
    bool ok = false;
    const qint64 n = digits.toLongLong(&ok);
    if (!ok || n > max / factor)
        return false;
    *value = n * factor;
    return true;
}

} // namespace cordon
