#include "PeerCheck.h"

#include "UniqueFd.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

// Debian 12's headers predate both; the values are the kernel's ABI (include/uapi/asm-generic/
// socket.h and include/uapi/linux/pidfd.h).
#ifndef SO_PEERPIDFD
#define SO_PEERPIDFD 77
#endif
#ifndef PIDFS_IOCTL_MAGIC
#define PIDFS_IOCTL_MAGIC 0xFF
#endif
#ifndef PIDFD_GET_PID_NAMESPACE
#define PIDFD_GET_PID_NAMESPACE _IO(PIDFS_IOCTL_MAGIC, 5)
#endif
#ifndef PIDFD_GET_USER_NAMESPACE
#define PIDFD_GET_USER_NAMESPACE _IO(PIDFS_IOCTL_MAGIC, 9)
#endif

namespace cordon::helperd {

using confine::UniqueFd;

bool PeerCheck::nsOfFd(int nsFd, NsId* id)
{
    struct stat st { };
    if (::fstat(nsFd, &st) != 0)
        return false;
    id->dev = st.st_dev;
    id->ino = st.st_ino;
    return true;
}

bool PeerCheck::nsOfPath(const char* path, NsId* id)
{
    // stat follows the magic link to the namespace inode (nsfs): (st_dev, st_ino) identifies the
    // namespace (namespaces(7), "The /proc/[pid]/ns/ directory").
    struct stat st { };
    if (::stat(path, &st) != 0)
        return false;
    id->dev = st.st_dev;
    id->ino = st.st_ino;
    return true;
}

bool PeerCheck::init(QString* error)
{
    m_uid = ::geteuid();
    if (!nsOfPath("/proc/self/ns/pid", &m_pidNs) || !nsOfPath("/proc/self/ns/user", &m_userNs)) {
        *error = QStringLiteral("cannot read the helper's own namespaces in /proc/self/ns: %1")
                     .arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    return true;
}

bool PeerCheck::check(int socketFd, bool requireSameUid, PeerCredentials* peer, QString* why) const
{
    ucred cred{};
    socklen_t len = sizeof cred;
    if (::getsockopt(socketFd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0 || len != sizeof cred) {
        *why = QStringLiteral("cannot read the peer's credentials");
        return false;
    }
    peer->uid = cred.uid;
    peer->gid = cred.gid;
    peer->pid = cred.pid;
    // pid 0: the peer's pid namespace is not ours nor below it (SO_PEERCRED translates the pid
    // into the reader's namespace and gives 0 when it cannot: unix(7)).
    if (cred.pid <= 0) {
        *why = QStringLiteral("the connecting process is in another pid namespace");
        return false;
    }
    if (requireSameUid && cred.uid != m_uid) {
        *why = QStringLiteral("this helper serves uid %1 only").arg(m_uid);
        return false;
    }

    UniqueFd pidfd;
    {
        int fd = -1;
        socklen_t fdLen = sizeof fd;
        if (::getsockopt(socketFd, SOL_SOCKET, SO_PEERPIDFD, &fd, &fdLen) == 0 && fd >= 0)
            pidfd.reset(fd);
        else if (errno != ENOPROTOOPT) {
            *why = QStringLiteral("cannot pin the connecting process (SO_PEERPIDFD)");
            return false;
        }
    }

    NsId pidNs, userNs;
    bool haveNs = false;
    if (pidfd) {
        UniqueFd pidNsFd(::ioctl(pidfd.get(), PIDFD_GET_PID_NAMESPACE, 0));
        const int pidErr = errno;
        UniqueFd userNsFd(::ioctl(pidfd.get(), PIDFD_GET_USER_NAMESPACE, 0));
        if (pidNsFd && userNsFd) {
            if (!nsOfFd(pidNsFd.get(), &pidNs) || !nsOfFd(userNsFd.get(), &userNs)) {
                *why = QStringLiteral("cannot read the connecting process's namespaces");
                return false;
            }
            haveNs = true;
        } else if (pidErr == ESRCH || errno == ESRCH) {
            *why = QStringLiteral("the connecting process is gone");
            return false;
        }
        // ENOTTY/EINVAL (kernel before 6.11) or EPERM: fall back to /proc below.
    }
    if (!haveNs) {
        // Fallback: /proc/PID/ns, read by pid, then a liveness check through a pidfd taken
        // before the read (SO_PEERPIDFD's or pidfd_open's). If the process is alive after the
        // read, the pid was never reused in between: the namespaces are the peer's.
        if (!pidfd) {
            const int fd = static_cast<int>(::syscall(SYS_pidfd_open, cred.pid, 0));
            if (fd < 0) {
                *why = QStringLiteral("cannot pin the connecting process (pidfd_open)");
                return false;
            }
            pidfd.reset(fd);
        }
        char pidPath[64], userPath[64];
        std::snprintf(pidPath, sizeof pidPath, "/proc/%d/ns/pid", static_cast<int>(cred.pid));
        std::snprintf(userPath, sizeof userPath, "/proc/%d/ns/user", static_cast<int>(cred.pid));
        if (!nsOfPath(pidPath, &pidNs) || !nsOfPath(userPath, &userNs)) {
            *why = QStringLiteral("cannot read the connecting process's namespaces");
            return false;
        }
        // pidfd_send_signal with signal 0: ESRCH once the process has exited.
        if (::syscall(SYS_pidfd_send_signal, pidfd.get(), 0, nullptr, 0) != 0 && errno == ESRCH) {
            *why = QStringLiteral("the connecting process is gone");
            return false;
        }
    }
    // Every sandbox has its own pid and user namespace, so a process inside any sandbox (ours or
    // another helper's) is refused whatever its uid (DESIGN.md rule 5).
    if (!(pidNs == m_pidNs) || !(userNs == m_userNs)) {
        *why = QStringLiteral("clients inside a sandbox or another namespace are not served");
        return false;
    }
    return true;
}

} // namespace cordon::helperd
