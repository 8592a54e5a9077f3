// SPDX-License-Identifier: Apache-2.0
#include "siting/network/graph.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>

#include "detail/bg.hpp"
#include "detail/geos.hpp"
#include "detail/memory.hpp"
#include "detail/parallel.hpp"
#include "siting/error.hpp"

namespace siting::network {
namespace {

std::uint64_t bits(double d) {
  if (d == 0.0) d = 0.0;  // -0 and +0 are one place
  std::uint64_t b;
  std::memcpy(&b, &d, sizeof b);
  return b;
}

// Exact-coordinate vertex ids in order of first appearance: an open-addressing
// hash table, several times faster than std::unordered_map for millions of keys.
class VertexTable {
 public:
  explicit VertexTable(std::size_t expected) {
    std::size_t cap = 16;
    while (cap < expected * 2) cap <<= 1;
    slots_.assign(cap, kNone);
    mask_ = cap - 1;
  }

  VertexId id(const Point& p, std::vector<Point>& points) {
    const std::uint64_t bx = bits(p.x), by = bits(p.y);
    for (std::size_t i = hash(bx, by) & mask_;; i = (i + 1) & mask_) {
      const std::uint32_t s = slots_[i];
      if (s == kNone) {
        if (points.size() * 2 >= slots_.size()) {
          grow(points);
          return id(p, points);
        }
        slots_[i] = static_cast<std::uint32_t>(points.size());
        points.push_back({p.x == 0.0 ? 0.0 : p.x, p.y == 0.0 ? 0.0 : p.y});
        return slots_[i];
      }
      if (bits(points[s].x) == bx && bits(points[s].y) == by) return s;
    }
  }

 private:
  static std::uint64_t hash(std::uint64_t bx, std::uint64_t by) {
    std::uint64_t h = bx * 0x9E3779B97F4A7C15ull ^ (by + 0x632BE59BD9B4E019ull) * 0xC2B2AE3D27D4EB4Full;
    return h ^ (h >> 29);
  }

  void grow(const std::vector<Point>& points) {
    std::vector<std::uint32_t> old;
    old.swap(slots_);
    slots_.assign(old.size() * 2, kNone);
    mask_ = slots_.size() - 1;
    for (std::uint32_t s : old) {
      if (s == kNone) continue;
      std::size_t i = hash(bits(points[s].x), bits(points[s].y)) & mask_;
      while (slots_[i] != kNone) i = (i + 1) & mask_;
      slots_[i] = s;
    }
  }

  std::vector<std::uint32_t> slots_;
  std::size_t mask_ = 0;
};

struct UnionFind {
  std::vector<std::uint32_t> parent;
  explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0u); }
  std::uint32_t find(std::uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  // The smaller id becomes the root: results do not depend on merge order.
  void unite(std::uint32_t a, std::uint32_t b) {
    a = find(a);
    b = find(b);
    if (a == b) return;
    if (a < b) parent[b] = a;
    else parent[a] = b;
  }
};

struct RawSegment {
  VertexId a, b;
};

Lines node_lines(const Lines& lines) {
  auto& ctx = detail::GeosContext::local();
  std::vector<GEOSGeometry*> parts;
  parts.reserve(lines.size());
  for (PointSpan l : lines)
    if (l.size() >= 2) parts.push_back(detail::to_geos(ctx, l).release());
  detail::GeomPtr multi = detail::make_geom(
      ctx, GEOSGeom_createCollection_r(ctx.get(), GEOS_MULTILINESTRING, parts.data(), static_cast<unsigned>(parts.size())));
  detail::GeomPtr noded = detail::make_geom(ctx, GEOSNode_r(ctx.get(), multi.get()));
  Lines out;
  const int n = GEOSGetNumGeometries_r(ctx.get(), noded.get());
  for (int i = 0; i < n; ++i) out.push_back(detail::points_from_geos(ctx, GEOSGetGeometryN_r(ctx.get(), noded.get(), i)));
  return out;
}

// Joins line end points to the nearest other vertex within `tolerance` (grid
// hashing with cells of the tolerance size: only the 3 x 3 cells around a point
// can hold a vertex that close).
std::size_t snap_ends(std::vector<Point>& points, std::vector<RawSegment>& segments, std::vector<VertexId>& ends,
                      double tolerance) {
  const std::size_t n = points.size();
  auto cell_of = [tolerance](const Point& p) {
    return std::make_pair(static_cast<std::int64_t>(std::floor(p.x / tolerance)),
                          static_cast<std::int64_t>(std::floor(p.y / tolerance)));
  };
  std::vector<std::pair<std::pair<std::int64_t, std::int64_t>, VertexId>> grid(n);
  for (VertexId v = 0; v < n; ++v) grid[v] = {cell_of(points[v]), v};
  std::sort(grid.begin(), grid.end());
  UnionFind uf(n);
  std::size_t snapped = 0;
  for (VertexId e : ends) {
    const auto [cx, cy] = cell_of(points[e]);
    double best = tolerance;
    VertexId best_v = kNone;
    for (std::int64_t dx = -1; dx <= 1; ++dx)
      for (std::int64_t dy = -1; dy <= 1; ++dy) {
        const std::pair<std::int64_t, std::int64_t> key{cx + dx, cy + dy};
        auto it = std::lower_bound(grid.begin(), grid.end(), std::make_pair(key, VertexId{0}));
        for (; it != grid.end() && it->first == key; ++it) {
          if (it->second == e) continue;
          const double d = std::hypot(points[it->second].x - points[e].x, points[it->second].y - points[e].y);
          if (d < best || (d == best && d <= tolerance && it->second < best_v)) {
            best = d;
            best_v = it->second;
          }
        }
      }
    if (best_v != kNone && uf.find(best_v) != uf.find(e)) {
      uf.unite(best_v, e);
      ++snapped;
    }
  }
  // Renumber the roots in their original order, moving every vertex to its root.
  std::vector<VertexId> new_id(n, kNone);
  std::vector<Point> kept;
  for (VertexId v = 0; v < n; ++v)
    if (uf.find(v) == v) {
      new_id[v] = static_cast<VertexId>(kept.size());
      kept.push_back(points[v]);
    }
  for (RawSegment& s : segments) {
    s.a = new_id[uf.find(s.a)];
    s.b = new_id[uf.find(s.b)];
  }
  for (VertexId& e : ends) e = new_id[uf.find(e)];
  points.swap(kept);
  return snapped;
}

// Joins dangling line ends (degree 1) that stop short of another line's middle:
// the segment they nearly touch is split where the end projects onto it, and
// the end moves there. Undershoots like this are the commonest fault of
// CAD-drawn networks.
std::size_t snap_ends_to_segments(std::vector<Point>& points, std::vector<RawSegment>& segments,
                                  const std::vector<VertexId>& ends, double tolerance) {
  namespace bg = detail::bg;
  namespace bgi = detail::bgi;
  std::vector<std::uint32_t> degree(points.size(), 0);
  for (const RawSegment& s : segments)
    if (s.a != s.b) ++degree[s.a], ++degree[s.b];
  using Value = std::pair<detail::BgBox, std::uint32_t>;
  std::vector<Value> boxes;
  for (std::uint32_t i = 0; i < segments.size(); ++i) {
    const Point& a = points[segments[i].a];
    const Point& b = points[segments[i].b];
    boxes.emplace_back(detail::BgBox(detail::BgPoint(std::min(a.x, b.x), std::min(a.y, b.y)),
                                     detail::BgPoint(std::max(a.x, b.x), std::max(a.y, b.y))),
                       i);
  }
  const bgi::rtree<Value, bgi::rstar<16>> tree(boxes.begin(), boxes.end());
  struct Split {
    std::uint32_t segment;
    double t;
    VertexId vertex;
  };
  std::vector<Split> splits;
  std::vector<bool> done(points.size(), false);
  for (VertexId e : ends) {
    if (degree[e] != 1 || done[e]) continue;
    done[e] = true;
    const Point p = points[e];
    const detail::BgBox q(detail::BgPoint(p.x - tolerance, p.y - tolerance), detail::BgPoint(p.x + tolerance, p.y + tolerance));
    double best = tolerance;
    std::uint32_t best_s = kNone;
    double best_t = 0;
    for (auto it = tree.qbegin(bgi::intersects(q)); it != tree.qend(); ++it) {
      const RawSegment& s = segments[it->second];
      if (s.a == e || s.b == e || s.a == s.b) continue;
      const Point& a = points[s.a];
      const Point& b = points[s.b];
      const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
      const double t = ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2;
      if (!(t > 0.0 && t < 1.0)) continue;  // ends and vertices are snap_ends' job
      const double d = std::hypot(a.x + t * dx - p.x, a.y + t * dy - p.y);
      if (d < best || (d == best && it->second < best_s)) {
        best = d;
        best_s = it->second;
        best_t = t;
      }
    }
    if (best_s == kNone) continue;
    const Point& a = points[segments[best_s].a];
    const Point& b = points[segments[best_s].b];
    points[e] = {a.x + best_t * (b.x - a.x), a.y + best_t * (b.y - a.y)};
    splits.push_back({best_s, best_t, e});
  }
  // Replace each split segment by its pieces, in order along it.
  std::sort(splits.begin(), splits.end(), [](const Split& x, const Split& y) {
    return x.segment != y.segment ? x.segment < y.segment : x.t < y.t;
  });
  for (std::size_t i = 0; i < splits.size();) {
    std::size_t j = i;
    const std::uint32_t seg = splits[i].segment;
    VertexId prev = segments[seg].a;
    const VertexId last = segments[seg].b;
    bool first = true;
    for (; j < splits.size() && splits[j].segment == seg; ++j) {
      if (first) segments[seg].b = splits[j].vertex;
      else segments.push_back({prev, splits[j].vertex});
      first = false;
      prev = splits[j].vertex;
    }
    segments.push_back({prev, last});
    i = j;
  }
  return splits.size();
}

}  // namespace

void BuildOptions::validate() const { check_option("--snap-tolerance", snap_tolerance_m, kSnapToleranceRange); }

WalkGraph WalkGraph::Build(const Lines& input, const BuildOptions& options, BuildStats* stats) {
  return build(input, nullptr, options, stats);
}

WalkGraph WalkGraph::Build(Lines&& input, const BuildOptions& options, BuildStats* stats) {
  return build(input, &input, options, stats);
}

WalkGraph WalkGraph::Build(const std::vector<LineString>& input, const BuildOptions& options, BuildStats* stats) {
  Lines lines(input);
  return build(lines, &lines, options, stats);
}

WalkGraph WalkGraph::build(const Lines& input, Lines* owned, const BuildOptions& options, BuildStats* stats) {
  options.validate();
  BuildStats local;
  BuildStats& st = stats ? *stats : local;
  st = BuildStats{};
  Lines noded;
  if (options.node_crossings) {
    noded = node_lines(input);
    st.noded_lines = noded.size();
  }
  const Lines& lines = options.node_crossings ? noded : input;

  const std::size_t n_points = lines.point_count();
  std::size_t n_segments = 0;
  for (PointSpan l : lines) n_segments += l.empty() ? 0 : l.size() - 1;
  WalkGraph g;
  std::vector<RawSegment> segments;
  segments.reserve(n_segments);
  std::vector<VertexId> ends;
  {
    VertexTable table(n_points / 2 + 16);
    for (PointSpan l : lines) {
      ++st.lines;
      if (l.empty()) continue;
      VertexId prev = table.id(l[0], g.points_);
      if (options.snap_tolerance_m > 0) ends.push_back(prev);
      for (std::size_t i = 1; i < l.size(); ++i) {
        const VertexId cur = table.id(l[i], g.points_);
        ++st.segments;
        segments.push_back({prev, cur});
        prev = cur;
      }
      if (options.snap_tolerance_m > 0) ends.push_back(prev);
    }
  }
  // From here on the segments are the network. The lines handed over (the
  // rvalue Build) and the noded lines go now, before the edges and adjacency
  // are made: on the 1M grid city they are 36 MB in their Lines blocks (2M
  // points), the largest thing the build would otherwise hold at its peak.
  noded.clear();
  if (owned) owned->clear();
  // Lines read on several threads lie in those threads' heaps (glibc), which
  // what is built next does not draw from: handed back, they leave the peak.
  if (owned || options.node_crossings) detail::trim_heap();
  if (g.points_.size() >= kNone) throw Error(ErrorCode::Internal, "more than 4 billion vertices");
  if (options.snap_tolerance_m > 0) {
    st.snapped_ends = snap_ends(g.points_, segments, ends, options.snap_tolerance_m);
    st.snapped_ends += snap_ends_to_segments(g.points_, segments, ends, options.snap_tolerance_m);
  }

  // Undirected, each segment once: (min, max) with the shorter length kept.
  struct Keyed {
    VertexId a, b;
    double length;
  };
  std::vector<Keyed> keyed;
  keyed.reserve(segments.size());
  for (const RawSegment& s : segments) {
    if (s.a == s.b) {
      ++st.zero_length;
      continue;
    }
    const Point& p = g.points_[s.a];
    const Point& q = g.points_[s.b];
    keyed.push_back({std::min(s.a, s.b), std::max(s.a, s.b), std::hypot(q.x - p.x, q.y - p.y)});
  }
  std::vector<RawSegment>().swap(segments);
  {
    // Sorted on options.threads cores (detail::sort_in_runs, no second copy
    // of 16 bytes a segment).
    const auto less = [](const Keyed& x, const Keyed& y) {
      return x.a != y.a ? x.a < y.a : x.b != y.b ? x.b < y.b : x.length < y.length;
    };
    const std::size_t parts = std::min<std::size_t>(detail::thread_count(options.threads), keyed.size() / 65536 + 1);
    detail::sort_in_runs(keyed, parts, [](const Keyed& x) { return x.a; }, less);
  }
  g.edges_.reserve(keyed.size());
  for (std::size_t i = 0; i < keyed.size(); ++i) {
    if (i > 0 && keyed[i].a == keyed[i - 1].a && keyed[i].b == keyed[i - 1].b) {
      ++st.duplicates;
      continue;
    }
    g.edges_.push_back({keyed[i].a, keyed[i].b, keyed[i].length});
  }
  std::vector<Keyed>().swap(keyed);

  // CSR adjacency.
  const std::size_t n = g.points_.size();
  g.offsets_.assign(n + 1, 0);
  for (const Edge& e : g.edges_) {
    ++g.offsets_[e.u + 1];
    ++g.offsets_[e.v + 1];
  }
  for (std::size_t v = 0; v < n; ++v) g.offsets_[v + 1] += g.offsets_[v];
  g.half_.resize(g.edges_.size() * 2);
  std::vector<std::uint32_t> fill(g.offsets_.begin(), g.offsets_.end() - 1);
  for (EdgeId id = 0; id < g.edges_.size(); ++id) {
    const Edge& e = g.edges_[id];
    g.half_[fill[e.u]++] = {e.v, id, e.length_m};
    g.half_[fill[e.v]++] = {e.u, id, e.length_m};
  }

  // Components, numbered by size.
  UnionFind uf(n);
  for (const Edge& e : g.edges_) uf.unite(e.u, e.v);
  std::vector<std::uint32_t> root_size(n, 0);
  for (VertexId v = 0; v < n; ++v) ++root_size[uf.find(v)];
  std::vector<VertexId> roots;
  for (VertexId v = 0; v < n; ++v)
    if (uf.find(v) == v) roots.push_back(v);
  std::stable_sort(roots.begin(), roots.end(),
                   [&](VertexId a, VertexId b) { return root_size[a] > root_size[b]; });
  std::vector<std::uint32_t> comp_of_root(n, kNone);
  for (std::uint32_t c = 0; c < roots.size(); ++c) {
    comp_of_root[roots[c]] = c;
    g.component_size_.push_back(root_size[roots[c]]);
  }
  g.component_.resize(n);
  for (VertexId v = 0; v < n; ++v) g.component_[v] = comp_of_root[uf.find(v)];
  return g;
}

std::size_t WalkGraph::memory_bytes() const {
  return points_.capacity() * sizeof(Point) + edges_.capacity() * sizeof(Edge) +
         offsets_.capacity() * sizeof(std::uint32_t) + half_.capacity() * sizeof(HalfEdge) +
         component_.capacity() * sizeof(std::uint32_t) + component_size_.capacity() * sizeof(std::size_t);
}

}  // namespace siting::network
