#pragma once

#include "Provenance.h"

namespace cordon {

// A value of the effective policy together with where it came from.
template <typename T>
struct Sourced {
    T value{};
    Provenance from;
};

} // namespace cordon
