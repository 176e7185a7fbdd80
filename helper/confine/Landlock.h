#pragma once
// Landlock: the filesystem rights of the sandbox, mirroring its mount policy as defense in depth
// (a bug in the mount setup must not become an escape). Also the ABI 6 scopes: signals and
// abstract unix sockets outside the sandbox's domain. See Documentation/userspace-api/landlock.rst.

#include "LaunchSpec.h"
#include "UniqueFd.h"

#include <string>
#include <vector>

namespace cordon::confine {

struct LandlockRule {
    std::string path;   // inside the new root (after pivot_root)
    bool write = false; // also make/remove/truncate/refer beneath
    bool exec = false;  // EXECUTE beneath
    bool device = false; // IOCTL_DEV (ABI >= 5): terminals and device nodes
    bool optional = false; // path may be absent (an optional bind that was skipped)
    bool listOnly = false; // READ_DIR only, nothing else (the root: walk through it and `ls /`)
};

struct LandlockReport {
    int abi = 0;               // 0: kernel has no Landlock
    bool filesystemApplied = false;
    bool scopesApplied = false;
};

// 0 when the kernel lacks Landlock (or it is disabled), else the ABI version.
int landlockAbiVersion() noexcept;

// The rules that mirror `spec.mounts` (read for ro binds/proc, read+write for rw binds and
// tmpfs, device rights for device nodes and devpts; nothing for hidden paths).
std::vector<LandlockRule> landlockRulesFor(const spec::LaunchSpec& spec);

// Restricts the calling thread (and its future children). Needs no_new_privs set first.
// A layer not marked best-effort in `bestEffort` and not available: die(SandboxUnavailable).
LandlockReport applyLandlock(const std::vector<LandlockRule>& rules, std::uint32_t bestEffort);

// A canary for the self-check: a directory on a private, detached tmpfs that no rule covers.
// Made while we still hold CAP_SYS_ADMIN in the user namespace; creating a file in it must
// succeed before Landlock and fail with EACCES after (verifyConfinement checks both).
UniqueFd prepareLandlockCanary();

} // namespace cordon::confine
