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
#include "siting/io/layer.hpp"
#include "siting/io/roads.hpp"
#include "siting/model.hpp"
#include "siting/network/roads.hpp"
#include "siting/review/proposal.hpp"

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
  network::WalkFilter walk_filter;         // which road lines are walkable
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

struct Inputs {
  std::vector<review::Proposal> proposals;  // in order of the sources
  crs::WorkingCrsChoice working;
  std::vector<Estate> estates;
  std::vector<Facility> facilities;
  std::vector<Zone> zones;
  std::vector<std::string> zone_levels;  // in order of first appearance
  std::vector<LayerSummary> layers;
  // Given --roads: the walkable lines and the walk filter's tallies. The
  // network stage takes the lines over to build its graph.
  std::optional<io::RoadLines> roads;
};

// Throws siting::Error for every input problem (see docs/user-guide.md#exit-codes).
Inputs load_inputs(const InputOptions& options);

}  // namespace siting::jobs
