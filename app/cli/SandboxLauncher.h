#pragma once
// Hands a compiled launch spec to cordon-sandbox and waits for it.
//
// The spec travels in a sealed memfd (memfd_create(2), F_SEAL_WRITE|F_SEAL_SHRINK|F_SEAL_GROW),
// never on a command line or through a shell: argv is exactly
// ["cordon-sandbox", "--spec-fd", "N"]. cordonctl forks and waits rather than exec'ing, so that
// after the run it can point out protected workspace files (.envrc, .git/hooks, ...) that were
// created during the session. The sandbox's status is propagated exactly: its exit code, or
// 128+N when a signal N ended it. While waiting, SIGINT and SIGQUIT are ignored (the terminal
// delivers them to the sandbox too, which decides), SIGTERM and SIGHUP are forwarded.

#include "LaunchSpec.h"

#include <QString>

namespace cordon::cli {

class SandboxLauncher final {
public:
    // Returns the exit status to use, or -1 with *error set when nothing could be started.
    static int run(const QString& sandboxBinary, const spec::LaunchSpec& spec, QString* error);
};

} // namespace cordon::cli
