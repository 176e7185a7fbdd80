#include "SettingsDialog.h"

#include "TerminalLauncher.h"
#include "Translations.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QVBoxLayout>

namespace cordon::gui {

SettingsDialog::SettingsDialog(QSettings* settings, const TerminalLauncher* terminal, QWidget* parent)
    : QDialog(parent), m_settings(settings), m_terminal(terminal)
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));

    m_languageCombo = new QComboBox(this);
    m_languageCombo->setObjectName(QStringLiteral("languageComboBox"));
    for (const Translations::Language& language : Translations::available())
        m_languageCombo->addItem(language.name, language.code);
    const int languageIndex = m_languageCombo->findData(m_settings->value(Translations::settingsKey()).toString());
    m_languageCombo->setCurrentIndex(languageIndex < 0 ? 0 : languageIndex);
    m_languageNote =
        new QLabel(tr("A new language applies when Cordon restarts; Cordon offers to restart at once."), this);
    m_languageNote->setObjectName(QStringLiteral("languageNoteLabel"));
    m_languageNote->setWordWrap(true);
    m_languageNote->setForegroundRole(QPalette::PlaceholderText);

    m_terminalCombo = new QComboBox(this);
    m_terminalCombo->setObjectName(QStringLiteral("terminalComboBox"));
    m_terminalCombo->setEditable(true); // a command of the person's own ("kitty --single-instance")
    m_terminalCombo->setInsertPolicy(QComboBox::NoInsert);
    m_terminalCombo->addItem(tr("Automatic ($TERMINAL, else the first one found)"), QString());
    for (const QString& name : m_terminal->installedEmulators())
        m_terminalCombo->addItem(name, name);
    m_terminalCombo->addItem(tr("None: run without a terminal"), TerminalLauncher::noTerminal());
    const QString current = m_settings->value(terminalKey()).toString();
    const int terminalIndex = m_terminalCombo->findData(current);
    if (terminalIndex >= 0) {
        m_terminalCombo->setCurrentIndex(terminalIndex);
    } else {
        m_terminalCombo->addItem(current, current);
        m_terminalCombo->setCurrentIndex(m_terminalCombo->count() - 1);
    }
    m_terminalNote = new QLabel(this);
    m_terminalNote->setObjectName(QStringLiteral("terminalNoteLabel"));
    m_terminalNote->setWordWrap(true);
    m_terminalNote->setTextFormat(Qt::PlainText);
    m_terminalNote->setForegroundRole(QPalette::PlaceholderText);
    connect(m_terminalCombo, &QComboBox::currentTextChanged, this, &SettingsDialog::updateTerminalNote);
    updateTerminalNote();

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("&Language:"), m_languageCombo);
    form->addRow(QString(), m_languageNote);
    form->addRow(tr("&Terminal:"), m_terminalCombo);
    form->addRow(QString(), m_terminalNote);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->setObjectName(QStringLiteral("settingsButtonBox"));
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        save();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addStretch();
    layout->addWidget(buttons);
    setMinimumWidth(520);
}

QString SettingsDialog::languageChoice() const
{
    return m_languageCombo->currentData().toString();
}

QString SettingsDialog::terminalChoice() const
{
    // An item's data, or what the person typed.
    const int index = m_terminalCombo->findText(m_terminalCombo->currentText());
    if (index >= 0)
        return m_terminalCombo->itemData(index).toString();
    return m_terminalCombo->currentText().trimmed();
}

void SettingsDialog::save()
{
    m_settings->setValue(Translations::settingsKey(), languageChoice());
    m_settings->setValue(terminalKey(), terminalChoice());
    m_settings->sync();
}

void SettingsDialog::updateTerminalNote()
{
    const QString choice = terminalChoice();
    if (choice == TerminalLauncher::noTerminal()) {
        m_terminalNote->setText(tr("Agents start without a terminal: you cannot type into them, and their output "
                                   "goes to the session's output log."));
        return;
    }
    const QStringList found = m_terminal->findEmulator(choice);
    m_terminalNote->setText(found.isEmpty() ? tr("No terminal emulator found: agents will start without a terminal.")
                                            : tr("Agents open in: %1").arg(found.join(u' ')));
}

} // namespace cordon::gui
