#include "HelperCommands.h"

#include "Console.h"
#include "HelperClient.h"
#include "InertText.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <algorithm>

namespace cordon::cli {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("cordonctl", text);
}

QString helperAdvice()
{
    return tr("Is cordon-helper running? `cordonctl run` starts one; CORDON_HELPER_SOCKET names another socket.");
}

QString str(const QJsonObject& o, const char* key)
{
    return o.value(QLatin1String(key)).toString();
}

qint64 num(const QJsonObject& o, const char* key)
{
    return static_cast<qint64>(o.value(QLatin1String(key)).toDouble());
}

QString inert(const QJsonObject& o, const char* key, qsizetype max = -1)
{
    return InertText::render(str(o, key), max);
}

QString formatDuration(qint64 ms)
{
    qint64 s = std::max<qint64>(ms, 0) / 1000;
    if (s < 60)
        return QStringLiteral("%1s").arg(s);
    if (s < 3600)
        return QStringLiteral("%1m%2s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    if (s < 86400)
        return QStringLiteral("%1h%2m").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1d%2h").arg(s / 86400).arg((s % 86400) / 3600, 2, 10, QLatin1Char('0'));
}

QString formatTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

void printJson(const QJsonValue& value)
{
    const QJsonDocument doc = value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    Console::out() << QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
    Console::out().flush();
}

void printLine(const QJsonObject& o)
{
    Console::out() << QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)) << '\n';
    Console::out().flush();
}

// Parses "--name VALUE" or "--name=VALUE" at args[*i]; true when it was that option.
bool takeValue(const QStringList& args, qsizetype* i, const QString& name, QString* value, QString* error)
{
    const QString& arg = args.at(*i);
    if (arg.startsWith(name + u'=')) {
        *value = arg.mid(name.size() + 1);
        return true;
    }
    if (arg != name)
        return false;
    if (*i + 1 >= args.size()) {
        *error = tr("%1 needs a value").arg(name);
        return true;
    }
    *value = args.at(++*i);
    return true;
}

bool parseId(const QString& text, qint64* id)
{
    bool ok = false;
    const qint64 v = text.toLongLong(&ok);
    if (!ok || v < 1)
        return false;
    *id = v;
    return true;
}

const QStringList& eventKinds()
{
    static const QStringList kinds = {QStringLiteral("launch"), QStringLiteral("exec"), QStringLiteral("net_allow"),
        QStringLiteral("net_deny"), QStringLiteral("net_ask"), QStringLiteral("secret_ask"),
        QStringLiteral("secret_grant"), QStringLiteral("secret_deny"), QStringLiteral("decision"),
        QStringLiteral("limit_warning"), QStringLiteral("limit_kill"), QStringLiteral("exit")};
    return kinds;
}

// "key=value key=value", every value inert and cut short: a detail is the sandbox's to fill.
QString shortDetail(const QJsonObject& detail)
{
    QStringList parts;
    for (auto it = detail.begin(); it != detail.end(); ++it) {
        const QJsonValue v = it.value();
        QString text;
        if (v.isString())
            text = v.toString();
        else if (v.isArray())
            text = QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
        else if (v.isObject())
            text = QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
        else if (v.isBool())
            text = v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        else if (v.isDouble())
            text = QString::number(v.toDouble(), 'g', 15);
        else
            text = QStringLiteral("null");
        parts.append(InertText::render(it.key(), 24) + u'=' + InertText::render(text, 60));
    }
    return parts.join(u' ');
}

void printEvent(const QJsonObject& event)
{
    Console::out() << formatTime(num(event, "time")) << "  " << inert(event, "session", 40) << "  "
                   << inert(event, "kind", 16).leftJustified(13) << ' ' << inert(event, "subject", 120);
    const QString detail = shortDetail(event.value(QLatin1String("detail")).toObject());
    if (!detail.isEmpty())
        Console::out() << "  " << detail;
    Console::out() << '\n';
    Console::out().flush();
}

int usage(const QString& message)
{
    return Console::fail(ExitCode::Usage, message);
}

} // namespace

ExitCode HelperCommands::exitCodeFor(const QJsonObject& reply)
{
    const QString code = str(reply, "code");
    if (code == u"launch-failed") {
        const int exit = reply.value(QLatin1String("exit_code")).toInt(toInt(ExitCode::SandboxFailed));
        if (exit >= toInt(ExitCode::Internal) && exit <= toInt(ExitCode::CommandNotFound))
            return static_cast<ExitCode>(exit);
        return ExitCode::SandboxFailed;
    }
    if (code == u"not-found" || code == u"invalid" || code == u"already-decided" || code == u"unknown-type" ||
        code == u"bad-json")
        return ExitCode::Usage;
    if (code == u"not-allowed")
        return ExitCode::PolicyDenied;
    if (code == u"busy")
        return ExitCode::SandboxUnavailable;
    if (code.isEmpty() || code == u"version" || code == u"hello-first" || code == u"too-large")
        return ExitCode::SandboxUnavailable; // no usable helper connection
    return ExitCode::Internal;
}

int HelperCommands::fail(const QString& context, const QJsonObject& reply, const QString& error)
{
    const ExitCode code = exitCodeFor(reply);
    const QString message = context.isEmpty() ? error : context + QStringLiteral(": ") + error;
    if (str(reply, "code").isEmpty() || code == ExitCode::SandboxUnavailable)
        return Console::fail(code, message, helperAdvice());
    if (str(reply, "code") == u"busy")
        return Console::fail(code, message, tr("The helper serves too many sessions or clients; try again later."));
    return Console::fail(code, message);
}

int HelperCommands::connect(HelperClient* client)
{
    QString error;
    if (client->connect(&error))
        return 0;
    return Console::fail(ExitCode::SandboxUnavailable, error, helperAdvice());
}

int HelperCommands::ps(const QStringList& args)
{
    bool all = false;
    bool json = false;
    for (const QString& arg : args) {
        if (arg == u"--all" || arg == u"-a")
            all = true;
        else if (arg == u"--json")
            json = true;
        else
            return usage(tr("unknown ps option %1").arg(arg));
    }
    HelperClient client;
    if (const int code = connect(&client))
        return code;
    QJsonObject reply;
    QString error;
    QJsonObject request{{QStringLiteral("type"), QStringLiteral("list")}};
    if (all)
        request.insert(QStringLiteral("all"), true);
    if (!client.request(request, &reply, &error))
        return fail(QString(), reply, error);
    const QJsonArray sessions = reply.value(QLatin1String("sessions")).toArray();
    if (json) {
        printJson(sessions);
        return 0;
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QList<QStringList> rows;
    rows.append({tr("ID"), tr("PROFILE"), tr("STATE"), tr("ELAPSED"), tr("PENDING"), tr("WORKSPACE")});
    for (const QJsonValue& v : sessions) {
        const QJsonObject s = v.toObject();
        const qint64 end = s.contains(QLatin1String("ended")) ? num(s, "ended") : now;
        QString state = inert(s, "state", 10);
        if (s.contains(QLatin1String("exit_status")))
            state += QStringLiteral(" (%1)").arg(num(s, "exit_status"));
        rows.append({inert(s, "id", 40), inert(s, "profile", 30), state, formatDuration(end - num(s, "started")),
            QString::number(num(s, "pending")), inert(s, "workspace")});
    }
    QList<qsizetype> widths(6, 0);
    for (const QStringList& row : std::as_const(rows))
        for (qsizetype c = 0; c < row.size(); ++c)
            widths[c] = std::max(widths[c], row.at(c).size());
    for (const QStringList& row : std::as_const(rows)) {
        QString line;
        for (qsizetype c = 0; c < row.size(); ++c)
            line += c + 1 < row.size() ? row.at(c).leftJustified(widths[c] + 2) : row.at(c);
        Console::out() << line << '\n';
    }
    Console::out().flush();
    return 0;
}

int HelperCommands::stop(const QStringList& args)
{
    QString session;
    QString profile;
    bool all = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        QString error;
        QString value;
        if (takeValue(args, &i, QStringLiteral("--profile"), &value, &error)) {
            if (!error.isEmpty())
                return usage(error);
            profile = value;
        } else if (args.at(i) == u"--all") {
            all = true;
        } else if (args.at(i).startsWith(u'-')) {
            return usage(tr("unknown stop option %1").arg(args.at(i)));
        } else if (session.isEmpty()) {
            session = args.at(i);
        } else {
            return usage(tr("stop takes one session ID"));
        }
    }
    if (int(!session.isEmpty()) + int(!profile.isEmpty()) + int(all) != 1)
        return usage(tr("stop needs exactly one of: a session ID, --profile NAME, --all"));
    HelperClient client;
    if (const int code = connect(&client))
        return code;
    QJsonObject reply;
    QString error;
    // Session changes first, so that no "ended" can slip between the stop and the subscription.
    if (!client.request({{QStringLiteral("type"), QStringLiteral("subscribe")}, {QStringLiteral("sessions"), true}},
            &reply, &error))
        return fail(QString(), reply, error);
    QJsonObject request{{QStringLiteral("type"), QStringLiteral("stop")}};
    if (!session.isEmpty())
        request.insert(QStringLiteral("session"), session);
    else if (!profile.isEmpty())
        request.insert(QStringLiteral("profile"), profile);
    else
        request.insert(QStringLiteral("all"), true);
    if (!client.request(request, &reply, &error)) {
        if (str(reply, "code") == u"not-found")
            return Console::fail(ExitCode::Usage,
                !session.isEmpty() ? tr("no session %1").arg(InertText::render(session, 80))
                                   : tr("no session of profile %1").arg(InertText::render(profile, 80)),
                tr("`cordonctl ps` lists the sessions."));
        return fail(QString(), reply, error);
    }
    QSet<QString> waiting;
    for (const QJsonValue& v : reply.value(QLatin1String("sessions")).toArray())
        waiting.insert(v.toString());
    if (waiting.isEmpty()) {
        Console::out() << tr("no running session to stop") << '\n';
        Console::out().flush();
        return 0;
    }
    // Sessions that had already ended before the subscription took effect never push again.
    if (client.request(
            {{QStringLiteral("type"), QStringLiteral("list")}, {QStringLiteral("all"), true}}, &reply, &error)) {
        for (const QJsonValue& v : reply.value(QLatin1String("sessions")).toArray()) {
            const QJsonObject s = v.toObject();
            if (str(s, "state") == u"ended" && waiting.remove(str(s, "id")))
                Console::out() << tr("%1: stopped").arg(inert(s, "id")) << '\n';
        }
    }
    // Stopping is asynchronous (SIGTERM, a grace period, SIGKILL): wait for each to end.
    QDeadlineTimer deadline(30000);
    while (!waiting.isEmpty() && !deadline.hasExpired()) {
        const auto push = client.waitPush(static_cast<int>(deadline.remainingTime()), &error);
        if (!push) {
            if (!client.isConnected())
                return fail(QString(), {}, error);
            break;
        }
        if (str(*push, "type") != u"session")
            continue;
        const QJsonObject s = push->value(QLatin1String("session")).toObject();
        if (str(s, "state") == u"ended" && waiting.remove(str(s, "id"))) {
            Console::out() << tr("%1: stopped").arg(inert(s, "id")) << '\n';
            Console::out().flush();
        }
    }
    for (const QString& id : std::as_const(waiting))
        Console::out() << tr("%1: still stopping").arg(InertText::render(id)) << '\n';
    Console::out().flush();
    return 0;
}

int HelperCommands::logs(const QStringList& args)
{
    bool follow = false;
    bool json = false;
    QString session;
    QStringList kinds;
    for (qsizetype i = 0; i < args.size(); ++i) {
        QString error;
        QString value;
        if (args.at(i) == u"--follow" || args.at(i) == u"-f") {
            follow = true;
        } else if (args.at(i) == u"--json") {
            json = true;
        } else if (takeValue(args, &i, QStringLiteral("--session"), &value, &error)) {
            if (!error.isEmpty())
                return usage(error);
            session = value;
        } else if (takeValue(args, &i, QStringLiteral("--kind"), &value, &error)) {
            if (!error.isEmpty())
                return usage(error);
            if (!eventKinds().contains(value))
                return usage(tr("--kind \"%1\": expected one of %2")
                                 .arg(InertText::render(value), eventKinds().join(QStringLiteral(", "))));
            kinds.append(value);
        } else {
            return usage(tr("unknown logs option %1").arg(args.at(i)));
        }
    }
    HelperClient client;
    if (const int code = connect(&client))
        return code;
    auto show = [json](const QJsonObject& event) {
        if (json)
            printLine(event);
        else
            printEvent(event);
    };
    qint64 last = 0;
    QJsonObject reply;
    QString error;
    for (;;) {
        QJsonObject request{{QStringLiteral("type"), QStringLiteral("history")}, {QStringLiteral("limit"), 500}};
        if (!session.isEmpty())
            request.insert(QStringLiteral("session"), session);
        if (!kinds.isEmpty())
            request.insert(QStringLiteral("kinds"), QJsonArray::fromStringList(kinds));
        if (last > 0)
            request.insert(QStringLiteral("after"), static_cast<double>(last));
        if (!client.request(request, &reply, &error))
            return fail(QString(), reply, error);
        const QJsonArray events = reply.value(QLatin1String("events")).toArray();
        for (const QJsonValue& v : events) {
            const QJsonObject e = v.toObject();
            if (num(e, "id") <= last)
                continue;
            show(e);
            last = num(e, "id");
        }
        if (!reply.value(QLatin1String("more")).toBool() || events.isEmpty())
            break;
    }
    if (!follow)
        return 0;
    QJsonObject subscribe{{QStringLiteral("type"), QStringLiteral("subscribe")}, {QStringLiteral("events"), true},
        {QStringLiteral("after"), static_cast<double>(last)}};
    if (!session.isEmpty())
        subscribe.insert(QStringLiteral("session"), session);
    if (!kinds.isEmpty())
        subscribe.insert(QStringLiteral("kinds"), QJsonArray::fromStringList(kinds));
    if (!client.request(subscribe, &reply, &error))
        return fail(QString(), reply, error);
    for (;;) {
        const auto push = client.waitPush(-1, &error);
        if (!push)
            return fail(QString(), {}, error);
        if (str(*push, "type") != u"event")
            continue;
        const QJsonObject e = push->value(QLatin1String("event")).toObject();
        if (num(e, "id") <= last)
            continue; // replayed and live copies of the same event: each is shown once
        show(e);
        last = num(e, "id");
    }
}

int HelperCommands::pending(const QStringList& args)
{
    bool json = false;
    for (const QString& arg : args) {
        if (arg == u"--json")
            json = true;
        else
            return usage(tr("unknown pending option %1").arg(arg));
    }
    HelperClient client;
    if (const int code = connect(&client))
        return code;
    QJsonObject reply;
    QString error;
    if (!client.request({{QStringLiteral("type"), QStringLiteral("pending")}}, &reply, &error))
        return fail(QString(), reply, error);
    const QJsonArray requests = reply.value(QLatin1String("requests")).toArray();
    if (json) {
        printJson(requests);
        return 0;
    }
    if (requests.isEmpty()) {
        Console::out() << tr("no pending requests") << '\n';
        Console::out().flush();
        return 0;
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const QJsonValue& v : requests) {
        const QJsonObject r = v.toObject();
        QStringList argv;
        for (const QJsonValue& a : r.value(QLatin1String("argv")).toArray())
            argv.append(InertText::render(a.toString(), 60));
        Console::out()
            << tr("#%1  %2  %3  %4  (session %5, profile %6)")
                   .arg(num(r, "id"))
                   .arg(inert(r, "kind", 10), inert(r, "subject", 120), formatDuration(num(r, "deadline") - now),
                       inert(r, "session", 40), inert(r, "profile", 40))
            << '\n'
            << "     "
            << tr("process %1 (pid %2): %3").arg(inert(r, "exe", 120)).arg(num(r, "pid")).arg(argv.join(u' ').left(200))
            << '\n';
        if (r.contains(QLatin1String("domain")))
            Console::out() << "     " << tr("domain-wide: %1").arg(inert(r, "domain", 120)) << '\n';
    }
    Console::out().flush();
    return 0;
}

int HelperCommands::approve(const QStringList& args)
{
    QString decision;
    bool domain = false;
    int minutes = 15;
    qint64 id = 0;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& arg = args.at(i);
        QString value;
        QString error;
        if (arg == u"--once" || arg == u"--session" || arg == u"--always") {
            if (!decision.isEmpty() && decision != arg.mid(2))
                return usage(tr("approve takes one of --once, --session, --always"));
            decision = arg.mid(2);
        } else if (arg == u"--domain") {
            domain = true;
        } else if (takeValue(args, &i, QStringLiteral("--minutes"), &value, &error)) {
            bool ok = false;
            minutes = value.toInt(&ok);
            if (!error.isEmpty() || !ok || minutes < 1 || minutes > 1440)
                return usage(error.isEmpty() ? tr("--minutes \"%1\": expected 1 to 1440").arg(value) : error);
        } else if (arg.startsWith(u'-')) {
            return usage(tr("unknown approve option %1").arg(arg));
        } else if (id == 0 && parseId(arg, &id)) {
            continue;
        } else {
            return usage(tr("approve needs one request ID (a number, see `cordonctl pending`), got \"%1\"")
                             .arg(InertText::render(arg, 40)));
        }
    }
    if (id == 0)
        return usage(tr("approve needs a request ID (see `cordonctl pending`)"));
    HelperClient client;
    if (const int code = connect(&client))
        return code;
    QJsonObject reply;
    QString error;
    // The request's kind decides what "approve" means: a time escalation is extended.
    QJsonObject found;
    if (client.request({{QStringLiteral("type"), QStringLiteral("pending")}}, &reply, &error)) {
        for (const QJsonValue& v : reply.value(QLatin1String("requests")).toArray())
            if (num(v.toObject(), "id") == id)
                found = v.toObject();
    }
    QJsonObject decide{
        {QStringLiteral("type"), QStringLiteral("decide")}, {QStringLiteral("request"), static_cast<double>(id)}};
    QString said;
    if (str(found, "kind") == u"time") {
        if (!decision.isEmpty() || domain)
            return usage(tr("request %1 asks for more time: approve it without --once/--session/--always/--domain "
                            "(--minutes N sets how much)")
                             .arg(id));
        decide.insert(QStringLiteral("decision"), QStringLiteral("extend"));
        decide.insert(QStringLiteral("minutes"), minutes);
        said = QCoreApplication::translate("cordonctl", "extended by %n minute(s)", nullptr, minutes);
    } else {
        if (decision.isEmpty())
            decision = QStringLiteral("once");
        decide.insert(QStringLiteral("decision"), decision);
        decide.insert(QStringLiteral("scope"), domain ? QStringLiteral("domain") : QStringLiteral("host"));
        said = domain ? tr("allowed (%1, domain-wide)").arg(decision) : tr("allowed (%1)").arg(decision);
    }
    if (!client.request(decide, &reply, &error)) {
        if (str(reply, "code") == u"not-found")
            return Console::fail(ExitCode::Usage, tr("no pending request %1").arg(id),
                tr("`cordonctl pending` lists the requests waiting for an answer."));
        if (str(reply, "code") == u"already-decided")
            return Console::fail(ExitCode::Usage, tr("request %1 was already answered").arg(id),
                tr("`cordonctl pending` lists the requests waiting for an answer."));
        return fail(tr("request %1").arg(id), reply, error);
    }
    Console::out() << tr("request %1").arg(id);
    if (!found.isEmpty())
        Console::out() << " (" << inert(found, "subject", 120) << ')';
    Console::out() << ": " << said << '\n';
    Console::out().flush();
    return 0;
}

int HelperCommands::deny(const QStringList& args)
{
    bool all = false;
    qint64 id = 0;
    for (const QString& arg : args) {
        if (arg == u"--all")
            all = true;
        else if (!arg.startsWith(u'-') && id == 0 && parseId(arg, &id))
            continue;
        else
            return usage(
                arg.startsWith(u'-')
                    ? tr("unknown deny option %1").arg(arg)
                    : tr("deny needs one request ID (a number) or --all, got \"%1\"").arg(InertText::render(arg, 40)));
    }
    if (all == (id != 0))
        return usage(tr("deny needs exactly one of: a request ID, --all"));
    HelperClient client;
    if (const int code = connect(&client))
        return code;
    QJsonObject reply;
    QString error;
    QList<qint64> ids;
    if (all) {
        if (!client.request({{QStringLiteral("type"), QStringLiteral("pending")}}, &reply, &error))
            return fail(QString(), reply, error);
        for (const QJsonValue& v : reply.value(QLatin1String("requests")).toArray())
            ids.append(num(v.toObject(), "id"));
        if (ids.isEmpty()) {
            Console::out() << tr("no pending requests") << '\n';
            Console::out().flush();
            return 0;
        }
    } else {
        ids.append(id);
    }
    int status = 0;
    for (qint64 each : std::as_const(ids)) {
        const QJsonObject decide{{QStringLiteral("type"), QStringLiteral("decide")},
            {QStringLiteral("request"), static_cast<double>(each)},
            {QStringLiteral("decision"), QStringLiteral("deny")}};
        if (client.request(decide, &reply, &error)) {
            Console::out() << tr("request %1: denied").arg(each) << '\n';
            Console::out().flush();
            continue;
        }
        // deny --all: one request answered elsewhere meanwhile never blocks the others.
        if (all && (str(reply, "code") == u"not-found" || str(reply, "code") == u"already-decided")) {
            Console::out() << tr("request %1: already answered").arg(each) << '\n';
            continue;
        }
        if (!all && (str(reply, "code") == u"not-found" || str(reply, "code") == u"already-decided"))
            return Console::fail(ExitCode::Usage,
                str(reply, "code") == u"not-found" ? tr("no pending request %1").arg(each)
                                                   : tr("request %1 was already answered").arg(each),
                tr("`cordonctl pending` lists the requests waiting for an answer."));
        status = fail(tr("request %1").arg(each), reply, error);
        if (!client.isConnected())
            return status;
    }
    Console::out().flush();
    return status;
}

int HelperCommands::grants(const QStringList& args)
{
    bool json = false;
    QString session;
    for (qsizetype i = 0; i < args.size(); ++i) {
        QString value;
        QString error;
        if (args.at(i) == u"--json")
            json = true;
        else if (takeValue(args, &i, QStringLiteral("--session"), &value, &error)) {
            if (!error.isEmpty())
                return usage(error);
            session = value;
        } else
            return usage(tr("unknown grants option %1").arg(args.at(i)));
    }
    HelperClient client;
    if (const int code = connect(&client))
        return code;
    QJsonObject request{{QStringLiteral("type"), QStringLiteral("grants")}};
    if (!session.isEmpty())
        request.insert(QStringLiteral("session"), session);
    QJsonObject reply;
    QString error;
    if (!client.request(request, &reply, &error))
        return fail(QString(), reply, error);
    const QJsonArray grants = reply.value(QLatin1String("grants")).toArray();
    if (json) {
        printJson(grants);
        return 0;
    }
    if (grants.isEmpty()) {
        Console::out() << tr("no grants") << '\n';
        Console::out().flush();
        return 0;
    }
    for (const QJsonValue& v : grants) {
        const QJsonObject g = v.toObject();
        const QString where = g.contains(QLatin1String("session")) ? tr("session %1").arg(inert(g, "session", 40))
                                                                   : tr("profile %1").arg(inert(g, "profile", 40));
        Console::out() << tr("#%1  %2  %3  %4  since %5  by %6")
                              .arg(num(g, "id"))
                              .arg(inert(g, "subject", 120), inert(g, "decision", 10), where,
                                  formatTime(num(g, "created")), inert(g, "by", 10))
                       << '\n';
    }
    Console::out().flush();
    return 0;
}

int HelperCommands::revoke(const QStringList& args)
{
    qint64 id = 0;
    if (args.size() != 1 || !parseId(args.first(), &id))
        return usage(tr("revoke needs one grant ID (a number, see `cordonctl grants`)"));
    HelperClient client;
    if (const int code = connect(&client))
        return code;
    QJsonObject reply;
    QString error;
    if (!client.request(
            {{QStringLiteral("type"), QStringLiteral("revoke")}, {QStringLiteral("grant"), static_cast<double>(id)}},
            &reply, &error)) {
        if (str(reply, "code") == u"not-found")
            return Console::fail(
                ExitCode::Usage, tr("no grant %1").arg(id), tr("`cordonctl grants` lists the grants in force."));
        return fail(tr("grant %1").arg(id), reply, error);
    }
    Console::out() << tr("grant %1: revoked").arg(id) << '\n';
    Console::out().flush();
    return 0;
}

} // namespace cordon::cli
