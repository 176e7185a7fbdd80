#pragma once
// org.freedesktop.Notifications over the session bus, without blocking: Notify and
// CloseNotification go out as asynchronous calls, ActionInvoked comes back as a signal. The body
// may be interpreted as markup by the server (body-markup), so it is escaped here.

#include "NotificationBackend.h"

#include <QHash>

namespace cordon::gui {

class DBusNotificationBackend final : public NotificationBackend {
    Q_OBJECT
public:
    explicit DBusNotificationBackend(QObject* parent = nullptr);

    bool isAvailable() const override { return m_available; }
    void show(quint64 tag, const QString& title, const QString& body, const QStringList& actions) override;
    void close(quint64 tag) override;

private Q_SLOTS:
    void onActionInvoked(uint id, const QString& action);
    void onClosed(uint id, uint reason);

private:
    bool m_available = false;
    QHash<quint64, uint> m_idOfTag;
    QHash<uint, quint64> m_tagOfId;
    QHash<quint64, bool> m_closeWhenShown;
};

} // namespace cordon::gui
