// ProfileWriter: every profile the parser accepts is written so that parsing it again gives the same
// profile (every built-in, every valid fixture, and hand-made edge cases), the output is stable
// (writing twice gives the same bytes) and keeps the key order of the built-in profiles.

#include "ProfileLocator.h"
#include "ProfileParser.h"
#include "ProfileWriter.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

#include <type_traits>

using namespace cordon;

namespace {

QString pathTexts(const QList<PathRule>& rules)
{
    QStringList out;
    for (const auto& r : rules)
        out.append(QString::number(static_cast<int>(r.base())) + u'|' + r.text() + u'|' + r.relative());
    return out.join(u',');
}

QString hostTexts(const QList<HostPattern>& hosts)
{
    QStringList out;
    for (const auto& h : hosts)
        out.append(h.text() + u'|' + QString::number(h.port()) + u'|' + (h.isWildcard() ? u'w' : u'-') +
                   (h.isIpLiteral() ? u'i' : u'-'));
    return out.join(u',');
}

template <typename T>
QString optionalText(const std::optional<T>& v)
{
    if (!v)
        return QStringLiteral("(unset)");
    if constexpr (std::is_same_v<T, bool>)
        return *v ? QStringLiteral("true") : QStringLiteral("false");
    else
        return QString::number(static_cast<qint64>(*v));
}

QString secretText(const ProfileSecret& s)
{
    QStringList attributes;
    for (const auto& [a, v] : s.keyringAttributes)
        attributes.append(a + u'=' + v);
    return QStringList{s.name, QString::number(static_cast<int>(s.sourceKind)), s.sourceEnv, pathTexts({s.sourceFile}),
        attributes.join(u';'), QString::number(static_cast<int>(s.deliver)), s.envName, QString::number(s.ttlSeconds),
        optionalText(s.allowAlways)}
        .join(u'|');
}

QString profileDifference(const Profile& a, const Profile& b)
{
    auto differ = [](const char* what, const QString& x, const QString& y) {
        return x == y ? QString() : QStringLiteral("%1: \"%2\" != \"%3\"").arg(QString::fromLatin1(what), x, y);
    };
    QStringList checks;
    checks << differ("schemaVersion", QString::number(a.schemaVersion), QString::number(b.schemaVersion));
    checks << differ("name", a.name, b.name) << differ("displayName", a.displayName, b.displayName)
           << differ("description", a.description, b.description) << differ("icon", a.icon, b.icon)
           << differ("command", a.command.join(QChar(0x1f)), b.command.join(QChar(0x1f)));
    checks << differ("read", pathTexts(a.read), pathTexts(b.read))
           << differ("write", pathTexts(a.write), pathTexts(b.write))
           << differ("hide", pathTexts(a.hide), pathTexts(b.hide))
           << differ("protect", a.protect ? pathTexts(*a.protect) : QStringLiteral("(default)"),
                  b.protect ? pathTexts(*b.protect) : QStringLiteral("(default)"));
    auto setText = [](const Profile& p) {
        QStringList out;
        for (const auto& [n, v] : p.envSet)
            out.append(n + u'=' + v);
        return out.join(QChar(0x1f));
    };
    checks << differ("envPass", a.envPass.join(u','), b.envPass.join(u',')) << differ("envSet", setText(a), setText(b))
           << differ("envPath", pathTexts(a.envPath), pathTexts(b.envPath));
    for (int i = 0; i < kLimitKeyCount; ++i) {
        const LimitKey key = Limits::keyAt(i);
        checks << differ("limits", Limits::jsonKey(key) + u'=' + optionalText(a.limits.value(key)),
            Limits::jsonKey(key) + u'=' + optionalText(b.limits.value(key)));
    }
    checks << differ("networkAllow", hostTexts(a.networkAllow), hostTexts(b.networkAllow))
           << differ("networkDeny", hostTexts(a.networkDeny), hostTexts(b.networkDeny))
           << differ("askTimeout", optionalText(a.askTimeout), optionalText(b.askTimeout))
           << differ("unattended", a.unattended ? unattendedModeName(*a.unattended) : QStringLiteral("(unset)"),
                  b.unattended ? unattendedModeName(*b.unattended) : QStringLiteral("(unset)"))
           << differ("allowAlways", optionalText(a.allowAlways), optionalText(b.allowAlways));
    QStringList sa, sb;
    for (const auto& s : a.secrets)
        sa.append(secretText(s));
    for (const auto& s : b.secrets)
        sb.append(secretText(s));
    checks << differ("secrets", sa.join(QChar(0x1e)), sb.join(QChar(0x1e)))
           << differ("bestEffort", QString::number(a.bestEffort), QString::number(b.bestEffort))
           << differ("cordonTools", QString::number(a.cordonTools), QString::number(b.cordonTools));
    for (const auto& c : checks)
        if (!c.isEmpty())
            return c;
    return {};
}

// parse(write(p)) == p, and write(parse(write(p))) == write(p).
void checkRoundTrip(const Profile& original)
{
    const QByteArray written = ProfileWriter::write(original);
    Profile again;
    QStringList errors;
    QVERIFY2(ProfileParser::parse(written, QStringLiteral("written.json"), &again, &errors),
        qPrintable(errors.join(u'\n') + u'\n' + QString::fromUtf8(written)));
    const QString difference = profileDifference(original, again);
    QVERIFY2(difference.isEmpty(), qPrintable(difference + u'\n' + QString::fromUtf8(written)));
    QCOMPARE(ProfileWriter::write(again), written);
    // The object form says the same as the document.
    QCOMPARE(QJsonDocument::fromJson(written).object(), ProfileWriter::toJson(original));
}

// Top-level keys in the order they appear in a document.
QStringList topLevelKeys(const QByteArray& json)
{
    QStringList keys;
    static const QRegularExpression key(QStringLiteral("^    \"([A-Za-z]+)\":"), QRegularExpression::MultilineOption);
    auto it = key.globalMatch(QString::fromUtf8(json));
    while (it.hasNext())
        keys.append(it.next().captured(1));
    return keys;
}

Profile parseOrFail(const QByteArray& json)
{
    Profile p;
    QStringList errors;
    if (!ProfileParser::parse(json, QStringLiteral("edge.json"), &p, &errors))
        qWarning("%s", qPrintable(errors.join(u'\n')));
    return p;
}

} // namespace

class TestProfileWriter final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void builtIns_data()
    {
        QTest::addColumn<QString>("name");
        const QStringList names = ProfileLocator::builtInNames();
        QVERIFY(names.size() >= 7);
        for (const auto& n : names)
            QTest::newRow(qPrintable(n)) << n;
    }
    void builtIns()
    {
        QFETCH(QString, name);
        Profile p;
        QStringList errors;
        QVERIFY2(ProfileLocator::loadBuiltIn(name, &p, &errors), qPrintable(errors.join(u'\n')));
        checkRoundTrip(p);
        // Same keys, same order as the file shipped in resources/profiles (those are the model).
        QCOMPARE(topLevelKeys(ProfileWriter::write(p)), topLevelKeys(ProfileLocator::builtInJson(name)));
    }

    void fixtures_data()
    {
        QTest::addColumn<QString>("path");
        const QDir dir(QStringLiteral(CORDON_CORE_FIXTURES));
        const QStringList files = dir.entryList({QStringLiteral("valid_*.json")}, QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 3);
        for (const auto& f : files)
            QTest::newRow(qPrintable(f)) << dir.filePath(f);
    }
    void fixtures()
    {
        QFETCH(QString, path);
        Profile p;
        QStringList errors;
        QVERIFY2(ProfileParser::parseFile(path, &p, &errors), qPrintable(errors.join(u'\n')));
        checkRoundTrip(p);
    }

    void edgeCases_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("empty protect turns the default list off")
            << QByteArray(R"({"schemaVersion": 1, "name": "p", "filesystem": {"protect": []}})");
        QTest::newRow("text that needs escaping")
            // (Not a raw string: moc misreads \" inside one.)
            << QByteArray("{\"schemaVersion\": 1, \"name\": \"p\", \"displayName\": \"Quote \\\" backslash \\\\ tab "
                          "\\t\", \"description\": \""
                          "line\\nline, \\u00e9t\\u00e9, \\u65e5\\u672c, ctl \\u0001\", \"command\": [\"sh\", \"-c\", "
                          "\"echo \\\"a b\\\"\"]}");
        QTest::newRow("cpu fractions are exact")
            << QByteArray(R"({"schemaVersion": 1, "name": "p", "limits": {"cpu": 0.001}})");
        QTest::newRow("cpu large") << QByteArray(R"({"schemaVersion": 1, "name": "p", "limits": {"cpu": 1023.456}})");
        QTest::newRow("every limit") << QByteArray(
            R"({"schemaVersion": 1, "name": "p", "limits": {"timeout": "90s", "memory": "1536M",
                "pids": 8, "cpu": 1024, "openFiles": 1048576, "fileSize": "1024T", "tmpSize": "1T"}})");
        QTest::newRow("explicit defaults stay explicit")
            << QByteArray(R"({"schemaVersion": 1, "name": "p", "network": {"askTimeout": "60s", "unattended": "deny",
                "allowAlways": true}, "secrets": [{"name": "A", "from": {"env": "A"}, "deliver": "file",
                "ttl": "1h", "allowAlways": false}]})");
        QTest::newRow("as equal to the name")
            << QByteArray(R"({"schemaVersion": 1, "name": "p", "secrets": [{"name": "A", "from": {"env": "B"},
                "deliver": "env", "as": "A"}]})");
        QTest::newRow("keyring attributes")
            << QByteArray(R"({"schemaVersion": 1, "name": "p", "secrets": [{"name": "K", "from": {"keyring":
                {"service": "x", "account": "me", "a b": "with space"}}, "deliver": "request", "ttl": "30d"}]})");
        QTest::newRow("ipv6 and wildcard hosts")
            << QByteArray(R"({"schemaVersion": 1, "name": "p", "network": {"allow": ["::1", "[::1]:443",
                "*.Example.COM.", "10.0.0.1:8080"], "deny": ["*.evil.test:443"]}})");
        QTest::newRow("environment set order")
            << QByteArray(R"({"schemaVersion": 1, "name": "p", "environment": {"set": {"Z": "1", "A": "", "M": "x=y"},
                "pass": ["LC_*", "A?"], "path": ["~/bin", "/opt/x", "tools/bin"]}})");
        QTest::newRow("long lists open one level")
            << QByteArray(R"({"schemaVersion": 1, "name": "p", "filesystem": {"read": ["~/a-long-directory-name-1",
                "~/a-long-directory-name-2", "~/a-long-directory-name-3", "~/a-long-directory-name-4",
                "~/a-long-directory-name-5", "~/a-long-directory-name-6"]}, "bestEffort": ["landlock", "cgroup",
                "landlockScopes"], "cordonTools": true})");
    }
    void edgeCases()
    {
        QFETCH(QByteArray, json);
        Profile p;
        QStringList errors;
        QVERIFY2(ProfileParser::parse(json, QStringLiteral("edge.json"), &p, &errors), qPrintable(errors.join(u'\n')));
        checkRoundTrip(p);
    }

    // The format people read: 4-space indentation, lines within 120 columns where a value
    // allows, a final newline.
    void layout()
    {
        Profile p;
        QStringList errors;
        QVERIFY(ProfileLocator::loadBuiltIn(QStringLiteral("claude-code"), &p, &errors));
        const QByteArray written = ProfileWriter::write(p);
        QVERIFY(written.startsWith("{\n    \"schemaVersion\": 1,\n    \"name\": \"claude-code\",\n"));
        QVERIFY(written.endsWith("}\n"));
        QVERIFY(written.contains("    \"command\": [\"claude\"],\n"));
        QVERIFY(written.contains("    \"limits\": { \"timeout\": \"8h\", \"memory\": \"8G\", \"pids\": 4096 }"));
        const auto lines = written.split('\n');
        for (const auto& line : lines) {
            // Indentation is a multiple of 4.
            qsizetype lead = 0;
            while (lead < line.size() && line.at(lead) == ' ')
                ++lead;
            QCOMPARE(lead % 4, 0);
            // Only a single string (the description) may exceed the width.
            if (line.size() > 120)
                QVERIFY2(line.trimmed().startsWith("\"description\""), line.constData());
        }
    }

    // A test that cannot fail is a defect: the comparison does see a dropped field.
    void comparisonDetectsDifferences()
    {
        Profile a = parseOrFail(R"({"schemaVersion": 1, "name": "p", "network": {"allowAlways": false}})");
        Profile b = parseOrFail(R"({"schemaVersion": 1, "name": "p"})");
        QVERIFY(!profileDifference(a, b).isEmpty());
        a = parseOrFail(R"({"schemaVersion": 1, "name": "p", "filesystem": {"protect": []}})");
        QVERIFY(!profileDifference(a, b).isEmpty());
        a = parseOrFail(R"({"schemaVersion": 1, "name": "p", "secrets": [{"name": "A", "from": {"env": "B"},
            "deliver": "file", "ttl": "2h"}]})");
        b = parseOrFail(R"({"schemaVersion": 1, "name": "p", "secrets": [{"name": "A", "from": {"env": "B"},
            "deliver": "file"}]})");
        QVERIFY(!profileDifference(a, b).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestProfileWriter)
#include "tst_profilewriter.moc"
