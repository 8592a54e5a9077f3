// SPDX-License-Identifier: Apache-2.0
#include "siting/network/snap.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <tuple>


#include "detail/bg.hpp"
#include "detail/parallel.hpp"
#include "siting/error.hpp"

namespace siting::network {

const char* to_string(AccessKind kind) {
  switch (kind) {
    case AccessKind::Enters: return "street";
    case AccessKind::Nearest: return "nearest";
    case AccessKind::None: return "none";
  }
  return "none";
}

namespace {

// Ways in within this much of the nearest distance count as equally near: data
// rounded to 7 decimals of a degree (about 1 cm) is never exactly parallel.
constexpr double kParallelTolerance = 0.05;

using detail::BgBox;
using detail::BgPoint;
namespace bg = detail::bg;
using BgSegment = bg::model::segment<BgPoint>;

// Closest point of segment ab to p, as the fraction along ab.
double project(const Point& a, const Point& b, const Point& p) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double len2 = dx * dx + dy * dy;
  if (len2 == 0.0) return 0.0;
  const double t = ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2;
  return std::min(1.0, std::max(0.0, t));
}

Point lerp(const Point& a, const Point& b, double t) { return {a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t}; }
double dist(const Point& a, const Point& b) { return std::hypot(a.x - b.x, a.y - b.y); }

// Two segments that do not cross are closest at an end point of one of them:
// p and q projected onto ab (at tp, tq; distances dp, dq), and a and b onto pq.
struct EndDistances {
  double tp, tq, dp, dq, da, db;
};
EndDistances end_distances(const Point& a, const Point& b, const Point& p, const Point& q) {
  const double tp = project(a, b, p), tq = project(a, b, q);
  return {tp, tq, dist(lerp(a, b, tp), p), dist(lerp(a, b, tq), q), dist(a, lerp(p, q, project(p, q, a))),
          dist(b, lerp(p, q, project(p, q, b)))};
}

// Fractions along pq where it meets segment ab (0, 1 or, when collinear, 2 values).
void crossings(const Point& p, const Point& q, const Point& a, const Point& b, std::vector<double>& out) {
  const double rx = q.x - p.x, ry = q.y - p.y, sx = b.x - a.x, sy = b.y - a.y;
  const double denom = rx * sy - ry * sx;
  const double qpx = a.x - p.x, qpy = a.y - p.y;
  if (denom == 0.0) {
    if (qpx * ry - qpy * rx != 0.0) return;  // parallel, apart
    const double rr = rx * rx + ry * ry;
    if (rr == 0.0) return;
    // Collinear: where a and b project onto pq.
    for (const Point& c : {a, b}) {
      const double t = ((c.x - p.x) * rx + (c.y - p.y) * ry) / rr;
      if (t >= 0.0 && t <= 1.0) out.push_back(t);
    }
    return;
  }
  const double t = (qpx * sy - qpy * sx) / denom;
  const double u = (qpx * ry - qpy * rx) / denom;
  if (t >= 0.0 && t <= 1.0 && u >= 0.0 && u <= 1.0) out.push_back(t);
}

template <typename Fn>
void for_each_ring_edge(const MultiPolygon& mp, Fn&& fn) {
  for (const Polygon& poly : mp) {
    auto ring = [&](const Ring& r) {
      for (std::size_t i = 1; i < r.size(); ++i) fn(r[i - 1], r[i]);
    };
    ring(poly.outer);
    for (const Ring& h : poly.holes) ring(h);
  }
}

}  // namespace

// A uniform grid of square cells over the graph's extent; each cell lists the
// edges whose segment meets it (a segment is listed in every cell it passes
// through, not in every cell of its box, so a long diagonal street costs a
// line of cells). Built in two passes over the edges: count, then fill.
// It replaced a packed Boost R-tree of the segments, which took 0.17 s and
// 46.5 MB (plus its packing's entries) at 1M segments for what the coverage
// run asks of it: 300 nearest points and 20,000 parcels' ways in
// (docs/performance.md). The queries filter the cells' edges exactly: the
// answers are a scan of every segment's (tests/network_test.cpp).
struct SegmentIndex::Impl {
  double x0 = 0, y0 = 0, cell = 1;
  std::int64_t cols = 1, rows = 1;
  std::vector<std::uint32_t> start;  // cols * rows + 1 offsets into ids, row-major
  std::vector<EdgeId> ids;

  // Cell coordinates of a position, not clamped (far away points give far away
  // cells; clamped to a range that keeps the arithmetic exact).
  std::int64_t col(double x) const { return to_cell((x - x0) / cell); }
  std::int64_t row(double y) const { return to_cell((y - y0) / cell); }
  static std::int64_t to_cell(double v) {
    constexpr double kFar = 1e15;
    return static_cast<std::int64_t>(std::floor(std::max(-kFar, std::min(kFar, v))));
  }

  // Calls fn(cell index) for every cell segment ab passes through (a few more
  // near cell edges: the slack keeps rounding from losing one).
  template <typename Fn>
  void cells_of(const Point& a, const Point& b, Fn&& fn) const {
    const double slack = cell * 1e-9;
    const std::int64_t r0 = std::max<std::int64_t>(0, row(std::min(a.y, b.y) - slack));
    const std::int64_t r1 = std::min<std::int64_t>(rows - 1, row(std::max(a.y, b.y) + slack));
    for (std::int64_t r = r0; r <= r1; ++r) {
      // The part of ab within this row's slab of y.
      double xa = std::min(a.x, b.x), xb = std::max(a.x, b.x);
      if (a.y != b.y) {
        const double ylo = y0 + static_cast<double>(r) * cell - slack, yhi = ylo + cell + 2 * slack;
        double t0 = (ylo - a.y) / (b.y - a.y), t1 = (yhi - a.y) / (b.y - a.y);
        if (t0 > t1) std::swap(t0, t1);
        t0 = std::max(0.0, t0), t1 = std::min(1.0, t1);
        const double xs = a.x + (b.x - a.x) * t0, xe = a.x + (b.x - a.x) * t1;
        xa = std::max(xa, std::min(xs, xe)), xb = std::min(xb, std::max(xs, xe));
      }
      const std::int64_t c0 = std::max<std::int64_t>(0, col(xa - slack));
      const std::int64_t c1 = std::min<std::int64_t>(cols - 1, col(xb + slack));
      for (std::int64_t c = c0; c <= c1; ++c) fn(static_cast<std::size_t>(r * cols + c));
    }
  }

  // Calls fn(cell index) for the cells of the grid at Chebyshev distance exactly
  // `ring` from the cell rectangle [c0, c1] x [r0, r1] (ring 0: the rectangle).
  template <typename Fn>
  void ring_cells(std::int64_t c0, std::int64_t c1, std::int64_t r0, std::int64_t r1, std::int64_t ring, Fn&& fn) const {
    const std::int64_t lo_c = c0 - ring, hi_c = c1 + ring, lo_r = r0 - ring, hi_r = r1 + ring;
    auto visit_row = [&](std::int64_t r, std::int64_t from, std::int64_t to) {
      if (r < 0 || r >= rows) return;
      for (std::int64_t c = std::max<std::int64_t>(0, from); c <= std::min(cols - 1, to); ++c)
        fn(static_cast<std::size_t>(r * cols + c));
    };
    if (ring == 0) {
      for (std::int64_t r = r0; r <= r1; ++r) visit_row(r, c0, c1);
      return;
    }
    visit_row(lo_r, lo_c, hi_c);
    visit_row(hi_r, lo_c, hi_c);
    for (std::int64_t r = std::max<std::int64_t>(0, lo_r + 1); r <= std::min(rows - 1, hi_r - 1); ++r) {
      if (lo_c >= 0 && lo_c < cols) fn(static_cast<std::size_t>(r * cols + lo_c));
      if (hi_c >= 0 && hi_c < cols) fn(static_cast<std::size_t>(r * cols + hi_c));
    }
  }

  // The ring from which on rings hold no cell of the grid, and the first that
  // holds one: rings around [c0, c1] x [r0, r1] only need visiting in between.
  std::int64_t first_ring(std::int64_t c0, std::int64_t c1, std::int64_t r0, std::int64_t r1) const {
    return std::max<std::int64_t>({0, c0 - (cols - 1), -c1, r0 - (rows - 1), -r1});
  }
  std::int64_t last_ring(std::int64_t c0, std::int64_t c1, std::int64_t r0, std::int64_t r1) const {
    return std::max<std::int64_t>({0, c1, cols - 1 - c0, r1, rows - 1 - r0});
  }

  template <typename Fn>
  void edges_in(std::size_t cell_index, Fn&& fn) const {
    for (std::uint32_t i = start[cell_index]; i < start[cell_index + 1]; ++i) fn(ids[i]);
  }
};

SegmentIndex::SegmentIndex(const WalkGraph& graph, unsigned threads_wanted)
    : impl_(std::make_unique<Impl>()), graph_(&graph) {
  Impl& g = *impl_;
  const std::size_t edges = graph.edge_count(), vertices = graph.vertex_count();
  // On every core, in blocks of 65,536 vertices, edges or cells: 10M segments'
  // index took 1 s on one (docs/performance.md).
  constexpr std::size_t kBlock = std::size_t{1} << 16;
  const unsigned threads = detail::thread_count(threads_wanted);
  std::vector<Box> block_boxes(detail::block_count(vertices, kBlock), Box::Empty());
  detail::parallel_for_blocks(vertices, kBlock, threads, [&](std::size_t k, std::size_t begin, std::size_t end) {
    for (auto v = static_cast<VertexId>(begin); v < end; ++v)
      block_boxes[k].extend(graph.point(v));
  });
  Box all = Box::Empty();
  for (const Box& b : block_boxes) all.extend(b);
  if (edges == 0 || all.min_x > all.max_x) {
    g.start.assign(2, 0);
    return;
  }
  // About one cell per edge over the extent, at least a metre.
  const double w = std::max(all.max_x - all.min_x, 1.0), h = std::max(all.max_y - all.min_y, 1.0);
  g.cell = std::max(1.0, std::sqrt(w * h / static_cast<double>(edges)));
  g.x0 = all.min_x;
  g.y0 = all.min_y;
  auto fit = [&] {
    g.cols = static_cast<std::int64_t>(std::floor((all.max_x - g.x0) / g.cell)) + 1;
    g.rows = static_cast<std::int64_t>(std::floor((all.max_y - g.y0) / g.cell)) + 1;
  };
  fit();
  while (static_cast<double>(g.cols) * static_cast<double>(g.rows) > 2.0 * static_cast<double>(edges) + 16.0) {
    g.cell *= 1.5;
    fit();
  }
  const std::size_t cells = static_cast<std::size_t>(g.cols * g.rows);
  // Counted into start[c + 1] from several threads at once (GCC's atomic
  // builtins on plain integers: C++17 has no atomic_ref); no cell holds more
  // than the edges, so a count fits, and the sum is checked below.
  g.start.assign(cells + 1, 0);
  const auto for_each_edge_cell = [&](auto&& fn) {
    detail::parallel_for_blocks(edges, kBlock, threads, [&](std::size_t, std::size_t begin, std::size_t end) {
      for (auto e = static_cast<EdgeId>(begin); e < end; ++e) {
        const Edge& ed = graph.edge(e);
        g.cells_of(graph.point(ed.u), graph.point(ed.v), [&](std::size_t c) { fn(e, c); });
      }
    });
  };
  for_each_edge_cell([&](EdgeId, std::size_t c) { __atomic_fetch_add(&g.start[c + 1], 1u, __ATOMIC_RELAXED); });
  std::uint64_t total = 0;
  for (std::size_t c = 1; c <= cells; ++c) {
    total += g.start[c];
    if (total > std::numeric_limits<std::uint32_t>::max())
      throw Error(ErrorCode::Internal, "segment index: more than 2^32 cell entries");
    g.start[c] = static_cast<std::uint32_t>(total);
  }
  g.ids.resize(total);
  std::vector<std::uint32_t> next(g.start.begin(), g.start.end() - 1);
  for_each_edge_cell([&](EdgeId e, std::size_t c) { g.ids[__atomic_fetch_add(&next[c], 1u, __ATOMIC_RELAXED)] = e; });
  // Each cell's list in edge order, as one pass over the edges would leave it.
  detail::parallel_for_blocks(cells, kBlock, threads, [&](std::size_t, std::size_t begin, std::size_t end) {
    for (std::size_t c = begin; c < end; ++c)
      if (g.start[c + 1] - g.start[c] > 1) std::sort(g.ids.begin() + g.start[c], g.ids.begin() + g.start[c + 1]);
  });
}

SegmentIndex::~SegmentIndex() = default;
SegmentIndex::SegmentIndex(SegmentIndex&&) noexcept = default;

Snap SegmentIndex::nearest(const Point& p, double max_m) const {
  const Impl& g = *impl_;
  Snap best;
  double best_d = std::numeric_limits<double>::infinity();
  if (g.ids.empty()) return Snap{};
  // Rings of cells outward from p's cell: an edge first listed in ring r lies
  // at least (r - 1) cells from p, so the search stops once that is farther
  // than the nearest found (exact ties go on, to the lower edge id) or than max_m.
  const std::int64_t c = g.col(p.x), r = g.row(p.y);
  const std::int64_t last = g.last_ring(c, c, r, r);
  for (std::int64_t ring = g.first_ring(c, c, r, r); ring <= last; ++ring) {
    const double gap = static_cast<double>(ring - 1) * g.cell;
    if (ring > 0 && (gap > best_d || gap > max_m)) break;
    g.ring_cells(c, c, r, r, ring, [&](std::size_t cell) {
      g.edges_in(cell, [&](EdgeId e) {
        const Edge& ed = graph_->edge(e);
        const Point& a = graph_->point(ed.u);
        const Point& b = graph_->point(ed.v);
        const double t = project(a, b, p);
        const Point at = lerp(a, b, t);
        const double d = dist(p, at);
        if (d < best_d || (d == best_d && e < best.edge)) {
          best_d = d;
          best.edge = e;
          best.along_m = t * ed.length_m;
          best.at = at;
          best.connector_m = d;
        }
      });
    });
  }
  if (!(best_d <= max_m)) return Snap{};
  return best;
}

std::vector<EdgeId> SegmentIndex::edges_near(const Box& box, double distance_m) const {
  const Impl& g = *impl_;
  const Box grown{box.min_x - distance_m, box.min_y - distance_m, box.max_x + distance_m, box.max_y + distance_m};
  const BgBox q = detail::to_bg(grown);
  std::vector<EdgeId> out;
  if (g.ids.empty()) return out;
  const std::int64_t c0 = std::max<std::int64_t>(0, g.col(grown.min_x)), c1 = std::min(g.cols - 1, g.col(grown.max_x));
  const std::int64_t r0 = std::max<std::int64_t>(0, g.row(grown.min_y)), r1 = std::min(g.rows - 1, g.row(grown.max_y));
  for (std::int64_t r = r0; r <= r1; ++r)
    for (std::int64_t c = c0; c <= c1; ++c)
      g.edges_in(static_cast<std::size_t>(r * g.cols + c), [&](EdgeId e) { out.push_back(e); });
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  // The segment itself meets the box (as the R-tree's intersects() on segments did).
  out.erase(std::remove_if(out.begin(), out.end(),
                           [&](EdgeId e) {
                             const Edge& ed = graph_->edge(e);
                             return !bg::intersects(BgSegment(detail::to_bg(graph_->point(ed.u)),
                                                              detail::to_bg(graph_->point(ed.v))),
                                                    q);
                           }),
            out.end());
  return out;
}

Access SegmentIndex::parcel_access(const MultiPolygon& parcel, double max_m) const {
  Access access;
  const Box box = bounds(parcel);
  const auto polygon = detail::to_bg(parcel);
  std::vector<double> ts;
  for (EdgeId e : edges_near(box, 0.0)) {
    const Edge& ed = graph_->edge(e);
    const Point& a = graph_->point(ed.u);
    const Point& b = graph_->point(ed.v);
    ts.assign({0.0, 1.0});
    for_each_ring_edge(parcel, [&](const Point& p, const Point& q) { crossings(a, b, p, q, ts); });
    std::sort(ts.begin(), ts.end());
    ts.erase(std::unique(ts.begin(), ts.end()), ts.end());
    // Between consecutive crossings the segment is wholly inside or outside:
    // its middle tells which. Touching points are spans of length zero.
    for (std::size_t i = 0; i + 1 < ts.size(); ++i) {
      const Point mid = lerp(a, b, (ts[i] + ts[i + 1]) / 2.0);
      if (bg::covered_by(detail::to_bg(mid), polygon))
        access.spans.push_back({e, ts[i] * ed.length_m, ts[i + 1] * ed.length_m, 0.0});
    }
    if (ts.size() == 2) continue;
    for (std::size_t i = 1; i + 1 < ts.size(); ++i) {
      const double s = ts[i] * ed.length_m;
      bool in_span = false;
      for (const Span& sp : access.spans)
        if (sp.edge == e && sp.from_m <= s && s <= sp.to_m) in_span = true;
      if (!in_span) access.spans.push_back({e, s, s, 0.0});
    }
  }
  if (!access.spans.empty()) {
    access.kind = AccessKind::Enters;
    return access;
  }

  // Nothing meets the parcel: the boundary point nearest the network. Rings of
  // cells outward from the parcel's box: an edge first listed in ring r lies at
  // least (r - 1) cells from it, so the search stops once that is past the
  // nearest distance found (plus the tolerance below, so near-ties on other
  // streets are ways in too) or max_m. Candidates are the edges whose box lies
  // within both of the parcel's.
  const Impl& g = *impl_;
  const BgBox qbox = detail::to_bg(box);
  double best_d = std::numeric_limits<double>::infinity();
  std::vector<EdgeId> candidates;
  if (!g.ids.empty()) {
    const std::int64_t c0 = g.col(box.min_x), c1 = g.col(box.max_x), r0 = g.row(box.min_y), r1 = g.row(box.max_y);
    const std::int64_t last = g.last_ring(c0, c1, r0, r1);
    for (std::int64_t ring = g.first_ring(c0, c1, r0, r1); ring <= last; ++ring) {
      const double gap = static_cast<double>(ring - 1) * g.cell;
      if (ring > 0 && (gap > best_d + kParallelTolerance || gap > max_m)) break;
      g.ring_cells(c0, c1, r0, r1, ring, [&](std::size_t cell) {
        g.edges_in(cell, [&](EdgeId e) {
          const Edge& ed = graph_->edge(e);
          const Point& a = graph_->point(ed.u);
          const Point& b = graph_->point(ed.v);
          const Box eb{std::min(a.x, b.x), std::min(a.y, b.y), std::max(a.x, b.x), std::max(a.y, b.y)};
          // No nearer than its box: past the nearest found (and the
          // tolerance) it gives no way in; seen in another cell, nothing new.
          const double box_d = bg::distance(qbox, detail::to_bg(eb));
          if (box_d > max_m || box_d > best_d + kParallelTolerance) return;
          if (std::find(candidates.begin(), candidates.end(), e) != candidates.end()) return;
          candidates.push_back(e);
          for_each_ring_edge(parcel, [&](const Point& p, const Point& q) {
            const EndDistances d = end_distances(a, b, p, q);
            best_d = std::min({best_d, d.dp, d.dq, d.da, d.db});
          });
        });
      });
    }
  }
  if (!(best_d <= max_m)) return access;

  // Every point of the network at that distance is a way in: where a boundary
  // edge runs parallel to a street, that is a whole stretch of the street, and
  // the search then takes its best point.
  constexpr double eps = kParallelTolerance;
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  for (EdgeId e : candidates) {
    const Edge& ed = graph_->edge(e);
    const Point& a = graph_->point(ed.u);
    const Point& b = graph_->point(ed.v);
    // Each way in carries its own distance (within the tolerance of the nearest).
    auto add = [&](double t0, double t1, double connector) {
      access.spans.push_back({e, std::min(t0, t1) * ed.length_m, std::max(t0, t1) * ed.length_m, connector});
    };
    const double dx = b.x - a.x, dy = b.y - a.y, len = std::hypot(dx, dy);
    // Unclamped position along ab and distance from the line through a and b.
    auto along = [&](const Point& p) { return ((p.x - a.x) * dx + (p.y - a.y) * dy) / (len * len); };
    auto off_line = [&](const Point& p) { return std::abs((p.x - a.x) * dy - (p.y - a.y) * dx) / len; };
    for_each_ring_edge(parcel, [&](const Point& p, const Point& q) {
      if (len > 0 && off_line(p) <= best_d + eps && off_line(q) <= best_d + eps) {
        // Parallel to this segment at the nearest distance: the stretch of the
        // segment beside it (a street drawn in several segments gives several),
        // at the larger of its two end distances.
        const double t0 = std::max(0.0, std::min(along(p), along(q)));
        const double t1 = std::min(1.0, std::max(along(p), along(q)));
        if (t0 <= t1) add(t0, t1, std::max(off_line(p), off_line(q)));
      }
      const EndDistances d = end_distances(a, b, p, q);
      if (d.dp <= best_d + eps) add(d.tp, d.tp, d.dp);
      if (d.dq <= best_d + eps) add(d.tq, d.tq, d.dq);
      if (d.da <= best_d + eps) add(0.0, 0.0, d.da);
      if (d.db <= best_d + eps) add(1.0, 1.0, d.db);
    });
  }
  std::sort(access.spans.begin(), access.spans.end(), [](const Span& x, const Span& y) {
    return std::tie(x.edge, x.from_m, x.to_m, x.connector_m) < std::tie(y.edge, y.from_m, y.to_m, y.connector_m);
  });
  access.spans.erase(std::unique(access.spans.begin(), access.spans.end(),
                                 [](const Span& x, const Span& y) {
                                   return x.edge == y.edge && x.from_m == y.from_m && x.to_m == y.to_m;
                                 }),
                     access.spans.end());  // the shortest connector of each is kept
  access.kind = AccessKind::Nearest;
  return access;
}
}  // namespace siting::network
