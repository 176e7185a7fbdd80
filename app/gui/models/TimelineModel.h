#pragma once
// The timeline: events from the helper's journal, paged lazily, plus the live pushes.
//
// It never loads the journal whole (issue 4: "smooth with a million events"). Rows are a bounded
// window (maxRows): history comes a page at a time through fetchMore() with the `after` cursor,
// live events are appended in batches (one insert per 50 ms, however fast they come), and when
// the window is full the oldest rows leave from the top.
//
// Two modes:
//  - follow (default): starts `followBacklog` before now and keeps fetching pages until it has
//    caught up with the journal, then shows every live event as it comes;
//  - browse: turning follow off keeps the rows shown and stops the view from jumping; reload() in
//    browse mode starts at the beginning of the journal and fetches a page whenever the view asks
//    for more (it scrolled to the end). Live events are shown once caught up.
// Live events that arrive while pages are still being fetched are kept aside (bounded) and merged
// by id when the last page came, so that none is shown twice or lost.

#include "TimelineQuery.h"

#include <QAbstractTableModel>
#include <QJsonObject>
#include <QList>
#include <QTimer>

#include <deque>

namespace cordon::gui {

class Clock;
class HelperConnection;
enum class EventOutcome;

class TimelineModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        SessionColumn,
        KindColumn,
        SummaryColumn,
        ColumnCount
    };
    enum Role {
        RawRole = Qt::UserRole + 1, // the event as a QJsonObject
        IdRole,
        KindRole,    // wire name
        OutcomeRole, // "allowed", "denied", "asked", "neutral"
        SessionRole,
    };
    static constexpr int kDefaultMaxRows = 20000;
    static constexpr int kDefaultPageSize = 500;
    static constexpr qint64 kDefaultFollowBacklogMs = 15 * 60 * 1000;
    static constexpr int kBatchIntervalMs = 50;
    // Follow mode pages at most this many window-fulls to catch up; a busier backlog than that
    // starts again closer to now (the journal has no newest-first query to jump to the end).
    static constexpr int kFollowCatchUpWindows = 3;

    // `clock` may be null (the system clock); it only decides where follow mode starts.
    explicit TimelineModel(HelperConnection* connection, const Clock* clock = nullptr, QObject* parent = nullptr);
    ~TimelineModel() override;

    void setQuery(const TimelineQuery& query);
    const TimelineQuery& query() const { return m_query; }
    void setFollow(bool follow);
    bool follow() const { return m_follow; }
    void setMaxRows(int rows);
    int maxRows() const { return m_maxRows; }
    void setPageSize(int size);
    void setFollowBacklogMs(qint64 ms) { m_followBacklogMs = ms; }
    // Drops every row and starts again from the mode's beginning.
    void reload();
    bool isLoading() const { return m_fetching; }
    bool caughtUp() const { return !m_more; }
    qint64 trimmedRows() const { return m_trimmed; }
    QJsonObject event(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

Q_SIGNALS:
    void loadingChanged(bool loading);
    // Rows left from the top because the window was full.
    void rowsTrimmed(int count);

private:
    struct Row {
        qint64 id = 0;
        qint64 time = 0;
        QString session, kind, summary;
        EventOutcome outcome;
        QJsonObject raw;
    };
    static Row makeRow(const QJsonObject& event);
    void onEvent(const QJsonObject& event);
    void onReady();
    void flushIncoming();
    void appendEvents(const QList<QJsonObject>& events);
    void trim();
    void setFetching(bool fetching);

    HelperConnection* m_connection;
    const Clock* m_clock;
    TimelineQuery m_query;
    bool m_follow = true;
    int m_maxRows = kDefaultMaxRows;
    int m_pageSize = kDefaultPageSize;
    qint64 m_followBacklogMs = kDefaultFollowBacklogMs;

    std::deque<Row> m_rows;
    qint64 m_cursor = 0; // `after` for the next page
    qint64 m_lastId = 0; // highest id shown or passed
    qint64 m_from = 0;   // `from` of this load (ms), 0 = the beginning
    bool m_more = true;  // the journal may hold more after m_cursor
    bool m_fetching = false;
    int m_followPages = 0; // pages fetched by this follow-mode load
    quint64 m_generation = 0;
    qint64 m_trimmed = 0;
    QList<QJsonObject> m_incoming; // live events waiting for the next batch
    QList<QJsonObject> m_heldBack; // live events that came while pages were still being fetched
    QTimer m_batchTimer;
};

} // namespace cordon::gui
