#pragma once
// From a launch request to a launch spec: load the managed policy (fail closed), find the
// profile, resolve the effective policy, compile it. Shared by cordonctl (run, profile show,
// profile spec, direct mode) and cordon-helper (every launch it serves), so that both decide
// exactly alike.

#include "CommandLineOverrides.h"
#include "EffectivePolicy.h"
#include "LaunchSpec.h"
#include "LaunchSpecCompiler.h"
#include "PolicyError.h"

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

namespace cordon {

// Everything a launch depends on, given explicitly: the helper plans for a client whose
// environment, home and working directory are not its own.
struct LaunchRequest {
    QString profile = QStringLiteral("shell"); // name or path
    QString workspace;                         // as the person named it; relative to cwd; empty = cwd
    QString cwd;                               // absolute: the client's working directory
    QStringList argv;                          // empty: the profile's command
    QMap<QString, QString> environment;        // the client's environment (pass-through, secrets)
    CommandLineOverrides overrides;
    QString home;     // the user's home directory (absolute)
    QString userName; // the user's login name
    QString toolsDir; // Cordon's tools (the demo agent); may be empty
    // The rest of the compile context (the helper sets the session's proxy bridge and exec events
    // here); argv, environment, userName and toolsDir are filled in from the fields above.
    CompileContext context;
};

struct LaunchPlan {
    EffectivePolicy policy;
    spec::LaunchSpec spec;
    CompileReport report;
    bool compiled = false;
    PolicyError compileError; // when !compiled
};

class LaunchPlanner final {
public:
    // False when the policy cannot be resolved. With `compile`, a compile failure is also false;
    // without it, the compile is still attempted and its result recorded in the plan.
    [[nodiscard]] static bool plan(const LaunchRequest& request, bool compile, LaunchPlan* out, PolicyError* error);
    // The effective policy with its provenance plus the compile's outcome ("launch"): what
    // `cordonctl profile show --json` prints and what the helper journals with each run.
    static QJsonObject json(const LaunchPlan& plan);
};

} // namespace cordon
