// Loading the managed directory: sorted files, policies and managed profiles, fail closed on any
// invalid file, ownership enforced for the system directory.

#include "ManagedPolicyLoader.h"
#include "ProfileLocator.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace cordon;

namespace {

QString fixture(const QString& name)
{
    return QStringLiteral(CORDON_CORE_FIXTURES "/managed/") + name;
}

void copyFixture(const QString& name, const QString& dir, const QString& as)
{
    QVERIFY(QFile::copy(fixture(name), dir + u'/' + as));
}

void writeFile(const QString& path, const QByteArray& content)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(content), content.size());
}

} // namespace

class TestManagedPolicy final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void missingDirectoryIsEmptyPolicy()
    {
        ManagedPolicy policy;
        QStringList errors;
        QVERIFY(ManagedPolicyLoader::load(QStringLiteral("/nonexistent/cordon-managed"), true, &policy, &errors));
        QVERIFY(policy.isEmpty());
    }

    void loadsPoliciesAndProfiles()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        copyFixture(QStringLiteral("valid_policy.json"), dir.path(), QStringLiteral("20-corp.json"));
        copyFixture(QStringLiteral("valid_profile.json"), dir.path(), QStringLiteral("10-agent.json"));
        writeFile(dir.path() + QStringLiteral("/README.txt"), "not json, not read");
        ManagedPolicy policy;
        QStringList errors;
        QVERIFY2(ManagedPolicyLoader::load(dir.path(), false, &policy, &errors), qPrintable(errors.join(u'\n')));
        QCOMPARE(policy.policies.size(), 1);
        QCOMPARE(policy.profiles.size(), 1);
        const ManagedPolicyFile& f = policy.policies.first();
        QCOMPARE(f.path, dir.path() + QStringLiteral("/20-corp.json"));
        QCOMPARE(f.hide.size(), 2);
        QCOMPARE(f.envDeny, QStringList({QStringLiteral("*_TOKEN"), QStringLiteral("AWS_*")}));
        QCOMPARE(f.max.value(LimitKey::Memory), std::optional<qint64>(4LL << 30));
        QVERIFY(f.forbidBestEffort);
        QCOMPARE(policy.lockingFile(QStringLiteral("claude-code")), f.path);
        QCOMPARE(policy.lockingFile(QStringLiteral("corp-agent")), dir.path() + QStringLiteral("/10-agent.json"));
        QVERIFY(policy.lockingFile(QStringLiteral("shell")).isEmpty());
        QCOMPARE(policy.forbidBestEffortFile(), f.path);
        QCOMPARE(policy.ceiling(LimitKey::Timeout)->value, qint64(4 * 3600));
        QVERIFY(!policy.ceiling(LimitKey::Pids));
    }

    // The rules for questions: each named by its file, the lowest maxAskTimeout wins, and a file
    // without them sets none of them.
    void questionRules()
    {
        QTemporaryDir dir;
        copyFixture(QStringLiteral("valid_policy_questions.json"), dir.path(), QStringLiteral("50-questions.json"));
        copyFixture(QStringLiteral("valid_policy.json"), dir.path(), QStringLiteral("10-corp.json"));
        writeFile(dir.path() + QStringLiteral("/90-later.json"),
            R"({"kind":"policy","schemaVersion":1,"maxAskTimeout":"10m","denySecrets":["NPM_TOKEN"]})");
        ManagedPolicy policy;
        QStringList errors;
        QVERIFY2(ManagedPolicyLoader::load(dir.path(), false, &policy, &errors), qPrintable(errors.join(u'\n')));
        const QString questions = dir.path() + QStringLiteral("/50-questions.json");
        const ManagedPolicyFile& f = policy.policies.at(1);
        QCOMPARE(f.path, questions);
        QVERIFY(f.forbidAlways);
        QVERIFY(f.forbidPrompts);
        QCOMPARE(f.maxAskTimeout, std::optional<qint64>(30));
        QCOMPARE(f.denySecrets, QStringList({QStringLiteral("AWS_SECRET_ACCESS_KEY"), QStringLiteral("GITHUB_TOKEN")}));
        QCOMPARE(f.networkDeny.size(), 2);
        QVERIFY(f.networkDeny.at(0).isWildcard());
        QVERIFY(f.networkDeny.at(1).isIpLiteral());
        const ManagedPolicyFile& corp = policy.policies.at(0);
        QVERIFY(!corp.forbidAlways && !corp.forbidPrompts && !corp.maxAskTimeout && corp.denySecrets.isEmpty());

        QCOMPARE(policy.forbidAlwaysFile(), questions);
        QCOMPARE(policy.forbidPromptsFile(), questions);
        QCOMPARE(policy.askTimeoutCeiling()->value, qint64(30));
        QCOMPARE(policy.askTimeoutCeiling()->file, questions);
        QCOMPARE(policy.secretDenyingFile(QStringLiteral("GITHUB_TOKEN")), questions);
        QCOMPARE(policy.secretDenyingFile(QStringLiteral("NPM_TOKEN")), dir.path() + QStringLiteral("/90-later.json"));
        QVERIFY(policy.secretDenyingFile(QStringLiteral("OPENAI_API_KEY")).isEmpty());

        ManagedPolicy none;
        QVERIFY(none.forbidAlwaysFile().isEmpty() && none.forbidPromptsFile().isEmpty());
        QVERIFY(!none.askTimeoutCeiling());
    }

    // A managed profile may declare secrets like any profile; they are its own, and it is locked.
    void managedProfileWithSecrets()
    {
        QTemporaryDir dir;
        writeFile(dir.path() + QStringLiteral("/agent.json"),
            R"({"kind":"profile","schemaVersion":1,"name":"corp-agent","network":{"askTimeout":"20s"},
                "secrets":[{"name":"CORP_TOKEN","from":{"keyring":{"service":"corp"}},"deliver":"request"}]})");
        ManagedPolicy policy;
        QStringList errors;
        QVERIFY2(ManagedPolicyLoader::load(dir.path(), false, &policy, &errors), qPrintable(errors.join(u'\n')));
        const Profile* p = policy.findProfile(QStringLiteral("corp-agent"));
        QVERIFY(p);
        QCOMPARE(p->secrets.size(), 1);
        QCOMPARE(p->askTimeout, std::optional<qint64>(20));
        QCOMPARE(policy.lockingFile(QStringLiteral("corp-agent")), dir.path() + QStringLiteral("/agent.json"));
    }

    void lowestCeilingWinsAndNamesItsFile()
    {
        QTemporaryDir dir;
        writeFile(dir.path() + QStringLiteral("/a.json"),
            R"({"kind":"policy","schemaVersion":1,"limits":{"max":{"memory":"8G","pids":512}}})");
        writeFile(dir.path() + QStringLiteral("/b.json"),
            R"({"kind":"policy","schemaVersion":1,"limits":{"max":{"memory":"2G"}}})");
        ManagedPolicy policy;
        QStringList errors;
        QVERIFY(ManagedPolicyLoader::load(dir.path(), false, &policy, &errors));
        QCOMPARE(policy.ceiling(LimitKey::Memory)->value, qint64(2) << 30);
        QCOMPARE(policy.ceiling(LimitKey::Memory)->file, dir.path() + QStringLiteral("/b.json"));
        QCOMPARE(policy.ceiling(LimitKey::Pids)->file, dir.path() + QStringLiteral("/a.json"));
    }

    // Fail closed: one bad file and nothing of the directory is used.
    void invalidFileFailsTheWholeLoad_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown key") << QStringLiteral("invalid_policy_key.json")
                                     << QStringLiteral(": /limits/max/memroy: unknown key \"memroy\"");
        QTest::newRow("bad kind") << QStringLiteral("invalid_kind.json")
                                  << QStringLiteral(": /kind: expected \"policy\" or \"profile\", got \"polciy\"");
        QTest::newRow("maxAskTimeout above 1h")
            << QStringLiteral("invalid_max_ask_timeout.json")
            << QStringLiteral(": /maxAskTimeout: expected a duration between 1s and 1h, got \"1d\"");
        QTest::newRow("denySecrets name") << QStringLiteral("invalid_deny_secrets.json")
                                           << QStringLiteral(": /denySecrets/0: expected a secret name");
        QTest::newRow("forbidPrompts type")
            << QStringLiteral("invalid_forbid_prompts.json")
            << QStringLiteral(": /forbidPrompts: expected true or false, got \"yes\"");
        QTest::newRow("network allow") << QStringLiteral("invalid_network_key.json")
                                       << QStringLiteral(
                                              ": /network/allow: unknown key \"allow\"; expected one of: deny");
    }
    void invalidFileFailsTheWholeLoad()
    {
        QFETCH(QString, file);
        QFETCH(QString, message);
        QTemporaryDir dir;
        copyFixture(QStringLiteral("valid_policy.json"), dir.path(), QStringLiteral("10-good.json"));
        copyFixture(file, dir.path(), QStringLiteral("20-bad.json"));
        ManagedPolicy policy;
        policy.directory = QStringLiteral("untouched");
        QStringList errors;
        QVERIFY(!ManagedPolicyLoader::load(dir.path(), false, &policy, &errors));
        QCOMPARE(policy.directory, QStringLiteral("untouched"));
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors.first().startsWith(dir.path() + QStringLiteral("/20-bad.json") + message),
            qPrintable(errors.first()));
    }

    void syntaxErrorFailsClosed()
    {
        QTemporaryDir dir;
        writeFile(dir.path() + QStringLiteral("/x.json"), "{\"kind\": \"policy\",\n \"schemaVersion\": 1,,}");
        ManagedPolicy policy;
        QStringList errors;
        QVERIFY(!ManagedPolicyLoader::load(dir.path(), false, &policy, &errors));
        QVERIFY2(errors.first().startsWith(dir.path() + QStringLiteral("/x.json:2:")), qPrintable(errors.first()));
    }

    void duplicateManagedProfileRefused()
    {
        QTemporaryDir dir;
        copyFixture(QStringLiteral("valid_profile.json"), dir.path(), QStringLiteral("a.json"));
        copyFixture(QStringLiteral("valid_profile.json"), dir.path(), QStringLiteral("b.json"));
        ManagedPolicy policy;
        QStringList errors;
        QVERIFY(!ManagedPolicyLoader::load(dir.path(), false, &policy, &errors));
        QVERIFY(errors.first().contains(QStringLiteral("already defined by")));
    }

    // In the system directory only root-owned files that nobody else can write are trusted.
    void ownershipRequired()
    {
        QTemporaryDir dir;
        copyFixture(QStringLiteral("valid_policy.json"), dir.path(), QStringLiteral("10.json"));
        const QString file = dir.path() + QStringLiteral("/10.json");
        QVERIFY(chmod(QFile::encodeName(file).constData(), 0644) == 0);
        QVERIFY(chmod(QFile::encodeName(dir.path()).constData(), 0755) == 0);
        ManagedPolicy policy;
        QStringList errors;
        if (geteuid() == 0) {
            QVERIFY2(ManagedPolicyLoader::load(dir.path(), true, &policy, &errors), qPrintable(errors.join(u'\n')));
            QVERIFY(chmod(QFile::encodeName(file).constData(), 0666) == 0);
            errors.clear();
            QVERIFY(!ManagedPolicyLoader::load(dir.path(), true, &policy, &errors));
            QVERIFY(errors.first().contains(QStringLiteral("must be owned by root and writable only by root")));
        } else {
            QVERIFY(!ManagedPolicyLoader::load(dir.path(), true, &policy, &errors));
            QVERIFY(errors.first().contains(QStringLiteral("must be owned by root")));
        }
    }

    void managedProfileShadowsBuiltIn()
    {
        QTemporaryDir dir;
        writeFile(dir.path() + QStringLiteral("/shell.json"),
            R"({"kind":"profile","schemaVersion":1,"name":"shell","command":["sh"]})");
        ManagedPolicy policy;
        QStringList errors;
        QVERIFY(ManagedPolicyLoader::load(dir.path(), false, &policy, &errors));
        QTemporaryDir userDir;
        const ProfileLocator locator(policy, userDir.path());
        Profile p;
        Source source = Source::BuiltIn;
        PolicyError error;
        QVERIFY(locator.find(QStringLiteral("shell"), &p, &source, &error));
        QCOMPARE(source, Source::Organization);
        QCOMPARE(p.command, QStringList{QStringLiteral("sh")});
        const auto entries = locator.list(&errors);
        bool found = false;
        for (const auto& e : entries) {
            if (e.name == u"shell") {
                QCOMPARE(e.kind, QStringLiteral("managed"));
                QVERIFY(e.locked);
                found = true;
            }
        }
        QVERIFY(found);
        // A profile file cannot stand in for it either.
        writeFile(userDir.path() + QStringLiteral("/mine.json"), R"({"schemaVersion":1,"name":"shell"})");
        QVERIFY(!locator.find(userDir.path() + QStringLiteral("/mine.json"), &p, &source, &error));
        QCOMPARE(error.code, ExitCode::PolicyDenied);
    }

    void userProfileLookup()
    {
        QTemporaryDir userDir;
        writeFile(
            userDir.path() + QStringLiteral("/mine.json"), R"({"schemaVersion":1,"name":"mine","command":["zsh"]})");
        writeFile(userDir.path() + QStringLiteral("/other.json"), R"({"schemaVersion":1,"name":"not-other"})");
        const ProfileLocator locator(ManagedPolicy{}, userDir.path());
        Profile p;
        Source source = Source::BuiltIn;
        PolicyError error;
        QVERIFY(locator.find(QStringLiteral("mine"), &p, &source, &error));
        QCOMPARE(p.origin, userDir.path() + QStringLiteral("/mine.json"));
        QVERIFY(!locator.find(QStringLiteral("other"), &p, &source, &error));
        QCOMPARE(error.code, ExitCode::ProfileInvalid);
        QVERIFY(error.message.contains(QStringLiteral("/name: expected \"other\"")));
        QVERIFY(!locator.find(QStringLiteral("nope"), &p, &source, &error));
        QVERIFY(error.message.contains(QStringLiteral("no profile named \"nope\"")));
        QVERIFY(locator.find(QStringLiteral("codex"), &p, &source, &error));
        QCOMPARE(p.origin, QStringLiteral("built-in:codex"));
    }
};

QTEST_GUILESS_MAIN(TestManagedPolicy)
#include "tst_managedpolicy.moc"
