#pragma once
// cordon-helper's core: the listening socket, the clients, the sessions, the journal, the
// escalations (docs/protocol.md is the contract; docs/helper.md says who runs as whom).
// Everything runs on one thread, the Qt event loop's: the file-system credential switch of the
// root helper (UserFsCredentials) and the parent-death signal of every child depend on it.

#include "ClientConnection.h"
#include "EscalationBroker.h"
#include "EventKind.h"
#include "Event.h"
#include "HelperConfig.h"
#include "Journal.h"
#include "PeerCheck.h"
#include "Session.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

#include <map>
#include <memory>
#include <optional>

class QSocketNotifier;
class QTimer;

namespace cordon {
struct LaunchPlan;
}

namespace cordon::helperd {

class GrantTable;
struct PendingLaunch;

class Daemon final : public QObject {
    Q_OBJECT
public:
    explicit Daemon(HelperConfig config, QObject* parent = nullptr);
    ~Daemon() override;

    // Opens the journal, applies retention, binds the socket. False with *error.
    [[nodiscard]] bool start(QString* error);
    // Stops every session (control `stop`, then SIGKILL after the grace), flushes and closes the
    // journal, then quits the event loop.
    void shutdown();

private:
    // clients
    void onAccept();
    void onRequest(
        ClientConnection* client, const QJsonObject& message, std::optional<qint64> id, const QList<int>& fds);
    void onClientClosed(ClientConnection* client);
    int clientsOf(uid_t uid) const;
    static void reply(ClientConnection* client, std::optional<qint64> id, QJsonObject message);
    void handleHello(ClientConnection* c, const QJsonObject& m, std::optional<qint64> id);
    void handleLaunch(ClientConnection* c, const QJsonObject& m, std::optional<qint64> id, QList<int> fds);
    void handleList(ClientConnection* c, const QJsonObject& m, std::optional<qint64> id);
    void handleStop(ClientConnection* c, const QJsonObject& m, std::optional<qint64> id);
    void handleSubscribe(ClientConnection* c, const QJsonObject& m, std::optional<qint64> id);
    void handleHistory(ClientConnection* c, const QJsonObject& m, std::optional<qint64> id);
    void handleRuns(ClientConnection* c, const QJsonObject& m, std::optional<qint64> id);
    void handlePending(ClientConnection* c, std::optional<qint64> id);
    void handleDecide(ClientConnection* c, const QJsonObject& m, std::optional<qint64> id);
    void handleGrants(ClientConnection* c, const QJsonObject& m, std::optional<qint64> id);
    void handleRevoke(ClientConnection* c, const QJsonObject& m, std::optional<qint64> id);
    void handleTerminal(ClientConnection* c, const QJsonObject& m, std::optional<qint64> id);

    // launching
    struct LaunchFailure {
        protocol::ErrorCode code = protocol::ErrorCode::LaunchFailed;
        QString message;
        int exitCode = -1;
    };
    [[nodiscard]] bool launch(
        ClientConnection* client, const QJsonObject& m, QList<int>& fds, Session** out, LaunchFailure* failure);
    // Whether a session of this user gets an egress proxy (not root's own sessions).
    [[nodiscard]] bool makeRuntimeDir(const UserAccount& owner, QString* token, QString* path, QString* error);
    [[nodiscard]] bool spawnProxy(
        Session* session, const LaunchPlan& plan, const std::optional<UserAccount>& runAs, QString* error);
    [[nodiscard]] bool spawnSandbox(
        Session* session, const LaunchPlan& plan, const QList<int>& terminalFds, QString* error);

    // sessions
    Session* findSession(uid_t uid, const QString& id) const;
    void setState(Session* session, Session::State state);
    void onSandboxLine(Session* session, const QJsonObject& line);
    void onProxyLine(Session* session, const QJsonObject& line);
    void onSandboxExited(Session* session, int status);
    void onAsked(
        Session* session, qint64 askId, const QString& host, int port, const QString& proto, const QJsonObject& peer);
    void raiseTimeEscalation(Session* session, qint64 remainingSeconds);

    // secrets (docs/helper.md, "Secrets")
    void askLaunchSecret(Session* session, const EffectiveSecret& secret);
    // Reads the granted launch secrets, delivers them, compiles again when that changed the
    // context, spawns the proxy and the sandbox. False with *error (nothing of the session runs).
    [[nodiscard]] bool startSession(Session* session, PendingLaunch& pending, const QList<int>& terminalFds, QString* error);
    void finishDeferredLaunch(const QString& runId);
    // A session still waiting for its launch secrets ends without having run (stop, shutdown).
    void abortPendingLaunch(Session* session, int exitStatus);
    void journalLaunched(Session* session, const QString& policySha256, bool terminal);
    void onSecretAsked(Session* session, qint64 askId, const QString& name, const QJsonObject& peer);
    // Reads the value with the user's file system credentials and writes the session's file.
    [[nodiscard]] bool deliverSecretFile(Session* session, const ProfileSecret& secret, QString* error);
    [[nodiscard]] bool readSecretValue(Session* session, const ProfileSecret& secret, QByteArray* value, QString* error);
    void journalSecret(const QString& runId, EventKind kind, const QString& name, QJsonObject detail, qint64 pid = 0);
    void saveAlwaysSecret(Session* session, const QString& name);
    void pruneEnded();

    // journal and pushes
    void journalAppend(Event event);
    void journalCommitNow(Event event);
    void flushJournal();
    void pushEvent(const Event& event);
    void pushSession(Session* session);
    void pushEscalation(const EscalationRequest& request);
    void pushResolved(uid_t uid, const Resolution& resolution, const QString& session);
    bool ownsRun(uid_t uid, const QString& runId) const;
    QString grantsDirectoryOf(const UserAccount& user, const QString& profile) const;
    static QJsonObject eventJson(const Event& event);
    void updateBrokerClientCount(uid_t uid);

    // lifetime
    void checkIdle();
    void applyRetention();
    void finishShutdown();

    HelperConfig m_config;
    PeerCheck m_peerCheck;
    int m_listenFd = -1;
    QSocketNotifier* m_acceptNotifier = nullptr;
    QList<ClientConnection*> m_clients;
    QList<Session*> m_sessions; // running and recently ended
    Journal m_journal;
    QList<Event> m_unpushed; // appended, not yet flushed: pushed with their ids after the flush
    QTimer* m_flushTimer = nullptr;
    QTimer* m_idleTimer = nullptr;
    QTimer* m_retentionTimer = nullptr;
    qint64 m_idleSinceMs = 0;
    QHash<QString, uid_t> m_runOwners;    // run id -> uid, for every run in the journal
    std::unique_ptr<GrantTable> m_grants; // after m_journal, which it records into
    EscalationBroker m_broker;
    std::map<QString, std::unique_ptr<PendingLaunch>> m_pendingLaunches; // run id -> launch waiting for secrets
    bool m_shuttingDown = false;
    bool m_finished = false;
};

} // namespace cordon::helperd
