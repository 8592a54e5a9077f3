// SPDX-License-Identifier: Apache-2.0
// siting-make-sample: writes the synthetic sample district 示例新城 (a fictional
// Guangdong new town near 113.52°E, 22.80°N) that the docs, examples and tests use.
//
//   siting-make-sample --out geodata/sample
//
// Everything is laid out by hand on a street grid in EPSG:4547 metres (whole and
// half metres only); a splitmix64 generator with a fixed seed picks households,
// floor areas and facility positions; the roads inside estates follow from each
// estate's kind and shape. The output depends on nothing but the seed, so two runs
// give byte-identical files. Expected verdicts under the guangdong rules are
// computed here too and written into README.md, with the walking-coverage figures
// siting reports for these files (kExpectedTiers and what follows it: update them
// when the layout changes). It also writes proposals/: three planning-permit
// proposals for `siting review` on land not yet built on (kProposals), with the
// outcomes siting reports for them (kExpectedReviews).

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "siting/crs/crs.hpp"
#include "siting/error.hpp"
#include "siting/geometry.hpp"
#include "siting/io/output_dir.hpp"
#include "siting/io/table.hpp"
#include "splitmix64.hpp"

namespace {

using namespace siting;

constexpr std::uint64_t kSeed = 20240917;
constexpr int kWorkingEpsg = 4547;  // CGCS2000 / 3-degree Gauss-Kruger CM 114E
constexpr double kCentreLon = 113.52;
constexpr double kCentreLat = 22.80;
constexpr double kWidth = 2400.0;   // extent of the original town, metres (fixes the origin)
constexpr double kHeight = 1800.0;
// The 东湾 new-development area east of 东环路 (x = 2400) and south of 港城路 (y = 900).
constexpr double kEastX = 3000.0;
constexpr double kEastTop = 900.0;
constexpr double kPersonsPerHousehold = 2.62;  // guangdong preset, for the README only

using tools::SplitMix64;

double half_metre(double v) { return std::round(v * 2.0) / 2.0; }
double round2(double v) { return std::round(v * 100.0) / 100.0; }

std::string fixed(double v, int decimals) {
  std::ostringstream s;
  s.setf(std::ios::fixed);
  s.precision(decimals);
  s << v;
  return s.str();
}

std::string two_digits(std::size_t n) { return (n < 10 ? "0" : "") + std::to_string(n); }

// ---------------------------------------------------------------------------
// Geometry helpers, in local metres (origin at the district's south-west corner).

struct Rect {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool contains(const Point& p, double margin = 0.0) const {
    return p.x >= x0 - margin && p.x <= x1 + margin && p.y >= y0 - margin && p.y <= y1 + margin;
  }
  Point centre() const { return {(x0 + x1) / 2.0, (y0 + y1) / 2.0}; }
};

Ring ccw_ring(const Rect& r) { return {{r.x0, r.y0}, {r.x1, r.y0}, {r.x1, r.y1}, {r.x0, r.y1}, {r.x0, r.y0}}; }
Ring cw_ring(const Rect& r) { return {{r.x0, r.y0}, {r.x0, r.y1}, {r.x1, r.y1}, {r.x1, r.y0}, {r.x0, r.y0}}; }

Ring closed(std::vector<Point> pts) {
  pts.push_back(pts.front());
  return pts;
}

// Exact for whole and half metres: every product is far below 2^53.
double orient(const Point& a, const Point& b, const Point& c) {
  return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
}

bool on_segment(const Point& p, const Point& a, const Point& b) {
  return orient(a, b, p) == 0.0 && p.x >= std::min(a.x, b.x) && p.x <= std::max(a.x, b.x) &&
         p.y >= std::min(a.y, b.y) && p.y <= std::max(a.y, b.y);
}

bool in_ring(const Point& p, const Ring& ring) {
  bool inside = false;
  for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    const Point& a = ring[i];
    const Point& b = ring[j];
    if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

bool in_multipolygon(const Point& p, const MultiPolygon& mp) {
  for (const Polygon& poly : mp) {
    if (!in_ring(p, poly.outer)) continue;
    bool in_hole = false;
    for (const Ring& h : poly.holes) in_hole = in_hole || in_ring(p, h);
    if (!in_hole) return true;
  }
  return false;
}

// Inserts into each edge of `ring` the nodes lying strictly inside it, so rings that
// share a boundary share every vertex (no T-junctions that rounding could open).
Ring with_nodes(const Ring& ring, const std::vector<Point>& nodes) {
  Ring out;
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
    const Point a = ring[i], b = ring[i + 1];
    std::vector<Point> extra;
    for (const Point& n : nodes)
      if (n != a && n != b && on_segment(n, a, b)) extra.push_back(n);
    std::sort(extra.begin(), extra.end(), [&](const Point& p, const Point& q) {
      return std::abs(p.x - a.x) + std::abs(p.y - a.y) < std::abs(q.x - a.x) + std::abs(q.y - a.y);
    });
    extra.erase(std::unique(extra.begin(), extra.end()), extra.end());
    out.push_back(a);
    out.insert(out.end(), extra.begin(), extra.end());
  }
  out.push_back(ring.back());
  return out;
}

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

Rect block(int col, int row) {
  const auto c = static_cast<std::size_t>(col);
  const auto r = static_cast<std::size_t>(row);
  return {kColumns[c].at, kRows[r].first.at, kColumns[c + 1].at, kRows[r].second.at};
}

Rect estate_rect(int col, int row, int rows = 1) {
  const auto c = static_cast<std::size_t>(col);
  const auto r = static_cast<std::size_t>(row);
  const auto top = static_cast<std::size_t>(row + rows - 1);
  return {kColumns[c].at + setback(kColumns[c].cls), kRows[r].first.at + setback(kRows[r].first.cls),
          kColumns[c + 1].at - setback(kColumns[c + 1].cls), kRows[top].second.at - setback(kRows[top].second.cls)};
}

// ---------------------------------------------------------------------------
// Estates (小区).

enum class Plan {
  Pass,         // one facility inside, enough floor area
  Fail,         // one facility inside, too small
  None,         // no facility at all
  AddressPass,  // enough, but mapped at a street address outside the polygon (小区编号 set)
  AddressFail,  // too small, mapped outside the polygon (小区编号 set)
  Two,          // two facilities inside that pass only together
  Land,         // a stand-alone day-care centre on its own plot (用地面积 > 0)
};

enum class Shape { Block, Notch, Hole, TwoParts, Large, Gated };

struct EstateSpec {
  int col, row;
  bool is_new;
  Plan plan;
  Shape shape = Shape::Block;
  double land_m2 = 0.0;    // for Plan::Land
  bool new_area = false;  // in the 东湾 new-development area (no facilities yet)
};

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

struct Estate {
  std::string id, name, kind;
  std::int64_t households = 0;
  MultiPolygon geometry;
  std::vector<Rect> parts;  // rectangles facilities may be placed in
  std::vector<Rect> keep_out;  // notch and hole, with a margin
  Rect frontage;            // the block edge a street address faces (south side)
  Point label;              // an interior point, for zone membership
  const EstateSpec* spec = nullptr;
};

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

  const Rect r = estate_rect(spec.col, spec.row, spec.shape == Shape::Large ? 2 : 1);
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
      e.geometry.push_back(Polygon{closed({{r.x0, r.y0},
                                           {r.x1, r.y0},
                                           {r.x1, r.y1 - h},
                                           {r.x1 - w, r.y1 - h},
                                           {r.x1 - w, r.y1},
                                           {r.x0, r.y1}}),
                                   {}});
      e.parts.push_back(r);
      e.keep_out.push_back(Rect{r.x1 - w - 15, r.y1 - h - 15, r.x1, r.y1});
      break;
    }
    case Shape::Hole: {
      // A kindergarten plot kept out of the estate.
      const Rect hole{r.x0 + 170, r.y0 + 30, r.x0 + 250, r.y0 + 110};
      e.geometry.push_back(Polygon{ccw_ring(r), {cw_ring(hole)}});
      e.parts.push_back(r);
      e.keep_out.push_back(Rect{hole.x0 - 15, hole.y0 - 15, hole.x1 + 15, hole.y1 + 15});
      break;
    }
    case Shape::TwoParts: {
      // Two parts either side of a 8 m lane (陈家巷) along x = block centre.
      const double lane = (e.frontage.x0 + e.frontage.x1) / 2.0;
      const Rect west{r.x0, r.y0, lane - 4, r.y1};
      const Rect east{lane + 4, r.y0, r.x1, r.y1};
      e.geometry.push_back(Polygon{ccw_ring(west), {}});
      e.geometry.push_back(Polygon{ccw_ring(east), {}});
      e.parts = {west, east};
      break;
    }
  }
  e.label = Point{half_metre((r.x0 + r.x0 + r.x1) / 3.0), half_metre(r.centre().y)};  // west of any hole
  return e;
}

// ---------------------------------------------------------------------------
// Facilities (养老服务设施).

struct Facility {
  std::string id, name, category;
  double floor_m2 = 0.0;
  double land_m2 = 0.0;
  std::string estate_id;  // 小区编号; empty: null
  Point at;
  std::optional<std::size_t> estate;  // the estate it counts for, as designed
  std::string note;                   // for the README
};

Point point_in(const Estate& e, SplitMix64& rng) {
  for (;;) {
    const auto part = static_cast<std::size_t>(rng.integer(0, static_cast<std::int64_t>(e.parts.size()) - 1));
    const Rect& r = e.parts[part];
    const double m = std::min(20.0, (r.x1 - r.x0) / 4.0);
    const Point p{half_metre(rng.uniform(r.x0 + m, r.x1 - m)), half_metre(rng.uniform(r.y0 + 20, r.y1 - 20))};
    bool blocked = false;
    for (const Rect& k : e.keep_out) blocked = blocked || k.contains(p);
    if (!blocked) return p;
  }
}

// A street address on the block's south frontage: 5 m from the road centreline,
// between the road and the estate's red line.
Point street_address(const Estate& e, SplitMix64& rng) {
  const Rect& b = e.frontage;
  return Point{half_metre(rng.uniform(b.x0 + 60, b.x1 - 60)), b.y0 + 5};
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

struct Zone {
  std::string id, name, level;
  std::optional<std::int64_t> population;
  Ring ring;
};

Ring rect_corners(double x0, double y0, double x1, double y1) { return ccw_ring(Rect{x0, y0, x1, y1}); }

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
// Roads: the walking network, OSM-style tags.

struct Road {
  std::string highway;
  std::string name;  // empty: null
  bool bridge = false;
  bool foot_no = false;
  bool private_access = false;
  std::optional<std::int64_t> layer;
  LineString line;
  std::string note;        // for the README
  bool in_estate = false;  // a service road or footway inside an estate
};

Road way(const char* highway, const char* name, LineString line) {
  Road r;
  r.highway = highway;
  r.name = name;
  r.line = std::move(line);
  return r;
}

Road bridge(const char* highway, const char* name, LineString line) {
  Road r = way(highway, name, std::move(line));
  r.bridge = true;
  r.layer = 1;
  return r;
}

std::int64_t layer_of(const Road& r) { return r.layer.value_or(0); }

bool axis_horizontal(const Point& a, const Point& b) { return a.y == b.y && a.x != b.x; }
bool axis_vertical(const Point& a, const Point& b) { return a.x == b.x && a.y != b.y; }

// Makes connections explicit: every line gets a vertex where another line on the same
// layer crosses or touches it, and where any line (whatever its layer) ends on it.
// Lines on different layers that only cross (bridge over footway, motorway over
// streets) get no common vertex.
void node_roads(std::vector<Road>& roads) {
  std::vector<Road> out = roads;
  for (std::size_t i = 0; i < roads.size(); ++i) {
    const LineString& li = roads[i].line;
    LineString noded;
    for (std::size_t s = 0; s + 1 < li.size(); ++s) {
      const Point a = li[s], b = li[s + 1];
      std::vector<Point> extra;
      for (std::size_t j = 0; j < roads.size(); ++j) {
        if (j == i) continue;
        const LineString& lj = roads[j].line;
        const bool same_layer = layer_of(roads[i]) == layer_of(roads[j]);
        for (std::size_t v = 0; v < lj.size(); ++v) {
          const bool end = v == 0 || v + 1 == lj.size();
          if ((end || same_layer) && lj[v] != a && lj[v] != b && on_segment(lj[v], a, b)) extra.push_back(lj[v]);
        }
        if (!same_layer) continue;
        for (std::size_t t = 0; t + 1 < lj.size(); ++t) {
          const Point c = lj[t], d = lj[t + 1];
          Point p;
          if (axis_horizontal(a, b) && axis_vertical(c, d)) p = Point{c.x, a.y};
          else if (axis_vertical(a, b) && axis_horizontal(c, d)) p = Point{a.x, c.y};
          else continue;
          if (p != a && p != b && on_segment(p, a, b) && on_segment(p, c, d)) extra.push_back(p);
        }
      }
      std::sort(extra.begin(), extra.end(), [&](const Point& p, const Point& q) {
        return std::abs(p.x - a.x) + std::abs(p.y - a.y) < std::abs(q.x - a.x) + std::abs(q.y - a.y);
      });
      extra.erase(std::unique(extra.begin(), extra.end()), extra.end());
      noded.push_back(a);
      noded.insert(noded.end(), extra.begin(), extra.end());
    }
    noded.push_back(li.back());
    out[i].line = std::move(noded);
  }
  roads = std::move(out);
}

// Fails loudly if the layout has two same-layer lines meeting anywhere but at a
// common vertex (a mistake in the tables below, not in the data's intent).
void check_noding(const std::vector<Road>& roads) {
  for (std::size_t i = 0; i < roads.size(); ++i)
    for (std::size_t j = i + 1; j < roads.size(); ++j) {
      if (layer_of(roads[i]) != layer_of(roads[j])) continue;
      const LineString& li = roads[i].line;
      const LineString& lj = roads[j].line;
      for (std::size_t s = 0; s + 1 < li.size(); ++s)
        for (std::size_t t = 0; t + 1 < lj.size(); ++t) {
          const Point a = li[s], b = li[s + 1], c = lj[t], d = lj[t + 1];
          const double o1 = orient(a, b, c), o2 = orient(a, b, d), o3 = orient(c, d, a), o4 = orient(c, d, b);
          bool bad = (o1 * o2 < 0 && o3 * o4 < 0);
          for (const Point& p : {c, d})
            if (p != a && p != b && on_segment(p, a, b)) bad = true;
          for (const Point& p : {a, b})
            if (p != c && p != d && on_segment(p, c, d)) bad = true;
          if (bad)
            throw Error(ErrorCode::Internal, "sample layout: road " + std::to_string(i) + " (" + roads[i].name +
                                                 ") and road " + std::to_string(j) + " (" + roads[j].name +
                                                 ") meet without a common vertex");
        }
    }
}

// Roads inside estates, as OpenStreetMap maps a 小区: a service road and footways
// among the buildings, joined to the street at gates. A gate is where a line inside
// the estate leaves it: the line runs on, across the setback strip, to a vertex on
// the street centreline (node_roads() puts that vertex into the street line too).
// Lines inside an estate cross its boundary only there. No random numbers: the
// layout follows from the estate's shape, kind and households.

enum class Side { South, North, West, East };

// The estate's internal layout, by kind, size and shape.
enum class Paths {
  None,     // small old estates (under 450 households) and the gated one (its driveway is private)
  Ring,     // new estates: a service road round the buildings, 55 m inside the red line, two gates
  Lane,     // old estates: a service lane through, west to east, and a footway from the south
  Through,  // the two-part estate: a footway through both parts, across 陈家巷
  Comb,     // the large estate: a service road through, south to north, and two cross footways
  RingBar,  // a large new-area estate: a ring road with a footway across it
  Around,   // the estate with a hole: a service road from the south gate round to the east gate
  Resettle, // the resettlement estate: a service road in from its south-west corner, on to the
            // east gate, and a footway from the west gate
};

Paths paths_of(const Estate& e) {
  const EstateSpec& spec = *e.spec;
  switch (spec.shape) {
    case Shape::Gated: return Paths::None;
    case Shape::Hole: return Paths::Around;
    case Shape::TwoParts: return Paths::Through;
    case Shape::Large: return spec.new_area ? Paths::RingBar : Paths::Comb;
    case Shape::Block:
    case Shape::Notch: break;
  }
  if (spec.is_new) return Paths::Ring;
  if (spec.new_area) return Paths::Resettle;
  return e.households < 450 ? Paths::None : Paths::Lane;
}

double whole(double v) { return std::round(v); }

struct EstateRoads {
  std::vector<Road> roads;
  std::size_t gates = 0;
};

// The estate's roads; `index` picks which sides a ring estate's two gates face.
EstateRoads estate_roads(const Estate& e, std::size_t index) {
  const EstateSpec& spec = *e.spec;
  const Rect b = e.frontage;  // the block between the street centrelines
  const Rect r = estate_rect(spec.col, spec.row, spec.shape == Shape::Large ? 2 : 1);
  const Rect top_block = block(spec.col, spec.row + (spec.shape == Shape::Large ? 1 : 0));
  EstateRoads out;
  auto add = [&](const char* highway, LineString line, std::size_t gates) {
    out.roads.push_back(way(highway, "", std::move(line)));
    out.roads.back().in_estate = true;
    out.gates += gates;
  };
  // A connector from the street on `side` to the point `inner` inside the estate.
  auto gate = [&](const char* highway, Side side, const Point& inner) {
    Point street = inner;
    switch (side) {
      case Side::South: street.y = b.y0; break;
      case Side::North: street.y = top_block.y1; break;
      case Side::West: street.x = b.x0; break;
      case Side::East: street.x = b.x1; break;
    }
    add(highway, {street, inner}, 1);
  };
  switch (paths_of(e)) {
    case Paths::None: break;
    case Paths::Ring:
    case Paths::RingBar: {
      // 55 m in: the streets outside cover the first 30-40 m, and the ring's 50 m
      // either side reach the red line and (in blocks up to 200 m deep) the middle.
      const double d = 55;
      const Rect g{r.x0 + d, r.y0 + d, r.x1 - d, r.y1 - d};
      // A notched estate's ring steps round the cut-out corner (60 m x 50 m, north-east),
      // 35 m from it, so the corner of the cut-out is within 50 m of the ring.
      const bool notch = spec.shape == Shape::Notch;
      const double east_top = notch ? r.y1 - 50 - 35 : g.y1;
      const double north_east = notch ? r.x1 - 60 - 35 : g.x1;
      if (notch)
        add("service", closed({{g.x0, g.y0}, {g.x1, g.y0}, {g.x1, east_top}, {north_east, east_top},
                               {north_east, g.y1}, {g.x0, g.y1}}), 0);
      else add("service", ccw_ring(g), 0);
      const double third = whole(g.x0 + (g.x1 - g.x0) / 3.0), two_thirds = whole(g.x0 + 2.0 * (g.x1 - g.x0) / 3.0);
      const double west_mid = whole((g.y0 + g.y1) / 2.0), east_mid = whole((g.y0 + east_top) / 2.0);
      const double north_gate = whole(g.x0 + (north_east - g.x0) / 2.0);
      if (paths_of(e) == Paths::RingBar) {
        add("footway", {{g.x0, west_mid}, {g.x1, west_mid}}, 0);
        gate("service", Side::South, {third, g.y0});
        gate("footway", Side::East, {g.x1, whole(g.y0 + 3.0 * (g.y1 - g.y0) / 4.0)});
        break;
      }
      switch (index % 3) {
        case 0:
          gate("service", Side::South, {third, g.y0});
          gate("footway", Side::North, {north_gate, g.y1});
          break;
        case 1:
          gate("service", Side::South, {two_thirds, g.y0});
          gate("footway", Side::East, {g.x1, east_mid});
          break;
        default:
          gate("service", Side::West, {g.x0, west_mid});
          gate("footway", Side::North, {north_gate, g.y1});
          break;
      }
      break;
    }
    case Paths::Lane:
    case Paths::Through: {
      // A little south of the block's middle, so lanes line up across the streets,
      // as the lanes of an old town do.
      const double y = whole(b.y0 + 0.45 * (b.y1 - b.y0));
      if (paths_of(e) == Paths::Through) {
        add("footway", {{b.x0, y}, {b.x1, y}}, 4);  // two gates to the streets, two to 陈家巷
        break;
      }
      add("service", {{b.x0, y}, {b.x1, y}}, 2);
      gate("footway", Side::South, {std::floor(b.centre().x), y});
      break;
    }
    case Paths::Comb: {
      // Crosses the footpath through the estate (noded there).
      const double x = b.centre().x;
      add("service", {{x, b.y0}, {x, top_block.y1}}, 2);
      for (const double y : {whole(r.y0 + (r.y1 - r.y0) / 4.0), whole(r.y0 + 3.0 * (r.y1 - r.y0) / 4.0)})
        add("footway", {{r.x0 + 40, y}, {r.x1 - 40, y}}, 0);
      break;
    }
    case Paths::Around: {
      // West of the hole (which starts 170 m east of the red line) and north of it
      // (it ends 68 m short of the north edge).
      const double x = r.x0 + 100, y = r.y1 - 35;
      add("service", {{x, b.y0}, {x, y}, {b.x1, y}}, 2);
      break;
    }
    case Paths::Resettle: {
      const double x = b.x0 + 50, y = whole(b.y0 + 0.45 * (b.y1 - b.y0)), y2 = whole(b.y0 + 0.75 * (b.y1 - b.y0));
      add("service", {{x, b.y0}, {x, y}, {b.x1, y}}, 2);
      add("footway", {{b.x0, y2}, {b.x0 + 200, y2}}, 1);
      break;
    }
  }
  return out;
}

std::vector<Road> make_roads(const std::vector<Estate>& estates, std::size_t& estate_lines, std::size_t& gates) {
  std::vector<Road> r;
  // Arterials: a 600 m grid of primary and secondary roads.
  r.push_back(way("secondary", "南环路", {{0, 0}, {2400, 0}}));
  r.push_back(way("secondary", "育才路", {{0, 450}, {2400, 450}}));
  r.push_back(way("primary", "港城路", {{0, 900}, {2400, 900}}));
  r.push_back(way("secondary", "北环路", {{0, 1800}, {2400, 1800}}));
  r.push_back(way("secondary", "西环路", {{0, 0}, {0, 1300}}));
  r.push_back(way("secondary", "西环路", {{0, 1400}, {0, 1800}}));
  r.push_back(way("secondary", "新华路", {{600, 0}, {600, 1300}}));
  r.push_back(bridge("secondary", "新华路", {{600, 1300}, {600, 1400}}));
  r.push_back(way("secondary", "新华路", {{600, 1400}, {600, 1800}}));
  r.push_back(way("primary", "金湾大道", {{1200, 0}, {1200, 1300}}));
  r.push_back(bridge("primary", "金湾大道", {{1200, 1300}, {1200, 1400}}));
  r.push_back(way("primary", "金湾大道", {{1200, 1400}, {1200, 1800}}));
  r.push_back(way("secondary", "兴业路", {{1800, 0}, {1800, 1300}}));
  r.push_back(bridge("secondary", "兴业路", {{1800, 1300}, {1800, 1400}}));
  {
    Road n = way("secondary", "兴业路", {{1800, 1400}, {1800, 1800}});
    r.push_back(n);
  }
  {
    Road e = way("secondary", "东环路", {{2400, 0}, {2400, 450}});
    e.foot_no = true;
    e.note = "foot=no (no footway along this stretch)";
    r.push_back(e);
  }
  r.push_back(way("secondary", "东环路", {{2400, 450}, {2400, 1300}}));
  r.push_back(way("secondary", "东环路", {{2400, 1400}, {2400, 1800}}));
  // Tertiary roads, both river banks.
  r.push_back(way("tertiary", "西园路", {{0, 1100}, {1200, 1100}}));
  r.push_back(way("tertiary", "金湾一路", {{1200, 1100}, {2100, 1100}}));
  r.push_back(way("tertiary", "滨河南路", {{0, 1300}, {2400, 1300}}));
  r.push_back(way("tertiary", "海滨路", {{0, 1400}, {2400, 1400}}));
  r.push_back(way("tertiary", "科技路", {{2100, 0}, {2100, 1300}}));
  r.push_back(way("tertiary", "科技路", {{2100, 1400}, {2100, 1800}}));
  // Local streets: blocks of about 300 m x 200-225 m.
  r.push_back(way("residential", "文昌路", {{0, 225}, {1200, 225}}));
  r.push_back(way("residential", "南湾一路", {{1200, 225}, {2100, 225}}));
  r.push_back(way("residential", "仁和路", {{0, 675}, {1200, 675}}));
  r.push_back(way("residential", "南湾二路", {{1200, 675}, {1500, 675}}));
  r.push_back(way("residential", "南湾二路", {{1800, 675}, {2100, 675}}));
  r.push_back(way("residential", "学府路", {{0, 1600}, {1200, 1600}}));
  r.push_back(way("residential", "金湾二路", {{1200, 1600}, {2100, 1600}}));
  r.push_back(way("residential", "和平街", {{300, 0}, {300, 1300}}));
  r.push_back(way("residential", "书院路", {{300, 1400}, {300, 1800}}));
  r.push_back(way("residential", "中山街", {{900, 0}, {900, 1300}}));
  const std::size_t huating = r.size();
  r.push_back(way("residential", "华庭路", {{900, 1400}, {900, 1800}}));
  r.push_back(way("residential", "海景路", {{1500, 0}, {1500, 1300}}));
  r.push_back(way("residential", "海景路", {{1500, 1400}, {1500, 1800}}));
  // Footways and paths through blocks and along the river.
  {
    Road lane = way("footway", "陈家巷", {{150, 225}, {150, 450}});
    lane.note = "lane between the two parts of a two-part estate";
    r.push_back(lane);
  }
  r.push_back(way("pedestrian", "老街", {{300, 112}, {600, 112}}));
  r.push_back(way("path", "", {{150, 1400}, {150, 1500}, {300, 1500}}));  // 滨河公园
  r.push_back(way("footway", "", {{900, 900}, {1200, 1100}}));            // park diagonal
  r.push_back(way("path", "", {{1350, 450}, {1350, 675}}));               // park path
  {
    Road through = way("footway", "", {{1500, 675}, {1800, 675}});
    through.note = "footpath through a large estate (the street stops either side)";
    r.push_back(through);
  }
  {
    Road walk = way("footway", "滨河步道", {{1500, 1300}, {1500, 1315}, {2100, 1315}, {2100, 1300}});
    walk.note = "riverside footway; passes under the 兴业路 bridge without a common vertex";
    r.push_back(walk);
  }
  {
    Road island = way("footway", "", {{380, 520}, {520, 520}, {520, 610}, {380, 610}, {380, 520}});
    island.note = "park loop connected to nothing (an island); 文昌公园长者服务站 is next to it";
    r.push_back(island);
  }
  // The motorway on a viaduct through the corridor, and its link down to 育才路.
  {
    Road m = way("motorway", "沿海高速", {{2250, -60}, {2250, 640}, {2250, 1860}});
    m.bridge = true;
    m.layer = 1;
    m.note = "viaduct: crosses every street and the river without a common vertex";
    r.push_back(m);
  }
  {
    Road link = way("motorway_link", "", {{2250, 640}, {2215, 560}, {2180, 450}});
    link.note = "joins the motorway and 育才路";
    r.push_back(link);
  }
  {
    Road s = way("service", "", {{1650, 1600}, {1650, 1700}});
    s.private_access = true;
    s.note = "access=private: the gated estate's driveway";
    r.push_back(s);
  }
  // The 东湾 new-development area: the arterials run on east of 东环路 to 东湾路 (x = 3000),
  // with 东湾一路 and 东湾二路 between the new estates.
  r.push_back(way("secondary", "南环路", {{kWidth, 0}, {kEastX, 0}}));
  r.push_back(way("secondary", "育才路", {{kWidth, 450}, {kEastX, 450}}));
  r.push_back(way("primary", "港城路", {{kWidth, kEastTop}, {kEastX, kEastTop}}));
  r.push_back(way("secondary", "东湾路", {{kEastX, 0}, {kEastX, kEastTop}}));
  r.push_back(way("residential", "东湾一路", {{2700, 0}, {2700, kEastTop}}));
  r.push_back(way("residential", "东湾二路", {{2700, 225}, {kEastX, 225}}));
  // Roads inside the estates.
  estate_lines = 0;
  gates = 0;
  for (std::size_t i = 0; i < estates.size(); ++i) {
    EstateRoads er = estate_roads(estates[i], i);
    estate_lines += er.roads.size();
    gates += er.gates;
    for (Road& road : er.roads) r.push_back(std::move(road));
  }
  node_roads(r);
  check_noding(r);
  // Cleaning cases, added after noding: a duplicated way and a zero-length way.
  Road dup = r[huating];
  dup.note = "the same line as the previous 华庭路 way (duplicate)";
  r.push_back(dup);
  Road zero = way("residential", "海景路", {{1500, 675}, {1500, 675}});
  zero.note = "zero length: two identical vertices";
  r.push_back(zero);
  return r;
}

// ---------------------------------------------------------------------------
// Output.

io::Value text_or_null(const std::string& s) { return s.empty() ? io::Value{} : io::Value{s}; }

Point moved(const Point& p, const Point& origin) { return {origin.x + p.x, origin.y + p.y}; }

MultiPolygon moved(const MultiPolygon& mp, const Point& origin) {
  MultiPolygon out = mp;
  for (Polygon& poly : out) {
    for (Point& p : poly.outer) p = moved(p, origin);
    for (Ring& h : poly.holes)
      for (Point& p : h) p = moved(p, origin);
  }
  return out;
}

LineString moved(const LineString& line, const Point& origin) {
  LineString out = line;
  for (Point& p : out) p = moved(p, origin);
  return out;
}

struct Expected {
  std::size_t new_pass = 0, new_fail = 0, old_pass = 0, old_fail = 0, without_facility = 0;
  std::string estate_rows, zone_rows;
};

Expected expected_results(const std::vector<Estate>& estates, const std::vector<Facility>& facilities,
                          const std::vector<Zone>& zones) {
  Expected x;
  for (std::size_t i = 0; i < estates.size(); ++i) {
    const Estate& e = estates[i];
    const double rate = e.spec->is_new ? 20.0 : 15.0;
    const double required = static_cast<double>(e.households) * rate / 100.0;
    double provided = 0;
    std::string ids;
    for (const Facility& f : facilities)
      if (f.estate == i) {
        provided += f.floor_m2;
        ids += (ids.empty() ? "" : ", ") + f.id;
      }
    const bool pass = round2(provided) >= round2(required);
    if (ids.empty()) ++x.without_facility;
    (e.spec->is_new ? (pass ? x.new_pass : x.new_fail) : (pass ? x.old_pass : x.old_fail))++;
    x.estate_rows += "| " + e.id + " | " + e.name + " | " + e.kind + " | " + std::to_string(e.households) + " | " +
                     fixed(required, 2) + " | " + fixed(provided, 2) + " | " + (ids.empty() ? "-" : ids) + " | " +
                     (pass ? "pass" : "fail") + " |\n";
  }
  for (const Zone& z : zones) {
    MultiPolygon mp{Polygon{z.ring, {}}};
    double from_estates = 0;
    for (const Estate& e : estates)
      if (in_multipolygon(e.label, mp)) from_estates += static_cast<double>(e.households) * kPersonsPerHousehold;
    double land = 0;
    for (const Facility& f : facilities)
      if (in_multipolygon(f.at, mp)) land += f.land_m2;
    const double population = z.population ? static_cast<double>(*z.population) : from_estates;
    const double required = population * 0.1;
    const bool pass = round2(land) >= round2(required);
    x.zone_rows += "| " + z.id + " | " + z.name + " | " + z.level + " | " + fixed(population, 0) +
                   (z.population ? " (人口)" : " (from estates)") + " | " + fixed(required, 2) + " | " +
                   fixed(land, 2) + " | " + (pass ? "pass" : "fail") + " |\n";
  }
  return x;
}

// What siting reports for the walking coverage of the generated files. The generator
// does not walk the network itself: these are copied from running
//
//   siting check --parcels geodata/sample/estates.geojson --facilities geodata/sample/facilities.geojson
//                --zones geodata/sample/zones.geojson --roads geodata/sample/roads.geojson --out out/x
//
// (siting coverage with the same inputs prints the same figures). Update them
// whenever the layout, the facilities or the households change, or siting's way of
// computing them: tests/sample_test.cpp fails when they no longer match.
struct CoverageTier {
  const char* minutes;
  const char* households;  // covered, of all
  const char* share;
  const char* area_share;
};
const std::vector<CoverageTier> kExpectedTiers = {
    {"5", "40408 of 53827", "75.1%", "64.1%"},
    {"10", "44563 of 53827", "82.8%", "79.7%"},
    {"15", "45484 of 53827", "84.5%", "80.6%"},
};
constexpr const char* kExpectedGapParcels = "19";
constexpr const char* kExpectedLeftOut = "10729";
constexpr const char* kExpectedNetwork =
    "351 vertices, 489 edges, 2 components; facilities off the network 1 (F31), on islands 1 (F34)";
// Per 街道 and for the new area's 社区, as zones_coverage.csv gives them: households
// share within 5 minutes; households covered, households share and area share within 15.
const std::vector<std::vector<const char*>> kExpectedZones = {
    {"JD01", "西园街道", "0.8848", "5953 of 5953", "1.0000", "0.7935"},
    {"JD02", "滨河街道", "0.8615", "13042 of 13042", "1.0000", "0.9581"},
    {"JD03", "南湾街道", "0.5485", "12177 of 20520", "0.5934", "0.6209"},
    {"JD04", "金湾街道", "0.8838", "14312 of 14312", "1.0000", "0.9652"},
    {"SQ13", "东湾社区", "0.0000", "921 of 9264", "0.0994", "0.0466"},
};

std::string readme(const std::vector<Estate>& estates, const std::vector<Facility>& facilities,
                   const std::vector<Zone>& zones, const std::vector<Road>& roads, std::size_t estate_lines,
                   std::size_t gates, const Point& origin) {
  std::size_t n_new = 0, n_area = 0;
  std::map<Paths, std::size_t> styles;
  std::vector<std::string> area_list;
  for (const Estate& e : estates) {
    n_new += e.spec->is_new ? 1U : 0U;
    styles[paths_of(e)]++;
    if (e.spec->new_area) {
      ++n_area;
      area_list.push_back("  - " + e.id + " " + e.name + " (" + e.kind + ", " + std::to_string(e.households) +
                          " households, " + (e.spec->is_new ? "high-rise" : "resettlement housing") + ")");
    }
  }
  std::string area_ids;
  for (std::size_t i = 0; i < area_list.size(); ++i) area_ids += area_list[i] + (i + 1 < area_list.size() ? ";\n" : ".\n");
  std::map<std::string, std::size_t> estate_highways;
  for (const Road& r : roads)
    if (r.in_estate) estate_highways[r.highway]++;
  std::map<std::string, std::size_t> levels, highways, categories;
  for (const Zone& z : zones) levels[z.level]++;
  for (const Road& r : roads) highways[r.highway]++;
  for (const Facility& f : facilities) categories[f.category]++;
  std::size_t in_estates = 0, with_id = 0, outside = 0;
  for (const Facility& f : facilities) {
    if (!f.estate_id.empty()) ++with_id;
    else if (f.estate) ++in_estates;
    else ++outside;
  }
  const Expected x = expected_results(estates, facilities, zones);

  std::ostringstream s;
  s << "# Sample district 示例新城 (synthetic)\n\n"
    << "Made-up data for trying the tool, documentation and tests: a fictional Guangdong new town,\n"
    << "示例新城, about 2.4 km x 1.8 km centred near 113.52°E, 22.80°N, with a new-development area of\n"
    << "0.6 km x 0.9 km on its south-east side. It is **not** a real place.\n"
    << "Every file here, this README included, is written by\n\n"
    << "    build/release/siting-make-sample --out geodata/sample\n\n"
    << "from `tools/make_sample.cpp` (splitmix64 generator, seed " << kSeed << "). Running it again gives\n"
    << "byte-identical files; change the generator, not the files.\n\n"
    << "The generator lays the district out in EPSG:" << kWorkingEpsg << " (CGCS2000 / 3-degree Gauss-Kruger CM 114E)\n"
    << "on whole and half metres, with the south-west corner at x = " << fixed(origin.x, 0) << ", y = "
    << fixed(origin.y, 0) << ";\n"
    << "the files are GeoJSON (RFC 7946: WGS 84 longitude/latitude, 7 decimals). Layer names are the file stems.\n"
    << "Field names are Chinese, as a Guangdong bureau would deliver them. (Polygons are written as\n"
    << "MultiPolygons; GDAL's GeoJSON writer stores the single-part ones as Polygon.)\n\n"
    << "## Files\n\n"
    << "| file | geometry | fields |\n|---|---|---|\n"
    << "| `estates.geojson` | Polygon (one MultiPolygon) | `编号` (E01...), `名称`, `类型` (新建 / 已建 / 老旧), `户数` (integer) |\n"
    << "| `facilities.geojson` | Point | `编号` (F01...), `名称`, `设施类型`, `建筑面积` (m², real), `用地面积` (m², "
       "real; 0 for rooms in residential buildings), `小区编号` (estate id, or null) |\n"
    << "| `zones.geojson` | Polygon | `编号`, `名称`, `级别` (区 / 街道 / 社区), `人口` (integer or null) |\n"
    << "| `roads.geojson` | LineString | `highway` (OSM values), `name`, `bridge` (yes / null), `foot` (no / null), "
       "`access` (private / null), `layer` (integer or null) |\n\n"
    << "## Counts\n\n"
    << "| what | count |\n|---|---|\n"
    << "| estates | " << estates.size() << " |\n"
    << "| - new (新建) | " << n_new << " |\n"
    << "| - old (已建 / 老旧) | " << estates.size() - n_new << " |\n"
    << "| - in the 东湾 new-development area | " << n_area << " |\n"
    << "| - with service roads or footways inside | " << estates.size() - styles[Paths::None] << " |\n"
    << "| facilities | " << facilities.size() << " |\n"
    << "| - inside an estate polygon | " << in_estates << " |\n"
    << "| - with `小区编号` (outside the polygon; one names E99) | " << with_id << " |\n"
    << "| - in no estate, no `小区编号` (count for zones only) | " << outside << " |\n";
  for (const auto& [category, n] : categories) s << "| - " << category << " | " << n << " |\n";
  s << "| zones | " << zones.size() << " |\n";
  for (const char* level : {"区", "街道", "社区"}) s << "| - " << level << " | " << levels[level] << " |\n";
  s << "| road lines | " << roads.size() << " |\n";
  for (const auto& [highway, n] : highways) s << "| - highway=" << highway << " | " << n << " |\n";
  s << "| road lines inside estates (from the street at a gate) | " << estate_lines << " |\n";
  for (const auto& [highway, n] : estate_highways) s << "| - highway=" << highway << " | " << n << " |\n";
  s << "| gates (where a line inside an estate leaves it for a street or lane) | " << gates << " |\n";
  s << "\n## Layout\n\n"
    << "- Arterials on a 600 m grid (金湾大道 and 港城路 primary, the rest secondary) and local streets\n"
    << "  make blocks of 300 m x 200-225 m. Estates are the blocks between the streets, set\n"
    << "  back 10-20 m from the centrelines (more for bigger roads), so no street runs inside an estate;\n"
    << "  only the footpath through the large estate, the private driveway into the gated one and the\n"
    << "  estates' own roads do.\n"
    << "- Inside the estates, as OpenStreetMap maps a 小区: service roads and footways among the\n"
    << "  buildings (highway=service / footway, no access tag), joined to the streets at gates. A gate is\n"
    << "  where such a line leaves the estate: it runs on across the setback to a vertex it shares with\n"
    << "  the street line. Lines inside an estate cross its red line nowhere else. By kind:\n"
    << "  - " << styles[Paths::Ring] << " new estates: a ring road 55 m inside the red line (stepping round a cut-out\n"
    << "    corner), with a service gate and a footway gate on two sides;\n"
    << "  - " << styles[Paths::Lane] << " old estates of 450 households or more: a service lane through, west to east\n"
    << "    (the lanes line up across the streets), and a footway in from the south;\n"
    << "  - the two-part estate: a footway through both parts, across 陈家巷; the large estate: a service\n"
    << "    road through, south to north, across the footpath through it, and two cross footways; the\n"
    << "    estate with a hole: a service road round the hole from its south gate to its east gate;\n"
    << "  - in the new-development area, the large estate has a ring road with a footway across it and the\n"
    << "    resettlement estate a service road in from its south-west corner and a footway from the west;\n"
    << "  - " << styles[Paths::None] << " estates have none: the small old ones (under 450 households), which rely on the\n"
    << "    streets round them, and the gated one, whose only road inside is its private driveway.\n"
    << "  So most estate land is within 50 m of a walkable line (siting's default `--lateral`); the small\n"
    << "  old estates, the gated one and the middle of the old estates' blocks are not.\n"
    << "- Old estates are in the old town west of 金湾大道 and south of the river (西园街道 and the\n"
    << "  south bank of 滨河街道); new ones fill the rest. The strip east of 科技路 is the motorway\n"
    << "  corridor (logistics and green land, no estates). Other blocks are schools, parks, markets,\n"
    << "  a hospital and vacant land.\n"
    << "- The 东湾 new-development area lies east of 东环路 (x = 2400-3000 m) and south of 港城路\n"
    << "  (y = 0-900 m). 南环路, 育才路 and 港城路 run on to 东湾路 (x = 3000 m); 东湾一路 (x = 2700 m) and\n"
    << "  东湾二路 (y = 225 m) are its local streets. There is no elderly-care facility in it: the\n"
    << "  high-rise estates east of 东湾一路 were handed over before any was built, and their gates are\n"
    << "  more than 15 minutes' walk (810 m at 0.9 m/s) from every facility; the resettlement estate\n"
    << "  (安置区) by 东环路 is reached in 10-15 minutes. The rest of the area is a school site and land\n"
    << "  not yet built on. Its estates:\n"
    << area_ids
    << "- A river runs west to east between 滨河南路 (y = 1300 m) and 海滨路 (y = 1400 m); there is no\n"
    << "  line for the water. Three bridges (新华路, 金湾大道, 兴业路; bridge=yes, layer=1) join the banks.\n"
    << "- Zones tile the district without gaps or overlaps within a level, along road centrelines and\n"
    << "  the river's centreline: 1 区 (L-shaped, with the new area), 4 街道 (quarters split by 金湾大道 and\n"
    << "  港城路; 南湾街道 takes in the new area), 3 社区 per 街道 and a fourth, 东湾社区 (the new area), in\n"
    << "  南湾街道. Rings that share a boundary share every vertex. 人口 is given for the 区 and for 西园街道\n"
    << "  and 南湾街道; it is null for the other two 街道 and all 社区, so the tool derives it from estates.\n"
    << "  The 区 total is larger than the estates imply, as real district totals include people\n"
    << "  outside estates.\n\n"
    << "## Special cases\n\n"
    << "Estates:\n\n"
    << "- one estate with a hole (a kindergarten plot kept out), one of two parts either side of a\n"
    << "  lane (陈家巷), three with a corner plot cut out, one large estate over two blocks with a\n"
    << "  footpath through it, one gated estate with a private driveway;\n"
    << "- " << x.without_facility << " estates with no facility at all (" << n_area << " of them in the new-development area).\n\n"
    << "Facilities:\n\n";
  for (const Facility& f : facilities)
    if (!f.note.empty()) s << "- " << f.id << " " << f.name << ": " << f.note << ";\n";
  s << "- the rest sit inside their estate's polygon with `小区编号` null.\n\n"
    << "Roads (a walking network must cope with these; features numbered from 0 in file order):\n\n";
  for (std::size_t i = 0; i < roads.size(); ++i)
    if (!roads[i].note.empty())
      s << "- feature " << i << " (" << roads[i].highway << (roads[i].name.empty() ? "" : " " + roads[i].name)
        << "): " << roads[i].note << ";\n";
  s << "- bridges end on vertices of the riverside roads; the motorway shares a vertex only with\n"
    << "  its link, and the link with 育才路. Everything else meets at common vertices (lines inside\n"
    << "  estates: at their gates, where they meet each other, and where they cross a footpath).\n\n"
    << "## Expected results (guangdong rules)\n\n"
    << "Estates need 20 m² (新建) or 15 m² (已建 / 老旧) of facility floor area per 100 households;\n"
    << "facilities count for the estate named by `小区编号`, else for the estate they lie in.\n"
    << "New estates: " << x.new_pass << " pass, " << x.new_fail << " fail; old estates: " << x.old_pass
    << " pass, " << x.old_fail << " fail.\n\n"
    << "| 编号 | 名称 | 类型 | 户数 | required m² | provided m² | facilities | verdict |\n"
    << "|---|---|---|---|---|---|---|---|\n"
    << x.estate_rows << "\n"
    << "Zones need 0.1 m² of facility land (`用地面积`) per resident; without `人口`, residents are\n"
    << "households x 2.62 of the estates inside the zone.\n\n"
    << "| 编号 | 名称 | 级别 | residents | required m² | provided m² | verdict |\n"
    << "|---|---|---|---|---|---|---|\n"
    << x.zone_rows << "\n"
    << "## Expected coverage (15-minute service circle, guangdong rules)\n\n"
    << "Walks over the street network at 0.9 m/s from each estate's gates (or, without roads inside,\n"
    << "its nearest boundary point) to the nearest facility; the service area is the reached streets\n"
    << "widened 50 m either side. With `--roads geodata/sample/roads.geojson`, `siting check` and\n"
    << "`siting coverage` report (target: 90% of households within 15 minutes):\n\n"
    << "| within | households | share | residential area |\n|---|---|---|---|\n";
  for (const CoverageTier& t : kExpectedTiers)
    s << "| " << t.minutes << " min | " << t.households << " | " << t.share << " | " << t.area_share << " |\n";
  s << "\nTarget not met. Gaps (land outside the 15-minute service area): " << kExpectedGapParcels
    << " parcels, " << kExpectedLeftOut << " households left out\n"
    << "(households times the share of the parcel's land outside). The largest are the new-development\n"
    << "area's three high-rise estates, outside the circle altogether, and most of its resettlement estate,\n"
    << "whose south gate is reached at 13.8 minutes. The rest are the small old estates and the gated one\n"
    << "(no walkable road inside), the parts of the old estates' blocks away from their lanes, and corners\n"
    << "of the estate with a hole and of the large estate.\n"
    << "Network: " << kExpectedNetwork << ";\n"
    << "the motorway and its link are dropped by highway type, and the foot=no stretch and the private\n"
    << "driveway by their tags.\n\n"
    << "Per 街道, and for the new area's 社区 (`zones_coverage.csv`):\n\n"
    << "| 编号 | 名称 | households share, 5 min | households within 15 min | share | area share |\n"
    << "|---|---|---|---|---|---|\n";
  for (const auto& z : kExpectedZones)
    s << "| " << z[0] << " | " << z[1] << " | " << z[2] << " | " << z[3] << " | " << z[4] << " | " << z[5] << " |\n";
  s << "\nTry it:\n\n"
    << "    siting check --parcels geodata/sample/estates.geojson \\\n"
    << "                 --facilities geodata/sample/facilities.geojson \\\n"
    << "                 --zones geodata/sample/zones.geojson --out out/sample\n\n"
    << "and with the walking coverage and gap map:\n\n"
    << "    siting check --parcels geodata/sample/estates.geojson \\\n"
    << "                 --facilities geodata/sample/facilities.geojson \\\n"
    << "                 --zones geodata/sample/zones.geojson \\\n"
    << "                 --roads geodata/sample/roads.geojson --out out/sample\n";
  return s.str();
}

// ---------------------------------------------------------------------------
// Proposals (报建方案) for `siting review`: estates a developer asks a permit for,
// on land not yet built on, each in a file of its own holding the phase polygons
// and the planned facility points, with the fields a submission carries. They are
// not part of the layers above: a review reads those as its context. No random
// numbers: every figure is chosen so that the review's outcome is clear.

struct ProposalPhase {
  int number;
  std::string kind;  // 类型
  std::int64_t households;
  Rect r;
};

struct PlannedFacility {
  std::string id, name, category;
  double floor_m2, land_m2;
  int floor;  // 1 = ground floor, -1 = first basement
  bool lift, entrance;
  int phase;
  bool planned, built, accepted, handed_over;  // 四同步
  Point at;
};

struct ProposalSpec {
  std::string id, name;
  std::vector<ProposalPhase> phases;
  std::vector<PlannedFacility> facilities;
  std::string where;   // for the README
  std::string intent;  // for the README
};

const std::vector<ProposalSpec> kProposals = {
    // West of 东湾一路 between 南环路 and 育才路; the strip between it and 东环路
    // (x = 2400-2550) is the school site. Its phases are nearest 东湾一路 (10 m), so
    // they are reached only from it, beyond 15 minutes of every existing facility.
    // The day-care centre stands on a plot of its own in phase 1, 40 m from 东湾一路.
    {"P-01",
     "东湾雅苑",
     {{1, "新建", 900, Rect{2555, 15, 2690, 220}}, {2, "新建", 800, Rect{2555, 230, 2690, 435}}},
     {{"P01-A", "东湾雅苑日间照料中心", "日间照料中心", 420, 3500, 1, false, true, 1, true, true, true, true,
       Point{2660, 120}}},
     "东湾, between 东湾一路 and the school site, 南环路 to 育才路",
     "pass: a day-care centre in phase 1 on the ground floor, enough floor area, and a plot that makes up "
     "南湾街道's shortfall of land; both phases are beyond 15 minutes of every existing facility, and the "
     "centre's circle also takes in E37-E40"},
    // The block east of 兴业路 between 南环路 and 南湾一路, across 南湾一路 from F35.
    {"P-02",
     "南湾名邸",
     {{1, "新建", 700, Rect{1815, 15, 1945, 215}}, {2, "新建", 500, Rect{1955, 15, 2088, 215}}},
     {{"P02-A", "南湾名邸社区养老服务站", "社区养老服务站", 130, 0, -1, true, false, 2, true, true, true, false,
       Point{2020, 100}},
      {"P02-B", "南湾名邸长者饭堂", "长者饭堂", 80, 0, 3, false, true, 2, true, true, true, true, Point{1990, 60}}},
     "the block east of 兴业路, 南环路 to 南湾一路",
     "fail: too little floor area, the station in the basement, the canteen on floor 3 without a lift, both in "
     "the last phase after 58% of the households, the station not handed over with the housing (同步交付 否), "
     "and no land"},
    // The block east of 金湾大道 between 金湾一路 and 滨河南路.
    {"P-03",
     "金湾翠庭",
     {{1, "新建", 1200, Rect{1220, 1112, 1490, 1288}}},
     {{"P03-A", "金湾翠庭日间照料中心", "日间照料中心", 320, 2500, 1, false, true, 1, true, true, true, true,
       Point{1260, 1150}}},
     "the block east of 金湾大道, 金湾一路 to 滨河南路",
     "pass under guangdong (20 m2 per 100 households), fail under anhui (30 m2 per 100 households and 350 m2 "
     "per facility)"},
};

bool overlaps(const Rect& a, const Rect& b) { return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1; }

// Fails loudly if a proposal was laid out over an estate, or a facility outside
// the phase it is built in (mistakes in the table above).
void check_proposals(const std::vector<ProposalSpec>& proposals, const std::vector<Estate>& estates) {
  for (const ProposalSpec& p : proposals) {
    for (const ProposalPhase& ph : p.phases)
      for (const Estate& e : estates) {
        const Rect whole_estate = estate_rect(e.spec->col, e.spec->row, e.spec->shape == Shape::Large ? 2 : 1);
        if (overlaps(ph.r, whole_estate))
          throw Error(ErrorCode::Internal, "sample layout: proposal " + p.id + " overlaps estate " + e.id);
      }
    for (const PlannedFacility& f : p.facilities) {
      bool inside = false;
      for (const ProposalPhase& ph : p.phases) inside = inside || (ph.number == f.phase && ph.r.contains(f.at));
      if (!inside)
        throw Error(ErrorCode::Internal, "sample layout: facility " + f.id + " is not inside phase " +
                                             std::to_string(f.phase) + " of " + p.id);
    }
  }
}

io::Value yes_no(bool b) { return io::Value{std::string(b ? "是" : "否")}; }

io::Table proposal_table(const ProposalSpec& p, const Point& origin) {
  io::Table t;
  t.name = p.id;
  for (const char* c : {"项目编号", "项目名称"}) t.add_column(c, io::ColumnType::String);
  t.add_column("期数", io::ColumnType::Integer);
  t.add_column("类型", io::ColumnType::String);
  t.add_column("户数", io::ColumnType::Integer);
  for (const char* c : {"编号", "名称", "设施类型"}) t.add_column(c, io::ColumnType::String);
  t.add_column("建筑面积", io::ColumnType::Real, 1);
  t.add_column("用地面积", io::ColumnType::Real, 1);
  t.add_column("楼层", io::ColumnType::Integer);
  for (const char* c : {"电梯", "独立出入口", "同步规划", "同步建设", "同步验收", "同步交付"})
    t.add_column(c, io::ColumnType::String);
  const io::Value null;
  for (const ProposalPhase& ph : p.phases) {
    t.rows.push_back({p.id, p.name, std::int64_t{ph.number}, ph.kind, ph.households, null, null, null, null, null,
                      null, null, null, null, null, null, null});
    t.geometries.emplace_back(moved(MultiPolygon{Polygon{ccw_ring(ph.r), {}}}, origin));
  }
  for (const PlannedFacility& f : p.facilities) {
    t.rows.push_back({p.id, null, std::int64_t{f.phase}, null, null, f.id, f.name, f.category, f.floor_m2, f.land_m2,
                      std::int64_t{f.floor}, yes_no(f.lift), yes_no(f.entrance), yes_no(f.planned), yes_no(f.built),
                      yes_no(f.accepted), yes_no(f.handed_over)});
    t.geometries.emplace_back(moved(f.at, origin));
  }
  return t;
}

// What `siting review` reports for the proposals against the sample (copied from
// running the commands in the README section below; update them when the
// proposals or the layers change).
struct ExpectedReview {
  const char* id;
  const char* guangdong;  // verdict and failed checks
  const char* anhui;
  const char* coverage;   // households within 15 minutes: with the proposal; existing facilities alone
};
const std::vector<ExpectedReview> kExpectedReviews = {
    {"P-01", "pass", "fail: quantity", "100.0%; 0.0%"},
    {"P-02", "fail: quantity, not_underground, lift, phasing, zone_land.区, zone_land.街道, sync.handed_over",
     "fail: quantity, min_single_facility, not_underground, lift, independent_entrance, phasing, zone_land.区, "
     "zone_land.街道, sync.handed_over",
     "100.0%; 100.0% (F35)"},
    {"P-03", "pass", "fail: quantity, min_single_facility", "100.0%; 100.0%"},
};

std::string proposals_readme(const std::vector<ProposalSpec>& proposals) {
  std::ostringstream s;
  s << "\n## Proposals (for `siting review`)\n\n"
    << "`proposals/` holds " << proposals.size() << " planning-permit proposals (报建方案) on land not yet built on,\n"
    << "as a developer would submit them: one GeoJSON FeatureCollection each, with the estate's phase\n"
    << "polygons (`项目编号`, `项目名称`, `期数`, `类型`, `户数`) and its planned facility points (`项目编号`,\n"
    << "`编号`, `名称`, `设施类型`, `建筑面积`, `用地面积`, `楼层` (1 = ground floor, -1 = first basement),\n"
    << "`电梯`, `独立出入口`, `期数`, `同步规划`, `同步建设`, `同步验收`, `同步交付`; yes/no as 是/否).\n"
    << "They are not in the layers above: a review reads those as its context.\n\n"
    << "| file | 项目名称 | where | phases: 户数 | facilities | designed to |\n|---|---|---|---|---|---|\n";
  for (const ProposalSpec& p : proposals) {
    std::string phases, facs;
    for (const ProposalPhase& ph : p.phases)
      phases += (phases.empty() ? "" : ", ") + std::to_string(ph.number) + ": " + std::to_string(ph.households) + " " +
                ph.kind;
    for (const PlannedFacility& f : p.facilities)
      facs += (facs.empty() ? "" : "; ") + f.id + " " + f.category + ", " + fixed(f.floor_m2, 0) + " m², land " +
              fixed(f.land_m2, 0) + " m², floor " + std::to_string(f.floor) + ", phase " + std::to_string(f.phase);
    s << "| `" << p.id << ".geojson` | " << p.name << " | " << p.where << " | " << phases << " | " << facs << " | "
      << p.intent << " |\n";
  }
  s << "\nThe district is short of elderly-care land (16000 m² required, 13900 m² provided), and so is\n"
    << "南湾街道 (4200, 1500): the review asks whether each zone holding a proposal meets the land rule\n"
    << "with the proposal's residents and land counted, so a proposal there must bring that land.\n\n"
    << "Reviewed with the layers above as context (`siting review --proposal geodata/sample/proposals\n"
    << "--facilities geodata/sample/facilities.geojson --zones geodata/sample/zones.geojson\n"
    << "--roads geodata/sample/roads.geojson --out out/review`, exit code 1 as one fails):\n\n"
    << "| proposal | guangdong | anhui (`--rules anhui`) | households within 15 min: with it; existing facilities alone |\n"
    << "|---|---|---|---|\n";
  for (const ExpectedReview& r : kExpectedReviews)
    s << "| " << r.id << " | " << r.guangdong << " | " << r.anhui << " | " << r.coverage << " |\n";
  s << "\nWithout `--parcels`, the land check of a zone with no `人口` (the 社区) is not evaluated; with\n"
    << "`--parcels geodata/sample/estates.geojson` the estates give its population, and P-02 also fails\n"
    << "zone_land.社区 (南湾社区). With P-01's day-care centre added to the facilities, `siting coverage`\n"
    << "puts E37, E38 and E40 within 10 minutes and every household of 东湾社区 within 15.\n";
  return s.str();
}

void write_sample(const std::string& dir) {
  const crs::Crs working = crs::Crs::Epsg(kWorkingEpsg);
  Point centre{kCentreLon, kCentreLat};
  crs::Transform(crs::Crs::Epsg(4326), working).apply(centre);
  const Point origin{std::round(centre.x) - kWidth / 2.0, std::round(centre.y) - kHeight / 2.0};

  SplitMix64 rng(kSeed);
  std::vector<Estate> estates;
  std::size_t old_n = 0, new_n = 0;
  for (std::size_t i = 0; i < kEstates.size(); ++i) {
    estates.push_back(make_estate(kEstates[i], i, old_n, new_n, rng));
    (kEstates[i].is_new ? new_n : old_n)++;
  }
  const std::vector<Facility> facilities = make_facilities(estates, rng);
  // The new-development area's estates, drawn after the facilities (they have none).
  std::size_t area_n = 0;
  for (const EstateSpec& spec : kNewAreaEstates) estates.push_back(make_estate(spec, estates.size(), 0, area_n++, rng));
  const std::vector<Zone> zones = make_zones();
  std::size_t estate_lines = 0, gates = 0;
  const std::vector<Road> roads = make_roads(estates, estate_lines, gates);

  io::Table et;
  et.name = "estates";
  et.add_column("编号", io::ColumnType::String);
  et.add_column("名称", io::ColumnType::String);
  et.add_column("类型", io::ColumnType::String);
  et.add_column("户数", io::ColumnType::Integer);
  for (const Estate& e : estates) {
    et.rows.push_back({e.id, e.name, e.kind, e.households});
    et.geometries.emplace_back(moved(e.geometry, origin));
  }

  io::Table ft;
  ft.name = "facilities";
  ft.add_column("编号", io::ColumnType::String);
  ft.add_column("名称", io::ColumnType::String);
  ft.add_column("设施类型", io::ColumnType::String);
  ft.add_column("建筑面积", io::ColumnType::Real, 1);
  ft.add_column("用地面积", io::ColumnType::Real, 1);
  ft.add_column("小区编号", io::ColumnType::String);
  for (const Facility& f : facilities) {
    ft.rows.push_back({f.id, f.name, f.category, f.floor_m2, f.land_m2, text_or_null(f.estate_id)});
    ft.geometries.emplace_back(moved(f.at, origin));
  }

  io::Table zt;
  zt.name = "zones";
  zt.add_column("编号", io::ColumnType::String);
  zt.add_column("名称", io::ColumnType::String);
  zt.add_column("级别", io::ColumnType::String);
  zt.add_column("人口", io::ColumnType::Integer);
  for (const Zone& z : zones) {
    zt.rows.push_back({z.id, z.name, z.level, z.population ? io::Value{*z.population} : io::Value{}});
    zt.geometries.emplace_back(moved(MultiPolygon{Polygon{z.ring, {}}}, origin));
  }

  io::Table rt;
  rt.name = "roads";
  rt.add_column("highway", io::ColumnType::String);
  rt.add_column("name", io::ColumnType::String);
  rt.add_column("bridge", io::ColumnType::String);
  rt.add_column("foot", io::ColumnType::String);
  rt.add_column("access", io::ColumnType::String);
  rt.add_column("layer", io::ColumnType::Integer);
  for (const Road& r : roads) {
    rt.rows.push_back({r.highway, text_or_null(r.name), r.bridge ? io::Value{std::string("yes")} : io::Value{},
                       r.foot_no ? io::Value{std::string("no")} : io::Value{},
                       r.private_access ? io::Value{std::string("private")} : io::Value{},
                       r.layer ? io::Value{*r.layer} : io::Value{}});
    rt.geometries.emplace_back(moved(r.line, origin));
  }

  check_proposals(kProposals, estates);

  io::OutputDir out(dir, {}, io::OutputDirOptions{false});  // a source folder: no manifest
  for (const io::Table* t : {&et, &ft, &zt, &rt}) io::write_geojson(*t, working, out.stage(t->name + ".geojson"));
  for (const ProposalSpec& p : kProposals)
    io::write_geojson(proposal_table(p, origin), working, out.stage("proposals/" + p.id + ".geojson"));
  io::write_text(readme(estates, facilities, zones, roads, estate_lines, gates, origin) + proposals_readme(kProposals),
                 out.stage("README.md"));
  out.commit();

  std::cout << "wrote " << dir << ": " << estates.size() << " estates, " << facilities.size() << " facilities, "
            << zones.size() << " zones, " << roads.size() << " road lines, " << kProposals.size()
            << " proposals (seed " << kSeed << ")\n";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"siting-make-sample: writes the synthetic sample district 示例新城 (estates, facilities,\n"
               "zones and roads as GeoJSON, three proposals in proposals/, plus README.md) into a folder.\n"
               "The output depends only on the built-in seed, so every run gives byte-identical files."};
  std::string out_dir;
  app.add_option("--out", out_dir, "output folder (created if missing; files replaced)")
      ->type_name("DIR")
      ->required();
  app.footer("\nExample:\n  siting-make-sample --out geodata/sample");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : siting::exit_code(siting::ErrorCode::Usage);
  }
  try {
    write_sample(out_dir);
  } catch (const siting::Error& e) {
    std::cerr << "siting-make-sample: " << e.what() << "\n";
    return e.exit_code();
  } catch (const std::exception& e) {
    std::cerr << "siting-make-sample: " << e.what() << "\n";
    return siting::exit_code(siting::ErrorCode::Internal);
  }
  return 0;
}
