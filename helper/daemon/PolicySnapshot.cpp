#include "PolicySnapshot.h"

#include <QJsonArray>

namespace cordon::helperd {

QJsonObject PolicySnapshot::json(const LaunchPlan& plan, uid_t uid, const QString& userName, const QString& helperMode)
{
    // Only compiled plans are launched, so the snapshot is the same object `profile show --json`
    // prints for them, plus who launched it.
    QJsonObject o = LaunchPlanner::json(plan);
    o.insert(
        QStringLiteral("launchedBy"), QJsonObject{{QStringLiteral("uid"), static_cast<double>(uid)},
                                          {QStringLiteral("user"), userName}, {QStringLiteral("helper"), helperMode}});
    return o;
}

QJsonObject PolicySnapshot::proxyPolicy(const EffectivePolicy& policy)
{
    QJsonArray allow, deny;
    for (const auto& h : policy.networkAllow)
        allow.append(h.host.text());
    for (const auto& h : policy.networkDeny)
        deny.append(h.host.text());
    return QJsonObject{
        {QStringLiteral("allow"), allow}, {QStringLiteral("deny"), deny}, {QStringLiteral("allow_private"), false}};
}

qint64 PolicySnapshot::uidOf(const QJsonObject& snapshot)
{
    const QJsonValue v = snapshot.value(QLatin1String("launchedBy")).toObject().value(QLatin1String("uid"));
    return v.isDouble() ? static_cast<qint64>(v.toDouble()) : -1;
}

} // namespace cordon::helperd
