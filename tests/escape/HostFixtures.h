#pragma once
// What the escape probes reach for on the host, set up by the runner (as root) before any probe runs:
// listening sockets on the host's loopback and in its abstract namespace, the unix sockets desktop
// sessions have (X11, D-Bus session bus, ssh-agent, docker.sock), a UDP echo/DNS answerer, a SysV shared
// memory segment and a sleeping process of the probe user. Each one is something a probe must NOT reach
// from inside the sandbox, and must reach in its control run (which proves the probe detects a breach).

#include <QString>
#include <QStringList>

#include <atomic>
#include <sys/types.h>
#include <thread>
#include <vector>

class HostFixtures {
public:
    HostFixtures() = default;
    ~HostFixtures();
    HostFixtures(const HostFixtures&) = delete;
    HostFixtures& operator=(const HostFixtures&) = delete;

    // Everything or nothing: on failure `error` says what could not be made.
    bool start(uid_t uid, gid_t gid, const QString& tag, QString* error);
    void stop();

    // The probe user's sleeping process: `program --sleep sleeper` (a binary outside /usr, for the /proc/PID/exe
    // probe), its environment carries `marker`, its descriptor 3 is `openFile`. Restarted after a control run
    // that was meant to kill it.
    bool startSleeper(const QString& marker, const QString& program, const QString& openFile, QString* error);
    bool sleeperAlive() const;
    pid_t sleeperPid() const { return m_sleeper; }

    int tcpPort() const { return m_tcpPort; }
    int udpPort() const { return m_udpPort; }
    QString abstractName() const { return m_abstractName; }
    QString x11Display() const { return m_x11Display; }
    QString sshAgentSocket() const { return m_sshSocket; }
    QString dbusSocket() const { return m_dbusSocket; }
    int shmKey() const { return m_shmKey; }
    int ptyNumber() const { return m_ptyNumber; }

private:
    int listenUnix(const QString& path, bool abstract, QString* error);
    void udpEchoLoop();

    uid_t m_uid = 0;
    gid_t m_gid = 0;
    std::vector<int> m_fds;
    QStringList m_removeFiles;
    QStringList m_removeDirs; // removed in reverse order, only when we created them
    int m_tcpPort = 0;
    int m_udpPort = 0;
    int m_udpFd = -1;
    int m_shmId = -1;
    int m_shmKey = 0;
    int m_ptyNumber = -1;
    pid_t m_sleeper = -1;
    QString m_abstractName;
    QString m_x11Display;
    QString m_sshSocket;
    QString m_dbusSocket;
    std::atomic<bool> m_stopping{false};
    std::thread m_udpThread;
};
