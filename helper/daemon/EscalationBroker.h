#pragma once
// The escalation broker: every question the helper puts to a person (a new egress host, a secret,
// more time) waits here until a client of that uid decides it, its deadline passes, the session
// ends, or policy settles it without asking. What it guarantees (DESIGN.md, "Approvals" and rule 4
// of "Processes and trust boundaries"):
//
// - An id is unique and increasing for the broker's life and never reused.
// - The first decision wins. The answer callback runs exactly once per request; resolved() is
//   emitted right after it, so that every other client of that uid can be told (protocol push
//   "resolved").
// - Anything but a client's explicit choice is a Deny of that one request: a timeout, nobody to
//   ask, the session ending, or prompts forbidden by managed policy. Such a Resolution always has
//   decision Deny, so nothing the caller derives from it can ever be a lasting rule.
// - A client sees and decides only its own uid's requests; another uid's request is "not found",
//   with the very message an unknown id gets (no oracle).
// - A decision must be one the request offered: "always" only when allowed, "extend" only for a
//   time request (with 1..1440 minutes), "domain" scope only when a domain was suggested.
//
// Grants are not the broker's job: the daemon turns a Session/Always resolution into a grant
// (GrantTable) and fills Resolution::grantId itself.

#include "ProtocolError.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <sys/types.h>

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <optional>

class QTimer;

namespace cordon::helperd {

enum class Decision {
    Deny,
    Once,
    Session,
    Always,
    Extend
};
enum class Scope {
    Host,
    Domain
};
enum class ResolvedBy {
    Client,
    Timeout,
    Unattended,
    SessionEnded,
    Policy
};

// The wire words of docs/protocol.md.
QString decisionName(Decision decision);
std::optional<Decision> decisionFromName(const QString& name);
QString scopeName(Scope scope);
std::optional<Scope> scopeFromName(const QString& name);
QString resolvedByName(ResolvedBy by);

struct EscalationRequest {
    enum class Kind {
        Net,
        Secret,
        Time
    };

    qint64 id = 0; // assigned by raise()
    uid_t uid = 0;
    QString session, profile, workspace;
    Kind kind = Kind::Net;
    QString subject; // host:port (filled by raise() for Net when empty), secret name, or "timebox"
    QString host;    // Net only, as the proxy normalized it
    int port = 0;    // Net only
    qint64 pid = 0;
    QString exe;
    QStringList argv;
    qint64 timeMs = 0, deadlineMs = 0; // filled by raise()
    QStringList choices, scopes;       // filled by raise()
    QString domain;                    // filled by raise(): "*.example.com:443", or empty

    // Exactly the Request object of docs/protocol.md.
    QJsonObject toJson() const;
};

QString kindName(EscalationRequest::Kind kind);

struct Resolution {
    qint64 requestId = 0;
    Decision decision = Decision::Deny;
    Scope scope = Scope::Host;
    ResolvedBy by = ResolvedBy::Timeout;
    int minutes = 0;    // Extend only
    QString pattern;    // Net: "host:port" or "*.domain:port" (per scope); Secret: the name; Time: empty
    qint64 grantId = 0; // set by the daemon after it created the grant
};

// Suggestions the broker makes, public so that tests and the daemon can use the same rules.
// "host:port", with an IPv6 literal in brackets; the host is lower-cased and one trailing dot
// dropped (the proxy has normalized it already; this only makes sure).
QString hostPattern(const QString& host, int port);
// "*.parent:port" when the parent of host has at least two labels and is not a known public
// suffix (co.uk, github.io, ...); empty for IP literals, apex domains and such parents.
QString domainSuggestion(const QString& host, int port);
// True for a public suffix of more than one label in the built-in list (single-label TLDs are
// excluded by the two-label rule already).
bool isKnownPublicSuffix(const QString& domain);

class EscalationBroker : public QObject {
    Q_OBJECT
public:
    using Clock = std::function<qint64()>; // ms since the epoch; injectable for tests
    // How many resolved ids are remembered per broker, to answer "already-decided" rather than
    // "not-found" to a late decision. Older ones are "not-found".
    static constexpr int kRememberedResolved = 4096;
    static constexpr int kMaxExtendMinutes = 1440;

    explicit EscalationBroker(Clock clock = {}, QObject* parent = nullptr);
    // Pending requests are dropped without calling their callbacks: the daemon is going away and
    // every sandbox with it.
    ~EscalationBroker() override;
    EscalationBroker(const EscalationBroker&) = delete;
    EscalationBroker& operator=(const EscalationBroker&) = delete;

    // Fills request.id, timeMs, deadlineMs, choices, scopes, domain (and subject for Net when it is
    // empty), then either resolves at once (Deny by Policy when !promptsAllowed; Deny by
    // Unattended when that uid has no escalation subscriber and !waitForClient) or emits raised()
    // and waits until timeout (then Deny by Timeout). An immediate resolution calls `answer` and
    // emits resolved() before raise() returns (raised() is then never emitted). Returns the id.
    // `answer` gets the Resolution by reference: the grantId it sets there (once the daemon has
    // created the grant) is what resolved() then carries to every client; every other field it
    // might change is ignored. A callback taking `const Resolution&` fits as well.
    qint64 raise(EscalationRequest request, std::chrono::milliseconds timeout, bool waitForClient, bool promptsAllowed,
        bool alwaysAllowed, std::function<void(Resolution&)> answer);

    // A client's decision. NotFound (unknown id, or another uid's request), AlreadyDecided, or
    // Invalid (a choice or scope the request did not offer, minutes out of range) with *error.
    [[nodiscard]] bool decide(
        uid_t uid, qint64 id, Decision decision, Scope scope, int minutes, protocol::ProtocolError* error);

    // How many clients of uid subscribe to escalations now. Only raise() looks at it: requests
    // already pending stay pending when the last client goes (a restarting GUI asks `pending`).
    void setClientCount(uid_t uid, int escalationSubscribers);
    int clientCount(uid_t uid) const;

    // Every pending request of that session: Deny by SessionEnded.
    void endSession(const QString& session);

    QList<EscalationRequest> pending(uid_t uid) const; // in id order
    int pendingCount(const QString& session) const;
    int pendingCount() const { return static_cast<int>(m_pending.size()); }

Q_SIGNALS:
    void raised(const EscalationRequest& request);
    void resolved(uid_t uid, const Resolution& resolution, const QString& session);

private:
    struct Pending {
        EscalationRequest request;
        std::function<void(Resolution&)> answer;
        QTimer* timer = nullptr;
    };

    qint64 now() const;
    void resolve(qint64 id, Resolution resolution);
    void finish(
        const EscalationRequest& request, std::function<void(Resolution&)> answer, const Resolution& resolution);
    void remember(qint64 id, uid_t uid);

    Clock m_clock;
    qint64 m_nextId = 1;
    std::map<qint64, Pending> m_pending; // ordered by id
    QHash<uid_t, int> m_clients;
    QHash<qint64, uid_t> m_resolved; // recently resolved id -> uid
    std::deque<qint64> m_resolvedOrder;
};

} // namespace cordon::helperd

Q_DECLARE_METATYPE(cordon::helperd::EscalationRequest)
Q_DECLARE_METATYPE(cordon::helperd::Resolution)
