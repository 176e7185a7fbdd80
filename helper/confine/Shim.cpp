// The shim, pid 1 inside the sandbox. Its steps run in this fixed order, each for a reason:
//
//  a. PR_SET_PDEATHSIG(SIGKILL), then read the monitor's socket: EOF means the monitor died
//     before we asked to die with it. "Dies with its launcher": when the monitor dies, pid 1
//     dies, and the kernel kills every process in a pid namespace whose init is gone.
//  b. Wait for the monitor's first go: our uid/gid maps are written (until then we hold no usable
//     identity). Then PR_SET_DUMPABLE 0 (not before: the monitor needed /proc/PID/uid_map to be
//     ours), so that the command, with the same uid, can neither ptrace pid 1 nor open
//     /proc/1/fd/*.
//  b'. After the mounts and names (c, d), which overlap with the monitor moving us into the
//     run's cgroup, wait for its second byte: we are in the cgroup, so nothing we start escapes
//     its limits. Then unshare(CLONE_NEWCGROUP), after the move, so the sandbox sees its own
//     cgroup as the root and learns nothing of the host's hierarchy (cgroup_namespaces(7)).
//  c. Mounts (MountSetup): every bind source is opened and cloned first, while the host tree is
//     still at its own paths, without following symlinks; then the tmpfs root, the spec's mounts
//     in order, the root made read-only, pivot_root and the old root detached.
//  d. `lo` up and the host name: the new network namespace has only a loopback that is down,
//     and the new UTS namespace still carries the host's name. With a proxy in the spec, the
//     bridge's listening socket on 127.0.0.1:proxyPort is made now: while we still hold the
//     capabilities a low port needs, and before any process of the agent could take the port.
//  e. In terminal mode, a pty from the sandbox's own devpts; the master goes to the monitor.
//     Done before Landlock and seccomp, which could forbid opening it later.
//  f. setsid(); then the layers, each one needing the previous: a new anonymous session
//     keyring (keyctl is forbidden by seccomp later); rlimits (while still allowed to
//     raise nothing, only lower); the Landlock canary (needs CAP_SYS_ADMIN to mount its tmpfs);
//     no_new_privs (required by Landlock and seccomp for an unprivileged caller, and it stops
//     setuid binaries from gaining anything); drop every capability; Landlock (after pivot_root,
//     since its rules name paths of the new root); seccomp last, so the earlier steps may use
//     the calls it forbids, and with exec events the notifier filter right after it (its
//     USER_NOTIF loses to every denial of the main filter: SeccompNotifier.h); finally
//     verifyConfinement reads every layer back from the kernel, both filters counted, and
//     refuses to go on when one is missing (fail closed). The notifier's listener goes to the
//     monitor and is closed here (the command must never hold it). The parent-death signal is
//     armed again (credential changes may clear it) and the monitor's socket checked for EOF.
//  f'. The proxy bridge (ProxyBridge.h), forked now: after every layer, so that it is confined
//     exactly like the agent, and before the command, so that the port is served from the start.
//  g. Fork the command: its own session and process group, the pty as its controlling terminal,
//     default signal handling, no descriptor beyond 0..2, exactly the spec's environment, and
//     argv[0] looked up in the spec's PATH by us: never through a shell.
//  h. Reap: pid 1 inherits every orphan of the namespace and must wait for all of them; forward
//     the signals the monitor relays; continue the command if a terminal stop signal stopped it
//     (nothing else in the sandbox could); exit with the command's own status (128+N for a signal).
//     Anything still running dies with us: no daemon outlives the session.

#include "Shim.h"

#include "Capabilities.h"
#include "Die.h"
#include "Landlock.h"
#include "MountSetup.h"
#include "ProxyBridge.h"
#include "Rlimits.h"
#include "SeccompFilter.h"
#include "SeccompNotifier.h"
#include "SelfCheck.h"
#include "Syscall.h"
#include "Terminal.h"
#include "UniqueFd.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <linux/keyctl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace cordon::confine {

namespace {

constexpr int kForwardedSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

void ignoreSignal(int)
{ }

#ifdef CORDON_FAULT_INJECTION
// Test builds only (cordon-sandbox-fault-injection, never installed): skip one layer so the
// escape suite can prove that verifyConfinement refuses an unarmed sandbox.
bool faultSkips(const char* step)
{
    const char* fault = std::getenv("CORDON_FAULT");
    return fault && std::strcmp(fault, step) == 0;
}
#endif

// The command's exec failed: tell the shim why, through the close-on-exec pipe.
[[noreturn]] void failExec(int errorPipe, int error)
{
    (void)writeAll(errorPipe, &error, sizeof error);
    ::_exit(127);
}

// A new anonymous session keyring (security review L5): the sandbox must not possess the user's
// session keyring, where ssh/gpg agents, kerberos and ecryptfs keep their keys. keyctl(2) itself
// is refused by the seccomp filter afterwards, but the keys a process possesses also show in
// /proc/keys, and possession is what grants a key's "possessor" rights should any path to them
// open; flatpak and systemd (KeyringMode=private) do the same. Before seccomp, which forbids it.
void joinNewSessionKeyring()
{
    if (::syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, nullptr) < 0)
        dieErrno(ExitCode::SandboxFailed, "joining a new session keyring");
}

int statusToExitCode(int status)
{
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return toInt(ExitCode::Internal);
}

} // namespace

Shim::Shim(const spec::LaunchSpec& spec, int controlFd, unsigned ttyMask, bool execEvents)
    : m_spec(spec), m_control(controlFd), m_ttyMask(ttyMask), m_execEvents(execEvents)
{ }

void Shim::run()
{
    waitForMonitor(); // a, b
    // Not dumpable (only after the monitor wrote our id maps, which needs /proc/PID to be ours):
    // the command, running as the same uid, must not open /proc/1/fd/* and reach what pid 1
    // holds (the user's real terminal, in terminal mode) nor ptrace it.
    if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
        dieErrno(ExitCode::SandboxFailed, "PR_SET_DUMPABLE");
    MountSetup(m_spec).apply(); // c
    bringUpLoopback();          // d
    setNames();                 // d
    if (m_spec.proxyPort != 0)  // d
        m_proxyListener = ProxyBridge::listen(m_spec.proxyPort);
    waitForCgroup();                     // b'
    if (::unshare(CLONE_NEWCGROUP) != 0) // b'
        dieErrno(ExitCode::SandboxFailed, "creating the sandbox's cgroup namespace");
    passTerminal();     // e
    if (::setsid() < 0) // f
        dieErrno(ExitCode::SandboxFailed, "setsid");
    applyLayers();       // f
    if (m_proxyListener) // f'
        startBridge();
    const pid_t command = startCommand(); // g
    reap(command);                        // h
}

void Shim::waitForMonitor()
{
    if (::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0)
        dieErrno(ExitCode::SandboxFailed, "PR_SET_PDEATHSIG");
    // Pid 1 of a namespace ignores signals it has no handler for, even when blocked ones are
    // later collected with sigwaitinfo; a no-op handler makes the relayed ones count.
    struct sigaction action { };
    action.sa_handler = ignoreSignal;
    ::sigemptyset(&action.sa_mask);
    for (int sig : kForwardedSignals) {
        if (::sigaction(sig, &action, nullptr) != 0)
            dieErrno(ExitCode::SandboxFailed, "sigaction");
    }
    if (::sigaction(SIGCHLD, &action, nullptr) != 0)
        dieErrno(ExitCode::SandboxFailed, "sigaction");
    // Only our end of the socketpair stays open: the monitor's end must close when the monitor
    // dies, and no descriptor of the monitor (its signalfd, its pidfd) belongs in the sandbox.
    if (m_control > 3 && ::close_range(3, static_cast<unsigned>(m_control) - 1, 0) != 0)
        dieErrno(ExitCode::SandboxFailed, "close_range");
    if (::close_range(static_cast<unsigned>(m_control) + 1, ~0u, 0) != 0)
        dieErrno(ExitCode::SandboxFailed, "close_range");

    char go = 0;
    const ssize_t n = retryOnEintr([&] { return ::read(m_control, &go, 1); });
    if (n <= 0 || go != 'g')
        ::_exit(toInt(ExitCode::SandboxFailed)); // the monitor is gone or gave up: it reports
}

void Shim::waitForCgroup()
{
    char joined = 0;
    const ssize_t n = retryOnEintr([&] { return ::read(m_control, &joined, 1); });
    if (n <= 0 || joined != 'c')
        ::_exit(toInt(ExitCode::SandboxFailed)); // the monitor is gone or gave up: it reports
}

void Shim::bringUpLoopback()
{
    UniqueFd sock(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    if (!sock)
        dieErrno(ExitCode::SandboxFailed, "socket for configuring lo");
    ifreq request{};
    std::strncpy(request.ifr_name, "lo", IFNAMSIZ - 1);
    if (::ioctl(sock.get(), SIOCGIFFLAGS, &request) != 0)
        dieErrno(ExitCode::SandboxFailed, "reading the flags of lo");
    request.ifr_flags = static_cast<short>(request.ifr_flags | IFF_UP);
    if (::ioctl(sock.get(), SIOCSIFFLAGS, &request) != 0)
        dieErrno(ExitCode::SandboxFailed, "bringing up lo");
}

void Shim::setNames()
{
    if (::sethostname(m_spec.hostname.data(), m_spec.hostname.size()) != 0)
        dieErrno(ExitCode::SandboxFailed, "sethostname");
    static constexpr char kDomain[] = "(none)"; // the kernel's own default
    if (::setdomainname(kDomain, sizeof kDomain - 1) != 0)
        dieErrno(ExitCode::SandboxFailed, "setdomainname");
}

void Shim::passTerminal()
{
    if (m_ttyMask != 0) {
        const spec::Mount* devpts = nullptr;
        for (const auto& m : m_spec.mounts) {
            if (m.kind == spec::MountKind::Devpts)
                devpts = &m;
        }
        if (!devpts)
            die(ExitCode::SandboxFailed,
                "a terminal is attached but the launch spec mounts no devpts to give the sandbox its own");
        UniqueFd slave;
        UniqueFd master = Terminal::openPty(devpts->target, slave);
        Terminal::sendFd(m_control, master.get(), Terminal::kPtyMasterTag);
        // The shim gives up the user's terminal too, so nothing in the sandbox holds it.
        for (int fd = 0; fd <= 2; ++fd) {
            if ((m_ttyMask & (1u << fd)) && ::dup2(slave.get(), fd) < 0)
                dieErrno(ExitCode::SandboxFailed, "dup2");
        }
        m_slave = slave.release();
    }
}

void Shim::applyLayers()
{
#ifdef CORDON_FAULT_INJECTION
    const bool skipLandlock = faultSkips("skip-landlock");
    const bool skipSeccomp = faultSkips("skip-seccomp");
    const bool skipNoNewPrivs = faultSkips("skip-nnp");
    const bool skipCapabilityDrop = faultSkips("skip-capdrop");
#else
    // The production build: every step, in the documented order (the branches fold away).
    constexpr bool skipLandlock = false;
    constexpr bool skipSeccomp = false;
    constexpr bool skipNoNewPrivs = false;
    constexpr bool skipCapabilityDrop = false;
#endif

    joinNewSessionKeyring();
    applyRlimits(m_spec.limits);
    UniqueFd canary = prepareLandlockCanary();
    if (!skipNoNewPrivs) {
        if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
            dieErrno(ExitCode::SandboxFailed, "PR_SET_NO_NEW_PRIVS");
    }
    // Without no_new_privs, Landlock and seccomp accept only a caller holding CAP_SYS_ADMIN, so
    // the skip-nnp fault keeps the capabilities until they are in place (a plausible ordering
    // bug); the self-check must still catch the missing no_new_privs.
    const bool dropCapabilitiesFirst = !skipCapabilityDrop && !skipNoNewPrivs;
    if (dropCapabilitiesFirst)
        dropAllCapabilities();
    LandlockReport landlock;
    if (!skipLandlock)
        landlock = applyLandlock(landlockRulesFor(m_spec), m_spec.bestEffort);
    // Counted before ours goes on: a launcher's own filter (Docker, systemd) is inherited, so
    // the self-check requires the count to grow (security review M2).
    const int seccompFiltersBefore = seccompFilterCount();
    UniqueFd notifier;
    if (!skipSeccomp) {
        installSeccompFilter();
        if (m_execEvents)
            notifier = SeccompNotifier::install();
    }
    if (!skipCapabilityDrop && !dropCapabilitiesFirst)
        dropAllCapabilities();

    SelfCheckExpectations expected;
    // Landlock may only be missing where the profile made it best-effort and applyLandlock
    // reported it unavailable; anything else must show a domain in force.
    expected.landlock = landlock.filesystemApplied || (m_spec.bestEffort & spec::LayerLandlock) == 0;
    expected.landlockCanaryFd = canary.release(); // verifyConfinement closes it when done
    expected.seccomp = true;
    expected.seccompFiltersBefore = seccompFiltersBefore;
    expected.ownSeccompFilters = m_execEvents ? 2 : 1;
    expected.notifierFd = notifier.get();
    expected.namespaces = true;
    verifyConfinement(expected);

    // Out to the monitor before anything runs under the filter: until the monitor serves it,
    // the command's own execve waits in the kernel. Then gone from here.
    if (notifier) {
        Terminal::sendFd(m_control, notifier.get(), Terminal::kNotifierTag);
        notifier.reset();
    }

    // Credential changes can clear the parent-death signal (prctl(2)); arm it again, then make
    // sure the monitor did not die in the meantime (its end of our socket would be closed).
    if (::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0)
        dieErrno(ExitCode::SandboxFailed, "PR_SET_PDEATHSIG");
    pollfd monitor{m_control, POLLIN, 0};
    const int ready = retryOnEintr([&] { return ::poll(&monitor, 1, 0); });
    if (ready < 0)
        dieErrno(ExitCode::SandboxFailed, "poll");
    if (ready > 0)
        ::_exit(toInt(ExitCode::SandboxFailed)); // EOF or a hang-up: the monitor is gone
    UniqueFd(std::exchange(m_control, -1)).reset();
}

void Shim::startBridge()
{
    const pid_t pid = ::fork();
    if (pid < 0)
        dieErrno(ExitCode::SandboxFailed, "starting the proxy bridge");
    if (pid == 0)
        ProxyBridge::run(std::move(m_proxyListener), m_spec.proxyPort, m_spec.proxySocket);
    m_bridge = pid;
    m_proxyListener.reset();
}

pid_t Shim::startCommand()
{
    int pipeFds[2];
    if (::pipe2(pipeFds, O_CLOEXEC) != 0)
        dieErrno(ExitCode::SandboxFailed, "pipe2");
    UniqueFd readEnd(pipeFds[0]);
    UniqueFd writeEnd(pipeFds[1]);

    const pid_t pid = ::fork();
    if (pid < 0)
        dieErrno(ExitCode::SandboxFailed, "fork");
    if (pid == 0) {
        readEnd.release();
        execCommand(writeEnd.release());
    }
    writeEnd.reset();

    int childErrno = 0;
    const ssize_t n = retryOnEintr([&] { return ::read(readEnd.get(), &childErrno, sizeof childErrno); });
    if (n == 0)
        return pid; // exec succeeded: the pipe closed on exec
    if (n != static_cast<ssize_t>(sizeof childErrno))
        die(ExitCode::SandboxFailed, "lost track of the command while starting it");
    int status = 0;
    if (retryOnEintr([&] { return ::waitpid(pid, &status, 0); }) < 0)
        dieErrno(ExitCode::SandboxFailed, "waitpid");
    char reason[256];
    const char* text = strerror_r(childErrno, reason, sizeof reason);
    const ExitCode code =
        (childErrno == ENOENT || childErrno == ENOTDIR) ? ExitCode::CommandNotFound : ExitCode::CannotExecute;
    std::fprintf(stderr, "cordon: cannot run '%s': %s\n", m_spec.argv.front().c_str(), text);
    ::_exit(toInt(code));
}

void Shim::execCommand(int errorPipe)
{
    // Between fork and exec. The shim is single-threaded, so allocating here is safe; every
    // failure goes back to the shim as an errno through the close-on-exec pipe.
    const auto fail = [errorPipe](int error) { failExec(errorPipe, error); };
    if (::setsid() < 0)
        fail(errno);
    if (m_slave >= 0) {
        if (::ioctl(m_slave, TIOCSCTTY, 0) != 0)
            fail(errno);
        for (int fd = 0; fd <= 2; ++fd) {
            if ((m_ttyMask & (1u << fd)) && ::dup2(m_slave, fd) < 0)
                fail(errno);
        }
    }
    sigset_t none;
    ::sigemptyset(&none);
    if (::sigprocmask(SIG_SETMASK, &none, nullptr) != 0)
        fail(errno);
    // execve resets caught signals by itself but keeps ignored ones (the monitor ignores
    // SIGPIPE; a launcher such as nohup may ignore SIGHUP): the command starts from defaults.
    for (int sig = 1; sig <= SIGSYS; ++sig) { // the standard signals; real-time ones start at default
        if (sig != SIGKILL && sig != SIGSTOP && ::signal(sig, SIG_DFL) == SIG_ERR)
            fail(errno);
    }
    // With exec events the monitor reads this process's execve arguments from its memory while
    // it waits in the call. Forked from the non-dumpable shim, with a memory map the monitor made
    // outside the sandbox's user namespace, it is readable only by the same uid when dumpable
    // (ptrace(2), "Ptrace access mode checking"); the exec makes it dumpable again in any case.
    // Nothing of the agent runs yet that could reach it, and the shim's descriptors are gone below.
    if (m_execEvents && ::prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) != 0)
        fail(errno);
    if (errorPipe > 3 && ::close_range(3, static_cast<unsigned>(errorPipe) - 1, 0) != 0)
        fail(errno);
    if (::close_range(static_cast<unsigned>(errorPipe) + 1, ~0u, 0) != 0)
        fail(errno);

    std::vector<char*> argv;
    for (const auto& a : m_spec.argv)
        argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    std::vector<char*> envp;
    std::string path = "/usr/local/bin:/usr/bin:/bin"; // execvp's default, without "."
    for (const auto& e : m_spec.env) {
        envp.push_back(const_cast<char*>(e.c_str()));
        if (e.rfind("PATH=", 0) == 0)
            path = e.substr(5);
    }
    envp.push_back(nullptr);

    const std::string& name = m_spec.argv.front();
    if (name.find('/') != std::string::npos) {
        ::execve(name.c_str(), argv.data(), envp.data());
        failExec(errorPipe, errno);
    }
    // execvp's search, without its fallback of running a file through /bin/sh (never a shell).
    int error = ENOENT;
    std::size_t start = 0;
    for (;;) {
        const std::size_t colon = path.find(':', start);
        std::string dir = path.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
        const std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + name;
        ::execve(candidate.c_str(), argv.data(), envp.data());
        if (errno == EACCES)
            error = EACCES; // remember, keep looking, as execvp does
        else if (errno != ENOENT && errno != ENOTDIR && errno != ELOOP && errno != ENAMETOOLONG)
            fail(errno);
        if (colon == std::string::npos)
            break;
        start = colon + 1;
    }
    failExec(errorPipe, error);
}

void Shim::reap(pid_t command)
{
    sigset_t waitSet;
    ::sigemptyset(&waitSet);
    for (int sig : kForwardedSignals)
        ::sigaddset(&waitSet, sig);
    ::sigaddset(&waitSet, SIGCHLD);
    if (::sigprocmask(SIG_BLOCK, &waitSet, nullptr) != 0)
        dieErrno(ExitCode::SandboxFailed, "sigprocmask");

    for (;;) {
        // Reap first: the command may already have exited before we started waiting.
        for (;;) {
            int status = 0;
            const pid_t pid = ::waitpid(-1, &status, WNOHANG | WUNTRACED);
            if (pid < 0 && errno == EINTR)
                continue;
            if (pid <= 0)
                break;
            if (pid == command && WIFSTOPPED(status)) {
                // ^Z (or SIGTTIN/SIGTTOU) stopped the command itself, and nothing outside can
                // resume it: there is no job-control shell above it in the sandbox. Continue it
                // rather than leave the session hanging (a shell inside handles its own jobs).
                if (::kill(-command, SIGCONT) != 0 && errno != ESRCH)
                    warn("continuing the stopped command: %s", std::strerror(errno));
                continue;
            }
            if (pid == command)
                ::_exit(statusToExitCode(status));
            if (pid == m_bridge && !WIFSTOPPED(status)) {
                // Killed from inside (same uid), or crashed: egress is gone for this session.
                warn("the proxy bridge ended (status %d); the sandbox has no way out any more",
                    statusToExitCode(status));
                m_bridge = -1;
            }
        }
        siginfo_t info{};
        const int sig = ::sigwaitinfo(&waitSet, &info);
        if (sig < 0) {
            if (errno == EINTR)
                continue;
            dieErrno(ExitCode::Internal, "sigwaitinfo");
        }
        if (sig == SIGCHLD)
            continue;
        // SIGTERM stops the session (the timebox, `cordonctl stop`): every process in the
        // namespace gets it, also those that left the command's session. Others go to the
        // command's process group, as a terminal would send them.
        const int rc = sig == SIGTERM ? ::kill(-1, SIGTERM) : ::kill(-command, sig);
        if (rc != 0 && errno != ESRCH)
            warn("forwarding signal %d: %s", sig, std::strerror(errno));
    }
}

} // namespace cordon::confine
