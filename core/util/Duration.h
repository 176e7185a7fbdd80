#pragma once
// Wall-clock durations as people write them in profiles and on the command line: "30s", "10m",
// "2h", "1d". One number and one unit, so "90" (seconds? minutes?) is never guessed.

#include <QString>
#include <QtGlobal>

namespace cordon {

class Duration final {
public:
    // Parses text into seconds. On failure returns false and sets *expected to what a valid value
    // looks like (the caller adds the file and location).
    [[nodiscard]] static bool parse(const QString& text, qint64* seconds, QString* expected);
    // The shortest exact form: 7200 -> "2h", 90 -> "90s".
    static QString format(qint64 seconds);
};

} // namespace cordon
