#include "Relay.h"

#include "Syscall.h"
#include "UniqueFd.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

namespace cordon::proxy {

namespace {

constexpr std::size_t chunk = 1 << 20;

// Returns the bytes written to `to`.
std::uint64_t pump(int from, int to)
{
    std::uint64_t moved = 0;
    int pipeFds[2];
    if (::pipe2(pipeFds, O_CLOEXEC) != 0) {
        ::shutdown(from, SHUT_RDWR);
        ::shutdown(to, SHUT_RDWR);
        return moved;
    }
    const confine::UniqueFd readEnd(pipeFds[0]), writeEnd(pipeFds[1]);
    // A larger pipe moves more per splice; failure (pipe-max-size) only costs speed.
    (void)::fcntl(writeEnd.get(), F_SETPIPE_SZ, int(chunk));
    for (;;) {
        const ssize_t in = confine::retryOnEintr(
            [&] { return ::splice(from, nullptr, writeEnd.get(), nullptr, chunk, SPLICE_F_MOVE); });
        if (in == 0) {
            ::shutdown(to, SHUT_WR);
            return moved;
        }
        if (in < 0)
            break;
        ssize_t left = in;
        while (left > 0) {
            const ssize_t out = confine::retryOnEintr(
                [&] { return ::splice(readEnd.get(), nullptr, to, nullptr, std::size_t(left), SPLICE_F_MOVE); });
            if (out <= 0) {
                left = -1;
                break;
            }
            left -= out;
            moved += std::uint64_t(out);
        }
        if (left < 0)
            break;
    }
    ::shutdown(from, SHUT_RDWR);
    ::shutdown(to, SHUT_RDWR);
    return moved;
}

} // namespace

Relay::Bytes Relay::run(int client, int upstream)
{
    Bytes bytes;
    std::thread back([&] { bytes.down = pump(upstream, client); });
    bytes.up = pump(client, upstream);
    back.join();
    return bytes;
}

} // namespace cordon::proxy
