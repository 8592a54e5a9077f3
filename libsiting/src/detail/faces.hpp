// SPDX-License-Identifier: Apache-2.0
#pragma once

// The faces that whole reached streets close, for a service area drawn without
// buffering every street (docs/coverage.md, section 5, step 3). Where a face's
// every side is reached, each point of the face within the lateral distance of
// its sides is in the service area, and no street outside the face reaches
// further into it than the face's own sides do (a walk from outside into the
// face crosses its sides). So a street with such a face on either side needs
// no buffer of its own: the area is the buffer of the faces' union and of every
// other piece, less the faces' erosions (their insides farther than the
// lateral distance from their sides) where no other piece's buffer covers
// them. On a dense city most streets are of that kind.

#include <atomic>
#include <cstdint>
#include <utility>
#include <vector>

#include "siting/geometry.hpp"
#include "siting/network/graph.hpp"

namespace siting::detail {

// A face is kept only when its box's sides are at most this long: five
// lateral distances (250 m at the default 50 m, a city block; three gave up
// most of the gain on the benchmark cities, docs/performance.md). What makes a
// face closed then lies within this distance of any tile it is drawn for,
// which a shard's halo adds (jobs/shard.cpp) so that a shard draws its tiles
// as the single run does; a larger face's sides are buffered as streets.
inline double face_max_side(double lateral_m) { return 5.0 * lateral_m; }

// A reached stretch of street that is not a whole edge (a partial piece): it
// takes no part in the faces, but a face's side that it crosses is left out,
// as a crossing whole street's is.
struct Obstacle {
  Point a, b;
  network::VertexId at_a = network::kNone, at_b = network::kNone;  // the graph vertex at an end, if any
};

struct Faces {
  // The closed faces: simple counter-clockwise rings, closed (first point
  // repeated), of graph vertices' points.
  std::vector<Ring> rings;
  // Per edge given, on how many of its sides (0, 1 or 2) a closed face lies.
  std::vector<std::uint8_t> closed_sides;
  // Their sides, for joining any of them (join_faces). Half-edge h of the
  // k-th edge given is 2k (from u to v) or 2k + 1 (back).
  std::vector<std::uint32_t> face_of;     // per half-edge: the closed face on its left, or kNone
  std::vector<std::uint32_t> next;        // per half-edge: the next one round the face on its left
  std::vector<network::VertexId> vertex;  // per half-edge: where it starts
  std::vector<std::uint32_t> face_start;  // face f's half-edges: face_half[face_start[f], face_start[f + 1])
  std::vector<std::uint32_t> face_half;
};

// The closed faces of the given edges (each a whole reached street segment).
// Edges that cross or touch another one other than at a shared end (bridges,
// tunnels, overlaps) are left out first, and so are the edges of trees hanging
// off the rest (culs-de-sac): what is left is a plane graph, whose bounded
// faces are traced by the angles of the edges at each vertex. A face whose
// boundary passes a vertex twice, that holds a part of the network not
// joined to it, or whose box has a side longer than max_side_m, is not kept (its edges then have no closed face on that side,
// and are buffered as any other). The crossing test and the angles run on
// `threads` cores (0: all); the result does not depend on them.
Faces closed_faces(const network::WalkGraph& graph, const std::vector<network::EdgeId>& edges, double max_side_m,
                   const std::vector<Obstacle>& obstacles = {}, unsigned threads = 1);

// The union of the closed faces in `set` as polygons (outer rings
// counter-clockwise, holes clockwise): from their sides alone, since they
// meet only along whole sides. Polygons may touch at a vertex.
MultiPolygon join_faces(const network::WalkGraph& graph, const Faces& faces, const std::vector<std::uint32_t>& set);

// How much the buffers of lines at distance r overlap, from the lines' boxes
// alone: the boxes grown by r and cut to `within` touch cells of side 2r (or
// of a 256th of their joint extent, if larger); the cells touched, counted
// once per box, over the cells touched at all. 1 when no two share a cell,
// 0 for no boxes.
double lines_overlap(const std::vector<Box>& boxes, double r, const Box& within);

// A service area's tile goes to one GEOS buffer call, faces and lines
// together, when its lines overlap at most this much (coverage/service_area.cpp).
// The benchmark cities' tiles and facility areas measured 1.0-2.7 (means
// 1.7-1.8), Futian's and Baltimore's 1.0-5.6 (means 2.8-3.4), where one call
// is slower (docs/performance.md).
constexpr double kOneBufferOverlap = 2.5;

class ErosionCache;

// The points of a counter-clockwise simple ring farther than `distance` from
// its boundary, as rings (counter-clockwise, closed): the holes a face leaves
// in the service area. A convex ring's is the intersection of its sides'
// half-planes moved inwards; any other's is GEOS's inward buffer with the given
// arcs per quarter circle, which is what buffering its sides would leave,
// taken from `cache` when it holds the ring. `by_geos`, if given, is set to
// whether the erosion is GEOS's (computed or cached).
std::vector<Ring> erosion(const Ring& face, double distance, int quadrant_segments,
                          const ErosionCache* cache = nullptr, bool* by_geos = nullptr);

// GEOS's erosions of faces, by the face's ring bit for bit, at one distance
// and arc count. The dissolved circle's are kept for each facility's own area:
// a facility reaches blocks the circle did, and a face is traced from the side
// of its lowest edge id (closed_faces takes edges in the pieces' order, which
// is by edge id), so the same block is the same ring, point for point. A
// result from the cache is the one GEOS gave for those points: the outputs do
// not depend on it. Filled once, then only read: threads share it unlocked.
class ErosionCache {
 public:
  ErosionCache(double distance, int quadrant_segments) : distance_(distance), quadrant_segments_(quadrant_segments) {}
  // Call for each face, then seal() once before the first find().
  void add(Ring face, std::vector<Ring> eroded);
  void seal();
  // The erosion of `face` at this distance and arc count, or null.
  const std::vector<Ring>* find(const Ring& face, double distance, int quadrant_segments) const;
  // Keeps only the faces whose boxes meet one of `areas` (what the areas to
  // be drawn with it can reach), freeing the rest; sealed again.
  void retain(const std::vector<Box>& areas);
  std::size_t size() const { return faces_.size(); }
  // How many find() calls found their face, for the log.
  std::uint64_t hits() const { return hits_.load(std::memory_order_relaxed); }

 private:
  double distance_;
  int quadrant_segments_;
  mutable std::atomic<std::uint64_t> hits_{0};
  std::vector<Ring> faces_;
  std::vector<std::vector<Ring>> eroded_;
  std::vector<std::pair<std::uint64_t, std::uint32_t>> by_hash_;  // sorted
};

}  // namespace siting::detail
