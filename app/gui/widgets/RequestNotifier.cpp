#include "RequestNotifier.h"

#include "ApprovalPopup.h"
#include "HelperConnection.h"
#include "InertText.h"
#include "NotificationBackend.h"

#include <QJsonArray>

namespace cordon::gui {

RequestNotifier::RequestNotifier(HelperConnection* connection, ApprovalPopup* popup, NotificationBackend* backend,
    std::function<bool()> outOfSight, QObject* parent)
    : QObject(parent), m_connection(connection), m_popup(popup), m_backend(backend), m_outOfSight(std::move(outOfSight))
{
    connect(m_connection, &HelperConnection::escalationReceived, this, &RequestNotifier::onEscalation);
    connect(m_connection, &HelperConnection::resolved, this,
        [this](const QJsonObject& message) { closeFor(message.value(QLatin1String("request")).toInteger()); });
    connect(m_popup, &ApprovalPopup::answered, this, [this](qint64 request, const QString&) { closeFor(request); });
    connect(m_backend, &NotificationBackend::actionInvoked, this, &RequestNotifier::onAction);
}

void RequestNotifier::onEscalation(const QJsonObject& request)
{
    const qint64 id = request.value(QLatin1String("id")).toInteger();
    if (id <= 0 || m_shown.contains(id) || !m_backend->isAvailable() || !m_outOfSight())
        return;
    const QString kind = request.value(QLatin1String("kind")).toString();
    const QString profile = InertText::render(request.value(QLatin1String("profile")).toString(), 60);
    const QString subject = InertText::render(request.value(QLatin1String("subject")).toString(), 200);
    QString title;
    if (kind == QLatin1String("secret"))
        title = tr("%1 asks for the secret %2").arg(profile, subject);
    else if (kind == QLatin1String("time"))
        title = tr("%1 asks for more time").arg(profile);
    else
        title = tr("%1 wants to connect to %2").arg(profile, subject);
    const QString body = tr("Asked by %1 in %2")
                             .arg(InertText::render(request.value(QLatin1String("exe")).toString(), 200),
                                 InertText::render(request.value(QLatin1String("workspace")).toString(), 200));
    QStringList actions{QStringLiteral("deny"), tr("Deny")};
    if (request.value(QLatin1String("choices")).toArray().contains(QJsonValue(QStringLiteral("once"))))
        actions << QStringLiteral("once") << tr("Allow once");
    actions << QStringLiteral("default") << tr("Show");
    m_shown.insert(id, request);
    m_backend->show(static_cast<quint64>(id), title, body, actions);
}

void RequestNotifier::onAction(quint64 tag, const QString& action)
{
    const qint64 id = static_cast<qint64>(tag);
    if (!m_shown.contains(id))
        return;
    if (action == QLatin1String("deny") || action == QLatin1String("once")) {
        m_shown.remove(id);
        // Exactly the request named, exact host scope: a notification never widens anything.
        m_connection->send(QJsonObject{{QStringLiteral("type"), QStringLiteral("decide")},
            {QStringLiteral("request"), id}, {QStringLiteral("decision"), action}});
        if (m_popup)
            m_popup->removeRequest(id);
    } else if (m_popup) {
        m_popup->show();
        m_popup->raise();
        m_popup->activateWindow();
    }
}

void RequestNotifier::closeFor(qint64 request)
{
    if (m_shown.remove(request))
        m_backend->close(static_cast<quint64>(request));
}

} // namespace cordon::gui
