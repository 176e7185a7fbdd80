#include "LaunchSpecCompiler.h"

#include "EnvPattern.h"
#include "LaunchSpecCodec.h"
#include "PolicyResolver.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>

#include <algorithm>
#include <cerrno>
#include <sys/stat.h>
#include <unistd.h>

namespace cordon {

namespace {

using spec::Mount;
using spec::MountKind;

QString tr(const char* text)
{
    return QCoreApplication::translate("cordon", text);
}

bool refuse(PolicyError* error, ExitCode code, const QString& message)
{
    error->code = code;
    error->message = message;
    return false;
}

std::string toStd(const QString& s)
{
    return QFile::encodeName(s).toStdString();
}

Mount mount(MountKind kind, const QString& source, const QString& target, bool exec = false, bool optional = false)
{
    Mount m;
    m.kind = kind;
    m.source = toStd(source);
    m.target = toStd(target);
    m.exec = exec;
    m.optional = optional;
    return m;
}

Mount tmpfs(const QString& target, std::uint32_t mode, std::uint64_t size, bool exec)
{
    Mount m = mount(MountKind::Tmpfs, QString(), target, exec);
    m.mode = mode;
    m.sizeBytes = size;
    return m;
}

int depth(const std::string& path)
{
    return static_cast<int>(std::count(path.begin(), path.end(), '/'));
}

bool lexists(const QString& path)
{
    struct stat st { };
    return lstat(QFile::encodeName(path).constData(), &st) == 0;
}

// Directories whose contents the system owns: never a workspace, never writable inside.
const QStringList& systemDirectories()
{
    static const QStringList dirs = {
        QStringLiteral("/usr"),
        QStringLiteral("/etc"),
        QStringLiteral("/bin"),
        QStringLiteral("/sbin"),
        QStringLiteral("/lib"),
        QStringLiteral("/lib32"),
        QStringLiteral("/lib64"),
        QStringLiteral("/libx32"),
        QStringLiteral("/boot"),
        QStringLiteral("/dev"),
        QStringLiteral("/proc"),
        QStringLiteral("/sys"),
        QStringLiteral("/run"),
        QStringLiteral("/var"),
        QStringLiteral("/opt"),
        QStringLiteral("/srv"),
        QStringLiteral("/snap"),
        QStringLiteral("/tmp"),
        QStringLiteral("/var/tmp"),
        QStringLiteral("/home"),
        QStringLiteral("/root"),
        QStringLiteral("/mnt"),
        QStringLiteral("/media"),
    };
    return dirs;
}

// Below these nothing may be bound: the sandbox builds its own.
bool isVirtualArea(const QString& path)
{
    for (const char* area : {"/proc", "/sys", "/dev"})
        if (isSameOrParentPath(QString::fromLatin1(area), path))
            return true;
    return false;
}

QString randomHex8()
{
    return QString::number(QRandomGenerator::system()->generate(), 16).rightJustified(8, u'0');
}

} // namespace

bool LaunchSpecCompiler::isSystemPath(const QString& canonical)
{
    if (canonical == u"/")
        return true;
    for (const auto& d : systemDirectories())
        if (canonical == d)
            return true;
    for (const char* area : {"/usr", "/etc", "/boot", "/proc", "/sys", "/dev", "/bin", "/sbin", "/lib", "/lib64"})
        if (isSameOrParentPath(QString::fromLatin1(area), canonical))
            return true;
    return false;
}

bool LaunchSpecCompiler::checkNoSymlinks(const QString& base, const QString& relative, bool* exists, QString* linkPath)
{
    QString path = base;
    const auto parts = relative.split(u'/', Qt::SkipEmptyParts);
    for (const auto& part : parts) {
        path += u'/' + part;
        struct stat st { };
        if (lstat(QFile::encodeName(path).constData(), &st) != 0) {
            *exists = false;
            return true;
        }
        if (S_ISLNK(st.st_mode)) {
            *linkPath = path;
            return false;
        }
    }
    *exists = true;
    return true;
}

bool LaunchSpecCompiler::checkWorkspace(
    const QString& workspace, const QString& home, QString* canonical, PolicyError* error)
{
    const QFileInfo info(workspace);
    if (!lexists(workspace))
        return refuse(error, ExitCode::PathRefused, tr("the workspace %1 does not exist").arg(workspace));
    const QString resolved = info.canonicalFilePath();
    if (resolved.isEmpty())
        return refuse(error, ExitCode::PathRefused,
            tr("the workspace %1 cannot be resolved (a dangling symbolic link, or a place you cannot read)")
                .arg(workspace));
    if (!info.isDir())
        return refuse(error, ExitCode::PathRefused, tr("the workspace %1 is not a directory").arg(workspace));
    // The user's own credentials decide: a workspace the user could not use unconfined is refused.
    if (access(QFile::encodeName(resolved).constData(), R_OK | W_OK | X_OK) != 0)
        return refuse(error, ExitCode::PathRefused,
            tr("the workspace %1 (%2) is not readable, writable and searchable by you").arg(workspace, resolved));
    const QString canonicalHome = QFileInfo(home).canonicalFilePath();
    if (resolved == u"/" || resolved == canonicalHome || resolved == home ||
        (!canonicalHome.isEmpty() && isSameOrParentPath(resolved, canonicalHome)))
        return refuse(error, ExitCode::PathRefused,
            tr("the workspace %1 would expose your whole home directory; choose a project directory").arg(resolved));
    if (isSystemPath(resolved))
        return refuse(error, ExitCode::PathRefused,
            tr("the workspace %1 is a system directory; choose a project directory").arg(resolved));
    *canonical = resolved;
    return true;
}

bool LaunchSpecCompiler::compile(const EffectivePolicy& policy, const CompileContext& context, spec::LaunchSpec* out,
    CompileReport* report, PolicyError* error)
{
    spec::LaunchSpec s;
    CompileReport r;

    QString workspace;
    if (!checkWorkspace(policy.workspace, policy.home, &workspace, error))
        return false;
    r.workspace = workspace;
    const QString home = policy.home;
    const QString canonicalHome = QFileInfo(home).canonicalFilePath();
    if (home.isEmpty() || !QDir::isAbsolutePath(home))
        return refuse(error, ExitCode::Internal, tr("the home directory is unknown"));
    if (!isSameOrParentPath(QStringLiteral("/"), home) || home == u"/" || isVirtualArea(home))
        return refuse(error, ExitCode::PathRefused, tr("the home directory %1 cannot be used").arg(home));

    const qint64 tmpSize =
        policy.limit(LimitKey::TmpSize) ? policy.limit(LimitKey::TmpSize)->value : PolicyResolver::kDefaultTmpSize;
    const auto tmpBytes = static_cast<std::uint64_t>(tmpSize);
    const QString root = context.hostRoot == u"/" ? QString() : context.hostRoot;

    // 1. The system, read-only. On merged-/usr systems /bin, /lib, ... are symlinks into /usr:
    // recreate them as links rather than binding (and so duplicating) /usr.
    s.mounts.push_back(mount(MountKind::BindReadOnly, QStringLiteral("/usr"), QStringLiteral("/usr"), true));
    s.mounts.push_back(mount(MountKind::BindReadOnly, QStringLiteral("/etc"), QStringLiteral("/etc"), true));
    if (QFileInfo(root + QStringLiteral("/opt")).isDir())
        s.mounts.push_back(mount(MountKind::BindReadOnly, QStringLiteral("/opt"), QStringLiteral("/opt"), true, true));
    for (const char* dir : {"/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"}) {
        const QString path = QString::fromLatin1(dir);
        const QFileInfo info(root + path);
        if (info.isSymLink()) {
            // The link text as it is on disk ("usr/bin"), not QFileInfo's absolute resolution.
            const QByteArray link = QFile::encodeName(root + path);
            char buf[4096];
            const ssize_t n = readlink(link.constData(), buf, sizeof buf - 1);
            if (n <= 0)
                return refuse(error, ExitCode::Internal, tr("cannot read the symbolic link %1").arg(path));
            Mount m = mount(MountKind::Symlink, QString(), path);
            m.source.assign(buf, static_cast<std::size_t>(n));
            s.mounts.push_back(m);
        } else if (info.exists()) {
            s.mounts.push_back(mount(MountKind::BindReadOnly, path, path, true, true));
        }
    }

    // 2. A minimal /dev: the usual character devices, a private devpts and shm.
    s.mounts.push_back(tmpfs(QStringLiteral("/dev"), 0755, 1u << 20, false));
    for (const char* dev : {"null", "zero", "full", "random", "urandom", "tty"}) {
        const QString path = QStringLiteral("/dev/") + QString::fromLatin1(dev);
        s.mounts.push_back(mount(MountKind::BindDevice, path, path));
    }
    s.mounts.push_back(mount(MountKind::Devpts, QString(), QStringLiteral("/dev/pts")));
    s.mounts.push_back(mount(MountKind::Symlink, QStringLiteral("pts/ptmx"), QStringLiteral("/dev/ptmx")));
    s.mounts.push_back(tmpfs(QStringLiteral("/dev/shm"), 01777, tmpBytes, false));
    s.mounts.push_back(mount(MountKind::Symlink, QStringLiteral("/proc/self/fd"), QStringLiteral("/dev/fd")));
    s.mounts.push_back(mount(MountKind::Symlink, QStringLiteral("/proc/self/fd/0"), QStringLiteral("/dev/stdin")));
    s.mounts.push_back(mount(MountKind::Symlink, QStringLiteral("/proc/self/fd/1"), QStringLiteral("/dev/stdout")));
    s.mounts.push_back(mount(MountKind::Symlink, QStringLiteral("/proc/self/fd/2"), QStringLiteral("/dev/stderr")));

    // 3. A fresh /proc of the sandbox's own pid namespace.
    s.mounts.push_back(mount(MountKind::Proc, QString(), QStringLiteral("/proc")));

    // 4. Fresh /tmp, /var/tmp and /run: no X11 socket, D-Bus session bus, ssh-agent or
    // docker.sock from the host is reachable through them.
    s.mounts.push_back(tmpfs(QStringLiteral("/tmp"), 01777, tmpBytes, true));
    s.mounts.push_back(tmpfs(QStringLiteral("/var/tmp"), 01777, tmpBytes, false));
    s.mounts.push_back(tmpfs(QStringLiteral("/run"), 0755, 64u << 20, false));

    // 5. The user's area, sorted by depth below.
    std::vector<Mount> user;
    user.push_back(tmpfs(home, 0700, tmpBytes, true));
    for (const auto& p : policy.paths) {
        if (p.access != PathAccess::Read && p.access != PathAccess::Write)
            continue;
        if (!p.overriddenBy.isEmpty())
            continue;
        const bool write = p.access == PathAccess::Write;
        const QString label = pathAccessName(p.access) + QStringLiteral(" ") + p.rule.text();
        if (p.rule.base() == PathRule::Base::Workspace) {
            bool exists = false;
            QString link;
            if (!checkNoSymlinks(workspace, p.rule.relative(), &exists, &link))
                return refuse(error, ExitCode::PathRefused,
                    tr("%1 is a symbolic link; Cordon will not follow links planted in the workspace. "
                       "Remove it or name its target instead (rule \"%2\" from %3)")
                        .arg(link, p.rule.text(), p.from.origin));
            if (!exists) {
                r.skipped.append(label + QStringLiteral(" -> ") + workspace + u'/' + p.rule.relative());
                continue;
            }
            const QString path = workspace + u'/' + p.rule.relative();
            user.push_back(mount(write ? MountKind::BindReadWrite : MountKind::BindReadOnly, path, path, true));
            continue;
        }
        const QString target = p.hostPath;
        if (isVirtualArea(target))
            return refuse(error, ExitCode::PathRefused,
                tr("\"%1\" (from %2) lies in /proc, /sys or /dev, which the sandbox builds itself")
                    .arg(p.rule.text(), p.from.origin));
        const QFileInfo info(target);
        if (!info.exists()) {
            r.skipped.append(label + QStringLiteral(" -> ") + target);
            continue;
        }
        const QString source = info.canonicalFilePath();
        if (source.isEmpty() || source == u"/" || source == canonicalHome || target == home ||
            (!canonicalHome.isEmpty() && isSameOrParentPath(source, canonicalHome) && write))
            return refuse(error, ExitCode::PathRefused,
                tr("\"%1\" (from %2) would expose your whole home directory or the root; name the "
                   "directories the agent needs instead")
                    .arg(p.rule.text(), p.from.origin));
        if (write && isSystemPath(source))
            return refuse(error, ExitCode::PathRefused,
                tr("\"%1\" (from %2) resolves to the system directory %3, which is never writable inside")
                    .arg(p.rule.text(), p.from.origin, source));
        if (isVirtualArea(source))
            return refuse(error, ExitCode::PathRefused,
                tr("\"%1\" (from %2) resolves into %3, which the sandbox builds itself")
                    .arg(p.rule.text(), p.from.origin, source));
        user.push_back(mount(write ? MountKind::BindReadWrite : MountKind::BindReadOnly, source, target, true));
    }
    user.push_back(mount(MountKind::BindReadWrite, workspace, workspace, true));
    for (const auto& p : policy.paths) {
        if (p.access != PathAccess::Protect || !p.overriddenBy.isEmpty())
            continue;
        bool exists = false;
        QString link;
        if (!checkNoSymlinks(workspace, p.rule.relative(), &exists, &link))
            return refuse(error, ExitCode::PathRefused,
                tr("%1 is a symbolic link; Cordon will not follow links planted in the workspace. Remove it "
                   "or replace it with the file itself (protected path \"%2\")")
                    .arg(link, p.rule.text()));
        const QString path = workspace + u'/' + p.rule.relative();
        if (!exists) {
            r.protectedAbsent.append(path);
            continue;
        }
        user.push_back(mount(MountKind::BindReadOnly, path, path, true));
    }
    if (policy.cordonTools) {
        if (context.toolsDir.isEmpty() || !QFileInfo(context.toolsDir).isDir())
            return refuse(error, ExitCode::PathRefused,
                tr("Cordon's tools directory (the demo agent) was not found; set CORDON_RESOURCE_DIR"));
        user.push_back(
            mount(MountKind::BindReadOnly, QFileInfo(context.toolsDir).canonicalFilePath(), toolsTarget(), true));
    }
    std::stable_sort(
        user.begin(), user.end(), [](const Mount& a, const Mount& b) { return depth(a.target) < depth(b.target); });

    // 6. Hides, last. A hide matters only where a bind shows the host; elsewhere (the fresh home,
    // /tmp) the path is absent anyway.
    std::vector<Mount> hides;
    for (const auto& p : policy.paths) {
        if (p.access != PathAccess::Hide)
            continue;
        QString target = p.hostPath;
        if (p.rule.base() == PathRule::Base::Workspace) {
            bool exists = false;
            QString link;
            if (!checkNoSymlinks(workspace, p.rule.relative(), &exists, &link))
                return refuse(error, ExitCode::PathRefused,
                    tr("%1 is a symbolic link; Cordon will not follow links planted in the workspace "
                       "(hidden path \"%2\")")
                        .arg(link, p.rule.text()));
            target = workspace + u'/' + p.rule.relative();
        }
        bool covered = false;
        const std::string t = toStd(target);
        for (const auto* list : {&s.mounts, &user}) {
            for (const auto& m : *list) {
                const bool bind = m.kind == MountKind::BindReadOnly || m.kind == MountKind::BindReadWrite;
                if (bind && isSameOrParentPath(QFile::decodeName(QByteArray::fromStdString(m.target)), target))
                    covered = true;
            }
        }
        if (!covered || !lexists(target) || isVirtualArea(target)) {
            r.hiddenAbsent.append(p.rule.text() + QStringLiteral(" -> ") + target);
            continue;
        }
        hides.push_back(mount(MountKind::Hide, QString(), target));
    }
    std::stable_sort(
        hides.begin(), hides.end(), [](const Mount& a, const Mount& b) { return depth(a.target) < depth(b.target); });
    s.mounts.insert(s.mounts.end(), user.begin(), user.end());
    s.mounts.insert(s.mounts.end(), hides.begin(), hides.end());

    // The command.
    const QStringList argv = context.argv.isEmpty() ? policy.command.value : context.argv;
    if (argv.isEmpty() || argv.first().isEmpty())
        return refuse(
            error, ExitCode::Usage, tr("no command to run: give one after -- or use a profile with a \"command\""));
    for (const auto& a : argv) {
        if (a.contains(QChar(0)))
            return refuse(error, ExitCode::Usage, tr("an argument contains a NUL character"));
        s.argv.push_back(toStd(a));
    }

    // The environment: an allowlist, never the launcher's environment wholesale (so
    // AWS_SECRET_ACCESS_KEY, SSH_AUTH_SOCK, DBUS_SESSION_BUS_ADDRESS... stay outside).
    // The profile's own directories first (user-installed tools shadow the system's, as on the
    // host), each inside the workspace or a bind or else simply absent; then the system's.
    QStringList pathDirs;
    for (const auto& d : policy.envPath) {
        if (d.rule.base() == PathRule::Base::Workspace)
            pathDirs.append(workspace + u'/' + d.rule.relative());
        else
            pathDirs.append(d.hostPath);
    }
    pathDirs.append(defaultPath());
    QString path = pathDirs.join(u':');
    if (policy.cordonTools)
        path += u':' + toolsTarget();
    QList<QPair<QString, QString>> env;
    auto setVar = [&env](const QString& name, const QString& value) {
        for (auto& e : env) {
            if (e.first == name) {
                e.second = value;
                return;
            }
        }
        env.append({name, value});
    };
    const QStringList fixed = {QStringLiteral("HOME"), QStringLiteral("USER"), QStringLiteral("LOGNAME"),
        QStringLiteral("SHELL"), QStringLiteral("PATH")};
    setVar(QStringLiteral("HOME"), home);
    setVar(QStringLiteral("USER"), context.userName);
    setVar(QStringLiteral("LOGNAME"), context.userName);
    setVar(QStringLiteral("SHELL"), QStringLiteral("/bin/bash"));
    setVar(QStringLiteral("PATH"), path);
    QStringList names = context.environment.keys();
    names.sort();
    for (const auto& name : std::as_const(names)) {
        if (!EnvPattern::isValidName(name) || fixed.contains(name) || name.startsWith(QStringLiteral("CORDON_")))
            continue;
        for (const auto& pass : policy.envPass) {
            if (EnvPattern::matches(pass.pattern, name)) {
                const QString value = context.environment.value(name);
                if (!value.contains(QChar(0)))
                    setVar(name, value);
                break;
            }
        }
    }
    for (const auto& e : policy.envSet)
        setVar(e.name, e.value);
    env.removeIf([&](const QPair<QString, QString>& e) {
        if (e.first == u"HOME" || e.first == u"USER" || e.first == u"LOGNAME" || e.first == u"PATH")
            return false;
        for (const auto& d : policy.envDeny)
            if (EnvPattern::matches(d.pattern, e.first))
                return true;
        return false;
    });
    setVar(QStringLiteral("CORDON_SANDBOX"), QStringLiteral("1"));
    setVar(QStringLiteral("CORDON_PROFILE"), policy.profileName.value);
    for (const auto& [name, value] : env)
        s.env.push_back(toStd(name + u'=' + value));

    s.cwd = toStd(workspace);
    const QString suffix = context.runIdSuffix.isEmpty() ? randomHex8() : context.runIdSuffix;
    s.runId = toStd((policy.profileName.value.left(64 - 9) + u'-' + suffix).toLower());

    auto limitValue = [&](LimitKey key) -> std::uint64_t {
        const auto& v = policy.limit(key);
        return v ? static_cast<std::uint64_t>(v->value) : 0;
    };
    s.limits.timeoutSeconds = limitValue(LimitKey::Timeout);
    s.limits.memoryBytes = limitValue(LimitKey::Memory);
    s.limits.pids = limitValue(LimitKey::Pids);
    s.limits.cpuMilli = limitValue(LimitKey::Cpu);
    s.limits.openFiles = limitValue(LimitKey::OpenFiles);
    s.limits.fileSizeBytes = limitValue(LimitKey::FileSize);
    s.bestEffort = policy.bestEffort.value;

    std::string specError;
    if (!spec::validateLaunchSpec(s, specError))
        return refuse(error, ExitCode::Internal,
            tr("the compiled launch spec is invalid: %1").arg(QString::fromStdString(specError)));
    *out = s;
    *report = r;
    return true;
}

} // namespace cordon
