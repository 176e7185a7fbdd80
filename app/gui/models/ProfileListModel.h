#pragma once
// The profiles a person can launch: built-in, their own (~/.config/cordon/profiles) and the
// organization's managed ones, which carry a lock (launch only; DESIGN.md "Profiles and managed
// policy"). Read through core's ProfileLocator, the same lookup the helper uses.

#include "ProfileLocator.h"

#include <QAbstractTableModel>
#include <QList>
#include <QStringList>

namespace cordon::gui {

class ProfileListModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        KindColumn,
        ColumnCount
    };
    enum Role {
        RawRole = Qt::UserRole + 1, // the profile's name (what `launch` takes)
        KindRole,                   // "built-in", "user", "managed"
        LockedRole,                 // bool
        OriginRole,                 // file path or "built-in:NAME"
    };

    explicit ProfileListModel(QObject* parent = nullptr);

    // Reads the managed policy ($CORDON_MANAGED_DIR or /etc/cordon/managed.d) and the user's
    // directory. A managed policy that cannot be read leaves the managed part out and says why.
    void reload();
    void setEntries(const QList<ProfileEntry>& entries);
    const QStringList& warnings() const { return m_warnings; }
    ProfileEntry entry(int row) const { return m_entries.value(row); }
    int rowOfName(const QString& name) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString kindLabel(const QString& kind);

private:
    QList<ProfileEntry> m_entries;
    QStringList m_warnings;
};

} // namespace cordon::gui
