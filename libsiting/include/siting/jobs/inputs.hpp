// SPDX-License-Identifier: Apache-2.0
#pragma once

// The read stage every command shares: open the layers, choose the working CRS
// from all of them, then read everything into it: proposals, parcels,
// facilities, zones and the walkable road lines. The stages after it read
// nothing (the network stage builds its graph from the lines).

#include <optional>
#include <string>
#include <vector>

#include "siting/crs/crs.hpp"
#include "siting/io/inputs.hpp"
#include "siting/model.hpp"
#include "siting/network/roads.hpp"

namespace siting::jobs {

using ProposalSource = io::ProposalSource;
using LayerSummary = io::LayerSummary;

// Where the layers come from (io::InputSources) and how to read them.
struct InputOptions : io::InputSources {
  network::WalkFilter walk_filter;         // which road lines are walkable
  std::optional<std::string> working_crs;  // --crs: force the working CRS
  std::optional<std::string> input_crs;    // --input-crs: for layers without one
  KindVocabulary kinds = KindVocabulary::Defaults();
  bool repair_invalid = false;
  bool require_kind = true;        // false for coverage-only runs
  bool require_floor_area = true;  // facilities: false for coverage-only runs
  bool require_elderly = false;    // parcels: siting site --weight elderly
  bool need_land_area = false;     // facilities: true when zones are checked for land
};

// Everything read (io::InputLayers), in the working CRS chosen from all the layers.
struct Inputs : io::InputLayers {
  crs::WorkingCrsChoice working;
};

// Throws siting::Error for every input problem (see docs/user-guide.md#exit-codes).
Inputs load_inputs(const InputOptions& options);

}  // namespace siting::jobs
