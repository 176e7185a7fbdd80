#include "UserAccount.h"

#include <QDir>
#include <QFile>

#include <cerrno>
#include <cstring>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>

namespace cordon::helperd {

bool UserAccount::lookUp(uid_t uid, UserAccount* out, QString* error)
{
    long size = ::sysconf(_SC_GETPW_R_SIZE_MAX);
    std::vector<char> buffer(static_cast<size_t>(size > 0 ? size : 16384));
    passwd pw{};
    passwd* found = nullptr;
    int rc;
    while ((rc = ::getpwuid_r(uid, &pw, buffer.data(), buffer.size(), &found)) == ERANGE && buffer.size() < (1u << 20))
        buffer.resize(buffer.size() * 2);
    if (rc != 0 || !found) {
        *error = QStringLiteral("uid %1 has no passwd entry").arg(uid);
        return false;
    }
    UserAccount account;
    account.uid = pw.pw_uid;
    account.gid = pw.pw_gid;
    account.name = QFile::decodeName(pw.pw_name);
    account.home = QDir::cleanPath(QFile::decodeName(pw.pw_dir));
    if (account.home.isEmpty() || !QDir::isAbsolutePath(account.home)) {
        *error = QStringLiteral("uid %1 has no absolute home directory").arg(uid);
        return false;
    }
    int count = 64;
    for (int attempt = 0; attempt < 8; ++attempt) {
        account.groups.resize(static_cast<size_t>(count));
        int n = count;
        if (::getgrouplist(pw.pw_name, pw.pw_gid, account.groups.data(), &n) >= 0) {
            account.groups.resize(static_cast<size_t>(n));
            *out = account;
            return true;
        }
        if (n <= count || n > 65536)
            break;
        count = n;
    }
    *error = QStringLiteral("cannot read the groups of %1").arg(account.name);
    return false;
}

bool UserAccount::lookUpName(const QString& name, UserAccount* out, QString* error)
{
    long size = ::sysconf(_SC_GETPW_R_SIZE_MAX);
    std::vector<char> buffer(static_cast<size_t>(size > 0 ? size : 16384));
    passwd pw{};
    passwd* found = nullptr;
    const QByteArray encoded = QFile::encodeName(name);
    if (::getpwnam_r(encoded.constData(), &pw, buffer.data(), buffer.size(), &found) != 0 || !found) {
        *error = QStringLiteral("no user %1").arg(name);
        return false;
    }
    return lookUp(pw.pw_uid, out, error);
}

} // namespace cordon::helperd
