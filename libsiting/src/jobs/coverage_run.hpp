// SPDX-License-Identifier: Apache-2.0
#pragma once

// The network and coverage stages as `siting coverage`, `siting check --roads`
// and `siting review` run them: read the roads, build the walking graph and its
// index, analyse, and summarise into a coverage::CoverageResult.

#include <map>
#include <memory>
#include <string>
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

// One shard of a sharded run (options.shard set): jobs/shard.cpp. `circles`:
// the facility types whose circles the shard also draws for its parcels (siting
// check's typed indicators); `command` names the command in messages.
CoverageJobResult run_coverage_shard(const CoverageJobOptions& options,
                                     const std::vector<std::vector<FacilityType>>& circles = {},
                                     const std::string& command = "siting coverage");

// The coverage of a sharded run, joined from its parts, and the circles of
// `circles` (each with at least one facility of its types in `in`). `in` is the
// whole run's inputs as read, roads included: their key must be the plan's; the
// roads' lines are freed, or with `streets` (a --report's maps) built into the
// walking graph. Throws Error(E601) naming the shards missing or wrong.
struct MergedCoverage {
  coverage::CoverageResult coverage;
  std::map<std::vector<FacilityType>, coverage::CoverageResult> typed;
  std::unique_ptr<network::WalkGraph> graph;  // with `streets`
};
MergedCoverage merge_coverage(const CoverageJobOptions& run, const rules::RuleSet& rules, Inputs& in,
                              const std::vector<std::vector<std::size_t>>& estate_zones, const ShardParts& where,
                              const std::vector<std::vector<FacilityType>>& circles, const std::string& command,
                              bool streets);

}  // namespace siting::jobs::detail
