#include "ProtectedPathWatcher.h"

#include "Syscall.h"

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <utility>

namespace cordon::confine {

namespace {

// glibc 2.36 has no wrapper for openat2 (Linux 5.6).
int openDirectoryNoSymlinks(const std::string& path)
{
    open_how how{};
    how.flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC;
    how.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
    return static_cast<int>(
        retryOnEintr([&] { return ::syscall(SYS_openat2, AT_FDCWD, path.c_str(), &how, sizeof how); }));
}

bool hasComponent(const std::string& path, const char* component)
{
    const std::string c = std::string("/") + component;
    for (std::size_t pos = path.find(c); pos != std::string::npos; pos = path.find(c, pos + 1)) {
        const std::size_t end = pos + c.size();
        if (end == path.size() || path[end] == '/')
            return true;
    }
    return false;
}

// Who on the host would run or trust the path: for the message a person reads.
const char* hostReader(const std::string& path)
{
    if (hasComponent(path, ".git"))
        return "git";
    if (hasComponent(path, ".vscode") || hasComponent(path, ".idea"))
        return "your editor";
    if (hasComponent(path, ".claude") || hasComponent(path, ".codex") || hasComponent(path, ".mcp.json"))
        return "your AI agent";
    return "your shell";
}

std::string parentOf(const std::string& path)
{
    const auto slash = path.rfind('/');
    return slash == 0 ? std::string("/") : path.substr(0, slash);
}

} // namespace

ProtectedPathWatcher::ProtectedPathWatcher(std::string runId, Reporter reporter)
    : m_runId(std::move(runId)), m_reporter(std::move(reporter))
{ }

ProtectedPathWatcher::~ProtectedPathWatcher() = default;

std::unique_ptr<ProtectedPathWatcher> ProtectedPathWatcher::create(
    const std::vector<spec::GuardedPath>& guarded, const std::string& runId, Reporter reporter, std::string& error)
{
    std::unique_ptr<ProtectedPathWatcher> w(new ProtectedPathWatcher(runId, std::move(reporter)));
    if (guarded.empty())
        return w;
    w->m_inotify.reset(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
    if (!w->m_inotify) {
        error = std::string("inotify_init1: ") + std::strerror(errno);
        return nullptr;
    }
    for (const auto& g : guarded) {
        const auto slash = g.hostPath.rfind('/');
        if (g.hostPath.empty() || g.hostPath.front() != '/' || slash == std::string::npos ||
            slash + 1 == g.hostPath.size()) {
            error = "guarded path '" + g.hostPath + "' is not an absolute path";
            return nullptr;
        }
        const std::string parentPath = parentOf(g.hostPath);
        Entry entry;
        entry.name = g.hostPath.substr(slash + 1);
        entry.hostPath = g.hostPath;
        entry.critical = g.critical;

        Parent* parent = nullptr;
        for (auto& p : w->m_parents)
            if (p.path == parentPath)
                parent = &p;
        if (!parent) {
            Parent p;
            p.path = parentPath;
            p.dir.reset(openDirectoryNoSymlinks(parentPath));
            if (!p.dir) {
                error = "opening " + parentPath + " to guard " + g.hostPath + ": " + std::strerror(errno);
                return nullptr;
            }
            // Watch the directory just opened, not whatever its path names by now.
            const std::string self = "/proc/self/fd/" + std::to_string(p.dir.get());
            p.wd = ::inotify_add_watch(w->m_inotify.get(), self.c_str(), IN_CREATE | IN_MOVED_TO | IN_ONLYDIR);
            if (p.wd < 0) {
                error = "watching " + parentPath + ": " + std::strerror(errno);
                return nullptr;
            }
            w->m_parents.push_back(std::move(p));
            parent = &w->m_parents.back();
        }
        // Something present before the sandbox runs was not made by it (the person, between the
        // compile and now): it is left alone unless it is replaced.
        struct stat st { };
        if (::fstatat(parent->dir.get(), entry.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
            entry.preexisting = true;
            entry.dev = st.st_dev;
            entry.ino = st.st_ino;
            entry.ctime = st.st_ctim;
        }
        parent->entries.push_back(std::move(entry));
    }
    return w;
}

bool ProtectedPathWatcher::handleEvents()
{
    if (!m_inotify)
        return false;
    bool critical = false;
    alignas(inotify_event) char buffer[16 * (sizeof(inotify_event) + NAME_MAX + 1)];
    for (;;) {
        const ssize_t n = retryOnEintr([&] { return ::read(m_inotify.get(), buffer, sizeof buffer); });
        if (n < 0 && errno == EAGAIN)
            break;
        if (n <= 0) {
            // Cannot tell what happened: check everything.
            critical = sweep() || critical;
            break;
        }
        for (ssize_t off = 0; off < n;) {
            const auto* ev = reinterpret_cast<const inotify_event*>(buffer + off);
            off += static_cast<ssize_t>(sizeof(inotify_event) + ev->len);
            if ((ev->mask & IN_Q_OVERFLOW) != 0) {
                critical = sweep() || critical;
                continue;
            }
            if (ev->len == 0)
                continue;
            const std::string name(ev->name);
            for (auto& parent : m_parents) {
                if (parent.wd != ev->wd)
                    continue;
                for (auto& entry : parent.entries) {
                    if (entry.name != name)
                        continue;
                    entry.preexisting = false; // created or moved there since the watch started
                    critical = checkEntry(parent, entry) || critical;
                }
            }
        }
    }
    return critical;
}

bool ProtectedPathWatcher::sweep()
{
    bool critical = false;
    for (auto& parent : m_parents)
        for (auto& entry : parent.entries)
            critical = checkEntry(parent, entry) || critical;
    return critical;
}

bool ProtectedPathWatcher::checkEntry(Parent& parent, Entry& entry)
{
    struct stat st { };
    if (::fstatat(parent.dir.get(), entry.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
        return false; // nothing there (or already moved)
    if (entry.preexisting && st.st_dev == entry.dev && st.st_ino == entry.ino &&
        st.st_ctim.tv_sec == entry.ctime.tv_sec && st.st_ctim.tv_nsec == entry.ctime.tv_nsec)
        return false;
    entry.preexisting = false;
    return quarantine(parent, entry);
}

bool ProtectedPathWatcher::quarantine(Parent& parent, Entry& entry)
{
    const std::string base = entry.name + ".cordon-quarantine-" + m_runId;
    std::string moved;
    for (int n = 0; n < 1000; ++n) {
        const std::string candidate = n == 0 ? base : base + "-" + std::to_string(n);
        // Same directory, so same file system: a rename, never a copy; RENAME_NOREPLACE so an
        // earlier quarantine (or anything else) is never overwritten.
        const int rc =
            ::renameat2(parent.dir.get(), entry.name.c_str(), parent.dir.get(), candidate.c_str(), RENAME_NOREPLACE);
        if (rc == 0) {
            moved = candidate;
            break;
        }
        if (errno == ENOENT)
            return false; // gone already: nothing at the guarded name
        if (errno != EEXIST) {
            return report(entry,
                "cordon: the sandbox created " + entry.hostPath + ", which " + hostReader(entry.hostPath) +
                    " would run on the host, and moving it aside failed: " + std::strerror(errno) +
                    "; do not use it before checking it",
                false);
        }
    }
    if (moved.empty())
        return false;
    m_quarantined.push_back(entry.hostPath + " -> " + parent.path + "/" + moved);
    return report(entry,
        "cordon: the sandbox created " + entry.hostPath + ", which " + hostReader(entry.hostPath) +
            " would run on the host; moved it to " + moved,
        true);
}

bool ProtectedPathWatcher::report(const Entry& entry, const std::string& line, bool quarantined)
{
    if (m_reporter)
        m_reporter(line);
    if (m_eventReporter)
        m_eventReporter(entry.hostPath, quarantined, entry.critical);
    if (entry.critical && !m_criticalSeen) {
        m_criticalSeen = true;
        m_criticalMessage = line;
    }
    return entry.critical;
}

} // namespace cordon::confine
