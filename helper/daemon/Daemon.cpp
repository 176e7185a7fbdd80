#include "Daemon.h"

#include "AlwaysGrantStore.h"
#include "DeciderChannel.h"
#include "EnvPattern.h"
#include "EventKind.h"
#include "EventMapper.h"
#include "GrantTable.h"
#include "Installation.h"
#include "JournalQuery.h"
#include "JournalRetention.h"
#include "LaunchPlanner.h"
#include "LaunchSpecCodec.h"
#include "LaunchSpecCompiler.h"
#include "ListenSocket.h"
#include "MessageSchema.h"
#include "OutputLog.h"
#include "OutputRetention.h"
#include "PathRule.h"
#include "PolicySnapshot.h"
#include "ProcessSpawner.h"
#include "SecretSource.h"
#include "SecretStore.h"
#include "UserFsCredentials.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QSocketNotifier>
#include <QTimer>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <limits>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cordon::helperd {

using protocol::ErrorCode;

namespace {

QString errnoText(int err = errno)
{
    return QString::fromLocal8Bit(std::strerror(err));
}

QString typeOf(const QJsonObject& m)
{
    return m.value(QLatin1String("type")).toString();
}

void closeFds(const QList<int>& fds)
{
    for (int fd : fds)
        ::close(fd); // refused descriptors; nothing to do about a failing close
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

// A sealed memfd holding `bytes` (memfd_create(2), "File sealing"): whoever holds it can no longer
// change what the child reads.
int sealedMemfd(const char* name, const QByteArray& bytes, QString* error)
{
    const int fd = ::memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (fd < 0) {
        *error = QStringLiteral("memfd_create: %1").arg(errnoText());
        return -1;
    }
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.constData() + done, static_cast<size_t>(bytes.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            *error = QStringLiteral("writing %1: %2").arg(QString::fromLatin1(name), errnoText());
            ::close(fd);
            return -1;
        }
        done += n;
    }
    if (::fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) != 0 ||
        ::lseek(fd, 0, SEEK_SET) != 0) {
        *error = QStringLiteral("sealing %1: %2").arg(QString::fromLatin1(name), errnoText());
        ::close(fd);
        return -1;
    }
    return fd;
}

bool socketPair(int fds[2], QString* error)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
        *error = QStringLiteral("socketpair: %1").arg(errnoText());
        return false;
    }
    return true;
}

QList<QByteArray> childEnvironment(bool proxyTest)
{
    QList<QByteArray> env{QByteArrayLiteral("PATH=/usr/local/bin:/usr/bin:/bin"), QByteArrayLiteral("LANG=C.UTF-8")};
    if (proxyTest)
        env.append(QByteArrayLiteral("CORDON_PROXY_TEST=1"));
    return env;
}

// The limit overrides of a launch, through the same parsers cordonctl's options use.
bool parseOverrides(const QJsonObject& o, const QString& cwd, CommandLineOverrides* out, QString* error)
{
    static const std::pair<const char*, LimitKey> limitKeys[] = {{"timeout", LimitKey::Timeout},
        {"memory", LimitKey::Memory}, {"pids", LimitKey::Pids}, {"cpu", LimitKey::Cpu},
        {"open_files", LimitKey::OpenFiles}, {"file_size", LimitKey::FileSize}, {"tmp_size", LimitKey::TmpSize}};
    for (const auto& [name, key] : limitKeys) {
        const QJsonValue v = o.value(QLatin1String(name));
        if (v.isUndefined())
            continue;
        qint64 value = 0;
        QString expected;
        if (!Limits::parseJson(key, v, &value, &expected)) {
            *error = QStringLiteral("overrides.%1: %2").arg(QLatin1String(name), expected);
            return false;
        }
        out->limits.setValue(key, value);
    }
    static const char* const pathKeys[] = {"ro", "rw", "hide"};
    for (const char* name : pathKeys) {
        QList<PathRule>* into = name == pathKeys[0]   ? &out->readOnly
                                : name == pathKeys[1] ? &out->readWrite
                                                      : &out->hide;
        for (const QJsonValue& item : o.value(QLatin1String(name)).toArray()) {
            QString text = item.toString();
            // As on cordonctl's command line: relative means relative to the working directory.
            if (!text.isEmpty() && !text.startsWith(u'/') && !text.startsWith(u'~'))
                text = QDir::cleanPath(QDir(cwd).absoluteFilePath(text));
            PathRule rule;
            QString expected;
            if (!PathRule::parse(text, &rule, &expected)) {
                *error = QStringLiteral("overrides.%1 \"%2\": %3").arg(QLatin1String(name), item.toString(), expected);
                return false;
            }
            into->append(rule);
        }
    }
    for (const QJsonValue& item : o.value(QLatin1String("env")).toArray()) {
        if (!EnvPattern::isValidName(item.toString())) {
            *error = QStringLiteral("overrides.env \"%1\": expected a variable name of A-Z, a-z, 0-9 and _")
                         .arg(item.toString());
            return false;
        }
        out->envNames.append(item.toString());
    }
    return true;
}

} // namespace

// A launch waiting for its launch-time secrets to be answered (Daemon::launch, "5.").
struct PendingLaunch {
    LaunchPlan plan;
    CompileContext context; // as LaunchPlanner built it
    QList<int> terminalFds; // our duplicates, closed when the sandbox has its own
    bool terminal = false;
    QString policySha256;
    int outstanding = 0;
    QStringList granted; // launch secrets (env, file) answered yes or always-granted
};

Daemon::Daemon(HelperConfig config, QObject* parent)
    : QObject(parent), m_config(std::move(config)), m_grants(std::make_unique<GrantTable>(m_journal))
{
    qRegisterMetaType<EscalationRequest>();
    qRegisterMetaType<Resolution>();
    m_flushTimer = new QTimer(this);
    m_flushTimer->setSingleShot(true);
    connect(m_flushTimer, &QTimer::timeout, this, &Daemon::flushJournal);
    connect(&m_broker, &EscalationBroker::raised, this, &Daemon::pushEscalation);
    connect(&m_broker, &EscalationBroker::resolved, this, &Daemon::pushResolved);
}

Daemon::~Daemon()
{
    if (m_listenFd >= 0)
        ::close(m_listenFd);
}

bool Daemon::start(QString* error)
{
    if (!m_peerCheck.init(error))
        return false;
    if (!ListenSocket::ensureDirectory(m_config.stateDir, 0700, error) ||
        !ListenSocket::ensureDirectory(m_config.stateDir + QStringLiteral("/output"), 0700, error))
        return false;
    if (!m_journal.open(m_config.stateDir + QStringLiteral("/journal.sqlite"), Journal::Mode::ReadWrite, error))
        return false;
    m_journal.setBatchLimits(256, 50);
    applyRetention();
    if (!m_grants->expireOrphans(error))
        return false;
    QList<RunRecord> runs;
    if (!m_journal.listRuns(&runs, error))
        return false;
    for (const RunRecord& run : runs) {
        const qint64 uid = PolicySnapshot::uidOf(run.policySnapshot);
        if (uid >= 0)
            m_runOwners.insert(run.runId, static_cast<uid_t>(uid));
        // A run the journal thinks is going was cut short by a helper that died: its sandbox died
        // with it (parent-death signal). Close it so that history says so.
        if (!run.endedMs) {
            QString ignored;
            (void)m_journal.endRun(run.runId, nowMs(), 125, &ignored);
        }
    }

    const QString sockDir = QFileInfo(m_config.socketPath).path();
    m_listenFd = ListenSocket::open(
        m_config.socketPath, m_config.rootMode ? 0755 : 0700, m_config.rootMode ? 0666 : 0600, error);
    if (m_listenFd < 0)
        return false;
    // Session runtime directories: the root helper's is traversable (each session's own directory
    // below it is 0700 and the user's), never listable.
    if (!ListenSocket::ensureDirectory(sockDir + QStringLiteral("/sessions"), m_config.rootMode ? 0711 : 0700, error))
        return false;
    m_acceptNotifier = new QSocketNotifier(m_listenFd, QSocketNotifier::Read, this);
    connect(m_acceptNotifier, &QSocketNotifier::activated, this, &Daemon::onAccept);

    m_retentionTimer = new QTimer(this);
    connect(m_retentionTimer, &QTimer::timeout, this, &Daemon::applyRetention);
    m_retentionTimer->start(24 * 3600 * 1000);
    if (m_config.idleExitSeconds > 0) {
        m_idleSinceMs = nowMs();
        m_idleTimer = new QTimer(this);
        connect(m_idleTimer, &QTimer::timeout, this, &Daemon::checkIdle);
        m_idleTimer->start(1000);
    }
    return true;
}

void Daemon::applyRetention()
{
    JournalRetention retention;
    retention.maxAgeMs = qint64(30) * 24 * 3600 * 1000;
    retention.maxBytes = qint64(1) << 30;
    JournalRetention::Report report;
    QString error;
    if (!retention.apply(m_journal, nowMs(), &report, &error))
        qWarning("cordon-helper: journal retention: %s", qPrintable(error));

    // The output logs follow: a log whose run the journal dropped goes with it, and the rest are
    // bounded by the same age and a size of their own (OutputRetention).
    QList<RunRecord> runs;
    if (!m_journal.listRuns(&runs, &error)) {
        qWarning("cordon-helper: output retention skipped: %s", qPrintable(error));
        return;
    }
    QSet<QString> known, live;
    for (const RunRecord& run : std::as_const(runs))
        known.insert(run.runId);
    for (const Session* s : std::as_const(m_sessions))
        if (s->state != Session::State::Ended)
            live.insert(s->id);
    OutputRetention logs;
    logs.maxAgeMs = *retention.maxAgeMs;
    const OutputRetention::Report removed =
        logs.apply(m_config.stateDir + QStringLiteral("/output"), known, live, nowMs());
    if (removed.removed > 0)
        qInfo("cordon-helper: output retention removed %d log(s), %lld bytes", removed.removed,
            static_cast<long long>(removed.bytesRemoved));
}

void Daemon::checkIdle()
{
    const bool idle = m_clients.isEmpty() && std::none_of(m_sessions.begin(), m_sessions.end(),
                                                 [](Session* s) { return s->state != Session::State::Ended; });
    if (!idle) {
        m_idleSinceMs = nowMs();
        return;
    }
    if (nowMs() - m_idleSinceMs >= qint64(m_config.idleExitSeconds) * 1000)
        shutdown();
}

// ---------------------------------------------------------------------------------------------
// clients

void Daemon::onAccept()
{
    for (;;) {
        const int fd = ::accept4(m_listenFd, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (fd < 0) {
            if (errno == EINTR)
                continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                qWarning("cordon-helper: accept: %s", std::strerror(errno));
            return;
        }
        PeerCredentials peer;
        QString why;
        const bool allowed = m_peerCheck.check(fd, !m_config.rootMode, &peer, &why);
        auto* client = new ClientConnection(fd, peer, m_config.helloTimeoutSeconds * 1000, this);
        connect(client, &ClientConnection::request, this, &Daemon::onRequest);
        connect(client, &ClientConnection::closed, this, &Daemon::onClientClosed);
        m_clients.append(client);
        if (!allowed) {
            client->sendError(std::nullopt, ErrorCode::NotAllowed, why);
            client->closeAfterFlush();
        } else if (m_shuttingDown) {
            client->sendError(std::nullopt, ErrorCode::Busy, QStringLiteral("the helper is shutting down"));
            client->closeAfterFlush();
        } else if (m_clients.size() > HelperConfig::kMaxClients) {
            client->sendError(std::nullopt, ErrorCode::Busy,
                QStringLiteral("too many clients (at most %1 at once)").arg(HelperConfig::kMaxClients));
            client->closeAfterFlush();
        } else if (peer.uid != 0 && clientsOf(peer.uid) > HelperConfig::kMaxClientsPerUid) {
            qWarning("cordon-helper: refusing a connection of uid %u: %d already open", static_cast<unsigned>(peer.uid),
                HelperConfig::kMaxClientsPerUid);
            client->sendError(std::nullopt, ErrorCode::Busy,
                QStringLiteral("too many clients of this user (at most %1 at once)")
                    .arg(HelperConfig::kMaxClientsPerUid));
            client->closeAfterFlush();
        }
    }
}

int Daemon::clientsOf(uid_t uid) const
{
    // Open connections of that uid, this one included (it is already in m_clients); those being
    // closed after a refusal do not count.
    int n = 0;
    for (const ClientConnection* c : m_clients)
        n += !c->isClosed() && !c->isClosing() && c->peer().uid == uid ? 1 : 0;
    return n;
}

void Daemon::onClientClosed(ClientConnection* client)
{
    m_clients.removeAll(client);
    const uid_t uid = client->peer().uid;
    const bool counted = client->subscription.escalations || !client->attached.isEmpty();
    client->deleteLater();
    if (counted)
        updateBrokerClientCount(uid);
}

void Daemon::updateBrokerClientCount(uid_t uid)
{
    // Who can answer: subscribers to escalations, and launchers that attached to a session.
    int n = 0;
    for (ClientConnection* c : std::as_const(m_clients)) {
        if (!c->isClosed() && c->peer().uid == uid && (c->subscription.escalations || !c->attached.isEmpty()))
            ++n;
    }
    m_broker.setClientCount(uid, n);
}

void Daemon::reply(ClientConnection* client, std::optional<qint64> id, QJsonObject message)
{
    if (id)
        message.insert(QStringLiteral("id"), static_cast<double>(*id));
    client->send(message);
}

void Daemon::onRequest(ClientConnection* c, const QJsonObject& m, std::optional<qint64> id, const QList<int>& fds)
{
    const QString type = typeOf(m);
    if (type == QLatin1String("hello"))
        return handleHello(c, m, id);
    if (type == QLatin1String("launch"))
        return handleLaunch(c, m, id, fds);
    closeFds(fds); // ClientConnection refuses descriptors with anything else; belt and braces
    if (type == QLatin1String("list"))
        return handleList(c, m, id);
    if (type == QLatin1String("stop"))
        return handleStop(c, m, id);
    if (type == QLatin1String("subscribe"))
        return handleSubscribe(c, m, id);
    if (type == QLatin1String("unsubscribe")) {
        const bool counted = c->subscription.escalations;
        c->subscription = {};
        if (counted)
            updateBrokerClientCount(c->peer().uid);
        return reply(c, id, {{QStringLiteral("type"), QStringLiteral("unsubscribed")}});
    }
    if (type == QLatin1String("history"))
        return handleHistory(c, m, id);
    if (type == QLatin1String("runs"))
        return handleRuns(c, m, id);
    if (type == QLatin1String("pending"))
        return handlePending(c, id);
    if (type == QLatin1String("decide"))
        return handleDecide(c, m, id);
    if (type == QLatin1String("grants"))
        return handleGrants(c, m, id);
    if (type == QLatin1String("revoke"))
        return handleRevoke(c, m, id);
    if (type == QLatin1String("terminal"))
        return handleTerminal(c, m, id);
    c->sendError(id, ErrorCode::UnknownType, QStringLiteral("unknown message type"));
}

void Daemon::handleHello(ClientConnection* c, const QJsonObject& m, std::optional<qint64> id)
{
    if (c->helloDone()) {
        c->sendError(id, ErrorCode::Invalid, QStringLiteral("hello was already exchanged"));
        return;
    }
    int best = 0;
    for (const QJsonValue& v : m.value(QLatin1String("versions")).toArray()) {
        const int version = v.toInt();
        if (version == protocol::kProtocolVersion)
            best = std::max(best, version);
    }
    if (best == 0) {
        c->sendError(id, ErrorCode::Version,
            QStringLiteral("this helper speaks protocol version %1 only").arg(protocol::kProtocolVersion));
        c->closeAfterFlush();
        return;
    }
    c->setHelloDone();
    reply(c, id,
        {{QStringLiteral("type"), QStringLiteral("hello")}, {QStringLiteral("version"), best},
            {QStringLiteral("helper"), QStringLiteral("cordon-helper %1").arg(QCoreApplication::applicationVersion())},
            {QStringLiteral("mode"), m_config.rootMode ? QStringLiteral("root") : QStringLiteral("rootless")},
            {QStringLiteral("uid"), static_cast<double>(c->peer().uid)}});
}

Session* Daemon::findSession(uid_t uid, const QString& id) const
{
    for (Session* s : m_sessions) {
        if (s->id == id && s->user.uid == uid)
            return s;
    }
    return nullptr;
}

void Daemon::handleList(ClientConnection* c, const QJsonObject& m, std::optional<qint64> id)
{
    const bool all = m.value(QLatin1String("all")).toBool();
    QJsonArray sessions;
    for (Session* s : std::as_const(m_sessions)) {
        if (s->user.uid != c->peer().uid || (!all && s->state == Session::State::Ended))
            continue;
        sessions.append(s->toJson(m_broker.pendingCount(s->id)));
    }
    reply(c, id, {{QStringLiteral("type"), QStringLiteral("sessions")}, {QStringLiteral("sessions"), sessions}});
}

void Daemon::handleStop(ClientConnection* c, const QJsonObject& m, std::optional<qint64> id)
{
    const bool bySession = m.contains(QLatin1String("session"));
    const bool byProfile = m.contains(QLatin1String("profile"));
    const bool all = m.value(QLatin1String("all")).toBool();
    if (int(bySession) + int(byProfile) + int(m.contains(QLatin1String("all"))) != 1 ||
        (m.contains(QLatin1String("all")) && !all)) {
        c->sendError(id, ErrorCode::Invalid, QStringLiteral("stop needs exactly one of session, profile, all: true"));
        return;
    }
    const QString session = m.value(QLatin1String("session")).toString();
    const QString profile = m.value(QLatin1String("profile")).toString();
    QJsonArray stopped;
    bool found = false;
    QList<Session*> aborted;
    for (Session* s : std::as_const(m_sessions)) {
        if (s->user.uid != c->peer().uid)
            continue;
        if ((bySession && s->id != session) || (byProfile && s->profile != profile))
            continue;
        found = true;
        if (s->state == Session::State::Ended)
            continue;
        if (m_pendingLaunches.count(s->id) != 0) {
            aborted.append(s); // still waiting for its secrets: nothing runs yet
            stopped.append(s->id);
            continue;
        }
        s->stop(HelperConfig::kStopKillAfterMs);
        if (s->state != Session::State::Stopping)
            setState(s, Session::State::Stopping);
        stopped.append(s->id);
    }
    for (Session* s : std::as_const(aborted))
        abortPendingLaunch(s, 128 + SIGTERM);
    if (bySession && !found) {
        c->sendError(id, ErrorCode::NotFound, QStringLiteral("no such session"));
        return;
    }
    reply(c, id, {{QStringLiteral("type"), QStringLiteral("stopped")}, {QStringLiteral("sessions"), stopped}});
}

void Daemon::handleTerminal(ClientConnection* c, const QJsonObject& m, std::optional<qint64> id)
{
    Session* s = findSession(c->peer().uid, m.value(QLatin1String("session")).toString());
    if (!s || s->state == Session::State::Ended) {
        c->sendError(id, ErrorCode::NotFound, QStringLiteral("no such session"));
        return;
    }
    const QString action = m.value(QLatin1String("action")).toString();
    if (action != QLatin1String("pause-input") && action != QLatin1String("resume-input") &&
        action != QLatin1String("winch")) {
        c->sendError(id, ErrorCode::Invalid, QStringLiteral("action: expected pause-input, resume-input or winch"));
        return;
    }
    if (!s->sendControl(action.toLatin1())) {
        c->sendError(id, ErrorCode::Internal, QStringLiteral("the session does not take control messages"));
        return;
    }
    reply(c, id, {{QStringLiteral("type"), QStringLiteral("ok")}});
}

void Daemon::handleSubscribe(ClientConnection* c, const QJsonObject& m, std::optional<qint64> id)
{
    ClientConnection::Subscription sub;
    sub.events = m.value(QLatin1String("events")).toBool();
    sub.escalations = m.value(QLatin1String("escalations")).toBool();
    sub.sessions = m.value(QLatin1String("sessions")).toBool();
    sub.session = m.value(QLatin1String("session")).toString();
    QList<EventKind> kinds;
    for (const QJsonValue& k : m.value(QLatin1String("kinds")).toArray()) {
        const auto kind = EventKindNames::fromName(k.toString());
        if (!kind) {
            c->sendError(id, ErrorCode::Invalid, QStringLiteral("kinds: unknown kind"));
            return;
        }
        kinds.append(*kind);
        sub.kinds.append(k.toString());
    }
    if (!sub.session.isEmpty() && !ownsRun(c->peer().uid, sub.session)) {
        c->sendError(id, ErrorCode::NotFound, QStringLiteral("no such session"));
        return;
    }
    const bool wasCounted = c->subscription.escalations;
    c->subscription = sub;
    if (wasCounted != sub.escalations)
        updateBrokerClientCount(c->peer().uid);
    reply(c, id, {{QStringLiteral("type"), QStringLiteral("subscribed")}});
    // Replay: committed events after the cursor, then live ones follow (each flush pushes only
    // ids greater than anything committed before it), so there is neither gap nor duplicate.
    if (sub.events && m.contains(QLatin1String("after"))) {
        JournalQuery q;
        q.runId = sub.session;
        q.kinds = kinds;
        q.afterId = std::max<qint64>(0, static_cast<qint64>(m.value(QLatin1String("after")).toDouble()));
        q.limit = 1000;
        for (;;) {
            QList<Event> events;
            QString error;
            if (!m_journal.query(q, &events, &error)) {
                c->sendError(std::nullopt, ErrorCode::Internal, error);
                return;
            }
            for (const Event& e : std::as_const(events)) {
                if (ownsRun(c->peer().uid, e.runId))
                    c->send(
                        {{QStringLiteral("type"), QStringLiteral("event")}, {QStringLiteral("event"), eventJson(e)}});
            }
            if (events.size() < q.limit || c->isClosed())
                break;
            q.afterId = events.last().id;
        }
    }
}

bool Daemon::ownsRun(uid_t uid, const QString& runId) const
{
    const auto it = m_runOwners.constFind(runId);
    return it != m_runOwners.constEnd() && it.value() == uid;
}

void Daemon::handleHistory(ClientConnection* c, const QJsonObject& m, std::optional<qint64> id)
{
    JournalQuery q;
    q.runId = m.value(QLatin1String("session")).toString();
    for (const QJsonValue& k : m.value(QLatin1String("kinds")).toArray()) {
        const auto kind = EventKindNames::fromName(k.toString());
        if (!kind) {
            c->sendError(id, ErrorCode::Invalid, QStringLiteral("kinds: unknown kind"));
            return;
        }
        q.kinds.append(*kind);
    }
    q.text = m.value(QLatin1String("text")).toString();
    if (m.contains(QLatin1String("from")))
        q.fromMs = static_cast<qint64>(m.value(QLatin1String("from")).toDouble());
    if (m.contains(QLatin1String("until")))
        q.untilMs = static_cast<qint64>(m.value(QLatin1String("until")).toDouble());
    q.afterId = std::max<qint64>(0, static_cast<qint64>(m.value(QLatin1String("after")).toDouble()));
    const int limit = m.contains(QLatin1String("limit")) ? m.value(QLatin1String("limit")).toInt() : 500;
    if (limit < 1 || limit > 1000) {
        c->sendError(id, ErrorCode::Invalid, QStringLiteral("limit: expected 1..1000"));
        return;
    }
    if (!q.runId.isEmpty() && !ownsRun(c->peer().uid, q.runId)) {
        c->sendError(id, ErrorCode::NotFound, QStringLiteral("no such session"));
        return;
    }
    // Without a session, other users' events are skipped page by page; a bounded number of pages
    // per request, then the client continues from the cursor (more: true).
    QJsonArray out;
    bool more = false;
    q.limit = q.runId.isEmpty() ? 1000 : limit + 1;
    for (int page = 0; page < 50; ++page) {
        QList<Event> events;
        QString error;
        if (!m_journal.query(q, &events, &error)) {
            c->sendError(id, ErrorCode::Internal, error);
            return;
        }
        for (const Event& e : std::as_const(events)) {
            q.afterId = e.id;
            if (!ownsRun(c->peer().uid, e.runId))
                continue;
            if (out.size() == limit) {
                more = true;
                break;
            }
            out.append(eventJson(e));
        }
        if (more || events.size() < q.limit)
            break;
        if (page == 49)
            more = true;
    }
    reply(c, id,
        {{QStringLiteral("type"), QStringLiteral("history")}, {QStringLiteral("events"), out},
            {QStringLiteral("more"), more}});
}

void Daemon::handleRuns(ClientConnection* c, const QJsonObject& m, std::optional<qint64> id)
{
    const int limit = m.contains(QLatin1String("limit")) ? m.value(QLatin1String("limit")).toInt() : 100;
    if (limit < 1 || limit > 1000) {
        c->sendError(id, ErrorCode::Invalid, QStringLiteral("limit: expected 1..1000"));
        return;
    }
    const bool hasBefore = m.contains(QLatin1String("before"));
    const qint64 before = hasBefore ? static_cast<qint64>(m.value(QLatin1String("before")).toDouble()) : 0;
    QList<RunRecord> runs;
    QString error;
    if (!m_journal.listRuns(&runs, &error)) {
        c->sendError(id, ErrorCode::Internal, error);
        return;
    }
    std::sort(
        runs.begin(), runs.end(), [](const RunRecord& a, const RunRecord& b) { return a.startedMs > b.startedMs; });
    QJsonArray out;
    for (const RunRecord& r : std::as_const(runs)) {
        if (out.size() >= limit)
            break;
        if (!ownsRun(c->peer().uid, r.runId) || (hasBefore && r.startedMs >= before))
            continue;
        QJsonObject o{{QStringLiteral("id"), r.runId}, {QStringLiteral("profile"), r.profile},
            {QStringLiteral("workspace"), r.workspace}, {QStringLiteral("argv"), r.argv},
            {QStringLiteral("started"), static_cast<double>(r.startedMs)},
            {QStringLiteral("policy_sha256"), QString::fromLatin1(r.policySha256Hex)}};
        if (r.endedMs)
            o.insert(QStringLiteral("ended"), static_cast<double>(*r.endedMs));
        if (r.exitStatus)
            o.insert(QStringLiteral("exit_status"), *r.exitStatus);
        out.append(o);
    }
    reply(c, id, {{QStringLiteral("type"), QStringLiteral("runs")}, {QStringLiteral("runs"), out}});
}

void Daemon::handlePending(ClientConnection* c, std::optional<qint64> id)
{
    QJsonArray out;
    for (const EscalationRequest& r : m_broker.pending(c->peer().uid))
        out.append(r.toJson());
    reply(c, id, {{QStringLiteral("type"), QStringLiteral("pending")}, {QStringLiteral("requests"), out}});
}

void Daemon::handleDecide(ClientConnection* c, const QJsonObject& m, std::optional<qint64> id)
{
    const auto decision = decisionFromName(m.value(QLatin1String("decision")).toString());
    const auto scope = m.contains(QLatin1String("scope")) ? scopeFromName(m.value(QLatin1String("scope")).toString())
                                                          : std::optional<Scope>(Scope::Host);
    if (!decision || !scope) {
        c->sendError(id, ErrorCode::Invalid, QStringLiteral("decision or scope: not one of the words offered"));
        return;
    }
    const int minutes = m.value(QLatin1String("minutes")).toInt(0);
    protocol::ProtocolError error;
    const qint64 request = static_cast<qint64>(m.value(QLatin1String("request")).toDouble());
    if (!m_broker.decide(c->peer().uid, request, *decision, *scope, minutes, &error)) {
        c->sendError(id, error.code, error.message);
        return;
    }
    reply(c, id, {{QStringLiteral("type"), QStringLiteral("decided")}});
}

void Daemon::handleGrants(ClientConnection* c, const QJsonObject& m, std::optional<qint64> id)
{
    const QString session = m.value(QLatin1String("session")).toString();
    if (!session.isEmpty() && !ownsRun(c->peer().uid, session)) {
        c->sendError(id, ErrorCode::NotFound, QStringLiteral("no such session"));
        return;
    }
    QJsonArray out;
    for (const GrantRow& row : m_grants->list(c->peer().uid, session))
        out.append(GrantTable::toJson(row));
    reply(c, id, {{QStringLiteral("type"), QStringLiteral("grants")}, {QStringLiteral("grants"), out}});
}

void Daemon::handleRevoke(ClientConnection* c, const QJsonObject& m, std::optional<qint64> id)
{
    const qint64 grantId = static_cast<qint64>(m.value(QLatin1String("grant")).toDouble());
    QString session, error;
    GrantRow row;
    if (!m_grants->revoke(c->peer().uid, grantId, &session, &error, &row)) {
        c->sendError(id, ErrorCode::NotFound, error);
        return;
    }
    if (!error.isEmpty())
        qWarning("cordon-helper: %s", qPrintable(error));
    // The proxies that know the grant end the connections it allowed: the session's own for a
    // session grant; for an "always" grant every running session of that uid and profile (each
    // proxy ignores an id it never got).
    for (Session* s : std::as_const(m_sessions)) {
        if (s->state == Session::State::Ended || !s->decider() || s->user.uid != c->peer().uid)
            continue;
        if (row.isAlways() ? s->profile == row.profile : s->id == session)
            s->decider()->revoke(grantId);
    }
    // An "always" answer is also removed from the user's grants file, with the user's
    // credentials, so that the next launch does not bring it back.
    if (row.isAlways()) {
        HostPattern pattern;
        QString expected;
        bool removed = false;
        UserAccount user;
        UserFsCredentials asUser;
        if (!UserAccount::lookUp(c->peer().uid, &user, &error) ||
            !HostPattern::parse(row.pattern, &pattern, &expected) || !asUser.become(user, &error) ||
            !AlwaysGrantStore(grantsDirectoryOf(user, row.profile))
                 .removeNetworkAllow(row.profile, pattern, &removed, &error))
            qWarning("cordon-helper: removing %s from the grants file: %s", qPrintable(row.pattern),
                qPrintable(error.isEmpty() ? expected : error));
        asUser.restore();
    }
    reply(c, id, {{QStringLiteral("type"), QStringLiteral("revoked")}});
}

QString Daemon::grantsDirectoryOf(const UserAccount& user, const QString& profile) const
{
    // The directory the latest session of that profile planned with (the client's
    // XDG_CONFIG_HOME), else the default under the user's home.
    for (qsizetype i = m_sessions.size() - 1; i >= 0; --i) {
        const Session* s = m_sessions.at(i);
        if (s->user.uid == user.uid && s->profile == profile && !s->grantsDirectory.isEmpty())
            return s->grantsDirectory;
    }
    return AlwaysGrantStore::directoryFor(user.home);
}

// ---------------------------------------------------------------------------------------------
// launching

void Daemon::handleLaunch(ClientConnection* c, const QJsonObject& m, std::optional<qint64> id, QList<int> fds)
{
    Session* session = nullptr;
    LaunchFailure failure;
    const bool ok = launch(c, m, fds, &session, &failure);
    closeFds(fds); // the children have their copies; whatever was not used is ours to close
    if (!ok) {
        c->sendError(id, failure.code, failure.message, failure.exitCode);
        return;
    }
    reply(c, id,
        {{QStringLiteral("type"), QStringLiteral("launched")},
            {QStringLiteral("session"), session->toJson(m_broker.pendingCount(session->id))}});
    pushSession(session); // after the reply, so that the launcher learns its session id first
}

bool Daemon::makeRuntimeDir(const UserAccount& owner, QString* token, QString* path, QString* error)
{
    const QString base = QFileInfo(m_config.socketPath).path() + QStringLiteral("/sessions");
    const QByteArray baseBytes = QFile::encodeName(base);
    const int baseFd = ::open(baseBytes.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (baseFd < 0) {
        *error = QStringLiteral("%1: %2").arg(base, errnoText());
        return false;
    }
    bool ok = false;
    for (int attempt = 0; attempt < 8 && !ok; ++attempt) {
        const QString candidate = QString::number(QRandomGenerator::system()->generate(), 16).rightJustified(8, u'0');
        const QByteArray name = candidate.toLatin1();
        if (::mkdirat(baseFd, name.constData(), 0700) != 0) {
            if (errno == EEXIST)
                continue;
            *error = QStringLiteral("mkdir %1/%2: %3").arg(base, candidate, errnoText());
            break;
        }
        const int dirFd = ::openat(baseFd, name.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        // The user's own: the proxy (running as the user) binds its socket here, and the sandbox
        // (the user as well) binds the directory in.
        const bool owned = dirFd >= 0 && (!m_config.rootMode || ::fchown(dirFd, owner.uid, owner.gid) == 0) &&
                           ::fchmod(dirFd, 0700) == 0;
        if (!owned)
            *error = QStringLiteral("preparing %1/%2: %3").arg(base, candidate, errnoText());
        if (dirFd >= 0)
            ::close(dirFd);
        if (!owned) {
            ::unlinkat(baseFd, name.constData(), AT_REMOVEDIR);
            break;
        }
        *token = candidate;
        *path = base + u'/' + candidate;
        ok = true;
    }
    ::close(baseFd);
    if (!ok && error->isEmpty())
        *error = QStringLiteral("cannot pick a session directory name");
    return ok;
}

bool Daemon::launch(
    ClientConnection* client, const QJsonObject& m, QList<int>& fds, Session** out, LaunchFailure* failure)
{
    const auto invalid = [&](const QString& message) {
        failure->code = ErrorCode::Invalid;
        failure->message = message;
        return false;
    };
    const auto failed = [&](const QString& message, ExitCode code = ExitCode::SandboxFailed) {
        failure->code = ErrorCode::LaunchFailed;
        failure->message = message;
        failure->exitCode = toInt(code);
        return false;
    };
    if (m_shuttingDown) {
        failure->code = ErrorCode::Busy;
        failure->message = QStringLiteral("the helper is shutting down");
        return false;
    }
    // 1. parse and validate the request, entirely, before acting on any of it
    const bool terminal = m.value(QLatin1String("terminal")).toBool();
    if (terminal && fds.size() != 3)
        return invalid(QStringLiteral("terminal: true needs exactly three descriptors (stdin, stdout, stderr)"));
    if (!terminal && !fds.isEmpty())
        return invalid(QStringLiteral("descriptors come only with terminal: true"));
    const QString workspace = m.value(QLatin1String("workspace")).toString();
    if (!QDir::isAbsolutePath(workspace))
        return invalid(QStringLiteral("workspace: expected an absolute path"));
    const QString cwd = m.contains(QLatin1String("cwd")) ? m.value(QLatin1String("cwd")).toString() : workspace;
    if (!QDir::isAbsolutePath(cwd))
        return invalid(QStringLiteral("cwd: expected an absolute path"));
    const QString profile = m.value(QLatin1String("profile")).toString();
    if (profile.isEmpty())
        return invalid(QStringLiteral("profile: empty"));
    CommandLineOverrides overrides;
    QString error;
    if (!parseOverrides(m.value(QLatin1String("overrides")).toObject(), cwd, &overrides, &error))
        return invalid(error);
    const uid_t uid = client->peer().uid;
    int running = 0;
    for (Session* s : std::as_const(m_sessions))
        running += s->state != Session::State::Ended ? 1 : 0;
    const auto mine = std::count_if(m_sessions.begin(), m_sessions.end(),
        [&](Session* s) { return s->user.uid == uid && s->state != Session::State::Ended; });
    if (running >= HelperConfig::kMaxSessions || mine >= HelperConfig::kMaxSessionsPerUid) {
        failure->code = ErrorCode::Busy;
        failure->message = QStringLiteral("too many sessions");
        return false;
    }
    UserAccount user;
    if (!UserAccount::lookUp(uid, &user, &error))
        return failed(error, ExitCode::Internal);

    // 2. the session's runtime directory (the proxy's socket lives there), the user's own. Every
    // session gets a proxy: a user's runs as that user; root's own is started as root and drops to
    // nobody after binding its socket (root's, 0600, so the uid-0 sandbox can reach it), re-arming
    // the parent-death signal the drop clears (docs/proxy.md, "Privileges").
    QString token, runtimeDir;
    if (!makeRuntimeDir(user, &token, &runtimeDir, &error))
        return failed(error, ExitCode::Internal);
    auto removeRuntimeDir = [&] {
        if (!runtimeDir.isEmpty())
            QDir().rmdir(runtimeDir);
    };

    // 3. plan, with the user's file system credentials (DESIGN.md rule 2)
    LaunchRequest request;
    request.profile = profile;
    request.workspace = workspace;
    request.cwd = cwd;
    for (const QJsonValue& a : m.value(QLatin1String("argv")).toArray())
        request.argv.append(a.toString());
    const QJsonObject env = m.value(QLatin1String("env")).toObject();
    for (auto it = env.begin(); it != env.end(); ++it)
        request.environment.insert(it.key(), it.value().toString());
    request.overrides = overrides;
    request.home = user.home;
    request.userName = user.name;
    request.toolsDir = Installation::toolsDirectory();
    request.context.runIdSuffix = token;
    request.context.proxyPort = HelperConfig::kProxyPortInside;
    request.context.proxyHostDir = runtimeDir;
    request.context.proxySocketName = QStringLiteral("proxy.sock");
    LaunchPlan plan;
    PolicyError policyError;
    bool planned;
    {
        UserFsCredentials asUser;
        if (!asUser.become(user, &error)) {
            removeRuntimeDir();
            return failed(error, ExitCode::Internal);
        }
        planned = LaunchPlanner::plan(request, true, &plan, &policyError);
        asUser.restore();
    }
    if (!planned) {
        removeRuntimeDir();
        return failed(policyError.message, policyError.code);
    }
    plan.spec.execEvents = true;
    const QString runId = QString::fromStdString(plan.spec.runId);
    // The run id names files the helper creates (output/<id>.log) and comes partly from a profile
    // the user wrote: hold it to the spec's alphabet before it touches a path (LaunchSpec.h:
    // [a-z0-9-]{1,64}), whatever the compiler already did.
    static const QRegularExpression runIdShape(QStringLiteral("^[a-z0-9-]{1,64}$"));
    if (!runIdShape.match(runId).hasMatch() || runId.startsWith(u'-')) {
        removeRuntimeDir();
        return failed(QStringLiteral("unusable session id \"%1\"").arg(runId.left(80)), ExitCode::ProfileInvalid);
    }
    if (m_runOwners.contains(runId) ||
        std::any_of(m_sessions.begin(), m_sessions.end(), [&](Session* s) { return s->id == runId; })) {
        removeRuntimeDir();
        return failed(QStringLiteral("session id %1 is taken; try again").arg(runId), ExitCode::Internal);
    }

    auto* session = new Session(runId, user, this);
    session->profile = plan.policy.profileName.value;
    session->workspace = plan.policy.workspace;
    for (const std::string& a : plan.spec.argv)
        session->argv.append(QString::fromStdString(a));
    session->policy = plan.policy;
    session->runtimeDir = runtimeDir;
    session->grantsDirectory =
        AlwaysGrantStore::directoryFor(user.home, request.environment.value(QStringLiteral("XDG_CONFIG_HOME")));
    session->startedMs = nowMs();
    if (plan.spec.limits.timeoutSeconds > 0)
        session->timeoutAtMs = session->startedMs + qint64(plan.spec.limits.timeoutSeconds) * 1000;

    // 4. the journal: the run and its policy snapshot first, so every event has its run
    RunRecord run;
    run.runId = runId;
    run.profile = session->profile;
    run.workspace = session->workspace;
    run.argv = QJsonArray::fromStringList(session->argv);
    run.startedMs = session->startedMs;
    run.policySnapshot = PolicySnapshot::json(
        plan, uid, user.name, m_config.rootMode ? QStringLiteral("root") : QStringLiteral("rootless"));
    if (!m_journal.beginRun(&run, &error)) {
        delete session;
        removeRuntimeDir();
        return failed(error, ExitCode::Internal);
    }
    m_runOwners.insert(runId, uid);

    // 5. the secrets asked at launch (docs/helper.md, "Secrets"), then the proxy and the sandbox
    auto pending = std::make_unique<PendingLaunch>();
    pending->plan = plan;
    pending->context = request.context;
    pending->context.argv = request.argv;
    for (auto it = request.environment.begin(); it != request.environment.end(); ++it)
        pending->context.environment.insert(it.key(), it.value());
    pending->context.userName = request.userName;
    pending->context.toolsDir = request.toolsDir;
    pending->terminal = terminal;
    pending->policySha256 = QString::fromLatin1(run.policySha256Hex);
    session->secretContext.home = user.home;
    session->secretContext.workspace = plan.policy.workspace;
    session->secretContext.sessionBusAddress = request.environment.value(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
    QList<EffectiveSecret> asks;
    for (const EffectiveSecret& es : std::as_const(plan.policy.secrets)) {
        const ProfileSecret& secret = es.secret;
        if (secret.sourceKind == ProfileSecret::SourceKind::Env && request.environment.contains(secret.sourceEnv))
            session->secretContext.clientEnvironment.insert(
                secret.sourceEnv, request.environment.value(secret.sourceEnv));
        if (secret.deliver == ProfileSecret::Delivery::Request)
            continue; // asked when the agent asks (onSecretAsked)
        const QString delivery = ProfileSecret::deliveryName(secret.deliver);
        if (es.isDenied()) {
            journalSecret(runId, EventKind::SecretDeny, secret.name,
                {{QStringLiteral("delivery"), delivery}, {QStringLiteral("decision"), QStringLiteral("deny")},
                    {QStringLiteral("rule"), QStringLiteral("managed")}, {QStringLiteral("reason"), es.deniedBy}});
            continue;
        }
        if (es.alwaysGranted) {
            pending->granted.append(secret.name);
            journalSecret(runId, EventKind::SecretGrant, secret.name,
                {{QStringLiteral("delivery"), delivery}, {QStringLiteral("decision"), QStringLiteral("always")},
                    {QStringLiteral("rule"), QStringLiteral("always-allowed")}});
            continue;
        }
        asks.append(es);
    }

    connect(session, &Session::sandboxLine, this, &Daemon::onSandboxLine);
    connect(session, &Session::proxyLine, this, &Daemon::onProxyLine);
    connect(session, &Session::sandboxExited, this, &Daemon::onSandboxExited);
    const bool attach = m.value(QLatin1String("attach")).toBool();
    if (asks.isEmpty()) {
        if (!startSession(session, *pending, terminal ? fds : QList<int>{}, &error)) {
            session->stopRequested = true;
            session->killNow();
            QString ignored;
            (void)m_journal.endRun(runId, nowMs(), toInt(ExitCode::SandboxFailed), &ignored);
            delete session; // kills the proxy if it started, wipes the secret files
            removeRuntimeDir();
            return failed(error);
        }
    }
    m_sessions.append(session);
    if (attach) {
        session->attachedClient = client;
        client->attached.insert(runId);
        updateBrokerClientCount(uid);
    }
    if (asks.isEmpty()) {
        journalLaunched(session, pending->policySha256, terminal);
        *out = session;
        return true;
    }
    // The session stays `starting` until every launch secret is answered; the launcher has its
    // reply (and its session id) at once, so that it can answer the questions itself.
    for (int fd : std::as_const(fds))
        pending->terminalFds.append(::fcntl(fd, F_DUPFD_CLOEXEC, 3));
    pending->outstanding = static_cast<int>(asks.size());
    m_pendingLaunches[runId] = std::move(pending);
    // Raised on the next turn of the event loop, after the `launched` reply: the launcher learns
    // its session id before the questions about it.
    QPointer<Session> guard(session);
    QTimer::singleShot(0, this, [this, guard, runId, asks] {
        if (!guard || m_pendingLaunches.count(runId) == 0)
            return;
        for (const EffectiveSecret& es : asks)
            askLaunchSecret(guard, es);
    });
    *out = session;
    return true;
}

void Daemon::journalLaunched(Session* session, const QString& policySha256, bool terminal)
{
    Event launched;
    launched.runId = session->id;
    launched.timeMs = nowMs();
    launched.kind = EventKind::Launch;
    launched.pid = session->sandboxPid();
    launched.subject = session->argv.value(0);
    launched.detail = {{QStringLiteral("argv"), QJsonArray::fromStringList(session->argv)},
        {QStringLiteral("profile"), session->profile}, {QStringLiteral("workspace"), session->workspace},
        {QStringLiteral("policy_sha256"), policySha256}, {QStringLiteral("terminal"), terminal}};
    journalAppend(launched);
}

bool Daemon::startSession(Session* session, PendingLaunch& pending, const QList<int>& terminalFds, QString* error)
{
    const EffectivePolicy& policy = pending.plan.policy;
    bool needDirectory = false, needTool = false;
    for (const EffectiveSecret& es : policy.secrets) {
        if (es.isDenied())
            continue;
        needDirectory = needDirectory || es.secret.deliver != ProfileSecret::Delivery::Env;
        needTool = needTool || es.secret.deliver == ProfileSecret::Delivery::Request;
    }
    CompileContext context = pending.context;
    bool changed = false;
    if (needDirectory && !session->runtimeDir.isEmpty()) {
        auto* store = new SecretStore(
            session->runtimeDir + QStringLiteral("/secrets"), session->user.uid, session->user.gid, session);
        QString why;
        if (store->create(&why)) {
            session->secrets = store;
            context.secretsHostDir = store->directory();
            changed = true;
        } else {
            qWarning("cordon-helper: %s: the secrets directory: %s", qPrintable(session->id), qPrintable(why));
            delete store;
        }
    }
    if (needTool) {
        const QString tool = Installation::companionBinary(QStringLiteral("cordon-request"));
        if (!tool.isEmpty()) {
            context.requestTool = tool;
            changed = true;
        } else {
            qWarning("cordon-helper: cordon-request was not found; request-delivered secrets cannot be asked for");
        }
    }
    for (const QString& name : std::as_const(pending.granted)) {
        const auto it = std::find_if(policy.secrets.begin(), policy.secrets.end(),
            [&](const EffectiveSecret& es) { return es.secret.name == name; });
        if (it == policy.secrets.end())
            continue;
        const ProfileSecret& secret = it->secret;
        QString why;
        bool ok = false;
        if (secret.deliver == ProfileSecret::Delivery::File) {
            if (!session->secrets)
                why = QStringLiteral("no secrets directory for this session");
            else
                ok = deliverSecretFile(session, secret, &why);
        } else {
            QByteArray value;
            ok = readSecretValue(session, secret, &value, &why);
            if (ok) {
                context.secretEnvironment.append({secret.envName.isEmpty() ? secret.name : secret.envName, value});
                changed = true;
            }
            value.fill('\0');
        }
        if (!ok)
            journalSecret(session->id, EventKind::SecretDeny, secret.name,
                {{QStringLiteral("delivery"), ProfileSecret::deliveryName(secret.deliver)},
                    {QStringLiteral("decision"), QStringLiteral("deny")},
                    {QStringLiteral("rule"), QStringLiteral("unreadable")}, {QStringLiteral("reason"), why}});
    }
    LaunchPlan& plan = pending.plan;
    if (changed) {
        // Compiled again with the same policy (what was asked about), now with the secrets.
        const std::string runId = plan.spec.runId;
        spec::LaunchSpec spec;
        CompileReport report;
        PolicyError policyError;
        bool compiled;
        {
            UserFsCredentials asUser;
            if (!asUser.become(session->user, error))
                return false;
            compiled = LaunchSpecCompiler::compile(plan.policy, context, &spec, &report, &policyError);
            asUser.restore();
        }
        for (auto& [name, value] : context.secretEnvironment)
            value.fill('\0');
        if (!compiled) {
            *error = policyError.message;
            return false;
        }
        spec.runId = runId;
        spec.execEvents = true;
        plan.spec = std::move(spec);
    }
    std::optional<UserAccount> proxyUser;
    if (::geteuid() == 0)
        proxyUser = session->user; // a root helper drops the proxy to the user; a rootless one is the user
    const bool ok = spawnProxy(session, plan, proxyUser, error) && spawnSandbox(session, plan, terminalFds, error);
    // The environment values are in the sandbox's sealed spec now, not kept here.
    for (std::string& e : plan.spec.env)
        std::fill(e.begin(), e.end(), '\0');
    plan.spec.env.clear();
    if (!ok)
        return false;
    if (DeciderChannel* decider = session->decider()) {
        connect(decider, &DeciderChannel::asked, session,
            [this, session](qint64 askId, const QString& host, int port, const QString& proto,
                const QJsonObject& peer) { onAsked(session, askId, host, port, proto, peer); });
        connect(decider, &DeciderChannel::secretAsked, session,
            [this, session](qint64 askId, const QString& name, const QJsonObject& peer) {
                onSecretAsked(session, askId, name, peer);
            });
    }
    return true;
}

void Daemon::finishDeferredLaunch(const QString& runId)
{
    const auto it = m_pendingLaunches.find(runId);
    if (it == m_pendingLaunches.end())
        return;
    std::unique_ptr<PendingLaunch> pending = std::move(it->second);
    m_pendingLaunches.erase(it);
    Session* session = nullptr;
    for (Session* s : std::as_const(m_sessions))
        if (s->id == runId)
            session = s;
    if (!session || session->state == Session::State::Ended) {
        closeFds(pending->terminalFds);
        return;
    }
    QString error;
    const bool ok = startSession(session, *pending, pending->terminal ? pending->terminalFds : QList<int>{}, &error);
    closeFds(pending->terminalFds);
    if (!ok) {
        qWarning("cordon-helper: %s: %s", qPrintable(runId), qPrintable(error));
        session->stopRequested = true;
        session->killNow();
        onSandboxExited(session, toInt(ExitCode::SandboxFailed));
        return;
    }
    journalLaunched(session, pending->policySha256, pending->terminal);
    pushSession(session);
}

void Daemon::abortPendingLaunch(Session* session, int exitStatus)
{
    const auto it = m_pendingLaunches.find(session->id);
    if (it == m_pendingLaunches.end())
        return;
    closeFds(it->second->terminalFds);
    m_pendingLaunches.erase(it);
    session->stopRequested = true;
    onSandboxExited(session, exitStatus); // denies its open questions, ends the run, wipes nothing yet made
}

void Daemon::askLaunchSecret(Session* session, const EffectiveSecret& es)
{
    const ProfileSecret secret = es.secret;
    EscalationRequest request;
    request.uid = session->user.uid;
    request.session = session->id;
    request.profile = session->profile;
    request.workspace = session->workspace;
    request.kind = EscalationRequest::Kind::Secret;
    request.subject = secret.name;
    request.exe = session->argv.value(0);
    request.argv = session->argv;
    const EffectivePolicy& policy = session->policy;
    const auto timeout = std::chrono::milliseconds(std::max<qint64>(1, policy.askTimeout.value) * 1000);
    const QString runId = session->id;
    const QString delivery = ProfileSecret::deliveryName(secret.deliver);
    journalSecret(runId, EventKind::SecretAsk, secret.name, {{QStringLiteral("delivery"), delivery}});
    QPointer<Session> guard(session);
    m_broker.raise(request, timeout, policy.unattended.value == UnattendedMode::Wait, policy.promptsAllowed.value,
        es.allowAlways.value, [this, guard, runId, secret, delivery](Resolution& r) {
            const auto it = m_pendingLaunches.find(runId);
            const bool yes =
                r.decision == Decision::Once || r.decision == Decision::Session || r.decision == Decision::Always;
            QJsonObject detail{{QStringLiteral("delivery"), delivery},
                {QStringLiteral("decision"), decisionName(yes ? r.decision : Decision::Deny)},
                {QStringLiteral("by"), resolvedByName(r.by)},
                {QStringLiteral("request"), static_cast<double>(r.requestId)}};
            if (secret.deliver == ProfileSecret::Delivery::File)
                detail.insert(QStringLiteral("ttl"), static_cast<double>(secret.ttlSeconds));
            journalSecret(runId, yes ? EventKind::SecretGrant : EventKind::SecretDeny, secret.name, detail);
            if (it == m_pendingLaunches.end() || !guard)
                return; // the launch was stopped meanwhile
            if (yes)
                it->second->granted.append(secret.name);
            if (r.decision == Decision::Always)
                saveAlwaysSecret(guard, secret.name);
            if (--it->second->outstanding == 0)
                QTimer::singleShot(0, this, [this, runId] { finishDeferredLaunch(runId); });
        });
}

void Daemon::journalSecret(const QString& runId, EventKind kind, const QString& name, QJsonObject detail, qint64 pid)
{
    // Names and words only: never a value (docs/helper.md, "Secrets").
    Event event;
    event.runId = runId;
    event.kind = kind;
    event.pid = pid;
    event.subject = name;
    event.detail = std::move(detail);
    if (kind == EventKind::SecretAsk)
        journalAppend(event);
    else
        journalCommitNow(event);
}

bool Daemon::readSecretValue(Session* session, const ProfileSecret& secret, QByteArray* value, QString* error)
{
    // With the user's file system credentials: a "file" source can never read what the user
    // cannot (SecretSource.h).
    UserFsCredentials asUser;
    if (!asUser.become(session->user, error))
        return false;
    const bool ok = SecretSource::read(secret, session->secretContext, value, error);
    asUser.restore();
    return ok;
}

bool Daemon::deliverSecretFile(Session* session, const ProfileSecret& secret, QString* error)
{
    if (!session->secrets) {
        *error = QStringLiteral("no secrets directory for this session");
        return false;
    }
    QByteArray value;
    bool ok = readSecretValue(session, secret, &value, error);
    if (ok)
        ok = session->secrets->put(secret.name, value, secret.ttlSeconds, error);
    value.fill('\0');
    return ok;
}

void Daemon::saveAlwaysSecret(Session* session, const QString& name)
{
    QString error;
    bool added = false;
    UserFsCredentials asUser;
    if (!asUser.become(session->user, &error) ||
        !AlwaysGrantStore(session->grantsDirectory).addSecret(session->profile, name, &added, &error))
        qWarning("cordon-helper: saving the answer for secret %s: %s", qPrintable(name), qPrintable(error));
    asUser.restore();
}

void Daemon::onSecretAsked(Session* session, qint64 askId, const QString& name, const QJsonObject& peer)
{
    const qint64 pid = static_cast<qint64>(
        peer.value(QLatin1String("pid")).toDouble(peer.value(QLatin1String("peer_pid")).toDouble()));
    const EffectivePolicy& policy = session->policy;
    const auto it = std::find_if(policy.secrets.begin(), policy.secrets.end(), [&](const EffectiveSecret& es) {
        return es.secret.name == name && es.secret.deliver == ProfileSecret::Delivery::Request;
    });
    const auto deny = [&](const QString& rule, const QString& reason = QString()) {
        QJsonObject detail{{QStringLiteral("delivery"), QStringLiteral("request")},
            {QStringLiteral("decision"), QStringLiteral("deny")}, {QStringLiteral("rule"), rule}};
        if (!reason.isEmpty())
            detail.insert(QStringLiteral("reason"), reason);
        journalSecret(session->id, EventKind::SecretDeny, name, detail, pid);
        if (session->decider())
            session->decider()->answerSecret(askId, Decision::Deny, name);
    };
    if (it == policy.secrets.end())
        return deny(QStringLiteral("not listed"));
    if (it->isDenied())
        return deny(QStringLiteral("managed"), it->deniedBy);
    const ProfileSecret secret = it->secret;
    const auto grantNow = [this](Session* s, qint64 ask, const ProfileSecret& sec, Decision decision,
                              const QString& rule, qint64 peerPid) {
        QString why;
        if (!deliverSecretFile(s, sec, &why)) {
            journalSecret(s->id, EventKind::SecretDeny, sec.name,
                {{QStringLiteral("delivery"), QStringLiteral("request")},
                    {QStringLiteral("decision"), QStringLiteral("deny")},
                    {QStringLiteral("rule"), QStringLiteral("unreadable")}, {QStringLiteral("reason"), why}},
                peerPid);
            if (s->decider())
                s->decider()->answerSecret(ask, Decision::Deny, sec.name);
            return;
        }
        journalSecret(s->id, EventKind::SecretGrant, sec.name,
            {{QStringLiteral("delivery"), QStringLiteral("request")},
                {QStringLiteral("decision"), decisionName(decision)}, {QStringLiteral("rule"), rule},
                {QStringLiteral("ttl"), static_cast<double>(sec.ttlSeconds)}},
            peerPid);
        if (s->decider())
            s->decider()->answerSecret(ask, decision, sec.name);
    };
    if (it->alwaysGranted)
        return grantNow(session, askId, secret, Decision::Always, QStringLiteral("always-allowed"), pid);
    const auto granted = session->secretGrants.constFind(name);
    if (granted != session->secretGrants.constEnd() && granted.value() > nowMs())
        return grantNow(session, askId, secret, Decision::Session, QStringLiteral("granted"), pid);

    EscalationRequest request;
    request.uid = session->user.uid;
    request.session = session->id;
    request.profile = session->profile;
    request.workspace = session->workspace;
    request.kind = EscalationRequest::Kind::Secret;
    request.subject = name;
    request.pid = pid;
    request.exe = peer.value(QLatin1String("exe")).toString();
    for (const QJsonValue& a : peer.value(QLatin1String("argv")).toArray())
        request.argv.append(a.toString());
    journalSecret(
        session->id, EventKind::SecretAsk, name, {{QStringLiteral("delivery"), QStringLiteral("request")}}, pid);
    const auto timeout = std::chrono::milliseconds(std::max<qint64>(1, policy.askTimeout.value) * 1000);
    QPointer<Session> guard(session);
    const QString runId = session->id;
    m_broker.raise(request, timeout, policy.unattended.value == UnattendedMode::Wait, policy.promptsAllowed.value,
        it->allowAlways.value, [this, guard, runId, askId, secret, pid, grantNow](Resolution& r) {
            const bool yes =
                r.decision == Decision::Once || r.decision == Decision::Session || r.decision == Decision::Always;
            if (!guard || guard->state == Session::State::Ended) {
                journalSecret(runId, EventKind::SecretDeny, secret.name,
                    {{QStringLiteral("delivery"), QStringLiteral("request")},
                        {QStringLiteral("decision"), QStringLiteral("deny")},
                        {QStringLiteral("by"), resolvedByName(r.by)}},
                    pid);
                return;
            }
            if (!yes) {
                journalSecret(runId, EventKind::SecretDeny, secret.name,
                    {{QStringLiteral("delivery"), QStringLiteral("request")},
                        {QStringLiteral("decision"), QStringLiteral("deny")},
                        {QStringLiteral("by"), resolvedByName(r.by)}},
                    pid);
                if (guard->decider())
                    guard->decider()->answerSecret(askId, Decision::Deny, secret.name);
                return;
            }
            if (r.decision == Decision::Session)
                guard->secretGrants.insert(secret.name, nowMs() + secret.ttlSeconds * 1000);
            if (r.decision == Decision::Always) {
                guard->secretGrants.insert(secret.name, std::numeric_limits<qint64>::max());
                saveAlwaysSecret(guard, secret.name);
            }
            grantNow(guard, askId, secret, r.decision, QStringLiteral("ask:") + decisionName(r.decision), pid);
        });
}

bool Daemon::spawnProxy(
    Session* session, const LaunchPlan& plan, const std::optional<UserAccount>& runAs, QString* error)
{
    int decider[2], events[2];
    if (!socketPair(decider, error))
        return false;
    if (!socketPair(events, error)) {
        ::close(decider[0]);
        ::close(decider[1]);
        return false;
    }
    const QByteArray policy = QJsonDocument(PolicySnapshot::proxyPolicy(plan.policy)).toJson(QJsonDocument::Compact);
    const int policyFd = sealedMemfd("cordon-proxy-policy", policy, error);
    const int devNull = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    const auto closeAll = [&] {
        for (int fd : {decider[1], events[1], policyFd, devNull})
            if (fd >= 0)
                ::close(fd);
    };
    if (policyFd < 0 || devNull < 0) {
        if (devNull < 0)
            *error = QStringLiteral("/dev/null: %1").arg(errnoText());
        closeAll();
        ::close(decider[0]);
        ::close(events[0]);
        return false;
    }
    const qint64 askTimeout = std::max<qint64>(1, plan.policy.askTimeout.value);
    SpawnRequest request;
    request.binary = QFile::encodeName(m_config.proxyBinary);
    request.argv = {QByteArrayLiteral("cordon-proxy"), QByteArrayLiteral("--listen"),
        QFile::encodeName(session->runtimeDir + QStringLiteral("/proxy.sock")), QByteArrayLiteral("--decider-fd"),
        QByteArrayLiteral("3"), QByteArrayLiteral("--events-fd"), QByteArrayLiteral("4"),
        QByteArrayLiteral("--policy-fd"), QByteArrayLiteral("5"), QByteArrayLiteral("--peer-header"),
        QByteArrayLiteral("--ask-timeout"), QByteArray::number(askTimeout)};
    const bool test = !m_config.testProxyResolveMap.isEmpty();
    if (test)
        request.argv << QByteArrayLiteral("--resolve-map") << QFile::encodeName(m_config.testProxyResolveMap)
                     << QByteArrayLiteral("--test-mapped-may-be-private");
    request.env = childEnvironment(test);
    // stdout and stderr: the helper's stderr (journald for the service), for the proxy's own
    // start-up errors; its events go to descriptor 4.
    request.fds = {
        {devNull, 0}, {STDERR_FILENO, 1}, {STDERR_FILENO, 2}, {decider[1], 3}, {events[1], 4}, {policyFd, 5}};
    request.dropTo = runAs;
    SpawnedProcess proc;
    const bool ok = ProcessSpawner::spawn(request, &proc, error);
    closeAll();
    if (!ok) {
        ::close(decider[0]);
        ::close(events[0]);
        return false;
    }
    session->adoptProxy(proc.pid, proc.pidfd, events[0], decider[0]);
    return true;
}

bool Daemon::spawnSandbox(Session* session, const LaunchPlan& plan, const QList<int>& terminalFds, QString* error)
{
    int events[2], control[2];
    if (!socketPair(events, error))
        return false;
    if (!socketPair(control, error)) {
        ::close(events[0]);
        ::close(events[1]);
        return false;
    }
    const std::string encoded = spec::encodeLaunchSpec(plan.spec);
    const int specFd = sealedMemfd("cordon-launch-spec", QByteArray(encoded.data(), qsizetype(encoded.size())), error);
    int in = -1;
    // The session's output log (OutputLog): the sandbox writes into a pipe whose other end the
    // helper copies into STATE/output/SESSION.log up to --output-limit, so that a sandbox cannot
    // fill the helper's disk. Our copy of the write end is closed right after the spawn.
    std::unique_ptr<OutputLog> log;
    confine::UniqueFd outWrite;
    bool logOpen = true;
    if (terminalFds.isEmpty() && specFd >= 0) {
        in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (in < 0) {
            *error = QStringLiteral("/dev/null: %1").arg(errnoText());
        } else {
            log = std::make_unique<OutputLog>(session->id,
                m_config.stateDir + QStringLiteral("/output/") + session->id + QStringLiteral(".log"),
                m_config.outputLimitBytes);
            logOpen = log->open(&outWrite, error);
        }
    }
    const auto closeAll = [&] {
        for (int fd : {events[1], control[1], specFd, in})
            if (fd >= 0)
                ::close(fd);
        outWrite.reset();
    };
    if (specFd < 0 || (terminalFds.isEmpty() && (in < 0 || !logOpen))) {
        closeAll();
        ::close(events[0]);
        ::close(control[0]);
        return false;
    }
    SpawnRequest request;
    request.binary = QFile::encodeName(m_config.sandboxBinary);
    request.argv = {QByteArrayLiteral("cordon-sandbox"), QByteArrayLiteral("--spec-fd"), QByteArrayLiteral("3"),
        QByteArrayLiteral("--events-fd"), QByteArrayLiteral("4"), QByteArrayLiteral("--control-fd"),
        QByteArrayLiteral("5")};
    request.env = childEnvironment(false);
    if (terminalFds.isEmpty())
        request.fds = {{in, 0}, {outWrite.get(), 1}, {outWrite.get(), 2}};
    else
        request.fds = {{terminalFds[0], 0}, {terminalFds[1], 1}, {terminalFds[2], 2}};
    request.fds.insert(request.fds.end(), {{specFd, 3}, {events[1], 4}, {control[1], 5}});
    // A root helper drops to the user; root's own sessions and a rootless helper's need no change.
    if (::geteuid() == 0 && session->user.uid != 0)
        request.dropTo = session->user;
    SpawnedProcess proc;
    const bool ok = ProcessSpawner::spawn(request, &proc, error);
    closeAll();
    if (!ok) {
        ::close(events[0]);
        ::close(control[0]);
        return false;
    }
    session->adoptSandbox(proc.pid, proc.pidfd, events[0], control[0]);
    if (log)
        session->adoptOutputLog(log.release());
    return true;
}

// ---------------------------------------------------------------------------------------------
// sessions

void Daemon::setState(Session* session, Session::State state)
{
    if (session->state == state || session->state == Session::State::Ended)
        return;
    session->state = state;
    pushSession(session);
}

void Daemon::onSandboxLine(Session* session, const QJsonObject& line)
{
    const QString type = EventMapper::lineKind(line);
    if (type == QLatin1String("started")) {
        if (session->state == Session::State::Starting)
            setState(session, Session::State::Running);
        return;
    }
    Event event;
    if (EventMapper::fromSandbox(line, session->id, &event)) {
        if (event.kind == EventKind::Exit && session->state != Session::State::Ended)
            session->exitStatus = static_cast<int>(event.detail.value(QLatin1String("status")).toDouble());
        journalAppend(event);
    }
    if (type == QLatin1String("time_warning") && session->state != Session::State::Ended)
        raiseTimeEscalation(session, static_cast<qint64>(line.value(QLatin1String("remaining_s")).toDouble()));
}

void Daemon::onProxyLine(Session* session, const QJsonObject& line)
{
    Event event;
    if (EventMapper::fromProxy(line, session->id, &event))
        journalAppend(event);
}

void Daemon::onSandboxExited(Session* session, int status)
{
    const int exitStatus = session->exitStatus.value_or(status);
    session->exitStatus = exitStatus;
    session->endedMs = nowMs();
    // Pending questions of this session are moot: Deny by SessionEnded (the proxy is going too).
    m_broker.endSession(session->id);
    m_grants->endSession(session->id);
    // Every delivered secret file is overwritten and removed (the proxy may still be going).
    if (session->secrets)
        session->secrets->wipeAll();
    session->secretGrants.clear();
    if (session->sandboxPid() < 0 && session->proxyPid() < 0 && !session->runtimeDir.isEmpty())
        QDir().rmdir(session->runtimeDir); // a launch that never started anything
    flushJournal();
    QString error;
    if (!m_journal.endRun(session->id, *session->endedMs, exitStatus, &error))
        qWarning("cordon-helper: %s", qPrintable(error));
    session->state = Session::State::Stopping; // so that setState pushes the change
    session->state = Session::State::Ended;
    pushSession(session);
    if (session->attachedClient)
        session->attachedClient->attached.remove(session->id);
    updateBrokerClientCount(session->user.uid);
    pruneEnded();
    if (m_shuttingDown && std::none_of(m_sessions.begin(), m_sessions.end(),
                              [](Session* s) { return s->state != Session::State::Ended; }))
        finishShutdown();
}

void Daemon::pruneEnded()
{
    int ended = 0;
    for (qsizetype i = m_sessions.size() - 1; i >= 0; --i) {
        Session* s = m_sessions.at(i);
        if (s->state != Session::State::Ended)
            continue;
        if (++ended > HelperConfig::kMaxEndedKept) {
            m_sessions.removeAt(i);
            s->deleteLater();
        }
    }
}

void Daemon::onAsked(
    Session* session, qint64 askId, const QString& host, int port, const QString& proto, const QJsonObject& peer)
{
    Q_UNUSED(proto);
    EscalationRequest request;
    request.uid = session->user.uid;
    request.session = session->id;
    request.profile = session->profile;
    request.workspace = session->workspace;
    request.kind = EscalationRequest::Kind::Net;
    request.host = host;
    request.port = port;
    request.pid = static_cast<qint64>(
        peer.value(QLatin1String("pid")).toDouble(peer.value(QLatin1String("peer_pid")).toDouble()));
    request.exe = peer.value(QLatin1String("exe")).toString();
    for (const QJsonValue& a : peer.value(QLatin1String("argv")).toArray())
        request.argv.append(a.toString());
    const EffectivePolicy& policy = session->policy;
    const auto timeout = std::chrono::milliseconds(std::max<qint64>(1, policy.askTimeout.value) * 1000);
    QPointer<Session> guard(session);
    const QString runId = session->id;
    const QString profile = session->profile;
    const UserAccount user = session->user;
    const QString grantsDirectory = session->grantsDirectory;
    m_broker.raise(request, timeout, policy.unattended.value == UnattendedMode::Wait, policy.promptsAllowed.value,
        policy.allowAlways.value,
        [this, guard, askId, runId, profile, user, host, port, grantsDirectory](Resolution& r) {
            // r is the broker's: the grantId set here is what the `resolved` push carries.
            // Session and Always become grants the proxy remembers (GrantTable records them in
            // the journal); Always is also saved for the profile (AlwaysGrantStore), written with
            // the user's credentials.
            QString error;
            if (r.decision == Decision::Session)
                r.grantId = m_grants->addSessionGrant(user.uid, runId, profile, r.pattern, &error);
            else if (r.decision == Decision::Always)
                r.grantId = m_grants->addAlwaysGrant(user.uid, profile, r.pattern, &error);
            if (!error.isEmpty())
                qWarning("cordon-helper: recording the grant: %s", qPrintable(error));
            if (r.decision == Decision::Always) {
                HostPattern pattern;
                QString expected;
                bool added = false;
                UserFsCredentials asUser;
                if (!HostPattern::parse(r.pattern, &pattern, &expected))
                    qWarning("cordon-helper: always: %s: %s", qPrintable(r.pattern), qPrintable(expected));
                else if (!asUser.become(user, &error) ||
                         !AlwaysGrantStore(grantsDirectory).addNetworkAllow(profile, pattern, &added, &error))
                    qWarning("cordon-helper: saving the answer: %s", qPrintable(error));
                asUser.restore();
            }
            if (guard && guard->decider())
                guard->decider()->answer(askId, r.decision, r.pattern, r.grantId);
            Event decision;
            decision.runId = runId;
            decision.kind = EventKind::Decision;
            decision.subject = r.pattern.isEmpty() ? (host + u':' + QString::number(port)) : r.pattern;
            decision.detail = {{QStringLiteral("request"), static_cast<double>(r.requestId)},
                {QStringLiteral("decision"), decisionName(r.decision)}, {QStringLiteral("scope"), scopeName(r.scope)},
                {QStringLiteral("by"), resolvedByName(r.by)}};
            if (r.grantId > 0)
                decision.detail.insert(QStringLiteral("grant"), static_cast<double>(r.grantId));
            journalCommitNow(decision);
        });
    // raised() pushes the escalation and the session's new pending count.
}

void Daemon::raiseTimeEscalation(Session* session, qint64 remainingSeconds)
{
    EscalationRequest request;
    request.uid = session->user.uid;
    request.session = session->id;
    request.profile = session->profile;
    request.workspace = session->workspace;
    request.kind = EscalationRequest::Kind::Time;
    request.subject = QStringLiteral("timebox");
    request.pid = session->sandboxPid();
    request.exe = session->argv.value(0);
    request.argv = session->argv;
    const EffectivePolicy& policy = session->policy;
    // The question can wait at most until the timebox ends.
    const qint64 waitSeconds = std::max<qint64>(1, std::min<qint64>(remainingSeconds, policy.askTimeout.value));
    QPointer<Session> guard(session);
    const QString runId = session->id;
    m_broker.raise(request, std::chrono::milliseconds(waitSeconds * 1000),
        policy.unattended.value == UnattendedMode::Wait, policy.promptsAllowed.value, false,
        [this, guard, runId](const Resolution& r) {
            if (r.decision == Decision::Extend && guard && guard->state != Session::State::Ended) {
                guard->sendControl(QByteArrayLiteral("extend ") + QByteArray::number(qint64(r.minutes) * 60));
                if (guard->timeoutAtMs)
                    *guard->timeoutAtMs += qint64(r.minutes) * 60 * 1000;
                pushSession(guard);
            }
            Event decision;
            decision.runId = runId;
            decision.kind = EventKind::Decision;
            decision.subject = QStringLiteral("timebox");
            decision.detail = {{QStringLiteral("request"), static_cast<double>(r.requestId)},
                {QStringLiteral("decision"), decisionName(r.decision)}, {QStringLiteral("by"), resolvedByName(r.by)}};
            if (r.decision == Decision::Extend)
                decision.detail.insert(QStringLiteral("minutes"), r.minutes);
            journalCommitNow(decision);
        });
}

// ---------------------------------------------------------------------------------------------
// journal and pushes

void Daemon::journalAppend(Event event)
{
    if (event.timeMs == 0)
        event.timeMs = nowMs();
    m_journal.append(event);
    m_unpushed.append(event);
    if (m_journal.flushDue())
        flushJournal();
    else if (!m_flushTimer->isActive())
        m_flushTimer->start(static_cast<int>(std::max<qint64>(0, m_journal.msUntilFlushDue())));
}

void Daemon::journalCommitNow(Event event)
{
    // Decisions are committed durably at once (synchronous=FULL, docs/journal.md), together with
    // everything queued before them.
    if (event.timeMs == 0)
        event.timeMs = nowMs();
    QList<Event> batch = m_unpushed;
    m_unpushed.clear();
    qint64 id = 0;
    QString error;
    if (!m_journal.appendAndCommit(event, &id, &error)) {
        qWarning("cordon-helper: journal: %s", qPrintable(error));
        m_unpushed = batch;
        return;
    }
    m_flushTimer->stop();
    // The queued events went in the same transaction, just before this one: AUTOINCREMENT gives
    // them the ids right below it, in order.
    qint64 next = id - batch.size();
    for (Event& e : batch) {
        e.id = next++;
        pushEvent(e);
    }
    event.id = id;
    pushEvent(event);
}

void Daemon::flushJournal()
{
    m_flushTimer->stop();
    if (m_journal.pendingCount() == 0)
        return;
    QList<qint64> ids;
    QString error;
    if (!m_journal.flush(&ids, &error)) {
        qWarning("cordon-helper: journal: %s", qPrintable(error));
        m_flushTimer->start(1000);
        return;
    }
    QList<Event> batch;
    batch.swap(m_unpushed);
    for (qsizetype i = 0; i < batch.size() && i < ids.size(); ++i) {
        batch[i].id = ids.at(i);
        pushEvent(batch.at(i));
    }
}

QJsonObject Daemon::eventJson(const Event& e)
{
    return {{QStringLiteral("id"), static_cast<double>(e.id)}, {QStringLiteral("session"), e.runId},
        {QStringLiteral("time"), static_cast<double>(e.timeMs)}, {QStringLiteral("kind"), EventKindNames::name(e.kind)},
        {QStringLiteral("pid"), static_cast<double>(e.pid)}, {QStringLiteral("subject"), e.subject},
        {QStringLiteral("detail"), e.detail}};
}

void Daemon::pushEvent(const Event& event)
{
    const auto owner = m_runOwners.constFind(event.runId);
    if (owner == m_runOwners.constEnd())
        return;
    const QString kind = EventKindNames::name(event.kind);
    QJsonObject message;
    for (ClientConnection* c : std::as_const(m_clients)) {
        const auto& sub = c->subscription;
        if (c->isClosed() || !c->helloDone() || c->peer().uid != owner.value() || !sub.events)
            continue;
        if ((!sub.session.isEmpty() && sub.session != event.runId) ||
            (!sub.kinds.isEmpty() && !sub.kinds.contains(kind)))
            continue;
        if (message.isEmpty())
            message = {{QStringLiteral("type"), QStringLiteral("event")}, {QStringLiteral("event"), eventJson(event)}};
        c->send(message);
    }
}

void Daemon::pushSession(Session* session)
{
    QJsonObject message{{QStringLiteral("type"), QStringLiteral("session")},
        {QStringLiteral("session"), session->toJson(m_broker.pendingCount(session->id))}};
    for (ClientConnection* c : std::as_const(m_clients)) {
        if (c->isClosed() || !c->helloDone() || c->peer().uid != session->user.uid)
            continue;
        const auto& sub = c->subscription;
        const bool subscribed = sub.sessions && (sub.session.isEmpty() || sub.session == session->id);
        if (subscribed || c->attached.contains(session->id))
            c->send(message);
    }
}

void Daemon::pushEscalation(const EscalationRequest& request)
{
    QJsonObject message{
        {QStringLiteral("type"), QStringLiteral("escalation")}, {QStringLiteral("request"), request.toJson()}};
    bool subscriberExists = false;
    for (ClientConnection* c : std::as_const(m_clients)) {
        if (!c->isClosed() && c->peer().uid == request.uid && c->subscription.escalations)
            subscriberExists = true;
    }
    for (ClientConnection* c : std::as_const(m_clients)) {
        if (c->isClosed() || !c->helloDone() || c->peer().uid != request.uid)
            continue;
        const auto& sub = c->subscription;
        const bool subscribed = sub.escalations && (sub.session.isEmpty() || sub.session == request.session);
        // An attached launcher answers its own session's questions only while no other client of
        // that uid subscribes to escalations (docs/protocol.md, "Pushes").
        const bool attached = !subscriberExists && c->attached.contains(request.session);
        if (subscribed || attached)
            c->send(message);
    }
    for (Session* s : std::as_const(m_sessions)) {
        if (s->id == request.session)
            pushSession(s);
    }
}

void Daemon::pushResolved(uid_t uid, const Resolution& r, const QString& session)
{
    QJsonObject message{{QStringLiteral("type"), QStringLiteral("resolved")},
        {QStringLiteral("request"), static_cast<double>(r.requestId)},
        {QStringLiteral("decision"), decisionName(r.decision)}, {QStringLiteral("scope"), scopeName(r.scope)},
        {QStringLiteral("by"), resolvedByName(r.by)}};
    if (r.grantId > 0)
        message.insert(QStringLiteral("grant"), static_cast<double>(r.grantId));
    for (ClientConnection* c : std::as_const(m_clients)) {
        if (c->isClosed() || !c->helloDone() || c->peer().uid != uid)
            continue;
        const auto& sub = c->subscription;
        if ((sub.escalations && (sub.session.isEmpty() || sub.session == session)) || c->attached.contains(session))
            c->send(message);
    }
    for (Session* s : std::as_const(m_sessions)) {
        if (s->id == session && s->state != Session::State::Ended)
            pushSession(s);
    }
}

// ---------------------------------------------------------------------------------------------
// lifetime

void Daemon::shutdown()
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    if (m_acceptNotifier)
        m_acceptNotifier->setEnabled(false);
    QList<Session*> waiting;
    for (Session* s : std::as_const(m_sessions))
        if (s->state != Session::State::Ended && m_pendingLaunches.count(s->id) != 0)
            waiting.append(s);
    for (Session* s : std::as_const(waiting))
        abortPendingLaunch(s, 128 + SIGTERM);
    bool anyRunning = false;
    for (Session* s : std::as_const(m_sessions)) {
        if (s->state == Session::State::Ended)
            continue;
        anyRunning = true;
        s->stop(HelperConfig::kStopKillAfterMs);
    }
    if (!anyRunning) {
        finishShutdown();
        return;
    }
    // Whatever has not ended by then is killed (Session::stop armed that) and reaped; the last
    // one ending calls finishShutdown(). A last resort in case a reap never comes:
    QTimer::singleShot(HelperConfig::kStopKillAfterMs + 5000, this, &Daemon::finishShutdown);
}

void Daemon::finishShutdown()
{
    if (m_finished)
        return;
    m_finished = true;
    flushJournal();
    QString error;
    if (!m_journal.close(&error))
        qWarning("cordon-helper: %s", qPrintable(error));
    if (m_listenFd >= 0) {
        // Remove our socket name so the next helper finds no stale one (it would cope anyway).
        ::unlink(QFile::encodeName(m_config.socketPath).constData());
    }
    QCoreApplication::exit(0);
}

} // namespace cordon::helperd
