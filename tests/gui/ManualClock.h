#pragma once
// A clock tests move by hand.

#include "Clock.h"

namespace cordon::gui::test {

class ManualClock final : public Clock {
public:
    explicit ManualClock(qint64 now = 1700000000000LL) : m_now(now) { }
    qint64 nowMs() const override { return m_now; }
    void set(qint64 now) { m_now = now; }
    void advance(qint64 ms) { m_now += ms; }

private:
    qint64 m_now;
};

} // namespace cordon::gui::test
