#include "MessageSchema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <cmath>
#include <initializer_list>
#include <map>
#include <vector>

namespace cordon::protocol {

namespace {

enum class Kind {
    String,
    Int,
    Number,
    Bool,
    StringList,
    IntList,
    StringMap, // object whose values are all strings
    Object,    // any object (its own schema, if any, is checked by name below)
    ObjectList,
};

struct Field {
    const char* name;
    Kind kind;
    bool required;
    const char* nested = nullptr; // name of a nested schema for Object / ObjectList
};

using Schema = std::vector<Field>;

// Fields every message may carry.
const Field kIdField{"id", Kind::Int, false};

const std::map<QString, Schema>& nestedSchemas()
{
    static const std::map<QString, Schema> schemas = {
        {QStringLiteral("overrides"),
            {{"timeout", Kind::String, false}, {"memory", Kind::String, false}, {"pids", Kind::Int, false},
                {"cpu", Kind::Number, false}, {"ro", Kind::StringList, false}, {"rw", Kind::StringList, false},
                {"hide", Kind::StringList, false}, {"env", Kind::StringList, false},
                {"open_files", Kind::Int, false}, {"file_size", Kind::String, false},
                {"tmp_size", Kind::String, false}}},
        {QStringLiteral("session"),
            {{"id", Kind::String, true}, {"profile", Kind::String, true}, {"workspace", Kind::String, true},
                {"argv", Kind::StringList, true}, {"state", Kind::String, true}, {"started", Kind::Int, true},
                {"ended", Kind::Int, false}, {"exit_status", Kind::Int, false}, {"pid", Kind::Int, true},
                {"memory", Kind::Int, false}, {"pending", Kind::Int, true}, {"timeout_at", Kind::Int, false}}},
        {QStringLiteral("event"),
            {{"id", Kind::Int, true}, {"session", Kind::String, true}, {"time", Kind::Int, true},
                {"kind", Kind::String, true}, {"pid", Kind::Int, true}, {"subject", Kind::String, true},
                {"detail", Kind::Object, true}}},
        {QStringLiteral("request"),
            {{"id", Kind::Int, true}, {"session", Kind::String, true}, {"profile", Kind::String, true},
                {"workspace", Kind::String, true}, {"kind", Kind::String, true}, {"subject", Kind::String, true},
                {"host", Kind::String, false}, {"port", Kind::Int, false}, {"pid", Kind::Int, true},
                {"exe", Kind::String, true}, {"argv", Kind::StringList, true}, {"time", Kind::Int, true},
                {"deadline", Kind::Int, true}, {"choices", Kind::StringList, true},
                {"scopes", Kind::StringList, true}, {"domain", Kind::String, false}}},
        {QStringLiteral("run"),
            {{"id", Kind::String, true}, {"profile", Kind::String, true}, {"workspace", Kind::String, true},
                {"argv", Kind::StringList, true}, {"started", Kind::Int, true}, {"ended", Kind::Int, false},
                {"exit_status", Kind::Int, false}, {"policy_sha256", Kind::String, true}}},
        {QStringLiteral("grant"),
            {{"id", Kind::Int, true}, {"session", Kind::String, false}, {"profile", Kind::String, false},
                {"subject", Kind::String, true}, {"decision", Kind::String, true}, {"created", Kind::Int, true},
                {"by", Kind::String, true}}},
    };
    return schemas;
}

const std::map<QString, Schema>& requestSchemas()
{
    static const std::map<QString, Schema> schemas = {
        {QStringLiteral("hello"), {{"versions", Kind::IntList, true}, {"client", Kind::String, true}}},
        {QStringLiteral("launch"),
            {{"profile", Kind::String, true}, {"argv", Kind::StringList, false}, {"workspace", Kind::String, true},
                {"cwd", Kind::String, false}, {"env", Kind::StringMap, true},
                {"overrides", Kind::Object, false, "overrides"}, {"terminal", Kind::Bool, true},
                {"attach", Kind::Bool, false}}},
        {QStringLiteral("list"), {{"all", Kind::Bool, false}}},
        {QStringLiteral("stop"),
            {{"session", Kind::String, false}, {"profile", Kind::String, false}, {"all", Kind::Bool, false}}},
        {QStringLiteral("subscribe"),
            {{"events", Kind::Bool, false}, {"escalations", Kind::Bool, false}, {"sessions", Kind::Bool, false},
                {"session", Kind::String, false}, {"kinds", Kind::StringList, false}, {"after", Kind::Int, false}}},
        {QStringLiteral("unsubscribe"), {}},
        {QStringLiteral("history"),
            {{"session", Kind::String, false}, {"kinds", Kind::StringList, false}, {"text", Kind::String, false},
                {"from", Kind::Int, false}, {"until", Kind::Int, false}, {"after", Kind::Int, false},
                {"limit", Kind::Int, false}}},
        {QStringLiteral("runs"), {{"limit", Kind::Int, false}, {"before", Kind::Int, false}}},
        {QStringLiteral("pending"), {}},
        {QStringLiteral("decide"),
            {{"request", Kind::Int, true}, {"decision", Kind::String, true}, {"scope", Kind::String, false},
                {"minutes", Kind::Int, false}}},
        {QStringLiteral("grants"), {{"session", Kind::String, false}}},
        {QStringLiteral("revoke"), {{"grant", Kind::Int, true}}},
        {QStringLiteral("terminal"), {{"session", Kind::String, true}, {"action", Kind::String, true}}},
    };
    return schemas;
}

const std::map<QString, Schema>& replySchemas()
{
    static const std::map<QString, Schema> schemas = {
        {QStringLiteral("hello"),
            {{"version", Kind::Int, true}, {"helper", Kind::String, true}, {"mode", Kind::String, true},
                {"uid", Kind::Int, true}}},
        {QStringLiteral("launched"), {{"session", Kind::Object, true, "session"}}},
        {QStringLiteral("sessions"), {{"sessions", Kind::ObjectList, true, "session"}}},
        {QStringLiteral("stopped"), {{"sessions", Kind::StringList, true}}},
        {QStringLiteral("subscribed"), {}},
        {QStringLiteral("unsubscribed"), {}},
        {QStringLiteral("ok"), {}},
        {QStringLiteral("decided"), {}},
        {QStringLiteral("revoked"), {}},
        {QStringLiteral("history"), {{"events", Kind::ObjectList, true, "event"}, {"more", Kind::Bool, true}}},
        {QStringLiteral("runs"), {{"runs", Kind::ObjectList, true, "run"}}},
        {QStringLiteral("pending"), {{"requests", Kind::ObjectList, true, "request"}}},
        {QStringLiteral("grants"), {{"grants", Kind::ObjectList, true, "grant"}}},
        {QStringLiteral("error"),
            {{"code", Kind::String, true}, {"message", Kind::String, true}, {"exit_code", Kind::Int, false}}},
        {QStringLiteral("event"), {{"event", Kind::Object, true, "event"}}},
        {QStringLiteral("escalation"), {{"request", Kind::Object, true, "request"}}},
        {QStringLiteral("resolved"),
            {{"request", Kind::Int, true}, {"decision", Kind::String, true}, {"scope", Kind::String, true},
                {"by", Kind::String, true}, {"grant", Kind::Int, false}}},
        {QStringLiteral("session"), {{"session", Kind::Object, true, "session"}}},
    };
    return schemas;
}

bool isWholeNumber(const QJsonValue& value)
{
    if (!value.isDouble())
        return false;
    const double d = value.toDouble();
    return std::isfinite(d) && d == std::floor(d) && std::fabs(d) <= static_cast<double>(kMaxRequestId);
}

const char* kindName(Kind kind)
{
    switch (kind) {
    case Kind::String:
        return "a string";
    case Kind::Int:
        return "a whole number";
    case Kind::Number:
        return "a number";
    case Kind::Bool:
        return "true or false";
    case Kind::StringList:
        return "an array of strings";
    case Kind::IntList:
        return "an array of whole numbers";
    case Kind::StringMap:
        return "an object of strings";
    case Kind::Object:
        return "an object";
    case Kind::ObjectList:
        return "an array of objects";
    }
    return "?";
}

bool validateObject(const QJsonObject& object, const Schema& schema, bool allowId, const QString& where,
    ProtocolError* error);

bool validateValue(const QJsonValue& value, const Field& field, const QString& where, ProtocolError* error)
{
    const auto wrong = [&] {
        error->code = ErrorCode::Invalid;
        error->message = QStringLiteral("%1: expected %2").arg(where, QString::fromLatin1(kindName(field.kind)));
        return false;
    };
    const auto nested = [&](const QJsonObject& object, const QString& at) {
        if (!field.nested)
            return true;
        const auto it = nestedSchemas().find(QString::fromLatin1(field.nested));
        return it == nestedSchemas().end() || validateObject(object, it->second, false, at, error);
    };
    switch (field.kind) {
    case Kind::String:
        return value.isString() || wrong();
    case Kind::Int:
        return isWholeNumber(value) || wrong();
    case Kind::Number:
        return (value.isDouble() && std::isfinite(value.toDouble())) || wrong();
    case Kind::Bool:
        return value.isBool() || wrong();
    case Kind::StringList:
    case Kind::IntList:
    case Kind::ObjectList: {
        if (!value.isArray())
            return wrong();
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QJsonValue item = array.at(i);
            const QString at = QStringLiteral("%1[%2]").arg(where).arg(i);
            if (field.kind == Kind::StringList && !item.isString())
                return wrong();
            if (field.kind == Kind::IntList && !isWholeNumber(item))
                return wrong();
            if (field.kind == Kind::ObjectList && (!item.isObject() || !nested(item.toObject(), at)))
                return !item.isObject() ? wrong() : false;
        }
        return true;
    }
    case Kind::StringMap: {
        if (!value.isObject())
            return wrong();
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!it.value().isString())
                return wrong();
        }
        return true;
    }
    case Kind::Object:
        if (!value.isObject())
            return wrong();
        return nested(value.toObject(), where);
    }
    return wrong();
}

bool validateObject(const QJsonObject& object, const Schema& schema, bool allowId, const QString& where,
    ProtocolError* error)
{
    const auto prefix = [&](const QString& key) { return where.isEmpty() ? key : where + u'.' + key; };
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString key = it.key();
        if (where.isEmpty() && key == QLatin1String("type"))
            continue;
        if (allowId && key == QLatin1String("id")) {
            if (!validateValue(it.value(), kIdField, key, error))
                return false;
            if (it.value().toDouble() < 1) {
                error->code = ErrorCode::Invalid;
                error->message = QStringLiteral("id: expected a whole number from 1 to 2^53");
                return false;
            }
            continue;
        }
        const Field* field = nullptr;
        for (const Field& candidate : schema) {
            if (key == QLatin1String(candidate.name))
                field = &candidate;
        }
        if (!field) {
            error->code = ErrorCode::Invalid;
            error->message = QStringLiteral("%1: unknown field").arg(prefix(key));
            return false;
        }
        if (!validateValue(it.value(), *field, prefix(key), error))
            return false;
    }
    for (const Field& field : schema) {
        if (field.required && !object.contains(QLatin1String(field.name))) {
            error->code = ErrorCode::Invalid;
            error->message = QStringLiteral("%1: missing").arg(prefix(QString::fromLatin1(field.name)));
            return false;
        }
    }
    return true;
}

} // namespace

QString errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::BadJson:
        return QStringLiteral("bad-json");
    case ErrorCode::TooLarge:
        return QStringLiteral("too-large");
    case ErrorCode::UnknownType:
        return QStringLiteral("unknown-type");
    case ErrorCode::Invalid:
        return QStringLiteral("invalid");
    case ErrorCode::HelloFirst:
        return QStringLiteral("hello-first");
    case ErrorCode::Version:
        return QStringLiteral("version");
    case ErrorCode::NotAllowed:
        return QStringLiteral("not-allowed");
    case ErrorCode::NotFound:
        return QStringLiteral("not-found");
    case ErrorCode::AlreadyDecided:
        return QStringLiteral("already-decided");
    case ErrorCode::LaunchFailed:
        return QStringLiteral("launch-failed");
    case ErrorCode::Busy:
        return QStringLiteral("busy");
    case ErrorCode::Internal:
        return QStringLiteral("internal");
    }
    return QStringLiteral("internal");
}

std::optional<qint64> MessageSchema::requestId(const QJsonObject& message)
{
    const QJsonValue id = message.value(QLatin1String("id"));
    if (!isWholeNumber(id) || id.toDouble() < 1)
        return std::nullopt;
    return static_cast<qint64>(id.toDouble());
}

bool MessageSchema::validate(const QJsonObject& message, Direction direction, ProtocolError* error)
{
    const QJsonValue type = message.value(QLatin1String("type"));
    if (!type.isString()) {
        error->code = ErrorCode::Invalid;
        error->message = QStringLiteral("type: missing or not a string");
        return false;
    }
    const auto& schemas = direction == Direction::ToHelper ? requestSchemas() : replySchemas();
    const auto it = schemas.find(type.toString());
    if (it == schemas.end()) {
        error->code = ErrorCode::UnknownType;
        // The type came from the peer: quote at most a short, printable prefix of it.
        QString shown = type.toString().left(40);
        for (QChar& c : shown) {
            if (!c.isPrint())
                c = u'?';
        }
        error->message = QStringLiteral("unknown message type \"%1\"").arg(shown);
        return false;
    }
    return validateObject(message, it->second, true, QString(), error);
}

bool MessageSchema::decode(const QByteArray& line, Direction direction, QJsonObject* message,
    std::optional<qint64>* id, ProtocolError* error)
{
    *id = std::nullopt;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(line, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        error->code = ErrorCode::BadJson;
        error->message = parseError.error != QJsonParseError::NoError
            ? QStringLiteral("not JSON: %1 at byte %2").arg(parseError.errorString()).arg(parseError.offset)
            : QStringLiteral("not a JSON object");
        return false;
    }
    const QJsonObject object = document.object();
    *id = requestId(object);
    if (!validate(object, direction, error))
        return false;
    *message = object;
    return true;
}

QByteArray MessageSchema::encode(const QJsonObject& message)
{
    QByteArray line = QJsonDocument(message).toJson(QJsonDocument::Compact);
    line.append('\n');
    return line;
}

} // namespace cordon::protocol
