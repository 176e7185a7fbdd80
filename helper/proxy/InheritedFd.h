#pragma once
// Descriptors the helper daemon hands cordon-proxy when it starts one proxy per session: one end
// of a socketpair for the decider (--decider-fd), a pipe for the events (--events-fd) and the
// policy JSON (--policy-fd), instead of paths another process could swap. Each number is checked
// before the proxy relies on it (open, and of the kind and access mode its use needs), and marked
// close-on-exec: the proxy never execs, but nothing it inherited should outlive it in a child if
// that ever changes, and a number given by mistake fails at start-up rather than mid-session.

#include <cstddef>
#include <string>

namespace cordon::proxy {

class InheritedFd final {
public:
    enum class Use {
        DeciderSocket, // a connected Unix stream socket
        EventSink,     // open for writing
        PolicySource   // open for reading
    };
    static constexpr std::size_t maxPolicySize = 1024 * 1024;

    // Parses the decimal number N, checks fd N for `use` and sets FD_CLOEXEC; -1 with *error.
    [[nodiscard]] static int take(const char* text, Use use, std::string* error);
    // Reads fd to EOF; false with *error on a read error or more than maxBytes.
    [[nodiscard]] static bool readAll(int fd, std::size_t maxBytes, std::string* out, std::string* error);
};

} // namespace cordon::proxy
