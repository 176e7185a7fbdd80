#pragma once
// How an event of the timeline looks: its kind's icon and name, its outcome (allowed, denied,
// asked) and the colour for it, and a one-line summary rendered inert. Shared by the timeline,
// the approval pop-up's "last events" and the tray.

#include <QColor>
#include <QCoreApplication>
#include <QIcon>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace cordon::gui {

enum class EventOutcome {
    Neutral, // launch, exec, exit: things that happened
    Allowed,
    Denied,
    Asked,
};

class EventPresentation final {
    Q_DECLARE_TR_FUNCTIONS(cordon::gui::EventPresentation)
public:
    // The wire names of docs/protocol.md, in display order.
    static QStringList kinds();
    static QString kindLabel(const QString& kind);
    // ":/cordon/icons/kind-NAME.svg" (secret_* share one icon, limit_* another).
    static QString kindIconPath(const QString& kind);
    static QIcon kindIcon(const QString& kind);
    static EventOutcome outcome(const QJsonObject& event);
    static QString outcomeName(EventOutcome outcome);
    // A colour readable on the view's base colour; invalid for Neutral (the palette's text colour).
    static QColor outcomeColor(EventOutcome outcome);
    static QString summary(const QJsonObject& event, qsizetype maxLength = 300);
    static QString timeText(qint64 ms);
};

} // namespace cordon::gui
