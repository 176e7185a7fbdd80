#pragma once
// Guards paths that the host executes or trusts later but that did not exist at launch
// (.git/commondir, .envrc, .vscode, ~/.claude/settings.json, ...). A read-only bind cannot cover
// an absent name without creating it on the host, so the monitor, outside the sandbox and as the
// user, watches each guarded path's parent directory with inotify(7) and moves anything created
// under a guarded name aside at once: renameat2(RENAME_NOREPLACE) within the same directory to
// "<name>.cordon-quarantine-<runId>[-N]". Nothing is deleted; git, direnv and editors ignore the
// new name. The window between the creation and the move is one inotify round trip; that it exists
// at all is documented in docs/profiles.md and docs/security.md.
//
// The parents are opened with openat2(RESOLVE_NO_SYMLINKS) and watched through their descriptors
// (/proc/self/fd/N), so the watch is on the directory the host uses. The compiler makes each parent
// a mount point inside the sandbox (or it is the workspace itself), so the sandbox cannot rename it
// away and put another directory at its path (rename(2): EBUSY).
//
// Plain C++, no Qt: runs in cordon-sandbox's monitor.

#include "LaunchSpec.h"
#include "UniqueFd.h"

#include <ctime>
#include <functional>
#include <memory>
#include <string>
#include <sys/types.h>
#include <vector>

namespace cordon::confine {

class ProtectedPathWatcher {
public:
    // Receives one line per quarantined entry (without a newline).
    using Reporter = std::function<void(const std::string& line)>;
    // The same, as data for the session's event stream: the guarded host path, whether it was
    // moved aside (false: moving it failed) and whether it is critical.
    using EventReporter = std::function<void(const std::string& hostPath, bool quarantined, bool critical)>;
    void setEventReporter(EventReporter reporter) { m_eventReporter = std::move(reporter); }

    // Opens every guarded path's parent and adds the watches. nullptr with `error` set when a
    // parent cannot be opened or watched (the caller fails closed); a watcher with nothing to
    // watch (fd() == -1) when `guarded` is empty.
    static std::unique_ptr<ProtectedPathWatcher> create(
        const std::vector<spec::GuardedPath>& guarded, const std::string& runId, Reporter reporter, std::string& error);
    ~ProtectedPathWatcher();
    ProtectedPathWatcher(const ProtectedPathWatcher&) = delete;
    ProtectedPathWatcher& operator=(const ProtectedPathWatcher&) = delete;

    // The inotify descriptor to poll for POLLIN; -1 when nothing is guarded.
    int fd() const noexcept { return m_inotify.get(); }

    // Reads the pending events and quarantines what they name (every guarded path on
    // IN_Q_OVERFLOW). Returns true when a critical path was quarantined by this call.
    bool handleEvents();
    // Checks every guarded path (the final sweep after the sandbox has exited, and the overflow
    // case). Returns true when a critical path was quarantined by this call.
    bool sweep();

    bool criticalSeen() const noexcept { return m_criticalSeen; }
    // The message of the first critical quarantine.
    const std::string& criticalMessage() const noexcept { return m_criticalMessage; }
    // Host paths of everything quarantined so far, in order ("original -> quarantined").
    const std::vector<std::string>& quarantined() const noexcept { return m_quarantined; }

private:
    struct Entry {
        std::string name;     // one path component in the parent
        std::string hostPath; // the full guarded path, for messages
        bool critical = false;
        bool preexisting = false; // present (not made by the sandbox) when the watch was added
        dev_t dev = 0;
        ino_t ino = 0;
        struct timespec ctime { }; // with dev and ino: still the very same, untouched entry
    };
    struct Parent {
        std::string path;
        UniqueFd dir;
        int wd = -1;
        std::vector<Entry> entries;
    };

    ProtectedPathWatcher(std::string runId, Reporter reporter);
    bool quarantine(Parent& parent, Entry& entry);
    // Tells the reporter, remembers the first critical message; returns entry.critical.
    bool report(const Entry& entry, const std::string& line, bool quarantined);
    bool checkEntry(Parent& parent, Entry& entry);

    std::string m_runId;
    Reporter m_reporter;
    EventReporter m_eventReporter;
    UniqueFd m_inotify;
    std::vector<Parent> m_parents;
    bool m_criticalSeen = false;
    std::string m_criticalMessage;
    std::vector<std::string> m_quarantined;
};

} // namespace cordon::confine
