#pragma once
// `cordonctl doctor`: checks what the sandbox needs from this machine and says how to fix what is
// missing. `doctor --fix --user NAME` (as root) creates the cgroup v1 directories delegated to
// that user; idempotent.

#include <QString>
#include <QTextStream>

namespace cordon::cli {

class Doctor final {
public:
    // Prints every check; returns 0 when all pass, ExitCode::SandboxUnavailable otherwise.
    static int check(QTextStream& out);
    // Returns 0 on success, or an ExitCode with *error set.
    static int fix(const QString& userName, QTextStream& out, QString* error);
};

} // namespace cordon::cli
