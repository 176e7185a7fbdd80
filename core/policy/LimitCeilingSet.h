#pragma once
// The managed ceilings that applied to one effective policy, per limit.

#include "Limits.h"
#include "ManagedPolicy.h"

#include <array>
#include <optional>

namespace cordon {

struct LimitCeilingSet {
    std::array<std::optional<LimitCeiling>, kLimitKeyCount> values{};
    const std::optional<LimitCeiling>& at(LimitKey key) const { return values[static_cast<int>(key)]; }
    std::optional<LimitCeiling>& at(LimitKey key) { return values[static_cast<int>(key)]; }
};

} // namespace cordon
