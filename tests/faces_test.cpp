// SPDX-License-Identifier: Apache-2.0
// The closed faces of whole reached streets (detail/faces.hpp) on networks drawn
// as maps, 100 m blocks, areas by hand; and the service area drawn with them
// against GEOS buffering every piece.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>

#include "ascii_map.hpp"
#include "detail/faces.hpp"
#include "detail/geos.hpp"
#include "siting/coverage/service_area.hpp"
#include "siting/network/search.hpp"

using namespace siting;
using namespace siting::network;
using siting::test::AsciiMap;

namespace {

std::vector<EdgeId> all_edges(const WalkGraph& g) {
  std::vector<EdgeId> e;
  for (EdgeId i = 0; i < g.edge_count(); ++i) e.push_back(i);
  return e;
}

// The closed face holding p, by its ring.
std::uint32_t face_at(const detail::Faces& f, const Point& p) {
  for (std::uint32_t i = 0; i < f.rings.size(); ++i)
    if (inside(f.rings[i], p)) return i;
  FAIL("no closed face holds (" << p.x << ", " << p.y << ")");
  return 0;
}

EdgeId edge_between(const WalkGraph& g, const Point& a, const Point& b) {
  for (EdgeId e = 0; e < g.edge_count(); ++e) {
    const Point &u = g.point(g.edge(e).u), &v = g.point(g.edge(e).v);
    if ((u == a && v == b) || (u == b && v == a)) return e;
  }
  FAIL("no edge between the points");
  return 0;
}

// One character = 20 m, one line = 50 m: the blocks below are 100 x 100 m.
const char* kGrid = R"(
    M----N----O----P
    |    |    |    |
    I----J----K----L
    |    |    |    |
    E----F----G----H
    |    |    |    |
    A----B----C----D
)";
// A 100 m block, one character = 10 m and one line = 25 m, with G-H over its
// east side at '+' (no vertex there).
const char* kBridgedBlock = R"(
    D---------C
    |         |
    |    G----+----H
    |         |
    A---------B
)";

const std::vector<std::string> kGridRoads{"ABCD", "EFGH", "IJKL", "MNOP", "AEIM", "BFJN", "CGKO", "DHLP"};

}  // namespace

TEST_CASE("faces: two blocks, their shared side closed on both sides", "[service_area][faces]") {
  const AsciiMap map(R"(
    D----E----F
    |    |    |
    A----B----C
  )", 20, 50, 'A');
  const WalkGraph g = WalkGraph::Build(map.roads({"ABC", "DEF", "AD", "BE", "CF"}));
  const detail::Faces f = detail::closed_faces(g, all_edges(g), 1000);
  REQUIRE(f.rings.size() == 2);
  for (const Ring& r : f.rings) CHECK(signed_area(r) == 10000.0);  // counter-clockwise
  for (EdgeId e = 0; e < g.edge_count(); ++e) {
    const bool shared = e == edge_between(g, map['B'], map['E']);
    CHECK(f.closed_sides[e] == (shared ? 2 : 1));
  }
  // Eroded by 30 m: a 40 x 40 square; by 50 m or more, nothing.
  const std::vector<Ring> e30 = detail::erosion(f.rings[0], 30, 8);
  REQUIRE(e30.size() == 1);
  CHECK(signed_area(e30[0]) == Approx(1600.0).epsilon(1e-12));
  CHECK(detail::erosion(f.rings[0], 49, 8).size() == 1);
  CHECK(detail::erosion(f.rings[0], 50, 8).empty());
  // Joined: one 200 x 100 polygon through all six corners.
  const MultiPolygon joined = detail::join_faces(g, f, {0, 1});
  REQUIRE(joined.size() == 1);
  CHECK(joined[0].holes.empty());
  CHECK(joined[0].outer.size() == 7);
  CHECK(area(joined) == 20000.0);
}

TEST_CASE("faces: the erosion of a block that is not convex is GEOS's inward buffer", "[service_area][faces]") {
  // An L of two 100 m wide arms, 200 m long, and a 300 x 100 m block with a
  // 10 m notch in its north side; each as drawn and turned by 30 degrees.
  // erosion() finds a face at most twice the distance wide across a side empty
  // without GEOS (the notched block from 50 m on); everywhere else it is
  // GEOS's inward buffer, and the shortcut must give the same.
  const std::vector<Ring> drawn{
      {{0, 0}, {200, 0}, {200, 100}, {100, 100}, {100, 200}, {0, 200}, {0, 0}},
      {{0, 0}, {300, 0}, {300, 100}, {160, 100}, {150, 90}, {140, 100}, {0, 100}, {0, 0}}};
  std::vector<Ring> shapes = drawn;
  const double c = std::cos(M_PI / 6), s = std::sin(M_PI / 6);
  for (const Ring& r : drawn) {
    Ring turned;
    for (const Point& p : r) turned.push_back({1000 + c * p.x - s * p.y, 2000 + s * p.x + c * p.y});
    shapes.push_back(turned);
  }
  auto& ctx = detail::GeosContext::local();
  int empty = 0, kept = 0;
  for (const Ring& shape : shapes) {
    detail::GeomPtr poly = detail::to_geos(ctx, MultiPolygon{Polygon{shape, {}}});
    for (double d = 20; d <= 80; d += 2.5) {
      detail::GeomPtr eroded = detail::make_geom(
          ctx, GEOSBufferWithStyle_r(ctx.get(), poly.get(), -d, 8, GEOSBUF_CAP_ROUND, GEOSBUF_JOIN_ROUND, 5.0));
      double expected = 0;
      GEOSArea_r(ctx.get(), eroded.get(), &expected);
      double got = 0;
      for (const Ring& r : detail::erosion(shape, d, 8)) got += signed_area(r);
      INFO("distance " << d);
      CHECK(got == Approx(expected).epsilon(1e-9).margin(1e-9));
      (got == 0 ? empty : kept) += 1;
    }
  }
  // 25 distances a shape: the notched blocks are empty from 50 m (13 each),
  // the Ls from 60 m (9 each; the largest circle in their corner touches both
  // outer sides and the inner corner: r = sqrt(2) (100 - r), 58.6 m).
  CHECK(empty == 44);
  CHECK(kept == 56);
}

TEST_CASE("faces: a cul-de-sac into a block is peeled off, the block stays closed", "[service_area][faces]") {
  const AsciiMap map(R"(
    D---------C
    |         |
    |    G    |
    |    |    |
    A----E----B
  )", 10, 25, 'A');
  const WalkGraph g = WalkGraph::Build(map.roads({"AEB", "BC", "CD", "DA", "EG"}));
  const detail::Faces f = detail::closed_faces(g, all_edges(g), 1000);
  REQUIRE(f.rings.size() == 1);
  CHECK(signed_area(f.rings[0]) == 10000.0);
  CHECK(f.rings[0].size() == 6);  // A, E, B, C, D and A again
  CHECK(f.closed_sides[edge_between(g, map['E'], map['G'])] == 0);
  CHECK(f.closed_sides[edge_between(g, map['A'], map['E'])] == 1);
}

TEST_CASE("faces: a road crossing a side without a vertex leaves both out", "[service_area][faces]") {
  // G-H is a bridge over B-C: the two are left out, and what is left of the
  // block is a path, with no face.
  const AsciiMap map(kBridgedBlock, 10, 25, 'A');
  const WalkGraph g = WalkGraph::Build(map.roads({"AB", "BC", "CD", "DA", "GH"}));
  const detail::Faces f = detail::closed_faces(g, all_edges(g), 1000);
  CHECK(f.rings.empty());
  for (EdgeId e = 0; e < g.edge_count(); ++e) CHECK(f.closed_sides[e] == 0);
}

TEST_CASE("faces: a partial piece across a side, or a face too large, leaves it out", "[service_area][faces]") {
  const AsciiMap map(kBridgedBlock, 10, 25, 'A');
  // G-H is not a whole street here, only a reached stretch of one: it
  // crosses B-C all the same, and B-C is left out.
  std::vector<LineString> roads = map.roads({"AB", "BC", "CD", "DA", "GH"});
  roads.pop_back();  // G-H is no edge of the graph
  const WalkGraph g = WalkGraph::Build(roads);
  CHECK(detail::closed_faces(g, all_edges(g), 1000).rings.size() == 1);
  const detail::Obstacle gh{map['G'], map['H']};
  const detail::Faces f = detail::closed_faces(g, all_edges(g), 1000, {gh});
  CHECK(f.rings.empty());
  for (EdgeId e = 0; e < g.edge_count(); ++e) CHECK(f.closed_sides[e] == 0);
  // One ending on the side, at its vertex, or away from it: no crossing.
  const detail::Obstacle from_b{map['B'], map['H'], g.edge(edge_between(g, map['A'], map['B'])).v};
  CHECK(detail::closed_faces(g, all_edges(g), 1000, {from_b}).rings.size() == 1);
  const detail::Obstacle inside_only{map['G'], {map['G'].x + 10, map['G'].y}};
  CHECK(detail::closed_faces(g, all_edges(g), 1000, {inside_only}).rings.size() == 1);
  // The block is 100 m a side: kept up to 100, not below.
  CHECK(detail::closed_faces(g, all_edges(g), 100).rings.size() == 1);
  CHECK(detail::closed_faces(g, all_edges(g), 99.9).rings.empty());
}

TEST_CASE("faces: a block holding a loop of its own is not a closed face", "[service_area][faces]") {
  // The loop J-K-L-M is not joined to the block around it: the block's ring
  // does not bound the area between its sides, so only the loop is kept.
  const AsciiMap map(R"(
    D--------------C
    |              |
    |    J----K    |
    |    |    |    |
    |    M----L    |
    |              |
    A--------------B
  )", 10, 25, 'A');
  const WalkGraph g = WalkGraph::Build(map.roads({"AB", "BC", "CD", "DA", "JK", "KL", "LM", "MJ"}));
  const detail::Faces f = detail::closed_faces(g, all_edges(g), 1000);
  REQUIRE(f.rings.size() == 1);
  CHECK(signed_area(f.rings[0]) == 2500.0);  // 50 x 50
  CHECK(f.closed_sides[edge_between(g, map['A'], map['B'])] == 0);
  CHECK(f.closed_sides[edge_between(g, map['J'], map['K'])] == 1);
}

TEST_CASE("faces: joined with a hole, and apart where they touch at a corner", "[service_area][faces]") {
  const AsciiMap map(kGrid, 20, 50, 'A');
  const WalkGraph g = WalkGraph::Build(map.roads(kGridRoads));
  const detail::Faces f = detail::closed_faces(g, all_edges(g), 1000);
  REQUIRE(f.rings.size() == 9);
  const std::uint32_t centre = face_at(f, {150, 150});
  std::vector<std::uint32_t> ring_of_eight;
  for (std::uint32_t i = 0; i < 9; ++i)
    if (i != centre) ring_of_eight.push_back(i);
  const MultiPolygon frame = detail::join_faces(g, f, ring_of_eight);
  REQUIRE(frame.size() == 1);
  REQUIRE(frame[0].holes.size() == 1);
  CHECK(signed_area(frame[0].outer) == 90000.0);
  CHECK(signed_area(frame[0].holes[0]) == -10000.0);  // clockwise
  CHECK(area(frame) == 80000.0);
  // The south-west block and the centre meet only at F: two polygons.
  const MultiPolygon apart = detail::join_faces(g, f, {face_at(f, {50, 50}), centre});
  REQUIRE(apart.size() == 2);
  CHECK(area(apart) == 20000.0);
  for (const Polygon& p : apart) CHECK(p.outer.size() == 5);
}

TEST_CASE("faces: joined round a hole that touches the outside at a corner", "[service_area][faces]") {
  // Faces by (column, row) from A: the seven of (1,1), (0,1), (0,2), (0,3),
  // (1,3), (2,3) and (2,2). They enclose (1,2), which touches the outside
  // (2,1) at M only: one polygon whose hole touches its outer ring at M.
  const AsciiMap map(R"(
    U----V----W----X----Y
    |    |    |    |    |
    |    |    |    |    |
    |    |    |    |    |
    P----Q----R----S----T
    |    |    |    |    |
    |    |    |    |    |
    |    |    |    |    |
    K----L----M----N----O
    |    |    |    |    |
    |    |    |    |    |
    |    |    |    |    |
    F----G----H----I----J
    |    |    |    |    |
    |    |    |    |    |
    |    |    |    |    |
    A----B----C----D----E
  )", 20, 25, 'A');
  const WalkGraph g = WalkGraph::Build(map.roads({"ABCDE", "FGHIJ", "KLMNO", "PQRST", "UVWXY", "AFKPU", "BGLQV",
                                                  "CHMRW", "DINSX", "EJOTY"}));
  const detail::Faces f = detail::closed_faces(g, all_edges(g), 1000);
  REQUIRE(f.rings.size() == 16);
  std::vector<std::uint32_t> set;
  for (const auto& [i, j] : std::vector<std::pair<int, int>>{{1, 1}, {0, 1}, {0, 2}, {0, 3}, {1, 3}, {2, 3}, {2, 2}})
    set.push_back(face_at(f, {100.0 * i + 50, 100.0 * j + 50}));
  const MultiPolygon joined = detail::join_faces(g, f, set);
  REQUIRE(joined.size() == 1);
  REQUIRE(joined[0].holes.size() == 1);
  CHECK(signed_area(joined[0].holes[0]) == -10000.0);
  CHECK(joined[0].holes[0].size() == 5);
  CHECK(area(joined) == 70000.0);
  // Each ring passes M once.
  for (std::size_t k = 0; k <= joined[0].holes.size(); ++k) {
    const Ring& r = ring(joined[0], k);
    CHECK(std::count(r.begin(), r.end() - 1, map['M']) == 1);
  }
  auto& ctx = detail::GeosContext::local();
  detail::GeomPtr geom = detail::to_geos(ctx, joined);
  CHECK(GEOSisValid_r(ctx.get(), geom.get()) == 1);
}

TEST_CASE("faces: the service area drawn with faces is GEOS's buffer of every piece", "[service_area][faces]") {
  // The grid above with a 50 m cul-de-sac Q-X into the centre block, whose
  // buffer takes a bite of the block's erosion. The facility at A and a budget
  // of 520 m leave the streets round P partly reached.
  const AsciiMap map(R"(
    M----N----O----P
    |    |    |    |
    |    |    |    |
    |    |    |    |
    I----J----K----L
    |    |    |    |
    |    |  X |    |
    |    |  | |    |
    E----F--Q-G----H
    |    |    |    |
    |    |    |    |
    |    |    |    |
    A----B----C----D
  )", 20, 25, 'A');
  const WalkGraph g = WalkGraph::Build(
      map.roads({"ABCD", "EFQGH", "IJKL", "MNOP", "AEIM", "BFJN", "CGKO", "DHLP", "QX"}));
  const SegmentIndex index(g);
  const Sources sources({{index.nearest(map['A'], 1), 0}});
  const double budget = 520;
  const Reach reach = nearest_facility(g, sources, budget);
  const auto pieces = coverage::reachable_pieces(g, reach, sources, budget);
  coverage::AreaOptions opt;
  opt.lateral_m = 40;  // faces up to 120 m across are kept: the 100 m blocks
  const coverage::ServiceArea area = coverage::ServiceArea::Build(g, pieces, {}, opt);
  REQUIRE(pieces.size() == 26);

  // Against GEOS: every piece buffered, one union.
  auto& ctx = detail::GeosContext::local();
  std::vector<GEOSGeometry*> buffers;
  for (const coverage::Piece& p : pieces) {
    detail::GeomPtr line = detail::to_geos(ctx, coverage::piece_line(g, p));
    buffers.push_back(GEOSBufferWithStyle_r(ctx.get(), line.get(), 40, 8, GEOSBUF_CAP_ROUND, GEOSBUF_JOIN_ROUND, 5.0));
  }
  detail::GeomPtr all = detail::make_geom(
      ctx, GEOSGeom_createCollection_r(ctx.get(), GEOS_GEOMETRYCOLLECTION, buffers.data(), static_cast<unsigned>(buffers.size())));
  detail::GeomPtr unioned = detail::make_geom(ctx, GEOSUnaryUnion_r(ctx.get(), all.get()));
  double expected = 0;
  GEOSArea_r(ctx.get(), unioned.get(), &expected);
  // The north-east block is not closed: O-P and L-P are reached for 20 m,
  // from O and L (500 m from A).
  CHECK(area.area_m2() == Approx(expected).epsilon(1e-9));
  const MultiPolygon d = area.dissolved();
  CHECK(siting::area(d) == Approx(expected).epsilon(1e-9));
  detail::GeomPtr mine = detail::to_geos(ctx, d);
  CHECK(GEOSisValid_r(ctx.get(), mine.get()) == 1);
  detail::GeomPtr diff = detail::make_geom(ctx, GEOSSymDifference_r(ctx.get(), mine.get(), unioned.get()));
  double off = 0;
  GEOSArea_r(ctx.get(), diff.get(), &off);
  CHECK(off < 1e-6);
  // In tiles of 150 m, which cut through blocks and their holes.
  opt.tile_m = 150;
  const coverage::ServiceArea tiled = coverage::ServiceArea::Build(g, pieces, {}, opt);
  CHECK(tiled.area_m2() == Approx(expected).epsilon(1e-9));
  CHECK(siting::area(tiled.dissolved()) == Approx(expected).epsilon(1e-9));
}

TEST_CASE("faces: joined, any set of faces of random networks keeps its area and is valid", "[service_area][faces]") {
  // Random plane networks on an 8 x 8 grid of 40 m cells: each cell a square or
  // two triangles (either diagonal), some streets left out (larger, non-convex
  // faces, trees to peel), and a small loop of its own in some cells (the face
  // round it is not closed, and the loop is a face inside a hole of the
  // others). Triangles meet at corners in every way, the cases where joined
  // faces touch themselves at a vertex. Any set of faces joined must cover
  // exactly their areas, as polygons GEOS finds valid.
  auto& ctx = detail::GeosContext::local();
  std::mt19937_64 rng(20261205);
  const auto draw = [&](std::uint64_t n) { return rng() % n; };  // the same on every standard library
  constexpr int n = 8;
  constexpr double s = 40;
  std::size_t joined_sets = 0, with_holes = 0, apart = 0, nested = 0;
  for (int round = 0; round < 300; ++round) {
    // Every tenth network keeps all its streets and has no loops, so that the
    // rings of the first trial close.
    const bool whole = round % 10 == 0;
    std::vector<LineString> roads;
    for (int i = 0; i <= n; ++i)
      for (int j = 0; j < n; ++j) {
        if (whole || draw(8) != 0) roads.push_back({{j * s, i * s}, {(j + 1) * s, i * s}});  // west-east
        if (whole || draw(8) != 0) roads.push_back({{i * s, j * s}, {i * s, (j + 1) * s}});  // south-north
      }
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) {
        const double x = j * s, y = i * s;
        switch (draw(4)) {
          case 0: roads.push_back({{x, y}, {x + s, y + s}}); break;
          case 1: roads.push_back({{x + s, y}, {x, y + s}}); break;
          case 2:
            if (!whole && draw(3) == 0)
              roads.push_back({{x + 15, y + 15}, {x + 25, y + 15}, {x + 25, y + 25}, {x + 15, y + 25}, {x + 15, y + 15}});
            break;
          default: break;
        }
      }
    const WalkGraph g = WalkGraph::Build(roads);
    const detail::Faces f = detail::closed_faces(g, all_edges(g), 1000);
    for (int trial = 0; trial < 4; ++trial) {
      std::vector<std::uint32_t> set;
      double expected = 0;
      for (std::uint32_t k = 0; k < f.rings.size(); ++k) {
        // The first trial takes the faces in every other square ring round
        // the centre (the first, the third): shells inside holes inside shells.
        Point c{0, 0};
        for (std::size_t i = 0; i + 1 < f.rings[k].size(); ++i) c.x += f.rings[k][i].x, c.y += f.rings[k][i].y;
        c.x /= static_cast<double>(f.rings[k].size() - 1), c.y /= static_cast<double>(f.rings[k].size() - 1);
        const int ring = static_cast<int>(std::max(std::abs(c.x - n * s / 2), std::abs(c.y - n * s / 2)) / s);
        if (trial == 0 ? ring % 2 == 1 : draw(5) < 3) set.push_back(k), expected += signed_area(f.rings[k]);
      }
      MultiPolygon joined;
      REQUIRE_NOTHROW(joined = detail::join_faces(g, f, set));
      INFO("round " << round << ", trial " << trial << ": " << set.size() << " faces");
      CHECK(area(joined) == Approx(expected).margin(1e-6));
      const detail::Validity v = detail::check_validity(ctx, joined);
      CHECK(v.valid);
      ++joined_sets;
      apart += joined.size() > 1;
      for (const Polygon& p : joined) with_holes += !p.holes.empty();
      // A polygon with a hole inside a hole of another.
      for (const Polygon& p : joined)
        for (const Polygon& q : joined)
          for (const Ring& h : q.holes)
            nested += !p.holes.empty() && &p != &q && inside(h, p.outer[0]);
    }
  }
  // The cases the comment promises do occur.
  CHECK(joined_sets == 1200);
  CHECK(apart > 100);
  CHECK(with_holes > 100);
  CHECK(nested > 10);
}

TEST_CASE("faces: a facility's own area takes the circle's erosions of its blocks, bit for bit", "[service_area][faces]") {
  // Three 100 m blocks; Q and R are moved 15 m east, so the middle and east
  // blocks are dented (Q and R point into them) and go to GEOS, the west one
  // bulges and is convex. From A and D together with 1000 m every block is
  // whole; from A alone with 350 m the west and middle ones are (G is 304 m
  // away, via R), the east one is not (H is 400 m away).
  AsciiMap map(R"(
    E---------F---------G---------H
    |         |         |         |
    |         Q         R         |
    |         |         |         |
    A---------B---------C---------D
  )", 10, 25, 'A');
  map.nudge("QR", 15, 0);
  const WalkGraph g = WalkGraph::Build(map.roads({"ABCD", "EFGH", "AE", "BQF", "CRG", "DH"}));
  const SegmentIndex index(g);
  coverage::AreaOptions opt;
  opt.lateral_m = 25;  // faces up to 125 m across are kept: the dented blocks are 115 m
  opt.keep_erosions = true;
  const Sources both({{index.nearest(map['A'], 1), 0}, {index.nearest(map['D'], 1), 1}});
  coverage::ServiceArea circle = coverage::ServiceArea::Build(
      g, coverage::reachable_pieces(g, nearest_facility(g, both, 1000), both, 1000), {}, opt);
  const std::shared_ptr<detail::ErosionCache> cache = circle.take_erosions();
  REQUIRE(cache);
  CHECK(!circle.take_erosions());
  CHECK(cache->size() == 2);  // the dented blocks
  // Kept for areas that can reach them: a box round A's 350 m meets both
  // (the east block starts at x = 200), one round H only the east one.
  detail::ErosionCache copy(25, 8);
  const auto dented = [&](detail::ErosionCache& c) {
    for (const Ring& face : {Ring{map['B'], map['C'], map['R'], map['G'], map['F'], map['Q'], map['B']},
                             Ring{map['C'], map['D'], map['H'], map['G'], map['R'], map['C']}})
      c.add(face, detail::erosion(face, 25, 8));
    c.seal();
  };
  dented(copy);
  copy.retain({{map['H'].x - 50, map['H'].y - 50, map['H'].x + 50, map['H'].y + 50}});
  CHECK(copy.size() == 1);
  CHECK(copy.find(Ring{map['C'], map['D'], map['H'], map['G'], map['R'], map['C']}, 25, 8) != nullptr);
  cache->retain({{-350, -350, 350, 350}});
  CHECK(cache->size() == 2);

  const Snap a = index.nearest(map['A'], 1);
  BoundedSearch search(g);
  const auto pieces = coverage::reachable_pieces(g, search.run(a, 350), a, 350);
  coverage::AreaOptions own = opt;
  own.keep_erosions = false;
  const MultiPolygon alone = coverage::ServiceArea::Build(g, pieces, {}, own).dissolved();
  own.erosions = cache;
  const MultiPolygon shared = coverage::ServiceArea::Build(g, pieces, {}, own).dissolved();
  CHECK(cache->hits() == 1);  // the middle block
  // The middle block's erosion is a hole of the area, the same either way.
  REQUIRE(alone.size() == 1);
  CHECK(alone[0].holes.size() == 2);
  REQUIRE(shared.size() == alone.size());
  REQUIRE(shared[0].holes.size() == alone[0].holes.size());
  CHECK(shared[0].outer == alone[0].outer);
  for (std::size_t h = 0; h < alone[0].holes.size(); ++h) CHECK(shared[0].holes[h] == alone[0].holes[h]);
  // At another distance the cache is not asked.
  own.lateral_m = 30;
  coverage::ServiceArea::Build(g, pieces, {}, own);
  CHECK(cache->hits() == 1);
}

TEST_CASE("faces: how much lines' buffers overlap, from their boxes", "[service_area][faces]") {
  const Box anywhere{-1e9, -1e9, 1e9, 1e9};
  // A 100 m street grown by 50 m: 200 x 100 m from (-50, -50), on cells of
  // 100 m from that corner; its sides fall on cell edges and take the next
  // cells too: 3 x 2 cells.
  const Box street{0, 0, 100, 0};
  CHECK(detail::lines_overlap({}, 50, anywhere) == 0.0);
  CHECK(detail::lines_overlap({street}, 50, anywhere) == 1.0);
  CHECK(detail::lines_overlap({street, street}, 50, anywhere) == 2.0);  // 12 / 6
  // One 1 km away shares no cell.
  CHECK(detail::lines_overlap({street, {1000, 0, 1100, 0}}, 50, anywhere) == 1.0);
  // One 10 m north (grown: y from -40 to 60) touches the same 3 x 2 cells;
  // one 150 m north (y from 100 to 200) 3 x 2 cells, 3 of them shared.
  CHECK(detail::lines_overlap({street, {0, 10, 100, 10}}, 50, anywhere) == 2.0);
  CHECK(detail::lines_overlap({street, {0, 150, 100, 150}}, 50, anywhere) == Approx(12.0 / 9.0));
  // Cut to `within` (y up to 100), the far one keeps only its southern edge:
  // a row of 3 cells, all the street's too, 9 / 6.
  CHECK(detail::lines_overlap({street, {0, 150, 100, 150}}, 50, {-50, -50, 150, 100}) == 1.5);
  // A lateral distance of 1 mm: cells of a 256th of the extent, not millions.
  CHECK(detail::lines_overlap({{0, 0, 1000, 0}}, 0.001, anywhere) == 1.0);
}

TEST_CASE("faces: lines far apart are buffered in one call, close ones in batches, both GEOS's buffer of all", "[service_area][faces]") {
  // Twelve 200 m lines as connectors (extra reachable lines), 10 m apart
  // (their buffers overlap much: batches of 16) or 300 m apart (one call).
  const WalkGraph g = WalkGraph::Build({{{0, -5000}, {10, -5000}}});
  for (const double gap : {10.0, 300.0}) {
    std::vector<LineString> lines;
    std::vector<Box> boxes;
    for (int i = 0; i < 12; ++i) {
      const double y = i * gap;
      lines.push_back({{0, y}, {100, y + 3}, {200, y}});
      boxes.push_back(bounds(lines.back()));
    }
    const double overlap = detail::lines_overlap(boxes, 50, {-1e9, -1e9, 1e9, 1e9});
    CHECK((overlap > detail::kOneBufferOverlap) == (gap == 10.0));
    coverage::AreaOptions opt;
    opt.tile_m = 100000;
    const coverage::ServiceArea area = coverage::ServiceArea::Build(g, {}, lines, opt);
    auto& ctx = detail::GeosContext::local();
    std::vector<GEOSGeometry*> buffers;
    for (const LineString& l : lines) {
      detail::GeomPtr line = detail::to_geos(ctx, l);
      buffers.push_back(GEOSBufferWithStyle_r(ctx.get(), line.get(), 50, 8, GEOSBUF_CAP_ROUND, GEOSBUF_JOIN_ROUND, 5.0));
    }
    detail::GeomPtr all = detail::make_geom(ctx, GEOSGeom_createCollection_r(ctx.get(), GEOS_GEOMETRYCOLLECTION,
                                                                             buffers.data(), static_cast<unsigned>(buffers.size())));
    detail::GeomPtr unioned = detail::make_geom(ctx, GEOSUnaryUnion_r(ctx.get(), all.get()));
    double expected = 0;
    GEOSArea_r(ctx.get(), unioned.get(), &expected);
    INFO("lines " << gap << " m apart, overlap " << overlap);
    CHECK(area.area_m2() == Approx(expected).epsilon(1e-9));
    const MultiPolygon d = area.dissolved();
    CHECK(d.size() == (gap == 10.0 ? 1u : 12u));
  }
}

TEST_CASE("faces: a city of 40,000 blocks on two cores, crossings found in every run of cells",
          "[service_area][faces]") {
  // 200 x 200 blocks of 10 m (80,400 sides, more cells than one run of the
  // crossing test takes), each side a street of its own. Blocks (50, 50) and
  // (120, 7) hold an X of two diagonals crossing without a vertex: both are
  // left out and the block stays one face. Block (3, 190) holds one
  // diagonal: two triangles. So 40,001 faces; every side of a block has its
  // block on one side (4 x 40,000 sides of faces), the lone diagonal both.
  constexpr int kBlocks = 200;
  std::vector<LineString> roads;
  for (int i = 0; i <= kBlocks; ++i)
    for (int j = 0; j < kBlocks; ++j) {
      roads.push_back({{10.0 * i, 10.0 * j}, {10.0 * i, 10.0 * (j + 1)}});
      roads.push_back({{10.0 * j, 10.0 * i}, {10.0 * (j + 1), 10.0 * i}});
    }
  const auto diagonal = [&](int x, int y, bool up) {
    roads.push_back({{10.0 * x, 10.0 * (up ? y : y + 1)}, {10.0 * (x + 1), 10.0 * (up ? y + 1 : y)}});
    return roads.back();
  };
  const LineString x1 = diagonal(50, 50, true), x2 = diagonal(50, 50, false);
  const LineString x3 = diagonal(120, 7, true), x4 = diagonal(120, 7, false);
  const LineString lone = diagonal(3, 190, true);
  const WalkGraph g = WalkGraph::Build(roads);
  REQUIRE(g.edge_count() == 80405);
  for (unsigned threads : {1u, 2u}) {
    const detail::Faces f = detail::closed_faces(g, all_edges(g), 1000, {}, threads);
    CHECK(f.rings.size() == 40001);
    for (const LineString& d : {x1, x2, x3, x4}) CHECK(f.closed_sides[edge_between(g, d[0], d[1])] == 0);
    CHECK(f.closed_sides[edge_between(g, lone[0], lone[1])] == 2);
    std::size_t sides = 0;
    for (std::uint8_t s : f.closed_sides) sides += s;
    CHECK(sides == 4 * 40000 + 2);
  }
}
