#include "SeccompNotifier.h"

#include "Die.h"
#include "EventWriter.h"
#include "Syscall.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/openat2.h>
#include <linux/seccomp.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5) // Linux 5.19
#endif
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64) // Linux 6.6
#endif
#ifndef NS_GET_PID_IN_PIDNS
#define NS_GET_PID_IN_PIDNS _IOR(0xb7, 0x8, int) // Linux 6.10 (<linux/nsfs.h>)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif

namespace cordon::confine {

namespace {

#if defined(__x86_64__)
constexpr std::uint32_t kNativeArch = AUDIT_ARCH_X86_64;
#elif defined(__aarch64__)
constexpr std::uint32_t kNativeArch = AUDIT_ARCH_AARCH64;
#else
#error "SeccompNotifier: add this architecture's AUDIT_ARCH (only x86_64 is built and tested)"
#endif

constexpr int kBatch = 16; // notifications served per poll round; the rest waits one round

long seccompCall(unsigned operation, unsigned flags, void* args)
{
    return ::syscall(SYS_seccomp, operation, flags, args);
}

// Reads the target's memory with process_vm_readv(2): no descriptor to open and close per call,
// no /proc lookup. The monitor may (ptrace access mode ATTACH, ptrace(2)): it is the target's
// ancestor and owns the sandbox's user namespace, and the target is stopped inside the notified
// call. Whether the pid still names that task is checked afterwards (NOTIF_ID_VALID).
class RemoteMemory {
public:
    explicit RemoteMemory(pid_t pid) : m_pid(pid) { }

    // Up to `max` bytes of the NUL-terminated string at `addr`; `complete` false when it was cut
    // or unreadable past some point. Reads page by page: a string may end just before a hole.
    std::string readString(std::uint64_t addr, std::size_t max, bool& complete) const
    {
        std::string out;
        complete = false;
        while (out.size() < max) {
            const std::size_t toPageEnd = kPage - static_cast<std::size_t>(addr % kPage);
            const std::size_t want = std::min({toPageEnd, max - out.size(), std::size_t(512)});
            char buf[512];
            const ssize_t n = read(addr, buf, want);
            if (n <= 0)
                return out;
            const void* nul = std::memchr(buf, '\0', static_cast<std::size_t>(n));
            if (nul != nullptr) {
                out.append(buf, static_cast<std::size_t>(static_cast<const char*>(nul) - buf));
                complete = true;
                return out;
            }
            out.append(buf, static_cast<std::size_t>(n));
            addr += static_cast<std::uint64_t>(n);
        }
        return out;
    }

    // Several NUL-terminated strings at once: one process_vm_readv for the first chunk of each
    // (a syscall per string is most of the cost of an exec event), then the slow path for any
    // string that goes on past its chunk or could not be read in the batch. `budget` bounds the
    // bytes of all strings together; `complete` is false when any was cut.
    std::vector<std::string> readStrings(
        const std::vector<std::uint64_t>& addrs, std::size_t budget, bool& complete) const
    {
        complete = true;
        constexpr std::size_t kChunk = 256;
        std::vector<char> chunks(addrs.size() * kChunk);
        std::vector<iovec> local(addrs.size());
        std::vector<iovec> remote(addrs.size());
        for (std::size_t i = 0; i < addrs.size(); ++i) {
            const std::size_t toPageEnd = kPage - static_cast<std::size_t>(addrs[i] % kPage);
            const std::size_t want = std::min(toPageEnd, kChunk);
            local[i] = {chunks.data() + i * kChunk, want};
            remote[i] = {reinterpret_cast<void*>(static_cast<std::uintptr_t>(addrs[i])), want};
        }
        ssize_t got = 0;
        if (!addrs.empty()) {
            got = retryOnEintr(
                [&] { return ::process_vm_readv(m_pid, local.data(), local.size(), remote.data(), remote.size(), 0); });
            if (got < 0 && errno == EPERM)
                m_denied = true;
        }
        std::size_t left = got > 0 ? static_cast<std::size_t>(got) : 0;
        std::vector<std::string> out;
        for (std::size_t i = 0; i < addrs.size(); ++i) {
            if (budget == 0) {
                complete = false;
                break;
            }
            const std::size_t have = std::min(left, local[i].iov_len); // iovecs are filled in order
            left -= have;
            const char* data = chunks.data() + i * kChunk;
            const void* nul = have > 0 ? std::memchr(data, '\0', std::min(have, budget)) : nullptr;
            std::string s;
            bool whole = false;
            if (nul != nullptr) {
                s.assign(data, static_cast<std::size_t>(static_cast<const char*>(nul) - data));
                whole = true;
            } else {
                s = readString(addrs[i], budget, whole); // longer than its chunk, or not in the batch
            }
            complete = complete && whole;
            budget -= std::min(budget, s.size() + 1);
            out.push_back(std::move(s));
        }
        return out;
    }

    ssize_t read(std::uint64_t addr, void* buf, std::size_t size) const
    {
        iovec local{buf, size};
        iovec remote{reinterpret_cast<void*>(static_cast<std::uintptr_t>(addr)), size};
        const ssize_t n = retryOnEintr([&] { return ::process_vm_readv(m_pid, &local, 1, &remote, 1, 0); });
        if (n < 0 && errno == EPERM)
            m_denied = true;
        return n;
    }

    // A read was refused by the ptrace access check (not a bad address).
    bool denied() const noexcept { return m_denied; }

private:
    static constexpr std::size_t kPage = 4096; // the smallest page: chunks never cross one
    pid_t m_pid;
    mutable bool m_denied = false;
};

// execvp(3) and shells try each PATH directory in turn, and most of those calls fail with ENOENT
// having run nothing: logged as they come, a person reads "/usr/local/bin/curl started" for a
// file that does not exist. The notification arrives before the kernel looks the path up, so look
// it up here, in the caller's own root: openat2(2) with RESOLVE_IN_ROOT, so that an absolute
// symbolic link resolves inside the sandbox and not in the monitor's tree. Only a definite "no
// such file" drops the event; anything else (a relative path, a /proc refusal, EACCES) keeps it.
// Informational like the event itself: the kernel's own lookup, not this one, decides the call.
bool mayExist(pid_t pid, const std::string& path)
{
    if (path.empty() || path.front() != '/')
        return true;
    char root[48];
    std::snprintf(root, sizeof root, "/proc/%d/root", static_cast<int>(pid));
    const UniqueFd rootFd(retryOnEintr([&] { return ::open(root, O_PATH | O_DIRECTORY | O_CLOEXEC); }));
    if (!rootFd)
        return true;
    open_how how{};
    how.flags = O_PATH | O_CLOEXEC;
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
    const UniqueFd file(retryOnEintr(
        [&] { return static_cast<int>(::syscall(SYS_openat2, rootFd.get(), path.c_str(), &how, sizeof how)); }));
    return file || (errno != ENOENT && errno != ENOTDIR);
}

// The pid inside the sandbox: the last field of "NSpid:" in /proc/PID/status (the slow way).
pid_t namespacePidFromStatus(pid_t pid)
{
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d/status", static_cast<int>(pid));
    UniqueFd fd(retryOnEintr([&] { return ::open(path, O_RDONLY | O_CLOEXEC); }));
    if (!fd)
        return 0;
    char buf[4096];
    const ssize_t n = retryOnEintr([&] { return ::read(fd.get(), buf, sizeof buf - 1); });
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    const char* line = std::strstr(buf, "\nNSpid:");
    if (line == nullptr)
        return 0;
    const char* end = std::strchr(line + 1, '\n');
    const char* p = line + 7;
    long last = 0;
    while (p != end && *p != '\0') {
        char* next = nullptr;
        const long v = std::strtol(p, &next, 10);
        if (next == p)
            break;
        last = v;
        p = next;
    }
    return static_cast<pid_t>(last);
}

bool idValid(int listener, std::uint64_t id)
{
    return ::ioctl(listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) == 0;
}

} // namespace

UniqueFd SeccompNotifier::install()
{
    // Hand-written rather than libseccomp: a dozen instructions that can be read at a glance, and
    // SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV, which libseccomp 2.5 cannot set. Without that flag a
    // caller interrupted by a signal (Go's runtime preempts with SIGURG all the time) restarts the
    // call and is notified, and logged, again.
    sock_filter code[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, kNativeArch, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), // a foreign ABI: the main filter kills it
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
#if defined(__x86_64__)
        BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, __X32_SYSCALL_BIT, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), // x32: the main filter kills it
#endif
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_execve, 3, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_execveat, 2, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_connect, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
    };
    sock_fprog program{static_cast<unsigned short>(sizeof code / sizeof code[0]), code};
    if (::prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
        die(ExitCode::SandboxUnavailable, "refusing to run: no_new_privs is not in force before the exec-event filter");
    long fd = seccompCall(
        SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER | SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV, &program);
    if (fd < 0 && errno == EINVAL) // before Linux 5.19: duplicates after signals, nothing worse
        fd = seccompCall(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &program);
    if (fd < 0)
        dieErrno(ExitCode::SandboxFailed, "installing the exec-event seccomp filter");
    UniqueFd listener(static_cast<int>(fd));
    // The kernel makes it close-on-exec; make sure, since the command must never hold it (with it,
    // the sandbox could answer its own notifications).
    const int flags = ::fcntl(listener.get(), F_GETFD);
    if (flags < 0 || ((flags & FD_CLOEXEC) == 0 && ::fcntl(listener.get(), F_SETFD, flags | FD_CLOEXEC) != 0))
        dieErrno(ExitCode::SandboxFailed, "making the seccomp listener close-on-exec");
    return listener;
}

SeccompNotifier::ConnectVerdict SeccompNotifier::judgeConnect(const unsigned char* addr, std::size_t length)
{
    ConnectVerdict verdict;
    sa_family_t family = AF_UNSPEC;
    if (length < sizeof family)
        return verdict; // the kernel refuses it itself (EINVAL)
    std::memcpy(&family, addr, sizeof family);
    char text[INET6_ADDRSTRLEN] = {};
    if (family == AF_INET && length >= sizeof(sockaddr_in)) {
        sockaddr_in in{};
        std::memcpy(&in, addr, sizeof in);
        const std::uint32_t host = ntohl(in.sin_addr.s_addr);
        // 127/8 is loopback; 0.0.0.0 means "this host" to Linux's connect(), which then reaches lo.
        if ((host >> 24) == 127 || host == INADDR_ANY)
            return verdict;
        verdict.refuse = true;
        verdict.port = ntohs(in.sin_port);
        verdict.address = ::inet_ntop(AF_INET, &in.sin_addr, text, sizeof text) ? text : "";
        return verdict;
    }
    // SIN6_LEN_RFC2133 (24 bytes, without sin6_scope_id) is the shortest the kernel accepts.
    constexpr std::size_t kMinInet6 = offsetof(sockaddr_in6, sin6_scope_id);
    if (family == AF_INET6 && length >= kMinInet6) {
        sockaddr_in6 in6{};
        std::memcpy(&in6, addr, std::min(length, sizeof in6));
        const in6_addr& a = in6.sin6_addr;
        if (IN6_IS_ADDR_LOOPBACK(&a) || IN6_IS_ADDR_UNSPECIFIED(&a))
            return verdict;
        if (IN6_IS_ADDR_V4MAPPED(&a) && (a.s6_addr[12] == 127 || (a.s6_addr[12] == 0 && a.s6_addr[13] == 0 &&
                                                                     a.s6_addr[14] == 0 && a.s6_addr[15] == 0)))
            return verdict;
        verdict.refuse = true;
        verdict.inet6 = true;
        verdict.port = ntohs(in6.sin6_port);
        verdict.address = ::inet_ntop(AF_INET6, &a, text, sizeof text) ? text : "";
        return verdict;
    }
    // AF_UNIX (the proxy bridge, local daemons), AF_UNSPEC (dissolving a UDP association), short
    // addresses and other families: the kernel decides; none of them leaves the sandbox.
    return verdict;
}

SeccompNotifier::SeccompNotifier(UniqueFd listener, UniqueFd pidNamespace)
    : m_listener(std::move(listener)), m_pidNamespace(std::move(pidNamespace))
{
    // The kernel's structures may be larger than this build's headers (seccomp_unotify(2)).
    seccomp_notif_sizes sizes{};
    if (seccompCall(SECCOMP_GET_NOTIF_SIZES, 0, &sizes) != 0) {
        sizes.seccomp_notif = sizeof(seccomp_notif);
        sizes.seccomp_notif_resp = sizeof(seccomp_notif_resp);
    }
    m_request.assign(std::max<std::size_t>(sizes.seccomp_notif, sizeof(seccomp_notif)), 0);
    m_response.assign(std::max<std::size_t>(sizes.seccomp_notif_resp, sizeof(seccomp_notif_resp)), 0);
    // Synchronous wake-ups (Linux 6.6, added for gVisor): the notifying task hands its CPU to us
    // and we hand it back with the answer, instead of two ordinary wake-ups that each wait for a
    // scheduler decision. Each exec waits for a round trip through this process, so on a busy
    // machine this is most of the cost of exec events. Older kernels: EINVAL, ordinary wake-ups.
    const std::uint64_t flags = SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP;
    (void)::ioctl(m_listener.get(), SECCOMP_IOCTL_NOTIF_SET_FLAGS, flags);
}

pid_t SeccompNotifier::namespacePid(pid_t pid)
{
    if (m_pidNamespace) {
        const int nsPid = ::ioctl(m_pidNamespace.get(), NS_GET_PID_IN_PIDNS, pid);
        if (nsPid > 0)
            return nsPid;
        if (errno != ENOTTY && errno != EINVAL)
            return 0;           // ESRCH: gone
        m_pidNamespace.reset(); // a kernel before 6.10: the slow way from now on
    }
    return namespacePidFromStatus(pid);
}

bool SeccompNotifier::serve(EventWriter& events)
{
    for (int i = 0; i < kBatch; ++i) {
        if (!serveOne(events))
            return false;
        pollfd p{m_listener.get(), POLLIN, 0};
        const int ready = retryOnEintr([&] { return ::poll(&p, 1, 0); });
        if (ready <= 0 || (p.revents & POLLIN) == 0)
            break;
    }
    return true;
}

bool SeccompNotifier::serveOne(EventWriter& events)
{
    std::fill(m_request.begin(), m_request.end(), 0); // RECV wants it zeroed
    auto* request = reinterpret_cast<seccomp_notif*>(m_request.data());
    if (retryOnEintr([&] { return ::ioctl(m_listener.get(), SECCOMP_IOCTL_NOTIF_RECV, request); }) != 0) {
        // ENOENT: the caller was killed between poll and RECV; nothing to answer.
        if (errno == ENOENT)
            return true;
        warn("exec events: reading a seccomp notification failed: %s", std::strerror(errno));
        return false;
    }
    const std::uint64_t id = request->id;
    const pid_t pid = static_cast<pid_t>(request->pid);
    const int nr = request->data.nr;
    const auto* args = request->data.args;

    std::fill(m_response.begin(), m_response.end(), 0);
    auto* response = reinterpret_cast<seccomp_notif_resp*>(m_response.data());
    response->id = id;
    // Logging only (see the header): the kernel runs the call as if we were not there.
    response->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;

    bool isExec = false;
    std::string exe;
    std::vector<std::string> argv;
    bool truncated = false;
    pid_t nsPid = 0;
    ConnectVerdict verdict;
    bool valid = false;

    const bool exec = nr == __NR_execve || nr == __NR_execveat;
    if (request->data.arch == kNativeArch) {
        const RemoteMemory memory(pid);
        if (exec) {
            isExec = true;
            const std::uint64_t pathAddr = nr == __NR_execve ? args[0] : args[1];
            std::uint64_t argvAddr = nr == __NR_execve ? args[1] : args[2];
            bool complete = false;
            // Two reads in the common case: the path's first chunk together with the argv
            // pointers up to the end of their page, then every argument's first chunk at once.
            constexpr std::size_t kPathChunk = 256;
            char pathChunk[kPathChunk];
            std::uint64_t pointerChunk[kMaxArgs + 1];
            const std::size_t pathWant =
                std::min<std::size_t>(kPathChunk, 4096 - static_cast<std::size_t>(pathAddr % 4096));
            const std::size_t pointerWant =
                argvAddr == 0 ? 0 : std::min<std::size_t>(sizeof pointerChunk, (4096 - argvAddr % 4096) / 8 * 8);
            iovec local[2] = {{pathChunk, pathWant}, {pointerChunk, pointerWant}};
            iovec remote[2] = {{reinterpret_cast<void*>(static_cast<std::uintptr_t>(pathAddr)), pathWant},
                {reinterpret_cast<void*>(static_cast<std::uintptr_t>(argvAddr)), pointerWant}};
            const ssize_t got = retryOnEintr([&] {
                return ::process_vm_readv(pid, local, pointerWant == 0 ? 1 : 2, remote, pointerWant == 0 ? 1 : 2, 0);
            });
            const std::size_t gotPath = got > 0 ? std::min(static_cast<std::size_t>(got), pathWant) : 0;
            const std::size_t gotPointers = got > 0 ? static_cast<std::size_t>(got) - gotPath : 0;
            const void* nul = std::memchr(pathChunk, '\0', gotPath);
            if (nul != nullptr) {
                exe.assign(pathChunk, static_cast<std::size_t>(static_cast<const char*>(nul) - pathChunk));
            } else {
                exe = memory.readString(pathAddr, kMaxPathBytes, complete); // long, or not in the batch
                truncated = !complete;
            }
            std::vector<std::uint64_t> pointers;
            bool ended = argvAddr == 0;
            const auto take = [&](const std::uint64_t* words, std::size_t count) {
                for (std::size_t i = 0; i < count && !ended; ++i) {
                    if (words[i] == 0)
                        ended = true;
                    else
                        pointers.push_back(words[i]);
                }
            };
            if (got >= 0 && gotPath == pathWant && gotPointers >= sizeof pointerChunk[0]) {
                take(pointerChunk, gotPointers / sizeof pointerChunk[0]);
                argvAddr += gotPointers / sizeof pointerChunk[0] * sizeof pointerChunk[0];
            }
            while (!ended && pointers.size() <= kMaxArgs) { // past the page, or not in the batch
                const std::size_t toPageEnd = 4096 - static_cast<std::size_t>(argvAddr % 4096);
                const std::size_t words =
                    std::min({toPageEnd / sizeof(std::uint64_t), kMaxArgs + 1 - pointers.size(), kMaxArgs + 1});
                const ssize_t n = words == 0 ? -1 : memory.read(argvAddr, pointerChunk, words * sizeof pointerChunk[0]);
                if (n < static_cast<ssize_t>(sizeof pointerChunk[0])) {
                    truncated = true;
                    break;
                }
                take(pointerChunk, static_cast<std::size_t>(n) / sizeof pointerChunk[0]);
                argvAddr += static_cast<std::uint64_t>(n);
            }
            if (pointers.size() > kMaxArgs) {
                pointers.resize(kMaxArgs);
                truncated = true;
            }
            argv = memory.readStrings(pointers, kMaxArgBytes, complete);
            truncated = truncated || !complete;
        } else if (nr == __NR_connect) {
            unsigned char address[sizeof(sockaddr_storage)] = {};
            const std::size_t length = std::min<std::uint64_t>(args[2], sizeof address);
            const ssize_t n = args[1] == 0 ? -1 : memory.read(args[1], address, length);
            if (n > 0)
                verdict = judgeConnect(address, static_cast<std::size_t>(n));
        }
        if (exec) {
            nsPid = namespacePid(pid); // one ioctl, while the task waits: it is the right one
            isExec = truncated || mayExist(pid, exe);
        }
        // After reading, before trusting it: while the notification is pending its task is alive,
        // so the pid we read from was not reused in between (seccomp_unotify(2), "Caveats").
        valid = idValid(m_listener.get(), id);
        if (exec && memory.denied() && valid && !m_memoryWarned) {
            // Calls still go on (CONTINUE), only their events are lost: said once. (A connect()
            // of the proxy bridge, a non-dumpable child of the shim, is unreadable by design when
            // the monitor is not root; it is a Unix socket's, and the kernel decides it anyway.)
            warn("exec events: cannot read the memory of sandboxed processes; events are incomplete");
            m_memoryWarned = true;
        }
    }
    if (valid && verdict.refuse) {
        response->flags = 0;
        response->error = -ENETUNREACH;
    }
    if (retryOnEintr([&] { return ::ioctl(m_listener.get(), SECCOMP_IOCTL_NOTIF_SEND, response); }) != 0 &&
        errno != ENOENT) {
        warn("exec events: answering a seccomp notification failed: %s", std::strerror(errno));
        return false;
    }
    if (!valid)
        return true; // the caller is gone: nothing to report about it
    if (isExec)
        events.exec(pid, nsPid, exe, argv, truncated);
    else if (verdict.refuse)
        events.netDirect(pid, verdict.inet6, verdict.address, verdict.port);
    return true;
}

} // namespace cordon::confine
