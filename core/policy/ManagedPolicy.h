#pragma once
// The organization's policy: every file of the managed directory (/etc/cordon/managed.d), merged.
// Policy files add hides, environment denials, limit ceilings, locked profiles and the
// forbidBestEffort switch; managed profiles shadow user and built-in profiles of the same name
// and are locked. Each value remembers the file it came from, so that a refusal can name it.

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
    bool isEmpty() const { return policies.isEmpty() && profiles.isEmpty(); }
};

} // namespace cordon
