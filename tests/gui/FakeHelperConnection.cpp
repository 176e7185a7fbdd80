#include "FakeHelperConnection.h"

#include <QJsonArray>
#include <QTimer>

namespace cordon::gui::test {

namespace {
const QStringList& kinds()
{
    static const QStringList k{QStringLiteral("exec"), QStringLiteral("net_allow"), QStringLiteral("net_deny"),
        QStringLiteral("net_ask"), QStringLiteral("decision"), QStringLiteral("secret_ask")};
    return k;
}
} // namespace

FakeHelperConnection::FakeHelperConnection(QObject* parent) : HelperConnection(parent)
{ }

void FakeHelperConnection::setReady(bool isReady)
{
    m_state = isReady ? State::Ready : State::Disconnected;
    Q_EMIT stateChanged(m_state);
    if (isReady)
        Q_EMIT ready();
}

QList<QJsonObject> FakeHelperConnection::sentOfType(const QString& type) const
{
    QList<QJsonObject> out;
    for (const QJsonObject& m : sent)
        if (m.value(QLatin1String("type")).toString() == type)
            out.append(m);
    return out;
}

QJsonObject FakeHelperConnection::event(qint64 id)
{
    const QString kind = kinds().at(static_cast<int>(id % kinds().size()));
    QJsonObject detail;
    if (kind == QLatin1String("decision"))
        detail.insert(QStringLiteral("decision"), id % 2 ? QStringLiteral("deny") : QStringLiteral("once"));
    return QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("session"), QStringLiteral("r-%1").arg(id % 3)},
        {QStringLiteral("time"), kJournalBase + id * 10}, {QStringLiteral("kind"), kind},
        {QStringLiteral("pid"), 100 + id % 50},
        {QStringLiteral("subject"), QStringLiteral("host%1.example.com:443").arg(id)},
        {QStringLiteral("detail"), detail}};
}

QJsonObject FakeHelperConnection::history(const QJsonObject& request)
{
    ++historyRequests;
    const qint64 after = request.value(QLatin1String("after")).toInteger();
    const qint64 limit = request.value(QLatin1String("limit")).toInteger(500);
    maxHistoryLimitSeen = qMax(maxHistoryLimitSeen, limit);
    const qint64 from = request.value(QLatin1String("from")).toInteger();
    const QString session = request.value(QLatin1String("session")).toString();
    QStringList wanted;
    for (const QJsonValue& k : request.value(QLatin1String("kinds")).toArray())
        wanted.append(k.toString());
    const QString text = request.value(QLatin1String("text")).toString();
    // First id at or after `from` (times grow with ids).
    qint64 id = qMax(after + 1, from > kJournalBase ? (from - kJournalBase + 9) / 10 : 1);
    QJsonArray events;
    for (; id <= m_journalSize && events.size() < limit; ++id) {
        if (!session.isEmpty() && QStringLiteral("r-%1").arg(id % 3) != session)
            continue;
        if (!wanted.isEmpty() && !wanted.contains(kinds().at(static_cast<int>(id % kinds().size()))))
            continue;
        if (!text.isEmpty() && !QStringLiteral("host%1.example.com:443").arg(id).contains(text, Qt::CaseInsensitive))
            continue;
        events.append(event(id));
    }
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("history")}, {QStringLiteral("events"), events},
        {QStringLiteral("more"), id <= m_journalSize}};
}

void FakeHelperConnection::send(const QJsonObject& request, ReplyHandler handler)
{
    QJsonObject withId = request;
    const qint64 id = m_nextId++;
    withId.insert(QStringLiteral("id"), id);
    sent.append(withId);
    if (!handler)
        return;
    if (m_state != State::Ready) {
        QTimer::singleShot(0, this, [handler] { handler(disconnectedError()); });
        return;
    }
    const QString type = request.value(QLatin1String("type")).toString();
    QJsonObject reply;
    if (m_responders.contains(type))
        reply = m_responders.value(type)(request);
    else if (type == QLatin1String("history"))
        reply = history(request);
    else if (type == QLatin1String("list"))
        reply = QJsonObject{
            {QStringLiteral("type"), QStringLiteral("sessions")}, {QStringLiteral("sessions"), QJsonArray()}};
    else if (type == QLatin1String("grants"))
        reply =
            QJsonObject{{QStringLiteral("type"), QStringLiteral("grants")}, {QStringLiteral("grants"), QJsonArray()}};
    else if (type == QLatin1String("pending"))
        reply = QJsonObject{
            {QStringLiteral("type"), QStringLiteral("pending")}, {QStringLiteral("requests"), QJsonArray()}};
    else
        reply = QJsonObject{{QStringLiteral("type"), QStringLiteral("ok")}};
    reply.insert(QStringLiteral("id"), id);
    auto deliver = [handler, reply] { handler(reply); };
    if (m_hold)
        m_held.append(deliver);
    else
        QTimer::singleShot(0, this, deliver);
}

int FakeHelperConnection::releaseReplies()
{
    const auto held = std::exchange(m_held, {});
    for (const auto& deliver : held)
        QTimer::singleShot(0, this, [this, deliver] {
            deliver();
            ++delivered;
        });
    return static_cast<int>(held.size());
}

} // namespace cordon::gui::test
