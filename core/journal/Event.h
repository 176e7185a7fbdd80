#pragma once
// One journaled boundary crossing. Text is stored exactly as given (it may come from the agent:
// host names, argv, secret names) and is never interpreted; rendering it inert is the viewer's job.

#include "EventKind.h"

#include <QJsonObject>
#include <QString>
#include <QtGlobal>

namespace cordon {

struct Event final {
    qint64 id = 0;     // assigned by the journal on flush; monotonic, never reused
    QString runId;     // the run (session) it belongs to; must have been begun in the journal
    qint64 timeMs = 0; // UTC, milliseconds since the epoch; 0 = "now" by the journal's clock
    EventKind kind = EventKind::Launch;
    qint64 pid = 0;     // the process concerned, 0 when none
    QString subject;    // host:port, secret name or executable
    QJsonObject detail; // anything else (argv, decision scope, exit status, ...)

    friend bool operator==(const Event& a, const Event& b) = default;
};

} // namespace cordon
