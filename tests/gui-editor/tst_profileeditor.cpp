// The profile editor (app/gui/editor): invalid input is marked where it is and blocks Save, a fixed
// profile saves and parses back to the same profile, values of the organization are read-only with
// a lock, "test a host" names the rule that decides, secrets survive a round trip, and the dialog
// is usable from the keyboard. HOME, XDG_CONFIG_HOME and CORDON_MANAGED_DIR point at temporary
// directories.

#include "AdvancedPage.h"
#include "FieldMarks.h"
#include "FilesPage.h"
#include "GeneralPage.h"
#include "LimitsPage.h"
#include "NetworkPage.h"
#include "PathChooser.h"
#include "PathRuleTableModel.h"
#include "ProfileCompare.h"
#include "ProfileEditorDialog.h"
#include "ProfileParser.h"
#include "SecretsPage.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace cordon;
using namespace cordon::gui;

namespace {

// The file-dialog seam: answers with the path a test set, without showing anything.
class ScriptedPathChooser final : public PathChooser {
public:
    QString next;
    int asked = 0;
    QString choosePath(QWidget*, const QString&, const QString&) override
    {
        ++asked;
        return std::exchange(next, QString());
    }
};

template <typename T>
T* child(const QWidget* parent, const char* name)
{
    T* w = parent->findChild<T*>(QString::fromLatin1(name));
    if (!w)
        qWarning("no widget %s", name);
    return w;
}

Profile parse(const QByteArray& json)
{
    Profile p;
    QStringList errors;
    if (!ProfileParser::parse(json, QStringLiteral("test.json"), &p, &errors))
        qWarning("%s", qPrintable(errors.join(u'\n')));
    return p;
}

Profile parseFile(const QString& path)
{
    Profile p;
    QStringList errors;
    if (!ProfileParser::parseFile(path, &p, &errors))
        qWarning("%s", qPrintable(errors.join(u'\n')));
    return p;
}

void type(QLineEdit* edit, const QString& text)
{
    edit->selectAll();
    edit->del();
    QTest::keyClicks(edit, text);
}

} // namespace

class TestProfileEditor final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_home;
    std::unique_ptr<QTemporaryDir> m_managed;
    ScriptedPathChooser m_chooser;

    QString userDirectory() const { return m_home->path() + QStringLiteral("/config/cordon/profiles"); }

    void writeManaged(const QString& fileName, const QByteArray& json)
    {
        QFile f(m_managed->filePath(fileName));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(json);
    }

    EditorContext context()
    {
        EditorContext c;
        QStringList errors;
        if (!ProfileEditorDialog::systemContext(&c, &errors))
            qWarning("%s", qPrintable(errors.join(u'\n')));
        c.pathChooser = &m_chooser;
        return c;
    }

    std::unique_ptr<ProfileEditorDialog> open(const Profile& p, ProfileKind kind)
    {
        return std::make_unique<ProfileEditorDialog>(p, kind, context());
    }

private Q_SLOTS:
    void init()
    {
        m_home = std::make_unique<QTemporaryDir>();
        m_managed = std::make_unique<QTemporaryDir>();
        QVERIFY(m_home->isValid() && m_managed->isValid());
        qputenv("HOME", QFile::encodeName(m_home->path()));
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_home->path() + QStringLiteral("/config")));
        qputenv("CORDON_MANAGED_DIR", QFile::encodeName(m_managed->path()));
    }

    void contextComesFromTheEnvironment()
    {
        writeManaged(QStringLiteral("10-base.json"), R"({"kind": "policy", "schemaVersion": 1,
            "network": {"deny": ["*.pastebin.com"]}})");
        const EditorContext c = context();
        QCOMPARE(c.userDirectory, userDirectory());
        QCOMPARE(c.managed.policies.size(), 1);
        QCOMPARE(c.home, m_home->path());
    }

    void invalidProfileCannotBeSaved()
    {
        Profile p = parse(R"({"schemaVersion": 1, "name": "my-agent", "command": ["bash"]})");
        auto dialog = open(p, ProfileKind::New);
        auto* save = child<QPushButton>(dialog.get(), "saveButton");
        QVERIFY(save->isEnabled());

        auto* memory = child<QLineEdit>(dialog.get(), "memoryLineEdit");
        auto* reason = child<QLabel>(dialog.get(), "memoryReasonLabel");
        type(memory, QStringLiteral("4X"));
        QVERIFY(!save->isEnabled());
        QVERIFY(!dialog->isValid());
        QVERIFY(FieldMarks::isInvalid(memory));
        QVERIFY(!reason->isHidden());
        QVERIFY2(
            reason->text().contains(QStringLiteral("expected a size like 512M or 4G")), qPrintable(reason->text()));
        // The tab that holds the field says so too.
        QVERIFY(!dialog->tabs()->tabIcon(dialog->tabs()->indexOf(dialog->limitsPage())).isNull());

        // Fix it: Save comes back, the mark goes.
        type(memory, QStringLiteral("4G"));
        QVERIFY(save->isEnabled());
        QVERIFY(!FieldMarks::isInvalid(memory));
        QVERIFY(reason->isHidden());
        QVERIFY(dialog->tabs()->tabIcon(dialog->tabs()->indexOf(dialog->limitsPage())).isNull());

        QTest::mouseClick(save, Qt::LeftButton);
        QCOMPARE(dialog->result(), int(QDialog::Accepted));
        const QString path = userDirectory() + QStringLiteral("/my-agent.json");
        QCOMPARE(dialog->savedPath(), path);
        const Profile back = parseFile(path);
        QVERIFY(dialog->currentProfile().has_value());
        const QString difference = test::profileDifference(*dialog->currentProfile(), back);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
        QCOMPARE(back.limits.value(LimitKey::Memory), std::optional<qint64>(4LL << 30));
        QCOMPARE(back.command, QStringList{QStringLiteral("bash")});
    }

    void everyPageMarksItsField_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("reasonLabel");
        QTest::addColumn<QString>("expected");
        QTest::newRow("name") << "nameLineEdit"
                              << "Bad Name"
                              << "nameReasonLabel"
                              << "expected 1-64 characters";
        QTest::newRow("pids") << "pidsLineEdit"
                              << "3"
                              << "pidsReasonLabel"
                              << "between 8 and 4194304";
        QTest::newRow("cpu") << "cpuLineEdit"
                             << "0"
                             << "cpuReasonLabel"
                             << "number of CPUs";
        QTest::newRow("timeout") << "timeoutLineEdit"
                                 << "90"
                                 << "timeoutReasonLabel"
                                 << "duration";
        QTest::newRow("askTimeout") << "askTimeoutLineEdit"
                                    << "2h"
                                    << "askTimeoutReasonLabel"
                                    << "between 1s and 1h";
    }
    void everyPageMarksItsField()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QString, reasonLabel);
        QFETCH(QString, expected);
        auto dialog = open(parse(R"({"schemaVersion": 1, "name": "p"})"), ProfileKind::New);
        auto* edit = dialog->findChild<QLineEdit*>(field);
        QVERIFY(edit);
        type(edit, value);
        auto* reason = dialog->findChild<QLabel*>(reasonLabel);
        QVERIFY(reason);
        QVERIFY(!reason->isHidden());
        QVERIFY2(reason->text().contains(expected), qPrintable(reason->text()));
        QVERIFY(!child<QPushButton>(dialog.get(), "saveButton")->isEnabled());
    }

    void invalidPathAndHostAreMarkedInTheirLists()
    {
        auto dialog = open(parse(R"({"schemaVersion": 1, "name": "p"})"), ProfileKind::New);
        auto* save = child<QPushButton>(dialog.get(), "saveButton");

        // Files: Browse (through the seam) adds a ~/ rule; a ".." path is refused at its row.
        m_chooser.next = m_home->path() + QStringLiteral("/data/models");
        QTest::mouseClick(child<QPushButton>(dialog.get(), "browsePathButton"), Qt::LeftButton);
        QCOMPARE(m_chooser.asked, 1);
        PathRuleTableModel* model = dialog->filesPage()->model();
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model->rowCount(), 1);
        QCOMPARE(model->index(0, 0).data().toString(), QStringLiteral("~/data/models"));
        QVERIFY(save->isEnabled());
        QVERIFY(model->setData(model->index(0, 0), QStringLiteral("../escape")));
        QVERIFY(!save->isEnabled());
        QVERIFY(model->index(0, 0).data(PathRuleTableModel::ErrorRole).toString().contains(QStringLiteral("'..'")));
        auto* pathReason = child<QLabel>(dialog.get(), "pathReasonLabel");
        QVERIFY(!pathReason->isHidden());
        QVERIFY(pathReason->text().contains(QStringLiteral("../escape")));
        QVERIFY(model->setData(model->index(0, 0), QStringLiteral("/data/models")));
        QVERIFY(save->isEnabled());
        QVERIFY(pathReason->isHidden());

        // Network: an invalid host typed and added with Enter.
        auto* allow = child<QLineEdit>(dialog.get(), "allowLineEdit");
        type(allow, QStringLiteral("not a host"));
        QTest::keyClick(allow, Qt::Key_Return);
        QVERIFY(dialog->isVisible() || true); // Enter adds; it never saves (no default button)
        QCOMPARE(dialog->result(), 0);
        auto* allowReason = child<QLabel>(dialog.get(), "allowReasonLabel");
        QVERIFY(!allowReason->isHidden());
        QVERIFY2(
            allowReason->text().contains(QStringLiteral("expected host, host:port")), qPrintable(allowReason->text()));
        QVERIFY(!save->isEnabled());
        auto* view = child<QListView>(dialog.get(), "allowListView");
        view->setCurrentIndex(view->model()->index(0, 0));
        QTest::mouseClick(child<QPushButton>(dialog.get(), "allowRemoveButton"), Qt::LeftButton);
        QVERIFY(save->isEnabled());
        QVERIFY(allowReason->isHidden());

        // Advanced: a "set" line without '=' is this editor's own check.
        auto* set = child<QPlainTextEdit>(dialog.get(), "envSetPlainTextEdit");
        set->setPlainText(QStringLiteral("JUST_A_NAME"));
        QVERIFY(!save->isEnabled());
        QVERIFY(child<QLabel>(dialog.get(), "envSetReasonLabel")->text().contains(QStringLiteral("NAME=value")));
        set->setPlainText(QStringLiteral("HOME=/tmp"));
        QVERIFY(!save->isEnabled()); // the parser refuses HOME
        QVERIFY(child<QLabel>(dialog.get(), "envSetReasonLabel")->text().contains(QStringLiteral("HOME")));
        set->setPlainText(QStringLiteral("EDITOR=vi"));
        QVERIFY(save->isEnabled());
    }

    void fixturesRoundTripThroughTheEditor_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::newRow("full") << "valid_full.json";
        QTest::newRow("secrets") << "valid_secrets.json";
        QTest::newRow("minimal") << "valid_minimal.json";
    }
    void fixturesRoundTripThroughTheEditor()
    {
        QFETCH(QString, fixture);
        const Profile original = parseFile(QStringLiteral(CORDON_CORE_FIXTURES "/") + fixture);
        QVERIFY(!original.name.isEmpty());
        // As the person's own file: Save writes it back in place.
        QVERIFY(QDir().mkpath(userDirectory()));
        const QString path = userDirectory() + u'/' + original.name + QStringLiteral(".json");
        QVERIFY(QFile::copy(QStringLiteral(CORDON_CORE_FIXTURES "/") + fixture, path));
        Profile loaded;
        ProfileKind kind = ProfileKind::New;
        QString error;
        QVERIFY2(ProfileEditorDialog::findProfile(original.name, context(), &loaded, &kind, &error), qPrintable(error));
        QCOMPARE(int(kind), int(ProfileKind::User));
        auto dialog = open(loaded, kind);
        QVERIFY2(dialog->isValid(), qPrintable(dialog->problems().join(u'\n')));
        QVERIFY(dialog->save(&error));
        const Profile back = parseFile(path);
        const QString difference = test::profileDifference(original, back);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
    }

    void builtInIsSavedAsMyOwn()
    {
        const EditorContext c = context();
        Profile p;
        ProfileKind kind = ProfileKind::New;
        QString error;
        QVERIFY(ProfileEditorDialog::findProfile(QStringLiteral("claude-code"), c, &p, &kind, &error));
        QCOMPARE(int(kind), int(ProfileKind::BuiltIn));
        ProfileEditorDialog dialog(p, kind, c);
        auto* save = child<QPushButton>(&dialog, "saveButton");
        QCOMPARE(save->text(), QStringLiteral("&Save as my own"));
        QVERIFY(save->isEnabled());
        // Provenance: the built-in origin is shown.
        QVERIFY(child<QLabel>(&dialog, "generalSourceLabel")->text().contains(QStringLiteral("built-in:claude-code")));
        QVERIFY(child<QLabel>(&dialog, "timeoutSourceLabel")->text().contains(QStringLiteral("built-in:claude-code")));
        QVERIFY(child<QLabel>(&dialog, "tmpSizeSourceLabel")->text().contains(QStringLiteral("built-in default")));
        type(child<QLineEdit>(&dialog, "timeoutLineEdit"), QStringLiteral("4h"));
        QVERIFY(child<QLabel>(&dialog, "timeoutSourceLabel")->text().contains(QStringLiteral("changed here")));
        QTest::mouseClick(save, Qt::LeftButton);
        QCOMPARE(dialog.savedPath(), userDirectory() + QStringLiteral("/claude-code.json"));

        // Now it is the person's own, found before the built-in.
        Profile mine;
        QVERIFY(ProfileEditorDialog::findProfile(QStringLiteral("claude-code"), context(), &mine, &kind, &error));
        QCOMPARE(int(kind), int(ProfileKind::User));
        QCOMPARE(mine.limits.value(LimitKey::Timeout), std::optional<qint64>(4 * 3600));
        p.limits.setValue(LimitKey::Timeout, 4 * 3600);
        const QString difference = test::profileDifference(p, mine);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));

        // A copy may not take a name that is already one of the person's profiles.
        ProfileEditorDialog another(p, ProfileKind::BuiltIn, context());
        QVERIFY(!child<QPushButton>(&another, "saveButton")->isEnabled());
        QVERIFY(child<QLabel>(&another, "nameReasonLabel")->text().contains(QStringLiteral("already have")));
    }

    void managedValuesAreReadOnlyWithALock()
    {
        writeManaged(QStringLiteral("10-corp.json"), R"({"kind": "policy", "schemaVersion": 1,
            "filesystem": {"hide": ["~/.ssh"]}, "environment": {"deny": ["*_TOKEN"]},
            "limits": {"max": {"memory": "2G"}}, "forbidBestEffort": true, "forbidPrompts": true,
            "forbidAlways": true, "maxAskTimeout": "30s", "denySecrets": ["AWS_KEY"]})");
        const Profile p = parse(R"({"schemaVersion": 1, "name": "mine", "limits": {"memory": "8G"},
            "filesystem": {"write": ["~/.ssh/known_hosts"]}, "bestEffort": ["cgroup"],
            "secrets": [{"name": "AWS_KEY", "from": {"env": "AWS_KEY"}, "deliver": "request"}]})");
        auto dialog = open(p, ProfileKind::User);
        const QString org = QStringLiteral("set by your organization");
        const QString file = m_managed->filePath(QStringLiteral("10-corp.json"));

        // Questions: forbidPrompts decides "unattended", forbidAlways decides "always".
        auto* unattended = child<QComboBox>(dialog.get(), "unattendedComboBox");
        QVERIFY(!unattended->isEnabled());
        auto* lock = child<LockLabel>(dialog.get(), "unattendedLockLabel");
        QVERIFY(!lock->isHidden());
        QVERIFY(lock->text().contains(org));
        QVERIFY(lock->toolTip().contains(file));
        QVERIFY(!child<QComboBox>(dialog.get(), "allowAlwaysComboBox")->isEnabled());
        QVERIFY(child<LockLabel>(dialog.get(), "allowAlwaysLockLabel")->text().contains(org));
        QVERIFY(child<LockLabel>(dialog.get(), "askTimeoutLockLabel")->text().contains(QStringLiteral("at most 30s")));
        QVERIFY(child<QLabel>(dialog.get(), "unattendedSourceLabel")->text().contains(org));

        // bestEffort: every layer required.
        QVERIFY(!child<QCheckBox>(dialog.get(), "cgroupCheckBox")->isEnabled());
        QVERIFY(child<LockLabel>(dialog.get(), "bestEffortLockLabel")->text().contains(org));
        // Environment denials listed, locked.
        QVERIFY(child<LockLabel>(dialog.get(), "envDenyLockLabel")->text().contains(QStringLiteral("*_TOKEN")));

        // Limits: the ceiling and the capped value in effect.
        QVERIFY(child<LockLabel>(dialog.get(), "memoryLockLabel")->text().contains(QStringLiteral("at most 2G")));
        QVERIFY(child<QLabel>(dialog.get(), "memorySourceLabel")->text().contains(QStringLiteral("2G, ") + org));

        // Files: the managed hide is a locked row that cannot be edited or removed, and the
        // profile's rule under it says it is overridden.
        PathRuleTableModel* model = dialog->filesPage()->model();
        int lockedRow = -1;
        int writeRow = -1;
        for (int r = 0; r < model->rowCount(); ++r) {
            if (model->index(r, 0).data(PathRuleTableModel::LockedRole).toBool())
                lockedRow = r;
            else
                writeRow = r;
        }
        QVERIFY(lockedRow >= 0 && writeRow >= 0);
        QCOMPARE(model->index(lockedRow, 0).data().toString(), QStringLiteral("~/.ssh"));
        QVERIFY(!(model->flags(model->index(lockedRow, 0)) & Qt::ItemIsEditable));
        QVERIFY(!model->setData(model->index(lockedRow, 0), QStringLiteral("~/other")));
        QVERIFY(!model->removeRows(lockedRow, 1));
        QVERIFY(model->index(lockedRow, PathRuleTableModel::SourceColumn).data().toString().contains(org));
        QVERIFY(model->index(writeRow, PathRuleTableModel::SourceColumn)
                    .data()
                    .toString()
                    .contains(QStringLiteral("hidden by ~/.ssh")));

        // Secrets: the denied secret stays listed, locked, with the reason.
        auto* denied = child<LockLabel>(dialog.get(), "secretDeniedLockLabel");
        QVERIFY(!denied->isHidden());
        QVERIFY(denied->text().contains(QStringLiteral("denied by managed policy")));

        // The managed values are not written into the person's profile.
        QString error;
        QVERIFY2(dialog->save(&error), qPrintable(error));
        const Profile back = parseFile(dialog->savedPath());
        QVERIFY(back.hide.isEmpty());
        QCOMPARE(back.limits.value(LimitKey::Memory), std::optional<qint64>(8LL << 30));
        QVERIFY(!back.unattended.has_value());
    }

    void lockedProfileIsReadOnly()
    {
        writeManaged(QStringLiteral("10-lock.json"), R"({"kind": "policy", "schemaVersion": 1,
            "lockedProfiles": ["shell"]})");
        const EditorContext c = context();
        Profile p;
        ProfileKind kind = ProfileKind::New;
        QString error;
        QVERIFY(ProfileEditorDialog::findProfile(QStringLiteral("shell"), c, &p, &kind, &error));
        QCOMPARE(int(kind), int(ProfileKind::Managed));
        ProfileEditorDialog dialog(p, kind, c);
        QVERIFY(!child<QPushButton>(&dialog, "saveButton")->isEnabled());
        auto* banner = child<LockLabel>(&dialog, "profileLockLabel");
        QVERIFY(!banner->isHidden());
        QVERIFY(banner->text().contains(QStringLiteral("set by your organization")));
        QVERIFY(child<QLineEdit>(&dialog, "nameLineEdit")->isReadOnly());
        QVERIFY(child<QLineEdit>(&dialog, "memoryLineEdit")->isReadOnly());
        QVERIFY(!child<QPushButton>(&dialog, "addPathButton")->isEnabled());
        QCOMPARE(child<QTableView>(&dialog, "pathTableView")->editTriggers(), QAbstractItemView::NoEditTriggers);
        QVERIFY(!dialog.save(&error));
        QVERIFY(!QFileInfo::exists(userDirectory() + QStringLiteral("/shell.json")));
        // Testing a host still works on a locked profile.
        QVERIFY(!child<QLineEdit>(&dialog, "testHostLineEdit")->isReadOnly());

        // A new profile may not take a managed name.
        ProfileEditorDialog copy(parse(R"({"schemaVersion": 1, "name": "shell"})"), ProfileKind::New, c);
        QVERIFY(!child<QPushButton>(&copy, "saveButton")->isEnabled());
        QVERIFY(child<QLabel>(&copy, "nameReasonLabel")->text().contains(QStringLiteral("your organization manages")));
    }

    void testHostNamesTheDecidingRule_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("verdict");
        QTest::addColumn<QString>("rule");
        QTest::addColumn<QString>("from");
        QTest::newRow("*.domain matches a subdomain") << "api.example.org"
                                                      << "allow"
                                                      << "allow:*.example.org"
                                                      << "this profile";
        QTest::newRow("*.domain does not match the domain") << "example.org"
                                                            << "ask"
                                                            << ""
                                                            << "";
        QTest::newRow("a deny beats an allow") << "bad.example.org"
                                               << "deny"
                                               << "deny:bad.example.org"
                                               << "this profile";
        QTest::newRow("host:port, that port") << "api.example.com:443"
                                              << "allow"
                                              << "allow:api.example.com:443"
                                              << "this profile";
        QTest::newRow("host:port, another port") << "api.example.com:80"
                                                 << "ask"
                                                 << ""
                                                 << "";
        QTest::newRow("port defaults to 443") << "api.example.com"
                                              << "allow"
                                              << "allow:api.example.com:443"
                                              << "this profile";
        QTest::newRow("managed deny") << "x.pastebin.com"
                                      << "deny"
                                      << "deny:*.pastebin.com"
                                      << "set by your organization";
        QTest::newRow("managed deny beats an allow") << "good.test"
                                                     << "deny"
                                                     << "deny:good.test"
                                                     << "set by your organization";
        QTest::newRow("upper case and trailing dot") << "API.Example.ORG."
                                                     << "allow"
                                                     << "allow:*.example.org"
                                                     << "this profile";
        QTest::newRow("ip literal") << "192.0.2.1:8080"
                                    << "allow"
                                    << "allow:192.0.2.1"
                                    << "this profile";
        QTest::newRow("ip in disguise") << "127.1"
                                        << ""
                                        << ""
                                        << "";
    }
    void testHostNamesTheDecidingRule()
    {
        QFETCH(QString, host);
        QFETCH(QString, verdict);
        QFETCH(QString, rule);
        QFETCH(QString, from);
        writeManaged(QStringLiteral("10-net.json"), R"({"kind": "policy", "schemaVersion": 1,
            "network": {"deny": ["*.pastebin.com", "good.test"]}})");
        const Profile p = parse(R"({"schemaVersion": 1, "name": "net", "network": {
            "allow": ["*.example.org", "api.example.com:443", "good.test", "192.0.2.1"], "deny": ["bad.example.org"]}})");
        auto dialog = open(p, ProfileKind::User);
        auto* field = child<QLineEdit>(dialog.get(), "testHostLineEdit");
        auto* result = child<QLabel>(dialog.get(), "testHostResultLabel");
        type(field, host);
        QCOMPARE(result->property("verdict").toString(), verdict);
        QCOMPARE(result->property("rule").toString(), rule);
        QVERIFY(!result->text().isEmpty());
        if (!rule.isEmpty())
            QVERIFY2(result->text().contains(rule), qPrintable(result->text()));
        if (!from.isEmpty())
            QVERIFY2(result->text().contains(from), qPrintable(result->text()));
        // The managed list is shown, locked.
        QCOMPARE(child<QListView>(dialog.get(), "managedDenyListView")->model()->rowCount(), 2);
        QVERIFY(child<LockLabel>(dialog.get(), "managedDenyLockLabel")
                    ->text()
                    .contains(QStringLiteral("set by your organization")));
    }

    void testHostFollowsEdits()
    {
        auto dialog = open(parse(R"({"schemaVersion": 1, "name": "net"})"), ProfileKind::New);
        auto* field = child<QLineEdit>(dialog.get(), "testHostLineEdit");
        auto* result = child<QLabel>(dialog.get(), "testHostResultLabel");
        type(field, QStringLiteral("a.example.net"));
        QCOMPARE(result->property("verdict").toString(), QStringLiteral("ask"));
        auto* deny = child<QLineEdit>(dialog.get(), "denyLineEdit");
        type(deny, QStringLiteral("*.example.net"));
        QTest::keyClick(deny, Qt::Key_Return);
        QCOMPARE(result->property("verdict").toString(), QStringLiteral("deny"));
        QCOMPARE(result->property("rule").toString(), QStringLiteral("deny:*.example.net"));
    }

    void forbidPromptsTurnsAskIntoDeny()
    {
        writeManaged(QStringLiteral("10-q.json"), R"({"kind": "policy", "schemaVersion": 1, "forbidPrompts": true})");
        auto dialog = open(parse(R"({"schemaVersion": 1, "name": "net"})"), ProfileKind::New);
        type(child<QLineEdit>(dialog.get(), "testHostLineEdit"), QStringLiteral("unknown.example"));
        auto* result = child<QLabel>(dialog.get(), "testHostResultLabel");
        QCOMPARE(result->property("verdict").toString(), QStringLiteral("deny"));
        QVERIFY(result->text().contains(QStringLiteral("forbids questions")));
    }

    void secretsRoundTrip()
    {
        auto dialog = open(parse(R"({"schemaVersion": 1, "name": "secretive"})"), ProfileKind::New);
        auto* save = child<QPushButton>(dialog.get(), "saveButton");
        auto* add = child<QPushButton>(dialog.get(), "addSecretButton");
        auto* name = child<QLineEdit>(dialog.get(), "secretNameLineEdit");
        auto* source = child<QComboBox>(dialog.get(), "secretSourceComboBox");
        auto* deliver = child<QComboBox>(dialog.get(), "secretDeliverComboBox");
        auto* ttl = child<QLineEdit>(dialog.get(), "secretTtlLineEdit");
        auto* always = child<QComboBox>(dialog.get(), "secretAllowAlwaysComboBox");

        // 1: a file, delivered as a file, for 15 minutes, "always" offered.
        QTest::mouseClick(add, Qt::LeftButton);
        QVERIFY(!save->isEnabled()); // a secret without a name
        QVERIFY(!child<QLabel>(dialog.get(), "secretNameReasonLabel")->isHidden());
        type(name, QStringLiteral("NPM_TOKEN"));
        source->setCurrentIndex(1);
        m_chooser.next = m_home->path() + QStringLiteral("/.npmrc");
        QTest::mouseClick(child<QPushButton>(dialog.get(), "secretFileBrowseButton"), Qt::LeftButton);
        QCOMPARE(child<QLineEdit>(dialog.get(), "secretFileLineEdit")->text(), QStringLiteral("~/.npmrc"));
        deliver->setCurrentIndex(1);
        type(ttl, QStringLiteral("99d"));
        QVERIFY(!save->isEnabled());
        QVERIFY(
            child<QLabel>(dialog.get(), "secretTtlReasonLabel")->text().contains(QStringLiteral("between 1s and 30d")));
        type(ttl, QStringLiteral("15m"));
        always->setCurrentIndex(1);
        QVERIFY2(save->isEnabled(), qPrintable(dialog->problems().join(u'\n')));

        // 2: an environment variable delivered as another variable; a ttl cannot be set for it.
        QTest::mouseClick(add, Qt::LeftButton);
        type(name, QStringLiteral("GH"));
        source->setCurrentIndex(0);
        type(child<QLineEdit>(dialog.get(), "secretEnvLineEdit"), QStringLiteral("GITHUB_TOKEN"));
        deliver->setCurrentIndex(0);
        QVERIFY(!ttl->isEnabled());
        type(child<QLineEdit>(dialog.get(), "secretAsLineEdit"), QStringLiteral("GH_TOKEN"));

        // 3: the keyring, on request; a line without '=' is marked.
        QTest::mouseClick(add, Qt::LeftButton);
        type(name, QStringLiteral("DEPLOY"));
        source->setCurrentIndex(2);
        auto* keyring = child<QPlainTextEdit>(dialog.get(), "secretKeyringPlainTextEdit");
        keyring->setPlainText(QStringLiteral("service"));
        QVERIFY(!save->isEnabled());
        QVERIFY(child<QLabel>(dialog.get(), "secretKeyringReasonLabel")
                    ->text()
                    .contains(QStringLiteral("attribute=value")));
        keyring->setPlainText(QStringLiteral("service=deploy\naccount=me"));
        deliver->setCurrentIndex(2);
        QVERIFY2(save->isEnabled(), qPrintable(dialog->problems().join(u'\n')));

        // A duplicate name is reported on the secret that repeats it.
        QTest::mouseClick(add, Qt::LeftButton);
        type(name, QStringLiteral("GH"));
        source->setCurrentIndex(0);
        type(child<QLineEdit>(dialog.get(), "secretEnvLineEdit"), QStringLiteral("X"));
        QVERIFY(!save->isEnabled());
        QVERIFY(
            child<QLabel>(dialog.get(), "secretNameReasonLabel")->text().contains(QStringLiteral("already declared")));
        QTest::mouseClick(child<QPushButton>(dialog.get(), "removeSecretButton"), Qt::LeftButton);
        QCOMPARE(dialog->secretsPage()->secretCount(), 3);
        QVERIFY(save->isEnabled());

        QString error;
        QVERIFY2(dialog->save(&error), qPrintable(error));
        const Profile back = parseFile(dialog->savedPath());
        QCOMPARE(back.secrets.size(), 3);
        const ProfileSecret& npm = back.secrets.at(0);
        QCOMPARE(npm.name, QStringLiteral("NPM_TOKEN"));
        QCOMPARE(int(npm.sourceKind), int(ProfileSecret::SourceKind::File));
        QCOMPARE(npm.sourceFile.text(), QStringLiteral("~/.npmrc"));
        QCOMPARE(int(npm.deliver), int(ProfileSecret::Delivery::File));
        QCOMPARE(npm.ttlSeconds, 15 * 60);
        QCOMPARE(npm.allowAlways, std::optional<bool>(true));
        const ProfileSecret& gh = back.secrets.at(1);
        QCOMPARE(gh.sourceEnv, QStringLiteral("GITHUB_TOKEN"));
        QCOMPARE(int(gh.deliver), int(ProfileSecret::Delivery::Env));
        QCOMPARE(gh.envName, QStringLiteral("GH_TOKEN"));
        QVERIFY(!gh.allowAlways.has_value());
        const ProfileSecret& deploy = back.secrets.at(2);
        QCOMPARE(int(deploy.sourceKind), int(ProfileSecret::SourceKind::Keyring));
        QCOMPARE(deploy.keyringAttributes.size(), 2);
        QCOMPARE(int(deploy.deliver), int(ProfileSecret::Delivery::Request));

        // And back into the editor: the same profile comes out again.
        auto again = open(back, ProfileKind::User);
        QVERIFY(again->isValid());
        const QString difference = test::profileDifference(back, *again->currentProfile());
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
        auto* list = child<QListWidget>(again.get(), "secretsListWidget");
        QCOMPARE(list->count(), 3);
        list->setCurrentRow(1);
        QCOMPARE(child<QLineEdit>(again.get(), "secretAsLineEdit")->text(), QStringLiteral("GH_TOKEN"));
    }

    void keyboardTabReachesSaveAndEscCancels()
    {
        auto dialog = open(parse(R"({"schemaVersion": 1, "name": "keys"})"), ProfileKind::New);
        dialog->show();
        QApplication::setActiveWindow(dialog.get());
        QVERIFY(QTest::qWaitForWindowActive(dialog.get()));
        auto* save = child<QPushButton>(dialog.get(), "saveButton");
        auto* name = child<QLineEdit>(dialog.get(), "nameLineEdit");
        name->setFocus();
        QTRY_COMPARE(QApplication::focusWidget(), name);
        bool reached = false;
        for (int i = 0; i < 60 && !reached; ++i) {
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
            reached = QApplication::focusWidget() == save;
        }
        QVERIFY2(reached, "Tab never reached the Save button");
        // Enter in a field does what the field says (adds a host) and never saves by surprise.
        dialog->tabs()->setCurrentWidget(dialog->networkPage());
        auto* deny = child<QLineEdit>(dialog.get(), "denyLineEdit");
        deny->setFocus();
        QTest::keyClicks(deny, QStringLiteral("sentry.io"));
        QTest::keyClick(deny, Qt::Key_Return);
        QVERIFY(dialog->isVisible());
        QCOMPARE(dialog->result(), 0);
        QCOMPARE(child<QListView>(dialog.get(), "denyListView")->model()->rowCount(), 1);
        QVERIFY(!save->isDefault());
        // Space on the focused Save button saves.
        save->setFocus();
        QTest::keyClick(save, Qt::Key_Space);
        QCOMPARE(dialog->result(), int(QDialog::Accepted));
        QVERIFY(QFileInfo::exists(userDirectory() + QStringLiteral("/keys.json")));
        QCOMPARE(parseFile(userDirectory() + QStringLiteral("/keys.json")).networkDeny.size(), 1);

        // Every page is reachable with Ctrl+Tab, and Esc cancels without writing.
        auto other = open(parse(R"({"schemaVersion": 1, "name": "esc"})"), ProfileKind::New);
        other->show();
        QApplication::setActiveWindow(other.get());
        QVERIFY(QTest::qWaitForWindowActive(other.get()));
        QTabWidget* tabs = other->tabs();
        tabs->setFocus();
        for (int i = 1; i < tabs->count(); ++i) {
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab, Qt::ControlModifier);
            QCOMPARE(tabs->currentIndex(), i);
        }
        type(child<QLineEdit>(other.get(), "memoryLineEdit"), QStringLiteral("4G"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
        QCOMPARE(other->result(), int(QDialog::Rejected));
        QVERIFY(!other->isVisible());
        QVERIFY(!QFileInfo::exists(userDirectory() + QStringLiteral("/esc.json")));
    }

    // Every interactive field has a label whose mnemonic reaches it (buddy), so the keyboard
    // gets everywhere, and every widget the tests name follows the naming rule.
    void objectNamesEndWithTheClassName()
    {
        auto dialog = open(parse(R"({"schemaVersion": 1, "name": "names"})"), ProfileKind::New);
        const auto widgets = dialog->findChildren<QWidget*>();
        int named = 0;
        for (QWidget* w : widgets) {
            const QString name = w->objectName();
            if (name.isEmpty() || name.startsWith(QStringLiteral("qt_")))
                continue;
            ++named;
            QString cls = QString::fromLatin1(w->metaObject()->className()).section(QStringLiteral("::"), -1);
            if (cls.startsWith(u'Q'))
                cls = cls.mid(1);
            // The class name or its last words: saveButton (QPushButton), buttonBox (QDialogButtonBox).
            bool ok = false;
            for (qsizetype i = cls.size() - 1; i >= 0 && !ok; --i)
                if (cls.at(i).isUpper())
                    ok = name.endsWith(cls.mid(i), Qt::CaseInsensitive);
            QVERIFY2(ok, qPrintable(name + QStringLiteral(" is a ") + cls));
        }
        QVERIFY(named > 40);
    }
};

QTEST_MAIN(TestProfileEditor)
#include "tst_profileeditor.moc"
