#include "JsonLinesExporter.h"

#include "Journal.h"

#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>

namespace cordon {

namespace {

// A JSON string literal, escaped by Qt's serializer (quotes, backslashes, control characters,
// U+0000 as \u0000): text from the agent cannot break out of its value or its line.
QByteArray jsonString(const QString& text)
{
    const QByteArray array = QJsonDocument(QJsonArray{QJsonValue(text)}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

} // namespace

QByteArray JsonLinesExporter::line(const Event& event)
{
    const QString kind = EventKindNames::name(event.kind);
    QString body = kind;
    if (!event.subject.isEmpty())
        body += QLatin1Char(' ') + event.subject;
    QByteArray out;
    out.reserve(256);
    out += "{\"time_unix_nano\":\"";
    out += QByteArray::number(event.timeMs) + "000000";
    out += "\",\"severity_number\":";
    out += QByteArray::number(EventKindNames::severityNumber(event.kind));
    out += ",\"severity_text\":";
    out += jsonString(EventKindNames::severityText(event.kind));
    out += ",\"body\":";
    out += jsonString(body);
    out += ",\"attributes\":{\"cordon.event.id\":";
    out += QByteArray::number(event.id);
    out += ",\"cordon.run.id\":";
    out += jsonString(event.runId);
    out += ",\"cordon.event.kind\":";
    out += jsonString(kind);
    out += ",\"process.pid\":";
    out += QByteArray::number(event.pid);
    out += ",\"cordon.subject\":";
    out += jsonString(event.subject);
    out += ",\"cordon.detail\":";
    // QJsonObject keeps its keys sorted: the detail's key order is stable too.
    out += QJsonDocument(event.detail).toJson(QJsonDocument::Compact);
    out += "}}\n";
    return out;
}

bool JsonLinesExporter::write(
    Journal& journal, const JournalQuery& filter, QIODevice* out, qint64* written, QString* error)
{
    *written = 0;
    JournalQuery page = filter;
    page.limit = pageSize;
    QList<Event> events;
    for (;;) {
        if (!journal.query(page, &events, error))
            return false;
        for (const Event& event : std::as_const(events)) {
            const QByteArray bytes = line(event);
            if (out->write(bytes) != bytes.size()) {
                if (error)
                    *error = QStringLiteral("export of journal %1: cannot write: %2")
                                 .arg(journal.path(), out->errorString());
                return false;
            }
            ++*written;
        }
        if (events.size() < page.limit)
            return true;
        page.afterId = events.last().id;
    }
}

} // namespace cordon
