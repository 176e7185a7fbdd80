#pragma once
// Reads a secret's value from where the profile says it lives (core/profile/ProfileSecret.h):
// an environment variable of the launching client, a file of the user's, or a Secret Service
// item (freedesktop.org Secret Service API, https://specifications.freedesktop.org/secret-service/).
// Called only after the person said yes; the value goes straight to SecretStore or into the
// launch environment and is never logged, journaled or put in an error message.

#include "ProfileSecret.h"

#include <QByteArray>
#include <QMap>
#include <QString>

namespace cordon::helperd {

struct SecretContext {
    QMap<QString, QString> clientEnvironment; // the launcher's environment (for Env sources)
    QString home;                             // the user's home (for ~/ file sources)
    QString workspace;                        // for workspace-relative file sources
    // The user's session bus (DBUS_SESSION_BUS_ADDRESS from the client) for Keyring sources.
    // Empty: no Secret Service reachable.
    QString sessionBusAddress;
};

class SecretSource final {
public:
    static constexpr qsizetype kMaxValueBytes = 64 * 1024;
    static constexpr int kKeyringTimeoutMs = 3000;

    // The value, or false with *error (which names the secret and the source, never a value).
    // File sources are opened with the caller's file system credentials: the root helper calls
    // this inside UserFsCredentials, so a "file" source can never read what the user cannot.
    [[nodiscard]] static bool read(
        const ProfileSecret& secret, const SecretContext& context, QByteArray* value, QString* error);

private:
    static bool readFile(const QString& path, QByteArray* value, QString* error);
    static bool readKeyring(const ProfileSecret& secret, const QString& busAddress, QByteArray* value, QString* error);
};

} // namespace cordon::helperd
