#pragma once
// The last few events of each session, from the live pushes: what the approval pop-up shows as
// "what this agent did just before asking". Bounded in sessions and in events per session.

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

namespace cordon::gui {

class HelperConnection;

class SessionEventTail final : public QObject {
    Q_OBJECT
public:
    static constexpr int kEventsPerSession = 5;
    static constexpr int kMaxSessions = 64;

    explicit SessionEventTail(HelperConnection* connection, QObject* parent = nullptr);

    void add(const QJsonObject& event);
    // Oldest first.
    QList<QJsonObject> events(const QString& session) const { return m_events.value(session); }

Q_SIGNALS:
    void changed(const QString& session);

private:
    QHash<QString, QList<QJsonObject>> m_events;
    QStringList m_order; // sessions, least recently updated first
};

} // namespace cordon::gui
