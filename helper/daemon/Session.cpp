#include "Session.h"
#include "SecretStore.h"

#include "DeciderChannel.h"
#include "JsonLineChannel.h"
#include "OutputLog.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QSocketNotifier>
#include <QTimer>

#include <cerrno>
#include <csignal>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace cordon::helperd {

namespace {

// Reaps the process behind a pidfd that has become readable; its status as a shell reports it.
int reap(int pidfd)
{
    siginfo_t info{};
    int rc;
    do {
        rc = ::waitid(static_cast<idtype_t>(P_PIDFD), static_cast<id_t>(pidfd), &info, WEXITED);
    } while (rc != 0 && errno == EINTR);
    if (rc != 0)
        return 125;
    if (info.si_code == CLD_EXITED)
        return info.si_status;
    return 128 + info.si_status;
}

bool signalPidfd(int pidfd, int sig)
{
    return ::syscall(SYS_pidfd_send_signal, pidfd, sig, nullptr, 0) == 0;
}

} // namespace

QString Session::stateName(State state)
{
    switch (state) {
    case State::Starting: return QStringLiteral("starting");
    case State::Running: return QStringLiteral("running");
    case State::Stopping: return QStringLiteral("stopping");
    case State::Ended: return QStringLiteral("ended");
    }
    return QStringLiteral("ended");
}

Session::Session(QString sessionId, const UserAccount& account, QObject* parent)
    : QObject(parent), id(std::move(sessionId)), user(account)
{ }

Session::~Session()
{
    // The daemon destroys a session only after it ended; if not (a failed launch, shutdown),
    // nothing may survive it, and nothing is left a zombie: SIGKILL cannot be caught, so the
    // reap that follows is quick.
    for (confine::UniqueFd* pidfd : {&m_sandboxPidfd, &m_proxyPidfd}) {
        if (*pidfd) {
            signalPidfd(pidfd->get(), SIGKILL);
            reap(pidfd->get());
        }
    }
}

void Session::adoptSandbox(pid_t pid, int pidfd, int eventsFd, int controlFd)
{
    m_sandboxPid = pid;
    m_sandboxPidfd.reset(pidfd);
    m_control.reset(controlFd);
    m_sandboxEvents = new JsonLineChannel(eventsFd, JsonLineChannel::kDefaultMaxLineBytes, this);
    connect(m_sandboxEvents, &JsonLineChannel::line, this,
        [this](const QJsonObject& line) { Q_EMIT sandboxLine(this, line); });
    m_sandboxExit = new QSocketNotifier(pidfd, QSocketNotifier::Read, this);
    connect(m_sandboxExit, &QSocketNotifier::activated, this, &Session::onSandboxExit);
}

void Session::adoptProxy(pid_t pid, int pidfd, int eventsFd, int deciderFd)
{
    m_proxyPid = pid;
    m_proxyPidfd.reset(pidfd);
    m_proxyEvents = new JsonLineChannel(eventsFd, JsonLineChannel::kDefaultMaxLineBytes, this);
    connect(
        m_proxyEvents, &JsonLineChannel::line, this, [this](const QJsonObject& line) { Q_EMIT proxyLine(this, line); });
    m_decider = new DeciderChannel(deciderFd, this);
    m_proxyExit = new QSocketNotifier(pidfd, QSocketNotifier::Read, this);
    connect(m_proxyExit, &QSocketNotifier::activated, this, &Session::onProxyExit);
}

void Session::adoptOutputLog(OutputLog* log)
{
    m_outputLog = log;
    log->setParent(this);
    connect(log, &OutputLog::finished, this, &Session::finishExitWhenDrained);
}

bool Session::sendControl(const QByteArray& line)
{
    if (!m_control)
        return false;
    QByteArray data = line;
    data.append('\n');
    ssize_t sent;
    do {
        sent = ::send(m_control.get(), data.constData(), static_cast<size_t>(data.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
    } while (sent < 0 && errno == EINTR);
    // Control lines are a few bytes into an otherwise idle socket; a partial write means the
    // sandbox stopped reading, which the kill timer of stop() covers.
    return sent == data.size();
}

void Session::stop(int killAfterMs)
{
    if (state == State::Ended)
        return;
    stopRequested = true;
    if (!sendControl("stop") && m_sandboxPidfd) {
        // No control channel (yet, or any more): SIGTERM lets the monitor run its own stop.
        signalPidfd(m_sandboxPidfd.get(), SIGTERM);
    }
    if (!m_killTimer) {
        m_killTimer = new QTimer(this);
        m_killTimer->setSingleShot(true);
        connect(m_killTimer, &QTimer::timeout, this, &Session::killNow);
        m_killTimer->start(killAfterMs);
    }
}

void Session::killNow()
{
    // SIGKILL of the monitor takes the shim with it (its parent-death signal), and the kernel
    // then kills the whole pid namespace (pid_namespaces(7)).
    if (m_sandboxPidfd)
        signalPidfd(m_sandboxPidfd.get(), SIGKILL);
}

void Session::onSandboxExit()
{
    m_sandboxExit->setEnabled(false);
    const int status = reap(m_sandboxPidfd.get());
    m_sandboxPidfd.reset();
    if (m_killTimer)
        m_killTimer->stop();
    m_control.reset();
    // Read what the sandbox wrote before it went (its exit event), then the proxy has no one to
    // serve: SIGTERM, and SIGKILL if it lingers.
    if (m_proxyPidfd) {
        signalPidfd(m_proxyPidfd.get(), SIGTERM);
        QTimer::singleShot(3000, this, [this] {
            if (m_proxyPidfd)
                signalPidfd(m_proxyPidfd.get(), SIGKILL);
        });
    }
    // The exit event may still be unread in the events socket, and the last output in the log's
    // pipe: finish once both reached their end (the monitor's ends closed with it, the pid
    // namespace's processes are dying with the shim), or after kDrainAfterExitMs at most (a log
    // still open then goes on draining, within its limit, while the session is reported ended).
    m_exitStatus = status;
    if (m_sandboxEvents && m_sandboxEvents->isOpen())
        connect(m_sandboxEvents, &JsonLineChannel::closed, this, &Session::finishExitWhenDrained);
    QTimer::singleShot(kDrainAfterExitMs, this, &Session::finishExit);
    finishExitWhenDrained();
}

void Session::finishExitWhenDrained()
{
    const bool eventsOpen = m_sandboxEvents && m_sandboxEvents->isOpen();
    const bool outputOpen = m_outputLog && !m_outputLog->isFinished();
    if (!eventsOpen && !outputOpen)
        finishExit();
}

void Session::finishExit()
{
    if (m_exitReported || !m_exitStatus)
        return;
    m_exitReported = true;
    Q_EMIT sandboxExited(this, *m_exitStatus);
    cleanUp();
}

void Session::onProxyExit()
{
    m_proxyExit->setEnabled(false);
    reap(m_proxyPidfd.get());
    m_proxyPidfd.reset();
    cleanUp();
}

void Session::cleanUp()
{
    if (m_sandboxPidfd || m_proxyPidfd || runtimeDir.isEmpty())
        return;
    // The runtime directory holds the proxy's socket and the secrets directory; wipe the secret
    // files, then remove both by name (the directory is ours and the user's alone, 0700).
    if (secrets)
        secrets->wipeAll();
    QFile::remove(runtimeDir + QStringLiteral("/proxy.sock"));
    QDir().rmdir(runtimeDir);
    runtimeDir.clear();
}

std::optional<qint64> Session::currentMemory() const
{
    // The run's cgroup as cordon-sandbox names it (helper/confine/Cgroup.cpp): cgroup v1
    // <memory>/cordon/<uid>/<run id>, or v2 cordon-<run id> beside the monitor's own cgroup. Absent
    // when the profile set no limit (no cgroup is made then): the field is optional.
    const auto readNumber = [](const QString& path) -> std::optional<qint64> {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return std::nullopt;
        bool ok = false;
        const qint64 value = file.read(64).trimmed().toLongLong(&ok);
        return ok && value >= 0 ? std::optional<qint64>(value) : std::nullopt;
    };
    if (state == State::Ended || m_sandboxPid <= 0)
        return std::nullopt;
    if (auto v1 = readNumber(
            QStringLiteral("/sys/fs/cgroup/memory/cordon/%1/%2/memory.usage_in_bytes").arg(user.uid).arg(id)))
        return v1;
    QFile self(QStringLiteral("/proc/%1/cgroup").arg(m_sandboxPid));
    if (!self.open(QIODevice::ReadOnly))
        return std::nullopt;
    for (const QByteArray& line : self.readAll().split('\n')) {
        if (!line.startsWith("0::/"))
            continue;
        const QString own = QString::fromUtf8(line.mid(3));
        if (own.contains(QStringLiteral("..")))
            return std::nullopt;
        const QString parent = own.section(u'/', 0, -2);
        return readNumber(QStringLiteral("/sys/fs/cgroup%1/cordon-%2/memory.current").arg(parent, id));
    }
    return std::nullopt;
}

QJsonObject Session::toJson(int pending) const
{
    QJsonObject o{{QStringLiteral("id"), id}, {QStringLiteral("profile"), profile},
        {QStringLiteral("workspace"), workspace}, {QStringLiteral("argv"), QJsonArray::fromStringList(argv)},
        {QStringLiteral("state"), stateName(state)}, {QStringLiteral("started"), static_cast<double>(startedMs)},
        {QStringLiteral("pid"), static_cast<double>(m_sandboxPid > 0 ? m_sandboxPid : 0)},
        {QStringLiteral("pending"), pending}};
    if (endedMs)
        o.insert(QStringLiteral("ended"), static_cast<double>(*endedMs));
    if (exitStatus)
        o.insert(QStringLiteral("exit_status"), *exitStatus);
    if (const auto memory = currentMemory())
        o.insert(QStringLiteral("memory"), static_cast<double>(*memory));
    if (timeoutAtMs)
        o.insert(QStringLiteral("timeout_at"), static_cast<double>(*timeoutAtMs));
    return o;
}

} // namespace cordon::helperd
