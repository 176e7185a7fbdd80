// `cordonctl profile show --effective` as text: the questions' settings, the grants file and the
// secrets are printed with their sources, and what managed policy switches off says why.

#include "AlwaysGrantStore.h"
#include "ManagedPolicyLoader.h"
#include "PolicyPrinter.h"
#include "PolicyResolver.h"
#include "ProfileParser.h"

#include <QTemporaryDir>
#include <QTest>

using namespace cordon;

namespace {

const QString kManagedFile = QStringLiteral("/etc/cordon/managed.d/10-corp.json");
const QString kProfileFile = QStringLiteral("/home/u/.config/cordon/profiles/p.json");

const QByteArray kProfile = R"({"schemaVersion":1,"name":"agent","command":["agent"],
    "network":{"allow":["api.example.com:443"],"askTimeout":"2m","unattended":"wait"},
    "secrets":[
        {"name":"GITHUB_TOKEN","from":{"env":"GITHUB_TOKEN"},"deliver":"env","as":"GH_TOKEN"},
        {"name":"NPM_TOKEN","from":{"file":"~/.npmrc"},"deliver":"file","ttl":"10m","allowAlways":true},
        {"name":"DEPLOY_KEY","from":{"keyring":{"service":"deploy"}},"deliver":"request"}]})";

QString show(const QByteArray& managedJson, const QString& grantsDirectory)
{
    ResolveRequest r;
    QStringList errors;
    if (!ProfileParser::parse(kProfile, kProfileFile, &r.profile, &errors))
        qFatal("profile invalid");
    if (!managedJson.isEmpty() && !ManagedPolicyLoader::parseFile(managedJson, kManagedFile, &r.managed, &errors))
        qFatal("policy invalid");
    r.home = QStringLiteral("/home/u");
    r.workspace = QStringLiteral("/home/u/src/proj");
    r.grantsDirectory = grantsDirectory;
    LaunchPlan plan;
    PolicyError error;
    if (!PolicyResolver::resolve(r, &plan.policy, &error))
        qFatal("resolve failed: %s", qPrintable(error.message));
    plan.compiled = true;
    return cli::PolicyPrinter::text(plan, true);
}

} // namespace

class TestPolicyPrinter final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void questionsAndSecretsWithSources()
    {
        QTemporaryDir grants;
        bool added = false;
        QString error;
        HostPattern h;
        QVERIFY(HostPattern::parse(QStringLiteral("cdn.example.net:443"), &h, &error));
        QVERIFY(AlwaysGrantStore(grants.path()).addNetworkAllow(QStringLiteral("agent"), h, &added, &error));
        QVERIFY(AlwaysGrantStore(grants.path())
                    .addSecret(QStringLiteral("agent"), QStringLiteral("NPM_TOKEN"), &added, &error));
        const QString file = grants.path() + QStringLiteral("/agent.json");
        const QString out = show(QByteArray(), grants.path());
        const QString profile = QStringLiteral("[profile: ") + kProfileFile + u']';
        const auto has = [&out](const QString& text) {
            if (!out.contains(text))
                qWarning("missing from the output: %s\n%s", qPrintable(text), qPrintable(out));
            return out.contains(text);
        };
        QVERIFY(has(QStringLiteral("  allow    cdn.example.net:443 [always-allowed: ") + file + u']'));
        QVERIFY(has(QStringLiteral("the answer is awaited up to 2m ") + profile));
        QVERIFY(has(QStringLiteral("  unattended wait: with no client connected, a question waits up to the ask "
                                   "timeout for one ") +
                    profile));
        QVERIFY(has(QStringLiteral("  prompts  allowed [built-in: built-in defaults]")));
        QVERIFY(has(QStringLiteral("  always   \"always\" may be offered; saved answers apply [built-in: built-in "
                                   "defaults]")));
        QVERIFY(has(QStringLiteral("  grants   ") + file + u'\n'));
        QVERIFY(has(QStringLiteral("  GITHUB_TOKEN ") + profile));
        QVERIFY(has(QStringLiteral("from env GITHUB_TOKEN, delivered as the variable GH_TOKEN at launch")));
        QVERIFY(has(QStringLiteral("from file ~/.npmrc, delivered as the file /run/cordon/secrets/NPM_TOKEN (mode "
                                   "0400), removed after 10m")));
        QVERIFY(has(QStringLiteral("answered \"always\": delivered without asking [always-allowed: ") + file + u']'));
        QVERIFY(has(QStringLiteral("from keyring service=deploy, delivered when the agent runs cordon-request secret "
                                   "DEPLOY_KEY; a grant holds 1h")));
    }

    void managedSwitchesSayWhy()
    {
        QTemporaryDir grants;
        bool added = false;
        QString error;
        HostPattern h;
        QVERIFY(HostPattern::parse(QStringLiteral("cdn.example.net:443"), &h, &error));
        QVERIFY(AlwaysGrantStore(grants.path()).addNetworkAllow(QStringLiteral("agent"), h, &added, &error));
        const QString out = show(R"({"kind":"policy","schemaVersion":1,"forbidAlways":true,"forbidPrompts":true,
            "maxAskTimeout":"30s","denySecrets":["GITHUB_TOKEN"],"network":{"deny":["*.example.net"]}})",
            grants.path());
        const QString org = QStringLiteral("[organization: ") + kManagedFile + u']';
        const auto has = [&out](const QString& text) {
            if (!out.contains(text))
                qWarning("missing from the output: %s\n%s", qPrintable(text), qPrintable(out));
            return out.contains(text);
        };
        QVERIFY(has(QStringLiteral("  prompts  forbidden: unsettled hosts and secret requests are denied without "
                                   "asking ") +
                    org));
        QVERIFY(!out.contains(QStringLiteral("  ask      "))); // nothing is asked, so no timeout is shown
        QVERIFY(has(QStringLiteral("  always   \"always\" is not offered; saved answers do not apply ") + org));
        QVERIFY(has(QStringLiteral(" ignored: \"always\" answers are forbidden by ") + kManagedFile));
        QVERIFY(has(QStringLiteral("           not applied: cdn.example.net:443")));
        QVERIFY(!out.contains(QStringLiteral("[always-allowed:")));
        QVERIFY(has(QStringLiteral("  deny     *.example.net ") + org));
        QVERIFY(has(QStringLiteral("never delivered: denied by managed policy (") + kManagedFile + u')'));
    }

    void noSecrets()
    {
        ResolveRequest r;
        QStringList errors;
        QVERIFY(
            ProfileParser::parse(R"({"schemaVersion":1,"name":"s"})", QStringLiteral("s.json"), &r.profile, &errors));
        r.home = QStringLiteral("/home/u");
        r.workspace = QStringLiteral("/home/u/w");
        LaunchPlan plan;
        PolicyError error;
        QVERIFY(PolicyResolver::resolve(r, &plan.policy, &error));
        plan.compiled = true;
        const QString out = cli::PolicyPrinter::text(plan, true);
        QVERIFY(out.contains(QStringLiteral("secrets      none")));
        QVERIFY(out.contains(QStringLiteral("answer is awaited up to 1m [built-in: built-in defaults]")));
        QVERIFY(!out.contains(QStringLiteral("  grants   "))); // no grants directory given
    }
};

QTEST_GUILESS_MAIN(TestPolicyPrinter)
#include "tst_policyprinter.moc"
