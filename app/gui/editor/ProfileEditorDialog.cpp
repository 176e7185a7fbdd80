#include "ProfileEditorDialog.h"

#include "AdvancedPage.h"
#include "FieldMarks.h"
#include "FilesPage.h"
#include "GeneralPage.h"
#include "LimitsPage.h"
#include "ManagedPolicyLoader.h"
#include "NetworkPage.h"
#include "PolicyResolver.h"
#include "ProfileLocator.h"
#include "ProfileParser.h"
#include "ProfileWriter.h"
#include "SecretsPage.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QSaveFile>
#include <QTabWidget>
#include <QVBoxLayout>

#include <utility>

namespace cordon::gui {

namespace {

// The name parse errors carry for the document the editor assembles ("profile: /limits/memory: ...").
const QString kDocumentName = QStringLiteral("profile");

// A workspace for resolving the effective policy: the editor shows a profile, not a launch.
const QString kPreviewWorkspace = QStringLiteral("/nonexistent/cordon-editor-workspace");

} // namespace

ProfileEditorDialog::ProfileEditorDialog(
    const Profile& profile, ProfileKind kind, EditorContext context, QWidget* parent)
    : QDialog(parent), m_kind(kind), m_context(std::move(context)), m_originalName(profile.name)
{
    setObjectName(QStringLiteral("profileEditorDialog"));
    if (m_context.home.isEmpty())
        m_context.home = QDir::homePath();
    if (m_context.userDirectory.isEmpty())
        m_context.userDirectory = ProfileLocator::defaultUserDirectory();
    setWindowTitle(profile.name.isEmpty() ? tr("New profile") : tr("Profile %1").arg(profile.name));

    if (kind == ProfileKind::Managed) {
        m_lockedBy = m_context.managed.lockingFile(profile.name);
        if (m_lockedBy.isEmpty())
            m_lockedBy = profile.origin;
    }
    ResolveRequest request;
    request.profile = profile;
    request.profileSource = m_context.managed.findProfile(profile.name) && kind == ProfileKind::Managed
                                ? Source::Organization
                                : Source::Profile;
    request.managed = m_context.managed;
    request.home = m_context.home;
    request.workspace = kPreviewWorkspace;
    EffectivePolicy effective;
    PolicyError error;
    if (PolicyResolver::resolve(request, &effective, &error))
        m_effective = effective;

    m_kindLabel = FieldMarks::makeSourceLabel(this, QStringLiteral("kindLabel"));
    m_lockBanner = new LockLabel(QStringLiteral("profileLockLabel"), this);
    switch (kind) {
    case ProfileKind::User: m_kindLabel->setText(tr("Your profile: %1").arg(profile.origin)); break;
    case ProfileKind::BuiltIn:
        m_kindLabel->setText(
            tr("A built-in profile. \"Save as my own\" saves your copy, which is used instead of it."));
        break;
    case ProfileKind::Managed:
        m_lockBanner->setFile(m_lockedBy,
            tr("%1: this profile can be launched as it is, not changed").arg(FieldMarks::organizationText()));
        m_kindLabel->setText(tr("Managed: %1").arg(m_lockedBy));
        break;
    case ProfileKind::New: m_kindLabel->setText(tr("A new profile, not saved yet")); break;
    }

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("pageTabWidget"));
    m_general = new GeneralPage(m_tabs);
    m_files = new FilesPage(m_tabs);
    m_network = new NetworkPage(m_tabs);
    m_secrets = new SecretsPage(m_tabs);
    m_limits = new LimitsPage(m_tabs);
    m_advanced = new AdvancedPage(m_tabs);
    m_pages = {m_general, m_files, m_network, m_secrets, m_limits, m_advanced};
    PageState state;
    state.context = &m_context;
    state.effective = m_effective ? &*m_effective : nullptr;
    state.lockedBy = m_lockedBy;
    for (EditorPage* page : std::as_const(m_pages)) {
        page->load(profile, state);
        m_tabs->addTab(page, page->title());
    }

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    // A plain row, not a QDialogButtonBox: that one makes its first accept button the default when
    // shown, and Enter in a field (adding a host, say) must never save by surprise.
    m_save = new QPushButton(kind == ProfileKind::BuiltIn ? tr("&Save as my own") : tr("&Save"), this);
    m_save->setObjectName(QStringLiteral("saveButton"));
    m_cancel = new QPushButton(kind == ProfileKind::Managed ? tr("&Close") : tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    for (QPushButton* b : {m_save, m_cancel}) {
        b->setAutoDefault(false);
        b->setDefault(false);
    }
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_save);
    buttons->addWidget(m_cancel);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_lockBanner);
    layout->addWidget(m_kindLabel);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_status);
    layout->addLayout(buttons);

    connect(m_save, &QPushButton::clicked, this, &ProfileEditorDialog::saveClicked);
    connect(m_cancel, &QPushButton::clicked, this, &QDialog::reject);
    for (EditorPage* page : std::as_const(m_pages))
        connect(page, &EditorPage::changed, this, &ProfileEditorDialog::scheduleValidation);

    resize(860, 680);
    validate();
}

bool ProfileEditorDialog::systemContext(EditorContext* out, QStringList* errors)
{
    EditorContext context;
    context.userDirectory = ProfileLocator::defaultUserDirectory();
    context.home = QDir::homePath();
    const bool ok = ManagedPolicyLoader::loadDefault(&context.managed, errors);
    *out = context;
    return ok;
}

bool ProfileEditorDialog::findProfile(
    const QString& name, const EditorContext& context, Profile* out, ProfileKind* kind, QString* error)
{
    const ProfileLocator locator(context.managed, context.userDirectory);
    Source source = Source::Profile;
    PolicyError policyError;
    if (!locator.find(name, out, &source, &policyError)) {
        *error = policyError.message;
        return false;
    }
    if (source == Source::Organization || !context.managed.lockingFile(out->name).isEmpty())
        *kind = ProfileKind::Managed;
    else if (out->origin.startsWith(QStringLiteral("built-in:")))
        *kind = ProfileKind::BuiltIn;
    else
        *kind = ProfileKind::User;
    return true;
}

QString ProfileEditorDialog::targetPath() const
{
    return m_context.userDirectory + u'/' + m_general->nameText() + QStringLiteral(".json");
}

void ProfileEditorDialog::scheduleValidation()
{
    // Synchronous, but never re-entered: marking errors must not count as an edit.
    if (m_validationQueued)
        return;
    m_validationQueued = true;
    validate();
    m_validationQueued = false;
}

void ProfileEditorDialog::validate()
{
    const bool wasQueued = m_validationQueued;
    m_validationQueued = true;
    for (EditorPage* page : std::as_const(m_pages))
        page->clearErrors();

    QJsonObject root;
    root.insert(QStringLiteral("schemaVersion"), 1);
    QStringList local;
    for (EditorPage* page : std::as_const(m_pages))
        page->contribute(&root, &local);

    Profile parsed;
    QStringList errors;
    const bool ok = ProfileParser::parse(QJsonDocument(root).toJson(), kDocumentName, &parsed, &errors);
    m_problems = local;
    QList<int> errorsPerPage(m_pages.size(), 0);
    auto show = [&](const QString& pointer, const QString& message) {
        for (int i = 0; i < m_pages.size(); ++i) {
            if (m_pages.at(i)->showError(pointer, message)) {
                ++errorsPerPage[i];
                return;
            }
        }
    };
    if (!ok) {
        const QString prefix = kDocumentName + QStringLiteral(": ");
        for (const QString& e : std::as_const(errors)) {
            QString rest = e.startsWith(prefix) ? e.mid(prefix.size()) : e;
            const auto colon = rest.indexOf(QStringLiteral(": "));
            const QString pointer = colon > 0 ? rest.left(colon) : QStringLiteral("/");
            const QString message = colon > 0 ? rest.mid(colon + 2) : rest;
            show(pointer, message);
            m_problems.append(pointer + QStringLiteral(": ") + message);
        }
    }
    // What only the editor knows: which file the name would write, and whose names are taken.
    if (ok && m_kind != ProfileKind::Managed) {
        const QString lockedBy = m_context.managed.lockingFile(parsed.name);
        QString message;
        if (!lockedBy.isEmpty())
            message = tr("your organization manages a profile named \"%1\" (%2); choose another name")
                          .arg(parsed.name, lockedBy);
        else if (QFileInfo::exists(targetPath()) && !(m_kind == ProfileKind::User && parsed.name == m_originalName))
            message =
                tr("you already have a profile named \"%1\" (%2); choose another name").arg(parsed.name, targetPath());
        if (!message.isEmpty()) {
            show(QStringLiteral("/name"), message);
            m_problems.append(QStringLiteral("/name: ") + message);
        }
    }
    if (ok && m_problems.isEmpty()) {
        parsed.origin = targetPath();
        m_parsed = parsed;
    } else {
        m_parsed.reset();
    }

    for (int i = 0; i < m_pages.size(); ++i) {
        bool marked = errorsPerPage.at(i) > 0;
        // Problems a page found itself (a line without '=') are marked on its widgets.
        const auto widgets = m_pages.at(i)->findChildren<QWidget*>();
        for (const QWidget* w : widgets)
            marked = marked || FieldMarks::isInvalid(w);
        m_tabs->setTabIcon(i, marked ? FieldMarks::errorIcon() : QIcon());
        m_tabs->setTabToolTip(i, marked ? tr("Something on this page needs fixing") : QString());
    }

    const bool editable = m_kind != ProfileKind::Managed;
    m_save->setEnabled(editable && m_parsed.has_value());
    if (!editable) {
        m_save->setToolTip(FieldMarks::organizationText());
        m_status->setText(QString());
    } else if (m_parsed) {
        m_status->setStyleSheet(QStringLiteral("color: #5f6368;"));
        m_status->setText(tr("Ready to save to %1").arg(targetPath()));
        m_save->setToolTip(targetPath());
    } else {
        m_status->setStyleSheet(QStringLiteral("color: #c62828;"));
        m_status->setText(
            tr("%n problem(s) to fix before saving. First: %1", nullptr, static_cast<int>(m_problems.size()))
                .arg(m_problems.value(0)));
        m_save->setToolTip(tr("Fix the marked fields first"));
    }
    m_validationQueued = wasQueued;
}

bool ProfileEditorDialog::save(QString* error)
{
    validate();
    if (!m_parsed || m_kind == ProfileKind::Managed) {
        *error = tr("The profile cannot be saved: %1").arg(m_problems.value(0, FieldMarks::organizationText()));
        return false;
    }
    const QString path = targetPath();
    const QString directory = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(directory)) {
        *error = tr("Cannot create %1").arg(directory);
        return false;
    }
    // Written whole or not at all: a crash mid-write must not leave half a profile.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    const QByteArray bytes = ProfileWriter::write(*m_parsed);
    if (file.write(bytes) != bytes.size() || !file.commit()) {
        *error = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    m_savedPath = path;
    Q_EMIT saved(path);
    return true;
}

void ProfileEditorDialog::saveClicked()
{
    QString error;
    if (!save(&error)) {
        m_status->setStyleSheet(QStringLiteral("color: #c62828;"));
        m_status->setText(error);
        return;
    }
    accept();
}

} // namespace cordon::gui
