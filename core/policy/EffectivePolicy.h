#pragma once
// The policy one launch runs under, after every layer has been applied. Every value records its
// source and origin (Sourced/Provenance), so `cordonctl profile show --effective` can say why a
// value is what it is, and a refusal can name the file that caused it.

#include "HostPattern.h"
#include "LimitCeilingSet.h"
#include "Limits.h"
#include "PathRule.h"
#include "Sourced.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <array>
#include <optional>

namespace cordon {

enum class PathAccess {
    Read,
    Write,
    Hide,
    Protect
};
QString pathAccessName(PathAccess access);

struct EffectivePathRule {
    PathAccess access = PathAccess::Read;
    PathRule rule;
    QString hostPath; // expanded against home and workspace
    Provenance from;
    QString overriddenBy; // non-empty when a hide covers this read/write rule (it is not bound)
};

struct EffectiveEnvPattern {
    QString pattern;
    Provenance from;
};

struct EffectiveEnvSet {
    QString name;
    QString value;
    Provenance from;
};

struct EffectiveHost {
    HostPattern host;
    Provenance from;
};

class EffectivePolicy final {
public:
    Sourced<QString> profileName; // from = where the profile itself came from
    QString displayName;
    QString description;
    Sourced<QStringList> command;
    QString home;      // the user's home (absolute, canonical)
    QString workspace; // as requested (absolute); the compiler canonicalizes and checks it

    QList<EffectivePathRule> paths;
    QList<EffectiveEnvPattern> envPass;
    QList<EffectiveEnvSet> envSet;
    QList<EffectivePathRule> envPath; // access Read; hostPath = the directory put on PATH
    QList<EffectiveEnvPattern> envDeny;
    std::array<std::optional<Sourced<qint64>>, kLimitKeyCount> limits{};
    LimitCeilingSet ceilings;
    QList<EffectiveHost> networkAllow;
    QList<EffectiveHost> networkDeny;
    Sourced<quint32> bestEffort;
    Sourced<bool> locked;
    bool cordonTools = false;
    QStringList managedFiles;

    const std::optional<Sourced<qint64>>& limit(LimitKey key) const { return limits[static_cast<int>(key)]; }
    std::optional<Sourced<qint64>>& limit(LimitKey key) { return limits[static_cast<int>(key)]; }

    QJsonObject toJson() const;
};

} // namespace cordon
