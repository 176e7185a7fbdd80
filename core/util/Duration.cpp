#include "Duration.h"

#include <QCoreApplication>

namespace cordon {

namespace {
constexpr qint64 kMaxSeconds = 1000LL * 366 * 24 * 3600; // far above any limit; the caller bounds it
}

bool Duration::parse(const QString& text, qint64* seconds, QString* expected)
{
    const QString expectation = QCoreApplication::translate("cordon", "expected a duration like 30s, 10m, 2h or 1d");
    if (text.size() < 2 || text.size() > 12) {
        *expected = expectation;
        return false;
    }
    const QChar unit = text.back();
    qint64 factor = 0;
    switch (unit.unicode()) {
    case 's': factor = 1; break;
    case 'm': factor = 60; break;
    case 'h': factor = 3600; break;
    case 'd': factor = 86400; break;
    default: *expected = expectation; return false;
    }
    const QStringView digits = QStringView(text).chopped(1);
    for (QChar c : digits) {
        if (c < u'0' || c > u'9') {
            *expected = expectation;
            return false;
        }
    }
    bool ok = false;
    const qint64 n = digits.toLongLong(&ok);
    if (!ok || n > kMaxSeconds / factor) {
        *expected = expectation;
        return false;
    }
    *seconds = n * factor;
    return true;
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
