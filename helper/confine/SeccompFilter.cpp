#include "SeccompFilter.h"

// The seccomp filter: default ALLOW, a deny list of what sandbox escapes and kernel exploits have
// used, foreign syscall ABIs killed. The errno of every denial is a contract (tests/confine and
// tests/escape assert it); change this table and the tests together.
//
// | syscall(s)                                                        | outcome            |
// |-------------------------------------------------------------------|--------------------|
// | ptrace, process_vm_readv, process_vm_writev, pidfd_getfd,         | EPERM              |
// |   process_madvise                                                 |                    |
// | mount, umount2, pivot_root, chroot, open_tree, open_tree_attr,    | EPERM              |
// |   move_mount, fsopen, fsconfig, fsmount, fspick, mount_setattr    |                    |
// | bpf, perf_event_open, userfaultfd, keyctl, add_key, request_key,  | EPERM              |
// |   kexec_load, kexec_file_load, init_module, finit_module,         |                    |
// |   delete_module, acct, syslog, swapon, swapoff, reboot, quotactl, |                    |
// |   quotactl_fd, lookup_dcookie, vhangup, iopl, ioperm, uselib,     |                    |
// |   settimeofday, clock_settime, clock_adjtime, adjtimex,           |                    |
// |   fanotify_init, open_by_handle_at, name_to_handle_at,            |                    |
// |   move_pages, migrate_pages, mbind, set_mempolicy,                |                    |
// |   set_mempolicy_home_node, modify_ldt, kcmp, sysfs, ustat,        |                    |
// |   setns, unshare                                                  |                    |
// | io_uring_setup, io_uring_enter, io_uring_register                 | ENOSYS             |
// | clone3                                                            | ENOSYS             |
// | clone with any CLONE_NEW* flag in arg0                            | EPERM              |
// | personality, arg0 other than 0 (PER_LINUX) and 0xffffffff (query) | EPERM              |
// | ioctl TIOCSTI / TIOCLINUX (low 32 bits of the request)            | EPERM              |
// | socket, socketpair: family other than AF_UNIX, AF_INET, AF_INET6  | EAFNOSUPPORT       |
// | any syscall through a foreign ABI (i386 int 0x80, x32 bit set)    | process killed,    |
// |                                                                   | SIGSYS (may dump   |
// |                                                                   | core, see below)   |
//
// Why each group:
// - ptrace & co read or write another process's memory or descriptors; the pid namespace limits
//   the targets, but the shim (pid 1) and sibling agents are still there.
// - The mount API (old and new) rearranges the sandbox's view; the sandbox holds no capability,
//   but a capability bug must not become an escape (defense in depth).
// - bpf, perf_event_open, userfaultfd, keyctl, io_uring: the kernel attack surface behind most
//   local privilege escalations of recent years (userfaultfd: pauses the kernel inside a copy from
//   user memory so an exploit wins its race, the reason vm.unprivileged_userfaultfd exists;
//   io_uring: its operations bypass seccomp entirely, and CVE-2022-29582 class bugs).
//   io_uring_* and clone3 get ENOSYS, the answer of a kernel without them, so that libraries
//   fall back (glibc falls back from clone3 to clone: clone3's flags live in memory that seccomp
//   cannot read, so the namespace-flag check below only works on clone).
// - setns, unshare, clone(CLONE_NEW*): nested user namespaces regain capabilities over new
//   namespaces, the precondition of a long list of kernel CVEs (e.g. CVE-2022-0185).
// - NUMA memory policy (mbind, set_mempolicy, set_mempolicy_home_node, with move_pages and
//   migrate_pages): host-wide placement knobs with a history of kernel bugs (CVE-2018-10675
//   use-after-free in get_mempolicy/mbind paths, CVE-2017-7616 set_mempolicy info leak);
//   flatpak blocks set_mempolicy and mbind. get_mempolicy stays allowed: it only reads, and
//   runtimes ask it (libnuma-aware allocators, V8 and the JVM probe NUMA at start-up;
//   `node -e 1` runs inside the sandbox with it, tests/sandbox).
// - modify_ldt: the LDT is a classic exploitation aid (CVE-2015-5157, CVE-2015-8830 class, and
//   the 2017 "Dirty LDT" CVE-2017-17053); no x86_64 program needs it (Wine aside).
// - kcmp: compares kernel pointers of another process's objects, an information leak about
//   the kernel heap (docker and flatpak block it).
// - sysfs, ustat: obsolete filesystem queries, kernel attack surface with no modern user.
// - personality: READ_IMPLIES_EXEC and ADDR_NO_RANDOMIZE weaken exploit mitigations.
// - TIOCSTI pushes input into the controlling terminal, which the launching shell reads after
//   the sandbox exits (CVE-2017-5226, bubblewrap); TIOCLINUX can do the same through selections
//   (CVE-2023-1523 class). The kernel truncates the ioctl request to 32 bits, so the match is on
//   the low 32 bits only (CVE-2019-10063, flatpak GHSA-67h7-w3jq-vh4q: high bits slipped past).
// - socket families beyond unix/inet: AF_NETLINK, AF_PACKET, AF_ALG, AF_VSOCK, AF_KEY, ... are
//   kernel attack surface (CVE-2016-8655 and CVE-2017-7308 AF_PACKET, CVE-2021-26708 AF_VSOCK)
//   and host-facing channels.
// - Foreign ABIs: a filter for x86_64 does not see i386 or x32 syscall numbers; every syscall
//   made through them kills the whole process (SCMP_ACT_KILL_PROCESS: the process dies from
//   SIGSYS, its parent sees WIFSIGNALED with WTERMSIG == SIGSYS). SIGSYS's default action dumps
//   core, and RLIMIT_CORE=0 does not stop that when /proc/sys/kernel/core_pattern pipes to a
//   program (core(5)): the host's core handler (systemd-coredump, apport) then runs for the
//   sandboxed process. `cordonctl doctor` warns about a piping core_pattern.
//
// no_new_privs: the caller sets it before calling us (it is checked here). SCMP_FLTATR_CTL_NNP is
// turned off so that libseccomp never sets it behind the caller's back: a missing no_new_privs is
// an ordering bug to report, not to paper over.

#include "Die.h"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <sched.h>
#include <seccomp.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>

#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000 // Linux 4.6
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080 // Linux 5.6 (only via clone3/unshare; CSIGNAL bits in clone)
#endif

namespace cordon::confine {

namespace {

// Syscalls newer than libseccomp 2.5.4's table: numbers for x86_64 from the kernel's
// arch/x86/entry/syscalls/syscall_64.tbl. Used only when libseccomp cannot resolve the name.
struct LateSyscall {
    const char* name;
    int x86_64Number;
};
constexpr LateSyscall kLateSyscalls[] = {
    {"open_tree_attr", 467},          // Linux 6.15: open_tree + mount_setattr in one call
    {"set_mempolicy_home_node", 450}, // Linux 5.17
};

class Filter {
public:
    Filter() : m_ctx(seccomp_init(SCMP_ACT_ALLOW))
    {
        if (m_ctx == nullptr)
            die(ExitCode::SandboxFailed, "seccomp: seccomp_init failed (out of memory?)");
    }
    ~Filter() { seccomp_release(m_ctx); }
    Filter(const Filter&) = delete;
    Filter& operator=(const Filter&) = delete;

    void attribute(scmp_filter_attr attr, std::uint32_t value, const char* what)
    {
        const int rc = seccomp_attr_set(m_ctx, attr, value);
        if (rc != 0)
            die(ExitCode::SandboxFailed, "seccomp: setting %s: %s", what, std::strerror(-rc));
    }

    // The syscall number, or -1 for a syscall newer than libseccomp on an architecture whose number
    // we do not carry (only x86_64 is built and tested; such a call needs CAP_SYS_ADMIN anyway).
    int resolve(const char* name)
    {
        const int nr = seccomp_syscall_resolve_name(name);
        if (nr != __NR_SCMP_ERROR)
            return nr;
        for (const LateSyscall& late : kLateSyscalls) {
            if (std::strcmp(late.name, name) != 0)
                continue;
            if (seccomp_arch_native() == SCMP_ARCH_X86_64)
                return late.x86_64Number;
            warn("seccomp: %s is unknown to libseccomp on this architecture; not filtered", name);
            return -1;
        }
        die(ExitCode::SandboxFailed, "seccomp: syscall %s unknown to libseccomp on this architecture", name);
    }

    void deny(const char* name, int error)
    {
        const int nr = resolve(name);
        if (nr < 0)
            return;
        const int rc = seccomp_rule_add(m_ctx, SCMP_ACT_ERRNO(static_cast<std::uint32_t>(error)), nr, 0);
        if (rc != 0)
            die(ExitCode::SandboxFailed, "seccomp: rule %s -> %s: %s", name, strerrorname_np(error),
                std::strerror(-rc));
    }

    void denyIf(const char* name, int error, const scmp_arg_cmp& cmp, const char* rule)
    {
        const int rc =
            seccomp_rule_add_array(m_ctx, SCMP_ACT_ERRNO(static_cast<std::uint32_t>(error)), resolve(name), 1, &cmp);
        if (rc != 0)
            die(ExitCode::SandboxFailed, "seccomp: rule %s(%s) -> %s: %s", name, rule, strerrorname_np(error),
                std::strerror(-rc));
    }

    void load()
    {
        const int rc = seccomp_load(m_ctx);
        if (rc != 0)
            die(ExitCode::SandboxFailed, "seccomp: loading the filter: %s", std::strerror(-rc));
    }

private:
    scmp_filter_ctx m_ctx;
};

constexpr const char* kDeniedEperm[] = {
    // other processes' memory and descriptors
    "ptrace",
    "process_vm_readv",
    "process_vm_writev",
    "pidfd_getfd",
    "process_madvise",
    // the mount API, old and new
    "mount",
    "umount2",
    "pivot_root",
    "chroot",
    "open_tree",
    "open_tree_attr",
    "move_mount",
    "fsopen",
    "fsconfig",
    "fsmount",
    "fspick",
    "mount_setattr",
    // kernel attack surface and host-wide state
    "bpf",
    "perf_event_open",
    "userfaultfd",
    "keyctl",
    "add_key",
    "request_key",
    "kexec_load",
    "kexec_file_load",
    "init_module",
    "finit_module",
    "delete_module",
    "acct",
    "syslog",
    "swapon",
    "swapoff",
    "reboot",
    "quotactl",
    "quotactl_fd",
    "lookup_dcookie",
    "vhangup",
    "iopl",
    "ioperm",
    "uselib",
    "settimeofday",
    "clock_settime",
    "clock_adjtime",
    "adjtimex",
    "fanotify_init",
    "open_by_handle_at",
    "name_to_handle_at",
    "move_pages",
    "migrate_pages",
    "mbind",
    "set_mempolicy",
    "set_mempolicy_home_node",
    // kernel internals: the LDT, kernel object comparison, obsolete filesystem queries
    "modify_ldt",
    "kcmp",
    "sysfs",
    "ustat",
    // namespaces
    "setns",
    "unshare",
};

constexpr const char* kDeniedEnosys[] = {"io_uring_setup", "io_uring_enter", "io_uring_register", "clone3"};

constexpr std::uint64_t kNamespaceFlags[] = {
    CLONE_NEWUSER, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWIPC, CLONE_NEWUTS, CLONE_NEWCGROUP, CLONE_NEWTIME};

void addSocketFamilyRules(Filter& filter, const char* syscallName)
{
    // Allowed: AF_UNIX (1), AF_INET (2), AF_INET6 (10). Everything else is refused, including
    // families a future kernel adds (the GT rule): a 64-bit compare, so a value with high bits
    // set is refused too, which is the safe direction (the kernel would truncate it to an int).
    static_assert(AF_UNIX == 1 && AF_INET == 2 && AF_INET6 == 10);
    const std::uint64_t lowWord = 0xffffffffULL;
    filter.denyIf(syscallName, EAFNOSUPPORT, SCMP_A0(SCMP_CMP_MASKED_EQ, lowWord, 0), "AF_UNSPEC");
    for (std::uint64_t family = 3; family <= 9; ++family)
        filter.denyIf(syscallName, EAFNOSUPPORT, SCMP_A0(SCMP_CMP_MASKED_EQ, lowWord, family), "family 3..9");
    filter.denyIf(syscallName, EAFNOSUPPORT, SCMP_A0(SCMP_CMP_GT, 10, 0), "family > AF_INET6");
}

void addPersonalityRules(Filter& filter)
{
    // Allow exactly 0 (PER_LINUX) and 0xffffffff (query). libseccomp takes one comparison per
    // argument and rule, so "neither value" is written as a union: any 64-bit value above
    // 0xffffffff, and any value whose low 32 bits are not all equal (bit 0 differs from some bit i).
    filter.denyIf("personality", EPERM, SCMP_A0(SCMP_CMP_GT, 0xffffffffULL, 0), "above 32 bits");
    for (unsigned bit = 1; bit < 32; ++bit) {
        const std::uint64_t mask = 1ULL | (1ULL << bit);
        filter.denyIf("personality", EPERM, SCMP_A0(SCMP_CMP_MASKED_EQ, mask, 1ULL), "flag bits");
        filter.denyIf("personality", EPERM, SCMP_A0(SCMP_CMP_MASKED_EQ, mask, 1ULL << bit), "flag bits");
    }
}

} // namespace

void installSeccompFilter()
{
    int nnp = ::prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
    if (nnp < 0)
        dieErrno(ExitCode::SandboxFailed, "seccomp: PR_GET_NO_NEW_PRIVS");
    // A missing no_new_privs is a layer not in force, so it gets the self-check's answer
    // (SandboxUnavailable, "refusing to run") rather than a generic setup failure.
    if (nnp != 1)
        die(ExitCode::SandboxUnavailable,
            "refusing to run: no_new_privs is not in force (it must be set before the seccomp filter)");

    Filter filter;
    filter.attribute(SCMP_FLTATR_CTL_NNP, 0, "CTL_NNP");
    filter.attribute(SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS, "ACT_BADARCH");
    filter.attribute(SCMP_FLTATR_API_SYSRAWRC, 1, "API_SYSRAWRC");

    for (const char* name : kDeniedEperm)
        filter.deny(name, EPERM);
    for (const char* name : kDeniedEnosys)
        filter.deny(name, ENOSYS);

    for (const std::uint64_t flag : kNamespaceFlags)
        filter.denyIf("clone", EPERM, SCMP_A0(SCMP_CMP_MASKED_EQ, flag, flag), "CLONE_NEW*");

    addPersonalityRules(filter);

    // The request is an unsigned int in the kernel (tty_ioctl); compare only the low 32 bits.
    const std::uint64_t lowWord = 0xffffffffULL;
    filter.denyIf("ioctl", EPERM, SCMP_A1(SCMP_CMP_MASKED_EQ, lowWord, TIOCSTI), "TIOCSTI");
    filter.denyIf("ioctl", EPERM, SCMP_A1(SCMP_CMP_MASKED_EQ, lowWord, TIOCLINUX), "TIOCLINUX");

    addSocketFamilyRules(filter, "socket");
    addSocketFamilyRules(filter, "socketpair");

    filter.load();
}

} // namespace cordon::confine
