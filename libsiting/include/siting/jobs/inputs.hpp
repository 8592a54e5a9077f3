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
  FacilityTypeVocabulary facility_types = FacilityTypeVocabulary::Defaults();
  OperatorVocabulary operators = OperatorVocabulary::Defaults();
  bool repair_invalid = false;
  bool require_kind = true;        // false for coverage-only runs
  bool require_floor_area = true;  // facilities: false for coverage-only runs
  bool require_elderly = false;    // parcels: siting site --weight elderly
  bool need_land_area = false;     // facilities: true when zones are checked for land
  unsigned threads = 0;            // reading the roads (--threads); 0: one per core
  // Read only the features meeting this box of the working CRS (a shard's halo),
  // with GDAL's spatial filter on every layer; needs working_crs. A layer may
  // then hold none.
  std::optional<Box> spatial_filter;
};

// Everything read (io::InputLayers), in the working CRS chosen from all the layers.
struct Inputs : io::InputLayers {
  crs::WorkingCrsChoice working;
};

// Throws siting::Error for every input problem (see docs/user-guide.md#exit-codes).
Inputs load_inputs(const InputOptions& options);

// Keeps only the facilities of these types (siting coverage --facility-type), and
// logs how many of each kind were left out. Throws E104 when no facility has a
// type (the layer has no type field, or it is empty), E103 when none is of these
// types (naming the types the layer has). An empty list keeps every facility.
void keep_facility_types(Inputs& in, const std::vector<FacilityType>& types, const InputOptions& options);

}  // namespace siting::jobs
