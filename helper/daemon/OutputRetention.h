#pragma once
// How long the output logs of ended sessions stay (STATE/output/SESSION.log, docs/helper.md,
// "Output log"). Each log is capped (OutputLog), but a log per session adds up over months: the
// journal's retention (JournalRetention) bounds the history, this bounds the logs the same way.
// A log goes when it is older than maxAgeMs, when the journal no longer knows its run (that run's
// history was pruned), and, oldest first, while all logs together exceed maxBytes. The log of a
// session still running is never touched. Only regular files named like a session's log are
// considered (lstat: a link or a directory planted there is left alone, never followed).

#include <QSet>
#include <QString>
#include <QtGlobal>

namespace cordon::helperd {

class OutputRetention final {
public:
    qint64 maxAgeMs = qint64(30) * 24 * 3600 * 1000;
    qint64 maxBytes = qint64(1) << 30;

    struct Report {
        int removed = 0;
        qint64 bytesRemoved = 0;
        qint64 bytesKept = 0;
    };

    // dir: STATE/output. known: the run ids the journal still has. live: sessions not ended.
    Report apply(const QString& dir, const QSet<QString>& known, const QSet<QString>& live, qint64 nowMs) const;
};

} // namespace cordon::helperd
