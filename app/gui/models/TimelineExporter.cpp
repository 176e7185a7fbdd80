#include "TimelineExporter.h"

#include "HelperConnection.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>

namespace cordon::gui {

TimelineExporter::TimelineExporter(HelperConnection* connection, QObject* parent)
    : QObject(parent), m_connection(connection)
{ }

TimelineExporter::~TimelineExporter()
{
    if (m_file)
        m_file->cancelWriting();
}

bool TimelineExporter::start(const TimelineQuery& query, const QString& path, QString* error)
{
    if (m_file) {
        *error = tr("An export is already running.");
        return false;
    }
    auto file = std::make_unique<QSaveFile>(path);
    if (!file->open(QIODevice::WriteOnly)) {
        *error = file->errorString();
        return false;
    }
    m_file = std::move(file);
    m_query = query;
    m_after = 0;
    m_written = 0;
    ++m_generation;
    fetchPage();
    return true;
}

void TimelineExporter::cancel()
{
    if (m_file)
        finish(false, tr("Export cancelled."));
}

void TimelineExporter::fetchPage()
{
    QJsonObject request{{QStringLiteral("type"), QStringLiteral("history")}, {QStringLiteral("limit"), kPageSize}};
    if (m_after > 0)
        request.insert(QStringLiteral("after"), m_after);
    m_query.addTo(&request);
    const quint64 generation = m_generation;
    m_connection->send(request, [this, generation, self = QPointer<TimelineExporter>(this)](const QJsonObject& reply) {
        if (!self || generation != m_generation || !m_file)
            return;
        if (HelperConnection::isError(reply)) {
            finish(false, reply.value(QLatin1String("message")).toString());
            return;
        }
        const QJsonArray events = reply.value(QLatin1String("events")).toArray();
        QByteArray chunk;
        for (const QJsonValue& value : events) {
            const QJsonObject event = value.toObject();
            m_after = qMax(m_after, event.value(QLatin1String("id")).toInteger());
            chunk += QJsonDocument(event).toJson(QJsonDocument::Compact);
            chunk += '\n';
        }
        // One page at a time: a write of at most a few hundred kilobytes to a local file.
        if (m_file->write(chunk) != chunk.size()) {
            finish(false, m_file->errorString());
            return;
        }
        m_written += events.size();
        Q_EMIT progress(m_written);
        if (reply.value(QLatin1String("more")).toBool() && !events.isEmpty())
            fetchPage();
        else
            finish(true, tr("%n event(s) exported.", nullptr, static_cast<int>(m_written)));
    });
}

void TimelineExporter::finish(bool ok, const QString& message)
{
    auto file = std::move(m_file);
    ++m_generation;
    bool committed = false;
    if (ok)
        committed = file->commit();
    else
        file->cancelWriting();
    if (ok && !committed)
        Q_EMIT finished(false, file->errorString());
    else
        Q_EMIT finished(ok, message);
}

} // namespace cordon::gui
