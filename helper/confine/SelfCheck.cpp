#include "SelfCheck.h"

// Reads back from the kernel what the sandbox applied, just before exec, and refuses to run the
// command when a layer is missing. Runs under the seccomp filter and Landlock, so it only opens
// files under /proc (read-only there) and probes the canary.
//
// | check                                   | source                                  |
// |-----------------------------------------|-----------------------------------------|
// | no_new_privs                            | /proc/self/status NoNewPrivs: 1         |
// | seccomp filter                          | /proc/self/status Seccomp: 2            |
// | ... ours, not only an inherited one     | Seccomp_filters grew by exactly ours:   |
// |                                         |   1, or 2 with the exec-event notifier  |
// | ... the notifier's listener is one      | /proc/self/fd/N -> anon_inode:seccomp   |
// |                                         |   notify                                |
// | ... and it answers as ours does         | clone3(NULL, 0) -> ENOSYS (kernel:      |
// |                                         |   EINVAL)                               |
// | no capabilities                         | CapInh/CapPrm/CapEff/CapBnd/CapAmb: 0   |
// | Landlock domain                         | creating a file on the canary -> EACCES |
// | only loopback                           | /proc/self/net/dev lists only `lo`      |
// | pid namespace                           | getpid() == 1                           |
// | user namespace                          | /proc/self/uid_map: one line, count 1   |
// | mount namespace, new root               | statfs("/") TMPFS_MAGIC, ST_RDONLY      |
//
// Why the seccomp check is three-fold (security review M2): "Seccomp: 2" only says that some
// filter is in force, and a launcher inside Docker or under systemd's SystemCallFilter= hands
// its own to us, so a sandbox that never installed ours would pass. The caller counts the
// filters before installing ours and we require the count to have grown. The canary is a
// behaviour only our filter has and that has no side effect: clone3 with a NULL argument and
// size 0 is EINVAL for the kernel (size below CLONE_ARGS_SIZE_VER0, checked before anything is
// done) and ENOSYS under our filter. (Docker's default profile also answers ENOSYS for clone3,
// which is why the count is checked too.)

#include "Die.h"
#include "Syscall.h"
#include "UniqueFd.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace cordon::confine {

namespace {

// Reads a small /proc file whole into buf (NUL-terminated). Dies when it cannot: a check that
// cannot be made is a check that failed.
void readProcFile(const char* path, char* buf, size_t size)
{
    const int fd = retryOnEintr([&] { return ::open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW); });
    if (fd < 0)
        dieErrno(ExitCode::SandboxUnavailable, "refusing to run: cannot verify the sandbox (open %s)", path);
    const UniqueFd file(fd);
    size_t used = 0;
    for (;;) {
        if (used + 1 >= size)
            die(ExitCode::SandboxUnavailable, "refusing to run: cannot verify the sandbox (%s is too large)", path);
        const ssize_t n = retryOnEintr([&] { return ::read(file.get(), buf + used, size - 1 - used); });
        if (n < 0)
            dieErrno(ExitCode::SandboxUnavailable, "refusing to run: cannot verify the sandbox (read %s)", path);
        if (n == 0)
            break;
        used += static_cast<size_t>(n);
    }
    buf[used] = '\0';
}

// The value after "Name:\t" on its own line, or nullptr.
const char* statusField(const char* status, const char* name, char* value, size_t size)
{
    const size_t nameLen = std::strlen(name);
    const char* line = status;
    while (*line != '\0') {
        const char* end = std::strchr(line, '\n');
        const size_t lineLen = end != nullptr ? static_cast<size_t>(end - line) : std::strlen(line);
        if (lineLen > nameLen && std::strncmp(line, name, nameLen) == 0 && line[nameLen] == ':') {
            const char* v = line + nameLen + 1;
            while (*v == ' ' || *v == '\t')
                ++v;
            size_t vLen = lineLen - static_cast<size_t>(v - line);
            if (vLen >= size)
                vLen = size - 1;
            std::memcpy(value, v, vLen);
            value[vLen] = '\0';
            return value;
        }
        if (end == nullptr)
            break;
        line = end + 1;
    }
    return nullptr;
}

void expectField(const char* status, const char* name, const char* expected, const char* layer)
{
    char value[64];
    if (statusField(status, name, value, sizeof value) == nullptr)
        die(ExitCode::SandboxUnavailable, "refusing to run: %s is not in force (/proc/self/status has no %s)", layer,
            name);
    if (std::strcmp(value, expected) != 0)
        die(ExitCode::SandboxUnavailable, "refusing to run: %s is not in force (%s is %s, expected %s)", layer, name,
            value, expected);
}

void checkLandlockCanary(int canaryFd)
{
    if (canaryFd < 0)
        die(ExitCode::SandboxUnavailable, "refusing to run: Landlock is not in force (no canary to verify it)");
    const int fd = retryOnEintr(
        [&] { return ::openat(canaryFd, "probe", O_CREAT | O_WRONLY | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600); });
    if (fd >= 0) {
        UniqueFd created(fd);
        die(ExitCode::SandboxUnavailable,
            "refusing to run: Landlock is not in force (a file could be created outside every rule)");
    }
    if (errno != EACCES)
        dieErrno(ExitCode::SandboxUnavailable,
            "refusing to run: Landlock is not in force (the canary probe failed with something other than "
            "EACCES)");
}

void checkOnlyLoopback()
{
    char dev[8192];
    readProcFile("/proc/self/net/dev", dev, sizeof dev);
    // Two header lines, then one "  <name>: <counters>" line per interface.
    const char* line = dev;
    int lineNo = 0;
    bool sawLoopback = false;
    while (*line != '\0') {
        const char* end = std::strchr(line, '\n');
        if (lineNo >= 2) {
            const char* name = line;
            while (*name == ' ')
                ++name;
            const char* colon = std::strchr(name, ':');
            if (colon == nullptr || (end != nullptr && colon > end))
                die(ExitCode::SandboxUnavailable, "refusing to run: network namespace not verifiable (bad "
                                                  "/proc/self/net/dev line)");
            const size_t len = static_cast<size_t>(colon - name);
            if (len == 2 && std::strncmp(name, "lo", 2) == 0) {
                sawLoopback = true;
            } else {
                die(ExitCode::SandboxUnavailable,
                    "refusing to run: the network namespace is not in force (interface %.*s is visible)",
                    static_cast<int>(len), name);
            }
        }
        ++lineNo;
        if (end == nullptr)
            break;
        line = end + 1;
    }
    if (!sawLoopback)
        die(ExitCode::SandboxUnavailable,
            "refusing to run: the network namespace is not in force (/proc/self/net/dev lists no lo)");
}

int filterCountIn(const char* status)
{
    char value[64];
    if (statusField(status, "Seccomp_filters", value, sizeof value) == nullptr)
        die(ExitCode::SandboxUnavailable,
            "refusing to run: cannot verify the seccomp filter (/proc/self/status has no Seccomp_filters; "
            "Linux 5.9 or later is needed)");
    char* end = nullptr;
    const long count = std::strtol(value, &end, 10);
    if (end == value || *end != '\0' || count < 0 || count > 100000)
        die(ExitCode::SandboxUnavailable, "refusing to run: cannot verify the seccomp filter (Seccomp_filters is %s)",
            value);
    return static_cast<int>(count);
}

void checkNotifierListener(int fd)
{
    char path[64];
    std::snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    char link[64] = {};
    const ssize_t n = ::readlink(path, link, sizeof link - 1);
    if (n < 0)
        dieErrno(ExitCode::SandboxUnavailable, "refusing to run: cannot verify the exec-event notifier (%s)", path);
    if (std::strcmp(link, "anon_inode:seccomp notify") != 0)
        die(ExitCode::SandboxUnavailable,
            "refusing to run: the exec-event notifier is not in force (its descriptor is %s)", link);
}

void checkSeccomp(const char* status, int filtersBefore, int ownFilters, int notifierFd)
{
    expectField(status, "Seccomp", "2", "the seccomp filter");
    const int filters = filterCountIn(status);
    if (filtersBefore < 0)
        die(ExitCode::SandboxUnavailable,
            "refusing to run: the seccomp filter is not verifiable (the filter count before it was not recorded)");
    if (filters <= filtersBefore)
        die(ExitCode::SandboxUnavailable,
            "refusing to run: the seccomp filter is not in force (Seccomp_filters is %d, was %d before: only an "
            "inherited filter is running)",
            filters, filtersBefore);
    if (filters != filtersBefore + ownFilters)
        die(ExitCode::SandboxUnavailable,
            "refusing to run: the seccomp filters are not as installed (Seccomp_filters is %d, expected %d: %d "
            "before and %d of ours)",
            filters, filtersBefore + ownFilters, filtersBefore, ownFilters);
    if (ownFilters > 1) {
        if (notifierFd < 0)
            die(ExitCode::SandboxUnavailable, "refusing to run: the exec-event notifier has no listener");
        checkNotifierListener(notifierFd);
    }
    errno = 0;
    const long rc = ::syscall(SYS_clone3, nullptr, 0);
    if (rc != -1 || errno != ENOSYS)
        die(ExitCode::SandboxUnavailable,
            "refusing to run: the seccomp filter is not in force (the clone3 canary got %s instead of ENOSYS)",
            rc == -1 ? strerrorname_np(errno) : "success");
}

void checkNamespaces()
{
    if (::getpid() != 1)
        die(ExitCode::SandboxUnavailable,
            "refusing to run: the pid namespace is not in force (the sandbox's init is pid %d, not 1)",
            static_cast<int>(::getpid()));
    char map[512];
    readProcFile("/proc/self/uid_map", map, sizeof map);
    // Exactly one line "inside outside count" with count 1: the user's own id and nothing else.
    unsigned long inside = 0;
    unsigned long outside = 0;
    unsigned long count = 0;
    int consumed = 0;
    const char* newline = std::strchr(map, '\n');
    if (std::sscanf(map, "%lu %lu %lu%n", &inside, &outside, &count, &consumed) != 3 || count != 1 ||
        newline == nullptr || newline[1] != '\0')
        die(ExitCode::SandboxUnavailable,
            "refusing to run: the user namespace is not in force (/proc/self/uid_map maps more than one id)");
    struct statfs fs { };
    if (::statfs("/", &fs) != 0)
        dieErrno(ExitCode::SandboxUnavailable, "refusing to run: cannot verify the sandbox's root (statfs)");
    struct statvfs vfs { };
    if (::statvfs("/", &vfs) != 0)
        dieErrno(ExitCode::SandboxUnavailable, "refusing to run: cannot verify the sandbox's root (statvfs)");
    if (static_cast<unsigned long>(fs.f_type) != TMPFS_MAGIC || (vfs.f_flag & ST_RDONLY) == 0)
        die(ExitCode::SandboxUnavailable,
            "refusing to run: the sandbox's root is not in force (\"/\" is not a read-only tmpfs)");
}

} // namespace

int seccompFilterCount()
{
    char status[8192];
    readProcFile("/proc/self/status", status, sizeof status);
    return filterCountIn(status);
}

void verifyConfinement(const SelfCheckExpectations& expected)
{
    char status[8192];
    readProcFile("/proc/self/status", status, sizeof status);
    expectField(status, "NoNewPrivs", "1", "no_new_privs");
    if (expected.seccomp)
        checkSeccomp(status, expected.seccompFiltersBefore, expected.ownSeccompFilters, expected.notifierFd);
    expectField(status, "CapInh", "0000000000000000", "the capability drop");
    expectField(status, "CapPrm", "0000000000000000", "the capability drop");
    expectField(status, "CapEff", "0000000000000000", "the capability drop");
    expectField(status, "CapBnd", "0000000000000000", "the capability drop");
    expectField(status, "CapAmb", "0000000000000000", "the capability drop");

    if (expected.landlock)
        checkLandlockCanary(expected.landlockCanaryFd);

    checkOnlyLoopback();
    if (expected.namespaces)
        checkNamespaces();

    if (expected.landlockCanaryFd >= 0) {
        // The canary's tmpfs goes away with its last descriptor.
        UniqueFd canary(expected.landlockCanaryFd);
    }
}

} // namespace cordon::confine
