// SPDX-License-Identifier: Apache-2.0
// The sample district's roads: the streets, the roads inside the estates (from
// each estate's kind and shape, no random numbers) and the cases a walking network
// must cope with (bridges, a motorway viaduct, an island, foot=no, access=private,
// a duplicate and a zero-length way), noded as OpenStreetMap nodes ways.

#include <cmath>

#include "sample/district.hpp"
#include "siting/error.hpp"

namespace siting::tools::sample {
namespace {

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
      const std::vector<Point> piece = split_at(a, b, extra);
      noded.insert(noded.end(), piece.begin(), piece.end());
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

}  // namespace

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

namespace {

// Roads inside estates, as OpenStreetMap maps a 小区: a service road and footways
// among the buildings, joined to the street at gates. A gate is where a line inside
// the estate leaves it: the line runs on, across the setback strip, to a vertex on
// the street centreline (node_roads() puts that vertex into the street line too).
// Lines inside an estate cross its boundary only there. No random numbers: the
// layout follows from the estate's shape, kind and households.

enum class Side { South, North, West, East };

double whole(double v) { return std::round(v); }

struct EstateRoads {
  std::vector<Road> roads;
  std::size_t gates = 0;
};

// The estate's roads; `index` picks which sides a ring estate's two gates face.
EstateRoads estate_roads(const Estate& e, std::size_t index) {
  const EstateSpec& spec = *e.spec;
  const Box b = e.frontage;  // the block between the street centrelines
  const Box r = estate_rect(spec);
  const Box top_block = block(spec.col, spec.row + (spec.shape == Shape::Large ? 1 : 0));
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
      case Side::South: street.y = b.min_y; break;
      case Side::North: street.y = top_block.max_y; break;
      case Side::West: street.x = b.min_x; break;
      case Side::East: street.x = b.max_x; break;
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
      const Box g{r.min_x + d, r.min_y + d, r.max_x - d, r.max_y - d};
      // A notched estate's ring steps round the cut-out corner (60 m x 50 m, north-east),
      // 35 m from it, so the corner of the cut-out is within 50 m of the ring.
      const bool notch = spec.shape == Shape::Notch;
      const double east_top = notch ? r.max_y - 50 - 35 : g.max_y;
      const double north_east = notch ? r.max_x - 60 - 35 : g.max_x;
      if (notch)
        add("service", closed({{g.min_x, g.min_y}, {g.max_x, g.min_y}, {g.max_x, east_top}, {north_east, east_top},
                               {north_east, g.max_y}, {g.min_x, g.max_y}}), 0);
      else add("service", ccw_ring(g), 0);
      const double third = whole(g.min_x + (g.max_x - g.min_x) / 3.0);
      const double two_thirds = whole(g.min_x + 2.0 * (g.max_x - g.min_x) / 3.0);
      const double west_mid = whole((g.min_y + g.max_y) / 2.0), east_mid = whole((g.min_y + east_top) / 2.0);
      const double north_gate = whole(g.min_x + (north_east - g.min_x) / 2.0);
      if (paths_of(e) == Paths::RingBar) {
        add("footway", {{g.min_x, west_mid}, {g.max_x, west_mid}}, 0);
        gate("service", Side::South, {third, g.min_y});
        gate("footway", Side::East, {g.max_x, whole(g.min_y + 3.0 * (g.max_y - g.min_y) / 4.0)});
        break;
      }
      switch (index % 3) {
        case 0:
          gate("service", Side::South, {third, g.min_y});
          gate("footway", Side::North, {north_gate, g.max_y});
          break;
        case 1:
          gate("service", Side::South, {two_thirds, g.min_y});
          gate("footway", Side::East, {g.max_x, east_mid});
          break;
        default:
          gate("service", Side::West, {g.min_x, west_mid});
          gate("footway", Side::North, {north_gate, g.max_y});
          break;
      }
      break;
    }
    case Paths::Lane:
    case Paths::Through: {
      // A little south of the block's middle, so lanes line up across the streets,
      // as the lanes of an old town do.
      const double y = whole(b.min_y + 0.45 * (b.max_y - b.min_y));
      if (paths_of(e) == Paths::Through) {
        add("footway", {{b.min_x, y}, {b.max_x, y}}, 4);  // two gates to the streets, two to 陈家巷
        break;
      }
      add("service", {{b.min_x, y}, {b.max_x, y}}, 2);
      gate("footway", Side::South, {std::floor(centre(b).x), y});
      break;
    }
    case Paths::Comb: {
      // Crosses the footpath through the estate (noded there).
      const double x = centre(b).x;
      add("service", {{x, b.min_y}, {x, top_block.max_y}}, 2);
      const double depth = r.max_y - r.min_y;
      for (const double y : {whole(r.min_y + depth / 4.0), whole(r.min_y + 3.0 * depth / 4.0)})
        add("footway", {{r.min_x + 40, y}, {r.max_x - 40, y}}, 0);
      break;
    }
    case Paths::Around: {
      // West of the hole (which starts 170 m east of the red line) and north of it
      // (it ends 68 m short of the north edge).
      const double x = r.min_x + 100, y = r.max_y - 35;
      add("service", {{x, b.min_y}, {x, y}, {b.max_x, y}}, 2);
      break;
    }
    case Paths::Resettle: {
      const double x = b.min_x + 50, y = whole(b.min_y + 0.45 * (b.max_y - b.min_y));
      const double y2 = whole(b.min_y + 0.75 * (b.max_y - b.min_y));
      add("service", {{x, b.min_y}, {x, y}, {b.max_x, y}}, 2);
      add("footway", {{b.min_x, y2}, {b.min_x + 200, y2}}, 1);
      break;
    }
  }
  return out;
}

}  // namespace

StreetNetwork make_roads(const std::vector<Estate>& estates) {
  StreetNetwork net;
  std::vector<Road>& r = net.roads;
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
  for (std::size_t i = 0; i < estates.size(); ++i) {
    EstateRoads er = estate_roads(estates[i], i);
    net.estate_lines += er.roads.size();
    net.gates += er.gates;
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
  return net;
}

}  // namespace siting::tools::sample
