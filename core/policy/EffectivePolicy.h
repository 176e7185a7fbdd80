#pragma once
// The policy one launch runs under, after every layer has been applied. Every value records its
// source and origin (Sourced/Provenance), so `cordonctl profile show --effective` can say why a
// value is what it is, and a refusal can name the file that caused it.

#include "HostPattern.h"
#include "LimitCeilingSet.h"
#include "Limits.h"
#include "PathRule.h"
#include "Profile.h"
#include "ProfileSecret.h"
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

// A secret the profile declares, as this launch may use it.
struct EffectiveSecret {
    ProfileSecret secret;
    Provenance from;           // the profile that declares it
    Sourced<bool> allowAlways; // may "always" be offered for it (false: the secret's own default, a
                               // managed forbidAlways, a locked profile, or deniedBy)
    // Non-empty: never delivered and never asked for, with the reason ("denied by managed policy
    // (FILE)"). The declaration stays listed so that `profile show` can say why.
    QString deniedBy;
    // Set when an "always" answer saved in the grants file applies: deliver without asking.
    std::optional<Provenance> alwaysGranted;

    bool isDenied() const { return !deniedBy.isEmpty(); }
};

// The grants file (AlwaysGrantStore) that was consulted, and what became of it.
struct EffectiveGrants {
    QString file;          // DIR/PROFILE.json; empty when the resolver was given no grants directory
    bool present = false;  // the file exists and was read
    QString ignoredReason; // non-empty: its answers do not apply (forbidAlways, locked, allowAlways false)
    QString problem;       // non-empty: it could not be read (corrupt, unsafe mode): not used, never overwritten
    QStringList ignoredNetworkAllow; // patterns not applied because of ignoredReason
    QStringList ignoredSecrets;      // secret answers not applied (ignored, undeclared or denied)
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
    // Questions. How long one waits for an answer, what happens with no client connected, whether
    // "always" may be offered (and saved answers apply), and whether anything is asked at all.
    Sourced<qint64> askTimeout;                    // seconds
    std::optional<LimitCeiling> askTimeoutCeiling; // the managed maxAskTimeout that applied
    Sourced<UnattendedMode> unattended;
    Sourced<bool> allowAlways; // network "always": false when managed forbids it, the profile is locked or says false
    Sourced<bool> promptsAllowed; // false: unsettled hosts and secret requests are denied unasked
    QList<EffectiveSecret> secrets;
    EffectiveGrants grants;
    Sourced<quint32> bestEffort;
    Sourced<bool> locked;
    bool cordonTools = false;
    QStringList managedFiles;

    const std::optional<Sourced<qint64>>& limit(LimitKey key) const { return limits[static_cast<int>(key)]; }
    std::optional<Sourced<qint64>>& limit(LimitKey key) { return limits[static_cast<int>(key)]; }

    QJsonObject toJson() const;
};

} // namespace cordon
