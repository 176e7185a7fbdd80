#include "Profile.h"

namespace cordon {

QStringList Profile::defaultProtectedPaths()
{
    return {
        QStringLiteral(".git/hooks"),
        QStringLiteral(".git/config"),
        QStringLiteral(".gitmodules"),
        QStringLiteral(".envrc"),
        QStringLiteral(".vscode"),
        QStringLiteral(".idea"),
        QStringLiteral(".bashrc"),
        QStringLiteral(".bash_profile"),
        QStringLiteral(".bash_login"),
        QStringLiteral(".bash_logout"),
        QStringLiteral(".profile"),
        QStringLiteral(".zshrc"),
        QStringLiteral(".zprofile"),
        QStringLiteral(".zshenv"),
        QStringLiteral(".cordon"),
    };
}

bool Profile::isValidName(const QString& name)
{
    if (name.isEmpty() || name.size() > 64)
        return false;
    for (qsizetype i = 0; i < name.size(); ++i) {
        const QChar c = name.at(i);
        const bool alnum = (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9');
        if (!alnum && !(i > 0 && c == u'-'))
            return false;
    }
    return true;
}

} // namespace cordon
