#pragma once
// The kinds of boundary crossing the journal records (DESIGN.md, "Data flows" 4: Timeline).
// The numeric values are stored in the database: never renumber one, only append.

#include <QString>
#include <QtGlobal>

#include <optional>

namespace cordon {

enum class EventKind : int {
    Launch = 0,
    Exec = 1,
    NetAllow = 2,
    NetDeny = 3,
    NetAsk = 4,
    SecretAsk = 5,
    SecretGrant = 6,
    SecretDeny = 7,
    Decision = 8,
    LimitWarning = 9,
    LimitKill = 10,
    Exit = 11,
};

class EventKindNames final {
public:
    static constexpr int count = 12;

    // Stable wire names ("net_deny"), used by the export, the protocol and `cordonctl logs --kind`.
    static QString name(EventKind kind);
    static std::optional<EventKind> fromName(const QString& name);
    static std::optional<EventKind> fromInt(int value);
    // OpenTelemetry severity number (logs data model: 9 = INFO, 13 = WARN) and its text.
    static int severityNumber(EventKind kind);
    static QString severityText(EventKind kind);
};

} // namespace cordon
