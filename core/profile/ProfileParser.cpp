#include "ProfileParser.h"

#include "Duration.h"
#include "EnvPattern.h"
#include "JsonReader.h"

#include <QCoreApplication>
#include <QFile>
#include <QHash>
#include <QJsonArray>

#include "LaunchSpec.h"

namespace cordon {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("cordon", text);
}

QList<HostPattern> parseHosts(JsonReader& reader, const QJsonObject& object, const QString& pointer, const char* key)
{
    QList<HostPattern> out;
    const auto list = reader.stringList(object, pointer, key);
    if (!list)
        return out;
    const QString here = JsonReader::child(pointer, QString::fromLatin1(key));
    for (qsizetype i = 0; i < list->size(); ++i) {
        HostPattern p;
        QString expected;
        if (!HostPattern::parse(list->at(i), &p, &expected))
            reader.expected(JsonReader::child(here, i), expected, list->at(i));
        else
            out.append(p);
    }
    return out;
}

quint32 parseBestEffort(JsonReader& reader, const QJsonObject& root)
{
    quint32 bits = 0;
    const auto list = reader.stringList(root, QString(), "bestEffort");
    if (!list)
        return 0;
    for (qsizetype i = 0; i < list->size(); ++i) {
        const QString& layer = list->at(i);
        if (layer == u"landlock")
            bits |= spec::LayerLandlock;
        else if (layer == u"landlockScopes")
            bits |= spec::LayerLandlockScopes;
        else if (layer == u"cgroup")
            bits |= spec::LayerCgroup;
        else
            reader.expected(JsonReader::child(QStringLiteral("/bestEffort"), i),
                tr("expected one of: landlock, landlockScopes, cgroup"), layer);
    }
    return bits;
}

// A hidden path that is also read or written (the same path, or a hidden parent of it) is a
// contradiction in one profile: say so instead of guessing which one was meant.
void checkHiddenConflicts(JsonReader& reader, const Profile& p)
{
    for (qsizetype h = 0; h < p.hide.size(); ++h) {
        const PathRule& hidden = p.hide.at(h);
        auto check = [&](const QList<PathRule>& rules, const char* kind) {
            for (qsizetype i = 0; i < rules.size(); ++i) {
                const PathRule& r = rules.at(i);
                if (r.base() != hidden.base())
                    continue;
                const QString a =
                    hidden.base() == PathRule::Base::Absolute ? hidden.relative() : u'/' + hidden.relative();
                const QString b = r.base() == PathRule::Base::Absolute ? r.relative() : u'/' + r.relative();
                if (isSameOrParentPath(a, b))
                    reader.error(JsonReader::child(QStringLiteral("/filesystem/hide"), h),
                        tr("\"%1\" is hidden but /filesystem/%2/%3 (\"%4\") makes it visible; "
                           "expected a path that is either hidden or %2, not both")
                            .arg(hidden.text(), QString::fromLatin1(kind), QString::number(i), r.text()));
            }
        };
        check(p.read, "read");
        check(p.write, "write");
    }
}

bool hasControlCharacters(const QString& text)
{
    for (QChar c : text)
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return true;
    return false;
}

// Names a profile may not set inside, whether through environment.set or a secret delivered as a
// variable: the sandbox's identity and Cordon's own markers.
bool isReservedVariable(const QString& name)
{
    return name.startsWith(QStringLiteral("CORDON_")) || name == u"HOME" || name == u"USER" || name == u"LOGNAME";
}

void parseSecretSource(JsonReader& reader, const QJsonObject& from, const QString& here, ProfileSecret* s)
{
    reader.checkKeys(from, here, {"env", "file", "keyring"});
    int known = 0;
    for (const char* k : {"env", "file", "keyring"})
        known += from.contains(QString::fromLatin1(k)) ? 1 : 0;
    if (known > 1 || (known == 0 && from.isEmpty())) {
        reader.error(here, tr("expected exactly one of: env, file, keyring"));
        return;
    }
    if (const auto env = reader.string(from, here, "env")) {
        s->sourceKind = ProfileSecret::SourceKind::Env;
        if (!EnvPattern::isValidName(*env))
            reader.expected(JsonReader::child(here, QStringLiteral("env")),
                tr("expected the name of a variable of the launcher's environment"), *env);
        else
            s->sourceEnv = *env;
    }
    if (const auto file = reader.string(from, here, "file")) {
        s->sourceKind = ProfileSecret::SourceKind::File;
        const QString at = JsonReader::child(here, QStringLiteral("file"));
        PathRule rule;
        QString expected;
        if (!PathRule::parse(*file, &rule, &expected))
            reader.expected(at, expected, *file);
        else if (rule.base() == PathRule::Base::Workspace || rule.relative().isEmpty())
            // The workspace is what the agent writes: a secret read from it would be the agent's.
            reader.expected(at,
                tr("expected a file as an absolute path or one starting with ~/ (a secret is read on the host, "
                   "never from the workspace)"),
                *file);
        else
            s->sourceFile = rule;
    }
    if (const auto keyring = reader.object(from, here, "keyring")) {
        s->sourceKind = ProfileSecret::SourceKind::Keyring;
        const QString at = JsonReader::child(here, QStringLiteral("keyring"));
        if (keyring->isEmpty())
            reader.expected(at,
                tr("expected at least one Secret Service lookup attribute, like {\"service\": \"github\"}"), *keyring);
        for (auto it = keyring->begin(); it != keyring->end(); ++it) {
            const QString attribute = JsonReader::child(at, it.key());
            if (it.key().isEmpty() || hasControlCharacters(it.key()))
                reader.error(attribute, tr("expected an attribute name without control characters"));
            else if (!it.value().isString() || hasControlCharacters(it.value().toString()))
                reader.expected(attribute, tr("expected a string without control characters"), it.value());
            else
                s->keyringAttributes.append({it.key(), it.value().toString()});
        }
    }
}

void parseSecrets(JsonReader& reader, const QJsonObject& root, Profile* p)
{
    if (!root.contains(QStringLiteral("secrets")))
        return;
    const QString here = QStringLiteral("/secrets");
    const QJsonValue value = root.value(QStringLiteral("secrets"));
    if (!value.isArray()) {
        reader.expected(here, tr("expected an array of secrets"), value);
        return;
    }
    const QJsonArray array = value.toArray();
    QHash<QString, QString> names;     // name -> where it was declared
    QHash<QString, QString> variables; // variable inside -> where it was declared
    for (const auto& set : std::as_const(p->envSet))
        variables.insert(set.first, JsonReader::child(QStringLiteral("/environment/set"), set.first));
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString at = JsonReader::child(here, i);
        if (!array.at(i).isObject()) {
            reader.expected(at, tr("expected an object with name, from and deliver"), array.at(i));
            continue;
        }
        const QJsonObject o = array.at(i).toObject();
        reader.checkKeys(o, at, {"name", "from", "deliver", "as", "ttl", "allowAlways"}, {"name", "from", "deliver"});
        ProfileSecret s;

        if (const auto name = reader.string(o, at, "name")) {
            const QString nameAt = JsonReader::child(at, QStringLiteral("name"));
            if (!ProfileSecret::isValidName(*name))
                reader.expected(
                    nameAt, tr("expected 1-64 characters of A-Z, a-z, 0-9 and _, not starting with a digit"), *name);
            else if (names.contains(*name))
                reader.error(nameAt, tr("secret \"%1\" is already declared at %2; expected unique names")
                                         .arg(*name, names.value(*name)));
            else
                names.insert(*name, nameAt);
            s.name = *name;
        }
        if (const auto from = reader.object(o, at, "from"))
            parseSecretSource(reader, *from, JsonReader::child(at, QStringLiteral("from")), &s);

        const QString deliverAt = JsonReader::child(at, QStringLiteral("deliver"));
        bool deliverKnown = false;
        if (const auto deliver = reader.string(o, at, "deliver")) {
            deliverKnown = true;
            if (*deliver == u"env")
                s.deliver = ProfileSecret::Delivery::Env;
            else if (*deliver == u"file")
                s.deliver = ProfileSecret::Delivery::File;
            else if (*deliver == u"request")
                s.deliver = ProfileSecret::Delivery::Request;
            else {
                reader.expected(deliverAt, tr("expected one of: env, file, request"), *deliver);
                deliverKnown = false;
            }
        }
        const bool asEnv = deliverKnown && s.deliver == ProfileSecret::Delivery::Env;

        const QString asAt = JsonReader::child(at, QStringLiteral("as"));
        if (const auto as = reader.string(o, at, "as")) {
            if (deliverKnown && !asEnv)
                reader.error(asAt, tr("\"as\" names the variable of deliver \"env\"; expected no \"as\" with deliver "
                                      "\"%1\"")
                                       .arg(ProfileSecret::deliveryName(s.deliver)));
            else if (!EnvPattern::isValidName(*as) || isReservedVariable(*as))
                reader.expected(asAt,
                    tr("expected a variable name of A-Z, a-z, 0-9 and _ other than HOME, USER, LOGNAME and "
                       "CORDON_*"),
                    *as);
            else
                s.envName = *as;
        }
        if (asEnv && s.envName.isEmpty() && !o.contains(QStringLiteral("as")) && !s.name.isEmpty()) {
            if (isReservedVariable(s.name))
                reader.error(JsonReader::child(at, QStringLiteral("name")),
                    tr("\"%1\" cannot be delivered as a variable of that name; expected \"as\" with another name")
                        .arg(s.name));
            else
                s.envName = s.name;
        }
        if (!s.envName.isEmpty()) {
            const QString where =
                o.contains(QStringLiteral("as")) ? asAt : JsonReader::child(at, QStringLiteral("name"));
            if (variables.contains(s.envName))
                reader.error(where, tr("the variable %1 is also set by %2; expected each variable set once")
                                        .arg(s.envName, variables.value(s.envName)));
            else
                variables.insert(s.envName, where);
        }

        if (o.contains(QStringLiteral("ttl")) && asEnv) {
            reader.error(JsonReader::child(at, QStringLiteral("ttl")),
                tr("a variable cannot be withdrawn from a running agent; expected no \"ttl\" with deliver \"env\" "
                   "(use deliver \"file\" or \"request\" for a secret that expires)"));
        } else if (const auto ttl = ProfileParser::parseDuration(reader, o, at, "ttl", ProfileSecret::kMinTtlSeconds,
                       ProfileSecret::kMaxTtlSeconds, tr("expected a duration between 1s and 30d"))) {
            s.ttlSeconds = *ttl;
        }
        s.allowAlways = reader.boolean(o, at, "allowAlways");
        p->secrets.append(s);
    }
}

} // namespace

std::optional<qint64> ProfileParser::parseDuration(JsonReader& reader, const QJsonObject& object,
    const QString& pointer, const char* key, qint64 min, qint64 max, const QString& bounds)
{
    const QString k = QString::fromLatin1(key);
    if (!object.contains(k))
        return std::nullopt;
    const QJsonValue v = object.value(k);
    const QString here = JsonReader::child(pointer, k);
    qint64 seconds = 0;
    QString expected;
    if (!v.isString() || !Duration::parse(v.toString(), &seconds, &expected)) {
        reader.expected(here, tr("expected a duration like 30s, 10m, 2h or 1d"), v);
        return std::nullopt;
    }
    if (seconds < min || seconds > max) {
        reader.expected(here, bounds, v);
        return std::nullopt;
    }
    return seconds;
}

std::optional<qint64> ProfileParser::parseAskTimeout(
    JsonReader& reader, const QJsonObject& object, const QString& pointer, const char* key)
{
    return parseDuration(reader, object, pointer, key, Profile::kMinAskTimeout, Profile::kMaxAskTimeout,
        tr("expected a duration between 1s and 1h"));
}

QList<PathRule> ProfileParser::parsePathList(
    JsonReader& reader, const QJsonObject& object, const QString& pointer, const char* key, bool workspaceOnly)
{
    QList<PathRule> out;
    const auto list = reader.stringList(object, pointer, key);
    if (!list)
        return out;
    const QString here = JsonReader::child(pointer, QString::fromLatin1(key));
    for (qsizetype i = 0; i < list->size(); ++i) {
        PathRule rule;
        QString expected;
        if (!PathRule::parse(list->at(i), &rule, &expected)) {
            reader.expected(JsonReader::child(here, i), expected, list->at(i));
            continue;
        }
        if (workspaceOnly && rule.base() != PathRule::Base::Workspace) {
            reader.expected(JsonReader::child(here, i), tr("expected a workspace-relative path"), list->at(i));
            continue;
        }
        out.append(rule);
    }
    return out;
}

void ProfileParser::parseLimits(JsonReader& reader, const QJsonObject& object, const QString& pointer, Limits* out)
{
    QStringList keys;
    for (int i = 0; i < kLimitKeyCount; ++i)
        keys.append(Limits::jsonKey(Limits::keyAt(i)));
    for (auto it = object.begin(); it != object.end(); ++it) {
        const auto key = Limits::fromJsonKey(it.key());
        const QString here = JsonReader::child(pointer, it.key());
        if (!key) {
            reader.error(
                here, tr("unknown key \"%1\"; expected one of: %2").arg(it.key(), keys.join(QStringLiteral(", "))));
            continue;
        }
        qint64 v = 0;
        QString expected;
        if (!Limits::parseJson(*key, it.value(), &v, &expected))
            reader.expected(here, expected, it.value());
        else
            out->setValue(*key, v);
    }
}

void ProfileParser::parseProfileObject(JsonReader& reader, const QJsonObject& root, Profile* p, bool allowKind)
{
    if (allowKind)
        reader.checkKeys(root, QString(),
            {"kind", "schemaVersion", "name", "displayName", "description", "icon", "command", "filesystem",
                "environment", "limits", "network", "secrets", "bestEffort", "cordonTools"},
            {"schemaVersion", "name"});
    else
        reader.checkKeys(root, QString(),
            {"schemaVersion", "name", "displayName", "description", "icon", "command", "filesystem", "environment",
                "limits", "network", "secrets", "bestEffort", "cordonTools"},
            {"schemaVersion", "name"});

    if (root.contains(QStringLiteral("schemaVersion"))) {
        const QJsonValue v = root.value(QStringLiteral("schemaVersion"));
        if (!v.isDouble() || v.toDouble() != 1.0)
            reader.expected(
                QStringLiteral("/schemaVersion"), tr("expected 1 (the only schema version this Cordon reads)"), v);
    }
    if (const auto name = reader.string(root, QString(), "name")) {
        if (!Profile::isValidName(*name))
            reader.expected(QStringLiteral("/name"),
                tr("expected 1-64 characters of a-z, 0-9 and '-', starting with a letter or digit"), *name);
        else
            p->name = *name;
    }
    p->displayName = reader.string(root, QString(), "displayName").value_or(QString());
    p->description = reader.string(root, QString(), "description").value_or(QString());
    p->icon = reader.string(root, QString(), "icon").value_or(QString());
    if (const auto command = reader.stringList(root, QString(), "command")) {
        if (command->isEmpty() || command->first().isEmpty())
            reader.expected(QStringLiteral("/command"), tr("expected a non-empty array: the program and its arguments"),
                QJsonArray::fromStringList(*command));
        else if (command->join(QString()).contains(QChar(0)))
            reader.error(QStringLiteral("/command"), tr("expected arguments without NUL characters"));
        else
            p->command = *command;
    }

    if (const auto fs = reader.object(root, QString(), "filesystem")) {
        const QString here = QStringLiteral("/filesystem");
        reader.checkKeys(*fs, here, {"read", "write", "hide", "protect"});
        p->read = parsePathList(reader, *fs, here, "read", false);
        p->write = parsePathList(reader, *fs, here, "write", false);
        p->hide = parsePathList(reader, *fs, here, "hide", false);
        if (fs->contains(QStringLiteral("protect")))
            p->protect = parsePathList(reader, *fs, here, "protect", true);
        checkHiddenConflicts(reader, *p);
    }

    if (const auto env = reader.object(root, QString(), "environment")) {
        const QString here = QStringLiteral("/environment");
        reader.checkKeys(*env, here, {"pass", "set", "path"});
        p->envPath = parsePathList(reader, *env, here, "path", false);
        for (qsizetype i = 0; i < p->envPath.size(); ++i)
            if (p->envPath.at(i).text().contains(u':'))
                reader.expected(QStringLiteral("/environment/path/%1").arg(i), tr("expected a directory without ':'"),
                    p->envPath.at(i).text());
        if (const auto pass = reader.stringList(*env, here, "pass")) {
            for (qsizetype i = 0; i < pass->size(); ++i) {
                if (!EnvPattern::isValidPattern(pass->at(i)))
                    reader.expected(JsonReader::child(here + QStringLiteral("/pass"), i),
                        tr("expected a variable name or a glob like LC_*"), pass->at(i));
                else
                    p->envPass.append(pass->at(i));
            }
        }
        if (const auto set = reader.object(*env, here, "set")) {
            for (auto it = set->begin(); it != set->end(); ++it) {
                const QString at = JsonReader::child(here + QStringLiteral("/set"), it.key());
                if (!EnvPattern::isValidName(it.key()) || it.key().startsWith(QStringLiteral("CORDON_")) ||
                    it.key() == u"HOME" || it.key() == u"USER" || it.key() == u"LOGNAME") {
                    reader.error(at, tr("expected a variable name of A-Z, a-z, 0-9 and _ other than HOME, USER, "
                                        "LOGNAME and CORDON_*"));
                } else if (!it.value().isString() || it.value().toString().contains(QChar(0))) {
                    reader.expected(at, tr("expected a string value"), it.value());
                } else {
                    p->envSet.append({it.key(), it.value().toString()});
                }
            }
        }
    }

    if (const auto limits = reader.object(root, QString(), "limits"))
        parseLimits(reader, *limits, QStringLiteral("/limits"), &p->limits);

    if (const auto net = reader.object(root, QString(), "network")) {
        const QString here = QStringLiteral("/network");
        reader.checkKeys(*net, here, {"allow", "deny", "askTimeout", "unattended", "allowAlways"});
        p->networkAllow = parseHosts(reader, *net, here, "allow");
        p->networkDeny = parseHosts(reader, *net, here, "deny");
        p->askTimeout = parseAskTimeout(reader, *net, here, "askTimeout");
        if (const auto unattended = reader.string(*net, here, "unattended")) {
            if (*unattended == u"deny")
                p->unattended = UnattendedMode::Deny;
            else if (*unattended == u"wait")
                p->unattended = UnattendedMode::Wait;
            else
                reader.expected(
                    QStringLiteral("/network/unattended"), tr("expected \"deny\" or \"wait\""), *unattended);
        }
        p->allowAlways = reader.boolean(*net, here, "allowAlways");
    }
    parseSecrets(reader, root, p);
    p->bestEffort = parseBestEffort(reader, root);
    p->cordonTools = reader.boolean(root, QString(), "cordonTools").value_or(false);
    p->origin = reader.fileName();
}

bool ProfileParser::parse(const QByteArray& json, const QString& fileName, Profile* out, QStringList* errors)
{
    JsonReader reader(fileName);
    QJsonObject root;
    if (!reader.parseDocument(json, &root)) {
        *errors = reader.errors();
        return false;
    }
    Profile p;
    parseProfileObject(reader, root, &p, false);
    if (reader.hasErrors()) {
        *errors = reader.errors();
        return false;
    }
    *out = p;
    return true;
}

bool ProfileParser::parseFile(const QString& path, Profile* out, QStringList* errors)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *errors = {tr("%1: cannot read: %2").arg(path, file.errorString())};
        return false;
    }
    // Profiles are small; a huge file is a mistake (or an attempt to exhaust memory).
    if (file.size() > 1024 * 1024) {
        *errors = {tr("%1: file is larger than 1 MiB; expected a profile").arg(path)};
        return false;
    }
    return parse(file.readAll(), path, out, errors);
}

} // namespace cordon
