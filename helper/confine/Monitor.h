#pragma once
// The monitor: the original cordon-sandbox process, outside the sandbox. It creates the
// namespaces and the cgroup, writes the id maps, relays the terminal and signals, enforces the
// timebox, and exits with the command's status once the shim (pid 1 inside) is gone. Started by
// the helper daemon, it also writes the session's events (EventWriter.h), serves the exec-event
// notifier (SeccompNotifier.h) and obeys the daemon's control lines (ControlChannel.h).

#include "Cgroup.h"
#include "ExitCode.h"
#include "LaunchSpec.h"
#include "UniqueFd.h"

#include <cstdarg>
#include <cstdint>
#include <memory>
#include <sys/types.h>

namespace cordon::confine {

class ControlChannel;
class EventWriter;
class ProtectedPathWatcher;
class SeccompNotifier;
class Terminal;
struct ControlCommand;

class Monitor {
public:
    // `events` and `control`: the descriptors of --events-fd and --control-fd, or invalid. With a
    // control descriptor the session is the daemon's: it outlives a hang-up of the terminal
    // (the person's client may go away and come back), and only the sandbox's own end, the
    // timebox, `stop` or a signal end it.
    Monitor(const spec::LaunchSpec& spec, UniqueFd events, UniqueFd control);
    ~Monitor();
    Monitor(const Monitor&) = delete;
    Monitor& operator=(const Monitor&) = delete;

    // Runs the whole sandbox; returns the exit status for cordon-sandbox: the command's own
    // (128+N for a signal) or a Cordon ExitCode.
    int run();

private:
    void createChannel();
    void createCgroup();
    void startShim();
    void releaseShim();
    int eventLoop();
    void onSignal();
    void onTimebox();
    void onGrace();
    void onControl();
    void onCommands();
    void apply(const ControlCommand& command);
    void armTimebox();
    void extendTimebox(std::uint64_t seconds);
    void checkCgroupLimits();
    // Stops the session: SIGTERM to every process in the sandbox, SIGKILL when the grace period
    // ends; cordon-sandbox then exits with `exitStatus`. The first reason wins.
    void stopSession(int exitStatus, const char* why);
    void armDeathWithLauncher();
    int finish();
    void releaseGuard();
    void notice(const char* format, ...) __attribute__((format(printf, 2, 3)));
    void signalShim(int sig) noexcept;
    // Kills the shim, restores the terminal, removes the cgroup, then dies with the message.
    [[noreturn]] void fail(ExitCode code, bool withErrno, const char* format, ...)
        __attribute__((format(printf, 4, 5)));

    const spec::LaunchSpec& m_spec;
    unsigned m_ttyMask = 0;
    std::unique_ptr<Cgroup> m_cgroup;
    UniqueFd m_control; // our end of the socketpair with the shim
    UniqueFd m_shimEnd; // the shim's end, until the clone
    pid_t m_shim = -1;
    UniqueFd m_pidfd;
    UniqueFd m_pidNamespace; // the sandbox's, for the notifier's pid translation (exec events only)
    UniqueFd m_signalfd;
    UniqueFd m_timebox;             // CLOCK_MONOTONIC, absolute: the warning, then the deadline; only with a timeout
    UniqueFd m_grace;               // the stop's grace period (SIGTERM to SIGKILL)
    UniqueFd m_limitPoll;           // once a second: the cgroup's OOM and pids counters, for limit events
    std::uint64_t m_deadlineNs = 0; // the timebox's end, CLOCK_MONOTONIC
    std::uint64_t m_warnLeadNs = 0; // time_warning this long before the end
    std::uint64_t m_timeboxSeconds = 0; // the spec's timeout plus every extension
    bool m_warned = false;
    std::uint64_t m_oomKillsSeen = 0;
    std::uint64_t m_pidsHitsSeen = 0;
    int m_timerPhase = 0;  // 0: running, 1: SIGTERM sent, 2: SIGKILL sent
    int m_stopStatus = -1; // set by stopSession: the exit status that reports why
    std::unique_ptr<Terminal> m_terminal;
    std::unique_ptr<ProtectedPathWatcher> m_guard; // absent protected paths (ProtectedPathWatcher.h)
    std::unique_ptr<EventWriter> m_events;         // always there; writes nothing without --events-fd
    std::unique_ptr<ControlChannel> m_commands;    // --control-fd; null in cordonctl's direct mode
    std::unique_ptr<SeccompNotifier> m_notifier;   // exec events, once the shim passed the listener
    bool m_execEvents = false;                     // the spec asks for them and there is an events fd
    int m_shimStatus = 0;
    bool m_shimExited = false;
};

} // namespace cordon::confine
