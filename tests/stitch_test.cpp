// SPDX-License-Identifier: Apache-2.0
// Stitching polygons clipped to squares into their union (detail/stitch.hpp):
// small coverages worked by hand, vertex by vertex.
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "detail/stitch.hpp"

using siting::Box;
using siting::Point;
using siting::Ring;
using siting::signed_area;
using siting::detail::SquarePolygon;
using siting::detail::stitch_squares;

namespace {

// A ring's distinct points, sorted: the same set whatever its first point.
std::vector<std::pair<double, double>> points(const Ring& r) {
  std::vector<std::pair<double, double>> out;
  for (std::size_t i = 0; i + 1 < r.size(); ++i) out.push_back({r[i].x, r[i].y});
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::pair<double, double>> sorted(std::vector<std::pair<double, double>> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// A quarter turn counter-clockwise about (2, 2): the squares of side 2 with
// corners on the even numbers go round into one another, orientation kept.
Point turn(const Point& p) { return {4.0 - p.y, p.x}; }
SquarePolygon turn(const SquarePolygon& s) {
  SquarePolygon t;
  for (const Point& p : s.ring) t.ring.push_back(turn(p));
  const Point a = turn({s.square.min_x, s.square.min_y}), b = turn({s.square.max_x, s.square.max_y});
  t.square = {std::min(a.x, b.x), std::min(a.y, b.y), std::max(a.x, b.x), std::max(a.y, b.y)};
  return t;
}

}  // namespace

TEST_CASE("stitch: two squares side by side are one rectangle, the seam's ends kept", "[service_area][stitch]") {
  //  (0,1) +-----+-----+ (2,1)
  //        |  W  |  E  |      the seam x = 1 drops out
  //  (0,0) +-----+-----+ (2,0)
  const SquarePolygon west{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}, Box{0, 0, 1, 1}};
  const SquarePolygon east{{{1, 0}, {1, 1}, {2, 1}, {2, 0}, {1, 0}}, Box{1, 0, 2, 1}};  // clockwise: either will do
  const auto s = stitch_squares({west, east});
  REQUIRE(s);
  REQUIRE(s->shells.size() == 1);
  CHECK(s->holes.empty());
  CHECK(signed_area(s->shells[0]) == 2.0);
  CHECK(s->shells[0].front().x == s->shells[0].back().x);
  CHECK(s->shells[0].front().y == s->shells[0].back().y);
  CHECK(points(s->shells[0]) == sorted({{0, 0}, {1, 0}, {2, 0}, {2, 1}, {1, 1}, {0, 1}}));
}

TEST_CASE("stitch: a frame over four squares keeps its hole, and an island in it", "[service_area][stitch]") {
  // The frame 0..4 less 1..3, and the island 1.5..2.5, on squares of side 2:
  // each square holds an L of the frame and a quarter of the island.
  //
  //   4 +-------+-------+
  //     |       |       |
  //   3 |   +---+---+   |
  //     |   | +-+-+ |   |      the hole and the island both cross both seams
  //   2 +---+-+-+-+-+---+
  //     |   | +-+-+ |   |
  //   1 |   +---+---+   |
  //     |       |       |
  //   0 +-------+-------+
  //     0   1       3   4
  const SquarePolygon frame{{{0, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 2}, {0, 2}, {0, 0}}, Box{0, 0, 2, 2}};
  const SquarePolygon island{{{1.5, 1.5}, {2, 1.5}, {2, 2}, {1.5, 2}, {1.5, 1.5}}, Box{0, 0, 2, 2}};
  std::vector<SquarePolygon> all;
  SquarePolygon f = frame, i = island;
  for (int q = 0; q < 4; ++q, f = turn(f), i = turn(i)) all.push_back(f), all.push_back(i);
  const auto s = stitch_squares(all);
  REQUIRE(s);
  REQUIRE(s->shells.size() == 2);
  REQUIRE(s->holes.size() == 1);
  const Ring& outer = signed_area(s->shells[0]) > 2 ? s->shells[0] : s->shells[1];
  const Ring& inner = signed_area(s->shells[0]) > 2 ? s->shells[1] : s->shells[0];
  CHECK(signed_area(outer) == 16.0);
  CHECK(points(outer) == sorted({{0, 0}, {2, 0}, {4, 0}, {4, 2}, {4, 4}, {2, 4}, {0, 4}, {0, 2}}));
  CHECK(signed_area(inner) == 1.0);
  CHECK(points(inner) == sorted({{1.5, 1.5}, {2, 1.5}, {2.5, 1.5}, {2.5, 2}, {2.5, 2.5}, {2, 2.5}, {1.5, 2.5}, {1.5, 2}}));
  CHECK(signed_area(s->holes[0]) == -4.0);  // clockwise
  CHECK(points(s->holes[0]) == sorted({{1, 1}, {2, 1}, {3, 1}, {3, 2}, {3, 3}, {2, 3}, {1, 3}, {1, 2}}));
}

TEST_CASE("stitch: where the two sides of a seam disagree, the union keeps the step", "[service_area][stitch]") {
  // The east square's polygon reaches 1e-9 higher on the seam than the west
  // one's (each square's buffer is drawn on its own): the union's boundary
  // steps up the seam there, as an overlay's would.
  const double e = 1e-9;
  const SquarePolygon west{{{0, 0}, {1, 0}, {1, 0.5}, {0, 0.5}, {0, 0}}, Box{0, 0, 1, 1}};
  const SquarePolygon east{{{1, 0}, {2, 0}, {2, 0.5 + e}, {1, 0.5 + e}, {1, 0}}, Box{1, 0, 2, 1}};
  const auto s = stitch_squares({west, east});
  REQUIRE(s);
  REQUIRE(s->shells.size() == 1);
  CHECK(points(s->shells[0]) == sorted({{0, 0}, {1, 0}, {2, 0}, {2, 0.5 + e}, {1, 0.5 + e}, {1, 0.5}, {0, 0.5}}));
  CHECK(signed_area(s->shells[0]) == Approx(1.0 + e).epsilon(1e-15));
}

TEST_CASE("stitch: a union that touches itself at a point, or overlapping input, is left to an overlay",
          "[service_area][stitch]") {
  // Two squares meeting corner to corner at (1, 1): the boundary passes that
  // point twice, which only an overlay (valid polygons touching) may decide.
  const SquarePolygon a{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}, Box{0, 0, 1, 1}};
  const SquarePolygon b{{{1, 1}, {2, 1}, {2, 2}, {1, 2}, {1, 1}}, Box{1, 1, 2, 2}};
  CHECK_FALSE(stitch_squares({a, b}));
  // One square's polygon twice: both cover the same stretch of a side.
  CHECK_FALSE(stitch_squares({a, a}));
  // A polygon running along its square's side with itself outside the square.
  const SquarePolygon outside{{{1, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 0}}, Box{0, 0, 1, 1}};
  CHECK_FALSE(stitch_squares({outside}));
  // Alone, each square is its own shell, its sides kept.
  const auto one = stitch_squares({b});
  REQUIRE(one);
  REQUIRE(one->shells.size() == 1);
  CHECK(points(one->shells[0]) == sorted({{1, 1}, {2, 1}, {2, 2}, {1, 2}}));
}

TEST_CASE("stitch: a side cut in two and a repeated point drop out with the side", "[service_area][stitch]") {
  // The west square's east side comes in two edges, (1, 0.5) repeated between
  // them: the whole side is covered from the east too, so it goes, and with it
  // the point in its middle.
  const SquarePolygon west{{{0, 0}, {1, 0}, {1, 0.5}, {1, 0.5}, {1, 1}, {0, 1}, {0, 0}}, Box{0, 0, 1, 1}};
  const SquarePolygon east{{{1, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 0}}, Box{1, 0, 2, 1}};
  const auto s = stitch_squares({west, east});
  REQUIRE(s);
  REQUIRE(s->shells.size() == 1);
  CHECK(points(s->shells[0]) == sorted({{0, 0}, {1, 0}, {2, 0}, {2, 1}, {1, 1}, {0, 1}}));
}

TEST_CASE("stitch: a polygon that touches a side at one vertex", "[service_area][stitch]") {
  // A diamond touching the east side of its square at (2, 1) has no edge on
  // a side: it is its own shell. A second diamond across the side touching the
  // same point makes the union meet itself there: declined.
  const SquarePolygon west{{{1, 0.5}, {2, 1}, {1, 1.5}, {0.5, 1}, {1, 0.5}}, Box{0, 0, 2, 2}};
  const SquarePolygon east{{{2, 1}, {3, 0.5}, {3.5, 1}, {3, 1.5}, {2, 1}}, Box{2, 0, 4, 2}};
  const auto one = stitch_squares({west});
  REQUIRE(one);
  REQUIRE(one->shells.size() == 1);
  CHECK(points(one->shells[0]) == sorted({{1, 0.5}, {2, 1}, {1, 1.5}, {0.5, 1}}));
  CHECK(signed_area(one->shells[0]) == 0.75);
  CHECK_FALSE(stitch_squares({west, east}));
  // Nor when the square across covers the side there: the diamond touches its
  // polygon at a point inside that polygon's edge.
  const SquarePolygon across{{{2, 0}, {4, 0}, {4, 2}, {2, 2}, {2, 0}}, Box{2, 0, 4, 2}};
  CHECK_FALSE(stitch_squares({west, across}));
}
