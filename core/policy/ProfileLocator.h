#pragma once
// Finds a profile by name or file. A value containing '/' or ending in ".json" is a file;
// otherwise the lookup order is: managed profiles (the organization's; they shadow the rest),
// the user's (~/.config/cordon/profiles/NAME.json, $XDG_CONFIG_HOME honoured), the built-ins
// compiled into Cordon (resources/profiles).

#include "ManagedPolicy.h"
#include "PolicyError.h"
#include "Profile.h"
#include "Source.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace cordon {

struct ProfileEntry {
    QString name;
    QString kind;   // "managed", "user", "built-in"
    QString origin; // file path or "built-in:NAME"
    bool locked = false;
    QString displayName;
};

class ProfileLocator final {
public:
    ProfileLocator(ManagedPolicy managed, QString userDirectory);

    // $XDG_CONFIG_HOME/cordon/profiles, else ~/.config/cordon/profiles.
    static QString defaultUserDirectory();
    static QStringList builtInNames();
    [[nodiscard]] static bool loadBuiltIn(const QString& name, Profile* out, QStringList* errors);
    // The raw JSON of a built-in profile (for tests and `profile export`).
    static QByteArray builtInJson(const QString& name);

    // On success *source is Organization for a managed profile, Profile otherwise.
    [[nodiscard]] bool find(const QString& nameOrFile, Profile* out, Source* source, PolicyError* error) const;
    QList<ProfileEntry> list(QStringList* warnings) const;

    const ManagedPolicy& managed() const { return m_managed; }

private:
    ManagedPolicy m_managed;
    QString m_userDirectory;
};

} // namespace cordon
