#include "Landlock.h"

// Landlock, after the kernel's Documentation/userspace-api/landlock.rst:
//  1. ask the kernel for its ABI (landlock_create_ruleset(NULL, 0, LANDLOCK_CREATE_RULESET_VERSION));
//  2. handle every filesystem right that ABI knows, so that no right is silently left unhandled
//     (an unhandled right is allowed everywhere): ABI 1 base rights, ABI 2 REFER, ABI 3 TRUNCATE,
//     ABI 5 IOCTL_DEV;
//  3. add one PATH_BENEATH rule per mount of the launch spec, its rights masked to what the file
//     type accepts (a non-directory takes only the file rights: EINVAL otherwise);
//  4. ABI >= 6: scope signals and abstract unix sockets to the sandbox's domain;
//  5. landlock_restrict_self (needs no_new_privs).
// Network rights (ABI 4) are deliberately not handled: the empty network namespace confines the
// network, and the proxy bridge of the next issue needs loopback TCP inside.
//
// Debian 12's UAPI header is Linux 6.1 (ABI 2): newer constants are defined here, guarded.

#include "Die.h"
#include "Syscall.h"

#include <cerrno>
#include <cstdint>
#include <fcntl.h>
#include <linux/landlock.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14) // ABI 3, Linux 6.2
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV (1ULL << 15) // ABI 5, Linux 6.10
#endif
#ifndef LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET
#define LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0) // ABI 6, Linux 6.12
#endif
#ifndef LANDLOCK_SCOPE_SIGNAL
#define LANDLOCK_SCOPE_SIGNAL (1ULL << 1) // ABI 6, Linux 6.12
#endif

namespace cordon::confine {

namespace {

// struct landlock_ruleset_attr as of Linux 6.12 (ABI 6). The kernel reads only `size` bytes
// (copy_struct_from_user), so older kernels get a prefix of it: see rulesetAttrSize().
struct RulesetAttr {
    std::uint64_t handledAccessFs = 0;
    std::uint64_t handledAccessNet = 0; // ABI 4; left 0: networking is the namespace's job
    std::uint64_t scoped = 0;           // ABI 6
};

constexpr std::uint64_t kAbi1Rights =
    LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_READ_FILE |
    LANDLOCK_ACCESS_FS_READ_DIR | LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE |
    LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG |
    LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_BLOCK |
    LANDLOCK_ACCESS_FS_MAKE_SYM;

// Rights that make sense on a non-directory (security/landlock/fs.c ACCESS_FILE); any other right
// in a rule whose parent_fd is not a directory makes landlock_add_rule fail with EINVAL.
constexpr std::uint64_t kFileRights = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE |
                                      LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_TRUNCATE |
                                      LANDLOCK_ACCESS_FS_IOCTL_DEV;

constexpr std::uint64_t kReadRights = LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR;

// Writing beneath a path. MAKE_CHAR and MAKE_BLOCK are left out on purpose: every writable mount
// is nodev and the sandbox holds no CAP_MKNOD, so a device node there is never legitimate.
constexpr std::uint64_t kWriteRights =
    LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE |
    LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_MAKE_SOCK |
    LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_SYM | LANDLOCK_ACCESS_FS_REFER | LANDLOCK_ACCESS_FS_TRUNCATE;

// Device nodes and terminals: read, write, their ioctls (ABI 5), and TRUNCATE so that
// `> /dev/null` keeps working whatever the kernel decides about O_TRUNC on a device.
constexpr std::uint64_t kDeviceRights = LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_WRITE_FILE |
                                        LANDLOCK_ACCESS_FS_IOCTL_DEV | LANDLOCK_ACCESS_FS_TRUNCATE;

std::uint64_t handledRightsFor(int abi)
{
    std::uint64_t rights = kAbi1Rights;
    if (abi >= 2)
        rights |= LANDLOCK_ACCESS_FS_REFER;
    if (abi >= 3)
        rights |= LANDLOCK_ACCESS_FS_TRUNCATE;
    if (abi >= 5)
        rights |= LANDLOCK_ACCESS_FS_IOCTL_DEV;
    return rights;
}

unsigned long rulesetAttrSize(int abi)
{
    if (abi >= 6)
        return sizeof(RulesetAttr);
    if (abi >= 4)
        return 2 * sizeof(std::uint64_t);
    return sizeof(std::uint64_t);
}

std::uint64_t rightsOf(const LandlockRule& rule)
{
    if (rule.listOnly)
        return LANDLOCK_ACCESS_FS_READ_DIR;
    std::uint64_t rights = kReadRights;
    if (rule.write)
        rights |= kWriteRights;
    if (rule.device)
        rights |= kDeviceRights;
    if (rule.exec)
        rights |= LANDLOCK_ACCESS_FS_EXECUTE;
    return rights;
}

bool layerRequired(std::uint32_t bestEffort, spec::Layer layer)
{
    return (bestEffort & layer) == 0;
}

} // namespace

int landlockAbiVersion() noexcept
{
    const long abi = ::syscall(SYS_landlock_create_ruleset, nullptr, 0, LANDLOCK_CREATE_RULESET_VERSION);
    // ENOSYS: built without Landlock; EOPNOTSUPP: built in but not enabled at boot (lsm=).
    return abi < 0 ? 0 : static_cast<int>(abi);
}

std::vector<LandlockRule> landlockRulesFor(const spec::LaunchSpec& spec)
{
    std::vector<LandlockRule> rules;
    // The root itself: list it and walk through it, nothing more. Entries that the mount setup
    // made directly in the root tmpfs (Dir, Symlink) stay read-only this way.
    LandlockRule root;
    root.path = "/";
    root.listOnly = true;
    rules.push_back(std::move(root));
    for (const spec::Mount& m : spec.mounts) {
        LandlockRule rule;
        rule.path = m.target;
        rule.optional = m.optional;
        switch (m.kind) {
        case spec::MountKind::BindReadOnly: rule.exec = m.exec; break;
        case spec::MountKind::BindReadWrite:
        case spec::MountKind::Tmpfs:
            rule.write = true;
            rule.exec = m.exec;
            break;
        case spec::MountKind::BindDevice:
        case spec::MountKind::Devpts: rule.device = true; break;
        case spec::MountKind::Proc: break;
        case spec::MountKind::Dir:
        case spec::MountKind::Symlink:
        case spec::MountKind::Hide: continue; // covered by a parent's rule, or nothing at all
        }
        rules.push_back(std::move(rule));
    }
    return rules;
}

LandlockReport applyLandlock(const std::vector<LandlockRule>& rules, std::uint32_t bestEffort)
{
    LandlockReport report;
    report.abi = landlockAbiVersion();
    const bool fsRequired = layerRequired(bestEffort, spec::LayerLandlock);
    const bool scopesRequired = layerRequired(bestEffort, spec::LayerLandlockScopes);

    if (report.abi == 0) {
        if (fsRequired || scopesRequired)
            die(ExitCode::SandboxUnavailable,
                "Landlock is not available (kernel built without CONFIG_SECURITY_LANDLOCK, or not enabled: boot "
                "with lsm=landlock,... on the kernel command line); the profile requires it");
        warn("Landlock is not available on this kernel: filesystem rules not applied (best effort)");
        return report;
    }
    const bool scopesAvailable = report.abi >= 6;
    if (!scopesAvailable) {
        if (scopesRequired)
            die(ExitCode::SandboxUnavailable,
                "Landlock ABI %d lacks the signal and abstract-socket scopes (ABI 6, Linux 6.12); the profile "
                "requires them",
                report.abi);
        warn("Landlock ABI %d: signal and abstract-socket scopes not applied (best effort)", report.abi);
    }

    RulesetAttr attr;
    attr.handledAccessFs = handledRightsFor(report.abi);
    if (scopesAvailable)
        attr.scoped = LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET | LANDLOCK_SCOPE_SIGNAL;
    const long rulesetFd = ::syscall(SYS_landlock_create_ruleset, &attr, rulesetAttrSize(report.abi), 0U);
    if (rulesetFd < 0)
        dieErrno(ExitCode::SandboxFailed, "landlock_create_ruleset (ABI %d)", report.abi);
    const UniqueFd ruleset(static_cast<int>(rulesetFd));

    for (const LandlockRule& rule : rules) {
        // The final component is not followed: a rule target is a mount point, never a symlink;
        // one that is a symlink means the tree differs from the spec (or was tampered with).
        const int fd = retryOnEintr([&] { return ::open(rule.path.c_str(), O_PATH | O_CLOEXEC | O_NOFOLLOW); });
        if (fd < 0) {
            if (errno == ENOENT && rule.optional)
                continue;
            dieErrno(ExitCode::SandboxFailed, "Landlock rule: opening %s", rule.path.c_str());
        }
        const UniqueFd parent(fd);
        struct stat st { };
        if (::fstat(parent.get(), &st) != 0)
            dieErrno(ExitCode::SandboxFailed, "Landlock rule: fstat %s", rule.path.c_str());
        if (S_ISLNK(st.st_mode))
            die(ExitCode::SandboxFailed, "Landlock rule: %s is a symlink, not a mount point", rule.path.c_str());

        std::uint64_t rights = rightsOf(rule);
        if (!S_ISDIR(st.st_mode))
            rights &= kFileRights;
        rights &= attr.handledAccessFs;
        if (rights == 0)
            continue; // e.g. list-only on a non-directory: nothing to grant (the kernel says ENOMSG)

        struct landlock_path_beneath_attr beneath { };
        beneath.allowed_access = rights;
        beneath.parent_fd = parent.get();
        if (::syscall(SYS_landlock_add_rule, ruleset.get(), LANDLOCK_RULE_PATH_BENEATH, &beneath, 0U) != 0)
            dieErrno(ExitCode::SandboxFailed, "landlock_add_rule %s (rights 0x%llx)", rule.path.c_str(),
                static_cast<unsigned long long>(rights));
    }

    if (::syscall(SYS_landlock_restrict_self, ruleset.get(), 0U) != 0)
        dieErrno(ExitCode::SandboxFailed, "landlock_restrict_self (is no_new_privs set?)");
    report.filesystemApplied = true;
    report.scopesApplied = scopesAvailable;
    return report;
}

UniqueFd prepareLandlockCanary()
{
    // A private tmpfs that is never attached to any mount tree: no Landlock rule can cover it, so
    // once a domain is in force nothing may be created in it. fsopen/fsmount (Linux 5.2) need
    // CAP_SYS_ADMIN in the user namespace that owns our mount namespace, which the caller holds.
    const int fsFd = ::fsopen("tmpfs", FSOPEN_CLOEXEC);
    if (fsFd < 0)
        dieErrno(ExitCode::SandboxFailed, "Landlock canary: fsopen(tmpfs)");
    const UniqueFd fs(fsFd);
    if (::fsconfig(fs.get(), FSCONFIG_SET_STRING, "size", "64k", 0) != 0)
        dieErrno(ExitCode::SandboxFailed, "Landlock canary: fsconfig(size)");
    if (::fsconfig(fs.get(), FSCONFIG_SET_STRING, "mode", "0700", 0) != 0)
        dieErrno(ExitCode::SandboxFailed, "Landlock canary: fsconfig(mode)");
    if (::fsconfig(fs.get(), FSCONFIG_CMD_CREATE, nullptr, nullptr, 0) != 0)
        dieErrno(ExitCode::SandboxFailed, "Landlock canary: fsconfig(create)");
    const int mntFd = ::fsmount(fs.get(), FSMOUNT_CLOEXEC, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
    if (mntFd < 0)
        dieErrno(ExitCode::SandboxFailed, "Landlock canary: fsmount");
    const UniqueFd mnt(mntFd);
    if (::mkdirat(mnt.get(), "canary", 0700) != 0)
        dieErrno(ExitCode::SandboxFailed, "Landlock canary: mkdir");
    const int dirFd =
        retryOnEintr([&] { return ::openat(mnt.get(), "canary", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC); });
    if (dirFd < 0)
        dieErrno(ExitCode::SandboxFailed, "Landlock canary: open");
    UniqueFd dir(dirFd);

    // Prove the probe works before Landlock, so that its later failure means Landlock and
    // nothing else (a test that cannot fail is a defect).
    const int probe = retryOnEintr(
        [&] { return ::openat(dir.get(), "probe", O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0600); });
    if (probe < 0)
        dieErrno(ExitCode::SandboxFailed, "Landlock canary: creating the probe before Landlock");
    UniqueFd probeFd(probe);
    probeFd.reset();
    if (::unlinkat(dir.get(), "probe", 0) != 0)
        dieErrno(ExitCode::SandboxFailed, "Landlock canary: removing the probe");
    return dir;
}

} // namespace cordon::confine
