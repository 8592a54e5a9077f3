// SPDX-License-Identifier: Apache-2.0
#pragma once

// The network and coverage stages as `siting coverage`, `siting check --roads`
// and `siting review` run them: read the roads, build the walking graph and its
// index, analyse, and summarise into a coverage::CoverageResult.

#include <memory>
#include <vector>

#include "siting/coverage/analysis.hpp"
#include "siting/coverage/result.hpp"
#include "siting/io/database.hpp"
#include "siting/io/output_dir.hpp"
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

// What `siting coverage` reads (and its shards and merge): the inputs as
// load_inputs gives them, with the elderly derived, the facility types kept,
// and each parcel's zones.
struct CoverageInputs {
  Inputs in;
  std::vector<std::vector<std::size_t>> estate_zones;
};

// Throws Error(E001) when roads or facilities are missing.
void check_coverage_options(const CoverageJobOptions& options);
CoverageInputs load_coverage_inputs(const CoverageJobOptions& options, const rules::RuleSet& rules);

// Writes coverage's files (and report, database tables) and commits them; the
// summary text. `graph`: the streets of the report's maps, or nullptr.
std::string write_coverage_outputs(const CoverageJobOptions& options, const rules::RuleSet& rules,
                                   const CoverageInputs& inputs, const coverage::CoverageResult& coverage,
                                   const network::WalkGraph* graph, io::OutputDir& out, io::DatabaseOutput* db,
                                   const std::string& chromium, std::vector<std::string>& files);

// One shard of a sharded run (options.shard set): jobs/shard.cpp.
CoverageJobResult run_coverage_shard(const CoverageJobOptions& options);

}  // namespace siting::jobs::detail
