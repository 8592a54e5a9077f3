// SPDX-License-Identifier: Apache-2.0
#pragma once

// The network and coverage stages as `siting coverage`, `siting check --roads`
// and `siting review` run them: read the roads, build the walking graph and its
// index, analyse, and summarise into a coverage::CoverageResult.

#include <memory>
#include <vector>

#include "siting/coverage/analysis.hpp"
#include "siting/coverage/result.hpp"
#include "siting/jobs/coverage.hpp"
#include "siting/network/snap.hpp"
#include "siting/rules/ruleset.hpp"

namespace siting::jobs::detail {

struct WalkNetwork {
  network::RoadStats roads;
  network::BuildStats build;
  std::unique_ptr<network::WalkGraph> graph;
  std::unique_ptr<network::SegmentIndex> index;
};

// The analysis options: settings.analysis with the tiers and walking speed of
// the settings, or else of the rule set.
coverage::CoverageOptions coverage_options(const rules::RuleSet& rules, const CoverageSettings& settings);

// Builds the graph from the walkable lines of inputs.roads, taking them over
// (inputs.roads->lines is left empty), and its segment index; logs the graph.
// Throws siting::Error.
WalkNetwork build_walk_network(Inputs& inputs, const CoverageSettings& settings);

// The analysis on a graph already built, with options from coverage_options, for
// `facilities` (inputs.facilities, or some of them, or more): `siting site` runs
// it before and after the chosen sites are added, `siting check` for the
// facilities of each indicator's types.
coverage::CoverageResult network_coverage(const WalkNetwork& net, const Inputs& inputs,
                                          const std::vector<Facility>& facilities, const rules::RuleSet& rules,
                                          const CoverageSettings& settings, const coverage::CoverageOptions& options,
                                          const std::vector<std::vector<std::size_t>>& estate_zones);

}  // namespace siting::jobs::detail
