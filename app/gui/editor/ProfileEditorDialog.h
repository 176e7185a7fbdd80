#pragma once
// The profile editor (issue 4, "Profile editor"): General, Files, Network, Secrets, Limits and
// Advanced pages over one profile. What the person types is assembled into a profile document and
// parsed by ProfileParser after every change; each error is shown at its field, and Save stays
// disabled until the whole profile parses. Save writes NAME.json in the person's profile directory
// atomically (QSaveFile) with ProfileWriter; a built-in profile is saved as the person's own copy
// ("Save as my own"); a profile the organization manages or locks is read-only.

#include "EditorContext.h"
#include "EffectivePolicy.h"
#include "Profile.h"

#include <QDialog>
#include <QList>

#include <optional>

class QLabel;
class QPushButton;
class QTabWidget;

namespace cordon::gui {

class AdvancedPage;
class EditorPage;
class FilesPage;
class GeneralPage;
class LimitsPage;
class LockLabel;
class NetworkPage;
class SecretsPage;

class ProfileEditorDialog final : public QDialog {
    Q_OBJECT

public:
    ProfileEditorDialog(const Profile& profile, ProfileKind kind, EditorContext context, QWidget* parent = nullptr);

    // The context of this machine: the managed policy ($CORDON_MANAGED_DIR or /etc/cordon/managed.d),
    // the person's profile directory, the home directory. False with the errors when the managed
    // policy cannot be read (fail closed: nothing can be launched, the editor says why).
    [[nodiscard]] static bool systemContext(EditorContext* out, QStringList* errors);
    // Finds `name` as a launch would (managed, the person's, built-in) and says which kind it is.
    [[nodiscard]] static bool findProfile(
        const QString& name, const EditorContext& context, Profile* out, ProfileKind* kind, QString* error);

    ProfileKind kind() const { return m_kind; }
    bool isValid() const { return m_parsed.has_value(); }
    // The profile as the fields describe it now (only when isValid()).
    const std::optional<Profile>& currentProfile() const { return m_parsed; }
    // Every problem found by the last validation, as "POINTER: message".
    const QStringList& problems() const { return m_problems; }
    // Where Save wrote, after a successful save.
    const QString& savedPath() const { return m_savedPath; }
    QString targetPath() const;

    GeneralPage* generalPage() const { return m_general; }
    FilesPage* filesPage() const { return m_files; }
    NetworkPage* networkPage() const { return m_network; }
    SecretsPage* secretsPage() const { return m_secrets; }
    LimitsPage* limitsPage() const { return m_limits; }
    AdvancedPage* advancedPage() const { return m_advanced; }
    QTabWidget* tabs() const { return m_tabs; }

    // Re-reads every field and parses the result (normally after every change, queued).
    void validate();
    // Writes the profile; false with *error (also shown in the dialog) when it cannot.
    [[nodiscard]] bool save(QString* error);

Q_SIGNALS:
    void saved(const QString& path);

private:
    void scheduleValidation();
    void saveClicked();

    ProfileKind m_kind;
    EditorContext m_context;
    QString m_originalName;
    QString m_lockedBy;
    std::optional<EffectivePolicy> m_effective;
    std::optional<Profile> m_parsed;
    QStringList m_problems;
    QString m_savedPath;
    bool m_validationQueued = false;

    QTabWidget* m_tabs = nullptr;
    GeneralPage* m_general = nullptr;
    FilesPage* m_files = nullptr;
    NetworkPage* m_network = nullptr;
    SecretsPage* m_secrets = nullptr;
    LimitsPage* m_limits = nullptr;
    AdvancedPage* m_advanced = nullptr;
    QList<EditorPage*> m_pages;
    LockLabel* m_lockBanner = nullptr;
    QLabel* m_kindLabel = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_save = nullptr;
    QPushButton* m_cancel = nullptr;
};

} // namespace cordon::gui
