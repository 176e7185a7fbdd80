#pragma once
// Why a policy could not be resolved or compiled: a message a person can act on and the exit code
// that cordonctl returns for it.

#include "ExitCode.h"

#include <QString>

namespace cordon {

struct PolicyError {
    ExitCode code = ExitCode::Internal;
    QString message;
};

} // namespace cordon
