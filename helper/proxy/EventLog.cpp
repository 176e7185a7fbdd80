#include "EventLog.h"

#include "Syscall.h"

#include <QDateTime>
#include <QJsonDocument>

#include <cstdio>
#include <cstring>

namespace cordon::proxy {

void EventLog::write(QJsonObject event)
{
    event.insert(QStringLiteral("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    QByteArray line = QJsonDocument(event).toJson(QJsonDocument::Compact);
    line.append('\n');
    std::lock_guard lock(m_mutex);
    if (!confine::writeAll(m_fd, line.constData(), static_cast<unsigned long>(line.size())) && !m_failed) {
        m_failed = true;
        std::fprintf(stderr, "cordon-proxy: writing the event log: %s\n", std::strerror(errno));
    }
}

} // namespace cordon::proxy
