#pragma once
// Copies bytes both ways between two connected sockets until both directions have ended.
// splice(2) through a pipe keeps the payload in the kernel (no copy to user space), one thread
// per direction with blocking calls: simple, and the 1 GiB benchmark shows it costs nothing.
// A clean end of one direction is passed on as a half-close (shutdown SHUT_WR); an error on
// either side shuts both sockets down so that the other direction ends too, and so does a
// revoke (ConnectionRegistry shuts both sockets down from outside; each splice then returns).

#include <cstdint>

namespace cordon::proxy {

class Relay final {
public:
    struct Bytes {
        std::uint64_t up = 0;   // delivered to the upstream
        std::uint64_t down = 0; // delivered to the client
    };
    // Returns once both directions have ended; the counts are for the net_close event.
    static Bytes run(int client, int upstream);
};

} // namespace cordon::proxy
