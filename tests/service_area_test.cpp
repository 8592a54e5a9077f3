// SPDX-License-Identifier: Apache-2.0
// Service areas on networks drawn as maps (tests/ascii_map.hpp), in metres:
// reachable pieces (partial edges included), the buffered polygon and its
// overlay with parcels, by hand.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <memory>

#include "ascii_map.hpp"
#include "detail/geos.hpp"
#include "siting/coverage/analysis.hpp"
#include "siting/coverage/service_area.hpp"
#include "siting/network/search.hpp"

using namespace siting;
using namespace siting::network;
using namespace siting::coverage;
using siting::test::AsciiMap;

namespace {

struct Scene {
  WalkGraph graph;
  SegmentIndex index;
  Sources sources;
  Reach reach;
  Scene(const std::vector<LineString>& lines, const std::vector<Point>& facilities, double limit)
      : graph(WalkGraph::Build(lines)), index(graph), sources(snap_all(index, facilities)),
        reach(nearest_facility(graph, sources, limit)) {}
  static Sources snap_all(const SegmentIndex& index, const std::vector<Point>& pts) {
    std::vector<Source> s;
    for (std::uint32_t i = 0; i < pts.size(); ++i) s.push_back({index.nearest(pts[i], 100), i});
    return Sources(std::move(s));
  }
};

// Area of a regular 32-gon of radius r: the round caps of a buffer with 8
// segments per quarter circle, as GEOS draws them.
double circle32(double r) { return 16.0 * r * r * std::sin(2.0 * M_PI / 32.0); }

// Vertex for vertex: rings are vectors of points.
bool same_polygons(const MultiPolygon& a, const MultiPolygon& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const Polygon& x, const Polygon& y) { return x.outer == y.outer && x.holes == y.holes; });
}

double total_length(const WalkGraph& g, const std::vector<Piece>& pieces) {
  double l = 0;
  for (const Piece& p : pieces) l += p.to_m - p.from_m;
  (void)g;
  return l;
}

}  // namespace

TEST_CASE("reachable pieces: whole edges, the partial edge at the cut-off", "[service_area]") {
  // Facility at F, budget 150: F-A whole, A-B up to 150 m from F, B-C nothing.
  const AsciiMap map(R"(
    F---A---B---C
  )", 25, 'F');  // one character = 25 m
  const Scene s(map.roads({"FABC"}), map.points("F"), 150);
  const auto pieces = reachable_pieces(s.graph, s.reach, s.sources, 150);
  REQUIRE(pieces.size() == 2);
  CHECK(total_length(s.graph, pieces) == 150.0);
  const LineString last = piece_line(s.graph, pieces[1]);
  CHECK(last[0] == map['A']);
  CHECK(last[1] == Point{150, 0});
  // With a budget of exactly 200, B is reached and B-C adds nothing.
  CHECK(total_length(s.graph, reachable_pieces(s.graph, s.reach, s.sources, 200)) == 200.0);
}

TEST_CASE("reachable pieces: from both ends, and from a facility in the middle of an edge", "[service_area]") {
  const AsciiMap map(R"(
       f
    A-----B
  )", 50, 10, 'A');  // one character = 50 m, one line = 10 m
  //  Facilities at A and B, one 300 m edge, budget 100: [0,100] from A and [200,300] from B.
  const Scene ends(map.roads({"AB"}), map.points("AB"), 100);
  const auto p = reachable_pieces(ends.graph, ends.reach, ends.sources, 100);
  REQUIRE(p.size() == 2);
  CHECK(p[0].from_m == 0.0);
  CHECK(p[0].to_m == 100.0);
  CHECK(p[1].from_m == 200.0);
  CHECK(p[1].to_m == 300.0);

  // The facility at f: a 10 m connector, so 50 m either way with budget 60.
  const Scene mid(map.roads({"AB"}), map.points("f"), 60);
  const auto q = reachable_pieces(mid.graph, mid.reach, mid.sources, 60);
  REQUIRE(q.size() == 1);
  CHECK(q[0].from_m == 100.0);
  CHECK(q[0].to_m == 200.0);
  // Neither end is reached: A and B are 160 m away.
  CHECK(mid.reach.distance_m[0] == kUnreached);

  // The same from the single-source bounded search.
  BoundedSearch search(mid.graph);
  const Snap snap = mid.index.nearest(map['f'], 100);
  const auto sparse = search.run(snap, 60);
  CHECK(sparse.vertices.empty());
  const auto r = reachable_pieces(mid.graph, sparse, snap, 60);
  REQUIRE(r.size() == 1);
  CHECK(r[0].from_m == 100.0);
  CHECK(r[0].to_m == 200.0);
}

TEST_CASE("pieces chain into few lines, straight through crossings", "[service_area]") {
  // A cross of four 100 m segments: two straight chains, W-X-E and N-X-S.
  const AsciiMap map(R"(
      N
      |
    W-X-E
      |
      S
  )", 50, 'W');  // one character = one line = 50 m
  const WalkGraph g = WalkGraph::Build(map.roads());
  std::vector<Piece> all;
  for (EdgeId e = 0; e < g.edge_count(); ++e) all.push_back({e, 0.0, g.edge(e).length_m});
  const auto chains = chain_pieces(g, all);
  REQUIRE(chains.size() == 2);
  for (const LineString& c : chains) {
    CHECK(c.size() == 3);
    CHECK(length(c) == 200.0);
  }
}

TEST_CASE("the service area is the reachable street buffered sideways", "[service_area]") {
  // Facility at F, budget 200 of the 300 m street, lateral 10: a 200 x 20
  // rectangle and two half discs. Parcel PQRS (100 x 40) lies beside the street
  // with its lowest 10 m covered; KLMN (40 x 60) lies beyond the reach.
  const AsciiMap map(R"(
         S.........R
         :         :         N...M
         :         :         :   :
         :         :         :   :
    F----P----A----Q----B----+---+C
                             :   :
                             :   :
                             K...L
  )", 10, 'F');  // one character = one line = 10 m
  const Scene s(map.roads({"FABC"}), map.points("F"), 200);
  AreaOptions opt;
  opt.lateral_m = 10;
  for (double tile : {500.0, 35.0}) {  // one tile, or many: the same polygon
    opt.tile_m = tile;
    const ServiceArea area = ServiceArea::Build(s.graph, reachable_pieces(s.graph, s.reach, s.sources, 200), {}, opt);
    const double expected = 200.0 * 20.0 + circle32(10.0);
    CHECK(area.area_m2() == Approx(expected).epsilon(1e-9));
    const MultiPolygon d = area.dissolved();
    REQUIRE(d.size() == 1);
    CHECK(siting::area(d) == Approx(expected).epsilon(1e-9));
    CHECK(d[0].holes.empty());

    const ServiceArea::Overlay o = area.overlay(map.parcel("PQRS"));
    CHECK(o.covered_m2 == Approx(1000.0).epsilon(1e-9));
    CHECK(siting::area(o.uncovered) == Approx(3000.0).epsilon(1e-9));
    const MultiPolygon far = map.parcel("KLMN");
    CHECK(area.overlay(far).covered_m2 == 0.0);
    CHECK(siting::area(area.overlay(far).uncovered) == Approx(2400.0));
  }
}

TEST_CASE("holes in the service area are kept", "[service_area]") {
  // A ring road around a 200 m block, all reached from the facility at A;
  // lateral 20: the block's middle, 160 x 160, is more than 20 m from any street.
  const AsciiMap map(R"(
    D-------C
    |       |
    |       |
    |       |
    A-------B
  )", 25, 50, 'A');  // one character = 25 m, one line = 50 m
  const Scene s(map.roads({"ABCDA"}), map.points("A"), 1000);
  AreaOptions opt;
  opt.lateral_m = 20;
  const ServiceArea area = ServiceArea::Build(s.graph, reachable_pieces(s.graph, s.reach, s.sources, 1000), {}, opt);
  const MultiPolygon d = area.dissolved();
  REQUIRE(d.size() == 1);
  REQUIRE(d[0].holes.size() == 1);
  CHECK(std::abs(signed_area(d[0].holes[0])) == Approx(160.0 * 160.0));
  // Outer: a 240 x 240 square whose corners are quarter 32-gons of radius 20.
  const double outer = 240.0 * 240.0 - 4 * 400.0 + circle32(20.0);
  CHECK(siting::area(d) == Approx(outer - 25600.0).epsilon(1e-9));
}

TEST_CASE("a facility's connector counts as reachable", "[service_area]") {
  // The facility f is 30 m north of the street; budget 30 reaches only its foot O
  // (a point on the street, not a vertex).
  const AsciiMap map(R"(
        f


    W---O---E
  )", 25, 10, 'O');  // one character = 25 m, one line = 10 m
  const Scene s(map.roads({"WE"}), map.points("f"), 30);
  AreaOptions opt;
  opt.lateral_m = 5;
  const LineString connector{map['f'], s.sources.all()[0].snap.at};
  CHECK(reachable_pieces(s.graph, s.reach, s.sources, 30).empty());
  const ServiceArea area = ServiceArea::Build(s.graph, {}, {connector}, opt);
  CHECK(area.area_m2() == Approx(30.0 * 10.0 + circle32(5.0)).epsilon(1e-9));
}

TEST_CASE("the dissolve keeps what lies inside a tile and joins what crosses its edge", "[service_area]") {
  // Two 1000 m tiles side by side (columns 0 and 1). In the west tile a block
  // of service area reaches the seam at x = 1000, with a hole (a block not
  // reached) strictly inside, an island of service area inside that hole, and a
  // small separate area; the east tile continues the block to x = 1300.
  //
  //   y=800 +------------------+--------+
  //         |   +--------+     |        |
  //         |   | +----+ |     |        |      hole 600..800 x 300..700
  //         |   | |isl.| |     |        |      island 650..750 x 400..600
  //         |   | +----+ |     |        |
  //         |   +--------+     |        |
  //   y=200 +------------------+--------+
  //        x=500             1000     1300
  //   and a 100 x 100 square at 100..200 x 100..200
  AreaOptions opt;
  opt.tile_m = 1000;
  const MultiPolygon west =
      multipolygon_from_wkt("MULTIPOLYGON(((500 200, 1000 200, 1000 800, 500 800, 500 200), (600 300, 600 700, 800 700, 800 300, 600 300)),"
                            "((650 400, 750 400, 750 600, 650 600, 650 400)), ((100 100, 200 100, 200 200, 100 200, 100 100)))");
  const MultiPolygon east = multipolygon_from_wkt("MULTIPOLYGON(((1000 200, 1300 200, 1300 800, 1000 800, 1000 200)))");
  const ServiceArea area = ServiceArea::FromTiles({{0, 0, siting::area(west), west}, {1, 0, siting::area(east), east}}, opt);
  const MultiPolygon d = area.dissolved();
  // 800 x 600 less the 200 x 400 hole, the 100 x 200 island, the 100 x 100 square.
  CHECK(siting::area(d) == Approx(480000.0 - 80000.0 + 20000.0 + 10000.0).epsilon(1e-12));
  REQUIRE(d.size() == 3);
  std::size_t with_hole = 0;
  for (const Polygon& p : d)
    if (!p.holes.empty()) {
      ++with_hole;
      CHECK(p.holes.size() == 1);
      CHECK(std::abs(signed_area(p.holes[0])) == Approx(80000.0));
      CHECK(std::abs(signed_area(p.outer)) == Approx(480000.0));  // one shell across the seam
    }
  CHECK(with_hole == 1);
}

TEST_CASE("the dissolve puts a hole back into the polygon that holds it, not the one around that", "[service_area]") {
  // Two 1000 m tiles side by side. Ring A (200..1800 x 100..900, open
  // 300..1700 x 200..800) and block B inside its opening (400..1600 x
  // 300..700) both cross the seam at x = 1000; B has a hole strictly inside the
  // west tile (500..700 x 400..600). That hole's corners lie in A's box and in
  // B's, so the box alone does not decide: it is located in the polygons.
  //
  //   y=900 +--------------------------------+   A
  //   y=800 |  +--------------------------+  |
  //   y=700 |  |  +-----------------------+ |  |   B
  //   y=600 |  |  |  +--+                | |  |
  //   y=400 |  |  |  +--+  hole of B     | |  |
  //   y=300 |  |  +-----------------------+ |  |
  //   y=200 |  +--------------------------+  |
  //   y=100 +--------------------------------+
  //        x=200  400 500 700   1000    1600 1800
  AreaOptions opt;
  opt.tile_m = 1000;
  const MultiPolygon west = multipolygon_from_wkt(
      "MULTIPOLYGON(((200 100, 1000 100, 1000 200, 300 200, 300 800, 1000 800, 1000 900, 200 900, 200 100)),"
      "((400 300, 1000 300, 1000 700, 400 700, 400 300), (500 400, 500 600, 700 600, 700 400, 500 400)))");
  const MultiPolygon east = multipolygon_from_wkt(
      "MULTIPOLYGON(((1000 100, 1800 100, 1800 900, 1000 900, 1000 800, 1700 800, 1700 200, 1000 200, 1000 100)),"
      "((1000 300, 1600 300, 1600 700, 1000 700, 1000 300)))");
  const ServiceArea area = ServiceArea::FromTiles({{0, 0, siting::area(west), west}, {1, 0, siting::area(east), east}}, opt);
  const MultiPolygon d = area.dissolved();
  REQUIRE(d.size() == 2);
  CHECK(siting::area(d) == Approx(440000.0 + 440000.0).epsilon(1e-12));
  for (const Polygon& p : d) {
    REQUIRE(p.holes.size() == 1);
    const double outer = std::abs(signed_area(p.outer)), hole = std::abs(signed_area(p.holes[0]));
    if (outer > 1e6) {  // A: its own opening, and nothing else
      CHECK(outer == Approx(1600.0 * 800.0));
      CHECK(hole == Approx(1400.0 * 600.0));
    } else {  // B: the hole put back
      CHECK(outer == Approx(1200.0 * 400.0));
      CHECK(hole == Approx(200.0 * 200.0));
    }
  }
}

TEST_CASE("the gap map overlays each parcel with the tile's polygons and holes near it", "[service_area]") {
  // One 1000 m tile: block A (0..600 square) with three holes, and a separate
  // square B (800..900). The overlay leaves out the polygons and holes whose
  // boxes miss a parcel's; every answer below is the whole-tile one, by hand.
  //
  //   900 +                          +--B--+
  //   800 +                          +-----+
  //   600 +--------A---------+
  //       |      +H2+        |       p3 lies between A and B, p4 over B's corner
  //   300 |      +--+        |
  //   200 |  +H1+      +H3+  |       H1 100..200, H2 300..400, H3 450..550 x 100..200
  //   100 |  +--+      +--+  |
  //     0 +------------------+
  //       0                 600
  AreaOptions opt;
  opt.tile_m = 1000;
  const MultiPolygon tile = multipolygon_from_wkt(
      "MULTIPOLYGON(((0 0, 600 0, 600 600, 0 600, 0 0), (100 100, 100 200, 200 200, 200 100, 100 100),"
      "(300 300, 300 400, 400 400, 400 300, 300 300), (450 100, 450 200, 550 200, 550 100, 450 100)),"
      "((800 800, 900 800, 900 900, 800 900, 800 800)))");
  const ServiceArea area = ServiceArea::FromTiles({{0, 0, siting::area(tile), tile}}, opt);
  struct Case {
    const char* wkt;
    double covered, gap;
  };
  const Case cases[] = {
      {"POLYGON((120 120, 180 120, 180 180, 120 180, 120 120))", 0.0, 3600.0},      // p1: inside hole H1
      {"POLYGON((350 350, 450 350, 450 450, 350 450, 350 350))", 7500.0, 2500.0},   // p2: over H2's corner
      {"POLYGON((650 650, 750 650, 750 750, 650 750, 650 650))", 0.0, 10000.0},     // p3: near no polygon
      {"POLYGON((850 850, 950 850, 950 950, 850 950, 850 850))", 2500.0, 7500.0},   // p4: B's corner only
      {"POLYGON((50 50, 250 50, 250 250, 50 250, 50 50))", 30000.0, 10000.0},       // p5: holds H1 whole
      {"POLYGON((-100 -100, 1100 -100, 1100 1100, -100 1100, -100 -100))", 340000.0, 1100000.0},  // everything
  };
  std::vector<MultiPolygon> parcels;
  for (const Case& c : cases) parcels.push_back(multipolygon_from_wkt(c.wkt));
  std::vector<const MultiPolygon*> all;
  for (const MultiPolygon& p : parcels) all.push_back(&p);
  const std::vector<ServiceArea::Overlay> o = area.overlay_all(all);
  REQUIRE(o.size() == parcels.size());
  for (std::size_t i = 0; i < parcels.size(); ++i) {
    INFO("parcel " << i + 1);
    CHECK(o[i].covered_m2 == Approx(cases[i].covered).epsilon(1e-12));
    CHECK(siting::area(o[i].uncovered) == Approx(cases[i].gap).epsilon(1e-12));
  }
  // p5's gap is hole H1 itself.
  REQUIRE(o[4].uncovered.size() == 1);
  CHECK(o[4].uncovered[0].holes.empty());
  CHECK(bounds(o[4].uncovered).min_x == 100.0);
  CHECK(bounds(o[4].uncovered).max_y == 200.0);
}

namespace {

// One street A-B, 400 m. Each facility stands 10 m north of it and walks 60 m
// (1 min at 1 m/s, lateral 10 m): 10 m to the street, then 50 m either way. f
// reaches x = 0..100 alone; g (200..300) and h (250..350) overlap, so their
// polygon of the circle holds two facilities and each draws its own area.
struct ThreeOnAStreet {
  AsciiMap map{R"(
         f                   g    h

    A---------------------------------------B
  )", 10, 5, 'A'};  // one character = 10 m, one line = 5 m
  WalkGraph graph = WalkGraph::Build(map.roads({"AB"}));
  std::vector<Facility> facilities = [this] {
    std::vector<Facility> f(3);
    for (std::size_t i = 0; i < 3; ++i) f[i].location = map["fgh"[i]];
    return f;
  }();
  CoverageOptions options = [] {
    CoverageOptions o;
    o.minutes = {1};
    o.speed_m_per_s = 1;
    o.area.lateral_m = 10;
    return o;
  }();
};

}  // namespace

TEST_CASE("a facility alone in its polygon of the circle takes that polygon as its own area", "[service_area][coverage]") {
  const ThreeOnAStreet scene;
  const AsciiMap& map = scene.map;
  const WalkGraph& graph = scene.graph;
  const std::vector<Facility>& facilities = scene.facilities;
  const CoverageOptions& opt = scene.options;
  auto index = std::make_unique<SegmentIndex>(graph);
  // The index is freed once everything is placed, as `siting coverage` does
  // (under ASan a later read of it would fail the test).
  int placed = 0;
  const Coverage c = analyse_coverage(graph, *index, {}, facilities, opt, [&] { ++placed, index.reset(); });
  CHECK(placed == 1);
  REQUIRE(c.dissolved.size() == 1);
  REQUIRE(c.dissolved[0].size() == 2);  // f's polygon, and g's and h's together

  // f's area by hand: the street from x = 0 to 100 buffered 10 m (a 100 x 20 m
  // band and its two round ends, one 32-gon), and the top half of the connector's
  // round end above the band's edge.
  CHECK(c.facilities[0].area_m2 == Approx(2000.0 + 1.5 * circle32(10.0)).epsilon(1e-9));
  // The same polygon, vertex for vertex, as f's own drawing.
  const std::vector<Piece> own_f = {{0, 0.0, 100.0}};
  const ServiceArea drawn = ServiceArea::Build(graph, own_f, {{map['f'], {50.0, 0.0}}}, opt.area);
  CHECK(same_polygons(c.facilities[0].area, drawn.dissolved()));
  CHECK(c.facilities[0].area_m2 == Approx(drawn.area_m2()).epsilon(1e-12));
  // g and h each their own: a band of 100 m, not the 150 m of their polygon.
  for (std::size_t i : {1, 2}) CHECK(c.facilities[i].area_m2 == Approx(2000.0 + 1.5 * circle32(10.0)).epsilon(1e-9));
  // The circle: f's polygon and a 150 m band with g's and h's connector ends.
  CHECK(area(c.dissolved[0]) == Approx(2000.0 + 1.5 * circle32(10.0) + 3000.0 + 2.0 * circle32(10.0)).epsilon(1e-9));

  // Only f is taken from the circle, and the merge of a sharded run takes the
  // same from its own circle.
  Coverage again = c;
  for (FacilityCoverage& fc : again.facilities) fc.area.clear(), fc.area_m2 = 0;
  CHECK(areas_from_circle(again, facilities, 1) == std::vector<bool>{true, false, false});
  CHECK(same_polygons(again.facilities[0].area, c.facilities[0].area));
  CHECK(again.facilities[1].area.empty());
  // Without a dissolved circle (a shard keeps tiles) nothing is taken.
  again.dissolved.clear();
  CHECK(areas_from_circle(again, facilities, 1) == std::vector<bool>{false, false, false});
}

TEST_CASE("the dissolve unions apart what lies apart, and a large group in two halves", "[service_area]") {
  // A square grid of streets 100 m apart, 1100 m a side (12 streets each way,
  // 121 blocks), and 3 km east of it one 100 m street. Lateral 10 m, tiles of
  // 50 m: the grid's polygons reaching their tiles' edges (hundreds, one group)
  // are unioned in a west and an east half, the lone street's (a few) alone.
  std::vector<LineString> lines;
  for (int i = 0; i <= 11; ++i) {
    lines.push_back({{0, 100.0 * i}, {1100, 100.0 * i}});
    lines.push_back({{100.0 * i, 0}, {100.0 * i, 1100}});
  }
  lines.push_back({{4000, 500}, {4100, 500}});
  const WalkGraph g = WalkGraph::Build(lines);
  std::vector<Piece> pieces;
  for (EdgeId e = 0; e < g.edge_count(); ++e) pieces.push_back({e, 0.0, g.edge(e).length_m});
  AreaOptions opt;
  opt.lateral_m = 10;
  opt.tile_m = 50;
  const ServiceArea area = ServiceArea::Build(g, pieces, {}, opt);
  const MultiPolygon d = area.dissolved();
  REQUIRE(d.size() == 2);
  const Polygon& grid = d[0].holes.empty() ? d[1] : d[0];
  const Polygon& lone = d[0].holes.empty() ? d[0] : d[1];
  // By hand: the grid is a 1120 m square whose corners are quarter 32-gons of
  // radius 10, less 121 blocks of 80 x 80 m; the street a 100 x 20 m band with
  // two half 32-gons.
  REQUIRE(grid.holes.size() == 121);
  for (const Ring& h : grid.holes) CHECK(std::abs(signed_area(h)) == Approx(6400.0).epsilon(1e-12));
  CHECK(std::abs(signed_area(grid.outer)) == Approx(1120.0 * 1120.0 - 400.0 + circle32(10.0)).epsilon(1e-12));
  CHECK(lone.holes.empty());
  CHECK(std::abs(signed_area(lone.outer)) == Approx(2000.0 + circle32(10.0)).epsilon(1e-12));
  CHECK(siting::area(d) == Approx(area.area_m2()).epsilon(1e-12));  // the tiles' areas, summed

  // And vertex for vertex what one GEOS union of every tile gives.
  auto& ctx = siting::detail::GeosContext::local();
  std::vector<GEOSGeometry*> all;
  for (const TileGeometry& t : area.tiles()) all.push_back(siting::detail::to_geos(ctx, t.geometry).release());
  const siting::detail::GeomPtr collection = siting::detail::make_geom(
      ctx, GEOSGeom_createCollection_r(ctx.get(), GEOS_GEOMETRYCOLLECTION, all.data(), static_cast<unsigned>(all.size())));
  const siting::detail::GeomPtr one = siting::detail::make_geom(ctx, GEOSUnaryUnion_r(ctx.get(), collection.get()));
  GEOSNormalize_r(ctx.get(), one.get());
  CHECK(same_polygons(d, siting::detail::polygons_from_geos(ctx, one.get())));
}

TEST_CASE("a facility's own area is drawn whole, without the seams of the city's tiles", "[service_area][coverage]") {
  // The street and facilities of the test above, in tiles of 35 m: g and h
  // share their polygon of the circle, so each draws its own area from its own
  // pieces, in one tile whatever the city's tiles.
  const ThreeOnAStreet scene;
  const SegmentIndex index(scene.graph);
  CoverageOptions opt = scene.options;
  opt.area.tile_m = 35;  // seams at x = 210, 245 and 280 cross g's band, at no vertex of it
  const Coverage c = analyse_coverage(scene.graph, index, {}, scene.facilities, opt);
  // g reaches x = 200..300 of the street: by hand as above.
  const MultiPolygon& g = c.facilities[1].area;
  CHECK(c.facilities[1].area_m2 == Approx(2000.0 + 1.5 * circle32(10.0)).epsilon(1e-9));
  auto on_seam = [](const MultiPolygon& mp) {
    std::size_t n = 0;
    for (const Polygon& p : mp)
      for (const Point& v : p.outer) n += v.x == 210.0 || v.x == 245.0 || v.x == 280.0;
    return n;
  };
  CHECK(on_seam(g) == 0);              // the band's edges run from one end to the other
  CHECK(on_seam(c.dissolved[0]) > 0);  // the circle, cut at every seam and joined, keeps them
}

TEST_CASE("the dissolve overlays the tiles when their union touches itself at a point", "[service_area]") {
  // 1000 m tiles. A, B and C stitch: C meets B along B's top (500 m), and the
  // corner (1000, 1000) is passed once. A and C alone meet at that corner only:
  // the stitch declines there, and the overlay gives what one GEOS union does,
  // two squares touching at a point.
  //
  //   2000 +     +-----+
  //        |     |  C  |
  //   1000 +-----+--+--+
  //        |  A  |B |
  //      0 +-----+--+
  //        0   1000 1500 2000
  AreaOptions opt;
  opt.tile_m = 1000;
  const MultiPolygon a = multipolygon_from_wkt("MULTIPOLYGON(((0 0, 1000 0, 1000 1000, 0 1000, 0 0)))");
  const MultiPolygon b = multipolygon_from_wkt("MULTIPOLYGON(((1000 0, 1500 0, 1500 1000, 1000 1000, 1000 0)))");
  const MultiPolygon c = multipolygon_from_wkt("MULTIPOLYGON(((1000 1000, 2000 1000, 2000 2000, 1000 2000, 1000 1000)))");
  const ServiceArea area = ServiceArea::FromTiles(
      {{0, 0, siting::area(a), a}, {1, 0, siting::area(b), b}, {1, 1, siting::area(c), c}}, opt);
  const MultiPolygon d = area.dissolved();
  // A and B are one polygon; C touches it along B's top (500 m) and is one with it.
  REQUIRE(d.size() == 1);
  CHECK(siting::area(d) == 1000000.0 + 500000.0 + 1000000.0);
  CHECK(d[0].holes.empty());
  MultiPolygon corner = multipolygon_from_wkt("MULTIPOLYGON(((0 0, 1000 0, 1000 1000, 0 1000, 0 0)))");
  const ServiceArea apart = ServiceArea::FromTiles({{0, 0, 1e6, corner}, {1, 1, siting::area(c), c}}, opt);
  const MultiPolygon two = apart.dissolved();
  REQUIRE(two.size() == 2);  // touching at (1000, 1000) only
  CHECK(siting::area(two) == 2000000.0);
  auto& ctx = siting::detail::GeosContext::local();
  const siting::detail::GeomPtr ga = siting::detail::to_geos(ctx, corner), gc = siting::detail::to_geos(ctx, c);
  const siting::detail::GeomPtr one = siting::detail::make_geom(ctx, GEOSUnion_r(ctx.get(), ga.get(), gc.get()));
  GEOSNormalize_r(ctx.get(), one.get());
  CHECK(same_polygons(two, siting::detail::polygons_from_geos(ctx, one.get())));
}
