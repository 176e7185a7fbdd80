#pragma once
// A filter over the journal, paged: events with id > afterId, oldest first, at most `limit` of
// them. A caller walks a million-event history by feeding the last id it got back in as the next
// afterId, so the whole history is never loaded at once. The same filter decides which live
// events a follower (`cordonctl logs --follow`) is shown, through matches().

#include "Event.h"
#include "EventKind.h"

#include <QList>
#include <QString>
#include <QtGlobal>

#include <optional>

namespace cordon {

class JournalQuery final {
public:
    static constexpr int defaultLimit = 1000;
    static constexpr int maxLimit = 100000;

    QString runId;                 // empty = every run
    QList<EventKind> kinds;        // empty = every kind
    QString text;                  // substring of subject or detail, case-sensitive, taken literally
    std::optional<qint64> fromMs;  // time >= fromMs
    std::optional<qint64> untilMs; // time < untilMs
    qint64 afterId = 0;            // the cursor
    int limit = defaultLimit;

    [[nodiscard]] bool validate(QString* error) const;
    // Bit i set = EventKind i wanted; 0 = all kinds.
    qint64 kindMask() const;
    bool matches(const Event& event) const;
};

} // namespace cordon
