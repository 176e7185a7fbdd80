#include "Namespaces.h"

#include "Die.h"
#include "Syscall.h"
#include "UniqueFd.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace cordon::confine {

pid_t Namespaces::cloneSandbox()
{
    // The raw syscall with a null stack behaves like fork(): the child resumes here on a copy of
    // our stack, which keeps the shim's code a plain function call instead of a clone() callback
    // on a hand-sized stack. The monitor is single-threaded, so nothing is lost by bypassing
    // glibc's fork handlers. A new cgroup namespace is made later by the shim (after the monitor
    // has moved it into the run's cgroup), so that the sandbox sees its own cgroup as the root.
    constexpr unsigned long flags =
        CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS | SIGCHLD;
    const long pid = ::syscall(SYS_clone, flags, nullptr, nullptr, nullptr, nullptr);
    if (pid < 0) {
        if (errno == EPERM || errno == ENOSPC || errno == EINVAL)
            dieErrno(ExitCode::SandboxUnavailable,
                "cannot create the sandbox's namespaces (are unprivileged user namespaces disabled? "
                "run 'cordonctl doctor')");
        dieErrno(ExitCode::SandboxFailed, "clone");
    }
    return static_cast<pid_t>(pid);
}

bool Namespaces::writeIdentityMaps(pid_t child, uid_t uid, gid_t gid, const char*& step)
{
    char dir[64];
    std::snprintf(dir, sizeof dir, "/proc/%d", static_cast<int>(child));
    UniqueFd procDir(retryOnEintr([&] { return ::open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC); }));
    if (!procDir) {
        step = dir;
        return false;
    }
    // setgroups must be denied before an unprivileged process may write gid_map; denying it also
    // stops the sandbox from dropping supplementary groups used as negative permissions
    // (CVE-2014-8989).
    step = "setgroups";
    if (!writeFile(procDir.get(), "setgroups", "deny"))
        return false;
    char line[64];
    std::snprintf(line, sizeof line, "%u %u 1\n", static_cast<unsigned>(uid), static_cast<unsigned>(uid));
    step = "uid_map";
    if (!writeFile(procDir.get(), "uid_map", line))
        return false;
    std::snprintf(line, sizeof line, "%u %u 1\n", static_cast<unsigned>(gid), static_cast<unsigned>(gid));
    step = "gid_map";
    if (!writeFile(procDir.get(), "gid_map", line))
        return false;
    return true;
}

} // namespace cordon::confine
