#include "Syscall.h"

#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace cordon::confine {

bool writeAll(int fd, const void* buf, unsigned long len) noexcept
{
    const char* p = static_cast<const char*>(buf);
    while (len > 0) {
        const ssize_t n = retryOnEintr([&] { return ::write(fd, p, len); });
        if (n < 0)
            return false;
        if (n == 0) {
            errno = EIO;
            return false;
        }
        p += n;
        len -= static_cast<unsigned long>(n);
    }
    return true;
}

bool writeFile(int dirfd, const char* path, const char* content) noexcept
{
    const int fd = retryOnEintr([&] { return ::openat(dirfd, path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW); });
    if (fd < 0)
        return false;
    const bool ok = writeAll(fd, content, std::strlen(content));
    const int savedErrno = errno;
    if (::close(fd) != 0 && ok)
        return false;
    errno = savedErrno;
    return ok;
}

} // namespace cordon::confine
