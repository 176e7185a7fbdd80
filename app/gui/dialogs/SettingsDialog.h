#pragma once
// Settings (issue 4): the language (system default or one Cordon ships; applied on the next
// start) and the terminal emulator terminal agents open in (automatic, one of those installed,
// a command of the person's own, or none: the session then runs without a terminal and its
// output goes to the session's output log). Both live in QSettings; tests pass a temporary file.

#include <QDialog>

class QComboBox;
class QLabel;
class QSettings;

namespace cordon::gui {

class TerminalLauncher;

class SettingsDialog final : public QDialog {
    Q_OBJECT
public:
    static QString terminalKey() { return QStringLiteral("terminal/emulator"); }

    SettingsDialog(QSettings* settings, const TerminalLauncher* terminal, QWidget* parent = nullptr);

    // Writes the choices to the settings (what OK does).
    void save();
    QString languageChoice() const;
    QString terminalChoice() const;

private:
    void updateTerminalNote();

    QSettings* m_settings;
    const TerminalLauncher* m_terminal;
    QComboBox* m_languageCombo;
    QLabel* m_languageNote;
    QComboBox* m_terminalCombo;
    QLabel* m_terminalNote;
};

} // namespace cordon::gui
