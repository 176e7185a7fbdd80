#pragma once
// Reads the managed directory. Fail closed: one malformed file, an unreadable file, or (in the
// system directory) a file that is not owned by root or is writable by others makes the whole
// load fail, and the launch is refused; an administrator's typo must never silently drop policy.

#include "ManagedPolicy.h"

#include <QString>
#include <QStringList>

namespace cordon {

class ManagedPolicyLoader final {
public:
    static QString systemDirectory() { return QStringLiteral("/etc/cordon/managed.d"); }
    // $CORDON_MANAGED_DIR when set (tests, and an administrator's dry run), else the system one.
    static QString defaultDirectory();

    // A missing directory is an empty policy. `requireRootOwned`: each file (and the directory)
    // must be owned by root and not writable by group or others.
    [[nodiscard]] static bool load(
        const QString& directory, bool requireRootOwned, ManagedPolicy* out, QStringList* errors);
    // load(defaultDirectory(), ownership required only for the system directory).
    [[nodiscard]] static bool loadDefault(ManagedPolicy* out, QStringList* errors);

    // Parses one managed file's content.
    [[nodiscard]] static bool parseFile(
        const QByteArray& json, const QString& path, ManagedPolicy* into, QStringList* errors);
};

} // namespace cordon
