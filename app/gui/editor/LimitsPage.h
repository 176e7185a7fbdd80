#pragma once
// Limits: time, memory, processes and CPUs, then open files, file size and temporary space. Each
// shows the value in effect and where it comes from; the organization's ceilings are shown with
// a lock ("at most 8G").

#include "EditorPage.h"
#include "Limits.h"

#include <array>

class QLabel;
class QLineEdit;

namespace cordon::gui {

class LockLabel;

class LimitsPage final : public EditorPage {
    Q_OBJECT

public:
    explicit LimitsPage(QWidget* parent = nullptr);

    QString title() const override;
    void load(const Profile& profile, const PageState& state) override;
    void contribute(QJsonObject* root, QStringList* problems) override;
    void clearErrors() override;
    [[nodiscard]] bool showError(const QString& pointer, const QString& message) override;

    QLineEdit* field(LimitKey key) const { return m_fields[static_cast<int>(key)].edit; }
    // As a person writes it; CPUs exactly (500 milli-CPUs: "0.5").
    static QString formatValue(LimitKey key, qint64 v);

private:
    struct Field {
        QLineEdit* edit = nullptr;
        QLabel* reason = nullptr;
        QLabel* source = nullptr;
        LockLabel* lock = nullptr;
    };
    std::array<Field, kLimitKeyCount> m_fields;
};

} // namespace cordon::gui
