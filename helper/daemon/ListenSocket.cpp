#include "ListenSocket.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace cordon::helperd {

namespace {

QString errnoText(int err = errno)
{
    return QString::fromLocal8Bit(std::strerror(err));
}

bool fillAddress(const QString& path, sockaddr_un* address, QString* error)
{
    const QByteArray encoded = QFile::encodeName(path);
    *address = {};
    address->sun_family = AF_UNIX;
    if (encoded.isEmpty() || encoded.size() >= static_cast<qsizetype>(sizeof(address->sun_path))) {
        *error = QStringLiteral("socket path too long or empty: %1").arg(path);
        return false;
    }
    std::memcpy(address->sun_path, encoded.constData(), static_cast<size_t>(encoded.size()));
    return true;
}

} // namespace

bool ListenSocket::ensureDirectory(const QString& path, mode_t mode, QString* error)
{
    const QByteArray encoded = QFile::encodeName(path);
    // Parents are created as needed (XDG_RUNTIME_DIR exists; /run does); the last component gets
    // the exact mode.
    const QString parent = QFileInfo(path).path();
    if (!QFileInfo::exists(parent) && !QDir().mkpath(parent)) {
        *error = QStringLiteral("cannot create %1").arg(parent);
        return false;
    }
    bool created = true;
    if (::mkdir(encoded.constData(), mode) != 0) {
        if (errno != EEXIST) {
            *error = QStringLiteral("mkdir %1: %2").arg(path, errnoText());
            return false;
        }
        created = false;
    }
    const int fd = ::open(encoded.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        *error = QStringLiteral("%1: not a directory we can use (%2)").arg(path, errnoText());
        return false;
    }
    struct stat st { };
    bool ok = ::fstat(fd, &st) == 0;
    if (ok && st.st_uid != ::geteuid()) {
        *error = QStringLiteral("%1 belongs to uid %2, not to us; refusing it").arg(path).arg(st.st_uid);
        ok = false;
    } else if (ok && !created && (st.st_mode & 0022) != 0) {
        // A directory others may write (think /tmp) could have our socket swapped: never use it,
        // and never chmod a directory we did not create.
        *error = QStringLiteral("%1 is writable by others; refusing to put the helper's socket there").arg(path);
        ok = false;
    } else if (ok && created && (st.st_mode & 07777) != mode && ::fchmod(fd, mode) != 0) {
        // umask may have narrowed mkdir's mode.
        *error = QStringLiteral("chmod %1: %2").arg(path, errnoText());
        ok = false;
    } else if (!ok) {
        *error = QStringLiteral("stat %1: %2").arg(path, errnoText());
    }
    if (::close(fd) != 0 && ok) {
        *error = QStringLiteral("close %1: %2").arg(path, errnoText());
        ok = false;
    }
    return ok;
}

int ListenSocket::open(const QString& path, mode_t dirMode, mode_t socketMode, QString* error)
{
    sockaddr_un address;
    if (!fillAddress(path, &address, error))
        return -1;
    if (!ensureDirectory(QFileInfo(path).path(), dirMode, error))
        return -1;

    struct stat st { };
    if (::lstat(address.sun_path, &st) == 0) {
        if (!S_ISSOCK(st.st_mode) || st.st_uid != ::geteuid()) {
            *error = QStringLiteral("%1 exists and is not a socket of ours; refusing to replace it").arg(path);
            return -1;
        }
        // Does a helper answer there?
        const int probe = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (probe < 0) {
            *error = QStringLiteral("socket: %1").arg(errnoText());
            return -1;
        }
        const int rc = ::connect(probe, reinterpret_cast<const sockaddr*>(&address), sizeof address);
        const int connectErr = errno;
        ::close(probe);
        if (rc == 0 || connectErr == EAGAIN) {
            *error = QStringLiteral("another cordon-helper is already serving %1").arg(path);
            return -1;
        }
        if (connectErr != ECONNREFUSED) {
            *error = QStringLiteral("cannot tell whether %1 is in use: %2").arg(path, errnoText(connectErr));
            return -1;
        }
        // Stale: ours, and nobody listens. unlink removes the name only (never follows a link;
        // and we checked it is a socket).
        if (::unlink(address.sun_path) != 0) {
            *error = QStringLiteral("removing the stale socket %1: %2").arg(path, errnoText());
            return -1;
        }
    } else if (errno != ENOENT) {
        *error = QStringLiteral("lstat %1: %2").arg(path, errnoText());
        return -1;
    }

    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        *error = QStringLiteral("socket: %1").arg(errnoText());
        return -1;
    }
    // Bind under a umask that leaves no window with a wider mode than asked.
    const mode_t oldMask = ::umask(static_cast<mode_t>(~socketMode & 0777));
    const int rc = ::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
    const int bindErr = errno;
    ::umask(oldMask);
    if (rc != 0) {
        ::close(fd);
        *error = QStringLiteral("bind %1: %2").arg(path, errnoText(bindErr));
        return -1;
    }
    // The umask only narrows; set the exact mode (0666 for the root helper is wider than most
    // umasks allow). chmod on the path we just created in a directory only we can write.
    if (::chmod(address.sun_path, socketMode) != 0 || ::listen(fd, 64) != 0) {
        *error = QStringLiteral("%1: %2").arg(path, errnoText());
        ::close(fd);
        ::unlink(address.sun_path);
        return -1;
    }
    return fd;
}

} // namespace cordon::helperd
