#pragma once
// The read end of a proxy's --events-fd pipe for the end-to-end tests, collected line by line on a
// thread of its own (a pipe nobody reads would block the proxy once full).

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QTest>

#include <fcntl.h>
#include <unistd.h>

#include <functional>
#include <mutex>
#include <thread>

namespace cordon::test {

class EventPipe {
public:
    bool open()
    {
        int p[2];
        if (::pipe2(p, O_CLOEXEC) != 0)
            return false;
        m_read = p[0];
        m_write = p[1];
        m_thread = std::thread([this] { loop(); });
        return true;
    }
    ~EventPipe()
    {
        closeProxyEnd();
        if (m_thread.joinable())
            m_thread.join(); // ends at EOF, once every proxy holding the write end has gone
        if (m_read >= 0)
            ::close(m_read);
    }
    int proxyEnd() const { return m_write; }
    void closeProxyEnd()
    {
        if (m_write >= 0)
            ::close(m_write);
        m_write = -1;
    }
    QList<QJsonObject> events()
    {
        std::lock_guard lock(m_mutex);
        return m_events;
    }
    qsizetype count() { return events().size(); }
    // The first event at index >= from that matches, waiting up to `ms`; empty if none came.
    QJsonObject waitFor(qsizetype from, const std::function<bool(const QJsonObject&)>& match, int ms = 5000)
    {
        QElapsedTimer timer;
        timer.start();
        do {
            const QList<QJsonObject> all = events();
            for (qsizetype i = from; i < all.size(); ++i)
                if (match(all[i]))
                    return all[i];
            QTest::qWait(20);
        } while (timer.elapsed() < ms);
        return {};
    }

private:
    void loop()
    {
        QByteArray buffer;
        char buf[4096];
        for (;;) {
            const ssize_t n = ::read(m_read, buf, sizeof buf);
            if (n <= 0)
                return;
            buffer.append(buf, n);
            qsizetype nl;
            while ((nl = buffer.indexOf('\n')) >= 0) {
                const QJsonObject o = QJsonDocument::fromJson(buffer.left(nl)).object();
                buffer.remove(0, nl + 1);
                std::lock_guard lock(m_mutex);
                m_events.append(o);
            }
        }
    }

    int m_read = -1;
    int m_write = -1;
    std::thread m_thread;
    std::mutex m_mutex;
    QList<QJsonObject> m_events;
};

} // namespace cordon::test
