#include "HelperConnection.h"

namespace cordon::gui {

bool HelperConnection::isError(const QJsonObject& reply)
{
    return reply.value(QLatin1String("type")).toString() == QLatin1String("error");
}

QJsonObject HelperConnection::disconnectedError()
{
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("error")},
        {QStringLiteral("code"), QStringLiteral("disconnected")},
        {QStringLiteral("message"), tr("Not connected to cordon-helper.")}};
}

} // namespace cordon::gui
