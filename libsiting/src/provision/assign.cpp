// SPDX-License-Identifier: Apache-2.0
#include "siting/provision/assign.hpp"

#include <algorithm>
#include <map>

#include "detail/bg.hpp"
#include "detail/geos.hpp"
#include "siting/log.hpp"

namespace siting::provision {
namespace {

using detail::BgBox;
using detail::BgMultiPolygon;
namespace bg = detail::bg;
namespace bgi = detail::bgi;

using Tree = bgi::rtree<std::pair<BgBox, std::size_t>, bgi::rstar<16>>;

// Polygons with an R-tree over their boxes: containment of many points.
class PolygonIndex {
 public:
  explicit PolygonIndex(const std::vector<const MultiPolygon*>& polygons) {
    std::vector<std::pair<BgBox, std::size_t>> boxes;
    boxes.reserve(polygons.size());
    for (std::size_t i = 0; i < polygons.size(); ++i) {
      polygons_.push_back(detail::to_bg(*polygons[i]));
      if (!polygons[i]->empty()) boxes.emplace_back(detail::to_bg(bounds(*polygons[i])), i);
    }
    tree_ = Tree(boxes.begin(), boxes.end());  // packing constructor: bulk-loaded
  }

  // Indexes of the polygons covering the point (boundary included), ascending.
  std::vector<std::size_t> covering(const Point& p) const {
    const auto q = detail::to_bg(p);
    std::vector<std::size_t> out;
    for (auto it = tree_.qbegin(bgi::intersects(q)); it != tree_.qend(); ++it)
      if (bg::covered_by(q, polygons_[it->second])) out.push_back(it->second);
    std::sort(out.begin(), out.end());
    return out;
  }

  bool strictly_inside(std::size_t i, const Point& p) const { return bg::within(detail::to_bg(p), polygons_[i]); }

 private:
  std::vector<BgMultiPolygon> polygons_;
  Tree tree_;
};

template <typename T>
PolygonIndex index_of(const std::vector<T>& items) {
  std::vector<const MultiPolygon*> polys;
  polys.reserve(items.size());
  for (const T& item : items) polys.push_back(&item.geometry);
  return PolygonIndex(polys);
}

}  // namespace

Assignment assign_facilities(const std::vector<Estate>& estates, const std::vector<Facility>& facilities) {
  Assignment a;
  a.estate_of.resize(facilities.size());
  a.how.resize(facilities.size());
  a.facilities_of.resize(estates.size());
  std::map<std::string, std::size_t> by_id;
  for (std::size_t i = 0; i < estates.size(); ++i) by_id.emplace(estates[i].id, i);
  const PolygonIndex index = index_of(estates);

  for (std::size_t f = 0; f < facilities.size(); ++f) {
    const Facility& fac = facilities[f];
    if (!fac.estate_id.empty()) {
      // An explicit estate id wins over geometry: facilities are often mapped at
      // a street address outside the estate's red line.
      auto it = by_id.find(fac.estate_id);
      if (it == by_id.end()) {
        a.how[f] = "its estate_id '" + fac.estate_id + "' is not among the parcels";
        continue;
      }
      a.estate_of[f] = it->second;
      a.how[f] = "estate_id";
      continue;
    }
    const auto hits = index.covering(fac.location);
    if (hits.empty()) {
      a.how[f] = "inside no parcel";
      continue;
    }
    // A point on the edge shared by two estates is covered by both: take the
    // smallest (then the first). Only a point strictly inside two estates means
    // the estates overlap, which is worth a warning.
    std::size_t best = hits.front(), inside = 0;
    for (std::size_t h : hits) {
      if (estates[h].area_m2 < estates[best].area_m2) best = h;
      inside += index.strictly_inside(h, fac.location);
    }
    if (inside > 1) {
      std::string ids;
      for (std::size_t h : hits) ids += (ids.empty() ? "" : ", ") + estates[h].id;
      log::warn("facility ", fac.id, " lies in overlapping estates (", ids, "); assigned to the smallest, ",
                estates[best].id);
    }
    a.estate_of[f] = best;
    a.how[f] = "contained";
  }
  for (std::size_t f = 0; f < facilities.size(); ++f)
    if (a.estate_of[f]) a.facilities_of[*a.estate_of[f]].push_back(f);
  return a;
}

std::vector<std::vector<std::size_t>> zones_containing(const std::vector<Zone>& zones, const std::vector<Point>& points) {
  const PolygonIndex index = index_of(zones);
  std::vector<std::vector<std::size_t>> out;
  out.reserve(points.size());
  for (const Point& p : points) {
    // One zone per level: a point on the line between two streets belongs to the
    // one it is strictly inside, else to the first listed, never to both.
    std::vector<std::size_t> chosen;
    for (std::size_t z : index.covering(p)) {
      auto same_level = std::find_if(chosen.begin(), chosen.end(),
                                     [&](std::size_t c) { return zones[c].level == zones[z].level; });
      if (same_level == chosen.end()) chosen.push_back(z);
      else if (!index.strictly_inside(*same_level, p) && index.strictly_inside(z, p)) *same_level = z;
    }
    std::sort(chosen.begin(), chosen.end());
    out.push_back(std::move(chosen));
  }
  return out;
}

std::vector<std::vector<std::size_t>> zone_zones(const std::vector<Zone>& zones) {
  auto& ctx = detail::GeosContext::local();
  std::vector<Point> inside;
  for (const Zone& z : zones) inside.push_back(detail::point_on_surface(ctx, z.geometry));
  auto out = zones_containing(zones, inside);
  // A zone overlapping another of its own level may have the point counted in
  // that one; it is in itself all the same.
  for (std::size_t z = 0; z < zones.size(); ++z) {
    auto& in = out[z];
    auto same = std::find_if(in.begin(), in.end(), [&](std::size_t c) { return zones[c].level == zones[z].level; });
    if (same == in.end()) in.push_back(z);
    else *same = z;
    std::sort(in.begin(), in.end());
  }
  return out;
}

std::vector<std::vector<std::size_t>> estate_zones(const std::vector<Zone>& zones,
                                                   const std::vector<Estate>& estates) {
  std::vector<Point> labels;
  for (const Estate& e : estates) labels.push_back(e.label);
  return zones_containing(zones, labels);
}

}  // namespace siting::provision
