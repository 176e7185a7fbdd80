#pragma once
// The editor's one door to a file chooser, so that tests can answer it (CONVENTIONS.md seams):
// the dialog is given a PathChooser, production uses QtPathChooser, a test its own that returns
// the next path it was told to.

#include <QString>

class QWidget;

namespace cordon::gui {

class PathChooser {
public:
    virtual ~PathChooser() = default;
    // A file or directory picked by the person, absolute; empty when cancelled.
    virtual QString choosePath(QWidget* parent, const QString& title, const QString& start) = 0;
};

} // namespace cordon::gui
