// SPDX-License-Identifier: Apache-2.0
// The sample district's estates, facilities, zones and proposals, laid out by hand
// on a street grid; a splitmix64 generator with a fixed seed picks households,
// floor areas and facility positions. The roads are in streets.cpp.

#include <algorithm>
#include <cmath>

#include "sample/district.hpp"
#include "siting/crs/crs.hpp"
#include "siting/error.hpp"
#include "detail/splitmix64.hpp"

namespace siting::tools::sample {

double half_metre(double v) { return std::round(v * 2.0) / 2.0; }

bool contains(const Box& b, const Point& p) {
  return p.x >= b.min_x && p.x <= b.max_x && p.y >= b.min_y && p.y <= b.max_y;
}

Point centre(const Box& b) { return {(b.min_x + b.max_x) / 2.0, (b.min_y + b.max_y) / 2.0}; }

bool overlaps(const Box& a, const Box& b) {
  return a.min_x < b.max_x && b.min_x < a.max_x && a.min_y < b.max_y && b.min_y < a.max_y;
}

Ring ccw_ring(const Box& b) {
  return {{b.min_x, b.min_y}, {b.max_x, b.min_y}, {b.max_x, b.max_y}, {b.min_x, b.max_y}, {b.min_x, b.min_y}};
}

Ring cw_ring(const Box& b) {
  return {{b.min_x, b.min_y}, {b.min_x, b.max_y}, {b.max_x, b.max_y}, {b.max_x, b.min_y}, {b.min_x, b.min_y}};
}

Ring closed(std::vector<Point> pts) {
  pts.push_back(pts.front());
  return pts;
}

double orient(const Point& a, const Point& b, const Point& c) {
  return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
}

bool on_segment(const Point& p, const Point& a, const Point& b) {
  return orient(a, b, p) == 0.0 && p.x >= std::min(a.x, b.x) && p.x <= std::max(a.x, b.x) &&
         p.y >= std::min(a.y, b.y) && p.y <= std::max(a.y, b.y);
}

std::vector<Point> split_at(const Point& a, const Point& b, const std::vector<Point>& candidates) {
  std::vector<Point> extra;
  for (const Point& n : candidates)
    if (n != a && n != b && on_segment(n, a, b)) extra.push_back(n);
  // On a straight segment the Manhattan distance from a orders the points as the
  // Euclidean one does, and exactly.
  std::sort(extra.begin(), extra.end(), [&](const Point& p, const Point& q) {
    return std::abs(p.x - a.x) + std::abs(p.y - a.y) < std::abs(q.x - a.x) + std::abs(q.y - a.y);
  });
  extra.erase(std::unique(extra.begin(), extra.end()), extra.end());
  extra.insert(extra.begin(), a);
  return extra;
}

namespace {

using siting::detail::SplitMix64;

std::string two_digits(std::size_t n) { return (n < 10 ? "0" : "") + std::to_string(n); }

// ---------------------------------------------------------------------------
// The street grid. Blocks lie between these lines; estates are set back from the
// centrelines by a distance that depends on the road class.

enum class RoadClass { Primary, Secondary, Tertiary, Residential };

struct GridLine {
  double at;
  RoadClass cls;
};

// x = 2100..2400 is the motorway corridor (logistics and green land, no estates);
// x = 2400..3000 (columns 8 and 9) the 东湾 new-development area, south of 港城路 only.
const std::vector<GridLine> kColumns = {
    {0, RoadClass::Secondary},    {300, RoadClass::Residential},  {600, RoadClass::Secondary},
    {900, RoadClass::Residential}, {1200, RoadClass::Primary},     {1500, RoadClass::Residential},
    {1800, RoadClass::Secondary}, {2100, RoadClass::Tertiary},     {2400, RoadClass::Secondary},
    {2700, RoadClass::Residential}, {3000, RoadClass::Secondary}};
// Rows of blocks (south edge, north edge); the river runs between y = 1300 and 1400.
const std::vector<std::pair<GridLine, GridLine>> kRows = {
    {{0, RoadClass::Secondary}, {225, RoadClass::Residential}},
    {{225, RoadClass::Residential}, {450, RoadClass::Secondary}},
    {{450, RoadClass::Secondary}, {675, RoadClass::Residential}},
    {{675, RoadClass::Residential}, {900, RoadClass::Primary}},
    {{900, RoadClass::Primary}, {1100, RoadClass::Tertiary}},
    {{1100, RoadClass::Tertiary}, {1300, RoadClass::Tertiary}},
    {{1400, RoadClass::Tertiary}, {1600, RoadClass::Residential}},
    {{1600, RoadClass::Residential}, {1800, RoadClass::Secondary}}};

double setback(RoadClass c) {
  switch (c) {
    case RoadClass::Primary: return 20.0;
    case RoadClass::Secondary: return 15.0;
    case RoadClass::Tertiary: return 12.0;
    case RoadClass::Residential: return 10.0;
  }
  return 10.0;
}

}  // namespace

Box block(int col, int row) {
  const auto c = static_cast<std::size_t>(col);
  const auto r = static_cast<std::size_t>(row);
  return {kColumns[c].at, kRows[r].first.at, kColumns[c + 1].at, kRows[r].second.at};
}

Box estate_rect(const EstateSpec& spec) {
  const auto c = static_cast<std::size_t>(spec.col);
  const auto r = static_cast<std::size_t>(spec.row);
  const auto top = static_cast<std::size_t>(spec.row + (spec.shape == Shape::Large ? 1 : 0));
  return {kColumns[c].at + setback(kColumns[c].cls), kRows[r].first.at + setback(kRows[r].first.cls),
          kColumns[c + 1].at - setback(kColumns[c + 1].cls), kRows[top].second.at - setback(kRows[top].second.cls)};
}

// ---------------------------------------------------------------------------
// Estates (小区).

namespace {

// South to north, west to east. Old estates (12) are in the old town west of
// 金湾大道 and south of the river; new ones (24) everywhere else.
const std::vector<EstateSpec> kEstates = {
    {2, 0, false, Plan::Pass},
    {4, 0, true, Plan::Pass, Shape::Notch},
    {5, 0, true, Plan::Land, Shape::Block, 1500},
    {0, 1, false, Plan::Fail, Shape::TwoParts},
    {1, 1, false, Plan::None},
    {2, 1, false, Plan::AddressPass},
    {4, 1, true, Plan::Fail},
    {0, 2, false, Plan::Pass},
    {2, 2, false, Plan::None},
    {3, 2, false, Plan::Fail},
    {5, 2, true, Plan::Two, Shape::Large},
    {6, 2, true, Plan::Pass},
    {0, 3, false, Plan::None},
    {1, 3, false, Plan::Pass},
    {3, 3, false, Plan::Fail, Shape::Notch},
    {4, 3, true, Plan::None},
    {6, 3, true, Plan::AddressFail},
    {1, 4, true, Plan::Pass},
    {2, 4, true, Plan::Fail},
    {4, 4, true, Plan::Pass},
    {5, 4, true, Plan::Land, Shape::Block, 800},
    {0, 5, false, Plan::Pass},
    {1, 5, false, Plan::None},
    {3, 5, true, Plan::None},
    {5, 5, true, Plan::AddressPass},
    {6, 5, true, Plan::Pass, Shape::Notch},
    {1, 6, true, Plan::Pass},
    {2, 6, true, Plan::Fail},
    {4, 6, true, Plan::Pass, Shape::Hole},
    {6, 6, true, Plan::Pass},
    {0, 7, true, Plan::Pass},
    {1, 7, true, Plan::Land, Shape::Block, 1000},
    {3, 7, true, Plan::Fail},
    {4, 7, true, Plan::Pass},
    {5, 7, true, Plan::Pass, Shape::Gated},
    {6, 7, true, Plan::None},
};

// The 东湾 new-development area: high-rise estates handed over before any elderly-care
// room or facility was built nearby, and the resettlement housing (安置区, 已建) of the
// village whose land it took. They are made after the facilities, so the random
// numbers drawn for the original town are the same as before they were added.
const std::vector<EstateSpec> kNewAreaEstates = {
    {9, 0, true, Plan::None, Shape::Block, 0, true},
    {9, 1, true, Plan::None, Shape::Block, 0, true},
    {8, 2, false, Plan::None, Shape::Block, 0, true},
    {9, 2, true, Plan::None, Shape::Large, 0, true},
};
const std::vector<std::string> kNewAreaNames = {"东湾壹号", "澜庭府", "东湾安置区", "天澜湾"};

const std::vector<std::string> kOldNames = {"西园新村", "和平里",   "中山小区", "人民新村", "糖厂宿舍", "文昌坊",
                                            "仁和里",   "供销社宿舍", "红棉小区", "粮所宿舍", "东风新村", "渔民新村"};
const std::vector<std::string> kNewNames = {
    "锦绣花园", "碧桂苑",   "南沙湾",   "金湾华府", "海悦湾",   "滨江豪庭", "翠湖名苑", "御景华庭",
    "星汇名城", "天悦湾",   "紫荆花园", "丽景湾",   "君悦华庭", "凯旋花园", "海棠苑",   "云山雅苑",
    "金色家园", "荔景苑",   "映月湾",   "湾畔花园", "新城花园", "翡翠园",   "怡景湾",   "龙湾半岛"};

Estate make_estate(const EstateSpec& spec, std::size_t index, std::size_t old_n, std::size_t new_n,
                   SplitMix64& rng) {
  Estate e;
  e.spec = &spec;
  e.id = "E" + two_digits(index + 1);
  e.name = spec.new_area ? kNewAreaNames.at(new_n) : spec.is_new ? kNewNames.at(new_n) : kOldNames.at(old_n);
  e.kind = spec.is_new ? "新建" : spec.new_area ? "已建" : (rng.unit() < 0.5 ? "老旧" : "已建");
  // Households: large estates for the new town, small ones in the old town; estates
  // meant to fail on an undersized room get enough households that it is a real room.
  if (spec.new_area && !spec.is_new) e.households = rng.integer(900, 1400);
  else if (spec.new_area) e.households = spec.shape == Shape::Large ? rng.integer(3200, 3800) : rng.integer(2000, 2600);
  else if (spec.shape == Shape::Large) e.households = rng.integer(2400, 2600);
  else if (spec.is_new) e.households = rng.integer(800, 2400);
  else if (spec.plan == Plan::Fail) e.households = rng.integer(650, 950);
  else if (spec.plan == Plan::None) e.households = rng.integer(200, 800);
  else e.households = rng.integer(300, 900);

  const Box r = estate_rect(spec);
  e.frontage = block(spec.col, spec.row);
  switch (spec.shape) {
    case Shape::Block:
    case Shape::Large:
    case Shape::Gated:
      e.geometry.push_back(Polygon{ccw_ring(r), {}});
      e.parts.push_back(r);
      break;
    case Shape::Notch: {
      // A corner shop / petrol station plot cut out of the north-east corner.
      const double w = 60, h = 50;
      e.geometry.push_back(Polygon{closed({{r.min_x, r.min_y},
                                           {r.max_x, r.min_y},
                                           {r.max_x, r.max_y - h},
                                           {r.max_x - w, r.max_y - h},
                                           {r.max_x - w, r.max_y},
                                           {r.min_x, r.max_y}}),
                                   {}});
      e.parts.push_back(r);
      e.keep_out.push_back(Box{r.max_x - w - 15, r.max_y - h - 15, r.max_x, r.max_y});
      break;
    }
    case Shape::Hole: {
      // A kindergarten plot kept out of the estate.
      const Box hole{r.min_x + 170, r.min_y + 30, r.min_x + 250, r.min_y + 110};
      e.geometry.push_back(Polygon{ccw_ring(r), {cw_ring(hole)}});
      e.parts.push_back(r);
      e.keep_out.push_back(Box{hole.min_x - 15, hole.min_y - 15, hole.max_x + 15, hole.max_y + 15});
      break;
    }
    case Shape::TwoParts: {
      // Two parts either side of a 8 m lane (陈家巷) along x = block centre.
      const double lane = (e.frontage.min_x + e.frontage.max_x) / 2.0;
      const Box west{r.min_x, r.min_y, lane - 4, r.max_y};
      const Box east{lane + 4, r.min_y, r.max_x, r.max_y};
      e.geometry.push_back(Polygon{ccw_ring(west), {}});
      e.geometry.push_back(Polygon{ccw_ring(east), {}});
      e.parts = {west, east};
      break;
    }
  }
  return e;
}

// ---------------------------------------------------------------------------
// Facilities (养老服务设施).

Point point_in(const Estate& e, SplitMix64& rng) {
  for (;;) {
    const auto part = static_cast<std::size_t>(rng.integer(0, static_cast<std::int64_t>(e.parts.size()) - 1));
    const Box& r = e.parts[part];
    const double m = std::min(20.0, (r.max_x - r.min_x) / 4.0);
    const Point p{half_metre(rng.uniform(r.min_x + m, r.max_x - m)),
                  half_metre(rng.uniform(r.min_y + 20, r.max_y - 20))};
    bool blocked = false;
    for (const Box& k : e.keep_out) blocked = blocked || contains(k, p);
    if (!blocked) return p;
  }
}

// A street address on the block's south frontage: 5 m from the road centreline,
// between the road and the estate's red line.
Point street_address(const Estate& e, SplitMix64& rng) {
  const Box& b = e.frontage;
  return Point{half_metre(rng.uniform(b.min_x + 60, b.max_x - 60)), b.min_y + 5};
}

std::string small_category(SplitMix64& rng) { return rng.unit() < 0.5 ? "社区养老服务站" : "长者饭堂"; }

std::vector<Facility> make_facilities(const std::vector<Estate>& estates, SplitMix64& rng) {
  std::vector<Facility> out;
  auto add = [&](Facility f) {
    f.id = "F" + two_digits(out.size() + 1);
    out.push_back(std::move(f));
  };
  for (std::size_t i = 0; i < estates.size(); ++i) {
    const Estate& e = estates[i];
    const double rate = e.spec->is_new ? 20.0 : 15.0;
    const double required = static_cast<double>(e.households) * rate / 100.0;
    // Passing rooms round up, failing ones down, so the verdict never depends on rounding.
    auto sized = [&](double lo, double hi, bool pass) {
      const double v = required * rng.uniform(lo, hi);
      return pass ? std::max(60.0, std::ceil(v)) : std::floor(v);
    };
    auto named = [&](double floor_m2) {
      Facility f;
      f.category = floor_m2 >= 300 ? "日间照料中心" : small_category(rng);
      f.name = e.name + f.category;
      f.floor_m2 = floor_m2;
      f.estate = i;
      return f;
    };
    switch (e.spec->plan) {
      case Plan::None: break;
      case Plan::Pass:
      case Plan::Fail: {
        Facility f = named(e.spec->plan == Plan::Pass ? sized(1.05, 1.6, true) : sized(0.45, 0.8, false));
        f.at = point_in(e, rng);
        add(std::move(f));
        break;
      }
      case Plan::AddressPass:
      case Plan::AddressFail: {
        const bool pass = e.spec->plan == Plan::AddressPass;
        Facility f = named(pass ? sized(1.1, 1.5, true) : sized(0.5, 0.8, false));
        f.at = street_address(e, rng);
        f.estate_id = e.id;
        f.note = "mapped at a street address outside " + e.id + "; 小区编号 names it";
        add(std::move(f));
        break;
      }
      case Plan::Two: {
        Facility a = named(sized(0.6, 0.75, true));
        a.category = "日间照料中心";
        a.name = e.name + a.category;
        a.at = point_in(e, rng);
        a.note = "with the next one, " + e.id + " passes; alone it would not";
        add(std::move(a));
        Facility b = named(sized(0.4, 0.5, true));
        b.category = "长者饭堂";
        b.name = e.name + b.category;
        b.at = point_in(e, rng);
        add(std::move(b));
        break;
      }
      case Plan::Land: {
        Facility f = named(sized(1.2, 1.8, true));
        f.category = "日间照料中心";
        f.name = e.name + f.category;
        f.land_m2 = e.spec->land_m2;
        f.at = point_in(e, rng);
        f.note = "stand-alone building on its own plot inside " + e.id;
        add(std::move(f));
        break;
      }
    }
  }
  // Facilities in no estate: they count for zones only.
  Facility home;
  home.name = "示例新城区养老院";
  home.category = "养老院";
  home.floor_m2 = 3000;
  home.land_m2 = 5000;
  home.at = Point{1050, 340};  // own plot between 中山街 and 金湾大道
  home.note = "district nursing home on its own plot, in no estate";
  add(home);
  Facility binhe;
  binhe.name = "滨河街道综合养老服务中心";
  binhe.category = "街道综合养老服务中心";
  binhe.floor_m2 = 1500;
  binhe.land_m2 = 1600;
  binhe.at = Point{752.5, 1196};  // beside the street office, south bank
  binhe.note = "street-level centre on its own plot, in no estate";
  add(binhe);
  Facility jinwan;
  jinwan.name = "金湾街道综合养老服务中心";
  jinwan.category = "街道综合养老服务中心";
  jinwan.floor_m2 = 2000;
  jinwan.land_m2 = 4000;
  jinwan.at = Point{1948, 1003.5};  // next to the hospital (医养结合)
  jinwan.note = "street-level centre on its own plot, in no estate";
  add(jinwan);
  Facility park;
  park.name = "文昌公园长者服务站";
  park.category = "社区养老服务站";
  park.floor_m2 = 120;
  park.land_m2 = 0;
  park.at = Point{451.5, 617};  // 7 m from the park's footway loop (an island in the network)
  park.note = "in a park pavilion next to the island footway; in no estate";
  add(park);
  Facility planned;
  planned.name = "南湾花园社区养老服务站";
  planned.category = "社区养老服务站";
  planned.floor_m2 = 180;
  planned.land_m2 = 0;
  planned.estate_id = "E99";
  planned.at = Point{1952.5, 230};  // on vacant land whose estate is not in the estates layer yet
  planned.note = "小区编号 E99 names no estate";
  add(planned);
  return out;
}

// ---------------------------------------------------------------------------
// Planning zones (区 / 街道 / 社区), tiling the district along road centrelines and
// the river's centreline (y = 1350).

Ring rect_corners(double x0, double y0, double x1, double y1) { return ccw_ring(Box{x0, y0, x1, y1}); }

// Inserts into each edge of `ring` the nodes lying strictly inside it, so rings that
// share a boundary share every vertex (no T-junctions that rounding could open).
Ring with_nodes(const Ring& ring, const std::vector<Point>& nodes) {
  Ring out;
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
    const std::vector<Point> edge = split_at(ring[i], ring[i + 1], nodes);
    out.insert(out.end(), edge.begin(), edge.end());
  }
  out.push_back(ring.back());
  return out;
}

std::vector<Zone> make_zones() {
  std::vector<Zone> z = {
      {"Q01", "示例新城", "区", 160000,
       closed({{0, 0}, {kEastX, 0}, {kEastX, kEastTop}, {kWidth, kEastTop}, {kWidth, kHeight}, {0, kHeight}})},
      {"JD01", "西园街道", "街道", 36000, rect_corners(0, 0, 1200, 900)},
      {"JD02", "滨河街道", "街道", std::nullopt, rect_corners(0, 900, 1200, 1800)},
      {"JD03", "南湾街道", "街道", 42000, rect_corners(1200, 0, kEastX, kEastTop)},
      {"JD04", "金湾街道", "街道", std::nullopt, rect_corners(1200, 900, 2400, 1800)},
      {"SQ01", "文昌社区", "社区", std::nullopt, rect_corners(0, 0, 600, 450)},
      {"SQ02", "仁和社区", "社区", std::nullopt, rect_corners(0, 450, 600, 900)},
      {"SQ03", "中山社区", "社区", std::nullopt, rect_corners(600, 0, 1200, 900)},
      {"SQ04", "和平社区", "社区", std::nullopt, rect_corners(0, 900, 600, 1350)},
      {"SQ05", "新华社区", "社区", std::nullopt, rect_corners(600, 900, 1200, 1350)},
      {"SQ06", "书院社区", "社区", std::nullopt, rect_corners(0, 1350, 1200, 1800)},
      {"SQ07", "南湾社区", "社区", std::nullopt,
       closed({{1200, 0}, {2100, 0}, {2100, 225}, {1800, 225}, {1800, 450}, {1200, 450}})},
      {"SQ08", "育才社区", "社区", std::nullopt, rect_corners(1200, 450, 1800, 900)},
      {"SQ09", "科技社区", "社区", std::nullopt,
       closed({{2100, 0}, {2400, 0}, {2400, 900}, {1800, 900}, {1800, 225}, {2100, 225}})},
      {"SQ10", "金湾社区", "社区", std::nullopt, rect_corners(1200, 900, 1800, 1350)},
      {"SQ11", "兴业社区", "社区", std::nullopt, rect_corners(1800, 900, 2400, 1350)},
      {"SQ12", "海滨社区", "社区", std::nullopt, rect_corners(1200, 1350, 2400, 1800)},
      {"SQ13", "东湾社区", "社区", std::nullopt, rect_corners(kWidth, 0, kEastX, kEastTop)},
  };
  std::vector<Point> nodes;
  for (const Zone& zone : z) nodes.insert(nodes.end(), zone.ring.begin(), zone.ring.end());
  for (Zone& zone : z) zone.ring = with_nodes(zone.ring, nodes);
  return z;
}

// ---------------------------------------------------------------------------
// Proposals (报建方案) for `siting review`: estates a developer asks a permit for,
// on land not yet built on, each in a file of its own holding the phase polygons
// and the planned facility points, with the fields a submission carries. They are
// not part of the layers above: a review reads those as its context. No random
// numbers: every figure is chosen so that the review's outcome is clear.

const std::vector<ProposalSpec> kProposals = {
    // West of 东湾一路 between 南环路 and 育才路; the strip between it and 东环路
    // (x = 2400-2550) is the school site. Its phases are nearest 东湾一路 (10 m), so
    // they are reached only from it, beyond 15 minutes of every existing facility.
    // The day-care centre stands on a plot of its own in phase 1, 40 m from 东湾一路.
    {"P-01",
     "东湾雅苑",
     {{1, "新建", 900, Box{2555, 15, 2690, 220}}, {2, "新建", 800, Box{2555, 230, 2690, 435}}},
     {{"P01-A", "东湾雅苑日间照料中心", "日间照料中心", 420, 3500, 1, false, true, 1, true, true, true, true,
       Point{2660, 120}}},
     "东湾, between 东湾一路 and the school site, 南环路 to 育才路",
     "pass: a day-care centre in phase 1 on the ground floor, enough floor area, and a plot that makes up "
     "南湾街道's shortfall of land; both phases are beyond 15 minutes of every existing facility, and the "
     "centre's circle also takes in {circle}",
     ""},
    // The block east of 兴业路 between 南环路 and 南湾一路, across 南湾一路 from the
    // planned 南湾花园 station, which serves it.
    {"P-02",
     "南湾名邸",
     {{1, "新建", 700, Box{1815, 15, 1945, 215}}, {2, "新建", 500, Box{1955, 15, 2088, 215}}},
     {{"P02-A", "南湾名邸社区养老服务站", "社区养老服务站", 130, 0, -1, true, false, 2, true, true, true, false,
       Point{2020, 100}},
      {"P02-B", "南湾名邸长者饭堂", "长者饭堂", 80, 0, 3, false, true, 2, true, true, true, true, Point{1990, 60}}},
     "the block east of 兴业路, 南环路 to 南湾一路",
     "fail: too little floor area, the station in the basement, the canteen on floor 3 without a lift, both in "
     "the last phase after {share_before} of the households, the station not handed over with the housing "
     "(同步交付 否), and no land",
     "南湾花园社区养老服务站"},
    // The block east of 金湾大道 between 金湾一路 and 滨河南路.
    {"P-03",
     "金湾翠庭",
     {{1, "新建", 1200, Box{1220, 1112, 1490, 1288}}},
     {{"P03-A", "金湾翠庭日间照料中心", "日间照料中心", 320, 2500, 1, false, true, 1, true, true, true, true,
       Point{1260, 1150}}},
     "the block east of 金湾大道, 金湾一路 to 滨河南路",
     "pass under guangdong (20 m2 per 100 households), fail under anhui (30 m2 per 100 households and 350 m2 "
     "per facility)",
     ""},
};

// Fails loudly if a proposal was laid out over an estate, or a facility outside
// the phase it is built in (mistakes in the table above).
void check_proposals(const std::vector<ProposalSpec>& proposals, const std::vector<Estate>& estates) {
  for (const ProposalSpec& p : proposals) {
    for (const ProposalPhase& ph : p.phases)
      for (const Estate& e : estates) {
        if (overlaps(ph.r, estate_rect(*e.spec)))
          throw Error(ErrorCode::Internal, "sample layout: proposal " + p.id + " overlaps estate " + e.id);
      }
    for (const PlannedFacility& f : p.facilities) {
      bool inside = false;
      for (const ProposalPhase& ph : p.phases) inside = inside || (ph.number == f.phase && contains(ph.r, f.at));
      if (!inside)
        throw Error(ErrorCode::Internal, "sample layout: facility " + f.id + " is not inside phase " +
                                             std::to_string(f.phase) + " of " + p.id);
    }
  }
}

}  // namespace

// The elderly of each estate, and the beds and operators of the facilities, from a
// generator of their own, so that adding them left every earlier figure as it was.
// Older estates house more of the elderly (a fifth to a third of the residents,
// 2.8 to a household) than new ones (a tenth to a fifth). Beds are where the
// indicator table counts them: the 养老院 (an institution, mostly nursing beds), the
// two street centres and the day-care centres (a few day beds each).
void add_capacities(District& d) {
  SplitMix64 rng(kSeed + 1);
  for (Estate& e : d.estates) {
    const bool old = e.kind != "新建";
    const double share = old ? rng.uniform(0.20, 0.33) : rng.uniform(0.10, 0.20);
    e.elderly = static_cast<std::int64_t>(std::round(static_cast<double>(e.households) * 2.8 * share));
  }
  for (Facility& f : d.facilities) {
    if (f.category == "养老院") {
      f.beds = 260;
      f.nursing_beds = 150;
      f.operator_kind = "公建民营";
    } else if (f.category == "街道综合养老服务中心") {
      f.beds = rng.integer(40, 80);
      f.nursing_beds = *f.beds / 2;
      f.operator_kind = rng.unit() < 0.5 ? "公办" : "社会办";
    } else if (f.category == "日间照料中心") {
      f.beds = rng.integer(8, 30);
      f.nursing_beds = 0;
      f.operator_kind = rng.unit() < 0.5 ? "公办" : "社会办";
    } else if (f.category == "社区养老服务站") {
      f.operator_kind = rng.unit() < 0.5 ? "公办" : "社会办";
    }
  }
  // 16-20 % of a zone's residents: enough that a zone holds at least the elderly
  // of the estates inside it (their shares run to 33 % in old estates), as real
  // registers would.
  for (Zone& z : d.zones)
    if (z.population) z.elderly = static_cast<std::int64_t>(std::round(static_cast<double>(*z.population) * rng.uniform(0.16, 0.20)));
}

District make_district() {
  District d;
  const crs::Crs working = crs::Crs::Epsg(kWorkingEpsg);
  Point middle{kCentreLon, kCentreLat};
  crs::Transform(crs::Crs::Epsg(4326), working).apply(middle);
  d.origin = Point{std::round(middle.x) - kWidth / 2.0, std::round(middle.y) - kHeight / 2.0};

  SplitMix64 rng(kSeed);
  std::size_t old_n = 0, new_n = 0;
  for (std::size_t i = 0; i < kEstates.size(); ++i) {
    d.estates.push_back(make_estate(kEstates[i], i, old_n, new_n, rng));
    (kEstates[i].is_new ? new_n : old_n)++;
  }
  d.facilities = make_facilities(d.estates, rng);
  // The new-development area's estates, drawn after the facilities (they have none).
  std::size_t area_n = 0;
  for (const EstateSpec& spec : kNewAreaEstates)
    d.estates.push_back(make_estate(spec, d.estates.size(), 0, area_n++, rng));
  d.zones = make_zones();
  add_capacities(d);
  d.streets = make_roads(d.estates);
  check_proposals(kProposals, d.estates);
  d.proposals = &kProposals;
  return d;
}

}  // namespace siting::tools::sample
