#include "GrantModel.h"

#include "HelperConnection.h"
#include "InertText.h"

#include <QDateTime>
#include <QJsonArray>
#include <QPointer>

namespace cordon::gui {

GrantModel::GrantModel(HelperConnection* connection, QObject* parent)
    : QAbstractTableModel(parent), m_connection(connection)
{
    connect(m_connection, &HelperConnection::ready, this, &GrantModel::refresh);
    connect(m_connection, &HelperConnection::resolved, this, [this](const QJsonObject& message) {
        if (message.contains(QLatin1String("grant")))
            refresh();
    });
    // A session that ends takes its session grants with it.
    connect(m_connection, &HelperConnection::sessionChanged, this, [this](const QJsonObject& session) {
        if (session.value(QLatin1String("state")).toString() == QLatin1String("ended"))
            refresh();
    });
    if (m_connection->isReady())
        refresh();
}

void GrantModel::refresh()
{
    const QPointer<GrantModel> self(this);
    m_connection->send(
        QJsonObject{{QStringLiteral("type"), QStringLiteral("grants")}}, [this, self](const QJsonObject& reply) {
            if (!self || HelperConnection::isError(reply))
                return;
            beginResetModel();
            m_grants.clear();
            for (const QJsonValue& value : reply.value(QLatin1String("grants")).toArray())
                m_grants.append(value.toObject());
            endResetModel();
        });
}

void GrantModel::revoke(int row)
{
    if (row < 0 || row >= m_grants.size())
        return;
    const qint64 id = m_grants.at(row).value(QLatin1String("id")).toInteger();
    const QPointer<GrantModel> self(this);
    m_connection->send(QJsonObject{{QStringLiteral("type"), QStringLiteral("revoke")}, {QStringLiteral("grant"), id}},
        [this, self](const QJsonObject& reply) {
            if (!self)
                return;
            if (HelperConnection::isError(reply))
                Q_EMIT revokeFailed(reply.value(QLatin1String("message")).toString());
            refresh();
        });
}

int GrantModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_grants.size());
}

int GrantModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant GrantModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QJsonObject& g = m_grants.at(index.row());
    if (role == RawRole)
        return g;
    if (role == IdRole)
        return g.value(QLatin1String("id")).toInteger();
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case SubjectColumn: return InertText::render(g.value(QLatin1String("subject")).toString(), 200);
    case DecisionColumn: {
        const QString decision = g.value(QLatin1String("decision")).toString();
        if (decision == QLatin1String("session"))
            return tr("For this session");
        if (decision == QLatin1String("always"))
            return tr("Always");
        return InertText::render(decision, 20);
    }
    case AppliesToColumn:
        if (g.contains(QLatin1String("session")))
            return tr("Session %1").arg(InertText::render(g.value(QLatin1String("session")).toString(), 64));
        return tr("Profile %1").arg(InertText::render(g.value(QLatin1String("profile")).toString(), 64));
    case CreatedColumn:
        return QDateTime::fromMSecsSinceEpoch(g.value(QLatin1String("created")).toInteger())
            .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case ByColumn:
        return g.value(QLatin1String("by")).toString() == QLatin1String("profile") ? tr("The profile") : tr("You");
    default: return {};
    }
}

QVariant GrantModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SubjectColumn: return tr("Allowed");
    case DecisionColumn: return tr("For how long");
    case AppliesToColumn: return tr("Applies to");
    case CreatedColumn: return tr("When");
    case ByColumn: return tr("By");
    default: return {};
    }
}

} // namespace cordon::gui
