#pragma once
// Creating the sandbox's namespaces from the outside: the clone itself and the user-namespace
// id maps that only the parent can write (see user_namespaces(7), "Defining user and group ID
// mappings").

#include <sys/types.h>

namespace cordon::confine {

class Namespaces {
public:
    // clone() with new user, mount, pid, net, ipc and uts namespaces and SIGCHLD, fork-like
    // (the child continues on a copy of the caller's stack). Returns the child's pid in the
    // parent and 0 in the child; dies (SandboxUnavailable) when the kernel refuses, e.g. where
    // unprivileged user namespaces are disabled.
    static pid_t cloneSandbox();

    // Writes setgroups=deny, then "uid uid 1" and "gid gid 1" for the child: the sandbox keeps
    // the user's own ids, as bubblewrap does, so files it creates in the workspace belong to the
    // user. Returns false with errno set and `step` naming the file that failed.
    [[nodiscard]] static bool writeIdentityMaps(pid_t child, uid_t uid, gid_t gid, const char*& step);
};

} // namespace cordon::confine
