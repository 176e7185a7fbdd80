#include "UniqueFd.h"

#include "Die.h"

#include <cerrno>
#include <unistd.h>

namespace cordon::confine {

void UniqueFd::reset(int fd) noexcept
{
    const int old = std::exchange(m_fd, fd);
    if (old < 0)
        return;
    // close() must not be retried on EINTR on Linux: the descriptor is already released
    // (see close(2), "Dealing with error returns from close()").
    if (::close(old) != 0 && errno == EBADF)
        die(ExitCode::Internal, "closing descriptor %d: not open (double close)", old);
}

} // namespace cordon::confine
