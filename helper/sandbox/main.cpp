// cordon-sandbox --spec-fd N
//
// Applies one compiled launch spec: builds the sandbox, runs the command in it, and exits with
// the command's status (128+N for a signal) or one of Cordon's exit codes (core/spec/ExitCode.h).
// cordonctl execs this binary, so it is the process the user's terminal waits on. The order of
// what happens is documented at the top of confine/Monitor.cpp (outside) and confine/Shim.cpp
// (inside, pid 1).

#include "Die.h"
#include "Monitor.h"
#include "SpecInput.h"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

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

} // namespace

int main(int argc, char** argv)
{
    ensureStandardDescriptors();
    const int specFd = SpecInput::specFdFromArguments(argc, argv);
    const spec::LaunchSpec spec = SpecInput::readFrom(specFd);
    // No descriptor of whoever started us reaches the sandbox: a leaked host descriptor is a way
    // out (runc's CVE-2024-21626 leaked a host directory descriptor into its containers).
    if (::close_range(3, ~0u, 0) != 0)
        dieErrno(ExitCode::SandboxFailed, "close_range");
    Monitor monitor(spec);
    return monitor.run();
}
