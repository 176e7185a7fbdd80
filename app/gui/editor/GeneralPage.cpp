#include "GeneralPage.h"

#include "FieldMarks.h"
#include "ProfileLocator.h"

#include <QComboBox>
#include <QFormLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QVBoxLayout>

namespace cordon::gui {

GeneralPage::GeneralPage(QWidget* parent) : EditorPage(parent)
{
    setObjectName(QStringLiteral("generalPage"));
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("nameLineEdit"));
    m_name->setPlaceholderText(tr("my-agent"));
    m_name->setToolTip(tr("1-64 characters of a-z, 0-9 and '-'; also the file name of the profile"));
    m_displayName = new QLineEdit(this);
    m_displayName->setObjectName(QStringLiteral("displayNameLineEdit"));
    m_displayName->setPlaceholderText(tr("My agent"));
    m_icon = new QComboBox(this);
    m_icon->setObjectName(QStringLiteral("iconComboBox"));
    m_icon->setEditable(true);
    m_icon->setInsertPolicy(QComboBox::NoInsert);
    m_icon->addItem(QString());
    m_icon->addItems(ProfileLocator::builtInNames());
    m_icon->lineEdit()->setPlaceholderText(tr("none"));
    m_command = new QLineEdit(this);
    m_command->setObjectName(QStringLiteral("commandLineEdit"));
    m_command->setPlaceholderText(tr("the program and its arguments, e.g. claude --verbose"));
    m_command->setToolTip(tr("Run when no command is given at launch. Quote arguments that contain spaces."));
    m_description = new QPlainTextEdit(this);
    m_description->setObjectName(QStringLiteral("descriptionPlainTextEdit"));
    m_description->setTabChangesFocus(true);
    m_description->setMinimumHeight(80);

    m_nameReason = FieldMarks::makeReasonLabel(this, QStringLiteral("nameReasonLabel"));
    m_displayNameReason = FieldMarks::makeReasonLabel(this, QStringLiteral("displayNameReasonLabel"));
    m_iconReason = FieldMarks::makeReasonLabel(this, QStringLiteral("iconReasonLabel"));
    m_commandReason = FieldMarks::makeReasonLabel(this, QStringLiteral("commandReasonLabel"));
    m_descriptionReason = FieldMarks::makeReasonLabel(this, QStringLiteral("descriptionReasonLabel"));
    m_source = FieldMarks::makeSourceLabel(this, QStringLiteral("generalSourceLabel"));

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto row = [&](const QString& label, QWidget* field, QLabel* reason) {
        auto* l = new QLabel(label, this);
        l->setBuddy(field);
        form->addRow(l, stacked(this, {field, reason}));
    };
    row(tr("&Name:"), m_name, m_nameReason);
    row(tr("&Display name:"), m_displayName, m_displayNameReason);
    row(tr("&Icon:"), m_icon, m_iconReason);
    row(tr("&Command:"), m_command, m_commandReason);
    row(tr("D&escription:"), m_description, m_descriptionReason);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_source);
    layout->addStretch(1);

    for (QLineEdit* e : {m_name, m_displayName, m_command})
        connect(e, &QLineEdit::textChanged, this, &EditorPage::changed);
    connect(m_icon, &QComboBox::currentTextChanged, this, &EditorPage::changed);
    connect(m_description, &QPlainTextEdit::textChanged, this, &EditorPage::changed);
}

QString GeneralPage::title() const
{
    return tr("General");
}

QString GeneralPage::joinCommand(const QStringList& command)
{
    QStringList parts;
    for (QString arg : command) {
        if (!arg.isEmpty() && !arg.contains(u' ') && !arg.contains(u'"') && !arg.contains(u'\t')) {
            parts.append(arg);
            continue;
        }
        // QProcess::splitCommand: a quoted run keeps spaces; a literal quote is written """.
        parts.append(u'"' + arg.replace(u'"', QStringLiteral("\"\"\"")) + u'"');
    }
    return parts.join(u' ');
}

void GeneralPage::load(const Profile& profile, const PageState& state)
{
    m_name->setText(profile.name);
    m_displayName->setText(profile.displayName);
    m_icon->setCurrentText(profile.icon);
    m_command->setText(joinCommand(profile.command));
    m_description->setPlainText(profile.description);
    if (state.effective)
        m_source->setText(
            tr("Where these values come from: %1").arg(FieldMarks::provenanceText(state.effective->profileName.from)));
    else if (!profile.origin.isEmpty())
        m_source->setText(tr("Where these values come from: %1").arg(profile.origin));
    else
        m_source->setText(tr("A new profile, not saved yet"));
    if (!state.lockedBy.isEmpty())
        makeReadOnly();
}

QString GeneralPage::nameText() const
{
    return m_name->text();
}

void GeneralPage::contribute(QJsonObject* root, QStringList* problems)
{
    root->insert(QStringLiteral("name"), m_name->text());
    if (!m_displayName->text().isEmpty())
        root->insert(QStringLiteral("displayName"), m_displayName->text());
    if (!m_icon->currentText().isEmpty())
        root->insert(QStringLiteral("icon"), m_icon->currentText());
    if (!m_description->toPlainText().isEmpty())
        root->insert(QStringLiteral("description"), m_description->toPlainText());
    const QString command = m_command->text().trimmed();
    if (!command.isEmpty()) {
        const QStringList args = QProcess::splitCommand(command);
        if (args.isEmpty()) {
            const QString message = tr("expected the program and its arguments");
            FieldMarks::setInvalid(m_command, m_commandReason, message);
            problems->append(message);
        } else {
            root->insert(QStringLiteral("command"), QJsonArray::fromStringList(args));
        }
    }
}

void GeneralPage::clearErrors()
{
    FieldMarks::clearInvalid(m_name, m_nameReason);
    FieldMarks::clearInvalid(m_displayName, m_displayNameReason);
    FieldMarks::clearInvalid(m_icon, m_iconReason);
    FieldMarks::clearInvalid(m_command, m_commandReason);
    FieldMarks::clearInvalid(m_description, m_descriptionReason);
}

bool GeneralPage::showError(const QString& pointer, const QString& message)
{
    const QStringList parts = pointerParts(pointer);
    if (parts.isEmpty())
        return false;
    const QString& key = parts.first();
    if (key == u"name")
        FieldMarks::setInvalid(m_name, m_nameReason, message);
    else if (key == u"displayName")
        FieldMarks::setInvalid(m_displayName, m_displayNameReason, message);
    else if (key == u"icon")
        FieldMarks::setInvalid(m_icon, m_iconReason, message);
    else if (key == u"command")
        FieldMarks::setInvalid(m_command, m_commandReason, message);
    else if (key == u"description")
        FieldMarks::setInvalid(m_description, m_descriptionReason, message);
    else
        return false;
    return true;
}

} // namespace cordon::gui
