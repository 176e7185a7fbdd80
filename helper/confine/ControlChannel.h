#pragma once
// The session's control channel: lines the helper daemon writes to the descriptor given with
// `cordon-sandbox --control-fd C`, read by the monitor without ever blocking.
//
//   extend SECONDS   push the timebox's deadline out (and re-arm its warning)
//   stop             graceful stop: SIGTERM, SIGKILL after the spec's grace; exit status 143
//   pause-input      the terminal relay stops reading the person's terminal (output goes on)
//   resume-input     ... and reads it again
//   winch            re-read the window size from fd 0 and pass it to the sandbox's pty (the
//                    monitor is not in the terminal's foreground process group: no SIGWINCH)
//
// A line that is none of these (unknown word, bad number, too long) is ignored; the caller gets
// a printable description of it for a notice on stderr. End of file is not a command: the daemon
// died, and the parent-death signal takes the session down; the channel just stops reading.

#include "UniqueFd.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cordon::confine {

struct ControlCommand {
    enum class Kind {
        Extend,
        Stop,
        PauseInput,
        ResumeInput,
        Winch
    };
    Kind kind = Kind::Stop;
    std::uint64_t seconds = 0; // Extend only
};

class ControlChannel {
public:
    // Takes the descriptor and sets O_NONBLOCK on it. An invalid descriptor makes a closed channel.
    explicit ControlChannel(UniqueFd fd);

    int fd() const noexcept { return m_fd.get(); } // -1 once closed
    // Reads what is available (at most a few KiB per call, so a flood cannot hold the monitor):
    // complete commands go to `commands`, ignored lines (described, without their raw bytes) to
    // `ignored`. Closes the channel on end of file or a read error.
    void read(std::vector<ControlCommand>& commands, std::vector<std::string>& ignored);

    // Parses one line (without its newline). False with `why` for anything malformed.
    static bool parse(const std::string& line, ControlCommand& command, std::string& why);

    static constexpr std::size_t kMaxLine = 256;
    static constexpr std::uint64_t kMaxExtendSeconds = 366ull * 24 * 3600;

private:
    UniqueFd m_fd;
    std::string m_partial;
    bool m_discarding = false; // inside a line that was already too long
};

} // namespace cordon::confine
