#pragma once
// Reads and decodes the launch spec that cordonctl hands to cordon-sandbox over an inherited
// file descriptor (never argv or the environment: see CONVENTIONS.md "the spec travels over a
// file descriptor").

#include "LaunchSpec.h"

namespace cordon::confine {

// The descriptors of `cordon-sandbox --spec-fd N [--events-fd E] [--control-fd C]`; -1 when a
// flag is absent. cordonctl's direct mode passes only the spec; the helper daemon passes all three
// (EventWriter.h, ControlChannel.h).
struct SandboxArguments {
    int specFd = -1;
    int eventsFd = -1;  // the monitor writes one JSON event per line
    int controlFd = -1; // the monitor reads control lines
};

class SpecInput {
public:
    // Parses the command line; dies with ExitCode::Usage on anything else: an unknown or repeated
    // flag, a descriptor that is 0..2, not open, used twice, or open in the wrong direction.
    static SandboxArguments parseArguments(int argc, char** argv);

    // Reads everything from `fd` (from offset 0 when it is seekable, such as a memfd that was
    // just written, else until EOF), at most kMaxEncodedSpecBytes, closes it and decodes it.
    // Dies with SandboxFailed on a read error and Usage on a malformed spec.
    static spec::LaunchSpec readFrom(int fd);
};

} // namespace cordon::confine
