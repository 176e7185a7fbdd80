#include "SecretStore.h"

#include <QFile>
#include <QRegularExpression>
#include <QTimer>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cordon::helperd {

namespace {

QString errnoText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

bool isValidFileName(const QString& name)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]{0,63}$"));
    return pattern.match(name).hasMatch();
}

bool writeAllFd(int fd, const char* data, size_t size)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data += n;
        size -= static_cast<size_t>(n);
    }
    return true;
}

} // namespace

SecretStore::SecretStore(QString directory, uid_t owner, gid_t group, QObject* parent)
    : QObject(parent), m_directory(std::move(directory)), m_owner(owner), m_group(group)
{ }

SecretStore::~SecretStore()
{
    wipeAll();
}

bool SecretStore::create(QString* error)
{
    const QByteArray path = QFile::encodeName(m_directory);
    if (::mkdir(path.constData(), 0700) != 0) {
        *error = QStringLiteral("cannot create %1: %2").arg(m_directory, errnoText(errno));
        return false;
    }
    m_dirFd = ::open(path.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (m_dirFd < 0) {
        *error = QStringLiteral("cannot open %1: %2").arg(m_directory, errnoText(errno));
        return false;
    }
    if (::geteuid() == 0 && ::fchown(m_dirFd, m_owner, m_group) != 0) {
        *error = QStringLiteral("cannot hand %1 to the user: %2").arg(m_directory, errnoText(errno));
        return false;
    }
    return true;
}

bool SecretStore::put(const QString& name, const QByteArray& value, qint64 ttlSeconds, QString* error)
{
    if (m_dirFd < 0 || !isValidFileName(name) || ttlSeconds <= 0) {
        *error = QStringLiteral("secret %1: cannot be stored (bad name, time to live or store)").arg(name);
        return false;
    }
    if (!writeFile(name, value, error))
        return false;
    QTimer*& timer = m_files[name];
    if (!timer) {
        timer = new QTimer(this);
        timer->setSingleShot(true);
        timer->setTimerType(Qt::CoarseTimer);
        connect(timer, &QTimer::timeout, this, [this, name] {
            wipe(name);
            Q_EMIT expired(name);
        });
    }
    // QTimer takes an int of milliseconds: longer ttls are capped at about 24 days (the profile
    // allows 30), which only ever makes a file go sooner.
    timer->start(static_cast<int>(std::min<qint64>(ttlSeconds * 1000, std::numeric_limits<int>::max())));
    return true;
}

bool SecretStore::writeFile(const QString& name, const QByteArray& value, QString* error)
{
    // Write beside, then rename over: an agent reading the file sees the old value or the new one,
    // never half of one. O_EXCL|O_NOFOLLOW: never open something someone else put there.
    const QByteArray temp = QFile::encodeName(QStringLiteral(".%1.new").arg(name));
    const QByteArray final = QFile::encodeName(name);
    ::unlinkat(m_dirFd, temp.constData(), 0); // a leftover from a failed write; ENOENT is normal
    const int fd = ::openat(m_dirFd, temp.constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0400);
    if (fd < 0) {
        *error = QStringLiteral("secret %1: cannot create its file: %2").arg(name, errnoText(errno));
        return false;
    }
    bool ok = writeAllFd(fd, value.constData(), static_cast<size_t>(value.size()));
    int saved = errno;
    if (ok && ::geteuid() == 0 && ::fchown(fd, m_owner, m_group) != 0) {
        ok = false;
        saved = errno;
    }
    if (::close(fd) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    if (ok && ::renameat(m_dirFd, temp.constData(), m_dirFd, final.constData()) != 0) {
        ok = false;
        saved = errno;
    }
    if (!ok) {
        ::unlinkat(m_dirFd, temp.constData(), 0);
        *error = QStringLiteral("secret %1: cannot write its file: %2").arg(name, errnoText(saved));
    }
    return ok;
}

void SecretStore::wipe(const QString& name)
{
    QTimer* timer = m_files.take(name);
    if (timer)
        timer->deleteLater();
    if (m_dirFd < 0)
        return;
    const QByteArray file = QFile::encodeName(name);
    const int fd = ::openat(m_dirFd, file.constData(), O_WRONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd >= 0) {
        struct stat st{};
        // Only a file we wrote: O_NOFOLLOW stops symlinks, not hard links, and the directory is the
        // user's, so a name there could be a link to a file the (root) helper must never zero.
        const uid_t expectedOwner = ::geteuid() == 0 ? m_owner : ::geteuid();
        if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_nlink == 1 && st.st_uid == expectedOwner
            && st.st_size > 0) {
            const QByteArray zeros(static_cast<qsizetype>(std::min<off_t>(st.st_size, 1 << 20)), '\0');
            off_t left = st.st_size;
            while (left > 0) {
                const size_t chunk = static_cast<size_t>(std::min<off_t>(left, zeros.size()));
                if (!writeAllFd(fd, zeros.constData(), chunk))
                    break;
                left -= static_cast<off_t>(chunk);
            }
            ::fdatasync(fd);
        }
        ::close(fd);
    }
    ::unlinkat(m_dirFd, file.constData(), 0);
}

void SecretStore::wipeAll()
{
    const QStringList names = m_files.keys();
    for (const QString& name : names)
        wipe(name);
    if (m_dirFd >= 0) {
        ::close(m_dirFd);
        m_dirFd = -1;
        // Only an empty directory goes: anything else in it was not ours to delete.
        ::rmdir(QFile::encodeName(m_directory).constData());
    }
}

} // namespace cordon::helperd
