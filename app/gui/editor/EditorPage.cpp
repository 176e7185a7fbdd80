#include "EditorPage.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QComboBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace cordon::gui {

namespace {
const char* const kAlwaysEditable = "cordonAlwaysEditable";
}

EditorPage::EditorPage(QWidget* parent) : QWidget(parent)
{ }

void EditorPage::setAlwaysEditable(QWidget* widget)
{
    widget->setProperty(kAlwaysEditable, true);
}

void EditorPage::makeReadOnly()
{
    const auto children = findChildren<QWidget*>();
    for (QWidget* w : children) {
        if (w->property(kAlwaysEditable).toBool())
            continue;
        if (auto* edit = qobject_cast<QLineEdit*>(w))
            edit->setReadOnly(true);
        else if (auto* text = qobject_cast<QPlainTextEdit*>(w))
            text->setReadOnly(true);
        else if (auto* view = qobject_cast<QAbstractItemView*>(w))
            view->setEditTriggers(QAbstractItemView::NoEditTriggers);
        else if (qobject_cast<QComboBox*>(w) || qobject_cast<QAbstractButton*>(w))
            w->setEnabled(false);
    }
}

QWidget* EditorPage::stacked(QWidget* parent, std::initializer_list<QWidget*> widgets)
{
    auto* box = new QWidget(parent);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    for (QWidget* w : widgets)
        if (w)
            layout->addWidget(w);
    return box;
}

QStringList EditorPage::pointerParts(const QString& pointer)
{
    QStringList parts = pointer.split(u'/');
    if (!parts.isEmpty() && parts.first().isEmpty())
        parts.removeFirst();
    for (auto& p : parts)
        p = p.replace(QStringLiteral("~1"), QStringLiteral("/")).replace(QStringLiteral("~0"), QStringLiteral("~"));
    return parts;
}

void EditorPage::mergeInto(QJsonObject* root, const QString& key, const QString& member, const QJsonValue& value)
{
    QJsonObject object = root->value(key).toObject();
    object.insert(member, value);
    root->insert(key, object);
}

} // namespace cordon::gui
