// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

namespace siting {

// "0.1.0"
const char* version();
// "siting 0.1.0 (GDAL 3.6.2, GEOS 3.11.1, PROJ 9.1.1)"
std::string version_line();

}  // namespace siting
