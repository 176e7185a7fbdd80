#pragma once
// One secret a profile lets its agent be given (docs/profiles.md, "Secrets"): where the value
// comes from on the host and how it reaches the sandbox. Only the declaration lives here; the
// helper's secret broker asks the person, reads the value and delivers it. Values never pass
// through a profile, an effective policy or the timeline: only names do.

#include "PathRule.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QtGlobal>

#include <optional>

namespace cordon {

struct ProfileSecret {
    enum class SourceKind {
        Env,     // an environment variable of the launcher
        File,    // a file on the host, read at delivery time
        Keyring, // a Secret Service item, found by its lookup attributes
    };
    enum class Delivery {
        Env,     // an environment variable (envName) set at launch
        File,    // /run/cordon/secrets/NAME inside, mode 0400, removed when the ttl ends
        Request, // only when the agent runs `cordon-request secret NAME`
    };

    QString name; // [A-Za-z_][A-Za-z0-9_]{0,63}
    SourceKind sourceKind = SourceKind::Env;
    QString sourceEnv;                                // SourceKind::Env: the launcher's variable
    PathRule sourceFile;                              // SourceKind::File: absolute or ~/
    QList<QPair<QString, QString>> keyringAttributes; // SourceKind::Keyring: non-empty, sorted by attribute
    Delivery deliver = Delivery::Request;
    QString envName; // Delivery::Env: the variable inside ("as"; default: name); empty otherwise
    // How long a delivered file stays, or a granted request holds, before it must be asked again.
    // Not used for Delivery::Env: a variable cannot be withdrawn from a running process, so the
    // parser refuses a ttl there rather than let it look like an expiry.
    qint64 ttlSeconds = kDefaultTtlSeconds;
    std::optional<bool> allowAlways; // nullopt: false (the built-in default)

    static constexpr qint64 kDefaultTtlSeconds = 3600;
    static constexpr qint64 kMinTtlSeconds = 1;
    static constexpr qint64 kMaxTtlSeconds = 30LL * 86400;
    // Where Delivery::File puts the value inside.
    static QString deliveryDirectory() { return QStringLiteral("/run/cordon/secrets"); }

    static bool isValidName(const QString& name);
    // "env", "file", "keyring" / "env", "file", "request": the JSON spellings.
    static QString sourceKindName(SourceKind kind);
    static QString deliveryName(Delivery delivery);
    // A one-line description of the source for people: "env GITHUB_TOKEN", "file ~/.npmrc",
    // "keyring service=github, account=me". Never a value.
    QString sourceText() const;
};

} // namespace cordon
