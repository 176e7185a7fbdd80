#include "PolicyPrinter.h"

#include "LaunchSpec.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace cordon::cli {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("cordonctl", text);
}

QString from(const Provenance& p)
{
    return QStringLiteral("[%1: %2]").arg(sourceName(p.source), p.origin);
}

QString layers(quint32 bits)
{
    QStringList names;
    if (bits & spec::LayerLandlock)
        names.append(QStringLiteral("landlock"));
    if (bits & spec::LayerLandlockScopes)
        names.append(QStringLiteral("landlockScopes"));
    if (bits & spec::LayerCgroup)
        names.append(QStringLiteral("cgroup"));
    return names.isEmpty() ? tr("none (every layer required)") : names.join(QStringLiteral(", "));
}

} // namespace

QString PolicyPrinter::text(const LaunchPlan& plan, bool effective)
{
    const EffectivePolicy& p = plan.policy;
    QString out;
    auto line = [&out](const QString& s) { out += s + u'\n'; };
    line(tr("profile      %1 (%2) %3").arg(p.profileName.value, p.displayName, from(p.profileName.from)));
    if (!p.description.isEmpty())
        line(QStringLiteral("             ") + p.description);
    line(tr("locked       %1 %2").arg(p.locked.value ? tr("yes") : tr("no"), from(p.locked.from)));
    line(tr("command      %1 %2").arg(p.command.value.join(u' '), from(p.command.from)));
    line(tr("workspace    %1 (read-write)").arg(p.workspace));
    line(tr("home         %1 (a fresh, empty tmpfs; only the paths below are visible)").arg(p.home));
    line(QString());
    line(tr("filesystem"));
    for (const auto& r : p.paths) {
        if (!effective && r.from.source == Source::BuiltIn)
            continue;
        QString s = QStringLiteral("  %1 %2 -> %3 %4")
                        .arg(pathAccessName(r.access).leftJustified(8), r.rule.text(), r.hostPath, from(r.from));
        if (!r.overriddenBy.isEmpty())
            s += QStringLiteral("\n           ") + tr("not bound: %1").arg(r.overriddenBy);
        line(s);
    }
    if (plan.compiled) {
        for (const auto& s : plan.report.skipped)
            line(tr("  skipped  %1 (does not exist on this machine)").arg(s));
        for (const auto& s : plan.report.hiddenAbsent)
            line(tr("  absent   %1 (nothing shows it inside; nothing to hide)").arg(s));
        for (const auto& s : plan.report.protectedAbsent) {
            // Mirrors the compiler's rule: a guarded name under .git/ is critical.
            if (s.contains(QStringLiteral("/.git/")) || s.endsWith(QStringLiteral("/.git")))
                line(tr("  guarded  %1 (absent: if created inside, moved aside and the session ends)").arg(s));
            else
                line(tr("  guarded  %1 (absent: if created inside, moved aside)").arg(s));
        }
    }
    line(QString());
    line(tr("environment (only these enter; the launcher's other variables never do)"));
    line(tr("  always   HOME USER LOGNAME SHELL PATH CORDON_SANDBOX CORDON_PROFILE"));
    for (const auto& e : p.envPass)
        line(QStringLiteral("  pass     %1 %2").arg(e.pattern, from(e.from)));
    for (const auto& d : p.envPath)
        line(QStringLiteral("  path     %1 -> %2 %3").arg(d.rule.text(), d.hostPath, from(d.from)));
    for (const auto& e : p.envSet)
        line(QStringLiteral("  set      %1=%2 %3").arg(e.name, e.value, from(e.from)));
    for (const auto& e : p.envDeny)
        line(QStringLiteral("  deny     %1 %2").arg(e.pattern, from(e.from)));
    line(QString());
    line(tr("limits"));
    for (int i = 0; i < kLimitKeyCount; ++i) {
        const LimitKey key = Limits::keyAt(i);
        const auto& v = p.limits[i];
        QString s = QStringLiteral("  %1 ").arg(Limits::jsonKey(key).leftJustified(9));
        s += v ? Limits::format(key, v->value) + u' ' + from(v->from) : tr("no limit");
        if (const auto& c = p.ceilings.at(key))
            s += u' ' + tr("(ceiling %1 from %2)").arg(Limits::format(key, c->value), c->file);
        line(s);
    }
    line(QString());
    line(tr("network      loopback only: the egress proxy that will enforce the list below is not part of this "
            "version, so no host is reachable yet"));
    for (const auto& h : p.networkAllow)
        line(QStringLiteral("  allow    %1 %2").arg(h.host.text(), from(h.from)));
    for (const auto& h : p.networkDeny)
        line(QStringLiteral("  deny     %1 %2").arg(h.host.text(), from(h.from)));
    line(tr("best-effort  %1 %2").arg(layers(p.bestEffort.value), from(p.bestEffort.from)));
    if (!p.managedFiles.isEmpty())
        line(tr("managed      %1").arg(p.managedFiles.join(QStringLiteral(", "))));
    if (!plan.compiled)
        line(QString() + u'\n' + tr("a launch would be refused: %1").arg(plan.compileError.message));
    return out;
}

QJsonObject PolicyPrinter::json(const LaunchPlan& plan)
{
    QJsonObject o = plan.policy.toJson();
    QJsonObject compile{{QStringLiteral("ok"), plan.compiled}};
    if (plan.compiled) {
        compile.insert(QStringLiteral("skipped"), QJsonArray::fromStringList(plan.report.skipped));
        compile.insert(QStringLiteral("hiddenAbsent"), QJsonArray::fromStringList(plan.report.hiddenAbsent));
        compile.insert(QStringLiteral("protectedAbsent"), QJsonArray::fromStringList(plan.report.protectedAbsent));
    } else {
        compile.insert(QStringLiteral("error"), plan.compileError.message);
        compile.insert(QStringLiteral("exitCode"), toInt(plan.compileError.code));
    }
    o.insert(QStringLiteral("launch"), compile);
    return o;
}

} // namespace cordon::cli
