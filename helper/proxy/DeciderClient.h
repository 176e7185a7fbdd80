#pragma once
// Asks the decider (the helper, later) about a host the policy does not settle. One Unix stream
// connection opened at start-up, before privileges are dropped; requests and answers are JSON
// lines matched by id, so many connections can wait at once:
//   proxy -> decider  {"id":7,"kind":"net","host":"api.example.com","port":443,"proto":"connect","peer_pid":123}
//   decider -> proxy  {"id":7,"decision":"deny"|"once"|"session"|"always"}
// No decider, a lost connection, a malformed answer or no answer within the timeout: deny, for
// that request only (DESIGN.md "Processes and trust boundaries", rule 4).

#include <QJsonObject>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>

namespace cordon::proxy {

class DeciderClient final {
public:
    enum class Answer {
        Deny,
        Once,
        Session,
        Always
    };

    DeciderClient() = default;
    ~DeciderClient();
    DeciderClient(const DeciderClient&) = delete;
    DeciderClient& operator=(const DeciderClient&) = delete;

    // Connects to the decider's socket; false with errno set on failure.
    [[nodiscard]] bool connectTo(const std::string& path);
    bool connected() const;
    Answer ask(QJsonObject request, std::chrono::milliseconds timeout);

private:
    void readLoop();

    int m_fd = -1;
    std::thread m_reader;
    mutable std::mutex m_mutex;
    std::condition_variable m_answered;
    std::map<std::int64_t, Answer> m_answers;
    std::set<std::int64_t> m_pending; // late answers to timed-out requests are dropped
    std::int64_t m_nextId = 1;
    bool m_alive = false;
};

} // namespace cordon::proxy
