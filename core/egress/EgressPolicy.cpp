#include "EgressPolicy.h"

#include <QJsonArray>

#include <arpa/inet.h>

#include <cstring>

namespace cordon {

namespace {

// Compare IP literals by their bytes so that "::ffff:7f00:1" and "::ffff:127.0.0.1" are one address.
bool sameAddress(const QString& a, const QString& b)
{
    const QByteArray la = a.toLatin1(), lb = b.toLatin1();
    in6_addr a6{}, b6{};
    if (inet_pton(AF_INET6, la.constData(), &a6) == 1 && inet_pton(AF_INET6, lb.constData(), &b6) == 1)
        return std::memcmp(&a6, &b6, sizeof a6) == 0;
    in_addr a4{}, b4{};
    if (inet_pton(AF_INET, la.constData(), &a4) == 1 && inet_pton(AF_INET, lb.constData(), &b4) == 1)
        return a4.s_addr == b4.s_addr;
    return false;
}

bool parseList(const QJsonValue& value, const char* key, QList<HostPattern>* out, QStringList* errors)
{
    if (value.isUndefined())
        return true;
    if (!value.isArray()) {
        errors->append(QStringLiteral("network.%1: expected an array").arg(QLatin1String(key)));
        return false;
    }
    bool ok = true;
    for (const QJsonValue& item : value.toArray()) {
        HostPattern pattern;
        QString expected;
        if (!item.isString() || !HostPattern::parse(item.toString(), &pattern, &expected)) {
            errors->append(QStringLiteral("network.%1: %2: %3").arg(QLatin1String(key), item.toString(), expected));
            ok = false;
            continue;
        }
        out->append(pattern);
    }
    return ok;
}

} // namespace

bool EgressPolicy::fromJson(const QJsonObject& object, EgressPolicy* out, QStringList* errors)
{
    EgressPolicy policy;
    bool ok = true;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() != u"allow" && it.key() != u"deny" && it.key() != u"allow_private") {
            errors->append(QStringLiteral("network: unknown key \"%1\"").arg(it.key()));
            ok = false;
        }
    }
    ok = parseList(object.value(u"allow"), "allow", &policy.m_allow, errors) && ok;
    ok = parseList(object.value(u"deny"), "deny", &policy.m_deny, errors) && ok;
    const QJsonValue priv = object.value(u"allow_private");
    if (!priv.isUndefined() && !priv.isBool()) {
        errors->append(QStringLiteral("network.allow_private: expected true or false"));
        ok = false;
    }
    policy.m_allowPrivate = priv.toBool(false);
    if (ok)
        *out = policy;
    return ok;
}

bool EgressPolicy::addAllow(const QString& text, QString* error)
{
    HostPattern pattern;
    if (!HostPattern::parse(text, &pattern, error))
        return false;
    m_allow.append(pattern);
    return true;
}

bool EgressPolicy::addDeny(const QString& text, QString* error)
{
    HostPattern pattern;
    if (!HostPattern::parse(text, &pattern, error))
        return false;
    m_deny.append(pattern);
    return true;
}

bool EgressPolicy::matches(const HostPattern& pattern, const HostNormalizer::Host& host, int port)
{
    if (pattern.port() != 0 && pattern.port() != port)
        return false;
    if (pattern.isIpLiteral() || host.ipLiteral)
        return pattern.isIpLiteral() && host.ipLiteral && sameAddress(pattern.host(), host.name);
    if (pattern.isWildcard()) {
        // "*.example.com" is stored as written; the suffix keeps its leading dot so the match is
        // at a label boundary: "a.example.com" yes, "evilexample.com" and "example.com" no.
        const QString suffix = pattern.host().mid(1);
        return host.name.size() > suffix.size() && host.name.endsWith(suffix);
    }
    return host.name == pattern.host();
}

EgressPolicy::Decision EgressPolicy::decide(const HostNormalizer::Host& host, int port) const
{
    for (const HostPattern& p : m_deny)
        if (matches(p, host, port))
            return {Verdict::Deny, QStringLiteral("deny:") + p.text()};
    for (const HostPattern& p : m_allow)
        if (matches(p, host, port))
            return {Verdict::Allow, QStringLiteral("allow:") + p.text()};
    return {Verdict::Ask, QString()};
}

bool EgressPolicy::mayReachNonGlobal(const QString& addressText) const
{
    if (m_allowPrivate)
        return true;
    for (const HostPattern& p : m_allow)
        if (p.isIpLiteral() && sameAddress(p.host(), addressText))
            return true;
    return false;
}

} // namespace cordon
