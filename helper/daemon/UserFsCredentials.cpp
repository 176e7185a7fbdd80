#include "UserFsCredentials.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <grp.h>
#include <sys/fsuid.h>
#include <unistd.h>

namespace cordon::helperd {

namespace {

// setfsuid/setfsgid return the previous value and report failure only by not changing it:
// calling them with -1 (an invalid id) reads the current one back (setfsuid(2), NOTES).
uid_t currentFsUid()
{
    return static_cast<uid_t>(::setfsuid(static_cast<uid_t>(-1)));
}
gid_t currentFsGid()
{
    return static_cast<gid_t>(::setfsgid(static_cast<gid_t>(-1)));
}

} // namespace

UserFsCredentials::~UserFsCredentials()
{
    restore();
}

bool UserFsCredentials::become(const UserAccount& user, QString* error)
{
    if (m_active) {
        *error = QStringLiteral("file system credentials already switched");
        return false;
    }
    if (::geteuid() != 0)
        return true; // rootless: we are the user already
    const int n = ::getgroups(0, nullptr);
    if (n < 0) {
        *error = QStringLiteral("getgroups: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    m_savedGroups.resize(static_cast<size_t>(n));
    if (n > 0 && ::getgroups(n, m_savedGroups.data()) != n) {
        *error = QStringLiteral("getgroups: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    m_savedFsUid = currentFsUid();
    m_savedFsGid = currentFsGid();
    // Groups first, then gid, then uid: the order in which each step still has the privilege the
    // next needs (CAP_SETGID for the first two, CAP_SETUID for the last).
    if (::setgroups(user.groups.size(), user.groups.data()) != 0) {
        *error = QStringLiteral("setgroups: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    m_active = true; // from here on restore() has something to undo
    ::setfsgid(user.gid);
    ::setfsuid(user.uid);
    if (currentFsGid() != user.gid || currentFsUid() != user.uid) {
        *error = QStringLiteral("setfsuid/setfsgid did not take effect");
        restore();
        return false;
    }
    return true;
}

void UserFsCredentials::restore()
{
    if (!m_active)
        return;
    ::setfsuid(m_savedFsUid);
    ::setfsgid(m_savedFsGid);
    if (currentFsUid() != m_savedFsUid || currentFsGid() != m_savedFsGid ||
        ::setgroups(m_savedGroups.size(), m_savedGroups.data()) != 0) {
        // Carrying on with a user's identity for root's own files (the journal, the socket) would
        // be wrong in ways no caller can handle: stop here. Every sandbox dies with us (PDEATHSIG).
        std::fprintf(stderr, "cordon-helper: cannot restore root's file system credentials; exiting\n");
        std::abort();
    }
    m_active = false;
}

} // namespace cordon::helperd
