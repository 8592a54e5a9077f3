// SPDX-License-Identifier: Apache-2.0
#pragma once

// Shortest walks over the graph, in metres (times are metres / speed).
//
// One multi-source Dijkstra from every facility gives each vertex its nearest
// facility and distance; a snapped source seeds both ends of its edge with the
// connector plus the walk along the edge. Expansion stops past the largest
// budget. Exact ties go to the smaller facility index, so results never depend
// on heap order. Budgets are inclusive: a vertex at exactly the budget is reached.
//
//   Sources s = ...;                                   // snapped facilities
//   Reach r = nearest_facility(graph, s, 810.0);       // 15 min at 0.9 m/s
//   PointReach p = reach_at(graph, r, s, parcel_snap); // a point on an edge

#include <cstdint>
#include <limits>
#include <vector>

#include "siting/network/graph.hpp"
#include "siting/network/snap.hpp"

namespace siting::network {

constexpr double kUnreached = std::numeric_limits<double>::infinity();

struct Source {
  Snap snap;
  std::uint32_t id = 0;  // facility index
};

// Sources grouped by edge, for walks that never leave the edge they start on.
class Sources {
 public:
  explicit Sources(std::vector<Source> sources);
  const std::vector<Source>& all() const { return sources_; }
  // Indexes into all() of the sources on one edge: for (std::uint32_t i : s.on_edge(e)).
  struct Range {
    const std::uint32_t* first = nullptr;
    const std::uint32_t* last = nullptr;
    const std::uint32_t* begin() const { return first; }
    const std::uint32_t* end() const { return last; }
  };
  Range on_edge(EdgeId e) const;

 private:
  std::vector<Source> sources_;
  std::vector<EdgeId> edges_;              // sorted edges that carry sources
  std::vector<std::uint32_t> offsets_;     // into by_edge_
  std::vector<std::uint32_t> by_edge_;
};

struct Reach {
  std::vector<double> distance_m;       // per vertex; kUnreached beyond the limit
  std::vector<std::uint32_t> source;    // per vertex: Source::id, or kNone
  std::size_t settled = 0;              // vertices settled (for the benchmark)
};

Reach nearest_facility(const WalkGraph& graph, const Sources& sources, double limit_m);

struct PointReach {
  double distance_m = kUnreached;  // excluding the point's own connector
  std::uint32_t source = kNone;
};

// The nearest source of a point on an edge: through either end of the edge, or
// directly along it from a source on the same edge.
PointReach reach_at(const WalkGraph& graph, const Reach& reach, const Sources& sources, const Snap& at);
// The same for the nearest point of a stretch of edge (its connector excluded).
PointReach reach_span(const WalkGraph& graph, const Reach& reach, const Sources& sources, const Span& span);

// One source, bounded: the distances of every vertex within `limit_m`, as sparse
// (vertex, distance) pairs. Reuses `scratch` between calls (size it once).
struct SparseReach {
  std::vector<VertexId> vertices;
  std::vector<double> distance_m;
};
class BoundedSearch {
 public:
  explicit BoundedSearch(const WalkGraph& graph);
  SparseReach run(const Snap& source, double limit_m);

 private:
  const WalkGraph& graph_;
  std::vector<double> dist_;
  std::vector<VertexId> touched_;
};

}  // namespace siting::network
