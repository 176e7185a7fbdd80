#pragma once
// Writes journal events as JSON Lines, one event per line, in a shape OpenTelemetry log
// collectors take (the OTLP/JSON LogRecord fields, https://opentelemetry.io/docs/specs/otlp/):
//
// {"time_unix_nano":"1700000000123000000","severity_number":9,"severity_text":"INFO",
//  "body":"net_allow api.example.com:443","attributes":{"cordon.event.id":7,"cordon.run.id":"r1",
//  "cordon.event.kind":"net_allow","process.pid":42,"cordon.subject":"api.example.com:443",
//  "cordon.detail":{...}}}
//
// Keys always come in this order. time_unix_nano is a decimal string, as OTLP/JSON writes 64-bit
// integers (a JSON double cannot hold nanoseconds since 1970 exactly). Export streams page by page
// through the after-id cursor: the history is never loaded whole.

#include "Event.h"
#include "JournalQuery.h"

#include <QByteArray>
#include <QString>
#include <QtGlobal>

class QIODevice;

namespace cordon {

class Journal;

class JsonLinesExporter final {
public:
    static constexpr int pageSize = 1000;

    // One line, with its trailing '\n'.
    static QByteArray line(const Event& event);
    // Every event matching filter (its limit is the page size, its afterId where to start).
    [[nodiscard]] static bool write(
        Journal& journal, const JournalQuery& filter, QIODevice* out, qint64* written, QString* error);
};

} // namespace cordon
