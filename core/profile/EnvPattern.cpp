#include "EnvPattern.h"

namespace cordon {

namespace {

bool isNameChar(QChar c, bool first)
{
    return (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || c == u'_' || (!first && c >= u'0' && c <= u'9');
}

bool matchFrom(QStringView p, QStringView n)
{
    while (!p.isEmpty()) {
        if (p.front() == u'*') {
            p = p.mid(1);
            for (qsizetype i = 0; i <= n.size(); ++i)
                if (matchFrom(p, n.mid(i)))
                    return true;
            return false;
        }
        if (n.isEmpty() || (p.front() != u'?' && p.front() != n.front()))
            return false;
        p = p.mid(1);
        n = n.mid(1);
    }
    return n.isEmpty();
}

} // namespace

bool EnvPattern::isValidName(const QString& name)
{
    if (name.isEmpty() || name.size() > 256)
        return false;
    for (qsizetype i = 0; i < name.size(); ++i)
        if (!isNameChar(name.at(i), i == 0))
            return false;
    return true;
}

bool EnvPattern::isValidPattern(const QString& pattern)
{
    if (pattern.isEmpty() || pattern.size() > 256)
        return false;
    for (QChar c : pattern)
        if (!(isNameChar(c, false) || c == u'*' || c == u'?'))
            return false;
    return !(pattern.front() >= u'0' && pattern.front() <= u'9');
}

bool EnvPattern::matches(const QString& pattern, const QString& name)
{
    return matchFrom(pattern, name);
}

} // namespace cordon
