#pragma once
// The session's event stream: what the monitor tells the helper daemon about a running sandbox,
// one JSON object per line on the descriptor given with `cordon-sandbox --events-fd E`.
//
//   {"kind":"started","shim_pid":HOSTPID,"time_ms":T}
//   {"kind":"exec","pid":HOSTPID,"ns_pid":PID,"exe":"...","argv":[...],"truncated":B,"time_ms":T}
//   {"kind":"net_direct","pid":HOSTPID,"family":"inet"|"inet6","address":"...","port":N,"time_ms":T}
//   {"kind":"guard","path":HOSTPATH,"action":"quarantined"|"failed","critical":B,"time_ms":T}
//   {"kind":"time_warning","remaining_s":N,"time_ms":T}
//   {"kind":"limit_kill","limit":"timeout"|"memory"|"pids","time_ms":T}
//   {"kind":"dropped","count":N}
//   {"kind":"exit","status":S,"time_ms":T}          always the last line
//
// Every line is valid UTF-8 and valid JSON (JsonText.h), whatever the sandbox put in a path or an
// argument. The writer never blocks the monitor: the descriptor is put in non-blocking mode, lines
// wait in a bounded queue and go out when poll reports POLLOUT; when the reader stalls long enough
// for the queue to fill, new lines are dropped and counted, and a {"kind":"dropped"} line says how
// many once there is room again. A reader that went away (EPIPE) silently turns the writer off.
// Only exit() may wait, and only for a bounded time, to get the last lines out.
//
// exec and net_direct lines come in bursts (a build runs thousands of programs) and each write
// wakes the reader: they are written together, at most kCoalesceMs after the first of them or once
// kCoalesceBytes are queued, which takes two context switches per exec off a busy sandbox. Every
// other line goes out at once, with whatever is queued before it, in order.

#include "UniqueFd.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <sys/types.h>
#include <vector>

struct pollfd;

namespace cordon::confine {

class EventWriter {
public:
    // Takes the descriptor and sets O_NONBLOCK on it (it is ours: the daemon keeps the other end
    // of its pipe or socket pair). An invalid descriptor makes a writer that writes nothing.
    explicit EventWriter(UniqueFd fd);

    bool enabled() const noexcept { return m_fd.valid() && !m_broken && !m_closed; }

    void started(pid_t shimPid);
    void exec(pid_t pid, pid_t nsPid, const std::string& exe, const std::vector<std::string>& argv, bool truncated);
    void netDirect(pid_t pid, bool inet6, const std::string& address, unsigned port);
    void guard(const std::string& hostPath, bool quarantined, bool critical);
    void timeWarning(std::uint64_t remainingSeconds);
    void limitKill(const char* limit);
    // The last line: queues it, then waits at most `waitMs` for the queue to drain, and closes.
    void exit(int status, int waitMs = 2000) noexcept;

    // Event-loop integration: POLLOUT while lines wait for a reader that stalled; the poll timeout
    // (milliseconds, -1 for none) until coalesced lines are due; tick() writes them when they are.
    void addPollFds(std::vector<pollfd>& fds);
    void handlePoll(const std::vector<pollfd>& fds, std::size_t first);
    int pollTimeoutMs() const noexcept;
    void tick() noexcept;

    // The queue bound. A few thousand lines: a burst of execs (a build) fits, a reader that stops
    // reading for good costs the monitor no more than this.
    static constexpr std::size_t kQueueMax = 1024 * 1024;
    static constexpr int kCoalesceMs = 20;
    static constexpr std::size_t kCoalesceBytes = 16 * 1024;

    std::uint64_t droppedTotal() const noexcept { return m_droppedTotal; }

private:
    void emit(std::string line, bool coalesce = false);
    void flush() noexcept;

    UniqueFd m_fd;
    std::string m_queue;
    std::size_t m_pollIndex = 0;      // 0: not in the poll set (index 0 is never ours)
    std::int64_t m_dueNs = 0;         // CLOCK_MONOTONIC: when the coalesced lines must go; 0: none held
    bool m_blocked = false;           // the last write met a full descriptor: wait for POLLOUT
    std::uint64_t m_dropped = 0;      // not yet reported
    std::uint64_t m_droppedTotal = 0; // for tests and the final notice
    bool m_broken = false;
    bool m_closed = false;
};

} // namespace cordon::confine
