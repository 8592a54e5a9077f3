// SPDX-License-Identifier: Apache-2.0
#pragma once

// The option family every command uses for a layer:
//   --R PATH  --R-layer NAME  --R-where SQL  --R-field KEY=NAME
// (dataset and layer apart, because PostGIS strings like PG:dbname=x have colons).

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "siting/io/layer.hpp"
#include "siting/jobs/coverage.hpp"
#include "siting/jobs/inputs.hpp"

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
  bool repair_invalid = false;

  void add_crs_and_kinds(CLI::App& app);
  // Fills the parts of InputOptions these flags cover. Throws Error(E001).
  void apply(jobs::InputOptions& options) const;
};

// Options of the walking-network analysis (siting coverage, siting check --roads).
struct CoverageFlags {
  LayerOptions roads{io::Role::Roads, {}, {}, {}, {}};
  std::vector<double> minutes;
  double speed = std::numeric_limits<double>::quiet_NaN();  // NaN: not given
  double lateral = 50.0;
  double max_snap = 100.0;
  double snap_tolerance = 0.0;
  bool node_crossings = false;
  std::vector<std::string> exclude_highway, include_highway;
  bool keep_private = false;
  bool network_times = false;
  bool no_facility_areas = false;
  unsigned threads = 0;

  // A review needs the network and the walking rules, not the coverage outputs.
  enum Use { ForCoverage, ForReview };
  void add_to(CLI::App& app, bool roads_required, Use use = ForCoverage);
  // Fills roads and settings. Throws Error(E001).
  void apply(jobs::InputOptions& inputs, jobs::CoverageSettings& settings) const;
};

}  // namespace siting::cli
