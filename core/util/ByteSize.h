#pragma once
// Sizes in binary units as people write them: "512K", "2M", "4G", "1T" (K = 1024 bytes). A unit is
// required: a bare "4096" for a memory limit is more often a mistake than a wish for 4 KiB.

#include <QString>
#include <QtGlobal>

namespace cordon {

class ByteSize final {
public:
    [[nodiscard]] static bool parse(const QString& text, qint64* bytes, QString* expected);
    // The largest exact unit: 4294967296 -> "4G", 1536 -> "1536" + "B" when not a multiple of K.
    static QString format(qint64 bytes);
};

} // namespace cordon
