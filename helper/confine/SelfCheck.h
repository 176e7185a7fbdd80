#pragma once
// After applying, verify what was applied by reading it back from the kernel, and refuse to run
// the command when a required layer is missing (silent fallback to no isolation is the worst
// failure: see DESIGN.md "Lessons from the field").

#include <cstdint>

namespace cordon::confine {

struct SelfCheckExpectations {
    bool landlock = true;      // a Landlock domain must be in force (canary denied)
    int landlockCanaryFd = -1; // from prepareLandlockCanary()
    bool seccomp = true;       // our filter: Seccomp: 2, one more filter, clone3 canary
    // Seccomp_filters from seccompFilterCount() just before installSeccompFilter(). A launcher
    // under Docker or systemd's SystemCallFilter= passes its own filter on (Seccomp: 2 already),
    // so only growth shows that ours went on. -1 (not recorded) fails the check.
    int seccompFiltersBefore = -1;
    // How many filters are ours: 1 (the main filter), or 2 with the exec-event notifier
    // (SeccompNotifier.h), whose listener is then `notifierFd`. The count must have grown by
    // exactly this much: fewer means a filter is missing, more that something else went on.
    int ownSeccompFilters = 1;
    int notifierFd = -1;
    // The namespace layer: the checking process is pid 1 of its pid namespace, the user
    // namespace maps exactly one id, and "/" is a read-only tmpfs (the sandbox's own root).
    bool namespaces = true;
};

// Seccomp_filters of /proc/self/status (Linux 5.9): how many filters this process runs under.
// Dies with SandboxUnavailable when it cannot be read.
int seccompFilterCount();

// Checks NoNewPrivs == 1, CapEff/CapPrm/CapInh/CapBnd/CapAmb == 0, Seccomp == 2 (filter) with
// Seccomp_filters grown by exactly our filters, the clone3 canary answering ENOSYS and, with the
// notifier, its listener being a seccomp listener, the Landlock canary, the
// namespace layer, and that the only network interface is `lo`.
// Dies with SandboxUnavailable naming the first layer that is not in force.
void verifyConfinement(const SelfCheckExpectations& expected);

} // namespace cordon::confine
