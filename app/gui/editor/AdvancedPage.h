#pragma once
// Advanced: the environment (variables let in, variables set, PATH directories), the protected
// workspace paths, the confinement layers that may be missing (bestEffort) and Cordon's own tools.
// The organization's environment denials and a forbidBestEffort are shown locked.

#include "EditorPage.h"

class QCheckBox;
class QLabel;
class QPlainTextEdit;

namespace cordon::gui {

class LockLabel;

class AdvancedPage final : public EditorPage {
    Q_OBJECT

public:
    explicit AdvancedPage(QWidget* parent = nullptr);

    QString title() const override;
    void load(const Profile& profile, const PageState& state) override;
    void contribute(QJsonObject* root, QStringList* problems) override;
    void clearErrors() override;
    [[nodiscard]] bool showError(const QString& pointer, const QString& message) override;

private:
    struct TextField {
        QPlainTextEdit* edit = nullptr;
        QLabel* reason = nullptr;
        QLabel* source = nullptr;
    };
    TextField makeField(const QString& name, const QString& placeholder);
    static QStringList lines(const QPlainTextEdit* edit);

    TextField m_pass;
    TextField m_set;
    TextField m_path;
    TextField m_protect;
    QCheckBox* m_protectDefault = nullptr;
    QLabel* m_envDeny = nullptr;
    LockLabel* m_envDenyLock = nullptr;
    QCheckBox* m_landlock = nullptr;
    QCheckBox* m_landlockScopes = nullptr;
    QCheckBox* m_cgroup = nullptr;
    QLabel* m_bestEffortReason = nullptr;
    QLabel* m_bestEffortSource = nullptr;
    LockLabel* m_bestEffortLock = nullptr;
    QCheckBox* m_cordonTools = nullptr;
    QStringList m_setNames; // environment.set names in the order written (the JSON object sorts them)
};

} // namespace cordon::gui
