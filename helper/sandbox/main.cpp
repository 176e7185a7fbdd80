// cordon-sandbox --spec-fd N [--events-fd E] [--control-fd C]
//
// Applies one compiled launch spec: builds the sandbox, runs the command in it, and exits with
// the command's status (128+N for a signal) or one of Cordon's exit codes (core/spec/ExitCode.h).
// cordonctl execs this binary, so it is the process the user's terminal waits on; the helper
// daemon starts it with an events descriptor (JSON lines out, confine/EventWriter.h) and a control
// descriptor (commands in, confine/ControlChannel.h). The order of what happens is documented at
// the top of confine/Monitor.cpp (outside) and confine/Shim.cpp (inside, pid 1).

#include "Die.h"
#include "Monitor.h"
#include "SpecInput.h"

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <unistd.h>
#include <vector>

using namespace cordon;
using namespace cordon::confine;

namespace {

// Descriptors 0..2 must exist: otherwise the next descriptor we open would take their place and
// be handed to the command as its stdin, stdout or stderr.
void ensureStandardDescriptors()
{
    for (int fd = 0; fd <= 2; ++fd) {
        if (::fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
            continue;
        const int null = ::open("/dev/null", O_RDWR);
        if (null != fd)
            dieErrno(ExitCode::SandboxFailed, "reopening descriptor %d on /dev/null", fd);
    }
}

// Closes every descriptor from 3 up except `keep` (the events and control descriptors).
void closeAllExcept(std::vector<int> keep)
{
    std::erase(keep, -1);
    std::sort(keep.begin(), keep.end());
    unsigned next = 3;
    for (const int fd : keep) {
        if (static_cast<unsigned>(fd) > next && ::close_range(next, static_cast<unsigned>(fd) - 1, 0) != 0)
            dieErrno(ExitCode::SandboxFailed, "close_range");
        next = static_cast<unsigned>(fd) + 1;
    }
    if (::close_range(next, ~0u, 0) != 0)
        dieErrno(ExitCode::SandboxFailed, "close_range");
    // Ours only: neither the shim (which closes all but its socket anyway) nor anything the
    // monitor forks may inherit them.
    for (const int fd : keep) {
        const int flags = ::fcntl(fd, F_GETFD);
        if (flags < 0 || ::fcntl(fd, F_SETFD, flags | FD_CLOEXEC) != 0)
            dieErrno(ExitCode::SandboxFailed, "making descriptor %d close-on-exec", fd);
    }
}

} // namespace

int main(int argc, char** argv)
{
    ensureStandardDescriptors();
    const SandboxArguments args = SpecInput::parseArguments(argc, argv);
    const spec::LaunchSpec spec = SpecInput::readFrom(args.specFd);
    // No descriptor of whoever started us reaches the sandbox: a leaked host descriptor is a way
    // out (runc's CVE-2024-21626 leaked a host directory descriptor into its containers). The
    // events and control descriptors stay with the monitor, outside.
    closeAllExcept({args.eventsFd, args.controlFd});
    Monitor monitor(spec, UniqueFd(args.eventsFd), UniqueFd(args.controlFd));
    return monitor.run();
}
