#pragma once
// Field-by-field comparison of two profiles for round-trip tests (Profile has no operator==, and
// comparing two serializations would hide a field that the writer drops). Returns the first
// difference, or an empty string when the profiles are equal. `origin` is not compared: it names
// the file a profile was read from.

#include "Profile.h"

#include <QStringList>

#include <optional>
#include <type_traits>

namespace cordon::test {

inline QString pathTexts(const QList<PathRule>& rules)
{
    QStringList out;
    for (const auto& r : rules)
        out.append(QString::number(static_cast<int>(r.base())) + u'|' + r.text() + u'|' + r.relative());
    return out.join(u',');
}

inline QString hostTexts(const QList<HostPattern>& hosts)
{
    QStringList out;
    for (const auto& h : hosts)
        out.append(h.text() + u'|' + QString::number(h.port()) + u'|' + (h.isWildcard() ? u'w' : u'-') +
                   (h.isIpLiteral() ? u'i' : u'-'));
    return out.join(u',');
}

template <typename T>
QString optionalText(const std::optional<T>& v)
{
    if (!v)
        return QStringLiteral("(unset)");
    if constexpr (std::is_same_v<T, bool>)
        return *v ? QStringLiteral("true") : QStringLiteral("false");
    else
        return QString::number(static_cast<qint64>(*v));
}

inline QString secretText(const ProfileSecret& s)
{
    QStringList attributes;
    for (const auto& [a, v] : s.keyringAttributes)
        attributes.append(a + u'=' + v);
    return QStringList{s.name, QString::number(static_cast<int>(s.sourceKind)), s.sourceEnv, pathTexts({s.sourceFile}),
        attributes.join(u';'), QString::number(static_cast<int>(s.deliver)), s.envName, QString::number(s.ttlSeconds),
        optionalText(s.allowAlways)}
        .join(u'|');
}

inline QString profileDifference(const Profile& a, const Profile& b)
{
    auto differ = [](const char* what, const QString& x, const QString& y) {
        return x == y ? QString() : QStringLiteral("%1: \"%2\" != \"%3\"").arg(QString::fromLatin1(what), x, y);
    };
    QStringList checks;
    checks << differ("schemaVersion", QString::number(a.schemaVersion), QString::number(b.schemaVersion));
    checks << differ("name", a.name, b.name) << differ("displayName", a.displayName, b.displayName)
           << differ("description", a.description, b.description) << differ("icon", a.icon, b.icon)
           << differ("command", a.command.join(QChar(0x1f)), b.command.join(QChar(0x1f)));
    checks << differ("read", pathTexts(a.read), pathTexts(b.read))
           << differ("write", pathTexts(a.write), pathTexts(b.write))
           << differ("hide", pathTexts(a.hide), pathTexts(b.hide))
           << differ("protect", a.protect ? pathTexts(*a.protect) : QStringLiteral("(default)"),
                  b.protect ? pathTexts(*b.protect) : QStringLiteral("(default)"));
    auto setText = [](const Profile& p) {
        QStringList out;
        for (const auto& [n, v] : p.envSet)
            out.append(n + u'=' + v);
        return out.join(QChar(0x1f));
    };
    checks << differ("envPass", a.envPass.join(u','), b.envPass.join(u',')) << differ("envSet", setText(a), setText(b))
           << differ("envPath", pathTexts(a.envPath), pathTexts(b.envPath));
    for (int i = 0; i < kLimitKeyCount; ++i) {
        const LimitKey key = Limits::keyAt(i);
        checks << differ("limits", Limits::jsonKey(key) + u'=' + optionalText(a.limits.value(key)),
            Limits::jsonKey(key) + u'=' + optionalText(b.limits.value(key)));
    }
    checks << differ("networkAllow", hostTexts(a.networkAllow), hostTexts(b.networkAllow))
           << differ("networkDeny", hostTexts(a.networkDeny), hostTexts(b.networkDeny))
           << differ("askTimeout", optionalText(a.askTimeout), optionalText(b.askTimeout))
           << differ("unattended", a.unattended ? unattendedModeName(*a.unattended) : QStringLiteral("(unset)"),
                  b.unattended ? unattendedModeName(*b.unattended) : QStringLiteral("(unset)"))
           << differ("allowAlways", optionalText(a.allowAlways), optionalText(b.allowAlways));
    QStringList sa, sb;
    for (const auto& s : a.secrets)
        sa.append(secretText(s));
    for (const auto& s : b.secrets)
        sb.append(secretText(s));
    checks << differ("secrets", sa.join(QChar(0x1e)), sb.join(QChar(0x1e)))
           << differ("bestEffort", QString::number(a.bestEffort), QString::number(b.bestEffort))
           << differ("cordonTools", QString::number(a.cordonTools), QString::number(b.cordonTools));
    for (const auto& c : checks)
        if (!c.isEmpty())
            return c;
    return {};
}

} // namespace cordon::test
