#pragma once
// One sandboxed session as the helper runs it: the cordon-sandbox process (its monitor) and the
// session's cordon-proxy, each held by a pidfd (no pid reuse, no SIGCHLD handler: the pidfd
// becomes readable when the process exits, pidfd_open(2)); the sandbox's event and control
// channels; the proxy's event and decider channels; the runtime directory holding proxy.sock.
// The daemon owns the policy, the journal and the clients; this class owns the processes.

#include "EffectivePolicy.h"
#include "SecretSource.h"
#include "UniqueFd.h"
#include "UserAccount.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <optional>
#include <sys/types.h>

class QSocketNotifier;
class QTimer;

namespace cordon::helperd {

class ClientConnection;
class DeciderChannel;
class JsonLineChannel;
class OutputLog;
class SecretStore;

class Session final : public QObject {
    Q_OBJECT
public:
    enum class State {
        Starting,
        Running,
        Stopping,
        Ended
    };
    static QString stateName(State state);
    // After the sandbox exited, how long its events and output may take to be read before the end
    // is reported anyway.
    static constexpr int kDrainAfterExitMs = 2000;

    Session(QString id, const UserAccount& user, QObject* parent = nullptr);
    ~Session() override;

    const QString id;
    const UserAccount user;
    QString profile;
    QString workspace;
    QStringList argv;
    EffectivePolicy policy;
    QString runtimeDir;      // holds proxy.sock; removed at the end
    QString grantsDirectory; // where this session's "always" answers are saved (AlwaysGrantStore)
    qint64 startedMs = 0;
    std::optional<qint64> endedMs;
    std::optional<int> exitStatus;
    std::optional<qint64> timeoutAtMs;
    State state = State::Starting;
    QPointer<ClientConnection> attachedClient;
    bool stopRequested = false;
    // The secret broker (docs/helper.md, "Secrets"). secrets: the session's delivered files
    // (<runtimeDir>/secrets, bound read-only at /run/cordon/secrets), a child of this object, or
    // null. secretContext: what SecretSource needs (only the launcher's variables that secrets
    // name as sources). secretGrants: request-delivered names granted for the session or always,
    // with the time (ms) until which they hold.
    SecretStore* secrets = nullptr;
    SecretContext secretContext;
    QHash<QString, qint64> secretGrants;

    // Takes ownership of the descriptors.
    void adoptSandbox(pid_t pid, int pidfd, int eventsFd, int controlFd);
    void adoptProxy(pid_t pid, int pidfd, int eventsFd, int deciderFd);
    // The output log of a session without a terminal (OutputLog); the session becomes its parent.
    // The sandbox's end is reported only once the log has read everything (or after a bound).
    void adoptOutputLog(OutputLog* log);
    OutputLog* outputLog() const { return m_outputLog; }
    pid_t sandboxPid() const { return m_sandboxPid; }
    pid_t proxyPid() const { return m_proxyPid; }
    DeciderChannel* decider() const { return m_decider; }

    // One control line (docs/protocol.md, "terminal"; `stop`, `extend N`). False when the
    // sandbox cannot be told (gone, or its control socket full).
    bool sendControl(const QByteArray& line);
    // `stop` on the control channel, and SIGKILL of the sandbox when it has not ended after
    // killAfterMs (its own grace period is inside that).
    void stop(int killAfterMs);
    void killNow();

    QJsonObject toJson(int pending) const;
    // Bytes the session's cgroup uses now; nullopt without a cgroup (no limits) or once ended.
    std::optional<qint64> currentMemory() const;

Q_SIGNALS:
    void sandboxLine(cordon::helperd::Session* session, const QJsonObject& line);
    void proxyLine(cordon::helperd::Session* session, const QJsonObject& line);
    // The sandbox process has exited and was reaped; `status` as a shell reports it.
    void sandboxExited(cordon::helperd::Session* session, int status);

private:
    void onSandboxExit();
    // Reports the exit once the sandbox's last event line and last byte of output are read.
    void finishExitWhenDrained();
    void finishExit();
    void onProxyExit();
    void cleanUp();

    pid_t m_sandboxPid = -1;
    pid_t m_proxyPid = -1;
    confine::UniqueFd m_sandboxPidfd;
    confine::UniqueFd m_proxyPidfd;
    confine::UniqueFd m_control;
    QSocketNotifier* m_sandboxExit = nullptr;
    QSocketNotifier* m_proxyExit = nullptr;
    JsonLineChannel* m_sandboxEvents = nullptr;
    JsonLineChannel* m_proxyEvents = nullptr;
    DeciderChannel* m_decider = nullptr;
    OutputLog* m_outputLog = nullptr;
    QTimer* m_killTimer = nullptr;
    std::optional<int> m_exitStatus;
    bool m_exitReported = false;
};

} // namespace cordon::helperd
