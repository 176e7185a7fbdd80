#include "JsonReader.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <utility>

namespace cordon {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("cordon", text);
}

} // namespace

JsonReader::JsonReader(QString fileName) : m_fileName(std::move(fileName))
{ }

bool JsonReader::parseDocument(const QByteArray& bytes, QJsonObject* root)
{
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // QJsonParseError::offset is a byte offset into the UTF-8 input; count lines and the
        // column (in bytes, 1-based) up to it.
        const qsizetype offset = std::clamp<qsizetype>(parseError.offset, 0, bytes.size());
        int line = 1;
        qsizetype lineStart = 0;
        for (qsizetype i = 0; i < offset; ++i) {
            if (bytes.at(i) == '\n') {
                ++line;
                lineStart = i + 1;
            }
        }
        const qsizetype column = offset - lineStart + 1;
        m_errors.append(
            tr("%1:%2:%3: JSON syntax error: %4").arg(m_fileName).arg(line).arg(column).arg(parseError.errorString()));
        return false;
    }
    if (!doc.isObject()) {
        m_errors.append(tr("%1: /: expected a JSON object").arg(m_fileName));
        return false;
    }
    *root = doc.object();
    return true;
}

void JsonReader::error(const QString& pointer, const QString& message)
{
    m_errors.append(
        QStringLiteral("%1: %2: %3").arg(m_fileName, pointer.isEmpty() ? QStringLiteral("/") : pointer, message));
}

void JsonReader::expected(const QString& pointer, const QString& expectation, const QJsonValue& got)
{
    error(pointer, tr("%1, got %2").arg(expectation, describe(got)));
}

QString JsonReader::describe(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Bool: return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: return QString::number(value.toDouble());
    case QJsonValue::String: {
        QString s = value.toString();
        if (s.size() > 80)
            s = s.left(77) + QStringLiteral("...");
        // Render control characters inert: the value may come from anywhere.
        QString out;
        for (QChar c : s)
            out += (c.unicode() < 0x20 || c.unicode() == 0x7f)
                       ? QStringLiteral("\\x%1").arg(static_cast<uint>(c.unicode()), 2, 16, QChar(u'0'))
                       : QString(c);
        return u'"' + out + u'"';
    }
    case QJsonValue::Array: return tr("an array");
    case QJsonValue::Object: return tr("an object");
    case QJsonValue::Undefined: return tr("nothing");
    }
    return {};
}

QString JsonReader::child(const QString& pointer, const QString& key)
{
    // RFC 6901 escaping.
    QString escaped = key;
    escaped.replace(u'~', QStringLiteral("~0")).replace(u'/', QStringLiteral("~1"));
    return pointer + u'/' + escaped;
}

QString JsonReader::child(const QString& pointer, qsizetype index)
{
    return pointer + u'/' + QString::number(index);
}

void JsonReader::checkKeys(const QJsonObject& object, const QString& pointer,
    std::initializer_list<const char*> allowed, std::initializer_list<const char*> required)
{
    QStringList allowedList;
    for (const char* a : allowed)
        allowedList.append(QString::fromLatin1(a));
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!allowedList.contains(it.key()))
            error(child(pointer, it.key()),
                tr("unknown key \"%1\"; expected one of: %2").arg(it.key(), allowedList.join(QStringLiteral(", "))));
    }
    for (const char* r : required) {
        const QString key = QString::fromLatin1(r);
        if (!object.contains(key))
            error(child(pointer, key), tr("required key \"%1\" is missing").arg(key));
    }
}

std::optional<QString> JsonReader::string(const QJsonObject& object, const QString& pointer, const char* key)
{
    const QString k = QString::fromLatin1(key);
    if (!object.contains(k))
        return std::nullopt;
    const QJsonValue v = object.value(k);
    if (!v.isString()) {
        expected(child(pointer, k), tr("expected a string"), v);
        return std::nullopt;
    }
    return v.toString();
}

std::optional<QStringList> JsonReader::stringList(const QJsonObject& object, const QString& pointer, const char* key)
{
    const QString k = QString::fromLatin1(key);
    if (!object.contains(k))
        return std::nullopt;
    const QJsonValue v = object.value(k);
    const QString here = child(pointer, k);
    if (!v.isArray()) {
        expected(here, tr("expected an array of strings"), v);
        return std::nullopt;
    }
    QStringList out;
    const QJsonArray array = v.toArray();
    bool ok = true;
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isString()) {
            expected(child(here, i), tr("expected a string"), array.at(i));
            ok = false;
            continue;
        }
        out.append(array.at(i).toString());
    }
    if (!ok)
        return std::nullopt;
    return out;
}

std::optional<QJsonObject> JsonReader::object(const QJsonObject& object, const QString& pointer, const char* key)
{
    const QString k = QString::fromLatin1(key);
    if (!object.contains(k))
        return std::nullopt;
    const QJsonValue v = object.value(k);
    if (!v.isObject()) {
        expected(child(pointer, k), tr("expected an object"), v);
        return std::nullopt;
    }
    return v.toObject();
}

std::optional<bool> JsonReader::boolean(const QJsonObject& object, const QString& pointer, const char* key)
{
    const QString k = QString::fromLatin1(key);
    if (!object.contains(k))
        return std::nullopt;
    const QJsonValue v = object.value(k);
    if (!v.isBool()) {
        expected(child(pointer, k), tr("expected true or false"), v);
        return std::nullopt;
    }
    return v.toBool();
}

} // namespace cordon
