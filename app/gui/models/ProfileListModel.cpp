#include "ProfileListModel.h"

#include "InertText.h"
#include "ManagedPolicyLoader.h"

#include <QIcon>

namespace cordon::gui {

ProfileListModel::ProfileListModel(QObject* parent) : QAbstractTableModel(parent)
{ }

void ProfileListModel::reload()
{
    ManagedPolicy managed;
    QStringList warnings;
    if (!ManagedPolicyLoader::loadDefault(&managed, &warnings)) {
        // The helper refuses launches in that state too; show the profiles, and why.
        managed = ManagedPolicy();
    }
    const ProfileLocator locator(managed, ProfileLocator::defaultUserDirectory());
    const QList<ProfileEntry> entries = locator.list(&warnings);
    setEntries(entries);
    m_warnings = warnings;
}

void ProfileListModel::setEntries(const QList<ProfileEntry>& entries)
{
    beginResetModel();
    m_entries = entries;
    m_warnings.clear();
    endResetModel();
}

int ProfileListModel::rowOfName(const QString& name) const
{
    for (int i = 0; i < m_entries.size(); ++i)
        if (m_entries.at(i).name == name)
            return i;
    return -1;
}

int ProfileListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

int ProfileListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ProfileListModel::kindLabel(const QString& kind)
{
    if (kind == QLatin1String("managed"))
        return tr("Managed");
    if (kind == QLatin1String("user"))
        return tr("Yours");
    return tr("Built-in");
}

QVariant ProfileListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ProfileEntry& e = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == NameColumn)
            return InertText::render(e.displayName.isEmpty() ? e.name : e.displayName, 80);
        if (index.column() == KindColumn)
            return kindLabel(e.kind);
        return {};
    case Qt::DecorationRole:
        if (index.column() == NameColumn)
            return QIcon(
                e.locked ? QStringLiteral(":/cordon/icons/lock.svg") : QStringLiteral(":/cordon/icons/profile.svg"));
        return {};
    case Qt::ToolTipRole:
        if (e.locked)
            return tr("%1 — locked by your organization: it can be launched, not changed.")
                .arg(InertText::render(e.name, 80));
        if (e.kind == QLatin1String("managed"))
            return tr("%1 — managed by your organization: it can be launched, not changed.")
                .arg(InertText::render(e.origin, 300));
        return InertText::render(e.origin, 300);
    case RawRole: return e.name;
    case KindRole: return e.kind;
    case LockedRole: return e.locked;
    case OriginRole: return e.origin;
    default: return {};
    }
}

QVariant ProfileListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    if (section == NameColumn)
        return tr("Profile");
    if (section == KindColumn)
        return tr("Source");
    return {};
}

} // namespace cordon::gui
