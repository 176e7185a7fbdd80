#include "ManagedPolicyLoader.h"

#include "EnvPattern.h"
#include "JsonReader.h"
#include "ProfileParser.h"
#include "ProfileSecret.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>

#include <cerrno>
#include <cstring>
#include <sys/stat.h>

namespace cordon {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("cordon", text);
}

bool checkOwnership(const QString& path, QStringList* errors)
{
    struct stat st { };
    if (lstat(QFile::encodeName(path).constData(), &st) != 0) {
        errors->append(tr("%1: cannot inspect: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno))));
        return false;
    }
    if (st.st_uid != 0 || (st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
        errors->append(tr("%1: managed policy must be owned by root and writable only by root").arg(path));
        return false;
    }
    return true;
}

} // namespace

QString ManagedPolicyLoader::defaultDirectory()
{
    const QByteArray env = qgetenv("CORDON_MANAGED_DIR");
    return env.isEmpty() ? systemDirectory() : QFile::decodeName(env);
}

bool ManagedPolicyLoader::loadDefault(ManagedPolicy* out, QStringList* errors)
{
    const QString dir = defaultDirectory();
    return load(dir, dir == systemDirectory(), out, errors);
}

bool ManagedPolicyLoader::parseFile(
    const QByteArray& json, const QString& path, ManagedPolicy* into, QStringList* errors)
{
    JsonReader reader(path);
    QJsonObject root;
    if (!reader.parseDocument(json, &root)) {
        errors->append(reader.errors());
        return false;
    }
    const QJsonValue kind = root.value(QStringLiteral("kind"));
    if (kind == QJsonValue(QStringLiteral("profile"))) {
        Profile p;
        ProfileParser::parseProfileObject(reader, root, &p, true);
        if (!reader.hasErrors() && into->findProfile(p.name))
            reader.error(QStringLiteral("/name"), tr("profile \"%1\" is already defined by %2; expected one managed "
                                                     "profile per name")
                                                      .arg(p.name, into->findProfile(p.name)->origin));
        if (reader.hasErrors()) {
            errors->append(reader.errors());
            return false;
        }
        into->profiles.append(p);
        return true;
    }
    if (kind != QJsonValue(QStringLiteral("policy"))) {
        reader.expected(QStringLiteral("/kind"), tr("expected \"policy\" or \"profile\""), kind);
        errors->append(reader.errors());
        return false;
    }

    ManagedPolicyFile f;
    f.path = path;
    reader.checkKeys(root, QString(),
        {"kind", "schemaVersion", "description", "filesystem", "environment", "network", "limits", "lockedProfiles",
            "forbidBestEffort", "forbidAlways", "forbidPrompts", "maxAskTimeout", "denySecrets"},
        {"kind", "schemaVersion"});
    if (root.contains(QStringLiteral("schemaVersion"))) {
        const QJsonValue v = root.value(QStringLiteral("schemaVersion"));
        if (!v.isDouble() || v.toDouble() != 1.0)
            reader.expected(
                QStringLiteral("/schemaVersion"), tr("expected 1 (the only schema version this Cordon reads)"), v);
    }
    f.description = reader.string(root, QString(), "description").value_or(QString());
    if (const auto fs = reader.object(root, QString(), "filesystem")) {
        reader.checkKeys(*fs, QStringLiteral("/filesystem"), {"hide"});
        f.hide = ProfileParser::parsePathList(reader, *fs, QStringLiteral("/filesystem"), "hide", false);
        for (qsizetype i = 0; i < f.hide.size(); ++i)
            if (f.hide.at(i).base() == PathRule::Base::Home && f.hide.at(i).relative().isEmpty())
                reader.error(QStringLiteral("/filesystem/hide/%1").arg(i),
                    tr("expected a path below ~ (the home directory inside is always a fresh, empty one)"));
    }
    if (const auto env = reader.object(root, QString(), "environment")) {
        reader.checkKeys(*env, QStringLiteral("/environment"), {"deny"});
        if (const auto deny = reader.stringList(*env, QStringLiteral("/environment"), "deny")) {
            for (qsizetype i = 0; i < deny->size(); ++i) {
                if (!EnvPattern::isValidPattern(deny->at(i)))
                    reader.expected(QStringLiteral("/environment/deny/%1").arg(i),
                        tr("expected a variable name or a glob like *_TOKEN"), deny->at(i));
                else
                    f.envDeny.append(deny->at(i));
            }
        }
    }
    if (const auto limits = reader.object(root, QString(), "limits")) {
        reader.checkKeys(*limits, QStringLiteral("/limits"), {"max"});
        if (const auto max = reader.object(*limits, QStringLiteral("/limits"), "max"))
            ProfileParser::parseLimits(reader, *max, QStringLiteral("/limits/max"), &f.max);
    }
    if (const auto locked = reader.stringList(root, QString(), "lockedProfiles")) {
        for (qsizetype i = 0; i < locked->size(); ++i) {
            if (!Profile::isValidName(locked->at(i)))
                reader.expected(
                    QStringLiteral("/lockedProfiles/%1").arg(i), tr("expected a profile name"), locked->at(i));
            else
                f.lockedProfiles.append(locked->at(i));
        }
    }
    f.forbidBestEffort = reader.boolean(root, QString(), "forbidBestEffort").value_or(false);
    if (const auto net = reader.object(root, QString(), "network")) {
        const QString here = QStringLiteral("/network");
        reader.checkKeys(*net, here, {"deny"});
        if (const auto deny = reader.stringList(*net, here, "deny")) {
            for (qsizetype i = 0; i < deny->size(); ++i) {
                HostPattern pattern;
                QString expected;
                if (!HostPattern::parse(deny->at(i), &pattern, &expected))
                    reader.expected(QStringLiteral("/network/deny/%1").arg(i), expected, deny->at(i));
                else
                    f.networkDeny.append(pattern);
            }
        }
    }
    f.forbidAlways = reader.boolean(root, QString(), "forbidAlways").value_or(false);
    f.forbidPrompts = reader.boolean(root, QString(), "forbidPrompts").value_or(false);
    f.maxAskTimeout = ProfileParser::parseAskTimeout(reader, root, QString(), "maxAskTimeout");
    if (const auto secrets = reader.stringList(root, QString(), "denySecrets")) {
        for (qsizetype i = 0; i < secrets->size(); ++i) {
            if (!ProfileSecret::isValidName(secrets->at(i)))
                reader.expected(QStringLiteral("/denySecrets/%1").arg(i),
                    tr("expected a secret name: 1-64 characters of A-Z, a-z, 0-9 and _, not starting with a digit"),
                    secrets->at(i));
            else
                f.denySecrets.append(secrets->at(i));
        }
    }
    if (reader.hasErrors()) {
        errors->append(reader.errors());
        return false;
    }
    into->policies.append(f);
    return true;
}

bool ManagedPolicyLoader::load(const QString& directory, bool requireRootOwned, ManagedPolicy* out, QStringList* errors)
{
    ManagedPolicy policy;
    policy.directory = directory;
    QDir dir(directory);
    if (!dir.exists()) {
        *out = policy;
        return true;
    }
    if (requireRootOwned && !checkOwnership(directory, errors))
        return false;
    const QStringList names =
        dir.entryList({QStringLiteral("*.json")}, QDir::Files | QDir::Hidden | QDir::System, QDir::Name);
    bool ok = true;
    for (const QString& name : names) {
        const QString path = dir.filePath(name);
        if (requireRootOwned && !checkOwnership(path, errors)) {
            ok = false;
            continue;
        }
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            errors->append(tr("%1: cannot read: %2").arg(path, file.errorString()));
            ok = false;
            continue;
        }
        if (file.size() > 1024 * 1024) {
            errors->append(tr("%1: file is larger than 1 MiB; expected a managed policy").arg(path));
            ok = false;
            continue;
        }
        if (!parseFile(file.readAll(), path, &policy, errors))
            ok = false;
    }
    if (!ok)
        return false;
    *out = policy;
    return true;
}

} // namespace cordon
