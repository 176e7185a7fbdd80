#include "SessionEventTail.h"

#include "HelperConnection.h"

namespace cordon::gui {

SessionEventTail::SessionEventTail(HelperConnection* connection, QObject* parent) : QObject(parent)
{
    if (connection)
        connect(connection, &HelperConnection::eventReceived, this, &SessionEventTail::add);
}

void SessionEventTail::add(const QJsonObject& event)
{
    const QString session = event.value(QLatin1String("session")).toString();
    QList<QJsonObject>& list = m_events[session];
    list.append(event);
    while (list.size() > kEventsPerSession)
        list.removeFirst();
    m_order.removeOne(session);
    m_order.append(session);
    while (m_order.size() > kMaxSessions)
        m_events.remove(m_order.takeFirst());
    Q_EMIT changed(session);
}

} // namespace cordon::gui
