#pragma once
// Exit codes that Cordon itself uses, shared by cordon-sandbox (helper), cordonctl and, later,
// the GUI. Any other status is the sandboxed command's own (128+N when a signal ended it).
//
// The block 118..127 is chosen after the conventions shells and container engines already use
// (126: found but not executable, 127: not found; podman/docker reserve 125 for their own
// failures; timeout(1) uses 124). Commands rarely exit with 118..123 by themselves, so a script
// can tell "Cordon refused" from "the command failed". minijail documents its own codes the same
// way (251 mount, 253 seccomp violation, ...). docs/exit-codes.md lists them for users.
//
// Plain C++: this header is included by code that runs between fork and exec, so no Qt here.

namespace cordon {

enum class ExitCode : int {
    Ok = 0,
    Internal = 118,         // a bug in Cordon: please report it
    Usage = 119,            // the command line is wrong
    ProfileInvalid = 120,   // a profile or managed-policy file is malformed or inconsistent
    PolicyDenied = 121,     // managed policy forbids what was asked (locked profile, ceiling)
    PathRefused = 122,      // workspace or a path rule is missing, unreadable, or a planted symlink
    SandboxUnavailable = 123, // a confinement layer the profile requires cannot be applied: fail closed
    TimeboxExpired = 124,   // the timebox ended the command (as timeout(1))
    SandboxFailed = 125,    // setting up the sandbox failed part-way (nothing ran)
    CannotExecute = 126,    // the command exists inside the sandbox but cannot be executed
    CommandNotFound = 127,  // the command does not exist inside the sandbox
};

constexpr int toInt(ExitCode c) noexcept { return static_cast<int>(c); }

// A short stable name ("path-refused") and one sentence saying what to do next.
const char* exitCodeName(ExitCode code) noexcept;
const char* exitCodeAdvice(ExitCode code) noexcept;

} // namespace cordon
