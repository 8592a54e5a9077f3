// SPDX-License-Identifier: Apache-2.0
// Walking-graph scenarios drawn as maps (tests/ascii_map.hpp), in metres at
// 1 m/s: every expected time can be checked by hand (100 m of street is 100 s).

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <set>

#include <boost/geometry.hpp>

#include "ascii_map.hpp"
#include "siting/network/graph.hpp"
#include "siting/network/roads.hpp"
#include "siting/network/search.hpp"
#include "siting/network/snap.hpp"

using namespace siting;
using namespace siting::network;
using siting::test::AsciiMap;

namespace {

VertexId vertex_at(const WalkGraph& g, Point p) {
  for (VertexId v = 0; v < g.vertex_count(); ++v)
    if (g.point(v) == p) return v;
  FAIL("no vertex at " << p.x << " " << p.y);
  return kNone;
}

// Facilities snapped at these points, ids 0, 1, ...
Sources sources_at(const SegmentIndex& index, const std::vector<Point>& points, double max_snap = 1000) {
  std::vector<Source> s;
  for (std::uint32_t i = 0; i < points.size(); ++i) s.push_back({index.nearest(points[i], max_snap), i});
  return Sources(std::move(s));
}

double time_at(const WalkGraph& g, const Reach& r, Point p) { return r.distance_m[vertex_at(g, p)]; }

// The best time into a parcel over all its ways in, connector included.
double best_way_in(const WalkGraph& g, const Reach& r, const Sources& s, const Access& a) {
  double best = kUnreached;
  for (const Span& sp : a.spans) best = std::min(best, reach_span(g, r, s, sp).distance_m + sp.connector_m);
  return best;
}

}  // namespace

TEST_CASE("a vertex exactly at the budget is reached", "[network]") {
  const AsciiMap map(R"(
    F---A---B---C      # F = facility; budget 200 s: A, B reached, C not
  )", 25, 'F');  // one character = 25 m
  const WalkGraph g = WalkGraph::Build(map.roads({"FABC"}));
  const SegmentIndex index(g);
  const Sources s = sources_at(index, map.points("F"));
  const Reach r = nearest_facility(g, s, 200.0);
  CHECK(time_at(g, r, map['F']) == 0.0);
  CHECK(time_at(g, r, map['A']) == 100.0);
  CHECK(time_at(g, r, map['B']) == 200.0);
  CHECK(time_at(g, r, map['C']) == kUnreached);
  CHECK(r.source[vertex_at(g, map['B'])] == 0);
  CHECK(r.source[vertex_at(g, map['C'])] == kNone);
}

TEST_CASE("a facility snaps to the middle of an edge, and the connector counts", "[network][snap]") {
  AsciiMap map(R"(
       q               # 80 m north of A-B: beyond the 50 m snap limit






       f               # the facility, 10 m north of A-B's middle
    A-----B
        p              # a parcel entrance 5 m south of A-B (drawn at 10 m)
  )", 50, 10, 'A');  // one character = 50 m, one line = 10 m
  map.nudge("p", 0, 5);
  const WalkGraph g = WalkGraph::Build(map.roads({"AB"}));
  const SegmentIndex index(g);
  const Snap snap = index.nearest(map['f'], 50);
  REQUIRE(snap.on_network());
  CHECK(snap.along_m == 150.0);
  CHECK(snap.connector_m == 10.0);
  CHECK(snap.at == Point{150, 0});
  const Sources s = sources_at(index, map.points("f"));
  const Reach r = nearest_facility(g, s, 1000.0);
  CHECK(time_at(g, r, map['A']) == 160.0);
  CHECK(time_at(g, r, map['B']) == 160.0);
  // The entrance snaps 50 m from the facility's foot: 10 + 50.
  const PointReach p = reach_at(g, r, s, index.nearest(map['p'], 50));
  CHECK(p.distance_m == 60.0);
  CHECK(p.source == 0);
  CHECK_FALSE(index.nearest(map['q'], 50).on_network());
}

TEST_CASE("a bridge crossing a street without a shared vertex does not connect", "[network]") {
  // The facility is at W. N-S crosses W-E at + with no vertex there (a bridge);
  // N-E is the diagonal of a 100 m square: sqrt(100^2 + 100^2) = 141.42 m.
  const AsciiMap map(R"(
      N
      |\
    W-+-E
      |
      S
  )", 50, 'W');  // one character = one line = 50 m
  const std::vector<LineString> streets = map.roads({"WE", "NS", "NE"});
  const WalkGraph g = WalkGraph::Build(streets);
  const SegmentIndex index(g);
  const Sources s = sources_at(index, map.points("W"));
  const Reach r = nearest_facility(g, s, 10000.0);
  CHECK(time_at(g, r, map['E']) == 200.0);
  CHECK(time_at(g, r, map['N']) == Approx(200.0 + std::sqrt(20000.0)));
  // S only via E and N: 200 + 141.42 + 200.
  CHECK(time_at(g, r, map['S']) == Approx(400.0 + std::sqrt(20000.0)));
  CHECK(g.vertex_count() == 4);

  SECTION("--node-crossings joins them, for CAD data") {
    BuildOptions o;
    o.node_crossings = true;
    const WalkGraph noded = WalkGraph::Build(streets, o);
    const SegmentIndex ni(noded);
    const Reach nr = nearest_facility(noded, sources_at(ni, map.points("W")), 10000.0);
    const Point crossing{map['N'].x, map['W'].y};
    CHECK(noded.vertex_count() == 5);
    CHECK(time_at(noded, nr, crossing) == 100.0);
    CHECK(time_at(noded, nr, map['S']) == 200.0);
  }
}

TEST_CASE("islands are separate components and serve only themselves", "[network]") {
  // Facility 0 at A, facility 1 at g, 5 m off the island C-D (50 m long).
  const AsciiMap map(R"(
                        g
    A---B               C-D
  )", 25, 5, 'A');  // one character = 25 m, one line = 5 m
  const WalkGraph g = WalkGraph::Build(map.roads());
  CHECK(g.component_count() == 2);
  CHECK(g.component(vertex_at(g, map['A'])) == 0);
  CHECK(g.component(vertex_at(g, map['C'])) == 1);
  CHECK(g.component_size(0) == 2);
  const SegmentIndex index(g);
  const Sources s = sources_at(index, map.points("Ag"));
  const Reach r = nearest_facility(g, s, 10000.0);
  CHECK(r.source[vertex_at(g, map['B'])] == 0);
  CHECK(r.source[vertex_at(g, map['D'])] == 1);
  CHECK(time_at(g, r, map['D']) == 55.0);
}

TEST_CASE("duplicate and zero-length segments are cleaned", "[network]") {
  // A-B listed twice (a two-way street stored per direction), B repeated in
  // B-B-C, and Z-Z a line of no length: 5 segments, 2 edges left.
  const AsciiMap map(R"(
          Z


    A-B-C
  )", 50, 100, 'A');  // one character = 50 m, one line = 100 m
  BuildStats stats;
  const WalkGraph g = WalkGraph::Build(map.roads({"AB", "BA", "BBC", "ZZ"}), {}, &stats);
  CHECK(stats.segments == 5);
  CHECK(stats.duplicates == 1);
  CHECK(stats.zero_length == 2);
  CHECK(g.edge_count() == 2);
  const SegmentIndex index(g);
  const Reach r = nearest_facility(g, sources_at(index, map.points("A")), 1000.0);
  CHECK(time_at(g, r, map['C']) == 200.0);
}

TEST_CASE("a graph built from lines it may free is the graph built from lines it keeps", "[network]") {
  // The build frees lines handed to it once their vertices are numbered; the
  // graph, its statistics and its components are those of the lines kept.
  const AsciiMap map(R"(
    A-B-C   E-F
      |     |
      D     G-H
  )", 50, 100, 'A');  // one character = 50 m, one line = 100 m
  const std::vector<LineString> kept = map.roads({"ABC", "BD", "CB", "EF", "EGH"});
  for (const bool noded : {false, true}) {
    BuildOptions o;
    o.node_crossings = noded;
    BuildStats ks, fs;
    const WalkGraph k = WalkGraph::Build(kept, o, &ks);
    Lines handed(kept);
    const WalkGraph f = WalkGraph::Build(std::move(handed), o, &fs);
    CHECK(handed.empty());
    // C-B repeats B-C: a duplicate segment, or one line merged away by noding.
    CHECK(ks.segments == (noded ? 6u : 7u));
    CHECK(ks.duplicates == (noded ? 0u : 1u));
    CHECK(fs.segments == ks.segments);
    CHECK(fs.duplicates == ks.duplicates);
    CHECK(fs.noded_lines == ks.noded_lines);
    REQUIRE(f.vertex_count() == k.vertex_count());
    CHECK(f.points() == k.points());
    REQUIRE(f.edge_count() == 6);
    REQUIRE(k.edge_count() == 6);
    for (EdgeId e = 0; e < k.edge_count(); ++e) {
      CHECK(f.edge(e).u == k.edge(e).u);
      CHECK(f.edge(e).v == k.edge(e).v);
      CHECK(f.edge(e).length_m == k.edge(e).length_m);
    }
    CHECK(f.component_count() == 2);
    CHECK(f.component_size(0) == 4);
    CHECK(f.component(vertex_at(f, map['H'])) == 1);
  }
}

TEST_CASE("Lines keeps every line, in order, across its blocks", "[network][geometry]") {
  // Lines of 1 to 7 points (line i has 1 + i % 7, its points (i, 0), (i, 1), ...),
  // some empty, and one longer than the largest block (2^20 points): enough
  // to fill blocks of 4,096 points and up, so lines land in several blocks.
  auto line = [](std::size_t i) {
    LineString l;
    const std::size_t n = i % 50 == 0 ? 0 : i == 7001 ? (std::size_t{1} << 20) + 3 : 1 + i % 7;
    for (std::size_t k = 0; k < n; ++k) l.push_back({static_cast<double>(i), static_cast<double>(k)});
    return l;
  };
  std::vector<LineString> all;
  for (std::size_t i = 0; i < 20000; ++i) all.push_back(line(i));
  Lines first, second;
  for (std::size_t i = 0; i < 12000; ++i) first.push_back(all[i]);
  for (std::size_t i = 12000; i < all.size(); ++i) second.push_back(all[i]);
  const std::size_t second_points = second.point_count();
  first.append(std::move(second));
  CHECK(second.empty());
  CHECK(second.point_count() == 0);
  REQUIRE(first.size() == 20000);
  std::size_t points = 0;
  for (const LineString& l : all) points += l.size();
  CHECK(first.point_count() == points);
  CHECK(second_points < points);
  std::size_t bad = 0, i = 0;
  for (PointSpan l : first) bad += l != all[i++] ? 1 : 0;  // in order
  CHECK(i == 20000);
  CHECK(bad == 0);
  for (std::size_t k : {0, 1, 49, 50, 4095, 6999, 7000, 7001, 11999, 12000, 12001, 19999}) {
    INFO("line " << k);
    CHECK(first[k] == all[k]);
    CHECK(first[k].size() == all[k].size());
  }
  CHECK(first[7001].size() == (std::size_t{1} << 20) + 3);
  CHECK(first[7001].back() == Point{7001, 1048578});
  CHECK(first == Lines(all));
  Lines moved(std::move(first));
  CHECK(first.empty());
  CHECK(first.begin() == first.end());
  CHECK(moved == Lines(all));
  first = std::move(moved);
  CHECK(moved.empty());
  CHECK(moved.point_count() == 0);
  CHECK(first.size() == 20000);
  all[19999][0].y = 0.5;
  CHECK(first != Lines(all));
  first.clear();
  CHECK(first.empty());
  CHECK(first.begin() == first.end());
}

TEST_CASE("a snap tolerance joins end points that almost meet", "[network]") {
  // C is really at (100.4, 0.3): 0.5 m from B, closer than the grid shows.
  AsciiMap map(R"(
    A---------BC--------D
  )", 10, 'A');  // one character = 10 m
  map.nudge("C", -9.6, 0.3);
  const std::vector<LineString> lines = map.roads({"AB", "CD"});
  CHECK(WalkGraph::Build(lines).component_count() == 2);
  BuildOptions o;
  o.snap_tolerance_m = 1.0;
  BuildStats stats;
  const WalkGraph g = WalkGraph::Build(lines, o, &stats);
  CHECK(stats.snapped_ends == 1);
  CHECK(g.component_count() == 1);
  CHECK(g.vertex_count() == 3);
  // C moved onto B (the earlier vertex), so C-D is now 100 m long.
  const SegmentIndex index(g);
  const Reach r = nearest_facility(g, sources_at(index, map.points("A")), 1000.0);
  CHECK(time_at(g, r, map['D']) == 200.0);
}

TEST_CASE("a snap tolerance joins a line that stops short of another's middle", "[network]") {
  // The side street C-D stops 0.6 m short of A-B (D is drawn 25 m short).
  AsciiMap map(R"(
      C
      |
      |
      D
    A---B
  )", 50, 25, 'A');  // one character = 50 m, one line = 25 m
  map.nudge("D", 0, 0.6 - 25);
  const std::vector<LineString> lines = map.roads({"AB", "CD"});
  CHECK(WalkGraph::Build(lines).component_count() == 2);
  BuildOptions o;
  o.snap_tolerance_m = 1.0;
  BuildStats stats;
  const WalkGraph g = WalkGraph::Build(lines, o, &stats);
  CHECK(stats.snapped_ends == 1);
  CHECK(g.component_count() == 1);
  CHECK(g.vertex_count() == 4);  // A, B, C and the new junction on A-B below D
  CHECK(g.edge_count() == 3);
  const SegmentIndex index(g);
  const Reach r = nearest_facility(g, sources_at(index, map.points("A")), 1000.0);
  CHECK(time_at(g, r, Point{map['D'].x, 0}) == 100.0);
  CHECK(time_at(g, r, map['C']) == 200.0);  // the side street now runs the full 100 m
  CHECK(time_at(g, r, map['B']) == 200.0);
}

TEST_CASE("the nearest facility wins, and exact ties go to the smaller index", "[network]") {
  // Facilities at A and D. B is 100 from A, C 100 from D, and M 150 from both: a tie.
  const AsciiMap map(R"(
    A---B-M-C---D
  )", 25, 'A');  // one character = 25 m
  const WalkGraph g = WalkGraph::Build(map.roads({"ABMCD"}));
  const SegmentIndex index(g);
  SECTION("A listed first") {
    const Reach r = nearest_facility(g, sources_at(index, map.points("AD")), 1000.0);
    CHECK(r.source[vertex_at(g, map['B'])] == 0);
    CHECK(r.source[vertex_at(g, map['C'])] == 1);
    CHECK(time_at(g, r, map['M']) == 150.0);
    CHECK(r.source[vertex_at(g, map['M'])] == 0);  // tie: 150 from both
  }
  SECTION("D listed first") {
    const Reach r = nearest_facility(g, sources_at(index, map.points("DA")), 1000.0);
    CHECK(r.source[vertex_at(g, map['M'])] == 0);  // now index 0 is the facility at D
  }
}

TEST_CASE("multi-source search assigns the truly nearest facility (the pgRouting equicost trap)", "[network]") {
  // Facility 0 at F reaches D over four short edges (40 m), facility 1 at G over
  // one edge (5 m): D goes to G.
  const AsciiMap map(R"(
    F-A-B-C-D
            |
            G
  )", 5, 2.5, 'F');  // one character = 5 m, one line = 2.5 m
  const WalkGraph g = WalkGraph::Build(map.roads({"FABCD", "DG"}));
  const SegmentIndex index(g);
  const Reach r = nearest_facility(g, sources_at(index, map.points("FG")), 1000.0);
  CHECK(r.source[vertex_at(g, map['D'])] == 1);
  CHECK(time_at(g, r, map['D']) == 5.0);
  CHECK(r.source[vertex_at(g, map['C'])] == 1);  // 15 from G, 30 from F
  CHECK(r.source[vertex_at(g, map['B'])] == 0);  // 20 from F, 25 from G
}

TEST_CASE("the search stops expanding past the limit", "[network]") {
  // A 10 x 10 grid of 100 m blocks, facility at a corner, limit 250 m. Built in
  // a loop, not drawn: its 121 vertices outnumber the letters a map can name.
  std::vector<LineString> segs;  // one segment per block side, so crossings share vertices
  for (int i = 0; i <= 10; ++i)
    for (int j = 0; j < 10; ++j) {
      segs.push_back({{j * 100.0, i * 100.0}, {(j + 1) * 100.0, i * 100.0}});
      segs.push_back({{i * 100.0, j * 100.0}, {i * 100.0, (j + 1) * 100.0}});
    }
  const WalkGraph g = WalkGraph::Build(segs);
  CHECK(g.vertex_count() == 121);
  CHECK(g.edge_count() == 220);
  const SegmentIndex index(g);
  const Reach r = nearest_facility(g, sources_at(index, {{0, 0}}), 250.0);
  // Reached: Manhattan distance <= 250 on the grid: (0,0),(1,0),(0,1),(2,0),(1,1),(0,2) = 6 vertices.
  std::size_t reached = 0;
  for (double d : r.distance_m) reached += d != kUnreached;
  CHECK(reached == 6);
  CHECK(r.settled == 6);
}

TEST_CASE("parcels are reached where streets enter them, or at the nearest boundary point", "[network][snap]") {
  // The facility is at A. The street A-B-C runs through parcel DEFG; parcel HIJK
  // meets no street: its nearest boundary point H is 50 m from the street end C.
  const AsciiMap map(R"(
                    K...J
                    :   :
                    :   :
                    :   :
        G...F     C H...I
        :   :     |
    A---+---+-----B
        :   :
        D...E
  )", 25, 'D');  // one character = one line = 25 m
  const WalkGraph g = WalkGraph::Build(map.roads({"ABC"}));
  const SegmentIndex index(g);
  const Sources s = sources_at(index, map.points("A"));
  const Reach r = nearest_facility(g, s, 10000.0);

  const Access a1 = index.parcel_access(map.parcel("DEFG"), 100);
  CHECK(a1.kind == AccessKind::Enters);
  REQUIRE(a1.spans.size() == 1);
  CHECK(a1.spans[0].from_m == 100.0);  // enters at D-G, 100 m from the street's start
  CHECK(a1.spans[0].to_m == 200.0);    // leaves at E-F
  const PointReach t1 = reach_span(g, r, s, a1.spans[0]);
  CHECK(t1.distance_m == 100.0);  // the facility is 100 m from the parcel's west side

  const MultiPolygon p2 = map.parcel("HIJK");
  const Access a2 = index.parcel_access(p2, 100);
  CHECK(a2.kind == AccessKind::Nearest);
  REQUIRE(a2.spans.size() == 1);
  CHECK(a2.spans[0].connector_m == 50.0);  // from C to H
  const PointReach t2 = reach_span(g, r, s, a2.spans[0]);
  CHECK(t2.distance_m == 400.0);  // 350 along A-B, 50 up to C
  CHECK(t2.distance_m + a2.spans[0].connector_m == 450.0);

  CHECK(index.parcel_access(p2, 40).kind == AccessKind::None);  // beyond the snap limit
}

// Parcel PQRS, 100 x 100 m, its south side P-Q 10 m north of the street A-D;
// one character = 25 m, one line = 10 m.
const char* const kParcelBesideStreet = R"(
        S...R
        :   :
        :   :
        :   :
        :   :
        :   :
        :   :
        :   :
        :   :
        :   :
        P...Q
    A---B---C---D
)";

TEST_CASE("a parcel edge parallel to a street is reached at its best point", "[network][snap]") {
  // Every point of P-Q is 10 m from the street; the nearest to the facility at
  // D is Q: 100 m along the street plus 10 m, 110 s, not 210 s.
  const AsciiMap map(kParcelBesideStreet, 25, 10, 'A');
  const WalkGraph g = WalkGraph::Build(map.roads({"ABCD"}));
  const SegmentIndex index(g);
  const Sources s = sources_at(index, map.points("D"));
  const Reach r = nearest_facility(g, s, 1000.0);
  const Access a = index.parcel_access(map.parcel("PQRS"), 50);
  REQUIRE(a.kind == AccessKind::Nearest);
  for (const Span& sp : a.spans) CHECK(sp.connector_m == 10.0);
  CHECK(best_way_in(g, r, s, a) == 110.0);
}

TEST_CASE("a boundary edge almost parallel to a street (rounded coordinates) counts as parallel", "[network][snap]") {
  // As above, but P-Q runs from (100, 9.9951) to (200, 9.9963): data rounded to
  // 7 decimals of a degree is never exactly parallel. Within 5 cm it is the same
  // stretch, reached at its east end: 100 + 9.9963 = 109.9963... and the
  // connector is the nearest distance, 9.9951 m.
  AsciiMap map(kParcelBesideStreet, 25, 10, 'A');
  map.nudge("P", 0, -0.0049).nudge("Q", 0, -0.0037);
  const WalkGraph g = WalkGraph::Build(map.roads({"ABCD"}));
  const SegmentIndex index(g);
  const Sources s = sources_at(index, map.points("D"));
  const Reach r = nearest_facility(g, s, 1000.0);
  const Access a = index.parcel_access(map.parcel("PQRS"), 50);
  REQUIRE(a.kind == AccessKind::Nearest);
  CHECK(best_way_in(g, r, s, a) == Approx(100.0 + 9.9951));
}

TEST_CASE("a parallel boundary edge beside a street drawn in several segments", "[network][snap]") {
  // The street has a vertex every 50 m; the facility f is 20 m south of it, its
  // foot beside P-Q. The way in is the point of the street beside P-Q nearest
  // to f: 20 + 0 + 10 = 30 s.
  const AsciiMap map(R"(
        S...R
        :   :
        :   :
        :   :
        :   :
        :   :
        :   :
        :   :
        :   :
        :   :
        P...Q
    A-B-C-D-E-F-G

         f
  )", 25, 10, 'A');  // one character = 25 m, one line = 10 m
  const WalkGraph g = WalkGraph::Build(map.roads({"ABCDEFG"}));
  const SegmentIndex index(g);
  const Sources s = sources_at(index, map.points("f"));
  const Reach r = nearest_facility(g, s, 1000.0);
  CHECK(best_way_in(g, r, s, index.parcel_access(map.parcel("PQRS"), 50)) == 30.0);
}

TEST_CASE("a second street almost as near is a way in too", "[network][snap]") {
  // Street G-H (with the facility f 10 m north of it) runs 10.03 m north of
  // parcel PQRS, street A-B 10.00 m south of it: A-B is nearer by 3 cm, but
  // within the 5 cm tolerance G-H counts as well: 10 (f's connector) + 0 +
  // 10.03 = 20.03 s.
  AsciiMap map(R"(
          f
    G-----------H
        S...R
        :   :
        :   :
        :   :
        :   :
        :   :
        :   :
        :   :
        :   :
        :   :
        P...Q
        A---B
  )", 25, 10, 'A');  // one character = 25 m, one line = 10 m
  map.nudge("fGH", 0, 0.03);
  const WalkGraph g = WalkGraph::Build(map.roads({"AB", "GH"}));
  const SegmentIndex index(g);
  const Sources s = sources_at(index, map.points("f"));
  const Reach r = nearest_facility(g, s, 1000.0);
  CHECK(best_way_in(g, r, s, index.parcel_access(map.parcel("PQRS"), 50)) == Approx(20.03));
}

TEST_CASE("OSM other_tags are read", "[network]") {
  CHECK(hstore_value(R"("foot"=>"no","access"=>"private")", "foot") == "no");
  CHECK(hstore_value(R"("foot"=>"no","access"=>"private")", "access") == "private");
  CHECK(hstore_value(R"("sidewalk:foot"=>"yes","foot"=>"designated")", "foot") == "designated");
  CHECK(hstore_value(R"("name"=>"a \"quoted\" name")", "name") == "a \"quoted\" name");
  CHECK(hstore_value(R"("bridge"=>"yes")", "foot").empty());
}

namespace {

// Distance from p to segment ab, and the fraction along ab of the nearest point:
// the brute-force oracle below, written apart from snap.cpp.
double point_segment(const Point& p, const Point& a, const Point& b) {
  const double dx = b.x - a.x, dy = b.y - a.y, l2 = dx * dx + dy * dy;
  double t = l2 == 0 ? 0.0 : ((p.x - a.x) * dx + (p.y - a.y) * dy) / l2;
  t = std::max(0.0, std::min(1.0, t));
  return std::hypot(a.x + t * dx - p.x, a.y + t * dy - p.y);
}

bool segment_meets_box(const Point& a, const Point& b, const Box& q) {
  namespace bg = boost::geometry;
  using P = bg::model::d2::point_xy<double>;
  return bg::intersects(bg::model::segment<P>(P(a.x, a.y), P(b.x, b.y)),
                        bg::model::box<P>(P(q.min_x, q.min_y), P(q.max_x, q.max_y)));
}

}  // namespace

TEST_CASE("the segment index answers as a scan of every segment does", "[network][snap]") {
  // Streets of every kind on a 3 x 2 km area: short ones in a dense patch, long
  // diagonals across many cells, horizontal and vertical ones, a point-like
  // cluster, and an outlier far from the rest (a stretched extent).
  std::mt19937_64 rng(20261204);
  std::uniform_real_distribution<double> ux(0, 3000), uy(0, 2000), small(-30, 30), angle(0, 6.283185307179586);
  std::vector<LineString> lines;
  for (int i = 0; i < 1500; ++i) {  // short, dense in the west
    const Point a{ux(rng) / 4, uy(rng) / 4};
    lines.push_back({a, {a.x + small(rng), a.y + small(rng)}});
  }
  for (int i = 0; i < 60; ++i) {  // long, any direction
    const Point a{ux(rng), uy(rng)};
    const double th = angle(rng), len = 300 + ux(rng) / 3;
    lines.push_back({a, {a.x + len * std::cos(th), a.y + len * std::sin(th)}});
  }
  for (int i = 0; i < 40; ++i) {  // axis-parallel, on round coordinates (cell edges)
    const double x = std::round(ux(rng) / 50) * 50, y = std::round(uy(rng) / 50) * 50;
    lines.push_back(i % 2 ? LineString{{x, y}, {x + 400, y}} : LineString{{x, y}, {x, y + 400}});
  }
  lines.push_back({{9000, 9000}, {9010, 9000}});  // the outlier
  const WalkGraph g = WalkGraph::Build(lines);
  const SegmentIndex index(g);
  REQUIRE(g.edge_count() > 1600);

  // Nearest points, from inside the extent, beside it and far outside it.
  std::uniform_real_distribution<double> wx(-2000, 5000), wy(-2000, 4000);
  int within = 0;
  for (int i = 0; i < 3000; ++i) {
    const Point p = i % 3 == 0 ? Point{ux(rng) / 4, uy(rng) / 4} : Point{wx(rng), wy(rng)};
    const double max_m = i % 5 == 0 ? 1e9 : 250.0;
    double best = std::numeric_limits<double>::infinity();
    EdgeId best_e = kNone;
    for (EdgeId e = 0; e < g.edge_count(); ++e) {
      const double d = point_segment(p, g.point(g.edge(e).u), g.point(g.edge(e).v));
      if (d < best) best = d, best_e = e;  // the lowest id of exact ties
    }
    const Snap s = index.nearest(p, max_m);
    INFO("point " << p.x << " " << p.y << ", max " << max_m);
    if (best <= max_m) {
      ++within;
      REQUIRE(s.on_network());
      CHECK(s.edge == best_e);
      CHECK(s.connector_m == Approx(best).margin(1e-9));
    } else {
      CHECK_FALSE(s.on_network());
    }
  }
  CHECK(within > 1000);  // both answers were tried often
  CHECK(within < 3000);

  // Edges near boxes: small and large, inside, across and outside the extent.
  for (int i = 0; i < 500; ++i) {
    const Point a{wx(rng), wy(rng)};
    const double w = i % 4 == 0 ? 2000 : 40, h = i % 4 == 0 ? 1500 : 40, grow = i % 3 == 0 ? 25.0 : 0.0;
    const Box box{a.x, a.y, a.x + w, a.y + h};
    const Box q{box.min_x - grow, box.min_y - grow, box.max_x + grow, box.max_y + grow};
    std::vector<EdgeId> expected;
    for (EdgeId e = 0; e < g.edge_count(); ++e)
      if (segment_meets_box(g.point(g.edge(e).u), g.point(g.edge(e).v), q)) expected.push_back(e);
    CHECK(index.edges_near(box, grow) == expected);
  }

  // A parcel no street meets: its ways in are at the distance of the nearest
  // street, found by scanning every segment against every boundary edge.
  int nearest_kind = 0;
  for (int i = 0; i < 300; ++i) {
    const Point c{wx(rng) / 2 + 500, wy(rng) / 2 + 500};
    const double r = 5 + (i % 7) * 3;
    Polygon square;
    square.outer = {{c.x - r, c.y - r}, {c.x + r, c.y - r}, {c.x + r, c.y + r}, {c.x - r, c.y + r}, {c.x - r, c.y - r}};
    const MultiPolygon parcel{square};
    const Access access = index.parcel_access(parcel, 200.0);
    const Ring& ring = parcel[0].outer;
    double best = std::numeric_limits<double>::infinity();
    bool meets = false;
    for (EdgeId e = 0; e < g.edge_count(); ++e) {
      const Point& a = g.point(g.edge(e).u);
      const Point& b = g.point(g.edge(e).v);
      const Box bb{c.x - r, c.y - r, c.x + r, c.y + r};
      meets = meets || segment_meets_box(a, b, bb);
      for (std::size_t k = 1; k < ring.size(); ++k)
        best = std::min({best, point_segment(ring[k - 1], a, b), point_segment(ring[k], a, b),
                         point_segment(a, ring[k - 1], ring[k]), point_segment(b, ring[k - 1], ring[k])});
    }
    INFO("parcel at " << c.x << " " << c.y << " half side " << r);
    if (meets) {
      CHECK(access.kind == AccessKind::Enters);
    } else if (best <= 200.0) {
      ++nearest_kind;
      REQUIRE(access.kind == AccessKind::Nearest);
      double shortest = std::numeric_limits<double>::infinity();
      for (const Span& sp : access.spans) shortest = std::min(shortest, sp.connector_m);
      CHECK(shortest == Approx(best).margin(1e-9));
    } else {
      CHECK(access.kind == AccessKind::None);
    }
  }
  CHECK(nearest_kind > 50);
}

TEST_CASE("the edges of a large graph are sorted and deduplicated as a scan finds them", "[network][graph]") {
  // More than 2^16 segments, so the build sorts them in parts on several
  // threads. Random walks on a 300 x 300 lattice of 10 m: many segments drawn
  // twice or more, either way round, and some of no length. The oracle numbers
  // vertices in the order first seen and keeps each (low, high) pair once.
  std::mt19937_64 rng(20261206);
  std::uniform_int_distribution<int> start(0, 299), step(0, 4);
  std::vector<LineString> lines;
  std::map<std::pair<double, double>, VertexId> ids;
  std::set<std::pair<VertexId, VertexId>> pairs;
  std::size_t segments = 0, zero = 0;
  auto id = [&](const Point& p) { return ids.emplace(std::make_pair(p.x, p.y), static_cast<VertexId>(ids.size())).first->second; };
  for (int w = 0; w < 3000; ++w) {
    int x = start(rng), y = start(rng);
    LineString l{{x * 10.0, y * 10.0}};
    for (int k = 0; k < 40; ++k) {
      const int d = step(rng);  // east, north, west, south, or stay
      x = std::clamp(x + (d == 0) - (d == 2), 0, 299), y = std::clamp(y + (d == 1) - (d == 3), 0, 299);
      l.push_back({x * 10.0, y * 10.0});
    }
    VertexId prev = id(l[0]);
    for (std::size_t i = 1; i < l.size(); ++i) {
      const VertexId cur = id(l[i]);
      ++segments;
      if (cur == prev) ++zero;
      else pairs.insert({std::min(prev, cur), std::max(prev, cur)});
      prev = cur;
    }
    lines.push_back(std::move(l));
  }
  REQUIRE(segments == 120000);
  for (unsigned threads : {0u, 1u, 3u}) {  // one per core, one, three
    INFO("threads " << threads);
    BuildOptions options;
    options.threads = threads;
    BuildStats st;
    const WalkGraph g = WalkGraph::Build(lines, options, &st);
    CHECK(st.zero_length == zero);
    CHECK(st.duplicates == segments - zero - pairs.size());
    REQUIRE(g.vertex_count() == ids.size());
    REQUIRE(g.edge_count() == pairs.size());
    EdgeId e = 0;
    bool same = true;
    for (const auto& [u, v] : pairs) {
      same = same && g.edge(e).u == u && g.edge(e).v == v && g.edge(e).length_m == 10.0;
      ++e;
    }
    CHECK(same);
  }
}

TEST_CASE("the segment index built on several cores answers as a scan does", "[network][snap]") {
  // More than 2^16 edges, so the index is counted and filled in blocks on
  // several threads: a 260 x 260 grid of 10 m blocks (135,720 edges) and 200
  // long diagonals over it, not noded to it.
  std::vector<LineString> lines;
  for (int i = 0; i <= 260; ++i) {
    LineString row, col;
    for (int k = 0; k <= 260; ++k) row.push_back({k * 10.0, i * 10.0}), col.push_back({i * 10.0, k * 10.0});
    lines.push_back(std::move(row)), lines.push_back(std::move(col));
  }
  std::mt19937_64 rng(20261205);
  std::uniform_real_distribution<double> u(-50, 2650), angle(0, 6.283185307179586);
  for (int i = 0; i < 200; ++i) {
    const Point a{u(rng), u(rng)};
    const double th = angle(rng);
    lines.push_back({a, {a.x + 900 * std::cos(th), a.y + 900 * std::sin(th)}});
  }
  const WalkGraph g = WalkGraph::Build(lines);
  REQUIRE(g.edge_count() == 2 * 261 * 260 + 200);
  const SegmentIndex index(g), one(g, 1), three(g, 3);  // one per core, one, three
  for (int i = 0; i < 400; ++i) {
    const Point p{u(rng) * 1.2 - 200, u(rng) * 1.2 - 200};
    double best = std::numeric_limits<double>::infinity();
    EdgeId best_e = kNone;
    for (EdgeId e = 0; e < g.edge_count(); ++e) {
      const double d = point_segment(p, g.point(g.edge(e).u), g.point(g.edge(e).v));
      if (d < best) best = d, best_e = e;
    }
    INFO("point " << p.x << " " << p.y);
    for (const SegmentIndex* ix : {&index, &one, &three}) {
      const Snap s = ix->nearest(p, 1e9);
      REQUIRE(s.on_network());
      CHECK(s.edge == best_e);
      CHECK(s.connector_m == Approx(best).margin(1e-9));
    }
  }
  for (int i = 0; i < 100; ++i) {
    const Point a{u(rng), u(rng)};
    const double w = i % 4 == 0 ? 600 : 25;
    const Box box{a.x, a.y, a.x + w, a.y + w};
    std::vector<EdgeId> expected;
    for (EdgeId e = 0; e < g.edge_count(); ++e)
      if (segment_meets_box(g.point(g.edge(e).u), g.point(g.edge(e).v), box)) expected.push_back(e);
    CHECK(index.edges_near(box, 0.0) == expected);
    CHECK(one.edges_near(box, 0.0) == expected);
    CHECK(three.edges_near(box, 0.0) == expected);
  }
}
