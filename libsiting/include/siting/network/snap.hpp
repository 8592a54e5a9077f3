// SPDX-License-Identifier: Apache-2.0
#pragma once

// Attaching facilities and parcels to the walking graph: to the nearest point on
// a segment (a grid of cells over the segments, exact point-to-segment distance), not merely
// the nearest vertex. The straight walk from the feature to that point (the
// connector) counts in the time.

#include <memory>
#include <vector>

#include "siting/geometry.hpp"
#include "siting/network/graph.hpp"

namespace siting::network {

// A place on an edge: `along_m` from edge.u towards edge.v.
struct Snap {
  EdgeId edge = kNone;
  double along_m = 0.0;
  double connector_m = 0.0;  // straight walk from the feature to `at`
  Point at;
  bool on_network() const { return edge != kNone; }
};

// A stretch of an edge, [from_m, to_m] from edge.u, reached after `connector_m`
// of straight walking. A single point has from_m == to_m.
struct Span {
  EdgeId edge = kNone;
  double from_m = 0.0;
  double to_m = 0.0;
  double connector_m = 0.0;
};

// How a parcel is reached.
enum class AccessKind {
  Enters,   // streets meet or enter the parcel: every stretch of street inside it, connector 0
  Nearest,  // otherwise the boundary point nearest the network, plus the walk to it
  None,     // no street within the maximum snap distance
};

struct Access {
  AccessKind kind = AccessKind::None;
  std::vector<Span> spans;
};

class SegmentIndex {
 public:
  // Built on `threads` threads (default 0: one per core).
  explicit SegmentIndex(const WalkGraph& graph, unsigned threads = 0);
  ~SegmentIndex();
  SegmentIndex(SegmentIndex&&) noexcept;

  // Nearest point on any segment within `max_m`; an empty Snap beyond it.
  // Exact ties go to the lower edge id.
  Snap nearest(const Point& p, double max_m) const;

  // Where the network reaches a parcel: every stretch of street on or inside it
  // (so the time is that of the first point reached, where a street enters); else
  // the boundary point nearest the network, within `max_m`.
  Access parcel_access(const MultiPolygon& parcel, double max_m) const;

  // Edges with a segment within `distance_m` of the box (for local polygon work).
  std::vector<EdgeId> edges_near(const Box& box, double distance_m) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  const WalkGraph* graph_;
};

const char* to_string(AccessKind kind);

}  // namespace siting::network
