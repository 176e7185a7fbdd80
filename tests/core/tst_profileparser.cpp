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
        auto row = [](const char* file, const QString& message) {
            QTest::newRow(file) << QString::fromLatin1(file) << message;
        };
        row("invalid_syntax.json", QStringLiteral(":4:25: JSON syntax error: "));
        row("invalid_unknown_key.json",
            QStringLiteral(": /filesystem/exec: unknown key \"exec\"; expected one of: read, write, hide, protect"));
        row("invalid_wrong_type.json",
            QStringLiteral(": /limits/pids: expected a whole number like 1024, got \"many\""));
        row("invalid_memory_unit.json",
            QStringLiteral(": /limits/memory: expected a size like 512M or 4G, got \"4X\""));
        row("invalid_memory_absurd.json",
            QStringLiteral(": /limits/memory: expected a size between 16M and 1T, got \"1M\""));
        row("invalid_timeout_absurd.json",
            QStringLiteral(": /limits/timeout: expected a duration between 1s and 366d, got \"400d\""));
        row("invalid_pids_absurd.json",
            QStringLiteral(": /limits/pids: expected an integer between 8 and 4194304, got 2"));
        row("invalid_cpu_zero.json", QStringLiteral(": /limits/cpu: expected a number of CPUs above 0"));
        row("invalid_hidden_and_writable.json",
            QStringLiteral(
                ": /filesystem/hide/0: \"~/.ssh\" is hidden but /filesystem/write/0 (\"~/.ssh/known_hosts\") "
                "makes it visible"));
        row("invalid_dotdot.json",
            QStringLiteral(": /filesystem/read/0: expected an absolute path, a path starting with "
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
        QVERIFY(files.size() >= 19);
        for (const auto& f : files) {
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
