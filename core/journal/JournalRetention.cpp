#include "JournalRetention.h"

#include "Journal.h"

namespace cordon {

bool JournalRetention::apply(Journal& journal, qint64 nowMs, Report* report, QString* error) const
{
    *report = Report();
    if (!journal.usedBytes(&report->usedBytesBefore, error))
        return false;
    if (maxAgeMs) {
        qint64 events = 0;
        qint64 runs = 0;
        if (!journal.deleteEventsBefore(nowMs - *maxAgeMs, &events, &runs, error))
            return false;
        report->eventsDeleted += events;
        report->runsDeleted += runs;
    }
    if (maxBytes) {
        qint64 used = 0;
        if (!journal.usedBytes(&used, error))
            return false;
        while (used > *maxBytes) {
            bool deleted = false;
            qint64 events = 0;
            qint64 runs = 0;
            if (!journal.deleteOldestHistory(&deleted, &events, &runs, error))
                return false;
            if (!deleted)
                break; // nothing left to delete: the schema and the runs themselves remain
            report->eventsDeleted += events;
            report->runsDeleted += runs;
            if (!journal.usedBytes(&used, error))
                return false;
        }
    }
    if (!journal.compact(error))
        return false;
    return journal.usedBytes(&report->usedBytesAfter, error);
}

} // namespace cordon
