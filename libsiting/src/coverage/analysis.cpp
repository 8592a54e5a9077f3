// SPDX-License-Identifier: Apache-2.0
#include "siting/coverage/analysis.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "detail/bg.hpp"
#include "detail/faces.hpp"
#include "detail/parallel.hpp"
#include "siting/error.hpp"
#include "siting/log.hpp"
#include "siting/network/search.hpp"

namespace siting::coverage {

// The part of a facility's connector walkable within the budget.
LineString connector_within(const Facility& f, const network::Snap& s, double budget) {
  if (!s.on_network() || s.connector_m == 0.0) return {};
  const double t = std::min(1.0, budget / s.connector_m);
  return {f.location, {f.location.x + (s.at.x - f.location.x) * t, f.location.y + (s.at.y - f.location.y) * t}};
}

using network::kNone;
using network::kUnreached;

namespace {

class StageTimer {
 public:
  explicit StageTimer(const char* name) : name_(name), start_(std::chrono::steady_clock::now()) {}
  ~StageTimer() {
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    log::debug("stage ", name_, ": ", s, " s");
  }

 private:
  const char* name_;
  std::chrono::steady_clock::time_point start_;
};


// Parcels: the first point of them reached, through every way in.
void parcel_times(const network::WalkGraph& graph, const network::SegmentIndex& index, const network::Reach& reach,
                  const network::Sources& snapped, const std::vector<Estate>& parcels, const CoverageOptions& opt,
                  Coverage& c) {
  const double limit = c.budget_m.back();
  const std::size_t tiers = c.budget_m.size();
  c.parcels.resize(parcels.size());
  {
    StageTimer t("parcel times");
    Progress progress("parcel times", parcels.size());
    detail::parallel_for(parcels.size(), opt.area.threads, [&](std::size_t p) {
      progress.advance();
      ParcelCoverage& pc = c.parcels[p];
      pc.covered_m2.assign(tiers, 0.0);
      const network::Access access = index.parcel_access(parcels[p].geometry, opt.max_snap_m);
      pc.access = access.kind;
      double best = kUnreached;
      std::uint32_t best_f = kNone;
      for (const network::Span& span : access.spans) {
        const network::PointReach r = network::reach_span(graph, reach, snapped, span);
        const double d = r.distance_m + span.connector_m;
        if (r.source != kNone && (d < best || (d == best && r.source < best_f))) {
          best = d;
          best_f = r.source;
          pc.connector_m = span.connector_m;
          pc.component = graph.component(graph.edge(span.edge).u);
        }
      }
      if (best_f == kNone && !access.spans.empty()) {
        pc.connector_m = access.spans.front().connector_m;
        pc.component = graph.component(graph.edge(access.spans.front().edge).u);
      }
      pc.island = pc.component != kNone && pc.component != 0;
      if (best <= limit) {
        pc.time_s = best / opt.speed_m_per_s;
        pc.facility = best_f;
        for (std::size_t i = 0; i < tiers; ++i)
          if (best <= c.budget_m[i]) {
            pc.tier = static_cast<int>(i);
            break;
          }
      }
    });
  }
}

// Dissolved service areas per tier, and their overlay with the parcels.
// Returns the circle's erosions that took GEOS when facility areas follow.
std::shared_ptr<detail::ErosionCache> tier_areas(const network::WalkGraph& graph, const network::Reach& reach,
                                                 const network::Sources& snapped, const std::vector<Estate>& parcels,
                                                 const std::vector<Facility>& facilities, const CoverageOptions& opt,
                                                 Coverage& c) {
  const std::size_t tiers = c.budget_m.size();
  std::vector<const MultiPolygon*> geoms;
  for (const Estate& e : parcels) geoms.push_back(&e.geometry);
  if (!opt.keep_tiles) {
    c.dissolved.resize(tiers);
    c.dissolved_m2.resize(tiers);
  }
  // One tier at a time, its tiles freed before the next: three tiers' tiles at
  // once cost 110 MB more at 1M segments, for 0.5 s (docs/performance.md).
  std::shared_ptr<detail::ErosionCache> erosions;
  for (std::size_t i = 0; i < tiers && opt.polygons; ++i) {
    std::vector<LineString> connectors;
    for (std::size_t f = 0; f < facilities.size(); ++f) {
      LineString l = connector_within(facilities[f], c.facilities[f].snap, c.budget_m[i]);
      if (!l.empty()) connectors.push_back(std::move(l));
    }
    ServiceArea area = [&] {
      StageTimer t("polygons");
      AreaOptions o = opt.area;
      // A facility's own area reaches the circle's blocks again: on the 1M
      // cities about half its GEOS erosions are of blocks the circle eroded
      // (docs/performance.md).
      o.keep_erosions = opt.facility_areas && i + 1 == tiers;
      return ServiceArea::Build(graph, reachable_pieces(graph, reach, snapped, c.budget_m[i]), connectors, o);
    }();
    if (auto kept = area.take_erosions()) erosions = std::move(kept);
    if (opt.keep_tiles) {
      c.tiles.push_back(area.tiles());
    } else {
      c.dissolved_m2[i] = area.area_m2();
      StageTimer t("dissolve");
      c.dissolved[i] = area.dissolved();
    }
    if (!opt.overlay || parcels.empty()) continue;
    StageTimer t("gap map");
    const bool circle = i + 1 == tiers;  // the gap map is the circle tier's
    std::vector<ServiceArea::Overlay> overlays = area.overlay_all(geoms, circle);
    for (std::size_t p = 0; p < parcels.size(); ++p) {
      c.parcels[p].covered_m2[i] = overlays[p].covered_m2;
      if (circle) c.parcels[p].gap = std::move(overlays[p].uncovered);
    }
  }
  return erosions;

}

// Each facility's own service area at the circle tier: from the dissolved
// circle where it can be (areas_from_circle), else drawn from its own pieces.
void facility_service_areas(const network::WalkGraph& graph, const std::vector<Facility>& facilities,
                            const CoverageOptions& opt, std::shared_ptr<detail::ErosionCache> erosions,
                            Coverage& c) {
  const double limit = c.budget_m.back();
  StageTimer t("facility polygons");
  const unsigned threads = detail::thread_count(opt.area.threads);
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<bool> taken(facilities.size(), false);
  // Not in a shard, which keeps its tiles and draws only some of them.
  if (opt.polygons && !opt.keep_tiles && !opt.area.only) taken = areas_from_circle(c, facilities, threads);
  std::size_t n = 0;
  for (bool b : taken) n += b;
  log::debug("facility areas: ", n, " of ", facilities.size(), " taken from the dissolved circle (",
             std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), " s)");
  // The facilities drawn here from their own search.
  const auto drawn = [&](std::size_t f) {
    return !taken[f] && c.facilities[f].snap.on_network() &&
           (opt.own_facility_areas.empty() || opt.own_facility_areas[f]);
  };
  if (erosions) {
    // Only the blocks a facility drawn here can reach: within the budget of
    // where it joins the network. At 10M segments 1,624 of 3,000 facilities
    // take their area from the circle, and the erosions their blocks need
    // would stay held through this stage (docs/performance.md).
    std::vector<Box> reach_boxes;
    for (std::size_t f = 0; f < facilities.size(); ++f) {
      if (!drawn(f)) continue;
      const Point& at = c.facilities[f].snap.at;
      reach_boxes.push_back({at.x - limit, at.y - limit, at.x + limit, at.y + limit});
    }
    const std::size_t before = erosions->size();
    erosions->retain(reach_boxes);
    log::debug("facility areas: ", erosions->size(), " of the circle's ", before, " erosions kept for them");
  }
  std::vector<network::BoundedSearch> searches;
  for (unsigned w = 0; w < threads; ++w) searches.emplace_back(graph);
  AreaOptions one = opt.area;
  one.threads = 1;  // the facilities are the parallel work here
  one.erosions = std::move(erosions);
  one.progress = false;
  // One facility's area is a few kilometres across at most: in tiles of the
  // city's size it would be cut at their seams only to be dissolved again.
  one.tile_m = kTileRange.max;
  Progress progress("facility service areas", facilities.size());
  detail::parallel_for_workers(facilities.size(), threads, [&](std::size_t f, unsigned worker) {
    progress.advance();
    FacilityCoverage& fc = c.facilities[f];
    if (!drawn(f)) return;
    const network::SparseReach r = searches[worker].run(fc.snap, limit);
    std::vector<LineString> connectors;
    LineString l = connector_within(facilities[f], fc.snap, limit);
    if (!l.empty()) connectors.push_back(std::move(l));
    ServiceArea area = ServiceArea::Build(graph, reachable_pieces(graph, r, fc.snap, limit), connectors, one);
    fc.area = area.dissolved();
    fc.area_m2 = area.area_m2();
  });
  if (one.erosions)
    log::debug("facility areas: ", one.erosions->hits(), " erosions taken from the ", one.erosions->size(), " kept");
}

}  // namespace

void tally_served(Coverage& c, const std::vector<Estate>& parcels) {
  for (FacilityCoverage& fc : c.facilities) fc.households_served = fc.parcels_served = 0.0;
  for (std::size_t p = 0; p < parcels.size(); ++p) {
    const ParcelCoverage& pc = c.parcels[p];
    if (pc.facility == kNone) continue;
    c.facilities[pc.facility].households_served += parcels[p].households;
    c.facilities[pc.facility].parcels_served += 1;
  }
}

std::vector<bool> areas_from_circle(Coverage& c, const std::vector<Facility>& facilities, unsigned threads) {
  std::vector<bool> taken(facilities.size(), false);
  if (c.dissolved.empty() || c.facilities.size() != facilities.size()) return taken;
  const MultiPolygon& circle = c.dissolved.back();
  // Every ring's box, outer rings and holes, in one R-tree: a dense circle is one
  // polygon with a hole per block, and a site meets the boxes of one or two.
  struct RingId {
    std::uint32_t polygon, ring;  // ring 0 the outer ring, h + 1 hole h
  };
  std::vector<RingId> ids;
  std::vector<std::pair<detail::BgBox, std::uint32_t>> boxes;
  for (std::uint32_t k = 0; k < circle.size(); ++k)
    for (std::uint32_t r = 0; r <= circle[k].holes.size(); ++r) {
      boxes.push_back({detail::to_bg(bounds(ring(circle[k], r))),
                       static_cast<std::uint32_t>(ids.size())});
      ids.push_back({k, r});
    }
  const detail::bgi::rtree<std::pair<detail::BgBox, std::uint32_t>, detail::bgi::rstar<16>> tree(boxes.begin(), boxes.end());
  // The polygon holding each facility on the network: within its outer ring and
  // within none of its holes (the polygons of a dissolved area do not overlap).
  std::vector<std::uint32_t> holder(facilities.size(), kNone);
  detail::parallel_for(facilities.size(), threads, [&](std::size_t f) {
    if (!c.facilities[f].snap.on_network()) return;
    const Point& p = facilities[f].location;
    std::vector<std::pair<detail::BgBox, std::uint32_t>> near;
    tree.query(detail::bgi::intersects(detail::to_bg(p)), std::back_inserter(near));
    std::vector<std::uint32_t> in_outer, in_hole;
    for (const auto& [box, id] : near) {
      const RingId& ri = ids[id];
      const Polygon& poly = circle[ri.polygon];
      if (inside(ring(poly, ri.ring), p))
        (ri.ring == 0 ? in_outer : in_hole).push_back(ri.polygon);
    }
    for (std::uint32_t k : in_outer)
      if (std::find(in_hole.begin(), in_hole.end(), k) == in_hole.end()) holder[f] = k;
  });
  std::vector<std::uint32_t> held(circle.size(), 0);
  for (std::uint32_t k : holder)
    if (k != kNone) ++held[k];
  for (std::size_t f = 0; f < facilities.size(); ++f) {
    const std::uint32_t k = holder[f];
    if (k == kNone || held[k] != 1) continue;
    FacilityCoverage& fc = c.facilities[f];
    fc.area = {circle[k]};
    fc.area_m2 = area(fc.area);
    taken[f] = true;
  }
  return taken;
}

void CoverageOptions::validate() const {
  WalkOptions::validate();
  area.validate();
}

Coverage analyse_coverage(const network::WalkGraph& graph, const network::SegmentIndex& index,
                          const std::vector<Estate>& parcels, const std::vector<Facility>& facilities,
                          const CoverageOptions& opt, const std::function<void()>& placed) {
  opt.validate();
  Coverage c;
  for (std::size_t i = 0; i < opt.minutes.size(); ++i) c.budget_m.push_back(opt.budget_m(i));
  const double limit = c.budget_m.back();

  // Facilities onto the network.
  std::vector<network::Source> sources;
  c.facilities.resize(facilities.size());
  for (std::uint32_t f = 0; f < facilities.size(); ++f) {
    FacilityCoverage& fc = c.facilities[f];
    fc.snap = index.nearest(facilities[f].location, opt.max_snap_m);
    if (fc.snap.on_network()) {
      fc.component = graph.component(graph.edge(fc.snap.edge).u);
      fc.island = fc.component != 0;
    }
    sources.push_back({fc.snap, f});
  }
  const network::Sources snapped(std::move(sources));

  network::Reach reach;
  {
    StageTimer t("search");
    reach = network::nearest_facility(graph, snapped, limit);
  }
  for (double d : reach.distance_m) c.vertices_reached += d != kUnreached;
  if (opt.keep_vertex_times)
    for (network::VertexId v = 0; v < graph.vertex_count(); ++v)
      if (reach.distance_m[v] != kUnreached)
        c.vertex_times.push_back({v, reach.distance_m[v] / opt.speed_m_per_s, reach.source[v]});

  parcel_times(graph, index, reach, snapped, parcels, opt, c);
  tally_served(c, parcels);
  if (placed) placed();  // `index` is not read from here on

  std::shared_ptr<detail::ErosionCache> erosions = tier_areas(graph, reach, snapped, parcels, facilities, opt, c);
  // Not read from here on: its arrays (12 bytes a vertex) go back before each
  // worker's bounded search takes 8 bytes a vertex of its own.
  reach = network::Reach();
  if (opt.facility_areas) facility_service_areas(graph, facilities, opt, std::move(erosions), c);
  return c;
}

}  // namespace siting::coverage
