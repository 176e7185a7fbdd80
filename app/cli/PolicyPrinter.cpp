#include "PolicyPrinter.h"

#include "Duration.h"
#include "LaunchSpec.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <functional>

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

QString deliveryText(const ProfileSecret& s)
{
    switch (s.deliver) {
    case ProfileSecret::Delivery::Env: return tr("as the variable %1 at launch").arg(s.envName);
    case ProfileSecret::Delivery::File:
        return tr("as the file %1/%2 (mode 0400), removed after %3")
            .arg(ProfileSecret::deliveryDirectory(), s.name, Duration::format(s.ttlSeconds));
    case ProfileSecret::Delivery::Request:
        return tr("when the agent runs cordon-request secret %1; a grant holds %2")
            .arg(s.name, Duration::format(s.ttlSeconds));
    }
    return {};
}

void printQuestions(const EffectivePolicy& p, const std::function<void(const QString&)>& line)
{
    if (p.promptsAllowed.value) {
        QString ask = tr("  ask      an unsettled host is asked about; the answer is awaited up to %1 %2")
                          .arg(Duration::format(p.askTimeout.value), from(p.askTimeout.from));
        if (p.askTimeoutCeiling)
            ask +=
                u' ' +
                tr("(ceiling %1 from %2)").arg(Duration::format(p.askTimeoutCeiling->value), p.askTimeoutCeiling->file);
        line(ask);
        line(p.unattended.value == UnattendedMode::Wait
                 ? tr("  unattended wait: with no client connected, a question waits up to the ask timeout for one "
                      "%1")
                       .arg(from(p.unattended.from))
                 : tr("  unattended deny: with no client connected, an unsettled host is denied at once %1")
                       .arg(from(p.unattended.from)));
    }
    line(tr("  prompts  %1 %2")
             .arg(p.promptsAllowed.value
                      ? tr("allowed")
                      : tr("forbidden: unsettled hosts and secret requests are denied without asking"),
                 from(p.promptsAllowed.from)));
    line(tr("  always   %1 %2")
             .arg(p.allowAlways.value ? tr("\"always\" may be offered; saved answers apply")
                                      : tr("\"always\" is not offered; saved answers do not apply"),
                 from(p.allowAlways.from)));
    const EffectiveGrants& g = p.grants;
    if (g.file.isEmpty())
        return;
    if (!g.problem.isEmpty())
        line(tr("  grants   %1: not used until fixed: %2").arg(g.file, g.problem));
    else if (!g.present)
        line(tr("  grants   %1 (none saved yet)").arg(g.file));
    else if (!g.ignoredReason.isEmpty())
        line(tr("  grants   %1 ignored: %2").arg(g.file, g.ignoredReason));
    else
        line(tr("  grants   %1").arg(g.file));
    if (!g.ignoredNetworkAllow.isEmpty())
        line(tr("           not applied: %1").arg(g.ignoredNetworkAllow.join(QStringLiteral(", "))));
    if (!g.ignoredSecrets.isEmpty())
        line(tr("           secret answers not applied: %1").arg(g.ignoredSecrets.join(QStringLiteral(", "))));
}

void printSecrets(const EffectivePolicy& p, const std::function<void(const QString&)>& line)
{
    if (p.secrets.isEmpty()) {
        line(tr("secrets      none: the agent is given no secret and cannot ask for one"));
        return;
    }
    line(p.promptsAllowed.value
             ? tr("secrets      values are never shown, only names; each delivery is asked for unless answered "
                  "\"always\" before")
             : tr("secrets      values are never shown, only names; prompts are forbidden, so only a secret answered "
                  "\"always\" before is delivered"));
    for (const auto& e : p.secrets) {
        line(QStringLiteral("  %1 %2").arg(e.secret.name.leftJustified(8), from(e.from)));
        line(tr("           from %1, delivered %2").arg(e.secret.sourceText(), deliveryText(e.secret)));
        if (e.isDenied()) {
            line(tr("           never delivered: %1").arg(e.deniedBy));
            continue;
        }
        line(tr("           always   %1 %2")
                 .arg(e.allowAlways.value ? tr("may be offered") : tr("not offered"), from(e.allowAlways.from)));
        if (e.alwaysGranted)
            line(tr("           answered \"always\": delivered without asking %1").arg(from(*e.alwaysGranted)));
    }
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
    if (!p.networkDeny.isEmpty())
        line(tr("           deny rules are checked first: they win over every allow, saved answers included"));
    printQuestions(p, line);
    line(QString());
    printSecrets(p, line);
    line(QString());
    line(tr("best-effort  %1 %2").arg(layers(p.bestEffort.value), from(p.bestEffort.from)));
    if (!p.managedFiles.isEmpty())
        line(tr("managed      %1").arg(p.managedFiles.join(QStringLiteral(", "))));
    if (!plan.compiled)
        line(QString() + u'\n' + tr("a launch would be refused: %1").arg(plan.compileError.message));
    return out;
}

QJsonObject PolicyPrinter::json(const LaunchPlan& plan)
{
    return LaunchPlanner::json(plan);
}

} // namespace cordon::cli
