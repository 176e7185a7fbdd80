#include "SpecInput.h"

#include "Die.h"
#include "LaunchSpecCodec.h"
#include "Syscall.h"
#include "UniqueFd.h"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <string_view>
#include <unistd.h>

namespace cordon::confine {

int SpecInput::specFdFromArguments(int argc, char** argv)
{
    if (argc != 3 || std::strcmp(argv[1], "--spec-fd") != 0)
        die(ExitCode::Usage, "usage: cordon-sandbox --spec-fd N (started by cordonctl, not by hand)");
    const std::string_view text(argv[2]);
    int fd = -1;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), fd);
    if (ec != std::errc() || ptr != text.data() + text.size() || fd < 0)
        die(ExitCode::Usage, "--spec-fd needs a descriptor number, got '%s'", argv[2]);
    if (fd <= 2)
        die(ExitCode::Usage, "--spec-fd must not be stdin, stdout or stderr: those belong to the command");
    if (::fcntl(fd, F_GETFD) < 0)
        dieErrno(ExitCode::Usage, "--spec-fd %d is not an open descriptor", fd);
    return fd;
}

spec::LaunchSpec SpecInput::readFrom(int fd)
{
    UniqueFd owned(fd);
    std::string bytes;
    // One byte more than allowed tells "too large" from "exactly at the limit".
    const std::size_t cap = spec::kMaxEncodedSpecBytes + 1;
    bool seekable = true;
    off_t offset = 0;
    char buf[65536];
    while (bytes.size() < cap) {
        const std::size_t want = std::min(sizeof buf, cap - bytes.size());
        ssize_t n = -1;
        if (seekable) {
            n = retryOnEintr([&] { return ::pread(fd, buf, want, offset); });
            if (n < 0 && errno == ESPIPE) {
                seekable = false; // a pipe or socket: read it as a stream
                continue;
            }
        } else {
            n = retryOnEintr([&] { return ::read(fd, buf, want); });
        }
        if (n < 0)
            dieErrno(ExitCode::SandboxFailed, "reading the launch spec from descriptor %d", fd);
        if (n == 0)
            break;
        bytes.append(buf, static_cast<std::size_t>(n));
        offset += n;
    }
    if (bytes.size() > spec::kMaxEncodedSpecBytes)
        die(ExitCode::Usage, "the launch spec is larger than %zu bytes", spec::kMaxEncodedSpecBytes);

    spec::LaunchSpec result;
    std::string error;
    if (!spec::decodeLaunchSpec(bytes, result, error))
        die(ExitCode::Usage, "invalid launch spec: %s", error.c_str());
    return result;
}

} // namespace cordon::confine
