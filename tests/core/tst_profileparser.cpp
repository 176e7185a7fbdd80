// The profile parser against checked-in fixtures: each valid_*.json parses to the expected
// values; each invalid_*.json fails with the exact location and expectation in its message.

#include "ProfileParser.h"

#include "LaunchSpec.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTest>

using namespace cordon;

namespace {

QString fixture(const QString& name)
{
    return QStringLiteral(CORDON_CORE_FIXTURES "/") + name;
}

// Each invalid_*.json fixture and the start of its one error message (after the file name).
QList<QPair<QString, QString>> invalidRows()
{
    QList<QPair<QString, QString>> rows;
    auto row = [&rows](const char* file, const QString& message) { rows.append({QString::fromLatin1(file), message}); };
    row("invalid_syntax.json", QStringLiteral(":4:25: JSON syntax error: "));
    row("invalid_unknown_key.json",
        QStringLiteral(": /filesystem/exec: unknown key \"exec\"; expected one of: read, write, hide, protect"));
    row("invalid_wrong_type.json", QStringLiteral(": /limits/pids: expected a whole number like 1024, got \"many\""));
    row("invalid_memory_unit.json", QStringLiteral(": /limits/memory: expected a size like 512M or 4G, got \"4X\""));
    row("invalid_memory_absurd.json",
        QStringLiteral(": /limits/memory: expected a size between 16M and 1T, got \"1M\""));
    row("invalid_timeout_absurd.json",
        QStringLiteral(": /limits/timeout: expected a duration between 1s and 366d, got \"400d\""));
    row("invalid_pids_absurd.json", QStringLiteral(": /limits/pids: expected an integer between 8 and 4194304, got 2"));
    row("invalid_cpu_zero.json", QStringLiteral(": /limits/cpu: expected a number of CPUs above 0"));
    row("invalid_hidden_and_writable.json",
        QStringLiteral(": /filesystem/hide/0: \"~/.ssh\" is hidden but /filesystem/write/0 (\"~/.ssh/known_hosts\") "
                       "makes it visible"));
    row("invalid_dotdot.json", QStringLiteral(": /filesystem/read/0: expected an absolute path, a path starting with "
                                              "~/, or a workspace-relative path, without '..', got \"../../etc\""));
    row("invalid_name.json", QStringLiteral(": /name: expected 1-64 characters of a-z, 0-9 and '-'"));
    row("invalid_missing_name.json", QStringLiteral(": /name: required key \"name\" is missing"));
    row("invalid_schema_version.json", QStringLiteral(": /schemaVersion: expected 1"));
    row("invalid_host.json", QStringLiteral(": /network/allow/0: expected host, host:port"));
    row("invalid_protect_absolute.json",
        QStringLiteral(": /filesystem/protect/0: expected a workspace-relative path, got \"/etc/passwd\""));
    row("invalid_best_effort.json",
        QStringLiteral(": /bestEffort/0: expected one of: landlock, landlockScopes, cgroup, got \"seccomp\""));
    row("invalid_env_set.json", QStringLiteral(": /environment/set/HOME: expected a variable name"));
    row("invalid_not_object.json", QStringLiteral(": /: expected a JSON object"));
    row("invalid_env_path.json",
        QStringLiteral(": /environment/path/0: expected a directory without ':', got \"~/bin:/evil\""));
    row("invalid_ask_timeout.json",
        QStringLiteral(": /network/askTimeout: expected a duration between 1s and 1h, got \"2h\""));
    row("invalid_unattended.json", QStringLiteral(": /network/unattended: expected \"deny\" or \"wait\", got \"ask\""));
    row("invalid_allow_always.json", QStringLiteral(": /network/allowAlways: expected true or false, got \"yes\""));
    row("invalid_secrets_not_array.json", QStringLiteral(": /secrets: expected an array of secrets, got an object"));
    row("invalid_secret_name.json",
        QStringLiteral(": /secrets/0/name: expected 1-64 characters of A-Z, a-z, 0-9 and _, not starting with a "
                       "digit, got \"1TOKEN\""));
    row("invalid_secret_duplicate.json",
        QStringLiteral(": /secrets/1/name: secret \"GITHUB_TOKEN\" is already declared at /secrets/0/name; "
                       "expected unique names"));
    row("invalid_secret_two_sources.json",
        QStringLiteral(": /secrets/0/from: expected exactly one of: env, file, keyring"));
    row("invalid_secret_unknown_key.json",
        QStringLiteral(": /secrets/0/scope: unknown key \"scope\"; expected one of: name, from, deliver, as, ttl, "
                       "allowAlways"));
    row("invalid_secret_deliver.json",
        QStringLiteral(": /secrets/0/deliver: expected one of: env, file, request, got \"stdin\""));
    row("invalid_secret_missing_deliver.json",
        QStringLiteral(": /secrets/0/deliver: required key \"deliver\" is missing"));
    row("invalid_secret_file_workspace.json",
        QStringLiteral(": /secrets/0/from/file: expected a file as an absolute path or one starting with ~/"));
    row("invalid_secret_from_env.json",
        QStringLiteral(": /secrets/0/from/env: expected the name of a variable of the launcher's environment, got "
                       "\"MY-VAR\""));
    row("invalid_secret_keyring_empty.json",
        QStringLiteral(": /secrets/0/from/keyring: expected at least one Secret Service lookup attribute"));
    row("invalid_secret_keyring_value.json",
        QStringLiteral(": /secrets/0/from/keyring/service: expected a string without control characters, got 5"));
    row("invalid_secret_ttl.json",
        QStringLiteral(": /secrets/0/ttl: expected a duration between 1s and 30d, got \"90d\""));
    row("invalid_secret_ttl_env.json",
        QStringLiteral(": /secrets/0/ttl: a variable cannot be withdrawn from a running agent; expected no "
                       "\"ttl\" with deliver \"env\""));
    row("invalid_secret_as_with_file.json",
        QStringLiteral(": /secrets/0/as: \"as\" names the variable of deliver \"env\"; expected no \"as\" with "
                       "deliver \"file\""));
    row("invalid_secret_variable_conflict.json",
        QStringLiteral(": /secrets/0/name: the variable GITHUB_TOKEN is also set by /environment/set/GITHUB_TOKEN; "
                       "expected each variable set once"));
    return rows;
}

} // namespace

class TestProfileParser final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void validFull()
    {
        Profile p;
        QStringList errors;
        QVERIFY2(ProfileParser::parseFile(fixture(QStringLiteral("valid_full.json")), &p, &errors),
            qPrintable(errors.join(u'\n')));
        QCOMPARE(p.name, QStringLiteral("full-example"));
        QCOMPARE(p.command, QStringList({QStringLiteral("bash"), QStringLiteral("-l")}));
        QCOMPARE(p.read.size(), 3);
        QCOMPARE(p.read.at(0).base(), PathRule::Base::Home);
        QCOMPARE(p.read.at(0).text(), QStringLiteral("~/.gitconfig"));
        QCOMPARE(p.read.at(1).base(), PathRule::Base::Absolute);
        QCOMPARE(p.read.at(2).base(), PathRule::Base::Workspace);
        QCOMPARE(p.write.size(), 2);
        QCOMPARE(p.hide.size(), 2);
        QVERIFY(p.protect.has_value());
        QCOMPARE(p.protect->size(), 2);
        QCOMPARE(p.envPass, QStringList({QStringLiteral("TERM"), QStringLiteral("LC_*"), QStringLiteral("EDITOR")}));
        QCOMPARE(p.envSet.size(), 1);
        QCOMPARE(p.envSet.at(0).first, QStringLiteral("EXAMPLE_MODE"));
        QCOMPARE(p.envPath.size(), 2);
        QCOMPARE(p.envPath.at(1).base(), PathRule::Base::Workspace);
        QCOMPARE(p.limits.value(LimitKey::Timeout), std::optional<qint64>(5400));
        QCOMPARE(p.limits.value(LimitKey::Memory), std::optional<qint64>(512LL << 20));
        QCOMPARE(p.limits.value(LimitKey::Pids), std::optional<qint64>(256));
        QCOMPARE(p.limits.value(LimitKey::Cpu), std::optional<qint64>(500));
        QCOMPARE(p.limits.value(LimitKey::OpenFiles), std::optional<qint64>(1024));
        QCOMPARE(p.limits.value(LimitKey::FileSize), std::optional<qint64>(2LL << 30));
        QCOMPARE(p.limits.value(LimitKey::TmpSize), std::optional<qint64>(256LL << 20));
        QCOMPARE(p.networkAllow.size(), 4);
        QCOMPARE(p.networkAllow.at(0).text(), QStringLiteral("api.example.com:443"));
        QVERIFY(p.networkAllow.at(1).isWildcard());
        QVERIFY(p.networkAllow.at(2).isIpLiteral());
        QCOMPARE(p.networkAllow.at(3).text(), QStringLiteral("[2001:db8::1]:443"));
        QCOMPARE(p.bestEffort, quint32(spec::LayerLandlockScopes | spec::LayerCgroup));
        QCOMPARE(p.origin, fixture(QStringLiteral("valid_full.json")));
        // Questions.
        QCOMPARE(p.askTimeout, std::optional<qint64>(120));
        QCOMPARE(p.unattended, std::optional<UnattendedMode>(UnattendedMode::Wait));
        QCOMPARE(p.allowAlways, std::optional<bool>(false));
        // Secrets, one of each source and delivery.
        QCOMPARE(p.secrets.size(), 3);
        const ProfileSecret& env = p.secrets.at(0);
        QCOMPARE(env.name, QStringLiteral("GITHUB_TOKEN"));
        QCOMPARE(env.sourceKind, ProfileSecret::SourceKind::Env);
        QCOMPARE(env.sourceEnv, QStringLiteral("GITHUB_TOKEN"));
        QCOMPARE(env.deliver, ProfileSecret::Delivery::Env);
        QCOMPARE(env.envName, QStringLiteral("GH_TOKEN"));
        QVERIFY(!env.allowAlways.has_value());
        const ProfileSecret& file = p.secrets.at(1);
        QCOMPARE(file.sourceKind, ProfileSecret::SourceKind::File);
        QCOMPARE(file.sourceFile.text(), QStringLiteral("~/.config/npm/token"));
        QCOMPARE(file.sourceFile.base(), PathRule::Base::Home);
        QCOMPARE(file.deliver, ProfileSecret::Delivery::File);
        QVERIFY(file.envName.isEmpty());
        QCOMPARE(file.ttlSeconds, qint64(15 * 60));
        QCOMPARE(file.allowAlways, std::optional<bool>(true));
        const ProfileSecret& keyring = p.secrets.at(2);
        QCOMPARE(keyring.sourceKind, ProfileSecret::SourceKind::Keyring);
        QCOMPARE(keyring.keyringAttributes.size(), 2);
        QCOMPARE(keyring.sourceText(), QStringLiteral("keyring account=me, service=openai"));
        QCOMPARE(keyring.deliver, ProfileSecret::Delivery::Request);
        QCOMPARE(keyring.ttlSeconds, ProfileSecret::kDefaultTtlSeconds);
    }

    // What is left out takes the documented defaults: "as" is the name, the ttl one hour, and the
    // questions' settings stay unset so that the resolver can say they are built-in defaults.
    void secretDefaults()
    {
        Profile p;
        QStringList errors;
        QVERIFY2(ProfileParser::parseFile(fixture(QStringLiteral("valid_secrets.json")), &p, &errors),
            qPrintable(errors.join(u'\n')));
        QCOMPARE(p.askTimeout, std::optional<qint64>(3600));
        QCOMPARE(p.unattended, std::optional<UnattendedMode>(UnattendedMode::Deny));
        QVERIFY(!p.allowAlways.has_value());
        QCOMPARE(p.secrets.size(), 3);
        QCOMPARE(p.secrets.at(0).envName, QStringLiteral("ANTHROPIC_API_KEY"));
        QCOMPARE(p.secrets.at(0).sourceText(), QStringLiteral("keyring service=anthropic"));
        QCOMPARE(p.secrets.at(1).name, QStringLiteral("deploy_key"));
        QCOMPARE(p.secrets.at(1).sourceFile.base(), PathRule::Base::Absolute);
        QCOMPARE(p.secrets.at(1).ttlSeconds, qint64(30) * 86400);
        QCOMPARE(p.secrets.at(2).name, QStringLiteral("_SESSION"));
        QCOMPARE(p.secrets.at(2).ttlSeconds, qint64(1));
        QCOMPARE(p.secrets.at(2).allowAlways, std::optional<bool>(false));

        Profile minimal;
        QVERIFY(ProfileParser::parseFile(fixture(QStringLiteral("valid_minimal.json")), &minimal, &errors));
        QVERIFY(!minimal.askTimeout && !minimal.unattended && !minimal.allowAlways);
        QVERIFY(minimal.secrets.isEmpty());
    }

    // The bounds of the new durations, both sides, each as its own document.
    void questionBounds_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<bool>("ok");
        QTest::newRow("ask 1s") << QByteArray(R"("network":{"askTimeout":"1s"})") << true;
        QTest::newRow("ask 1h") << QByteArray(R"("network":{"askTimeout":"1h"})") << true;
        QTest::newRow("ask 3601s") << QByteArray(R"("network":{"askTimeout":"3601s"})") << false;
        QTest::newRow("ask 0s") << QByteArray(R"("network":{"askTimeout":"0s"})") << false;
        QTest::newRow("ask number") << QByteArray(R"("network":{"askTimeout":60})") << false;
        QTest::newRow("ttl 30d") << QByteArray(
                                        R"("secrets":[{"name":"A","from":{"env":"A"},"deliver":"file","ttl":"30d"}])")
                                 << true;
        QTest::newRow("ttl 0s") << QByteArray(
                                       R"("secrets":[{"name":"A","from":{"env":"A"},"deliver":"request","ttl":"0s"}])")
                                << false;
        QTest::newRow("name 64") << QByteArray(R"("secrets":[{"name":")" + QByteArray(64, 'A') +
                                               R"(","from":{"env":"A"},"deliver":"request"}])")
                                 << true;
        QTest::newRow("name 65") << QByteArray(R"("secrets":[{"name":")" + QByteArray(65, 'A') +
                                               R"(","from":{"env":"A"},"deliver":"request"}])")
                                 << false;
        QTest::newRow("reserved as default")
            << QByteArray(R"("secrets":[{"name":"HOME","from":{"env":"A"},"deliver":"env"}])") << false;
        QTest::newRow("reserved name, other as")
            << QByteArray(R"("secrets":[{"name":"HOME","from":{"env":"A"},"deliver":"env","as":"MY_HOME"}])") << true;
        QTest::newRow("reserved name, file")
            << QByteArray(R"("secrets":[{"name":"HOME","from":{"env":"A"},"deliver":"file"}])") << true;
        QTest::newRow("two secrets, one variable")
            << QByteArray(R"("secrets":[{"name":"A","from":{"env":"A"},"deliver":"env","as":"X"},)"
                          R"({"name":"B","from":{"env":"B"},"deliver":"env","as":"X"}])")
            << false;
        QTest::newRow("file ~ itself") << QByteArray(R"("secrets":[{"name":"A","from":{"file":"~"},"deliver":"file"}])")
                                       << false;
        QTest::newRow("from empty") << QByteArray(R"("secrets":[{"name":"A","from":{},"deliver":"file"}])") << false;
        QTest::newRow("keyring control")
            << QByteArray(R"("secrets":[{"name":"A","from":{"keyring":{"s":"a\u001bb"}},"deliver":"file"}])") << false;
        QTest::newRow("secret not object") << QByteArray(R"("secrets":["GITHUB_TOKEN"])") << false;
    }
    void questionBounds()
    {
        QFETCH(QByteArray, json);
        QFETCH(bool, ok);
        const QByteArray doc = R"({"schemaVersion":1,"name":"b",)" + json + '}';
        Profile p;
        QStringList errors;
        QCOMPARE(ProfileParser::parse(doc, QStringLiteral("b.json"), &p, &errors), ok);
        if (!ok) {
            QCOMPARE(errors.size(), 1);
            QVERIFY2(errors.first().startsWith(QStringLiteral("b.json: /network/")) ||
                         errors.first().startsWith(QStringLiteral("b.json: /secrets/")),
                qPrintable(errors.first()));
        }
    }

    void validMinimal()
    {
        Profile p;
        QStringList errors;
        QVERIFY(ProfileParser::parseFile(fixture(QStringLiteral("valid_minimal.json")), &p, &errors));
        QCOMPARE(p.name, QStringLiteral("minimal"));
        QVERIFY(!p.protect.has_value()); // the built-in list applies
        QVERIFY(p.limits.isEmpty());
        QCOMPARE(p.bestEffort, quint32(0));
    }

    void invalidFixtures_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("message");
        for (const auto& [file, message] : invalidRows())
            QTest::newRow(qPrintable(file)) << file << message;
    }
    void invalidFixtures()
    {
        QFETCH(QString, file);
        QFETCH(QString, message);
        Profile p;
        QStringList errors;
        QVERIFY(!ProfileParser::parseFile(fixture(file), &p, &errors));
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors.first().startsWith(fixture(file) + message), qPrintable(errors.first()));
    }

    // Every invalid_*.json in the fixtures directory is covered by a row above.
    void everyInvalidFixtureHasARow()
    {
        const QStringList files =
            QDir(QStringLiteral(CORDON_CORE_FIXTURES)).entryList({QStringLiteral("invalid_*.json")});
        QVERIFY(files.size() >= 37);
        QStringList covered;
        for (const auto& r : invalidRows())
            covered.append(r.first);
        for (const auto& f : files) {
            QVERIFY2(covered.contains(f), qPrintable(f + QStringLiteral(" has no row in invalidRows()")));
            Profile p;
            QStringList errors;
            QVERIFY2(!ProfileParser::parseFile(fixture(f), &p, &errors), qPrintable(f));
        }
    }

    void collectsEveryError()
    {
        const QByteArray json = R"({"schemaVersion": 1, "name": "x", "limits": {"memory": "1", "pids": 1},
                                    "colour": "red"})";
        Profile p;
        QStringList errors;
        QVERIFY(!ProfileParser::parse(json, QStringLiteral("mem.json"), &p, &errors));
        QCOMPARE(errors.size(), 3);
        QVERIFY(errors.join(u'\n').contains(QStringLiteral("mem.json: /colour: unknown key")));
        QVERIFY(errors.join(u'\n').contains(QStringLiteral("mem.json: /limits/memory:")));
        QVERIFY(errors.join(u'\n').contains(QStringLiteral("mem.json: /limits/pids:")));
    }

    void syntaxErrorLineColumn()
    {
        // The offending '}' is on line 3, column 1.
        const QByteArray json = "{\n  \"name\": \"a\"\n}}";
        Profile p;
        QStringList errors;
        QVERIFY(!ProfileParser::parse(json, QStringLiteral("s.json"), &p, &errors));
        QVERIFY2(errors.first().startsWith(QStringLiteral("s.json:3:")), qPrintable(errors.first()));
    }

    // Random byte mutations of a valid profile: the parser never crashes, and every failure is
    // reported with the file name first.
    void mutationsNeverCrash()
    {
        QFile f(fixture(QStringLiteral("valid_full.json")));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray original = f.readAll();
        QRandomGenerator rng(20261124);
        int failures = 0;
        for (int i = 0; i < 3000; ++i) {
            QByteArray m = original;
            const int edits = 1 + int(rng.bounded(4));
            for (int e = 0; e < edits; ++e) {
                const int pos = int(rng.bounded(m.size()));
                switch (rng.bounded(3)) {
                case 0: m[pos] = char(rng.bounded(256)); break;
                case 1: m.remove(pos, 1 + int(rng.bounded(8))); break;
                default: m.insert(pos, char(rng.bounded(256))); break;
                }
            }
            Profile p;
            QStringList errors;
            if (!ProfileParser::parse(m, QStringLiteral("m.json"), &p, &errors)) {
                ++failures;
                QVERIFY(!errors.isEmpty());
                for (const auto& e : errors)
                    QVERIFY2(e.startsWith(QStringLiteral("m.json")), qPrintable(e));
            }
        }
        QVERIFY(failures > 1000); // the mutations do break the document
    }

    void pathRules_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("normalized");
        QTest::newRow("home") << QStringLiteral("~/.claude/") << true << QStringLiteral("~/.claude");
        QTest::newRow("home itself") << QStringLiteral("~") << true << QStringLiteral("~");
        QTest::newRow("double slash") << QStringLiteral("/opt//tools/./x") << true << QStringLiteral("/opt/tools/x");
        QTest::newRow("workspace") << QStringLiteral("./.git/hooks") << true << QStringLiteral(".git/hooks");
        QTest::newRow("dotdot") << QStringLiteral("a/../b") << false << QString();
        QTest::newRow("root") << QStringLiteral("/") << false << QString();
        QTest::newRow("tilde user") << QStringLiteral("~root/.ssh") << false << QString();
        QTest::newRow("empty") << QString() << false << QString();
        QTest::newRow("nul") << QStringLiteral("a") + QChar(0) + QStringLiteral("b") << false << QString();
        QTest::newRow("workspace itself") << QStringLiteral(".") << false << QString();
    }
    void pathRules()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QFETCH(QString, normalized);
        PathRule r;
        QString expected;
        QCOMPARE(PathRule::parse(text, &r, &expected), ok);
        if (ok)
            QCOMPARE(r.text(), normalized);
        else
            QVERIFY(!expected.isEmpty());
    }

    void hostPatterns_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::newRow("host") << QStringLiteral("API.Example.com.") << true;
        QTest::newRow("host:port") << QStringLiteral("api.example.com:443") << true;
        QTest::newRow("wildcard") << QStringLiteral("*.example.com") << true;
        QTest::newRow("ipv4") << QStringLiteral("192.0.2.1:8080") << true;
        QTest::newRow("ipv6") << QStringLiteral("::1") << true;
        QTest::newRow("ipv6 port") << QStringLiteral("[::1]:443") << true;
        QTest::newRow("port 0") << QStringLiteral("a.com:0") << false;
        QTest::newRow("inner wildcard") << QStringLiteral("a.*.com") << false;
        QTest::newRow("numeric encoding") << QStringLiteral("0x7f.1") << false;
        QTest::newRow("short ip") << QStringLiteral("127.1") << false;
        QTest::newRow("underscore") << QStringLiteral("a_b.com") << false;
        QTest::newRow("empty label") << QStringLiteral("a..com") << false;
        QTest::newRow("nul") << QStringLiteral("a.com") + QChar(0) + QStringLiteral(".evil") << false;
    }
    void hostPatterns()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        HostPattern h;
        QString expected;
        QCOMPARE(HostPattern::parse(text, &h, &expected), ok);
        if (ok && text.startsWith(u'A'))
            QCOMPARE(h.text(), QStringLiteral("api.example.com"));
    }
};

QTEST_GUILESS_MAIN(TestProfileParser)
#include "tst_profileparser.moc"
