#include "AccessDelegate.h"

#include "EffectivePolicy.h"
#include "PathRuleTableModel.h"

#include <QComboBox>

namespace cordon::gui {

QWidget* AccessDelegate::createEditor(QWidget* parent, const QStyleOptionViewItem&, const QModelIndex&) const
{
    auto* combo = new QComboBox(parent);
    combo->setObjectName(QStringLiteral("accessComboBox"));
    for (PathAccess a : {PathAccess::Hide, PathAccess::Read, PathAccess::Write})
        combo->addItem(PathRuleTableModel::accessText(a), static_cast<int>(a));
    return combo;
}

void AccessDelegate::setEditorData(QWidget* editor, const QModelIndex& index) const
{
    auto* combo = qobject_cast<QComboBox*>(editor);
    if (!combo)
        return;
    const int at = combo->findData(index.data(PathRuleTableModel::AccessRole));
    combo->setCurrentIndex(at < 0 ? 0 : at);
}

void AccessDelegate::setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const
{
    if (auto* combo = qobject_cast<QComboBox*>(editor))
        model->setData(index, combo->currentData(), Qt::EditRole);
}

} // namespace cordon::gui
