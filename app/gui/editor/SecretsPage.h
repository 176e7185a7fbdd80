#pragma once
// Secrets: the secrets the agent may be given. A list of names and, for the selected one, where its
// value comes from (an environment variable, a file, the keyring), how it is delivered (a variable,
// a file, on request), how long a delivery holds and whether "always" may be offered. Secrets the
// organization denies stay listed, locked, with the reason.

#include "EditorPage.h"

#include <QHash>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace cordon::gui {

class LockLabel;

class SecretsPage final : public EditorPage {
    Q_OBJECT

public:
    explicit SecretsPage(QWidget* parent = nullptr);

    QString title() const override;
    void load(const Profile& profile, const PageState& state) override;
    void contribute(QJsonObject* root, QStringList* problems) override;
    void clearErrors() override;
    [[nodiscard]] bool showError(const QString& pointer, const QString& message) override;

    int secretCount() const { return static_cast<int>(m_drafts.size()); }

private:
    // What the form holds for one secret, as typed.
    struct Draft {
        QString name;
        int source = 0; // 0 env, 1 file, 2 keyring
        QString env;
        QString file;
        QString keyring; // "attribute=value" lines
        int deliver = 2; // 0 env, 1 file, 2 request
        QString as;
        QString ttl;
        int allowAlways = 0; // 0 default (no), 1 yes, 2 no
        QString origin;
        QString deniedBy;
        QString deniedFile;
    };
    struct Problem {
        QString field; // "name", "from", "from/env", "deliver", "as", "ttl", "allowAlways", ""
        QString message;
    };

    void addSecret();
    void removeSecret();
    void showDraft(int row);
    void formEdited();
    void updateFieldStates();
    void refreshItem(int row);
    void applyErrorsToForm();
    QWidget* widgetFor(const QString& field) const;
    void browseFile();

    const EditorContext* m_context = nullptr;
    QList<Draft> m_drafts;
    QHash<int, QList<Problem>> m_problems;
    int m_current = -1;
    bool m_filling = false;
    bool m_readOnly = false;

    QListWidget* m_list = nullptr;
    QPushButton* m_add = nullptr;
    QPushButton* m_remove = nullptr;
    QWidget* m_form = nullptr;
    QFormLayout* m_formLayout = nullptr;
    QLineEdit* m_name = nullptr;
    QComboBox* m_source = nullptr;
    QLineEdit* m_env = nullptr;
    QLineEdit* m_file = nullptr;
    QPushButton* m_fileBrowse = nullptr;
    QWidget* m_fileRow = nullptr;
    QPlainTextEdit* m_keyring = nullptr;
    QComboBox* m_deliver = nullptr;
    QLineEdit* m_as = nullptr;
    QLineEdit* m_ttl = nullptr;
    QComboBox* m_allowAlways = nullptr;
    QLabel* m_origin = nullptr;
    LockLabel* m_deniedLock = nullptr;
    QLabel* m_listReason = nullptr;
    QHash<QWidget*, QLabel*> m_reasons;
};

} // namespace cordon::gui
