#pragma once
// Files: a table of paths and their access (hidden, read, write), with Browse through the
// injected PathChooser. The organization's hides are listed too, locked.

#include "EditorPage.h"

class QLabel;
class QPushButton;
class QTableView;

namespace cordon::gui {

class PathRuleTableModel;

class FilesPage final : public EditorPage {
    Q_OBJECT

public:
    explicit FilesPage(QWidget* parent = nullptr);

    QString title() const override;
    void load(const Profile& profile, const PageState& state) override;
    void contribute(QJsonObject* root, QStringList* problems) override;
    void clearErrors() override;
    [[nodiscard]] bool showError(const QString& pointer, const QString& message) override;

    PathRuleTableModel* model() const { return m_model; }
    // "/home/me/.claude" -> "~/.claude"; other paths as they are.
    static QString ruleText(const QString& absolutePath, const QString& home);

private:
    void addRow();
    void browse();
    void removeSelected();
    void updateButtons();

    const EditorContext* m_context = nullptr;
    PathRuleTableModel* m_model = nullptr;
    QTableView* m_table = nullptr;
    QPushButton* m_add = nullptr;
    QPushButton* m_browse = nullptr;
    QPushButton* m_remove = nullptr;
    QLabel* m_reason = nullptr;
    QLabel* m_hint = nullptr;
    // For each JSON array ("read", "write", "hide") the model row of each index written.
    QList<int> m_rowsOf[3];
    bool m_readOnly = false;
};

} // namespace cordon::gui
