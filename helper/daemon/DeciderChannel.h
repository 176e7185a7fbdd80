#pragma once
// The helper's end of a cordon-proxy decider connection (docs/proxy.md, "Ask"). The proxy asks
//   {"id":7,"kind":"net","host":"api.example.com","port":443,"proto":"connect","peer_pid":123,
//    "peer":{"pid":45,"exe":"/usr/bin/node","argv":["node","cli.js"]}}          (peer, peer_pid optional)
// and the helper answers, grants and revokes:
//   {"decision":"session","grant":12,"id":7,"pattern":"*.example.com:443","scope":"domain"}
//   {"grant":12,"pattern":"api.example.com:443","type":"grant"}
//   {"grant":12,"type":"revoke"}
// (keys in QJsonObject's order, which the proxy does not care about).
//
// The proxy parses bytes from inside the sandbox, so it is less trusted than the helper (DESIGN.md
// rule 1): every ask is validated strictly (only the fields above; kind "net"; id a whole number
// 1..2^53; host 1..255 bytes of letters, digits, '.', '-', ':' and '_' as the proxy normalized
// it; port 1..65535; proto a short lower-case word; peer_pid and peer.pid whole numbers >= 0;
// peer.exe a string; peer.argv strings). Anything else is logged and ignored; the channel stays
// open (an unanswered ask times out to deny in the proxy). Only an overlong line closes it.
// An ask that is never answered is the broker's business, not this class's.

#include "EscalationBroker.h"

#include <QJsonObject>
#include <QObject>
#include <QString>

namespace cordon::helperd {

class JsonLineChannel;

class DeciderChannel : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaxHostBytes = 255;

    // Takes ownership of fd (a connected stream socket: the helper's end of the decider
    // socketpair).
    explicit DeciderChannel(int fd, QObject* parent = nullptr);
    // Takes ownership of channel (re-parented to this).
    explicit DeciderChannel(JsonLineChannel* channel, QObject* parent = nullptr);

    bool isOpen() const;
    JsonLineChannel* channel() const { return m_channel; }

    // Once/Session/Always/Deny -> "once"/"session"/"always"/"deny"; scope "domain" when pattern
    // starts with "*.", else "host". A deny carries neither pattern nor grant; grantId 0 is left
    // out. Extend is not an answer to a net ask: it is sent as "deny" (and logged).
    void answer(qint64 askId, Decision decision, const QString& pattern, qint64 grantId);
    void revoke(qint64 grantId);
    void grant(qint64 grantId, const QString& pattern);
    // The answer to a secret ask (docs/proxy.md, "Requests from inside"): {"id","decision"} and,
    // on anything but a deny, "path" = ProfileSecret::deliveryDirectory() + "/" + name.
    void answerSecret(qint64 askId, Decision decision, const QString& name);

    // Strict validation of a secret ask: {"id","kind":"secret","name","peer_pid"?,"peer"?}, name
    // [A-Za-z_][A-Za-z0-9_]{0,63}. peer as for parseAsk.
    [[nodiscard]] static bool parseSecretAsk(
        const QJsonObject& message, qint64* askId, QString* name, QJsonObject* peer, QString* why);

    // Strict validation of one ask (public for tests). On success fills the out-parameters; peer
    // is {"pid","exe","argv"} as sent plus "peer_pid" when the ask had one (empty when neither).
    [[nodiscard]] static bool parseAsk(const QJsonObject& message, qint64* askId, QString* host, int* port,
        QString* proto, QJsonObject* peer, QString* why);

Q_SIGNALS:
    void asked(qint64 askId, const QString& host, int port, const QString& proto, const QJsonObject& peer);
    void secretAsked(qint64 askId, const QString& name, const QJsonObject& peer);
    void closed();

private:
    void onLine(const QJsonObject& message);
    void attach();

    JsonLineChannel* m_channel;
};

} // namespace cordon::helperd
