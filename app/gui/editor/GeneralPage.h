#pragma once
// General: the profile's name (also its file name), display name, icon, command and description.

#include "EditorPage.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace cordon::gui {

class GeneralPage final : public EditorPage {
    Q_OBJECT

public:
    explicit GeneralPage(QWidget* parent = nullptr);

    QString title() const override;
    void load(const Profile& profile, const PageState& state) override;
    void contribute(QJsonObject* root, QStringList* problems) override;
    void clearErrors() override;
    [[nodiscard]] bool showError(const QString& pointer, const QString& message) override;

    QString nameText() const;
    // The command as one line, arguments with spaces or quotes quoted the way
    // QProcess::splitCommand reads them back.
    static QString joinCommand(const QStringList& command);

private:
    QLineEdit* m_name = nullptr;
    QLineEdit* m_displayName = nullptr;
    QComboBox* m_icon = nullptr;
    QLineEdit* m_command = nullptr;
    QPlainTextEdit* m_description = nullptr;
    QLabel* m_nameReason = nullptr;
    QLabel* m_displayNameReason = nullptr;
    QLabel* m_iconReason = nullptr;
    QLabel* m_commandReason = nullptr;
    QLabel* m_descriptionReason = nullptr;
    QLabel* m_source = nullptr;
};

} // namespace cordon::gui
