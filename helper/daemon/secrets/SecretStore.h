#pragma once
// The files of a session's delivered secrets (ProfileSecret::Delivery::File): one host directory
// per session, bound read-only at /run/cordon/secrets inside, holding NAME files of mode 0400 owned
// by the user. Each file is overwritten with zeros and removed when its time to live ends and at
// session end (issue 3: "secret files are wiped at session end"). Overwriting a tmpfs page before
// unlinking is not a guarantee against every recovery, but it means no copy survives in the page
// cache of a file that another process still holds open.
//
// Everything goes through a descriptor of the directory (openat with O_NOFOLLOW), never through
// paths, so a symlink that something planted in the directory is never followed.

#include <QHash>
#include <QObject>
#include <QString>

#include <functional>
#include <sys/types.h>

class QTimer;

namespace cordon::helperd {

class SecretStore final : public QObject {
    Q_OBJECT

public:
    // `directory` is created (mode 0700, owned by `owner`/`group` when the helper is root).
    SecretStore(QString directory, uid_t owner, gid_t group, QObject* parent = nullptr);
    ~SecretStore() override;
    SecretStore(const SecretStore&) = delete;
    SecretStore& operator=(const SecretStore&) = delete;

    [[nodiscard]] bool create(QString* error);
    const QString& directory() const { return m_directory; }
    // Writes (or replaces) NAME with the value, readable by the owner only, and arms its expiry.
    [[nodiscard]] bool put(const QString& name, const QByteArray& value, qint64 ttlSeconds, QString* error);
    bool contains(const QString& name) const { return m_files.contains(name); }
    // Overwrites and removes one file (expiry, revocation).
    void wipe(const QString& name);
    // Every file, then the directory: session end. Safe to call twice.
    void wipeAll();

Q_SIGNALS:
    void expired(const QString& name);

private:
    bool writeFile(const QString& name, const QByteArray& value, QString* error);

    QString m_directory;
    uid_t m_owner;
    gid_t m_group;
    int m_dirFd = -1;
    QHash<QString, QTimer*> m_files; // name -> its expiry timer
};

} // namespace cordon::helperd
