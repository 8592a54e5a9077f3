// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <limits>

namespace siting::location::detail {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kUnlimited = kInf;  // a capacity that is not set

}  // namespace siting::location::detail
