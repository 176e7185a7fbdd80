#include "ExitCode.h"

namespace cordon {

const char* exitCodeName(ExitCode code) noexcept
{
    switch (code) {
    case ExitCode::Ok: return "ok";
    case ExitCode::Internal: return "internal-error";
    case ExitCode::Usage: return "usage";
    case ExitCode::ProfileInvalid: return "profile-invalid";
    case ExitCode::PolicyDenied: return "policy-denied";
    case ExitCode::PathRefused: return "path-refused";
    case ExitCode::SandboxUnavailable: return "sandbox-unavailable";
    case ExitCode::TimeboxExpired: return "timebox-expired";
    case ExitCode::SandboxFailed: return "sandbox-failed";
    case ExitCode::CannotExecute: return "cannot-execute";
    case ExitCode::CommandNotFound: return "command-not-found";
    }
    return "unknown";
}

const char* exitCodeAdvice(ExitCode code) noexcept
{
    switch (code) {
    case ExitCode::Ok: return "";
    case ExitCode::Internal: return "This is a bug in Cordon; please report it with the message above.";
    case ExitCode::Usage: return "Run 'cordonctl help' for the options.";
    case ExitCode::ProfileInvalid: return "Fix the file and location named above; 'cordonctl profile validate FILE' checks it.";
    case ExitCode::PolicyDenied: return "Your organization's policy forbids this; ask your administrator or launch without the override.";
    case ExitCode::PathRefused: return "Check that the path exists, is readable by you, and is not a symbolic link.";
    case ExitCode::SandboxUnavailable: return "Run 'cordonctl doctor' to see which kernel feature is missing and how to enable it.";
    case ExitCode::TimeboxExpired: return "Raise the limit with --timeout or in the profile's limits.timeout.";
    case ExitCode::SandboxFailed: return "Run 'cordonctl doctor'; if it reports no problem, this is a bug in Cordon.";
    case ExitCode::CannotExecute: return "Check the file's permissions and that its interpreter is visible inside the sandbox.";
    case ExitCode::CommandNotFound: return "Check the command name and that its directory is inside the sandbox (system or a profile path).";
    }
    return "";
}

} // namespace cordon
