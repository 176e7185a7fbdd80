#include "LaunchSpecCodec.h"

#include <charconv>
#include <initializer_list>
#include <set>

namespace cordon::spec {

namespace {

constexpr std::string_view kMagic = "cordon-launch-spec ";
constexpr std::size_t kMaxArgs = 4096;
constexpr std::size_t kMaxEnv = 4096;
constexpr std::size_t kMaxMounts = 4096;
constexpr std::size_t kMaxGuarded = 4096;
constexpr std::size_t kMaxStringBytes = 1u << 20;

void putField(std::string& out, std::string_view key, std::string_view value)
{
    out.append(key);
    out.push_back(' ');
    out.append(std::to_string(value.size()));
    out.push_back('\n');
    out.append(value);
    out.push_back('\n');
}

void putNumber(std::string& out, std::string_view key, std::uint64_t value)
{
    putField(out, key, std::to_string(value));
}

std::string encodeMount(const Mount& m)
{
    std::string out;
    putNumber(out, "kind", static_cast<std::uint64_t>(m.kind));
    putField(out, "source", m.source);
    putField(out, "target", m.target);
    putNumber(out, "size", m.sizeBytes);
    putNumber(out, "mode", m.mode);
    putNumber(out, "exec", m.exec ? 1 : 0);
    putNumber(out, "optional", m.optional ? 1 : 0);
    return out;
}

std::string encodeGuarded(const GuardedPath& g)
{
    std::string out;
    putField(out, "path", g.hostPath);
    putNumber(out, "critical", g.critical ? 1 : 0);
    return out;
}

// Reads one `KEY LEN\nBYTES\n` record from `in`, advancing it.
bool nextField(std::string_view& in, std::string_view& key, std::string_view& value, std::string& error)
{
    const auto space = in.find(' ');
    if (space == std::string_view::npos || space == 0 || space > 32) {
        error = "malformed record header";
        return false;
    }
    key = in.substr(0, space);
    for (char c : key) {
        if (!((c >= 'a' && c <= 'z') || c == '_')) {
            error = "malformed record key";
            return false;
        }
    }
    const auto newline = in.find('\n', space);
    if (newline == std::string_view::npos) {
        error = "record '" + std::string(key) + "' has no length";
        return false;
    }
    const std::string_view lenText = in.substr(space + 1, newline - space - 1);
    std::size_t len = 0;
    const auto [ptr, ec] = std::from_chars(lenText.data(), lenText.data() + lenText.size(), len);
    if (ec != std::errc() || ptr != lenText.data() + lenText.size() || lenText.empty() || len > kMaxStringBytes) {
        error = "record '" + std::string(key) + "' has a bad length";
        return false;
    }
    const std::size_t start = newline + 1;
    if (in.size() < start + len + 1 || in[start + len] != '\n') {
        error = "record '" + std::string(key) + "' is truncated";
        return false;
    }
    value = in.substr(start, len);
    in.remove_prefix(start + len + 1);
    return true;
}

bool parseNumber(std::string_view key, std::string_view text, std::uint64_t& out, std::string& error)
{
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (ec != std::errc() || ptr != text.data() + text.size() || text.empty()) {
        error = "field '" + std::string(key) + "' is not a number";
        return false;
    }
    return true;
}

bool parseBool(std::string_view key, std::string_view text, bool& out, std::string& error)
{
    if (text == "0" || text == "1") {
        out = text == "1";
        return true;
    }
    error = "field '" + std::string(key) + "' is not 0 or 1";
    return false;
}

// Reads the records nested in a `mount` or `guard` record, handing each to take(key, value);
// refuses a repeated key and, at the end, any of `required` missing. `what` names the record.
template <typename Take>
bool readNested(std::string_view in, const char* what, std::initializer_list<const char*> required,
    std::string& error, Take take)
{
    std::set<std::string_view> seen;
    while (!in.empty()) {
        std::string_view key, value;
        if (!nextField(in, key, value, error))
            return false;
        if (!seen.insert(key).second) {
            error = std::string(what) + " field '" + std::string(key) + "' repeated";
            return false;
        }
        if (!take(key, value))
            return false;
    }
    for (const char* field : required) {
        if (!seen.count(field)) {
            error = std::string(what) + " field '" + field + "' missing";
            return false;
        }
    }
    return true;
}

bool decodeMount(std::string_view in, Mount& m, std::string& error)
{
    return readNested(in, "mount", {"kind", "source", "target", "size", "mode", "exec", "optional"}, error,
        [&](std::string_view key, std::string_view value) {
            std::uint64_t n = 0;
            if (key == "kind") {
                if (!parseNumber(key, value, n, error))
                    return false;
                if (n >= static_cast<std::uint64_t>(kMountKindCount)) {
                    error = "unknown mount kind " + std::to_string(n);
                    return false;
                }
                m.kind = static_cast<MountKind>(n);
                return true;
            }
            if (key == "source") {
                m.source = std::string(value);
                return true;
            }
            if (key == "target") {
                m.target = std::string(value);
                return true;
            }
            if (key == "size")
                return parseNumber(key, value, m.sizeBytes, error);
            if (key == "mode") {
                if (!parseNumber(key, value, n, error))
                    return false;
                if (n > 07777) {
                    error = "mount mode out of range";
                    return false;
                }
                m.mode = static_cast<std::uint32_t>(n);
                return true;
            }
            if (key == "exec")
                return parseBool(key, value, m.exec, error);
            if (key == "optional")
                return parseBool(key, value, m.optional, error);
            error = "unknown mount field '" + std::string(key) + "'";
            return false;
        });
}

bool decodeGuarded(std::string_view in, GuardedPath& g, std::string& error)
{
    return readNested(in, "guard", {"path", "critical"}, error, [&](std::string_view key, std::string_view value) {
        if (key == "path") {
            g.hostPath = std::string(value);
            return true;
        }
        if (key == "critical")
            return parseBool(key, value, g.critical, error);
        error = "unknown guard field '" + std::string(key) + "'";
        return false;
    });
}

bool hasNul(std::string_view s) noexcept { return s.find('\0') != std::string_view::npos; }

bool isValidRunId(std::string_view id) noexcept
{
    if (id.empty() || id.size() > 64)
        return false;
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return false;
    return true;
}

bool isValidHostname(std::string_view h) noexcept
{
    if (h.empty() || h.size() > 64)
        return false;
    for (char c : h)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'))
            return false;
    return true;
}

bool isValidEnvEntry(std::string_view e) noexcept
{
    const auto eq = e.find('=');
    if (eq == std::string_view::npos || eq == 0)
        return false;
    for (std::size_t i = 0; i < eq; ++i) {
        const char c = e[i];
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
        if (!ok)
            return false;
    }
    return !hasNul(e);
}

} // namespace

const char* mountKindName(MountKind kind) noexcept
{
    switch (kind) {
    case MountKind::BindReadOnly: return "bind-ro";
    case MountKind::BindReadWrite: return "bind-rw";
    case MountKind::BindDevice: return "bind-dev";
    case MountKind::Tmpfs: return "tmpfs";
    case MountKind::Dir: return "dir";
    case MountKind::Symlink: return "symlink";
    case MountKind::Proc: return "proc";
    case MountKind::Devpts: return "devpts";
    case MountKind::Hide: return "hide";
    }
    return "unknown";
}

bool isNormalizedAbsolutePath(std::string_view path) noexcept
{
    if (path.empty() || path.front() != '/' || hasNul(path))
        return false;
    if (path == "/")
        return true;
    if (path.back() == '/')
        return false;
    std::size_t pos = 1;
    while (pos <= path.size()) {
        const auto next = path.find('/', pos);
        const auto end = next == std::string_view::npos ? path.size() : next;
        const auto component = path.substr(pos, end - pos);
        if (component.empty() || component == "." || component == "..")
            return false;
        if (next == std::string_view::npos)
            break;
        pos = next + 1;
    }
    return true;
}

bool validateLaunchSpec(const LaunchSpec& spec, std::string& error)
{
    if (spec.version != kLaunchSpecVersion) {
        error = "unsupported launch spec version " + std::to_string(spec.version);
        return false;
    }
    if (!isValidRunId(spec.runId)) {
        error = "run id must be 1-64 characters of a-z, 0-9 and '-'";
        return false;
    }
    if (spec.argv.empty() || spec.argv.front().empty()) {
        error = "no command to run";
        return false;
    }
    if (spec.argv.size() > kMaxArgs || spec.env.size() > kMaxEnv || spec.mounts.size() > kMaxMounts ||
        spec.guarded.size() > kMaxGuarded) {
        error = "too many arguments, environment entries, mounts or guarded paths";
        return false;
    }
    for (const auto& a : spec.argv) {
        if (hasNul(a)) {
            error = "an argument contains a NUL byte";
            return false;
        }
    }
    for (const auto& e : spec.env) {
        if (!isValidEnvEntry(e)) {
            error = "environment entry is not NAME=VALUE: " + e.substr(0, 64);
            return false;
        }
    }
    if (!isNormalizedAbsolutePath(spec.cwd)) {
        error = "working directory must be an absolute normalized path";
        return false;
    }
    if (!isValidHostname(spec.hostname)) {
        error = "hostname must be 1-64 characters of letters, digits and '-'";
        return false;
    }
    if ((spec.bestEffort & ~kAllLayers) != 0) {
        error = "unknown best-effort layer bits";
        return false;
    }
    const auto& l = spec.limits;
    if (l.graceSeconds > 3600 || l.timeoutSeconds > 366ull * 24 * 3600 || l.cpuMilli > 1024ull * 1000 ||
        l.pids > (1ull << 22) || l.openFiles > (1ull << 20)) {
        error = "a limit is out of range";
        return false;
    }
    for (const auto& m : spec.mounts) {
        const std::string where = std::string(mountKindName(m.kind)) + " mount at '" + m.target + "'";
        if (!isNormalizedAbsolutePath(m.target) || m.target == "/") {
            error = where + ": target must be an absolute normalized path other than /";
            return false;
        }
        switch (m.kind) {
        case MountKind::BindReadOnly:
        case MountKind::BindReadWrite:
        case MountKind::BindDevice:
            if (!isNormalizedAbsolutePath(m.source)) {
                error = where + ": source must be an absolute normalized path";
                return false;
            }
            break;
        case MountKind::Symlink:
            if (m.source.empty() || hasNul(m.source)) {
                error = where + ": symlink needs a link text";
                return false;
            }
            break;
        case MountKind::Tmpfs:
        case MountKind::Dir:
        case MountKind::Proc:
        case MountKind::Devpts:
        case MountKind::Hide:
            if (!m.source.empty()) {
                error = where + ": takes no source";
                return false;
            }
            break;
        }
        if (m.optional && m.kind != MountKind::BindReadOnly && m.kind != MountKind::BindReadWrite &&
            m.kind != MountKind::BindDevice) {
            error = where + ": only binds can be optional";
            return false;
        }
    }
    for (const auto& g : spec.guarded) {
        if (!isNormalizedAbsolutePath(g.hostPath) || g.hostPath == "/") {
            error = "guarded path '" + g.hostPath + "' must be an absolute normalized path other than /";
            return false;
        }
    }
    if ((spec.proxyPort == 0) != spec.proxySocket.empty()) {
        error = "proxy port and proxy socket must be given together";
        return false;
    }
    if (!spec.proxySocket.empty() && (!isNormalizedAbsolutePath(spec.proxySocket) || spec.proxySocket == "/" ||
                                         spec.proxySocket.size() > kMaxProxySocketPath)) {
        error = "proxy socket must be an absolute normalized path other than / of at most " +
                std::to_string(kMaxProxySocketPath) + " bytes";
        return false;
    }
    return true;
}

std::string encodeLaunchSpec(const LaunchSpec& spec)
{
    std::string out(kMagic);
    out.append(std::to_string(spec.version));
    out.push_back('\n');
    putField(out, "run_id", spec.runId);
    for (const auto& a : spec.argv)
        putField(out, "arg", a);
    for (const auto& e : spec.env)
        putField(out, "env", e);
    putField(out, "cwd", spec.cwd);
    putField(out, "hostname", spec.hostname);
    for (const auto& m : spec.mounts)
        putField(out, "mount", encodeMount(m));
    // Before the limits, so that no proper prefix of a spec with guards is itself a valid spec.
    for (const auto& g : spec.guarded)
        putField(out, "guard", encodeGuarded(g));
    putNumber(out, "timeout", spec.limits.timeoutSeconds);
    putNumber(out, "grace", spec.limits.graceSeconds);
    putNumber(out, "memory", spec.limits.memoryBytes);
    putNumber(out, "pids", spec.limits.pids);
    putNumber(out, "cpu_milli", spec.limits.cpuMilli);
    putNumber(out, "open_files", spec.limits.openFiles);
    putNumber(out, "file_size", spec.limits.fileSizeBytes);
    putNumber(out, "best_effort", spec.bestEffort);
    // Version 2. Required, like the limits, and last, so a spec cut short never decodes.
    putNumber(out, "proxy_port", spec.proxyPort);
    putField(out, "proxy_socket", spec.proxySocket);
    putNumber(out, "exec_events", spec.execEvents ? 1 : 0);
    return out;
}

bool decodeLaunchSpec(std::string_view in, LaunchSpec& out, std::string& error)
{
    out = LaunchSpec{};
    if (in.size() > kMaxEncodedSpecBytes) {
        error = "launch spec is larger than 16 MiB";
        return false;
    }
    if (in.substr(0, kMagic.size()) != kMagic) {
        error = "not a Cordon launch spec";
        return false;
    }
    in.remove_prefix(kMagic.size());
    const auto newline = in.find('\n');
    std::uint64_t version = 0;
    if (newline == std::string_view::npos || !parseNumber("version", in.substr(0, newline), version, error))
        return false;
    if (version != kLaunchSpecVersion) {
        error = "unsupported launch spec version " + std::to_string(version) + " (this helper speaks " +
                std::to_string(kLaunchSpecVersion) + ")";
        return false;
    }
    in.remove_prefix(newline + 1);

    std::set<std::string_view> seen;
    const std::set<std::string_view> repeatable = {"arg", "env", "mount", "guard"};
    while (!in.empty()) {
        std::string_view key, value;
        if (!nextField(in, key, value, error))
            return false;
        if (!repeatable.count(key) && !seen.insert(key).second) {
            error = "field '" + std::string(key) + "' repeated";
            return false;
        }
        bool ok = true;
        if (key == "run_id") {
            out.runId = std::string(value);
        } else if (key == "arg") {
            out.argv.emplace_back(value);
        } else if (key == "env") {
            out.env.emplace_back(value);
        } else if (key == "cwd") {
            out.cwd = std::string(value);
        } else if (key == "hostname") {
            out.hostname = std::string(value);
        } else if (key == "mount") {
            Mount m;
            ok = decodeMount(value, m, error);
            out.mounts.push_back(std::move(m));
        } else if (key == "guard") {
            GuardedPath g;
            ok = decodeGuarded(value, g, error);
            out.guarded.push_back(std::move(g));
        } else if (key == "timeout") {
            ok = parseNumber(key, value, out.limits.timeoutSeconds, error);
        } else if (key == "grace") {
            ok = parseNumber(key, value, out.limits.graceSeconds, error);
        } else if (key == "memory") {
            ok = parseNumber(key, value, out.limits.memoryBytes, error);
        } else if (key == "pids") {
            ok = parseNumber(key, value, out.limits.pids, error);
        } else if (key == "cpu_milli") {
            ok = parseNumber(key, value, out.limits.cpuMilli, error);
        } else if (key == "open_files") {
            ok = parseNumber(key, value, out.limits.openFiles, error);
        } else if (key == "file_size") {
            ok = parseNumber(key, value, out.limits.fileSizeBytes, error);
        } else if (key == "best_effort") {
            std::uint64_t n = 0;
            ok = parseNumber(key, value, n, error);
            if (ok && n > 0xffffffffu) {
                error = "best_effort out of range";
                ok = false;
            }
            out.bestEffort = static_cast<std::uint32_t>(n);
        } else if (key == "proxy_port") {
            std::uint64_t n = 0;
            ok = parseNumber(key, value, n, error);
            if (ok && n > 65535) {
                error = "proxy_port out of range";
                ok = false;
            }
            out.proxyPort = static_cast<std::uint16_t>(n);
        } else if (key == "proxy_socket") {
            out.proxySocket = std::string(value);
        } else if (key == "exec_events") {
            ok = parseBool(key, value, out.execEvents, error);
        } else {
            error = "unknown field '" + std::string(key) + "'";
            ok = false;
        }
        if (!ok)
            return false;
    }
    for (const char* required : {"run_id", "cwd", "hostname", "timeout", "grace", "memory", "pids", "cpu_milli",
             "open_files", "file_size", "best_effort", "proxy_port", "proxy_socket", "exec_events"}) {
        if (!seen.count(required)) {
            error = std::string("field '") + required + "' missing";
            return false;
        }
    }
    return validateLaunchSpec(out, error);
}

} // namespace cordon::spec
