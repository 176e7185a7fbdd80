// The `launch` request cordonctl sends for a run command line (LaunchMessage), and the keys of the
// terminal prompt (EscalationPrompt): pure functions, no helper needed.

#include "EscalationPrompt.h"
#include "LaunchMessage.h"
#include "MessageSchema.h"
#include "RunOptions.h"

#include <QDir>
#include <QJsonArray>
#include <QTest>

using namespace cordon;
using namespace cordon::cli;

namespace {

LaunchMessage::Context context()
{
    LaunchMessage::Context c;
    c.cwd = QStringLiteral("/home/ann/src/app");
    c.home = QStringLiteral("/home/ann");
    c.environment.insert(QStringLiteral("PATH"), QStringLiteral("/usr/bin:/bin"));
    c.environment.insert(QStringLiteral("TERM"), QStringLiteral("xterm"));
    return c;
}

QJsonObject request(const QString& kind, const QStringList& choices, bool domain)
{
    QJsonObject r{{QStringLiteral("id"), 7}, {QStringLiteral("session"), QStringLiteral("r-1")},
        {QStringLiteral("profile"), QStringLiteral("shell")}, {QStringLiteral("workspace"), QStringLiteral("/w")},
        {QStringLiteral("kind"), kind}, {QStringLiteral("subject"), QStringLiteral("api.example.com:443")},
        {QStringLiteral("pid"), 42}, {QStringLiteral("exe"), QStringLiteral("/usr/bin/curl")},
        {QStringLiteral("argv"), QJsonArray{QStringLiteral("curl"), QStringLiteral("https://api.example.com")}},
        {QStringLiteral("time"), 1000}, {QStringLiteral("deadline"), 61000},
        {QStringLiteral("choices"), QJsonArray::fromStringList(choices)},
        {QStringLiteral("scopes"), QJsonArray{QStringLiteral("host"), QStringLiteral("domain")}}};
    if (domain)
        r.insert(QStringLiteral("domain"), QStringLiteral("*.example.com"));
    return r;
}

} // namespace

class TestLaunchMessage final : public QObject {
    Q_OBJECT

    static RunOptions parse(const QStringList& args)
    {
        RunOptions o;
        QString error;
        if (!RunOptions::parse(args, 0, RunOptions::Mode::Run, &o, &error))
            qFatal("parse failed: %s", qPrintable(error));
        return o;
    }

private Q_SLOTS:
    void minimal()
    {
        const QJsonObject m = LaunchMessage::build(
            parse({QStringLiteral("--"), QStringLiteral("/bin/echo"), QStringLiteral("hi")}), context());
        QCOMPARE(m.value(QStringLiteral("type")).toString(), QStringLiteral("launch"));
        QCOMPARE(m.value(QStringLiteral("profile")).toString(), QStringLiteral("shell"));
        QCOMPARE(m.value(QStringLiteral("workspace")).toString(), QStringLiteral("/home/ann/src/app"));
        QCOMPARE(m.value(QStringLiteral("cwd")).toString(), QStringLiteral("/home/ann/src/app"));
        QCOMPARE(
            m.value(QStringLiteral("argv")).toArray(), (QJsonArray{QStringLiteral("/bin/echo"), QStringLiteral("hi")}));
        QCOMPARE(m.value(QStringLiteral("env")).toObject().value(QStringLiteral("TERM")).toString(),
            QStringLiteral("xterm"));
        QCOMPARE(m.value(QStringLiteral("terminal")).toBool(), true);
        QCOMPARE(m.value(QStringLiteral("attach")).toBool(), true);
        QVERIFY(!m.contains(QStringLiteral("overrides")));
        protocol::ProtocolError error;
        QVERIFY2(
            protocol::MessageSchema::validate(m, protocol::Direction::ToHelper, &error), qPrintable(error.message));
    }

    void noCommandMeansTheProfiles()
    {
        const QJsonObject m =
            LaunchMessage::build(parse({QStringLiteral("--profile"), QStringLiteral("codex")}), context());
        QVERIFY(!m.contains(QStringLiteral("argv")));
        QCOMPARE(m.value(QStringLiteral("profile")).toString(), QStringLiteral("codex"));
    }

    void profileFileAndWorkspaceMadeAbsolute()
    {
        QJsonObject m = LaunchMessage::build(
            parse({QStringLiteral("--profile"), QStringLiteral("profiles/mine.json"), QStringLiteral("--workspace"),
                QStringLiteral("../other"), QStringLiteral("true")}),
            context());
        QCOMPARE(m.value(QStringLiteral("profile")).toString(), QStringLiteral("/home/ann/src/app/profiles/mine.json"));
        QVERIFY(m.value(QStringLiteral("workspace")).toString().startsWith(u'/'));
        QCOMPARE(
            QDir::cleanPath(m.value(QStringLiteral("workspace")).toString()), QStringLiteral("/home/ann/src/other"));
        m = LaunchMessage::build(
            parse({QStringLiteral("--profile"), QStringLiteral("x.json"), QStringLiteral("true")}), context());
        QCOMPARE(m.value(QStringLiteral("profile")).toString(), QStringLiteral("/home/ann/src/app/x.json"));
    }

    // Limits keep the text the person wrote; paths become absolute; numbers stay numbers.
    void overridesMapping()
    {
        const QString cwd = QDir::currentPath();
        const RunOptions o = parse({QStringLiteral("--timeout"), QStringLiteral("90m"), QStringLiteral("--memory=2G"),
            QStringLiteral("--pids"), QStringLiteral("64"), QStringLiteral("--cpu"), QStringLiteral("0.5"),
            QStringLiteral("--ro"), QStringLiteral("/data/ref"), QStringLiteral("--ro"), QStringLiteral("~/.gitconfig"),
            QStringLiteral("--rw"), QStringLiteral("build"), QStringLiteral("--hide"), QStringLiteral("~/.ssh"),
            QStringLiteral("--env"), QStringLiteral("EDITOR"), QStringLiteral("--"), QStringLiteral("true")});
        QVERIFY(LaunchMessage::unsupported(o).isEmpty());
        const QJsonObject ov = LaunchMessage::overrides(o, context());
        QCOMPARE(ov.value(QStringLiteral("timeout")).toString(), QStringLiteral("90m"));
        QCOMPARE(ov.value(QStringLiteral("memory")).toString(), QStringLiteral("2G"));
        QCOMPARE(ov.value(QStringLiteral("pids")).toInt(), 64);
        QCOMPARE(ov.value(QStringLiteral("cpu")).toDouble(), 0.5);
        QCOMPARE(ov.value(QStringLiteral("ro")).toArray(),
            (QJsonArray{QStringLiteral("/data/ref"), QStringLiteral("/home/ann/.gitconfig")}));
        // Relative to the directory cordonctl runs in (as the shell means it), not the workspace.
        QCOMPARE(
            ov.value(QStringLiteral("rw")).toArray(), (QJsonArray{QDir::cleanPath(cwd + QStringLiteral("/build"))}));
        QCOMPARE(ov.value(QStringLiteral("hide")).toArray(), (QJsonArray{QStringLiteral("/home/ann/.ssh")}));
        QCOMPARE(ov.value(QStringLiteral("env")).toArray(), (QJsonArray{QStringLiteral("EDITOR")}));
        const QJsonObject m = LaunchMessage::build(o, context());
        QCOMPARE(m.value(QStringLiteral("overrides")).toObject(), ov);
        protocol::ProtocolError error;
        QVERIFY2(
            protocol::MessageSchema::validate(m, protocol::Direction::ToHelper, &error), qPrintable(error.message));
    }

    void unsupportedLimitsNamed()
    {
        const RunOptions o = parse({QStringLiteral("--open-files"), QStringLiteral("256"), QStringLiteral("--tmp-size"),
            QStringLiteral("1G"), QStringLiteral("true")});
        QCOMPARE(
            LaunchMessage::unsupported(o), (QStringList{QStringLiteral("--open-files"), QStringLiteral("--tmp-size")}));
    }

    void directFlag()
    {
        QVERIFY(parse({QStringLiteral("--direct"), QStringLiteral("true")}).direct);
        QVERIFY(!parse({QStringLiteral("true"), QStringLiteral("--direct")}).direct); // the command's own argument
        RunOptions o;
        QString error;
        QVERIFY(!RunOptions::parse({QStringLiteral("--direct")}, 0, RunOptions::Mode::Spec, &o, &error));
    }

    void promptKeysNetwork()
    {
        const QJsonObject r = request(QStringLiteral("net"),
            {QStringLiteral("deny"), QStringLiteral("once"), QStringLiteral("session"), QStringLiteral("always")},
            true);
        using A = EscalationPrompt::Answer;
        QCOMPARE(EscalationPrompt::answerForKey(r, 'd'),
            std::optional<A>(A{QStringLiteral("deny"), QStringLiteral("host"), 0}));
        QCOMPARE(EscalationPrompt::answerForKey(r, 'o'),
            std::optional<A>(A{QStringLiteral("once"), QStringLiteral("host"), 0}));
        QCOMPARE(EscalationPrompt::answerForKey(r, 's'),
            std::optional<A>(A{QStringLiteral("session"), QStringLiteral("host"), 0}));
        QCOMPARE(EscalationPrompt::answerForKey(r, 'a'),
            std::optional<A>(A{QStringLiteral("always"), QStringLiteral("host"), 0}));
        QCOMPARE(EscalationPrompt::answerForKey(r, 'D'),
            std::optional<A>(A{QStringLiteral("session"), QStringLiteral("domain"), 0}));
        QVERIFY(!EscalationPrompt::answerForKey(r, 'x'));
        QVERIFY(!EscalationPrompt::answerForKey(r, 'e'));
        const QString text = EscalationPrompt::frame(r).join(u'\n');
        QVERIFY2(text.contains(QStringLiteral("api.example.com:443")), qPrintable(text));
        QVERIFY(text.contains(
            QStringLiteral("[d]eny  [o]nce  [s]ession  [a]lways  (*.example.com: [D]omain-wide session)")));
        QVERIFY(text.contains(QStringLiteral("/usr/bin/curl (pid 42)")));
    }

    // Managed policy forbade "always", no domain offered: those keys do nothing and are not shown.
    void promptKeysRestricted()
    {
        const QJsonObject r = request(QStringLiteral("net"), {QStringLiteral("deny"), QStringLiteral("once")}, false);
        QVERIFY(!EscalationPrompt::answerForKey(r, 'a'));
        QVERIFY(!EscalationPrompt::answerForKey(r, 's'));
        QVERIFY(!EscalationPrompt::answerForKey(r, 'D'));
        QVERIFY(EscalationPrompt::answerForKey(r, 'o'));
        const QString text = EscalationPrompt::frame(r).join(u'\n');
        QVERIFY(!text.contains(QStringLiteral("[a]lways")));
        QVERIFY(!text.contains(QStringLiteral("[D]omain")));
    }

    void promptKeysTime()
    {
        const QJsonObject r =
            request(QStringLiteral("time"), {QStringLiteral("deny"), QStringLiteral("extend")}, false);
        using A = EscalationPrompt::Answer;
        QCOMPARE(EscalationPrompt::answerForKey(r, 'e'), std::optional<A>(A{QStringLiteral("extend"), QString(), 15}));
        QCOMPARE(EscalationPrompt::answerForKey(r, 'd'), std::optional<A>(A{QStringLiteral("deny"), QString(), 0}));
        QVERIFY(!EscalationPrompt::answerForKey(r, 'o'));
        QVERIFY(EscalationPrompt::frame(r).join(u'\n').contains(QStringLiteral("[e]xtend 15 min  [d]eny")));
    }

    // What the sandbox controls in a prompt is inert.
    void promptRendersInert()
    {
        QJsonObject r = request(QStringLiteral("net"), {QStringLiteral("deny"), QStringLiteral("once")}, false);
        r.insert(QStringLiteral("subject"), QStringLiteral("evil.example:443\x1b[2K\rallowed.example:443"));
        r.insert(QStringLiteral("argv"),
            QJsonArray{QStringLiteral("curl"), QString(QChar(0x202e)) + QStringLiteral("txt.exe")});
        const QString text = EscalationPrompt::frame(r).join(u'\n');
        QVERIFY(!text.contains(QChar(0x1b)));
        QVERIFY(!text.contains(QChar(0x202e)));
        QVERIFY(!text.contains(u'\r'));
        QVERIFY(text.contains(QStringLiteral("evil.example:443\\x1B[2K\\x0Dallowed.example:443")));
        QVERIFY(text.contains(QStringLiteral("U+202Etxt.exe")));
    }
};

QTEST_GUILESS_MAIN(TestLaunchMessage)
#include "tst_launchmessage.moc"
