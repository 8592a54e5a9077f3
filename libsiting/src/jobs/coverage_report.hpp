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

struct CoverageRun {
  std::vector<double> minutes;
  double speed_m_per_s = 0.0;
  network::RoadStats roads;
  network::BuildStats build;
  std::unique_ptr<network::WalkGraph> graph;
  std::unique_ptr<network::SegmentIndex> index;
  coverage::Coverage result;
};

// Throws siting::Error; needs inputs.roads opened.
CoverageRun run_network_coverage(Inputs& inputs, const rules::RuleSet& rules, const CoverageSettings& settings);

// Writes parcels.*, gaps.geojson, service_areas.geojson, facilities_coverage.csv,
// zones_coverage.csv, network_times.csv (when asked); fills summary["coverage"]
// and appends the terminal lines to `text`.
void write_coverage(Writer& writer, const Inputs& inputs, const CoverageRun& run, const rules::RuleSet& rules,
                    const CoverageSettings& settings, ordered_json& summary, std::ostringstream& text);

}  // namespace siting::jobs::detail
