// The real cordonctl binary, run through QProcess: exit codes and messages of validate, show,
// spec and run refusals (nothing on the host changes), and, with cordon-sandbox built, the exit
// status of a sandboxed command passed through exactly.

#include "ExitCode.h"
#include "LaunchSpecCodec.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace cordon;

namespace {

QString fixture(const QString& name)
{
    return QStringLiteral(CORDON_CORE_FIXTURES "/") + name;
}

struct Result {
    int code = -1;
    QByteArray out;
    QString err;
};

void writeFile(const QString& path, const QByteArray& content)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(content), content.size());
}

} // namespace

class TestCordonctl final : public QObject {
    Q_OBJECT

    QString m_binary;
    QTemporaryDir m_home;
    QTemporaryDir m_managed;
    QString m_ws;

    Result run(const QStringList& args, const QString& managedDir = {}, const QString& cwd = {})
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.remove(QStringLiteral("XDG_CONFIG_HOME"));
        env.remove(QStringLiteral("XDG_DATA_HOME"));
        env.insert(QStringLiteral("CORDON_MANAGED_DIR"), managedDir.isEmpty() ? m_managed.path() : managedDir);
        env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), QStringLiteral("launcher-secret"));
        // Direct mode (cordonctl starts cordon-sandbox itself): these cases are about the policy
        // and the sandbox, and must neither use nor start a helper (tests/cli covers that path).
        env.insert(QStringLiteral("CORDON_NO_HELPER"), QStringLiteral("1"));
        p.setProcessEnvironment(env);
        p.setWorkingDirectory(cwd.isEmpty() ? m_ws : cwd);
        p.start(m_binary, args);
        if (!p.waitForFinished(60000)) {
            p.kill();
            p.waitForFinished();
            return {};
        }
        Result r;
        r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_binary = QString::fromLocal8Bit(qgetenv("CORDON_BIN_DIR")) + QStringLiteral("/cordonctl");
        QVERIFY2(QFileInfo(m_binary).isExecutable(), qPrintable(m_binary));
        QVERIFY(m_home.isValid() && m_managed.isValid());
        m_ws = QFileInfo(m_home.path()).canonicalFilePath() + QStringLiteral("/project");
        QVERIFY(QDir().mkpath(m_ws));
    }

    void validateGoodAndBad()
    {
        Result r = run({QStringLiteral("profile"), QStringLiteral("validate"),
            fixture(QStringLiteral("valid_full.json")), fixture(QStringLiteral("managed/valid_policy.json"))});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("valid_full.json: valid"));
        QVERIFY(r.out.contains("valid_policy.json: valid"));

        r = run(
            {QStringLiteral("profile"), QStringLiteral("validate"), fixture(QStringLiteral("invalid_memory_unit.json")),
                fixture(QStringLiteral("invalid_unknown_key.json")), fixture(QStringLiteral("valid_minimal.json"))});
        QCOMPARE(r.code, toInt(ExitCode::ProfileInvalid));
        QCOMPARE(r.code, 120);
        QVERIFY2(r.err.contains(fixture(QStringLiteral("invalid_memory_unit.json")) +
                                QStringLiteral(": /limits/memory: expected a size like 512M or 4G, got \"4X\"")),
            qPrintable(r.err));
        QVERIFY(r.err.contains(QStringLiteral("/filesystem/exec: unknown key \"exec\"")));
        QVERIFY(r.err.contains(QStringLiteral("cordonctl: ")));
        QVERIFY(r.out.contains("valid_minimal.json: valid"));
    }

    void nonexistentWorkspaceRefused()
    {
        const QString missing = m_home.path() + QStringLiteral("/no-such-project");
        const Result r = run({QStringLiteral("run"), QStringLiteral("--workspace"), missing, QStringLiteral("--"),
            QStringLiteral("true")});
        QCOMPARE(r.code, 122);
        QVERIFY2(r.err.startsWith(
                     QStringLiteral("cordonctl: the workspace ") + missing + QStringLiteral(" does not exist\n")),
            qPrintable(r.err));
        QVERIFY(r.err.contains(QString::fromLatin1(exitCodeAdvice(ExitCode::PathRefused))));
        QVERIFY(!QFileInfo::exists(missing));
    }

    void workspaceSymlinkToNowhereRefused()
    {
        const QString link = m_home.path() + QStringLiteral("/dangling-ws");
        QVERIFY(::symlink("/nonexistent/cordon/target", QFile::encodeName(link).constData()) == 0);
        const Result r = run(
            {QStringLiteral("run"), QStringLiteral("--workspace"), link, QStringLiteral("--"), QStringLiteral("true")});
        QCOMPARE(r.code, 122);
        QVERIFY(!QFileInfo::exists(QStringLiteral("/nonexistent/cordon")));
    }

    // Bad option values are usage errors (119): the profile file was fine, the command line was not.
    void absurdLimitOnCommandLine()
    {
        Result r = run({QStringLiteral("run"), QStringLiteral("--memory"), QStringLiteral("1K"), QStringLiteral("--"),
            QStringLiteral("true")});
        QCOMPARE(r.code, 119);
        QVERIFY2(
            r.err.contains(QStringLiteral("--memory \"1K\": expected a size between 16M and 1T")), qPrintable(r.err));
        r = run({QStringLiteral("run"), QStringLiteral("--timeout=5x"), QStringLiteral("true")});
        QCOMPARE(r.code, 119);
        r = run({QStringLiteral("run"), QStringLiteral("--bogus"), QStringLiteral("true")});
        QCOMPARE(r.code, 119);
        QVERIFY(r.err.contains(QStringLiteral("unknown option --bogus")));
    }

    void invalidProfileFileRefused()
    {
        const Result r = run({QStringLiteral("run"), QStringLiteral("--profile"),
            fixture(QStringLiteral("invalid_hidden_and_writable.json")), QStringLiteral("--"), QStringLiteral("true")});
        QCOMPARE(r.code, 120);
        QVERIFY(r.err.contains(QStringLiteral("/filesystem/hide/0")));
    }

    void invalidManagedPolicyFailsClosed()
    {
        QTemporaryDir managed;
        writeFile(managed.path() + QStringLiteral("/50-typo.json"),
            R"({"kind":"policy","schemaVersion":1,"forbidBestEfort":true})");
        const Result r = run({QStringLiteral("run"), QStringLiteral("--"), QStringLiteral("true")}, managed.path());
        QCOMPARE(r.code, 120);
        QVERIFY2(r.err.contains(managed.path() + QStringLiteral("/50-typo.json: /forbidBestEfort: unknown key")),
            qPrintable(r.err));
        QVERIFY(r.err.contains(QStringLiteral("nothing may launch")));
    }

    void lockedProfileRefusesLoosening()
    {
        QTemporaryDir managed;
        writeFile(managed.path() + QStringLiteral("/10-lock.json"),
            R"({"kind":"policy","schemaVersion":1,"lockedProfiles":["shell"],"limits":{"max":{"memory":"2G"}}})");
        Result r = run({QStringLiteral("run"), QStringLiteral("--rw"), QStringLiteral("/srv"), QStringLiteral("--"),
                           QStringLiteral("true")},
            managed.path());
        QCOMPARE(r.code, 121);
        QVERIFY(r.err.contains(QStringLiteral("locked by ") + managed.path() + QStringLiteral("/10-lock.json")));
        r = run({QStringLiteral("profile"), QStringLiteral("spec"), QStringLiteral("--memory"), QStringLiteral("3G"),
                    QStringLiteral("--"), QStringLiteral("true")},
            managed.path());
        QCOMPARE(r.code, 121);
        QVERIFY(r.err.contains(QStringLiteral("--memory 3G is above the maximum of 2G set by ")));
        // Tightening is fine; the spec carries the ceiling.
        r = run({QStringLiteral("profile"), QStringLiteral("spec"), QStringLiteral("--hide"), QStringLiteral("secret"),
                    QStringLiteral("--"), QStringLiteral("true")},
            managed.path());
        QCOMPARE(r.code, 0);
        spec::LaunchSpec s;
        std::string error;
        QVERIFY2(spec::decodeLaunchSpec(r.out.toStdString(), s, error), error.c_str());
        QCOMPARE(s.limits.memoryBytes, 2ull << 30);
    }

    void commandNotFound()
    {
        const Result r =
            run({QStringLiteral("run"), QStringLiteral("--"), QStringLiteral("cordon-no-such-command-xyz")});
        QCOMPARE(r.code, 127);
        QVERIFY(r.err.contains(QStringLiteral("cordon-no-such-command-xyz")));
    }

    void specIsDecodableAndScrubbed()
    {
        const Result r = run({QStringLiteral("profile"), QStringLiteral("spec"), QStringLiteral("--profile"),
            QStringLiteral("claude-code"), QStringLiteral("--timeout"), QStringLiteral("10m"), QStringLiteral("--"),
            QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("echo 'a b'")});
        QCOMPARE(r.code, 0);
        spec::LaunchSpec s;
        std::string error;
        QVERIFY2(spec::decodeLaunchSpec(r.out.toStdString(), s, error), error.c_str());
        QCOMPARE(s.argv, (std::vector<std::string>{"sh", "-c", "echo 'a b'"}));
        QCOMPARE(s.limits.timeoutSeconds, 600u);
        QCOMPARE(s.cwd, m_ws.toStdString());
        QVERIFY(QString::fromStdString(s.runId).startsWith(QStringLiteral("claude-code-")));
        for (const auto& e : s.env)
            QVERIFY2(e.find("launcher-secret") == std::string::npos, e.c_str());
    }

    void showEffectiveJson()
    {
        QTemporaryDir managed;
        writeFile(managed.path() + QStringLiteral("/10.json"),
            R"({"kind":"policy","schemaVersion":1,"limits":{"max":{"memory":"2G"}}})");
        const Result r =
            run({QStringLiteral("profile"), QStringLiteral("show"), QStringLiteral("--effective"),
                    QStringLiteral("--json"), QStringLiteral("--pids"), QStringLiteral("64"), QStringLiteral("codex")},
                managed.path());
        QCOMPARE(r.code, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        const QJsonObject limits = o.value(QStringLiteral("limits")).toObject();
        QCOMPARE(limits.value(QStringLiteral("memory")).toObject().value(QStringLiteral("source")).toString(),
            QStringLiteral("organization"));
        QCOMPARE(limits.value(QStringLiteral("memory")).toObject().value(QStringLiteral("origin")).toString(),
            managed.path() + QStringLiteral("/10.json"));
        QCOMPARE(limits.value(QStringLiteral("pids")).toObject().value(QStringLiteral("source")).toString(),
            QStringLiteral("command-line"));
        QCOMPARE(limits.value(QStringLiteral("timeout")).toObject().value(QStringLiteral("origin")).toString(),
            QStringLiteral("built-in:codex"));
        QCOMPARE(o.value(QStringLiteral("network")).toObject().value(QStringLiteral("enforced")).toBool(true), false);

        const Result text = run({QStringLiteral("profile"), QStringLiteral("show"), QStringLiteral("codex")});
        QCOMPARE(text.code, 0);
        QVERIFY(text.out.contains("loopback only"));
        // Built-in agents allow no host in advance: the first call asks (docs/profiles.md).
        QVERIFY(!text.out.contains("  allow    "));
        QVERIFY(text.out.contains("the answer is awaited up to 1m"));
    }

    void listAndExitCodes()
    {
        Result r = run({QStringLiteral("profile"), QStringLiteral("list")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("claude-code"));
        QVERIFY(r.out.contains("built-in"));
        r = run({QStringLiteral("exit-codes")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("122  path-refused"));
        r = run({QStringLiteral("frobnicate")});
        QCOMPARE(r.code, 119);
    }

    void doctorReportsEveryCheck()
    {
        const Result r = run({QStringLiteral("doctor")});
        const QString out = QString::fromUtf8(r.out);
        for (const char* check : {"user namespaces: ", "Landlock: ", "seccomp: ", "cgroup v", "cordon-sandbox: "})
            QVERIFY2(out.contains(QString::fromLatin1(check)), check);
        const bool anyFail = out.contains(QStringLiteral("FAIL  "));
        QCOMPARE(r.code, anyFail ? 123 : 0);
        QVERIFY(out.contains(anyFail ? QStringLiteral("failed") : QStringLiteral("All checks passed.")));
    }

    // As root: creates the v1 delegation for a user, idempotently. As anyone else: refused.
    void doctorFixDelegatesCgroups()
    {
        if (geteuid() != 0) {
            const Result r = run({QStringLiteral("doctor"), QStringLiteral("--fix"), QStringLiteral("--user"),
                QStringLiteral("nobody")});
            QCOMPARE(r.code, 119);
            QVERIFY(r.err.contains(QStringLiteral("must run as root")));
            return;
        }
        if (QFileInfo::exists(QStringLiteral("/sys/fs/cgroup/cgroup.controllers"))) {
            const Result r = run({QStringLiteral("doctor"), QStringLiteral("--fix"), QStringLiteral("--user"),
                QStringLiteral("nobody")});
            QCOMPARE(r.code, 0);
            QVERIFY(r.out.contains("cgroup v2"));
            return;
        }
        const QString uid = QStringLiteral("65534"); // nobody
        QStringList created;
        for (const char* c : {"memory", "pids", "cpu"}) {
            const QString dir = QStringLiteral("/sys/fs/cgroup/%1/cordon/%2").arg(QString::fromLatin1(c), uid);
            if (!QFileInfo::exists(dir))
                created.append(dir);
        }
        for (int round = 0; round < 2; ++round) {
            const Result r = run({QStringLiteral("doctor"), QStringLiteral("--fix"), QStringLiteral("--user"),
                QStringLiteral("nobody")});
            QVERIFY2(r.code == 0, qPrintable(r.err));
            for (const char* c : {"memory", "pids", "cpu"}) {
                const QString dir = QStringLiteral("/sys/fs/cgroup/%1/cordon/%2").arg(QString::fromLatin1(c), uid);
                QFileInfo info(dir);
                QVERIFY2(info.isDir(), qPrintable(dir));
                QCOMPARE(info.ownerId(), 65534u);
            }
        }
        for (const QString& dir : std::as_const(created))
            QVERIFY2(::rmdir(QFile::encodeName(dir).constData()) == 0, qPrintable(dir));
        const Result bad = run({QStringLiteral("doctor"), QStringLiteral("--fix"), QStringLiteral("--user"),
            QStringLiteral("no-such-user-cordon")});
        QCOMPARE(bad.code, 119);
    }

    // End to end: what the compiled policy promises holds inside the real sandbox.
    void policyHoldsInside()
    {
        QTemporaryDir wsDir;
        const QString ws = QFileInfo(wsDir.path()).canonicalFilePath();
        writeFile(ws + QStringLiteral("/.env"), "API_KEY=secret-in-dotenv\n");
        QVERIFY(QDir().mkpath(ws + QStringLiteral("/.git/hooks")));
        writeFile(ws + QStringLiteral("/.git/hooks/pre-commit"), "#!/bin/sh\n");
        const QString script = QStringLiteral("env; echo ---; "
                                              "cat .env && echo DOTENV-READABLE; "
                                              "echo evil >> .git/hooks/pre-commit && echo HOOK-WRITABLE; "
                                              "touch .git/hooks/new-hook && echo HOOK-DIR-WRITABLE; "
                                              "echo kept > result.txt && echo WORKSPACE-WRITABLE; "
                                              "ls -A ~ | wc -l");
        const Result r = run({QStringLiteral("run"), QStringLiteral("--profile"), QStringLiteral("demo-agent"),
            QStringLiteral("--workspace"), ws, QStringLiteral("--"), QStringLiteral("sh"), QStringLiteral("-c"),
            script});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString out = QString::fromUtf8(r.out);
        QVERIFY(!out.contains(QStringLiteral("launcher-secret")));
        QVERIFY(!out.contains(QStringLiteral("AWS_SECRET_ACCESS_KEY")));
        QVERIFY(out.contains(QStringLiteral("CORDON_SANDBOX=1")));
        QVERIFY(out.contains(QStringLiteral("CORDON_PROFILE=demo-agent")));
        QVERIFY(!out.contains(QStringLiteral("secret-in-dotenv")));
        QVERIFY(!out.contains(QStringLiteral("DOTENV-READABLE")));
        QVERIFY(!out.contains(QStringLiteral("HOOK-WRITABLE")));
        QVERIFY(!out.contains(QStringLiteral("HOOK-DIR-WRITABLE")));
        QVERIFY(out.contains(QStringLiteral("WORKSPACE-WRITABLE")));
        QVERIFY(out.trimmed().endsWith(QStringLiteral("\n0"))); // a fresh, empty home
        QFile hook(ws + QStringLiteral("/.git/hooks/pre-commit"));
        QVERIFY(hook.open(QIODevice::ReadOnly));
        QCOMPARE(hook.readAll(), QByteArray("#!/bin/sh\n"));
        QVERIFY(!QFileInfo::exists(ws + QStringLiteral("/.git/hooks/new-hook")));
        QVERIFY(QFileInfo::exists(ws + QStringLiteral("/result.txt")));
        QFile env(ws + QStringLiteral("/.env"));
        QVERIFY(env.open(QIODevice::ReadOnly));
        QCOMPARE(env.readAll(), QByteArray("API_KEY=secret-in-dotenv\n"));
    }

    // End to end through cordon-sandbox: the command's own status comes back exactly.
    void exitStatusPassesThrough()
    {
        const QString sandbox = QFileInfo(m_binary).absolutePath() + QStringLiteral("/cordon-sandbox");
        QVERIFY2(QFileInfo(sandbox).isExecutable(), "cordon-sandbox is not built next to cordonctl");
        Result r = run({QStringLiteral("run"), QStringLiteral("--"), QStringLiteral("true")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = run({QStringLiteral("run"), QStringLiteral("--"), QStringLiteral("sh"), QStringLiteral("-c"),
            QStringLiteral("exit 3")});
        QCOMPARE(r.code, 3);
        r = run({QStringLiteral("run"), QStringLiteral("--"), QStringLiteral("sh"), QStringLiteral("-c"),
            QStringLiteral("kill -TERM $$")});
        QCOMPARE(r.code, 128 + 15);
        // A protected file created inside is moved aside by the monitor (not critical: the session
        // goes on to the command's own status) and pointed out again afterwards.
        QTemporaryDir wsDir;
        r = run({QStringLiteral("run"), QStringLiteral("--workspace"), wsDir.path(), QStringLiteral("--"),
            QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("echo x > .envrc; sleep 0.3; exit 4")});
        QCOMPARE(r.code, 4);
        QVERIFY(!QFileInfo::exists(wsDir.path() + QStringLiteral("/.envrc")));
        const QStringList moved = QDir(wsDir.path()).entryList({QStringLiteral(".envrc.cordon-quarantine-*")},
            QDir::Files | QDir::Hidden);
        QCOMPARE(moved.size(), 1);
        QFile quarantined(wsDir.path() + u'/' + moved.first());
        QVERIFY(quarantined.open(QIODevice::ReadOnly));
        QCOMPARE(quarantined.readAll(), QByteArray("x\n"));
        QVERIFY2(r.err.contains(QStringLiteral("which your shell would run on the host; moved it to ") + moved.first()),
            qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("the sandbox created .envrc; moved aside to ") + moved.first()),
            qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCordonctl)
#include "tst_cordonctl.moc"
