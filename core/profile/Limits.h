#pragma once
// Resource limits of a profile, a command line or a managed ceiling. Each limit is optional
// (absent = no limit from this layer). Stored in one array indexed by LimitKey so that parsing,
// capping by ceilings and printing are written once for all of them.

#include <QJsonValue>
#include <QString>
#include <QtGlobal>

#include <array>
#include <optional>

namespace cordon {

enum class LimitKey : int {
    Timeout,   // seconds of wall clock
    Memory,    // bytes
    Pids,      // number of tasks
    Cpu,       // milli-CPUs (JSON: a number of CPUs, e.g. 0.5)
    OpenFiles, // RLIMIT_NOFILE
    FileSize,  // RLIMIT_FSIZE, bytes
    TmpSize,   // size of the /tmp and home tmpfs, bytes
};
inline constexpr int kLimitKeyCount = 7;

class Limits final {
public:
    std::optional<qint64> value(LimitKey key) const { return m_values[index(key)]; }
    void setValue(LimitKey key, std::optional<qint64> v) { m_values[index(key)] = v; }
    bool isEmpty() const;

    static LimitKey keyAt(int i) { return static_cast<LimitKey>(i); }
    // The JSON key ("openFiles") and the command-line option ("--open-files").
    static QString jsonKey(LimitKey key);
    static QString optionName(LimitKey key);
    static std::optional<LimitKey> fromJsonKey(const QString& key);

    // Parses a JSON value of this limit ("4G", 1024, 0.5, "2h") and checks its bounds. On failure
    // returns false with *expected saying what a valid value looks like.
    [[nodiscard]] static bool parseJson(LimitKey key, const QJsonValue& v, qint64* out, QString* expected);
    // The same from command-line text ("4G", "1024", "0.5", "2h").
    [[nodiscard]] static bool parseText(LimitKey key, const QString& text, qint64* out, QString* expected);
    // Back to the form a person writes ("4G", "0.5", "2h").
    static QString format(LimitKey key, qint64 v);
    static QJsonValue toJson(LimitKey key, qint64 v);

private:
    static int index(LimitKey key) { return static_cast<int>(key); }
    [[nodiscard]] static bool checkBounds(LimitKey key, qint64 v, QString* expected);

    std::array<std::optional<qint64>, kLimitKeyCount> m_values{};
};

} // namespace cordon
