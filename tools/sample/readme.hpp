// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "sample/district.hpp"
#include "sample/figures.hpp"

namespace siting::tools::sample {

// geodata/sample/README.md: the layout, its special cases, and what siting reports
// for it (from `figures`). Throws Error(E501) where siting's outputs no longer say
// what the layout was designed to show.
std::string readme(const District& district, const Figures& figures);

}  // namespace siting::tools::sample
