#include "HostFixtures.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>

#include <arpa/inet.h>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

QString errnoText()
{
    return QString::fromLocal8Bit(strerror(errno));
}

int listenInet(int type, int* port, QString* error)
{
    const int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *error = QStringLiteral("socket: ") + errnoText();
        return -1;
    }
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (bind(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0 ||
        (type == SOCK_STREAM && listen(fd, 64) != 0)) {
        *error = QStringLiteral("binding 127.0.0.1: ") + errnoText();
        close(fd);
        return -1;
    }
    *port = ntohs(addr.sin_port);
    return fd;
}

} // namespace

HostFixtures::~HostFixtures()
{
    stop();
}

int HostFixtures::listenUnix(const QString& path, bool abstract, QString* error)
{
    const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *error = QStringLiteral("socket(AF_UNIX): ") + errnoText();
        return -1;
    }
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    const QByteArray name = QFile::encodeName(path);
    socklen_t len = 0;
    if (abstract) {
        memcpy(addr.sun_path + 1, name.constData(), static_cast<size_t>(name.size()));
        len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + static_cast<size_t>(name.size()));
    } else {
        memcpy(addr.sun_path, name.constData(), static_cast<size_t>(name.size()));
        len = sizeof addr;
    }
    if (bind(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 || listen(fd, 64) != 0) {
        *error =
            QStringLiteral("listening on %1%2: %3").arg(abstract ? QStringLiteral("@") : QString(), path, errnoText());
        close(fd);
        return -1;
    }
    if (!abstract) {
        m_removeFiles.append(path);
        // The probe user's control run must be able to connect: that is what shows the probe can tell.
        if (chmod(name.constData(), 0666) != 0 || chown(name.constData(), m_uid, m_gid) != 0) {
            *error = QStringLiteral("chmod/chown %1: %2").arg(path, errnoText());
            close(fd);
            return -1;
        }
    }
    m_fds.push_back(fd);
    return fd;
}

bool HostFixtures::start(uid_t uid, gid_t gid, const QString& tag, QString* error)
{
    m_uid = uid;
    m_gid = gid;
    const int tcp = listenInet(SOCK_STREAM, &m_tcpPort, error);
    if (tcp < 0)
        return false;
    m_fds.push_back(tcp);
    m_udpFd = listenInet(SOCK_DGRAM, &m_udpPort, error);
    if (m_udpFd < 0)
        return false;
    m_udpThread = std::thread([this] { udpEchoLoop(); });

    m_abstractName = QStringLiteral("cordon-escape-") + tag;
    if (listenUnix(m_abstractName, true, error) < 0)
        return false;

    // X11: /tmp/.X11-unix/X<n> and the abstract socket of the same name, as an X server makes them.
    m_x11Display = QString::number(900 + QRandomGenerator::global()->bounded(99));
    if (!QFileInfo::exists(QStringLiteral("/tmp/.X11-unix"))) {
        if (mkdir("/tmp/.X11-unix", 01777) != 0 || chmod("/tmp/.X11-unix", 01777) != 0) {
            *error = QStringLiteral("mkdir /tmp/.X11-unix: ") + errnoText();
            return false;
        }
        m_removeDirs.append(QStringLiteral("/tmp/.X11-unix"));
    }
    const QString x11 = QStringLiteral("/tmp/.X11-unix/X") + m_x11Display;
    if (listenUnix(x11, false, error) < 0 || listenUnix(x11, true, error) < 0)
        return false;

    // ssh-agent's socket: /tmp/ssh-XXXX/agent.<pid>, owned by the user.
    const QString sshDir = QStringLiteral("/tmp/ssh-cordon-") + tag;
    if (mkdir(QFile::encodeName(sshDir).constData(), 0700) != 0 ||
        chown(QFile::encodeName(sshDir).constData(), uid, gid) != 0) {
        *error = QStringLiteral("mkdir %1: %2").arg(sshDir, errnoText());
        return false;
    }
    m_removeDirs.append(sshDir);
    m_sshSocket = sshDir + QStringLiteral("/agent.1");
    if (listenUnix(m_sshSocket, false, error) < 0)
        return false;

    // The D-Bus session bus at $XDG_RUNTIME_DIR/bus.
    const QString runtime = QStringLiteral("/run/user/") + QString::number(uid);
    if (!QFileInfo::exists(QStringLiteral("/run/user"))) {
        if (mkdir("/run/user", 0755) != 0) {
            *error = QStringLiteral("mkdir /run/user: ") + errnoText();
            return false;
        }
        m_removeDirs.append(QStringLiteral("/run/user"));
    }
    if (!QFileInfo::exists(runtime)) {
        if (mkdir(QFile::encodeName(runtime).constData(), 0700) != 0 ||
            chown(QFile::encodeName(runtime).constData(), uid, gid) != 0) {
            *error = QStringLiteral("mkdir %1: %2").arg(runtime, errnoText());
            return false;
        }
        m_removeDirs.append(runtime);
    }
    m_dbusSocket = runtime + QStringLiteral("/bus");
    if (!QFileInfo::exists(m_dbusSocket) && listenUnix(m_dbusSocket, false, error) < 0)
        return false;

    // docker.sock: only when this machine has none (never touch a real daemon's socket).
    if (!QFileInfo::exists(QStringLiteral("/run/docker.sock")) &&
        listenUnix(QStringLiteral("/run/docker.sock"), false, error) < 0)
        return false;

    // A pseudo-terminal of the host, held open: /dev/pts/N exists on the host for the whole run.
    const int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    char slave[64] = {};
    if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0 || ptsname_r(master, slave, sizeof slave) != 0) {
        *error = QStringLiteral("posix_openpt: ") + errnoText();
        if (master >= 0)
            close(master);
        return false;
    }
    m_fds.push_back(master);
    m_ptyNumber = QString::fromLatin1(slave).section(u'/', -1).toInt();

    // A SysV shared memory segment anyone on the host may attach (key chosen per run).
    for (int attempt = 0; attempt < 16 && m_shmId < 0; ++attempt) {
        m_shmKey = 0x43000000 | static_cast<int>(QRandomGenerator::global()->bounded(0xffffff));
        m_shmId = shmget(m_shmKey, 4096, IPC_CREAT | IPC_EXCL | 0666);
    }
    if (m_shmId < 0) {
        *error = QStringLiteral("shmget: ") + errnoText();
        return false;
    }
    return true;
}

void HostFixtures::udpEchoLoop()
{
    // Echoes every datagram: the UDP probe's answer and, for the DNS probe, "a nameserver answered".
    while (!m_stopping.load()) {
        pollfd p{m_udpFd, POLLIN, 0};
        if (poll(&p, 1, 200) != 1)
            continue;
        char buf[2048];
        sockaddr_storage from{};
        socklen_t len = sizeof from;
        const ssize_t n = recvfrom(m_udpFd, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &len);
        if (n > 0)
            (void)sendto(m_udpFd, buf, static_cast<size_t>(n), 0, reinterpret_cast<sockaddr*>(&from), len);
    }
}

bool HostFixtures::startSleeper(const QString& marker, const QString& program, const QString& openFile, QString* error)
{
    if (sleeperAlive())
        return true;
    const QByteArray env = "CORDON_PROBE_MARKER=" + marker.toUtf8();
    const QByteArray file = QFile::encodeName(openFile);
    const QByteArray exe = QFile::encodeName(program);
    const pid_t pid = fork();
    if (pid < 0) {
        *error = QStringLiteral("fork: ") + errnoText();
        return false;
    }
    if (pid == 0) {
        if (setgroups(0, nullptr) != 0 || setgid(m_gid) != 0 || setuid(m_uid) != 0)
            _exit(126);
        const int null = open("/dev/null", O_RDWR);
        if (null >= 0) {
            dup2(null, 0);
            dup2(null, 1);
        }
        // A descriptor worth stealing, for the probe that reopens other processes' descriptors.
        const int held = open(file.constData(), O_RDONLY);
        if (held < 0 || dup2(held, 3) != 3)
            _exit(125);
        char* const argv[] = {
            const_cast<char*>(exe.constData()), const_cast<char*>("--sleep"), const_cast<char*>("sleeper"), nullptr};
        char* const envp[] = {const_cast<char*>(env.constData()), nullptr};
        execve(exe.constData(), argv, envp);
        _exit(127);
    }
    m_sleeper = pid;
    usleep(50 * 1000);
    if (!sleeperAlive()) {
        *error = QStringLiteral("the sleeping host process died at once");
        return false;
    }
    return true;
}

bool HostFixtures::sleeperAlive() const
{
    if (m_sleeper <= 0)
        return false;
    // Our own child: a zombie is dead, so reap first.
    int status = 0;
    const pid_t r = waitpid(m_sleeper, &status, WNOHANG);
    if (r == m_sleeper) {
        const_cast<HostFixtures*>(this)->m_sleeper = -1;
        return false;
    }
    return kill(m_sleeper, 0) == 0;
}

void HostFixtures::stop()
{
    m_stopping.store(true);
    if (m_udpThread.joinable())
        m_udpThread.join();
    if (m_udpFd >= 0)
        close(m_udpFd);
    m_udpFd = -1;
    for (const int fd : m_fds)
        close(fd);
    m_fds.clear();
    for (const auto& f : m_removeFiles)
        unlink(QFile::encodeName(f).constData());
    m_removeFiles.clear();
    for (auto it = m_removeDirs.crbegin(); it != m_removeDirs.crend(); ++it)
        rmdir(QFile::encodeName(*it).constData());
    m_removeDirs.clear();
    if (m_shmId >= 0)
        shmctl(m_shmId, IPC_RMID, nullptr);
    m_shmId = -1;
    if (m_sleeper > 0) {
        kill(m_sleeper, SIGKILL);
        waitpid(m_sleeper, nullptr, 0);
        m_sleeper = -1;
    }
}
