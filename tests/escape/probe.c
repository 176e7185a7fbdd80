// cordon-escape-probe: one escape attempt per invocation, named after the class or advisory it covers.
//
//   probe NAME [ARGS...]   prints one line and exits:
//       "NAME: contained (<detail>)"   0   the sandbox held (the exact errno where it is a syscall)
//       "NAME: BREACH (<detail>)"      1   the attempt worked, or reached the kernel unfiltered
//       "NAME: unsupported (<detail>)" 77  only where the kernel lacks the feature ("kernel lacks ...")
//   probe --list           prints every probe name
//
// The same binary runs inside the sandbox (where every probe must say "contained") and in a control
// environment where the attempt must succeed (unconfined, a bare user namespace, root, or a more
// permissive cordonctl option), which proves that each probe can detect a breach. tests/escape/README.md
// lists the probes, the advisory behind each and its control; tst_escapeprobes.cpp runs both.
//
// Plain C and libc only, so that it can be linked statically and copied into a workspace.

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/ipc.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

// Newer than Debian 12's 6.1 UAPI headers, or absent from glibc 2.36.
#ifndef SYS_clone3
#define SYS_clone3 435 // Linux 5.3
#endif
#ifndef SYS_fsopen
#define SYS_fsopen 430 // Linux 5.2
#endif
#ifndef SYS_open_tree
#define SYS_open_tree 428 // Linux 5.2
#endif
#ifndef SYS_io_uring_setup
#define SYS_io_uring_setup 425 // Linux 5.1
#endif
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434 // Linux 5.3
#endif
#ifndef AF_VSOCK
#define AF_VSOCK 40
#endif
#ifndef AF_ALG
#define AF_ALG 38
#endif
#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#endif
#ifndef UFFD_USER_MODE_ONLY
#define UFFD_USER_MODE_ONLY 1 // Linux 5.11
#endif
#ifndef TIOCL_GETSHIFTSTATE
#define TIOCL_GETSHIFTSTATE 6
#endif
#define X32_SYSCALL_BIT 0x40000000UL

static const char* g_name = "probe";

__attribute__((format(printf, 2, 3))) static int report(int code, const char* fmt, ...)
{
    char detail[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    const char* word = code == 0 ? "contained" : code == 1 ? "BREACH" : "unsupported";
    printf("%s: %s (%s)\n", g_name, word, detail);
    fflush(stdout);
    return code;
}
#define CONTAINED(...) report(0, __VA_ARGS__)
#define BREACH(...) report(1, __VA_ARGS__)
#define UNSUPPORTED(...) report(77, __VA_ARGS__)

static int mustNotRead(const char* path, const char* label);

static const char* errname(int e)
{
    switch (e) {
    case 0: return "success";
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case ESRCH: return "ESRCH";
    case EBADF: return "EBADF";
    case EAGAIN: return "EAGAIN";
    case ENOMEM: return "ENOMEM";
    case EACCES: return "EACCES";
    case EFAULT: return "EFAULT";
    case EBUSY: return "EBUSY";
    case EEXIST: return "EEXIST";
    case EXDEV: return "EXDEV";
    case ENODEV: return "ENODEV";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case EINVAL: return "EINVAL";
    case EMFILE: return "EMFILE";
    case ENOTTY: return "ENOTTY";
    case EFBIG: return "EFBIG";
    case ENOSPC: return "ENOSPC";
    case EROFS: return "EROFS";
    case ENOSYS: return "ENOSYS";
    case ENOEXEC: return "ENOEXEC";
    case ENOKEY: return "ENOKEY";
    case EAFNOSUPPORT: return "EAFNOSUPPORT";
    case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
    case ECONNREFUSED: return "ECONNREFUSED";
    case ENETUNREACH: return "ENETUNREACH";
    case EHOSTUNREACH: return "EHOSTUNREACH";
    case ETIMEDOUT: return "ETIMEDOUT";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    case ESTALE: return "ESTALE";
    case ELOOP: return "ELOOP";
    case ENXIO: return "ENXIO";
    default: return strerror(e);
    }
}

// A syscall result against the errno the seccomp table (helper/confine/SeccompFilter.cpp) promises.
// Anything else means the call reached the kernel unfiltered: that is what a control run shows.
static int expectErrno(long ret, int err, int expected, const char* what)
{
    if (ret == -1 && err == expected)
        return CONTAINED("%s: %s", what, errname(err));
    if (ret == -1)
        return BREACH("%s reached the kernel: %s, expected %s from the filter", what, errname(err), errname(expected));
    return BREACH("%s succeeded (returned %ld), expected %s", what, ret, errname(expected));
}

// Runs fn in a forked child and reports how it ended, so that a probe that must be killed (SIGSYS) or that
// changes process state (personality, namespaces) does not disturb the probe itself.
struct ChildResult {
    int signaled; // the signal that ended the child, 0 if it returned
    long ret;
    int err;
};

static struct ChildResult inChild(long (*fn)(void*), void* arg)
{
    struct ChildResult r = {0, -1, 0};
    int pfd[2];
    if (pipe2(pfd, O_CLOEXEC) != 0) {
        r.err = errno;
        return r;
    }
    const pid_t pid = fork();
    if (pid < 0) {
        r.err = errno;
        close(pfd[0]);
        close(pfd[1]);
        return r;
    }
    if (pid == 0) {
        close(pfd[0]);
        errno = 0;
        long out[2];
        out[0] = fn(arg);
        out[1] = errno;
        if (write(pfd[1], out, sizeof out) != (ssize_t)sizeof out)
            _exit(3);
        _exit(0);
    }
    close(pfd[1]);
    long in[2] = {-1, 0};
    ssize_t n;
    do
        n = read(pfd[0], in, sizeof in);
    while (n < 0 && errno == EINTR);
    close(pfd[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) { }
    if (WIFSIGNALED(status)) {
        r.signaled = WTERMSIG(status);
        return r;
    }
    if (n == (ssize_t)sizeof in) {
        r.ret = in[0];
        r.err = (int)in[1];
    } else {
        r.err = EIO;
    }
    return r;
}

static int expectErrnoInChild(long (*fn)(void*), void* arg, int expected, const char* what)
{
    const struct ChildResult r = inChild(fn, arg);
    if (r.signaled == SIGSYS)
        return BREACH("%s: killed by SIGSYS, expected the errno %s", what, errname(expected));
    if (r.signaled)
        return BREACH("%s: child died of signal %d", what, r.signaled);
    return expectErrno(r.ret, r.err, expected, what);
}

static int readFile(const char* path, char* buf, size_t size)
{
    const int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    size_t total = 0;
    while (total + 1 < size) {
        const ssize_t n = read(fd, buf + total, size - 1 - total);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        total += (size_t)n;
    }
    buf[total] = 0;
    close(fd);
    return (int)total;
}

// "Field:\tvalue" from /proc/self/status, or NULL.
static const char* statusField(const char* field, char* out, size_t size)
{
    static char status[16384];
    if (readFile("/proc/self/status", status, sizeof status) < 0)
        return NULL;
    const size_t len = strlen(field);
    for (char* line = status; line && *line;) {
        char* next = strchr(line, '\n');
        if (next)
            *next++ = 0;
        if (strncmp(line, field, len) == 0 && line[len] == ':') {
            const char* v = line + len + 1;
            while (*v == ' ' || *v == '\t')
                v++;
            snprintf(out, size, "%s", v);
            return out;
        }
        line = next;
    }
    return NULL;
}

// ---------------------------------------------------------------------------------------------------
// Terminal injection

struct Pty {
    int master;
    char slave[64];
};

static int openPty(struct Pty* p)
{
    p->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (p->master < 0)
        return -1;
    if (grantpt(p->master) != 0 || unlockpt(p->master) != 0 || ptsname_r(p->master, p->slave, sizeof p->slave) != 0)
        return -1;
    return 0;
}

struct IoctlArg {
    struct Pty* pty;
    unsigned long request;
    int makeControlling;
};

// The slave becomes the child's controlling terminal first (setsid, open without O_NOCTTY): TIOCSTI into the
// own controlling terminal is what an unconfined unprivileged process may do (dev.tty.legacy_tiocsti=1), so
// the control run shows it working.
static long ioctlOnSlave(void* v)
{
    struct IoctlArg* a = v;
    if (a->makeControlling && setsid() < 0)
        return -2;
    const int fd = open(a->pty->slave, O_RDWR | (a->makeControlling ? 0 : O_NOCTTY));
    if (fd < 0)
        return -3;
    char buf[8] = {TIOCL_GETSHIFTSTATE, 0};
    const char injected = '#';
    const void* argp = (a->request & 0xffffffffUL) == TIOCSTI ? (const void*)&injected : (const void*)buf;
    // The raw syscall: glibc would pass the request through unchanged too, but this states the intent
    // (CVE-2019-10063: the kernel truncates the request to 32 bits, a filter comparing 64 bits is bypassed).
    return syscall(SYS_ioctl, fd, a->request, argp);
}

static int ioctlProbe(unsigned long request, const char* what)
{
    struct Pty pty;
    if (openPty(&pty) != 0)
        return BREACH("cannot open a pseudo-terminal to test on: %s", errname(errno));
    struct IoctlArg a = {&pty, request, 1};
    const int rc = expectErrnoInChild(ioctlOnSlave, &a, EPERM, what);
    close(pty.master);
    return rc;
}

static int p_tiocsti(int argc, char** argv)
{
    (void)argc, (void)argv;
    return ioctlProbe(TIOCSTI, "ioctl(TIOCSTI)");
}

static int p_tiocsti_high(int argc, char** argv)
{
    (void)argc, (void)argv;
    return ioctlProbe(0xffffffff00000000UL | TIOCSTI, "ioctl(TIOCSTI | 0xffffffff00000000)");
}

static int p_tioclinux(int argc, char** argv)
{
    (void)argc, (void)argv;
    return ioctlProbe(TIOCLINUX, "ioctl(TIOCLINUX)");
}

static int p_tioclinux_high(int argc, char** argv)
{
    (void)argc, (void)argv;
    return ioctlProbe(0x100000000UL | TIOCLINUX, "ioctl(TIOCLINUX | 0x100000000)");
}

// ---------------------------------------------------------------------------------------------------
// Foreign syscall ABIs: must kill the process (SIGSYS), never be interpreted with another table.

static long x32Getpid(void* v)
{
    (void)v;
    return syscall(X32_SYSCALL_BIT | SYS_getpid);
}

static long i386Getpid(void* v)
{
    (void)v;
    long ret;
    // int 0x80 from a 64-bit process enters the i386 (compat) syscall table: 20 is getpid there.
    __asm__ volatile("int $0x80" : "=a"(ret) : "a"(20L) : "memory", "r8", "r9", "r10", "r11");
    if (ret < 0 && ret > -4096) {
        errno = (int)-ret;
        return -1;
    }
    return ret;
}

static int foreignAbi(long (*fn)(void*), const char* what)
{
    const struct ChildResult r = inChild(fn, NULL);
    if (r.signaled == SIGSYS)
        return CONTAINED("%s: killed by SIGSYS", what);
    if (r.signaled == SIGSEGV && fn == i386Getpid)
        return UNSUPPORTED("kernel lacks ia32 emulation: int 0x80 faulted with SIGSEGV before any filter");
    if (r.signaled)
        return BREACH("%s: died of signal %d, expected SIGSYS", what, r.signaled);
    if (r.ret == -1)
        return BREACH("%s reached the kernel (%s): the filter did not kill a foreign ABI", what, errname(r.err));
    return BREACH("%s ran (returned %ld)", what, r.ret);
}

static int p_x32(int argc, char** argv)
{
    (void)argc, (void)argv;
    return foreignAbi(x32Getpid, "x32 getpid (nr | 0x40000000)");
}

static int p_i386(int argc, char** argv)
{
    (void)argc, (void)argv;
    return foreignAbi(i386Getpid, "i386 getpid via int 0x80");
}

// ---------------------------------------------------------------------------------------------------
// Kernel attack surface the filter closes

static int p_io_uring(int argc, char** argv)
{
    (void)argc, (void)argv;
    unsigned char params[120] = {0}; // struct io_uring_params
    errno = 0;
    const long fd = syscall(SYS_io_uring_setup, 4, params);
    const int err = errno;
    if (fd >= 0)
        close((int)fd);
    return expectErrno(fd, err, ENOSYS, "io_uring_setup");
}

static long doClone3(void* v)
{
    (void)v;
    uint64_t args[11] = {0}; // struct clone_args (CLONE_ARGS_SIZE_VER2 = 88)
    args[4] = SIGCHLD;       // exit_signal
    const long pid = syscall(SYS_clone3, args, sizeof args);
    if (pid == 0)
        syscall(SYS_exit, 0);
    if (pid > 0)
        waitpid((pid_t)pid, NULL, 0);
    return pid;
}

static int p_clone3(int argc, char** argv)
{
    (void)argc, (void)argv;
    return expectErrnoInChild(doClone3, NULL, ENOSYS, "clone3");
}

static long doFsopen(void* v)
{
    (void)v;
    return syscall(SYS_fsopen, "tmpfs", 0);
}

static int p_fsopen(int argc, char** argv)
{
    (void)argc, (void)argv;
    return expectErrnoInChild(doFsopen, NULL, EPERM, "fsopen(\"tmpfs\")");
}

static long doOpenTree(void* v)
{
    (void)v;
    return syscall(SYS_open_tree, AT_FDCWD, "/tmp", OPEN_TREE_CLONE | O_CLOEXEC);
}

static int p_open_tree(int argc, char** argv)
{
    (void)argc, (void)argv;
    return expectErrnoInChild(doOpenTree, NULL, EPERM, "open_tree(/tmp, OPEN_TREE_CLONE)");
}

static long doBindMount(void* v)
{
    (void)v;
    return mount("/tmp", "/tmp", NULL, MS_BIND, NULL);
}

static int p_mount_bind(int argc, char** argv)
{
    (void)argc, (void)argv;
    return expectErrnoInChild(doBindMount, NULL, EPERM, "mount(/tmp, /tmp, MS_BIND)");
}

static long doRemount(void* v)
{
    return mount(NULL, (const char*)v, NULL, MS_REMOUNT | MS_BIND, NULL);
}

static int p_ro_remount(int argc, char** argv)
{
    const char* path = argc > 0 ? argv[0] : "/usr";
    char what[300];
    snprintf(what, sizeof what, "mount(%s, MS_REMOUNT|MS_BIND, rw)", path);
    return expectErrnoInChild(doRemount, (void*)path, EPERM, what);
}

static long doChroot(void* v)
{
    (void)v;
    return chroot(".");
}

static int p_chroot(int argc, char** argv)
{
    (void)argc, (void)argv;
    // No seccomp rule: chroot needs CAP_SYS_CHROOT, which the sandbox dropped (the classic chroot escape).
    return expectErrnoInChild(doChroot, NULL, EPERM, "chroot(\".\")");
}

static long doCgroupMount(void* v)
{
    (void)v;
    char dir[] = "/tmp/cordon-probe-cg-XXXXXX";
    if (!mkdtemp(dir))
        return -1;
    const long ret = mount("cgroup", dir, "cgroup", 0, "memory");
    const int err = errno;
    if (ret == 0)
        umount2(dir, MNT_DETACH);
    rmdir(dir);
    errno = err;
    return ret;
}

static int p_cgroup_release_agent(int argc, char** argv)
{
    (void)argc, (void)argv;
    // CVE-2022-0492: a cgroup v1 hierarchy mounted in a user namespace exposed a writable release_agent.
    return expectErrnoInChild(doCgroupMount, NULL, EPERM, "mount(cgroup v1 \"memory\")");
}

static long doUnshareUser(void* v)
{
    (void)v;
    return unshare(CLONE_NEWUSER);
}

static int p_nested_userns_unshare(int argc, char** argv)
{
    (void)argc, (void)argv;
    return expectErrnoInChild(doUnshareUser, NULL, EPERM, "unshare(CLONE_NEWUSER)");
}

static long doCloneUser(void* v)
{
    (void)v;
    const long pid = syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, NULL, NULL, 0);
    if (pid == 0)
        syscall(SYS_exit, 0);
    if (pid > 0)
        waitpid((pid_t)pid, NULL, 0);
    return pid;
}

static int p_nested_userns_clone(int argc, char** argv)
{
    (void)argc, (void)argv;
    return expectErrnoInChild(doCloneUser, NULL, EPERM, "clone(CLONE_NEWUSER)");
}

static long doSetns(void* v)
{
    (void)v;
    const int fd = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    return setns(fd, CLONE_NEWUTS);
}

static int p_setns(int argc, char** argv)
{
    (void)argc, (void)argv;
    return expectErrnoInChild(doSetns, NULL, EPERM, "setns(own uts namespace)");
}

static int p_bpf(int argc, char** argv)
{
    (void)argc, (void)argv;
    union bpf_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.map_type = BPF_MAP_TYPE_ARRAY;
    attr.key_size = 4;
    attr.value_size = 4;
    attr.max_entries = 1;
    errno = 0;
    const long fd = syscall(SYS_bpf, BPF_MAP_CREATE, &attr, sizeof attr);
    const int err = errno;
    if (fd >= 0)
        close((int)fd);
    return expectErrno(fd, err, EPERM, "bpf(BPF_MAP_CREATE)");
}

static int p_perf_event_open(int argc, char** argv)
{
    (void)argc, (void)argv;
    struct perf_event_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.size = sizeof attr;
    attr.type = PERF_TYPE_SOFTWARE;
    attr.config = PERF_COUNT_SW_TASK_CLOCK;
    attr.exclude_kernel = 1;
    attr.exclude_hv = 1;
    errno = 0;
    const long fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
    const int err = errno;
    if (fd >= 0)
        close((int)fd);
    return expectErrno(fd, err, EPERM, "perf_event_open(self, task clock, user only)");
}

static int p_userfaultfd(int argc, char** argv)
{
    (void)argc, (void)argv;
    errno = 0;
    const long fd = syscall(SYS_userfaultfd, O_CLOEXEC | UFFD_USER_MODE_ONLY);
    const int err = errno;
    if (fd >= 0)
        close((int)fd);
    return expectErrno(fd, err, EPERM, "userfaultfd(UFFD_USER_MODE_ONLY)");
}

static long doKeyctl(void* v)
{
    (void)v;
    return syscall(SYS_keyctl, 0 /* KEYCTL_GET_KEYRING_ID */, -3 /* KEY_SPEC_SESSION_KEYRING */, 0);
}

static int p_keyctl(int argc, char** argv)
{
    (void)argc, (void)argv;
    return expectErrnoInChild(doKeyctl, NULL, EPERM, "keyctl(KEYCTL_GET_KEYRING_ID, session)");
}

static long doAddKey(void* v)
{
    (void)v;
    return syscall(SYS_add_key, "user", "cordon-probe", "x", 1, -2 /* KEY_SPEC_PROCESS_KEYRING */);
}

static int p_add_key(int argc, char** argv)
{
    (void)argc, (void)argv;
    return expectErrnoInChild(doAddKey, NULL, EPERM, "add_key(user)");
}

static long doRequestKey(void* v)
{
    (void)v;
    return syscall(SYS_request_key, "user", "cordon-probe-absent", NULL, 0);
}

static int p_request_key(int argc, char** argv)
{
    (void)argc, (void)argv;
    return expectErrnoInChild(doRequestKey, NULL, EPERM, "request_key(user)");
}

static int p_kexec_load(int argc, char** argv)
{
    (void)argc, (void)argv;
    errno = 0;
    long ret = syscall(SYS_kexec_load, 0UL, 0UL, NULL, 0UL);
    if (!(ret == -1 && errno == EPERM))
        return expectErrno(ret, errno, EPERM, "kexec_load");
    errno = 0;
    ret = syscall(SYS_kexec_file_load, -1, -1, 0UL, "", 0UL);
    return expectErrno(ret, errno, EPERM, "kexec_load and kexec_file_load");
}

static int p_init_module(int argc, char** argv)
{
    (void)argc, (void)argv;
    errno = 0;
    long ret = syscall(SYS_init_module, NULL, 0UL, "");
    if (!(ret == -1 && errno == EPERM))
        return expectErrno(ret, errno, EPERM, "init_module");
    errno = 0;
    ret = syscall(SYS_finit_module, -1, "", 0);
    if (!(ret == -1 && errno == EPERM))
        return expectErrno(ret, errno, EPERM, "finit_module");
    errno = 0;
    ret = syscall(SYS_delete_module, "cordon_probe_absent", O_NONBLOCK);
    return expectErrno(ret, errno, EPERM, "init_module, finit_module and delete_module");
}

static int p_acct(int argc, char** argv)
{
    (void)argc, (void)argv;
    errno = 0;
    // acct(NULL) turns accounting off: harmless where it succeeds (the root control run).
    const long ret = acct(NULL);
    return expectErrno(ret, errno, EPERM, "acct(NULL)");
}

static int p_syslog(int argc, char** argv)
{
    (void)argc, (void)argv;
    errno = 0;
    const long ret = klogctl(10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0);
    return expectErrno(ret, errno, EPERM, "syslog(SYSLOG_ACTION_SIZE_BUFFER)");
}

static long doPersonality(void* v)
{
    (void)v;
    // READ_IMPLIES_EXEC makes every readable mapping executable; ADDR_NO_RANDOMIZE turns ASLR off.
    return personality(READ_IMPLIES_EXEC | ADDR_NO_RANDOMIZE);
}

static int p_personality(int argc, char** argv)
{
    (void)argc, (void)argv;
    errno = 0;
    const int current = personality(0xffffffff);
    if (current == -1)
        return BREACH("personality(0xffffffff) (the query) must stay allowed, got %s", errname(errno));
    return expectErrnoInChild(doPersonality, NULL, EPERM, "personality(READ_IMPLIES_EXEC|ADDR_NO_RANDOMIZE)");
}

// ---------------------------------------------------------------------------------------------------
// Socket families beyond unix/inet/inet6

static int socketProbe(int family, int type, int protocol, const char* what)
{
    errno = 0;
    const int fd = socket(family, type | SOCK_CLOEXEC, protocol);
    const int err = errno;
    if (fd >= 0)
        close(fd);
    return expectErrno(fd, err, EAFNOSUPPORT, what);
}

static int protocolRegistered(const char* name)
{
    static char buf[65536];
    if (readFile("/proc/net/protocols", buf, sizeof buf) < 0)
        return -1;
    for (char* line = strchr(buf, '\n'); line && line[1]; line = strchr(line + 1, '\n')) {
        const size_t len = strlen(name);
        if (strncmp(line + 1, name, len) == 0 && line[1 + len] == ' ')
            return 1;
    }
    return 0;
}

static int p_socket_packet(int argc, char** argv)
{
    (void)argc, (void)argv;
    return socketProbe(AF_PACKET, SOCK_RAW, htons(0x0003 /* ETH_P_ALL */), "socket(AF_PACKET, SOCK_RAW)");
}

static int p_socket_netlink(int argc, char** argv)
{
    (void)argc, (void)argv;
    return socketProbe(AF_NETLINK, SOCK_RAW, 0 /* NETLINK_ROUTE */, "socket(AF_NETLINK, NETLINK_ROUTE)");
}

static int p_socket_alg(int argc, char** argv)
{
    (void)argc, (void)argv;
    errno = 0;
    const int fd = socket(AF_ALG, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
    const int err = errno;
    if (fd >= 0) {
        close(fd);
        return BREACH("socket(AF_ALG) succeeded, expected EAFNOSUPPORT");
    }
    // AF_ALG registers the protocol "ALG" (crypto/af_alg.c); without it the kernel itself answers
    // EAFNOSUPPORT, and no run can tell the filter's answer from the kernel's.
    if (err == EAFNOSUPPORT && protocolRegistered("ALG") == 0)
        return UNSUPPORTED("kernel lacks AF_ALG (CONFIG_CRYPTO_USER_API off: no \"ALG\" in /proc/net/protocols), "
                           "socket(AF_ALG) gives EAFNOSUPPORT everywhere");
    return expectErrno(fd, err, EAFNOSUPPORT, "socket(AF_ALG)");
}

static int p_socket_vsock(int argc, char** argv)
{
    (void)argc, (void)argv;
    // vsock is not network-namespaced: it reaches the hypervisor host (this VM's agent listens on vsock ports).
    return socketProbe(AF_VSOCK, SOCK_STREAM, 0, "socket(AF_VSOCK)");
}

static int p_net_raw_socket(int argc, char** argv)
{
    (void)argc, (void)argv;
    errno = 0;
    const int fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);
    const int err = errno;
    if (fd >= 0)
        close(fd);
    return expectErrno(fd, err, EPERM, "socket(AF_INET, SOCK_RAW, ICMP)");
}

// ---------------------------------------------------------------------------------------------------
// File handles (CVE-2014-3519 "shocker": open_by_handle_at reaches any inode of the filesystem)

struct Handle {
    struct file_handle fh;
    unsigned char bytes[128];
};

static int p_name_to_handle_at(int argc, char** argv)
{
    (void)argc, (void)argv;
    struct Handle h;
    memset(&h, 0, sizeof h);
    h.fh.handle_bytes = sizeof h.bytes;
    int mountId = 0;
    errno = 0;
    const long ret = name_to_handle_at(AT_FDCWD, "/etc/passwd", &h.fh, &mountId, 0);
    return expectErrno(ret, errno, EPERM, "name_to_handle_at(/etc/passwd)");
}

static int p_open_by_handle_at(int argc, char** argv)
{
    (void)argc, (void)argv;
    struct Handle h;
    memset(&h, 0, sizeof h);
    h.fh.handle_bytes = sizeof h.bytes;
    int mountId = 0;
    if (name_to_handle_at(AT_FDCWD, "/etc", &h.fh, &mountId, 0) != 0) {
        // What shocker did: forge an ext4 handle for the filesystem's root inode (2, generation 0).
        memset(&h, 0, sizeof h);
        h.fh.handle_bytes = 8;
        h.fh.handle_type = 1; // FILEID_INO32_GEN
        h.bytes[0] = 2;
    }
    const int mountFd = open("/etc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (mountFd < 0)
        return BREACH("cannot open /etc: %s", errname(errno));
    errno = 0;
    const long fd = open_by_handle_at(mountFd, &h.fh, O_RDONLY | O_CLOEXEC);
    const int err = errno;
    if (fd >= 0)
        close((int)fd);
    close(mountFd);
    return expectErrno(fd, err, EPERM, "open_by_handle_at(/etc's filesystem)");
}

// ---------------------------------------------------------------------------------------------------
// Privilege gain through setuid binaries

static int p_setuid_binary(int argc, char** argv)
{
    const char* bin = argc > 0 ? argv[0] : "/usr/bin/su";
    struct stat st;
    if (stat(bin, &st) != 0 || !(st.st_mode & S_ISUID))
        return BREACH("%s is not a setuid binary here (%s): cannot test", bin, errname(errno));
    const uid_t me = geteuid();
    int in[2];
    if (pipe2(in, O_CLOEXEC) != 0)
        return BREACH("pipe: %s", errname(errno));
    const pid_t pid = fork();
    if (pid < 0)
        return BREACH("fork: %s", errname(errno));
    if (pid == 0) {
        // su waits for a password on stdin (a pipe nobody writes): time to read its credentials.
        dup2(in[0], 0);
        const int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, 1);
            dup2(null, 2);
        }
        execl(bin, bin, "root", (char*)NULL);
        _exit(127);
    }
    close(in[0]);
    char path[64], status[8192], self[64];
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    snprintf(self, sizeof self, "/proc/%d/exe", pid);
    const char* base = strrchr(bin, '/') ? strrchr(bin, '/') + 1 : bin;
    int seen = 0;
    unsigned long ruid = 0, euid = 0;
    for (int i = 0; i < 3000 && !seen; i++) {
        if (readFile(path, status, sizeof status) <= 0)
            break;
        const char* name = strstr(status, "Name:\t");
        const char* uid = strstr(status, "\nUid:\t");
        if (name && uid && strncmp(name + 6, base, strlen(base)) == 0 && name[6 + strlen(base)] == '\n') {
            sscanf(uid + 6, "%lu %lu", &ruid, &euid);
            seen = 1;
            break;
        }
        int wst;
        if (waitpid(pid, &wst, WNOHANG) == pid) {
            pid_t gone = -1;
            (void)gone;
            close(in[1]);
            return BREACH("%s exited before its credentials could be read (status %d): cannot tell", bin, wst);
        }
        usleep(1000);
    }
    kill(pid, SIGKILL);
    close(in[1]);
    waitpid(pid, NULL, 0);
    if (!seen)
        return BREACH("could not observe %s running", bin);
    if (euid != me)
        return BREACH("exec of setuid %s gave euid %lu (was %u)", bin, euid, (unsigned)me);
    return CONTAINED("exec of setuid %s kept euid %lu (no_new_privs)", bin, euid);
}

// ---------------------------------------------------------------------------------------------------
// Other processes

static pid_t pausedChild(void)
{
    const pid_t pid = fork();
    if (pid == 0) {
        for (;;)
            pause();
    }
    return pid;
}

static void reap(pid_t pid)
{
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
}

static int p_ptrace_attach(int argc, char** argv)
{
    (void)argc, (void)argv;
    const pid_t child = pausedChild();
    if (child < 0)
        return BREACH("fork: %s", errname(errno));
    errno = 0;
    const long ret = ptrace(PTRACE_ATTACH, child, NULL, NULL);
    const int err = errno;
    reap(child);
    return expectErrno(ret, err, EPERM, "ptrace(PTRACE_ATTACH, own child)");
}

static int vmProbe(int write)
{
    static volatile char secret[64] = "cordon-probe-secret";
    const pid_t child = pausedChild();
    if (child < 0)
        return BREACH("fork: %s", errname(errno));
    char buf[64];
    struct iovec local = {buf, sizeof buf}, remote = {(void*)secret, sizeof secret};
    if (write)
        memcpy(buf, "overwritten", 12);
    errno = 0;
    const long ret =
        write ? process_vm_writev(child, &local, 1, &remote, 1, 0) : process_vm_readv(child, &local, 1, &remote, 1, 0);
    const int err = errno;
    reap(child);
    return expectErrno(ret, err, EPERM, write ? "process_vm_writev(own child)" : "process_vm_readv(own child)");
}

static int p_process_vm_readv(int argc, char** argv)
{
    (void)argc, (void)argv;
    return vmProbe(0);
}

static int p_process_vm_writev(int argc, char** argv)
{
    (void)argc, (void)argv;
    return vmProbe(1);
}

static int p_kill_outside_pid(int argc, char** argv)
{
    if (argc < 1)
        return BREACH("usage: kill_outside_pid HOST_PID");
    const pid_t target = (pid_t)atoi(argv[0]);
    // The host process the runner started must be neither visible nor signalable: the pid namespace
    // hides it (ESRCH) and the Landlock signal scope (ABI 6) refuses what might still be reachable.
    errno = 0;
    const int r0 = kill(target, 0);
    const int e0 = errno;
    errno = 0;
    const long pidfd = syscall(SYS_pidfd_open, target, 0);
    const int e1 = errno;
    if (pidfd >= 0)
        close((int)pidfd);
    errno = 0;
    const int r2 = kill(target, SIGKILL);
    const int e2 = errno;
    // kill(-1) signals everything this process may signal; in the sandbox that is only its own tree.
    const int r3 = kill(-1, SIGKILL);
    const int e3 = errno;
    if (r0 == 0 || pidfd >= 0 || r2 == 0)
        return BREACH("pid %d reachable: kill(0)=%s pidfd_open=%s kill(SIGKILL)=%s", target, r0 ? errname(e0) : "ok",
            pidfd >= 0 ? "ok" : errname(e1), r2 ? errname(e2) : "ok");
    return CONTAINED("pid %d: kill(0) %s, pidfd_open %s, kill(SIGKILL) %s; kill(-1) %s", target, errname(e0),
        errname(e1), errname(e2), r3 ? errname(e3) : "signalled only the sandbox's own processes");
}

static int p_proc_environ_other(int argc, char** argv)
{
    if (argc < 1)
        return BREACH("usage: proc_environ_other MARKER");
    const char* marker = argv[0];
    DIR* d = opendir("/proc");
    if (!d)
        return BREACH("cannot list /proc: %s", errname(errno));
    const pid_t self = getpid();
    int scanned = 0, visible = 0;
    static char env[1 << 20];
    for (struct dirent* e; (e = readdir(d));) {
        const int pid = atoi(e->d_name);
        if (pid <= 0 || pid == self)
            continue;
        visible++;
        char path[64];
        snprintf(path, sizeof path, "/proc/%d/environ", pid);
        const int n = readFile(path, env, sizeof env);
        if (n < 0)
            continue;
        scanned++;
        for (int i = 0; i < n; i += (int)strlen(env + i) + 1) {
            if (strstr(env + i, marker)) {
                closedir(d);
                return BREACH("/proc/%d/environ holds the launcher's marker", pid);
            }
        }
    }
    closedir(d);
    return CONTAINED(
        "%d other processes visible, %d environ readable, none holds the launcher's marker", visible, scanned);
}

#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438 // Linux 5.6
#endif

static int p_pidfd_getfd(int argc, char** argv)
{
    (void)argc, (void)argv;
    // pidfd_getfd copies a descriptor out of another process (ptrace access mode): the shim's, a sibling's.
    const pid_t child = pausedChild();
    if (child < 0)
        return BREACH("fork: %s", errname(errno));
    const long pidfd = syscall(SYS_pidfd_open, child, 0);
    if (pidfd < 0) {
        const int e = errno;
        reap(child);
        return BREACH("pidfd_open(own child): %s: cannot test pidfd_getfd", errname(e));
    }
    errno = 0;
    const long fd = syscall(SYS_pidfd_getfd, pidfd, 1, 0);
    const int err = errno;
    if (fd >= 0)
        close((int)fd);
    close((int)pidfd);
    reap(child);
    return expectErrno(fd, err, EPERM, "pidfd_getfd(own child, fd 1)");
}

static int p_proc_fd_reopen(int argc, char** argv)
{
    (void)argc, (void)argv;
    // Reopening another process's descriptor through /proc/PID/fd/N hands over whatever it holds: the
    // shim (pid 1) must be non-dumpable, so that its descriptors stay out of reach.
    DIR* d = opendir("/proc");
    if (!d)
        return BREACH("cannot list /proc: %s", errname(errno));
    const pid_t self = getpid();
    int others = 0, listable = 0;
    for (struct dirent* e; (e = readdir(d));) {
        const int pid = atoi(e->d_name);
        if (pid <= 0 || pid == self)
            continue;
        others++;
        char dir[64];
        snprintf(dir, sizeof dir, "/proc/%d/fd", pid);
        DIR* fds = opendir(dir);
        if (!fds)
            continue;
        listable++;
        for (struct dirent* f; (f = readdir(fds));) {
            const int fd = atoi(f->d_name);
            if (f->d_name[0] == '.' || fd <= 2)
                continue;
            char path[96], target[4096];
            snprintf(path, sizeof path, "/proc/%d/fd/%d", pid, fd);
            const ssize_t n = readlink(path, target, sizeof target - 1);
            target[n > 0 ? n : 0] = 0;
            const int opened = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
            if (opened >= 0) {
                close(opened);
                closedir(fds);
                closedir(d);
                return BREACH("reopened descriptor %d of pid %d (%s)", fd, pid, target);
            }
        }
        closedir(fds);
    }
    closedir(d);
    return CONTAINED(
        "%d other processes, %d with a listable fd directory, no descriptor beyond stdio reopened", others, listable);
}

static long doUmount(void* v)
{
    return umount2((const char*)v, MNT_DETACH);
}

static int p_umount_reveal(int argc, char** argv)
{
    const char* path = argc > 0 ? argv[0] : "/proc";
    char what[4200];
    snprintf(what, sizeof what, "umount2(%s, MNT_DETACH)", path);
    // Unmounting a hiding or read-only overmount would reveal what lies beneath it.
    return expectErrnoInChild(doUmount, (void*)path, EPERM, what);
}

static int p_protected_symlink_swap_toctou(int argc, char** argv)
{
    (void)argc, (void)argv;
    // The runner swaps .git/hooks between a directory and a symlink to ~/.ssh while launching: if a bind
    // ever followed the link, the key would show up here.
    return mustNotRead(".git/hooks/id_ed25519", "the user's ssh key (.git/hooks swapped for a symlink during launch)");
}

// ---------------------------------------------------------------------------------------------------
// /proc and /sys

static int underPrefix(const char* path, const char* prefix)
{
    const size_t n = strlen(prefix);
    if (n == 0)
        return 0;
    if (strcmp(prefix, "/") == 0)
        return strcmp(path, "/") == 0;
    return strncmp(path, prefix, n) == 0 && (path[n] == 0 || path[n] == '/');
}

static int p_proc_exe_handle(int argc, char** argv)
{
    (void)argc, (void)argv;
    // CVE-2019-5736 (runc): a handle on /proc/PID/exe of a process that runs a host binary (the shim is
    // cordon-sandbox itself) lets the sandbox rewrite that binary once it is no longer busy, and the host runs
    // it next time. The shim must be non-dumpable, so that /proc/1/exe and its siblings stay closed.
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd))
        return BREACH("getcwd: %s", errname(errno));
    DIR* d = opendir("/proc");
    if (!d)
        return BREACH("cannot list /proc: %s", errname(errno));
    const pid_t self = getpid();
    int others = 0;
    char detail[1024] = "";
    for (struct dirent* e; (e = readdir(d));) {
        const int pid = atoi(e->d_name);
        if (pid <= 0 || pid == self)
            continue;
        others++;
        char path[64], target[4096];
        snprintf(path, sizeof path, "/proc/%d/exe", pid);
        const int fd = open(path, O_PATH | O_CLOEXEC);
        const int err = errno;
        if (fd < 0) {
            if (strlen(detail) < 900)
                snprintf(detail + strlen(detail), sizeof detail - strlen(detail), "%s/proc/%d/exe %s",
                    *detail ? ", " : "", pid, errname(err));
            continue;
        }
        const ssize_t n = readlink(path, target, sizeof target - 1);
        target[n > 0 ? n : 0] = 0;
        close(fd);
        // A process running something the sandbox itself can see (its own programs) is no news.
        if (underPrefix(target, cwd) || underPrefix(target, "/usr"))
            continue;
        closedir(d);
        return BREACH("opened a handle on /proc/%d/exe -> %s", pid, target);
    }
    closedir(d);
    return CONTAINED("%d other processes: %s", others, *detail ? detail : "none runs a binary from outside");
}

static int p_proc_mountinfo_leak(int argc, char** argv)
{
    (void)argc, (void)argv;
    static char info[1 << 20];
    if (readFile("/proc/self/mountinfo", info, sizeof info) < 0)
        return BREACH("cannot read /proc/self/mountinfo: %s", errname(errno));
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd))
        return BREACH("getcwd: %s", errname(errno));
    const char* home = getenv("HOME") ? getenv("HOME") : "/nonexistent";
    // Everything the sandbox mounts: the system binds, its own /dev, /proc, tmpfs areas, the home and
    // the workspace. A mount point anywhere else (/home/other, /root, /sys, /mnt, the build tree) is a leak.
    const char* allowed[] = {"/", "/usr", "/etc", "/opt", "/dev", "/proc", "/tmp", "/var/tmp", "/run", home, cwd};
    int mounts = 0;
    for (char* line = info; line && *line;) {
        char* next = strchr(line, '\n');
        if (next)
            *next++ = 0;
        char root[4096], point[4096];
        if (sscanf(line, "%*d %*d %*s %4095s %4095s", root, point) == 2) {
            mounts++;
            int ok = 0;
            for (size_t i = 0; i < sizeof allowed / sizeof *allowed; i++)
                ok |= underPrefix(point, allowed[i]);
            if (!ok)
                return BREACH("mount point %s (source root %s) is visible", point, root);
        }
        line = next;
    }
    return CONTAINED(
        "%d mount points, all under /, /usr, /etc, /opt, /dev, /proc, /tmp, /run, $HOME or the workspace", mounts);
}

static int p_proc_sys_write(int argc, char** argv)
{
    (void)argc, (void)argv;
    // Opening for writing is the test; nothing is written, even where the open succeeds (root control).
    const char* paths[] = {"/proc/sys/kernel/core_pattern", "/proc/sys/kernel/hostname", "/proc/sys/vm/drop_caches",
        "/proc/sysrq-trigger", "/proc/sys/kernel/modprobe"};
    char detail[1024] = "";
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
        const int fd = open(paths[i], O_WRONLY | O_CLOEXEC);
        if (fd >= 0) {
            close(fd);
            return BREACH("%s opened for writing", paths[i]);
        }
        if (errno != EROFS && errno != EACCES && errno != EPERM && errno != ENOENT)
            return BREACH("%s: unexpected %s", paths[i], errname(errno));
        snprintf(detail + strlen(detail), sizeof detail - strlen(detail), "%s%s %s", i ? ", " : "", paths[i],
            errname(errno));
    }
    return CONTAINED("%s", detail);
}

static int p_sysfs_absent(int argc, char** argv)
{
    (void)argc, (void)argv;
    DIR* d = opendir("/sys");
    if (!d)
        return CONTAINED("/sys: %s", errname(errno));
    int entries = 0;
    char first[256] = "";
    for (struct dirent* e; (e = readdir(d));) {
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            if (!entries++)
                snprintf(first, sizeof first, "%s", e->d_name);
        }
    }
    closedir(d);
    if (entries)
        return BREACH("/sys has %d entries (%s, ...)", entries, first);
    return CONTAINED("/sys is empty");
}

static int p_proc_self_cgroup(int argc, char** argv)
{
    (void)argc, (void)argv;
    char buf[8192];
    if (readFile("/proc/self/cgroup", buf, sizeof buf) < 0)
        return BREACH("cannot read /proc/self/cgroup: %s", errname(errno));
    int lines = 0;
    for (char* line = buf; line && *line;) {
        char* next = strchr(line, '\n');
        if (next)
            *next++ = 0;
        const char* path = strrchr(line, ':');
        if (path && strcmp(path, ":/") != 0)
            return BREACH("cgroup path leaks the host hierarchy: %s", line);
        lines++;
        line = next;
    }
    return CONTAINED("%d hierarchies, each at \"/\" of the cgroup namespace", lines);
}

static int p_devpts_host_pty(int argc, char** argv)
{
    // The host's terminals live in the host's devpts: a sandbox that saw them could write into (or, with
    // TIOCSTI, type into) another session. Its own devpts instance must not show the runner's pty.
    if (argc < 1)
        return BREACH("usage: devpts_host_pty N (a pty the runner holds open on the host)");
    char path[64];
    snprintf(path, sizeof path, "/dev/pts/%s", argv[0]);
    struct stat st;
    if (stat(path, &st) == 0)
        return BREACH("%s (the host's pty) exists", path);
    return CONTAINED("%s: %s (own devpts instance)", path, errname(errno));
}

static int p_dev_minimal(int argc, char** argv)
{
    (void)argc, (void)argv;
    const char* dangerous[] = {"/dev/kmsg", "/dev/mem", "/dev/kmem", "/dev/port", "/dev/kvm", "/dev/vsock",
        "/dev/vhost-vsock", "/dev/userfaultfd", "/dev/vda", "/dev/sda", "/dev/nvme0n1", "/dev/console", "/dev/tty0",
        "/dev/ttyS0", "/dev/fuse", "/dev/net/tun", "/dev/loop0", "/dev/loop-control", "/dev/uinput", "/dev/input",
        "/dev/dri", "/dev/snd", "/dev/cpu"};
    for (size_t i = 0; i < sizeof dangerous / sizeof *dangerous; i++) {
        struct stat st;
        if (lstat(dangerous[i], &st) == 0)
            return BREACH("%s exists", dangerous[i]);
    }
    return CONTAINED("none of %zu host device nodes (kmsg, mem, kvm, vsock, disks, consoles, fuse, tun, ...) exists",
        sizeof dangerous / sizeof *dangerous);
}

// ---------------------------------------------------------------------------------------------------
// Writes through read-only binds and protected workspace paths

static int p_ro_bind_write(int argc, char** argv)
{
    (void)argc, (void)argv;
    const char* dirs[] = {"/usr", "/usr/bin", "/etc", "/usr/lib"};
    char detail[1024] = "";
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        char path[256];
        snprintf(path, sizeof path, "%s/.cordon-probe-%d", dirs[i], (int)getpid());
        const int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd >= 0) {
            close(fd);
            unlink(path);
            return BREACH("created %s", path);
        }
        const int err = errno;
        if (err != EROFS && err != EACCES)
            return BREACH("%s: unexpected %s", path, errname(err));
        snprintf(
            detail + strlen(detail), sizeof detail - strlen(detail), "%s%s %s", i ? ", " : "", dirs[i], errname(err));
    }
    const int fd = open("/etc/passwd", O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd >= 0) {
        close(fd);
        return BREACH("/etc/passwd opened for writing");
    }
    return CONTAINED("%s; /etc/passwd %s", detail, errname(errno));
}

// A writable outcome of any of these is a breach; each must fail with one of the errnos a read-only mount,
// Landlock or a mount point gives (EROFS, EACCES, EPERM, EBUSY, EXDEV).
static int deniedErrno(int e)
{
    return e == EROFS || e == EACCES || e == EPERM || e == EBUSY || e == EXDEV;
}

struct Attempt {
    const char* what;
    int ret;
    int err;
};

static int judgeAttempts(const struct Attempt* a, size_t n)
{
    char detail[2048] = "";
    for (size_t i = 0; i < n; i++) {
        if (a[i].ret == 0)
            return BREACH("%s succeeded", a[i].what);
        if (!deniedErrno(a[i].err))
            return BREACH("%s: %s, expected EROFS/EACCES/EPERM/EBUSY/EXDEV", a[i].what, errname(a[i].err));
        snprintf(detail + strlen(detail), sizeof detail - strlen(detail), "%s%s %s", i ? ", " : "", a[i].what,
            errname(a[i].err));
    }
    return CONTAINED("%s", detail);
}

static int tryOpenWrite(const char* path, int flags)
{
    const int fd = open(path, flags | O_CLOEXEC, 0755);
    if (fd < 0)
        return -1;
    if (write(fd, "#!/bin/sh\n# cordon escape probe\n", 33) != 33) {
        const int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    close(fd);
    return 0;
}

#define ATTEMPT(list, n, label, expr)                                                                                  \
    do {                                                                                                               \
        errno = 0;                                                                                                     \
        const int r_ = (expr);                                                                                         \
        list[n].what = label;                                                                                          \
        list[n].ret = r_ < 0 ? -1 : 0;                                                                                 \
        list[n].err = errno;                                                                                           \
        n++;                                                                                                           \
    } while (0)

static int p_ro_path_write(int argc, char** argv)
{
    if (argc < 1)
        return BREACH("usage: ro_path_write DIR");
    char file[4096], created[4096];
    snprintf(file, sizeof file, "%s/existing", argv[0]);
    snprintf(created, sizeof created, "%s/created-by-probe", argv[0]);
    struct Attempt a[4];
    size_t n = 0;
    ATTEMPT(a, n, "append to DIR/existing", tryOpenWrite(file, O_WRONLY | O_APPEND));
    ATTEMPT(a, n, "create DIR/created-by-probe", tryOpenWrite(created, O_WRONLY | O_CREAT | O_EXCL));
    ATTEMPT(a, n, "truncate DIR/existing", truncate(file, 0));
    ATTEMPT(a, n, "unlink DIR/existing", unlink(file));
    return judgeAttempts(a, n);
}

static int p_hide_path(int argc, char** argv)
{
    if (argc < 1)
        return BREACH("usage: hide_path FILE");
    char buf[256];
    const int n = readFile(argv[0], buf, sizeof buf);
    if (n > 0)
        return BREACH("read %d bytes from the hidden %s", n, argv[0]);
    if (n == 0)
        return CONTAINED("%s reads as empty", argv[0]);
    return CONTAINED("%s: %s", argv[0], errname(errno));
}

static int p_git_hooks_write(int argc, char** argv)
{
    (void)argc, (void)argv;
    struct Attempt a[4];
    size_t n = 0;
    ATTEMPT(a, n, "append to .git/hooks/pre-commit", tryOpenWrite(".git/hooks/pre-commit", O_WRONLY | O_APPEND));
    ATTEMPT(
        a, n, "create .git/hooks/post-checkout", tryOpenWrite(".git/hooks/post-checkout", O_WRONLY | O_CREAT | O_EXCL));
    ATTEMPT(a, n, "chmod .git/hooks/pre-commit", chmod(".git/hooks/pre-commit", 0777));
    ATTEMPT(a, n, "unlink .git/hooks/pre-commit", unlink(".git/hooks/pre-commit"));
    return judgeAttempts(a, n);
}

static int p_git_config_write(int argc, char** argv)
{
    (void)argc, (void)argv;
    struct Attempt a[4];
    size_t n = 0;
    // core.fsmonitor / core.hooksPath in .git/config run a command on the host's next git status.
    ATTEMPT(a, n, "append to .git/config", tryOpenWrite(".git/config", O_WRONLY | O_APPEND));
    ATTEMPT(a, n, "append to .envrc", tryOpenWrite(".envrc", O_WRONLY | O_APPEND));
    ATTEMPT(a, n, "append to .vscode/settings.json", tryOpenWrite(".vscode/settings.json", O_WRONLY | O_APPEND));
    ATTEMPT(a, n, "create .vscode/tasks.json", tryOpenWrite(".vscode/tasks.json", O_WRONLY | O_CREAT | O_EXCL));
    return judgeAttempts(a, n);
}

static int p_ro_truncate(int argc, char** argv)
{
    (void)argc, (void)argv;
    struct Attempt a[4];
    size_t n = 0;
    ATTEMPT(a, n, "truncate .git/config", truncate(".git/config", 0));
    ATTEMPT(a, n, "truncate .envrc", truncate(".envrc", 0));
    ATTEMPT(a, n, "truncate .idea/workspace.xml", truncate(".idea/workspace.xml", 0));
    ATTEMPT(a, n, "truncate .git/hooks/pre-commit", truncate(".git/hooks/pre-commit", 0));
    return judgeAttempts(a, n);
}

static int p_ro_rename(int argc, char** argv)
{
    (void)argc, (void)argv;
    struct Attempt a[5];
    size_t n = 0;
    ATTEMPT(a, n, "rename .git/hooks/pre-commit", rename(".git/hooks/pre-commit", ".git/hooks/moved"));
    ATTEMPT(a, n, "rename .git/hooks", rename(".git/hooks", ".git/hooks-moved"));
    ATTEMPT(a, n, "rename .envrc", rename(".envrc", "envrc-moved"));
    ATTEMPT(a, n, "rename .vscode", rename(".vscode", "vscode-moved"));
    ATTEMPT(a, n, "rename over .git/config", rename("README", ".git/config"));
    return judgeAttempts(a, n);
}

static int p_ro_link(int argc, char** argv)
{
    (void)argc, (void)argv;
    struct Attempt a[3];
    size_t n = 0;
    // A second name on the writable workspace for a protected inode would make it writable through that name.
    ATTEMPT(a, n, "link .git/hooks/pre-commit", link(".git/hooks/pre-commit", "hook-link"));
    ATTEMPT(a, n, "link .envrc", link(".envrc", "envrc-link"));
    ATTEMPT(a, n, "link .git/config", link(".git/config", "config-link"));
    return judgeAttempts(a, n);
}

static int p_protected_parent_rename(int argc, char** argv)
{
    (void)argc, (void)argv;
    // The protection of .git/hooks and .git/config is a bind on those entries; renaming their parent moves
    // the binds with it, and a fresh .git with attacker hooks would be what the host's git runs next.
    if (rename(".git", ".git-moved-by-probe") == 0) {
        const int planted = mkdir(".git", 0755) == 0 && mkdir(".git/hooks", 0755) == 0 &&
                            tryOpenWrite(".git/hooks/pre-commit", O_WRONLY | O_CREAT | O_EXCL) == 0;
        return BREACH("renamed .git away%s", planted ? " and planted a new .git/hooks/pre-commit" : "");
    }
    const int e1 = errno;
    // .git is a mount point inside (a read-write bind onto itself), which rename(2) refuses with EBUSY;
    // any other errno means the pin is missing and something else happened to stop this attempt.
    if (e1 != EBUSY)
        return BREACH("rename .git: %s, expected EBUSY (.git is not a mount point inside)", errname(e1));
    struct Attempt a[2] = {{"rename .git", -1, e1}, {"", 0, 0}};
    size_t n = 1;
    ATTEMPT(a, n, "rename .idea", rename(".idea", "idea-moved"));
    return judgeAttempts(a, n);
}

static int writeWhole(const char* path, int flags, const char* text)
{
    const int fd = open(path, flags | O_WRONLY | O_CLOEXEC, 0644);
    if (fd < 0)
        return -1;
    const size_t len = strlen(text);
    const int ok = write(fd, text, len) == (ssize_t)len;
    const int e = errno;
    close(fd);
    errno = e;
    return ok ? 0 : -1;
}

static void sleepSeconds(int seconds)
{
    struct timespec t = {seconds, 0};
    while (seconds > 0 && nanosleep(&t, &t) != 0 && errno == EINTR) {
    }
}

static int p_git_commondir_redirect(int argc, char** argv)
{
    // git reads $GIT_DIR/commondir (gitrepository-layout(5)) for every repository, not only for linked
    // worktrees: a commondir file naming a directory the agent controls makes the host's next git command
    // take config (core.fsmonitor, aliases) and hooks from there. Read-only .git/hooks and .git/config are
    // bypassed. Usage: git_commondir_redirect SECONDS. After planting, the probe stays alive SECONDS and
    // then reports the breach: inside, the monitor must have moved .git/commondir aside and ended the session
    // (exit 121) before that; tst_escapeprobes checks the host (and runs git there) after both runs.
    const int wait = argc > 0 ? atoi(argv[0]) : 0;
    (void)mkdir(".cordon-probe-common", 0755);
    (void)mkdir(".cordon-probe-common/objects", 0755);
    (void)mkdir(".cordon-probe-common/refs", 0755);
    (void)mkdir(".cordon-probe-common/hooks", 0755);
    (void)writeWhole(".cordon-probe-common/config", O_CREAT | O_TRUNC,
        "[core]\n\trepositoryformatversion = 0\n\tfsmonitor = \"touch fsmonitor-ran-on-host; echo\"\n");
    (void)tryOpenWrite(".cordon-probe-common/hooks/pre-commit", O_WRONLY | O_CREAT | O_TRUNC);
    // Written whole under another name, then renamed into place (as git writes its own files): the
    // monitor may stop the session the instant the name appears, so a file created empty and
    // written afterwards could be quarantined before its content exists.
    if (writeWhole(".git/.cordon-probe-commondir.tmp", O_CREAT | O_TRUNC, "../.cordon-probe-common\n") != 0 ||
        rename(".git/.cordon-probe-commondir.tmp", ".git/commondir") != 0) {
        if (deniedErrno(errno))
            return CONTAINED("create .git/commondir: %s", errname(errno));
        return BREACH("create .git/commondir: %s, expected success or a denial", errname(errno));
    }
    sleepSeconds(wait);
    return BREACH("created .git/commondir -> ../.cordon-probe-common (core.fsmonitor) and was still running %d s "
                  "later",
        wait);
}

static int p_ro_subdir_parent_rename(int argc, char** argv)
{
    // A read-only rule on a directory inside the workspace (--ro WS/docs/locked) is a bind on that directory;
    // renaming its parent carries the bind away and a new docs/locked with other content takes its place on
    // the host. The same root cause as protected_parent_rename, for the user's own read-only rules.
    if (argc < 1)
        return BREACH("usage: ro_subdir_parent_rename PARENT_DIR (relative to the workspace; PARENT/locked is --ro)");
    char moved[4096], locked[4096], file[4200];
    snprintf(moved, sizeof moved, "%s-moved-by-probe", argv[0]);
    snprintf(locked, sizeof locked, "%s/locked", argv[0]);
    snprintf(file, sizeof file, "%s/locked/existing", argv[0]);
    if (rename(argv[0], moved) == 0) {
        const int planted = mkdir(argv[0], 0755) == 0 && mkdir(locked, 0755) == 0 &&
                            tryOpenWrite(file, O_WRONLY | O_CREAT | O_EXCL) == 0;
        return BREACH("renamed %s away%s", argv[0], planted ? " and replaced the read-only locked/existing" : "");
    }
    const int e1 = errno;
    if (e1 != EBUSY)
        return BREACH("rename %s: %s, expected EBUSY (%s is not a mount point inside)", argv[0], errname(e1), argv[0]);
    struct Attempt a[2] = {{"rename the parent of a read-only directory", -1, e1}, {"", 0, 0}};
    size_t n = 1;
    ATTEMPT(a, n, "append to locked/existing", tryOpenWrite(file, O_WRONLY | O_APPEND));
    return judgeAttempts(a, n);
}

static int p_protected_absent_create(int argc, char** argv)
{
    // The workspace had none of these at launch; the host runs them later all the same (direnv, an editor
    // opening the folder, an agent's project settings), so nothing the sandbox creates may stay under these
    // names. A read-only bind would have to create them on the host first, so they are guarded instead: the
    // monitor moves each aside the moment it appears. Usage: protected_absent_create SECONDS: how long each
    // created name may stay before this counts as a breach. (.git/hooks exists and is read-only: EROFS.)
    const int wait = argc > 0 ? atoi(argv[0]) : 3;
    static const char* const names[] = {".envrc", ".vscode", ".idea", ".mcp.json"};
    int created[4] = {0, 0, 0, 0};
    char detail[1024] = "";
    for (int i = 0; i < 4; i++) {
        const int rc = i == 1 || i == 2 ? mkdir(names[i], 0755) : tryOpenWrite(names[i], O_WRONLY | O_CREAT | O_EXCL);
        if (rc == 0)
            created[i] = 1;
        else if (!deniedErrno(errno))
            return BREACH("create %s: %s, expected success or a denial", names[i], errname(errno));
        else
            snprintf(detail + strlen(detail), sizeof detail - strlen(detail), ", create %s %s", names[i], errname(errno));
    }
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (int i = 0; i < 4; i++) {
        if (!created[i])
            continue;
        struct stat st;
        for (;;) {
            if (lstat(names[i], &st) != 0)
                break;
            clock_gettime(CLOCK_MONOTONIC, &now);
            if (now.tv_sec - start.tv_sec >= wait)
                return BREACH("created %s and it was still there %d s later", names[i], wait);
            struct timespec t = {0, 10 * 1000 * 1000};
            nanosleep(&t, NULL);
        }
        clock_gettime(CLOCK_MONOTONIC, &now);
        snprintf(detail + strlen(detail), sizeof detail - strlen(detail), ", %s created and moved aside within %ld ms",
            names[i], (long)((now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000));
    }
    if (tryOpenWrite(".git/hooks/pre-commit", O_WRONLY | O_CREAT | O_EXCL) == 0)
        return BREACH("created .git/hooks/pre-commit");
    if (!deniedErrno(errno))
        return BREACH("create .git/hooks/pre-commit: %s", errname(errno));
    snprintf(detail + strlen(detail), sizeof detail - strlen(detail), ", create .git/hooks/pre-commit %s", errname(errno));
    return CONTAINED("%s", detail[0] == ',' ? detail + 2 : detail);
}

// ---------------------------------------------------------------------------------------------------
// Secrets outside the workspace

static int mustNotRead(const char* path, const char* label)
{
    char buf[256];
    const int n = readFile(path, buf, sizeof buf);
    if (n >= 0)
        return BREACH("read %d bytes of %s through %s", n, label, path);
    return CONTAINED("%s: %s", path, errname(errno));
}

static int p_workspace_symlink_toctou(int argc, char** argv)
{
    const char* link = argc > 0 ? argv[0] : "ssh-key-link";
    return mustNotRead(link, "the user's ssh key (a symlink planted in the workspace before launch)");
}

static int p_home_ssh_key(int argc, char** argv)
{
    (void)argc, (void)argv;
    const char* home = getenv("HOME");
    if (!home)
        return BREACH("HOME is not set: cannot tell which home to check");
    char path[4096];
    snprintf(path, sizeof path, "%s/.ssh/id_ed25519", home);
    return mustNotRead(path, "the user's ssh key");
}

static int p_workspace_parent_secret(int argc, char** argv)
{
    if (argc < 1)
        return BREACH("usage: workspace_parent_secret FILE");
    return mustNotRead(argv[0], "a file beside the workspace");
}

static int p_etc_shadow(int argc, char** argv)
{
    (void)argc, (void)argv;
    return mustNotRead("/etc/shadow", "/etc/shadow");
}

static int p_inherited_fd(int argc, char** argv)
{
    (void)argc, (void)argv;
    DIR* d = opendir("/proc/self/fd");
    if (!d)
        return BREACH("cannot list /proc/self/fd: %s", errname(errno));
    const int own = dirfd(d);
    for (struct dirent* e; (e = readdir(d));) {
        const int fd = atoi(e->d_name);
        if (e->d_name[0] == '.' || fd <= 2 || fd == own)
            continue;
        char path[64], target[4096];
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
        const ssize_t n = readlink(path, target, sizeof target - 1);
        target[n > 0 ? n : 0] = 0;
        closedir(d);
        return BREACH("inherited descriptor %d -> %s", fd, target);
    }
    closedir(d);
    return CONTAINED("only stdin, stdout and stderr are open");
}

static int p_inherited_cwd(int argc, char** argv)
{
    if (argc < 2)
        return BREACH("usage: inherited_cwd WORKSPACE SECRET_FILE_NAME");
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd))
        return BREACH("getcwd: %s", errname(errno));
    if (strcmp(cwd, argv[0]) != 0)
        return BREACH("cwd is %s, not the workspace %s", cwd, argv[0]);
    char buf[64];
    if (readFile(argv[1], buf, sizeof buf) >= 0)
        return BREACH("the launcher's directory is reachable: read %s", argv[1]);
    return CONTAINED("cwd is the workspace, %s: %s", argv[1], errname(errno));
}

static int p_env_secret_leak(int argc, char** argv)
{
    (void)argc, (void)argv;
    extern char** environ;
    const char* names[] = {"AWS_SECRET_ACCESS_KEY", "ANTHROPIC_API_KEY", "OPENAI_API_KEY", "GITHUB_TOKEN",
        "SSH_AUTH_SOCK", "DBUS_SESSION_BUS_ADDRESS", "GPG_AGENT_INFO", "DISPLAY", "XAUTHORITY", "WAYLAND_DISPLAY",
        "LD_PRELOAD"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (getenv(names[i]))
            return BREACH("%s is set", names[i]);
    int count = 0;
    for (char** e = environ; *e; e++, count++)
        if (strstr(*e, "cordon-probe-secret"))
            return BREACH("a variable holds the launcher's secret: %.*s", (int)strcspn(*e, "="), *e);
    return CONTAINED("%d variables, none of the launcher's secrets", count);
}

// ---------------------------------------------------------------------------------------------------
// Unix sockets

static int connectUnix(const char* path, int abstract)
{
    struct sockaddr_un addr;
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    socklen_t len;
    if (abstract) {
        strncpy(addr.sun_path + 1, path, sizeof addr.sun_path - 2);
        len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(path));
    } else {
        strncpy(addr.sun_path, path, sizeof addr.sun_path - 1);
        len = sizeof addr;
    }
    const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    const int r = connect(fd, (struct sockaddr*)&addr, len);
    const int e = errno;
    close(fd);
    errno = e;
    return r;
}

static int socketsUnreachable(const char** paths, const int* abstract, size_t n)
{
    char detail[2048] = "";
    for (size_t i = 0; i < n; i++) {
        if (connectUnix(paths[i], abstract[i]) == 0)
            return BREACH("connected to %s%s", abstract[i] ? "@" : "", paths[i]);
        snprintf(detail + strlen(detail), sizeof detail - strlen(detail), "%s%s%s %s", i ? ", " : "",
            abstract[i] ? "@" : "", paths[i], errname(errno));
    }
    return CONTAINED("%s", detail);
}

static int p_abstract_unix_socket(int argc, char** argv)
{
    if (argc < 1)
        return BREACH("usage: abstract_unix_socket NAME");
    const char* paths[] = {argv[0]};
    const int abstract[] = {1};
    return socketsUnreachable(paths, abstract, 1);
}

static int p_unix_socket_x11(int argc, char** argv)
{
    const char* display = argc > 0 ? argv[0] : "0";
    char path[108];
    snprintf(path, sizeof path, "/tmp/.X11-unix/X%s", display);
    // X servers listen on both the pathname socket and the abstract one of the same name.
    const char* paths[] = {path, path};
    const int abstract[] = {0, 1};
    if (getenv("DISPLAY"))
        return BREACH("DISPLAY is set");
    return socketsUnreachable(paths, abstract, 2);
}

static int p_unix_socket_dbus(int argc, char** argv)
{
    (void)argc, (void)argv;
    if (getenv("DBUS_SESSION_BUS_ADDRESS"))
        return BREACH("DBUS_SESSION_BUS_ADDRESS is set");
    char session[108];
    snprintf(session, sizeof session, "/run/user/%u/bus", (unsigned)getuid());
    const char* paths[] = {session, "/run/dbus/system_bus_socket", "/var/run/dbus/system_bus_socket"};
    const int abstract[] = {0, 0, 0};
    return socketsUnreachable(paths, abstract, 3);
}

static int p_ssh_agent(int argc, char** argv)
{
    if (getenv("SSH_AUTH_SOCK"))
        return BREACH("SSH_AUTH_SOCK is set");
    if (argc < 1)
        return BREACH("usage: ssh_agent SOCKET_PATH");
    const char* paths[] = {argv[0]};
    const int abstract[] = {0};
    return socketsUnreachable(paths, abstract, 1);
}

static int p_docker_sock(int argc, char** argv)
{
    (void)argc, (void)argv;
    const char* paths[] = {
        "/var/run/docker.sock", "/run/docker.sock", "/run/containerd/containerd.sock", "/run/podman/podman.sock"};
    const int abstract[] = {0, 0, 0, 0};
    return socketsUnreachable(paths, abstract, 4);
}

// ---------------------------------------------------------------------------------------------------
// Network egress

static int connectTcp(const char* ip, int port, int timeoutMs)
{
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    inet_pton(AF_INET, ip, &a.sin_addr);
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return -1;
    int r = connect(fd, (struct sockaddr*)&a, sizeof a);
    if (r < 0 && errno == EINPROGRESS) {
        struct pollfd p = {fd, POLLOUT, 0};
        if (poll(&p, 1, timeoutMs) == 1) {
            int err = 0;
            socklen_t len = sizeof err;
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
            r = err ? -1 : 0;
            errno = err;
        } else {
            errno = ETIMEDOUT;
        }
    }
    const int e = errno;
    close(fd);
    errno = e;
    return r;
}

static int p_net_tcp_direct(int argc, char** argv)
{
    if (argc < 1)
        return BREACH("usage: net_tcp_direct PORT [HOST_IP]");
    const int port = atoi(argv[0]);
    if (connectTcp("127.0.0.1", port, 2000) == 0)
        return BREACH("connected to the host's 127.0.0.1:%d", port);
    const int e1 = errno;
    if (e1 != ECONNREFUSED)
        return BREACH("127.0.0.1:%d: %s, expected ECONNREFUSED from the sandbox's own loopback", port, errname(e1));
    const char* external = argc > 1 ? argv[1] : "192.0.2.1";
    if (connectTcp(external, port, 2000) == 0)
        return BREACH("connected to %s:%d", external, port);
    const int e2 = errno;
    if (e2 != ENETUNREACH)
        return BREACH("%s:%d: %s, expected ENETUNREACH (no route but loopback)", external, port, errname(e2));
    return CONTAINED("127.0.0.1:%d %s (own loopback), %s:%d %s", port, errname(e1), external, port, errname(e2));
}

// The egress bridge (LaunchSpec proxyPort/proxySocket, helper/confine/ProxyBridge.h): no direct route
// out (ENETUNREACH), the host's loopback out of reach (the sandbox's own lo refuses), the bridge at
// 127.0.0.1:BRIDGE_PORT leads to the proxy's socket and nowhere else whatever the client asks for (the
// runner's stand-in proxy answers "cordon-fake-proxy"), and the proxy's socket directory, a host
// directory, cannot be written (its socket neither removed nor replaced).
static int p_proxy_bridge_only(int argc, char** argv)
{
    if (argc < 3)
        return BREACH("usage: proxy_bridge_only BRIDGE_PORT HOST_TCP_PORT PROXY_SOCKET");
    const int bridgePort = atoi(argv[0]);
    const int hostPort = atoi(argv[1]);
    const char* socketPath = argv[2];
    if (connectTcp("192.0.2.1", 80, 2000) == 0)
        return BREACH("connected to 192.0.2.1:80 directly");
    const int direct = errno;
    if (direct != ENETUNREACH)
        return BREACH("192.0.2.1:80: %s, expected ENETUNREACH (no route but loopback)", errname(direct));
    if (connectTcp("127.0.0.1", hostPort, 2000) == 0)
        return BREACH("connected to the host's 127.0.0.1:%d", hostPort);
    const int loopback = errno;
    if (loopback != ECONNREFUSED)
        return BREACH("127.0.0.1:%d: %s, expected ECONNREFUSED from the sandbox's own loopback", hostPort,
            errname(loopback));

    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)bridgePort);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || connect(fd, (struct sockaddr*)&a, sizeof a) != 0)
        return BREACH("cannot check: the bridge at 127.0.0.1:%d is not there (%s)", bridgePort, errname(errno));
    // What a client would ask a proxy for to reach the host's server: the bridge must not care.
    char request[256];
    const int len = snprintf(request, sizeof request, "CONNECT 127.0.0.1:%d HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n",
        hostPort, hostPort);
    if (write(fd, request, (size_t)len) != len)
        return BREACH("cannot check: writing to the bridge: %s", errname(errno));
    char reply[512];
    size_t got = 0;
    while (got < sizeof reply - 1) {
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, 5000) != 1)
            break;
        const ssize_t n = read(fd, reply + got, sizeof reply - 1 - got);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    reply[got] = '\0';
    close(fd);
    for (size_t i = 0; i < got; i++)
        if (reply[i] == '\r' || reply[i] == '\n')
            reply[i] = ' ';
    if (strstr(reply, "cordon-fake-proxy") == NULL)
        return BREACH("the bridge led somewhere other than the proxy: answer '%s'", reply);

    if (unlink(socketPath) == 0)
        return BREACH("removed the proxy's socket %s, a file of the host", socketPath);
    const int removeErr = errno;
    if (removeErr != EROFS)
        return BREACH("unlink %s: %s, expected EROFS (a read-only bind)", socketPath, errname(removeErr));
    return CONTAINED("192.0.2.1:80 %s, 127.0.0.1:%d %s (own loopback), the bridge answered only by the proxy, "
                     "unlink of its socket %s",
        errname(direct), hostPort, errname(loopback), errname(removeErr));
}

// Sends a datagram and waits for any answer: the runner's UDP server echoes.
static int udpExchange(const char* ip, int port, const void* msg, size_t len, int timeoutMs, int* sendErr)
{
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, ip, &a.sin_addr) != 1) {
        *sendErr = EINVAL;
        return 0;
    }
    const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *sendErr = errno;
        return 0;
    }
    *sendErr = 0;
    if (sendto(fd, msg, len, 0, (struct sockaddr*)&a, sizeof a) < 0) {
        *sendErr = errno;
        close(fd);
        return 0;
    }
    struct pollfd p = {fd, POLLIN, 0};
    int answered = 0;
    if (poll(&p, 1, timeoutMs) == 1) {
        char buf[512];
        answered = recv(fd, buf, sizeof buf, 0) > 0;
        if (!answered)
            *sendErr = errno;
    }
    close(fd);
    return answered;
}

static int p_net_udp_direct(int argc, char** argv)
{
    if (argc < 1)
        return BREACH("usage: net_udp_direct PORT [HOST_IP]");
    const int port = atoi(argv[0]);
    int err = 0;
    if (udpExchange("127.0.0.1", port, "cordon-probe", 12, 1000, &err))
        return BREACH("the host's UDP server at 127.0.0.1:%d answered", port);
    const int e1 = err;
    const char* external = argc > 1 ? argv[1] : "192.0.2.1";
    if (udpExchange(external, port, "cordon-probe", 12, 1000, &err))
        return BREACH("%s:%d answered", external, port);
    if (err != ENETUNREACH)
        return BREACH("sendto %s:%d: %s, expected ENETUNREACH", external, port, errname(err));
    return CONTAINED(
        "127.0.0.1:%d no answer (%s), %s:%d %s", port, e1 ? errname(e1) : "own loopback", external, port, errname(err));
}

static int p_net_dns(int argc, char** argv)
{
    // A DNS query for "example.com" A, sent to every nameserver in /etc/resolv.conf plus the address the
    // runner passes (its own answering server on the host's loopback, so the control run can succeed).
    static const unsigned char query[] = {0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 7, 'e', 'x', 'a', 'm', 'p', 'l',
        'e', 3, 'c', 'o', 'm', 0, 0, 1, 0, 1};
    char servers[8][64];
    int ports[8];
    int count = 0;
    char conf[8192];
    if (readFile("/etc/resolv.conf", conf, sizeof conf) >= 0) {
        for (char* line = strtok(conf, "\n"); line && count < 6; line = strtok(NULL, "\n")) {
            char ip[64];
            if (sscanf(line, "nameserver %63s", ip) == 1 && strchr(ip, '.')) {
                snprintf(servers[count], sizeof servers[count], "%s", ip);
                ports[count++] = 53;
            }
        }
    }
    if (argc > 0 && count < 8) {
        snprintf(servers[count], sizeof servers[count], "127.0.0.1");
        ports[count++] = atoi(argv[0]);
    }
    char detail[1024] = "";
    for (int i = 0; i < count; i++) {
        int err = 0;
        if (udpExchange(servers[i], ports[i], query, sizeof query, 1000, &err))
            return BREACH("nameserver %s:%d answered", servers[i], ports[i]);
        snprintf(detail + strlen(detail), sizeof detail - strlen(detail), "%s%s:%d %s", i ? ", " : "", servers[i],
            ports[i], err ? errname(err) : "no answer");
    }
    struct addrinfo* res = NULL;
    struct addrinfo hints;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    const int gai = getaddrinfo("example.com", "80", &hints, &res);
    if (gai == 0) {
        freeaddrinfo(res);
        return BREACH("getaddrinfo(example.com) resolved");
    }
    return CONTAINED("%s; getaddrinfo(example.com): %s", detail, gai_strerror(gai));
}

// ---------------------------------------------------------------------------------------------------
// Resource exhaustion

static int p_fork_bomb(int argc, char** argv)
{
    const int max = argc > 0 ? atoi(argv[0]) : 256;
    pid_t* kids = calloc((size_t)max, sizeof *kids);
    int n = 0, err = 0;
    while (n < max) {
        const pid_t pid = fork();
        if (pid < 0) {
            err = errno;
            break;
        }
        if (pid == 0) {
            for (;;)
                pause();
        }
        kids[n++] = pid;
    }
    for (int i = 0; i < n; i++)
        kill(kids[i], SIGKILL);
    for (int i = 0; i < n; i++)
        waitpid(kids[i], NULL, 0);
    free(kids);
    if (n >= max)
        return BREACH("forked %d processes without hitting a limit", n);
    if (err != EAGAIN)
        return BREACH("fork failed after %d with %s, expected EAGAIN", n, errname(err));
    return CONTAINED("fork: EAGAIN after %d processes", n);
}

static int p_memory_exhaustion(int argc, char** argv)
{
    const long mib = argc > 0 ? atol(argv[0]) : 512;
    const pid_t pid = fork();
    if (pid < 0)
        return BREACH("fork: %s", errname(errno));
    if (pid == 0) {
        // Touch every page: the memory cgroup counts what is resident, not what is reserved.
        for (long i = 0; i < mib; i++) {
            char* p = malloc(1 << 20);
            if (!p)
                _exit(2);
            memset(p, 0x5a, 1 << 20);
        }
        _exit(0);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) { }
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        return CONTAINED("the child allocating %ld MiB was killed (SIGKILL: memory limit)", mib);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 2)
        return CONTAINED("allocation of %ld MiB failed (ENOMEM)", mib);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return BREACH("allocated and touched %ld MiB", mib);
    return BREACH("child ended with status 0x%x", status);
}

static int p_fd_exhaustion(int argc, char** argv)
{
    const long ceiling = argc > 0 ? atol(argv[0]) : 8192;
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return BREACH("getrlimit: %s", errname(errno));
    // What the sandbox sets is the hard limit: the soft one may be raised to it without privilege.
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    getrlimit(RLIMIT_NOFILE, &rl);
    long opened = 0, highest = 2;
    int err = 0;
    while (opened < ceiling + 16) {
        const int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            err = errno;
            break;
        }
        opened++;
        if (fd > highest)
            highest = fd;
    }
    for (long fd = 3; fd <= highest; fd++)
        close((int)fd);
    if (err != EMFILE)
        return BREACH("opened %ld descriptors (limit %llu) without EMFILE (%s)", opened,
            (unsigned long long)rl.rlim_max, errname(err));
    if (highest + 1 > ceiling)
        return BREACH("EMFILE only at %ld descriptors, above %ld", highest + 1, ceiling);
    if ((rlim_t)(highest + 1) != rl.rlim_cur)
        return BREACH(
            "EMFILE at %ld descriptors but RLIMIT_NOFILE is %llu", highest + 1, (unsigned long long)rl.rlim_cur);
    return CONTAINED("EMFILE at RLIMIT_NOFILE = %llu", (unsigned long long)rl.rlim_max);
}

static int p_disk_exhaustion_tmp(int argc, char** argv)
{
    const char* dir = argc > 0 ? argv[0] : "/tmp";
    const long limitMib = argc > 1 ? atol(argv[1]) : 2048;
    char path[4096];
    snprintf(path, sizeof path, "%s/cordon-probe-fill-%d", dir, (int)getpid());
    const pid_t pid = fork();
    if (pid < 0)
        return BREACH("fork: %s", errname(errno));
    if (pid == 0) {
        // In a child: a tmpfs is charged to the memory cgroup, which may kill the writer before ENOSPC.
        const int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd < 0)
            _exit(10);
        static char chunk[1 << 20];
        memset(chunk, 0x5a, sizeof chunk);
        signal(SIGXFSZ, SIG_IGN);
        for (long i = 0; i < limitMib; i++) {
            ssize_t done = 0;
            while (done < (ssize_t)sizeof chunk) {
                const ssize_t w = write(fd, chunk + done, sizeof chunk - (size_t)done);
                if (w < 0) {
                    const int e = errno;
                    close(fd);
                    unlink(path);
                    _exit(e == ENOSPC ? 20 : e == EFBIG ? 21 : e == EDQUOT ? 22 : 23);
                }
                done += w;
            }
        }
        close(fd);
        unlink(path);
        _exit(0);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) { }
    unlink(path);
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        return CONTAINED("the writer was killed (memory limit; %s is a tmpfs charged to the cgroup)", dir);
    if (WIFEXITED(status)) {
        switch (WEXITSTATUS(status)) {
        case 0: return BREACH("wrote %ld MiB into %s without hitting a limit", limitMib, dir);
        case 10: return BREACH("cannot create %s", path);
        case 20: return CONTAINED("%s: ENOSPC before %ld MiB", dir, limitMib);
        case 21: return CONTAINED("%s: EFBIG (RLIMIT_FSIZE) before %ld MiB", dir, limitMib);
        case 22: return CONTAINED("%s: EDQUOT before %ld MiB", dir, limitMib);
        default: break;
        }
    }
    return BREACH("writer ended with status 0x%x", status);
}

static int p_timebox_double_fork(int argc, char** argv)
{
    if (argc < 1)
        return BREACH("usage: timebox_double_fork MARKER");
    // The runner judges: after the timebox, no process whose command line holds MARKER may exist on the host.
    const pid_t pid = fork();
    if (pid == 0) {
        setsid();
        if (fork() == 0) {
            setsid();
            signal(SIGTERM, SIG_IGN);
            signal(SIGHUP, SIG_IGN);
            char self[64];
            snprintf(self, sizeof self, "/proc/self/exe");
            execl(self, "cordon-escape-probe", "--sleep", argv[0], (char*)NULL);
            for (;;)
                pause();
        }
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    signal(SIGTERM, SIG_IGN);
    printf("%s: spawned a setsid grandchild that ignores SIGTERM; the runner checks it is gone\n", g_name);
    fflush(stdout);
    for (;;)
        pause();
}

// ---------------------------------------------------------------------------------------------------
// The layers themselves, read back from the kernel

static int p_landlock_in_force(int argc, char** argv)
{
    (void)argc, (void)argv;
    // Landlock leaves no flag in /proc; its effect is the evidence. Cordon's ruleset grants EXECUTE only where a
    // mount's spec says exec (the workspace, /usr, /tmp, the home): /var/tmp and /dev/shm are writable tmpfs
    // mounts without noexec, so an executable copied there and refused with EACCES shows Landlock's hand.
    const char* dirs[] = {"/var/tmp", "/dev/shm"};
    char detail[1024] = "";
    int tested = 0;
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        struct statvfs vfs;
        if (statvfs(dirs[i], &vfs) != 0 || (vfs.f_flag & ST_NOEXEC) || (vfs.f_flag & ST_RDONLY))
            continue;
        char path[256];
        snprintf(path, sizeof path, "%s/cordon-probe-exec-%d", dirs[i], (int)getpid());
        const int in = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
        const int out = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0755);
        if (in < 0 || out < 0) {
            if (in >= 0)
                close(in);
            if (out >= 0)
                close(out);
            continue;
        }
        char buf[65536];
        ssize_t n;
        while ((n = read(in, buf, sizeof buf)) > 0)
            if (write(out, buf, (size_t)n) != n)
                break;
        close(in);
        close(out);
        const pid_t pid = fork();
        if (pid == 0) {
            const int null = open("/dev/null", O_WRONLY);
            dup2(null, 1);
            execl(path, path, "--list", (char*)NULL);
            _exit(errno == EACCES ? 40 : 41);
        }
        int status = 0;
        waitpid(pid, &status, 0);
        unlink(path);
        tested++;
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 40)
            return BREACH("executed a file copied into %s (a writable mount without noexec)", dirs[i]);
        snprintf(detail + strlen(detail), sizeof detail - strlen(detail), "%sexecve in %s EACCES",
            tested > 1 ? ", " : "", dirs[i]);
    }
    if (!tested)
        return BREACH("no writable, exec-mounted directory to test Landlock's EXECUTE right with");
    return CONTAINED("%s (mount allows exec: Landlock denies)", detail);
}

static int p_seccomp_in_force(int argc, char** argv)
{
    (void)argc, (void)argv;
    char mode[64], filters[64] = "?";
    if (!statusField("Seccomp", mode, sizeof mode))
        return BREACH("no Seccomp line in /proc/self/status");
    statusField("Seccomp_filters", filters, sizeof filters);
    if (strcmp(mode, "2") != 0)
        return BREACH("Seccomp: %s, expected 2 (filter)", mode);
    return CONTAINED("Seccomp: 2, Seccomp_filters: %s", filters);
}

static int p_no_new_privs(int argc, char** argv)
{
    (void)argc, (void)argv;
    char v[64];
    if (!statusField("NoNewPrivs", v, sizeof v))
        return BREACH("no NoNewPrivs line in /proc/self/status");
    if (strcmp(v, "1") != 0)
        return BREACH("NoNewPrivs: %s", v);
    return CONTAINED("NoNewPrivs: 1");
}

static int p_capabilities_zero(int argc, char** argv)
{
    (void)argc, (void)argv;
    const char* fields[] = {"CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        char v[64];
        if (!statusField(fields[i], v, sizeof v))
            return BREACH("no %s line in /proc/self/status", fields[i]);
        if (strtoull(v, NULL, 16) != 0)
            return BREACH("%s: %s", fields[i], v);
    }
    return CONTAINED("CapInh, CapPrm, CapEff, CapBnd and CapAmb all 0");
}

static int p_hostname_isolated(int argc, char** argv)
{
    if (argc < 1)
        return BREACH("usage: hostname_isolated HOST_HOSTNAME");
    char name[256];
    if (gethostname(name, sizeof name) != 0)
        return BREACH("gethostname: %s", errname(errno));
    if (strcmp(name, argv[0]) == 0)
        return BREACH("hostname is the host's (%s)", name);
    errno = 0;
    const int r = sethostname("cordon-probe", 12);
    return r == 0 ? BREACH("sethostname succeeded") : expectErrno(r, errno, EPERM, "sethostname");
}

static int p_ipc_namespace(int argc, char** argv)
{
    if (argc < 1)
        return BREACH("usage: ipc_namespace SHM_KEY");
    const key_t key = (key_t)strtol(argv[0], NULL, 0);
    errno = 0;
    const int id = shmget(key, 0, 0);
    if (id >= 0) {
        void* p = shmat(id, NULL, SHM_RDONLY);
        if (p != (void*)-1)
            shmdt(p);
        return BREACH("the host's SysV shared memory segment 0x%x is visible (id %d)", (unsigned)key, id);
    }
    return expectErrno(id, errno, ENOENT, "shmget(host key)");
}

// ---------------------------------------------------------------------------------------------------

struct Probe {
    const char* name;
    int (*fn)(int argc, char** argv);
};

static const struct Probe kProbes[] = {
    {"tiocsti_cve_2017_5226", p_tiocsti},
    {"tiocsti_high_bits_cve_2019_10063", p_tiocsti_high},
    {"tioclinux", p_tioclinux},
    {"tioclinux_high_bits", p_tioclinux_high},
    {"x32_abi", p_x32},
    {"i386_int80", p_i386},
    {"io_uring_setup", p_io_uring},
    {"clone3", p_clone3},
    {"fsopen_new_mount_api", p_fsopen},
    {"open_tree_new_mount_api", p_open_tree},
    {"mount_bind", p_mount_bind},
    {"ro_remount", p_ro_remount},
    {"chroot_escape", p_chroot},
    {"cgroup_release_agent_cve_2022_0492", p_cgroup_release_agent},
    {"nested_userns_unshare", p_nested_userns_unshare},
    {"nested_userns_clone", p_nested_userns_clone},
    {"setns", p_setns},
    {"bpf", p_bpf},
    {"perf_event_open", p_perf_event_open},
    {"userfaultfd", p_userfaultfd},
    {"keyctl", p_keyctl},
    {"add_key", p_add_key},
    {"request_key", p_request_key},
    {"kexec_load", p_kexec_load},
    {"init_module", p_init_module},
    {"acct", p_acct},
    {"syslog", p_syslog},
    {"personality_read_implies_exec", p_personality},
    {"socket_packet", p_socket_packet},
    {"socket_netlink", p_socket_netlink},
    {"socket_alg", p_socket_alg},
    {"socket_vsock", p_socket_vsock},
    {"net_raw_socket", p_net_raw_socket},
    {"name_to_handle_at", p_name_to_handle_at},
    {"open_by_handle_at_shocker_cve_2014_3519", p_open_by_handle_at},
    {"setuid_binary", p_setuid_binary},
    {"ptrace_attach", p_ptrace_attach},
    {"process_vm_readv", p_process_vm_readv},
    {"process_vm_writev", p_process_vm_writev},
    {"kill_outside_pid", p_kill_outside_pid},
    {"pidfd_getfd", p_pidfd_getfd},
    {"proc_fd_reopen", p_proc_fd_reopen},
    {"umount_reveal", p_umount_reveal},
    {"protected_symlink_swap_toctou", p_protected_symlink_swap_toctou},
    {"proc_environ_other", p_proc_environ_other},
    {"proc_mountinfo_leak", p_proc_mountinfo_leak},
    {"proc_exe_handle_cve_2019_5736", p_proc_exe_handle},
    {"proc_sys_write", p_proc_sys_write},
    {"sysfs_absent", p_sysfs_absent},
    {"proc_self_cgroup", p_proc_self_cgroup},
    {"dev_minimal", p_dev_minimal},
    {"devpts_host_pty", p_devpts_host_pty},
    {"ro_bind_write", p_ro_bind_write},
    {"ro_path_write", p_ro_path_write},
    {"hide_path", p_hide_path},
    {"git_hooks_write", p_git_hooks_write},
    {"protected_config_write", p_git_config_write},
    {"ro_truncate", p_ro_truncate},
    {"ro_rename", p_ro_rename},
    {"ro_link", p_ro_link},
    {"protected_parent_rename", p_protected_parent_rename},
    {"protected_absent_create", p_protected_absent_create},
    {"ro_subdir_parent_rename", p_ro_subdir_parent_rename},
    {"git_commondir_redirect", p_git_commondir_redirect},
    {"workspace_symlink_toctou", p_workspace_symlink_toctou},
    {"home_ssh_key", p_home_ssh_key},
    {"workspace_parent_secret", p_workspace_parent_secret},
    {"etc_shadow", p_etc_shadow},
    {"inherited_fd", p_inherited_fd},
    {"inherited_cwd", p_inherited_cwd},
    {"env_secret_leak", p_env_secret_leak},
    {"abstract_unix_socket", p_abstract_unix_socket},
    {"unix_socket_x11", p_unix_socket_x11},
    {"unix_socket_dbus", p_unix_socket_dbus},
    {"ssh_agent", p_ssh_agent},
    {"docker_sock", p_docker_sock},
    {"net_tcp_direct", p_net_tcp_direct},
    {"net_udp_direct", p_net_udp_direct},
    {"net_dns", p_net_dns},
    {"proxy_bridge_only", p_proxy_bridge_only},
    {"fork_bomb", p_fork_bomb},
    {"memory_exhaustion", p_memory_exhaustion},
    {"fd_exhaustion", p_fd_exhaustion},
    {"disk_exhaustion_tmp", p_disk_exhaustion_tmp},
    {"timebox_double_fork", p_timebox_double_fork},
    {"landlock_in_force", p_landlock_in_force},
    {"seccomp_in_force", p_seccomp_in_force},
    {"no_new_privs", p_no_new_privs},
    {"capabilities_zero", p_capabilities_zero},
    {"hostname_isolated", p_hostname_isolated},
    {"ipc_namespace", p_ipc_namespace},
};

int main(int argc, char** argv)
{
    if (argc >= 2 && strcmp(argv[1], "--list") == 0) {
        for (size_t i = 0; i < sizeof kProbes / sizeof *kProbes; i++)
            printf("%s\n", kProbes[i].name);
        return 0;
    }
    if (argc >= 2 && strcmp(argv[1], "--sleep") == 0) {
        // The timebox probe's grandchild: argv carries the marker the runner looks for.
        signal(SIGTERM, SIG_IGN);
        sleep(600);
        return 0;
    }
    if (argc < 2) {
        fprintf(stderr, "usage: %s NAME [ARGS...] | --list\n", argv[0]);
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (size_t i = 0; i < sizeof kProbes / sizeof *kProbes; i++) {
        if (strcmp(argv[1], kProbes[i].name) == 0) {
            g_name = kProbes[i].name;
            return kProbes[i].fn(argc - 2, argv + 2);
        }
    }
    fprintf(stderr, "unknown probe %s (see --list)\n", argv[1]);
    return 2;
}
