// SPDX-License-Identifier: Apache-2.0
#pragma once

// A sharded run's plan (manifest.json, written by `siting shard`) and one
// shard's answer (part.bin, written by `siting coverage --shard N`), with their
// readers and writers. docs/scale.md explains ownership, halos and the merge.
//
// The plan is decided once, on the whole network: which district owns what,
// each shard's halo, the network's counts and its components (a shard sees only
// part of the network, so it cannot tell an island from a piece of the main
// network cut off by its halo's edge; the plan lists the island vertices near
// each shard instead).

#include <cstdint>
#include <string>
#include <vector>

#include "siting/coverage/analysis.hpp"
#include "siting/coverage/result.hpp"
#include "siting/geometry.hpp"
#include "siting/location/problem.hpp"
#include "siting/shard/partition.hpp"

namespace siting::shard {

inline constexpr int kManifestFormat = 2;

// A vertex of the whole network outside its largest component, with the
// component's number there (components are numbered by size, 0 the largest).
struct IslandVertex {
  double x = 0.0, y = 0.0;
  std::uint32_t component = 0;
};

struct ShardSpec {
  std::size_t district = 0;  // index into Manifest::districts
  Box owned;                 // the district and everything it owns (parcels, facilities, tiles)
  Box halo;                  // owned grown by Manifest::halo_m: all a shard reads
  std::size_t parcels = 0, facilities = 0;  // owned
  std::size_t lines = 0;                    // walkable road lines meeting the halo (geometry, not box)
  // 16 hex digits over the settings and what the shard reads: its own parcels,
  // the facilities in its halo and the lines meeting it. A shard reads only its
  // halo (a spatial filter), so it checks this key instead of the run key.
  std::string inputs_key;
  std::string hash;  // 16 hex digits: the run key, the shard's district, boxes and inputs key, its owned parcels
  std::vector<IslandVertex> islands;  // island vertices of the edges meeting the halo
};

struct Manifest {
  int format = kManifestFormat;
  std::string command = "coverage";
  // 16 hex digits over the settings and every feature as read (parcels,
  // facilities, zones, walkable lines, in the working CRS): a shard or merge
  // run with other inputs or options gets another key and is refused.
  std::string run_key;
  std::string crs;      // the working CRS's label, for the log
  std::string crs_wkt;  // the working CRS, which every shard then uses (not chosen again from a part of the data)
  std::string grid;     // "zones LEVEL" or "grid M m": how the districts were made
  double halo_m = 0.0;  // budget + lateral distance + twice the largest snap + the snap tolerance + 1 m
  double tile_m = 0.0;  // the service areas' tile size
  std::size_t parcel_count = 0, facility_count = 0;
  // The whole network, as a single run counts it.
  network::BuildStats build;
  std::size_t vertices = 0, edges = 0, components = 0, largest_component_vertices = 0;
  std::vector<District> districts;
  std::vector<ShardSpec> shards;  // the districts owning anything, in district order
  std::vector<std::uint32_t> parcel_shard, facility_shard;  // per parcel / facility as read
  // Per parcel / facility as read: its feature id, by which a shard reading only
  // its halo finds each feature's place in the whole run.
  std::vector<std::int64_t> parcel_fid, facility_fid;
  std::vector<std::int32_t> district_shard;                  // per district: its shard, or -1
};

// Throws Error(E401) when the file cannot be written.
void write_manifest(const Manifest& manifest, const std::string& path);
// Throws Error(E101) when unreadable, Error(E601) when not a manifest of this format.
Manifest read_manifest(const std::string& path);

// One shard's answer: its owned parcels' and facilities' results (indices are
// the whole run's, facilities included) and the service-area tiles it owns.
struct Part {
  std::uint32_t shard = 0;
  std::string run_key;
  std::vector<std::uint32_t> parcel_index, facility_index;
  std::vector<coverage::ParcelCoverage> parcels;
  std::vector<coverage::FacilityCoverage> facilities;  // snap.edge is only on/off the network
  std::vector<std::vector<coverage::TileGeometry>> tiles;  // per tier
  // The circles of some facility types only (siting check's day-care coverage):
  // the owned parcels' results, in parcel_index order, without areas. Their
  // facility indices are the whole run's.
  struct TypedCircle {
    std::string types;  // the types, comma-separated: "day_care"
    std::vector<coverage::ParcelCoverage> parcels;
  };
  std::vector<TypedCircle> typed;
  // A siting shard's pairs: each owned parcel with every site (facilities, then
  // the candidates, numbered as in the whole run) whose walk reaches it within
  // the circle, in seconds as location::build_network_problem gives them.
  // `candidates_key` names the candidates layer they came from; empty in a
  // coverage or check shard's part.
  std::string candidates_key;
  std::vector<location::Arc> pairs;
  double seconds = 0.0;
};

// Binary, exact (doubles as their bits). Throws Error(E401) / Error(E101, E601).
void write_part(const Part& part, const std::string& path);
Part read_part(const std::string& path);

// 16 hex digits of a 64-bit hash, for keys.
class Hasher {
 public:
  void add(std::uint64_t v);
  void add(double v);
  void add(const std::string& s);
  void add(const Point& p) { add(p.x), add(p.y); }
  void add(PointSpan l);
  void add(const MultiPolygon& m);
  std::string hex() const;

 private:
  std::uint64_t h_ = 0x51715EED5EED5EEDULL;
};

}  // namespace siting::shard
