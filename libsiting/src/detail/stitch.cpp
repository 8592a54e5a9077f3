// SPDX-License-Identifier: Apache-2.0
#include "detail/stitch.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <map>
#include <unordered_map>

namespace siting::detail {

namespace {

struct Edge {
  Point a, b;  // the union's inside on the left
};

// A stretch of a square's side covered by the polygon on one side of it.
struct Stretch {
  double lo, hi;  // along the side
  bool low_side;  // the polygon lies west of a vertical side, south of a horizontal one
};

struct PointHash {
  static std::uint64_t bits(double v) {
    if (v == 0.0) v = 0.0;  // -0 and 0 are one point
    std::uint64_t u;
    std::memcpy(&u, &v, sizeof u);
    return u;
  }
  std::size_t operator()(const Point& p) const {
    std::uint64_t h = bits(p.x) * 0x9E3779B97F4A7C15ull;
    h ^= bits(p.y) + 0x632BE59BD9B4E019ull + (h << 6) + (h >> 2);
    return static_cast<std::size_t>(h ^ (h >> 31));
  }
};
struct PointEq {
  bool operator()(const Point& a, const Point& b) const { return a.x == b.x && a.y == b.y; }
};

// The stretches of one side line where exactly one side is covered become
// edges; where both are, the line is inside the union and nothing is left.
// False when two stretches of one side overlap.
bool resolve(double at, bool vertical, std::vector<Stretch>& stretches, std::vector<Edge>& out) {
  struct Event {
    double t;
    int low, high;  // change in cover on either side
  };
  std::vector<Event> events;
  events.reserve(stretches.size() * 2);
  for (const Stretch& s : stretches) {
    events.push_back({s.lo, s.low_side ? 1 : 0, s.low_side ? 0 : 1});
    events.push_back({s.hi, s.low_side ? -1 : 0, s.low_side ? 0 : -1});
  }
  std::sort(events.begin(), events.end(), [](const Event& x, const Event& y) { return x.t < y.t; });
  int low = 0, high = 0;
  auto point = [&](double t) { return vertical ? Point{at, t} : Point{t, at}; };
  for (std::size_t i = 0; i < events.size();) {
    const double t = events[i].t;
    for (; i < events.size() && events[i].t == t; ++i) low += events[i].low, high += events[i].high;
    if (low > 1 || high > 1 || low < 0 || high < 0) return false;
    if (i == events.size() || low == high) continue;
    const double next = events[i].t;
    // Inside on the left: a vertical side covered to the west runs north, a
    // horizontal one covered to the south runs west.
    const bool forward = vertical ? low == 1 : high == 1;
    out.push_back(forward ? Edge{point(t), point(next)} : Edge{point(next), point(t)});
  }
  return true;
}

}  // namespace

std::optional<Stitched> stitch_squares(const std::vector<SquarePolygon>& polygons) {
  std::vector<Edge> edges;
  // Keyed by the side line's coordinate: x of vertical sides, y of horizontal ones.
  std::map<double, std::vector<Stretch>> vertical, horizontal;
  double area_in = 0.0;
  Ring ring;
  for (const SquarePolygon& sp : polygons) {
    ring = sp.ring;
    if (ring.size() < 4) continue;
    const double a = signed_area(ring);
    if (a == 0.0) continue;
    if (a < 0) std::reverse(ring.begin(), ring.end());
    area_in += std::abs(a);
    const Box& sq = sp.square;
    for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
      const Point& p = ring[i];
      const Point& q = ring[i + 1];
      if (p.x == q.x && p.y == q.y) continue;
      if (p.x == q.x && (p.x == sq.max_x || p.x == sq.min_x)) {
        // Counter-clockwise, the polygon on the left: the east side runs north.
        const bool east = p.x == sq.max_x;
        if ((q.y > p.y) != east) return std::nullopt;  // the polygon outside its square
        vertical[p.x].push_back({std::min(p.y, q.y), std::max(p.y, q.y), east});
      } else if (p.y == q.y && (p.y == sq.max_y || p.y == sq.min_y)) {
        const bool north = p.y == sq.max_y;  // runs west
        if ((q.x < p.x) != north) return std::nullopt;
        horizontal[p.y].push_back({std::min(p.x, q.x), std::max(p.x, q.x), north});
      } else {
        edges.push_back({p, q});
      }
    }
  }
  for (auto& [x, s] : vertical)
    if (!resolve(x, true, s, edges)) return std::nullopt;
  for (auto& [y, s] : horizontal)
    if (!resolve(y, false, s, edges)) return std::nullopt;

  // Link: each point of the boundary starts exactly one edge and ends one.
  std::unordered_map<Point, std::uint32_t, PointHash, PointEq> starting;
  starting.reserve(edges.size());
  for (std::uint32_t e = 0; e < edges.size(); ++e)
    if (!starting.emplace(edges[e].a, e).second) return std::nullopt;  // the boundary meets itself there
  std::vector<std::uint32_t> next(edges.size());
  std::vector<bool> entered(edges.size(), false);
  for (std::uint32_t e = 0; e < edges.size(); ++e) {
    auto it = starting.find(edges[e].b);
    if (it == starting.end() || entered[it->second]) return std::nullopt;
    next[e] = it->second;
    entered[it->second] = true;
  }
  Stitched out;
  double area_out = 0.0;
  std::vector<bool> used(edges.size(), false);
  for (std::uint32_t start = 0; start < edges.size(); ++start) {
    if (used[start]) continue;
    Ring r;
    for (std::uint32_t e = start; !used[e]; e = next[e]) {
      used[e] = true;
      r.push_back(edges[e].a);
    }
    r.push_back(r.front());
    if (r.size() < 4) return std::nullopt;
    const double a = signed_area(r);
    if (a == 0.0) return std::nullopt;
    area_out += a;
    (a > 0 ? out.shells : out.holes).push_back(std::move(r));
  }
  // Stitching only removes edges two polygons share: the areas add up.
  if (std::abs(area_out - area_in) > 1e-9 * std::max(1.0, area_in)) return std::nullopt;
  return out;
}

}  // namespace siting::detail
