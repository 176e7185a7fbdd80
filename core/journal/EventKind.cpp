#include "EventKind.h"

#include <array>

namespace cordon {

namespace {

constexpr std::array<const char*, EventKindNames::count> kNames = {
    "launch",
    "exec",
    "net_allow",
    "net_deny",
    "net_ask",
    "secret_ask",
    "secret_grant",
    "secret_deny",
    "decision",
    "limit_warning",
    "limit_kill",
    "exit",
};

} // namespace

QString EventKindNames::name(EventKind kind)
{
    const int i = static_cast<int>(kind);
    if (i < 0 || i >= count)
        return QString();
    return QString::fromLatin1(kNames[static_cast<size_t>(i)]);
}

std::optional<EventKind> EventKindNames::fromName(const QString& name)
{
    for (int i = 0; i < count; ++i) {
        if (name == QLatin1String(kNames[static_cast<size_t>(i)]))
            return static_cast<EventKind>(i);
    }
    return std::nullopt;
}

std::optional<EventKind> EventKindNames::fromInt(int value)
{
    if (value < 0 || value >= count)
        return std::nullopt;
    return static_cast<EventKind>(value);
}

int EventKindNames::severityNumber(EventKind kind)
{
    // A refusal or a kill is what a person reviewing a session looks for first.
    switch (kind) {
    case EventKind::NetDeny:
    case EventKind::SecretDeny:
    case EventKind::LimitWarning:
    case EventKind::LimitKill: return 13;
    default: return 9;
    }
}

QString EventKindNames::severityText(EventKind kind)
{
    return severityNumber(kind) >= 13 ? QStringLiteral("WARN") : QStringLiteral("INFO");
}

} // namespace cordon
