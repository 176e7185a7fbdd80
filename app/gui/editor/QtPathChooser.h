#pragma once
// PathChooser through QFileDialog: one dialog that accepts an existing file or directory (a rule
// may name either).

#include "PathChooser.h"

namespace cordon::gui {

class QtPathChooser final : public PathChooser {
public:
    QString choosePath(QWidget* parent, const QString& title, const QString& start) override;
};

} // namespace cordon::gui
