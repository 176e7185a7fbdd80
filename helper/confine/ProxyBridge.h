#pragma once
// The egress bridge, inside the sandbox's network namespace. The sandbox has no route anywhere;
// its one way out is Cordon's egress proxy, which runs outside and listens on a Unix socket bound
// into the sandbox (LaunchSpec::proxySocket). Agents speak HTTP(S) proxy over TCP, though
// (HTTPS_PROXY=http://127.0.0.1:PORT), so a child of the shim listens on 127.0.0.1:proxyPort and
// relays each accepted connection to that socket, after one header line that says which process
// inside opened it:
//
//   CORDON-PEER {"pid":P,"exe":"/usr/bin/git","argv":["git","fetch"]}\n
//
// P is the pid inside the sandbox of the process holding the client socket (found through
// /proc/net/tcp{,6}: the client's port gives its socket's inode, then /proc/[pid]/fd names the
// holder), exe its /proc/P/exe, argv its /proc/P/cmdline (at most 64 entries, 8 KiB); pid 0 and
// empty fields when it cannot be found (the process is gone, or passed the socket on). The line
// is a claim, not a credential: any process inside can connect to the proxy's socket directly and
// write any line it likes. The proxy uses it to show people which command asked; it never decides
// on it (every process inside is the agent anyway).
//
// Not a hole: the bridge is forked by the shim after every layer is applied and verified (the
// mount namespace, Landlock, no capabilities, both seccomp filters), so it can reach exactly what
// the agent can (it is the agent's own loopback and the socket the spec names), and it connects
// nowhere but to the one path in the spec. It inherits the shim's non-dumpable state, so the
// agent (same uid) can neither read its memory nor take its descriptors through /proc, and seccomp
// forbids ptrace. What the agent can do is kill it, which only cuts its own egress.
//
// Relay: one poll loop, read/write through 64 KiB buffers per direction (a full buffer stops
// reading that side: back-pressure, not memory), a half-close passed on as shutdown(SHUT_WR) once
// the buffer is flushed, at most kMaxConnections at once (beyond that, new clients wait in the
// listen backlog).

#include "UniqueFd.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <sys/types.h>
#include <vector>

namespace cordon::confine {

class ProxyBridge {
public:
    // Shim side, before the capabilities are dropped (a port below 1024 needs
    // CAP_NET_BIND_SERVICE in the sandbox's namespace) and before anything of the agent runs (no
    // process inside can take the port first): the listening socket, O_CLOEXEC.
    static UniqueFd listen(std::uint16_t port);

    // In a forked child of the shim: relays until killed. Never returns.
    [[noreturn]] static void run(UniqueFd listener, std::uint16_t port, const std::string& socketPath);

    struct Peer {
        pid_t pid = 0;
        std::string exe;
        std::vector<std::string> argv;
    };
    // The process holding the other end of `accepted` (a TCP connection to 127.0.0.1:port),
    // looked up in `procRoot` (normally /proc). A Peer with pid 0 when none is found.
    static Peer findPeer(int accepted, std::uint16_t port, const std::string& procRoot = "/proc");
    // "CORDON-PEER {...}\n", at most kMaxLineBytes long: arguments that would not fit are left out.
    static std::string peerLine(const Peer& peer);
    static constexpr std::size_t kMaxLineBytes = 8 * 1024; // the proxy's bound (PeerHeader.h)

    static constexpr std::size_t kMaxConnections = 256;
    static constexpr std::size_t kBufferBytes = 64 * 1024;
    static constexpr std::size_t kMaxArgs = 64;
    static constexpr std::size_t kMaxArgBytes = 8 * 1024;
};

} // namespace cordon::confine
