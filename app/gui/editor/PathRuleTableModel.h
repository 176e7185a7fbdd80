#pragma once
// The Files page's rules: one row per path with its access (hidden, read, write) and where the rule
// came from. Rows the organization set (managed hides) are locked: shown, never editable.

#include "EffectivePolicy.h"
#include "Provenance.h"

#include <QAbstractTableModel>
#include <QList>
#include <QString>

namespace cordon::gui {

class PathRuleTableModel final : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        PathColumn,
        AccessColumn,
        SourceColumn,
        ColumnCount
    };
    enum Role {
        AccessRole = Qt::UserRole + 1, // PathAccess as int
        LockedRole,                    // bool
        ErrorRole,                     // QString: why the row is invalid
    };

    struct Row {
        QString path;
        PathAccess access = PathAccess::Read;
        Provenance from;
        bool locked = false;
        QString note; // e.g. "hidden by ~/.ssh (FILE)": the rule is not applied
        QString error;
    };

    explicit PathRuleTableModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    bool removeRows(int row, int count, const QModelIndex& parent = QModelIndex()) override;

    void setRows(const QList<Row>& rows);
    const QList<Row>& rows() const { return m_rows; }
    int appendRow(const Row& row);
    void setError(int row, const QString& error);
    void clearErrors();

    static QString accessText(PathAccess access);

private:
    QList<Row> m_rows;
};

} // namespace cordon::gui
