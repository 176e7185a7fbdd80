#pragma once
// Resource limits that do not need a cgroup: open files, file size, no core dumps.

#include "LaunchSpec.h"

namespace cordon::confine {

void applyRlimits(const spec::Limits& limits); // dies (SandboxFailed) on failure

} // namespace cordon::confine
