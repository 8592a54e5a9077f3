// SPDX-License-Identifier: Apache-2.0
#include "siting/network/snap.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

#include <boost/iterator/counting_iterator.hpp>
#include <boost/iterator/transform_iterator.hpp>

#include "detail/bg.hpp"

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
namespace bgi = detail::bgi;
using BgSegment = bg::model::segment<BgPoint>;
using Value = std::pair<BgSegment, EdgeId>;
using Tree = bgi::rtree<Value, bgi::rstar<16>>;

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

struct SegmentIndex::Impl {
  Tree tree;
};

namespace {

// An edge's value for the tree, made as the packing reads it.
struct EdgeValue {
  const WalkGraph* graph;
  Value operator()(EdgeId e) const {
    const Edge& ed = graph->edge(e);
    return {BgSegment(detail::to_bg(graph->point(ed.u)), detail::to_bg(graph->point(ed.v))), e};
  }
};

}  // namespace

SegmentIndex::SegmentIndex(const WalkGraph& graph) : impl_(std::make_unique<Impl>()), graph_(&graph) {
  // Bulk loading (packing) straight from the edges: Boost's packing takes
  // iterators that make their values, so no vector of every value (40 bytes an
  // edge, 40 MB at 1M segments) is held beside the tree it builds. The same
  // values in the same order: the same tree.
  const boost::counting_iterator<EdgeId> first(0), last(static_cast<EdgeId>(graph.edge_count()));
  const EdgeValue make{&graph};
  impl_->tree = Tree(boost::make_transform_iterator(first, make), boost::make_transform_iterator(last, make));
}

SegmentIndex::~SegmentIndex() = default;
SegmentIndex::SegmentIndex(SegmentIndex&&) noexcept = default;

Snap SegmentIndex::nearest(const Point& p, double max_m) const {
  Snap best;
  double best_d = std::numeric_limits<double>::infinity();
  // A few nearest by Boost's distance, then exact ties to the lower edge id.
  for (auto it = impl_->tree.qbegin(bgi::nearest(detail::to_bg(p), 8)); it != impl_->tree.qend(); ++it) {
    const Edge& ed = graph_->edge(it->second);
    const Point& a = graph_->point(ed.u);
    const Point& b = graph_->point(ed.v);
    const double t = project(a, b, p);
    const Point at = lerp(a, b, t);
    const double d = dist(p, at);
    if (d < best_d || (d == best_d && it->second < best.edge)) {
      best_d = d;
      best.edge = it->second;
      best.along_m = t * ed.length_m;
      best.at = at;
      best.connector_m = d;
    }
  }
  if (!(best_d <= max_m)) return Snap{};
  return best;
}

std::vector<EdgeId> SegmentIndex::edges_near(const Box& box, double distance_m) const {
  const BgBox q = detail::to_bg(
      Box{box.min_x - distance_m, box.min_y - distance_m, box.max_x + distance_m, box.max_y + distance_m});
  std::vector<EdgeId> out;
  for (auto it = impl_->tree.qbegin(bgi::intersects(q)); it != impl_->tree.qend(); ++it) out.push_back(it->second);
  std::sort(out.begin(), out.end());
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

  // Nothing meets the parcel: the boundary point nearest the network. Candidates
  // come out of the R-tree by box distance; stop once that exceeds the best exact
  // distance found.
  const BgBox qbox = detail::to_bg(box);
  double best_d = std::numeric_limits<double>::infinity();
  std::vector<EdgeId> candidates;
  const std::size_t edges = graph_->edge_count();
  // Rounds of 32, 128, ... nearest boxes; a repeated candidate changes nothing.
  for (std::size_t k = 32;; k *= 4) {
    bool done = false;
    candidates.clear();
    for (auto it = impl_->tree.qbegin(bgi::nearest(qbox, static_cast<unsigned>(std::min(k, edges))));
         it != impl_->tree.qend(); ++it) {
      const double box_d = bg::distance(qbox, it->first);
      // Past the nearest distance (plus the tolerance below, so near-ties on
      // other streets are ways in too), nothing nearer can come.
      if (box_d > best_d + kParallelTolerance || box_d > max_m) {
        done = true;
        break;
      }
      candidates.push_back(it->second);
      const Edge& ed = graph_->edge(it->second);
      const Point& a = graph_->point(ed.u);
      const Point& b = graph_->point(ed.v);
      for_each_ring_edge(parcel, [&](const Point& p, const Point& q) {
        const EndDistances d = end_distances(a, b, p, q);
        best_d = std::min({best_d, d.dp, d.dq, d.da, d.db});
      });
    }
    if (done || k >= edges) break;
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
