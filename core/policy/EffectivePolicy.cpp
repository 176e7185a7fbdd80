#include "EffectivePolicy.h"

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
    o.insert(QStringLiteral("network"), QJsonObject{{QStringLiteral("allow"), allow},
                                            {QStringLiteral("deny"), denyHosts}, {QStringLiteral("enforced"), false}});
    o.insert(QStringLiteral("bestEffort"),
        with(QJsonObject{{QStringLiteral("value"), layersJson(bestEffort.value)}}, bestEffort.from));
    o.insert(QStringLiteral("cordonTools"), cordonTools);
    o.insert(QStringLiteral("managedFiles"), QJsonArray::fromStringList(managedFiles));
    return o;
}

} // namespace cordon
