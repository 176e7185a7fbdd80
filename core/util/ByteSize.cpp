#include "ByteSize.h"

#include "UnitNumber.h"

#include <QCoreApplication>

namespace cordon {

namespace {
constexpr qint64 kMaxBytes = 1LL << 60; // 1 EiB; the caller bounds each limit far lower
}

bool ByteSize::parse(const QString& text, qint64* bytes, QString* expected)
{
    if (parseUnitNumber(text, 20, {{u'K', 1LL << 10}, {u'M', 1LL << 20}, {u'G', 1LL << 30}, {u'T', 1LL << 40}},
            kMaxBytes, bytes))
        return true;
    *expected = QCoreApplication::translate("cordon", "expected a size like 512M or 4G");
    return false;
}

QString ByteSize::format(qint64 bytes)
{
    static constexpr char kUnits[] = {'T', 'G', 'M', 'K'};
    int shift = 40;
    for (char unit : kUnits) {
        const qint64 size = 1LL << shift;
        if (bytes > 0 && bytes % size == 0)
            return QString::number(bytes / size) + QLatin1Char(unit);
        shift -= 10;
    }
    return QString::number(bytes) + u'B';
}

} // namespace cordon
