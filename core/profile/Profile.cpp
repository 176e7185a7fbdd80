#include "Profile.h"

namespace cordon {

QString unattendedModeName(UnattendedMode mode)
{
    switch (mode) {
    case UnattendedMode::Deny: return QStringLiteral("deny");
    case UnattendedMode::Wait: return QStringLiteral("wait");
    }
    return {};
}

QStringList Profile::defaultProtectedPaths()
{
    return {
        // git control files (gitrepository-layout(5)): hooks run, config sets core.fsmonitor,
        // core.hooksPath, aliases...; commondir and config.worktree redirect git to another
        // config or hooks directory; worktrees/ holds linked worktrees' own git directories; info/
        // what git reads beside config. Also applied to each submodule's directory in .git/modules.
        QStringLiteral(".git/hooks"),
        QStringLiteral(".git/config"),
        QStringLiteral(".git/commondir"),
        QStringLiteral(".git/config.worktree"),
        QStringLiteral(".git/worktrees"),
        QStringLiteral(".git/info"),
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
        // Project-level agent configuration that runs commands on the host the next time the agent
        // runs there unsandboxed: Claude Code's hooks and MCP servers, MCP server definitions.
        QStringLiteral(".claude/settings.json"),
        QStringLiteral(".claude/settings.local.json"),
        QStringLiteral(".mcp.json"),
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
