#pragma once
// The organization's policy: every file of the managed directory (/etc/cordon/managed.d), merged.
// Policy files add hides, environment denials, network denials, limit ceilings, locked profiles, the
// forbidBestEffort switch, and the rules for questions (forbidAlways, forbidPrompts,
// maxAskTimeout, denySecrets); managed profiles shadow user and built-in profiles of the same
// name and are locked. Each value remembers the file it came from, so that a refusal can name it.

#include "HostPattern.h"
#include "Limits.h"
#include "PathRule.h"
#include "Profile.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace cordon {

struct ManagedPolicyFile {
    QString path;
    QString description;
    QList<PathRule> hide;
    QStringList envDeny;
    Limits max;
    QStringList lockedProfiles;
    bool forbidBestEffort = false;
    QList<HostPattern> networkDeny;      // network.deny: beats every allow, saved "always" answers included
    bool forbidAlways = false;           // forbidAlways: no "always" answer is offered, none saved applies
    bool forbidPrompts = false;          // forbidPrompts: unsettled hosts and secret requests denied unasked
    std::optional<qint64> maxAskTimeout; // maxAskTimeout, seconds
    QStringList denySecrets;             // denySecrets: secret names never delivered
};

struct LimitCeiling {
    qint64 value = 0;
    QString file;
};

class ManagedPolicy final {
public:
    QString directory;
    QList<ManagedPolicyFile> policies; // sorted by file name
    QList<Profile> profiles;           // managed profiles; origin = the managed file

    const Profile* findProfile(const QString& name) const;
    // The managed file that locks `name` (a lockedProfiles entry or a managed profile of that
    // name), or an empty string when it is not locked.
    QString lockingFile(const QString& name) const;
    // The first file that sets forbidBestEffort, or empty.
    QString forbidBestEffortFile() const;
    // The lowest ceiling of a limit across all files.
    std::optional<LimitCeiling> ceiling(LimitKey key) const;
    // The first file that sets forbidAlways / forbidPrompts, or empty.
    QString forbidAlwaysFile() const;
    QString forbidPromptsFile() const;
    // The lowest maxAskTimeout across all files.
    std::optional<LimitCeiling> askTimeoutCeiling() const;
    // The first file whose denySecrets names `secret`, or empty.
    QString secretDenyingFile(const QString& secret) const;
    bool isEmpty() const { return policies.isEmpty() && profiles.isEmpty(); }
};

} // namespace cordon
