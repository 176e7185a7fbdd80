#pragma once
// Exports the timeline as JSON Lines (one event object per line, as the helper journaled it):
// every event matching a query, paged from the helper's history with the `after` cursor, so that
// a million-event export never holds more than one page. The file is written through QSaveFile:
// a cancelled or failed export leaves no half file behind.

#include "TimelineQuery.h"

#include <QObject>
#include <QSaveFile>

#include <memory>

namespace cordon::gui {

class HelperConnection;

class TimelineExporter final : public QObject {
    Q_OBJECT
public:
    static constexpr int kPageSize = 1000; // the protocol's largest `limit`

    explicit TimelineExporter(HelperConnection* connection, QObject* parent = nullptr);
    ~TimelineExporter() override;

    [[nodiscard]] bool start(const TimelineQuery& query, const QString& path, QString* error);
    void cancel();
    bool isRunning() const { return m_file != nullptr; }
    qint64 written() const { return m_written; }

Q_SIGNALS:
    void progress(qint64 written);
    void finished(bool ok, const QString& message);

private:
    void fetchPage();
    void finish(bool ok, const QString& message);

    HelperConnection* m_connection;
    TimelineQuery m_query;
    std::unique_ptr<QSaveFile> m_file;
    qint64 m_after = 0;
    qint64 m_written = 0;
    quint64 m_generation = 0;
};

} // namespace cordon::gui
