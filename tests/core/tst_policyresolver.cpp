// Merging the layers: built-in <- profile <- command line <- managed policy, with the source and
// origin of every value; managed hides beat rules, ceilings cap, locked profiles refuse loosening.

#include "AlwaysGrantStore.h"
#include "EgressPolicy.h"
#include "ManagedPolicyLoader.h"
#include "PolicyResolver.h"
#include "ProfileParser.h"

#include "LaunchSpec.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace cordon;

Q_DECLARE_METATYPE(cordon::Source)

namespace {

const QString kManagedFile = QStringLiteral("/etc/cordon/managed.d/10-corp.json");

Profile profileFrom(const QByteArray& json)
{
    Profile p;
    QStringList errors;
    if (!ProfileParser::parse(json, QStringLiteral("/home/u/.config/cordon/profiles/p.json"), &p, &errors))
        qFatal("fixture profile invalid: %s", qPrintable(errors.join(u'\n')));
    return p;
}

ManagedPolicy managedFrom(const QByteArray& json)
{
    ManagedPolicy m;
    QStringList errors;
    if (!ManagedPolicyLoader::parseFile(json, kManagedFile, &m, &errors))
        qFatal("fixture policy invalid: %s", qPrintable(errors.join(u'\n')));
    return m;
}

ResolveRequest request(const Profile& p, const ManagedPolicy& m = {})
{
    ResolveRequest r;
    r.profile = p;
    r.managed = m;
    r.home = QStringLiteral("/home/u");
    r.workspace = QStringLiteral("/home/u/src/proj");
    return r;
}

HostPattern host(const QString& text)
{
    HostPattern h;
    QString expected;
    if (!HostPattern::parse(text, &h, &expected))
        qFatal("bad host pattern");
    return h;
}

const EffectiveHost* findHost(const QList<EffectiveHost>& list, const QString& text)
{
    for (const auto& h : list)
        if (h.host.text() == text)
            return &h;
    return nullptr;
}

const EffectiveSecret* findSecret(const EffectivePolicy& p, const QString& name)
{
    for (const auto& s : p.secrets)
        if (s.secret.name == name)
            return &s;
    return nullptr;
}

// What the egress proxy would decide for host:port under this effective policy's lists.
EgressPolicy::Verdict decide(const EffectivePolicy& p, const QString& name, int port)
{
    EgressPolicy egress;
    QString error;
    for (const auto& h : p.networkDeny)
        if (!egress.addDeny(h.host.text(), &error))
            qFatal("deny pattern refused");
    for (const auto& h : p.networkAllow)
        if (!egress.addAllow(h.host.text(), &error))
            qFatal("allow pattern refused");
    HostNormalizer::Host normalized;
    if (!HostNormalizer::normalize(name.toUtf8(), &normalized, &error))
        qFatal("bad host");
    return egress.decide(normalized, port).verdict;
}

// A profile with a network list and three secrets, one of each delivery.
const QByteArray kAskingProfile = R"({"schemaVersion":1,"name":"agent","command":["agent"],
    "filesystem":{"write":["~/.agent"]},
    "network":{"allow":["api.example.com:443"]},
    "secrets":[
        {"name":"GITHUB_TOKEN","from":{"env":"GITHUB_TOKEN"},"deliver":"env","allowAlways":true},
        {"name":"NPM_TOKEN","from":{"file":"~/.npmrc"},"deliver":"file","ttl":"10m","allowAlways":true},
        {"name":"DEPLOY_KEY","from":{"keyring":{"service":"deploy"}},"deliver":"request"}]})";

PathRule rule(const QString& text)
{
    PathRule r;
    QString expected;
    if (!PathRule::parse(text, &r, &expected))
        qFatal("bad rule");
    return r;
}

const EffectivePathRule* findPath(const EffectivePolicy& p, PathAccess access, const QString& text)
{
    for (const auto& r : p.paths)
        if (r.access == access && r.rule.text() == text)
            return &r;
    return nullptr;
}

const QByteArray kProfile = R"({"schemaVersion":1,"name":"agent","command":["agent"],
    "filesystem":{"write":["~/.agent","~"],"read":["~/.ssh/known_hosts"]},
    "environment":{"pass":["LC_*","GITHUB_TOKEN"]},
    "limits":{"memory":"8G","timeout":"8h","pids":4096},
    "bestEffort":["cgroup"]})";

} // namespace

class TestPolicyResolver final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void provenanceOfEachLayer()
    {
        ResolveRequest r = request(profileFrom(kProfile));
        r.commandLine.limits.setValue(LimitKey::Pids, 100);
        r.commandLine.hide.append(rule(QStringLiteral("secrets")));
        EffectivePolicy p;
        PolicyError error;
        QVERIFY2(PolicyResolver::resolve(r, &p, &error), qPrintable(error.message));

        const QString profileFile = QStringLiteral("/home/u/.config/cordon/profiles/p.json");
        QCOMPARE(p.profileName.value, QStringLiteral("agent"));
        QCOMPARE(p.profileName.from, (Provenance{Source::Profile, profileFile}));
        // built-in
        QCOMPARE(p.limit(LimitKey::TmpSize)->from.source, Source::BuiltIn);
        QCOMPARE(p.limit(LimitKey::TmpSize)->value, PolicyResolver::kDefaultTmpSize);
        QCOMPARE(findPath(p, PathAccess::Protect, QStringLiteral(".git/hooks"))->from.source, Source::BuiltIn);
        // profile
        QCOMPARE(p.limit(LimitKey::Memory)->from, (Provenance{Source::Profile, profileFile}));
        QCOMPARE(p.limit(LimitKey::Memory)->value, 8LL << 30);
        QCOMPARE(
            findPath(p, PathAccess::Write, QStringLiteral("~/.agent"))->hostPath, QStringLiteral("/home/u/.agent"));
        // command line
        QCOMPARE(p.limit(LimitKey::Pids)->from, (Provenance{Source::CommandLine, QStringLiteral("--pids")}));
        QCOMPARE(p.limit(LimitKey::Pids)->value, qint64(100));
        const auto* hidden = findPath(p, PathAccess::Hide, QStringLiteral("secrets"));
        QVERIFY(hidden);
        QCOMPARE(hidden->from, (Provenance{Source::CommandLine, QStringLiteral("--hide")}));
        QCOMPARE(hidden->hostPath, QStringLiteral("/home/u/src/proj/secrets"));
        // nothing set: no limit
        QVERIFY(!p.limit(LimitKey::Cpu));
        QCOMPARE(p.bestEffort.value, quint32(spec::LayerCgroup));
        QVERIFY(!p.locked.value);

        const QJsonObject json = p.toJson();
        const QJsonObject pids =
            json.value(QStringLiteral("limits")).toObject().value(QStringLiteral("pids")).toObject();
        QCOMPARE(pids.value(QStringLiteral("source")).toString(), QStringLiteral("command-line"));
        QCOMPARE(pids.value(QStringLiteral("origin")).toString(), QStringLiteral("--pids"));
        QCOMPARE(pids.value(QStringLiteral("value")).toInt(), 100);
    }

    // A managed hide of ~/.ssh beats the profile's read of a file inside it and its write of ~.
    void managedHideBeatsWrite()
    {
        const ManagedPolicy m = managedFrom(R"({"kind":"policy","schemaVersion":1,"filesystem":{"hide":["~/.ssh"]}})");
        EffectivePolicy p;
        PolicyError error;
        QVERIFY(PolicyResolver::resolve(request(profileFrom(kProfile), m), &p, &error));
        const auto* knownHosts = findPath(p, PathAccess::Read, QStringLiteral("~/.ssh/known_hosts"));
        QVERIFY(knownHosts);
        QVERIFY(knownHosts->overriddenBy.contains(kManagedFile));
        const auto* hide = findPath(p, PathAccess::Hide, QStringLiteral("~/.ssh"));
        QCOMPARE(hide->from, (Provenance{Source::Organization, kManagedFile}));
        // "write: ~" stays (the compiler refuses it on its own), but the hide is compiled after it.
        QVERIFY(findPath(p, PathAccess::Write, QStringLiteral("~"))->overriddenBy.isEmpty());
        // The --rw of a child is overridden too.
        ResolveRequest r = request(profileFrom(kProfile), m);
        r.commandLine.readWrite.append(rule(QStringLiteral("~/.ssh/config")));
        QVERIFY(PolicyResolver::resolve(r, &p, &error));
        QVERIFY(!findPath(p, PathAccess::Write, QStringLiteral("~/.ssh/config"))->overriddenBy.isEmpty());
    }

    void hiddenWorkspaceRefused()
    {
        const ManagedPolicy m = managedFrom(R"({"kind":"policy","schemaVersion":1,"filesystem":{"hide":["~/src"]}})");
        EffectivePolicy p;
        PolicyError error;
        QVERIFY(!PolicyResolver::resolve(request(profileFrom(kProfile), m), &p, &error));
        QCOMPARE(error.code, ExitCode::PolicyDenied);
        QVERIFY(error.message.contains(kManagedFile));
    }

    void ceilingsCapProfileValues()
    {
        const ManagedPolicy m = managedFrom(
            R"({"kind":"policy","schemaVersion":1,"limits":{"max":{"memory":"4G","cpu":2,"timeout":"12h"}}})");
        EffectivePolicy p;
        PolicyError error;
        QVERIFY(PolicyResolver::resolve(request(profileFrom(kProfile), m), &p, &error));
        // capped
        QCOMPARE(p.limit(LimitKey::Memory)->value, 4LL << 30);
        QCOMPARE(p.limit(LimitKey::Memory)->from, (Provenance{Source::Organization, kManagedFile}));
        // below the ceiling: untouched
        QCOMPARE(p.limit(LimitKey::Timeout)->value, qint64(8 * 3600));
        QCOMPARE(p.limit(LimitKey::Timeout)->from.source, Source::Profile);
        // unset: the ceiling applies
        QCOMPARE(p.limit(LimitKey::Cpu)->value, qint64(2000));
        QCOMPARE(p.limit(LimitKey::Cpu)->from.source, Source::Organization);
        QCOMPARE(p.ceilings.at(LimitKey::Memory)->file, kManagedFile);
    }

    void commandLineAboveCeilingRefused()
    {
        const ManagedPolicy m = managedFrom(R"({"kind":"policy","schemaVersion":1,"limits":{"max":{"memory":"4G"}}})");
        ResolveRequest r = request(profileFrom(kProfile), m);
        r.commandLine.limits.setValue(LimitKey::Memory, 6LL << 30);
        EffectivePolicy p;
        PolicyError error;
        QVERIFY(!PolicyResolver::resolve(r, &p, &error));
        QCOMPARE(error.code, ExitCode::PolicyDenied);
        QCOMPARE(error.message, QStringLiteral("--memory 6G is above the maximum of 4G set by ") + kManagedFile);
        // At or below the ceiling is fine.
        r.commandLine.limits.setValue(LimitKey::Memory, 4LL << 30);
        QVERIFY(PolicyResolver::resolve(r, &p, &error));
        QCOMPARE(p.limit(LimitKey::Memory)->from.source, Source::CommandLine);
    }

    void lockedProfileRefusesLoosening_data()
    {
        QTest::addColumn<QString>("option");
        QTest::newRow("--ro") << QStringLiteral("--ro");
        QTest::newRow("--rw") << QStringLiteral("--rw");
        QTest::newRow("--env") << QStringLiteral("--env");
        QTest::newRow("--memory") << QStringLiteral("--memory");
    }
    void lockedProfileRefusesLoosening()
    {
        QFETCH(QString, option);
        const ManagedPolicy m = managedFrom(R"({"kind":"policy","schemaVersion":1,"lockedProfiles":["agent"]})");
        ResolveRequest r = request(profileFrom(kProfile), m);
        if (option == u"--ro")
            r.commandLine.readOnly.append(rule(QStringLiteral("/data")));
        else if (option == u"--rw")
            r.commandLine.readWrite.append(rule(QStringLiteral("/data")));
        else if (option == u"--env")
            r.commandLine.envNames.append(QStringLiteral("AWS_SECRET_ACCESS_KEY"));
        else
            r.commandLine.limits.setValue(LimitKey::Memory, 16LL << 30);
        EffectivePolicy p;
        PolicyError error;
        QVERIFY(!PolicyResolver::resolve(r, &p, &error));
        QCOMPARE(error.code, ExitCode::PolicyDenied);
        QVERIFY2(error.message.contains(QStringLiteral("locked by ") + kManagedFile), qPrintable(error.message));
        QVERIFY(error.message.contains(option));
    }

    void lockedProfileAllowsTightening()
    {
        const ManagedPolicy m = managedFrom(R"({"kind":"policy","schemaVersion":1,"lockedProfiles":["agent"]})");
        ResolveRequest r = request(profileFrom(kProfile), m);
        r.commandLine.hide.append(rule(QStringLiteral("private")));
        r.commandLine.limits.setValue(LimitKey::Memory, 1LL << 30);
        r.commandLine.limits.setValue(LimitKey::Cpu, 500); // the profile has no cpu limit: tightening
        EffectivePolicy p;
        PolicyError error;
        QVERIFY2(PolicyResolver::resolve(r, &p, &error), qPrintable(error.message));
        QVERIFY(p.locked.value);
        QCOMPARE(p.locked.from, (Provenance{Source::Organization, kManagedFile}));
        QCOMPARE(p.limit(LimitKey::Memory)->value, 1LL << 30);
    }

    void forbidBestEffort()
    {
        const ManagedPolicy m = managedFrom(R"({"kind":"policy","schemaVersion":1,"forbidBestEffort":true})");
        EffectivePolicy p;
        PolicyError error;
        QVERIFY(PolicyResolver::resolve(request(profileFrom(kProfile), m), &p, &error));
        QCOMPARE(p.bestEffort.value, quint32(0));
        QCOMPARE(p.bestEffort.from, (Provenance{Source::Organization, kManagedFile}));
    }

    void envDenyRecorded()
    {
        const ManagedPolicy m =
            managedFrom(R"({"kind":"policy","schemaVersion":1,"environment":{"deny":["*_TOKEN"]}})");
        EffectivePolicy p;
        PolicyError error;
        QVERIFY(PolicyResolver::resolve(request(profileFrom(kProfile), m), &p, &error));
        QCOMPARE(p.envDeny.size(), 1);
        QCOMPARE(p.envDeny.first().from, (Provenance{Source::Organization, kManagedFile}));
    }

    // Nothing written: the built-in defaults, each saying so.
    void questionDefaults()
    {
        EffectivePolicy p;
        PolicyError error;
        QVERIFY(PolicyResolver::resolve(request(profileFrom(kProfile)), &p, &error));
        const Provenance builtIn{Source::BuiltIn, QStringLiteral("built-in defaults")};
        QCOMPARE(p.askTimeout.value, qint64(60));
        QCOMPARE(p.askTimeout.from, builtIn);
        QVERIFY(!p.askTimeoutCeiling);
        QCOMPARE(p.unattended.value, UnattendedMode::Deny);
        QCOMPARE(p.unattended.from, builtIn);
        QVERIFY(p.allowAlways.value);
        QCOMPARE(p.allowAlways.from, builtIn);
        QVERIFY(p.promptsAllowed.value);
        QCOMPARE(p.promptsAllowed.from, builtIn);
        QVERIFY(p.secrets.isEmpty());
        QVERIFY(p.grants.file.isEmpty()); // no grants directory given: none consulted
    }

    void questionsFromTheProfile()
    {
        const Profile profile = profileFrom(R"({"schemaVersion":1,"name":"agent",
            "network":{"askTimeout":"2m","unattended":"wait","allowAlways":false}})");
        EffectivePolicy p;
        PolicyError error;
        QVERIFY(PolicyResolver::resolve(request(profile), &p, &error));
        const Provenance fromProfile{Source::Profile, QStringLiteral("/home/u/.config/cordon/profiles/p.json")};
        QCOMPARE(p.askTimeout.value, qint64(120));
        QCOMPARE(p.askTimeout.from, fromProfile);
        QCOMPARE(p.unattended.value, UnattendedMode::Wait);
        QCOMPARE(p.unattended.from, fromProfile);
        QVERIFY(!p.allowAlways.value);
        QCOMPARE(p.allowAlways.from, fromProfile);

        const QJsonObject network = p.toJson().value(QStringLiteral("network")).toObject();
        const QJsonObject ask = network.value(QStringLiteral("askTimeout")).toObject();
        QCOMPARE(ask.value(QStringLiteral("value")).toString(), QStringLiteral("2m"));
        QCOMPARE(ask.value(QStringLiteral("source")).toString(), QStringLiteral("profile"));
        QCOMPARE(network.value(QStringLiteral("unattended")).toObject().value(QStringLiteral("value")).toString(),
            QStringLiteral("wait"));
        QCOMPARE(
            network.value(QStringLiteral("allowAlways")).toObject().value(QStringLiteral("value")).toBool(true), false);
    }

    // maxAskTimeout caps the profile's value (source organization) and leaves a lower one alone.
    void maxAskTimeoutCaps()
    {
        const ManagedPolicy m = managedFrom(R"({"kind":"policy","schemaVersion":1,"maxAskTimeout":"30s"})");
        EffectivePolicy p;
        PolicyError error;
        QVERIFY(PolicyResolver::resolve(
            request(profileFrom(R"({"schemaVersion":1,"name":"a","network":{"askTimeout":"5m"}})"), m), &p, &error));
        QCOMPARE(p.askTimeout.value, qint64(30));
        QCOMPARE(p.askTimeout.from, (Provenance{Source::Organization, kManagedFile}));
        QCOMPARE(p.askTimeoutCeiling->file, kManagedFile);
        // The built-in 60s is capped too.
        QVERIFY(PolicyResolver::resolve(request(profileFrom(kProfile), m), &p, &error));
        QCOMPARE(p.askTimeout.value, qint64(30));
        QCOMPARE(p.askTimeout.from.source, Source::Organization);
        // Below the ceiling: the profile's own.
        QVERIFY(PolicyResolver::resolve(
            request(profileFrom(R"({"schemaVersion":1,"name":"a","network":{"askTimeout":"10s"}})"), m), &p, &error));
        QCOMPARE(p.askTimeout.value, qint64(10));
        QCOMPARE(p.askTimeout.from.source, Source::Profile);
        QCOMPARE(p.toJson()
                     .value(QStringLiteral("network"))
                     .toObject()
                     .value(QStringLiteral("askTimeout"))
                     .toObject()
                     .value(QStringLiteral("ceiling"))
                     .toObject()
                     .value(QStringLiteral("origin"))
                     .toString(),
            kManagedFile);
    }

    // forbidPrompts: nothing is asked, so nothing waits either, whatever the profile says.
    void forbidPrompts()
    {
        const ManagedPolicy m = managedFrom(R"({"kind":"policy","schemaVersion":1,"forbidPrompts":true})");
        EffectivePolicy p;
        PolicyError error;
        QVERIFY(PolicyResolver::resolve(
            request(profileFrom(R"({"schemaVersion":1,"name":"a","network":{"unattended":"wait"}})"), m), &p, &error));
        QVERIFY(!p.promptsAllowed.value);
        QCOMPARE(p.promptsAllowed.from, (Provenance{Source::Organization, kManagedFile}));
        QCOMPARE(p.unattended.value, UnattendedMode::Deny);
        QCOMPARE(p.unattended.from, (Provenance{Source::Organization, kManagedFile}));
        QVERIFY(p.allowAlways.value); // a separate switch
        QCOMPARE(
            p.toJson().value(QStringLiteral("promptsAllowed")).toObject().value(QStringLiteral("source")).toString(),
            QStringLiteral("organization"));
    }

    void secretsProvenance()
    {
        EffectivePolicy p;
        PolicyError error;
        QVERIFY2(PolicyResolver::resolve(request(profileFrom(kAskingProfile)), &p, &error), qPrintable(error.message));
        QCOMPARE(p.secrets.size(), 3);
        const Provenance fromProfile{Source::Profile, QStringLiteral("/home/u/.config/cordon/profiles/p.json")};
        const EffectiveSecret* github = findSecret(p, QStringLiteral("GITHUB_TOKEN"));
        QCOMPARE(github->from, fromProfile);
        QVERIFY(github->allowAlways.value);
        QCOMPARE(github->allowAlways.from, fromProfile);
        QVERIFY(!github->isDenied());
        QVERIFY(!github->alwaysGranted);
        const EffectiveSecret* deploy = findSecret(p, QStringLiteral("DEPLOY_KEY"));
        QVERIFY(!deploy->allowAlways.value); // the default for secrets
        QCOMPARE(deploy->allowAlways.from.source, Source::BuiltIn);

        const QJsonArray secrets = p.toJson().value(QStringLiteral("secrets")).toArray();
        QCOMPARE(secrets.size(), 3);
        const QJsonObject npm = secrets.at(1).toObject();
        QCOMPARE(npm.value(QStringLiteral("name")).toString(), QStringLiteral("NPM_TOKEN"));
        QCOMPARE(npm.value(QStringLiteral("from")).toObject().value(QStringLiteral("file")).toString(),
            QStringLiteral("~/.npmrc"));
        QCOMPARE(npm.value(QStringLiteral("deliver")).toString(), QStringLiteral("file"));
        QCOMPARE(npm.value(QStringLiteral("ttl")).toString(), QStringLiteral("10m"));
        QCOMPARE(npm.value(QStringLiteral("path")).toString(), QStringLiteral("/run/cordon/secrets/NPM_TOKEN"));
        QCOMPARE(npm.value(QStringLiteral("source")).toString(), QStringLiteral("profile"));
        QCOMPARE(secrets.at(0).toObject().value(QStringLiteral("as")).toString(), QStringLiteral("GITHUB_TOKEN"));
    }

    // denySecrets marks a secret as never delivered (it stays listed, with the reason); a managed
    // environment.deny that matches a secret's variable does the same.
    void denySecrets()
    {
        const ManagedPolicy m = managedFrom(R"({"kind":"policy","schemaVersion":1,"denySecrets":["NPM_TOKEN"],
            "environment":{"deny":["*_TOKEN"]}})");
        EffectivePolicy p;
        PolicyError error;
        QVERIFY(PolicyResolver::resolve(request(profileFrom(kAskingProfile), m), &p, &error));
        const EffectiveSecret* npm = findSecret(p, QStringLiteral("NPM_TOKEN"));
        QVERIFY(npm->isDenied());
        QCOMPARE(npm->deniedBy, QStringLiteral("denied by managed policy (") + kManagedFile + u')');
        QVERIFY(!npm->allowAlways.value);
        QCOMPARE(npm->allowAlways.from, (Provenance{Source::Organization, kManagedFile}));
        const EffectiveSecret* github = findSecret(p, QStringLiteral("GITHUB_TOKEN"));
        QVERIFY(github->isDenied()); // delivered as GITHUB_TOKEN, which *_TOKEN keeps out
        QVERIFY2(github->deniedBy.contains(QStringLiteral("environment.deny *_TOKEN")), qPrintable(github->deniedBy));
        QVERIFY(!findSecret(p, QStringLiteral("DEPLOY_KEY"))->isDenied());
        QCOMPARE(p.toJson()
                     .value(QStringLiteral("secrets"))
                     .toArray()
                     .at(1)
                     .toObject()
                     .value(QStringLiteral("deniedBy"))
                     .toString(),
            npm->deniedBy);
        // Without the policy nothing is denied: the marking comes from it.
        QVERIFY(PolicyResolver::resolve(request(profileFrom(kAskingProfile)), &p, &error));
        for (const auto& s : p.secrets)
            QVERIFY(!s.isDenied());
    }

    // Saved "always" answers are allow rules whose source says so, and secrets delivered unasked.
    void grantsMergeAsAllowRules()
    {
        QTemporaryDir grants;
        const AlwaysGrantStore store(grants.path());
        bool added = false;
        QString storeError;
        QVERIFY(store.addNetworkAllow(
            QStringLiteral("agent"), host(QStringLiteral("*.cdn.example.net:443")), &added, &storeError));
        QVERIFY(store.addNetworkAllow(QStringLiteral("agent"), host(QStringLiteral("api.example.com:443")), &added,
            &storeError)); // also in the profile: listed once, with the profile's provenance
        QVERIFY(store.addSecret(QStringLiteral("agent"), QStringLiteral("NPM_TOKEN"), &added, &storeError));
        QVERIFY(store.addSecret(QStringLiteral("agent"), QStringLiteral("DEPLOY_KEY"), &added, &storeError));
        QVERIFY(store.addSecret(QStringLiteral("agent"), QStringLiteral("UNDECLARED"), &added, &storeError));

        ResolveRequest r = request(profileFrom(kAskingProfile));
        EffectivePolicy p;
        PolicyError error;
        QVERIFY(PolicyResolver::resolve(r, &p, &error));
        QVERIFY(!findHost(p.networkAllow, QStringLiteral("*.cdn.example.net:443"))); // no directory given

        r.grantsDirectory = grants.path();
        QVERIFY(PolicyResolver::resolve(r, &p, &error));
        const QString file = grants.path() + QStringLiteral("/agent.json");
        QCOMPARE(p.grants.file, file);
        QVERIFY(p.grants.present);
        QVERIFY(p.grants.ignoredReason.isEmpty());
        QVERIFY(p.grants.problem.isEmpty());
        const EffectiveHost* granted = findHost(p.networkAllow, QStringLiteral("*.cdn.example.net:443"));
        QVERIFY(granted);
        QCOMPARE(granted->from, (Provenance{Source::Grant, file}));
        QCOMPARE(findHost(p.networkAllow, QStringLiteral("api.example.com:443"))->from.source, Source::Profile);
        QCOMPARE(p.networkAllow.size(), 2);
        QCOMPARE(decide(p, QStringLiteral("img.cdn.example.net"), 443), EgressPolicy::Verdict::Allow);
        QCOMPARE(decide(p, QStringLiteral("img.cdn.example.net"), 80), EgressPolicy::Verdict::Ask);
        // NPM_TOKEN may be answered "always"; DEPLOY_KEY may not (its default), so its saved answer
        // is ignored, as is one for a secret the profile does not declare: answers never add secrets.
        QCOMPARE(*findSecret(p, QStringLiteral("NPM_TOKEN"))->alwaysGranted, (Provenance{Source::Grant, file}));
        QVERIFY(!findSecret(p, QStringLiteral("DEPLOY_KEY"))->alwaysGranted);
        QCOMPARE(p.grants.ignoredSecrets, QStringList({QStringLiteral("DEPLOY_KEY"), QStringLiteral("UNDECLARED")}));
        QCOMPARE(p.secrets.size(), 3);

        const QJsonObject json = p.toJson();
        const QJsonArray allow =
            json.value(QStringLiteral("network")).toObject().value(QStringLiteral("allow")).toArray();
        QCOMPARE(allow.at(1).toObject().value(QStringLiteral("source")).toString(), QStringLiteral("always-allowed"));
        QCOMPARE(allow.at(1).toObject().value(QStringLiteral("origin")).toString(), file);
    }

    // A managed network deny wins over a saved answer for the same host (deny rules are checked first).
    void managedDenyBeatsGrant()
    {
        QTemporaryDir grants;
        bool added = false;
        QString storeError;
        QVERIFY(AlwaysGrantStore(grants.path())
                    .addNetworkAllow(
                        QStringLiteral("agent"), host(QStringLiteral("paste.example.org:443")), &added, &storeError));
        ResolveRequest r = request(profileFrom(kAskingProfile));
        r.grantsDirectory = grants.path();
        EffectivePolicy p;
        PolicyError error;
        QVERIFY(PolicyResolver::resolve(r, &p, &error));
        QCOMPARE(decide(p, QStringLiteral("paste.example.org"), 443), EgressPolicy::Verdict::Allow);
        r.managed = managedFrom(R"({"kind":"policy","schemaVersion":1,"network":{"deny":["*.example.org"]}})");
        QVERIFY(PolicyResolver::resolve(r, &p, &error));
        QCOMPARE(findHost(p.networkDeny, QStringLiteral("*.example.org"))->from,
            (Provenance{Source::Organization, kManagedFile}));
        QVERIFY(findHost(p.networkAllow, QStringLiteral("paste.example.org:443"))); // listed, and still loses
        QCOMPARE(decide(p, QStringLiteral("paste.example.org"), 443), EgressPolicy::Verdict::Deny);
    }

    // forbidAlways, a locked profile, or the profile's own allowAlways false: the file is read
    // (so that profile show can list what it holds) but none of its answers apply.
    void alwaysOffIgnoresGrants_data()
    {
        QTest::addColumn<QByteArray>("managedJson");
        QTest::addColumn<QByteArray>("profileJson");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<Source>("source");
        QTest::newRow("forbidAlways") << QByteArray(R"({"kind":"policy","schemaVersion":1,"forbidAlways":true})")
                                       << kAskingProfile
                                       << QStringLiteral("\"always\" answers are forbidden by ") + kManagedFile
                                       << Source::Organization;
        QTest::newRow("locked") << QByteArray(R"({"kind":"policy","schemaVersion":1,"lockedProfiles":["agent"]})")
                                << kAskingProfile << QStringLiteral("profile \"agent\" is locked by ") + kManagedFile
                                << Source::Organization;
        QByteArray own = kAskingProfile;
        own.replace(R"("network":{)", R"("network":{"allowAlways":false,)");
        QTest::newRow("allowAlways false")
            << QByteArray() << own << QStringLiteral("the profile sets network.allowAlways to false")
            << Source::Profile;
    }
    void alwaysOffIgnoresGrants()
    {
        QFETCH(QByteArray, managedJson);
        QFETCH(QByteArray, profileJson);
        QFETCH(QString, reason);
        QFETCH(Source, source);
        QTemporaryDir grants;
        const AlwaysGrantStore store(grants.path());
        bool added = false;
        QString storeError;
        QVERIFY(store.addNetworkAllow(
            QStringLiteral("agent"), host(QStringLiteral("x.example.net:443")), &added, &storeError));
        QVERIFY(store.addSecret(QStringLiteral("agent"), QStringLiteral("NPM_TOKEN"), &added, &storeError));
        ResolveRequest r = request(profileFrom(profileJson));
        if (!managedJson.isEmpty())
            r.managed = managedFrom(managedJson);
        r.grantsDirectory = grants.path();
        EffectivePolicy p;
        PolicyError error;
        QVERIFY2(PolicyResolver::resolve(r, &p, &error), qPrintable(error.message));
        QVERIFY(!p.allowAlways.value);
        QCOMPARE(p.allowAlways.from.source, source);
        QVERIFY2(p.grants.ignoredReason.startsWith(reason), qPrintable(p.grants.ignoredReason));
        QVERIFY(!findHost(p.networkAllow, QStringLiteral("x.example.net:443")));
        QCOMPARE(p.grants.ignoredNetworkAllow, QStringList{QStringLiteral("x.example.net:443")});
        QCOMPARE(decide(p, QStringLiteral("x.example.net"), 443), EgressPolicy::Verdict::Ask);
        const EffectiveSecret* npm = findSecret(p, QStringLiteral("NPM_TOKEN"));
        if (source == Source::Organization) {
            // forbidAlways and a lock reach every secret too.
            QVERIFY(!npm->allowAlways.value);
            QCOMPARE(npm->allowAlways.from, (Provenance{Source::Organization, kManagedFile}));
            QVERIFY(!npm->alwaysGranted);
        } else {
            // network.allowAlways is the network's; a secret has its own switch.
            QVERIFY(npm->allowAlways.value);
            QVERIFY(npm->alwaysGranted);
        }
        // The same request without the switch applies the answers: the test above can fail.
        ResolveRequest open = request(profileFrom(kAskingProfile));
        open.grantsDirectory = grants.path();
        QVERIFY(PolicyResolver::resolve(open, &p, &error));
        QVERIFY(findHost(p.networkAllow, QStringLiteral("x.example.net:443")));
    }

    // A managed profile's secrets are the whole list: saved answers neither add a secret nor make
    // one be delivered unasked (the profile is locked, which implies forbidAlways).
    void managedProfileSecretsCannotBeAddedTo()
    {
        ManagedPolicy m;
        QStringList errors;
        QVERIFY(ManagedPolicyLoader::parseFile(R"({"kind":"profile","schemaVersion":1,"name":"corp",
            "secrets":[{"name":"CORP_TOKEN","from":{"keyring":{"service":"corp"}},"deliver":"request","allowAlways":true}]})",
            kManagedFile, &m, &errors));
        QTemporaryDir grants;
        const AlwaysGrantStore store(grants.path());
        bool added = false;
        QString storeError;
        QVERIFY(store.addSecret(QStringLiteral("corp"), QStringLiteral("CORP_TOKEN"), &added, &storeError));
        QVERIFY(store.addSecret(QStringLiteral("corp"), QStringLiteral("MY_EXTRA"), &added, &storeError));
        ResolveRequest r = request(*m.findProfile(QStringLiteral("corp")), m);
        r.profileSource = Source::Organization;
        r.grantsDirectory = grants.path();
        EffectivePolicy p;
        PolicyError error;
        QVERIFY2(PolicyResolver::resolve(r, &p, &error), qPrintable(error.message));
        QCOMPARE(p.secrets.size(), 1);
        QCOMPARE(p.secrets.first().from, (Provenance{Source::Organization, kManagedFile}));
        QVERIFY(!p.secrets.first().allowAlways.value);
        QCOMPARE(p.secrets.first().allowAlways.from, (Provenance{Source::Organization, kManagedFile}));
        QVERIFY(!p.secrets.first().alwaysGranted);
        QCOMPARE(p.grants.ignoredSecrets, QStringList({QStringLiteral("CORP_TOKEN"), QStringLiteral("MY_EXTRA")}));
    }

    // A grants file that cannot be read is reported and not used; the launch goes on with fewer
    // allows (more questions), never more.
    void corruptGrantsReported()
    {
        QTemporaryDir grants;
        const QString file = grants.path() + QStringLiteral("/agent.json");
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"schemaVersion":1,"network":{"allow":["x.example.net:443"],"extra":1}})");
        f.close();
        ResolveRequest r = request(profileFrom(kAskingProfile));
        r.grantsDirectory = grants.path();
        EffectivePolicy p;
        PolicyError error;
        QVERIFY(PolicyResolver::resolve(r, &p, &error));
        QVERIFY2(p.grants.problem.startsWith(file + QStringLiteral(": /network/extra: unknown key")),
            qPrintable(p.grants.problem));
        QVERIFY(!findHost(p.networkAllow, QStringLiteral("x.example.net:443")));
        QCOMPARE(p.toJson()
                     .value(QStringLiteral("network"))
                     .toObject()
                     .value(QStringLiteral("grants"))
                     .toObject()
                     .value(QStringLiteral("problem"))
                     .toString(),
            p.grants.problem);
    }

    // The sandbox never writes its own answers: a write rule that shows the grants directory gets
    // a read rule over it (read-only inside, guarded if absent); otherwise nothing is added.
    void grantsDirectoryStaysReadOnlyInside()
    {
        const QString dir = QStringLiteral("/home/u/.config/cordon/grants");
        ResolveRequest r =
            request(profileFrom(R"({"schemaVersion":1,"name":"agent","filesystem":{"write":["~/.config"]}})"));
        r.grantsDirectory = dir;
        EffectivePolicy p;
        PolicyError error;
        QVERIFY(PolicyResolver::resolve(r, &p, &error));
        const EffectivePathRule* ro = findPath(p, PathAccess::Read, dir);
        QVERIFY(ro);
        QCOMPARE(ro->hostPath, dir);
        QCOMPARE(ro->from.source, Source::BuiltIn);
        r.profile = profileFrom(kAskingProfile); // writes ~/.agent only
        QVERIFY(PolicyResolver::resolve(r, &p, &error));
        QVERIFY(!findPath(p, PathAccess::Read, dir));
    }

    void profileProtectListReplacesDefault()
    {
        EffectivePolicy p;
        PolicyError error;
        QVERIFY(PolicyResolver::resolve(
            request(profileFrom(R"({"schemaVersion":1,"name":"x","filesystem":{"protect":["Makefile"]}})")), &p,
            &error));
        QVERIFY(findPath(p, PathAccess::Protect, QStringLiteral("Makefile")));
        QVERIFY(!findPath(p, PathAccess::Protect, QStringLiteral(".git/hooks")));
    }
};

QTEST_GUILESS_MAIN(TestPolicyResolver)
#include "tst_policyresolver.moc"
