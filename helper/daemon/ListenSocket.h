#pragma once
// The helper's listening socket (docs/protocol.md, docs/helper.md "Paths").
//
// The directory is created (or checked) with the mode of the helper's mode (root: 0755 owned by
// root; rootless: 0700 owned by the user) and refused when it is a symlink, not a directory, owned
// by someone else, or writable by others: a socket in a directory another user controls could be
// swapped under our clients. Before binding, an existing path is examined with lstat (never
// followed): a socket owned by us that nobody answers on is stale and removed; a socket somebody
// answers on means another helper runs (refused); anything else (symlink, regular file, a socket
// of another owner) is refused and left alone.

#include <QString>

#include <sys/types.h>

namespace cordon::helperd {

class ListenSocket final {
public:
    // Creates, binds (mode `socketMode`) and listens. Returns the listening descriptor
    // (non-blocking, close-on-exec) or -1 with *error.
    [[nodiscard]] static int open(const QString& path, mode_t dirMode, mode_t socketMode, QString* error);
    // Creates `path` as a directory of `mode` owned by us, or checks the one that is there.
    [[nodiscard]] static bool ensureDirectory(const QString& path, mode_t mode, QString* error);
};

} // namespace cordon::helperd
