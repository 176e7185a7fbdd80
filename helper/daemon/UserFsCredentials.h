#pragma once
// While alive, file system access of this thread uses a user's credentials instead of root's
// (DESIGN.md rule 2: every file the sandbox sees is opened with the requesting user's
// credentials). The root helper plans a launch (reads the user's profiles, canonicalizes the
// workspace, lstat()s rule paths) inside one of these, so that it can read nothing on the user's
// behalf that the user could not read, and never follows a user-planted symlink with root's rights.
//
// setfsuid/setfsgid (setfsuid(2)) change only the identity used for file access, per thread,
// and leave the real, effective and saved ids alone: the user cannot signal or ptrace the helper
// meanwhile, as they could after a seteuid(). setgroups() is process-wide (glibc broadcasts it to
// every thread), so the helper does this only on its single event-loop thread. access(2) checks
// with the real uid (root) regardless; the compiler's access() checks are advisory for root, and
// the real boundary is that cordon-sandbox itself runs as the user and opens every bind source
// with openat2(RESOLVE_NO_SYMLINKS) under the user's own credentials.
//
// In rootless mode (the helper is not root) the guard does nothing: it already is the user.

#include "UserAccount.h"

#include <QString>

#include <sys/types.h>
#include <vector>

namespace cordon::helperd {

class UserFsCredentials final {
public:
    UserFsCredentials() = default;
    ~UserFsCredentials();
    UserFsCredentials(const UserFsCredentials&) = delete;
    UserFsCredentials& operator=(const UserFsCredentials&) = delete;

    // Switches to the user's file system identity; false (nothing changed) with *error on failure.
    [[nodiscard]] bool become(const UserAccount& user, QString* error);
    // Back to root's; aborts the helper if that fails (continuing half-switched is not safe).
    void restore();

private:
    bool m_active = false;
    uid_t m_savedFsUid = 0;
    gid_t m_savedFsGid = 0;
    std::vector<gid_t> m_savedGroups;
};

} // namespace cordon::helperd
