#include "DBusNotificationBackend.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QVariantMap>

namespace cordon::gui {

namespace {
const QString kService = QStringLiteral("org.freedesktop.Notifications");
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");
const QString kInterface = QStringLiteral("org.freedesktop.Notifications");
} // namespace

DBusNotificationBackend::DBusNotificationBackend(QObject* parent) : NotificationBackend(parent)
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    m_available = bus.isConnected();
    if (!m_available)
        return;
    bus.connect(
        kService, kPath, kInterface, QStringLiteral("ActionInvoked"), this, SLOT(onActionInvoked(uint, QString)));
    bus.connect(kService, kPath, kInterface, QStringLiteral("NotificationClosed"), this, SLOT(onClosed(uint, uint)));
}

void DBusNotificationBackend::show(quint64 tag, const QString& title, const QString& body, const QStringList& actions)
{
    if (!m_available)
        return;
    QDBusMessage call = QDBusMessage::createMethodCall(kService, kPath, kInterface, QStringLiteral("Notify"));
    const QVariantMap hints{{QStringLiteral("urgency"), QVariant::fromValue(uchar(2))},
        {QStringLiteral("desktop-entry"), QStringLiteral("cordon")}, {QStringLiteral("resident"), true}};
    call << QStringLiteral("Cordon") << uint(0) << QStringLiteral("cordon") << title << body.toHtmlEscaped() << actions
         << hints << int(0);
    auto* watcher = new QDBusPendingCallWatcher(QDBusConnection::sessionBus().asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, tag](QDBusPendingCallWatcher* w) {
        w->deleteLater();
        const QDBusPendingReply<uint> reply = *w;
        if (reply.isError())
            return;
        const uint id = reply.value();
        m_idOfTag.insert(tag, id);
        m_tagOfId.insert(id, tag);
        if (m_closeWhenShown.take(tag))
            close(tag);
    });
}

void DBusNotificationBackend::close(quint64 tag)
{
    if (!m_available)
        return;
    if (!m_idOfTag.contains(tag)) {
        m_closeWhenShown.insert(tag, true); // Notify has not answered yet
        return;
    }
    const uint id = m_idOfTag.take(tag);
    m_tagOfId.remove(id);
    QDBusMessage call =
        QDBusMessage::createMethodCall(kService, kPath, kInterface, QStringLiteral("CloseNotification"));
    call << id;
    QDBusConnection::sessionBus().asyncCall(call);
}

void DBusNotificationBackend::onActionInvoked(uint id, const QString& action)
{
    if (m_tagOfId.contains(id))
        Q_EMIT actionInvoked(m_tagOfId.value(id), action);
}

void DBusNotificationBackend::onClosed(uint id, uint)
{
    if (m_tagOfId.contains(id))
        m_idOfTag.remove(m_tagOfId.take(id));
}

} // namespace cordon::gui
