#pragma once
// Drops every capability the process holds in its user namespace: bounding set, ambient,
// inheritable, permitted and effective, and locks the securebits so nothing brings them back.

namespace cordon::confine {

void dropAllCapabilities(); // dies (SandboxFailed) on any failure

} // namespace cordon::confine
