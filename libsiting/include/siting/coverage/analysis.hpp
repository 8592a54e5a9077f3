// SPDX-License-Identifier: Apache-2.0
#pragma once

// The 15-minute service circle: for every parcel the walk to its nearest
// facility over the street network, which tier it falls in, how much of it lies
// in the service area, and the gap left outside; per facility the households it
// serves and its own service area; per tier the dissolved service area.
//
//   CoverageOptions o;
//   o.minutes = {5, 10, 15};
//   o.speed_m_per_s = 0.9;
//   Coverage c = analyse_coverage(graph, estates, facilities, o);

#include <cstdint>
#include <functional>
#include <vector>

#include "siting/coverage/service_area.hpp"
#include "siting/model.hpp"
#include "siting/network/graph.hpp"
#include "siting/network/snap.hpp"
#include "siting/network/walk_options.hpp"

namespace siting::coverage {

// A parcel's gap smaller than this (m2) is rounding left by the polygon overlay,
// not land left out: it is below the 0.01 m2 the outputs report, so counting it
// would list parcels with a gap of 0.00 m2 and households left out of nothing.
inline constexpr double kGapSliverM2 = 0.005;

// The walk (tiers, speed, maximum snap distance, with their ranges and the
// budget in metres) and how its service areas are drawn.
struct CoverageOptions : network::WalkOptions {
  AreaOptions area;              // lateral distance, buffer arcs, tiles, threads
  bool facility_areas = true;    // a service-area polygon per facility (circle tier)
  bool polygons = true;          // the dissolved service area per tier
  bool overlay = true;           // covered shares and gaps (needs the polygons)
  bool keep_vertex_times = false;  // for network_times.csv
  // For one shard of a sharded run (siting shard): draw the tiles of the tier
  // areas (in Coverage::tiles) instead of dissolving them, and each facility's
  // own area only where own_facility_areas says so (empty: every facility).
  bool keep_tiles = false;
  std::vector<bool> own_facility_areas;

  // WalkOptions::validate and AreaOptions::validate: throws Error(E001).
  void validate() const;
};

struct ParcelCoverage {
  network::AccessKind access = network::AccessKind::None;
  double connector_m = 0.0;           // walk from the street to the parcel (0 where a street enters)
  double time_s = network::kUnreached;  // to the nearest facility, within the circle; else unreached
  std::uint32_t facility = network::kNone;
  int tier = -1;                      // index into minutes, -1 when outside every tier
  std::uint32_t component = network::kNone;
  bool island = false;                // reached through a component other than the largest
  std::vector<double> covered_m2;     // per tier: parcel area inside the dissolved service area
  MultiPolygon gap;                   // circle tier: the part outside the service area
};

struct FacilityCoverage {
  network::Snap snap;
  std::uint32_t component = network::kNone;
  bool island = false;
  double households_served = 0.0;  // covered parcels for which this facility is the nearest
  double parcels_served = 0.0;
  MultiPolygon area;                // its own service area at the circle tier
  double area_m2 = 0.0;
};

struct VertexTime {
  network::VertexId vertex;
  double time_s;
  std::uint32_t facility;
};

struct Coverage {
  std::vector<double> budget_m;             // per tier
  std::vector<ParcelCoverage> parcels;
  std::vector<FacilityCoverage> facilities;
  std::vector<MultiPolygon> dissolved;      // per tier
  std::vector<double> dissolved_m2;         // per tier
  std::vector<VertexTime> vertex_times;     // when keep_vertex_times, by vertex id
  std::vector<std::vector<TileGeometry>> tiles;  // per tier, with keep_tiles (then dissolved stays empty)
  std::size_t vertices_reached = 0;
};

// The part of a facility's connector (the straight walk from it to its snapped
// point on the street) walkable within the budget: a line the service area takes
// in besides the reachable pieces. Empty off the network or with no connector.
LineString connector_within(const Facility& facility, const network::Snap& snap, double budget_m);

// Each facility's households and parcels served: the covered parcels for which
// it is the nearest, summed in parcel order (analyse_coverage calls it; the merge
// of a sharded run calls it on the parcels of all shards).
void tally_served(Coverage& coverage, const std::vector<Estate>& parcels);

// Each facility's own area taken from the dissolved circle (c.dissolved.back())
// where that is exact: a facility on the network alone in its polygon (no
// other facility on the network lies in it) has that polygon as its own area.
// Its site lies inside its own buffer (by the lateral distance), and the
// polygon, a component of the union of all the facilities' buffers, holds no
// other facility's buffer. Fills area and area_m2 of those facilities and
// returns which they are; analyse_coverage draws the others from their own
// pieces, and the merge of a sharded run calls it on the assembled circle so
// that its files are the single run's. Nothing is taken without a dissolved
// circle. `threads`: as AreaOptions::threads.
std::vector<bool> areas_from_circle(Coverage& coverage, const std::vector<Facility>& facilities, unsigned threads);

// Throws Error(E001) for options out of their range (CoverageOptions::validate).
// `placed`, when given, is called once every facility and parcel has been put
// on the network, before the polygons: the index is not read after it, so a
// caller done with it may free it there (the index of a 1M-segment city holds
// 46.5 MB; docs/performance.md).
Coverage analyse_coverage(const network::WalkGraph& graph, const network::SegmentIndex& index,
                          const std::vector<Estate>& parcels, const std::vector<Facility>& facilities,
                          const CoverageOptions& options, const std::function<void()>& placed = {});

}  // namespace siting::coverage
