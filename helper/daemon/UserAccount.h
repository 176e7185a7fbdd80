#pragma once
// A user the helper acts for: looked up from the passwd and group databases once per launch, in
// the parent, because nothing after fork() may call into NSS (not async-signal-safe).

#include <QString>

#include <sys/types.h>
#include <vector>

namespace cordon::helperd {

struct UserAccount {
    uid_t uid = static_cast<uid_t>(-1);
    gid_t gid = static_cast<gid_t>(-1);
    QString name;
    QString home;
    std::vector<gid_t> groups; // supplementary groups, the primary group included

    // False with *error when the uid has no passwd entry or its groups cannot be read.
    [[nodiscard]] static bool lookUp(uid_t uid, UserAccount* out, QString* error);
    [[nodiscard]] static bool lookUpName(const QString& name, UserAccount* out, QString* error);
};

} // namespace cordon::helperd
