#pragma once
// From the JSON lines cordon-sandbox and cordon-proxy write on their event descriptors to journal
// events (docs/helper.md, "Events"). The lines come from processes that parse bytes from inside a
// sandbox, so every field is type-checked here and strings are stored as given (rendering them
// inert is the viewer's job, docs/journal.md "Untrusted text").
//
// sandbox line      journal kind     subject            detail
// exec              exec             exe                argv, ns_pid
// net_direct        net_deny         address:port       direct: true, family
// guard             limit_warning    path               guard: true, action, critical
// time_warning      limit_warning    "timebox"          remaining_s
// limit_kill        limit_kill       limit              -
// exit              exit             -                  status
// started           (not journaled: the session becomes running)
//
// proxy line        journal kind     subject            detail
// net_allow         net_allow        host:port          proto, rule, address, conn, grant, peer
// net_deny          net_deny         host:port          the same
// net_ask           net_ask          host:port          the same
// net_revoked       net_deny         host:port          revoked: true, ...
// net_close         (not journaled: the allow that opened the connection is the record)

#include "Event.h"

#include <QJsonObject>

namespace cordon::helperd {

class EventMapper final {
public:
    // The "kind" of an event line (both programs name it so); empty when absent.
    static QString lineKind(const QJsonObject& line);
    // False when the line is not journaled (unknown kind, a kind kept out, or malformed).
    [[nodiscard]] static bool fromSandbox(const QJsonObject& line, const QString& runId, Event* event);
    [[nodiscard]] static bool fromProxy(const QJsonObject& line, const QString& runId, Event* event);
};

} // namespace cordon::helperd
