#pragma once
// The person's "always" answers for one profile, kept in DIR/PROFILE.json (by default
// ~/.config/cordon/grants/PROFILE.json):
//
//     {"schemaVersion": 1, "network": {"allow": ["api.example.com:443", "*.example.org:443"]},
//      "secrets": {"allow": ["GITHUB_TOKEN"]}}
//
// Why a file of its own and not the profile: built-in and managed profiles cannot be written, and
// rewriting a profile a person edited by hand loses their formatting (docs/decisions.md). The
// resolver merges these answers as allow rules (source "always-allowed"); deny rules still win,
// and a managed forbidAlways or a locked profile makes the file be ignored.
//
// Safety: written atomically (QSaveFile: a temporary file renamed over the old one), file mode
// 0600 in a directory of mode 0700; updates are serialized by a lock file; a file that cannot be
// read as a grants file (syntax, unknown key, a symbolic link, writable by others) is reported and
// never overwritten, so a person's or a tool's edit is never lost silently. Reading follows no
// symbolic link at the file itself.

#include "HostPattern.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace cordon {

struct AlwaysGrants {
    QList<HostPattern> networkAllow; // each with a port ("host:port", "*.domain:port"), in answer order
    QStringList secrets;             // secret names answered "always", in answer order
    bool isEmpty() const { return networkAllow.isEmpty() && secrets.isEmpty(); }
};

class AlwaysGrantStore final {
public:
    explicit AlwaysGrantStore(QString directory);

    // $XDG_CONFIG_HOME/cordon/grants, else ~/.config/cordon/grants, of this process.
    static QString defaultDirectory();
    // The same for another user (the helper serving a client): `xdgConfigHome` is the client's
    // XDG_CONFIG_HOME, used when absolute.
    static QString directoryFor(const QString& home, const QString& xdgConfigHome = QString());

    const QString& directory() const { return m_directory; }
    // DIR/PROFILE.json; empty when `profile` is not a valid profile name (nothing outside DIR can
    // be named).
    QString filePath(const QString& profile) const;

    // A missing file is no answers (true). Otherwise false with *error naming the file, the
    // location and what was expected.
    [[nodiscard]] bool read(const QString& profile, AlwaysGrants* out, QString* error) const;

    // Appends one answer unless it is there already (*added = false, nothing written). A network
    // pattern must carry a port: an "always" answer is bound to the port that was asked about.
    // Refused, with the file left as it is, when the existing file cannot be read.
    [[nodiscard]] bool addNetworkAllow(
        const QString& profile, const HostPattern& pattern, bool* added, QString* error) const;
    [[nodiscard]] bool addSecret(const QString& profile, const QString& secret, bool* added, QString* error) const;
    // Revocation: removes one answer if present (*removed says whether it was).
    [[nodiscard]] bool removeNetworkAllow(
        const QString& profile, const HostPattern& pattern, bool* removed, QString* error) const;
    [[nodiscard]] bool removeSecret(const QString& profile, const QString& secret, bool* removed, QString* error) const;

    // The decoder alone (tests, the fuzz target): `fileName` is used in messages.
    [[nodiscard]] static bool parse(const QByteArray& json, const QString& fileName, AlwaysGrants* out, QString* error);
    static QByteArray serialize(const AlwaysGrants& grants);

    static constexpr int kSchemaVersion = 1;
    static constexpr qint64 kMaxFileSize = 1024 * 1024;
    static constexpr int kLockTimeoutMs = 5000;

private:
    // Read, change, write back under the lock. `change` returns whether it changed anything.
    [[nodiscard]] bool update(
        const QString& profile, const std::function<bool(AlwaysGrants*)>& change, bool* changed, QString* error) const;
    [[nodiscard]] bool prepareDirectory(QString* error) const;
    [[nodiscard]] static bool write(const QString& path, const AlwaysGrants& grants, QString* error);

    QString m_directory;
};

} // namespace cordon
