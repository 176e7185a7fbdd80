#include "HostPattern.h"

#include <QCoreApplication>
#include <QStringList>

#include <arpa/inet.h>

namespace cordon {

namespace {

bool isIpv4(const QString& s)
{
    in_addr a{};
    return inet_pton(AF_INET, s.toLatin1().constData(), &a) == 1;
}

bool isIpv6(const QString& s)
{
    in6_addr a{};
    return inet_pton(AF_INET6, s.toLatin1().constData(), &a) == 1;
}

bool isDnsName(const QString& s)
{
    if (s.isEmpty() || s.size() > 253)
        return false;
    const auto labels = s.split(u'.');
    for (const auto& label : labels) {
        if (label.isEmpty() || label.size() > 63 || label.startsWith(u'-') || label.endsWith(u'-'))
            return false;
        for (QChar c : label)
            if (!((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'-'))
                return false;
    }
    // A name whose last label is numeric is an IP literal in another spelling (127.1, 0x7f.1,
    // 2130706433): such encodings have slipped past allowlists, so only canonical literals count.
    bool numericTld = true;
    for (QChar c : labels.last())
        if (!c.isDigit())
            numericTld = false;
    return !numericTld;
}

bool parsePort(QStringView text, int* port)
{
    if (text.isEmpty() || text.size() > 5)
        return false;
    for (QChar c : text)
        if (c < u'0' || c > u'9')
            return false;
    const int p = text.toInt();
    if (p < 1 || p > 65535)
        return false;
    *port = p;
    return true;
}

} // namespace

bool HostPattern::parse(const QString& input, HostPattern* out, QString* expected)
{
    *expected = QCoreApplication::translate(
        "cordon", "expected host, host:port, *.domain, *.domain:port or an IP literal (IPv6 as [addr]:port)");
    if (input.isEmpty() || input.size() > 300 || input.contains(QChar(0)))
        return false;
    QString text = input.toLower();
    HostPattern p;
    if (text.startsWith(u'[')) {
        const auto close = text.indexOf(u']');
        if (close < 0)
            return false;
        p.m_host = text.mid(1, close - 1);
        const QStringView after = QStringView(text).mid(close + 1);
        if (!after.isEmpty() && (!after.startsWith(u':') || !parsePort(after.mid(1), &p.m_port)))
            return false;
        if (!isIpv6(p.m_host))
            return false;
        p.m_ipLiteral = p.m_ipv6 = true;
        *out = p;
        return true;
    }
    if (text.count(u':') > 1) {
        if (!isIpv6(text))
            return false;
        p.m_host = text;
        p.m_ipLiteral = p.m_ipv6 = true;
        *out = p;
        return true;
    }
    const auto colon = text.indexOf(u':');
    if (colon >= 0) {
        if (!parsePort(QStringView(text).mid(colon + 1), &p.m_port))
            return false;
        text.truncate(colon);
    }
    if (text.endsWith(u'.'))
        text.chop(1);
    if (isIpv4(text)) {
        p.m_host = text;
        p.m_ipLiteral = true;
        *out = p;
        return true;
    }
    if (text.startsWith(u"*.")) {
        p.m_wildcard = true;
        if (!isDnsName(text.mid(2)))
            return false;
    } else if (!isDnsName(text)) {
        return false;
    }
    p.m_host = text;
    *out = p;
    return true;
}

QString HostPattern::text() const
{
    QString host = m_ipv6 && m_port ? u'[' + m_host + u']' : m_host;
    return m_port ? host + u':' + QString::number(m_port) : host;
}

} // namespace cordon
