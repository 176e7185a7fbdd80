// The seccomp filter against the real kernel: every denied syscall answers the errno documented
// at the top of helper/confine/SeccompFilter.cpp, the allowed ones still work, foreign ABIs kill
// the process with SIGSYS. Each denial probe also runs unconfined, where the kernel's own answer
// must differ (a probe that gets the same answer either way proves nothing). The probes use
// arguments that make the unconfined call harmless (bad flags, missing paths, bad descriptors).

#include "ForkedChild.h"
#include "SeccompFilter.h"

#include <QTest>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timex.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef __NR_open_tree_attr
#define __NR_open_tree_attr 467 // Linux 6.15
#endif
#ifndef __NR_set_mempolicy_home_node
#define __NR_set_mempolicy_home_node 450 // Linux 5.17
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080 // Linux 5.6
#endif
#ifndef AF_VSOCK
#define AF_VSOCK 40
#endif

using cordon::test::ChildResult;
using cordon::test::reportCall;
using cordon::test::reportValue;
using cordon::test::runInChild;

namespace {

constexpr const char* kMissing = "/nonexistent/cordon-probe";

struct Probe {
    const char* name;
    long (*call)();
    int deniedErrno;
};

long cloneWith(unsigned long flag)
{
    // CLONE_SIGHAND without CLONE_VM is EINVAL for the kernel, so the unconfined run never forks.
    return ::syscall(SYS_clone, flag | CLONE_SIGHAND | SIGCHLD, 0, 0, 0, 0);
}

int openPtySlave()
{
    const int master = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0 || ::grantpt(master) != 0 || ::unlockpt(master) != 0)
        return -1;
    const char* name = ::ptsname(master);
    return name == nullptr ? -1 : ::open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
}

int g_pty = -1; // opened before the filter goes on

const Probe kProbes[] = {
    {"ptrace", [] { return ::syscall(SYS_ptrace, 2 /*PEEKDATA*/, 1 << 30, 0, 0); }, EPERM},
    {"process_vm_readv", [] { return ::syscall(SYS_process_vm_readv, 1 << 30, nullptr, 0, nullptr, 0, 0); }, EPERM},
    {"process_vm_writev", [] { return ::syscall(SYS_process_vm_writev, 1 << 30, nullptr, 0, nullptr, 0, 0); }, EPERM},
    {"pidfd_getfd", [] { return ::syscall(SYS_pidfd_getfd, -1, 0, 0); }, EPERM},
    {"process_madvise", [] { return ::syscall(SYS_process_madvise, -1, nullptr, 0, 0, 0); }, EPERM},
    {"mount", [] { return ::syscall(SYS_mount, "none", kMissing, "tmpfs", 0, nullptr); }, EPERM},
    {"umount2", [] { return ::syscall(SYS_umount2, kMissing, 0); }, EPERM},
    {"pivot_root", [] { return ::syscall(SYS_pivot_root, kMissing, kMissing); }, EPERM},
    {"chroot", [] { return ::syscall(SYS_chroot, kMissing); }, EPERM},
    {"open_tree", [] { return ::syscall(SYS_open_tree, AT_FDCWD, kMissing, 0); }, EPERM},
    {"open_tree_attr", [] { return ::syscall(__NR_open_tree_attr, AT_FDCWD, kMissing, 0, nullptr, 0); }, EPERM},
    {"move_mount", [] { return ::syscall(SYS_move_mount, -1, kMissing, -1, kMissing, 0); }, EPERM},
    {"fsopen", [] { return ::syscall(SYS_fsopen, "cordon-nofs", 0); }, EPERM},
    {"fsconfig", [] { return ::syscall(SYS_fsconfig, -1, 0, nullptr, nullptr, 0); }, EPERM},
    {"fsmount", [] { return ::syscall(SYS_fsmount, -1, 0, 0); }, EPERM},
    {"fspick", [] { return ::syscall(SYS_fspick, AT_FDCWD, kMissing, 0); }, EPERM},
    {"mount_setattr", [] { return ::syscall(SYS_mount_setattr, -1, kMissing, 0, nullptr, 0); }, EPERM},
    {"bpf", [] { return ::syscall(SYS_bpf, 0x7fff, nullptr, 0); }, EPERM},
    {"perf_event_open", [] { return ::syscall(SYS_perf_event_open, nullptr, 0, -1, -1, 0); }, EPERM},
    {"userfaultfd", [] { return ::syscall(SYS_userfaultfd, 0x7fff0000); }, EPERM},
    {"keyctl", [] { return ::syscall(SYS_keyctl, 0x7fff, 0, 0, 0, 0); }, EPERM},
    {"add_key", [] { return ::syscall(SYS_add_key, nullptr, nullptr, nullptr, 0, 0); }, EPERM},
    {"request_key", [] { return ::syscall(SYS_request_key, nullptr, nullptr, nullptr, 0); }, EPERM},
    {"kexec_load", [] { return ::syscall(SYS_kexec_load, 0, 0, nullptr, 0x7fff0000UL); }, EPERM},
    {"kexec_file_load", [] { return ::syscall(SYS_kexec_file_load, -1, -1, 0, nullptr, 0x7fff0000UL); }, EPERM},
    {"init_module", [] { return ::syscall(SYS_init_module, nullptr, 0, ""); }, EPERM},
    {"finit_module", [] { return ::syscall(SYS_finit_module, -1, "", 0); }, EPERM},
    {"delete_module", [] { return ::syscall(SYS_delete_module, "cordon_no_such_module", O_NONBLOCK); }, EPERM},
    {"acct", [] { return ::syscall(SYS_acct, kMissing); }, EPERM},
    {"syslog", [] { return ::syscall(SYS_syslog, 10 /*SIZE_BUFFER*/, nullptr, 0); }, EPERM},
    {"swapon", [] { return ::syscall(SYS_swapon, kMissing, 0); }, EPERM},
    {"swapoff", [] { return ::syscall(SYS_swapoff, kMissing); }, EPERM},
    {"reboot", [] { return ::syscall(SYS_reboot, 0, 0, 0, nullptr); }, EPERM},
    {"quotactl", [] { return ::syscall(SYS_quotactl, 0x7fffff00, kMissing, 0, nullptr); }, EPERM},
    {"quotactl_fd", [] { return ::syscall(SYS_quotactl_fd, -1, 0, 0, nullptr); }, EPERM},
    {"lookup_dcookie", [] { return ::syscall(SYS_lookup_dcookie, 0, nullptr, 0); }, EPERM},
    {"vhangup", [] { return ::syscall(SYS_vhangup); }, EPERM},
    {"iopl", [] { return ::syscall(SYS_iopl, 0); }, EPERM},
    {"ioperm", [] { return ::syscall(SYS_ioperm, 0x10000, 1, 0); }, EPERM},
    {"uselib", [] { return ::syscall(SYS_uselib, kMissing); }, EPERM},
    {"settimeofday", [] { return ::syscall(SYS_settimeofday, nullptr, nullptr); }, EPERM},
    {"clock_settime",
        [] {
            const struct timespec ts = {0, 0};
            return ::syscall(SYS_clock_settime, CLOCK_MONOTONIC, &ts);
        },
        EPERM},
    {"clock_adjtime",
        [] {
            struct timex tx { };
            return ::syscall(SYS_clock_adjtime, CLOCK_REALTIME, &tx);
        },
        EPERM},
    {"adjtimex",
        [] {
            struct timex tx { };
            return ::syscall(SYS_adjtimex, &tx);
        },
        EPERM},
    {"fanotify_init", [] { return ::syscall(SYS_fanotify_init, 0x7fff0000U, 0); }, EPERM},
    {"open_by_handle_at", [] { return ::syscall(SYS_open_by_handle_at, -1, nullptr, 0); }, EPERM},
    {"name_to_handle_at", [] { return ::syscall(SYS_name_to_handle_at, AT_FDCWD, kMissing, nullptr, nullptr, 0); },
        EPERM},
    {"move_pages", [] { return ::syscall(SYS_move_pages, 1 << 30, 0, nullptr, nullptr, nullptr, 0); }, EPERM},
    {"migrate_pages", [] { return ::syscall(SYS_migrate_pages, 1 << 30, 0, nullptr, nullptr); }, EPERM},
    // Bad modes and flags: the kernel answers EINVAL (ENOSYS for modify_ldt's unknown function).
    {"mbind", [] { return ::syscall(SYS_mbind, 0, 0, 0x7fff, nullptr, 0, 0); }, EPERM},
    {"set_mempolicy", [] { return ::syscall(SYS_set_mempolicy, 0x7fff, nullptr, 0); }, EPERM},
    {"set_mempolicy_home_node", [] { return ::syscall(__NR_set_mempolicy_home_node, 0, 0, 0, 0x7fff); }, EPERM},
    {"modify_ldt", [] { return ::syscall(SYS_modify_ldt, 0x7fff, nullptr, 0); }, EPERM},
    {"kcmp", [] { return ::syscall(SYS_kcmp, ::getpid(), ::getpid(), 0x7fff, 0, 0); }, EPERM},
    {"sysfs", [] { return ::syscall(SYS_sysfs, 0x7fff, 0, 0); }, EPERM},
    {"ustat",
        [] {
            char buf[64];
            return ::syscall(SYS_ustat, 0xfffffUL, buf);
        },
        EPERM},
    {"setns", [] { return ::syscall(SYS_setns, -1, 0); }, EPERM},
    {"unshare", [] { return ::syscall(SYS_unshare, 0x7fff0000UL); }, EPERM},
    {"io_uring_setup", [] { return ::syscall(SYS_io_uring_setup, 0, nullptr); }, ENOSYS},
    {"io_uring_enter", [] { return ::syscall(SYS_io_uring_enter, -1, 0, 0, 0, nullptr, 0); }, ENOSYS},
    {"io_uring_register", [] { return ::syscall(SYS_io_uring_register, -1, 0, nullptr, 0); }, ENOSYS},
    {"clone3", [] { return ::syscall(SYS_clone3, nullptr, 0); }, ENOSYS},
    {"clone_newuser", [] { return cloneWith(CLONE_NEWUSER); }, EPERM},
    {"clone_newns", [] { return cloneWith(CLONE_NEWNS); }, EPERM},
    {"clone_newpid", [] { return cloneWith(CLONE_NEWPID); }, EPERM},
    {"clone_newnet", [] { return cloneWith(CLONE_NEWNET); }, EPERM},
    {"clone_newipc", [] { return cloneWith(CLONE_NEWIPC); }, EPERM},
    {"clone_newuts", [] { return cloneWith(CLONE_NEWUTS); }, EPERM},
    {"clone_newcgroup", [] { return cloneWith(CLONE_NEWCGROUP); }, EPERM},
    {"clone_newtime", [] { return cloneWith(CLONE_NEWTIME); }, EPERM},
    {"personality_read_implies_exec", [] { return ::syscall(SYS_personality, 0x0400000UL); }, EPERM},
    {"personality_addr_no_randomize", [] { return ::syscall(SYS_personality, 0x0040000UL); }, EPERM},
    {"personality_linux32", [] { return ::syscall(SYS_personality, 0x0008UL); }, EPERM},
    {"personality_high_bits", [] { return ::syscall(SYS_personality, 0x100400000UL); }, EPERM},
    {"personality_all_but_one_bit", [] { return ::syscall(SYS_personality, 0xfffffffeUL); }, EPERM},
    {"ioctl_tiocsti",
        [] {
            char c = 'x';
            return ::syscall(SYS_ioctl, g_pty, static_cast<unsigned long>(TIOCSTI), &c);
        },
        EPERM},
    {"ioctl_tiocsti_high_bits",
        [] {
            char c = 'x';
            return ::syscall(SYS_ioctl, g_pty, 0x100000000UL | TIOCSTI, &c);
        },
        EPERM},
    {"ioctl_tioclinux",
        [] {
            char sub = 0;
            return ::syscall(SYS_ioctl, g_pty, static_cast<unsigned long>(TIOCLINUX), &sub);
        },
        EPERM},
    {"ioctl_tioclinux_high_bits",
        [] {
            char sub = 0;
            return ::syscall(SYS_ioctl, g_pty, 0xffffffff00000000UL | TIOCLINUX, &sub);
        },
        EPERM},
    {"socket_netlink", [] { return ::syscall(SYS_socket, AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, 0); }, EAFNOSUPPORT},
    {"socket_packet", [] { return ::syscall(SYS_socket, AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0); }, EAFNOSUPPORT},
    {"socket_alg", [] { return ::syscall(SYS_socket, AF_ALG, SOCK_SEQPACKET | SOCK_CLOEXEC, 0); }, EAFNOSUPPORT},
    {"socket_vsock", [] { return ::syscall(SYS_socket, AF_VSOCK, SOCK_STREAM | SOCK_CLOEXEC, 0); }, EAFNOSUPPORT},
    {"socket_key", [] { return ::syscall(SYS_socket, AF_KEY, SOCK_RAW | SOCK_CLOEXEC, 2); }, EAFNOSUPPORT},
    {"socket_netlink_high_bits",
        [] { return ::syscall(SYS_socket, 0x100000000UL | AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, 0); }, EAFNOSUPPORT},
    {"socketpair_netlink",
        [] {
            int sv[2];
            return ::syscall(SYS_socketpair, AF_NETLINK, SOCK_RAW, 0, sv);
        },
        EAFNOSUPPORT},
};

// A socket family that this kernel does not build (AF_ALG, AF_KEY, AF_VSOCK are often modules
// or absent) answers EAFNOSUPPORT on its own: that control cannot tell the filter from the
// kernel and is reported, not asserted. AF_NETLINK and AF_PACKET are always built in, so their
// probes keep the socket rules honest.
bool controlMayMatchKernel(const char* name)
{
    return std::strcmp(name, "socket_alg") == 0 || std::strcmp(name, "socket_key") == 0 ||
           std::strcmp(name, "socket_vsock") == 0;
}

void setNoNewPrivs()
{
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        ::_exit(90);
}

void noCoreDumps()
{
    const struct rlimit none = {0, 0};
    if (::setrlimit(RLIMIT_CORE, &none) != 0)
        ::_exit(91);
}

ChildResult runProbe(const Probe& probe, bool confined)
{
    return runInChild([&](int fd) {
        ::setsid(); // no controlling terminal: vhangup and TIOCSTI stay harmless when unconfined
        noCoreDumps();
        g_pty = openPtySlave();
        if (g_pty < 0)
            return 92;
        if (confined) {
            setNoNewPrivs();
            cordon::confine::installSeccompFilter();
        }
        errno = 0;
        const long rc = probe.call();
        reportCall(fd, "probe", rc, errno);
        return 0;
    });
}

} // namespace

class TestSeccompFilter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // The control runs need root's unconfined answers (an unprivileged caller gets EPERM from
        // the kernel itself for most probes, which would hide the filter's effect).
        QVERIFY2(::geteuid() == 0, "run as root (the test machine's setup)");
    }

    void deniedSyscall_data()
    {
        QTest::addColumn<int>("index");
        for (int i = 0; i < static_cast<int>(std::size(kProbes)); ++i)
            QTest::newRow(kProbes[i].name) << i;
    }

    void deniedSyscall()
    {
        QFETCH(int, index);
        const Probe& probe = kProbes[index];

        const ChildResult confined = runProbe(probe, true);
        QVERIFY2(confined.exited && confined.exitCode == 0, qPrintable(confined.describe()));
        QCOMPARE(reportValue(confined.report, "probe.rc"), -1LL);
        QCOMPARE(reportValue(confined.report, "probe.errno"), static_cast<long long>(probe.deniedErrno));

        const ChildResult control = runProbe(probe, false);
        QVERIFY2(control.exited && control.exitCode == 0, qPrintable(control.describe()));
        const bool sameAnswer = reportValue(control.report, "probe.rc") == -1 &&
                                reportValue(control.report, "probe.errno") == probe.deniedErrno;
        if (sameAnswer && controlMayMatchKernel(probe.name)) {
            qInfo(
                "%s: this kernel lacks the family itself; the control run cannot show the filter's effect", probe.name);
            return;
        }
        QVERIFY2(!sameAnswer,
            qPrintable(QStringLiteral("unconfined run gives the filter's answer too: ") + control.describe()));
    }

    void allowedSyscallsStillWork()
    {
        const ChildResult r = runInChild([](int fd) {
            noCoreDumps();
            const int pty = openPtySlave();
            setNoNewPrivs();
            cordon::confine::installSeccompFilter();

            long rc = ::syscall(SYS_socket, AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
            reportCall(fd, "inet", rc, errno);
            rc = ::syscall(SYS_socket, AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            reportCall(fd, "inet6", rc, errno);
            rc = ::syscall(SYS_socket, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
            reportCall(fd, "unix", rc, errno);
            int sv[2];
            rc = ::syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv);
            reportCall(fd, "unixpair", rc, errno);

            rc = ::syscall(SYS_personality, 0xffffffffUL);
            reportCall(fd, "personality_query", rc, errno);
            rc = ::syscall(SYS_personality, 0UL);
            reportCall(fd, "personality_linux", rc, errno);

            struct winsize ws { };
            rc = ::syscall(SYS_ioctl, pty, static_cast<unsigned long>(TIOCGWINSZ), &ws);
            reportCall(fd, "tiocgwinsz", rc, errno);

            // get_mempolicy only reads, and runtimes (V8, the JVM) ask it: deliberately allowed.
            int mode = -1;
            rc = ::syscall(SYS_get_mempolicy, &mode, nullptr, 0, nullptr, 0);
            reportCall(fd, "get_mempolicy", rc, errno);

            // fork through glibc (clone3 -> ENOSYS -> clone fallback) and a raw clone.
            pid_t child = ::fork();
            if (child == 0)
                ::_exit(7);
            int status = 0;
            ::waitpid(child, &status, 0);
            cordon::test::reportLine(fd, "fork_status", child > 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1);
            rc = ::syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
            if (rc == 0)
                ::_exit(8);
            status = 0;
            ::waitpid(static_cast<pid_t>(rc), &status, 0);
            cordon::test::reportLine(fd, "clone_status", rc > 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1);
            return 0;
        });
        QVERIFY2(r.exited && r.exitCode == 0, qPrintable(r.describe()));
        for (const char* key : {"inet", "inet6", "unix", "unixpair", "personality_query", "personality_linux",
                 "tiocgwinsz", "get_mempolicy"}) {
            QVERIFY2(reportValue(r.report, (std::string(key) + ".rc").c_str()) >= 0,
                qPrintable(QStringLiteral("%1 was refused: ").arg(QLatin1String(key)) + r.describe()));
        }
        QCOMPARE(reportValue(r.report, "fork_status"), 7LL);
        QCOMPARE(reportValue(r.report, "clone_status"), 8LL);
    }

    // i386 syscalls through int 0x80 bypass an x86_64-only filter unless the architecture is
    // checked: the whole process must die with SIGSYS.
    void i386AbiKillsProcess()
    {
        auto i386GetPid = [](int fd) {
            noCoreDumps();
            long ret = 0;
            asm volatile("int $0x80" : "=a"(ret) : "a"(20L /* i386 getpid */) : "memory");
            cordon::test::reportLine(fd, "ret", ret);
            return 0;
        };
        const ChildResult control = runInChild([&](int fd) { return i386GetPid(fd); });
        QVERIFY2(control.exited && control.exitCode == 0 && reportValue(control.report, "ret") > 0,
            qPrintable(QStringLiteral("unconfined int 0x80 getpid must work (IA32 emulation): ") + control.describe()));

        const ChildResult r = runInChild([&](int fd) {
            setNoNewPrivs();
            cordon::confine::installSeccompFilter();
            return i386GetPid(fd);
        });
        QVERIFY2(r.signaled && r.signal == SIGSYS, qPrintable(r.describe()));
        QVERIFY(r.report.isEmpty());
    }

    // x32 syscalls are x86_64 syscalls with __X32_SYSCALL_BIT (0x40000000) set.
    void x32AbiKillsProcess()
    {
        const ChildResult control = runInChild([](int fd) {
            noCoreDumps();
            const long rc = ::syscall(0x40000000L | SYS_getpid);
            reportCall(fd, "x32", rc, errno);
            return 0;
        });
        QVERIFY2(control.exited && control.exitCode == 0, qPrintable(control.describe()));

        const ChildResult r = runInChild([](int fd) {
            noCoreDumps();
            setNoNewPrivs();
            cordon::confine::installSeccompFilter();
            const long rc = ::syscall(0x40000000L | SYS_getpid);
            reportCall(fd, "x32", rc, errno);
            return 0;
        });
        QVERIFY2(r.signaled && r.signal == SIGSYS, qPrintable(r.describe()));
        QVERIFY(r.report.isEmpty());
    }

    void refusesWithoutNoNewPrivs()
    {
        const ChildResult r = runInChild([](int) {
            cordon::confine::installSeccompFilter();
            return 0;
        });
        // A missing layer is refused like the self-check refuses one: SandboxUnavailable (123).
        QVERIFY2(r.exited && r.exitCode == 123, qPrintable(r.describe()));
        QVERIFY2(r.stderrText.contains("no_new_privs is not in force"), qPrintable(r.describe()));
    }

    void seccompModeIsFilter()
    {
        const ChildResult r = runInChild([](int fd) {
            setNoNewPrivs();
            cordon::confine::installSeccompFilter();
            cordon::test::reportLine(fd, "mode", ::prctl(PR_GET_SECCOMP, 0, 0, 0, 0));
            return 0;
        });
        QVERIFY2(r.exited && r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(reportValue(r.report, "mode"), 2LL);
    }
};

QTEST_GUILESS_MAIN(TestSeccompFilter)
#include "tst_seccompfilter.moc"
