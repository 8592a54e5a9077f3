// SPDX-License-Identifier: Apache-2.0
#pragma once

// Seeded random numbers for the perturbation moves: the library's splitmix64.

#include "detail/splitmix64.hpp"

namespace siting::location::detail {

using Random = siting::detail::SplitMix64;

}  // namespace siting::location::detail
