// SPDX-License-Identifier: Apache-2.0
#include "detail/stitch.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <unordered_map>

namespace siting::detail {

namespace {

// A stretch of a square's side covered by the polygon on one side of it.
struct Stretch {
  bool vertical;  // a vertical side (x = at) or a horizontal one (y = at)
  double at;
  double lo, hi;  // along the side
  bool low_side;  // the polygon lies west of a vertical side, south of a horizontal one
};

// A run of the union's boundary, the union's inside on its left: a polygon's
// edges between two of its side edges (points[first] to points[first + count - 1]
// of its ring, cyclically), or one edge left of a side (a to b).
struct Chain {
  std::uint32_t ring;  // kNoRing for a side edge
  std::uint32_t first, count;
  Point a, b;  // its first and last point
};
constexpr std::uint32_t kNoRing = 0xFFFFFFFFu;

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

bool on_side(const Point& p, const Box& sq) {
  return p.x == sq.min_x || p.x == sq.max_x || p.y == sq.min_y || p.y == sq.max_y;
}

// The stretches of one side line (sorted by line, then along it) where exactly
// one side is covered become chains of one edge; where both are, the line is
// inside the union and nothing is left. False when two stretches of one side
// overlap.
bool resolve(const Stretch* first, const Stretch* last, std::vector<Chain>& out) {
  struct Event {
    double t;
    int low, high;  // change in cover on either side
  };
  std::vector<Event> events;
  for (const Stretch* s = first; s != last; ++s) {
    events.push_back({s->lo, s->low_side ? 1 : 0, s->low_side ? 0 : 1});
    events.push_back({s->hi, s->low_side ? -1 : 0, s->low_side ? 0 : -1});
  }
  std::sort(events.begin(), events.end(), [](const Event& x, const Event& y) { return x.t < y.t; });
  const bool vertical = first->vertical;
  const double at = first->at;
  auto point = [&](double t) { return vertical ? Point{at, t} : Point{t, at}; };
  int low = 0, high = 0;
  for (std::size_t i = 0; i < events.size();) {
    const double t = events[i].t;
    for (; i < events.size() && events[i].t == t; ++i) low += events[i].low, high += events[i].high;
    if (low > 1 || high > 1 || low < 0 || high < 0) return false;
    if (i == events.size() || low == high) continue;
    const double next = events[i].t;
    // Inside on the left: a vertical side covered to the west runs north, a
    // horizontal one covered to the south runs west.
    const bool forward = vertical ? low == 1 : high == 1;
    const Point a = point(forward ? t : next), b = point(forward ? next : t);
    out.push_back({kNoRing, 0, 2, a, b});
  }
  return true;
}

}  // namespace

std::optional<Stitched> stitch_squares(const std::vector<SquarePolygon>& polygons) {
  // Every polygon's ring counter-clockwise, without its closing point.
  std::vector<Point> points;
  std::vector<std::uint32_t> begin{0};
  std::vector<Chain> chains;
  std::vector<Stretch> stretches;
  std::vector<Point> touching;  // vertices on a side inside a chain
  struct Touch {
    bool vertical;
    double at, t;  // the side line, and where along it
  };
  std::vector<Touch> touches;  // the same, by side line
  std::vector<bool> side;       // of the ring in hand, edge i (i to i + 1) lies on a side
  double area_in = 0.0;
  for (const SquarePolygon& sp : polygons) {
    const Ring& ring = sp.ring;
    if (ring.size() < 4) continue;
    const double a = signed_area(ring);
    if (a == 0.0) continue;
    area_in += std::abs(a);
    const std::uint32_t b = begin.back();
    if (a > 0) points.insert(points.end(), ring.begin(), ring.end() - 1);
    else points.insert(points.end(), ring.rbegin() + 1, ring.rend());
    // Repeated points would be edges of no length.
    points.erase(std::unique(points.begin() + b, points.end()), points.end());
    while (points.size() - b > 1 && points.back() == points[b]) points.pop_back();
    const std::uint32_t n = static_cast<std::uint32_t>(points.size()) - b;
    if (n < 3) return std::nullopt;
    const std::uint32_t r = static_cast<std::uint32_t>(begin.size()) - 1;
    begin.push_back(static_cast<std::uint32_t>(points.size()));
    const Box& sq = sp.square;
    side.assign(n, false);
    std::uint32_t first_side = n;
    for (std::uint32_t i = 0; i < n; ++i) {
      const Point& p = points[b + i];
      const Point& q = points[b + (i + 1) % n];
      if (p.x == q.x && (p.x == sq.max_x || p.x == sq.min_x) && p.y != q.y) {
        // Counter-clockwise, the polygon on the left: the east side runs north.
        const bool east = p.x == sq.max_x;
        if ((q.y > p.y) != east) return std::nullopt;  // the polygon outside its square
        stretches.push_back({true, p.x, std::min(p.y, q.y), std::max(p.y, q.y), east});
      } else if (p.y == q.y && (p.y == sq.max_y || p.y == sq.min_y) && p.x != q.x) {
        const bool north = p.y == sq.max_y;  // runs west
        if ((q.x < p.x) != north) return std::nullopt;
        stretches.push_back({false, p.y, std::min(p.x, q.x), std::max(p.x, q.x), north});
      } else {
        continue;
      }
      side[i] = true;
      if (first_side == n) first_side = i;
    }
    // The runs of other edges, each from the end of a side edge to the start
    // of the next; a ring with no side edge is one run round to its start.
    const std::uint32_t start = first_side == n ? 0 : (first_side + 1) % n;
    for (std::uint32_t k = 0; k < n;) {
      const std::uint32_t i = (start + k) % n;
      if (side[i]) {
        ++k;
        continue;
      }
      std::uint32_t count = 1;  // points in the run
      while (k < n && !side[(start + k) % n]) ++k, ++count;
      const Point& head = points[b + i];
      const Point& tail = points[b + (i + count - 1) % n];
      chains.push_back({r, i, count, head, tail});
      for (std::uint32_t j = 1; j + 1 < count; ++j) {
        const Point& p = points[b + (i + j) % n];
        if (!on_side(p, sq)) continue;
        touching.push_back(p);
        if (p.x == sq.min_x || p.x == sq.max_x) touches.push_back({true, p.x, p.y});
        if (p.y == sq.min_y || p.y == sq.max_y) touches.push_back({false, p.y, p.x});
      }
    }
  }
  std::sort(stretches.begin(), stretches.end(), [](const Stretch& x, const Stretch& y) {
    return x.vertical != y.vertical ? x.vertical : (x.at != y.at ? x.at < y.at : x.lo < y.lo);
  });
  // A vertex touching a side inside a stretch of it: the union would pass
  // there twice without a vertex on one of the passes.
  for (const Touch& t : touches)
    for (const Stretch& st : stretches)
      if (st.vertical == t.vertical && st.at == t.at && st.lo < t.t && t.t < st.hi) return std::nullopt;
  for (std::size_t i = 0; i < stretches.size();) {
    std::size_t j = i;
    while (j < stretches.size() && stretches[j].vertical == stretches[i].vertical && stretches[j].at == stretches[i].at) ++j;
    if (!resolve(stretches.data() + i, stretches.data() + j, chains)) return std::nullopt;
    i = j;
  }

  // Link: each point where chains meet starts exactly one chain and ends one,
  // and no chain passes through it.
  std::unordered_map<Point, std::uint32_t, PointHash> starting;
  starting.reserve(chains.size() + touching.size());
  for (std::uint32_t c = 0; c < chains.size(); ++c)
    if (!starting.emplace(chains[c].a, c).second) return std::nullopt;  // the boundary meets itself there
  for (const Point& p : touching)
    if (!starting.emplace(p, kNoRing).second) return std::nullopt;
  std::vector<std::uint32_t> next(chains.size());
  std::vector<bool> entered(chains.size(), false);
  for (std::uint32_t c = 0; c < chains.size(); ++c) {
    auto it = starting.find(chains[c].b);
    if (it == starting.end() || it->second == kNoRing || entered[it->second]) return std::nullopt;
    next[c] = it->second;
    entered[it->second] = true;
  }
  Stitched out;
  double area_out = 0.0;
  std::vector<bool> used(chains.size(), false);
  for (std::uint32_t first = 0; first < chains.size(); ++first) {
    if (used[first]) continue;
    Ring r;
    for (std::uint32_t c = first; !used[c]; c = next[c]) {
      used[c] = true;
      const Chain& ch = chains[c];
      if (ch.ring == kNoRing) {
        r.push_back(ch.a);
        continue;
      }
      const std::uint32_t b = begin[ch.ring], n = begin[ch.ring + 1] - b;
      // All but its last point, which the next chain starts with (a ring with
      // no side edge is one chain that ends where it starts).
      for (std::uint32_t j = 0; j + 1 < ch.count; ++j) r.push_back(points[b + (ch.first + j) % n]);
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
