#include "PathRule.h"

#include <QCoreApplication>
#include <QStringList>

namespace cordon {

namespace {

// Splits on '/', drops empty and "." components; false on "..".
bool normalizeComponents(QStringView text, QStringList* parts)
{
    const auto pieces = text.split(u'/');
    for (const auto& piece : pieces) {
        if (piece.isEmpty() || piece == u".")
            continue;
        if (piece == u"..")
            return false;
        parts->append(piece.toString());
    }
    return true;
}

} // namespace

bool PathRule::parse(const QString& text, PathRule* out, QString* expected)
{
    const QString expectation = QCoreApplication::translate(
        "cordon", "expected an absolute path, a path starting with ~/, or a workspace-relative path, without '..'");
    if (text.isEmpty() || text.contains(QChar(0)) || text.size() > 4096) {
        *expected = expectation;
        return false;
    }
    PathRule rule;
    QStringView rest(text);
    if (text.startsWith(u'/')) {
        rule.m_base = Base::Absolute;
    } else if (text == u"~" || text.startsWith(u"~/")) {
        rule.m_base = Base::Home;
        rest = rest.mid(1);
    } else if (text.startsWith(u'~')) {
        *expected = QCoreApplication::translate("cordon", "expected ~ or ~/PATH (~user is not supported)");
        return false;
    } else {
        rule.m_base = Base::Workspace;
    }
    QStringList parts;
    if (!normalizeComponents(rest, &parts)) {
        *expected = expectation;
        return false;
    }
    switch (rule.m_base) {
    case Base::Absolute:
        if (parts.isEmpty()) {
            *expected = QCoreApplication::translate("cordon", "expected a path other than /");
            return false;
        }
        rule.m_relative = u'/' + parts.join(u'/');
        rule.m_text = rule.m_relative;
        break;
    case Base::Home:
        rule.m_relative = parts.join(u'/');
        rule.m_text = parts.isEmpty() ? QStringLiteral("~") : QStringLiteral("~/") + rule.m_relative;
        break;
    case Base::Workspace:
        if (parts.isEmpty()) {
            *expected =
                QCoreApplication::translate("cordon", "expected a path inside the workspace, not the workspace itself");
            return false;
        }
        rule.m_relative = parts.join(u'/');
        rule.m_text = rule.m_relative;
        break;
    }
    *out = rule;
    return true;
}

QString PathRule::expand(const QString& home, const QString& workspace) const
{
    switch (m_base) {
    case Base::Absolute: return m_relative;
    case Base::Home: return m_relative.isEmpty() ? home : home + u'/' + m_relative;
    case Base::Workspace: return workspace + u'/' + m_relative;
    }
    return {};
}

bool isSameOrParentPath(const QString& ancestor, const QString& path)
{
    if (ancestor == path || ancestor == u"/")
        return true;
    return path.startsWith(ancestor) && path.at(ancestor.size()) == u'/';
}

} // namespace cordon
