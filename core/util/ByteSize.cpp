#include "ByteSize.h"

#include <QCoreApplication>

namespace cordon {

namespace {
constexpr qint64 kMaxBytes = 1LL << 60; // 1 EiB; the caller bounds each limit far lower
}

bool ByteSize::parse(const QString& text, qint64* bytes, QString* expected)
{
    const QString expectation = QCoreApplication::translate("cordon", "expected a size like 512M or 4G");
    if (text.size() < 2 || text.size() > 20) {
        *expected = expectation;
        return false;
    }
    int shift = 0;
    switch (text.back().unicode()) {
    case 'K': shift = 10; break;
    case 'M': shift = 20; break;
    case 'G': shift = 30; break;
    case 'T': shift = 40; break;
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
    if (!ok || n > (kMaxBytes >> shift)) {
        *expected = expectation;
        return false;
    }
    *bytes = n << shift;
    return true;
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
