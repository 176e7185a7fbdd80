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

namespace {

int descriptorArgument(const char* flag, const char* text)
{
    const std::string_view view(text);
    int fd = -1;
    const auto [ptr, ec] = std::from_chars(view.data(), view.data() + view.size(), fd);
    if (ec != std::errc() || ptr != view.data() + view.size() || fd < 0)
        die(ExitCode::Usage, "%s needs a descriptor number, got '%s'", flag, text);
    if (fd <= 2)
        die(ExitCode::Usage, "%s must not be stdin, stdout or stderr: those belong to the command", flag);
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags < 0)
        dieErrno(ExitCode::Usage, "%s %d is not an open descriptor", flag, fd);
    return fd;
}

} // namespace

SandboxArguments SpecInput::parseArguments(int argc, char** argv)
{
    static constexpr char kUsage[] =
        "usage: cordon-sandbox --spec-fd N [--events-fd E] [--control-fd C] (started by cordonctl or the "
        "Cordon helper, not by hand)";
    SandboxArguments args;
    if (argc < 3 || (argc - 1) % 2 != 0)
        die(ExitCode::Usage, "%s", kUsage);
    for (int i = 1; i + 1 < argc; i += 2) {
        const char* flag = argv[i];
        int* slot = nullptr;
        if (std::strcmp(flag, "--spec-fd") == 0)
            slot = &args.specFd;
        else if (std::strcmp(flag, "--events-fd") == 0)
            slot = &args.eventsFd;
        else if (std::strcmp(flag, "--control-fd") == 0)
            slot = &args.controlFd;
        else
            die(ExitCode::Usage, "%s", kUsage);
        if (*slot != -1)
            die(ExitCode::Usage, "%s given twice", flag);
        *slot = descriptorArgument(flag, argv[i + 1]);
    }
    if (args.specFd < 0)
        die(ExitCode::Usage, "%s", kUsage);
    if ((args.eventsFd >= 0 && (args.eventsFd == args.specFd || args.eventsFd == args.controlFd)) ||
        (args.controlFd >= 0 && args.controlFd == args.specFd))
        die(ExitCode::Usage, "--spec-fd, --events-fd and --control-fd must be different descriptors");
    // The direction: a read-only events descriptor or a write-only control descriptor would fail
    // on first use, long after the launch; refuse it now.
    if (args.eventsFd >= 0 && (::fcntl(args.eventsFd, F_GETFL) & O_ACCMODE) == O_RDONLY)
        die(ExitCode::Usage, "--events-fd %d is not open for writing", args.eventsFd);
    if (args.controlFd >= 0 && (::fcntl(args.controlFd, F_GETFL) & O_ACCMODE) == O_WRONLY)
        die(ExitCode::Usage, "--control-fd %d is not open for reading", args.controlFd);
    return args;
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
