#include "AlwaysGrantStore.h"

#include "JsonReader.h"
#include "Profile.h"
#include "ProfileSecret.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QSaveFile>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <utility>

namespace cordon {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("cordon", text);
}

QString errnoText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

// Closes a descriptor on every path out of a function.
struct FdCloser {
    explicit FdCloser(int descriptor) : fd(descriptor) { }
    ~FdCloser() { ::close(fd); }
    int fd;
    FdCloser(const FdCloser&) = delete;
    FdCloser& operator=(const FdCloser&) = delete;
};

bool containsPattern(const QList<HostPattern>& list, const HostPattern& pattern)
{
    for (const auto& p : list)
        if (p.text() == pattern.text())
            return true;
    return false;
}

} // namespace

AlwaysGrantStore::AlwaysGrantStore(QString directory) : m_directory(std::move(directory))
{ }

QString AlwaysGrantStore::defaultDirectory()
{
    return directoryFor(QDir::homePath(), QFile::decodeName(qgetenv("XDG_CONFIG_HOME")));
}

QString AlwaysGrantStore::directoryFor(const QString& home, const QString& xdgConfigHome)
{
    const QString config = xdgConfigHome.isEmpty() || !QDir::isAbsolutePath(xdgConfigHome)
                               ? home + QStringLiteral("/.config")
                               : xdgConfigHome;
    return QDir::cleanPath(config + QStringLiteral("/cordon/grants"));
}

QString AlwaysGrantStore::filePath(const QString& profile) const
{
    if (!Profile::isValidName(profile) || m_directory.isEmpty())
        return {};
    return m_directory + u'/' + profile + QStringLiteral(".json");
}

bool AlwaysGrantStore::parse(const QByteArray& json, const QString& fileName, AlwaysGrants* out, QString* error)
{
    JsonReader reader(fileName);
    QJsonObject root;
    if (!reader.parseDocument(json, &root)) {
        *error = reader.errors().join(u'\n');
        return false;
    }
    reader.checkKeys(root, QString(), {"schemaVersion", "network", "secrets"}, {"schemaVersion"});
    if (root.contains(QStringLiteral("schemaVersion"))) {
        const QJsonValue v = root.value(QStringLiteral("schemaVersion"));
        if (!v.isDouble() || v.toDouble() != double(kSchemaVersion))
            reader.expected(
                QStringLiteral("/schemaVersion"), tr("expected 1 (the only grants version this Cordon reads)"), v);
    }
    AlwaysGrants grants;
    if (const auto network = reader.object(root, QString(), "network")) {
        const QString here = QStringLiteral("/network");
        reader.checkKeys(*network, here, {"allow"});
        if (const auto allow = reader.stringList(*network, here, "allow")) {
            for (qsizetype i = 0; i < allow->size(); ++i) {
                const QString at = JsonReader::child(here + QStringLiteral("/allow"), i);
                HostPattern pattern;
                QString expected;
                if (!HostPattern::parse(allow->at(i), &pattern, &expected))
                    reader.expected(at, expected, allow->at(i));
                else if (pattern.port() == 0)
                    reader.expected(at,
                        tr("expected host:port or *.domain:port (an \"always\" answer is bound to a port)"),
                        allow->at(i));
                else if (!containsPattern(grants.networkAllow, pattern))
                    grants.networkAllow.append(pattern); // a repeated entry is harmless: kept once
            }
        }
    }
    if (const auto secrets = reader.object(root, QString(), "secrets")) {
        const QString here = QStringLiteral("/secrets");
        reader.checkKeys(*secrets, here, {"allow"});
        if (const auto allow = reader.stringList(*secrets, here, "allow")) {
            for (qsizetype i = 0; i < allow->size(); ++i) {
                if (!ProfileSecret::isValidName(allow->at(i)))
                    reader.expected(JsonReader::child(here + QStringLiteral("/allow"), i),
                        tr("expected a secret name: 1-64 characters of A-Z, a-z, 0-9 and _, not starting with a digit"),
                        allow->at(i));
                else if (!grants.secrets.contains(allow->at(i)))
                    grants.secrets.append(allow->at(i));
            }
        }
    }
    if (reader.hasErrors()) {
        *error = reader.errors().join(u'\n');
        return false;
    }
    *out = grants;
    return true;
}

QByteArray AlwaysGrantStore::serialize(const AlwaysGrants& grants)
{
    QJsonObject root{{QStringLiteral("schemaVersion"), kSchemaVersion}};
    if (!grants.networkAllow.isEmpty()) {
        QJsonArray allow;
        for (const auto& p : grants.networkAllow)
            allow.append(p.text());
        root.insert(QStringLiteral("network"), QJsonObject{{QStringLiteral("allow"), allow}});
    }
    if (!grants.secrets.isEmpty())
        root.insert(QStringLiteral("secrets"),
            QJsonObject{{QStringLiteral("allow"), QJsonArray::fromStringList(grants.secrets)}});
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

bool AlwaysGrantStore::read(const QString& profile, AlwaysGrants* out, QString* error) const
{
    const QString path = filePath(profile);
    if (path.isEmpty()) {
        *error = tr("%1: expected a grants directory and a profile name of a-z, 0-9 and '-', got \"%2\"")
                     .arg(m_directory, profile);
        return false;
    }
    // Someone else able to write the directory could swap the file under us.
    struct stat dirStat { };
    if (lstat(QFile::encodeName(m_directory).constData(), &dirStat) == 0 &&
        (!S_ISDIR(dirStat.st_mode) || (dirStat.st_mode & (S_IWGRP | S_IWOTH)) != 0)) {
        *error = tr("%1: expected a directory writable only by its owner (mode 0700); its answers are not used")
                     .arg(m_directory);
        return false;
    }
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        const int e = errno;
        if (e == ENOENT) {
            *out = AlwaysGrants{};
            return true;
        }
        *error = e == ELOOP ? tr("%1: is a symbolic link; expected the regular file Cordon writes").arg(path)
                            : tr("%1: cannot read: %2").arg(path, errnoText(e));
        return false;
    }
    const FdCloser closer(fd);
    struct stat st { };
    if (fstat(fd, &st) != 0) {
        *error = tr("%1: cannot inspect: %2").arg(path, errnoText(errno));
        return false;
    }
    if (!S_ISREG(st.st_mode)) {
        *error = tr("%1: expected a regular file").arg(path);
        return false;
    }
    if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
        *error = tr("%1: is writable by others (mode %2); expected mode 0600, as Cordon writes it")
                     .arg(path, QString::number(st.st_mode & 07777, 8).rightJustified(4, u'0'));
        return false;
    }
    QByteArray bytes;
    char buffer[16384];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            *error = tr("%1: cannot read: %2").arg(path, errnoText(errno));
            return false;
        }
        if (n == 0)
            break;
        bytes.append(buffer, n);
        if (bytes.size() > kMaxFileSize) {
            *error = tr("%1: file is larger than 1 MiB; expected a grants file").arg(path);
            return false;
        }
    }
    return parse(bytes, path, out, error);
}

bool AlwaysGrantStore::prepareDirectory(QString* error) const
{
    if (m_directory.isEmpty() || !QDir::isAbsolutePath(m_directory)) {
        *error = tr("expected an absolute grants directory, got \"%1\"").arg(m_directory);
        return false;
    }
    const QString parent = QFileInfo(m_directory).absolutePath();
    if (!QDir().mkpath(parent)) {
        *error = tr("%1: cannot create the directory").arg(parent);
        return false;
    }
    const QByteArray dir = QFile::encodeName(m_directory);
    if (::mkdir(dir.constData(), 0700) != 0 && errno != EEXIST) {
        *error = tr("%1: cannot create the directory: %2").arg(m_directory, errnoText(errno));
        return false;
    }
    struct stat st { };
    if (lstat(dir.constData(), &st) != 0) {
        *error = tr("%1: cannot inspect: %2").arg(m_directory, errnoText(errno));
        return false;
    }
    if (!S_ISDIR(st.st_mode)) {
        *error = tr("%1: expected a directory (not a symbolic link or a file)").arg(m_directory);
        return false;
    }
    // Answers say what an agent may reach: nobody else needs to read them, let alone write them.
    if ((st.st_mode & 077) != 0 && ::chmod(dir.constData(), 0700) != 0) {
        *error = tr("%1: cannot make the directory private (mode 0700): %2").arg(m_directory, errnoText(errno));
        return false;
    }
    return true;
}

bool AlwaysGrantStore::write(const QString& path, const AlwaysGrants& grants, QString* error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = tr("%1: cannot write: %2").arg(path, file.errorString());
        return false;
    }
    // QSaveFile creates its temporary file from the umask (or the old file's mode); the rename
    // keeps the temporary file's mode, so set it before anything is written.
    if (::fchmod(file.handle(), 0600) != 0) {
        *error = tr("%1: cannot set mode 0600: %2").arg(path, errnoText(errno));
        file.cancelWriting();
        return false;
    }
    const QByteArray bytes = serialize(grants);
    if (file.write(bytes) != bytes.size()) {
        *error = tr("%1: cannot write: %2").arg(path, file.errorString());
        file.cancelWriting();
        return false;
    }
    if (!file.commit()) {
        *error = tr("%1: cannot write: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool AlwaysGrantStore::update(
    const QString& profile, const std::function<bool(AlwaysGrants*)>& change, bool* changed, QString* error) const
{
    *changed = false;
    const QString path = filePath(profile);
    if (path.isEmpty()) {
        *error = tr("%1: expected a grants directory and a profile name of a-z, 0-9 and '-', got \"%2\"")
                     .arg(m_directory, profile);
        return false;
    }
    if (!prepareDirectory(error))
        return false;
    // Two clients answering "always" at once must not lose one answer to the other's rewrite.
    QLockFile lock(path + QStringLiteral(".lock"));
    if (!lock.tryLock(kLockTimeoutMs)) {
        *error = lock.error() == QLockFile::LockFailedError
                     ? tr("%1: another Cordon process is changing it; try again").arg(path)
                     : tr("%1: cannot create the lock file %1.lock").arg(path);
        return false;
    }
    AlwaysGrants grants;
    QString readError;
    if (!read(profile, &grants, &readError)) {
        *error =
            readError + u'\n' +
            tr("%1: not changed: Cordon never overwrites a grants file it cannot read; fix or remove it").arg(path);
        return false;
    }
    if (!change(&grants))
        return true;
    if (!write(path, grants, error))
        return false;
    *changed = true;
    return true;
}

bool AlwaysGrantStore::addNetworkAllow(
    const QString& profile, const HostPattern& pattern, bool* added, QString* error) const
{
    if (pattern.port() == 0 || pattern.host().isEmpty()) {
        *error = tr("expected host:port or *.domain:port (an \"always\" answer is bound to a port), got \"%1\"")
                     .arg(pattern.text());
        return false;
    }
    return update(
        profile,
        [&pattern](AlwaysGrants* g) {
            if (containsPattern(g->networkAllow, pattern))
                return false;
            g->networkAllow.append(pattern);
            return true;
        },
        added, error);
}

bool AlwaysGrantStore::removeNetworkAllow(
    const QString& profile, const HostPattern& pattern, bool* removed, QString* error) const
{
    return update(
        profile,
        [&pattern](AlwaysGrants* g) {
            return g->networkAllow.removeIf([&](const HostPattern& p) { return p.text() == pattern.text(); }) > 0;
        },
        removed, error);
}

bool AlwaysGrantStore::addSecret(const QString& profile, const QString& secret, bool* added, QString* error) const
{
    if (!ProfileSecret::isValidName(secret)) {
        *error = tr("expected a secret name: 1-64 characters of A-Z, a-z, 0-9 and _, not starting with a digit, got "
                    "\"%1\"")
                     .arg(secret);
        return false;
    }
    return update(
        profile,
        [&secret](AlwaysGrants* g) {
            if (g->secrets.contains(secret))
                return false;
            g->secrets.append(secret);
            return true;
        },
        added, error);
}

bool AlwaysGrantStore::removeSecret(const QString& profile, const QString& secret, bool* removed, QString* error) const
{
    return update(
        profile, [&secret](AlwaysGrants* g) { return g->secrets.removeAll(secret) > 0; }, removed, error);
}

} // namespace cordon
