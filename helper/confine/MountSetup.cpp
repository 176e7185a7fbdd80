#include "MountSetup.h"

#include "Die.h"
#include "Syscall.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace cordon::confine {

namespace {

using spec::MountKind;

// Kernel 5.6 (openat2(2)); glibc has no wrapper.
int openat2Fd(int dirfd, const char* path, unsigned long long flags, unsigned long long resolve)
{
    open_how how{};
    how.flags = flags;
    how.resolve = resolve;
    return static_cast<int>(retryOnEintr([&] { return ::syscall(SYS_openat2, dirfd, path, &how, sizeof how); }));
}

// Never follow a symlink anywhere in the path (the spec compiler already resolved the user's own
// links: one found now was planted between compile and launch) and never a /proc magic link.
constexpr unsigned long long kNoLinks = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
// Inside the new root: additionally never leave the directory we resolve from.
constexpr unsigned long long kBeneath = RESOLVE_BENEATH | kNoLinks;

UniqueFd openBeneath(int dirfd, const char* name, int flags)
{
    return UniqueFd(openat2Fd(dirfd, name, static_cast<unsigned long long>(flags) | O_CLOEXEC, kBeneath));
}

void setAttributes(int tree, std::uint64_t set, bool recursive, const char* what)
{
    mount_attr attr{};
    attr.attr_set = set;
    const unsigned flags = AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0u);
    if (::mount_setattr(tree, "", flags, &attr, sizeof attr) != 0)
        dieErrno(ExitCode::SandboxFailed, "setting mount attributes on %s", what);
}

void attach(int tree, int targetFd, const char* target)
{
    if (::move_mount(tree, "", targetFd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) != 0)
        dieErrno(ExitCode::SandboxFailed, "attaching the mount at %s", target);
}

// A new superblock of `fstype` configured with `options` (key, value; value nullptr = flag),
// returned as a detached mount with `attributes`.
UniqueFd newFilesystem(const char* fstype, const std::vector<std::pair<std::string, const char*>>& options,
    unsigned attributes, const char* target)
{
    UniqueFd fs(::fsopen(fstype, FSOPEN_CLOEXEC));
    if (!fs)
        dieErrno(ExitCode::SandboxFailed, "creating a %s file system for %s", fstype, target);
    for (const auto& [key, value] : options) {
        const int rc = value ? ::fsconfig(fs.get(), FSCONFIG_SET_STRING, key.c_str(), value, 0)
                             : ::fsconfig(fs.get(), FSCONFIG_SET_FLAG, key.c_str(), nullptr, 0);
        if (rc != 0)
            dieErrno(ExitCode::SandboxFailed, "setting %s option '%s' for %s", fstype, key.c_str(), target);
    }
    if (::fsconfig(fs.get(), FSCONFIG_CMD_CREATE, nullptr, nullptr, 0) != 0)
        dieErrno(ExitCode::SandboxFailed, "creating the %s file system for %s", fstype, target);
    UniqueFd mnt(::fsmount(fs.get(), FSMOUNT_CLOEXEC, attributes));
    if (!mnt)
        dieErrno(ExitCode::SandboxFailed, "mounting the %s file system for %s", fstype, target);
    return mnt;
}

bool isBind(MountKind kind)
{
    return kind == MountKind::BindReadOnly || kind == MountKind::BindReadWrite || kind == MountKind::BindDevice;
}

std::uint64_t bindAttributes(MountKind kind)
{
    switch (kind) {
    case MountKind::BindReadOnly: return MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV;
    case MountKind::BindReadWrite: return MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV;
    case MountKind::BindDevice: return MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC;
    default: return 0;
    }
}

bool isDirectory(int fd)
{
    struct stat st { };
    if (::fstat(fd, &st) != 0)
        dieErrno(ExitCode::SandboxFailed, "fstat");
    return S_ISDIR(st.st_mode);
}

} // namespace

MountSetup::MountSetup(const spec::LaunchSpec& spec)
    : m_spec(spec), m_trees(spec.mounts.size()), m_sourceIsDir(spec.mounts.size(), false)
{ }

// The order below matters; each step says why.
void MountSetup::apply()
{
    // Exact modes from the spec, not the user's umask; the user's umask is restored for the
    // command at the end.
    const mode_t savedUmask = ::umask(0);
    // 1. Nothing we mount may propagate back to the host's mount namespace.
    makeHostTreePrivate();
    // 2. Open and clone every bind source while the host tree is still reachable at its own
    //    paths, and before anything of ours is mounted over it (which is what lets a source live
    //    under /tmp, where the new root is built).
    cloneBindSources();
    // 3. The new root, and the empty objects used to hide paths.
    createRoot();
    createHideSources();
    // 4. The spec's mounts, in order (parents before children).
    for (std::size_t i = 0; i < m_spec.mounts.size(); ++i)
        applyMount(i);
    // 5. Make / itself read-only and switch to it; the host tree is detached.
    sealRootAndPivot();
    ::umask(savedUmask);
    if (::chdir(m_spec.cwd.c_str()) != 0)
        dieErrno(ExitCode::PathRefused, "cannot enter the working directory %s inside the sandbox", m_spec.cwd.c_str());
}

void MountSetup::makeHostTreePrivate()
{
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
        dieErrno(ExitCode::SandboxFailed, "making the mount tree private");
}

void MountSetup::cloneBindSources()
{
    for (std::size_t i = 0; i < m_spec.mounts.size(); ++i) {
        const spec::Mount& m = m_spec.mounts[i];
        if (!isBind(m.kind))
            continue;
        UniqueFd source(openat2Fd(AT_FDCWD, m.source.c_str(), O_PATH | O_CLOEXEC, kNoLinks));
        if (!source) {
            if (errno == ELOOP || errno == EXDEV)
                die(ExitCode::PathRefused,
                    "%s is a symbolic link or passes through one; refusing to bind it at %s "
                    "(it changed after the profile was compiled)",
                    m.source.c_str(), m.target.c_str());
            if (errno == ENOENT && m.optional)
                continue;
            dieErrno(ExitCode::PathRefused, "cannot open %s (to bind at %s)", m.source.c_str(), m.target.c_str());
        }
        m_sourceIsDir[i] = isDirectory(source.get());
        // Recursive: a non-recursive clone could reveal what a submount hides, and the kernel
        // refuses that for locked mounts anyway.
        UniqueFd tree(
            ::open_tree(source.get(), "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH | AT_RECURSIVE));
        if (!tree)
            dieErrno(ExitCode::SandboxFailed, "cloning the mount of %s", m.source.c_str());
        setAttributes(tree.get(), bindAttributes(m.kind), true, m.source.c_str());
        m_trees[i] = std::move(tree);
    }
}

void MountSetup::createRoot()
{
    // Small: it holds only mount points, the spec's directories and symlinks.
    UniqueFd root = newFilesystem(
        "tmpfs", {{"mode", "0755"}, {"size", "1m"}, {"nr_inodes", "4096"}}, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, "/");
    // pivot_root needs the new root attached in our namespace; /tmp of the (now private) host
    // tree serves as the scratch mount point and is detached with the rest of the host tree.
    UniqueFd scratch(openat2Fd(AT_FDCWD, "/tmp", O_PATH | O_DIRECTORY | O_CLOEXEC, kNoLinks));
    if (!scratch)
        dieErrno(ExitCode::SandboxFailed, "opening /tmp to build the new root on");
    attach(root.get(), scratch.get(), "the new root");
    rememberOwnMount(root.get());
    m_root = std::move(root);
}

void MountSetup::createHideSources()
{
    UniqueFd mnt = newFilesystem("tmpfs", {{"mode", "0700"}, {"size", "4k"}, {"nr_inodes", "4"}},
        MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC, "hidden paths");
    if (::mkdirat(mnt.get(), "dir", 0000) != 0)
        dieErrno(ExitCode::SandboxFailed, "creating the empty directory used to hide paths");
    UniqueFd file(
        retryOnEintr([&] { return ::openat(mnt.get(), "file", O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0000); }));
    if (!file)
        dieErrno(ExitCode::SandboxFailed, "creating the empty file used to hide paths");
    m_hideSource = std::move(mnt);
}

void MountSetup::applyMount(std::size_t index)
{
    const spec::Mount& m = m_spec.mounts[index];
    switch (m.kind) {
    case MountKind::BindReadOnly:
    case MountKind::BindReadWrite:
    case MountKind::BindDevice: mountBind(index); return;
    case MountKind::Tmpfs:
    case MountKind::Proc:
    case MountKind::Devpts: mountFilesystem(m); return;
    case MountKind::Dir: makeDir(m); return;
    case MountKind::Symlink: makeSymlink(m); return;
    case MountKind::Hide: hide(m); return;
    }
    die(ExitCode::Internal, "unknown mount kind %d", static_cast<int>(m.kind));
}

UniqueFd MountSetup::openParent(const std::string& target, bool create, std::string& leaf)
{
    UniqueFd current(retryOnEintr([&] { return ::openat(m_root.get(), ".", O_PATH | O_DIRECTORY | O_CLOEXEC); }));
    if (!current)
        dieErrno(ExitCode::SandboxFailed, "opening the new root");
    std::size_t pos = 1; // skip the leading '/'
    for (;;) {
        const std::size_t slash = target.find('/', pos);
        std::string component = target.substr(pos, slash == std::string::npos ? std::string::npos : slash - pos);
        if (slash == std::string::npos) {
            leaf = std::move(component);
            return current;
        }
        UniqueFd next = openBeneath(current.get(), component.c_str(), O_PATH | O_DIRECTORY);
        if (!next && errno == ENOENT) {
            // Creating a directory beneath a bind would create it on the host.
            if (!create || !isOwnMount(current.get()))
                return UniqueFd();
            if (::mkdirat(current.get(), component.c_str(), 0755) != 0 && errno != EEXIST)
                dieErrno(ExitCode::SandboxFailed, "creating %s (for %s)", component.c_str(), target.c_str());
            next = openBeneath(current.get(), component.c_str(), O_PATH | O_DIRECTORY);
        }
        if (!next) {
            if (errno == ELOOP || errno == EXDEV)
                die(ExitCode::PathRefused,
                    "a component of %s inside the sandbox is a symbolic link; refusing to mount there", target.c_str());
            if (errno == ENOTDIR)
                die(ExitCode::PathRefused, "a component of %s inside the sandbox is not a directory", target.c_str());
            dieErrno(ExitCode::SandboxFailed, "resolving %s inside the sandbox", target.c_str());
        }
        current = std::move(next);
        pos = slash + 1;
    }
}

bool MountSetup::isOwnMount(int fd) const
{
    struct statx stx { };
    if (::statx(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_MNT_ID, &stx) != 0)
        dieErrno(ExitCode::SandboxFailed, "statx");
    if ((stx.stx_mask & STATX_MNT_ID) == 0)
        die(ExitCode::SandboxUnavailable, "the kernel does not report mount ids (needs Linux 5.8)");
    return m_ownMounts.count(stx.stx_mnt_id) != 0;
}

void MountSetup::rememberOwnMount(int fd)
{
    struct statx stx { };
    if (::statx(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_MNT_ID, &stx) != 0)
        dieErrno(ExitCode::SandboxFailed, "statx");
    if ((stx.stx_mask & STATX_MNT_ID) == 0)
        die(ExitCode::SandboxUnavailable, "the kernel does not report mount ids (needs Linux 5.8)");
    m_ownMounts.insert(stx.stx_mnt_id);
}

void MountSetup::mountBind(std::size_t index)
{
    const spec::Mount& m = m_spec.mounts[index];
    if (!m_trees[index])
        return; // an optional source that does not exist
    const bool wantDir = m_sourceIsDir[index];
    std::string leaf;
    UniqueFd parent = openParent(m.target, true, leaf);
    if (!parent) {
        if (m.optional)
            return;
        die(ExitCode::PathRefused,
            "cannot bind %s at %s: its parent directory does not exist beneath a bound directory", m.source.c_str(),
            m.target.c_str());
    }
    UniqueFd target = openBeneath(parent.get(), leaf.c_str(), O_PATH);
    if (!target && errno == ENOENT) {
        if (!isOwnMount(parent.get())) {
            if (m.optional)
                return;
            die(ExitCode::PathRefused, "cannot bind %s at %s: the target does not exist beneath a bound directory",
                m.source.c_str(), m.target.c_str());
        }
        if (wantDir) {
            if (::mkdirat(parent.get(), leaf.c_str(), 0755) != 0)
                dieErrno(ExitCode::SandboxFailed, "creating the mount point %s", m.target.c_str());
        } else {
            UniqueFd file(retryOnEintr(
                [&] { return ::openat(parent.get(), leaf.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0644); }));
            if (!file)
                dieErrno(ExitCode::SandboxFailed, "creating the mount point %s", m.target.c_str());
        }
        target = openBeneath(parent.get(), leaf.c_str(), O_PATH);
    }
    if (!target) {
        if (errno == ELOOP || errno == EXDEV)
            die(ExitCode::PathRefused, "the mount point %s inside the sandbox is a symbolic link", m.target.c_str());
        dieErrno(ExitCode::SandboxFailed, "opening the mount point %s", m.target.c_str());
    }
    if (isDirectory(target.get()) != wantDir)
        die(ExitCode::PathRefused, "cannot bind %s at %s: one is a directory and the other is not", m.source.c_str(),
            m.target.c_str());
    attach(m_trees[index].get(), target.get(), m.target.c_str());
    m_trees[index].reset();
}

void MountSetup::mountFilesystem(const spec::Mount& m)
{
    std::string leaf;
    UniqueFd parent = openParent(m.target, true, leaf);
    if (!parent)
        die(ExitCode::PathRefused, "cannot mount a %s at %s: its parent does not exist beneath a bound directory",
            spec::mountKindName(m.kind), m.target.c_str());
    UniqueFd target = openBeneath(parent.get(), leaf.c_str(), O_PATH | O_DIRECTORY);
    if (!target && errno == ENOENT) {
        if (!isOwnMount(parent.get()))
            die(ExitCode::PathRefused, "cannot mount a %s at %s: it does not exist beneath a bound directory",
                spec::mountKindName(m.kind), m.target.c_str());
        if (::mkdirat(parent.get(), leaf.c_str(), 0755) != 0)
            dieErrno(ExitCode::SandboxFailed, "creating the mount point %s", m.target.c_str());
        target = openBeneath(parent.get(), leaf.c_str(), O_PATH | O_DIRECTORY);
    }
    if (!target) {
        if (errno == ELOOP || errno == EXDEV)
            die(ExitCode::PathRefused, "the mount point %s inside the sandbox is a symbolic link", m.target.c_str());
        dieErrno(ExitCode::PathRefused, "opening the mount point %s", m.target.c_str());
    }

    UniqueFd mnt;
    switch (m.kind) {
    case MountKind::Tmpfs: {
        char mode[16];
        std::snprintf(mode, sizeof mode, "%o", m.mode & 07777u);
        const std::string size = std::to_string(m.sizeBytes);
        std::vector<std::pair<std::string, const char*>> options{{"mode", mode}};
        if (m.sizeBytes != 0)
            options.emplace_back("size", size.c_str());
        mnt = newFilesystem("tmpfs", options, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, m.target.c_str());
        attach(mnt.get(), target.get(), m.target.c_str());
        rememberOwnMount(mnt.get());
        return;
    }
    case MountKind::Proc:
        // A procfs of the sandbox's own pid namespace: it shows only the sandbox's processes.
        mnt = newFilesystem("proc", {}, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC, m.target.c_str());
        attach(mnt.get(), target.get(), m.target.c_str());
        protectProcEntries(mnt.get());
        return;
    case MountKind::Devpts:
        // A private devpts instance: ptys the sandbox opens are its own, and a host terminal is
        // never reachable through /dev/pts (CVE-2017-5226 class: TIOCSTI into the host's tty).
        mnt = newFilesystem("devpts", {{"newinstance", nullptr}, {"ptmxmode", "0666"}, {"mode", "0620"}},
            MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC, m.target.c_str());
        attach(mnt.get(), target.get(), m.target.c_str());
        return;
    default: die(ExitCode::Internal, "mountFilesystem called for %s", spec::mountKindName(m.kind));
    }
}

void MountSetup::protectProcEntries(int procMount)
{
    // procfs entries that reconfigure the kernel rather than describe the sandbox: read-only,
    // as bubblewrap does (a user namespace does not make most of them safe to write).
    for (const char* entry : {"sys", "sysrq-trigger", "irq", "bus"}) {
        UniqueFd tree(
            ::open_tree(procMount, entry, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE | AT_SYMLINK_NOFOLLOW));
        if (!tree) {
            if (errno == ENOENT)
                continue;
            dieErrno(ExitCode::SandboxFailed, "cloning /proc/%s", entry);
        }
        setAttributes(
            tree.get(), MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC, true, entry);
        UniqueFd target = openBeneath(procMount, entry, O_PATH);
        if (!target)
            dieErrno(ExitCode::SandboxFailed, "opening /proc/%s", entry);
        attach(tree.get(), target.get(), entry);
    }
}

void MountSetup::makeDir(const spec::Mount& m)
{
    std::string leaf;
    UniqueFd parent = openParent(m.target, true, leaf);
    if (!parent || !isOwnMount(parent.get())) {
        // Only on the sandbox's own file systems: a directory made beneath a bind is made on the host.
        if (parent) {
            UniqueFd existing = openBeneath(parent.get(), leaf.c_str(), O_PATH | O_DIRECTORY);
            if (existing)
                return;
        }
        die(ExitCode::PathRefused, "cannot create the directory %s beneath a bound directory", m.target.c_str());
    }
    if (::mkdirat(parent.get(), leaf.c_str(), m.mode & 07777u) != 0) {
        if (errno == EEXIST && openBeneath(parent.get(), leaf.c_str(), O_PATH | O_DIRECTORY))
            return;
        dieErrno(ExitCode::SandboxFailed, "creating the directory %s", m.target.c_str());
    }
}

void MountSetup::makeSymlink(const spec::Mount& m)
{
    std::string leaf;
    UniqueFd parent = openParent(m.target, true, leaf);
    if (!parent || !isOwnMount(parent.get()))
        die(ExitCode::PathRefused, "cannot create the symbolic link %s beneath a bound directory", m.target.c_str());
    if (::symlinkat(m.source.c_str(), parent.get(), leaf.c_str()) != 0)
        dieErrno(ExitCode::SandboxFailed, "creating the symbolic link %s -> %s", m.target.c_str(), m.source.c_str());
}

void MountSetup::hide(const spec::Mount& m)
{
    std::string leaf;
    UniqueFd parent = openParent(m.target, false, leaf);
    if (!parent)
        return; // its parent does not exist: nothing to hide
    UniqueFd target = openBeneath(parent.get(), leaf.c_str(), O_PATH);
    if (!target) {
        if (errno == ENOENT)
            return;
        if (errno == ELOOP || errno == EXDEV)
            die(ExitCode::PathRefused,
                "%s, which the profile hides, is a symbolic link inside the sandbox; refusing to start "
                "(what it points to would stay visible)",
                m.target.c_str());
        dieErrno(ExitCode::SandboxFailed, "opening %s to hide it", m.target.c_str());
    }
    const char* object = isDirectory(target.get()) ? "dir" : "file";
    UniqueFd tree(::open_tree(m_hideSource.get(), object, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_SYMLINK_NOFOLLOW));
    if (!tree)
        dieErrno(ExitCode::SandboxFailed, "cloning the empty %s that hides %s", object, m.target.c_str());
    // Read-only, so the sandbox cannot chmod the mode-000 cover open again.
    setAttributes(tree.get(), MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC, false,
        m.target.c_str());
    attach(tree.get(), target.get(), m.target.c_str());
}

void MountSetup::sealRootAndPivot()
{
    m_hideSource.reset();
    // Not recursive: only the root tmpfs itself; the binds and tmpfs mounts below keep theirs.
    setAttributes(m_root.get(), MOUNT_ATTR_RDONLY, false, "the new root");
    // pivot_root(".", ".") stacks the old root on top of the new one; detaching it leaves only
    // the new root (see pivot_root(2), NOTES).
    if (::fchdir(m_root.get()) != 0)
        dieErrno(ExitCode::SandboxFailed, "entering the new root");
    if (::syscall(SYS_pivot_root, ".", ".") != 0)
        dieErrno(ExitCode::SandboxFailed, "pivot_root");
    if (::umount2(".", MNT_DETACH) != 0)
        dieErrno(ExitCode::SandboxFailed, "detaching the host's mount tree");
    if (::chdir("/") != 0)
        dieErrno(ExitCode::SandboxFailed, "chdir /");
    m_root.reset();
}

} // namespace cordon::confine
