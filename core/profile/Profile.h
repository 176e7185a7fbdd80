#pragma once
// A parsed, validated profile: what one agent may see and use. Values are as the profile wrote
// them (normalized); resolution against the workspace, the home directory, the command line and
// the managed policy happens in PolicyResolver.

#include "HostPattern.h"
#include "Limits.h"
#include "PathRule.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace cordon {

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
    quint32 bestEffort = 0;   // spec::Layer bits
    bool cordonTools = false; // Cordon's own tools (the demo agent) on PATH inside

    QString origin; // file path, "built-in:NAME", or the managed file

    // Files that the host executes or trusts later, read-only inside unless the profile lists its
    // own: git hooks, config and the files that redirect git to others (CVE-2022-24765 class: a
    // planted hook or core.fsmonitor runs on the next git command outside), direnv's .envrc, editor
    // task and settings folders, shell rc files, and project-level agent configuration. Those absent
    // at launch are guarded (created ones are moved aside by the monitor), see docs/profiles.md.
    static QStringList defaultProtectedPaths();
    static bool isValidName(const QString& name);
};

} // namespace cordon
