#include "Cgroup.h"

// The run's cgroup, made by the monitor outside the sandbox.
//
// cgroup v2 (/sys/fs/cgroup is a cgroup2 mount): `cordon-<runId>` beside our own cgroup, under
//   its parent, which on a systemd desktop is the user's delegated app.slice (systemd.resource-
//   control(5), "Delegate="). Controllers are enabled in the parent's cgroup.subtree_control
//   when needed and allowed. Limits: memory.max, memory.swap.max = 0, pids.max, cpu.max.
//   killAll: cgroup.kill (Linux 5.14), else freeze and SIGKILL every pid.
// cgroup v1 (per-controller hierarchies; this build machine): a base `<hierarchy>/cordon/<uid>`
//   per controller (root creates it; for anyone else the administrator delegates it once:
//   `sudo cordonctl doctor --fix`), the run in `<base>/<runId>`. Limits:
//   memory.limit_in_bytes (+ memory.memsw.limit_in_bytes: no swap beyond it), pids.max,
//   cpu.cfs_period_us/cpu.cfs_quota_us. The pids hierarchy is always used: it tracks every
//   process of the run, which killAll() needs. killAll: SIGKILL every listed pid until empty.
//
// Paths are opened with openat2(RESOLVE_NO_SYMLINKS) and files with O_NOFOLLOW: the control
// files live in a kernel filesystem where nobody can plant a symlink, but the directories above
// them are ordinary ones (see DESIGN.md, "following a user-planted symlink as root").
// Signals go through pidfds, opened and then re-checked against cgroup.procs, so that a pid
// recycled between reading cgroup.procs and kill() is never hit.

#include "Die.h"
#include "Syscall.h"
#include "UniqueFd.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace cordon::confine {

namespace {

constexpr const char* kCgroupRoot = "/sys/fs/cgroup";
constexpr int kKillRounds = 400;  // x 5 ms: a fork bomb gets two seconds to be cleared
constexpr int kRmdirRounds = 200; // x 5 ms
constexpr long kRoundNanoseconds = 5'000'000;
constexpr std::uint64_t kCpuPeriodMicros = 100'000;

void pause()
{
    struct timespec ts {
        0, kRoundNanoseconds
    };
    while (::nanosleep(&ts, &ts) != 0 && errno == EINTR) { }
}

std::string errnoText(int error)
{
    return std::strerror(error);
}

int openNoSymlinks(const std::string& path, std::uint64_t flags)
{
    struct open_how how { };
    how.flags = flags | O_CLOEXEC;
    how.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
    return static_cast<int>(
        retryOnEintr([&] { return ::syscall(SYS_openat2, AT_FDCWD, path.c_str(), &how, sizeof how); }));
}

UniqueFd openDir(const std::string& path)
{
    return UniqueFd(openNoSymlinks(path, O_PATH | O_DIRECTORY));
}

bool readFd(int fd, std::string& out)
{
    out.clear();
    char buf[4096];
    for (;;) {
        const ssize_t n = retryOnEintr([&] { return ::read(fd, buf, sizeof buf); });
        if (n < 0)
            return false;
        if (n == 0)
            return true;
        out.append(buf, static_cast<size_t>(n));
    }
}

bool readFileAt(int dirFd, const char* name, std::string& out)
{
    const int fd = retryOnEintr([&] { return ::openat(dirFd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW); });
    if (fd < 0)
        return false;
    const UniqueFd file(fd);
    return readFd(file.get(), out);
}

bool readFile(const std::string& path, std::string& out)
{
    const int fd = openNoSymlinks(path, O_RDONLY);
    if (fd < 0)
        return false;
    const UniqueFd file(fd);
    return readFd(file.get(), out);
}

// /proc/self is a symlink (to our pid) by design; procfs is the kernel's, so a plain open is right.
bool readProcFile(const char* path, std::string& out)
{
    const int fd = retryOnEintr([&] { return ::open(path, O_RDONLY | O_CLOEXEC); });
    if (fd < 0)
        return false;
    const UniqueFd file(fd);
    return readFd(file.get(), out);
}

bool fileExists(int dirFd, const char* name)
{
    struct stat st { };
    return ::fstatat(dirFd, name, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

bool writeControl(const std::string& dir, const char* file, const std::string& value, std::string& why)
{
    const UniqueFd dirFd = openDir(dir);
    if (!dirFd) {
        why = "opening " + dir + ": " + errnoText(errno);
        return false;
    }
    if (!writeFile(dirFd.get(), file, value.c_str())) {
        why = "writing \"" + value + "\" to " + dir + "/" + file + ": " + errnoText(errno);
        return false;
    }
    return true;
}

bool isFsType(int fd, long magic)
{
    struct statfs st { };
    return ::fstatfs(fd, &st) == 0 && static_cast<long>(st.f_type) == magic;
}

std::vector<pid_t> parsePids(const std::string& text)
{
    std::vector<pid_t> pids;
    size_t pos = 0;
    while (pos < text.size()) {
        const size_t end = text.find('\n', pos);
        const std::string line = text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
        if (!line.empty())
            pids.push_back(static_cast<pid_t>(std::strtol(line.c_str(), nullptr, 10)));
        if (end == std::string::npos)
            break;
        pos = end + 1;
    }
    return pids;
}

bool listProcs(const std::string& dir, std::vector<pid_t>& pids)
{
    std::string text;
    if (!readFile(dir + "/cgroup.procs", text))
        return false;
    pids = parsePids(text);
    return true;
}

bool validRunId(const std::string& runId)
{
    if (runId.empty() || runId.size() > 64)
        return false;
    return std::all_of(runId.begin(), runId.end(),
        [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

// "N" from the line "<key> N" of a flat-keyed control file (memory.events, memory.oom_control).
long long keyedValue(const std::string& text, const char* key)
{
    const std::string prefix = std::string(key) + " ";
    size_t pos = 0;
    while (pos < text.size()) {
        const size_t end = text.find('\n', pos);
        const std::string line = text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
        if (line.compare(0, prefix.size(), prefix) == 0)
            return std::strtoll(line.c_str() + prefix.size(), nullptr, 10);
        if (end == std::string::npos)
            break;
        pos = end + 1;
    }
    return -1;
}

std::string cpuQuotaMicros(std::uint64_t cpuMilli)
{
    // 1000 milli-CPUs = one full period; the kernel refuses quotas below 1 ms.
    // Core refuses absurd limits; the clamp only keeps the multiplication from overflowing.
    const std::uint64_t milli = std::min<std::uint64_t>(cpuMilli, 1'000'000'000);
    const std::uint64_t quota = std::max<std::uint64_t>(milli * (kCpuPeriodMicros / 1000), 1000);
    return std::to_string(quota);
}

// mountinfo escapes space, tab, newline and backslash as \ooo.
std::string unescapeMountinfo(const std::string& field)
{
    std::string out;
    for (size_t i = 0; i < field.size(); ++i) {
        if (field[i] == '\\' && i + 3 < field.size()) {
            const std::string oct = field.substr(i + 1, 3);
            if (oct.size() == 3 && std::all_of(oct.begin(), oct.end(), [](char c) { return c >= '0' && c <= '7'; })) {
                out.push_back(static_cast<char>(std::strtol(oct.c_str(), nullptr, 8)));
                i += 3;
                continue;
            }
        }
        out.push_back(field[i]);
    }
    return out;
}

struct V1Hierarchy {
    std::string mountPoint;
    std::vector<std::string> controllers;
};

// cgroup v1 hierarchies from /proc/self/mountinfo: "... <mount point> ... - cgroup <src> rw,memory".
std::vector<V1Hierarchy> v1Hierarchies()
{
    std::vector<V1Hierarchy> result;
    std::string text;
    if (!readProcFile("/proc/self/mountinfo", text))
        return result;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string::npos)
            end = text.size();
        const std::string line = text.substr(pos, end - pos);
        pos = end + 1;
        std::vector<std::string> fields;
        size_t f = 0;
        while (f < line.size()) {
            const size_t sp = line.find(' ', f);
            fields.push_back(line.substr(f, sp == std::string::npos ? std::string::npos : sp - f));
            if (sp == std::string::npos)
                break;
            f = sp + 1;
        }
        const auto dash = std::find(fields.begin(), fields.end(), "-");
        if (dash == fields.end() || fields.size() < 5 || std::distance(dash, fields.end()) < 4)
            continue;
        if (*(dash + 1) != "cgroup")
            continue;
        V1Hierarchy h;
        h.mountPoint = unescapeMountinfo(fields[4]);
        const std::string& options = *(dash + 3);
        size_t o = 0;
        while (o <= options.size()) {
            const size_t comma = options.find(',', o);
            const std::string opt = options.substr(o, comma == std::string::npos ? std::string::npos : comma - o);
            if (opt == "memory" || opt == "pids" || opt == "cpu")
                h.controllers.push_back(opt);
            if (comma == std::string::npos)
                break;
            o = comma + 1;
        }
        if (!h.controllers.empty())
            result.push_back(std::move(h));
    }
    return result;
}

std::string joined(const std::vector<std::string>& items, const char* separator)
{
    std::string out;
    for (const std::string& item : items) {
        if (!out.empty())
            out += separator;
        out += item;
    }
    return out;
}

} // namespace

std::unique_ptr<Cgroup> Cgroup::create(const std::string& runId, const spec::Limits& limits, std::string& why)
{
    why.clear();
    const int rootFd = openNoSymlinks(kCgroupRoot, O_PATH | O_DIRECTORY);
    if (rootFd < 0) {
        why = std::string("no cgroup filesystem at ") + kCgroupRoot + ": " + errnoText(errno);
        return nullptr;
    }
    const UniqueFd root(rootFd);
    if (isFsType(root.get(), CGROUP2_SUPER_MAGIC))
        return createV2At(kCgroupRoot, runId, limits, why);

    const bool wanted = limits.memoryBytes != 0 || limits.pids != 0 || limits.cpuMilli != 0;
    auto fail = [&](std::string message) -> std::unique_ptr<Cgroup> {
        why = wanted ? std::move(message) : std::string();
        return nullptr;
    };
    if (!validRunId(runId))
        return fail("invalid run id \"" + runId + "\"");

    std::vector<std::string> needed{"pids"};
    if (limits.memoryBytes != 0)
        needed.emplace_back("memory");
    if (limits.cpuMilli != 0)
        needed.emplace_back("cpu");

    const std::vector<V1Hierarchy> hierarchies = v1Hierarchies();
    std::unique_ptr<Cgroup> cg(new Cgroup);
    cg->m_version = 1;
    const uid_t uid = ::geteuid();
    const std::string uidText = std::to_string(uid);
    std::vector<std::string> missingBases;

    for (const std::string& controller : needed) {
        const auto h = std::find_if(hierarchies.begin(), hierarchies.end(), [&](const V1Hierarchy& x) {
            return std::find(x.controllers.begin(), x.controllers.end(), controller) != x.controllers.end();
        });
        if (h == hierarchies.end())
            return fail("cgroup v1: no hierarchy with the " + controller + " controller is mounted");
        if (std::find(cg->m_dirs.begin(), cg->m_dirs.end(), h->mountPoint + "/cordon/" + uidText + "/" + runId) !=
            cg->m_dirs.end())
            continue; // co-mounted with a controller already handled

        const UniqueFd mountFd = openDir(h->mountPoint);
        if (!mountFd || !isFsType(mountFd.get(), CGROUP_SUPER_MAGIC))
            return fail("cgroup v1: " + h->mountPoint + " is not a cgroup mount");
        const std::string base = h->mountPoint + "/cordon/" + uidText;
        if (uid == 0) {
            // Root makes the delegation directories itself; mode 0755 as any cgroup directory.
            if (::mkdirat(mountFd.get(), "cordon", 0755) != 0 && errno != EEXIST)
                return fail("cgroup v1: creating " + h->mountPoint + "/cordon: " + errnoText(errno));
            const UniqueFd cordonFd = openDir(h->mountPoint + "/cordon");
            if (!cordonFd)
                return fail("cgroup v1: opening " + h->mountPoint + "/cordon: " + errnoText(errno));
            if (::mkdirat(cordonFd.get(), uidText.c_str(), 0755) != 0 && errno != EEXIST)
                return fail("cgroup v1: creating " + base + ": " + errnoText(errno));
        }
        const UniqueFd baseFd = openDir(base);
        if (!baseFd || ::faccessat(baseFd.get(), ".", W_OK, AT_EACCESS) != 0) {
            missingBases.push_back(base);
            continue;
        }
        if (!isFsType(baseFd.get(), CGROUP_SUPER_MAGIC))
            return fail("cgroup v1: " + base + " is not in a cgroup filesystem");
        if (::mkdirat(baseFd.get(), runId.c_str(), 0755) != 0)
            return fail("cgroup v1: creating " + base + "/" + runId + ": " + errnoText(errno));
        cg->m_dirs.push_back(base + "/" + runId);
        cg->m_controllers.push_back(joined(h->controllers, ","));
        if (std::find(h->controllers.begin(), h->controllers.end(), "memory") != h->controllers.end())
            cg->m_memoryDir = cg->m_dirs.back();
    }
    if (!missingBases.empty()) {
        return fail("cgroup v1: " + joined(missingBases, ", ") + (missingBases.size() > 1 ? " are" : " is") +
                    " missing or not writable by uid " + uidText +
                    "; an administrator creates them once with `sudo cordonctl doctor --fix` (or runs "
                    "installer/setup-cgroups), or mark the cgroup layer best-effort in the profile");
    }

    for (size_t i = 0; i < cg->m_dirs.size(); ++i) {
        const std::string& dir = cg->m_dirs[i];
        const std::string& controllers = cg->m_controllers[i];
        std::string error;
        if (controllers.find("memory") != std::string::npos && limits.memoryBytes != 0) {
            const std::string bytes = std::to_string(limits.memoryBytes);
            if (!writeControl(dir, "memory.limit_in_bytes", bytes, error))
                return fail("cgroup v1: " + error);
            // Without swap accounting (swapaccount=0) the file is absent and swap is not limited.
            const UniqueFd dirFd = openDir(dir);
            if (dirFd && fileExists(dirFd.get(), "memory.memsw.limit_in_bytes") &&
                !writeControl(dir, "memory.memsw.limit_in_bytes", bytes, error))
                return fail("cgroup v1: " + error);
        }
        if (controllers.find("pids") != std::string::npos && limits.pids != 0 &&
            !writeControl(dir, "pids.max", std::to_string(limits.pids), error))
            return fail("cgroup v1: " + error);
        if (controllers.find("cpu") != std::string::npos && limits.cpuMilli != 0) {
            if (!writeControl(dir, "cpu.cfs_period_us", std::to_string(kCpuPeriodMicros), error) ||
                !writeControl(dir, "cpu.cfs_quota_us", cpuQuotaMicros(limits.cpuMilli), error))
                return fail("cgroup v1: " + error);
        }
    }
    return cg;
}

std::unique_ptr<Cgroup> Cgroup::createV2At(
    const std::string& cgroup2Mount, const std::string& runId, const spec::Limits& limits, std::string& why)
{
    why.clear();
    const bool wanted = limits.memoryBytes != 0 || limits.pids != 0 || limits.cpuMilli != 0;
    auto fail = [&](std::string message) -> std::unique_ptr<Cgroup> {
        why = wanted ? std::move(message) : std::string();
        return nullptr;
    };
    if (!validRunId(runId))
        return fail("invalid run id \"" + runId + "\"");
    {
        const UniqueFd mountFd = openDir(cgroup2Mount);
        if (!mountFd || !isFsType(mountFd.get(), CGROUP2_SUPER_MAGIC))
            return fail("cgroup v2: " + cgroup2Mount + " is not a cgroup2 mount");
    }

    // Our own cgroup: the "0::<path>" line of /proc/self/cgroup.
    std::string self;
    if (!readProcFile("/proc/self/cgroup", self))
        return fail("cgroup v2: reading /proc/self/cgroup: " + errnoText(errno));
    std::string ownPath;
    size_t pos = 0;
    while (pos < self.size()) {
        const size_t end = self.find('\n', pos);
        const std::string line = self.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
        if (line.compare(0, 3, "0::") == 0)
            ownPath = line.substr(3);
        if (end == std::string::npos)
            break;
        pos = end + 1;
    }
    if (ownPath.empty() || ownPath[0] != '/')
        return fail("cgroup v2: no unified cgroup in /proc/self/cgroup");
    std::string parentPath = ownPath.substr(0, ownPath.rfind('/'));
    const std::string parent = cgroup2Mount + parentPath;

    std::vector<std::string> needed;
    if (limits.memoryBytes != 0)
        needed.emplace_back("memory");
    if (limits.pids != 0)
        needed.emplace_back("pids");
    if (limits.cpuMilli != 0)
        needed.emplace_back("cpu");

    const UniqueFd parentFd = openDir(parent);
    if (!parentFd)
        return fail("cgroup v2: opening " + parent + ": " + errnoText(errno));
    std::string available;
    std::string enabled;
    if (!readFileAt(parentFd.get(), "cgroup.controllers", available) ||
        !readFileAt(parentFd.get(), "cgroup.subtree_control", enabled))
        return fail("cgroup v2: reading the controllers of " + parent + ": " + errnoText(errno));
    auto hasWord = [](const std::string& text, const std::string& word) {
        size_t at = 0;
        while ((at = text.find(word, at)) != std::string::npos) {
            const bool startOk = at == 0 || text[at - 1] == ' ';
            const size_t after = at + word.size();
            const bool endOk = after == text.size() || text[after] == ' ' || text[after] == '\n';
            if (startOk && endOk)
                return true;
            at = after;
        }
        return false;
    };
    for (const std::string& controller : needed) {
        if (!hasWord(available, controller))
            return fail("cgroup v2: the " + controller + " controller is not available in " + parent +
                        " (not delegated to this user?)");
        if (hasWord(enabled, controller))
            continue;
        std::string error;
        if (!writeControl(parent, "cgroup.subtree_control", "+" + controller, error))
            return fail("cgroup v2: enabling " + controller + ": " + error);
    }

    const std::string name = "cordon-" + runId;
    if (::mkdirat(parentFd.get(), name.c_str(), 0755) != 0)
        return fail("cgroup v2: creating " + parent + "/" + name + ": " + errnoText(errno));
    std::unique_ptr<Cgroup> cg(new Cgroup);
    cg->m_version = 2;
    cg->m_dirs.push_back(parent + "/" + name);
    cg->m_controllers.push_back(joined(needed, ","));
    const std::string& dir = cg->m_dirs.back();
    if (limits.memoryBytes != 0)
        cg->m_memoryDir = dir;

    std::string error;
    if (limits.memoryBytes != 0) {
        if (!writeControl(dir, "memory.max", std::to_string(limits.memoryBytes), error))
            return fail("cgroup v2: " + error);
        const UniqueFd dirFd = openDir(dir);
        if (dirFd && fileExists(dirFd.get(), "memory.swap.max") && !writeControl(dir, "memory.swap.max", "0", error))
            return fail("cgroup v2: " + error);
    }
    if (limits.pids != 0 && !writeControl(dir, "pids.max", std::to_string(limits.pids), error))
        return fail("cgroup v2: " + error);
    if (limits.cpuMilli != 0 &&
        !writeControl(dir, "cpu.max", cpuQuotaMicros(limits.cpuMilli) + " " + std::to_string(kCpuPeriodMicros), error))
        return fail("cgroup v2: " + error);
    return cg;
}

Cgroup::~Cgroup()
{
    killAll();
    for (const std::string& dir : m_dirs) {
        const size_t slash = dir.rfind('/');
        const UniqueFd parentFd = openDir(dir.substr(0, slash));
        if (!parentFd) {
            warn("cgroup: cannot open the parent of %s to remove it: %s", dir.c_str(), std::strerror(errno));
            continue;
        }
        const std::string name = dir.substr(slash + 1);
        bool removed = false;
        for (int round = 0; round < kRmdirRounds; ++round) {
            if (::unlinkat(parentFd.get(), name.c_str(), AT_REMOVEDIR) == 0 || errno == ENOENT) {
                removed = true;
                break;
            }
            if (errno != EBUSY)
                break;
            pause(); // EBUSY: the kernel is still finishing the exits of the last processes
        }
        if (!removed)
            warn("cgroup: could not remove %s: %s", dir.c_str(), std::strerror(errno));
    }
}

bool Cgroup::addProcess(pid_t pid, std::string& why)
{
    for (const std::string& dir : m_dirs) {
        std::string error;
        if (!writeControl(dir, "cgroup.procs", std::to_string(pid), error)) {
            why = "adding pid " + std::to_string(pid) + " to the cgroup: " + error;
            return false;
        }
    }
    return true;
}

void Cgroup::killAll() noexcept
{
    if (m_dirs.empty())
        return;
    const pid_t self = ::getpid();
    if (m_version == 2) {
        std::string ignored;
        const UniqueFd dirFd = openDir(m_dirs.front());
        if (dirFd && fileExists(dirFd.get(), "cgroup.kill"))
            (void)writeControl(m_dirs.front(), "cgroup.kill", "1", ignored); // Linux 5.14: kills the subtree
        else if (dirFd && fileExists(dirFd.get(), "cgroup.freeze"))
            (void)writeControl(m_dirs.front(), "cgroup.freeze", "1", ignored); // no forks while we kill
    }
    for (int round = 0; round < kKillRounds; ++round) {
        bool anyLeft = false;
        for (const std::string& dir : m_dirs) {
            std::vector<pid_t> pids;
            if (!listProcs(dir, pids) || pids.empty())
                continue;
            // Pin each pid with a pidfd, then re-read the list: a pid still listed after its
            // pidfd exists is the process we mean (the pidfd keeps the number from being reused).
            std::vector<std::pair<pid_t, UniqueFd>> pinned;
            for (const pid_t pid : pids) {
                if (pid <= 0 || pid == self)
                    continue;
                const int fd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
                if (fd >= 0)
                    pinned.emplace_back(pid, UniqueFd(fd));
            }
            std::vector<pid_t> again;
            if (!listProcs(dir, again))
                continue;
            for (const auto& [pid, fd] : pinned) {
                if (std::find(again.begin(), again.end(), pid) == again.end())
                    continue;
                anyLeft = true;
                (void)::syscall(SYS_pidfd_send_signal, fd.get(), SIGKILL, nullptr, 0U);
            }
            if (!again.empty())
                anyLeft = true;
        }
        if (!anyLeft)
            break;
        pause();
    }
    if (m_version == 2) {
        std::string ignored;
        const UniqueFd dirFd = openDir(m_dirs.front());
        if (dirFd && fileExists(dirFd.get(), "cgroup.freeze"))
            (void)writeControl(m_dirs.front(), "cgroup.freeze", "0", ignored); // empty now; rmdir wants it thawed
    }
}

bool Cgroup::oomKilled() const noexcept
{
    return oomKillCount() > 0;
}

std::uint64_t Cgroup::oomKillCount() const noexcept
{
    if (m_memoryDir.empty())
        return 0;
    try {
        std::string text;
        if (m_version == 2) {
            if (!readFile(m_memoryDir + "/memory.events", text))
                return 0;
        } else if (!readFile(m_memoryDir + "/memory.oom_control", text)) {
            return 0;
        }
        const long long n = keyedValue(text, "oom_kill");
        return n > 0 ? static_cast<std::uint64_t>(n) : 0;
    } catch (...) {
        return 0;
    }
}

std::uint64_t Cgroup::pidsLimitHits() const noexcept
{
    try {
        for (std::size_t i = 0; i < m_dirs.size(); ++i) {
            if (m_controllers[i].find("pids") == std::string::npos)
                continue;
            // "max N": forks refused by pids.max (cgroup-v1/pids.rst, cgroup-v2.rst "PID").
            std::string text;
            if (!readFile(m_dirs[i] + "/pids.events", text))
                return 0;
            const long long n = keyedValue(text, "max");
            return n > 0 ? static_cast<std::uint64_t>(n) : 0;
        }
    } catch (...) { }
    return 0;
}

std::string Cgroup::describe() const
{
    std::string controllers;
    for (const std::string& c : m_controllers) {
        if (c.empty())
            continue;
        if (!controllers.empty())
            controllers += ", ";
        controllers += c;
    }
    return "cgroup v" + std::to_string(m_version) + " (" + (controllers.empty() ? "no limits" : controllers) + ") at " +
           joined(m_dirs, ", ");
}

} // namespace cordon::confine
