// SPDX-License-Identifier: Apache-2.0
#pragma once

// The read stage every command shares: open the layers, choose the working CRS
// from all of them, then read parcels, facilities and zones into it.

#include <optional>
#include <string>
#include <vector>

#include "siting/crs/crs.hpp"
#include "siting/io/layer.hpp"
#include "siting/model.hpp"

namespace siting::jobs {

// A proposal dataset: its estates layer and, when apart, its facilities layer.
struct ProposalSource {
  io::LayerSource estates;
  std::string facilities_layer;  // empty: a layer named "facilities" if there is one, else the estates layer's points
};

struct InputOptions {
  std::vector<ProposalSource> proposals;  // permit review: read first, and first in the CRS choice
  std::optional<io::LayerSource> parcels;
  std::optional<io::LayerSource> facilities;
  std::vector<io::LayerSource> zones;  // one per level, or one layer with a level field
  std::optional<io::LayerSource> roads;
  std::optional<std::string> working_crs;  // --crs: force the working CRS
  std::optional<std::string> input_crs;    // --input-crs: for layers without one
  KindVocabulary kinds = KindVocabulary::Defaults();
  bool repair_invalid = false;
  bool require_kind = true;        // false for coverage-only runs
  bool require_floor_area = true;  // facilities: false for coverage-only runs
  bool need_land_area = false;     // facilities: true when zones are checked for land
};

struct LayerSummary {
  std::string role;
  std::string path;
  std::string layer;
  std::string crs;
  std::size_t features = 0;
};

struct OpenedProposal {
  io::VectorLayer estates;
  std::optional<io::VectorLayer> facilities;
};

struct Inputs {
  std::vector<OpenedProposal> proposals;  // opened, read by the review
  crs::WorkingCrsChoice working;
  std::vector<Estate> estates;
  std::vector<Facility> facilities;
  std::vector<Zone> zones;
  std::vector<std::string> zone_levels;  // in order of first appearance
  std::vector<LayerSummary> layers;
  std::optional<io::VectorLayer> roads;  // opened, read later by the network stage
};

// Throws siting::Error for every input problem (see docs/user-guide.md#exit-codes).
Inputs load_inputs(const InputOptions& options);

}  // namespace siting::jobs
