#pragma once
// Asks the decider (the helper daemon) about a host the policy does not settle, or about a secret
// an agent requested (CordonRequest.h), and takes its grant and revoke messages. One Unix stream connection: connected
// to --decider PATH at start-up (before privileges are dropped) or inherited on --decider-fd N. JSON lines both ways,
// answers matched by id, so many connections can wait at once (docs/proxy.md, "Ask"; DeciderMessage.h for what the
// decider may send). No decider, a lost connection, a malformed answer or no answer within the timeout: deny, for that
// request only (DESIGN.md "Processes and trust boundaries", rule 4).
//
// Grants are applied on the reader thread, in the order the decider wrote its lines: a
// "session" answer installs its pattern before the waiting connection is woken, so a "revoke"
// written after that answer always finds the grant in place and removes it.

#include "DeciderMessage.h"
#include "HostNormalizer.h"
#include "HostPattern.h"

#include <QJsonObject>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace cordon::proxy {

class DeciderClient final {
public:
    using Decision = DeciderMessage::Decision;
    struct Answer {
        Decision decision = Decision::Deny;
        std::int64_t grant = 0;
        QString pattern;       // what "session"/"always" remembered
        QString problem;       // why the decider's allow became a deny (invalid pattern, bad fields)
        QString path;          // secret asks: where the granted value is, checked (DeciderMessage.h)
        bool answered = false; // false: no decider, lost connection or timeout
    };
    // Called on the reader thread, in the decider's line order.
    struct Handlers {
        std::function<void(std::int64_t grant, const HostPattern& pattern)> grant;
        std::function<void(std::int64_t grant)> renew; // an answer used the id again
        std::function<void(std::int64_t grant)> revoke;
    };

    DeciderClient() = default;
    ~DeciderClient();
    DeciderClient(const DeciderClient&) = delete;
    DeciderClient& operator=(const DeciderClient&) = delete;

    // Connects to the decider's socket; false with errno set on failure.
    [[nodiscard]] bool connectTo(const std::string& path);
    // Takes ownership of an already connected Unix stream socket (checked by the caller).
    void adopt(int fd);
    // Starts reading the decider's lines; the handlers must outlive this client.
    void start(Handlers handlers);
    bool connected() const;
    // `request` gets its "id"; host and port are what the answer's pattern must allow.
    Answer ask(QJsonObject request, const HostNormalizer::Host& host, int port, std::chrono::milliseconds timeout);
    // A secret ask ("kind":"secret"): the answer never installs a grant; an allowing answer must
    // name /run/cordon/secrets/NAME (else it is a deny with `problem` set).
    Answer askSecret(QJsonObject request, const QString& name, std::chrono::milliseconds timeout);

private:
    struct Pending {
        HostNormalizer::Host host;
        int port = 0;
        bool secret = false;
        QString secretName;
    };
    Answer send(QJsonObject request, Pending pending, std::chrono::milliseconds timeout);
    Answer secretAnswer(const DeciderMessage& message, const Pending& pending);
    // Hands an answer to the waiting ask (dropped if it has timed out).
    void deliver(std::int64_t id, Answer answer);
    void readLoop();
    void handleLine(const QByteArray& line);
    void handleAnswer(const DeciderMessage& message);

    int m_fd = -1;
    std::thread m_reader;
    Handlers m_handlers;
    std::mutex m_writeMutex;
    mutable std::mutex m_mutex;
    std::condition_variable m_answered;
    std::map<std::int64_t, Answer> m_answers;
    std::map<std::int64_t, Pending> m_pending; // late answers to timed-out requests are dropped
    std::int64_t m_nextId = 1;
    bool m_alive = false;
};

} // namespace cordon::proxy
