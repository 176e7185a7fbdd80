#pragma once
// How the editor marks fields: invalid input (a red frame and the parser's reason next to the
// field), where a value came from (a small grey label), and values the organization set (a lock
// and "set by your organization"). One place, so that every page looks and reads the same.

#include "Provenance.h"

#include <QCoreApplication>
#include <QIcon>
#include <QLabel>
#include <QString>
#include <QWidget>

namespace cordon::gui {

class FieldMarks final {
    Q_DECLARE_TR_FUNCTIONS(cordon::gui::FieldMarks)

public:
    static void setInvalid(QWidget* field, QLabel* reason, const QString& message);
    static void clearInvalid(QWidget* field, QLabel* reason);
    static bool isInvalid(const QWidget* field);

    // A hidden, red, word-wrapped label for the reason a field is invalid.
    static QLabel* makeReasonLabel(QWidget* parent, const QString& objectName);
    // A small grey label for where a value came from.
    static QLabel* makeSourceLabel(QWidget* parent, const QString& objectName);

    // "built-in default", "this profile (built-in:shell)", "set by your organization (FILE)".
    static QString provenanceText(const Provenance& from);
    // The same without the origin, for narrow places (a table column; the origin goes in a tooltip).
    static QString shortProvenanceText(const Provenance& from);
    static QString organizationText();

    static QIcon lockIcon();
    static QIcon errorIcon();
};

// A lock and "set by your organization", with the managed file in the tooltip.
class LockLabel final : public QWidget {
    Q_OBJECT

public:
    LockLabel(const QString& objectName, QWidget* parent);
    void setFile(const QString& file, const QString& text = QString());
    QString text() const;

private:
    QLabel* m_icon = nullptr;
    QLabel* m_text = nullptr;
};

} // namespace cordon::gui
