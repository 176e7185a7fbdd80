#include "Capabilities.h"

// Order (capabilities(7)):
//  1. securebits: NOROOT, NO_SETUID_FIXUP and NO_CAP_AMBIENT_RAISE on, KEEP_CAPS off, all locked,
//     so that neither exec as uid 0 nor a uid change can bring capabilities back. Needs
//     CAP_SETPCAP, so it comes first.
//  2. bounding set: drop every capability up to the kernel's last one (needs CAP_SETPCAP too).
//  3. ambient set cleared.
//  4. capset(): effective, permitted and inheritable all zero (this gives up CAP_SETPCAP).
//  5. read back with capget(): all zero, or die.

#include "Die.h"
#include "Syscall.h"
#include "UniqueFd.h"

#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SECBIT_NO_CAP_AMBIENT_RAISE
#define SECBIT_NO_CAP_AMBIENT_RAISE (1 << 6)        // Linux 4.3
#define SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED (1 << 7) // Linux 4.3
#endif

namespace cordon::confine {

namespace {

// The highest capability number the running kernel knows. /proc/sys/kernel/cap_last_cap is the
// documented source; when /proc is not (yet) mounted, PR_CAPBSET_READ answers EINVAL past the end.
int lastCapability()
{
    const int fd = retryOnEintr([] { return ::open("/proc/sys/kernel/cap_last_cap", O_RDONLY | O_CLOEXEC); });
    if (fd >= 0) {
        const UniqueFd file(fd);
        char buf[16] = {};
        const ssize_t n = retryOnEintr([&] { return ::read(file.get(), buf, sizeof buf - 1); });
        if (n <= 0)
            dieErrno(ExitCode::SandboxFailed, "capabilities: reading /proc/sys/kernel/cap_last_cap");
        char* end = nullptr;
        const long last = std::strtol(buf, &end, 10);
        if (end == buf || last < 0 || last > 63)
            die(ExitCode::SandboxFailed, "capabilities: unexpected cap_last_cap \"%s\"", buf);
        return static_cast<int>(last);
    }
    int cap = 0;
    while (cap < 64 && ::prctl(PR_CAPBSET_READ, cap, 0, 0, 0) >= 0)
        ++cap;
    if (cap == 0)
        dieErrno(ExitCode::SandboxFailed, "capabilities: PR_CAPBSET_READ");
    return cap - 1;
}

} // namespace

void dropAllCapabilities()
{
    const unsigned long securebits = SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | SECBIT_NO_SETUID_FIXUP |
                                     SECBIT_NO_SETUID_FIXUP_LOCKED | SECBIT_KEEP_CAPS_LOCKED |
                                     SECBIT_NO_CAP_AMBIENT_RAISE | SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED;
    if (::prctl(PR_SET_SECUREBITS, securebits, 0, 0, 0) != 0)
        dieErrno(ExitCode::SandboxFailed, "capabilities: PR_SET_SECUREBITS 0x%lx", securebits);

    const int last = lastCapability();
    for (int cap = 0; cap <= last; ++cap) {
        if (::prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0)
            dieErrno(ExitCode::SandboxFailed, "capabilities: PR_CAPBSET_DROP %d", cap);
    }

    if (::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0)
        dieErrno(ExitCode::SandboxFailed, "capabilities: PR_CAP_AMBIENT_CLEAR_ALL");

    struct __user_cap_header_struct header { };
    header.version = _LINUX_CAPABILITY_VERSION_3;
    header.pid = 0;
    struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};
    if (::syscall(SYS_capset, &header, data) != 0)
        dieErrno(ExitCode::SandboxFailed, "capabilities: capset to zero");

    struct __user_cap_data_struct check[_LINUX_CAPABILITY_U32S_3] = {};
    header.version = _LINUX_CAPABILITY_VERSION_3;
    header.pid = 0;
    if (::syscall(SYS_capget, &header, check) != 0)
        dieErrno(ExitCode::SandboxFailed, "capabilities: capget");
    for (const auto& word : check) {
        if (word.effective != 0 || word.permitted != 0 || word.inheritable != 0)
            die(ExitCode::SandboxFailed, "capabilities: still held after capset (eff 0x%x prm 0x%x inh 0x%x)",
                word.effective, word.permitted, word.inheritable);
    }
    for (int cap = 0; cap <= last; ++cap) {
        const int held = ::prctl(PR_CAPBSET_READ, cap, 0, 0, 0);
        if (held != 0)
            die(ExitCode::SandboxFailed, "capabilities: capability %d still in the bounding set", cap);
    }
}

} // namespace cordon::confine
