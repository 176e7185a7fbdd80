#include "EventMapper.h"

#include <QDateTime>
#include <QJsonArray>

#include <cmath>

namespace cordon::helperd {

namespace {

qint64 wholeNumber(const QJsonValue& v, qint64 fallback = 0)
{
    if (!v.isDouble())
        return fallback;
    const double d = v.toDouble();
    if (!std::isfinite(d) || d != std::floor(d) || std::fabs(d) > 9007199254740992.0)
        return fallback;
    return static_cast<qint64>(d);
}

QString hostPort(const QString& host, qint64 port)
{
    return (host.contains(u':') ? u'[' + host + u']' : host) + u':' + QString::number(port);
}

// The proxy writes "time" as ISO 8601 UTC; the sandbox "time_ms". 0 lets the journal stamp it.
qint64 timeOf(const QJsonObject& line)
{
    if (line.contains(QLatin1String("time_ms")))
        return std::max<qint64>(0, wholeNumber(line.value(QLatin1String("time_ms"))));
    const QString text = line.value(QLatin1String("time")).toString();
    if (!text.isEmpty()) {
        const QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
        if (t.isValid())
            return t.toMSecsSinceEpoch();
    }
    return 0;
}

} // namespace

QString EventMapper::lineKind(const QJsonObject& line)
{
    return line.value(QLatin1String("kind")).toString();
}

bool EventMapper::fromSandbox(const QJsonObject& line, const QString& runId, Event* event)
{
    const QString type = lineKind(line);
    Event e;
    e.runId = runId;
    e.timeMs = timeOf(line);
    e.pid = wholeNumber(line.value(QLatin1String("pid")));
    if (type == QLatin1String("exec")) {
        e.kind = EventKind::Exec;
        e.subject = line.value(QLatin1String("exe")).toString();
        QJsonArray argv;
        for (const QJsonValue& a : line.value(QLatin1String("argv")).toArray())
            argv.append(a.toString());
        e.detail.insert(QStringLiteral("argv"), argv);
        if (line.contains(QLatin1String("ns_pid")))
            e.detail.insert(
                QStringLiteral("ns_pid"), static_cast<double>(wholeNumber(line.value(QLatin1String("ns_pid")))));
    } else if (type == QLatin1String("net_direct")) {
        e.kind = EventKind::NetDeny;
        e.subject =
            hostPort(line.value(QLatin1String("address")).toString(), wholeNumber(line.value(QLatin1String("port"))));
        e.detail.insert(QStringLiteral("direct"), true);
        e.detail.insert(QStringLiteral("family"), line.value(QLatin1String("family")).toString());
    } else if (type == QLatin1String("guard")) {
        e.kind = EventKind::LimitWarning;
        e.subject = line.value(QLatin1String("path")).toString();
        e.detail.insert(QStringLiteral("guard"), true);
        e.detail.insert(QStringLiteral("action"), line.value(QLatin1String("action")).toString());
        e.detail.insert(QStringLiteral("critical"), line.value(QLatin1String("critical")).toBool());
        // The timeline shows the reason beside the path: a bare path under "limit warning" said
        // nothing of what happened to it.
        e.detail.insert(
            QStringLiteral("reason"), line.value(QLatin1String("action")).toString() == QLatin1String("quarantined")
                                          ? QStringLiteral("planted in a protected place: moved aside")
                                          : QStringLiteral("planted in a protected place: could not be moved aside"));
    } else if (type == QLatin1String("time_warning")) {
        e.kind = EventKind::LimitWarning;
        e.subject = QStringLiteral("timebox");
        const qint64 remaining = wholeNumber(line.value(QLatin1String("remaining_s")));
        e.detail.insert(QStringLiteral("remaining_s"), static_cast<double>(remaining));
        e.detail.insert(QStringLiteral("reason"), QStringLiteral("%1 s left").arg(remaining));
    } else if (type == QLatin1String("limit_kill")) {
        e.kind = EventKind::LimitKill;
        e.subject = line.value(QLatin1String("limit")).toString();
    } else if (type == QLatin1String("exit")) {
        e.kind = EventKind::Exit;
        e.detail.insert(
            QStringLiteral("status"), static_cast<double>(wholeNumber(line.value(QLatin1String("status")))));
    } else {
        return false;
    }
    *event = e;
    return true;
}

bool EventMapper::fromProxy(const QJsonObject& line, const QString& runId, Event* event)
{
    const QString kind = lineKind(line);
    Event e;
    e.runId = runId;
    e.timeMs = timeOf(line);
    const bool revoked = kind == QLatin1String("net_revoked");
    if (kind == QLatin1String("net_allow"))
        e.kind = EventKind::NetAllow;
    else if (kind == QLatin1String("net_deny"))
        e.kind = EventKind::NetDeny;
    else if (kind == QLatin1String("net_ask"))
        e.kind = EventKind::NetAsk;
    else if (revoked) {
        // A revoke names a grant, not a host: say which, and what it closed, rather than ":0".
        e.kind = EventKind::NetDeny;
        e.subject = QStringLiteral("grant %1").arg(wholeNumber(line.value(QLatin1String("grant"))));
        e.detail.insert(QStringLiteral("revoked"), true);
        e.detail.insert(QStringLiteral("reason"),
            QStringLiteral("revoked, %1 connection(s) closed").arg(wholeNumber(line.value(QLatin1String("closed")))));
    } else
        return false;
    if (!revoked)
        e.subject =
            hostPort(line.value(QLatin1String("host")).toString(), wholeNumber(line.value(QLatin1String("port"))));
    const QJsonObject peer = line.value(QLatin1String("peer")).toObject();
    e.pid = wholeNumber(peer.value(QLatin1String("pid")), wholeNumber(line.value(QLatin1String("peer_pid"))));
    for (auto it = line.begin(); it != line.end(); ++it) {
        const QString key = it.key();
        if (key == QLatin1String("kind") || key == QLatin1String("type") || key == QLatin1String("time") ||
            key == QLatin1String("host") || key == QLatin1String("port"))
            continue;
        e.detail.insert(key, it.value());
    }
    *event = e;
    return true;
}

} // namespace cordon::helperd
