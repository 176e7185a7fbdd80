#include "SessionModel.h"

#include "Clock.h"
#include "HelperConnection.h"
#include "InertText.h"

#include <QDateTime>
#include <QJsonArray>
#include <QLocale>
#include <QPointer>

#include <algorithm>

namespace cordon::gui {

namespace {
QString str(const QJsonObject& o, const char* key)
{
    return o.value(QLatin1String(key)).toString();
}
} // namespace

SessionModel::SessionModel(HelperConnection* connection, const Clock* clock, QObject* parent)
    : QAbstractTableModel(parent), m_connection(connection), m_clock(clock)
{
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &SessionModel::tick);
    connect(m_connection, &HelperConnection::ready, this, &SessionModel::refresh);
    connect(m_connection, &HelperConnection::sessionChanged, this, &SessionModel::upsert);
    if (m_connection->isReady())
        refresh();
}

void SessionModel::refresh()
{
    const QPointer<SessionModel> self(this);
    m_connection->send(QJsonObject{{QStringLiteral("type"), QStringLiteral("list")}, {QStringLiteral("all"), true}},
        [this, self](const QJsonObject& reply) {
            if (!self || HelperConnection::isError(reply))
                return;
            beginResetModel();
            m_sessions.clear();
            for (const QJsonValue& value : reply.value(QLatin1String("sessions")).toArray())
                m_sessions.append(value.toObject());
            endResetModel();
            noteActiveCount();
            loadRecentRuns();
        });
}

void SessionModel::loadRecentRuns()
{
    // A helper keeps the sessions it ran since it started; the journal keeps every run. Recent
    // runs it no longer holds (it restarted, or exited when idle) are listed as ended, above the
    // live ones. Inserted, not reset: a session pushed meanwhile stays.
    const QPointer<SessionModel> self(this);
    m_connection->send(
        QJsonObject{{QStringLiteral("type"), QStringLiteral("runs")}, {QStringLiteral("limit"), kRecentRuns}},
        [this, self](const QJsonObject& reply) {
            if (!self || HelperConnection::isError(reply))
                return;
            QList<QJsonObject> older;
            for (const QJsonValue& value : reply.value(QLatin1String("runs")).toArray()) {
                QJsonObject run = value.toObject();
                // A run without an end is live: the helper's own push lists it.
                if (str(run, "id").isEmpty() || !run.contains(QLatin1String("ended")) || rowOf(str(run, "id")) >= 0)
                    continue;
                run.insert(QStringLiteral("state"), QStringLiteral("ended"));
                older.append(run);
            }
            if (older.isEmpty())
                return;
            // The reply is newest first; the list reads oldest first, as sessions are appended.
            std::reverse(older.begin(), older.end());
            beginInsertRows({}, 0, static_cast<int>(older.size()) - 1);
            m_sessions = older + m_sessions;
            endInsertRows();
        });
}

void SessionModel::upsert(const QJsonObject& session)
{
    const int row = rowOf(str(session, "id"));
    if (row >= 0) {
        m_sessions[row] = session;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    } else {
        const int at = static_cast<int>(m_sessions.size());
        beginInsertRows({}, at, at);
        m_sessions.append(session);
        endInsertRows();
    }
    noteActiveCount();
}

void SessionModel::noteActiveCount()
{
    const int active = activeCount();
    if (active > 0 && !m_tick.isActive())
        m_tick.start();
    else if (active == 0)
        m_tick.stop();
    if (active != m_lastActive) {
        m_lastActive = active;
        Q_EMIT activeCountChanged(active);
    }
}

void SessionModel::tick()
{
    if (!m_sessions.isEmpty())
        Q_EMIT dataChanged(
            index(0, ElapsedColumn), index(static_cast<int>(m_sessions.size()) - 1, ElapsedColumn), {Qt::DisplayRole});
}

int SessionModel::activeCount() const
{
    return static_cast<int>(activeSessionIds().size());
}

QStringList SessionModel::activeSessionIds() const
{
    QStringList ids;
    for (const QJsonObject& s : m_sessions)
        if (str(s, "state") != QLatin1String("ended"))
            ids.append(str(s, "id"));
    return ids;
}

int SessionModel::rowOf(const QString& sessionId) const
{
    for (int i = 0; i < m_sessions.size(); ++i)
        if (str(m_sessions.at(i), "id") == sessionId)
            return i;
    return -1;
}

QJsonObject SessionModel::session(int row) const
{
    return m_sessions.value(row);
}

int SessionModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_sessions.size());
}

int SessionModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString SessionModel::stateLabel(const QString& state)
{
    if (state == QLatin1String("starting"))
        return tr("Starting");
    if (state == QLatin1String("running"))
        return tr("Running");
    if (state == QLatin1String("stopping"))
        return tr("Stopping");
    if (state == QLatin1String("ended"))
        return tr("Ended");
    return InertText::render(state, 20);
}

QString SessionModel::elapsedText(qint64 ms)
{
    const qint64 seconds = qMax<qint64>(0, ms / 1000);
    const qint64 h = seconds / 3600, m = (seconds / 60) % 60, s = seconds % 60;
    if (h > 0)
        return tr("%1 h %2 min").arg(h).arg(m);
    if (m > 0)
        return tr("%1 min %2 s").arg(m).arg(s);
    return tr("%1 s").arg(s);
}

QVariant SessionModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject& s = m_sessions.at(index.row());
    const QString state = str(s, "state");
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case ProfileColumn: return InertText::render(str(s, "profile"), 80);
        case WorkspaceColumn: return InertText::render(str(s, "workspace"), 200);
        case StartedColumn:
            return QDateTime::fromMSecsSinceEpoch(s.value(QLatin1String("started")).toInteger())
                .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        case ElapsedColumn: {
            const qint64 started = s.value(QLatin1String("started")).toInteger();
            const qint64 end = state == QLatin1String("ended") && s.contains(QLatin1String("ended"))
                                   ? s.value(QLatin1String("ended")).toInteger()
                                   : m_clock->nowMs();
            return elapsedText(end - started);
        }
        case StateColumn:
            if (state == QLatin1String("ended") && s.contains(QLatin1String("exit_status")))
                return tr("Ended (%1)").arg(s.value(QLatin1String("exit_status")).toInteger());
            return stateLabel(state);
        case MemoryColumn:
            // A gone cgroup has no memory to speak of: blank rather than a misleading "0 bytes".
            if (!s.contains(QLatin1String("memory")) || state == QLatin1String("ended"))
                return QString();
            return QLocale().formattedDataSize(s.value(QLatin1String("memory")).toInteger());
        case PendingColumn: return s.value(QLatin1String("pending")).toInteger();
        default: return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == WorkspaceColumn)
            return InertText::render(str(s, "workspace"));
        return {};
    case RawRole: return s;
    case IdRole: return str(s, "id");
    case StateRole: return state;
    default: return {};
    }
}

QVariant SessionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ProfileColumn: return tr("Profile");
    case WorkspaceColumn: return tr("Workspace");
    case StartedColumn: return tr("Started");
    case ElapsedColumn: return tr("Elapsed");
    case StateColumn: return tr("State");
    case MemoryColumn: return tr("Memory");
    case PendingColumn: return tr("Requests");
    default: return {};
    }
}

} // namespace cordon::gui
