#pragma once
// A HelperConnection for tests: records what is sent, answers from per-type responders on the next
// event-loop turn (as the real one does), and emits whatever pushes a test asks for. Also serves
// `history` from a synthetic journal of any size, computed on demand (so that a million events
// cost nothing until asked for).

#include "HelperConnection.h"

#include <QHash>
#include <QJsonObject>
#include <QList>

#include <functional>

namespace cordon::gui::test {

class FakeHelperConnection final : public HelperConnection {
    Q_OBJECT
public:
    using Responder = std::function<QJsonObject(const QJsonObject& request)>;

    explicit FakeHelperConnection(QObject* parent = nullptr);

    State state() const override { return m_state; }
    void send(const QJsonObject& request, ReplyHandler handler = {}) override;
    QString helperDescription() const override { return QStringLiteral("fake-helper (test)"); }

    void setReady(bool isReady);
    void setResponder(const QString& type, Responder responder) { m_responders.insert(type, std::move(responder)); }
    // When set, replies are held until releaseReplies() delivers those held so far (to test
    // races and to page at the test's pace). Returns how many it released.
    void setHoldReplies(bool hold) { m_hold = hold; }
    int releaseReplies();
    int delivered = 0; // released replies delivered so far

    QList<QJsonObject> sent;
    QList<QJsonObject> sentOfType(const QString& type) const;
    void clearSent() { sent.clear(); }

    // The synthetic journal: events 1..count, time = base + 10 ms * id; kind, session and subject
    // derived from the id (see event()).
    void setJournalSize(qint64 count) { m_journalSize = count; }
    qint64 journalSize() const { return m_journalSize; }
    static QJsonObject event(qint64 id);
    static constexpr qint64 kJournalBase = 1700000000000LL;
    int historyRequests = 0;
    qint64 maxHistoryLimitSeen = 0;

    void pushEvent(const QJsonObject& e) { Q_EMIT eventReceived(e); }
    void pushSession(const QJsonObject& s) { Q_EMIT sessionChanged(s); }
    void pushEscalation(const QJsonObject& r) { Q_EMIT escalationReceived(r); }
    void pushResolved(const QJsonObject& m) { Q_EMIT resolved(m); }

private:
    QJsonObject history(const QJsonObject& request);

    State m_state = State::Disconnected;
    QHash<QString, Responder> m_responders;
    qint64 m_nextId = 1;
    qint64 m_journalSize = 0;
    bool m_hold = false;
    QList<std::function<void()>> m_held;
};

} // namespace cordon::gui::test
