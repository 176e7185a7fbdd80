#pragma once
// What `cordonctl run` / `profile show` options ask for on top of the profile.

#include "Limits.h"
#include "PathRule.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace cordon {

struct CommandLineOverrides {
    Limits limits;             // --timeout, --memory, --pids, --cpu, ...
    QList<PathRule> readOnly;  // --ro
    QList<PathRule> readWrite; // --rw
    QList<PathRule> hide;      // --hide
    QStringList envNames;      // --env
    bool isEmpty() const
    {
        return limits.isEmpty() && readOnly.isEmpty() && readWrite.isEmpty() && hide.isEmpty() && envNames.isEmpty();
    }
};

} // namespace cordon
