#include "HelperRun.h"

#include "Console.h"
#include "EscalationPrompt.h"
#include "HelperCommands.h"
#include "InertText.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

namespace cordon::cli {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("cordonctl", text);
}

int g_signalPipe = -1;

void onSignal(int sig)
{
    const int saved = errno;
    const unsigned char byte = static_cast<unsigned char>(sig);
    if (g_signalPipe >= 0)
        (void)!::write(g_signalPipe, &byte, 1);
    errno = saved;
}

// The signal dispositions of a helper-mode run, restored when it is over.
class SignalScope final {
public:
    SignalScope()
    {
        if (::pipe2(m_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
            m_pipe[0] = m_pipe[1] = -1;
            return;
        }
        g_signalPipe = m_pipe[1];
        struct sigaction ignore { };
        ignore.sa_handler = SIG_IGN;
        sigemptyset(&ignore.sa_mask);
        struct sigaction catcher { };
        catcher.sa_handler = onSignal;
        sigemptyset(&catcher.sa_mask);
        catcher.sa_flags = SA_RESTART;
        sigaction(SIGINT, &ignore, &m_old[0]);
        sigaction(SIGQUIT, &ignore, &m_old[1]);
        sigaction(SIGTERM, &catcher, &m_old[2]);
        sigaction(SIGHUP, &catcher, &m_old[3]);
        sigaction(SIGWINCH, &catcher, &m_old[4]);
    }
    ~SignalScope()
    {
        if (m_pipe[0] < 0)
            return;
        sigaction(SIGINT, &m_old[0], nullptr);
        sigaction(SIGQUIT, &m_old[1], nullptr);
        sigaction(SIGTERM, &m_old[2], nullptr);
        sigaction(SIGHUP, &m_old[3], nullptr);
        sigaction(SIGWINCH, &m_old[4], nullptr);
        g_signalPipe = -1;
        ::close(m_pipe[0]);
        ::close(m_pipe[1]);
    }
    SignalScope(const SignalScope&) = delete;
    SignalScope& operator=(const SignalScope&) = delete;
    int fd() const { return m_pipe[0]; }

private:
    int m_pipe[2] = {-1, -1};
    struct sigaction m_old[5]{};
};

class SessionWatch final {
public:
    SessionWatch(HelperClient* client, QString session) : m_client(client), m_session(std::move(session)) { }

    std::optional<int> exitStatus() const { return m_exit; }

    // Handles one push; sets the exit status when the session ended.
    void handle(const QJsonObject& push)
    {
        const QString type = push.value(QLatin1String("type")).toString();
        if (type == u"session") {
            const QJsonObject s = push.value(QLatin1String("session")).toObject();
            if (s.value(QLatin1String("id")).toString() == m_session)
                sessionChanged(s);
        } else if (type == u"escalation") {
            const QJsonObject r = push.value(QLatin1String("request")).toObject();
            if (r.value(QLatin1String("session")).toString() != m_session)
                return;
            const qint64 id = r.value(QLatin1String("id")).toInteger();
            for (const QJsonObject& q : m_queue)
                if (q.value(QLatin1String("id")).toInteger() == id)
                    return;
            if (m_prompt.active() && m_prompt.requestId() == id)
                return;
            m_queue.push_back(r);
        } else if (type == u"resolved") {
            const qint64 id = push.value(QLatin1String("request")).toInteger();
            std::erase_if(
                m_queue, [id](const QJsonObject& q) { return q.value(QLatin1String("id")).toInteger() == id; });
            if (m_prompt.active() && m_prompt.requestId() == id) {
                const QString by = push.value(QLatin1String("by")).toString();
                const QString decision = push.value(QLatin1String("decision")).toString();
                m_prompt.end(by == u"timeout" ? tr("no answer in time: %1").arg(InertText::render(decision, 20))
                                              : tr("answered elsewhere: %1 (%2)")
                                                    .arg(InertText::render(decision, 20), InertText::render(by, 20)));
                resumeInput();
            }
        }
    }

    void sessionChanged(const QJsonObject& s)
    {
        if (s.value(QLatin1String("state")).toString() != u"ended")
            return;
        if (m_prompt.active()) {
            m_prompt.end(tr("the session ended"));
            m_paused = false; // nothing left to resume
        }
        m_exit = s.contains(QLatin1String("exit_status")) ? s.value(QLatin1String("exit_status")).toInt()
                                                          : toInt(ExitCode::Internal);
    }

    // Starts the next queued prompt when none is showing.
    void nextPrompt()
    {
        if (m_prompt.active() || m_queue.empty() || m_exit)
            return;
        const QJsonObject request = m_queue.front();
        m_queue.pop_front();
        if (m_prompt.fd() < 0) {
            // No terminal to ask on: the helper's timeout (or unattended rule) decides.
            if (request.value(QLatin1String("kind")).toString() == u"time")
                Console::notice(tr("the session's timebox is ending; no terminal to ask on, so the helper's default "
                                   "applies (`cordonctl approve %1` extends it)")
                                    .arg(request.value(QLatin1String("id")).toInteger()));
            else
                Console::notice(tr("%1 asks for %2; no terminal to ask on, so the helper's default applies "
                                   "(`cordonctl approve %3` allows it)")
                                    .arg(InertText::render(request.value(QLatin1String("exe")).toString(), 120),
                                        InertText::render(request.value(QLatin1String("subject")).toString(), 200))
                                    .arg(request.value(QLatin1String("id")).toInteger()));
            return;
        }
        terminal(QStringLiteral("pause-input"));
        m_paused = true;
        m_prompt.begin(request, QDateTime::currentMSecsSinceEpoch());
    }

    void keys(const QByteArray& bytes)
    {
        const auto answer = m_prompt.feed(bytes);
        if (!answer)
            return;
        QJsonObject decide{{QStringLiteral("type"), QStringLiteral("decide")},
            {QStringLiteral("request"), static_cast<double>(m_prompt.requestId())},
            {QStringLiteral("decision"), answer->decision}};
        if (!answer->scope.isEmpty())
            decide.insert(QStringLiteral("scope"), answer->scope);
        if (answer->minutes > 0)
            decide.insert(QStringLiteral("minutes"), answer->minutes);
        QJsonObject reply;
        QString error;
        if (m_client->request(decide, &reply, &error))
            m_prompt.end(EscalationPrompt::describe(*answer));
        else if (reply.value(QLatin1String("code")).toString() == u"already-decided" ||
                 reply.value(QLatin1String("code")).toString() == u"not-found")
            m_prompt.end(tr("already answered"));
        else
            m_prompt.end(tr("the helper refused the answer: %1").arg(error));
        resumeInput();
    }

    void resumeInput()
    {
        if (!m_paused)
            return;
        m_paused = false;
        terminal(QStringLiteral("resume-input"));
    }

    void terminal(const QString& action)
    {
        if (!m_client->isConnected())
            return;
        QJsonObject reply;
        QString error;
        // A refusal changes nothing for us: without pause the keys are simply shared.
        (void)m_client->request({{QStringLiteral("type"), QStringLiteral("terminal")},
                                    {QStringLiteral("session"), m_session}, {QStringLiteral("action"), action}},
            &reply, &error);
    }

    void stopSession()
    {
        if (m_stopping || !m_client->isConnected())
            return;
        m_stopping = true;
        QJsonObject reply;
        QString error;
        (void)m_client->request(
            {{QStringLiteral("type"), QStringLiteral("stop")}, {QStringLiteral("session"), m_session}}, &reply, &error);
    }

    EscalationPrompt& prompt() { return m_prompt; }

private:
    HelperClient* m_client;
    QString m_session;
    EscalationPrompt m_prompt{EscalationPrompt::openTerminal()};
    std::deque<QJsonObject> m_queue;
    std::optional<int> m_exit;
    bool m_paused = false;
    bool m_stopping = false;
};

} // namespace

int HelperRun::run(HelperClient* client, const QJsonObject& launch)
{
    SignalScope signals;
    Console::out().flush();
    Console::err().flush();
    QJsonObject reply;
    QString error;
    if (!client->request(launch, &reply, &error, {STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO}, 120000)) {
        if (reply.value(QLatin1String("code")).toString() == u"launch-failed")
            return Console::fail(HelperCommands::exitCodeFor(reply), error);
        return HelperCommands::fail(tr("launch"), reply, error);
    }
    const QJsonObject session = reply.value(QLatin1String("session")).toObject();
    SessionWatch watch(client, session.value(QLatin1String("id")).toString());
    watch.sessionChanged(session);

    for (;;) {
        while (!watch.exitStatus()) {
            const auto push = client->takePush();
            if (!push)
                break;
            watch.handle(*push);
        }
        if (const auto status = watch.exitStatus())
            return *status;
        watch.nextPrompt();
        if (client->hasPush())
            continue; // requests made while prompting may have brought pushes

        pollfd fds[3] = {{client->fd(), POLLIN, 0}, {signals.fd(), POLLIN, 0}, {-1, POLLIN, 0}};
        if (watch.prompt().active())
            fds[2].fd = watch.prompt().fd();
        const int rc = ::poll(fds, 3, watch.prompt().active() ? 500 : -1);
        if (rc < 0 && errno != EINTR)
            return Console::fail(
                ExitCode::Internal, tr("poll failed: %1").arg(QString::fromLocal8Bit(std::strerror(errno))));
        if (rc <= 0) {
            watch.prompt().tick(QDateTime::currentMSecsSinceEpoch());
            continue;
        }
        if (fds[1].revents & POLLIN) {
            unsigned char sigs[16];
            const ssize_t n = ::read(signals.fd(), sigs, sizeof sigs);
            for (ssize_t i = 0; i < n; ++i) {
                if (sigs[i] == SIGWINCH)
                    watch.terminal(QStringLiteral("winch"));
                else if (sigs[i] == SIGTERM || sigs[i] == SIGHUP)
                    watch.stopSession();
            }
        }
        if (fds[2].fd >= 0 && (fds[2].revents & (POLLIN | POLLHUP | POLLERR))) {
            char keys[64];
            const ssize_t n = ::read(fds[2].fd, keys, sizeof keys);
            if (n > 0)
                watch.keys(QByteArray(keys, n));
            else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
                watch.prompt().end(tr("the terminal went away; the helper's default applies"));
                watch.resumeInput();
            }
        }
        if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            if (!client->readAvailable(&error)) {
                while (const auto push = client->takePush())
                    watch.handle(*push);
                if (const auto status = watch.exitStatus())
                    return *status;
                return Console::fail(ExitCode::SandboxFailed,
                    tr("lost the connection to cordon-helper (%1); the session ended with it").arg(error));
            }
        }
        watch.prompt().tick(QDateTime::currentMSecsSinceEpoch());
    }
}

} // namespace cordon::cli
