#include "EventWriter.h"

#include "Die.h"
#include "JsonText.h"
#include "Syscall.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

namespace cordon::confine {

namespace {

std::string begin(const char* kind)
{
    std::string line = "{\"kind\":\"";
    line += kind;
    line += '"';
    return line;
}

void field(std::string& line, const char* name, long long value)
{
    line += ",\"";
    line += name;
    line += "\":";
    line += std::to_string(value);
}

void field(std::string& line, const char* name, const std::string& value)
{
    line += ",\"";
    line += name;
    line += "\":";
    JsonText::appendString(line, value);
}

void field(std::string& line, const char* name, bool value)
{
    line += ",\"";
    line += name;
    line += value ? "\":true" : "\":false";
}

std::int64_t monotonicNs() noexcept
{
    struct timespec ts { };
    (void)::clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

void finish(std::string& line)
{
    field(line, "time_ms", static_cast<long long>(JsonText::nowMs()));
    line += "}\n";
}

} // namespace

EventWriter::EventWriter(UniqueFd fd) : m_fd(std::move(fd))
{
    if (!m_fd)
        return;
    const int flags = ::fcntl(m_fd.get(), F_GETFL);
    if (flags < 0 || ::fcntl(m_fd.get(), F_SETFL, flags | O_NONBLOCK) != 0) {
        // A descriptor we cannot make non-blocking could stall the monitor: not worth the risk.
        warn("events descriptor: cannot set O_NONBLOCK (%s); no events will be written", std::strerror(errno));
        m_broken = true;
    }
}

void EventWriter::emit(std::string line, bool coalesce)
{
    if (!enabled())
        return;
    if (m_dropped != 0) {
        std::string dropped = begin("dropped");
        field(dropped, "count", static_cast<long long>(m_dropped));
        dropped += "}\n";
        if (m_queue.size() + dropped.size() + line.size() > kQueueMax) {
            ++m_dropped;
            ++m_droppedTotal;
            return;
        }
        m_queue += dropped;
        m_dropped = 0;
    } else if (m_queue.size() + line.size() > kQueueMax) {
        ++m_dropped;
        ++m_droppedTotal;
        return;
    }
    m_queue += line;
    if (coalesce && m_queue.size() < kCoalesceBytes) {
        if (m_dueNs == 0)
            m_dueNs = monotonicNs() + std::int64_t(kCoalesceMs) * 1'000'000;
        return;
    }
    flush(); // most of the time the pipe has room: no poll round needed
}

void EventWriter::flush() noexcept
{
    m_dueNs = 0;
    m_blocked = false;
    while (!m_queue.empty() && !m_broken) {
        const ssize_t n = retryOnEintr([&] { return ::write(m_fd.get(), m_queue.data(), m_queue.size()); });
        if (n > 0) {
            m_queue.erase(0, static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            m_blocked = true;
            return;
        }
        // EPIPE (the daemon closed its end) or any other error: nobody will read what follows.
        m_broken = true;
        m_queue.clear();
    }
}

void EventWriter::started(pid_t shimPid)
{
    std::string line = begin("started");
    field(line, "shim_pid", static_cast<long long>(shimPid));
    finish(line);
    emit(std::move(line));
}

void EventWriter::exec(
    pid_t pid, pid_t nsPid, const std::string& exe, const std::vector<std::string>& argv, bool truncated)
{
    if (!enabled())
        return;
    std::string line = begin("exec");
    field(line, "pid", static_cast<long long>(pid));
    field(line, "ns_pid", static_cast<long long>(nsPid));
    field(line, "exe", exe);
    line += ",\"argv\":";
    JsonText::appendStringArray(line, argv);
    field(line, "truncated", truncated);
    finish(line);
    emit(std::move(line), true);
}

void EventWriter::netDirect(pid_t pid, bool inet6, const std::string& address, unsigned port)
{
    std::string line = begin("net_direct");
    field(line, "pid", static_cast<long long>(pid));
    field(line, "family", std::string(inet6 ? "inet6" : "inet"));
    field(line, "address", address);
    field(line, "port", static_cast<long long>(port));
    finish(line);
    emit(std::move(line), true);
}

void EventWriter::guard(const std::string& hostPath, bool quarantined, bool critical)
{
    std::string line = begin("guard");
    field(line, "path", hostPath);
    field(line, "action", std::string(quarantined ? "quarantined" : "failed"));
    field(line, "critical", critical);
    finish(line);
    emit(std::move(line));
}

void EventWriter::timeWarning(std::uint64_t remainingSeconds)
{
    std::string line = begin("time_warning");
    field(line, "remaining_s", static_cast<long long>(remainingSeconds));
    finish(line);
    emit(std::move(line));
}

void EventWriter::limitKill(const char* limit)
{
    std::string line = begin("limit_kill");
    field(line, "limit", std::string(limit));
    finish(line);
    emit(std::move(line));
}

void EventWriter::exit(int status, int waitMs) noexcept
{
    if (!enabled())
        return;
    try {
        std::string line = begin("exit");
        field(line, "status", static_cast<long long>(status));
        finish(line);
        // The last line is never the one dropped: it may go beyond the bound by its own size.
        if (m_dropped != 0) {
            std::string dropped = begin("dropped");
            field(dropped, "count", static_cast<long long>(m_dropped));
            dropped += "}\n";
            m_queue += dropped;
            m_dropped = 0;
        }
        m_queue += line;
    } catch (...) {
        // Out of memory on the way out: what is queued still goes.
    }
    using Clock = std::chrono::steady_clock;
    const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(waitMs);
    for (;;) {
        flush();
        if (m_queue.empty() || m_broken)
            break;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0)
            break;
        pollfd p{m_fd.get(), POLLOUT, 0};
        if (retryOnEintr([&] { return ::poll(&p, 1, static_cast<int>(left)); }) <= 0)
            break;
        if ((p.revents & (POLLERR | POLLHUP | POLLNVAL)) != 0 && (p.revents & POLLOUT) == 0)
            break;
    }
    m_closed = true;
    m_queue.clear();
    m_fd.reset();
}

void EventWriter::addPollFds(std::vector<pollfd>& fds)
{
    m_pollIndex = 0;
    if (!enabled() || m_queue.empty() || !m_blocked)
        return;
    m_pollIndex = fds.size();
    fds.push_back({m_fd.get(), POLLOUT, 0});
}

void EventWriter::handlePoll(const std::vector<pollfd>& fds, std::size_t first)
{
    if (m_pollIndex == 0 || m_pollIndex < first || m_pollIndex >= fds.size())
        return;
    const short r = fds[m_pollIndex].revents;
    if (r == 0)
        return;
    if ((r & POLLOUT) == 0 && (r & (POLLERR | POLLHUP | POLLNVAL)) != 0) {
        m_broken = true;
        m_queue.clear();
        return;
    }
    flush();
}

int EventWriter::pollTimeoutMs() const noexcept
{
    if (!enabled() || m_dueNs == 0 || m_blocked)
        return -1;
    const std::int64_t left = m_dueNs - monotonicNs();
    return left <= 0 ? 0 : static_cast<int>((left + 999'999) / 1'000'000);
}

void EventWriter::tick() noexcept
{
    if (enabled() && m_dueNs != 0 && !m_blocked && monotonicNs() >= m_dueNs)
        flush();
}

} // namespace cordon::confine
