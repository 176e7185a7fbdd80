#include "ProfileParser.h"

#include "EnvPattern.h"
#include "JsonReader.h"

#include <QCoreApplication>
#include <QFile>
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

} // namespace

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
                "environment", "limits", "network", "bestEffort", "cordonTools"},
            {"schemaVersion", "name"});
    else
        reader.checkKeys(root, QString(),
            {"schemaVersion", "name", "displayName", "description", "icon", "command", "filesystem", "environment",
                "limits", "network", "bestEffort", "cordonTools"},
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
        reader.checkKeys(*net, here, {"allow", "deny"});
        p->networkAllow = parseHosts(reader, *net, here, "allow");
        p->networkDeny = parseHosts(reader, *net, here, "deny");
    }
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
