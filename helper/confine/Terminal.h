#pragma once
// The terminal relay. When any of stdin/stdout/stderr is a terminal, the sandboxed command gets
// a pty of the sandbox's own devpts instead of the user's terminal, and the monitor copies bytes
// between the two. The command can then never issue ioctls on the user's real terminal: TIOCSTI
// (CVE-2017-5226, which bubblewrap answered with setsid) and TIOCLINUX reach only our pty, and
// Landlock's rules for /dev/pts inside cover the pty the command holds.

#include "UniqueFd.h"

#include <string>
#include <sys/types.h>
#include <termios.h>
#include <vector>

struct pollfd;

namespace cordon::confine {

class Terminal {
public:
    // Bit i set when descriptor i (0, 1, 2) is a terminal.
    static unsigned ttyMask() noexcept;

    // Shim side, inside the sandbox: a new pty pair from the devpts mounted at `devptsDir`.
    // Returns the master; `slave` receives the other end (opened with TIOCGPTPEER, so no path
    // is resolved a second time). Dies on failure.
    static UniqueFd openPty(const std::string& devptsDir, UniqueFd& slave);

    // SCM_RIGHTS over the monitor/shim socketpair. sendFd (shim side) dies on failure;
    // receiveFd (monitor side, which must clean up before dying) returns an invalid fd with
    // `error` 0 on EOF (the peer died) or an errno value on failure.
    static void sendFd(int socket, int fd);
    static UniqueFd receiveFd(int socket, int& error);

    // Monitor side: relays between the user's terminal (the descriptors in `mask`) and `master`.
    Terminal(unsigned mask, UniqueFd master);
    ~Terminal();
    Terminal(const Terminal&) = delete;
    Terminal& operator=(const Terminal&) = delete;

    // Copies the user's terminal settings and size to the pty, then puts the user's terminal in
    // raw mode so that every key (^C, ^Z, ^\) reaches the pty's line discipline inside.
    // Returns false with errno set on failure (the terminal is then unchanged).
    [[nodiscard]] bool start();
    // Back to the settings saved by start(); safe to call more than once and on every exit path.
    void restore() noexcept;
    bool isRaw() const noexcept { return m_raw; }
    void updateWindowSize() noexcept;

    // Event-loop integration: adds the descriptors to poll, then handles what poll reported for
    // the entries from `first` on.
    void addPollFds(std::vector<pollfd>& fds) const;
    void handlePoll(const std::vector<pollfd>& fds, std::size_t first);
    // After the sandbox is gone: copies what the command wrote last.
    void drain() noexcept;

private:
    void readMaster() noexcept;
    void readInput() noexcept;
    void flushInput() noexcept;
    void writeOutput(const char* data, std::size_t len) noexcept;

    unsigned m_mask = 0;
    UniqueFd m_master;
    int m_inputFd = -1;   // 0 when stdin is a terminal
    int m_outputFd = -1;  // 1, or 2 when only stderr is a terminal
    int m_controlFd = -1; // the terminal whose settings and size we use
    bool m_inputOpen = false;
    bool m_masterOpen = false;
    bool m_outputBroken = false;
    bool m_raw = false;
    termios m_saved{};
    std::string m_pendingInput; // read from the user, not yet accepted by the pty
};

} // namespace cordon::confine
