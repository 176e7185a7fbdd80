// The compiler against a real file system (temporary directories): mount order, merged-/usr
// symlinks, protected paths, planted symlinks refused, workspace checks, environment allowlist,
// limits, and a round trip through the wire codec.

#include "LaunchSpecCodec.h"
#include "LaunchSpecCompiler.h"
#include "ManagedPolicyLoader.h"
#include "PolicyResolver.h"
#include "ProfileParser.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace cordon;
using spec::MountKind;

namespace {

void touch(const QString& path)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
}

void symlinkAt(const QString& text, const QString& path)
{
    QVERIFY(::symlink(QFile::encodeName(text).constData(), QFile::encodeName(path).constData()) == 0);
}

QString target(const spec::Mount& m)
{
    return QString::fromStdString(m.target);
}

qsizetype indexOf(const spec::LaunchSpec& s, MountKind kind, const QString& t)
{
    for (std::size_t i = 0; i < s.mounts.size(); ++i)
        if (s.mounts[i].kind == kind && target(s.mounts[i]) == t)
            return static_cast<qsizetype>(i);
    return -1;
}

bool isStrictParent(const QString& parent, const QString& child)
{
    return child.size() > parent.size() && child.startsWith(parent) && child.at(parent.size()) == u'/';
}

QStringList envOf(const spec::LaunchSpec& s)
{
    QStringList out;
    for (const auto& e : s.env)
        out.append(QString::fromStdString(e));
    return out;
}

// The guarded paths of a spec: host path -> critical.
QMap<QString, bool> guardsOf(const spec::LaunchSpec& s)
{
    QMap<QString, bool> out;
    for (const auto& g : s.guarded)
        out.insert(QString::fromStdString(g.hostPath), g.critical);
    return out;
}

} // namespace

class TestLaunchSpecCompiler final : public QObject {
    Q_OBJECT

    QTemporaryDir m_home;
    QString m_homePath;
    QTemporaryDir m_root;
    QString m_ws;

    // Resolve and compile `profileJson` with `workspace`; optional managed policy and CLI.
    bool compile(const QByteArray& profileJson, const QString& workspace, spec::LaunchSpec* out, PolicyError* error,
        CompileReport* report = nullptr, const QByteArray& managedJson = {},
        const QHash<QString, QString>& environment = {}, const CommandLineOverrides& cli = {},
        const std::function<void(CompileContext&)>& tweak = {})
    {
        ResolveRequest r;
        QStringList errors;
        if (!ProfileParser::parse(profileJson, QStringLiteral("test.json"), &r.profile, &errors)) {
            qWarning() << errors;
            return false;
        }
        if (!managedJson.isEmpty() && !ManagedPolicyLoader::parseFile(managedJson,
                                          QStringLiteral("/etc/cordon/managed.d/t.json"), &r.managed, &errors)) {
            qWarning() << errors;
            return false;
        }
        r.home = m_homePath;
        r.workspace =
            QFileInfo(workspace).canonicalFilePath().isEmpty() ? workspace : QFileInfo(workspace).canonicalFilePath();
        r.commandLine = cli;
        EffectivePolicy policy;
        if (!PolicyResolver::resolve(r, &policy, error))
            return false;
        policy.workspace = workspace;
        CompileContext context;
        context.argv = {QStringLiteral("true")};
        context.userName = QStringLiteral("tester");
        context.environment = environment;
        context.runIdSuffix = QStringLiteral("0123abcd");
        context.hostRoot = m_root.path();
        context.toolsDir = m_root.path() + QStringLiteral("/tools");
        if (tweak)
            tweak(context);
        CompileReport scratch;
        return LaunchSpecCompiler::compile(policy, context, out, report ? report : &scratch, error);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid() && m_root.isValid());
        m_homePath = QFileInfo(m_home.path()).canonicalFilePath();
        m_ws = m_homePath + QStringLiteral("/src/proj");
        QVERIFY(QDir().mkpath(m_ws));
        // A fake host root for the merged-/usr scan: /bin -> usr/bin (symlink), /lib a directory.
        QVERIFY(QDir().mkpath(m_root.path() + QStringLiteral("/usr/bin")));
        QVERIFY(QDir().mkpath(m_root.path() + QStringLiteral("/lib")));
        QVERIFY(QDir().mkpath(m_root.path() + QStringLiteral("/tools")));
        symlinkAt(QStringLiteral("usr/bin"), m_root.path() + QStringLiteral("/bin"));
    }

    void mountOrderParentsBeforeChildren()
    {
        QVERIFY(QDir().mkpath(m_homePath + QStringLiteral("/.agent/cache")));
        spec::LaunchSpec s;
        PolicyError error;
        QVERIFY2(compile(R"({"schemaVersion":1,"name":"t","filesystem":{"write":["~/.agent/cache","~/.agent"],
                            "read":["~/src"]}})",
                     m_ws, &s, &error),
            qPrintable(error.message));
        for (std::size_t i = 0; i < s.mounts.size(); ++i)
            for (std::size_t j = i + 1; j < s.mounts.size(); ++j)
                QVERIFY2(!isStrictParent(target(s.mounts[j]), target(s.mounts[i])),
                    qPrintable(target(s.mounts[j]) + QStringLiteral(" after its child ") + target(s.mounts[i])));
        // The fixed prefix.
        QCOMPARE(s.mounts[0].kind, MountKind::BindReadOnly);
        QCOMPARE(target(s.mounts[0]), QStringLiteral("/usr"));
        QVERIFY(s.mounts[0].exec);
        QCOMPARE(target(s.mounts[1]), QStringLiteral("/etc"));
        const auto home = indexOf(s, MountKind::Tmpfs, m_homePath);
        const auto src = indexOf(s, MountKind::BindReadOnly, m_homePath + QStringLiteral("/src"));
        const auto ws = indexOf(s, MountKind::BindReadWrite, m_ws);
        const auto agent = indexOf(s, MountKind::BindReadWrite, m_homePath + QStringLiteral("/.agent"));
        const auto cache = indexOf(s, MountKind::BindReadWrite, m_homePath + QStringLiteral("/.agent/cache"));
        QVERIFY(home > indexOf(s, MountKind::Tmpfs, QStringLiteral("/tmp")));
        QVERIFY(home >= 0 && src > home && ws > src && agent > home && cache > agent);
        QCOMPARE(s.mounts[static_cast<std::size_t>(home)].mode, 0700u);
        QVERIFY(indexOf(s, MountKind::Proc, QStringLiteral("/proc")) >= 0);
        QVERIFY(indexOf(s, MountKind::Devpts, QStringLiteral("/dev/pts")) >
                indexOf(s, MountKind::Tmpfs, QStringLiteral("/dev")));
        QVERIFY(indexOf(s, MountKind::BindDevice, QStringLiteral("/dev/null")) > 0);
        QCOMPARE(QString::fromStdString(s.cwd), m_ws);
        QCOMPARE(QString::fromStdString(s.runId), QStringLiteral("t-0123abcd"));
    }

    void mergedUsrSymlinks()
    {
        spec::LaunchSpec s;
        PolicyError error;
        QVERIFY(compile(R"({"schemaVersion":1,"name":"t"})", m_ws, &s, &error));
        const auto bin = indexOf(s, MountKind::Symlink, QStringLiteral("/bin"));
        QVERIFY(bin >= 0);
        QCOMPARE(s.mounts[static_cast<std::size_t>(bin)].source, std::string("usr/bin"));
        const auto lib = indexOf(s, MountKind::BindReadOnly, QStringLiteral("/lib"));
        QVERIFY(lib >= 0);
        QVERIFY(s.mounts[static_cast<std::size_t>(lib)].optional);
        QCOMPARE(indexOf(s, MountKind::BindReadOnly, QStringLiteral("/lib64")), -1); // absent in the fake root
        QCOMPARE(indexOf(s, MountKind::Symlink, QStringLiteral("/lib64")), -1);
    }

    // A launcher running as root could read the host's password hashes and host keys through
    // the read-only /etc: they are hidden for everyone; a symlink in their place is left alone
    // (hiding it would make the helper refuse the launch).
    void hostCredentialsHidden()
    {
        const QString etc = m_root.path() + QStringLiteral("/etc");
        QVERIFY(QDir().mkpath(etc + QStringLiteral("/ssh")));
        QVERIFY(QDir().mkpath(etc + QStringLiteral("/sudoers.d")));
        for (const char* file : {"/shadow", "/ssh/ssh_host_ed25519_key", "/ssh/ssh_host_ed25519_key.pub", "/ssh/ssh_config"}) {
            QFile f(etc + QString::fromLatin1(file));
            QVERIFY(f.open(QIODevice::WriteOnly));
        }
        symlinkAt(QStringLiteral("shadow"), etc + QStringLiteral("/gshadow"));
        spec::LaunchSpec s;
        PolicyError error;
        QVERIFY(compile(R"({"schemaVersion":1,"name":"t"})", m_ws, &s, &error));
        for (const char* hidden : {"/etc/shadow", "/etc/sudoers.d", "/etc/ssh/ssh_host_ed25519_key"})
            QVERIFY2(indexOf(s, MountKind::Hide, QString::fromLatin1(hidden)) > indexOf(s, MountKind::BindReadOnly, QStringLiteral("/etc")),
                hidden);
        for (const char* visible : {"/etc/gshadow", "/etc/ssh/ssh_host_ed25519_key.pub", "/etc/ssh/ssh_config", "/etc/shadow-"})
            QVERIFY2(indexOf(s, MountKind::Hide, QString::fromLatin1(visible)) == -1, visible);
        QVERIFY(QDir(etc).removeRecursively());
    }

    void protectedPathsReadOnly()
    {
        QTemporaryDir wsDir;
        const QString ws = QFileInfo(wsDir.path()).canonicalFilePath();
        QVERIFY(QDir().mkpath(ws + QStringLiteral("/.git/hooks")));
        touch(ws + QStringLiteral("/.git/config"));
        touch(ws + QStringLiteral("/.envrc"));
        spec::LaunchSpec s;
        PolicyError error;
        CompileReport report;
        QVERIFY2(compile(R"({"schemaVersion":1,"name":"t"})", ws, &s, &error, &report), qPrintable(error.message));
        const auto wsBind = indexOf(s, MountKind::BindReadWrite, ws);
        for (const char* p : {"/.git/hooks", "/.git/config", "/.envrc"}) {
            const auto i = indexOf(s, MountKind::BindReadOnly, ws + QString::fromLatin1(p));
            QVERIFY2(i > wsBind, p);
        }
        QVERIFY(report.protectedAbsent.contains(ws + QStringLiteral("/.vscode")));
        QVERIFY(report.protectedAbsent.contains(ws + QStringLiteral("/.bashrc")));
        QCOMPARE(report.workspace, ws);
    }

    // Rename-around (`mv .git .git.old; mkdir -p .git/hooks`): every directory between the
    // workspace and a read-only island is bound onto itself, after the workspace and before the
    // islands, shallow first, so that it cannot be renamed away inside (EBUSY).
    void selfBindsPinParentsOfReadOnlyBinds()
    {
        QTemporaryDir wsDir;
        const QString ws = QFileInfo(wsDir.path()).canonicalFilePath();
        QVERIFY(QDir().mkpath(ws + QStringLiteral("/.git/hooks")));
        touch(ws + QStringLiteral("/.git/config"));
        QVERIFY(QDir().mkpath(ws + QStringLiteral("/docs/locked/deeper")));
        QVERIFY(QDir().mkpath(ws + QStringLiteral("/ro/a/b")));
        spec::LaunchSpec s;
        PolicyError error;
        QVERIFY2(compile(R"({"schemaVersion":1,"name":"t","filesystem":{"read":["docs/locked/deeper","ro","ro/a/b"]}})",
                     ws, &s, &error),
            qPrintable(error.message));
        const auto wsBind = indexOf(s, MountKind::BindReadWrite, ws);
        QVERIFY(wsBind >= 0);
        const auto git = indexOf(s, MountKind::BindReadWrite, ws + QStringLiteral("/.git"));
        QVERIFY(git > wsBind);
        QCOMPARE(QString::fromStdString(s.mounts[static_cast<std::size_t>(git)].source), ws + QStringLiteral("/.git"));
        QVERIFY(s.mounts[static_cast<std::size_t>(git)].exec);
        QVERIFY(git < indexOf(s, MountKind::BindReadOnly, ws + QStringLiteral("/.git/hooks")));
        QVERIFY(git < indexOf(s, MountKind::BindReadOnly, ws + QStringLiteral("/.git/config")));
        const auto docs = indexOf(s, MountKind::BindReadWrite, ws + QStringLiteral("/docs"));
        const auto locked = indexOf(s, MountKind::BindReadWrite, ws + QStringLiteral("/docs/locked"));
        const auto deeper = indexOf(s, MountKind::BindReadOnly, ws + QStringLiteral("/docs/locked/deeper"));
        QVERIFY(wsBind < docs && docs < locked && locked < deeper);
        // Below a read-only bind nothing can be renamed anyway, and a read-write self-bind there
        // would make a read-only directory writable: none.
        QVERIFY(indexOf(s, MountKind::BindReadOnly, ws + QStringLiteral("/ro")) > wsBind);
        QCOMPARE(indexOf(s, MountKind::BindReadWrite, ws + QStringLiteral("/ro/a")), -1);
        QVERIFY(indexOf(s, MountKind::BindReadOnly, ws + QStringLiteral("/ro/a/b")) >= 0);
        // The islands themselves are not made writable, and nothing is bound twice.
        QCOMPARE(indexOf(s, MountKind::BindReadWrite, ws + QStringLiteral("/.git/hooks")), -1);
        QSet<std::string> targets;
        for (const auto& m : s.mounts)
            if (m.kind == MountKind::BindReadWrite || m.kind == MountKind::BindReadOnly)
                QVERIFY2(!targets.contains(m.target) || m.target.rfind("/dev/", 0) == 0, m.target.c_str());
        std::string specError;
        QVERIFY2(spec::validateLaunchSpec(s, specError), specError.c_str());
    }

    // Absent protected paths become guarded paths (critical under .git/), existing ones stay binds;
    // the guarded paths' parents are mount points inside (self-bound) or the workspace itself.
    void absentProtectedPathsAreGuarded()
    {
        QTemporaryDir wsDir;
        const QString ws = QFileInfo(wsDir.path()).canonicalFilePath();
        QVERIFY(QDir().mkpath(ws + QStringLiteral("/.git/objects")));
        touch(ws + QStringLiteral("/.git/HEAD"));
        touch(ws + QStringLiteral("/.envrc"));
        spec::LaunchSpec s;
        PolicyError error;
        QVERIFY2(compile(R"({"schemaVersion":1,"name":"t"})", ws, &s, &error), qPrintable(error.message));
        const auto guards = guardsOf(s);
        for (const char* p : {"/.git/hooks", "/.git/config", "/.git/commondir", "/.git/config.worktree",
                 "/.git/worktrees", "/.git/info"}) {
            QVERIFY2(guards.contains(ws + QString::fromLatin1(p)), p);
            QVERIFY2(guards.value(ws + QString::fromLatin1(p)), p);
        }
        for (const char* p :
            {"/.vscode", "/.idea", "/.bashrc", "/.zshrc", "/.profile", "/.bash_profile", "/.mcp.json", "/.claude"}) {
            QVERIFY2(guards.contains(ws + QString::fromLatin1(p)), p);
            QVERIFY2(!guards.value(ws + QString::fromLatin1(p)), p);
        }
        // Existing: a bind, not a guard.
        QVERIFY(!guards.contains(ws + QStringLiteral("/.envrc")));
        QVERIFY(indexOf(s, MountKind::BindReadOnly, ws + QStringLiteral("/.envrc")) >= 0);
        // .claude is absent: its first missing component is guarded, once.
        QVERIFY(!guards.contains(ws + QStringLiteral("/.claude/settings.json")));
        // .git holds no read-only bind here, but guarded names in it: it is pinned all the same.
        QVERIFY(indexOf(s, MountKind::BindReadWrite, ws + QStringLiteral("/.git")) >
                indexOf(s, MountKind::BindReadWrite, ws));
        // Every guard's parent is the workspace or a bind target.
        for (const auto& g : s.guarded) {
            const QString parent = QFileInfo(QString::fromStdString(g.hostPath)).path();
            QVERIFY2(parent == ws || indexOf(s, MountKind::BindReadWrite, parent) >= 0, g.hostPath.c_str());
        }
        // The guards survive the wire.
        spec::LaunchSpec decoded;
        std::string decodeError;
        QVERIFY2(spec::decodeLaunchSpec(spec::encodeLaunchSpec(s), decoded, decodeError), decodeError.c_str());
        QVERIFY(decoded == s);
    }

    // No .git at all: ".git" itself is guarded (critical: a new .git directory with hooks or a
    // config is as good as a planted hook), and nothing below it.
    void absentGitDirectoryGuardedOnce()
    {
        QTemporaryDir wsDir;
        const QString ws = QFileInfo(wsDir.path()).canonicalFilePath();
        spec::LaunchSpec s;
        PolicyError error;
        QVERIFY2(compile(R"({"schemaVersion":1,"name":"t"})", ws, &s, &error), qPrintable(error.message));
        const auto guards = guardsOf(s);
        QVERIFY(guards.value(ws + QStringLiteral("/.git"), false));
        for (auto it = guards.cbegin(); it != guards.cend(); ++it)
            QVERIFY2(!it.key().startsWith(ws + QStringLiteral("/.git/")), qPrintable(it.key()));
        QCOMPARE(indexOf(s, MountKind::BindReadWrite, ws + QStringLiteral("/.git")), -1);
    }

    // Submodules: each git directory below .git/modules (names may contain '/') gets the same
    // protection as .git itself.
    void submoduleGitDirsProtected()
    {
        QTemporaryDir wsDir;
        const QString ws = QFileInfo(wsDir.path()).canonicalFilePath();
        QVERIFY(QDir().mkpath(ws + QStringLiteral("/.git/hooks")));
        QVERIFY(QDir().mkpath(ws + QStringLiteral("/.git/modules/sub/hooks")));
        touch(ws + QStringLiteral("/.git/modules/sub/HEAD"));
        touch(ws + QStringLiteral("/.git/modules/sub/config"));
        QVERIFY(QDir().mkpath(ws + QStringLiteral("/.git/modules/lib/nested")));
        touch(ws + QStringLiteral("/.git/modules/lib/nested/HEAD"));
        spec::LaunchSpec s;
        PolicyError error;
        QVERIFY2(compile(R"({"schemaVersion":1,"name":"t"})", ws, &s, &error), qPrintable(error.message));
        const QString sub = ws + QStringLiteral("/.git/modules/sub");
        const auto hooks = indexOf(s, MountKind::BindReadOnly, sub + QStringLiteral("/hooks"));
        const auto config = indexOf(s, MountKind::BindReadOnly, sub + QStringLiteral("/config"));
        QVERIFY(hooks >= 0 && config >= 0);
        const auto git = indexOf(s, MountKind::BindReadWrite, ws + QStringLiteral("/.git"));
        const auto modules = indexOf(s, MountKind::BindReadWrite, ws + QStringLiteral("/.git/modules"));
        const auto subBind = indexOf(s, MountKind::BindReadWrite, sub);
        QVERIFY(git >= 0 && git < modules && modules < subBind && subBind < hooks && subBind < config);
        const auto guards = guardsOf(s);
        QVERIFY(guards.value(sub + QStringLiteral("/commondir"), false));
        QVERIFY(!guards.contains(sub + QStringLiteral("/config")));
        const QString nested = ws + QStringLiteral("/.git/modules/lib/nested");
        QVERIFY(guards.value(nested + QStringLiteral("/hooks"), false));
        QVERIFY(guards.value(nested + QStringLiteral("/config"), false));
        QVERIFY(indexOf(s, MountKind::BindReadWrite, nested) >= 0);
        // A profile that protects only .git/hooks gets only hooks in the submodules too.
        QVERIFY2(compile(R"({"schemaVersion":1,"name":"t","filesystem":{"protect":[".git/hooks"]}})", ws, &s, &error),
            qPrintable(error.message));
        QVERIFY(indexOf(s, MountKind::BindReadOnly, sub + QStringLiteral("/hooks")) >= 0);
        QCOMPARE(indexOf(s, MountKind::BindReadOnly, sub + QStringLiteral("/config")), -1);
    }

    // A .git *file* ("gitdir: ..." of a linked worktree or a submodule) redirects git like
    // commondir does: it is kept read-only itself.
    void gitFileKeptReadOnly()
    {
        QTemporaryDir wsDir;
        const QString ws = QFileInfo(wsDir.path()).canonicalFilePath();
        QFile f(ws + QStringLiteral("/.git"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("gitdir: ../main/.git/worktrees/x\n");
        f.close();
        spec::LaunchSpec s;
        PolicyError error;
        QVERIFY2(compile(R"({"schemaVersion":1,"name":"t"})", ws, &s, &error), qPrintable(error.message));
        QVERIFY(indexOf(s, MountKind::BindReadOnly, ws + QStringLiteral("/.git")) >
                indexOf(s, MountKind::BindReadWrite, ws));
        const QString git = ws + QStringLiteral("/.git");
        for (const auto& g : s.guarded) {
            const QString path = QString::fromStdString(g.hostPath);
            QVERIFY2(path != git && !path.startsWith(git + u'/'), g.hostPath.c_str());
        }
    }

    // An empty protect list turns all of this off (the escape probes' control runs use it).
    void emptyProtectListGuardsNothing()
    {
        QTemporaryDir wsDir;
        const QString ws = QFileInfo(wsDir.path()).canonicalFilePath();
        QVERIFY(QDir().mkpath(ws + QStringLiteral("/.git/hooks")));
        spec::LaunchSpec s;
        PolicyError error;
        QVERIFY2(compile(R"({"schemaVersion":1,"name":"t","filesystem":{"protect":[]}})", ws, &s, &error),
            qPrintable(error.message));
        QVERIFY(s.guarded.empty());
        QCOMPARE(indexOf(s, MountKind::BindReadWrite, ws + QStringLiteral("/.git")), -1);
        QCOMPARE(indexOf(s, MountKind::BindReadOnly, ws + QStringLiteral("/.git/hooks")), -1);
    }

    // A read rule inside a writable home rule (claude-code's ~/.claude/settings.json inside
    // ~/.claude): bound read-only after the directory when it exists, guarded (not critical) when not.
    void readOnlyFileInsideWritableHomeDirectory()
    {
        const QString claude = m_homePath + QStringLiteral("/.claude");
        QVERIFY(QDir().mkpath(claude));
        const QByteArray profile =
            R"({"schemaVersion":1,"name":"t","filesystem":{"write":["~/.claude"],"read":["~/.claude/settings.json"]}})";
        spec::LaunchSpec s;
        PolicyError error;
        QVERIFY2(compile(profile, m_ws, &s, &error), qPrintable(error.message));
        QCOMPARE(guardsOf(s).value(claude + QStringLiteral("/settings.json"), true), false);
        QVERIFY(guardsOf(s).contains(claude + QStringLiteral("/settings.json")));
        QCOMPARE(indexOf(s, MountKind::BindReadOnly, claude + QStringLiteral("/settings.json")), -1);

        touch(claude + QStringLiteral("/settings.json"));
        QVERIFY2(compile(profile, m_ws, &s, &error), qPrintable(error.message));
        const auto dir = indexOf(s, MountKind::BindReadWrite, claude);
        const auto file = indexOf(s, MountKind::BindReadOnly, claude + QStringLiteral("/settings.json"));
        QVERIFY(dir >= 0 && dir < file);
        QVERIFY(!guardsOf(s).contains(claude + QStringLiteral("/settings.json")));
        QVERIFY(QFile::remove(claude + QStringLiteral("/settings.json")));
        QVERIFY(QDir(claude).removeRecursively());
    }

    void plantedSymlinkRefused_data()
    {
        QTest::addColumn<QString>("link");
        QTest::addColumn<QString>("profile");
        QTest::newRow("protected path is a link") << QStringLiteral(".git/hooks") << QString();
        QTest::newRow("parent of protected path is a link") << QStringLiteral(".git") << QString();
        QTest::newRow("workspace rule through a link")
            << QStringLiteral("data")
            << QStringLiteral(R"({"schemaVersion":1,"name":"t","filesystem":{"read":["data/x"]}})");
        QTest::newRow("hide through a link")
            << QStringLiteral("secret")
            << QStringLiteral(R"({"schemaVersion":1,"name":"t","filesystem":{"hide":["secret/key"]}})");
    }
    void plantedSymlinkRefused()
    {
        QFETCH(QString, link);
        QFETCH(QString, profile);
        QTemporaryDir wsDir;
        QTemporaryDir elsewhere;
        const QString ws = QFileInfo(wsDir.path()).canonicalFilePath();
        QVERIFY(QDir().mkpath(elsewhere.path() + QStringLiteral("/hooks")));
        QVERIFY(QDir().mkpath(elsewhere.path() + QStringLiteral("/x")));
        QVERIFY(QDir().mkpath(elsewhere.path() + QStringLiteral("/key")));
        if (link.contains(u'/'))
            QVERIFY(QDir().mkpath(ws + u'/' + link.section(u'/', 0, -2)));
        symlinkAt(elsewhere.path(), ws + u'/' + link);
        spec::LaunchSpec s;
        PolicyError error;
        const QByteArray json = profile.isEmpty() ? QByteArray(R"({"schemaVersion":1,"name":"t"})") : profile.toUtf8();
        QVERIFY(!compile(json, ws, &s, &error));
        QCOMPARE(error.code, ExitCode::PathRefused);
        QVERIFY2(
            error.message.startsWith(ws + u'/' + link + QStringLiteral(" is a symbolic link; Cordon will not follow")),
            qPrintable(error.message));
    }

    void workspaceRefusals()
    {
        spec::LaunchSpec s;
        PolicyError error;
        const QByteArray p = R"({"schemaVersion":1,"name":"t"})";
        QVERIFY(!compile(p, m_homePath + QStringLiteral("/does-not-exist"), &s, &error));
        QCOMPARE(error.code, ExitCode::PathRefused);
        QVERIFY(error.message.contains(QStringLiteral("does not exist")));
        QVERIFY(!QFileInfo::exists(m_homePath + QStringLiteral("/does-not-exist")));

        touch(m_homePath + QStringLiteral("/a-file"));
        QVERIFY(!compile(p, m_homePath + QStringLiteral("/a-file"), &s, &error));
        QVERIFY(error.message.contains(QStringLiteral("is not a directory")));

        for (const QString& bad : {QStringLiteral("/"), QStringLiteral("/usr"), QStringLiteral("/etc"), m_homePath,
                 QStringLiteral("/usr/share")}) {
            QVERIFY2(!compile(p, bad, &s, &error), qPrintable(bad));
            QCOMPARE(error.code, ExitCode::PathRefused);
        }

        // A symlink that leads nowhere, and one that leads to a system directory.
        symlinkAt(QStringLiteral("/nonexistent/target"), m_homePath + QStringLiteral("/dangling"));
        QVERIFY(!compile(p, m_homePath + QStringLiteral("/dangling"), &s, &error));
        QVERIFY(error.message.contains(QStringLiteral("cannot be resolved")));
        symlinkAt(QStringLiteral("/etc"), m_homePath + QStringLiteral("/to-etc"));
        QVERIFY(!compile(p, m_homePath + QStringLiteral("/to-etc"), &s, &error));
        QVERIFY(error.message.contains(QStringLiteral("system directory")));

        // A symlink to a good directory is resolved: the workspace is its canonical path.
        symlinkAt(m_ws, m_homePath + QStringLiteral("/ws-link"));
        QVERIFY(compile(p, m_homePath + QStringLiteral("/ws-link"), &s, &error));
        QCOMPARE(QString::fromStdString(s.cwd), m_ws);
        QVERIFY(indexOf(s, MountKind::BindReadWrite, m_ws) > 0);
    }

    // A workspace (or a symlink to one) in a place the user cannot read is refused. The check
    // runs with the user's own credentials: as root the test drops to nobody in a child.
    void unreadableWorkspaceRefused()
    {
        QTemporaryDir dir;
        const QString locked = dir.path() + QStringLiteral("/locked");
        QVERIFY(QDir().mkpath(locked + QStringLiteral("/inner")));
        QVERIFY(chmod(QFile::encodeName(dir.path()).constData(), 0755) == 0);
        const QString link = dir.path() + QStringLiteral("/link");
        symlinkAt(locked + QStringLiteral("/inner"), link);
        const QString open = dir.path() + QStringLiteral("/open");
        QVERIFY(QDir().mkpath(open));
        QVERIFY(chmod(QFile::encodeName(open).constData(), 0777) == 0);

        // 0: refused with PathRefused, 1: accepted, 2: refused with another code.
        auto checkAsUser = [](const QString& workspace) -> int {
            auto check = [&]() {
                PolicyError error;
                QString canonical;
                if (LaunchSpecCompiler::checkWorkspace(workspace, QStringLiteral("/nonexistent"), &canonical, &error))
                    return 1;
                return error.code == ExitCode::PathRefused ? 0 : 2;
            };
            if (geteuid() != 0)
                return check();
            const pid_t pid = fork();
            if (pid == 0) {
                if (setgroups(0, nullptr) != 0 || setresgid(65534, 65534, 65534) != 0 ||
                    setresuid(65534, 65534, 65534) != 0)
                    _exit(3);
                _exit(check());
            }
            int status = 0;
            if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
                return -1;
            return WEXITSTATUS(status);
        };
        QVERIFY(chmod(QFile::encodeName(locked).constData(), 0) == 0);
        const int viaLink = checkAsUser(link);
        const int direct = checkAsUser(locked + QStringLiteral("/inner"));
        const int usable = checkAsUser(open);
        QVERIFY(chmod(QFile::encodeName(locked).constData(), 0700) == 0);
        QCOMPARE(viaLink, 0);
        QCOMPARE(direct, 0);
        QCOMPARE(usable, 1); // the same user can use a directory it may write
    }

    void homeRulesCanonicalized()
    {
        QVERIFY(QDir().mkpath(m_homePath + QStringLiteral("/.dotfiles/claude")));
        symlinkAt(QStringLiteral(".dotfiles/claude"), m_homePath + QStringLiteral("/.claude"));
        spec::LaunchSpec s;
        PolicyError error;
        CompileReport report;
        QVERIFY(compile(R"({"schemaVersion":1,"name":"t","filesystem":{"write":["~/.claude","~/.missing"]}})", m_ws, &s,
            &error, &report));
        const auto i = indexOf(s, MountKind::BindReadWrite, m_homePath + QStringLiteral("/.claude"));
        QVERIFY(i >= 0);
        QCOMPARE(QString::fromStdString(s.mounts[static_cast<std::size_t>(i)].source),
            m_homePath + QStringLiteral("/.dotfiles/claude"));
        QVERIFY(report.skipped.join(u'\n').contains(m_homePath + QStringLiteral("/.missing")));
    }

    void dangerousBindsRefused_data()
    {
        QTest::addColumn<QByteArray>("profile");
        QTest::newRow("write home") << QByteArray(R"({"schemaVersion":1,"name":"t","filesystem":{"write":["~"]}})");
        QTest::newRow("read home") << QByteArray(R"({"schemaVersion":1,"name":"t","filesystem":{"read":["~"]}})");
        QTest::newRow("write /usr/lib") << QByteArray(
            R"({"schemaVersion":1,"name":"t","filesystem":{"write":["/usr/lib"]}})");
        QTest::newRow("write /etc") << QByteArray(R"({"schemaVersion":1,"name":"t","filesystem":{"write":["/etc"]}})");
        QTest::newRow("read /proc/1") << QByteArray(
            R"({"schemaVersion":1,"name":"t","filesystem":{"read":["/proc/1"]}})");
        QTest::newRow("read /dev/sda") << QByteArray(
            R"({"schemaVersion":1,"name":"t","filesystem":{"read":["/dev/null"]}})");
    }
    void dangerousBindsRefused()
    {
        QFETCH(QByteArray, profile);
        spec::LaunchSpec s;
        PolicyError error;
        QVERIFY(!compile(profile, m_ws, &s, &error));
        QCOMPARE(error.code, ExitCode::PathRefused);
    }

    void hidesLastAndOnlyWhereBound()
    {
        QTemporaryDir wsDir;
        const QString ws = QFileInfo(wsDir.path()).canonicalFilePath();
        touch(ws + QStringLiteral("/.env"));
        QVERIFY(QDir().mkpath(m_homePath + QStringLiteral("/.tool/creds")));
        spec::LaunchSpec s;
        PolicyError error;
        CompileReport report;
        QVERIFY2(
            compile(R"({"schemaVersion":1,"name":"t","filesystem":{"hide":[".env", "missing"],"write":["~/.tool"]}})",
                ws, &s, &error, &report,
                R"({"kind":"policy","schemaVersion":1,"filesystem":{"hide":["~/.ssh","~/.tool/creds"]}})"),
            qPrintable(error.message));
        const auto env = indexOf(s, MountKind::Hide, ws + QStringLiteral("/.env"));
        const auto creds = indexOf(s, MountKind::Hide, m_homePath + QStringLiteral("/.tool/creds"));
        QVERIFY(env > indexOf(s, MountKind::BindReadWrite, ws));
        QVERIFY(creds > indexOf(s, MountKind::BindReadWrite, m_homePath + QStringLiteral("/.tool")));
        QVERIFY(env >= 0 && creds >= 0);
        for (std::size_t i = static_cast<std::size_t>(std::min(env, creds)); i < s.mounts.size(); ++i)
            QCOMPARE(s.mounts[i].kind, MountKind::Hide);
        QVERIFY(report.hiddenAbsent.join(u'\n').contains(QStringLiteral("~/.ssh")));
        QVERIFY(report.hiddenAbsent.join(u'\n').contains(QStringLiteral("missing")));
    }

    void environmentIsAnAllowlist()
    {
        QHash<QString, QString> launcher{
            {QStringLiteral("AWS_SECRET_ACCESS_KEY"), QStringLiteral("s3cr3t")},
            {QStringLiteral("SSH_AUTH_SOCK"), QStringLiteral("/run/user/1000/ssh")},
            {QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=/run/user/1000/bus")},
            {QStringLiteral("GITHUB_TOKEN"), QStringLiteral("ghp_x")},
            {QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8")},
            {QStringLiteral("TERM"), QStringLiteral("xterm-256color")},
            {QStringLiteral("PATH"), QStringLiteral("/home/u/bin:/usr/bin")},
            {QStringLiteral("HOME"), QStringLiteral("/elsewhere")},
            {QStringLiteral("CORDON_SANDBOX"), QStringLiteral("0")},
            {QStringLiteral("EDITOR"), QStringLiteral("vi")},
        };
        CommandLineOverrides cli;
        cli.envNames.append(QStringLiteral("EDITOR"));
        spec::LaunchSpec s;
        PolicyError error;
        QVERIFY(compile(R"({"schemaVersion":1,"name":"t","environment":{"pass":["LC_*","GITHUB_TOKEN"],
                           "set":{"MODE":"x"},"path":["~/.local/bin","node_modules/.bin"]}})",
            m_ws, &s, &error, nullptr, R"({"kind":"policy","schemaVersion":1,"environment":{"deny":["*_TOKEN"]}})",
            launcher, cli));
        const QStringList env = envOf(s);
        QVERIFY(env.contains(QStringLiteral("LC_ALL=C.UTF-8")));
        QVERIFY(env.contains(QStringLiteral("TERM=xterm-256color")));
        QVERIFY(env.contains(QStringLiteral("EDITOR=vi")));
        QVERIFY(env.contains(QStringLiteral("MODE=x")));
        QVERIFY(env.contains(QStringLiteral("HOME=") + m_homePath));
        QVERIFY(env.contains(QStringLiteral("USER=tester")));
        QVERIFY(env.contains(QStringLiteral("PATH=") + m_homePath + QStringLiteral("/.local/bin:") + m_ws +
                             QStringLiteral("/node_modules/.bin:/usr/local/bin:/usr/bin:/bin")));
        QVERIFY(env.contains(QStringLiteral("SHELL=/bin/bash")));
        QVERIFY(env.contains(QStringLiteral("CORDON_SANDBOX=1")));
        QVERIFY(env.contains(QStringLiteral("CORDON_PROFILE=t")));
        for (const auto& e : env) {
            QVERIFY2(!e.contains(QStringLiteral("s3cr3t")) && !e.startsWith(QStringLiteral("SSH_AUTH_SOCK")) &&
                         !e.startsWith(QStringLiteral("DBUS_")) && !e.startsWith(QStringLiteral("GITHUB_TOKEN")),
                qPrintable(e));
        }
        QCOMPARE(env.size(), 11);
    }

    void limitsAndToolsAndRoundTrip()
    {
        spec::LaunchSpec s;
        PolicyError error;
        QVERIFY(compile(R"({"schemaVersion":1,"name":"demo","cordonTools":true,"bestEffort":["cgroup"],
                           "limits":{"timeout":"2h","memory":"4G","pids":1024,"cpu":1.5,"openFiles":2048,
                                     "fileSize":"1G","tmpSize":"512M"}})",
            m_ws, &s, &error));
        QCOMPARE(s.limits.timeoutSeconds, 7200u);
        QCOMPARE(s.limits.memoryBytes, 4ull << 30);
        QCOMPARE(s.limits.pids, 1024u);
        QCOMPARE(s.limits.cpuMilli, 1500u);
        QCOMPARE(s.limits.openFiles, 2048u);
        QCOMPARE(s.limits.fileSizeBytes, 1ull << 30);
        QCOMPARE(s.bestEffort, std::uint32_t(spec::LayerCgroup));
        QCOMPARE(s.mounts[static_cast<std::size_t>(indexOf(s, MountKind::Tmpfs, QStringLiteral("/tmp")))].sizeBytes,
            512ull << 20);
        const auto tools = indexOf(s, MountKind::BindReadOnly, LaunchSpecCompiler::toolsTarget());
        QVERIFY(tools > indexOf(s, MountKind::Tmpfs, QStringLiteral("/run")));
        QVERIFY(s.mounts[static_cast<std::size_t>(tools)].exec);
        QVERIFY(envOf(s).contains(QStringLiteral("PATH=/usr/local/bin:/usr/bin:/bin:/run/cordon/bin")));

        const std::string wire = spec::encodeLaunchSpec(s);
        spec::LaunchSpec decoded;
        std::string decodeError;
        QVERIFY2(spec::decodeLaunchSpec(wire, decoded, decodeError), decodeError.c_str());
        QVERIFY(decoded == s);
    }

    // The secret broker's parts (docs/helper.md, "Secrets"): the session's secret files bound
    // read-only, delivered variables set last (winning over the profile's, never over the
    // proxy's or Cordon's own), and cordon-request bound as a file beside the demo tools.
    void secretsDirectoryBoundReadOnly()
    {
        const QString dir = m_root.path() + QStringLiteral("/session/secrets");
        QVERIFY(QDir().mkpath(dir));
        spec::LaunchSpec s;
        PolicyError error;
        QVERIFY2(compile(R"({"schemaVersion":1,"name":"t"})", m_ws, &s, &error, nullptr, {}, {}, {},
                     [&](CompileContext& c) { c.secretsHostDir = dir; }),
            qPrintable(error.message));
        const auto i = indexOf(s, MountKind::BindReadOnly, QStringLiteral("/run/cordon/secrets"));
        QVERIFY(i > indexOf(s, MountKind::Tmpfs, QStringLiteral("/run")));
        QCOMPARE(QString::fromStdString(s.mounts[static_cast<std::size_t>(i)].source), QFileInfo(dir).canonicalFilePath());
        QVERIFY(!s.mounts[static_cast<std::size_t>(i)].exec);
        // Missing, or the home directory: refused.
        QVERIFY(!compile(R"({"schemaVersion":1,"name":"t"})", m_ws, &s, &error, nullptr, {}, {}, {},
            [&](CompileContext& c) { c.secretsHostDir = dir + QStringLiteral("/absent"); }));
        QVERIFY(!compile(R"({"schemaVersion":1,"name":"t"})", m_ws, &s, &error, nullptr, {}, {}, {},
            [&](CompileContext& c) { c.secretsHostDir = m_homePath; }));
    }

    void secretEnvironmentSetLast()
    {
        spec::LaunchSpec s;
        PolicyError error;
        const QByteArray value("v\xff\n$x", 5);
        QVERIFY2(compile(R"({"schemaVersion":1,"name":"t","environment":{"set":{"TOKEN":"from-profile","MODE":"x"}}})",
                     m_ws, &s, &error, nullptr, {}, {}, {},
                     [&](CompileContext& c) { c.secretEnvironment = {{QStringLiteral("TOKEN"), value}}; }),
            qPrintable(error.message));
        int count = 0;
        for (const auto& e : s.env) {
            if (e.rfind("TOKEN=", 0) == 0) {
                ++count;
                QCOMPARE(QByteArray::fromStdString(e), QByteArray("TOKEN=") + value);
            }
        }
        QCOMPARE(count, 1);
        QCOMPARE(QByteArray::fromStdString(s.env.back()), QByteArray("TOKEN=") + value);
        QVERIFY(envOf(s).contains(QStringLiteral("MODE=x")));
        for (const char* reserved : {"HTTP_PROXY", "https_proxy", "NO_PROXY", "CORDON_SANDBOX", "PATH", "HOME", "1BAD"}) {
            QVERIFY2(!compile(R"({"schemaVersion":1,"name":"t"})", m_ws, &s, &error, nullptr, {}, {}, {},
                         [&](CompileContext& c) {
                             c.secretEnvironment = {{QString::fromLatin1(reserved), QByteArrayLiteral("value")}};
                         }),
                reserved);
            QVERIFY2(!error.message.contains(QStringLiteral("value")), qPrintable(error.message));
        }
        // A NUL in the value: refused, and the message does not carry the value.
        QVERIFY(!compile(R"({"schemaVersion":1,"name":"t"})", m_ws, &s, &error, nullptr, {}, {}, {},
            [&](CompileContext& c) { c.secretEnvironment = {{QStringLiteral("T"), QByteArray("zq\0qz", 5)}}; }));
        QVERIFY(!error.message.contains(QStringLiteral("zq")));
    }

    void requestToolBound()
    {
        const QString bin = m_root.path() + QStringLiteral("/libexec");
        QVERIFY(QDir().mkpath(bin));
        const QString tool = bin + QStringLiteral("/cordon-request");
        touch(tool);
        QVERIFY(QFile::setPermissions(tool, QFile::ReadOwner | QFile::ExeOwner | QFile::ReadOther | QFile::ExeOther));
        touch(m_root.path() + QStringLiteral("/tools/cordon-demo-agent"));
        spec::LaunchSpec s;
        PolicyError error;
        QVERIFY2(compile(R"({"schemaVersion":1,"name":"t"})", m_ws, &s, &error, nullptr, {}, {}, {},
                     [&](CompileContext& c) { c.requestTool = tool; }),
            qPrintable(error.message));
        auto i = indexOf(s, MountKind::BindReadOnly, QStringLiteral("/run/cordon/bin/cordon-request"));
        QVERIFY(i >= 0);
        QVERIFY(s.mounts[static_cast<std::size_t>(i)].exec);
        QCOMPARE(QString::fromStdString(s.mounts[static_cast<std::size_t>(i)].source), QFileInfo(tool).canonicalFilePath());
        QVERIFY(envOf(s).filter(QStringLiteral("PATH=")).value(0).endsWith(QStringLiteral(":/run/cordon/bin")));
        // With the demo tools as well: their files one by one, no directory bind over the tool.
        QVERIFY2(compile(R"({"schemaVersion":1,"name":"t","cordonTools":true})", m_ws, &s, &error, nullptr, {}, {}, {},
                     [&](CompileContext& c) { c.requestTool = tool; }),
            qPrintable(error.message));
        QCOMPARE(indexOf(s, MountKind::BindReadOnly, QStringLiteral("/run/cordon/bin")), -1);
        QVERIFY(indexOf(s, MountKind::BindReadOnly, QStringLiteral("/run/cordon/bin/cordon-demo-agent")) >= 0);
        QVERIFY(indexOf(s, MountKind::BindReadOnly, QStringLiteral("/run/cordon/bin/cordon-request")) >= 0);
        // A missing tool is refused.
        QVERIFY(!compile(R"({"schemaVersion":1,"name":"t"})", m_ws, &s, &error, nullptr, {}, {}, {},
            [&](CompileContext& c) { c.requestTool = bin + QStringLiteral("/absent"); }));
        QFile::remove(m_root.path() + QStringLiteral("/tools/cordon-demo-agent"));
    }

    void noCommandIsUsageError()
    {
        ResolveRequest r;
        QStringList errors;
        QVERIFY(
            ProfileParser::parse(R"({"schemaVersion":1,"name":"t"})", QStringLiteral("t.json"), &r.profile, &errors));
        r.home = m_homePath;
        r.workspace = m_ws;
        EffectivePolicy policy;
        PolicyError error;
        QVERIFY(PolicyResolver::resolve(r, &policy, &error));
        CompileContext context;
        context.userName = QStringLiteral("tester");
        spec::LaunchSpec s;
        CompileReport report;
        QVERIFY(!LaunchSpecCompiler::compile(policy, context, &s, &report, &error));
        QCOMPARE(error.code, ExitCode::Usage);
    }
};

QTEST_GUILESS_MAIN(TestLaunchSpecCompiler)
#include "tst_launchspeccompiler.moc"
