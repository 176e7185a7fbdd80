// The monitor, cordon-sandbox's original process, outside the sandbox. Its steps, in order, each
// for a reason:
//
//  1. A CLOEXEC socketpair with the shim (go signals, pty master, and EOF as "the other side
//     died"), then the run's cgroup when the spec has memory/pids/cpu limits. Failing to make it
//     is fatal unless the spec marked the cgroup layer best-effort.
//  2. Signals the monitor handles are blocked before the clone and read from a signalfd, so
//     none is lost between clone and the event loop; then clone() into new user, mount, pid,
//     net, ipc and uts namespaces, and a pidfd for the child (no pid-reuse race in the loop).
//  3. setgroups=deny, uid_map and gid_map for the child (only a process outside may write them;
//     the sandbox keeps the user's own ids, as bubblewrap does), then the first go byte: the shim
//     builds its mounts while the monitor adds it to the cgroup, then the second byte: the shim
//     starts nothing (and creates its cgroup namespace) only after it is in its cgroup, so not
//     one process of the sandbox runs outside its limits. Any failure kills the child before
//     the monitor dies.
//  0. Dies with its launcher: PR_SET_PDEATHSIG(SIGKILL), then getppid() compared with the parent
//     recorded before it, for a launcher that died before the signal was armed (prctl(2)). The
//     shim has its own parent-death signal, and the kernel kills a pid namespace whose init dies,
//     so nothing of the sandbox outlives a killed launcher (security review M3). The empty cgroup
//     directory of a run killed this way stays behind; `cordonctl doctor` does not mind it.
//     PR_SET_PDEATHSIG follows the parent *thread*: a launcher must start us from a thread that
//     lives as long as the session (cordonctl uses its main thread).
//  4. The event loop (poll, no threads): relayed signals, the timebox (SIGTERM to pid 1 which
//     passes it to every process, then SIGKILL after the grace period, which takes the whole
//     pid namespace, plus the cgroup kill for anything that escaped it), the pidfd reporting the
//     shim's exit, and the terminal relay. Nothing in the loop blocks (the relay buffers and
//     writes only what the terminal takes, Terminal.h), so the timerfd and the signalfd are
//     served on every round whatever the sandbox writes (security review M1). SIGHUP, or a
//     hangup of the user's terminal, stops the session like the timebox does: a session whose
//     user is gone must not keep running; cordon-sandbox then exits with 128+SIGHUP.
//     Started by the helper daemon (--events-fd, --control-fd), the loop also writes the session's
//     events without ever blocking on them (EventWriter.h: a bounded queue, lines dropped and
//     counted when the daemon stalls), serves the exec-event notifier that the shim passes out
//     over the socket pair (SeccompNotifier.h: logging only, see there why CONTINUE is safe for
//     that and for nothing else), and obeys the daemon's control lines (ControlChannel.h):
//     extend the timebox (which warns min(60 s, timeout/4) before its end, again after each
//     extension), stop (exit 143), pause or resume reading the person's terminal, re-read the
//     window size. With a control channel, a hangup of the person's terminal no longer ends the
//     session: the client that started it may go away, and the daemon decides (its death still
//     does, through the parent-death signal).
//  5. On exit: drain the pty, restore the terminal (on every path, also failures), report an
//     OOM kill, remove the cgroup, write the "exit" event last, and return the status.

#include "Monitor.h"

#include "ControlChannel.h"
#include "Die.h"
#include "EventWriter.h"
#include "Namespaces.h"
#include "ProtectedPathWatcher.h"
#include "SeccompNotifier.h"
#include "Shim.h"
#include "Syscall.h"
#include "Terminal.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <string>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace cordon::confine {

namespace {

// Relayed to the shim: INT, TERM, QUIT. Handled here: HUP (stops the session), WINCH, CHLD. Collected and dropped:
// the rest of the signals whose default action would end the monitor with the terminal raw.
constexpr int kHandledSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGWINCH, SIGCHLD, SIGUSR1, SIGUSR2, SIGALRM,
    SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ};

// glibc 2.36's <sys/pidfd.h> lacks C linkage for C++ callers: call the kernel directly (5.3).
int pidfdOpen(pid_t pid)
{
    return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0u));
}

int pidfdSendSignal(int pidfd, int sig)
{
    return static_cast<int>(::syscall(SYS_pidfd_send_signal, pidfd, sig, nullptr, 0u));
}

std::string humanDuration(std::uint64_t seconds)
{
    if (seconds < 60)
        return std::to_string(seconds) + (seconds == 1 ? " second" : " seconds");
    std::string text;
    const std::uint64_t hours = seconds / 3600;
    const std::uint64_t minutes = (seconds % 3600) / 60;
    const std::uint64_t rest = seconds % 60;
    if (hours != 0)
        text += std::to_string(hours) + "h";
    if (minutes != 0)
        text += (text.empty() ? "" : " ") + std::to_string(minutes) + "m";
    if (rest != 0)
        text += (text.empty() ? "" : " ") + std::to_string(rest) + "s";
    return text;
}

bool armTimer(int timer, std::uint64_t seconds)
{
    itimerspec spec{};
    spec.it_value.tv_sec = static_cast<time_t>(seconds);
    return ::timerfd_settime(timer, 0, &spec, nullptr) == 0;
}

constexpr std::uint64_t kNsPerSecond = 1'000'000'000ull;

std::uint64_t monotonicNs()
{
    struct timespec ts { };
    (void)::clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::uint64_t>(ts.tv_sec) * kNsPerSecond + static_cast<std::uint64_t>(ts.tv_nsec);
}

// Drains a timerfd's expiration count; false when there was nothing to read (EAGAIN) or the read
// failed (`failed` set).
bool consumeTimer(int timer, bool& failed)
{
    std::uint64_t expirations = 0;
    const ssize_t n = retryOnEintr([&] { return ::read(timer, &expirations, sizeof expirations); });
    if (n < 0 && errno == EAGAIN)
        return false;
    failed = n != static_cast<ssize_t>(sizeof expirations);
    return !failed;
}

} // namespace

Monitor::Monitor(const spec::LaunchSpec& spec, UniqueFd events, UniqueFd control)
    : m_spec(spec), m_events(std::make_unique<EventWriter>(std::move(events)))
{
    if (control)
        m_commands = std::make_unique<ControlChannel>(std::move(control));
    // Exec events need somewhere to go: without an events descriptor the notifier is not installed.
    m_execEvents = m_spec.execEvents && m_events->enabled();
}

Monitor::~Monitor() = default;

int Monitor::run()
{
    armDeathWithLauncher();
    m_ttyMask = Terminal::ttyMask();
    createChannel();
    createCgroup();
    startShim();
    // Watching before the go byte, so nothing the sandbox creates under a guarded name goes
    // unseen; after the clone, so the shim never holds the watched host directories' descriptors.
    std::string guardError;
    m_guard = ProtectedPathWatcher::create(
        m_spec.guarded, m_spec.runId, [this](const std::string& line) { notice("%s", line.c_str()); }, guardError);
    if (!m_guard)
        fail(ExitCode::SandboxFailed, false, "cannot guard the protected paths: %s", guardError.c_str());
    m_guard->setEventReporter([this](const std::string& hostPath, bool quarantined, bool critical) {
        m_events->guard(hostPath, quarantined, critical);
    });
    releaseShim();
    m_events->started(m_shim);
    return eventLoop();
}

void Monitor::armDeathWithLauncher()
{
    const pid_t launcher = ::getppid();
    if (::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0)
        fail(ExitCode::Internal, true, "PR_SET_PDEATHSIG");
    // The launcher may have died before the signal was armed: we would then be an orphan that
    // no parent death will ever signal again.
    if (::getppid() != launcher)
        fail(ExitCode::SandboxFailed, false,
            "the program that started cordon-sandbox is gone; not starting the sandbox");
}

void Monitor::createChannel()
{
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
        fail(ExitCode::SandboxFailed, true, "socketpair");
    m_control.reset(pair[0]);
    m_shimEnd.reset(pair[1]);
}

void Monitor::createCgroup()
{
    // No limit, no cgroup: the pid namespace alone takes every process down at the end, and
    // moving a task into a cgroup is the most expensive step of a launch on cgroup v1 (the kernel
    // waits for an RCU grace period in cgroup_threadgroup_rwsem; see docs/benchmarks.md).
    const spec::Limits& l = m_spec.limits;
    const bool needed = l.memoryBytes != 0 || l.pids != 0 || l.cpuMilli != 0;
    if (!needed)
        return;
    std::string why;
    m_cgroup = Cgroup::create(m_spec.runId, m_spec.limits, why);
    if (m_cgroup)
        return;
    if ((m_spec.bestEffort & spec::LayerCgroup) == 0)
        fail(ExitCode::SandboxUnavailable, false,
            "cannot apply the memory, pids or cpu limits: %s (run 'cordonctl doctor' to see what this system "
            "supports)",
            why.c_str());
    warn("best-effort: memory, pids and cpu limits are not applied: %s", why.c_str());
}

void Monitor::startShim()
{
    sigset_t handled;
    ::sigemptyset(&handled);
    for (int sig : kHandledSignals)
        ::sigaddset(&handled, sig);
    if (::sigprocmask(SIG_BLOCK, &handled, nullptr) != 0)
        fail(ExitCode::Internal, true, "sigprocmask");
    // A closed terminal or pipe must end the relay, not kill the monitor with the terminal raw.
    // (The command gets default dispositions back before exec.)
    if (::signal(SIGPIPE, SIG_IGN) == SIG_ERR)
        fail(ExitCode::Internal, true, "signal");
    m_signalfd.reset(::signalfd(-1, &handled, SFD_CLOEXEC | SFD_NONBLOCK));
    if (!m_signalfd)
        fail(ExitCode::Internal, true, "signalfd");

    const pid_t pid = Namespaces::cloneSandbox();
    if (pid == 0) {
        // The child: a copy of this process; it never returns here and only leaves by _exit,
        // so the monitor's destructors (the cgroup's removal) never run in it.
        m_control.reset();
        Shim(m_spec, m_shimEnd.release(), m_ttyMask, m_execEvents).run();
    }
    m_shim = pid;
    m_shimEnd.reset();
    m_pidfd.reset(pidfdOpen(pid));
    if (!m_pidfd)
        fail(ExitCode::SandboxFailed, true, "pidfd_open");
    if (m_execEvents) {
        // Now, while the shim is still dumpable (it stops being so once it has its id maps) and
        // before it runs anything. Without it the notifier reads /proc/PID/status instead.
        const std::string path = "/proc/" + std::to_string(pid) + "/ns/pid";
        m_pidNamespace.reset(retryOnEintr([&] { return ::open(path.c_str(), O_RDONLY | O_CLOEXEC); }));
    }
}

void Monitor::releaseShim()
{
    const char* step = nullptr;
    if (!Namespaces::writeIdentityMaps(m_shim, ::getuid(), ::getgid(), step))
        fail(ExitCode::SandboxFailed, true, "writing the sandbox's %s", step);
    // First go: the shim has an identity and builds its mounts while we move it into the cgroup
    // (the two take similar time, so overlapping them shortens every launch). The shim waits for
    // the second byte before it creates its cgroup namespace and before it starts anything.
    const char go = 'g';
    if (!writeAll(m_control.get(), &go, 1))
        fail(ExitCode::SandboxFailed, true, "releasing the sandbox");
    if (m_cgroup) {
        std::string why;
        if (!m_cgroup->addProcess(m_shim, why)) {
            const spec::Limits& l = m_spec.limits;
            const bool needed = l.memoryBytes != 0 || l.pids != 0 || l.cpuMilli != 0;
            if (needed && (m_spec.bestEffort & spec::LayerCgroup) == 0)
                fail(ExitCode::SandboxUnavailable, false, "cannot move the sandbox into its cgroup: %s", why.c_str());
            warn("best-effort: the sandbox is not in its cgroup: %s", why.c_str());
            m_cgroup.reset();
        }
    }
    const char joined = 'c';
    if (!writeAll(m_control.get(), &joined, 1))
        fail(ExitCode::SandboxFailed, true, "releasing the sandbox");
}

int Monitor::eventLoop()
{
    // Always created: a session stopped for any reason (the timebox, SIGHUP, a hangup, `stop`)
    // uses it for the grace period.
    m_grace.reset(::timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK));
    if (!m_grace)
        fail(ExitCode::Internal, true, "timerfd_create");
    if (m_spec.limits.timeoutSeconds != 0) {
        m_timebox.reset(::timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK));
        if (!m_timebox)
            fail(ExitCode::Internal, true, "timerfd_create");
        m_timeboxSeconds = m_spec.limits.timeoutSeconds;
        m_deadlineNs = monotonicNs() + m_timeboxSeconds * kNsPerSecond;
        // min(60 s, timeout/4): time for the person to answer "extend?" without nagging a short run.
        m_warnLeadNs = std::min<std::uint64_t>(60 * kNsPerSecond, m_timeboxSeconds * kNsPerSecond / 4);
        armTimebox();
    }
    // The cgroup's OOM and pids counters have no cheap notification on both cgroup versions;
    // a read once a second is enough for an event that is best effort by contract.
    const spec::Limits& l = m_spec.limits;
    if (m_cgroup && m_events->enabled() && (l.memoryBytes != 0 || l.pids != 0)) {
        m_limitPoll.reset(::timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK));
        itimerspec every{};
        every.it_value.tv_sec = 1;
        every.it_interval.tv_sec = 1;
        if (!m_limitPoll || ::timerfd_settime(m_limitPoll.get(), 0, &every, nullptr) != 0)
            fail(ExitCode::Internal, true, "timerfd for the limit events");
    }

    std::vector<pollfd> fds;
    for (;;) {
        fds.clear();
        fds.push_back({m_signalfd.get(), POLLIN, 0});
        fds.push_back({m_pidfd.get(), POLLIN, 0});
        fds.push_back({m_grace.get(), POLLIN, 0});
        const auto add = [&fds](int fd) {
            if (fd < 0)
                return std::size_t(0); // 0 is the signalfd's: never an index of the optional ones
            fds.push_back({fd, POLLIN, 0});
            return fds.size() - 1;
        };
        const std::size_t timeboxIndex = add(m_timebox.get());
        const std::size_t limitIndex = add(m_limitPoll.get());
        const std::size_t controlIndex = add(m_control.get());
        const std::size_t commandsIndex = add(m_commands ? m_commands->fd() : -1);
        const std::size_t notifierIndex = add(m_notifier ? m_notifier->fd() : -1);
        const std::size_t guardIndex = add(m_guard->fd());
        const std::size_t eventsIndex = fds.size();
        m_events->addPollFds(fds);
        const std::size_t terminalIndex = fds.size();
        if (m_terminal)
            m_terminal->addPollFds(fds);

        if (retryOnEintr([&] { return ::poll(fds.data(), fds.size(), m_events->pollTimeoutMs()); }) < 0)
            fail(ExitCode::Internal, true, "poll");
        m_events->tick(); // coalesced exec events that are due

        // The notifier first: a process inside is stopped in execve or connect until it is served.
        if (notifierIndex != 0 && fds[notifierIndex].revents != 0) {
            if ((fds[notifierIndex].revents & POLLIN) != 0) {
                if (!m_notifier->serve(*m_events))
                    stopSession(toInt(ExitCode::Internal), "the exec-event notifier failed");
            } else {
                m_notifier.reset(); // POLLHUP: no process is left under the filter
            }
        }
        if (fds[0].revents != 0)
            onSignal();
        if (timeboxIndex != 0 && fds[timeboxIndex].revents != 0)
            onTimebox();
        if (fds[2].revents != 0)
            onGrace();
        if (limitIndex != 0 && fds[limitIndex].revents != 0) {
            bool failed = false;
            if (consumeTimer(m_limitPoll.get(), failed))
                checkCgroupLimits();
        }
        if (m_terminal) {
            m_terminal->handlePoll(fds, terminalIndex);
            // Direct mode: a session whose person is gone must not run on (M3). The daemon's
            // sessions survive the client that launched them: the relay drops the output it can
            // no longer deliver and stops reading input, and the daemon decides what happens.
            if (m_terminal->inputHungUp() && !m_commands)
                stopSession(128 + SIGHUP, "the terminal hung up");
        }
        m_events->handlePoll(fds, eventsIndex);
        if (controlIndex != 0 && fds[controlIndex].revents != 0)
            onControl();
        if (commandsIndex != 0 && fds[commandsIndex].revents != 0)
            onCommands();
        if (guardIndex != 0 && fds[guardIndex].revents != 0 && m_guard->handleEvents())
            stopSession(toInt(ExitCode::PolicyDenied), "a file the host would run was created inside");
        if (fds[1].revents != 0) {
            int status = 0;
            const pid_t pid = retryOnEintr([&] { return ::waitpid(m_shim, &status, 0); });
            if (pid != m_shim)
                fail(ExitCode::Internal, true, "waitpid");
            m_shimStatus = status;
            m_shimExited = true;
            if (m_guard->sweep() && m_stopStatus < 0) // the final sweep
                m_stopStatus = toInt(ExitCode::PolicyDenied);
            return finish();
        }
    }
}

void Monitor::onSignal()
{
    for (;;) {
        signalfd_siginfo info{};
        const ssize_t n = retryOnEintr([&] { return ::read(m_signalfd.get(), &info, sizeof info); });
        if (n < 0 && errno == EAGAIN)
            return;
        if (n != static_cast<ssize_t>(sizeof info))
            fail(ExitCode::Internal, true, "reading the signalfd");
        const int sig = static_cast<int>(info.ssi_signo);
        if (sig == SIGWINCH) {
            if (m_terminal)
                m_terminal->updateWindowSize();
        } else if (sig == SIGHUP) {
            // The user's terminal or session is gone (or a launcher asks us to end): relaying
            // SIGHUP alone would leave a command that ignores it running for nobody.
            stopSession(128 + SIGHUP, "hangup received");
        } else if (sig == SIGINT || sig == SIGTERM || sig == SIGQUIT) {
            signalShim(sig); // the shim passes it on inside
        }
    }
}

void Monitor::armTimebox()
{
    // The warning first (unless given since the last extension), then the deadline. An absolute
    // time already past fires at once: an extension that leaves less than the lead warns now.
    const std::uint64_t warnAt = m_deadlineNs > m_warnLeadNs ? m_deadlineNs - m_warnLeadNs : 1;
    const std::uint64_t at = (m_warned || m_warnLeadNs == 0) ? m_deadlineNs : warnAt;
    itimerspec spec{};
    spec.it_value.tv_sec = static_cast<time_t>(at / kNsPerSecond);
    spec.it_value.tv_nsec = static_cast<long>(at % kNsPerSecond);
    if (::timerfd_settime(m_timebox.get(), TFD_TIMER_ABSTIME, &spec, nullptr) != 0)
        fail(ExitCode::Internal, true, "timerfd_settime");
}

void Monitor::onTimebox()
{
    bool failed = false;
    if (!consumeTimer(m_timebox.get(), failed)) {
        if (failed)
            fail(ExitCode::Internal, true, "reading the timebox timer");
        return;
    }
    if (m_timerPhase != 0)
        return; // already stopping
    const std::uint64_t now = monotonicNs();
    if (now >= m_deadlineNs) {
        m_events->limitKill("timeout");
        const std::string why = "timebox of " + humanDuration(m_timeboxSeconds) + " reached";
        stopSession(toInt(ExitCode::TimeboxExpired), why.c_str());
        return;
    }
    if (!m_warned && now + m_warnLeadNs >= m_deadlineNs) {
        m_warned = true;
        m_events->timeWarning((m_deadlineNs - now + kNsPerSecond - 1) / kNsPerSecond);
    }
    armTimebox();
}

void Monitor::extendTimebox(std::uint64_t seconds)
{
    if (!m_timebox) {
        notice("cordon-sandbox: control channel: ignoring 'extend': this session has no timebox");
        return;
    }
    if (m_timerPhase != 0) {
        notice("cordon-sandbox: control channel: ignoring 'extend': the session is already stopping");
        return;
    }
    m_deadlineNs += seconds * kNsPerSecond;
    m_timeboxSeconds += seconds;
    m_warned = false; // warn again before the new end
    armTimebox();
}

void Monitor::onGrace()
{
    bool failed = false;
    if (!consumeTimer(m_grace.get(), failed)) {
        if (failed)
            fail(ExitCode::Internal, true, "reading the grace timer");
        return;
    }
    if (m_timerPhase == 1) {
        // SIGKILL of pid 1 kills every process of the pid namespace; the cgroup kill catches
        // anything that got out of it.
        signalShim(SIGKILL);
        if (m_cgroup)
            m_cgroup->killAll();
        m_timerPhase = 2;
    }
}

void Monitor::checkCgroupLimits()
{
    if (!m_cgroup)
        return;
    const std::uint64_t oomKills = m_cgroup->oomKillCount();
    if (oomKills > m_oomKillsSeen) {
        m_oomKillsSeen = oomKills;
        m_events->limitKill("memory");
    }
    const std::uint64_t pidsHits = m_cgroup->pidsLimitHits();
    if (pidsHits > m_pidsHitsSeen) {
        m_pidsHitsSeen = pidsHits;
        m_events->limitKill("pids");
    }
}

void Monitor::stopSession(int exitStatus, const char* why)
{
    if (m_timerPhase != 0)
        return; // already stopping: the first reason is the one reported
    m_stopStatus = exitStatus;
    notice("cordon: %s; stopping the sandbox", why);
    signalShim(SIGTERM); // the shim sends it to every process of the namespace
    m_timerPhase = 1;
    if (m_spec.limits.graceSeconds != 0) {
        if (!armTimer(m_grace.get(), m_spec.limits.graceSeconds))
            fail(ExitCode::Internal, true, "timerfd_settime");
        return;
    }
    signalShim(SIGKILL);
    if (m_cgroup)
        m_cgroup->killAll();
    m_timerPhase = 2;
}

void Monitor::onControl()
{
    // The shim passes out, in this order and each only when there is one, the pty's master and the
    // exec-event notifier's listener, then closes its end.
    int error = 0;
    char tag = 0;
    UniqueFd fd = Terminal::receiveFd(m_control.get(), error, tag);
    // ECONNRESET: the shim died without reading all we sent (a launch refused before its second
    // go byte): that is its exit, which the pidfd reports with its status, not our failure.
    if (!fd && (error == ECONNRESET || error == EPIPE))
        error = 0;
    if (!fd && error != 0) {
        errno = error;
        fail(ExitCode::SandboxFailed, true, "receiving a descriptor from the sandbox");
    }
    if (!fd) {
        // EOF: the shim has closed its end (set-up done, or it died: the pidfd tells which).
        m_control.reset();
        return;
    }
    if (tag == Terminal::kPtyMasterTag && m_ttyMask != 0 && !m_terminal) {
        m_terminal = std::make_unique<Terminal>(m_ttyMask, std::move(fd));
        if (!m_terminal->start())
            fail(ExitCode::SandboxFailed, true, "setting up the terminal relay");
        return;
    }
    if (tag == Terminal::kNotifierTag && m_execEvents && !m_notifier) {
        m_notifier = std::make_unique<SeccompNotifier>(std::move(fd), std::move(m_pidNamespace));
        return;
    }
    fail(ExitCode::SandboxFailed, false, "the sandbox passed an unexpected descriptor (tag %d)", tag);
}

void Monitor::onCommands()
{
    std::vector<ControlCommand> commands;
    std::vector<std::string> ignored;
    m_commands->read(commands, ignored);
    // On stderr (through notice(): when stderr is the person's terminal, a blocking write there
    // could hold the loop up); `why` is printable ASCII only (ControlChannel::parse).
    for (const std::string& why : ignored)
        notice("cordon-sandbox: control channel: ignoring %s", why.c_str());
    for (const ControlCommand& command : commands)
        apply(command);
}

void Monitor::apply(const ControlCommand& command)
{
    switch (command.kind) {
    case ControlCommand::Kind::Extend: extendTimebox(command.seconds); break;
    case ControlCommand::Kind::Stop:
        // 143 = 128 + SIGTERM, what a shell reports for a command ended that way; a command that
        // exited by itself before this line was read keeps its own status.
        stopSession(128 + SIGTERM, "stop requested");
        break;
    case ControlCommand::Kind::PauseInput:
        if (m_terminal)
            m_terminal->setInputPaused(true);
        break;
    case ControlCommand::Kind::ResumeInput:
        if (m_terminal)
            m_terminal->setInputPaused(false);
        break;
    case ControlCommand::Kind::Winch:
        if (m_terminal)
            m_terminal->updateWindowSize();
        break;
    }
}

int Monitor::finish()
{
    // Queued behind the command's last output (notice() goes through the relay while it runs).
    if (m_cgroup && m_cgroup->oomKilled())
        notice("cordon: the sandbox reached its memory limit; the kernel killed a process in it");
    if (m_terminal) {
        // Never blocks: a stopped session gets one second at most for its last output; after a
        // normal exit the rest (bounded: nothing inside can add to it) goes out as long as the
        // terminal keeps taking it.
        if (m_stopStatus >= 0)
            m_terminal->drain(500, 1000);
        else
            m_terminal->drain(2000, -1);
        m_terminal->restore();
    }
    checkCgroupLimits(); // a last OOM kill or refused fork, before the cgroup goes
    m_cgroup.reset();
    m_terminal.reset();
    m_notifier.reset(); // every process under the filter is gone with the pid namespace
    releaseGuard();
    int status = toInt(ExitCode::Internal);
    if (m_stopStatus >= 0)
        status = m_stopStatus;
    else if (WIFEXITED(m_shimStatus))
        status = WEXITSTATUS(m_shimStatus);
    else if (WIFSIGNALED(m_shimStatus))
        status = 128 + WTERMSIG(m_shimStatus);
    m_events->exit(status);
    return status;
}

void Monitor::releaseGuard()
{
    // Closing the last descriptor of an inotify instance waits for an SRCU grace period
    // (fsnotify_destroy_group -> fsnotify_wait_marks_destroyed in fs/notify/group.c), 10 ms and
    // more on this kernel, and it would sit on every session's exit path. A child that holds the
    // descriptor until we have let go of ours, and then exits, pays that wait instead; nobody
    // waits for it (whoever adopts it reaps it). Any failure here just pays the wait ourselves.
    if (!m_guard || m_guard->fd() < 0) {
        m_guard.reset();
        return;
    }
    int gate[2];
    if (::pipe2(gate, O_CLOEXEC) != 0) {
        m_guard.reset();
        return;
    }
    const int keep = m_guard->fd();
    const pid_t child = ::fork();
    if (child == 0) {
        // Only the inotify descriptor and the gate stay open: the child must not hold the user's
        // terminal or a caller's pipe open after the monitor has exited.
        const unsigned low = static_cast<unsigned>(keep < gate[0] ? keep : gate[0]);
        const unsigned high = static_cast<unsigned>(keep < gate[0] ? gate[0] : keep);
        if ((low > 0 && ::close_range(0, low - 1, 0) != 0) || (high > low + 1 && ::close_range(low + 1, high - 1, 0) != 0) ||
            ::close_range(high + 1, ~0u, 0) != 0)
            ::_exit(1);
        char byte = 0;
        while (retryOnEintr([&] { return ::read(gate[0], &byte, 1); }) > 0) {
        }
        ::_exit(0);
    }
    ::close(gate[0]);
    m_guard.reset(); // with the child alive, not the last reference: quick
    ::close(gate[1]); // the child sees EOF and exits, closing the last reference off our path
}

void Monitor::notice(const char* format, ...)
{
    char text[512];
    va_list args;
    va_start(args, format);
    std::vsnprintf(text, sizeof text, format, args);
    va_end(args);
    std::string line(text);
    // A raw terminal does not turn "\n" into "\r\n".
    line += (m_terminal && m_terminal->isRaw()) ? "\r\n" : "\n";
    // With stderr a terminal the relay owns, the line joins its non-blocking output: a blocking
    // write here would let a terminal nobody reads hold off the timebox's SIGKILL (M1).
    if (m_terminal && (m_ttyMask & 4u) != 0) {
        m_terminal->queueOutput(line);
        return;
    }
    (void)writeAll(STDERR_FILENO, line.data(), line.size());
}

void Monitor::signalShim(int sig) noexcept
{
    if (m_pidfd && pidfdSendSignal(m_pidfd.get(), sig) != 0 && errno != ESRCH)
        warn("sending signal %d to the sandbox: %s", sig, std::strerror(errno));
}

void Monitor::fail(ExitCode code, bool withErrno, const char* format, ...)
{
    const int savedErrno = errno;
    char text[1024];
    va_list args;
    va_start(args, format);
    std::vsnprintf(text, sizeof text, format, args);
    va_end(args);
    if (m_shim > 0 && !m_shimExited) {
        if (m_pidfd)
            (void)pidfdSendSignal(m_pidfd.get(), SIGKILL);
        else
            (void)::kill(m_shim, SIGKILL);
        int status = 0;
        (void)retryOnEintr([&] { return ::waitpid(m_shim, &status, 0); });
        m_shimExited = true;
    }
    m_terminal.reset(); // restores the terminal
    m_cgroup.reset();
    if (m_events)
        m_events->exit(toInt(code), 500);
    if (withErrno) {
        errno = savedErrno;
        dieErrno(code, "%s", text);
    }
    die(code, "%s", text);
}

} // namespace cordon::confine
