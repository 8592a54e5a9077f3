// SPDX-License-Identifier: Apache-2.0
#pragma once

// The coverage analysis as `siting coverage` and `siting check --roads` run it:
// read and build the network, analyse, and write the coverage outputs.

#include <memory>
#include <sstream>
#include <string>

#include "jobs/report.hpp"
#include "siting/coverage/analysis.hpp"
#include "siting/jobs/coverage.hpp"
#include "siting/network/snap.hpp"

namespace siting::jobs::detail {

struct WalkNetwork {
  network::RoadStats roads;
  network::BuildStats build;
  std::unique_ptr<network::WalkGraph> graph;
  std::unique_ptr<network::SegmentIndex> index;
};

struct CoverageRun : WalkNetwork {
  std::vector<double> minutes;
  double speed_m_per_s = 0.0;
  coverage::Coverage result;
};

// The analysis options: settings.analysis with the tiers and walking speed of
// the settings, or else of the rule set.
coverage::CoverageOptions coverage_options(const rules::RuleSet& rules, const CoverageSettings& settings);

// Builds the graph from the walkable lines of inputs.roads, taking them over
// (inputs.roads->lines is left empty), and its segment index; logs the graph.
// Throws siting::Error.
WalkNetwork build_walk_network(Inputs& inputs, const CoverageSettings& settings);

// Throws siting::Error; needs inputs.roads read.
CoverageRun run_network_coverage(Inputs& inputs, const rules::RuleSet& rules, const CoverageSettings& settings);

// Writes parcels.*, gaps.geojson, service_areas.geojson, facilities_coverage.csv,
// zones_coverage.csv, network_times.csv (when asked); fills summary["coverage"]
// and appends the terminal lines to `text`. parcel_zones: estate_zones(inputs).
void write_coverage(Writer& writer, const Inputs& inputs, const std::vector<std::vector<std::size_t>>& parcel_zones,
                    const CoverageRun& run, const rules::RuleSet& rules, const CoverageSettings& settings,
                    ordered_json& summary, std::ostringstream& text);

}  // namespace siting::jobs::detail
