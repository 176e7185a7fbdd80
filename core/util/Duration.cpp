#include "Duration.h"

#include "UnitNumber.h"

#include <QCoreApplication>

namespace cordon {

namespace {
constexpr qint64 kMaxSeconds = 1000LL * 366 * 24 * 3600; // far above any limit; the caller bounds it
}

bool Duration::parse(const QString& text, qint64* seconds, QString* expected)
{
    if (parseUnitNumber(text, 12, {{u's', 1}, {u'm', 60}, {u'h', 3600}, {u'd', 86400}}, kMaxSeconds, seconds))
        return true;
    *expected = QCoreApplication::translate("cordon", "expected a duration like 30s, 10m, 2h or 1d");
    return false;
}

QString Duration::format(qint64 seconds)
{
    if (seconds > 0 && seconds % 86400 == 0)
        return QString::number(seconds / 86400) + u'd';
    if (seconds > 0 && seconds % 3600 == 0)
        return QString::number(seconds / 3600) + u'h';
    if (seconds > 0 && seconds % 60 == 0)
        return QString::number(seconds / 60) + u'm';
    return QString::number(seconds) + u's';
}

} // namespace cordon
