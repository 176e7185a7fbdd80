#include "DeciderClient.h"

#include "Syscall.h"

#include <QJsonDocument>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

namespace cordon::proxy {

namespace {

void notice(const QString& text)
{
    std::fprintf(stderr, "cordon-proxy: decider: %s\n", qPrintable(text));
}

} // namespace

DeciderClient::~DeciderClient()
{
    if (m_fd >= 0) {
        ::shutdown(m_fd, SHUT_RDWR);
        if (m_reader.joinable())
            m_reader.join();
        ::close(m_fd);
    }
}

bool DeciderClient::connectTo(const std::string& path)
{
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path.size() >= sizeof addr.sun_path) {
        errno = ENAMETOOLONG;
        return false;
    }
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    if (confine::retryOnEintr([&] { return ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr); }) != 0) {
        const int saved = errno;
        ::close(fd);
        errno = saved;
        return false;
    }
    adopt(fd);
    return true;
}

void DeciderClient::adopt(int fd)
{
    m_fd = fd;
    m_alive = true;
}

void DeciderClient::start(Handlers handlers)
{
    m_handlers = std::move(handlers);
    m_reader = std::thread([this] { readLoop(); });
}

bool DeciderClient::connected() const
{
    std::lock_guard lock(m_mutex);
    return m_alive;
}

void DeciderClient::readLoop()
{
    std::string buffer;
    char chunk[4096];
    for (;;) {
        const ssize_t n = confine::retryOnEintr([&] { return ::read(m_fd, chunk, sizeof chunk); });
        if (n <= 0)
            break;
        buffer.append(chunk, std::size_t(n));
        std::size_t newline;
        while ((newline = buffer.find('\n')) != std::string::npos) {
            handleLine(QByteArray(buffer.data(), qsizetype(newline)));
            buffer.erase(0, newline + 1);
        }
        if (buffer.size() > 1024 * 1024) {
            notice(QStringLiteral("a line longer than 1 MiB; no longer listening"));
            break; // a decider that never ends a line is broken: stop trusting it
        }
    }
    std::lock_guard lock(m_mutex);
    m_alive = false;
    m_answered.notify_all();
}

void DeciderClient::handleLine(const QByteArray& line)
{
    DeciderMessage message;
    QString error;
    if (!DeciderMessage::parse(line, &message, &error)) {
        // Trusted, but never a reason to stop: the line is dropped and the next one is read.
        notice(QStringLiteral("ignoring a line (%1)").arg(error));
        return;
    }
    switch (message.type) {
    case DeciderMessage::Type::Grant: {
        HostPattern pattern;
        QString expected;
        if (!HostPattern::parse(message.pattern, &pattern, &expected)) {
            notice(QStringLiteral("ignoring grant %1: invalid pattern \"%2\"").arg(message.grant).arg(message.pattern));
            return;
        }
        if (m_handlers.grant)
            m_handlers.grant(message.grant, pattern);
        return;
    }
    case DeciderMessage::Type::Revoke:
        if (m_handlers.revoke)
            m_handlers.revoke(message.grant);
        return;
    case DeciderMessage::Type::Answer: handleAnswer(message); return;
    }
}

void DeciderClient::handleAnswer(const DeciderMessage& message)
{
    Pending pending;
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_pending.find(message.id);
        if (it == m_pending.end())
            return; // late answer to a request that has timed out, or an id never asked
        pending = it->second;
    }
    if (pending.secret) {
        deliver(message.id, secretAnswer(message, pending));
        return;
    }
    Answer answer;
    answer.decision = message.decision;
    answer.grant = message.grant;
    answer.problem = message.problem;
    if (QString wrong; answer.problem.isEmpty() && !message.checkNetAnswer(&wrong))
        answer = Answer{Decision::Deny, 0, QString(), wrong, QString(), false};
    if (answer.decision == Decision::Session || answer.decision == Decision::Always) {
        HostPattern pattern;
        QString error;
        if (message.rememberedPattern(pending.host, pending.port, &pattern, &error)) {
            answer.pattern = pattern.text();
            // Installed before the connection is woken (see the header): stream order.
            if (m_handlers.grant)
                m_handlers.grant(message.grant, pattern);
        } else {
            answer = Answer{Decision::Deny, 0, QString(), error, QString(), false};
        }
    } else if (answer.decision == Decision::Once && answer.grant != 0 && m_handlers.renew) {
        m_handlers.renew(answer.grant);
    }
    if (!answer.problem.isEmpty())
        notice(QStringLiteral("answer %1 for %2:%3 treated as deny: %4")
                   .arg(message.id)
                   .arg(pending.host.name)
                   .arg(pending.port)
                   .arg(answer.problem));
    deliver(message.id, answer);
}

DeciderClient::Answer DeciderClient::secretAnswer(const DeciderMessage& message, const Pending& pending)
{
    Answer answer;
    answer.decision = message.decision;
    answer.problem = message.problem;
    QString wrong;
    if (answer.problem.isEmpty() && !message.checkSecretAnswer(pending.secretName, &wrong))
        answer.problem = wrong;
    if (!answer.problem.isEmpty()) {
        notice(QStringLiteral("answer %1 for secret %2 treated as deny: %3")
                   .arg(message.id)
                   .arg(pending.secretName, answer.problem));
        answer.decision = Decision::Deny;
    } else if (answer.decision != Decision::Deny) {
        answer.path = message.path;
    }
    // Nothing is remembered here: how long a secret stays granted is the helper's business (it
    // owns the file and its ttl); the proxy only passes the path on.
    return answer;
}

void DeciderClient::deliver(std::int64_t id, Answer answer)
{
    answer.answered = true;
    std::lock_guard lock(m_mutex);
    if (m_pending.count(id) == 0)
        return;
    m_answers[id] = std::move(answer);
    m_answered.notify_all();
}

DeciderClient::Answer DeciderClient::ask(
    QJsonObject request, const HostNormalizer::Host& host, int port, std::chrono::milliseconds timeout)
{
    return send(std::move(request), Pending{host, port, false, QString()}, timeout);
}

DeciderClient::Answer DeciderClient::askSecret(
    QJsonObject request, const QString& name, std::chrono::milliseconds timeout)
{
    return send(std::move(request), Pending{{}, 0, true, name}, timeout);
}

DeciderClient::Answer DeciderClient::send(QJsonObject request, Pending pending, std::chrono::milliseconds timeout)
{
    std::int64_t id = 0;
    {
        std::lock_guard lock(m_mutex);
        if (!m_alive)
            return {};
        id = m_nextId++;
        // Registered before the line is written, so that even an instant answer finds it.
        m_pending[id] = std::move(pending);
    }
    request.insert(QStringLiteral("id"), double(id));
    QByteArray line = QJsonDocument(request).toJson(QJsonDocument::Compact);
    line.append('\n');
    bool written = false;
    {
        // A lock of its own: lines of concurrent requests never interleave, and a write blocked
        // on a slow decider never holds up the reader delivering answers (m_mutex).
        std::lock_guard writeLock(m_writeMutex);
        written = confine::writeAll(m_fd, line.constData(), static_cast<unsigned long>(line.size()));
    }
    std::unique_lock lock(m_mutex);
    const bool got =
        written && m_answered.wait_for(lock, timeout, [&] { return m_answers.count(id) != 0 || !m_alive; });
    m_pending.erase(id);
    const auto it = m_answers.find(id);
    if (it == m_answers.end())
        return {};
    const Answer answer = it->second;
    m_answers.erase(it);
    return got ? answer : Answer{};
}

} // namespace cordon::proxy
