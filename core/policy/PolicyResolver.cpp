#include "PolicyResolver.h"

#include "AlwaysGrantStore.h"
#include "EnvPattern.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

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

EffectiveSecret* findSecret(EffectivePolicy* p, const QString& name)
{
    for (auto& e : p->secrets)
        if (e.secret.name == name)
            return &e;
    return nullptr;
}

// The sandbox never writes its own policy (DESIGN, rule 6): when a write rule shows the grants
// directory, a read rule over it keeps it read-only inside (guarded if absent, like the agents'
// settings files), so that an agent cannot save "always" answers for itself.
void protectGrantsDirectory(EffectivePolicy* p, const QString& directory, const Provenance& from)
{
    PathRule rule;
    QString expected;
    if (directory.isEmpty() || !PathRule::parse(QDir::cleanPath(directory), &rule, &expected) ||
        rule.base() != PathRule::Base::Absolute)
        return;
    const QString hostPath = rule.expand(p->home, p->workspace);
    for (const auto& r : std::as_const(p->paths)) {
        if (r.access == PathAccess::Write && isSameOrParentPath(r.hostPath, hostPath)) {
            p->paths.append(EffectivePathRule{PathAccess::Read, rule, hostPath, from, QString()});
            return;
        }
    }
}

// Step 5: the person's saved "always" answers, unless "always" is off for this launch.
void applyGrants(EffectivePolicy* p, const QString& directory, const QString& profileName, const QString& ignoredReason)
{
    if (directory.isEmpty())
        return;
    const AlwaysGrantStore store(directory);
    p->grants.file = store.filePath(profileName);
    AlwaysGrants saved;
    QString problem;
    if (!store.read(profileName, &saved, &problem)) {
        p->grants.problem = problem;
        return;
    }
    p->grants.present = !saved.isEmpty() || QFileInfo::exists(p->grants.file);
    const Provenance fromGrants{Source::Grant, p->grants.file};
    p->grants.ignoredReason = saved.isEmpty() ? QString() : ignoredReason;
    for (const auto& h : saved.networkAllow) {
        if (!ignoredReason.isEmpty()) {
            p->grants.ignoredNetworkAllow.append(h.text());
            continue;
        }
        bool already = false;
        for (const auto& existing : std::as_const(p->networkAllow))
            already = already || existing.host.text() == h.text();
        if (!already)
            p->networkAllow.append({h, fromGrants});
    }
    for (const auto& name : saved.secrets) {
        EffectiveSecret* e = findSecret(p, name);
        // An answer for a secret the profile no longer declares, one the organization denies, or
        // one that may not be answered "always" adds nothing: saved answers never widen a profile.
        if (!e || e->isDenied() || !e->allowAlways.value) {
            p->grants.ignoredSecrets.append(name);
            continue;
        }
        e->alwaysGranted = fromGrants;
    }
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
    p.askTimeout = profile.askTimeout ? Sourced<qint64>{*profile.askTimeout, fromProfile}
                                      : Sourced<qint64>{Profile::kDefaultAskTimeout, builtIn};
    p.unattended = profile.unattended ? Sourced<UnattendedMode>{*profile.unattended, fromProfile}
                                      : Sourced<UnattendedMode>{UnattendedMode::Deny, builtIn};
    p.allowAlways =
        profile.allowAlways ? Sourced<bool>{*profile.allowAlways, fromProfile} : Sourced<bool>{true, builtIn};
    p.promptsAllowed = {true, builtIn};
    for (const auto& s : profile.secrets) {
        EffectiveSecret e;
        e.secret = s;
        e.from = fromProfile;
        e.allowAlways = s.allowAlways ? Sourced<bool>{*s.allowAlways, fromProfile} : Sourced<bool>{false, builtIn};
        p.secrets.append(e);
    }

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
    for (const auto& f : managed.policies)
        for (const auto& h : f.networkDeny)
            p.networkDeny.append({h, {Source::Organization, f.path}});

    // Questions. A ceiling caps the time an agent may keep a connection waiting for a person.
    if (const auto ceiling = managed.askTimeoutCeiling()) {
        p.askTimeoutCeiling = ceiling;
        if (p.askTimeout.value > ceiling->value)
            p.askTimeout = {ceiling->value, {Source::Organization, ceiling->file}};
    }
    const QString forbidPrompts = managed.forbidPromptsFile();
    if (!forbidPrompts.isEmpty()) {
        // Nothing is asked, so nothing is waited for either.
        p.promptsAllowed = {false, {Source::Organization, forbidPrompts}};
        p.unattended = {UnattendedMode::Deny, {Source::Organization, forbidPrompts}};
    }
    // A locked profile launches as is: an "always" answer would widen it for good.
    const QString forbidAlways = managed.forbidAlwaysFile();
    QString noAlwaysReason;
    if (!forbidAlways.isEmpty()) {
        p.allowAlways = {false, {Source::Organization, forbidAlways}};
        noAlwaysReason = tr("\"always\" answers are forbidden by %1 (forbidAlways)").arg(forbidAlways);
    } else if (!lockedBy.isEmpty()) {
        p.allowAlways = {false, {Source::Organization, lockedBy}};
        noAlwaysReason =
            tr("profile \"%1\" is locked by %2, so \"always\" answers do not apply").arg(profile.name, lockedBy);
    } else if (!p.allowAlways.value) {
        noAlwaysReason = tr("the profile sets network.allowAlways to false (%1)").arg(p.allowAlways.from.origin);
    }
    for (auto& e : p.secrets) {
        QString denyingFile = managed.secretDenyingFile(e.secret.name);
        if (!denyingFile.isEmpty()) {
            e.deniedBy = tr("denied by managed policy (%1)").arg(denyingFile);
        } else if (e.secret.deliver == ProfileSecret::Delivery::Env) {
            // environment.deny says which variables never exist inside; a secret does not get round it.
            for (const auto& f : managed.policies) {
                for (const auto& pattern : f.envDeny) {
                    if (e.deniedBy.isEmpty() && EnvPattern::matches(pattern, e.secret.envName)) {
                        denyingFile = f.path;
                        e.deniedBy = tr("denied by managed policy (%1): the variable %2 matches environment.deny %3")
                                         .arg(f.path, e.secret.envName, pattern);
                    }
                }
            }
        }
        if (e.isDenied())
            e.allowAlways = {false, {Source::Organization, denyingFile}};
        else if (e.allowAlways.value && !forbidAlways.isEmpty())
            e.allowAlways = {false, {Source::Organization, forbidAlways}};
        else if (e.allowAlways.value && !lockedBy.isEmpty())
            e.allowAlways = {false, {Source::Organization, lockedBy}};
    }

    // 5. The person's saved "always" answers: allow rules (deny rules, the organization's included,
    // are checked first and still win), and secrets that may be delivered without asking.
    applyGrants(&p, request.grantsDirectory, profile.name, noAlwaysReason);
    protectGrantsDirectory(&p, request.grantsDirectory, builtIn);

    // 6. A hide beats every read/write rule on the same path or below it, whatever its layer
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
