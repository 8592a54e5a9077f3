// SPDX-License-Identifier: Apache-2.0
// Walking-graph scenarios drawn as maps, in metres at 1 m/s: every expected time
// can be checked by hand (100 m of street is 100 s).

#include <catch2/catch.hpp>

#include "siting/network/graph.hpp"
#include "siting/network/roads.hpp"
#include "siting/network/search.hpp"
#include "siting/network/snap.hpp"

using namespace siting;
using namespace siting::network;

namespace {

WalkGraph graph_of(const std::vector<const char*>& wkt, BuildOptions options = {}, BuildStats* stats = nullptr) {
  std::vector<LineString> lines;
  for (const char* w : wkt) lines.push_back(linestring_from_wkt(w));
  return WalkGraph::Build(lines, options, stats);
}

VertexId vertex_at(const WalkGraph& g, double x, double y) {
  for (VertexId v = 0; v < g.vertex_count(); ++v)
    if (g.point(v).x == x && g.point(v).y == y) return v;
  FAIL("no vertex at " << x << " " << y);
  return kNone;
}

// Facilities snapped at these points, ids 0, 1, ...
Sources sources_at(const SegmentIndex& index, const std::vector<Point>& points, double max_snap = 1000) {
  std::vector<Source> s;
  for (std::uint32_t i = 0; i < points.size(); ++i) s.push_back({index.nearest(points[i], max_snap), i});
  return Sources(std::move(s));
}

double time_at(const WalkGraph& g, const Reach& r, double x, double y) { return r.distance_m[vertex_at(g, x, y)]; }

}  // namespace

TEST_CASE("a vertex exactly at the budget is reached", "[network]") {
  //  F-------A-------B-------C      F = facility at x=0; 100 m between vertices
  //  0      100     200     300     budget 200 s: A, B reached; C not
  const WalkGraph g = graph_of({"LINESTRING (0 0, 100 0, 200 0, 300 0)"});
  const SegmentIndex index(g);
  const Sources s = sources_at(index, {{0, 0}});
  const Reach r = nearest_facility(g, s, 200.0);
  CHECK(time_at(g, r, 0, 0) == 0.0);
  CHECK(time_at(g, r, 100, 0) == 100.0);
  CHECK(time_at(g, r, 200, 0) == 200.0);
  CHECK(time_at(g, r, 300, 0) == kUnreached);
  CHECK(r.source[vertex_at(g, 200, 0)] == 0);
  CHECK(r.source[vertex_at(g, 300, 0)] == kNone);
}

TEST_CASE("a facility snaps to the middle of an edge, and the connector counts", "[network][snap]") {
  //            f (150, 10)
  //            |  10 m connector
  //  A---------+---------B
  //  0        150       300
  const WalkGraph g = graph_of({"LINESTRING (0 0, 300 0)"});
  const SegmentIndex index(g);
  const Snap snap = index.nearest({150, 10}, 50);
  REQUIRE(snap.on_network());
  CHECK(snap.along_m == 150.0);
  CHECK(snap.connector_m == 10.0);
  CHECK(snap.at == Point{150, 0});
  const Sources s = sources_at(index, {{150, 10}});
  const Reach r = nearest_facility(g, s, 1000.0);
  CHECK(time_at(g, r, 0, 0) == 160.0);
  CHECK(time_at(g, r, 300, 0) == 160.0);
  // A parcel entrance on the same edge, 50 m from the facility's foot: 10 + 50.
  const PointReach p = reach_at(g, r, s, index.nearest({200, -5}, 50));
  CHECK(p.distance_m == 60.0);
  CHECK(p.source == 0);
  // Beyond the maximum snap distance: off the network.
  CHECK_FALSE(index.nearest({150, 80}, 50).on_network());
}

TEST_CASE("a bridge crossing a street without a shared vertex does not connect", "[network]") {
  //            N (0,100)
  //           /|
  //          / |  bridge N-S crosses W-E at (0,0) with no vertex there
  //  W------/--+-------E        N-E link: sqrt(100^2 + 100^2) = 141.42 m
  //         \  |
  //          E |              facility at W (-100, 0)
  //            S (0,-100)
  const std::vector<const char*> streets{"LINESTRING (-100 0, 100 0)", "LINESTRING (0 100, 0 -100)",
                                         "LINESTRING (0 100, 100 0)"};
  const WalkGraph g = graph_of(streets);
  const SegmentIndex index(g);
  const Sources s = sources_at(index, {{-100, 0}});
  const Reach r = nearest_facility(g, s, 10000.0);
  CHECK(time_at(g, r, 100, 0) == 200.0);
  CHECK(time_at(g, r, 0, 100) == Approx(200.0 + std::sqrt(20000.0)));
  // S only via E and N: 200 + 141.42 + 200.
  CHECK(time_at(g, r, 0, -100) == Approx(400.0 + std::sqrt(20000.0)));
  CHECK(g.vertex_count() == 4);

  SECTION("--node-crossings joins them, for CAD data") {
    BuildOptions o;
    o.node_crossings = true;
    const WalkGraph noded = graph_of(streets, o);
    const SegmentIndex ni(noded);
    const Reach nr = nearest_facility(noded, sources_at(ni, {{-100, 0}}), 10000.0);
    CHECK(noded.vertex_count() == 5);
    CHECK(time_at(noded, nr, 0, 0) == 100.0);
    CHECK(time_at(noded, nr, 0, -100) == 200.0);
  }
}

TEST_CASE("islands are separate components and serve only themselves", "[network]") {
  //  A-------B        C---D (island, 50 m)      facility 0 at A, facility 1 near C
  //  0      100      500 550
  const WalkGraph g = graph_of({"LINESTRING (0 0, 100 0)", "LINESTRING (500 0, 550 0)"});
  CHECK(g.component_count() == 2);
  CHECK(g.component(vertex_at(g, 0, 0)) == 0);
  CHECK(g.component(vertex_at(g, 500, 0)) == 1);
  CHECK(g.component_size(0) == 2);
  const SegmentIndex index(g);
  const Sources s = sources_at(index, {{0, 0}, {500, 5}});
  const Reach r = nearest_facility(g, s, 10000.0);
  CHECK(r.source[vertex_at(g, 100, 0)] == 0);
  CHECK(r.source[vertex_at(g, 550, 0)] == 1);
  CHECK(time_at(g, r, 550, 0) == 55.0);
}

TEST_CASE("duplicate and zero-length segments are cleaned", "[network]") {
  //  A-------B-------C     A-B drawn twice (two-way street), B repeated in B-C
  BuildStats stats;
  const WalkGraph g = graph_of({"LINESTRING (0 0, 100 0)", "LINESTRING (100 0, 0 0)",
                                "LINESTRING (100 0, 100 0, 200 0)", "LINESTRING (300 300, 300 300)"},
                               {}, &stats);
  CHECK(stats.segments == 5);
  CHECK(stats.duplicates == 1);
  CHECK(stats.zero_length == 2);
  CHECK(g.edge_count() == 2);
  const SegmentIndex index(g);
  const Reach r = nearest_facility(g, sources_at(index, {{0, 0}}), 1000.0);
  CHECK(time_at(g, r, 200, 0) == 200.0);
}

TEST_CASE("a snap tolerance joins end points that almost meet", "[network]") {
  //  A-------B  C-------D      B (100, 0) and C (100.4, 0.3) are 0.5 m apart
  const std::vector<const char*> lines{"LINESTRING (0 0, 100 0)", "LINESTRING (100.4 0.3, 200 0)"};
  CHECK(graph_of(lines).component_count() == 2);
  BuildOptions o;
  o.snap_tolerance_m = 1.0;
  BuildStats stats;
  const WalkGraph g = graph_of(lines, o, &stats);
  CHECK(stats.snapped_ends == 1);
  CHECK(g.component_count() == 1);
  CHECK(g.vertex_count() == 3);
  // C moved onto B (the earlier vertex), so C-D is now 100 m long.
  const SegmentIndex index(g);
  const Reach r = nearest_facility(g, sources_at(index, {{0, 0}}), 1000.0);
  CHECK(time_at(g, r, 200, 0) == 200.0);
}

TEST_CASE("a snap tolerance joins a line that stops short of another's middle", "[network]") {
  //            C (100, 100)
  //            |
  //            D (100, 0.6)     the side street stops 0.6 m short of A-B
  //  A---------+---------B      A (0,0), B (200,0)
  const std::vector<const char*> lines{"LINESTRING (0 0, 200 0)", "LINESTRING (100 100, 100 0.6)"};
  CHECK(graph_of(lines).component_count() == 2);
  BuildOptions o;
  o.snap_tolerance_m = 1.0;
  BuildStats stats;
  const WalkGraph g = graph_of(lines, o, &stats);
  CHECK(stats.snapped_ends == 1);
  CHECK(g.component_count() == 1);
  CHECK(g.vertex_count() == 4);  // A, B, C and the new junction at (100, 0)
  CHECK(g.edge_count() == 3);
  const SegmentIndex index(g);
  const Reach r = nearest_facility(g, sources_at(index, {{0, 0}}), 1000.0);
  CHECK(time_at(g, r, 100, 0) == 100.0);
  CHECK(time_at(g, r, 100, 100) == 200.0);  // the side street now runs the full 100 m
  CHECK(time_at(g, r, 200, 0) == 200.0);
}

TEST_CASE("the nearest facility wins, and exact ties go to the smaller index", "[network]") {
  //  f0                                  f1
  //  A(0)----B(100)----M(150)----C(200)----D(300)
  //  B is 100 from f0, C 100 from f1, and M 150 from both: a tie.
  const WalkGraph g = graph_of({"LINESTRING (0 0, 100 0, 150 0, 200 0, 300 0)"});
  const SegmentIndex index(g);
  SECTION("f0 listed first") {
    const Reach r = nearest_facility(g, sources_at(index, {{0, 0}, {300, 0}}), 1000.0);
    CHECK(r.source[vertex_at(g, 100, 0)] == 0);
    CHECK(r.source[vertex_at(g, 200, 0)] == 1);
    CHECK(time_at(g, r, 150, 0) == 150.0);
    CHECK(r.source[vertex_at(g, 150, 0)] == 0);  // tie: 150 from both
  }
  SECTION("f1 listed first") {
    const Reach r = nearest_facility(g, sources_at(index, {{300, 0}, {0, 0}}), 1000.0);
    CHECK(r.source[vertex_at(g, 150, 0)] == 0);  // now index 0 is the facility at x=300
  }
}

TEST_CASE("multi-source search assigns the truly nearest facility (the pgRouting equicost trap)", "[network]") {
  //  Four short edges from f0 reach D, one edge from f1: D is nearer f1 by length.
  //
  //   f0(0,0)---A(10,0)---B(20,0)---C(30,0)---D(40,0)       short edges from f0
  //                                            |
  //                                            5 m
  //                                            |
  //                                           f1(40,-5)
  //  D is 40 m from f0 and 5 m from f1: f1.
  const WalkGraph g = graph_of({"LINESTRING (0 0, 10 0, 20 0, 30 0, 40 0)", "LINESTRING (40 0, 40 -5)"});
  const SegmentIndex index(g);
  const Reach r = nearest_facility(g, sources_at(index, {{0, 0}, {40, -5}}), 1000.0);
  CHECK(r.source[vertex_at(g, 40, 0)] == 1);
  CHECK(time_at(g, r, 40, 0) == 5.0);
  CHECK(r.source[vertex_at(g, 30, 0)] == 1);  // 15 from f1, 30 from f0
  CHECK(r.source[vertex_at(g, 20, 0)] == 0);  // 20 from f0, 25 from f1
}

TEST_CASE("the search stops expanding past the limit", "[network]") {
  //  a 10 x 10 grid of 100 m blocks; facility at a corner; limit 250 m
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
  //  y
  //  200          +------+             P2: 300..400 x 100..200, no street meets it:
  //               |  P2  |             nearest boundary point (300,100) is 50 m from
  //  100 +-----+  +------+             the street end (250, 100)... see below
  //      | P1  |
  //   50 |-----|------------ street y=50 from x=-100 to 250, then up to (250,100)
  //    0 +-----+
  //     0     100
  //  facility at x=-100 on the street.
  const WalkGraph g = graph_of({"LINESTRING (-100 50, 250 50, 250 100)"});
  const SegmentIndex index(g);
  const Sources s = sources_at(index, {{-100, 50}});
  const Reach r = nearest_facility(g, s, 10000.0);

  const MultiPolygon p1 = multipolygon_from_wkt("POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0))");
  const Access a1 = index.parcel_access(p1, 100);
  CHECK(a1.kind == AccessKind::Enters);
  REQUIRE(a1.spans.size() == 1);
  CHECK(a1.spans[0].from_m == 100.0);  // enters at x=0, 100 m from the street's start
  CHECK(a1.spans[0].to_m == 200.0);    // leaves at x=100
  const PointReach t1 = reach_span(g, r, s, a1.spans[0]);
  CHECK(t1.distance_m == 100.0);  // the facility is 100 m from the parcel's west side

  const MultiPolygon p2 = multipolygon_from_wkt("POLYGON ((300 100, 400 100, 400 200, 300 200, 300 100))");
  const Access a2 = index.parcel_access(p2, 100);
  CHECK(a2.kind == AccessKind::Nearest);
  REQUIRE(a2.spans.size() == 1);
  CHECK(a2.spans[0].connector_m == 50.0);  // from (250,100) to the corner (300,100)
  const PointReach t2 = reach_span(g, r, s, a2.spans[0]);
  CHECK(t2.distance_m == 400.0);  // 350 along y=50, 50 up to (250,100)
  CHECK(t2.distance_m + a2.spans[0].connector_m == 450.0);

  CHECK(index.parcel_access(p2, 40).kind == AccessKind::None);  // beyond the snap limit
}

TEST_CASE("a parcel edge parallel to a street is reached at its best point", "[network][snap]") {
  //            +------+  P: 100..200 x 10..110, its south edge 10 m from the street
  //            |  P   |
  //            +------+
  //  A-------B-------C-------D     street y=0, facility f at D (300, 0)
  //  0      100     200     300
  // Every point of the south edge is 10 m from the street; the nearest to f is
  // (200, 10): 100 m along the street plus 10 m: 110 s, not 210 s.
  const WalkGraph g = graph_of({"LINESTRING (0 0, 100 0, 200 0, 300 0)"});
  const SegmentIndex index(g);
  const Sources s = sources_at(index, {{300, 0}});
  const Reach r = nearest_facility(g, s, 1000.0);
  const Access a = index.parcel_access(multipolygon_from_wkt("POLYGON ((100 10, 200 10, 200 110, 100 110, 100 10))"), 50);
  REQUIRE(a.kind == AccessKind::Nearest);
  double best = kUnreached;
  for (const Span& sp : a.spans) {
    CHECK(sp.connector_m == 10.0);
    best = std::min(best, reach_span(g, r, s, sp).distance_m + sp.connector_m);
  }
  CHECK(best == 110.0);
}

TEST_CASE("a boundary edge almost parallel to a street (rounded coordinates) counts as parallel", "[network][snap]") {
  // As above, but the south edge runs from (100, 9.9951) to (200, 9.9963): data
  // rounded to 7 decimals of a degree is never exactly parallel. Within 5 cm it
  // is the same stretch, reached at its east end: 100 + 9.9963 = 109.9963... and
  // the connector is the nearest distance, 9.9951 m.
  const WalkGraph g = graph_of({"LINESTRING (0 0, 100 0, 200 0, 300 0)"});
  const SegmentIndex index(g);
  const Sources s = sources_at(index, {{300, 0}});
  const Reach r = nearest_facility(g, s, 1000.0);
  const Access a = index.parcel_access(
      multipolygon_from_wkt("POLYGON ((100 9.9951, 200 9.9963, 200 110, 100 110, 100 9.9951))"), 50);
  REQUIRE(a.kind == AccessKind::Nearest);
  double best = kUnreached;
  for (const Span& sp : a.spans) best = std::min(best, reach_span(g, r, s, sp).distance_m + sp.connector_m);
  CHECK(best == Approx(100.0 + 9.9951));
}

TEST_CASE("a parallel boundary edge beside a street drawn in several segments", "[network][snap]") {
  //            +------+  P: 100..200 x 10..110
  //            |  P   |
  //            +------+
  //  A----+----+--+--+----+----+     street y=0 with a vertex every 50 m
  //  0   50  100 125 150  ...  300   f at (125, -20): its foot (125, 0) is beside P
  // The way in is the point of the street beside P nearest to f: 20 + 0 + 10 = 30 s.
  const WalkGraph g = graph_of({"LINESTRING (0 0, 50 0, 100 0, 150 0, 200 0, 250 0, 300 0)"});
  const SegmentIndex index(g);
  const Sources s = sources_at(index, {{125, -20}});
  const Reach r = nearest_facility(g, s, 1000.0);
  const Access a = index.parcel_access(multipolygon_from_wkt("POLYGON ((100 10, 200 10, 200 110, 100 110, 100 10))"), 50);
  double best = kUnreached;
  for (const Span& sp : a.spans) best = std::min(best, reach_span(g, r, s, sp).distance_m + sp.connector_m);
  CHECK(best == 30.0);
}

TEST_CASE("a second street almost as near is a way in too", "[network][snap]") {
  //  y=120.03 ==========f===========   street B with the facility f at (150, 130.03)
  //            +------+                P: 100..200 x 10..110, its top 10.03 m below B
  //            |  P   |
  //            +------+
  //  y=0        ======                 street A, 10.00 m below P, on its own (no facility)
  // A is nearer by 3 cm, but within the 5 cm tolerance B counts as well:
  // 10 (f's connector) + 0 + 10.03 = 20.03 s.
  const WalkGraph g = graph_of({"LINESTRING (100 0, 200 0)", "LINESTRING (0 120.03, 300 120.03)"});
  const SegmentIndex index(g);
  const Sources s = sources_at(index, {{150, 130.03}});
  const Reach r = nearest_facility(g, s, 1000.0);
  const Access a = index.parcel_access(multipolygon_from_wkt("POLYGON ((100 10, 200 10, 200 110, 100 110, 100 10))"), 50);
  double best = kUnreached;
  for (const Span& sp : a.spans) best = std::min(best, reach_span(g, r, s, sp).distance_m + sp.connector_m);
  CHECK(best == Approx(20.03));
}

TEST_CASE("OSM other_tags are read", "[network]") {
  CHECK(hstore_value(R"("foot"=>"no","access"=>"private")", "foot") == "no");
  CHECK(hstore_value(R"("foot"=>"no","access"=>"private")", "access") == "private");
  CHECK(hstore_value(R"("sidewalk:foot"=>"yes","foot"=>"designated")", "foot") == "designated");
  CHECK(hstore_value(R"("name"=>"a \"quoted\" name")", "name") == "a \"quoted\" name");
  CHECK(hstore_value(R"("bridge"=>"yes")", "foot").empty());
}
