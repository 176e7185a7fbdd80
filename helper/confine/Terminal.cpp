#include "Terminal.h"

#include "Die.h"
#include "Syscall.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cordon::confine {

unsigned Terminal::ttyMask() noexcept
{
    unsigned mask = 0;
    for (int fd = 0; fd <= 2; ++fd) {
        if (::isatty(fd))
            mask |= 1u << fd;
    }
    return mask;
}

UniqueFd Terminal::openPty(const std::string& devptsDir, UniqueFd& slave)
{
    const std::string ptmx = devptsDir + "/ptmx";
    UniqueFd master(retryOnEintr([&] { return ::open(ptmx.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC | O_NOFOLLOW); }));
    if (!master)
        dieErrno(ExitCode::SandboxFailed, "opening %s for the sandbox's terminal", ptmx.c_str());
    if (::unlockpt(master.get()) != 0)
        dieErrno(ExitCode::SandboxFailed, "unlocking the sandbox's pty");
    // TIOCGPTPEER (Linux 4.13): the slave of exactly this master, without a path lookup.
    slave = UniqueFd(::ioctl(master.get(), TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC));
    if (!slave)
        dieErrno(ExitCode::SandboxFailed, "opening the sandbox's pty");
    return master;
}

void Terminal::sendFd(int socket, int fd, char tag)
{
    char byte = tag;
    iovec iov{&byte, 1};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    cmsghdr* cmsg = CMSG_FIRSTHDR(&msg);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int));
    std::memcpy(CMSG_DATA(cmsg), &fd, sizeof fd);
    if (retryOnEintr([&] { return ::sendmsg(socket, &msg, MSG_NOSIGNAL); }) != 1)
        dieErrno(ExitCode::SandboxFailed, "passing a descriptor to the monitor");
}

UniqueFd Terminal::receiveFd(int socket, int& error, char& tag)
{
    error = 0;
    tag = 0;
    char byte = 0;
    iovec iov{&byte, 1};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    const ssize_t n = retryOnEintr([&] { return ::recvmsg(socket, &msg, MSG_CMSG_CLOEXEC); });
    if (n == 0)
        return UniqueFd();
    if (n < 0) {
        error = errno;
        return UniqueFd();
    }
    const cmsghdr* cmsg = CMSG_FIRSTHDR(&msg);
    if ((msg.msg_flags & MSG_CTRUNC) != 0 || !cmsg || cmsg->cmsg_level != SOL_SOCKET || cmsg->cmsg_type != SCM_RIGHTS ||
        cmsg->cmsg_len != CMSG_LEN(sizeof(int))) {
        error = EPROTO;
        return UniqueFd();
    }
    int fd = -1;
    std::memcpy(&fd, CMSG_DATA(cmsg), sizeof fd);
    tag = byte;
    return UniqueFd(fd);
}

Terminal::Terminal(unsigned mask, UniqueFd master) : m_mask(mask), m_master(std::move(master))
{
    if (mask & 1u)
        m_inputFd = 0;
    // Output to stdout, else stderr; with only stdin a terminal, the pty's echo goes back to it.
    m_userOutputFd = (mask & 2u) ? 1 : ((mask & 4u) ? 2 : m_inputFd);
    m_outputFd = m_userOutputFd;
    m_controlFd = m_inputFd >= 0 ? m_inputFd : m_userOutputFd;
    m_inputOpen = m_inputFd >= 0;
    m_masterOpen = true;
}

Terminal::~Terminal()
{
    restore();
    restoreOutputFlags();
}

void Terminal::openOutput() noexcept
{
    if (m_userOutputFd < 0)
        return;
    // A private open file description of the same terminal (see the header): O_NONBLOCK set on
    // it reaches nobody else. O_NOCTTY: opening a terminal must never make it ours.
    const std::string path = "/proc/self/fd/" + std::to_string(m_userOutputFd);
    UniqueFd own(retryOnEintr([&] { return ::open(path.c_str(), O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC); }));
    struct stat ownStat { };
    struct stat userStat { };
    if (own && ::fstat(own.get(), &ownStat) == 0 && ::fstat(m_userOutputFd, &userStat) == 0 &&
        S_ISCHR(ownStat.st_mode) && ownStat.st_rdev == userStat.st_rdev) {
        m_ownOutput = std::move(own);
        m_outputFd = m_ownOutput.get();
        return;
    }
    // Fallback: the shared description, its flags saved and put back by restoreOutputFlags().
    const int flags = ::fcntl(m_userOutputFd, F_GETFL);
    if (flags < 0)
        return;
    if ((flags & O_NONBLOCK) == 0 && ::fcntl(m_userOutputFd, F_SETFL, flags | O_NONBLOCK) == 0)
        m_sharedOutputFlags = flags;
    m_outputFd = m_userOutputFd;
}

void Terminal::restoreOutputFlags() noexcept
{
    if (m_sharedOutputFlags >= 0) {
        (void)::fcntl(m_userOutputFd, F_SETFL, m_sharedOutputFlags);
        m_sharedOutputFlags = -1;
    }
}

bool Terminal::start()
{
    // Non-blocking: a command that stops reading its input must never stall the monitor.
    const int flags = ::fcntl(m_master.get(), F_GETFL);
    if (flags < 0 || ::fcntl(m_master.get(), F_SETFL, flags | O_NONBLOCK) != 0)
        return false;
    openOutput();
    if (m_controlFd < 0)
        return true;
    termios settings{};
    if (::tcgetattr(m_controlFd, &settings) != 0)
        return true; // not really a terminal after all: relay bytes as they are
    // The pty starts with the user's settings (erase character, flow control, ...).
    if (::tcsetattr(m_master.get(), TCSANOW, &settings) != 0)
        warn("cannot copy the terminal settings to the sandbox's pty");
    updateWindowSize();
    if (m_inputFd < 0)
        return true; // output only: nothing to read from the user, their terminal stays as it is
    m_saved = settings;
    termios raw = settings;
    ::cfmakeraw(&raw);
    // TCSANOW, not TCSADRAIN: waiting for output to drain would block on a terminal nobody reads.
    if (retryOnEintr([&] { return ::tcsetattr(m_inputFd, TCSANOW, &raw); }) != 0)
        return false;
    m_raw = true;
    return true;
}

void Terminal::restore() noexcept
{
    if (!m_raw)
        return;
    m_raw = false;
    if (retryOnEintr([&] { return ::tcsetattr(m_inputFd, TCSANOW, &m_saved); }) != 0)
        warn("cannot restore the terminal settings (run 'reset')");
    // Whatever is still queued on the user's terminal input was typed for, or provoked by, the
    // sandbox: replies to terminal queries the command sent (DA, DECRQSS, OSC colour queries),
    // which the user's shell would otherwise read as typed input (security review L4; the same
    // class as CVE-2003-0063 and the terminal-emulator answerback bugs). Discard it.
    // Known gap: OSC 52 (clipboard write) sequences in the command's output are relayed as they
    // are; the terminal emulator's own policy decides whether it honours them.
    if (::tcflush(m_inputFd, TCIFLUSH) != 0 && errno != EIO)
        warn("cannot discard the sandbox's pending terminal input: %s", std::strerror(errno));
}

void Terminal::updateWindowSize() noexcept
{
    winsize size{};
    if (m_controlFd < 0 || ::ioctl(m_controlFd, TIOCGWINSZ, &size) != 0)
        return;
    // Changing the pty's size also sends SIGWINCH to its foreground process group inside.
    if (::ioctl(m_master.get(), TIOCSWINSZ, &size) != 0)
        warn("cannot set the sandbox's terminal size");
}

void Terminal::addPollFds(std::vector<pollfd>& fds)
{
    m_inputIndex = m_masterIndex = m_outputIndex = 0;
    if (m_inputOpen && !m_inputPaused && m_pendingInput.empty()) {
        m_inputIndex = fds.size();
        fds.push_back({m_inputFd, POLLIN, 0});
    }
    if (m_masterOpen) {
        short events = 0;
        // Back-pressure: while the buffer is full the master is not read, its pty fills, and the
        // writers inside block; nothing of theirs can hold up this loop.
        if (m_output.size() < kOutputBufferMax)
            events |= POLLIN;
        if (!m_pendingInput.empty())
            events |= POLLOUT;
        // With nothing asked, poll would still report POLLHUP on every round: leave it out.
        if (events != 0) {
            m_masterIndex = fds.size();
            fds.push_back({m_master.get(), events, 0});
        }
    }
    if (!m_output.empty() && !m_outputBroken && m_outputFd >= 0) {
        m_outputIndex = fds.size();
        fds.push_back({m_outputFd, POLLOUT, 0});
    }
}

void Terminal::handlePoll(const std::vector<pollfd>& fds, std::size_t first)
{
    const auto revents = [&](std::size_t index) -> short {
        return (index >= first && index < fds.size()) ? fds[index].revents : 0;
    };
    // Index 0 of the poll set is never ours (the monitor's signalfd comes first).
    if (m_outputIndex != 0 && revents(m_outputIndex) != 0) {
        if (revents(m_outputIndex) & (POLLERR | POLLHUP | POLLNVAL)) {
            m_outputBroken = true;
            m_output.clear();
        } else {
            flushOutput();
        }
    }
    if (m_inputIndex != 0 && m_inputOpen) {
        const short r = revents(m_inputIndex);
        if (r & POLLIN) {
            readInput();
        } else if (r & (POLLHUP | POLLERR | POLLNVAL)) {
            m_inputOpen = false;
            m_inputHungUp = true;
        }
    }
    if (m_masterIndex != 0 && m_masterOpen) {
        const short r = revents(m_masterIndex);
        if (r & POLLOUT)
            flushInput();
        if (r & (POLLIN | POLLHUP | POLLERR))
            readMaster();
    }
}

void Terminal::readInput() noexcept
{
    char buf[4096];
    const ssize_t n = retryOnEintr([&] { return ::read(m_inputFd, buf, sizeof buf); });
    if (n > 0) {
        m_pendingInput.append(buf, static_cast<std::size_t>(n));
        flushInput();
        return;
    }
    if (n < 0 && errno == EAGAIN)
        return;
    m_inputOpen = false; // end of input or the terminal hung up
    // In raw mode ^D is a byte like any other: a terminal reports end of input (0, or EIO for a
    // pty whose master closed) only when it hangs up.
    if (m_raw || (n < 0 && errno == EIO))
        m_inputHungUp = true;
}

void Terminal::flushInput() noexcept
{
    while (!m_pendingInput.empty()) {
        const ssize_t n =
            retryOnEintr([&] { return ::write(m_master.get(), m_pendingInput.data(), m_pendingInput.size()); });
        if (n < 0) {
            if (errno != EAGAIN)
                m_pendingInput.clear(); // the pty is gone
            return;
        }
        m_pendingInput.erase(0, static_cast<std::size_t>(n));
    }
}

void Terminal::readMaster() noexcept
{
    // One read per poll round, at most what the buffer has room for.
    if (m_output.size() >= kOutputBufferMax)
        return;
    char buf[16384];
    const std::size_t room = std::min(sizeof buf, kOutputBufferMax - m_output.size());
    const ssize_t n = retryOnEintr([&] { return ::read(m_master.get(), buf, room); });
    if (n > 0) {
        // With the user's terminal gone, keep reading and drop it, so the command never blocks.
        if (!m_outputBroken && m_outputFd >= 0)
            m_output.append(buf, static_cast<std::size_t>(n));
        return;
    }
    if (n < 0 && errno == EAGAIN)
        return;
    // EIO: every slave descriptor is closed, the sandbox is gone.
    m_masterOpen = false;
}

void Terminal::flushOutput() noexcept
{
    if (m_output.empty() || m_outputBroken || m_outputFd < 0)
        return;
    const ssize_t n = retryOnEintr([&] { return ::write(m_outputFd, m_output.data(), m_output.size()); });
    if (n > 0) {
        m_output.erase(0, static_cast<std::size_t>(n));
        return;
    }
    if (n < 0 && errno == EAGAIN)
        return;
    m_outputBroken = true;
    m_output.clear();
}

void Terminal::queueOutput(const std::string& text)
{
    if (!m_outputBroken && m_outputFd >= 0)
        m_output += text; // beyond the bound by one line at most: our own notices are few
}

void Terminal::drain(int idleMs, int totalMs) noexcept
{
    using Clock = std::chrono::steady_clock;
    const Clock::time_point begin = Clock::now();
    Clock::time_point lastProgress = begin;
    for (;;) {
        if (m_masterOpen && m_output.size() < kOutputBufferMax)
            readMaster();
        if (m_output.empty() && !m_masterOpen)
            return;
        if (m_outputBroken || m_outputFd < 0)
            return;
        const Clock::time_point now = Clock::now();
        const auto idle = std::chrono::duration_cast<std::chrono::milliseconds>(now - lastProgress).count();
        const auto total = std::chrono::duration_cast<std::chrono::milliseconds>(now - begin).count();
        if (idle >= idleMs || (totalMs >= 0 && total >= totalMs))
            return; // the user's terminal takes nothing: drop the rest rather than hang
        int wait = static_cast<int>(idleMs - idle);
        if (totalMs >= 0)
            wait = std::min(wait, static_cast<int>(totalMs - total));
        if (m_output.empty()) {
            // More may come from the master until its last slave is closed (EIO).
            pollfd m{m_master.get(), POLLIN, 0};
            if (retryOnEintr([&] { return ::poll(&m, 1, std::max(wait, 0)); }) < 0)
                return;
            continue;
        }
        pollfd p{m_outputFd, POLLOUT, 0};
        const int ready = retryOnEintr([&] { return ::poll(&p, 1, std::max(wait, 0)); });
        if (ready < 0)
            return;
        if (ready == 0)
            continue;
        if (p.revents & (POLLERR | POLLHUP | POLLNVAL))
            return;
        const std::size_t before = m_output.size();
        flushOutput();
        if (m_output.size() < before)
            lastProgress = Clock::now();
    }
}

} // namespace cordon::confine
