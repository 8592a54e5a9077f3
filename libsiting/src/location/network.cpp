// SPDX-License-Identifier: Apache-2.0
#include "siting/location/network.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <string>

#include "detail/bg.hpp"
#include "detail/parallel.hpp"
#include "siting/error.hpp"
#include "siting/network/search.hpp"

namespace siting::location {

using network::Edge;
using network::EdgeId;
using network::kNone;
using network::kUnreached;
using network::VertexId;

namespace {

// One way into a parcel (a Span of its parcel_access), kept for every parcel so
// that each site's search only has to look at the vertices it settles.
struct Way {
  Index parcel = 0;
  EdgeId edge = kNone;
  double from_m = 0.0, to_m = 0.0, connector_m = 0.0;
};

// Ways into the parcels, by the vertex they are reached through (both ends of
// their edge) and by their edge (for a site on that very edge): CSR arrays, so
// the index costs a few bytes per way and 4 bytes per vertex.
struct AccessIndex {
  std::vector<Way> ways;                     // by edge, then parcel
  std::vector<std::uint32_t> vertex_offsets;  // size V + 1, into by_vertex
  std::vector<std::uint32_t> by_vertex;       // indices into ways

  // The ways on edge e: a range of `ways`, which is sorted by edge.
  std::pair<const Way*, const Way*> on_edge(EdgeId e) const {
    auto lo = std::lower_bound(ways.begin(), ways.end(), e, [](const Way& w, EdgeId x) { return w.edge < x; });
    auto hi = std::upper_bound(lo, ways.end(), e, [](EdgeId x, const Way& w) { return x < w.edge; });
    return {ways.data() + (lo - ways.begin()), ways.data() + (hi - ways.begin())};
  }
};

AccessIndex index_access(const network::WalkGraph& graph, const network::SegmentIndex& index,
                         const std::vector<Estate>& parcels, double max_snap_m, unsigned threads) {
  std::vector<network::Access> access(parcels.size());
  detail::parallel_for(parcels.size(), threads,
                       [&](std::size_t p) { access[p] = index.parcel_access(parcels[p].geometry, max_snap_m); });
  AccessIndex ai;
  std::size_t n = 0;
  for (const network::Access& a : access) n += a.spans.size();
  if (n >= std::numeric_limits<std::uint32_t>::max() / 2)
    throw Error(ErrorCode::BadValue, "too many ways into the parcels for the network problem (" + std::to_string(n) + ")");
  ai.ways.reserve(n);
  for (std::size_t p = 0; p < access.size(); ++p) {
    for (const network::Span& s : access[p].spans)
      ai.ways.push_back({static_cast<Index>(p), s.edge, s.from_m, s.to_m, s.connector_m});
    network::Access().spans.swap(access[p].spans);  // free as we go
  }
  std::stable_sort(ai.ways.begin(), ai.ways.end(), [](const Way& a, const Way& b) { return a.edge < b.edge; });
  const std::size_t vertices = graph.vertex_count();
  ai.vertex_offsets.assign(vertices + 1, 0);
  for (const Way& w : ai.ways) {
    const Edge& e = graph.edge(w.edge);
    ++ai.vertex_offsets[e.u + 1];
    ++ai.vertex_offsets[e.v + 1];
  }
  for (std::size_t v = 0; v < vertices; ++v) ai.vertex_offsets[v + 1] += ai.vertex_offsets[v];
  ai.by_vertex.resize(ai.vertex_offsets[vertices]);
  std::vector<std::uint32_t> fill(ai.vertex_offsets.begin(), ai.vertex_offsets.end() - 1);
  for (std::uint32_t i = 0; i < ai.ways.size(); ++i) {
    const Edge& e = graph.edge(ai.ways[i].edge);
    ai.by_vertex[fill[e.u]++] = i;
    ai.by_vertex[fill[e.v]++] = i;
  }
  return ai;
}

// Per worker: the best walk found so far to each parcel, reset through `touched`.
struct Scratch {
  explicit Scratch(const network::WalkGraph& graph, std::size_t parcels)
      : search(graph), best(parcels, kUnreached) {}
  network::BoundedSearch search;
  std::vector<double> best;
  std::vector<Index> touched;
  void offer(Index p, double d) {
    if (best[p] == kUnreached) touched.push_back(p);
    if (d < best[p]) best[p] = d;
  }
};

// The same expressions, in the same order, as network::reach_span and
// coverage's parcel_times, so the metres are bit for bit those of coverage.
void site_arcs(const network::WalkGraph& graph, const AccessIndex& ai, const network::Snap& snap, double limit_m,
               double budget_m, double speed, double cutoff_s, Index site, Scratch& s, std::vector<Arc>& out) {
  const network::SparseReach reach = s.search.run(snap, limit_m);
  for (std::size_t i = 0; i < reach.vertices.size(); ++i) {
    const VertexId v = reach.vertices[i];
    const double dv = reach.distance_m[i];
    for (std::uint32_t k = ai.vertex_offsets[v]; k < ai.vertex_offsets[v + 1]; ++k) {
      const Way& w = ai.ways[ai.by_vertex[k]];
      const Edge& e = graph.edge(w.edge);
      // An edge whose two ends are the same vertex cannot exist (no zero-length
      // segments), so each index entry is one end.
      const double d = e.u == v ? dv + w.from_m : dv + (e.length_m - w.to_m);
      s.offer(w.parcel, d + w.connector_m);
    }
  }
  // Along the site's own edge, without passing a vertex.
  const auto [first, last] = ai.on_edge(snap.edge);
  for (const Way* w = first; w != last; ++w) {
    const double a = snap.along_m;
    const double gap = a < w->from_m ? w->from_m - a : a > w->to_m ? a - w->to_m : 0.0;
    s.offer(w->parcel, (snap.connector_m + gap) + w->connector_m);
  }
  std::sort(s.touched.begin(), s.touched.end());
  for (Index p : s.touched) {
    const double d = s.best[p];
    s.best[p] = kUnreached;
    if (d > limit_m) continue;
    double t = d / speed;
    // Division by the speed keeps d <= budget => t <= cutoff; the other way a
    // walk just past the budget could round onto the cutoff, and coverage
    // (which compares metres) would not count it.
    if (d > budget_m && t <= cutoff_s) t = std::nextafter(cutoff_s, std::numeric_limits<double>::infinity());
    out.push_back({p, site, t});
  }
  s.touched.clear();
}

void check_value(double v, const std::string& what) {
  if (!std::isfinite(v) || v < 0.0)
    throw Error(ErrorCode::BadValue, what + " must be a finite number >= 0 (got " + std::to_string(v) + ")");
}

}  // namespace

namespace {

// The demand points and sites, as every network problem numbers them: parcels
// in order; existing facilities (fixed) then candidates. Validates what the
// caller gave (E105, E001).
struct PointsAndSites {
  std::vector<DemandPoint> demand;
  std::vector<Site> sites;
  std::vector<Point> where;
};

PointsAndSites points_and_sites(const std::vector<Estate>& parcels, const std::vector<double>& weights,
                                const std::vector<Facility>& facilities,
                                const std::vector<std::optional<double>>& facility_capacity,
                                const std::vector<Candidate>& candidates, const NetworkProblemOptions& options) {
  options.walk.validate();
  if (!std::isfinite(options.search_limit_m) || options.search_limit_m < 0.0)
    throw Error(ErrorCode::Usage, "the search limit must be a finite number of metres >= 0 (0 = the circle's budget), got " +
                                      std::to_string(options.search_limit_m));
  if (options.threads > 256)
    throw Error(ErrorCode::Usage, "threads must be in 0..256 (0 = all cores), got " + std::to_string(options.threads));
  if (weights.size() != parcels.size())
    throw Error(ErrorCode::BadValue, "one demand weight per parcel is needed: " + std::to_string(parcels.size()) +
                                         " parcels, " + std::to_string(weights.size()) + " weights");
  if (!facility_capacity.empty() && facility_capacity.size() != facilities.size())
    throw Error(ErrorCode::BadValue, "one capacity per existing facility is needed: " +
                                         std::to_string(facilities.size()) + " facilities, " +
                                         std::to_string(facility_capacity.size()) + " capacities");
  if (parcels.size() >= kNoIndex || facilities.size() + candidates.size() >= kNoIndex)
    throw Error(ErrorCode::BadValue, "too many parcels or sites for the network problem");

  PointsAndSites ps;
  ps.demand.reserve(parcels.size());
  for (std::size_t p = 0; p < parcels.size(); ++p) {
    check_value(weights[p], "the demand weight of parcel " + parcels[p].id);
    ps.demand.push_back({parcels[p].id, weights[p]});
  }
  ps.sites.reserve(facilities.size() + candidates.size());
  for (std::size_t f = 0; f < facilities.size(); ++f) {
    std::optional<double> cap = facility_capacity.empty() ? std::nullopt : facility_capacity[f];
    if (cap) check_value(*cap, "the capacity of facility " + facilities[f].id);
    ps.sites.push_back({facilities[f].id, cap, true, std::nullopt});
    ps.where.push_back(facilities[f].location);
  }
  for (const Candidate& c : candidates) {
    if (c.capacity) check_value(*c.capacity, "the capacity of candidate " + c.id);
    if (c.cost) check_value(*c.cost, "the cost of candidate " + c.id);
    ps.sites.push_back({c.id, c.capacity, false, c.cost});
    ps.where.push_back(c.location);
  }
  return ps;
}

// Seconds of the circle: an arc is within it exactly when coverage counts the parcel.
double cutoff_seconds(const NetworkProblemOptions& options) {
  return options.walk.budget_m() / options.walk.speed_m_per_s;
}

}  // namespace

NetworkProblem build_network_problem(const network::WalkGraph& graph, const network::SegmentIndex& index,
                                     const std::vector<Estate>& parcels, const std::vector<double>& weights,
                                     const std::vector<Facility>& facilities,
                                     const std::vector<std::optional<double>>& facility_capacity,
                                     const std::vector<Candidate>& candidates, const NetworkProblemOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  PointsAndSites ps = points_and_sites(parcels, weights, facilities, facility_capacity, candidates, options);
  std::vector<DemandPoint>& demand = ps.demand;
  std::vector<Site>& sites = ps.sites;
  const std::vector<Point>& where = ps.where;

  const double budget = options.walk.budget_m();
  const double limit = options.search_limit_m > 0.0 ? options.search_limit_m : budget;
  const double speed = options.walk.speed_m_per_s;
  const double cutoff_s = cutoff_seconds(options);

  std::vector<network::Snap> snaps(sites.size());
  std::vector<std::size_t> off_network;
  for (std::size_t s = 0; s < sites.size(); ++s) {
    snaps[s] = index.nearest(where[s], options.walk.max_snap_m);
    if (!snaps[s].on_network()) off_network.push_back(s);
  }

  const AccessIndex ai = index_access(graph, index, parcels, options.walk.max_snap_m, options.threads);

  const unsigned threads =
      std::min<unsigned>(detail::thread_count(options.threads), static_cast<unsigned>(std::max<std::size_t>(sites.size(), 1)));
  std::vector<Scratch> scratch;
  scratch.reserve(threads);
  for (unsigned w = 0; w < threads; ++w) scratch.emplace_back(graph, parcels.size());
  std::vector<std::vector<Arc>> per_site(sites.size());
  detail::parallel_for_workers(sites.size(), threads, [&](std::size_t s, unsigned worker) {
    if (!snaps[s].on_network()) return;
    site_arcs(graph, ai, snaps[s], limit, budget, speed, cutoff_s, static_cast<Index>(s), scratch[worker],
              per_site[s]);
  });
  scratch.clear();

  std::vector<Arc> arcs;
  std::size_t n = 0;
  for (const auto& a : per_site) n += a.size();
  arcs.reserve(n);
  for (auto& a : per_site) {
    arcs.insert(arcs.end(), a.begin(), a.end());
    std::vector<Arc>().swap(a);
  }
  const std::size_t arc_count = arcs.size();
  NetworkProblem np{Problem(std::move(demand), std::move(sites), std::move(arcs)), cutoff_s, std::move(snaps),
                    std::move(off_network), arc_count, 0.0};
  np.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return np;
}

NetworkProblem network_problem_from_arcs(const std::vector<Estate>& parcels, const std::vector<double>& weights,
                                         const std::vector<Facility>& facilities,
                                         const std::vector<std::optional<double>>& facility_capacity,
                                         const std::vector<Candidate>& candidates, std::vector<Arc> arcs,
                                         const NetworkProblemOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  PointsAndSites ps = points_and_sites(parcels, weights, facilities, facility_capacity, candidates, options);
  const std::size_t arc_count = arcs.size();
  // The Problem sorts each parcel's and each site's arcs: their order here does not matter.
  NetworkProblem np{Problem(std::move(ps.demand), std::move(ps.sites), std::move(arcs)), cutoff_seconds(options), {},
                    {}, arc_count, 0.0};
  np.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return np;
}

namespace {

// A street between two junctions (or dead ends): edges joined through vertices
// of degree 2, in walking order, each with its direction.
struct ChainStep {
  EdgeId edge;
  bool forward;  // walked from edge.u to edge.v
};

std::vector<std::vector<ChainStep>> streets(const network::WalkGraph& graph, const std::vector<bool>& wanted) {
  std::vector<std::vector<ChainStep>> out;
  std::vector<bool> seen(graph.edge_count(), false);
  // The other edge at a vertex of degree 2, or kNone.
  auto next_edge = [&](VertexId v, EdgeId from) -> EdgeId {
    if (graph.degree(v) != 2) return kNone;
    for (const network::HalfEdge& h : graph.out(v))
      if (h.edge != from) return h.edge;
    return kNone;
  };
  for (EdgeId e0 = 0; e0 < graph.edge_count(); ++e0) {
    if (seen[e0] || !wanted[e0]) continue;
    seen[e0] = true;
    std::vector<ChainStep> back, front{{e0, true}};
    // Forward from e0's v, then backward from its u; a ring stops where it began.
    for (VertexId v = graph.edge(e0).v; ; ) {
      const EdgeId e = next_edge(v, front.back().edge);
      if (e == kNone || seen[e]) break;
      seen[e] = true;
      const bool fwd = graph.edge(e).u == v;
      front.push_back({e, fwd});
      v = fwd ? graph.edge(e).v : graph.edge(e).u;
    }
    for (VertexId v = graph.edge(e0).u; ; ) {
      const EdgeId e = next_edge(v, back.empty() ? e0 : back.back().edge);
      if (e == kNone || seen[e]) break;
      seen[e] = true;
      const bool fwd = graph.edge(e).v == v;  // walked towards v
      back.push_back({e, fwd});
      v = fwd ? graph.edge(e).u : graph.edge(e).v;
    }
    std::reverse(back.begin(), back.end());
    back.insert(back.end(), front.begin(), front.end());
    out.push_back(std::move(back));
  }
  return out;
}

struct Placed {
  EdgeId edge;
  double along_m;
  Point at;
};

}  // namespace

std::vector<Candidate> generate_candidates(const network::WalkGraph& graph, const network::SegmentIndex& index,
                                           const std::vector<MultiPolygon>& gaps, const CandidateGeneration& options) {
  if (!(options.spacing_m >= 10.0 && options.spacing_m <= 5000.0))
    throw Error(ErrorCode::Usage, "--candidate-spacing must be in [10, 5000] m, got " + std::to_string(options.spacing_m));
  if (!(options.near_gap_m >= 0.0 && options.near_gap_m <= 500.0))
    throw Error(ErrorCode::Usage, "the distance to a gap area must be in [0, 500] m, got " +
                                      std::to_string(options.near_gap_m));
  using detail::BgBox;
  namespace bg = detail::bg;
  namespace bgi = detail::bgi;

  // Streets that may come within near_gap_m of a gap, and the gaps by box.
  std::vector<bool> wanted(graph.edge_count(), false);
  std::vector<detail::BgMultiPolygon> shapes;
  std::vector<std::pair<BgBox, std::size_t>> boxes;
  for (const MultiPolygon& g : gaps) {
    if (g.empty() || area(g) <= 0.0) continue;
    Box b = bounds(g);
    for (EdgeId e : index.edges_near(b, options.near_gap_m)) wanted[e] = true;
    b.min_x -= options.near_gap_m;
    b.min_y -= options.near_gap_m;
    b.max_x += options.near_gap_m;
    b.max_y += options.near_gap_m;
    boxes.emplace_back(detail::to_bg(b), shapes.size());
    shapes.push_back(detail::to_bg(g));
  }
  bgi::rtree<std::pair<BgBox, std::size_t>, bgi::rstar<16>> tree(boxes.begin(), boxes.end());
  auto near_gap = [&](const Point& p) {
    const detail::BgPoint q = detail::to_bg(p);
    for (auto it = tree.qbegin(bgi::intersects(q)); it != tree.qend(); ++it)
      if (bg::distance(q, shapes[it->second]) <= options.near_gap_m) return true;
    return false;
  };

  std::vector<Placed> placed;
  for (const std::vector<ChainStep>& street : streets(graph, wanted)) {
    double total = 0.0;
    for (const ChainStep& s : street) total += graph.edge(s.edge).length_m;
    // Centred on the street: n + 1 points spacing_m apart, the rest split
    // between the two ends, so a street shorter than the spacing gets one
    // point at its middle.
    const double n = std::floor(total / options.spacing_m);
    const double first = (total - n * options.spacing_m) / 2.0;
    std::size_t k = 0;
    double start = 0.0;  // of the current step, along the street
    for (double i = 0.0; i <= n; i += 1.0) {
      const double pos = first + i * options.spacing_m;
      while (k + 1 < street.size() && start + graph.edge(street[k].edge).length_m < pos) {
        start += graph.edge(street[k].edge).length_m;
        ++k;
      }
      const Edge& e = graph.edge(street[k].edge);
      const double into = std::min(std::max(pos - start, 0.0), e.length_m);
      const double along = street[k].forward ? into : e.length_m - into;
      const Point& a = graph.point(e.u);
      const Point& b = graph.point(e.v);
      const double t = along / e.length_m;
      const Point at = t == 0.0 ? a : t == 1.0 ? b : Point{a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t};
      if (wanted[street[k].edge] && near_gap(at)) placed.push_back({street[k].edge, along, at});
    }
  }
  std::sort(placed.begin(), placed.end(), [](const Placed& a, const Placed& b) {
    return a.edge != b.edge ? a.edge < b.edge : a.along_m < b.along_m;
  });
  // A junction can be the end point of two streets: one candidate there.
  std::set<std::pair<double, double>> taken;
  std::vector<Candidate> out;
  for (const Placed& p : placed) {
    if (!taken.insert({p.at.x, p.at.y}).second) continue;
    Candidate c;
    c.id = "G" + std::to_string(out.size() + 1);
    c.location = p.at;
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace siting::location
