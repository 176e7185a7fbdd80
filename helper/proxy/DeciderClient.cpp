#include "DeciderClient.h"

#include "Syscall.h"

#include <QJsonDocument>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>

namespace cordon::proxy {

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
    m_fd = fd;
    m_alive = true;
    m_reader = std::thread([this] { readLoop(); });
    return true;
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
        if (buffer.size() > 1024 * 1024)
            break; // a decider that never ends a line is broken: stop trusting it
        std::size_t newline;
        while ((newline = buffer.find('\n')) != std::string::npos) {
            const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(buffer.data(), qsizetype(newline)));
            buffer.erase(0, newline + 1);
            const QJsonObject o = doc.object();
            const QJsonValue id = o.value(u"id");
            const QString decision = o.value(u"decision").toString();
            if (!id.isDouble())
                continue;
            Answer answer = Answer::Deny;
            if (decision == u"once")
                answer = Answer::Once;
            else if (decision == u"session")
                answer = Answer::Session;
            else if (decision == u"always")
                answer = Answer::Always;
            std::lock_guard lock(m_mutex);
            if (m_pending.count(std::int64_t(id.toDouble())) == 0)
                continue;
            m_answers[std::int64_t(id.toDouble())] = answer;
            m_answered.notify_all();
        }
    }
    std::lock_guard lock(m_mutex);
    m_alive = false;
    m_answered.notify_all();
}

DeciderClient::Answer DeciderClient::ask(QJsonObject request, std::chrono::milliseconds timeout)
{
    std::unique_lock lock(m_mutex);
    if (!m_alive)
        return Answer::Deny;
    const std::int64_t id = m_nextId++;
    request.insert(QStringLiteral("id"), double(id));
    QByteArray line = QJsonDocument(request).toJson(QJsonDocument::Compact);
    line.append('\n');
    // Written under the lock so that lines of concurrent requests never interleave.
    if (!confine::writeAll(m_fd, line.constData(), static_cast<unsigned long>(line.size())))
        return Answer::Deny;
    m_pending.insert(id);
    const bool got = m_answered.wait_for(lock, timeout, [&] { return m_answers.count(id) != 0 || !m_alive; });
    m_pending.erase(id);
    const auto it = m_answers.find(id);
    if (!got || it == m_answers.end())
        return Answer::Deny;
    const Answer answer = it->second;
    m_answers.erase(it);
    return answer;
}

} // namespace cordon::proxy
