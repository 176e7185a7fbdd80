#include "DeciderMessage.h"

#include "CordonRequest.h"
#include "EgressPolicy.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace cordon::proxy {

namespace {

// JSON numbers are doubles: ids and grants must be whole numbers a double holds exactly.
bool wholeNumber(const QJsonValue& value, std::int64_t min, std::int64_t* out)
{
    if (!value.isDouble())
        return false;
    const double d = value.toDouble();
    if (!(d >= double(min)) || d > 9007199254740992.0 || std::floor(d) != d)
        return false;
    *out = std::int64_t(d);
    return true;
}

} // namespace

bool DeciderMessage::parse(const QByteArray& line, DeciderMessage* out, QString* error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
    if (!doc.isObject()) {
        *error = doc.isNull() ? parseError.errorString() : QStringLiteral("not a JSON object");
        return false;
    }
    const QJsonObject o = doc.object();
    DeciderMessage m;
    const QJsonValue type = o.value(u"type");
    if (!type.isUndefined()) {
        if (type == QJsonValue(QStringLiteral("grant")))
            m.type = Type::Grant;
        else if (type == QJsonValue(QStringLiteral("revoke")))
            m.type = Type::Revoke;
        else {
            *error = QStringLiteral("unknown type");
            return false;
        }
        if (!wholeNumber(o.value(u"grant"), 1, &m.grant)) {
            *error = QStringLiteral("%1 without a grant id (a whole number >= 1)")
                         .arg(m.type == Type::Grant ? QStringLiteral("grant") : QStringLiteral("revoke"));
            return false;
        }
        if (m.type == Type::Grant) {
            m.pattern = o.value(u"pattern").toString();
            if (m.pattern.isEmpty()) {
                *error = QStringLiteral("grant without a pattern");
                return false;
            }
        }
        *out = m;
        return true;
    }
    if (!wholeNumber(o.value(u"id"), 1, &m.id)) {
        *error = QStringLiteral("answer without an id");
        return false;
    }
    // From here on the line answers request m.id: anything wrong denies that request.
    const QJsonValue decision = o.value(u"decision");
    if (decision == QJsonValue(QStringLiteral("once")))
        m.decision = Decision::Once;
    else if (decision == QJsonValue(QStringLiteral("session")))
        m.decision = Decision::Session;
    else if (decision == QJsonValue(QStringLiteral("always")))
        m.decision = Decision::Always;
    else if (decision != QJsonValue(QStringLiteral("deny")))
        m.problem = QStringLiteral("unknown decision");
    const QJsonValue scope = o.value(u"scope");
    m.hasScope = !scope.isUndefined();
    if (scope == QJsonValue(QStringLiteral("domain")))
        m.scope = Scope::Domain;
    else if (!scope.isUndefined() && scope != QJsonValue(QStringLiteral("host")))
        m.problem = QStringLiteral("unknown scope");
    const QJsonValue pattern = o.value(u"pattern");
    if (pattern.isString())
        m.pattern = pattern.toString();
    else if (!pattern.isUndefined())
        m.problem = QStringLiteral("pattern is not a string");
    const QJsonValue path = o.value(u"path");
    m.hasPath = !path.isUndefined();
    if (path.isString())
        m.path = path.toString();
    else if (m.hasPath)
        m.problem = QStringLiteral("path is not a string");
    const QJsonValue grant = o.value(u"grant");
    if (!grant.isUndefined() && !wholeNumber(grant, 0, &m.grant))
        m.problem = QStringLiteral("grant is not a whole number >= 0");
    if (!m.problem.isEmpty()) {
        m.decision = Decision::Deny;
        m.grant = 0;
    }
    m.hasGrant = !grant.isUndefined();
    m.hasPattern = !pattern.isUndefined();
    *out = m;
    return true;
}

bool DeciderMessage::rememberedPattern(
    const HostNormalizer::Host& host, int port, HostPattern* out, QString* error) const
{
    QString text = pattern;
    if (text.isEmpty()) {
        if (scope == Scope::Host) {
            text = (host.ipv6 ? u'[' + host.name + u']' : host.name) + u':' + QString::number(port);
        } else {
            const auto dot = host.name.indexOf(u'.');
            const QString parent = dot < 0 ? QString() : host.name.mid(dot + 1);
            // "*.com" from "example.com" would grant a whole top-level domain: the decider must
            // name such a pattern itself.
            if (host.ipLiteral || !parent.contains(u'.')) {
                *error = QStringLiteral("scope domain for %1 needs an explicit pattern").arg(host.name);
                return false;
            }
            text = QStringLiteral("*.") + parent + u':' + QString::number(port);
        }
    }
    QString expected;
    HostPattern parsed;
    if (!HostPattern::parse(text, &parsed, &expected)) {
        *error = QStringLiteral("invalid pattern \"%1\"").arg(text);
        return false;
    }
    if (parsed.isWildcard() != (scope == Scope::Domain)) {
        *error = QStringLiteral("pattern \"%1\" does not fit scope %2")
                     .arg(text, scope == Scope::Domain ? QStringLiteral("domain") : QStringLiteral("host"));
        return false;
    }
    if (!EgressPolicy::matches(parsed, host, port)) {
        *error = QStringLiteral("pattern \"%1\" does not allow %2:%3").arg(text, host.name).arg(port);
        return false;
    }
    *out = parsed;
    return true;
}

bool DeciderMessage::checkSecretAnswer(const QString& name, QString* error) const
{
    if (hasScope || hasPattern || hasGrant) {
        *error = QStringLiteral("scope, pattern or grant in an answer to a secret request");
        return false;
    }
    if (decision == Decision::Deny && !hasPath)
        return true;
    // Exactly the directory and the name asked for: no "..", no other name, no trailing bytes.
    // cordon-request opens what the proxy passes on, so this is the one path it may name.
    const QString expected =
        QLatin1String(CordonRequest::secretDirectory.data(), qsizetype(CordonRequest::secretDirectory.size())) + name;
    if (!hasPath || path != expected) {
        *error = QStringLiteral("path is not %1").arg(expected);
        return false;
    }
    return true;
}

bool DeciderMessage::checkNetAnswer(QString* error) const
{
    if (hasPath) {
        *error = QStringLiteral("path in an answer to a network request");
        return false;
    }
    return true;
}

} // namespace cordon::proxy
