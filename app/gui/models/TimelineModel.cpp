#include "TimelineModel.h"

#include "Clock.h"
#include "EventPresentation.h"
#include "HelperConnection.h"
#include "InertText.h"

#include <QDateTime>
#include <QJsonArray>
#include <QPointer>

#include <algorithm>

namespace cordon::gui {

TimelineModel::TimelineModel(HelperConnection* connection, const Clock* clock, QObject* parent)
    : QAbstractTableModel(parent), m_connection(connection), m_clock(clock)
{
    m_batchTimer.setSingleShot(true);
    m_batchTimer.setInterval(kBatchIntervalMs);
    connect(&m_batchTimer, &QTimer::timeout, this, &TimelineModel::flushIncoming);
    connect(m_connection, &HelperConnection::eventReceived, this, &TimelineModel::onEvent);
    connect(m_connection, &HelperConnection::ready, this, &TimelineModel::onReady);
    reload();
}

TimelineModel::~TimelineModel() = default;

void TimelineModel::setQuery(const TimelineQuery& query)
{
    if (query == m_query)
        return;
    m_query = query;
    reload();
}

void TimelineModel::setFollow(bool follow)
{
    if (follow == m_follow)
        return;
    m_follow = follow;
    // Turning follow on jumps to now; turning it off keeps what is shown (and keeps appending).
    if (m_follow)
        reload();
}

void TimelineModel::setMaxRows(int rows)
{
    m_maxRows = qMax(rows, 1);
    trim();
}

void TimelineModel::setPageSize(int size)
{
    m_pageSize = qBound(1, size, 1000); // the protocol's bounds for `limit`
}

void TimelineModel::reload()
{
    beginResetModel();
    m_rows.clear();
    m_cursor = 0;
    m_lastId = 0;
    m_more = true;
    m_trimmed = 0;
    m_followPages = 0;
    m_incoming.clear();
    m_heldBack.clear();
    ++m_generation; // replies to the old load are ignored
    const qint64 now = m_clock ? m_clock->nowMs() : QDateTime::currentMSecsSinceEpoch();
    m_from = m_follow ? qMax<qint64>(0, now - m_followBacklogMs) : 0;
    endResetModel();
    setFetching(false);
    if (m_follow)
        fetchMore({});
}

void TimelineModel::onReady()
{
    // After a reconnect the connection re-subscribes with `after`, so a caught-up window is
    // completed by the replayed pushes; a window still paging starts again.
    if (m_rows.empty() || m_more || m_fetching)
        reload();
}

void TimelineModel::setFetching(bool fetching)
{
    if (m_fetching == fetching)
        return;
    m_fetching = fetching;
    Q_EMIT loadingChanged(fetching);
}

bool TimelineModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && m_more && !m_fetching && m_connection->isReady();
}

void TimelineModel::fetchMore(const QModelIndex& parent)
{
    if (!canFetchMore(parent))
        return;
    QJsonObject request{{QStringLiteral("type"), QStringLiteral("history")}, {QStringLiteral("limit"), m_pageSize}};
    if (m_cursor > 0)
        request.insert(QStringLiteral("after"), m_cursor);
    if (m_from > 0)
        request.insert(QStringLiteral("from"), m_from);
    m_query.addTo(&request);
    setFetching(true);
    const quint64 generation = m_generation;
    const QPointer<TimelineModel> self(this);
    m_connection->send(request, [this, self, generation](const QJsonObject& reply) {
        if (!self || generation != m_generation)
            return;
        setFetching(false);
        if (HelperConnection::isError(reply))
            return; // m_more stays: the next fetchMore (or reload on reconnect) tries again
        const QJsonArray events = reply.value(QLatin1String("events")).toArray();
        QList<QJsonObject> page;
        page.reserve(events.size());
        for (const QJsonValue& value : events) {
            const QJsonObject event = value.toObject();
            m_cursor = qMax(m_cursor, event.value(QLatin1String("id")).toInteger());
            page.append(event);
        }
        m_more = reply.value(QLatin1String("more")).toBool() && !events.isEmpty();
        appendEvents(page);
        if (!m_more) {
            appendEvents(std::exchange(m_heldBack, {}));
        } else if (m_follow) {
            QTimer::singleShot(0, this, [this, generation] {
                if (generation != m_generation)
                    return;
                if (++m_followPages > kFollowCatchUpWindows * qMax(1, m_maxRows / m_pageSize)) {
                    // Too busy a backlog to page through: start again a quarter as far back.
                    const qint64 now = m_clock ? m_clock->nowMs() : QDateTime::currentMSecsSinceEpoch();
                    const qint64 backlog = m_followBacklogMs;
                    m_followBacklogMs = qMax<qint64>(1000, (now - m_from) / 4);
                    reload();
                    m_followBacklogMs = backlog;
                    return;
                }
                fetchMore({});
            });
        }
    });
}

void TimelineModel::onEvent(const QJsonObject& event)
{
    if (!m_query.matches(event))
        return;
    m_incoming.append(event);
    if (!m_batchTimer.isActive())
        m_batchTimer.start();
}

void TimelineModel::flushIncoming()
{
    QList<QJsonObject> batch = std::exchange(m_incoming, {});
    if (m_more) {
        // Still paging: these will be merged when the last page came (or come in a page).
        m_heldBack.append(batch);
        if (m_heldBack.size() > m_maxRows)
            m_heldBack.erase(m_heldBack.begin(), m_heldBack.begin() + (m_heldBack.size() - m_maxRows));
        return;
    }
    appendEvents(batch);
}

void TimelineModel::appendEvents(const QList<QJsonObject>& events)
{
    std::vector<Row> rows;
    rows.reserve(static_cast<size_t>(events.size()));
    for (const QJsonObject& event : events) {
        const qint64 id = event.value(QLatin1String("id")).toInteger();
        if (id <= m_lastId)
            continue; // already shown (a replay after reconnect, or a page that overlapped pushes)
        m_lastId = id;
        rows.push_back(makeRow(event));
    }
    if (rows.empty())
        return;
    // Ids are the journal's arrival order, and exec events arrive batched (up to 20 ms late), so
    // a program's "asked" could precede its own start. Within what arrives together, time order.
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.time < b.time; });
    const int first = static_cast<int>(m_rows.size());
    beginInsertRows({}, first, first + static_cast<int>(rows.size()) - 1);
    for (Row& row : rows)
        m_rows.push_back(std::move(row));
    endInsertRows();
    trim();
}

void TimelineModel::trim()
{
    const int excess = static_cast<int>(m_rows.size()) - m_maxRows;
    if (excess <= 0)
        return;
    beginRemoveRows({}, 0, excess - 1);
    m_rows.erase(m_rows.begin(), m_rows.begin() + excess);
    endRemoveRows();
    m_trimmed += excess;
    Q_EMIT rowsTrimmed(excess);
}

TimelineModel::Row TimelineModel::makeRow(const QJsonObject& event)
{
    Row row;
    row.id = event.value(QLatin1String("id")).toInteger();
    row.time = event.value(QLatin1String("time")).toInteger();
    row.session = InertText::render(event.value(QLatin1String("session")).toString(), 64);
    row.kind = event.value(QLatin1String("kind")).toString();
    row.summary = EventPresentation::summary(event);
    row.outcome = EventPresentation::outcome(event);
    row.raw = event;
    return row;
}

QJsonObject TimelineModel::event(int row) const
{
    if (row < 0 || row >= static_cast<int>(m_rows.size()))
        return {};
    return m_rows[static_cast<size_t>(row)].raw;
}

int TimelineModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int TimelineModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TimelineModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows[static_cast<size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        // Formatted when shown, not per arriving event: local time costs glibc a stat() of
        // /etc/localtime each call (tzset with TZ unset), a quarter of the GUI thread at 20,000
        // events/s when done in makeRow (docs/benchmarks.md, "Desktop app").
        case TimeColumn: return EventPresentation::timeText(row.time);
        case SessionColumn: return row.session;
        case KindColumn: return EventPresentation::kindLabel(row.kind);
        case SummaryColumn: return row.summary;
        default: return {};
        }
    case Qt::DecorationRole:
        if (index.column() == KindColumn)
            return EventPresentation::kindIcon(row.kind);
        return {};
    case Qt::ForegroundRole: {
        const QColor color = EventPresentation::outcomeColor(row.outcome);
        return color.isValid() ? QVariant(color) : QVariant();
    }
    case Qt::ToolTipRole:
        if (index.column() == SummaryColumn)
            return row.summary;
        return {};
    case RawRole: return row.raw;
    case IdRole: return row.id;
    case KindRole: return row.kind;
    case OutcomeRole: return EventPresentation::outcomeName(row.outcome);
    case SessionRole: return row.raw.value(QLatin1String("session")).toString();
    default: return {};
    }
}

QVariant TimelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn: return tr("Time");
    case SessionColumn: return tr("Session");
    case KindColumn: return tr("Kind");
    case SummaryColumn: return tr("Summary");
    default: return {};
    }
}

} // namespace cordon::gui
