#include "FilesPage.h"

#include "AccessDelegate.h"
#include "FieldMarks.h"
#include "PathChooser.h"
#include "PathRuleTableModel.h"
#include "QtPathChooser.h"

#include <QDir>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace cordon::gui {

namespace {

int arrayIndex(PathAccess access)
{
    switch (access) {
    case PathAccess::Read: return 0;
    case PathAccess::Write: return 1;
    default: return 2;
    }
}

const char* const kArrayNames[3] = {"read", "write", "hide"};

} // namespace

FilesPage::FilesPage(QWidget* parent) : EditorPage(parent)
{
    setObjectName(QStringLiteral("filesPage"));
    m_model = new PathRuleTableModel(this);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("pathTableView"));
    m_table->setModel(m_model);
    m_table->setItemDelegateForColumn(PathRuleTableModel::AccessColumn, new AccessDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    // Tab leaves the table (to the buttons and on to Save); arrows move between cells.
    m_table->setTabKeyNavigation(false);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                             QAbstractItemView::AnyKeyPressed | QAbstractItemView::SelectedClicked);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setSectionResizeMode(PathRuleTableModel::PathColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(PathRuleTableModel::AccessColumn, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(PathRuleTableModel::SourceColumn, QHeaderView::Stretch);
    m_table->setWordWrap(false);

    m_add = new QPushButton(tr("&Add"), this);
    m_add->setObjectName(QStringLiteral("addPathButton"));
    m_browse = new QPushButton(tr("&Browse…"), this);
    m_browse->setObjectName(QStringLiteral("browsePathButton"));
    m_remove = new QPushButton(tr("&Remove"), this);
    m_remove->setObjectName(QStringLiteral("removePathButton"));
    for (QPushButton* b : {m_add, m_browse, m_remove})
        b->setAutoDefault(false);
    m_reason = FieldMarks::makeReasonLabel(this, QStringLiteral("pathReasonLabel"));
    m_hint = FieldMarks::makeSourceLabel(this, QStringLiteral("filesHintLabel"));
    m_hint->setText(tr("Paths: absolute (/data), in your home (~/.config/x) or in the workspace (build/cache). "
                       "read: read-only inside; write: read-write; hidden: made inaccessible. F2 edits a cell."));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_browse);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_reason);
    layout->addLayout(buttons);
    layout->addWidget(m_hint);

    connect(m_add, &QPushButton::clicked, this, &FilesPage::addRow);
    connect(m_browse, &QPushButton::clicked, this, &FilesPage::browse);
    connect(m_remove, &QPushButton::clicked, this, &FilesPage::removeSelected);
    connect(m_model, &QAbstractItemModel::dataChanged, this,
        [this](const QModelIndex&, const QModelIndex&, const QList<int>& roles) {
            // Error marks repaint rows too; only edits are changes.
            if (roles.isEmpty() || roles.contains(Qt::EditRole) || roles.contains(Qt::DisplayRole))
                Q_EMIT changed();
        });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &EditorPage::changed);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &EditorPage::changed);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentChanged, this, &FilesPage::updateButtons);
    updateButtons();
}

QString FilesPage::title() const
{
    return tr("Files");
}

QString FilesPage::ruleText(const QString& absolutePath, const QString& home)
{
    const QString path = QDir::cleanPath(absolutePath);
    const QString h = QDir::cleanPath(home);
    if (!h.isEmpty() && path == h)
        return QStringLiteral("~");
    if (!h.isEmpty() && h != u"/" && path.startsWith(h + u'/'))
        return QStringLiteral("~/") + path.mid(h.size() + 1);
    return path;
}

void FilesPage::load(const Profile& profile, const PageState& state)
{
    m_context = state.context;
    QList<PathRuleTableModel::Row> rows;
    const Provenance fromProfile =
        state.effective ? state.effective->profileName.from : Provenance{Source::Profile, profile.origin};
    auto noteFor = [&](PathAccess access, const PathRule& rule) {
        if (!state.effective)
            return QString();
        for (const auto& r : state.effective->paths)
            if (r.access == access && r.rule == rule && r.from == fromProfile)
                return r.overriddenBy;
        return QString();
    };
    auto add = [&](const QList<PathRule>& rules, PathAccess access) {
        for (const auto& rule : rules)
            rows.append({rule.text(), access, fromProfile, false, noteFor(access, rule), QString()});
    };
    add(profile.read, PathAccess::Read);
    add(profile.write, PathAccess::Write);
    add(profile.hide, PathAccess::Hide);
    if (state.context) {
        for (const auto& f : state.context->managed.policies)
            for (const auto& rule : f.hide)
                rows.append({rule.text(), PathAccess::Hide, Provenance{Source::Organization, f.path}, true, QString(),
                    QString()});
    }
    m_model->setRows(rows);
    m_table->resizeColumnToContents(PathRuleTableModel::AccessColumn);
    m_readOnly = !state.lockedBy.isEmpty();
    if (m_readOnly)
        makeReadOnly();
    updateButtons();
}

void FilesPage::updateButtons()
{
    const QModelIndex current = m_table->currentIndex();
    m_add->setEnabled(!m_readOnly);
    m_browse->setEnabled(!m_readOnly);
    m_remove->setEnabled(!m_readOnly && current.isValid() && !current.data(PathRuleTableModel::LockedRole).toBool());
}

void FilesPage::addRow()
{
    const int row = m_model->appendRow(
        {QString(), PathAccess::Read, Provenance{Source::Profile, tr("edited here")}, false, QString(), QString()});
    const QModelIndex index = m_model->index(row, PathRuleTableModel::PathColumn);
    m_table->setCurrentIndex(index);
    m_table->setFocus();
    m_table->edit(index);
}

void FilesPage::browse()
{
    QtPathChooser fallback;
    PathChooser* chooser = m_context && m_context->pathChooser ? m_context->pathChooser : &fallback;
    const QString home = m_context && !m_context->home.isEmpty() ? m_context->home : QDir::homePath();
    const QString chosen = chooser->choosePath(this, tr("Choose a file or folder"), home);
    if (chosen.isEmpty())
        return;
    const int row = m_model->appendRow({ruleText(chosen, home), PathAccess::Read,
        Provenance{Source::Profile, tr("edited here")}, false, QString(), QString()});
    m_table->setCurrentIndex(m_model->index(row, PathRuleTableModel::AccessColumn));
    m_table->setFocus();
}

void FilesPage::removeSelected()
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid())
        return;
    m_model->removeRows(current.row(), 1);
    updateButtons();
}

void FilesPage::contribute(QJsonObject* root, QStringList*)
{
    QJsonArray arrays[3];
    for (auto& rows : m_rowsOf)
        rows.clear();
    const auto& rows = m_model->rows();
    for (int i = 0; i < rows.size(); ++i) {
        const auto& r = rows.at(i);
        if (r.locked)
            continue;
        const int a = arrayIndex(r.access);
        arrays[a].append(r.path);
        m_rowsOf[a].append(i);
    }
    for (int a = 0; a < 3; ++a)
        if (!arrays[a].isEmpty())
            mergeInto(root, QStringLiteral("filesystem"), QString::fromLatin1(kArrayNames[a]), arrays[a]);
}

void FilesPage::clearErrors()
{
    m_model->clearErrors();
    FieldMarks::clearInvalid(m_table, m_reason);
}

bool FilesPage::showError(const QString& pointer, const QString& message)
{
    const QStringList parts = pointerParts(pointer);
    if (parts.size() < 2 || parts.at(0) != u"filesystem")
        return false;
    int a = -1;
    for (int i = 0; i < 3; ++i)
        if (parts.at(1) == QLatin1String(kArrayNames[i]))
            a = i;
    if (a < 0)
        return false;
    QString text = message;
    if (parts.size() >= 3) {
        bool ok = false;
        const int index = parts.at(2).toInt(&ok);
        if (ok && index >= 0 && index < m_rowsOf[a].size()) {
            const int row = m_rowsOf[a].at(index);
            m_model->setError(row, message);
            text = tr("Row %1 (%2): %3").arg(row + 1).arg(m_model->rows().at(row).path, message);
        }
    }
    FieldMarks::setInvalid(m_table, m_reason, text);
    return true;
}

} // namespace cordon::gui
