// SPDX-License-Identifier: Apache-2.0
#pragma once

// The computing side of a sharded run (docs/scale.md); jobs/shard.cpp reads,
// calls these and writes.
//
//   Manifest m = plan_shards(districts, {parcels, facilities, line_boxes}, halo_m, tile_m, lateral_m);
//   add_network(m, graph, build_stats);               // the whole network, once
//   ...each shard: global_components(m.shards[s], shard_graph) ...
//   Coverage c = assemble(m, parts, parcels, facility_count, options);   // the merge

#include <cstdint>
#include <vector>

#include "siting/coverage/analysis.hpp"
#include "siting/network/graph.hpp"
#include "siting/shard/manifest.hpp"
#include "siting/shard/partition.hpp"

namespace siting::shard {

struct PlanInputs {
  const std::vector<Estate>& parcels;
  const std::vector<Facility>& facilities;
  const std::vector<Box>& line_boxes;  // of the walkable road lines
};

// Owners of every parcel, facility and service-area tile; one shard per district
// owning anything, with its owned box, its halo (owned grown by halo_m) and its
// counts of parcels and facilities. The tiles are those a run on these lines
// draws (tile_m squares over the lines and facilities grown by lateral_m). The
// lines meeting each halo are counted by the caller, which hashes them too;
// network fields, islands and hashes are left for add_network.
Manifest plan_shards(const Districts& districts, const PlanInputs& inputs, double halo_m, double tile_m,
                     double lateral_m);

// The whole network's counts, each shard's island vertices (of the edges outside
// the largest component meeting its halo), and each shard's hash (m.run_key set).
void add_network(Manifest& m, const network::WalkGraph& graph, const network::BuildStats& build);

// 16 hex digits: the run key, the shard's district, boxes and inputs key, its parcels.
std::string shard_hash(const Manifest& m, std::size_t shard);

// The centre of a service-area tile, which decides its owner.
Point tile_centre(std::int64_t col, std::int64_t row, double tile_m);

// For a shard's graph: per component of it, the whole network's number for it
// (0, the largest, unless the plan lists one of its vertices as an island's).
std::vector<std::uint32_t> global_components(const ShardSpec& shard, const network::WalkGraph& graph);

// The merge: the whole run's Coverage from every shard's part. Checks that each
// part is its shard's of this plan, that every parcel and facility comes exactly
// once from its owner and every tile at most once; the service areas are
// dissolved from the tiles. Throws Error(E601) naming the shard; `where` is the
// parts folder, for the messages.
coverage::Coverage assemble(const Manifest& m, std::vector<Part> parts, const std::vector<Estate>& parcels,
                            std::size_t facility_count, const coverage::CoverageOptions& options,
                            const std::string& where);

}  // namespace siting::shard
