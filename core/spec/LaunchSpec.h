#pragma once
// The launch spec: the one contract between policy (core, which decides) and confinement
// (helper, which applies). Core compiles an effective policy into this; cordon-sandbox reads it
// from a file descriptor, validates every field, and applies it without re-interpreting any
// profile (bubblewrap's split: mechanism, not policy). Versioned; unknown versions and unknown
// fields are refused.
//
// Plain C++ (no Qt): the helper's confinement code links this.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace cordon::spec {

// 2: the egress bridge (proxyPort, proxySocket) and exec events (execEvents). A helper refuses
// every version but its own, so a spec is never half-applied by a helper that would ignore a field.
inline constexpr std::uint32_t kLaunchSpecVersion = 2;

// The longest proxySocket: sockaddr_un's sun_path holds 108 bytes with the terminating NUL.
inline constexpr std::size_t kMaxProxySocketPath = 107;

enum class MountKind : std::uint8_t {
    BindReadOnly,    // host `source` (opened without following symlinks) -> `target`; ro, nosuid, nodev
    BindReadWrite,   // host `source` -> `target`; rw, nosuid, nodev
    BindDevice,      // host device node `source` (e.g. /dev/null) -> `target`; rw, nosuid
    Tmpfs,           // fresh tmpfs at `target` (sizeBytes, mode); rw, nosuid, nodev
    Dir,             // create directory `target` (mode) inside the new root
    Symlink,         // create symlink `target` whose text is `source` (e.g. /bin -> usr/bin)
    Proc,            // fresh procfs at `target` (its /sys, /sysrq-trigger, ... made read-only)
    Devpts,          // fresh devpts instance at `target` (newinstance, ptmxmode=0666)
    Hide,            // make `target` inaccessible: overmount with an empty, mode-000 file or dir
};

inline constexpr int kMountKindCount = 9;

struct Mount {
    MountKind kind = MountKind::Dir;
    std::string source;          // host path for binds, link text for Symlink, empty otherwise
    std::string target;          // absolute, normalized path inside the sandbox
    std::uint64_t sizeBytes = 0; // Tmpfs only; 0 = kernel default
    std::uint32_t mode = 0755;   // Tmpfs and Dir
    bool exec = false;           // Landlock EXECUTE beneath target (binds and tmpfs)
    bool optional = false;       // a missing source is skipped instead of refusing the launch

    bool operator==(const Mount&) const = default;
};

struct Limits {
    std::uint64_t timeoutSeconds = 0; // wall clock; 0 = none
    std::uint64_t graceSeconds = 5;   // SIGTERM to SIGKILL
    std::uint64_t memoryBytes = 0;    // cgroup memory limit; 0 = none
    std::uint64_t pids = 0;           // cgroup pids limit; 0 = none
    std::uint64_t cpuMilli = 0;       // cgroup CPU quota, 1000 = one CPU; 0 = none
    std::uint64_t openFiles = 0;      // RLIMIT_NOFILE; 0 = inherit
    std::uint64_t fileSizeBytes = 0;  // RLIMIT_FSIZE; 0 = inherit

    bool operator==(const Limits&) const = default;
};

// Layers a profile may mark best-effort: applied when the kernel or system allows, reported
// when not. Namespaces, the mount policy, no_new_privs, capabilities and seccomp are never
// best-effort: without them there is no sandbox.
enum Layer : std::uint32_t {
    LayerLandlock = 1u << 0,       // the Landlock filesystem ruleset
    LayerLandlockScopes = 1u << 1, // Landlock signal and abstract-socket scopes (ABI >= 6)
    LayerCgroup = 1u << 2,         // cgroup memory / pids / cpu limits
};
inline constexpr std::uint32_t kAllLayers = LayerLandlock | LayerLandlockScopes | LayerCgroup;

// A path the host later executes or trusts (.git/commondir, .envrc, ~/.claude/settings.json, ...)
// that did not exist at launch, so no read-only bind can cover it without creating it on the host.
// The monitor, outside the sandbox, watches its parent directory and moves anything created under
// this name aside at once (helper/confine/ProtectedPathWatcher.h).
struct GuardedPath {
    std::string hostPath;  // absolute, normalized host path; its parent is a mount point inside
    bool critical = false; // its creation ends the session with ExitCode::PolicyDenied

    bool operator==(const GuardedPath&) const = default;
};

struct LaunchSpec {
    std::uint32_t version = kLaunchSpecVersion;
    std::string runId;                 // [a-z0-9-]{1,64}; names the cgroup and the session
    std::vector<std::string> argv;     // argv[0] is looked up in the spec's PATH inside
    std::vector<std::string> env;      // the whole environment, NAME=VALUE
    std::string cwd;                   // absolute path inside the sandbox
    std::string hostname = "cordon";
    std::vector<Mount> mounts;         // applied in this order; parents before children
    Limits limits;
    std::uint32_t bestEffort = 0;      // bitmask of Layer
    std::vector<GuardedPath> guarded;  // watched by the monitor; may be empty
    // The egress bridge (helper/confine/ProxyBridge.h): the shim listens on 127.0.0.1:proxyPort
    // inside and relays each connection to the Unix socket at proxySocket, a path inside the
    // sandbox (bound in from the host by one of `mounts`). Both set or neither (0 and empty).
    std::uint16_t proxyPort = 0;
    std::string proxySocket;
    // Exec and direct-connect events through a seccomp user-notification listener that the
    // monitor serves (helper/confine/SeccompNotifier.h). Takes effect only when cordon-sandbox
    // was given an events descriptor: there is nowhere else to report them.
    bool execEvents = false;

    bool operator==(const LaunchSpec&) const = default;
};

const char* mountKindName(MountKind kind) noexcept;

} // namespace cordon::spec
