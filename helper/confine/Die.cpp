#include "Die.h"

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <unistd.h>

namespace cordon::confine {

namespace {

void writeAll(const char* buf, size_t len)
{
    while (len > 0) {
        const ssize_t n = ::write(STDERR_FILENO, buf, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return; // nothing else we can do: stderr is gone
        buf += n;
        len -= static_cast<size_t>(n);
    }
}

void report(const char* format, va_list args, int savedErrno)
{
    char buf[2048];
    int len = std::snprintf(buf, sizeof buf, "cordon-sandbox: ");
    len += std::vsnprintf(buf + len, sizeof buf - static_cast<size_t>(len), format, args);
    if (len > static_cast<int>(sizeof buf) - 2)
        len = static_cast<int>(sizeof buf) - 2;
    if (savedErrno != 0) {
        char errbuf[256];
        const char* text = strerror_r(savedErrno, errbuf, sizeof errbuf);
        len += std::snprintf(buf + len, sizeof buf - static_cast<size_t>(len), ": %s", text);
        if (len > static_cast<int>(sizeof buf) - 2)
            len = static_cast<int>(sizeof buf) - 2;
    }
    buf[len++] = '\n';
    writeAll(buf, static_cast<size_t>(len));
}

} // namespace

void die(ExitCode code, const char* format, ...)
{
    va_list args;
    va_start(args, format);
    report(format, args, 0);
    va_end(args);
    ::_exit(toInt(code));
}

void dieErrno(ExitCode code, const char* format, ...)
{
    const int savedErrno = errno;
    va_list args;
    va_start(args, format);
    report(format, args, savedErrno);
    va_end(args);
    ::_exit(toInt(code));
}

void warn(const char* format, ...)
{
    const int savedErrno = errno;
    va_list args;
    va_start(args, format);
    report(format, args, 0);
    va_end(args);
    errno = savedErrno;
}

} // namespace cordon::confine
