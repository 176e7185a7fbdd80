#pragma once
// One JSON object per line for every decision (net_allow, net_deny, net_ask), written with a
// single write(2) per event under a lock so that lines from concurrent connections never
// interleave. The helper reads this stream into its journal.

#include <QJsonObject>

#include <mutex>

namespace cordon::proxy {

class EventLog final {
public:
    explicit EventLog(int fd) : m_fd(fd) { }
    // Adds "time" (UTC, ISO 8601 with milliseconds) and writes the line. Never throws; a failed
    // write is reported once on stderr (the proxy keeps enforcing policy without its log).
    void write(QJsonObject event);

private:
    int m_fd;
    std::mutex m_mutex;
    bool m_failed = false;
};

} // namespace cordon::proxy
