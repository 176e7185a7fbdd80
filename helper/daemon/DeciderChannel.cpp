#include "DeciderChannel.h"

#include "JsonLineChannel.h"
#include "MessageSchema.h"
#include "ProfileSecret.h"

#include <QRegularExpression>

#include <QJsonArray>

#include <climits>
#include <cmath>

namespace cordon::helperd {

namespace {

bool wholeNumber(const QJsonValue& value, qint64 min, qint64 max, qint64* out)
{
    if (!value.isDouble())
        return false;
    const double d = value.toDouble();
    if (!std::isfinite(d) || std::floor(d) != d || d < double(min) || d > double(max))
        return false;
    *out = static_cast<qint64>(d);
    return true;
}

bool hostCharsOk(const QString& host)
{
    for (const QChar c : host) {
        const char16_t u = c.unicode();
        const bool ok = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') || u == u'.' ||
                        u == u'-' || u == u':' || u == u'_';
        if (!ok)
            return false;
    }
    return true;
}

bool protoOk(const QString& proto)
{
    if (proto.isEmpty() || proto.size() > 16)
        return false;
    for (const QChar c : proto) {
        const char16_t u = c.unicode();
        if (!((u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9')))
            return false;
    }
    return true;
}

// What is shown in a log line about a rejected ask: never the peer's bytes verbatim.
QString shownId(const QJsonObject& message)
{
    qint64 id = 0;
    return wholeNumber(message.value(u"id"), 1, protocol::kMaxRequestId, &id) ? QString::number(id)
                                                                              : QStringLiteral("?");
}

bool parsePeer(const QJsonObject& message, QJsonObject* out, QString* why)
{
    const auto fail = [why](const QString& text) {
        *why = text;
        return false;
    };
    QJsonObject peerOut;
    if (message.contains(u"peer_pid")) {
        qint64 peerPid = 0;
        if (!wholeNumber(message.value(u"peer_pid"), 0, INT_MAX, &peerPid))
            return fail(QStringLiteral("peer_pid: expected a whole number >= 0"));
        peerOut.insert(QStringLiteral("peer_pid"), peerPid);
    }
    if (message.contains(u"peer")) {
        const QJsonValue peerValue = message.value(u"peer");
        if (!peerValue.isObject())
            return fail(QStringLiteral("peer: expected an object"));
        const QJsonObject in = peerValue.toObject();
        for (auto it = in.begin(); it != in.end(); ++it) {
            if (it.key() != QLatin1String("pid") && it.key() != QLatin1String("exe") &&
                it.key() != QLatin1String("argv"))
                return fail(QStringLiteral("peer: unknown field"));
        }
        if (in.contains(u"pid")) {
            qint64 pid = 0;
            if (!wholeNumber(in.value(u"pid"), 0, INT_MAX, &pid))
                return fail(QStringLiteral("peer.pid: expected a whole number >= 0"));
            peerOut.insert(QStringLiteral("pid"), pid);
        }
        if (in.contains(u"exe")) {
            if (!in.value(u"exe").isString())
                return fail(QStringLiteral("peer.exe: expected a string"));
            peerOut.insert(QStringLiteral("exe"), in.value(u"exe"));
        }
        if (in.contains(u"argv")) {
            const QJsonValue argv = in.value(u"argv");
            if (!argv.isArray())
                return fail(QStringLiteral("peer.argv: expected an array of strings"));
            const QJsonArray array = argv.toArray();
            for (const QJsonValue& item : array) {
                if (!item.isString())
                    return fail(QStringLiteral("peer.argv: expected an array of strings"));
            }
            peerOut.insert(QStringLiteral("argv"), array);
        }
    }
    *out = peerOut;
    return true;
}

} // namespace

DeciderChannel::DeciderChannel(int fd, QObject* parent)
    : QObject(parent), m_channel(new JsonLineChannel(fd, JsonLineChannel::kDefaultMaxLineBytes, this))
{
    attach();
}

DeciderChannel::DeciderChannel(JsonLineChannel* channel, QObject* parent) : QObject(parent), m_channel(channel)
{
    m_channel->setParent(this);
    attach();
}

void DeciderChannel::attach()
{
    connect(m_channel, &JsonLineChannel::line, this, &DeciderChannel::onLine);
    connect(m_channel, &JsonLineChannel::malformed, this,
        [](const QString& why) { qWarning("decider: ignoring a line from the proxy: %s", qPrintable(why)); });
    connect(m_channel, &JsonLineChannel::closed, this, &DeciderChannel::closed);
}

bool DeciderChannel::isOpen() const
{
    return m_channel->isOpen();
}

bool DeciderChannel::parseAsk(const QJsonObject& message, qint64* askId, QString* host, int* port, QString* proto,
    QJsonObject* peer, QString* why)
{
    const auto fail = [why](const QString& text) {
        *why = text;
        return false;
    };
    static const QStringList known = {QStringLiteral("id"), QStringLiteral("kind"), QStringLiteral("host"),
        QStringLiteral("port"), QStringLiteral("proto"), QStringLiteral("peer_pid"), QStringLiteral("peer")};
    for (auto it = message.begin(); it != message.end(); ++it) {
        if (!known.contains(it.key()))
            return fail(QStringLiteral("unknown field"));
    }
    qint64 id = 0;
    if (!wholeNumber(message.value(u"id"), 1, protocol::kMaxRequestId, &id))
        return fail(QStringLiteral("id: expected a whole number from 1 to 2^53"));
    if (message.value(u"kind") != QJsonValue(QStringLiteral("net")))
        return fail(QStringLiteral("kind: expected \"net\""));
    const QJsonValue hostValue = message.value(u"host");
    if (!hostValue.isString())
        return fail(QStringLiteral("host: expected a string"));
    const QString h = hostValue.toString();
    if (h.isEmpty() || h.toUtf8().size() > kMaxHostBytes || !hostCharsOk(h))
        return fail(
            QStringLiteral("host: expected 1 to %1 bytes of a normalized host name or address").arg(kMaxHostBytes));
    qint64 p = 0;
    if (!wholeNumber(message.value(u"port"), 1, 65535, &p))
        return fail(QStringLiteral("port: expected a whole number from 1 to 65535"));
    const QJsonValue protoValue = message.value(u"proto");
    if (!protoValue.isString() || !protoOk(protoValue.toString()))
        return fail(QStringLiteral("proto: expected a short lower-case word"));

    QJsonObject peerOut;
    if (!parsePeer(message, &peerOut, why))
        return false;
    *askId = id;
    *host = h;
    *port = static_cast<int>(p);
    *proto = protoValue.toString();
    *peer = peerOut;
    return true;
}

bool DeciderChannel::parseSecretAsk(
    const QJsonObject& message, qint64* askId, QString* name, QJsonObject* peer, QString* why)
{
    const auto fail = [why](const QString& text) {
        *why = text;
        return false;
    };
    static const QStringList known = {QStringLiteral("id"), QStringLiteral("kind"), QStringLiteral("name"),
        QStringLiteral("peer_pid"), QStringLiteral("peer")};
    for (auto it = message.begin(); it != message.end(); ++it) {
        if (!known.contains(it.key()))
            return fail(QStringLiteral("unknown field"));
    }
    qint64 id = 0;
    if (!wholeNumber(message.value(u"id"), 1, protocol::kMaxRequestId, &id))
        return fail(QStringLiteral("id: expected a whole number from 1 to 2^53"));
    if (message.value(u"kind") != QJsonValue(QStringLiteral("secret")))
        return fail(QStringLiteral("kind: expected \"secret\""));
    static const QRegularExpression shape(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]{0,63}$"));
    const QJsonValue nameValue = message.value(u"name");
    if (!nameValue.isString() || !shape.match(nameValue.toString()).hasMatch())
        return fail(QStringLiteral("name: expected [A-Za-z_][A-Za-z0-9_]{0,63}"));
    QJsonObject peerOut;
    if (!parsePeer(message, &peerOut, why))
        return false;
    *askId = id;
    *name = nameValue.toString();
    *peer = peerOut;
    return true;
}

void DeciderChannel::onLine(const QJsonObject& message)
{
    if (message.value(u"kind") == QJsonValue(QStringLiteral("secret"))) {
        qint64 id = 0;
        QString name, why;
        QJsonObject peer;
        if (!parseSecretAsk(message, &id, &name, &peer, &why)) {
            qWarning("decider: ignoring secret ask %s from the proxy: %s", qPrintable(shownId(message)),
                qPrintable(why));
            return;
        }
        Q_EMIT secretAsked(id, name, peer);
        return;
    }
    qint64 id = 0;
    QString host;
    int port = 0;
    QString proto;
    QJsonObject peer;
    QString why;
    if (!parseAsk(message, &id, &host, &port, &proto, &peer, &why)) {
        qWarning("decider: ignoring ask %s from the proxy: %s", qPrintable(shownId(message)), qPrintable(why));
        return;
    }
    Q_EMIT asked(id, host, port, proto, peer);
}

void DeciderChannel::answer(qint64 askId, Decision decision, const QString& pattern, qint64 grantId)
{
    if (decision == Decision::Extend) {
        qWarning("decider: \"extend\" is no answer to ask %lld; sending deny", static_cast<long long>(askId));
        decision = Decision::Deny;
    }
    QJsonObject o{{QStringLiteral("id"), askId}, {QStringLiteral("decision"), decisionName(decision)}};
    if (decision != Decision::Deny) {
        if (!pattern.isEmpty()) {
            o.insert(QStringLiteral("scope"),
                scopeName(pattern.startsWith(QLatin1String("*.")) ? Scope::Domain : Scope::Host));
            o.insert(QStringLiteral("pattern"), pattern);
        }
        if (grantId > 0)
            o.insert(QStringLiteral("grant"), grantId);
    }
    m_channel->send(o);
}

void DeciderChannel::answerSecret(qint64 askId, Decision decision, const QString& name)
{
    if (decision == Decision::Extend)
        decision = Decision::Deny;
    QJsonObject o{{QStringLiteral("id"), askId}, {QStringLiteral("decision"), decisionName(decision)}};
    if (decision != Decision::Deny)
        o.insert(QStringLiteral("path"), ProfileSecret::deliveryDirectory() + u'/' + name);
    m_channel->send(o);
}

void DeciderChannel::revoke(qint64 grantId)
{
    m_channel->send(
        QJsonObject{{QStringLiteral("type"), QStringLiteral("revoke")}, {QStringLiteral("grant"), grantId}});
}

void DeciderChannel::grant(qint64 grantId, const QString& pattern)
{
    m_channel->send(QJsonObject{{QStringLiteral("type"), QStringLiteral("grant")}, {QStringLiteral("grant"), grantId},
        {QStringLiteral("pattern"), pattern}});
}

} // namespace cordon::helperd
