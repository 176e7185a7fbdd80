#include "ProfileLocator.h"

#include "ProfileParser.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <utility>

namespace cordon {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("cordon", text);
}

QString builtInPath(const QString& name)
{
    return QStringLiteral(":/cordon/profiles/") + name + QStringLiteral(".json");
}

} // namespace

ProfileLocator::ProfileLocator(ManagedPolicy managed, QString userDirectory)
    : m_managed(std::move(managed)), m_userDirectory(std::move(userDirectory))
{ }

QString ProfileLocator::defaultUserDirectory()
{
    QString config = QFile::decodeName(qgetenv("XDG_CONFIG_HOME"));
    if (config.isEmpty() || !QDir::isAbsolutePath(config))
        config = QDir::homePath() + QStringLiteral("/.config");
    return config + QStringLiteral("/cordon/profiles");
}

QStringList ProfileLocator::builtInNames()
{
    QStringList names;
    const QStringList files =
        QDir(QStringLiteral(":/cordon/profiles")).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const auto& f : files)
        names.append(f.chopped(5));
    return names;
}

QByteArray ProfileLocator::builtInJson(const QString& name)
{
    QFile file(builtInPath(name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

bool ProfileLocator::loadBuiltIn(const QString& name, Profile* out, QStringList* errors)
{
    const QByteArray json = builtInJson(name);
    if (json.isEmpty()) {
        *errors = {tr("no built-in profile named \"%1\"").arg(name)};
        return false;
    }
    if (!ProfileParser::parse(json, QStringLiteral("built-in:") + name, out, errors))
        return false;
    return true;
}

bool ProfileLocator::find(const QString& nameOrFile, Profile* out, Source* source, PolicyError* error) const
{
    QStringList errors;
    auto invalid = [&](const QStringList& messages) {
        error->code = ExitCode::ProfileInvalid;
        error->message = messages.join(u'\n');
        return false;
    };
    const bool isFile = nameOrFile.contains(u'/') || nameOrFile.endsWith(QStringLiteral(".json"));
    if (isFile) {
        Profile p;
        if (!ProfileParser::parseFile(QFileInfo(nameOrFile).absoluteFilePath(), &p, &errors))
            return invalid(errors);
        // A file must not stand in for a profile the organization manages or locks.
        const QString lockedBy = m_managed.lockingFile(p.name);
        if (!lockedBy.isEmpty()) {
            error->code = ExitCode::PolicyDenied;
            error->message =
                tr("profile \"%1\" is managed by %2; a profile file cannot replace it").arg(p.name, lockedBy);
            return false;
        }
        *out = p;
        *source = Source::Profile;
        return true;
    }
    if (!Profile::isValidName(nameOrFile))
        return invalid({tr("\"%1\" is neither a profile name (a-z, 0-9, '-') nor a file").arg(nameOrFile)});
    if (const Profile* managed = m_managed.findProfile(nameOrFile)) {
        *out = *managed;
        *source = Source::Organization;
        return true;
    }
    const QString userFile = m_userDirectory + u'/' + nameOrFile + QStringLiteral(".json");
    if (QFileInfo::exists(userFile)) {
        Profile p;
        if (!ProfileParser::parseFile(userFile, &p, &errors))
            return invalid(errors);
        if (p.name != nameOrFile)
            return invalid(
                {tr("%1: /name: expected \"%2\" (the file name), got \"%3\"").arg(userFile, nameOrFile, p.name)});
        *out = p;
        *source = Source::Profile;
        return true;
    }
    if (builtInNames().contains(nameOrFile)) {
        if (!loadBuiltIn(nameOrFile, out, &errors))
            return invalid(errors);
        *source = Source::Profile;
        return true;
    }
    return invalid({tr("no profile named \"%1\"; 'cordonctl profile list' shows the available ones").arg(nameOrFile)});
}

QList<ProfileEntry> ProfileLocator::list(QStringList* warnings) const
{
    QList<ProfileEntry> entries;
    QStringList seen;
    for (const auto& p : m_managed.profiles) {
        entries.append({p.name, QStringLiteral("managed"), p.origin, true, p.displayName});
        seen.append(p.name);
    }
    const QStringList files = QDir(m_userDirectory).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const auto& f : files) {
        const QString name = f.chopped(5);
        const QString path = m_userDirectory + u'/' + f;
        if (seen.contains(name)) {
            warnings->append(tr("%1 is shadowed by the managed profile of the same name").arg(path));
            continue;
        }
        Profile p;
        QStringList errors;
        if (!ProfileParser::parseFile(path, &p, &errors)) {
            warnings->append(errors);
            continue;
        }
        entries.append({name, QStringLiteral("user"), path, !m_managed.lockingFile(name).isEmpty(), p.displayName});
        seen.append(name);
    }
    for (const auto& name : builtInNames()) {
        if (seen.contains(name))
            continue;
        Profile p;
        QStringList errors;
        if (!loadBuiltIn(name, &p, &errors)) {
            warnings->append(errors);
            continue;
        }
        entries.append(
            {name, QStringLiteral("built-in"), p.origin, !m_managed.lockingFile(name).isEmpty(), p.displayName});
    }
    return entries;
}

} // namespace cordon
