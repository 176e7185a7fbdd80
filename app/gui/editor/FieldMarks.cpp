#include "FieldMarks.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>
#include <QStyle>

namespace cordon::gui {

namespace {

const char* const kInvalidProperty = "cordonInvalid";
const char* const kSavedToolTip = "cordonSavedToolTip";

QPixmap paintLock(int size, qreal ratio)
{
    QPixmap pixmap(qRound(size * ratio), qRound(size * ratio));
    pixmap.setDevicePixelRatio(ratio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor color(0x5f, 0x63, 0x68);
    const qreal s = size;
    QPen pen(color, s / 8.0);
    painter.setPen(pen);
    painter.setBrush(Qt::NoBrush);
    // The shackle, then the body.
    painter.drawArc(QRectF(s * 0.28, s * 0.08, s * 0.44, s * 0.5), 0, 180 * 16);
    painter.drawLine(QPointF(s * 0.28, s * 0.33), QPointF(s * 0.28, s * 0.48));
    painter.drawLine(QPointF(s * 0.72, s * 0.33), QPointF(s * 0.72, s * 0.48));
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    painter.drawRoundedRect(QRectF(s * 0.16, s * 0.45, s * 0.68, s * 0.5), s * 0.08, s * 0.08);
    painter.setBrush(Qt::white);
    painter.drawEllipse(QPointF(s * 0.5, s * 0.66), s * 0.07, s * 0.07);
    return pixmap;
}

} // namespace

void FieldMarks::setInvalid(QWidget* field, QLabel* reason, const QString& message)
{
    if (field) {
        if (!field->property(kInvalidProperty).toBool())
            field->setProperty(kSavedToolTip, field->toolTip());
        field->setProperty(kInvalidProperty, true);
        // Selector by object name: the frame of this widget only, not of its children.
        field->setStyleSheet(
            QStringLiteral("#%1 { border: 2px solid #c62828; border-radius: 3px; }").arg(field->objectName()));
        field->setToolTip(message);
        field->setAccessibleDescription(message);
    }
    if (reason) {
        const QString previous = reason->isVisibleTo(reason->parentWidget()) ? reason->text() : QString();
        reason->setText(previous.isEmpty() || previous == message ? message : previous + u'\n' + message);
        reason->setVisible(true);
    }
}

void FieldMarks::clearInvalid(QWidget* field, QLabel* reason)
{
    if (field && field->property(kInvalidProperty).toBool()) {
        field->setProperty(kInvalidProperty, false);
        field->setStyleSheet(QString());
        field->setToolTip(field->property(kSavedToolTip).toString());
        field->setAccessibleDescription(QString());
    }
    if (reason) {
        reason->clear();
        reason->setVisible(false);
    }
}

bool FieldMarks::isInvalid(const QWidget* field)
{
    return field && field->property(kInvalidProperty).toBool();
}

QLabel* FieldMarks::makeReasonLabel(QWidget* parent, const QString& objectName)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setStyleSheet(QStringLiteral("color: #c62828;"));
    label->setVisible(false);
    return label;
}

QLabel* FieldMarks::makeSourceLabel(QWidget* parent, const QString& objectName)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setStyleSheet(QStringLiteral("color: #6b6b6b;"));
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * 0.9);
    label->setFont(font);
    return label;
}

QString FieldMarks::organizationText()
{
    return tr("set by your organization");
}

QString FieldMarks::provenanceText(const Provenance& from)
{
    switch (from.source) {
    case Source::BuiltIn: return tr("built-in default");
    case Source::Profile: return tr("from this profile (%1)").arg(from.origin);
    case Source::CommandLine: return tr("from the command line (%1)").arg(from.origin);
    case Source::Grant: return tr("a saved \"always\" answer (%1)").arg(from.origin);
    case Source::Organization: return organizationText() + QStringLiteral(" (%1)").arg(from.origin);
    }
    return {};
}

QString FieldMarks::shortProvenanceText(const Provenance& from)
{
    switch (from.source) {
    case Source::BuiltIn: return tr("built-in default");
    case Source::Profile: return tr("this profile");
    case Source::CommandLine: return tr("the command line");
    case Source::Grant: return tr("a saved \"always\" answer");
    case Source::Organization: return organizationText();
    }
    return {};
}

QIcon FieldMarks::lockIcon()
{
    QIcon icon;
    icon.addPixmap(paintLock(16, 1.0));
    icon.addPixmap(paintLock(16, 2.0));
    return icon;
}

QIcon FieldMarks::errorIcon()
{
    return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
}

LockLabel::LockLabel(const QString& objectName, QWidget* parent) : QWidget(parent)
{
    setObjectName(objectName);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    m_icon = new QLabel(this);
    m_icon->setPixmap(FieldMarks::lockIcon().pixmap(16, 16));
    m_text = new QLabel(FieldMarks::organizationText(), this);
    m_text->setWordWrap(true);
    m_text->setStyleSheet(QStringLiteral("color: #5f6368;"));
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    setVisible(false);
}

void LockLabel::setFile(const QString& file, const QString& text)
{
    m_text->setText(text.isEmpty() ? FieldMarks::organizationText() : text);
    setToolTip(FieldMarks::organizationText() + u'\n' + file);
    m_text->setToolTip(toolTip());
    setVisible(true);
}

QString LockLabel::text() const
{
    return m_text->text();
}

} // namespace cordon::gui
