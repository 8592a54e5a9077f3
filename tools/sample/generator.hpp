// SPDX-License-Identifier: Apache-2.0
#pragma once

// Writes the sample district into a folder: the layers and proposals as GeoJSON,
// and README.md with what siting reports for them.

#include <string>
#include <vector>

#include "sample/district.hpp"
#include "siting/io/table.hpp"

namespace siting::tools::sample {

// The facilities layer, with `planned` facilities of proposals appended (for
// the coverage a proposal would bring).
io::Table facilities_table(const District& district, const std::vector<PlannedFacility>& planned = {});

// Lays the district out, writes it, runs siting on it for the README's figures,
// and commits the folder only when all of that worked. Throws siting::Error.
void write_sample(const std::string& dir);

}  // namespace siting::tools::sample
