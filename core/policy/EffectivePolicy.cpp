#include "EffectivePolicy.h"

#include "Duration.h"
#include "LaunchSpec.h"

#include <QJsonArray>

namespace cordon {

namespace {

QJsonObject with(QJsonObject o, const Provenance& p)
{
    o.insert(QStringLiteral("source"), sourceName(p.source));
    o.insert(QStringLiteral("origin"), p.origin);
    return o;
}

QJsonArray layersJson(quint32 bits)
{
    QJsonArray a;
    if (bits & spec::LayerLandlock)
        a.append(QStringLiteral("landlock"));
    if (bits & spec::LayerLandlockScopes)
        a.append(QStringLiteral("landlockScopes"));
    if (bits & spec::LayerCgroup)
        a.append(QStringLiteral("cgroup"));
    return a;
}

QJsonObject sourceJson(const ProfileSecret& s)
{
    switch (s.sourceKind) {
    case ProfileSecret::SourceKind::Env: return QJsonObject{{QStringLiteral("env"), s.sourceEnv}};
    case ProfileSecret::SourceKind::File: return QJsonObject{{QStringLiteral("file"), s.sourceFile.text()}};
    case ProfileSecret::SourceKind::Keyring: {
        QJsonObject attributes;
        for (const auto& [attribute, value] : s.keyringAttributes)
            attributes.insert(attribute, value);
        return QJsonObject{{QStringLiteral("keyring"), attributes}};
    }
    }
    return {};
}

QJsonObject secretJson(const EffectiveSecret& e)
{
    const ProfileSecret& s = e.secret;
    QJsonObject o{{QStringLiteral("name"), s.name}, {QStringLiteral("from"), sourceJson(s)},
        {QStringLiteral("deliver"), ProfileSecret::deliveryName(s.deliver)},
        {QStringLiteral("allowAlways"),
            with(QJsonObject{{QStringLiteral("value"), e.allowAlways.value}}, e.allowAlways.from)}};
    if (s.deliver == ProfileSecret::Delivery::Env)
        o.insert(QStringLiteral("as"), s.envName);
    else
        o.insert(QStringLiteral("ttl"), Duration::format(s.ttlSeconds));
    if (s.deliver == ProfileSecret::Delivery::File)
        o.insert(QStringLiteral("path"), ProfileSecret::deliveryDirectory() + u'/' + s.name);
    if (e.isDenied())
        o.insert(QStringLiteral("deniedBy"), e.deniedBy);
    if (e.alwaysGranted)
        o.insert(QStringLiteral("alwaysGranted"), with(QJsonObject{}, *e.alwaysGranted));
    return with(o, e.from);
}

} // namespace

QString pathAccessName(PathAccess access)
{
    switch (access) {
    case PathAccess::Read: return QStringLiteral("read");
    case PathAccess::Write: return QStringLiteral("write");
    case PathAccess::Hide: return QStringLiteral("hide");
    case PathAccess::Protect: return QStringLiteral("protect");
    }
    return {};
}

QJsonObject EffectivePolicy::toJson() const
{
    QJsonObject o;
    o.insert(
        QStringLiteral("profile"), with(QJsonObject{{QStringLiteral("value"), profileName.value}}, profileName.from));
    o.insert(QStringLiteral("command"),
        with(QJsonObject{{QStringLiteral("value"), QJsonArray::fromStringList(command.value)}}, command.from));
    o.insert(QStringLiteral("home"), home);
    o.insert(QStringLiteral("workspace"), workspace);
    o.insert(QStringLiteral("locked"), with(QJsonObject{{QStringLiteral("value"), locked.value}}, locked.from));

    QJsonArray pathArray;
    for (const auto& p : paths) {
        QJsonObject e{{QStringLiteral("access"), pathAccessName(p.access)}, {QStringLiteral("path"), p.rule.text()},
            {QStringLiteral("hostPath"), p.hostPath}};
        if (!p.overriddenBy.isEmpty())
            e.insert(QStringLiteral("overriddenBy"), p.overriddenBy);
        pathArray.append(with(e, p.from));
    }
    o.insert(QStringLiteral("filesystem"), pathArray);

    QJsonArray pass, set, deny;
    for (const auto& e : envPass)
        pass.append(with(QJsonObject{{QStringLiteral("pattern"), e.pattern}}, e.from));
    for (const auto& e : envSet)
        set.append(with(QJsonObject{{QStringLiteral("name"), e.name}, {QStringLiteral("value"), e.value}}, e.from));
    for (const auto& e : envDeny)
        deny.append(with(QJsonObject{{QStringLiteral("pattern"), e.pattern}}, e.from));
    QJsonArray pathDirs;
    for (const auto& d : envPath)
        pathDirs.append(with(
            QJsonObject{{QStringLiteral("path"), d.rule.text()}, {QStringLiteral("hostPath"), d.hostPath}}, d.from));
    o.insert(QStringLiteral("environment"), QJsonObject{{QStringLiteral("pass"), pass}, {QStringLiteral("set"), set},
                                                {QStringLiteral("deny"), deny}, {QStringLiteral("path"), pathDirs}});

    QJsonObject limitsJson;
    for (int i = 0; i < kLimitKeyCount; ++i) {
        const LimitKey key = Limits::keyAt(i);
        const auto& v = limits[i];
        QJsonObject e;
        if (v)
            e = with(QJsonObject{{QStringLiteral("value"), Limits::toJson(key, v->value)}}, v->from);
        else
            e = QJsonObject{{QStringLiteral("value"), QJsonValue::Null},
                {QStringLiteral("source"), sourceName(Source::BuiltIn)},
                {QStringLiteral("origin"), QStringLiteral("no limit")}};
        if (const auto& c = ceilings.at(key))
            e.insert(QStringLiteral("ceiling"), QJsonObject{{QStringLiteral("value"), Limits::toJson(key, c->value)},
                                                    {QStringLiteral("origin"), c->file}});
        limitsJson.insert(Limits::jsonKey(key), e);
    }
    o.insert(QStringLiteral("limits"), limitsJson);

    QJsonArray allow, denyHosts;
    for (const auto& h : networkAllow)
        allow.append(with(QJsonObject{{QStringLiteral("host"), h.host.text()}}, h.from));
    for (const auto& h : networkDeny)
        denyHosts.append(with(QJsonObject{{QStringLiteral("host"), h.host.text()}}, h.from));
    QJsonObject askTimeoutJson =
        with(QJsonObject{{QStringLiteral("value"), Duration::format(askTimeout.value)}}, askTimeout.from);
    if (askTimeoutCeiling)
        askTimeoutJson.insert(QStringLiteral("ceiling"),
            QJsonObject{{QStringLiteral("value"), Duration::format(askTimeoutCeiling->value)},
                {QStringLiteral("origin"), askTimeoutCeiling->file}});
    QJsonObject grantsJson{{QStringLiteral("file"), grants.file}, {QStringLiteral("present"), grants.present}};
    if (!grants.ignoredReason.isEmpty())
        grantsJson.insert(QStringLiteral("ignored"), grants.ignoredReason);
    if (!grants.problem.isEmpty())
        grantsJson.insert(QStringLiteral("problem"), grants.problem);
    if (!grants.ignoredNetworkAllow.isEmpty())
        grantsJson.insert(QStringLiteral("ignoredAllow"), QJsonArray::fromStringList(grants.ignoredNetworkAllow));
    if (!grants.ignoredSecrets.isEmpty())
        grantsJson.insert(QStringLiteral("ignoredSecrets"), QJsonArray::fromStringList(grants.ignoredSecrets));
    o.insert(QStringLiteral("network"),
        QJsonObject{{QStringLiteral("allow"), allow}, {QStringLiteral("deny"), denyHosts},
            {QStringLiteral("enforced"), false}, {QStringLiteral("askTimeout"), askTimeoutJson},
            {QStringLiteral("unattended"),
                with(QJsonObject{{QStringLiteral("value"), unattendedModeName(unattended.value)}}, unattended.from)},
            {QStringLiteral("allowAlways"),
                with(QJsonObject{{QStringLiteral("value"), allowAlways.value}}, allowAlways.from)},
            {QStringLiteral("grants"), grantsJson}});
    o.insert(QStringLiteral("promptsAllowed"),
        with(QJsonObject{{QStringLiteral("value"), promptsAllowed.value}}, promptsAllowed.from));
    QJsonArray secretsJson;
    for (const auto& e : secrets)
        secretsJson.append(secretJson(e));
    o.insert(QStringLiteral("secrets"), secretsJson);
    o.insert(QStringLiteral("bestEffort"),
        with(QJsonObject{{QStringLiteral("value"), layersJson(bestEffort.value)}}, bestEffort.from));
    o.insert(QStringLiteral("cordonTools"), cordonTools);
    o.insert(QStringLiteral("managedFiles"), QJsonArray::fromStringList(managedFiles));
    return o;
}

} // namespace cordon
