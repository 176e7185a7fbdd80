#pragma once
// Running and recent sessions: the `list` reply (with ended sessions still in the helper's memory)
// kept current by `session` pushes. Elapsed time ticks once a second while a session runs.

#include <QAbstractTableModel>
#include <QJsonObject>
#include <QList>
#include <QTimer>

namespace cordon::gui {

class Clock;
class HelperConnection;

class SessionModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        ProfileColumn,
        WorkspaceColumn,
        StartedColumn,
        ElapsedColumn,
        StateColumn,
        MemoryColumn,
        PendingColumn,
        ColumnCount
    };
    enum Role {
        RawRole = Qt::UserRole + 1, // the Session object
        IdRole,
        StateRole, // wire word: starting, running, stopping, ended
    };

    // Ended runs from the journal listed beside the helper's own sessions.
    static constexpr int kRecentRuns = 50;

    SessionModel(HelperConnection* connection, const Clock* clock, QObject* parent = nullptr);

    void refresh();
    // Sessions not ended.
    int activeCount() const;
    QStringList activeSessionIds() const;
    int rowOf(const QString& sessionId) const;
    QJsonObject session(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString stateLabel(const QString& state);
    static QString elapsedText(qint64 ms);

Q_SIGNALS:
    void activeCountChanged(int count);

public Q_SLOTS:
    void upsert(const QJsonObject& session);

private:
    void tick();
    void noteActiveCount();
    void loadRecentRuns();

    HelperConnection* m_connection;
    const Clock* m_clock;
    QList<QJsonObject> m_sessions;
    QTimer m_tick;
    int m_lastActive = 0;
};

} // namespace cordon::gui
