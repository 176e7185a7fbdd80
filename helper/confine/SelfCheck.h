#pragma once
// After applying, verify what was applied by reading it back from the kernel, and refuse to run
// the command when a required layer is missing (silent fallback to no isolation is the worst
// failure: see DESIGN.md "Lessons from the field").

#include <cstdint>

namespace cordon::confine {

struct SelfCheckExpectations {
    bool landlock = true;          // a Landlock domain must be in force (canary denied)
    int landlockCanaryFd = -1;     // from prepareLandlockCanary()
    bool seccomp = true;           // Seccomp: 2 in /proc/self/status
};

// Checks NoNewPrivs == 1, CapEff/CapPrm/CapInh/CapBnd/CapAmb == 0, Seccomp == 2 (filter),
// the Landlock canary, and that the only network interface is `lo`.
// Dies with SandboxUnavailable naming the first layer that is not in force.
void verifyConfinement(const SelfCheckExpectations& expected);

} // namespace cordon::confine
