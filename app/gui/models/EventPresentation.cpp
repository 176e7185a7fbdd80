#include "EventPresentation.h"

#include "InertText.h"

#include <QDateTime>
#include <QHash>
#include <QJsonDocument>

namespace cordon::gui {

QStringList EventPresentation::kinds()
{
    return {QStringLiteral("launch"), QStringLiteral("exec"), QStringLiteral("net_allow"), QStringLiteral("net_deny"),
        QStringLiteral("net_ask"), QStringLiteral("secret_ask"), QStringLiteral("secret_grant"),
        QStringLiteral("secret_deny"), QStringLiteral("decision"), QStringLiteral("limit_warning"),
        QStringLiteral("limit_kill"), QStringLiteral("exit")};
}

QString EventPresentation::kindLabel(const QString& kind)
{
    if (kind == QLatin1String("launch"))
        return tr("Launch");
    if (kind == QLatin1String("exec"))
        return tr("Program started");
    if (kind == QLatin1String("net_allow"))
        return tr("Network allowed");
    if (kind == QLatin1String("net_deny"))
        return tr("Network denied");
    if (kind == QLatin1String("net_ask"))
        return tr("Network asked");
    if (kind == QLatin1String("secret_ask"))
        return tr("Secret asked");
    if (kind == QLatin1String("secret_grant"))
        return tr("Secret granted");
    if (kind == QLatin1String("secret_deny"))
        return tr("Secret denied");
    if (kind == QLatin1String("decision"))
        return tr("Decision");
    if (kind == QLatin1String("limit_warning"))
        return tr("Limit warning");
    if (kind == QLatin1String("limit_kill"))
        return tr("Stopped by a limit");
    if (kind == QLatin1String("exit"))
        return tr("Exit");
    return InertText::render(kind, 40);
}

QString EventPresentation::kindIconPath(const QString& kind)
{
    QString name = kind;
    if (kind.startsWith(QLatin1String("secret_")))
        name = QStringLiteral("secret");
    else if (kind.startsWith(QLatin1String("limit_")))
        name = QStringLiteral("limit");
    else if (!kinds().contains(kind))
        name = QStringLiteral("unknown");
    return QStringLiteral(":/cordon/icons/kind-%1.svg").arg(name);
}

QIcon EventPresentation::kindIcon(const QString& kind)
{
    static QHash<QString, QIcon> cache; // GUI thread only
    auto it = cache.find(kind);
    if (it == cache.end())
        it = cache.insert(kind, QIcon(kindIconPath(kind)));
    return *it;
}

EventOutcome EventPresentation::outcome(const QJsonObject& event)
{
    const QString kind = event.value(QLatin1String("kind")).toString();
    if (kind == QLatin1String("net_allow") || kind == QLatin1String("secret_grant"))
        return EventOutcome::Allowed;
    if (kind == QLatin1String("net_deny") || kind == QLatin1String("secret_deny") ||
        kind == QLatin1String("limit_kill"))
        return EventOutcome::Denied;
    if (kind == QLatin1String("net_ask") || kind == QLatin1String("secret_ask") ||
        kind == QLatin1String("limit_warning"))
        return EventOutcome::Asked;
    if (kind == QLatin1String("decision")) {
        const QString decision =
            event.value(QLatin1String("detail")).toObject().value(QLatin1String("decision")).toString();
        return decision == QLatin1String("deny") ? EventOutcome::Denied : EventOutcome::Allowed;
    }
    return EventOutcome::Neutral;
}

QString EventPresentation::outcomeName(EventOutcome outcome)
{
    switch (outcome) {
    case EventOutcome::Allowed: return QStringLiteral("allowed");
    case EventOutcome::Denied: return QStringLiteral("denied");
    case EventOutcome::Asked: return QStringLiteral("asked");
    case EventOutcome::Neutral: break;
    }
    return QStringLiteral("neutral");
}

QColor EventPresentation::outcomeColor(EventOutcome outcome)
{
    switch (outcome) {
    case EventOutcome::Allowed: return QColor(0x1b, 0x7f, 0x3b);
    case EventOutcome::Denied: return QColor(0xc0, 0x1c, 0x28);
    case EventOutcome::Asked: return QColor(0xb3, 0x5c, 0x00);
    case EventOutcome::Neutral: break;
    }
    return {};
}

QString EventPresentation::summary(const QJsonObject& event, qsizetype maxLength)
{
    QString raw = event.value(QLatin1String("subject")).toString();
    const QString reason = event.value(QLatin1String("detail")).toObject().value(QLatin1String("reason")).toString();
    if (!reason.isEmpty())
        raw += QStringLiteral(" — ") + reason;
    return InertText::render(raw, maxLength);
}

QString EventPresentation::timeText(qint64 ms)
{
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(ms);
    if (time.date() == QDate::currentDate())
        return time.toString(QStringLiteral("HH:mm:ss.zzz"));
    return time.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

} // namespace cordon::gui
