#pragma once
// The wall clock: what the app uses outside tests.

#include "Clock.h"

#include <QDateTime>

namespace cordon::gui {

class SystemClock final : public Clock {
public:
    qint64 nowMs() const override { return QDateTime::currentMSecsSinceEpoch(); }
};

} // namespace cordon::gui
