#include "TimelineQuery.h"

#include <QJsonArray>

namespace cordon::gui {

void TimelineQuery::addTo(QJsonObject* request) const
{
    if (!session.isEmpty())
        request->insert(QStringLiteral("session"), session);
    if (!kinds.isEmpty())
        request->insert(QStringLiteral("kinds"), QJsonArray::fromStringList(kinds));
    if (!text.isEmpty())
        request->insert(QStringLiteral("text"), text);
}

bool TimelineQuery::matches(const QJsonObject& event) const
{
    if (!session.isEmpty() && event.value(QLatin1String("session")).toString() != session)
        return false;
    if (!kinds.isEmpty() && !kinds.contains(event.value(QLatin1String("kind")).toString()))
        return false;
    if (!text.isEmpty() && !event.value(QLatin1String("subject")).toString().contains(text, Qt::CaseInsensitive))
        return false;
    return true;
}

} // namespace cordon::gui
