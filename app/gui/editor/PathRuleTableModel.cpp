#include "PathRuleTableModel.h"

#include "FieldMarks.h"

#include <QBrush>
#include <QColor>

namespace cordon::gui {

namespace {
// What an error mark changes: not an edit.
const QList<int> kErrorRoles = {PathRuleTableModel::ErrorRole, Qt::BackgroundRole, Qt::DecorationRole, Qt::ToolTipRole};
} // namespace

PathRuleTableModel::PathRuleTableModel(QObject* parent) : QAbstractTableModel(parent)
{ }

int PathRuleTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int PathRuleTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString PathRuleTableModel::accessText(PathAccess access)
{
    switch (access) {
    case PathAccess::Read: return tr("read");
    case PathAccess::Write: return tr("write");
    case PathAccess::Hide: return tr("hidden");
    case PathAccess::Protect: return tr("protected");
    }
    return {};
}

QVariant PathRuleTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        switch (index.column()) {
        case PathColumn: return r.path;
        case AccessColumn: return role == Qt::EditRole ? QVariant(static_cast<int>(r.access)) : accessText(r.access);
        case SourceColumn: {
            QString text = FieldMarks::shortProvenanceText(r.from);
            if (!r.note.isEmpty())
                // The origin in parentheses is in the tooltip; the column keeps the reason.
                text += tr("; not applied: %1").arg(r.note.section(QStringLiteral(" ("), 0, 0));
            return text;
        }
        }
        return {};
    case Qt::ToolTipRole:
        if (!r.error.isEmpty())
            return r.error;
        return FieldMarks::provenanceText(r.from) + (r.note.isEmpty() ? QString() : u'\n' + r.note);
    case Qt::DecorationRole:
        if (index.column() == PathColumn && r.locked)
            return FieldMarks::lockIcon();
        if (index.column() == PathColumn && !r.error.isEmpty())
            return FieldMarks::errorIcon();
        return {};
    case Qt::BackgroundRole:
        if (!r.error.isEmpty())
            return QBrush(QColor(0xff, 0xeb, 0xee));
        return {};
    case Qt::ForegroundRole:
        if (index.column() == SourceColumn || r.locked)
            return QBrush(QColor(0x6b, 0x6b, 0x6b));
        return {};
    case AccessRole: return static_cast<int>(r.access);
    case LockedRole: return r.locked;
    case ErrorRole: return r.error;
    default: return {};
    }
}

QVariant PathRuleTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case PathColumn: return tr("Path");
    case AccessColumn: return tr("Access");
    case SourceColumn: return tr("Comes from");
    }
    return {};
}

Qt::ItemFlags PathRuleTableModel::flags(const QModelIndex& index) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (!m_rows.at(index.row()).locked && (index.column() == PathColumn || index.column() == AccessColumn))
        f |= Qt::ItemIsEditable;
    return f;
}

bool PathRuleTableModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (role != Qt::EditRole || !index.isValid() ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    Row& r = m_rows[index.row()];
    if (r.locked)
        return false;
    if (index.column() == PathColumn) {
        r.path = value.toString();
    } else if (index.column() == AccessColumn) {
        const int access = value.toInt();
        if (access != static_cast<int>(PathAccess::Read) && access != static_cast<int>(PathAccess::Write) &&
            access != static_cast<int>(PathAccess::Hide))
            return false;
        r.access = static_cast<PathAccess>(access);
    } else {
        return false;
    }
    // An edited rule is this profile's now, whatever layer it came from.
    r.from = Provenance{Source::Profile, tr("edited here")};
    r.note.clear();
    Q_EMIT dataChanged(index.siblingAtColumn(0), index.siblingAtColumn(ColumnCount - 1));
    return true;
}

bool PathRuleTableModel::removeRows(int row, int count, const QModelIndex& parent)
{
    if (parent.isValid() || row < 0 || count <= 0 || row + count > m_rows.size())
        return false;
    for (int i = row; i < row + count; ++i)
        if (m_rows.at(i).locked)
            return false;
    beginRemoveRows(parent, row, row + count - 1);
    m_rows.remove(row, count);
    endRemoveRows();
    return true;
}

void PathRuleTableModel::setRows(const QList<Row>& rows)
{
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

int PathRuleTableModel::appendRow(const Row& row)
{
    const int at = static_cast<int>(m_rows.size());
    beginInsertRows(QModelIndex(), at, at);
    m_rows.append(row);
    endInsertRows();
    return at;
}

void PathRuleTableModel::setError(int row, const QString& error)
{
    if (row < 0 || row >= m_rows.size())
        return;
    m_rows[row].error = error;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1), kErrorRoles);
}

void PathRuleTableModel::clearErrors()
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (!m_rows.at(i).error.isEmpty()) {
            m_rows[i].error.clear();
            Q_EMIT dataChanged(index(i, 0), index(i, ColumnCount - 1), kErrorRoles);
        }
    }
}

} // namespace cordon::gui
