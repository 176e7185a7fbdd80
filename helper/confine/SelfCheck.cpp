#include "SelfCheck.h"

// Reads back from the kernel what the sandbox applied, just before exec, and refuses to run the
// command when a layer is missing. Runs under the seccomp filter and Landlock, so it only opens
// files under /proc (read-only there) and probes the canary.
//
// | check                                   | source                                  |
// |-----------------------------------------|-----------------------------------------|
// | no_new_privs                            | /proc/self/status NoNewPrivs: 1         |
// | seccomp filter                          | /proc/self/status Seccomp: 2            |
// | no capabilities                         | CapInh/CapPrm/CapEff/CapBnd/CapAmb: 0   |
// | Landlock domain                         | creating a file on the canary -> EACCES |
// | only loopback                           | /proc/self/net/dev lists only `lo`      |

#include "Die.h"
#include "Syscall.h"
#include "UniqueFd.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
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

} // namespace

void verifyConfinement(const SelfCheckExpectations& expected)
{
    char status[8192];
    readProcFile("/proc/self/status", status, sizeof status);
    expectField(status, "NoNewPrivs", "1", "no_new_privs");
    if (expected.seccomp)
        expectField(status, "Seccomp", "2", "the seccomp filter");
    expectField(status, "CapInh", "0000000000000000", "the capability drop");
    expectField(status, "CapPrm", "0000000000000000", "the capability drop");
    expectField(status, "CapEff", "0000000000000000", "the capability drop");
    expectField(status, "CapBnd", "0000000000000000", "the capability drop");
    expectField(status, "CapAmb", "0000000000000000", "the capability drop");

    if (expected.landlock)
        checkLandlockCanary(expected.landlockCanaryFd);

    checkOnlyLoopback();

    if (expected.landlockCanaryFd >= 0) {
        // The canary's tmpfs goes away with its last descriptor.
        UniqueFd canary(expected.landlockCanaryFd);
    }
}

} // namespace cordon::confine
