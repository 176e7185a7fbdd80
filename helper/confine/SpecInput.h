#pragma once
// Reads and decodes the launch spec that cordonctl hands to cordon-sandbox over an inherited
// file descriptor (never argv or the environment: see CONVENTIONS.md "the spec travels over a
// file descriptor").

#include "LaunchSpec.h"

namespace cordon::confine {

class SpecInput {
public:
    // Parses `cordon-sandbox --spec-fd N`; dies with ExitCode::Usage on anything else.
    static int specFdFromArguments(int argc, char** argv);

    // Reads everything from `fd` (from offset 0 when it is seekable, such as a memfd that was
    // just written, else until EOF), at most kMaxEncodedSpecBytes, closes it and decodes it.
    // Dies with SandboxFailed on a read error and Usage on a malformed spec.
    static spec::LaunchSpec readFrom(int fd);
};

} // namespace cordon::confine
