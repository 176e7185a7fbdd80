#pragma once
// What was allowed beyond the profile ("this session" and "always" answers): the `grants` reply,
// refreshed when a decision creates a grant and after a revoke.

#include <QAbstractTableModel>
#include <QJsonObject>
#include <QList>

namespace cordon::gui {

class HelperConnection;

class GrantModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        SubjectColumn,
        DecisionColumn,
        AppliesToColumn,
        CreatedColumn,
        ByColumn,
        ColumnCount
    };
    enum Role {
        RawRole = Qt::UserRole + 1,
        IdRole,
    };

    explicit GrantModel(HelperConnection* connection, QObject* parent = nullptr);

    void refresh();
    // Asks the helper to revoke the grant shown in `row`; the list refreshes when it answered.
    void revoke(int row);
    QJsonObject grant(int row) const { return m_grants.value(row); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void revokeFailed(const QString& message);

private:
    HelperConnection* m_connection;
    QList<QJsonObject> m_grants;
};

} // namespace cordon::gui
