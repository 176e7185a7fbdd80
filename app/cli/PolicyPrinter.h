#pragma once
// `cordonctl profile show`: the effective policy as text, each value with its source and origin,
// or as JSON.

#include "LaunchPlanner.h"

#include <QJsonObject>
#include <QString>

namespace cordon::cli {

class PolicyPrinter final {
public:
    static QString text(const LaunchPlan& plan, bool effective);
    static QJsonObject json(const LaunchPlan& plan);
};

} // namespace cordon::cli
