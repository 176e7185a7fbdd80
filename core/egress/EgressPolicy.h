#pragma once
// The egress decision for one (host, port), made in one place: deny rules first (deny wins),
// then allow rules, else Ask. Rules are the profile's "network" allow/deny HostPatterns; a name
// rule matches names only, an IP-literal rule matches that exact literal only ("IP literals only
// where written as such"), "*.domain" matches subdomains at a label boundary (never
// "evildomain" nor "domain.evil"). Hosts must already be normalized by HostNormalizer.

#include "HostNormalizer.h"
#include "HostPattern.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace cordon {

class EgressPolicy final {
public:
    enum class Verdict {
        Allow,
        Deny,
        Ask
    };
    struct Decision {
        Verdict verdict = Verdict::Ask;
        QString rule; // "allow:api.example.com", "deny:*.evil.test", or empty for Ask
    };

    // Parses {"allow": [...], "deny": [...], "allow_private": bool}; unknown keys are refused.
    [[nodiscard]] static bool fromJson(const QJsonObject& object, EgressPolicy* out, QStringList* errors);
    [[nodiscard]] bool addAllow(const QString& pattern, QString* error);
    [[nodiscard]] bool addDeny(const QString& pattern, QString* error);
    void setAllowPrivate(bool allow) { m_allowPrivate = allow; }

    Decision decide(const HostNormalizer::Host& host, int port) const;

    // Whether a resolved address that is not globally routable may still be dialed: only if the
    // profile says so for all private addresses, or an allow rule names exactly this literal.
    bool mayReachNonGlobal(const QString& addressText) const;

    static bool matches(const HostPattern& pattern, const HostNormalizer::Host& host, int port);

private:
    QList<HostPattern> m_allow;
    QList<HostPattern> m_deny;
    bool m_allowPrivate = false;
};

} // namespace cordon
