#pragma once
// Network: the allow and deny lists (host, host:port, *.domain, IP literals), the organization's
// denials (locked), how questions are asked (askTimeout, unattended, allowAlways), and a "test a
// host" field that says what Cordon would do with a connection and which rule decides, with the
// same EgressPolicy the egress proxy uses.

#include "EditorPage.h"
#include "EgressPolicy.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QPushButton;
class QStandardItemModel;

namespace cordon::gui {

class LockLabel;

class NetworkPage final : public EditorPage {
    Q_OBJECT

public:
    explicit NetworkPage(QWidget* parent = nullptr);

    QString title() const override;
    void load(const Profile& profile, const PageState& state) override;
    void contribute(QJsonObject* root, QStringList* problems) override;
    void clearErrors() override;
    [[nodiscard]] bool showError(const QString& pointer, const QString& message) override;

    // What the test field says now: verdict ("allow", "deny", "ask", or "" when the host is not
    // one Cordon would dial) and the deciding rule ("deny:*.evil.test", empty for ask).
    struct TestResult {
        QString verdict;
        QString rule;
        QString text;
    };
    TestResult testHost(const QString& hostAndPort) const;

private:
    struct HostList {
        QListView* view = nullptr;
        QStandardItemModel* model = nullptr;
        QLineEdit* input = nullptr;
        QPushButton* add = nullptr;
        QPushButton* remove = nullptr;
        QLabel* reason = nullptr;
        QLabel* source = nullptr;
    };
    QWidget* buildList(HostList* list, const QString& prefix, const QString& title);
    void addHost(HostList* list);
    void removeHost(HostList* list);
    QStringList hosts(const HostList& list) const;
    void updateTest();

    HostList m_allow;
    HostList m_deny;
    QListView* m_managedDenyView = nullptr;
    QStandardItemModel* m_managedDenyModel = nullptr;
    LockLabel* m_managedDenyLock = nullptr;
    QWidget* m_managedDenyBox = nullptr;

    QLineEdit* m_testHost = nullptr;
    QLabel* m_testResult = nullptr;

    QLineEdit* m_askTimeout = nullptr;
    QLabel* m_askTimeoutReason = nullptr;
    QLabel* m_askTimeoutSource = nullptr;
    LockLabel* m_askTimeoutLock = nullptr;
    QComboBox* m_unattended = nullptr;
    QLabel* m_unattendedReason = nullptr;
    QLabel* m_unattendedSource = nullptr;
    LockLabel* m_unattendedLock = nullptr;
    QComboBox* m_allowAlways = nullptr;
    QLabel* m_allowAlwaysReason = nullptr;
    QLabel* m_allowAlwaysSource = nullptr;
    LockLabel* m_allowAlwaysLock = nullptr;

    // The organization's denials and whether questions are asked at all, for the test field.
    QList<QPair<HostPattern, QString>> m_managedDeny; // pattern, managed file
    QString m_forbidPromptsFile;
    QString m_profileOrigin;
};

} // namespace cordon::gui
