#pragma once
// The terminal relay. When any of stdin/stdout/stderr is a terminal, the sandboxed command gets
// a pty of the sandbox's own devpts instead of the user's terminal, and the monitor copies bytes
// between the two. The command can then never issue ioctls on the user's real terminal: TIOCSTI
// (CVE-2017-5226, which bubblewrap answered with setsid) and TIOCLINUX reach only our pty, and
// Landlock's rules for /dev/pts inside cover the pty the command holds.
//
// The relay never blocks (security review M1: a flood into a slow terminal held off the timebox
// and the stop signals). Output to the user's terminal goes through a bounded buffer, written
// only when poll reports POLLOUT, on a descriptor of our own in non-blocking mode. O_NONBLOCK is
// a flag of the open file description, shared with the user's shell and everything else that
// inherited stdout, and MSG_DONTWAIT does not apply to a tty, so we do not set it on fd 1/2:
// we open the terminal again through /proc/self/fd/N (a new open file description of the same
// device, checked by st_rdev) and set O_NONBLOCK there. Only when that reopen fails (no /proc,
// a TIOCEXCL terminal) do we set O_NONBLOCK on the shared description and put the saved flags
// back on every exit path. The pty master is read at most one buffer per poll round and not at
// all while the buffer is full, so back-pressure lands on the writers inside the sandbox.

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

    // SCM_RIGHTS over the monitor/shim socketpair, one descriptor per message with a one-byte
    // tag saying what it is (kPtyMasterTag, kNotifierTag). sendFd (shim side) dies on failure;
    // receiveFd (monitor side, which must clean up before dying) returns an invalid fd with
    // `error` 0 on EOF (the peer died or is done) or an errno value on failure.
    static void sendFd(int socket, int fd, char tag);
    static UniqueFd receiveFd(int socket, int& error, char& tag);
    static constexpr char kPtyMasterTag = 'm';
    static constexpr char kNotifierTag = 'n';

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
    // While paused the person's terminal is not read (what they type waits in its queue), so
    // that the launcher can ask a question on the same terminal; output keeps flowing.
    void setInputPaused(bool paused) noexcept { m_inputPaused = paused; }

    // Event-loop integration: adds the descriptors to poll, then handles what poll reported for
    // the entries from `first` on.
    void addPollFds(std::vector<pollfd>& fds);
    void handlePoll(const std::vector<pollfd>& fds, std::size_t first);
    // After the sandbox is gone: copies what the command wrote last, without ever blocking.
    // Gives up when the user's terminal accepts nothing for `idleMs`, or after `totalMs` in all
    // (negative: no total limit; what is left is bounded, nothing inside can add to it).
    void drain(int idleMs, int totalMs) noexcept;
    // A line of our own (a notice) for the user's terminal, queued behind the command's output
    // so that writing it never blocks either.
    void queueOutput(const std::string& text);
    // The user's terminal input hung up (POLLHUP, or end of input on a terminal in raw mode,
    // where ^D is an ordinary byte): the session must stop (M3).
    bool inputHungUp() const noexcept { return m_inputHungUp; }

    // The bound of the output buffer; the master is not read while it is full.
    static constexpr std::size_t kOutputBufferMax = 64 * 1024;

private:
    void openOutput() noexcept;
    void readMaster() noexcept;
    void readInput() noexcept;
    void flushInput() noexcept;
    void flushOutput() noexcept;
    void restoreOutputFlags() noexcept;

    unsigned m_mask = 0;
    UniqueFd m_master;
    int m_inputFd = -1;           // 0 when stdin is a terminal
    int m_userOutputFd = -1;      // 1, or 2 when only stderr is a terminal (0 when only stdin is)
    int m_outputFd = -1;          // what we write to: our own reopened descriptor, or m_userOutputFd
    UniqueFd m_ownOutput;         // the reopened terminal (a private open file description)
    int m_sharedOutputFlags = -1; // the saved flags when O_NONBLOCK had to go on the shared one
    int m_controlFd = -1;         // the terminal whose settings and size we use
    bool m_inputOpen = false;
    bool m_masterOpen = false;
    bool m_outputBroken = false;
    bool m_raw = false;
    bool m_inputHungUp = false;
    bool m_inputPaused = false;
    std::size_t m_inputIndex = 0; // positions in the poll set of the last addPollFds; 0: absent
    std::size_t m_masterIndex = 0;
    std::size_t m_outputIndex = 0;
    termios m_saved{};
    std::string m_pendingInput; // read from the user, not yet accepted by the pty
    std::string m_output;       // read from the pty, not yet accepted by the user's terminal
};

} // namespace cordon::confine
