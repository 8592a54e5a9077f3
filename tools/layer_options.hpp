// SPDX-License-Identifier: Apache-2.0
#pragma once

// The option family every command uses for a layer:
//   --R PATH  --R-layer NAME  --R-where SQL  --R-field KEY=NAME
// (dataset and layer apart, because PostGIS strings like PG:dbname=x have colons).

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "siting/coverage/service_area.hpp"
#include "siting/io/layer.hpp"
#include "siting/jobs/coverage.hpp"
#include "siting/jobs/inputs.hpp"
#include "siting/network/graph.hpp"
#include "siting/network/walk_options.hpp"

namespace siting::cli {

struct LayerOptions {
  io::Role role = io::Role::Parcels;
  std::vector<std::string> paths;
  std::vector<std::string> layers;
  std::string where;
  std::vector<std::string> fields;

  // Registers the four options on `app`. `repeatable` lets --R and --R-layer repeat.
  void add_to(CLI::App& app, const std::string& what, bool required, bool repeatable = false);
  // The sources given (empty when the option was not used). Throws Error(E001).
  std::vector<io::LayerSource> sources() const;
};

// Options shared by commands that read the study area.
struct InputFlags {
  LayerOptions parcels{io::Role::Parcels, {}, {}, {}, {}};
  LayerOptions facilities{io::Role::Facilities, {}, {}, {}, {}};
  LayerOptions zones{io::Role::Zones, {}, {}, {}, {}};
  std::string crs, input_crs;
  std::vector<std::string> kind_values;
  std::vector<std::string> type_values, operator_values;
  bool repair_invalid = false;

  void add_crs_and_kinds(CLI::App& app);
  // Fills the parts of InputOptions these flags cover. Throws Error(E001).
  void apply(jobs::InputOptions& options) const;
};

// Options of the walking-network analysis (siting coverage, siting check --roads).
struct CoverageFlags {
  LayerOptions roads{io::Role::Roads, {}, {}, {}, {}};
  // Defaults and ranges are the library's (network::WalkOptions,
  // network::BuildOptions, coverage::AreaOptions); apply() checks through them.
  // As given: "5,10,15" (or, from a TOML array, one number each), split and read in
  // apply(), since CLI11 would drop the empty tier of "5,,10" unseen. Empty: the rule set's.
  std::vector<std::string> minutes;
  std::optional<double> speed;  // not given: the rule set's (a NaN given is refused, not taken as "not given")
  double lateral = coverage::AreaOptions{}.lateral_m;
  double max_snap = network::WalkOptions{}.max_snap_m;
  double snap_tolerance = network::BuildOptions{}.snap_tolerance_m;
  bool node_crossings = false;
  std::vector<std::string> exclude_highway, include_highway;
  bool keep_private = false;
  bool network_times = false;
  bool no_facility_areas = false;
  double threads = 0;  // parsed as a number so that -1, 2.5 or 1e9 get the range in their message

  // A review needs the network and the walking rules, not the coverage outputs;
  // access takes its catchment as one --minutes of its own and draws no areas
  // (no tiers, no --lateral).
  enum Use { ForCoverage, ForReview, ForAccess };
  void add_to(CLI::App& app, bool roads_required, Use use = ForCoverage);
  // Fills inputs.roads, inputs.walk_filter and settings, checking every value
  // against the library's ranges. Throws Error(E001).
  void apply(jobs::InputOptions& inputs, jobs::CoverageSettings& settings) const;
};

}  // namespace siting::cli
