// SPDX-License-Identifier: Apache-2.0
#pragma once

// The network and coverage stages as `siting coverage`, `siting check --roads`
// and `siting review` run them: read the roads, build the walking graph and its
// index, analyse, and summarise into a coverage::CoverageResult.

#include <functional>
#include <map>
#include <optional>
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

namespace siting::shard {
struct Part;
}

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
// facilities of each indicator's types. `placed`: as analyse_coverage's (a run
// that walks the network once frees the segment index there).
coverage::CoverageResult network_coverage(const WalkNetwork& net, const Inputs& inputs,
                                          const std::vector<Facility>& facilities, const rules::RuleSet& rules,
                                          const CoverageSettings& settings, const coverage::CoverageOptions& options,
                                          const std::vector<std::vector<std::size_t>>& estate_zones,
                                          const std::function<void()>& placed = {});

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

// What a shard has once its walks are done, for a command that adds to its part
// (siting site's pairs): its walking network (nullptr when its halo has no
// street), its own parcels and its halo's facilities, each with its place in
// the whole run, and its inputs as read (the candidates layer whole).
struct ShardWorld {
  const WalkNetwork* net;
  const Inputs& in;
  const std::vector<Estate>& parcels;
  const std::vector<std::uint32_t>& parcel_global;
  const std::vector<Facility>& facilities;
  const std::vector<std::uint32_t>& facility_global;
  std::size_t facility_count;               // in the whole run
  const Box& halo;
  const coverage::CoverageOptions& walk;    // the run's, as coverage_options gives it
};
using ShardAddition = std::function<void(const ShardWorld&, shard::Part&)>;

// One shard of a sharded run (options.shard set): jobs/shard.cpp. `circles`:
// the facility types whose circles the shard also draws for its parcels (siting
// check's typed indicators); `command` names the command in messages; `add`,
// when set, adds to the part before it is written.
CoverageJobResult run_coverage_shard(const CoverageJobOptions& options,
                                     const std::vector<std::vector<FacilityType>>& circles = {},
                                     const std::string& command = "siting coverage", const ShardAddition& add = {});

// The coverage of a sharded run, joined from its parts, and the circles of
// `circles` (each with at least one facility of its types in `in`). `in` is the
// whole run's inputs as read, roads included: their key must be the plan's; the
// roads' lines are freed, or with `walks` built into the walking network (a
// --report's maps, siting site's coverage after). `take`, when set, sees each
// part once it is read and checked (siting site takes its pairs). Throws
// Error(E601) naming the shards missing or wrong.
struct MergedCoverage {
  coverage::CoverageResult coverage;
  std::map<std::vector<FacilityType>, coverage::CoverageResult> typed;
  std::optional<WalkNetwork> network;  // with `walks`
};
MergedCoverage merge_coverage(const CoverageJobOptions& run, const rules::RuleSet& rules, Inputs& in,
                              const std::vector<std::vector<std::size_t>>& estate_zones, const ShardParts& where,
                              const std::vector<std::vector<FacilityType>>& circles, const std::string& command,
                              bool walks, const std::function<void(shard::Part&)>& take = {});

}  // namespace siting::jobs::detail
