#pragma once
// From command-line options to a launch spec: load the managed policy (fail closed), find the
// profile, resolve the effective policy, compile it. Shared by run, profile show and profile spec.

#include "EffectivePolicy.h"
#include "LaunchSpec.h"
#include "LaunchSpecCompiler.h"
#include "PolicyError.h"
#include "RunOptions.h"

namespace cordon::cli {

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
    [[nodiscard]] static bool plan(const RunOptions& options, bool compile, LaunchPlan* out, PolicyError* error);
};

} // namespace cordon::cli
