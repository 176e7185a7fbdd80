#pragma once
// The one error idiom of the confinement code (bubblewrap's die/die_with_error): print
// "cordon-sandbox: <message>[: <strerror>]" to stderr and _exit with a Cordon exit code.
// Used between fork and exec, so it never allocates after the message is formatted and never
// runs atexit handlers or flushes stdio buffers shared with the parent.

#include "ExitCode.h"

namespace cordon::confine {

// The exit code used by die()/dieErrno() when none is given; set once at start-up so that a
// failure while applying a layer reports SandboxFailed, and a missing kernel feature can use
// SandboxUnavailable explicitly.
[[noreturn]] void die(ExitCode code, const char* format, ...) __attribute__((format(printf, 2, 3)));
[[noreturn]] void dieErrno(ExitCode code, const char* format, ...) __attribute__((format(printf, 2, 3)));

// Non-fatal notice on stderr, same prefix (used for best-effort layers that were not applied).
void warn(const char* format, ...) __attribute__((format(printf, 1, 2)));

} // namespace cordon::confine
