// Merging the layers: built-in <- profile <- command line <- managed policy, with the source and
// origin of every value; managed hides beat rules, ceilings cap, locked profiles refuse loosening.

#include "ManagedPolicyLoader.h"
#include "PolicyResolver.h"
#include "ProfileParser.h"

#include "LaunchSpec.h"

#include <QTest>

using namespace cordon;

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
