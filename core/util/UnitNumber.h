#pragma once
// "<digits><unit>" parsing shared by sizes (512M) and durations (10m): one suffix letter, plain
// decimal digits before it (no sign, no spaces, no fractions), and a ceiling checked before the
// multiplication so that nothing overflows.

#include <QStringView>

#include <initializer_list>

namespace cordon {

struct UnitFactor {
    char16_t suffix;
    qint64 factor;
};

// False when `text` is longer than `maxLength`, has no known suffix or a non-digit before it, or
// its value exceeds `max`.
[[nodiscard]] bool parseUnitNumber(
    QStringView text, qsizetype maxLength, std::initializer_list<UnitFactor> units, qint64 max, qint64* value);

} // namespace cordon
