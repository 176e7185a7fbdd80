#include "Installation.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <pwd.h>
#include <unistd.h>

namespace cordon {

QString Installation::sandboxBinary()
{
    return companionBinary(QStringLiteral("cordon-sandbox"));
}

QString Installation::proxyBinary()
{
    return companionBinary(QStringLiteral("cordon-proxy"));
}

QString Installation::helperBinary()
{
    return companionBinary(QStringLiteral("cordon-helper"));
}

QString Installation::companionBinary(const QString& name)
{
    const QString dir = QCoreApplication::applicationDirPath();
    for (const QString& candidate :
        {dir + u'/' + name, QDir::cleanPath(dir + QStringLiteral("/../libexec/cordon/") + name)}) {
        const QFileInfo info(candidate);
        if (info.isFile() && info.isExecutable())
            return info.absoluteFilePath();
    }
    return {};
}

QString Installation::resourceDirectory()
{
    const QString env = QFile::decodeName(qgetenv("CORDON_RESOURCE_DIR"));
    if (!env.isEmpty())
        return QFileInfo(env).isDir() ? QFileInfo(env).absoluteFilePath() : QString();
    const QString installed =
        QDir::cleanPath(QCoreApplication::applicationDirPath() + QStringLiteral("/../share/cordon"));
    if (QFileInfo(installed).isDir())
        return installed;
#ifdef CORDON_SOURCE_DIR
    const QString source = QStringLiteral(CORDON_SOURCE_DIR "/resources");
    if (QFileInfo(source).isDir())
        return source;
#endif
    return {};
}

QString Installation::toolsDirectory()
{
    const QString resources = resourceDirectory();
    if (resources.isEmpty())
        return {};
    const QString tools = resources + QStringLiteral("/demo-agent");
    return QFileInfo(tools).isDir() ? tools : QString();
}

QString Installation::userName()
{
    if (const passwd* pw = getpwuid(getuid()))
        return QFile::decodeName(pw->pw_name);
    return QString::number(getuid());
}

QString Installation::homeDirectory()
{
    const QString env = QFile::decodeName(qgetenv("HOME"));
    if (!env.isEmpty() && QDir::isAbsolutePath(env))
        return QDir::cleanPath(env);
    if (const passwd* pw = getpwuid(getuid()))
        return QDir::cleanPath(QFile::decodeName(pw->pw_dir));
    return {};
}

} // namespace cordon
