#include "MainWindow.h"

#include "EventPresentation.h"
#include "FileDialog.h"
#include "GrantModel.h"
#include "HelperConnection.h"
#include "InertText.h"
#include "MessageBox.h"
#include "ProfileEditorDialog.h"
#include "ProfileListModel.h"
#include "SessionModel.h"
#include "SettingsDialog.h"
#include "TerminalLauncher.h"
#include "TimelineExporter.h"
#include "TimelineModel.h"
#include "Translations.h"

#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProcessEnvironment>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

namespace cordon::gui {

namespace {

QTreeView* makeTableView(QWidget* parent, const QString& objectName)
{
    auto* view = new QTreeView(parent);
    view->setObjectName(objectName);
    view->setRootIsDecorated(false);
    view->setUniformRowHeights(true); // what keeps a long timeline cheap to lay out
    view->setAlternatingRowColors(true);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->header()->setStretchLastSection(true);
    return view;
}

QLabel* makeEmptyLabel(const QString& text, QWidget* parent, const QString& objectName)
{
    auto* label = new QLabel(text, parent);
    label->setObjectName(objectName);
    label->setAlignment(Qt::AlignCenter);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    label->setMargin(24);
    return label;
}

QString settingsKey(const QString& profile)
{
    // Profile names are [a-z0-9-] (Profile::isValidName); keep any other character out of the key.
    QString key = profile;
    key.replace(u'/', u'_');
    return QStringLiteral("workspaces/") + key;
}

QString lastProfileKey()
{
    return QStringLiteral("ui/lastProfile");
}

} // namespace

MainWindow::MainWindow(HelperConnection* connection, Models models, QSettings* settings, QWidget* parent)
    : QMainWindow(parent), m_connection(connection), m_models(models), m_settings(settings)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Cordon"));
    setWindowIcon(QIcon(QStringLiteral(":/cordon/icons/cordon.svg")));

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("mainTabWidget"));
    m_tabs->addTab(buildSessionsPage(), QIcon(QStringLiteral(":/cordon/icons/kind-launch.svg")), tr("&Sessions"));
    m_tabs->addTab(buildTimelinePage(), QIcon(QStringLiteral(":/cordon/icons/kind-exec.svg")), tr("&Timeline"));
    m_tabs->addTab(buildGrantsPage(), QIcon(QStringLiteral(":/cordon/icons/kind-decision.svg")), tr("&Grants"));

    auto* splitter = new QSplitter(this);
    splitter->setObjectName(QStringLiteral("mainSplitter"));
    splitter->addWidget(buildProfilePane());
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({320, 780});
    setCentralWidget(splitter);

    m_connectionLabel = new QLabel(this);
    m_connectionLabel->setObjectName(QStringLiteral("connectionLabel"));
    statusBar()->addWidget(m_connectionLabel, 1);
    connect(m_connection, &HelperConnection::stateChanged, this, &MainWindow::updateConnectionStatus);
    connect(m_connection, &HelperConnection::problem, this,
        [this](const QString& message) { statusBar()->showMessage(message, 15000); });
    updateConnectionStatus();
    updateEmptyStates();
    updateButtons();
    resize(1100, 640);
}

QWidget* MainWindow::buildProfilePane()
{
    auto* pane = new QWidget(this);
    auto* title = new QLabel(tr("Profiles"), pane);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);

    m_profileView = makeTableView(pane, QStringLiteral("profileView"));
    m_profileView->setModel(m_models.profiles);
    m_profileView->setAlternatingRowColors(false);
    m_profileView->header()->setSectionResizeMode(ProfileListModel::NameColumn, QHeaderView::Stretch);
    m_profileView->header()->setSectionResizeMode(ProfileListModel::KindColumn, QHeaderView::ResizeToContents);
    m_profileView->header()->setStretchLastSection(false);
    title->setBuddy(m_profileView);

    auto* workspaceLabel = new QLabel(tr("&Workspace:"), pane);
    m_workspaceEdit = new QLineEdit(pane);
    m_workspaceEdit->setObjectName(QStringLiteral("workspaceLineEdit"));
    m_workspaceEdit->setPlaceholderText(tr("Choose the project folder"));
    workspaceLabel->setBuddy(m_workspaceEdit);
    m_browseButton = new QPushButton(tr("&Browse…"), pane);
    m_browseButton->setObjectName(QStringLiteral("browseButton"));
    m_launchButton = new QPushButton(QIcon(QStringLiteral(":/cordon/icons/kind-launch.svg")), tr("&Launch"), pane);
    m_launchButton->setObjectName(QStringLiteral("launchButton"));
    m_launchButton->setDefault(true);

    m_newProfileButton = new QPushButton(tr("&New…"), pane);
    m_newProfileButton->setObjectName(QStringLiteral("newProfileButton"));
    m_editProfileButton = new QPushButton(tr("&Edit…"), pane);
    m_editProfileButton->setObjectName(QStringLiteral("editProfileButton"));
    m_settingsButton = new QPushButton(tr("Se&ttings…"), pane);
    m_settingsButton->setObjectName(QStringLiteral("settingsButton"));
    auto* profileButtons = new QHBoxLayout;
    profileButtons->addWidget(m_settingsButton);
    profileButtons->addStretch();
    profileButtons->addWidget(m_newProfileButton);
    profileButtons->addWidget(m_editProfileButton);

    auto* workspaceRow = new QHBoxLayout;
    workspaceRow->addWidget(m_workspaceEdit, 1);
    workspaceRow->addWidget(m_browseButton);

    auto* layout = new QVBoxLayout(pane);
    layout->addWidget(title);
    layout->addWidget(m_profileView, 1);
    layout->addLayout(profileButtons);
    layout->addWidget(workspaceLabel);
    layout->addLayout(workspaceRow);
    layout->addWidget(m_launchButton);

    connect(m_profileView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        updateWorkspaceField();
        updateButtons();
    });
    connect(m_models.profiles, &QAbstractItemModel::modelReset, this, [this] {
        if (!m_profileView->currentIndex().isValid())
            selectInitialProfile();
        updateButtons();
    });
    connect(m_profileView, &QAbstractItemView::activated, this, &MainWindow::launchSelected);
    connect(m_browseButton, &QPushButton::clicked, this, &MainWindow::chooseWorkspace);
    connect(m_editProfileButton, &QPushButton::clicked, this, &MainWindow::editSelectedProfile);
    connect(m_newProfileButton, &QPushButton::clicked, this, &MainWindow::newProfile);
    connect(m_settingsButton, &QPushButton::clicked, this, &MainWindow::openSettings);
    connect(m_launchButton, &QPushButton::clicked, this, &MainWindow::launchSelected);
    selectInitialProfile();
    return pane;
}

QWidget* MainWindow::buildSessionsPage()
{
    auto* page = new QWidget(this);
    m_sessionView = makeTableView(page, QStringLiteral("sessionView"));
    m_sessionView->setModel(m_models.sessions);
    m_sessionView->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_sessionView->header()->setSectionResizeMode(SessionModel::WorkspaceColumn, QHeaderView::Stretch);
    m_sessionView->header()->setStretchLastSection(false);
    m_sessionsStack = new QStackedWidget(page);
    m_sessionsStack->addWidget(
        makeEmptyLabel(tr("No sessions yet.\nPick a profile, choose its workspace and press Launch."), page,
            QStringLiteral("sessionsEmptyLabel")));
    m_sessionsStack->addWidget(m_sessionView);

    m_stopButton = new QPushButton(tr("St&op"), page);
    m_stopButton->setObjectName(QStringLiteral("stopButton"));
    m_stopAllButton = new QPushButton(tr("Stop &all"), page);
    m_stopAllButton->setObjectName(QStringLiteral("stopAllButton"));
    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_stopButton);
    buttons->addWidget(m_stopAllButton);
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(m_sessionsStack, 1);
    layout->addLayout(buttons);

    connect(m_stopButton, &QPushButton::clicked, this, &MainWindow::stopSelected);
    connect(m_stopAllButton, &QPushButton::clicked, this, &MainWindow::stopAll);
    connect(m_models.sessions, &QAbstractItemModel::modelReset, this, [this] {
        updateEmptyStates();
        updateButtons();
        refreshSessionFilter();
    });
    connect(m_models.sessions, &QAbstractItemModel::rowsInserted, this, [this] {
        updateEmptyStates();
        updateButtons();
        refreshSessionFilter();
    });
    connect(m_models.sessions, &QAbstractItemModel::dataChanged, this, &MainWindow::updateButtons);
    connect(m_sessionView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MainWindow::updateButtons);
    return page;
}

QWidget* MainWindow::buildTimelinePage()
{
    auto* page = new QWidget(this);
    m_sessionFilter = new QComboBox(page);
    m_sessionFilter->setObjectName(QStringLiteral("sessionFilterComboBox"));
    m_sessionFilter->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_kindFilter = new QComboBox(page);
    m_kindFilter->setObjectName(QStringLiteral("kindFilterComboBox"));
    m_kindFilter->addItem(tr("All kinds"));
    for (const QString& kind : EventPresentation::kinds())
        m_kindFilter->addItem(EventPresentation::kindIcon(kind), EventPresentation::kindLabel(kind), kind);
    m_textFilter = new QLineEdit(page);
    m_textFilter->setObjectName(QStringLiteral("textFilterLineEdit"));
    m_textFilter->setPlaceholderText(tr("Filter by host, program, secret…"));
    m_textFilter->setClearButtonEnabled(true);
    m_followBox = new QCheckBox(tr("&Follow"), page);
    m_followBox->setObjectName(QStringLiteral("followCheckBox"));
    m_followBox->setChecked(m_models.timeline->follow());
    m_followBox->setToolTip(tr("Show new events as they happen and keep the newest in view."));

    m_exportButton = new QPushButton(tr("&Export…"), page);
    m_exportButton->setObjectName(QStringLiteral("exportButton"));
    m_exportButton->setToolTip(tr("Save every event matching the filter as JSON Lines."));
    m_exporter = new TimelineExporter(m_connection, this);

    auto* filters = new QHBoxLayout;
    filters->addWidget(m_sessionFilter);
    filters->addWidget(m_kindFilter);
    filters->addWidget(m_textFilter, 1);
    filters->addWidget(m_followBox);
    filters->addWidget(m_exportButton);

    m_timelineView = makeTableView(page, QStringLiteral("timelineView"));
    m_timelineView->setModel(m_models.timeline);
    m_timelineView->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_timelineView->setColumnWidth(TimelineModel::TimeColumn, 110);
    m_timelineView->setColumnWidth(TimelineModel::SessionColumn, 130);
    m_timelineView->setColumnWidth(TimelineModel::KindColumn, 170);
    m_detailsView = new QPlainTextEdit(page);
    m_detailsView->setObjectName(QStringLiteral("detailsPlainTextEdit"));
    m_detailsView->setReadOnly(true);
    m_detailsView->setPlaceholderText(tr("Select an event to see all of it."));
    m_detailsView->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto* splitter = new QSplitter(Qt::Vertical, page);
    splitter->setObjectName(QStringLiteral("timelineSplitter"));
    splitter->addWidget(m_timelineView);
    splitter->addWidget(m_detailsView);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);

    m_timelineStatus = new QLabel(page);
    m_timelineStatus->setObjectName(QStringLiteral("timelineStatusLabel"));
    m_timelineStatus->setForegroundRole(QPalette::PlaceholderText);

    auto* layout = new QVBoxLayout(page);
    layout->addLayout(filters);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_timelineStatus);

    m_filterDebounce = new QTimer(this);
    m_filterDebounce->setSingleShot(true);
    m_filterDebounce->setInterval(300);
    connect(m_filterDebounce, &QTimer::timeout, this, &MainWindow::applyTimelineFilter);
    connect(m_textFilter, &QLineEdit::textChanged, m_filterDebounce, qOverload<>(&QTimer::start));
    connect(m_sessionFilter, &QComboBox::currentIndexChanged, this, &MainWindow::applyTimelineFilter);
    connect(m_kindFilter, &QComboBox::currentIndexChanged, this, &MainWindow::applyTimelineFilter);
    connect(m_followBox, &QCheckBox::toggled, m_models.timeline, &TimelineModel::setFollow);
    connect(m_exportButton, &QPushButton::clicked, this, &MainWindow::exportTimeline);
    connect(m_exporter, &TimelineExporter::progress, this, [this](qint64 written) {
        statusBar()->showMessage(tr("Exporting… %n event(s)", nullptr, static_cast<int>(written)));
    });
    connect(m_exporter, &TimelineExporter::finished, this, [this](bool ok, const QString& message) {
        updateButtons();
        statusBar()->showMessage(ok ? message : tr("Export failed: %1").arg(message), 10000);
        Q_EMIT exportFinished(ok, message);
    });
    connect(m_models.timeline, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_followBox->isChecked())
            m_timelineView->scrollToBottom();
        updateEmptyStates();
    });
    connect(m_models.timeline, &QAbstractItemModel::modelReset, this, &MainWindow::updateEmptyStates);
    connect(m_models.timeline, &TimelineModel::loadingChanged, this, &MainWindow::updateEmptyStates);
    connect(
        m_timelineView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MainWindow::showEventDetails);
    // Scrolling up to read is browsing: stop jumping to the newest row until the person asks again.
    connect(m_timelineView->verticalScrollBar(), &QScrollBar::actionTriggered, this, [this](int action) {
        if (action == QAbstractSlider::SliderSingleStepSub || action == QAbstractSlider::SliderPageStepSub ||
            action == QAbstractSlider::SliderMove)
            if (m_timelineView->verticalScrollBar()->value() < m_timelineView->verticalScrollBar()->maximum())
                m_followBox->setChecked(false);
    });
    refreshSessionFilter();
    return page;
}

QWidget* MainWindow::buildGrantsPage()
{
    auto* page = new QWidget(this);
    m_grantView = makeTableView(page, QStringLiteral("grantView"));
    m_grantView->setModel(m_models.grants);
    m_grantView->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_grantView->header()->setSectionResizeMode(GrantModel::SubjectColumn, QHeaderView::Stretch);
    m_grantView->header()->setStretchLastSection(false);
    m_grantsStack = new QStackedWidget(page);
    m_grantsStack->addWidget(
        makeEmptyLabel(tr("Nothing has been allowed beyond the profiles.\n"
                          "What you allow for a session or always shows here, and can be revoked."),
            page, QStringLiteral("grantsEmptyLabel")));
    m_grantsStack->addWidget(m_grantView);
    m_revokeButton = new QPushButton(tr("&Revoke"), page);
    m_revokeButton->setObjectName(QStringLiteral("revokeButton"));
    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_revokeButton);
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(m_grantsStack, 1);
    layout->addLayout(buttons);
    connect(m_revokeButton, &QPushButton::clicked, this, &MainWindow::revokeSelected);
    connect(m_models.grants, &QAbstractItemModel::modelReset, this, [this] {
        updateEmptyStates();
        updateButtons();
    });
    connect(m_grantView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MainWindow::updateButtons);
    connect(m_models.grants, &GrantModel::revokeFailed, this, [this](const QString& message) {
        MessageBox::warning(this, tr("Revoke"), tr("The grant could not be revoked: %1").arg(message));
    });
    return page;
}

void MainWindow::selectProfile(const QString& name)
{
    const int row = m_models.profiles->rowOfName(name);
    if (row >= 0)
        m_profileView->setCurrentIndex(m_models.profiles->index(row, 0));
}

void MainWindow::selectInitialProfile()
{
    // The profile launched last; on a first start the demo agent, which the README's first steps
    // launch (it needs no account and no network); else the first listed.
    int row = m_models.profiles->rowOfName(m_settings->value(lastProfileKey()).toString());
    if (row < 0)
        row = m_models.profiles->rowOfName(QStringLiteral("demo-agent"));
    if (row < 0 && m_models.profiles->rowCount() > 0)
        row = 0;
    if (row >= 0)
        m_profileView->setCurrentIndex(m_models.profiles->index(row, 0));
}

QString MainWindow::selectedProfile() const
{
    return m_profileView->currentIndex().data(ProfileListModel::RawRole).toString();
}

QString MainWindow::rememberedWorkspace(const QString& profile) const
{
    return m_settings->value(settingsKey(profile)).toString();
}

void MainWindow::updateWorkspaceField()
{
    m_workspaceEdit->setText(rememberedWorkspace(selectedProfile()));
}

void MainWindow::chooseWorkspace()
{
    const QString start = m_workspaceEdit->text().isEmpty() ? QDir::homePath() : m_workspaceEdit->text();
    const QString chosen = FileDialog::getExistingDirectory(this, tr("Workspace for %1").arg(selectedProfile()), start);
    if (!chosen.isEmpty())
        m_workspaceEdit->setText(chosen);
}

void MainWindow::launchSelected()
{
    launchProfile(selectedProfile());
}

void MainWindow::launchProfile(const QString& profile)
{
    if (profile.isEmpty())
        return;
    if (profile != selectedProfile())
        selectProfile(profile);
    QString workspace = m_workspaceEdit->text().trimmed();
    if (workspace.isEmpty() || !QFileInfo(workspace).isDir()) {
        workspace = FileDialog::getExistingDirectory(
            this, tr("Workspace for %1").arg(profile), workspace.isEmpty() ? QDir::homePath() : workspace);
        if (workspace.isEmpty())
            return;
        m_workspaceEdit->setText(workspace);
    }
    workspace = QFileInfo(workspace).absoluteFilePath();
    m_settings->setValue(settingsKey(profile), workspace);
    m_settings->setValue(lastProfileKey(), profile);

    if (m_terminal && !m_terminal->disabled()) {
        QString error;
        if (m_terminal->launch(profile, workspace, {}, &error)) {
            statusBar()->showMessage(tr("%1 opened in a terminal.").arg(InertText::render(profile, 80)), 5000);
            Q_EMIT launchedInTerminal(profile);
            return;
        }
        // No terminal: say so, and offer what still works (the person cannot type, output is kept).
        if (MessageBox::question(this, tr("No terminal"),
                tr("%1\n\nLaunch %2 without a terminal? You will not be able to type into it. Its output goes "
                   "to the session's output log: output/SESSION.log in the helper's state directory "
                   "(~/.local/state/cordon/output/ for your own helper).\n\nSettings lets you choose a "
                   "terminal emulator.")
                    .arg(error, InertText::render(profile, 80)),
                QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) != QMessageBox::Yes)
            return;
    }
    launchWithoutTerminal(profile, workspace);
}

void MainWindow::launchWithoutTerminal(const QString& profile, const QString& workspace)
{
    QJsonObject env;
    const QProcessEnvironment system = QProcessEnvironment::systemEnvironment();
    for (const QString& name : system.keys())
        env.insert(name, system.value(name));
    const QJsonObject request{{QStringLiteral("type"), QStringLiteral("launch")}, {QStringLiteral("profile"), profile},
        {QStringLiteral("workspace"), workspace}, {QStringLiteral("env"), env}, {QStringLiteral("terminal"), false}};
    m_launchButton->setEnabled(false);
    statusBar()->showMessage(tr("Launching %1…").arg(InertText::render(profile, 80)));
    m_connection->send(request, [this, profile, self = QPointer<MainWindow>(this)](const QJsonObject& reply) {
        if (!self)
            return;
        updateButtons();
        if (HelperConnection::isError(reply)) {
            const QString message = reply.value(QLatin1String("message")).toString();
            statusBar()->clearMessage();
            Q_EMIT launchFailed(message);
            MessageBox::warning(this, tr("Launch"),
                tr("%1 could not be launched:\n%2")
                    .arg(InertText::render(profile, 80), InertText::render(message, 2000)));
            return;
        }
        const QJsonObject session = reply.value(QLatin1String("session")).toObject();
        m_models.sessions->upsert(session); // it appears at once, before its first push
        const int row = m_models.sessions->rowOf(session.value(QLatin1String("id")).toString());
        if (row >= 0)
            m_sessionView->setCurrentIndex(m_models.sessions->index(row, 0));
        m_tabs->setCurrentIndex(0);
        statusBar()->showMessage(tr("%1 launched.").arg(InertText::render(profile, 80)), 5000);
        Q_EMIT launched(session);
    });
}

void MainWindow::setTerminalLauncher(TerminalLauncher* terminal)
{
    m_terminal = terminal;
    if (m_terminal)
        m_terminal->setPreferred(m_settings->value(SettingsDialog::terminalKey()).toString());
}

void MainWindow::openSettings()
{
    TerminalLauncher fallback;
    const QString language = m_settings->value(Translations::settingsKey()).toString();
    SettingsDialog dialog(m_settings, m_terminal ? m_terminal : &fallback, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (m_terminal)
        m_terminal->setPreferred(dialog.terminalChoice());
    // Every string is translated when its widget is built, so a new language needs a new app;
    // restarting it loses nothing, since the sessions and their questions live in the helper.
    if (dialog.languageChoice() != language &&
        MessageBox::question(this, tr("Restart Cordon?"),
            tr("Restart Cordon now in the new language? Running sessions keep running: they belong to "
               "cordon-helper, not to this window."),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes) == QMessageBox::Yes)
        Q_EMIT restartRequested();
}

void MainWindow::stopSelected()
{
    const QString id = m_sessionView->currentIndex().data(SessionModel::IdRole).toString();
    if (id.isEmpty())
        return;
    m_connection->send(QJsonObject{{QStringLiteral("type"), QStringLiteral("stop")}, {QStringLiteral("session"), id}});
}

void MainWindow::stopAll()
{
    const int active = m_models.sessions->activeCount();
    if (active == 0)
        return;
    if (MessageBox::question(this, tr("Stop all"), tr("Stop all %n running session(s)?", nullptr, active),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::No) != QMessageBox::Yes)
        return;
    m_connection->send(QJsonObject{{QStringLiteral("type"), QStringLiteral("stop")}, {QStringLiteral("all"), true}});
}

void MainWindow::revokeSelected()
{
    const QModelIndex index = m_grantView->currentIndex();
    if (index.isValid())
        m_models.grants->revoke(index.row());
}

void MainWindow::editSelectedProfile()
{
    openEditor(false);
}

void MainWindow::newProfile()
{
    openEditor(true);
}

void MainWindow::openEditor(bool createNew)
{
    EditorContext context;
    QStringList errors;
    if (!ProfileEditorDialog::systemContext(&context, &errors)) {
        MessageBox::warning(this, tr("Profiles"),
            tr("Your organization's policy cannot be read, so profiles cannot be edited:\n%1").arg(errors.join(u'\n')));
        return;
    }
    Profile profile;
    ProfileKind kind = ProfileKind::New;
    if (!createNew) {
        QString error;
        if (!ProfileEditorDialog::findProfile(selectedProfile(), context, &profile, &kind, &error)) {
            MessageBox::warning(this, tr("Profiles"), error);
            return;
        }
    }
    auto* dialog = new ProfileEditorDialog(profile, kind, context, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ProfileEditorDialog::saved, this, [this](const QString& path) {
        const QString name = QFileInfo(path).completeBaseName();
        m_models.profiles->reload();
        selectProfile(name);
    });
    dialog->open(); // window-modal, without a nested event loop
}

void MainWindow::exportTimeline()
{
    const QString path = FileDialog::getSaveFileName(this, tr("Export timeline"),
        QDir::homePath() + QStringLiteral("/cordon-timeline.jsonl"), tr("JSON Lines (*.jsonl);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!m_exporter->start(m_models.timeline->query(), path, &error)) {
        MessageBox::warning(this, tr("Export timeline"), tr("Cannot export to %1: %2").arg(path, error));
        return;
    }
    updateButtons();
}

void MainWindow::requestQuit()
{
    const int active = m_models.sessions->activeCount();
    if (active > 0) {
        const auto answer = MessageBox::question(this, tr("Quit Cordon"),
            tr("%n session(s) still running. Stop them before quitting?\n"
               "Sessions you keep go on running; Cordon shows them again when you start it.",
                nullptr, active),
            QMessageBox::Yes | QMessageBox::No | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer == QMessageBox::Cancel)
            return;
        if (answer == QMessageBox::Yes)
            m_connection->send(
                QJsonObject{{QStringLiteral("type"), QStringLiteral("stop")}, {QStringLiteral("all"), true}});
    }
    // Let the stop request reach the helper before the event loop ends.
    QTimer::singleShot(100, qApp, &QCoreApplication::quit);
}

void MainWindow::showAndRaise()
{
    show();
    raise();
    activateWindow();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (m_closeHides) {
        hide();
        event->ignore();
        return;
    }
    event->ignore();
    requestQuit();
}

void MainWindow::applyTimelineFilter()
{
    TimelineQuery query;
    query.session = m_sessionFilter->currentData().toString();
    const QString kind = m_kindFilter->currentData().toString();
    if (!kind.isEmpty())
        query.kinds = {kind};
    query.text = m_textFilter->text().trimmed();
    m_models.timeline->setQuery(query);
}

void MainWindow::refreshSessionFilter()
{
    const QString current = m_sessionFilter->currentData().toString();
    const QSignalBlocker blocker(m_sessionFilter);
    m_sessionFilter->clear();
    m_sessionFilter->addItem(tr("All sessions"));
    for (int row = 0; row < m_models.sessions->rowCount(); ++row) {
        const QJsonObject s = m_models.sessions->session(row);
        const QString id = s.value(QLatin1String("id")).toString();
        m_sessionFilter->addItem(
            QStringLiteral("%1 · %2").arg(
                InertText::render(s.value(QLatin1String("profile")).toString(), 40), InertText::render(id, 40)),
            id);
    }
    const int index = m_sessionFilter->findData(current);
    m_sessionFilter->setCurrentIndex(index >= 0 ? index : 0);
}

void MainWindow::showEventDetails()
{
    const QJsonObject event = m_timelineView->currentIndex().data(TimelineModel::RawRole).toJsonObject();
    if (event.isEmpty()) {
        m_detailsView->clear();
        return;
    }
    // JSON escapes control characters but not bidi overrides or invisible ones: each line inert.
    const QStringList lines = QString::fromUtf8(QJsonDocument(event).toJson(QJsonDocument::Indented)).split(u'\n');
    QStringList inert;
    for (const QString& line : lines)
        inert.append(InertText::render(line, 4000));
    m_detailsView->setPlainText(inert.join(u'\n'));
}

void MainWindow::updateConnectionStatus()
{
    switch (m_connection->state()) {
    case HelperConnection::State::Ready:
        m_connectionLabel->setText(
            tr("Connected to %1").arg(InertText::render(m_connection->helperDescription(), 120)));
        break;
    case HelperConnection::State::StartingHelper: m_connectionLabel->setText(tr("Starting cordon-helper…")); break;
    case HelperConnection::State::Connecting: m_connectionLabel->setText(tr("Connecting to cordon-helper…")); break;
    case HelperConnection::State::Disconnected:
        m_connectionLabel->setText(tr("Not connected to cordon-helper; retrying…"));
        break;
    }
    updateButtons();
}

void MainWindow::updateEmptyStates()
{
    m_sessionsStack->setCurrentIndex(m_models.sessions->rowCount() > 0 ? 1 : 0);
    m_grantsStack->setCurrentIndex(m_models.grants->rowCount() > 0 ? 1 : 0);
    const int rows = m_models.timeline->rowCount();
    QString status;
    if (m_models.timeline->isLoading())
        status = tr("Loading events…");
    else if (rows == 0)
        status = m_models.timeline->follow() ? tr("No events in the last minutes; new ones appear here as they happen.")
                                             : tr("No events match.");
    else if (m_models.timeline->trimmedRows() > 0)
        status = tr("Showing the latest %n event(s); older ones stay in the journal.", nullptr, static_cast<int>(rows));
    else
        status = tr("Events shown: %1").arg(rows);
    m_timelineStatus->setText(status);
}

void MainWindow::updateButtons()
{
    const bool ready = m_connection->isReady();
    m_launchButton->setEnabled(ready && !selectedProfile().isEmpty());
    m_editProfileButton->setEnabled(!selectedProfile().isEmpty());
    m_editProfileButton->setText(
        m_profileView->currentIndex().data(ProfileListModel::LockedRole).toBool() ? tr("&View…") : tr("&Edit…"));
    const QString state = m_sessionView->currentIndex().data(SessionModel::StateRole).toString();
    m_stopButton->setEnabled(ready && !state.isEmpty() && state != QLatin1String("ended"));
    m_stopAllButton->setEnabled(ready && m_models.sessions->activeCount() > 0);
    m_revokeButton->setEnabled(ready && m_grantView->currentIndex().isValid());
    m_exportButton->setEnabled(ready && !m_exporter->isRunning());
}

} // namespace cordon::gui
