#pragma once
// The run's cgroup: memory, pids and cpu limits, and a way to kill everything in it.
// cgroup v2 where the system has a writable delegated subtree (systemd user sessions), v1
// (memory, pids, cpu hierarchies, under a directory delegated to the user) otherwise.
// Created by the monitor (outside the sandbox) before the sandbox's init is released.

#include "LaunchSpec.h"

#include <cstdint>
#include <memory>
#include <string>
#include <sys/types.h>
#include <vector>

namespace cordon::confine {

class Cgroup {
public:
    // nullptr and `why` filled when no writable cgroup can be made (the caller decides whether
    // that is fatal: only when the spec marks LayerCgroup best-effort may it go on).
    // nullptr with `why` empty: no limit was asked for and no cgroup could be made; nothing is
    // missing then (a cgroup without limits only adds killAll()).
    static std::unique_ptr<Cgroup> create(const std::string& runId, const spec::Limits& limits, std::string& why);
    // The same on an explicit cgroup v2 mount (tests use the hybrid /sys/fs/cgroup/unified).
    static std::unique_ptr<Cgroup> createV2At(const std::string& cgroup2Mount, const std::string& runId,
                                              const spec::Limits& limits, std::string& why);
    ~Cgroup(); // kills what is left (killAll), then removes the run's directories (retrying briefly
               // while the kernel drains them)

    Cgroup(const Cgroup&) = delete;
    Cgroup& operator=(const Cgroup&) = delete;

    [[nodiscard]] bool addProcess(pid_t pid, std::string& why);
    void killAll() noexcept;              // cgroup.kill on v2, SIGKILL every listed pid on v1
    bool oomKilled() const noexcept;      // did the memory limit kill something?
    // How often the memory limit's OOM killer struck, and how often the pids limit refused a
    // fork (pids.events "max"), so far; 0 when unknown. Polled for the session's limit events.
    std::uint64_t oomKillCount() const noexcept;
    std::uint64_t pidsLimitHits() const noexcept;
    std::string describe() const;         // "cgroup v1 (memory, pids, cpu) at /sys/fs/cgroup/..."

    int version() const noexcept { return m_version; }
    const std::vector<std::string>& directories() const noexcept { return m_dirs; }

private:
    Cgroup() = default;
    int m_version = 0;
    std::vector<std::string> m_dirs;      // one per v1 hierarchy, or the single v2 directory
    std::vector<std::string> m_controllers; // parallel to m_dirs: the controllers of that hierarchy
    std::string m_memoryDir;              // the directory holding the memory controller's files
};

} // namespace cordon::confine
