#include "ManagedPolicy.h"

namespace cordon {

const Profile* ManagedPolicy::findProfile(const QString& name) const
{
    for (const auto& p : profiles)
        if (p.name == name)
            return &p;
    return nullptr;
}

QString ManagedPolicy::lockingFile(const QString& name) const
{
    if (const Profile* p = findProfile(name))
        return p->origin;
    for (const auto& f : policies)
        if (f.lockedProfiles.contains(name))
            return f.path;
    return {};
}

QString ManagedPolicy::forbidBestEffortFile() const
{
    for (const auto& f : policies)
        if (f.forbidBestEffort)
            return f.path;
    return {};
}

std::optional<LimitCeiling> ManagedPolicy::ceiling(LimitKey key) const
{
    std::optional<LimitCeiling> best;
    for (const auto& f : policies) {
        const auto v = f.max.value(key);
        if (v && (!best || *v < best->value))
            best = LimitCeiling{*v, f.path};
    }
    return best;
}

QString ManagedPolicy::forbidAlwaysFile() const
{
    for (const auto& f : policies)
        if (f.forbidAlways)
            return f.path;
    return {};
}

QString ManagedPolicy::forbidPromptsFile() const
{
    for (const auto& f : policies)
        if (f.forbidPrompts)
            return f.path;
    return {};
}

std::optional<LimitCeiling> ManagedPolicy::askTimeoutCeiling() const
{
    std::optional<LimitCeiling> best;
    for (const auto& f : policies)
        if (f.maxAskTimeout && (!best || *f.maxAskTimeout < best->value))
            best = LimitCeiling{*f.maxAskTimeout, f.path};
    return best;
}

QString ManagedPolicy::secretDenyingFile(const QString& secret) const
{
    for (const auto& f : policies)
        if (f.denySecrets.contains(secret))
            return f.path;
    return {};
}

} // namespace cordon
