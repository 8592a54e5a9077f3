// SPDX-License-Identifier: Apache-2.0
#include "detail/contacts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <utility>

namespace siting::detail {

namespace {

struct Segment {
  Point a, b;
  double reach;
  std::uint32_t polygon;
  std::uint32_t ring_begin, ring_end;  // the segments of its ring: [ring_begin, ring_end)
};

double distance2(const Point& p, const Segment& s) {
  const double dx = s.b.x - s.a.x, dy = s.b.y - s.a.y;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0.0 ? ((p.x - s.a.x) * dx + (p.y - s.a.y) * dy) / len2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  const double ex = s.a.x + t * dx - p.x, ey = s.a.y + t * dy - p.y;
  return ex * ex + ey * ey;
}

double orientation(const Point& a, const Point& b, const Point& c) {
  return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
}

// Segments s < t: a contact, by the rule of the header.
bool close(const std::vector<Segment>& segs, std::uint32_t s, std::uint32_t t) {
  const Segment& u = segs[s];
  const Segment& v = segs[t];
  const double eps2 = (u.reach + v.reach) * (u.reach + v.reach);
  if (u.ring_begin == v.ring_begin) {
    // Beside each other in the ring (the last and the first too): they share
    // a point, so only their far ends count.
    const Segment* first = nullptr;
    const Segment* second = nullptr;
    if (t == s + 1) first = &u, second = &v;
    else if (s == u.ring_begin && t + 1 == u.ring_end) first = &v, second = &u;
    if (first) return distance2(first->a, *second) < eps2 || distance2(second->b, *first) < eps2;
  }
  if (distance2(u.a, v) < eps2 || distance2(u.b, v) < eps2 || distance2(v.a, u) < eps2 || distance2(v.b, u) < eps2)
    return true;
  const double o1 = orientation(u.a, u.b, v.a), o2 = orientation(u.a, u.b, v.b);
  const double o3 = orientation(v.a, v.b, u.a), o4 = orientation(v.a, v.b, u.b);
  return ((o1 < 0 && o2 > 0) || (o1 > 0 && o2 < 0)) && ((o3 < 0 && o4 > 0) || (o3 > 0 && o4 < 0));
}

std::size_t find(std::vector<std::size_t>& parent, std::size_t i) {
  while (parent[i] != i) i = parent[i] = parent[parent[i]];
  return i;
}

}  // namespace

std::vector<std::vector<std::size_t>> contact_groups(const MultiPolygon& polygons, const std::vector<double>& reach) {
  std::vector<Segment> segs;
  Box box{INFINITY, INFINITY, -INFINITY, -INFINITY};
  double length = 0.0;
  for (std::size_t p = 0; p < polygons.size(); ++p)
    for (std::size_t k = 0; k <= polygons[p].holes.size(); ++k) {
      const Ring& r = ring(polygons[p], k);
      if (r.size() < 2) continue;
      const auto begin = static_cast<std::uint32_t>(segs.size());
      const auto end = static_cast<std::uint32_t>(begin + r.size() - 1);
      for (std::size_t i = 0; i + 1 < r.size(); ++i) {
        segs.push_back({r[i], r[i + 1], reach[p], static_cast<std::uint32_t>(p), begin, end});
        length += std::hypot(r[i + 1].x - r[i].x, r[i + 1].y - r[i].y);
      }
      for (const Point& q : r) {
        box.min_x = std::min(box.min_x, q.x), box.max_x = std::max(box.max_x, q.x);
        box.min_y = std::min(box.min_y, q.y), box.max_y = std::max(box.max_y, q.y);
      }
    }
  if (segs.empty()) return {};
  const double largest = *std::max_element(reach.begin(), reach.end());

  // Cells as wide as the mean segment, so that a segment falls in a few; each
  // segment goes in the cells within its reach, a column of cells at a time
  // (a long slanted segment touches a band, not its box). Two segments within
  // the sum of their reaches share a cell: each point within a reach of both.
  const double cell = std::max(length / static_cast<double>(segs.size()), 8.0 * largest);
  const double ox = box.min_x - 2.0 * largest, oy = box.min_y - 2.0 * largest;
  const auto column_of = [&](double x) { return static_cast<std::int64_t>(std::floor((x - ox) / cell)); };
  const auto row_of = [&](double y) { return static_cast<std::int64_t>(std::floor((y - oy) / cell)); };
  std::vector<std::pair<std::uint64_t, std::uint32_t>> entries;
  entries.reserve(segs.size() * 3);
  for (std::uint32_t s = 0; s < segs.size(); ++s) {
    const Segment& g = segs[s];
    const double eps = g.reach;
    const double x_lo = std::min(g.a.x, g.b.x), x_hi = std::max(g.a.x, g.b.x);
    const double dx = g.b.x - g.a.x;
    const auto y_at = [&](double x) { return dx == 0.0 ? g.a.y : g.a.y + (x - g.a.x) * (g.b.y - g.a.y) / dx; };
    for (std::int64_t c = column_of(x_lo - eps); c <= column_of(x_hi + eps); ++c) {
      // The segment's points whose x is within eps of this column.
      const double from = std::clamp(ox + static_cast<double>(c) * cell - eps, x_lo, x_hi);
      const double to = std::clamp(ox + static_cast<double>(c + 1) * cell + eps, x_lo, x_hi);
      double y0 = y_at(from), y1 = y_at(to);
      if (dx == 0.0) y0 = g.a.y, y1 = g.b.y;
      for (std::int64_t r = row_of(std::min(y0, y1) - eps); r <= row_of(std::max(y0, y1) + eps); ++r)
        entries.emplace_back((static_cast<std::uint64_t>(c) << 32) | static_cast<std::uint64_t>(r), s);
    }
  }
  std::sort(entries.begin(), entries.end());

  std::vector<std::size_t> parent(polygons.size());
  std::iota(parent.begin(), parent.end(), std::size_t{0});
  std::vector<char> flagged(polygons.size(), 0);
  for (std::size_t i = 0; i < entries.size();) {
    std::size_t j = i + 1;
    while (j < entries.size() && entries[j].first == entries[i].first) ++j;
    for (std::size_t x = i; x < j; ++x)
      for (std::size_t y = x + 1; y < j; ++y) {
        const std::uint32_t s = entries[x].second, t = entries[y].second;
        const std::uint32_t ps = segs[s].polygon, pt = segs[t].polygon;
        if (flagged[ps] && flagged[pt] && find(parent, ps) == find(parent, pt)) continue;  // known already
        if (!close(segs, s, t)) continue;
        flagged[ps] = flagged[pt] = 1;
        parent[find(parent, ps)] = find(parent, pt);
      }
    i = j;
  }

  std::vector<std::vector<std::size_t>> groups;
  std::vector<std::size_t> group_of(polygons.size(), SIZE_MAX);
  for (std::size_t p = 0; p < polygons.size(); ++p) {
    if (!flagged[p]) continue;
    const std::size_t root = find(parent, p);
    if (group_of[root] == SIZE_MAX) {
      group_of[root] = groups.size();
      groups.emplace_back();
    }
    groups[group_of[root]].push_back(p);
  }
  return groups;
}

}  // namespace siting::detail
