#include "ProxyBridge.h"

#include "Die.h"
#include "JsonText.h"
#include "Syscall.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <memory>
#include <netinet/in.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace cordon::confine {

namespace {

// Bounds of the /proc scan: a sandbox with more processes or descriptors than this gets pid 0.
constexpr std::size_t kMaxScannedProcesses = 4096;
constexpr std::size_t kMaxScannedDescriptors = 65536;

struct DirCloser {
    void operator()(DIR* d) const noexcept { (void)::closedir(d); }
};
using Dir = std::unique_ptr<DIR, DirCloser>;

// Reads a small file whole (up to `max` bytes); false when it cannot be opened or read.
bool readSmallFile(const std::string& path, std::size_t max, std::string& out)
{
    UniqueFd fd(retryOnEintr([&] { return ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW); }));
    if (!fd)
        return false;
    out.clear();
    char buf[8192];
    while (out.size() < max) {
        const ssize_t n = retryOnEintr([&] { return ::read(fd.get(), buf, std::min(sizeof buf, max - out.size())); });
        if (n < 0)
            return false;
        if (n == 0)
            break;
        out.append(buf, static_cast<std::size_t>(n));
    }
    return true;
}

// The inode of the socket whose local end is `client` (an IPv4 address and port, in network
// order) and whose remote end is 127.0.0.1:port, from /proc/net/tcp or, for an IPv6 socket
// connected through a v4-mapped address, /proc/net/tcp6. 0 when not found.
unsigned long clientSocketInode(const std::string& procRoot, const sockaddr_in& client, std::uint16_t port)
{
    // /proc/net/tcp prints each address as the %08X of its 32-bit words as they lie in memory and
    // each port in host order (net/ipv4/tcp_ipv4.c, get_tcp4_sock; tcp6: get_tcp6_sock).
    const std::uint32_t clientWord = client.sin_addr.s_addr;
    const unsigned clientPort = ntohs(client.sin_port);
    in_addr loopback{};
    loopback.s_addr = htonl(INADDR_LOOPBACK);
    const std::uint32_t loopbackWord = loopback.s_addr;
    in6_addr mapped{};
    mapped.s6_addr[10] = 0xff;
    mapped.s6_addr[11] = 0xff;
    std::uint32_t mappedWords[4];
    std::memcpy(mappedWords, &mapped, sizeof mappedWords);

    for (const bool six : {false, true}) {
        std::string table;
        if (!readSmallFile(procRoot + (six ? "/net/tcp6" : "/net/tcp"), 4u << 20, table))
            continue;
        std::size_t pos = table.find('\n'); // the header
        while (pos != std::string::npos && pos + 1 < table.size()) {
            const std::size_t start = pos + 1;
            pos = table.find('\n', start);
            const std::string line = table.substr(start, pos == std::string::npos ? std::string::npos : pos - start);
            char local[64] = {};
            char remote[64] = {};
            unsigned long inode = 0;
            // sl local rem st tx:rx tr:tm retrnsmt uid timeout inode
            if (std::sscanf(line.c_str(), " %*s %63s %63s %*s %*s %*s %*s %*s %*s %lu", local, remote, &inode) != 3)
                continue;
            const auto parse = [&](const char* text, std::uint32_t* words, unsigned& p) {
                const char* colon = std::strchr(text, ':');
                const std::size_t wordCount = six ? 4 : 1;
                if (colon == nullptr || static_cast<std::size_t>(colon - text) != wordCount * 8)
                    return false;
                for (std::size_t i = 0; i < wordCount; ++i) {
                    char hex[9] = {};
                    std::memcpy(hex, text + i * 8, 8);
                    char* end = nullptr;
                    words[i] = static_cast<std::uint32_t>(std::strtoul(hex, &end, 16));
                    if (end != hex + 8)
                        return false;
                }
                char* end = nullptr;
                p = static_cast<unsigned>(std::strtoul(colon + 1, &end, 16));
                return end != colon + 1 && *end == '\0';
            };
            std::uint32_t l[4] = {};
            std::uint32_t r[4] = {};
            unsigned lp = 0;
            unsigned rp = 0;
            if (!parse(local, l, lp) || !parse(remote, r, rp) || lp != clientPort || rp != port)
                continue;
            if (!six) {
                if (l[0] == clientWord && r[0] == loopbackWord)
                    return inode;
                continue;
            }
            const bool localMapped = l[0] == mappedWords[0] && l[1] == mappedWords[1] && l[2] == mappedWords[2];
            const bool remoteMapped = r[0] == mappedWords[0] && r[1] == mappedWords[1] && r[2] == mappedWords[2];
            if (localMapped && remoteMapped && l[3] == clientWord && r[3] == loopbackWord)
                return inode;
        }
    }
    return 0;
}

// The first process in `procRoot` holding a descriptor on socket `inode` (not ourselves).
pid_t socketHolder(const std::string& procRoot, unsigned long inode)
{
    const Dir proc(::opendir(procRoot.c_str()));
    if (!proc)
        return 0;
    const std::string wanted = "socket:[" + std::to_string(inode) + "]";
    const pid_t self = ::getpid();
    std::size_t processes = 0;
    std::size_t descriptors = 0;
    while (const dirent* entry = ::readdir(proc.get())) {
        char* end = nullptr;
        const long pid = std::strtol(entry->d_name, &end, 10);
        if (end == entry->d_name || *end != '\0' || pid <= 0 || pid == self)
            continue;
        if (++processes > kMaxScannedProcesses)
            return 0;
        const std::string fdDir = procRoot + "/" + entry->d_name + "/fd";
        const Dir fds(::opendir(fdDir.c_str()));
        if (!fds)
            continue; // gone, or not ours to look at (a non-dumpable process)
        const int dirFd = ::dirfd(fds.get());
        while (const dirent* fd = ::readdir(fds.get())) {
            if (fd->d_name[0] == '.')
                continue;
            if (++descriptors > kMaxScannedDescriptors)
                return 0;
            char link[64];
            const ssize_t n = ::readlinkat(dirFd, fd->d_name, link, sizeof link - 1);
            if (n <= 0)
                continue;
            if (static_cast<std::size_t>(n) == wanted.size() &&
                wanted.compare(0, wanted.size(), link, wanted.size()) == 0)
                return static_cast<pid_t>(pid);
        }
    }
    return 0;
}

struct Connection {
    UniqueFd client;
    UniqueFd upstream;
    std::string toUpstream; // starts with the CORDON-PEER line
    std::string toClient;
    bool clientEof = false;   // the client will send nothing more
    bool upstreamEof = false; // the proxy will send nothing more
    bool upstreamShut = false;
    bool clientShut = false;
    bool failed = false;
    std::size_t clientIndex = 0; // in the poll set; 0 = absent (index 0 is the listener)
    std::size_t upstreamIndex = 0;
};

// Reads what `from` has into `buffer` (up to the bound). End of stream sets `eof`; so does an error
// when `errorIsEnd` (the proxy reset the connection: what it sent before still goes to the client),
// else it sets `failed` (the client is gone: nobody to deliver to).
void pull(int from, std::string& buffer, bool& eof, bool& failed, bool errorIsEnd)
{
    char buf[16384];
    const std::size_t room = ProxyBridge::kBufferBytes - std::min(buffer.size(), ProxyBridge::kBufferBytes);
    if (room == 0)
        return;
    const ssize_t n = retryOnEintr([&] { return ::recv(from, buf, std::min(sizeof buf, room), 0); });
    if (n > 0) {
        buffer.append(buf, static_cast<std::size_t>(n));
        return;
    }
    if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
        if (n == 0 || errorIsEnd)
            eof = true;
        else
            failed = true;
    }
}

// Writes what `buffer` holds; false when `to` takes nothing more (EPIPE, ECONNRESET).
bool push(int to, std::string& buffer)
{
    while (!buffer.empty()) {
        const ssize_t n = retryOnEintr([&] { return ::send(to, buffer.data(), buffer.size(), MSG_NOSIGNAL); });
        if (n > 0) {
            buffer.erase(0, static_cast<std::size_t>(n));
            continue;
        }
        return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
    }
    return true;
}

void pushToClient(Connection& c)
{
    if (!push(c.client.get(), c.toClient))
        c.failed = true; // the client is gone
}

void pushToUpstream(Connection& c)
{
    if (push(c.upstream.get(), c.toUpstream))
        return;
    // The proxy stopped reading (it answered, say a 403, and closed while the client was still
    // sending): drop the rest of the client's bytes, but keep relaying the proxy's answer.
    c.toUpstream.clear();
    c.clientEof = true;
    c.upstreamShut = true;
}

// Passes a half-close on once everything before it is through.
void passHalfClose(Connection& c)
{
    if (c.clientEof && c.toUpstream.empty() && !c.upstreamShut) {
        if (::shutdown(c.upstream.get(), SHUT_WR) != 0 && errno != ENOTCONN)
            c.failed = true;
        c.upstreamShut = true;
    }
    if (c.upstreamEof && c.toClient.empty() && !c.clientShut) {
        if (::shutdown(c.client.get(), SHUT_WR) != 0 && errno != ENOTCONN)
            c.failed = true;
        c.clientShut = true;
    }
}

UniqueFd connectUpstream(const std::string& socketPath)
{
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (socketPath.size() >= sizeof addr.sun_path) {
        errno = ENAMETOOLONG;
        return UniqueFd();
    }
    std::memcpy(addr.sun_path, socketPath.c_str(), socketPath.size() + 1);
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd)
        return UniqueFd();
    // A Unix stream connect completes at once or fails; EAGAIN means the proxy's backlog is full,
    // and the client is better told at once (its connection closes) than kept waiting.
    if (retryOnEintr([&] { return ::connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr); }) != 0)
        return UniqueFd();
    return fd;
}

} // namespace

UniqueFd ProxyBridge::listen(std::uint16_t port)
{
    UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd)
        dieErrno(ExitCode::SandboxFailed, "proxy bridge: socket");
    const int one = 1;
    if (::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0)
        dieErrno(ExitCode::SandboxFailed, "proxy bridge: SO_REUSEADDR");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0)
        dieErrno(ExitCode::SandboxFailed, "proxy bridge: binding 127.0.0.1:%u", static_cast<unsigned>(port));
    if (::listen(fd.get(), 128) != 0)
        dieErrno(ExitCode::SandboxFailed, "proxy bridge: listen");
    return fd;
}

ProxyBridge::Peer ProxyBridge::findPeer(int accepted, std::uint16_t port, const std::string& procRoot)
{
    Peer peer;
    sockaddr_in client{};
    socklen_t length = sizeof client;
    if (::getpeername(accepted, reinterpret_cast<sockaddr*>(&client), &length) != 0 || client.sin_family != AF_INET)
        return peer;
    const unsigned long inode = clientSocketInode(procRoot, client, port);
    if (inode == 0)
        return peer;
    const pid_t pid = socketHolder(procRoot, inode);
    if (pid == 0)
        return peer;
    const std::string dir = procRoot + "/" + std::to_string(pid);
    char exe[4096];
    const ssize_t n = ::readlink((dir + "/exe").c_str(), exe, sizeof exe);
    std::string cmdline;
    if (n <= 0 || static_cast<std::size_t>(n) >= sizeof exe || !readSmallFile(dir + "/cmdline", kMaxArgBytes, cmdline))
        return peer; // exited meanwhile, or not readable: nothing reliable to say
    peer.pid = pid;
    peer.exe.assign(exe, static_cast<std::size_t>(n));
    std::size_t start = 0;
    while (start < cmdline.size() && peer.argv.size() < kMaxArgs) {
        const std::size_t nul = cmdline.find('\0', start);
        peer.argv.push_back(cmdline.substr(start, nul == std::string::npos ? std::string::npos : nul - start));
        if (nul == std::string::npos)
            break;
        start = nul + 1;
    }
    return peer;
}

std::string ProxyBridge::peerLine(const Peer& peer)
{
    // The proxy refuses a line above kMaxLineBytes (helper/proxy/PeerHeader.h), and escaping can
    // make an argument up to six times longer: arguments that would not fit are left out, as
    // truncated as a shell's `ps` column would be, rather than costing the agent its connection.
    std::string line = "CORDON-PEER {\"pid\":" + std::to_string(peer.pid) + ",\"exe\":";
    std::string exe;
    JsonText::appendString(exe, peer.exe);
    line += exe.size() <= kMaxLineBytes / 2 ? exe : std::string("\"\"");
    line += ",\"argv\":[";
    static constexpr std::size_t kClosing = 3; // ]}\n
    bool first = true;
    for (const std::string& arg : peer.argv) {
        std::string encoded;
        JsonText::appendString(encoded, arg);
        if (line.size() + (first ? 0 : 1) + encoded.size() + kClosing > kMaxLineBytes)
            break;
        if (!first)
            line.push_back(',');
        line += encoded;
        first = false;
    }
    line += "]}\n";
    return line;
}

void ProxyBridge::run(UniqueFd listener, std::uint16_t port, const std::string& socketPath)
{
    // The shim's pid namespace dies with the shim; the signal also covers a shim that dies first.
    if (::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0)
        dieErrno(ExitCode::SandboxFailed, "proxy bridge: PR_SET_PDEATHSIG");
    if (::signal(SIGPIPE, SIG_IGN) == SIG_ERR)
        dieErrno(ExitCode::SandboxFailed, "proxy bridge: signal");
    // Nothing but the listener and stderr (for warnings): not the pty slave, not the shim's pipes.
    const int devNull = retryOnEintr([] { return ::open("/dev/null", O_RDWR | O_CLOEXEC); });
    if (devNull >= 0) {
        (void)::dup2(devNull, 0);
        (void)::dup2(devNull, 1);
        (void)::close(devNull);
    }
    const int keep = listener.get();
    if ((keep > 3 && ::close_range(3, static_cast<unsigned>(keep) - 1, 0) != 0) ||
        ::close_range(static_cast<unsigned>(keep) + 1, ~0u, 0) != 0)
        dieErrno(ExitCode::SandboxFailed, "proxy bridge: close_range");

    std::vector<std::unique_ptr<Connection>> connections;
    std::vector<pollfd> fds;
    bool warnedUpstream = false;
    for (;;) {
        fds.clear();
        // The listener first, and only while there is room: beyond the bound, clients queue in
        // the backlog instead of costing memory here.
        fds.push_back({connections.size() < kMaxConnections ? listener.get() : -1, POLLIN, 0});
        for (auto& c : connections) {
            c->clientIndex = c->upstreamIndex = 0;
            short clientEvents = 0;
            if (!c->clientEof && c->toUpstream.size() < kBufferBytes)
                clientEvents |= POLLIN;
            if (!c->toClient.empty())
                clientEvents |= POLLOUT;
            short upstreamEvents = 0;
            if (!c->upstreamEof && c->toClient.size() < kBufferBytes)
                upstreamEvents |= POLLIN;
            if (!c->toUpstream.empty())
                upstreamEvents |= POLLOUT;
            if (clientEvents != 0) {
                c->clientIndex = fds.size();
                fds.push_back({c->client.get(), clientEvents, 0});
            }
            if (upstreamEvents != 0) {
                c->upstreamIndex = fds.size();
                fds.push_back({c->upstream.get(), upstreamEvents, 0});
            }
        }
        if (retryOnEintr([&] { return ::poll(fds.data(), fds.size(), -1); }) < 0)
            dieErrno(ExitCode::SandboxFailed, "proxy bridge: poll");

        for (auto& c : connections) {
            const short cr = c->clientIndex != 0 ? fds[c->clientIndex].revents : 0;
            const short ur = c->upstreamIndex != 0 ? fds[c->upstreamIndex].revents : 0;
            if (cr & POLLOUT)
                pushToClient(*c);
            if (ur & POLLOUT)
                pushToUpstream(*c);
            if (!c->clientEof && (cr & (POLLIN | POLLHUP | POLLERR)))
                pull(c->client.get(), c->toUpstream, c->clientEof, c->failed, false);
            if (!c->upstreamEof && (ur & (POLLIN | POLLHUP | POLLERR)))
                pull(c->upstream.get(), c->toClient, c->upstreamEof, c->failed, true);
            // Forward what just arrived without waiting for another round.
            if (!c->failed && !c->toUpstream.empty())
                pushToUpstream(*c);
            if (!c->failed && !c->toClient.empty())
                pushToClient(*c);
            if (!c->failed)
                passHalfClose(*c);
        }
        std::erase_if(connections, [](const std::unique_ptr<Connection>& c) {
            return c->failed || (c->clientEof && c->upstreamEof && c->toClient.empty() && c->toUpstream.empty());
        });

        if ((fds[0].revents & POLLIN) == 0)
            continue;
        for (int accepted = 0; accepted < 16 && connections.size() < kMaxConnections; ++accepted) {
            UniqueFd client(::accept4(listener.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
            if (!client) {
                if (errno != EAGAIN && errno != EWOULDBLOCK && errno != ECONNABORTED && errno != EINTR)
                    warn("proxy bridge: accept: %s", std::strerror(errno));
                break;
            }
            auto c = std::make_unique<Connection>();
            // Who it is, before the proxy hears anything from it; looked up while the client is
            // surely still connected (it is waiting for our answer).
            c->toUpstream = peerLine(findPeer(client.get(), port, "/proc"));
            c->upstream = connectUpstream(socketPath);
            if (!c->upstream) {
                // The proxy is not there (or full): the client sees its connection close. Said
                // once, so that a missing proxy does not flood the terminal.
                if (!warnedUpstream)
                    warn("proxy bridge: cannot reach the proxy at %s: %s", socketPath.c_str(), std::strerror(errno));
                warnedUpstream = true;
                continue;
            }
            c->client = std::move(client);
            pushToUpstream(*c);
            connections.push_back(std::move(c));
        }
    }
}

} // namespace cordon::confine
