#pragma once
// EINTR is retried in exactly one place. Use for calls that are safe to restart
// (read, write, waitpid, openat, ...), never for close().

#include <cerrno>

namespace cordon::confine {

template <typename F>
auto retryOnEintr(F&& call) -> decltype(call())
{
    for (;;) {
        auto result = call();
        if (!(result == -1 && errno == EINTR))
            return result;
    }
}

// Writes all of buf or returns false with errno set.
bool writeAll(int fd, const void* buf, unsigned long len) noexcept;
// Writes a small string to a file such as /proc/self/uid_map or a cgroup control file;
// returns false with errno set. Opens with O_WRONLY|O_CLOEXEC|O_NOFOLLOW, checks write and close.
bool writeFile(int dirfd, const char* path, const char* content) noexcept;

} // namespace cordon::confine
