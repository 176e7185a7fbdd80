// The escape-probe suite: every probe of cordon-escape-probe (probe.c) runs inside `cordonctl run` as an
// unprivileged user this test creates, and must say "contained"; then it runs again where the attempt must
// work (its control: unconfined as that user, in a bare user namespace, as root, or under a more permissive
// cordonctl option) and must say "BREACH", which proves that the probe can tell. README.md lists them.
//
// Needs root for the setup (a user, its cgroup v1 delegation, host fixtures). Without root: skipped with a
// message, or failed when CORDON_MUST_WORK=1 (CI).

#include "HostFixtures.h"
#include "LaunchSpecCodec.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <grp.h>
#include <mutex>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>

namespace {

constexpr const char* kUser = "cordon-probe";
constexpr int kContained = 0;
constexpr int kBreach = 1;
constexpr int kUnsupported = 77;

// Where the control run of a probe happens.
enum class Control {
    HostUser, // unconfined, as the probe user, on the host
    UserNs,   // as the probe user in `unshare --user --map-root-user --net --mount --pid --cgroup --ipc --uts`
    Root,     // unconfined as root on the host
    Cordon,   // cordonctl run with the row's controlOptions instead of sandboxOptions
};

bool mustWork()
{
    return qEnvironmentVariable("CORDON_MUST_WORK") == u"1";
}

struct RunResult {
    int exitCode = -1;
    bool crashed = false;
    QString out;
    QByteArray rawOut;
    QString err;
    qint64 ms = 0;
};

QString describe(const RunResult& r)
{
    return QStringLiteral("exit %1%2 after %3 ms\n--- stdout:\n%4--- stderr:\n%5")
        .arg(r.exitCode)
        .arg(r.crashed ? QStringLiteral(" (crashed)") : QString())
        .arg(r.ms)
        .arg(r.out, r.err);
}

} // namespace

class TestEscapeProbes : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void probe_data();
    void probe();
    void everyProbeHasARow();
    void timeboxDoubleFork();
    void launcherKilledTakesSandboxDown();
    void plantedHooksSymlinkRefused();
    void protectedSymlinkSwapRace();
    void selfCheckRefusesUnarmed_data();
    void selfCheckRefusesUnarmed();
    void proxyBridgeReachesOnlyTheProxy();

private:
    QString makeWorkspace(bool withProtectedFiles);
    void checkGuardedOutcome(const QString& name, const RunResult& inside);
    QStringList substitute(const QStringList& in) const;
    QStringList launcherEnvironment(bool secrets) const;
    RunResult run(const QStringList& argv, const QString& cwd, bool asUser, bool secrets, int timeoutMs = 120000,
        const QString& specPath = {}, int specFd = -1, const QString& eventsPath = {}, int eventsFd = -1) const;
    RunResult runCordon(
        const QStringList& options, const QStringList& command, bool secrets = true, int timeoutMs = 120000) const;
    bool markerProcessExists(const QString& marker, pid_t* pid) const;

    bool m_ready = false;
    int m_lockFd = -1; // one run at a time on this machine: the user, its home and the fixtures are shared
    uid_t m_uid = 0;
    gid_t m_gid = 0;
    QString m_home;
    QString m_base;       // per-run directory in the user's home: workspaces, secrets
    QString m_secretDir;  // the launcher's cwd: must not be reachable from inside
    QString m_rootSecret; // root-only file whose descriptors the launcher leaks on 7..20
    QString m_ws;         // the current probe's workspace
    std::unique_ptr<QTemporaryDir> m_bin;
    QString m_cordonctl;
    QString m_probe;
    QString m_marker;
    QString m_tag;
    QString m_hostname;
    HostFixtures m_fixtures;
};

void TestEscapeProbes::initTestCase()
{
    if (geteuid() != 0) {
        const char* why = "the escape probes need root to create the unprivileged user they run as "
                          "(cordon-probe), its cgroup delegation and the host fixtures: run as root";
        if (mustWork())
            QFAIL(why);
        QSKIP(why);
    }
    const QString binDir = qEnvironmentVariable("CORDON_BIN_DIR");
    QVERIFY2(!binDir.isEmpty(), "CORDON_BIN_DIR is not set (run through ctest)");

    // Several build trees may run this suite at once; they share the user cordon-probe, its home and
    // host paths such as /run/docker.sock and /run/user/UID/bus, so runs take turns.
    m_lockFd = open("/run/lock/cordon-escape-probes.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    QVERIFY2(m_lockFd >= 0, strerror(errno));
    QElapsedTimer waited;
    waited.start();
    while (flock(m_lockFd, LOCK_EX | LOCK_NB) != 0) {
        QVERIFY2(errno == EWOULDBLOCK, strerror(errno));
        QVERIFY2(waited.elapsed() < 600000, "another escape-probe run held the lock for 10 minutes");
        QTest::qWait(500);
    }
    if (waited.elapsed() > 1000)
        qInfo("waited %lld ms for another escape-probe run to finish", waited.elapsed());
    for (const char* name : {"cordonctl", "cordon-sandbox", "cordon-sandbox-fault-injection", "cordon-escape-probe"})
        QVERIFY2(QFileInfo(binDir + u'/' + QLatin1String(name)).isExecutable(),
            qPrintable(QStringLiteral("%1/%2 is missing: build it first").arg(binDir, QLatin1String(name))));

    // The user the probes run as.
    if (!getpwnam(kUser)) {
        QProcess add;
        add.start(QStringLiteral("useradd"),
            {QStringLiteral("--create-home"), QStringLiteral("--home-dir"), QStringLiteral("/home/cordon-probe"),
                QStringLiteral("--shell"), QStringLiteral("/bin/sh"), QStringLiteral("--user-group"),
                QString::fromLatin1(kUser)});
        QVERIFY(add.waitForFinished(60000));
        QVERIFY2(add.exitCode() == 0, add.readAllStandardError().constData());
    }
    const passwd* pw = getpwnam(kUser);
    QVERIFY(pw);
    m_uid = pw->pw_uid;
    m_gid = pw->pw_gid;
    m_home = QString::fromLocal8Bit(pw->pw_dir);
    QVERIFY2(m_uid != 0, "cordon-probe must not be root");
    QVERIFY(QDir().mkpath(m_home));
    QCOMPARE(chown(QFile::encodeName(m_home).constData(), m_uid, m_gid), 0);
    QCOMPARE(chmod(QFile::encodeName(m_home).constData(), 0700), 0);

    // The binaries, where the user can reach them (the build tree may sit under a 0700 directory).
    m_bin = std::make_unique<QTemporaryDir>(QStringLiteral("/var/tmp/cordon-escape-bin-XXXXXX"));
    QVERIFY(m_bin->isValid());
    QCOMPARE(chmod(QFile::encodeName(m_bin->path()).constData(), 0755), 0);
    for (const char* name : {"cordonctl", "cordon-sandbox", "cordon-sandbox-fault-injection", "cordon-escape-probe"}) {
        const QString to = m_bin->path() + u'/' + QLatin1String(name);
        QVERIFY(QFile::copy(binDir + u'/' + QLatin1String(name), to));
        QCOMPARE(chmod(QFile::encodeName(to).constData(), 0755), 0);
    }
    m_cordonctl = m_bin->path() + QStringLiteral("/cordonctl");
    m_probe = m_bin->path() + QStringLiteral("/cordon-escape-probe");

    // cgroup v1 delegation for the user (cordonctl doctor --fix --user), needed for --memory and --pids.
    {
        QProcess fix;
        fix.start(m_cordonctl,
            {QStringLiteral("doctor"), QStringLiteral("--fix"), QStringLiteral("--user"), QString::fromLatin1(kUser)});
        QVERIFY(fix.waitForFinished(60000));
        if (fix.exitCode() != 0) {
            // Older cordonctl without --fix: delegate by hand, as installer/ documents.
            for (const char* controller : {"memory", "pids", "cpu"}) {
                const QString dir =
                    QStringLiteral("/sys/fs/cgroup/%1/cordon/%2").arg(QLatin1String(controller)).arg(m_uid);
                if (!QFileInfo::exists(QStringLiteral("/sys/fs/cgroup/") + QLatin1String(controller)))
                    continue;
                QVERIFY2(QDir().mkpath(dir), qPrintable(dir));
                QCOMPARE(chown(QFile::encodeName(dir).constData(), m_uid, m_gid), 0);
                for (const char* f : {"cgroup.procs", "tasks"})
                    QCOMPARE(chown(QFile::encodeName(dir + u'/' + QLatin1String(f)).constData(), m_uid, m_gid), 0);
            }
        }
    }

    m_tag = QString::number(QRandomGenerator::global()->generate(), 16);
    m_marker = QStringLiteral("cordon-probe-marker-") + m_tag;
    char host[256] = {};
    QCOMPARE(gethostname(host, sizeof host - 1), 0);
    m_hostname = QString::fromLocal8Bit(host);

    // Per-run area in the user's home: the workspaces, a secret beside them, the user's ssh key.
    m_base = m_home + QStringLiteral("/escape-") + m_tag;
    QVERIFY(QDir().mkpath(m_base + QStringLiteral("/secret-sibling")));
    QVERIFY(QDir().mkpath(m_base + QStringLiteral("/launcher-cwd")));
    QVERIFY(QDir().mkpath(m_base + QStringLiteral("/rodir")));
    QVERIFY(QDir().mkpath(m_home + QStringLiteral("/.ssh")));
    auto writeFile = [](const QString& path, const QByteArray& data) {
        QFile f(path);
        return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
    };
    QVERIFY(writeFile(m_base + QStringLiteral("/secret-sibling/secret.txt"), "cordon-probe-secret sibling\n"));
    QVERIFY(writeFile(m_base + QStringLiteral("/launcher-cwd/secret-in-cwd.txt"), "cordon-probe-secret cwd\n"));
    QVERIFY(writeFile(m_base + QStringLiteral("/rodir/existing"), "read-only\n"));
    QVERIFY(writeFile(m_home + QStringLiteral("/.ssh/id_ed25519"), "cordon-probe-secret ssh key\n"));
    m_secretDir = m_base + QStringLiteral("/launcher-cwd");
    for (const QString& p : {m_home + QStringLiteral("/.ssh"), m_home + QStringLiteral("/.ssh/id_ed25519"), m_base,
             m_base + QStringLiteral("/secret-sibling"), m_base + QStringLiteral("/secret-sibling/secret.txt"),
             m_secretDir, m_secretDir + QStringLiteral("/secret-in-cwd.txt"), m_base + QStringLiteral("/rodir"),
             m_base + QStringLiteral("/rodir/existing")})
        QCOMPARE(chown(QFile::encodeName(p).constData(), m_uid, m_gid), 0);
    QCOMPARE(chmod(QFile::encodeName(m_home + QStringLiteral("/.ssh")).constData(), 0700), 0);

    m_rootSecret = m_bin->path() + QStringLiteral("/root-secret");
    QVERIFY(writeFile(m_rootSecret, "cordon-probe-secret root-only\n"));
    QCOMPARE(chmod(QFile::encodeName(m_rootSecret).constData(), 0600), 0);

    QString error;
    QVERIFY2(m_fixtures.start(m_uid, m_gid, m_tag, &error), qPrintable(error));
    QVERIFY2(m_fixtures.startSleeper(m_marker, m_probe, m_base + QStringLiteral("/secret-sibling/secret.txt"), &error),
        qPrintable(error));
    m_ready = true;
}

void TestEscapeProbes::cleanupTestCase()
{
    // Whatever a failed timebox or launcher test left behind: every marker of this run contains m_tag.
    pid_t leftover = 0;
    for (int i = 0; i < 100 && !m_tag.isEmpty() && markerProcessExists(m_tag, &leftover); ++i) {
        qWarning("killing leftover pid %d", leftover);
        kill(leftover, SIGKILL);
        QTest::qWait(20);
    }
    m_fixtures.stop();
    if (!m_base.isEmpty())
        QDir(m_base).removeRecursively();
    if (!m_home.isEmpty())
        QDir(m_home + QStringLiteral("/.ssh")).removeRecursively();
    if (m_lockFd >= 0)
        close(m_lockFd); // releases the flock
    m_lockFd = -1;
}

QString TestEscapeProbes::makeWorkspace(bool withProtectedFiles)
{
    static int counter = 0;
    const QString ws = m_base + QStringLiteral("/ws-%1").arg(++counter);
    QDir().mkpath(ws + QStringLiteral("/.git/hooks"));
    auto put = [](const QString& path, const QByteArray& data, int mode) {
        QFile f(path);
        if (f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            f.write(data);
        f.close();
        chmod(QFile::encodeName(path).constData(), static_cast<mode_t>(mode));
    };
    put(ws + QStringLiteral("/README"), "a workspace\n", 0644);
    put(ws + QStringLiteral("/hidden-secret.txt"), "cordon-probe-secret hidden\n", 0644);
    QDir().mkpath(ws + QStringLiteral("/docs/locked"));
    put(ws + QStringLiteral("/docs/locked/existing"), "read-only by the user's rule\n", 0644);
    put(ws + QStringLiteral("/.git/HEAD"), "ref: refs/heads/main\n", 0644);
    if (withProtectedFiles) {
        QDir().mkpath(ws + QStringLiteral("/.vscode"));
        QDir().mkpath(ws + QStringLiteral("/.idea"));
        put(ws + QStringLiteral("/.git/config"), "[core]\n\tbare = false\n", 0644);
        put(ws + QStringLiteral("/.git/hooks/pre-commit"), "#!/bin/sh\nexit 0\n", 0755);
        put(ws + QStringLiteral("/.envrc"), "export A=1\n", 0644);
        put(ws + QStringLiteral("/.vscode/settings.json"), "{}\n", 0644);
        put(ws + QStringLiteral("/.idea/workspace.xml"), "<project/>\n", 0644);
    }
    // Planted before launch: a link from the workspace to the user's ssh key.
    QFile::link(m_home + QStringLiteral("/.ssh/id_ed25519"), ws + QStringLiteral("/ssh-key-link"));
    QFile::copy(m_probe, ws + QStringLiteral("/probe"));
    chmod(QFile::encodeName(ws + QStringLiteral("/probe")).constData(), 0755);
    QProcess chownProc;
    chownProc.start(
        QStringLiteral("chown"), {QStringLiteral("-hR"), QStringLiteral("%1:%2").arg(m_uid).arg(m_gid), ws});
    chownProc.waitForFinished();
    return ws;
}

QStringList TestEscapeProbes::substitute(const QStringList& in) const
{
    QStringList out;
    for (QString s : in) {
        s.replace(QStringLiteral("{WS}"), m_ws);
        s.replace(QStringLiteral("{HOSTPID}"), QString::number(m_fixtures.sleeperPid()));
        s.replace(QStringLiteral("{MARKER}"), m_marker);
        s.replace(QStringLiteral("{TCPPORT}"), QString::number(m_fixtures.tcpPort()));
        s.replace(QStringLiteral("{UDPPORT}"), QString::number(m_fixtures.udpPort()));
        s.replace(QStringLiteral("{ABSTRACT}"), m_fixtures.abstractName());
        s.replace(QStringLiteral("{X11}"), m_fixtures.x11Display());
        s.replace(QStringLiteral("{SSHSOCK}"), m_fixtures.sshAgentSocket());
        s.replace(QStringLiteral("{SHMKEY}"), QString::number(m_fixtures.shmKey()));
        s.replace(QStringLiteral("{HOSTNAME}"), m_hostname);
        s.replace(QStringLiteral("{PTY}"), QString::number(m_fixtures.ptyNumber()));
        s.replace(QStringLiteral("{RODIR}"), m_base + QStringLiteral("/rodir"));
        s.replace(QStringLiteral("{SIBLING}"), m_base + QStringLiteral("/secret-sibling/secret.txt"));
        out.append(s);
    }
    return out;
}

QStringList TestEscapeProbes::launcherEnvironment(bool secrets) const
{
    QStringList env = {
        QStringLiteral("PATH=/usr/local/bin:/usr/bin:/bin"),
        QStringLiteral("HOME=") + m_home,
        QStringLiteral("USER=") + QLatin1String(kUser),
        QStringLiteral("LOGNAME=") + QLatin1String(kUser),
        QStringLiteral("LANG=C.UTF-8"),
        QStringLiteral("TERM=dumb"),
        QStringLiteral("CORDON_PROBE_MARKER=") + m_marker,
    };
    if (secrets) {
        // What a developer's shell typically holds: none of it may reach the sandbox.
        env << QStringLiteral("AWS_SECRET_ACCESS_KEY=cordon-probe-secret-aws")
            << QStringLiteral("ANTHROPIC_API_KEY=cordon-probe-secret-anthropic")
            << QStringLiteral("GITHUB_TOKEN=cordon-probe-secret-github")
            << QStringLiteral("OPENAI_API_KEY=cordon-probe-secret-openai")
            << QStringLiteral("SSH_AUTH_SOCK=") + m_fixtures.sshAgentSocket()
            << QStringLiteral("DBUS_SESSION_BUS_ADDRESS=unix:path=") + m_fixtures.dbusSocket()
            << QStringLiteral("DISPLAY=:") + m_fixtures.x11Display()
            << QStringLiteral("XDG_RUNTIME_DIR=/run/user/") + QString::number(m_uid);
    }
    return env;
}

RunResult TestEscapeProbes::run(const QStringList& argv, const QString& cwd, bool asUser, bool secrets, int timeoutMs,
    const QString& specPath, int specFd, const QString& eventsPath, int eventsFd) const
{
    QStringList full;
    if (asUser)
        full << QStringLiteral("setpriv") << QStringLiteral("--reuid=%1").arg(m_uid)
             << QStringLiteral("--regid=%1").arg(m_gid) << QStringLiteral("--init-groups") << QStringLiteral("--");
    full << QStringLiteral("/usr/bin/env") << QStringLiteral("-i") << launcherEnvironment(secrets) << argv;

    QProcess p;
    p.setProgram(full.takeFirst());
    p.setArguments(full);
    p.setWorkingDirectory(cwd);
    const QByteArray secretPath = QFile::encodeName(m_rootSecret);
    const QByteArray specFile = QFile::encodeName(specPath);
    const QByteArray eventsFile = QFile::encodeName(eventsPath);
    p.setChildProcessModifier([secretPath, specFd, specFile, eventsFd, eventsFile]() {
        // Descriptors a careless launcher leaks: a root-only file on 7..20, inheritable.
        for (int fd = 7; fd <= 20; ++fd) {
            const int s = open(secretPath.constData(), O_RDONLY);
            if (s >= 0 && s != fd) {
                dup2(s, fd);
                close(s);
            }
        }
        if (specFd >= 0) {
            const int s = open(specFile.constData(), O_RDONLY);
            if (s >= 0 && s != specFd) {
                dup2(s, specFd);
                close(s);
            }
        }
        // The events descriptor of the helper daemon, here a file the runner reads afterwards.
        if (eventsFd >= 0) {
            const int e = open(eventsFile.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (e >= 0 && e != eventsFd) {
                dup2(e, eventsFd);
                close(e);
            }
        }
    });
    QElapsedTimer timer;
    timer.start();
    p.start();
    RunResult r;
    if (!p.waitForStarted(10000)) {
        r.err = p.errorString();
        return r;
    }
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        r.err = QStringLiteral("timed out after %1 ms\n").arg(timeoutMs);
    }
    r.ms = timer.elapsed();
    r.crashed = p.exitStatus() == QProcess::CrashExit;
    r.exitCode = p.exitCode();
    r.rawOut = p.readAllStandardOutput();
    r.out += QString::fromLocal8Bit(r.rawOut);
    r.err += QString::fromLocal8Bit(p.readAllStandardError());
    return r;
}

RunResult TestEscapeProbes::runCordon(
    const QStringList& options, const QStringList& command, bool secrets, int timeoutMs) const
{
    QStringList argv = {m_cordonctl, QStringLiteral("run"), QStringLiteral("--workspace"), m_ws};
    argv << options << QStringLiteral("--") << command;
    // Launched from a directory holding a secret, with leaked descriptors and secrets in the environment.
    return run(argv, m_secretDir, true, secrets, timeoutMs);
}

void TestEscapeProbes::probe_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QStringList>("sandboxOptions");
    QTest::addColumn<int>("control");
    QTest::addColumn<QStringList>("controlOptions");
    QTest::addColumn<bool>("protectedFiles");

    const QStringList none;
    auto row = [&](const char* name, Control control, const QStringList& args = {}, const QStringList& opts = {},
                   const QStringList& controlOpts = {}, bool protectedFiles = true) {
        QTest::newRow(name) << QString::fromLatin1(name) << args << opts << static_cast<int>(control) << controlOpts
                            << protectedFiles;
    };
    // Terminal injection (CVE-2017-5226 in bubblewrap; high bits: CVE-2019-10063 in flatpak).
    row("tiocsti_cve_2017_5226", Control::HostUser);
    row("tiocsti_high_bits_cve_2019_10063", Control::HostUser);
    row("tioclinux", Control::HostUser);
    row("tioclinux_high_bits", Control::HostUser);
    // Foreign syscall ABIs.
    row("x32_abi", Control::HostUser);
    row("i386_int80", Control::HostUser);
    // Kernel attack surface.
    row("io_uring_setup", Control::HostUser);
    row("clone3", Control::HostUser);
    row("fsopen_new_mount_api", Control::UserNs);
    row("open_tree_new_mount_api", Control::UserNs);
    row("mount_bind", Control::UserNs);
    row("ro_remount", Control::UserNs, {QStringLiteral("/usr")});
    row("chroot_escape", Control::UserNs);
    row("cgroup_release_agent_cve_2022_0492", Control::UserNs);
    row("nested_userns_unshare", Control::HostUser);
    row("nested_userns_clone", Control::HostUser);
    row("setns", Control::UserNs);
    row("bpf", Control::Root);
    row("perf_event_open", Control::HostUser);
    row("userfaultfd", Control::HostUser);
    row("keyctl", Control::HostUser);
    row("add_key", Control::HostUser);
    row("request_key", Control::HostUser);
    row("kexec_load", Control::Root);
    row("init_module", Control::Root);
    row("acct", Control::Root);
    row("syslog", Control::Root);
    row("personality_read_implies_exec", Control::HostUser);
    // Socket families beyond unix/inet/inet6, and raw sockets.
    row("socket_packet", Control::UserNs);
    row("socket_netlink", Control::HostUser);
    row("socket_alg", Control::HostUser);
    row("socket_vsock", Control::HostUser);
    row("net_raw_socket", Control::UserNs);
    // File handles (CVE-2014-3519, "shocker").
    row("name_to_handle_at", Control::HostUser);
    row("open_by_handle_at_shocker_cve_2014_3519", Control::Root);
    // Privilege and other processes.
    row("setuid_binary", Control::HostUser, {QStringLiteral("/usr/bin/su")});
    row("ptrace_attach", Control::HostUser);
    row("process_vm_readv", Control::HostUser);
    row("process_vm_writev", Control::HostUser);
    row("kill_outside_pid", Control::HostUser, {QStringLiteral("{HOSTPID}")});
    row("pidfd_getfd", Control::HostUser);
    row("proc_fd_reopen", Control::HostUser);
    row("umount_reveal", Control::UserNs, {QStringLiteral("/proc")});
    // /proc and /sys.
    row("proc_environ_other", Control::HostUser, {QStringLiteral("{MARKER}")});
    row("proc_mountinfo_leak", Control::HostUser);
    row("proc_exe_handle_cve_2019_5736", Control::HostUser);
    row("proc_sys_write", Control::Root);
    row("sysfs_absent", Control::HostUser);
    row("proc_self_cgroup", Control::HostUser);
    row("dev_minimal", Control::HostUser);
    row("devpts_host_pty", Control::HostUser, {QStringLiteral("{PTY}")});
    // Writes through read-only binds and protected workspace paths.
    row("ro_bind_write", Control::Root);
    row("ro_path_write", Control::Cordon, {QStringLiteral("{RODIR}")},
        {QStringLiteral("--ro"), QStringLiteral("{RODIR}")}, {QStringLiteral("--rw"), QStringLiteral("{RODIR}")});
    row("hide_path", Control::Cordon, {QStringLiteral("{WS}/hidden-secret.txt")},
        {QStringLiteral("--hide"), QStringLiteral("{WS}/hidden-secret.txt")});
    row("git_hooks_write", Control::HostUser);
    row("protected_config_write", Control::HostUser);
    row("ro_truncate", Control::HostUser);
    row("ro_rename", Control::HostUser);
    row("ro_link", Control::HostUser);
    row("protected_parent_rename", Control::HostUser);
    // Guarded (absent at launch): judged on the host after the run too, see checkGuardedOutcome().
    row("protected_absent_create", Control::HostUser, {QStringLiteral("3")}, {}, {}, false);
    row("git_commondir_redirect", Control::HostUser, {QStringLiteral("5")});
    row("ro_subdir_parent_rename", Control::Cordon, {QStringLiteral("docs")},
        {QStringLiteral("--ro"), QStringLiteral("{WS}/docs/locked")},
        {QStringLiteral("--rw"), QStringLiteral("{WS}/docs/locked")});
    // Secrets outside the workspace.
    row("workspace_symlink_toctou", Control::HostUser, {QStringLiteral("ssh-key-link")});
    row("home_ssh_key", Control::HostUser);
    row("workspace_parent_secret", Control::HostUser, {QStringLiteral("{SIBLING}")});
    row("etc_shadow", Control::Root);
    row("inherited_fd", Control::HostUser);
    row("inherited_cwd", Control::HostUser, {QStringLiteral("{WS}"), QStringLiteral("secret-in-cwd.txt")});
    row("env_secret_leak", Control::HostUser);
    // Unix sockets.
    row("abstract_unix_socket", Control::HostUser, {QStringLiteral("{ABSTRACT}")});
    row("unix_socket_x11", Control::HostUser, {QStringLiteral("{X11}")});
    row("unix_socket_dbus", Control::HostUser);
    row("ssh_agent", Control::HostUser, {QStringLiteral("{SSHSOCK}")});
    row("docker_sock", Control::HostUser);
    // Network egress.
    row("net_tcp_direct", Control::HostUser, {QStringLiteral("{TCPPORT}")});
    row("net_udp_direct", Control::HostUser, {QStringLiteral("{UDPPORT}")});
    row("net_dns", Control::HostUser, {QStringLiteral("{UDPPORT}")});
    // Resource exhaustion.
    row("fork_bomb", Control::HostUser, {QStringLiteral("256")}, {QStringLiteral("--pids"), QStringLiteral("64")});
    row("memory_exhaustion", Control::HostUser, {QStringLiteral("512")},
        {QStringLiteral("--memory"), QStringLiteral("64M")});
    row("fd_exhaustion", Control::HostUser, {QStringLiteral("256")},
        {QStringLiteral("--open-files"), QStringLiteral("256")});
    row("disk_exhaustion_tmp", Control::HostUser, {QStringLiteral("/tmp"), QStringLiteral("1100")});
    // The layers, read back.
    row("landlock_in_force", Control::HostUser);
    row("seccomp_in_force", Control::HostUser);
    row("no_new_privs", Control::HostUser);
    row("capabilities_zero", Control::HostUser);
    row("hostname_isolated", Control::HostUser, {QStringLiteral("{HOSTNAME}")});
    row("ipc_namespace", Control::HostUser, {QStringLiteral("{SHMKEY}")});
}

void TestEscapeProbes::probe()
{
    QFETCH(QString, name);
    QFETCH(QStringList, args);
    QFETCH(QStringList, sandboxOptions);
    QFETCH(int, control);
    QFETCH(QStringList, controlOptions);
    QFETCH(bool, protectedFiles);
    QVERIFY(m_ready);

    QString error;
    QVERIFY2(m_fixtures.startSleeper(m_marker, m_probe, m_base + QStringLiteral("/secret-sibling/secret.txt"), &error),
        qPrintable(error));

    // 1. Inside the sandbox: must be contained.
    m_ws = makeWorkspace(protectedFiles);
    const QStringList command = QStringList{m_ws + QStringLiteral("/probe"), name} + substitute(args);
    const RunResult inside = runCordon(substitute(sandboxOptions), command);
    const QString insideText = describe(inside);
    if (inside.exitCode == kUnsupported && inside.out.contains(QStringLiteral(": unsupported (kernel lacks "))) {
        // Allowed, also under CORDON_MUST_WORK: the kernel lacks the feature and the probe says which.
        qWarning("%s", qPrintable(inside.out.trimmed()));
    } else if (name == u"git_commondir_redirect") {
        // Creation works inside (.git must stay writable for git's own lock files); the monitor moves
        // the new .git/commondir aside at once and, since git would act on it, ends the session with
        // 121 before the probe, sleeping after the plant, can report that it survived.
        QVERIFY2(inside.exitCode == 121 && !inside.out.contains(QStringLiteral("BREACH")) &&
                     inside.err.contains(QStringLiteral("/.git/commondir, which git would run on the host; moved it to "
                                                        "commondir.cordon-quarantine-")),
            qPrintable(QStringLiteral("inside cordonctl run: ") + insideText));
        checkGuardedOutcome(name, inside);
        qInfo("git_commondir_redirect: contained (moved aside, session ended with 121)");
    } else {
        QVERIFY2(inside.exitCode == kContained && inside.out.contains(name + QStringLiteral(": contained (")),
            qPrintable(QStringLiteral("inside cordonctl run: ") + insideText));
        if (name == u"protected_absent_create")
            checkGuardedOutcome(name, inside);
        qInfo("%s", qPrintable(inside.out.trimmed()));
    }
    if (name == u"kill_outside_pid")
        QVERIFY2(m_fixtures.sleeperAlive(), "the host process the probe tried to kill is gone");

    // 2. The control: the same probe where the attempt works must report the breach.
    m_ws = makeWorkspace(protectedFiles);
    const QStringList controlCommand = QStringList{m_ws + QStringLiteral("/probe"), name} + substitute(args);
    const bool secrets = name == u"env_secret_leak";
    const QString cwd = name == u"inherited_cwd" ? m_secretDir : m_ws;
    RunResult outside;
    switch (static_cast<Control>(control)) {
    case Control::HostUser: outside = run(controlCommand, cwd, true, secrets); break;
    case Control::UserNs:
        outside = run(QStringList{QStringLiteral("unshare"), QStringLiteral("--user"),
                          QStringLiteral("--map-root-user"), QStringLiteral("--net"), QStringLiteral("--mount"),
                          QStringLiteral("--pid"), QStringLiteral("--fork"), QStringLiteral("--cgroup"),
                          QStringLiteral("--ipc"), QStringLiteral("--uts"), QStringLiteral("--mount-proc")} +
                          controlCommand,
            cwd, true, secrets);
        break;
    case Control::Root: outside = run(controlCommand, cwd, false, secrets); break;
    case Control::Cordon: outside = runCordon(substitute(controlOptions), controlCommand); break;
    }
    if (inside.exitCode == kUnsupported) {
        QVERIFY2(outside.exitCode == kUnsupported,
            qPrintable(QStringLiteral("unsupported inside but not in the control: ") + describe(outside)));
        return;
    }
    QVERIFY2(outside.exitCode == kBreach && outside.out.contains(name + QStringLiteral(": BREACH (")),
        qPrintable(QStringLiteral("the control run did not show the breach, so the probe cannot detect one: ") +
                   describe(outside)));
    if (name == u"git_commondir_redirect") {
        // What the breach means: the host's next `git status` runs the agent's core.fsmonitor.
        QVERIFY(QFileInfo::exists(m_ws + QStringLiteral("/.git/commondir")));
        const RunResult git = run({QStringLiteral("git"), QStringLiteral("status")}, m_ws, true, false);
        QVERIFY2(QFileInfo::exists(m_ws + QStringLiteral("/fsmonitor-ran-on-host")),
            qPrintable(QStringLiteral("the planted commondir did not make the host's git run core.fsmonitor: ") +
                       describe(git)));
    }
}

// After a guarded probe's run inside: nothing under the guarded names on the host, each creation moved
// aside in the same directory with its content intact, and (git_commondir_redirect) the host's git,
// run afterwards, runs nothing of the agent's.
void TestEscapeProbes::checkGuardedOutcome(const QString& name, const RunResult& inside)
{
    struct Guarded {
        QString path; // relative to the workspace
        QString reader;
        QByteArray content; // empty: a directory
    };
    QList<Guarded> guarded;
    if (name == u"git_commondir_redirect") {
        guarded = {{QStringLiteral(".git/commondir"), QStringLiteral("git"), "../.cordon-probe-common\n"}};
    } else {
        const QByteArray probeText("#!/bin/sh\n# cordon escape probe\n", 33); // probe.c's tryOpenWrite, NUL included
        guarded = {{QStringLiteral(".envrc"), QStringLiteral("your shell"), probeText},
            {QStringLiteral(".vscode"), QStringLiteral("your editor"), {}},
            {QStringLiteral(".idea"), QStringLiteral("your editor"), {}},
            {QStringLiteral(".mcp.json"), QStringLiteral("your AI agent"), probeText}};
    }
    for (const auto& g : guarded) {
        const QFileInfo original(m_ws + u'/' + g.path);
        QVERIFY2(!original.exists() && !original.isSymLink(), qPrintable(g.path + QStringLiteral(" is on the host")));
        const QStringList moved = original.dir().entryList(
            {original.fileName() + QStringLiteral(".cordon-quarantine-*")}, QDir::AllEntries | QDir::Hidden);
        QVERIFY2(moved.size() == 1, qPrintable(g.path + QStringLiteral(": ") + moved.join(u',')));
        const QString movedPath = original.dir().filePath(moved.first());
        if (g.content.isEmpty()) {
            QVERIFY(QFileInfo(movedPath).isDir());
        } else {
            QFile f(movedPath);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QCOMPARE(f.readAll(), g.content);
        }
        QVERIFY2(inside.err.contains(
                     QStringLiteral("which %1 would run on the host; moved it to %2").arg(g.reader, moved.first())),
            qPrintable(inside.err));
    }
    if (name == u"git_commondir_redirect") {
        (void)run({QStringLiteral("git"), QStringLiteral("status")}, m_ws, true, false);
        QVERIFY2(!QFileInfo::exists(m_ws + QStringLiteral("/fsmonitor-ran-on-host")),
            "the host's git ran the agent's core.fsmonitor");
    }
}

void TestEscapeProbes::everyProbeHasARow()
{
    QVERIFY(m_ready);
    const RunResult list = run({m_probe, QStringLiteral("--list")}, QStringLiteral("/"), true, false);
    QCOMPARE(list.exitCode, 0);
    QStringList names = list.out.split(u'\n', Qt::SkipEmptyParts);
    QVERIFY2(names.size() >= 40, "the issue asks for at least 40 probes");
    names.removeAll(QStringLiteral("timebox_double_fork"));           // its own test below
    names.removeAll(QStringLiteral("protected_symlink_swap_toctou")); // its own test below
    names.removeAll(QStringLiteral("proxy_bridge_only"));             // its own test below
    // The data rows of probe(): the source of truth for what runs.
    QFile self(qEnvironmentVariable("CORDON_SOURCE_DIR") + QStringLiteral("/tests/escape/tst_escapeprobes.cpp"));
    QVERIFY(self.open(QIODevice::ReadOnly));
    const QString source = QString::fromUtf8(self.readAll());
    for (const QString& n : names)
        QVERIFY2(source.contains(QStringLiteral("row(\"%1\"").arg(n)), qPrintable(n + QStringLiteral(" has no row")));
}

bool TestEscapeProbes::markerProcessExists(const QString& marker, pid_t* pid) const
{
    const QByteArray needle = marker.toUtf8();
    const auto entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString& e : entries) {
        bool ok = false;
        const int p = e.toInt(&ok);
        if (!ok)
            continue;
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(p));
        if (!cmdline.open(QIODevice::ReadOnly))
            continue;
        const QByteArray text = cmdline.readAll();
        if (text.contains(needle) && !text.startsWith("/usr/bin/env") && !text.contains("setpriv")) {
            QFile stat(QStringLiteral("/proc/%1/stat").arg(p));
            if (stat.open(QIODevice::ReadOnly) && stat.readAll().contains(") Z "))
                continue; // a zombie is no longer running
            *pid = p;
            return true;
        }
    }
    return false;
}

void TestEscapeProbes::timeboxDoubleFork()
{
    QVERIFY(m_ready);
    // Inside: a setsid'ed grandchild ignoring SIGTERM must not outlive the timebox.
    m_ws = makeWorkspace(true);
    const QString marker = QStringLiteral("cordon-timebox-") + m_tag;
    const RunResult inside = runCordon({QStringLiteral("--timeout"), QStringLiteral("2s")},
        {m_ws + QStringLiteral("/probe"), QStringLiteral("timebox_double_fork"), marker}, true, 60000);
    QVERIFY2(inside.exitCode == 124, qPrintable(QStringLiteral("expected 124 (timebox expired): ") + describe(inside)));
    pid_t leftover = 0;
    QVERIFY2(!markerProcessExists(marker, &leftover),
        qPrintable(QStringLiteral("pid %1 (%2) survived the timebox").arg(leftover).arg(marker)));

    // Control: the same under timeout(1) on the host (TERM after 2 s, KILL of its child 1 s later) leaves
    // the setsid'ed grandchild running: the check can tell.
    const QString controlMarker = marker + QStringLiteral("-control");
    const RunResult outside =
        run({QStringLiteral("timeout"), QStringLiteral("-k"), QStringLiteral("1"), QStringLiteral("2"),
                m_ws + QStringLiteral("/probe"), QStringLiteral("timebox_double_fork"), controlMarker},
            m_ws, true, false, 60000);
    // timeout(1) re-raises the KILL on itself, so it may end by the signal rather than with 124/137.
    pid_t survivor = 0;
    const bool survived = markerProcessExists(controlMarker, &survivor);
    if (survived)
        kill(survivor, SIGKILL);
    QVERIFY2(outside.crashed || outside.exitCode == 124 || outside.exitCode == 137, qPrintable(describe(outside)));
    QVERIFY2(survived, "the control's grandchild was not found: the check is blind");
}

void TestEscapeProbes::launcherKilledTakesSandboxDown()
{
    QVERIFY(m_ready);
    // "Dies with its launcher": SIGKILL to cordonctl (nothing can be cleaned up by it) must still take the
    // whole sandbox down, the setsid'ed grandchild that ignores SIGTERM included.
    m_ws = makeWorkspace(true);
    const QString marker = QStringLiteral("cordon-orphan-") + m_tag;
    QProcess launcher;
    launcher.setProgram(QStringLiteral("setpriv"));
    launcher.setArguments(
        QStringList{QStringLiteral("--reuid=%1").arg(m_uid), QStringLiteral("--regid=%1").arg(m_gid),
            QStringLiteral("--init-groups"), QStringLiteral("--"), QStringLiteral("/usr/bin/env"),
            QStringLiteral("-i")} +
        launcherEnvironment(false) +
        QStringList{m_cordonctl, QStringLiteral("run"), QStringLiteral("--workspace"), m_ws, QStringLiteral("--"),
            m_ws + QStringLiteral("/probe"), QStringLiteral("timebox_double_fork"), marker});
    launcher.setWorkingDirectory(m_ws);
    launcher.start();
    QVERIFY(launcher.waitForStarted(10000));
    QElapsedTimer t;
    t.start();
    pid_t running = 0;
    while (t.elapsed() < 10000 && !launcher.readAllStandardOutput().contains("spawned"))
        launcher.waitForReadyRead(200);
    QVERIFY2(markerProcessExists(marker, &running), "the probe's grandchild never started");
    QCOMPARE(kill(static_cast<pid_t>(launcher.processId()), SIGKILL), 0);
    launcher.waitForFinished(10000);
    pid_t leftover = 0;
    bool gone = false;
    for (t.restart(); t.elapsed() < 5000 && !gone;) {
        gone = !markerProcessExists(marker, &leftover);
        if (!gone)
            QTest::qWait(50);
    }
    if (!gone)
        kill(leftover, SIGKILL);
    QVERIFY2(gone, qPrintable(QStringLiteral("pid %1 outlived its SIGKILLed launcher by 5 s").arg(leftover)));
    // The control is timeboxDoubleFork's: unconfined, the same grandchild survives its parent's death.
}

void TestEscapeProbes::plantedHooksSymlinkRefused()
{
    QVERIFY(m_ready);
    // A protected path replaced by a symlink before launch (pointing where a bind would expose or protect the
    // wrong thing): Cordon refuses to launch with PathRefused (122) and nothing runs.
    m_ws = makeWorkspace(true);
    QDir(m_ws + QStringLiteral("/.git/hooks")).removeRecursively();
    QVERIFY(QFile::link(m_home + QStringLiteral("/.ssh"), m_ws + QStringLiteral("/.git/hooks")));
    QCOMPARE(lchown(QFile::encodeName(m_ws + QStringLiteral("/.git/hooks")).constData(), m_uid, m_gid), 0);
    const QString marker = m_ws + QStringLiteral("/ran");
    const RunResult refused =
        runCordon({}, {QStringLiteral("/bin/sh"), QStringLiteral("-c"), QStringLiteral("echo > ") + marker});
    QVERIFY2(refused.exitCode == 122, qPrintable(describe(refused)));
    QVERIFY2(!QFileInfo::exists(marker), "the command ran although the launch was refused");

    // Control: the same workspace with a real .git/hooks launches and runs the command.
    m_ws = makeWorkspace(true);
    const QString marker2 = m_ws + QStringLiteral("/ran");
    const RunResult ok =
        runCordon({}, {QStringLiteral("/bin/sh"), QStringLiteral("-c"), QStringLiteral("echo > ") + marker2});
    QVERIFY2(ok.exitCode == 0 && QFileInfo::exists(marker2), qPrintable(describe(ok)));
}

void TestEscapeProbes::protectedSymlinkSwapRace()
{
    QVERIFY(m_ready);
    // TOCTOU on a path the sandbox binds: while cordonctl launches, .git/hooks flips (renameat2
    // RENAME_EXCHANGE, atomic) between the real directory and a symlink to ~/.ssh. Whatever moment the
    // check and the bind see, the key must never show up inside: refused (122/125) or contained.
    m_ws = makeWorkspace(true);
    const QByteArray hooks = QFile::encodeName(m_ws + QStringLiteral("/.git/hooks"));
    const QByteArray alt = QFile::encodeName(m_ws + QStringLiteral("/.git/hooks-alt"));
    QVERIFY(QFile::link(m_home + QStringLiteral("/.ssh"), QString::fromLocal8Bit(alt)));
    QCOMPARE(lchown(alt.constData(), m_uid, m_gid), 0);
    std::atomic<bool> stop{false};
    std::atomic<int> swaps{0};
    std::thread swapper([&] {
        while (!stop.load()) {
            if (renameat2(AT_FDCWD, hooks.constData(), AT_FDCWD, alt.constData(), RENAME_EXCHANGE) == 0)
                swaps.fetch_add(1);
            usleep(static_cast<useconds_t>(QRandomGenerator::global()->bounded(300)));
        }
    });
    int contained = 0, refused = 0;
    QString failure;
    for (int i = 0; i < 60 && failure.isEmpty(); ++i) {
        const RunResult r =
            runCordon({}, {m_ws + QStringLiteral("/probe"), QStringLiteral("protected_symlink_swap_toctou")});
        if (r.exitCode == 0 && r.out.contains(QStringLiteral("protected_symlink_swap_toctou: contained (")))
            ++contained;
        else if (r.exitCode == 122 || r.exitCode == 125)
            ++refused;
        else
            failure = describe(r);
    }
    stop.store(true);
    swapper.join();
    QVERIFY2(failure.isEmpty(),
        qPrintable(QStringLiteral("launch %1 during the swap race: ").arg(contained + refused + 1) + failure));
    qInfo("%d launches contained, %d refused, %d swaps", contained, refused, swaps.load());
    QVERIFY2(swaps.load() > 60, "the race never ran");

    // Control: .git/hooks left as the symlink, read unconfined: the probe sees the key.
    struct stat st { };
    if (lstat(hooks.constData(), &st) == 0 && !S_ISLNK(st.st_mode))
        QCOMPARE(renameat2(AT_FDCWD, hooks.constData(), AT_FDCWD, alt.constData(), RENAME_EXCHANGE), 0);
    const RunResult outside =
        run({m_ws + QStringLiteral("/probe"), QStringLiteral("protected_symlink_swap_toctou")}, m_ws, true, false);
    QVERIFY2(outside.exitCode == kBreach, qPrintable(describe(outside)));
}

void TestEscapeProbes::selfCheckRefusesUnarmed_data()
{
    QTest::addColumn<QString>("fault");
    for (const char* f : {"skip-landlock", "skip-seccomp", "skip-nnp", "skip-capdrop"})
        QTest::newRow(f) << QString::fromLatin1(f);
}

void TestEscapeProbes::selfCheckRefusesUnarmed()
{
    QFETCH(QString, fault);
    QVERIFY(m_ready);
    m_ws = makeWorkspace(true);
    const QString marker = m_ws + QStringLiteral("/ran");
    const QStringList command = {QStringLiteral("/bin/sh"), QStringLiteral("-c"), QStringLiteral("echo > ") + marker};
    const RunResult spec = run(QStringList{m_cordonctl, QStringLiteral("profile"), QStringLiteral("spec"),
                                   QStringLiteral("--workspace"), m_ws, QStringLiteral("--")} +
                                   command,
        m_ws, true, false);
    QVERIFY2(spec.exitCode == 0 && !spec.out.isEmpty(), qPrintable(describe(spec)));
    const QString specFile = m_ws + QStringLiteral("/../spec-") + fault;
    {
        QFile f(specFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(spec.rawOut), spec.rawOut.size());
    }
    // The sabotaged sandbox binary skips one layer and must notice by itself: exit 123, command never run.
    const QString faulty = m_bin->path() + QStringLiteral("/cordon-sandbox-fault-injection");
    QStringList argv = {QStringLiteral("/usr/bin/env"), QStringLiteral("CORDON_FAULT=") + fault, faulty,
        QStringLiteral("--spec-fd"), QStringLiteral("3")};
    const RunResult refused = run(argv, m_ws, true, false, 60000, specFile, 3);
    QVERIFY2(refused.exitCode == 123, qPrintable(describe(refused)));
    QVERIFY2(!QFileInfo::exists(marker), "the command ran in an unarmed sandbox");

    // Control: the real cordon-sandbox with the same spec runs the command (so the marker check can see it).
    const QString real = m_bin->path() + QStringLiteral("/cordon-sandbox");
    const RunResult ran =
        run({real, QStringLiteral("--spec-fd"), QStringLiteral("3")}, m_ws, true, false, 60000, specFile, 3);
    QVERIFY2(ran.exitCode == 0 && QFileInfo::exists(marker), qPrintable(describe(ran)));
}

namespace {

// A Unix socket server standing in for cordon-proxy (or, for the control, for something else): each
// connection is read up to the end of a request, answered with `answer`, and recorded.
class StandInServer {
public:
    bool start(const QString& path, const QByteArray& answer, uid_t uid, gid_t gid)
    {
        m_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        const QByteArray p = QFile::encodeName(path);
        if (m_fd < 0 || static_cast<size_t>(p.size()) >= sizeof addr.sun_path)
            return false;
        memcpy(addr.sun_path, p.constData(), static_cast<size_t>(p.size()));
        if (bind(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(m_fd, 16) != 0 ||
            chown(p.constData(), uid, gid) != 0 || chmod(p.constData(), 0600) != 0)
            return false;
        m_thread = std::thread([this, answer] {
            while (!m_stop.load()) {
                pollfd pf{m_fd, POLLIN, 0};
                if (poll(&pf, 1, 100) != 1)
                    continue;
                const int c = accept4(m_fd, nullptr, nullptr, SOCK_CLOEXEC);
                if (c < 0)
                    continue;
                QByteArray got;
                while (!got.contains("\r\n\r\n")) {
                    pollfd q{c, POLLIN, 0};
                    if (poll(&q, 1, 5000) != 1)
                        break;
                    char buf[4096];
                    const ssize_t n = read(c, buf, sizeof buf);
                    if (n <= 0)
                        break;
                    got.append(buf, static_cast<int>(n));
                }
                if (write(c, answer.constData(), static_cast<size_t>(answer.size())) != answer.size())
                    got += "(answer not written)";
                close(c);
                const std::lock_guard<std::mutex> lock(m_mutex);
                m_received.append(got);
            }
        });
        return true;
    }
    ~StandInServer()
    {
        m_stop.store(true);
        if (m_thread.joinable())
            m_thread.join();
        if (m_fd >= 0)
            close(m_fd);
    }
    QList<QByteArray> received()
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        return m_received;
    }

private:
    int m_fd = -1;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
    std::mutex m_mutex;
    QList<QByteArray> m_received;
};

} // namespace

// The egress bridge is no hole: run as the probe user, inside, 127.0.0.1:PORT leads to the proxy's socket
// whatever the client asks, and nothing else is reachable: direct connections fail with ENETUNREACH (and are
// recorded as net_direct events), the host's loopback is out of reach, the socket directory is read-only.
// Controls: the same spec with the bridge pointed at another socket (the probe notices it did not reach the
// proxy), and the probe on the host, where the direct connections work.
void TestEscapeProbes::proxyBridgeReachesOnlyTheProxy()
{
    QVERIFY(m_ready);
    m_ws = makeWorkspace(true);
    const QString proxyDir =
        m_base + QStringLiteral("/proxy-") + QString::number(QRandomGenerator::global()->bounded(100000));
    QVERIFY(QDir().mkpath(proxyDir));
    QCOMPARE(chown(QFile::encodeName(proxyDir).constData(), m_uid, m_gid), 0);
    QCOMPARE(chmod(QFile::encodeName(proxyDir).constData(), 0700), 0);
    StandInServer proxy;
    StandInServer other;
    QVERIFY(
        proxy.start(proxyDir + QStringLiteral("/proxy.sock"), "HTTP/1.1 200 cordon-fake-proxy\r\n\r\n", m_uid, m_gid));
    QVERIFY(other.start(proxyDir + QStringLiteral("/other.sock"), "HTTP/1.1 200 something-else\r\n\r\n", m_uid, m_gid));
    const int bridgePort = 3128;
    const QStringList command = {m_ws + QStringLiteral("/probe"), QStringLiteral("proxy_bridge_only"),
        QString::number(bridgePort), QString::number(m_fixtures.tcpPort()),
        QStringLiteral("/run/cordon/proxy/proxy.sock")};

    // The spec cordonctl would compile for this workspace, plus what the helper daemon adds.
    const RunResult compiled = run(QStringList{m_cordonctl, QStringLiteral("profile"), QStringLiteral("spec"),
                                       QStringLiteral("--workspace"), m_ws, QStringLiteral("--")} +
                                       command,
        m_ws, true, false);
    QVERIFY2(compiled.exitCode == 0, qPrintable(describe(compiled)));
    cordon::spec::LaunchSpec spec;
    std::string error;
    QVERIFY2(cordon::spec::decodeLaunchSpec(compiled.rawOut.toStdString(), spec, error), error.c_str());
    const auto runWithSocket = [&](const char* socketName, const QString& eventsPath) {
        cordon::spec::LaunchSpec s = spec;
        cordon::spec::Mount bind;
        bind.kind = cordon::spec::MountKind::BindReadOnly;
        bind.source = QFile::encodeName(proxyDir).toStdString();
        bind.target = "/run/cordon/proxy";
        s.mounts.push_back(bind);
        s.proxyPort = bridgePort;
        s.proxySocket = std::string("/run/cordon/proxy/") + socketName;
        s.execEvents = true;
        const QString specFile = m_base + QStringLiteral("/bridge-spec-") + QLatin1String(socketName);
        QFile f(specFile);
        if (!f.open(QIODevice::WriteOnly))
            return RunResult{};
        const std::string bytes = cordon::spec::encodeLaunchSpec(s);
        f.write(bytes.data(), static_cast<qint64>(bytes.size()));
        f.close();
        return run({m_bin->path() + QStringLiteral("/cordon-sandbox"), QStringLiteral("--spec-fd"), QStringLiteral("3"),
                       QStringLiteral("--events-fd"), QStringLiteral("4")},
            m_ws, true, true, 60000, specFile, 3, eventsPath, 4);
    };

    const QString eventsPath = m_base + QStringLiteral("/bridge-events.jsonl");
    const RunResult inside = runWithSocket("proxy.sock", eventsPath);
    QVERIFY2(inside.exitCode == kContained && inside.out.contains(QStringLiteral("proxy_bridge_only: contained (")),
        qPrintable(describe(inside)));
    qInfo("%s", qPrintable(inside.out.trimmed()));
    // The proxy heard who asked (the probe, pid inside) and then the request, nothing else heard anything.
    const QList<QByteArray> heard = proxy.received();
    QCOMPARE(heard.size(), 1);
    QVERIFY2(heard[0].startsWith("CORDON-PEER {") && heard[0].contains("\nCONNECT 127.0.0.1:"), heard[0].constData());
    const QJsonObject peer = QJsonDocument::fromJson(heard[0].mid(12, heard[0].indexOf('\n') - 12)).object();
    QCOMPARE(peer.value(QStringLiteral("exe")).toString(), m_ws + QStringLiteral("/probe"));
    QCOMPARE(peer.value(QStringLiteral("argv")).toArray().at(1).toString(), QStringLiteral("proxy_bridge_only"));
    QVERIFY(peer.value(QStringLiteral("pid")).toInt() > 1);
    QVERIFY(other.received().isEmpty());
    // The direct attempt was recorded (and answered ENETUNREACH by the monitor, as the kernel would).
    QFile events(eventsPath);
    QVERIFY(events.open(QIODevice::ReadOnly));
    const QByteArray lines = events.readAll();
    bool sawDirect = false;
    bool sawExec = false;
    QJsonObject last;
    for (const QByteArray& line : lines.split('\n')) {
        if (line.isEmpty())
            continue;
        last = QJsonDocument::fromJson(line).object();
        QVERIFY2(!last.isEmpty(), line.constData());
        const QString kind = last.value(QStringLiteral("kind")).toString();
        sawDirect =
            sawDirect || (kind == u"net_direct" && last.value(QStringLiteral("address")).toString() == u"192.0.2.1" &&
                             last.value(QStringLiteral("port")).toInt() == 80);
        sawExec = sawExec || (kind == u"exec" && last.value(QStringLiteral("exe")).toString() == command.first());
    }
    QVERIFY2(sawDirect && sawExec, lines.constData());
    QCOMPARE(last.value(QStringLiteral("kind")).toString(), QStringLiteral("exit"));
    QCOMPARE(last.value(QStringLiteral("status")).toInt(), 0);

    // Control 1: a bridge that leads elsewhere is what the probe reports.
    const RunResult elsewhere = runWithSocket("other.sock", m_base + QStringLiteral("/bridge-events-control.jsonl"));
    QVERIFY2(elsewhere.exitCode == kBreach && elsewhere.out.contains(QStringLiteral("the bridge led somewhere other")),
        qPrintable(describe(elsewhere)));
    QCOMPARE(other.received().size(), 1);
    // Control 2: on the host the direct connections work.
    const RunResult host = run(command, m_ws, true, false);
    QVERIFY2(host.exitCode == kBreach && host.out.contains(QStringLiteral("proxy_bridge_only: BREACH (")),
        qPrintable(describe(host)));
}

QTEST_GUILESS_MAIN(TestEscapeProbes)
#include "tst_escapeprobes.moc"
