#pragma once
// How much history the journal keeps: events older than maxAgeMs go, then, while the database is
// larger than maxBytes, the oldest finished runs go whole (oldest first), and if only running
// sessions are left, their oldest events. Freed pages are returned to the file system
// (auto_vacuum=INCREMENTAL) and the WAL is truncated, so the file really shrinks.

#include <QString>
#include <QtGlobal>

#include <optional>

namespace cordon {

class Journal;

class JournalRetention final {
public:
    std::optional<qint64> maxAgeMs;
    std::optional<qint64> maxBytes;

    struct Report {
        qint64 eventsDeleted = 0;
        qint64 runsDeleted = 0;
        qint64 usedBytesBefore = 0;
        qint64 usedBytesAfter = 0;
    };

    [[nodiscard]] bool apply(Journal& journal, qint64 nowMs, Report* report, QString* error) const;
};

} // namespace cordon
