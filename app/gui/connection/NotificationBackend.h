#pragma once
// Desktop notifications as the app needs them, behind an interface so that tests see what would
// be shown and can press its buttons (freedesktop notifications in the app: DBusNotificationBackend).

#include <QObject>
#include <QString>
#include <QStringList>

namespace cordon::gui {

class NotificationBackend : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    virtual bool isAvailable() const = 0;
    // `actions`: pairs of key and label. `tag` comes back with actionInvoked/closed.
    virtual void show(quint64 tag, const QString& title, const QString& body, const QStringList& actions) = 0;
    virtual void close(quint64 tag) = 0;

Q_SIGNALS:
    void actionInvoked(quint64 tag, const QString& action);
};

} // namespace cordon::gui
