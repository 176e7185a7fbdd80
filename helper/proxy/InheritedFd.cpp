#include "InheritedFd.h"

#include "Syscall.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace cordon::proxy {

int InheritedFd::take(const char* text, Use use, std::string* error)
{
    const std::string s(text);
    // Digits only and at most 9 of them: no sign, no spaces, no overflow.
    if (s.empty() || s.size() > 9 || s.find_first_not_of("0123456789") != std::string::npos) {
        *error = "not a descriptor number: " + s;
        return -1;
    }
    const int fd = std::stoi(s);
    const int fdFlags = ::fcntl(fd, F_GETFD);
    if (fdFlags < 0) {
        *error = "descriptor " + s + " is not open (" + std::strerror(errno) + ")";
        return -1;
    }
    const int statusFlags = ::fcntl(fd, F_GETFL);
    if (statusFlags < 0) {
        *error = "descriptor " + s + ": F_GETFL: " + std::strerror(errno);
        return -1;
    }
    const int access = statusFlags & O_ACCMODE;
    switch (use) {
    case Use::DeciderSocket: {
        int domain = 0, type = 0;
        socklen_t len = sizeof domain;
        const bool isUnix = ::getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) == 0 && domain == AF_UNIX;
        len = sizeof type;
        const bool isStream = ::getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == 0 && type == SOCK_STREAM;
        sockaddr_storage peer{};
        len = sizeof peer;
        const bool isConnected = ::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &len) == 0;
        if (!isUnix || !isStream || !isConnected) {
            *error = "descriptor " + s + " is not a connected Unix stream socket";
            return -1;
        }
        break;
    }
    case Use::EventSink:
        if (access != O_WRONLY && access != O_RDWR) {
            *error = "descriptor " + s + " is not open for writing";
            return -1;
        }
        break;
    case Use::PolicySource:
        if (access != O_RDONLY && access != O_RDWR) {
            *error = "descriptor " + s + " is not open for reading";
            return -1;
        }
        break;
    }
    if ((fdFlags & FD_CLOEXEC) == 0 && ::fcntl(fd, F_SETFD, fdFlags | FD_CLOEXEC) != 0) {
        *error = "descriptor " + s + ": F_SETFD: " + std::strerror(errno);
        return -1;
    }
    return fd;
}

bool InheritedFd::readAll(int fd, std::size_t maxBytes, std::string* out, std::string* error)
{
    out->clear();
    char chunk[16384];
    for (;;) {
        const ssize_t n = confine::retryOnEintr([&] { return ::read(fd, chunk, sizeof chunk); });
        if (n < 0) {
            *error = std::string("read: ") + std::strerror(errno);
            return false;
        }
        if (n == 0)
            return true;
        out->append(chunk, std::size_t(n));
        if (out->size() > maxBytes) {
            *error = "more than " + std::to_string(maxBytes) + " bytes";
            return false;
        }
    }
}

} // namespace cordon::proxy
