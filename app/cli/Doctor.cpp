#include "Doctor.h"

#include "ExitCode.h"
#include "Installation.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <linux/landlock.h>
#include <pwd.h>
#include <sched.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef LANDLOCK_CREATE_RULESET_VERSION
#define LANDLOCK_CREATE_RULESET_VERSION (1U << 0) // Linux 5.13
#endif

namespace cordon::cli {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("cordonctl", text);
}

QString readTrimmed(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll()).trimmed();
}

struct Report {
    QTextStream& out;
    int failures = 0;
    void ok(const QString& what, const QString& detail) { out << "OK    " << what << ": " << detail << '\n'; }
    void fail(const QString& what, const QString& detail, const QString& fix)
    {
        ++failures;
        out << "FAIL  " << what << ": " << detail << '\n' << "      " << tr("fix: ") << fix << '\n';
    }
    void warn(const QString& what, const QString& detail) { out << "WARN  " << what << ": " << detail << '\n'; }
};

// Really tries: a user namespace in a throw-away child.
bool canCreateUserNamespace(QString* why)
{
    const pid_t pid = fork();
    if (pid < 0) {
        *why = QString::fromLocal8Bit(std::strerror(errno));
        return false;
    }
    if (pid == 0)
        _exit(unshare(CLONE_NEWUSER) == 0 ? 0 : (errno & 0x7f));
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            *why = QString::fromLocal8Bit(std::strerror(errno));
            return false;
        }
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return true;
    *why = WIFEXITED(status) ? QString::fromLocal8Bit(std::strerror(WEXITSTATUS(status))) : tr("child crashed");
    return false;
}

bool isCgroup2(const QString& dir)
{
    return QFileInfo::exists(dir + QStringLiteral("/cgroup.controllers"));
}

} // namespace

int Doctor::check(QTextStream& out)
{
    Report r{out};

    // User namespaces.
    const QString debianKnob = readTrimmed(QStringLiteral("/proc/sys/kernel/unprivileged_userns_clone"));
    if (debianKnob == u"0")
        r.fail(tr("unprivileged user namespaces"), tr("disabled by kernel.unprivileged_userns_clone=0"),
            tr("sudo sysctl -w kernel.unprivileged_userns_clone=1 (and persist it in /etc/sysctl.d/)"));
    const QString maxNs = readTrimmed(QStringLiteral("/proc/sys/user/max_user_namespaces"));
    if (maxNs == u"0")
        r.fail(tr("user namespaces"), tr("user.max_user_namespaces is 0"),
            tr("sudo sysctl -w user.max_user_namespaces=15000 (and persist it in /etc/sysctl.d/)"));
    const QString apparmor = readTrimmed(QStringLiteral("/proc/sys/kernel/apparmor_restrict_unprivileged_userns"));
    if (apparmor == u"1")
        r.fail(tr("AppArmor"),
            tr("kernel.apparmor_restrict_unprivileged_userns=1 (Ubuntu 23.10+) blocks unprivileged "
               "user namespaces"),
            tr("install an AppArmor profile granting 'userns' to cordon-sandbox (installer/ does this), or "
               "sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0"));
    QString why;
    if (canCreateUserNamespace(&why))
        r.ok(tr("user namespaces"), tr("a new user namespace can be created"));
    else
        r.fail(tr("user namespaces"), tr("unshare(CLONE_NEWUSER) failed: %1").arg(why),
            tr("see the checks above; on Debian: sudo sysctl -w kernel.unprivileged_userns_clone=1"));

    // Landlock: the ABI version call (landlock_create_ruleset(NULL, 0, VERSION)).
    const long abi = syscall(SYS_landlock_create_ruleset, nullptr, 0, LANDLOCK_CREATE_RULESET_VERSION);
    if (abi >= 1) {
        r.ok(tr("Landlock"), tr("ABI %1").arg(abi));
        if (abi < 6)
            r.warn(tr("Landlock scopes"), tr("ABI %1 has no signal/abstract-socket scopes (ABI 6, Linux 6.12); "
                                             "profiles must list landlockScopes in bestEffort")
                                              .arg(abi));
    } else {
        const int err = errno;
        r.fail(tr("Landlock"),
            err == EOPNOTSUPP ? tr("disabled at boot")
                              : tr("not available (%1)").arg(QString::fromLocal8Bit(std::strerror(err))),
            tr("boot with lsm=landlock,... (Linux 5.13+), or list landlock in the profile's bestEffort"));
    }

    // seccomp.
    const QString status = readTrimmed(QStringLiteral("/proc/self/status"));
    if (status.contains(QStringLiteral("\nSeccomp:")))
        r.ok(tr("seccomp"), tr("available"));
    else
        r.fail(tr("seccomp"), tr("the kernel has no seccomp (no Seccomp: line in /proc/self/status)"),
            tr("use a kernel built with CONFIG_SECCOMP_FILTER"));

    // Core dumps of sandboxed processes. A process the seccomp filter kills (SIGSYS) or any
    // crashing process dumps core; with core_pattern piping to a program (systemd-coredump,
    // apport), the kernel starts that program on the host as root for the sandboxed process, and
    // RLIMIT_CORE=0 does not stop it (core(5): the limit is not enforced for a pipe). Not a
    // failure, but the user should know the host's core handler sees sandboxed crashes.
    // CORDON_CORE_PATTERN_FILE: tests point this at a file of their own.
    const QString patternFile = qEnvironmentVariableIsSet("CORDON_CORE_PATTERN_FILE")
                                    ? qEnvironmentVariable("CORDON_CORE_PATTERN_FILE")
                                    : QStringLiteral("/proc/sys/kernel/core_pattern");
    const QString corePattern = readTrimmed(patternFile);
    if (corePattern.startsWith(u'|'))
        r.warn(tr("core dumps"),
            tr("kernel.core_pattern pipes to a program (%1): a crashing sandboxed process starts the host's "
               "core handler with its memory, whatever its RLIMIT_CORE; set kernel.core_pattern to a file "
               "name (e.g. core) if that is not wanted")
                .arg(corePattern.mid(1).section(u' ', 0, 0)));
    else
        r.ok(tr("core dumps"), tr("kernel.core_pattern does not pipe to a program"));

    // cgroups.
    const QString uid = QString::number(getuid());
    if (isCgroup2(QStringLiteral("/sys/fs/cgroup"))) {
        QString own;
        const QStringList lines = readTrimmed(QStringLiteral("/proc/self/cgroup")).split(u'\n');
        for (const auto& l : lines)
            if (l.startsWith(QStringLiteral("0::")))
                own = l.mid(3);
        const QString parent = QDir::cleanPath(QStringLiteral("/sys/fs/cgroup") + own + QStringLiteral("/.."));
        if (access(QFile::encodeName(parent).constData(), W_OK) == 0)
            r.ok(tr("cgroup v2"), tr("%1 is writable (delegated)").arg(parent));
        else
            r.fail(tr("cgroup v2"), tr("%1 is not writable by you").arg(parent),
                tr("run Cordon from a systemd user session (systemd-run --user --scope), or list cgroup in "
                   "the profile's bestEffort"));
    } else {
        QStringList missing;
        for (const char* c : {"memory", "pids", "cpu"}) {
            const QString dir = QStringLiteral("/sys/fs/cgroup/%1/cordon/%2").arg(QString::fromLatin1(c), uid);
            if (getuid() == 0 && QFileInfo::exists(QStringLiteral("/sys/fs/cgroup/") + QString::fromLatin1(c)))
                continue; // root creates them itself at launch
            if (access(QFile::encodeName(dir).constData(), W_OK) != 0)
                missing.append(dir);
        }
        if (missing.isEmpty())
            r.ok(tr("cgroup v1"), tr("memory, pids and cpu delegated for uid %1").arg(uid));
        else
            r.fail(tr("cgroup v1"), tr("missing or not writable: %1").arg(missing.join(QStringLiteral(", "))),
                tr("sudo cordonctl doctor --fix --user %1").arg(Installation::userName()));
    }

    // Cordon's own parts.
    const QString sandbox = Installation::sandboxBinary();
    if (!sandbox.isEmpty())
        r.ok(tr("cordon-sandbox"), sandbox);
    else
        r.fail(tr("cordon-sandbox"), tr("not found next to cordonctl or in ../libexec/cordon/"),
            tr("build the whole project (ninja) or reinstall Cordon"));
    const QString tools = Installation::toolsDirectory();
    if (!tools.isEmpty())
        r.ok(tr("demo agent"), tools);
    else
        r.warn(tr("demo agent"), tr("resources not found; set CORDON_RESOURCE_DIR to the resources directory"));

    out << (r.failures == 0 ? tr("All checks passed.")
                            : QCoreApplication::translate("cordonctl", "%n check(s) failed.", nullptr, r.failures))
        << '\n';
    return r.failures == 0 ? 0 : toInt(ExitCode::SandboxUnavailable);
}

int Doctor::fix(const QString& userName, QTextStream& out, QString* error)
{
    if (geteuid() != 0) {
        *error = tr("doctor --fix must run as root (sudo cordonctl doctor --fix --user NAME)");
        return toInt(ExitCode::Usage);
    }
    const passwd* pw = getpwnam(QFile::encodeName(userName).constData());
    if (!pw) {
        *error = tr("no such user: %1").arg(userName);
        return toInt(ExitCode::Usage);
    }
    const uid_t uid = pw->pw_uid;
    const gid_t gid = pw->pw_gid;
    if (isCgroup2(QStringLiteral("/sys/fs/cgroup"))) {
        out << tr("cgroup v2: nothing to create; systemd delegates the user's subtree") << '\n';
        return 0;
    }
    for (const char* c : {"memory", "pids", "cpu"}) {
        const QString hierarchy = QStringLiteral("/sys/fs/cgroup/") + QString::fromLatin1(c);
        if (!QFileInfo(hierarchy).isDir()) {
            *error = tr("%1 is not mounted").arg(hierarchy);
            return toInt(ExitCode::SandboxUnavailable);
        }
        const QString base = hierarchy + QStringLiteral("/cordon");
        const QString dir = base + u'/' + QString::number(uid);
        for (const QString& d : {base, dir}) {
            if (mkdir(QFile::encodeName(d).constData(), 0755) != 0 && errno != EEXIST) {
                *error = tr("mkdir %1: %2").arg(d, QString::fromLocal8Bit(std::strerror(errno)));
                return toInt(ExitCode::SandboxUnavailable);
            }
        }
        // The user owns their directory (to make one child per run) and its procs files.
        for (const QString& f : {dir, dir + QStringLiteral("/cgroup.procs"), dir + QStringLiteral("/tasks")}) {
            if (lchown(QFile::encodeName(f).constData(), uid, gid) != 0) {
                *error = tr("chown %1: %2").arg(f, QString::fromLocal8Bit(std::strerror(errno)));
                return toInt(ExitCode::SandboxUnavailable);
            }
        }
        out << tr("OK    %1 delegated to %2").arg(dir, userName) << '\n';
    }
    return 0;
}

} // namespace cordon::cli
