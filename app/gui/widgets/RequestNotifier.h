#pragma once
// Offers the pop-up's answers in a desktop notification while Cordon's windows are out of sight
// (issue 4: "when the window is hidden, a desktop notification offers the same answers"). Only the
// narrow answers go there: Deny and Allow once; anything wider needs the pop-up. A notification
// closes when its request is answered, wherever.

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>

#include <functional>

namespace cordon::gui {

class ApprovalPopup;
class HelperConnection;
class NotificationBackend;

class RequestNotifier final : public QObject {
    Q_OBJECT
public:
    // `outOfSight` says whether the person cannot see the pop-up (e.g. the main window is hidden in
    // the tray); notifications are shown only then.
    RequestNotifier(HelperConnection* connection, ApprovalPopup* popup, NotificationBackend* backend,
        std::function<bool()> outOfSight, QObject* parent = nullptr);

    int shownCount() const { return static_cast<int>(m_shown.size()); }

private:
    void onEscalation(const QJsonObject& request);
    void onAction(quint64 tag, const QString& action);
    void closeFor(qint64 request);

    HelperConnection* m_connection;
    QPointer<ApprovalPopup> m_popup;
    NotificationBackend* m_backend;
    std::function<bool()> m_outOfSight;
    QHash<qint64, QJsonObject> m_shown; // request id -> request
};

} // namespace cordon::gui
