#pragma once
// The monitor: the original cordon-sandbox process, outside the sandbox. It creates the
// namespaces and the cgroup, writes the id maps, relays the terminal and signals, enforces the
// timebox, and exits with the command's status once the shim (pid 1 inside) is gone.

#include "Cgroup.h"
#include "ExitCode.h"
#include "LaunchSpec.h"
#include "UniqueFd.h"

#include <cstdarg>
#include <memory>
#include <sys/types.h>

namespace cordon::confine {

class ProtectedPathWatcher;
class Terminal;

class Monitor {
public:
    explicit Monitor(const spec::LaunchSpec& spec);
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
    void onTimer();
    void onControl();
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
    UniqueFd m_signalfd;
    UniqueFd m_timer;
    int m_timerPhase = 0; // 0: running, 1: SIGTERM sent, 2: SIGKILL sent
    int m_stopStatus = -1; // set by stopSession: the exit status that reports why
    std::unique_ptr<Terminal> m_terminal;
    std::unique_ptr<ProtectedPathWatcher> m_guard; // absent protected paths (ProtectedPathWatcher.h)
    int m_shimStatus = 0;
    bool m_shimExited = false;
};

} // namespace cordon::confine
