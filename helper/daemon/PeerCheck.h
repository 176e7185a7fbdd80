#pragma once
// Who is on the other end of an accepted helper connection, and whether they may talk to us
// (docs/protocol.md, "Who is allowed"; DESIGN.md rule 5: a sandbox can never answer its own
// escalation).
//
// SO_PEERCRED gives the uid, gid and pid the kernel recorded at connect(2); the pid is 0 when the
// peer lives in a pid namespace we cannot see into (a sandbox of another helper, a container).
// The namespaces are read from a pidfd of the peer (SO_PEERPIDFD, Linux 6.5) with the pidfs
// ioctls PIDFD_GET_{PID,USER}_NAMESPACE (Linux 6.11): the pidfd pins the very process that
// connected, so a pid that exited and was reused cannot be mistaken for it. Without the ioctls we
// read /proc/PID/ns/{pid,user} and then check, through the pidfd (or pidfd_open), that the
// process is still alive: if it is, the pid was not reused between connect and our read.
// Anything we cannot read is refused (fail closed).

#include <QString>

#include <sys/types.h>

namespace cordon::helperd {

struct PeerCredentials {
    uid_t uid = static_cast<uid_t>(-1);
    gid_t gid = static_cast<gid_t>(-1);
    pid_t pid = 0;
};

class PeerCheck final {
public:
    // The helper's own namespaces, read once at start (fails closed if they cannot be read).
    [[nodiscard]] bool init(QString* error);

    // Reads the peer's credentials from a connected Unix socket and decides whether it may use
    // the helper. `requireUid` (rootless mode: the helper's own uid) refuses any other uid.
    // False with *why (English, safe to send to the peer) when refused.
    [[nodiscard]] bool check(int socketFd, bool requireSameUid, PeerCredentials* peer, QString* why) const;

private:
    struct NsId {
        dev_t dev = 0;
        ino_t ino = 0;
        bool operator==(const NsId&) const = default;
    };
    [[nodiscard]] static bool nsOfFd(int nsFd, NsId* id);
    [[nodiscard]] static bool nsOfPath(const char* path, NsId* id);

    NsId m_pidNs;
    NsId m_userNs;
    uid_t m_uid = 0;
};

} // namespace cordon::helperd
