#include "JournalQuery.h"

#include <QJsonDocument>

namespace cordon {

bool JournalQuery::validate(QString* error) const
{
    if (limit < 1 || limit > maxLimit) {
        if (error)
            *error = QStringLiteral("journal query limit %1 is outside 1..%2").arg(limit).arg(maxLimit);
        return false;
    }
    if (afterId < 0) {
        if (error)
            *error = QStringLiteral("journal query cursor %1 is negative").arg(afterId);
        return false;
    }
    if (fromMs && untilMs && *untilMs < *fromMs) {
        if (error)
            *error =
                QStringLiteral("journal query time range ends (%1) before it starts (%2)").arg(*untilMs).arg(*fromMs);
        return false;
    }
    return true;
}

qint64 JournalQuery::kindMask() const
{
    qint64 mask = 0;
    for (EventKind kind : kinds)
        mask |= qint64(1) << static_cast<int>(kind);
    return mask;
}

bool JournalQuery::matches(const Event& event) const
{
    if (event.id <= afterId)
        return false;
    if (!runId.isEmpty() && event.runId != runId)
        return false;
    if (!kinds.isEmpty() && !kinds.contains(event.kind))
        return false;
    if (fromMs && event.timeMs < *fromMs)
        return false;
    if (untilMs && event.timeMs >= *untilMs)
        return false;
    if (!text.isEmpty()) {
        // Same rule as the stored query: a substring of the subject or of the detail's compact JSON.
        const QString detail = QString::fromUtf8(QJsonDocument(event.detail).toJson(QJsonDocument::Compact));
        if (!event.subject.contains(text) && !detail.contains(text))
            return false;
    }
    return true;
}

} // namespace cordon
