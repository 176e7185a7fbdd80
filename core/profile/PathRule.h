#pragma once
// One path as a profile, a command line or a managed policy writes it: absolute ("/data/x"),
// home-relative ("~" or "~/.claude") or workspace-relative (".git/hooks"). Parsing normalizes it
// and refuses what would let a rule point somewhere other than where it seems to: "..", NUL,
// "~user", empty components are collapsed.

#include <QString>

namespace cordon {

class PathRule final {
public:
    enum class Base {
        Absolute,
        Home,
        Workspace
    };

    [[nodiscard]] static bool parse(const QString& text, PathRule* out, QString* expected);

    Base base() const { return m_base; }
    // The normalized rule as written ("~/.claude", ".git/hooks", "/data").
    const QString& text() const { return m_text; }
    // The normalized path below the base ("" for "~" itself, ".claude", "/data").
    const QString& relative() const { return m_relative; }
    // The absolute host path for a given home and workspace (both absolute, normalized).
    QString expand(const QString& home, const QString& workspace) const;

    bool operator==(const PathRule&) const = default;

private:
    Base m_base = Base::Workspace;
    QString m_text;
    QString m_relative;
};

// True when `ancestor` is `path` or one of its parents (both absolute, normalized).
bool isSameOrParentPath(const QString& ancestor, const QString& path);

} // namespace cordon
