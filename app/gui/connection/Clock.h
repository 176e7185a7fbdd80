#pragma once
// The time the app shows and counts down against, injectable so that tests can move it
// (CONVENTIONS.md, "Seams for tests"): the approval countdown and a session's elapsed time.

#include <QtGlobal>

namespace cordon::gui {

class Clock {
public:
    virtual ~Clock() = default;
    // Milliseconds since the Unix epoch, the unit of every time on the wire (docs/protocol.md).
    virtual qint64 nowMs() const = 0;
};

} // namespace cordon::gui
