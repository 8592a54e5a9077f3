// SPDX-License-Identifier: Apache-2.0
// The drawn-map test helper itself: a drawing parses to the coordinates it shows,
// and a list of roads that disagrees with the drawing is refused.

#include <catch2/catch.hpp>

#include "ascii_map.hpp"

using namespace siting;
using siting::test::AsciiMap;
using Catch::Matchers::Contains;

TEST_CASE("a drawing gives each letter its grid position in metres", "[ascii]") {
  const AsciiMap map(R"(
      N              # notes after a hash are not part of the map: ABC
      |\
    W-+-E   f
      |
      S
  )", 50, 25, 'W');  // one character = 50 m, one line = 25 m
  CHECK(map['W'] == Point{0, 0});
  CHECK(map['E'] == Point{200, 0});
  CHECK(map['N'] == Point{100, 50});
  CHECK(map['S'] == Point{100, -50});
  CHECK(map['f'] == Point{400, 0});
  CHECK(map.points("SN") == std::vector<Point>{{100, -50}, {100, 50}});
  CHECK_THROWS_WITH(map['A'], Contains("no letter A"));
}

TEST_CASE("roads follow the drawn strokes", "[ascii]") {
  const AsciiMap map(R"(
      N
      |\
    W-+-E
      |
      S
  )", 50, 'W');
  SECTION("listed: one line per string, a + is no vertex") {
    const auto roads = map.roads({"WE", "NS", "NE"});
    REQUIRE(roads.size() == 3);
    CHECK(roads[0] == LineString{{0, 0}, {200, 0}});
    CHECK(roads[1] == LineString{{100, 100}, {100, -100}});
    CHECK(roads[2] == LineString{{100, 100}, {200, 0}});
  }
  SECTION("traced: one line per stroke, in reading order") {
    const auto roads = map.roads();
    REQUIRE(roads.size() == 3);
    CHECK(roads[0] == LineString{{100, 100}, {200, 0}});    // N-E
    CHECK(roads[1] == LineString{{100, 100}, {100, -100}});  // N-S
    CHECK(roads[2] == LineString{{0, 0}, {200, 0}});        // W-E
  }
  SECTION("a line of several letters, a repeated letter, a nudged point") {
    AsciiMap m(R"(
    A-B-C   Z
    )", 10, 'A');
    m.nudge("C", 0.5, -0.25);
    const auto roads = m.roads({"ABBC", "ZZ"});
    CHECK(roads[0] == LineString{{0, 0}, {20, 0}, {20, 0}, {40.5, -0.25}});
    CHECK(roads[1] == LineString{{80, 0}, {80, 0}});
  }
}

TEST_CASE("parcels are rings through their corner letters", "[ascii]") {
  SECTION("a road crossing two sides") {
    const AsciiMap map(R"(
    D...C
    :   :
    A---+-B
    :   :
    E...F
    )", 10, 'A');
    const MultiPolygon p = map.parcel("EFCD");
    REQUIRE(p.size() == 1);
    CHECK(p[0].outer == Ring{{0, -20}, {40, -20}, {40, 20}, {0, 20}, {0, -20}});
    CHECK(p[0].holes.empty());
    CHECK(map.roads({"AB"}) == std::vector<LineString>{{{0, 0}, {60, 0}}});
  }
  SECTION("a side along a road, past one of its vertices") {
    const AsciiMap map(R"(
      S.......R
      :       :
    A-P---M---Q-B
    )", 10, 'A');
    CHECK(map.parcel("PQRS")[0].outer == Ring{{20, 0}, {100, 0}, {100, 20}, {20, 20}, {20, 0}});
    CHECK(map.roads({"AMB"}) == std::vector<LineString>{{{0, 0}, {60, 0}, {120, 0}}});
  }
}

TEST_CASE("a list of roads that disagrees with the drawing is refused", "[ascii]") {
  const AsciiMap map(R"(
    A---B   C
        |
    D---E
  )", 10, 'A');
  CHECK_NOTHROW(map.roads({"AB", "BE", "DE"}));
  // A road that is not drawn, and drawn roads missing from the list.
  CHECK_THROWS_WITH(map.roads({"AB", "BC", "BE", "DE"}), Contains("B-C is not drawn"));
  CHECK_THROWS_WITH(map.roads({"AB", "DE"}), Contains("row 3, column 9 is in no road"));
  // A-E is not straight, and a road may not run through another road's vertex.
  CHECK_THROWS_WITH(map.roads({"AE"}), Contains("neither straight"));
  const AsciiMap through(R"(
    A-B-C
  )", 10, 'A');
  CHECK_THROWS_WITH(through.roads({"AC", "BB"}), Contains("draw + for a crossing"));
  CHECK(through.roads({"AC"}).size() == 1);  // B is then a point lying on the road
  CHECK_THROWS_WITH(AsciiMap("A=B", 10, 'A'), Contains("unknown character '='"));
  CHECK_THROWS_WITH(AsciiMap("A-A", 10, 'A'), Contains("letter A at row 1, column 3 is drawn twice"));
  CHECK_THROWS_WITH(AsciiMap("A--  B", 10, 'A').roads(), Contains("the road from A ends at row 1, column 4"));
  CHECK_THROWS_WITH(map.parcel("ABED"), Contains("D-A is not drawn"));
}
