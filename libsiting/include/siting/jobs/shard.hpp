// SPDX-License-Identifier: Apache-2.0
#pragma once

// A coverage run split into district shards and joined again, for a province
// on a cluster (docs/scale.md):
//
//   siting shard    OPTIONS --grid 5000 --out plan            run_shard_plan
//   siting coverage OPTIONS --shard-manifest plan/manifest.json --shard N --out parts/shard-000N
//   siting merge    OPTIONS --shard-manifest plan/manifest.json --parts parts --out out   run_merge
//
// OPTIONS are the same `siting coverage` options each time; the merge writes
// the files a single `siting coverage OPTIONS --out out` writes, with the same
// bytes in every CSV.

#include <string>
#include <vector>

#include "siting/jobs/coverage.hpp"

namespace siting::jobs {

struct ShardPlanOptions {
  CoverageJobOptions run;       // the run to shard (its out_dir is not used)
  // --district-level: the districts are the zones (--zones) of this level, e.g.
  // "street"; empty: a grid of grid_m cells.
  std::string district_level;
  double grid_m = 5000.0;       // --grid: m, [100, 1e6], default 5000
  std::string out_dir;          // manifest.json goes here
};

struct ShardPlanResult {
  int exit_code = 0;
  std::size_t shards = 0;
  std::string summary_text;
  std::vector<std::string> files;
};

// Reads everything and builds the whole network once (its counts and its
// islands are decided here, never in a shard), gives every parcel, facility and
// service-area tile its owner, and writes the plan. Throws siting::Error.
ShardPlanResult run_shard_plan(const ShardPlanOptions& options);

struct MergeOptions {
  CoverageJobOptions run;   // the run's options, as given to the plan and the shards; run.out_dir: where the files go
  std::string manifest;     // --shard-manifest
  std::string parts_dir;    // --parts: holds shard-0000/part.bin, shard-0001/part.bin, ...
};

// Checks that every shard reported, with the plan's key, and that every parcel
// and facility came exactly once; then summarises and writes as run_coverage
// does. Throws Error(E601) naming the shards missing, and writes nothing then.
CoverageJobResult run_merge(const MergeOptions& options);

}  // namespace siting::jobs
