#include "Rlimits.h"

// Limits are only ever lowered: both soft and hard are set to min(requested, current hard), so a
// limit can never be raised above what the launcher itself had (raising a hard limit needs
// CAP_SYS_RESOURCE in the initial user namespace anyway, and a sandbox must not try).
// Core dumps are always off: a dump of an agent holds its secrets, and a core pattern that pipes
// to a helper runs that helper outside the sandbox.

#include "Die.h"

#include <sys/resource.h>

namespace cordon::confine {

namespace {

void lowerLimit(int resource, const char* name, std::uint64_t wanted)
{
    struct rlimit current { };
    if (::getrlimit(resource, &current) != 0)
        dieErrno(ExitCode::SandboxFailed, "rlimit: getrlimit(%s)", name);
    rlim_t value = static_cast<rlim_t>(wanted);
    if (current.rlim_max != RLIM_INFINITY && value > current.rlim_max) {
        warn("rlimit %s: %llu is above the launcher's hard limit %llu; using %llu", name,
            static_cast<unsigned long long>(wanted), static_cast<unsigned long long>(current.rlim_max),
            static_cast<unsigned long long>(current.rlim_max));
        value = current.rlim_max;
    }
    const struct rlimit limit = {value, value};
    if (::setrlimit(resource, &limit) != 0)
        dieErrno(ExitCode::SandboxFailed, "rlimit: setrlimit(%s, %llu)", name, static_cast<unsigned long long>(value));
}

} // namespace

void applyRlimits(const spec::Limits& limits)
{
    lowerLimit(RLIMIT_CORE, "RLIMIT_CORE", 0);
    if (limits.openFiles != 0)
        lowerLimit(RLIMIT_NOFILE, "RLIMIT_NOFILE", limits.openFiles);
    if (limits.fileSizeBytes != 0)
        lowerLimit(RLIMIT_FSIZE, "RLIMIT_FSIZE", limits.fileSizeBytes);
}

} // namespace cordon::confine
