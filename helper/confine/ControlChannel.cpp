#include "ControlChannel.h"

#include "Die.h"
#include "Syscall.h"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace cordon::confine {

namespace {

// The line as a notice may show it: printable ASCII only, at most 64 characters.
std::string printable(const std::string& line)
{
    std::string out;
    for (const char c : line) {
        if (out.size() >= 64) {
            out += "...";
            break;
        }
        out.push_back(c >= 0x20 && c < 0x7F ? c : '?');
    }
    return out;
}

} // namespace

ControlChannel::ControlChannel(UniqueFd fd) : m_fd(std::move(fd))
{
    if (!m_fd)
        return;
    const int flags = ::fcntl(m_fd.get(), F_GETFL);
    if (flags < 0 || ::fcntl(m_fd.get(), F_SETFL, flags | O_NONBLOCK) != 0) {
        // A blocking read in the event loop would hold off the timebox: refuse the channel.
        warn("control descriptor: cannot set O_NONBLOCK (%s); control commands are ignored", std::strerror(errno));
        m_fd.reset();
    }
}

bool ControlChannel::parse(const std::string& line, ControlCommand& command, std::string& why)
{
    std::string text = line;
    if (!text.empty() && text.back() == '\r')
        text.pop_back(); // a daemon that writes CRLF
    if (text == "stop") {
        command = {ControlCommand::Kind::Stop, 0};
        return true;
    }
    if (text == "pause-input") {
        command = {ControlCommand::Kind::PauseInput, 0};
        return true;
    }
    if (text == "resume-input") {
        command = {ControlCommand::Kind::ResumeInput, 0};
        return true;
    }
    if (text == "winch") {
        command = {ControlCommand::Kind::Winch, 0};
        return true;
    }
    static constexpr char kExtend[] = "extend ";
    if (text.rfind(kExtend, 0) == 0) {
        const char* first = text.data() + sizeof kExtend - 1;
        const char* last = text.data() + text.size();
        std::uint64_t seconds = 0;
        const auto [ptr, ec] = std::from_chars(first, last, seconds);
        if (first == last || ec != std::errc() || ptr != last || seconds == 0 || seconds > kMaxExtendSeconds) {
            why = "extend needs a whole number of seconds from 1 to " + std::to_string(kMaxExtendSeconds) + ": '" +
                  printable(line) + "'";
            return false;
        }
        command = {ControlCommand::Kind::Extend, seconds};
        return true;
    }
    why = "unknown command '" + printable(line) + "'";
    return false;
}

void ControlChannel::read(std::vector<ControlCommand>& commands, std::vector<std::string>& ignored)
{
    if (!m_fd)
        return;
    char buf[4096];
    const ssize_t n = retryOnEintr([&] { return ::read(m_fd.get(), buf, sizeof buf); });
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return;
    if (n <= 0) {
        // End of file: the daemon is gone (its death ends us through PR_SET_PDEATHSIG); an error
        // is treated the same way. Either way there is nothing more to read.
        m_fd.reset();
        m_partial.clear();
        return;
    }
    for (ssize_t i = 0; i < n; ++i) {
        const char c = buf[i];
        if (c != '\n') {
            if (m_discarding)
                continue;
            if (m_partial.size() >= kMaxLine) {
                ignored.push_back(
                    "a line longer than " + std::to_string(kMaxLine) + " bytes ('" + printable(m_partial) + "')");
                m_partial.clear();
                m_discarding = true;
                continue;
            }
            m_partial.push_back(c);
            continue;
        }
        if (m_discarding) {
            m_discarding = false;
            continue;
        }
        ControlCommand command;
        std::string why;
        if (parse(m_partial, command, why))
            commands.push_back(command);
        else
            ignored.push_back(why);
        m_partial.clear();
    }
}

} // namespace cordon::confine
