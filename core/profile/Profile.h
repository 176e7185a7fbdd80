#pragma once
// A parsed, validated profile: what one agent may see and use. Values are as the profile wrote
// them (normalized); resolution against the workspace, the home directory, the command line and
// the managed policy happens in PolicyResolver.

#include "HostPattern.h"
#include "Limits.h"
#include "PathRule.h"
#include "ProfileSecret.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace cordon {

// What happens to a question (an unsettled host) while no client is connected to answer it.
enum class UnattendedMode {
    Deny, // denied at once
    Wait, // the request waits up to the ask timeout for a client to connect and answer
};
QString unattendedModeName(UnattendedMode mode); // "deny", "wait": the JSON spelling

struct Profile {
    int schemaVersion = 1;
    QString name;
    QString displayName;
    QString description;
    QString icon;
    QStringList command;

    QList<PathRule> read;
    QList<PathRule> write;
    QList<PathRule> hide;
    std::optional<QList<PathRule>> protect; // nullopt: the built-in default list applies

    QStringList envPass;                   // names and globs
    QList<QPair<QString, QString>> envSet; // NAME -> value, in file order
    QList<PathRule> envPath;               // directories put before the default PATH inside

    Limits limits;
    QList<HostPattern> networkAllow;
    QList<HostPattern> networkDeny;
    // How questions about unsettled hosts are asked. nullopt: the built-in default applies
    // (kDefaultAskTimeout, UnattendedMode::Deny, "always" may be offered), so that the effective
    // policy can say which layer set a value.
    std::optional<qint64> askTimeout; // seconds, kMinAskTimeout..kMaxAskTimeout
    std::optional<UnattendedMode> unattended;
    std::optional<bool> allowAlways;
    QList<ProfileSecret> secrets; // unique names, in file order
    quint32 bestEffort = 0;       // spec::Layer bits
    bool cordonTools = false;     // Cordon's own tools (the demo agent) on PATH inside

    QString origin; // file path, "built-in:NAME", or the managed file

    // Files that the host executes or trusts later, read-only inside unless the profile lists its
    // own: git hooks, config and the files that redirect git to others (CVE-2022-24765 class: a
    // planted hook or core.fsmonitor runs on the next git command outside), direnv's .envrc, editor
    // task and settings folders, shell rc files, and project-level agent configuration. Those absent
    // at launch are guarded (created ones are moved aside by the monitor), see docs/profiles.md.
    static QStringList defaultProtectedPaths();

    static constexpr qint64 kDefaultAskTimeout = 60;
    static constexpr qint64 kMinAskTimeout = 1;
    static constexpr qint64 kMaxAskTimeout = 3600;
    static bool isValidName(const QString& name);
};

} // namespace cordon
