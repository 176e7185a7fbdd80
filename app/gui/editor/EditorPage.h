#pragma once
// One page of the profile editor. A page shows part of a profile, writes what the person typed
// back into the JSON document the dialog parses (ProfileParser is the only judge of validity), and
// shows the parser's errors next to the fields they concern (by JSON pointer).

#include "EditorContext.h"
#include "EffectivePolicy.h"
#include "Profile.h"

#include <QJsonObject>
#include <QStringList>
#include <QWidget>

class QLabel;

namespace cordon::gui {

struct PageState {
    const EditorContext* context = nullptr;
    // The profile as a launch would get it (provenance of every value, managed policy applied);
    // null when it could not be resolved.
    const EffectivePolicy* effective = nullptr;
    QString lockedBy; // non-empty: the organization manages or locks this profile; nothing is editable
};

class EditorPage : public QWidget {
    Q_OBJECT

public:
    explicit EditorPage(QWidget* parent = nullptr);

    virtual QString title() const = 0;
    virtual void load(const Profile& profile, const PageState& state) = 0;
    // Adds this page's keys to `root` (merging into objects other pages share, like "filesystem").
    // Problems the parser cannot see (a line without '=') are marked here and added to `problems`.
    virtual void contribute(QJsonObject* root, QStringList* problems) = 0;
    virtual void clearErrors() = 0;
    // Marks the field at `pointer` ("/limits/memory") with `message`; false if not this page's.
    [[nodiscard]] virtual bool showError(const QString& pointer, const QString& message) = 0;

Q_SIGNALS:
    void changed();

protected:
    // Read-only for a profile the organization controls; widgets marked with
    // setAlwaysEditable() (the "test a host" field) stay usable.
    void makeReadOnly();
    static void setAlwaysEditable(QWidget* widget);
    // A field with its reason label under it and an optional source label.
    static QWidget* stacked(QWidget* parent, std::initializer_list<QWidget*> widgets);
    // "/a/b/3" split into its components ("a", "b", "3"), ~1 and ~0 decoded.
    static QStringList pointerParts(const QString& pointer);
    // A JSON object member merged into `root`.
    static void mergeInto(QJsonObject* root, const QString& key, const QString& member, const QJsonValue& value);
};

} // namespace cordon::gui
