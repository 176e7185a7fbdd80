#include "LaunchSpecCompiler.h"

#include "EnvPattern.h"
#include "LaunchSpecCodec.h"
#include "PolicyResolver.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QRandomGenerator>
#include <QSet>

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

// The files of a git directory that git reads as configuration or runs (gitrepository-layout(5)):
// a protected ".git/X" also protects X in every submodule's git directory below .git/modules.
const QStringList& gitDirControlFiles()
{
    static const QStringList names = {
        QStringLiteral("hooks"),
        QStringLiteral("config"),
        QStringLiteral("commondir"),
        QStringLiteral("config.worktree"),
        QStringLiteral("worktrees"),
        QStringLiteral("info"),
    };
    return names;
}

// Submodule git directories below `modules` (workspace-relative), found without following links:
// a directory holding HEAD is a git directory (its own "modules" is searched too); others are
// searched because submodule names may contain '/'. Bounded, since the workspace is untrusted.
void findModuleGitDirs(const QString& workspace, const QString& modules, int depthLeft, QStringList* out)
{
    if (depthLeft <= 0 || out->size() >= 256)
        return;
    const QDir dir(workspace + u'/' + modules);
    const auto entries = dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden | QDir::NoSymLinks, QDir::Name);
    for (const auto& name : entries) {
        const QString rel = modules + u'/' + name;
        struct stat st { };
        if (lstat(QFile::encodeName(workspace + u'/' + rel).constData(), &st) != 0 || !S_ISDIR(st.st_mode))
            continue;
        struct stat head { };
        if (lstat(QFile::encodeName(workspace + u'/' + rel + QStringLiteral("/HEAD")).constData(), &head) == 0) {
            out->append(rel);
            findModuleGitDirs(workspace, rel + QStringLiteral("/modules"), depthLeft - 1, out);
        } else {
            findModuleGitDirs(workspace, rel, depthLeft - 1, out);
        }
    }
}

// Walks `relative` below `base` with lstat: the first component that does not exist
// (*missing, relative to base), or the first existing non-directory that has components after it
// (*nonDirectory). Both empty: the whole path exists.
void firstGap(const QString& base, const QString& relative, QString* missing, QString* nonDirectory)
{
    const auto parts = relative.split(u'/', Qt::SkipEmptyParts);
    QString rel;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        rel += (rel.isEmpty() ? QString() : QStringLiteral("/")) + parts.at(i);
        struct stat st { };
        if (lstat(QFile::encodeName(base + u'/' + rel).constData(), &st) != 0) {
            *missing = rel;
            return;
        }
        if (!S_ISDIR(st.st_mode) && i + 1 < parts.size()) {
            *nonDirectory = rel;
            return;
        }
    }
}

bool isBind(const Mount& m)
{
    return m.kind == MountKind::BindReadOnly || m.kind == MountKind::BindReadWrite;
}

QString targetOf(const Mount& m)
{
    return QFile::decodeName(QByteArray::fromStdString(m.target));
}

// The innermost bind strictly above `path` (by target), or nullptr.
const Mount* enclosingBind(const std::vector<Mount>& mounts, const QString& path)
{
    const Mount* best = nullptr;
    for (const auto& m : mounts) {
        if (!isBind(m))
            continue;
        const QString t = targetOf(m);
        if (t == path || !isSameOrParentPath(t, path))
            continue;
        if (!best || t.size() > targetOf(*best).size())
            best = &m;
    }
    return best;
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
    QStringList absentReadOnly; // read rules whose path does not exist (sandbox view)
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
                if (!write)
                    absentReadOnly.append(workspace + u'/' + p.rule.relative());
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
            if (!write)
                absentReadOnly.append(target);
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
    // Protected paths: files the host executes or trusts later (Profile::defaultProtectedPaths).
    // A protected ".git/X" also covers X in each submodule's git directory.
    QList<QPair<QString, QString>> protectedPaths; // relative, the rule's text
    for (const auto& p : policy.paths) {
        if (p.access == PathAccess::Protect && p.overriddenBy.isEmpty())
            protectedPaths.append({p.rule.relative(), p.rule.text()});
    }
    {
        QStringList gitNames;
        for (const auto& [relative, text] : std::as_const(protectedPaths)) {
            Q_UNUSED(text)
            for (const auto& name : gitDirControlFiles())
                if (relative == QStringLiteral(".git/") + name)
                    gitNames.append(name);
        }
        if (!gitNames.isEmpty()) {
            bool gitExists = false;
            QString link;
            if (checkNoSymlinks(workspace, QStringLiteral(".git/modules"), &gitExists, &link) && gitExists) {
                QStringList modules;
                findModuleGitDirs(workspace, QStringLiteral(".git/modules"), 8, &modules);
                for (const auto& m : std::as_const(modules))
                    for (const auto& name : std::as_const(gitNames))
                        protectedPaths.append({m + u'/' + name, QStringLiteral(".git/") + name});
            }
        }
    }
    // Absent protected paths cannot be bound without creating them on the host: they are guarded
    // instead (watched from outside, anything created moved aside). Under .git/ a creation is
    // critical: git runs what it finds there on the very next command.
    QMap<QString, bool> guards; // host path -> critical
    for (const auto& [relative, text] : std::as_const(protectedPaths)) {
        bool exists = false;
        QString link;
        if (!checkNoSymlinks(workspace, relative, &exists, &link))
            return refuse(error, ExitCode::PathRefused,
                tr("%1 is a symbolic link; Cordon will not follow links planted in the workspace. Remove it "
                   "or replace it with the file itself (protected path \"%2\")")
                    .arg(link, text));
        const QString path = workspace + u'/' + relative;
        if (exists) {
            user.push_back(mount(MountKind::BindReadOnly, path, path, true));
            continue;
        }
        r.protectedAbsent.append(path);
        QString missing, nonDirectory;
        firstGap(workspace, relative, &missing, &nonDirectory);
        if (!nonDirectory.isEmpty()) {
            // E.g. ".git" is a file ("gitdir: ..." of a linked worktree or submodule): rewriting it
            // redirects git just as a new .git/commondir would, so the file itself is kept read-only.
            const QString file = workspace + u'/' + nonDirectory;
            const bool bound = std::any_of(user.begin(), user.end(),
                [&](const Mount& m) { return m.kind == MountKind::BindReadOnly && targetOf(m) == file; });
            if (!bound)
                user.push_back(mount(MountKind::BindReadOnly, file, file, true));
            continue;
        }
        if (missing.isEmpty())
            continue; // appeared between the two walks; the next launch binds it
        const bool critical = relative == u".git" || relative.startsWith(QStringLiteral(".git/"));
        const QString guard = workspace + u'/' + missing;
        guards[guard] = guards.value(guard, false) || critical;
    }
    // The proxy's socket directory. Read-only: connecting to a Unix socket needs write permission
    // on the socket itself, not on its directory or mount (unix(7); path_permission() has no
    // read-only-mount check for sockets), so the bridge works, while the sandbox can neither
    // remove the proxy's socket nor plant files in a host directory that the helper and the
    // proxy use.
    QString proxySocket;
    if (context.proxyPort != 0) {
        const QString name = context.proxySocketName;
        if (name.isEmpty() || name.contains(u'/') || name == u"." || name == u".." || name.contains(QChar(0)))
            return refuse(error, ExitCode::Internal, tr("the proxy socket name \"%1\" is not a file name").arg(name));
        const QFileInfo dir(context.proxyHostDir);
        const QString source = dir.canonicalFilePath();
        if (!QDir::isAbsolutePath(context.proxyHostDir) || source.isEmpty() || !dir.isDir())
            return refuse(error, ExitCode::Internal,
                tr("the proxy's socket directory %1 does not exist").arg(context.proxyHostDir));
        if (isSystemPath(source) || isVirtualArea(source) || source == canonicalHome)
            return refuse(error, ExitCode::Internal,
                tr("the proxy's socket directory %1 is a system or home directory").arg(source));
        user.push_back(mount(MountKind::BindReadOnly, source, proxyTarget()));
        proxySocket = proxyTarget() + u'/' + name;
    }
    // The session's delivered secret files: read-only, so that nothing inside can replace a file
    // another process of the session trusts, nor plant one in the helper's directory.
    if (!context.secretsHostDir.isEmpty()) {
        const QFileInfo dir(context.secretsHostDir);
        const QString source = dir.canonicalFilePath();
        if (!QDir::isAbsolutePath(context.secretsHostDir) || source.isEmpty() || !dir.isDir())
            return refuse(error, ExitCode::Internal,
                tr("the session's secrets directory %1 does not exist").arg(context.secretsHostDir));
        if (isSystemPath(source) || isVirtualArea(source) || source == canonicalHome)
            return refuse(error, ExitCode::Internal,
                tr("the session's secrets directory %1 is a system or home directory").arg(source));
        user.push_back(mount(MountKind::BindReadOnly, source, ProfileSecret::deliveryDirectory()));
    }
    QString requestTool;
    if (!context.requestTool.isEmpty()) {
        const QFileInfo tool(context.requestTool);
        requestTool = tool.canonicalFilePath();
        if (!QDir::isAbsolutePath(context.requestTool) || requestTool.isEmpty() || !tool.isFile() ||
            !tool.isExecutable())
            return refuse(error, ExitCode::Internal,
                tr("cordon-request was not found at %1").arg(context.requestTool));
    }
    if (policy.cordonTools) {
        if (context.toolsDir.isEmpty() || !QFileInfo(context.toolsDir).isDir())
            return refuse(error, ExitCode::PathRefused,
                tr("Cordon's tools directory (the demo agent) was not found; set CORDON_RESOURCE_DIR"));
        const QString tools = QFileInfo(context.toolsDir).canonicalFilePath();
        if (requestTool.isEmpty()) {
            user.push_back(mount(MountKind::BindReadOnly, tools, toolsTarget(), true));
        } else {
            // Both: the tools' files one by one, so that cordon-request gets a place beside them
            // (a read-only bind of the directory would leave no mount point for it).
            const QFileInfoList entries = QDir(tools).entryInfoList(QDir::Files | QDir::NoDotAndDotDot, QDir::Name);
            for (const QFileInfo& f : entries) {
                if (f.fileName() == u"cordon-request" || f.isSymLink())
                    continue;
                user.push_back(mount(MountKind::BindReadOnly, f.absoluteFilePath(),
                    toolsTarget() + u'/' + f.fileName(), true));
            }
        }
    }
    if (!requestTool.isEmpty())
        user.push_back(mount(MountKind::BindReadOnly, requestTool, requestToolTarget(), true));
    // A read rule inside a writable bind that does not exist yet (~/.claude/settings.json inside
    // ~/.claude): the sandbox could create it and the host would trust it; guard it, not critical.
    for (const auto& target : std::as_const(absentReadOnly)) {
        const Mount* outer = enclosingBind(user, target);
        if (!outer || outer->kind != MountKind::BindReadWrite)
            continue;
        const QString outerTarget = targetOf(*outer);
        const QString outerSource = QFile::decodeName(QByteArray::fromStdString(outer->source));
        const QString below = target.mid(outerTarget.size() + 1);
        bool exists = false;
        QString link;
        if (!checkNoSymlinks(outerSource, below, &exists, &link) || exists)
            continue; // a link below a writable bind: the host does not reach the rule's path through it
        QString missing, nonDirectory;
        firstGap(outerSource, below, &missing, &nonDirectory);
        if (missing.isEmpty() || !nonDirectory.isEmpty())
            continue;
        const QString guard = outerSource + u'/' + missing;
        guards[guard] = guards.value(guard, false);
    }

    // Rename-around: a read-only bind stays where the host expects it only if no directory between
    // it and the writable bind above it can be renamed away and recreated (`mv .git .git.old;
    // mkdir -p .git/hooks`). Each such directory gets a read-write bind onto itself: a mount point
    // cannot be renamed or removed (EBUSY, see rename(2)), and the inotify watches on guarded paths'
    // parents stay on the directories the host uses.
    {
        QStringList islands;
        for (const auto& m : user)
            if (m.kind == MountKind::BindReadOnly)
                islands.append(targetOf(m));
        for (auto it = guards.cbegin(); it != guards.cend(); ++it)
            islands.append(it.key());
        QSet<QString> pinned;
        for (const auto& m : user)
            if (isBind(m))
                pinned.insert(targetOf(m));
        std::vector<Mount> selfBinds;
        for (const auto& island : std::as_const(islands)) {
            const Mount* outer = enclosingBind(user, island);
            if (!outer || outer->kind != MountKind::BindReadWrite)
                continue;
            const QString outerTarget = targetOf(*outer);
            const QString outerSource = QFile::decodeName(QByteArray::fromStdString(outer->source));
            const auto parts = island.mid(outerTarget.size() + 1).split(u'/', Qt::SkipEmptyParts);
            QString below;
            for (qsizetype i = 0; i + 1 < parts.size(); ++i) {
                below += (below.isEmpty() ? QString() : QStringLiteral("/")) + parts.at(i);
                const QString dirTarget = outerTarget + u'/' + below;
                if (pinned.contains(dirTarget))
                    continue;
                const QString dirSource = outerSource + u'/' + below;
                struct stat st { };
                if (lstat(QFile::encodeName(dirSource).constData(), &st) != 0)
                    break;
                if (!S_ISDIR(st.st_mode))
                    return refuse(error, ExitCode::PathRefused,
                        tr("%1 is not a directory; Cordon cannot keep %2 in place").arg(dirSource, island));
                pinned.insert(dirTarget);
                selfBinds.push_back(mount(MountKind::BindReadWrite, dirSource, dirTarget, true));
            }
        }
        user.insert(user.end(), selfBinds.begin(), selfBinds.end());
    }
    for (auto it = guards.cbegin(); it != guards.cend(); ++it)
        s.guarded.push_back({toStd(it.key()), it.value()});

    // Parents before children: a self-bind lands after the bind it pins a directory of and before
    // the read-only binds below that directory.
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
    // The host's credentials under the read-only /etc are hidden too. A user cannot read them
    // anyway, but a launcher running as root can (the sandbox keeps the caller's uid, and root
    // owns them even without capabilities), and no agent needs them. Only real files and
    // directories: a symbolic link here would make the helper refuse the launch.
    QStringList hostSecrets = {QStringLiteral("/etc/shadow"), QStringLiteral("/etc/shadow-"),
        QStringLiteral("/etc/gshadow"), QStringLiteral("/etc/gshadow-"), QStringLiteral("/etc/sudoers"),
        QStringLiteral("/etc/sudoers.d"), QStringLiteral("/etc/security/opasswd"), QStringLiteral("/etc/ssl/private")};
    const QDir sshDir(root + QStringLiteral("/etc/ssh"));
    for (const QString& key : sshDir.entryList({QStringLiteral("ssh_host_*_key")}, QDir::Files | QDir::System))
        hostSecrets.append(QStringLiteral("/etc/ssh/") + key);
    for (const QString& secret : hostSecrets) {
        const QFileInfo info(root + secret);
        if (info.exists() && !info.isSymLink())
            hides.push_back(mount(MountKind::Hide, QString(), secret));
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
    if (policy.cordonTools || !context.requestTool.isEmpty())
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
    // The egress proxy, set after the profile's own variables and its deny list, so that no
    // profile overrides or removes them: the bridge on 127.0.0.1 is the sandbox's only way out,
    // its port is the daemon's choice (a profile cannot know it), and a client pointed elsewhere
    // or told to go direct (NO_PROXY=*) just fails with "network unreachable" while looking
    // like a bug of the agent. Both spellings: curl reads only the lower-case http_proxy (the
    // upper case can come from a request header in CGI, "httpoxy"), most others the upper case.
    if (context.proxyPort != 0) {
        const QString url = QStringLiteral("http://127.0.0.1:%1").arg(context.proxyPort);
        for (const char* name : {"HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"}) {
            setVar(QString::fromLatin1(name), url);
            setVar(QString::fromLatin1(name).toLower(), url);
        }
        const QString local = QStringLiteral("localhost,127.0.0.1,::1");
        setVar(QStringLiteral("NO_PROXY"), local);
        setVar(QStringLiteral("no_proxy"), local);
    }
    setVar(QStringLiteral("CORDON_SANDBOX"), QStringLiteral("1"));
    setVar(QStringLiteral("CORDON_PROFILE"), policy.profileName.value);
    // Delivered secrets (ProfileSecret::Delivery::Env), last: the person said yes to exactly this
    // variable, so a profile variable of the same name gives way. The proxy's and Cordon's own
    // variables never do: such a name is refused. The value is never put in an error message.
    static const QStringList reserved = {QStringLiteral("HTTP_PROXY"), QStringLiteral("HTTPS_PROXY"),
        QStringLiteral("ALL_PROXY"), QStringLiteral("NO_PROXY"), QStringLiteral("PATH"), QStringLiteral("HOME"),
        QStringLiteral("USER"), QStringLiteral("LOGNAME")};
    QStringList secretNames;
    for (const auto& [name, value] : context.secretEnvironment) {
        if (!EnvPattern::isValidName(name) || reserved.contains(name.toUpper()) ||
            name.startsWith(QStringLiteral("CORDON_")) || secretNames.contains(name))
            return refuse(error, ExitCode::ProfileInvalid,
                tr("the secret variable \"%1\" collides with a variable Cordon sets").arg(name));
        if (value.contains('\0'))
            return refuse(error, ExitCode::Internal,
                tr("the value of the secret variable \"%1\" contains a NUL byte").arg(name));
        secretNames.append(name);
    }
    env.removeIf([&](const QPair<QString, QString>& e) { return secretNames.contains(e.first); });
    for (const auto& [name, value] : env)
        s.env.push_back(toStd(name + u'=' + value));
    for (const auto& [name, value] : context.secretEnvironment) {
        const QByteArray bytes = name.toUtf8() + '=' + value;
        s.env.push_back(std::string(bytes.constData(), static_cast<size_t>(bytes.size())));
    }

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
    s.proxyPort = context.proxyPort;
    s.proxySocket = toStd(proxySocket);
    s.execEvents = context.execEvents;

    std::string specError;
    if (!spec::validateLaunchSpec(s, specError))
        return refuse(error, ExitCode::Internal,
            tr("the compiled launch spec is invalid: %1").arg(QString::fromStdString(specError)));
    *out = s;
    *report = r;
    return true;
}

} // namespace cordon
