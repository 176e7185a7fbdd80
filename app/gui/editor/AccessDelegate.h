#pragma once
// Edits the Files page's access column with a combo box (hidden / read / write), from the keyboard
// as well (F2 or typing opens it, arrows choose, Enter commits).

#include <QStyledItemDelegate>

namespace cordon::gui {

class AccessDelegate final : public QStyledItemDelegate {
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    void setEditorData(QWidget* editor, const QModelIndex& index) const override;
    void setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const override;
};

} // namespace cordon::gui
