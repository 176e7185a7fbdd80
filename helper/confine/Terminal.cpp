#include "Terminal.h"

#include "Die.h"
#include "Syscall.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
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

void Terminal::sendFd(int socket, int fd)
{
    char byte = 'm';
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
        dieErrno(ExitCode::SandboxFailed, "passing the pty to the monitor");
}

UniqueFd Terminal::receiveFd(int socket, int& error)
{
    error = 0;
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
    return UniqueFd(fd);
}

Terminal::Terminal(unsigned mask, UniqueFd master) : m_mask(mask), m_master(std::move(master))
{
    if (mask & 1u)
        m_inputFd = 0;
    // Output to stdout, else stderr; with only stdin a terminal, the pty's echo goes back to it.
    m_outputFd = (mask & 2u) ? 1 : ((mask & 4u) ? 2 : m_inputFd);
    m_controlFd = m_inputFd >= 0 ? m_inputFd : m_outputFd;
    m_inputOpen = m_inputFd >= 0;
    m_masterOpen = true;
}

Terminal::~Terminal()
{
    restore();
}

bool Terminal::start()
{
    // Non-blocking: a command that stops reading its input must never stall the monitor.
    const int flags = ::fcntl(m_master.get(), F_GETFL);
    if (flags < 0 || ::fcntl(m_master.get(), F_SETFL, flags | O_NONBLOCK) != 0)
        return false;
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
    if (retryOnEintr([&] { return ::tcsetattr(m_inputFd, TCSADRAIN, &raw); }) != 0)
        return false;
    m_raw = true;
    return true;
}

void Terminal::restore() noexcept
{
    if (!m_raw)
        return;
    m_raw = false;
    if (retryOnEintr([&] { return ::tcsetattr(m_inputFd, TCSADRAIN, &m_saved); }) != 0)
        warn("cannot restore the terminal settings (run 'reset')");
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

void Terminal::addPollFds(std::vector<pollfd>& fds) const
{
    if (m_inputOpen && m_pendingInput.empty())
        fds.push_back({m_inputFd, POLLIN, 0});
    if (m_masterOpen) {
        short events = POLLIN;
        if (!m_pendingInput.empty())
            events |= POLLOUT;
        fds.push_back({m_master.get(), events, 0});
    }
}

void Terminal::handlePoll(const std::vector<pollfd>& fds, std::size_t first)
{
    for (std::size_t i = first; i < fds.size(); ++i) {
        const pollfd& p = fds[i];
        if (p.revents == 0)
            continue;
        if (p.fd == m_inputFd && m_inputOpen) {
            readInput();
        } else if (p.fd == m_master.get() && m_masterOpen) {
            if (p.revents & POLLOUT)
                flushInput();
            if (p.revents & (POLLIN | POLLHUP | POLLERR))
                readMaster();
        }
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
    char buf[16384];
    for (;;) {
        const ssize_t n = retryOnEintr([&] { return ::read(m_master.get(), buf, sizeof buf); });
        if (n > 0) {
            writeOutput(buf, static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno == EAGAIN)
            return;
        // EIO: every slave descriptor is closed, the sandbox is gone.
        m_masterOpen = false;
        return;
    }
}

void Terminal::writeOutput(const char* data, std::size_t len) noexcept
{
    if (m_outputFd < 0 || m_outputBroken)
        return; // keep reading so the command never blocks on a full pty
    if (!writeAll(m_outputFd, data, len))
        m_outputBroken = true;
}

void Terminal::drain() noexcept
{
    if (m_masterOpen)
        readMaster();
}

} // namespace cordon::confine
