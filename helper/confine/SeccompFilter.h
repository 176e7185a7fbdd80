#pragma once
// The seccomp filter (libseccomp), installed last before exec. Default allow with a deny list
// of the syscalls and arguments sandbox escapes have used; other ABIs (x32, i386) refused.
// The exact errno of every denial is part of the contract: tests/escape asserts it.

namespace cordon::confine {

// Dies (SandboxFailed) if the filter cannot be built or loaded. Needs no_new_privs.
void installSeccompFilter();

} // namespace cordon::confine
