// Every built-in profile validates with the parser and against the schema's required keys and
// known properties; the schema and the parser agree on which keys exist.

#include "ProfileLocator.h"
#include "ProfileParser.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <algorithm>

using namespace cordon;

namespace {

QJsonObject loadJson(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

QJsonObject profileBody()
{
    return loadJson(QStringLiteral(":/cordon/schema/profile.schema.json"))
        .value(QStringLiteral("$defs"))
        .toObject()
        .value(QStringLiteral("profileBody"))
        .toObject();
}

// True when the parser names `key` (at `pointer`) an unknown key.
bool parserCallsUnknown(const QJsonObject& profile, const QString& pointer)
{
    Profile p;
    QStringList errors;
    (void)ProfileParser::parse(QJsonDocument(profile).toJson(), QStringLiteral("k.json"), &p, &errors);
    for (const auto& e : errors)
        if (e.startsWith(QStringLiteral("k.json: ") + pointer + QStringLiteral(": unknown key")))
            return true;
    return false;
}

} // namespace

class TestBuiltInProfiles final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void allPresent()
    {
        const QStringList names = ProfileLocator::builtInNames();
        for (const char* n : {"shell", "demo-agent", "claude-code", "codex", "aider", "gemini-cli", "opencode"})
            QVERIFY2(names.contains(QString::fromLatin1(n)), n);
    }

    void validate_data()
    {
        QTest::addColumn<QString>("name");
        for (const auto& n : ProfileLocator::builtInNames())
            QTest::newRow(qPrintable(n)) << n;
    }
    void validate()
    {
        QFETCH(QString, name);
        Profile p;
        QStringList errors;
        QVERIFY2(ProfileLocator::loadBuiltIn(name, &p, &errors), qPrintable(errors.join(u'\n')));
        QCOMPARE(p.name, name);
        QVERIFY(!p.command.isEmpty());
        QVERIFY(!p.description.isEmpty());
        QCOMPARE(p.origin, QStringLiteral("built-in:") + name);
        // Limits as the issue asks: agents 8h/8G/4096, shell and demo 2h/4G/1024.
        const bool small = name == u"shell" || name == u"demo-agent";
        QCOMPARE(p.limits.value(LimitKey::Timeout), std::optional<qint64>(small ? 2 * 3600 : 8 * 3600));
        QCOMPARE(p.limits.value(LimitKey::Memory), std::optional<qint64>((small ? 4LL : 8LL) << 30));
        QCOMPARE(p.limits.value(LimitKey::Pids), std::optional<qint64>(small ? 1024 : 4096));
        // Files the host executes later stay protected: no built-in replaces the default list.
        QVERIFY(!p.protect.has_value());
        // Nothing best-effort unless a profile says why.
        QCOMPARE(p.bestEffort, quint32(0));

        const QJsonObject json = QJsonDocument::fromJson(ProfileLocator::builtInJson(name)).object();
        const QJsonObject body = profileBody();
        for (const auto& required : body.value(QStringLiteral("required")).toArray())
            QVERIFY2(json.contains(required.toString()), qPrintable(required.toString()));
        const QJsonObject properties = body.value(QStringLiteral("properties")).toObject();
        for (const auto& key : json.keys())
            QVERIFY2(properties.contains(key), qPrintable(key));
    }

    // Agents' own configuration that runs commands on the host stays read-only inside the agent's
    // writable directory: Claude Code's hooks, Codex's notify command.
    void agentSettingsReadOnly_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("dir");
        QTest::addColumn<QString>("file");
        QTest::newRow("claude-code") << QStringLiteral("claude-code") << QStringLiteral("~/.claude")
                                     << QStringLiteral("~/.claude/settings.json");
        QTest::newRow("codex") << QStringLiteral("codex") << QStringLiteral("~/.codex")
                               << QStringLiteral("~/.codex/config.toml");
    }
    void agentSettingsReadOnly()
    {
        QFETCH(QString, name);
        QFETCH(QString, dir);
        QFETCH(QString, file);
        Profile p;
        QStringList errors;
        QVERIFY2(ProfileLocator::loadBuiltIn(name, &p, &errors), qPrintable(errors.join(u'\n')));
        auto has = [](const QList<PathRule>& rules, const QString& text) {
            return std::any_of(rules.begin(), rules.end(), [&](const PathRule& r) { return r.text() == text; });
        };
        QVERIFY(has(p.write, dir));
        QVERIFY(has(p.read, file));
        QVERIFY(!has(p.write, file));
    }

    // No built-in profile allows a host in advance: an agent's first call raises a question that
    // names the host, and the person answers once (Always is saved for the profile). Nor does any
    // built-in switch the questions off or make them wait unattended.
    void builtInsAskInsteadOfPreAllowing_data()
    {
        QTest::addColumn<QString>("name");
        for (const auto& n : ProfileLocator::builtInNames())
            QTest::newRow(qPrintable(n)) << n;
    }
    void builtInsAskInsteadOfPreAllowing()
    {
        QFETCH(QString, name);
        Profile p;
        QStringList errors;
        QVERIFY2(ProfileLocator::loadBuiltIn(name, &p, &errors), qPrintable(errors.join(u'\n')));
        QVERIFY2(p.networkAllow.isEmpty(), qPrintable(name));
        QVERIFY(!p.allowAlways.has_value() || *p.allowAlways);
        QVERIFY(!p.unattended.has_value());
        QVERIFY(p.secrets.isEmpty());
        const bool agent = name != u"shell" && name != u"demo-agent";
        if (agent)
            QVERIFY2(p.description.contains(QStringLiteral("No host is allowed in advance")) &&
                         p.description.contains(QStringLiteral("answer Always")),
                qPrintable(p.description));
    }

    void claudeCodeNamesItsHost()
    {
        Profile p;
        QStringList errors;
        QVERIFY(ProfileLocator::loadBuiltIn(QStringLiteral("claude-code"), &p, &errors));
        QVERIFY(p.description.contains(QStringLiteral("api.anthropic.com:443")));
        QVERIFY(!ProfileLocator::builtInJson(QStringLiteral("claude-code")).contains("\"network\""));
    }

    // The keys the parser added for questions and secrets are in the schema, and the schema's
    // secret object has exactly the parser's keys.
    void schemaHasQuestionsAndSecrets()
    {
        const QJsonObject schema = loadJson(QStringLiteral(":/cordon/schema/profile.schema.json"));
        const QJsonObject defs = schema.value(QStringLiteral("$defs")).toObject();
        const QJsonObject properties = profileBody().value(QStringLiteral("properties")).toObject();
        const QStringList network = properties.value(QStringLiteral("network"))
                                        .toObject()
                                        .value(QStringLiteral("properties"))
                                        .toObject()
                                        .keys();
        for (const char* k : {"allow", "deny", "askTimeout", "unattended", "allowAlways"})
            QVERIFY2(network.contains(QString::fromLatin1(k)), k);
        QVERIFY(properties.contains(QStringLiteral("secrets")));

        const QJsonObject secret = defs.value(QStringLiteral("secret")).toObject();
        QCOMPARE(secret.value(QStringLiteral("additionalProperties")).toBool(true), false);
        const QStringList secretKeys = secret.value(QStringLiteral("properties")).toObject().keys();
        QCOMPARE(secretKeys.size(), 6);
        const QJsonObject base{{QStringLiteral("schemaVersion"), 1}, {QStringLiteral("name"), QStringLiteral("k")}};
        for (const auto& key : secretKeys) {
            QJsonObject p = base;
            p.insert(QStringLiteral("secrets"), QJsonArray{QJsonObject{{key, QJsonValue::Null}}});
            QVERIFY2(!parserCallsUnknown(p, QStringLiteral("/secrets/0/") + key), qPrintable(key));
        }
        QJsonObject p = base;
        p.insert(QStringLiteral("secrets"), QJsonArray{QJsonObject{{QStringLiteral("notAKey"), 1}}});
        QVERIFY(parserCallsUnknown(p, QStringLiteral("/secrets/0/notAKey")));
        const QStringList sources = secret.value(QStringLiteral("properties"))
                                        .toObject()
                                        .value(QStringLiteral("from"))
                                        .toObject()
                                        .value(QStringLiteral("properties"))
                                        .toObject()
                                        .keys();
        QCOMPARE(sources, QStringList({QStringLiteral("env"), QStringLiteral("file"), QStringLiteral("keyring")}));
        QCOMPARE(defs.value(QStringLiteral("secretName")).toObject().value(QStringLiteral("pattern")).toString(),
            QStringLiteral("^[A-Za-z_][A-Za-z0-9_]{0,63}$"));
    }

    void defaultProtectListCoversGitRedirection()
    {
        const QStringList list = Profile::defaultProtectedPaths();
        for (const char* path : {".git/hooks", ".git/config", ".git/commondir", ".git/config.worktree",
                 ".git/worktrees", ".git/info", ".envrc", ".vscode", ".idea", ".bashrc", ".zshrc", ".profile",
                 ".bash_profile", ".claude/settings.json", ".claude/settings.local.json", ".mcp.json"})
            QVERIFY2(list.contains(QString::fromLatin1(path)), path);
        for (const auto& path : list) {
            PathRule rule;
            QString expected;
            QVERIFY2(PathRule::parse(path, &rule, &expected), qPrintable(path + u' ' + expected));
            QVERIFY(rule.base() == PathRule::Base::Workspace);
        }
    }

    void schemaAndParserAgreeOnKeys()
    {
        const QJsonObject body = profileBody();
        QVERIFY(!body.isEmpty());
        const QJsonObject properties = body.value(QStringLiteral("properties")).toObject();
        QVERIFY(properties.size() >= 12);
        const QJsonObject base{{QStringLiteral("schemaVersion"), 1}, {QStringLiteral("name"), QStringLiteral("k")}};
        for (const auto& key : properties.keys()) {
            QJsonObject p = base;
            p.insert(key, QJsonValue::Null);
            QVERIFY2(!parserCallsUnknown(p, u'/' + key), qPrintable(key));
        }
        QJsonObject unknown = base;
        unknown.insert(QStringLiteral("notAKey"), 1);
        QVERIFY(parserCallsUnknown(unknown, QStringLiteral("/notAKey")));

        // Nested objects: every schema key known to the parser, and an extra key refused by both.
        for (const char* section : {"filesystem", "environment", "network", "limits"}) {
            const QString s = QString::fromLatin1(section);
            QJsonObject sectionSchema = properties.value(s).toObject();
            if (sectionSchema.contains(QStringLiteral("$ref")))
                sectionSchema = loadJson(QStringLiteral(":/cordon/schema/profile.schema.json"))
                                    .value(QStringLiteral("$defs"))
                                    .toObject()
                                    .value(QStringLiteral("limits"))
                                    .toObject();
            QCOMPARE(sectionSchema.value(QStringLiteral("additionalProperties")).toBool(true), false);
            for (const auto& key : sectionSchema.value(QStringLiteral("properties")).toObject().keys()) {
                QJsonObject p = base;
                p.insert(s, QJsonObject{{key, QJsonValue::Null}});
                QVERIFY2(!parserCallsUnknown(p, u'/' + s + u'/' + key), qPrintable(s + u'/' + key));
            }
            QJsonObject p = base;
            p.insert(s, QJsonObject{{QStringLiteral("notAKey"), 1}});
            QVERIFY2(parserCallsUnknown(p, u'/' + s + QStringLiteral("/notAKey")), section);
        }
    }

    void managedSchemaPresent()
    {
        const QJsonObject m = loadJson(QStringLiteral(":/cordon/schema/managed-policy.schema.json"));
        QCOMPARE(m.value(QStringLiteral("$schema")).toString(),
            QStringLiteral("https://json-schema.org/draft/2020-12/schema"));
        const QJsonObject policy = m.value(QStringLiteral("oneOf")).toArray().at(0).toObject();
        const QStringList keys = policy.value(QStringLiteral("properties")).toObject().keys();
        for (const char* k :
            {"kind", "schemaVersion", "description", "filesystem", "environment", "network", "limits", "lockedProfiles",
                "forbidBestEffort", "forbidAlways", "forbidPrompts", "maxAskTimeout", "denySecrets"})
            QVERIFY2(keys.contains(QString::fromLatin1(k)), k);
        QCOMPARE(keys.size(), 13);
    }
};

QTEST_GUILESS_MAIN(TestBuiltInProfiles)
#include "tst_builtinprofiles.moc"
