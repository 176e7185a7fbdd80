#include "PolicyResolver.h"

#include "EnvPattern.h"

#include <QCoreApplication>

namespace cordon {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("cordon", text);
}

const QString kBuiltInDefaults = QStringLiteral("built-in defaults");

void addRules(EffectivePolicy* p, const QList<PathRule>& rules, PathAccess access, const Provenance& from)
{
    for (const auto& r : rules)
        p->paths.append(EffectivePathRule{access, r, r.expand(p->home, p->workspace), from, QString()});
}

bool refuse(PolicyError* error, ExitCode code, const QString& message)
{
    error->code = code;
    error->message = message;
    return false;
}

} // namespace

bool PolicyResolver::resolve(const ResolveRequest& request, EffectivePolicy* out, PolicyError* error)
{
    const Profile& profile = request.profile;
    const ManagedPolicy& managed = request.managed;
    const Provenance fromProfile{request.profileSource, profile.origin};
    const QString lockedBy = managed.lockingFile(profile.name);

    EffectivePolicy p;
    p.home = request.home;
    p.workspace = request.workspace;
    p.profileName = {profile.name, fromProfile};
    p.displayName = profile.displayName.isEmpty() ? profile.name : profile.displayName;
    p.description = profile.description;
    p.command = {profile.command, fromProfile};
    p.cordonTools = profile.cordonTools;
    p.locked = lockedBy.isEmpty() ? Sourced<bool>{false, {Source::BuiltIn, kBuiltInDefaults}}
                                  : Sourced<bool>{true, {Source::Organization, lockedBy}};
    for (const auto& f : managed.policies)
        p.managedFiles.append(f.path);
    for (const auto& mp : managed.profiles)
        p.managedFiles.append(mp.origin);

    // 1. Built-in defaults.
    const Provenance builtIn{Source::BuiltIn, kBuiltInDefaults};
    p.limit(LimitKey::TmpSize) = Sourced<qint64>{kDefaultTmpSize, builtIn};
    p.envPass.append({QStringLiteral("TERM"), builtIn});
    p.envPass.append({QStringLiteral("LANG"), builtIn});

    // 2. The profile.
    addRules(&p, profile.read, PathAccess::Read, fromProfile);
    addRules(&p, profile.write, PathAccess::Write, fromProfile);
    addRules(&p, profile.hide, PathAccess::Hide, fromProfile);
    if (profile.protect) {
        addRules(&p, *profile.protect, PathAccess::Protect, fromProfile);
    } else {
        for (const QString& text : Profile::defaultProtectedPaths()) {
            PathRule rule;
            QString expected;
            if (PathRule::parse(text, &rule, &expected))
                addRules(&p, {rule}, PathAccess::Protect, builtIn);
        }
    }
    for (const auto& e : profile.envPass)
        p.envPass.append({e, fromProfile});
    for (const auto& [name, value] : profile.envSet)
        p.envSet.append({name, value, fromProfile});
    for (const auto& dir : profile.envPath)
        p.envPath.append(
            EffectivePathRule{PathAccess::Read, dir, dir.expand(p.home, p.workspace), fromProfile, QString()});
    for (int i = 0; i < kLimitKeyCount; ++i)
        if (const auto v = profile.limits.value(Limits::keyAt(i)))
            p.limits[i] = Sourced<qint64>{*v, fromProfile};
    for (const auto& h : profile.networkAllow)
        p.networkAllow.append({h, fromProfile});
    for (const auto& h : profile.networkDeny)
        p.networkDeny.append({h, fromProfile});
    p.bestEffort = {profile.bestEffort, profile.bestEffort ? fromProfile : builtIn};

    // 3. The command line. A locked profile launches as is: options that widen what the sandbox
    // sees or holds are refused; tightening (--hide, lower limits) is fine.
    const CommandLineOverrides& cli = request.commandLine;
    if (!lockedBy.isEmpty()) {
        const char* loosening = nullptr;
        if (!cli.readOnly.isEmpty())
            loosening = "--ro";
        else if (!cli.readWrite.isEmpty())
            loosening = "--rw";
        else if (!cli.envNames.isEmpty())
            loosening = "--env";
        if (loosening)
            return refuse(error, ExitCode::PolicyDenied,
                tr("profile \"%1\" is locked by %2: %3 would loosen it")
                    .arg(profile.name, lockedBy, QString::fromLatin1(loosening)));
    }
    for (int i = 0; i < kLimitKeyCount; ++i) {
        const LimitKey key = Limits::keyAt(i);
        const auto v = cli.limits.value(key);
        if (!v)
            continue;
        if (!lockedBy.isEmpty() && p.limits[i] && *v > p.limits[i]->value)
            return refuse(error, ExitCode::PolicyDenied,
                tr("profile \"%1\" is locked by %2: %3 %4 would raise its limit of %5")
                    .arg(profile.name, lockedBy, Limits::optionName(key), Limits::format(key, *v),
                        Limits::format(key, p.limits[i]->value)));
        p.limits[i] = Sourced<qint64>{*v, {Source::CommandLine, Limits::optionName(key)}};
    }
    addRules(&p, cli.readOnly, PathAccess::Read, {Source::CommandLine, QStringLiteral("--ro")});
    addRules(&p, cli.readWrite, PathAccess::Write, {Source::CommandLine, QStringLiteral("--rw")});
    addRules(&p, cli.hide, PathAccess::Hide, {Source::CommandLine, QStringLiteral("--hide")});
    for (const auto& name : cli.envNames)
        p.envPass.append({name, {Source::CommandLine, QStringLiteral("--env")}});

    // 4. The organization's policy, last, so that it wins.
    for (const auto& f : managed.policies) {
        addRules(&p, f.hide, PathAccess::Hide, {Source::Organization, f.path});
        for (const auto& d : f.envDeny)
            p.envDeny.append({d, {Source::Organization, f.path}});
    }
    for (int i = 0; i < kLimitKeyCount; ++i) {
        const LimitKey key = Limits::keyAt(i);
        const auto ceiling = managed.ceiling(key);
        if (!ceiling)
            continue;
        p.ceilings.at(key) = ceiling;
        auto& v = p.limits[i];
        if (v && v->value <= ceiling->value)
            continue;
        if (v && v->from.source == Source::CommandLine)
            return refuse(error, ExitCode::PolicyDenied,
                tr("%1 %2 is above the maximum of %3 set by %4")
                    .arg(Limits::optionName(key), Limits::format(key, v->value), Limits::format(key, ceiling->value),
                        ceiling->file));
        v = Sourced<qint64>{ceiling->value, {Source::Organization, ceiling->file}};
    }
    const QString forbidFile = managed.forbidBestEffortFile();
    if (!forbidFile.isEmpty())
        p.bestEffort = {0, {Source::Organization, forbidFile}};

    // 5. A hide beats every read/write rule on the same path or below it, whatever its layer
    // (a managed hide of ~/.ssh wins over a profile's "write: ~/.ssh/known_hosts"). A hide below a
    // bound path needs nothing here: the compiler mounts hides last, over the binds.
    for (const auto& hidden : std::as_const(p.paths)) {
        if (hidden.access != PathAccess::Hide)
            continue;
        if (isSameOrParentPath(hidden.hostPath, p.workspace))
            return refuse(error,
                hidden.from.source == Source::Organization ? ExitCode::PolicyDenied : ExitCode::PathRefused,
                tr("the workspace %1 lies inside the hidden path %2 (from %3)")
                    .arg(p.workspace, hidden.rule.text(), hidden.from.origin));
        for (auto& r : p.paths) {
            if ((r.access == PathAccess::Read || r.access == PathAccess::Write || r.access == PathAccess::Protect) &&
                r.overriddenBy.isEmpty() && isSameOrParentPath(hidden.hostPath, r.hostPath))
                r.overriddenBy = tr("hidden by %1 (%2)").arg(hidden.rule.text(), hidden.from.origin);
        }
    }

    *out = p;
    return true;
}

} // namespace cordon
