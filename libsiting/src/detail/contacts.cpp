// SPDX-License-Identifier: Apache-2.0
#include "detail/contacts.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>

namespace siting::detail {

namespace {

struct Segment {
  std::uint32_t start;  // its points: start and start + 1
  std::uint32_t ring;
};

// The sign of the turn a -> b -> c: exact (coordinates of 32 bits).
int orientation(const GridPoint& a, const GridPoint& b, const GridPoint& c) {
  const std::int64_t v = std::int64_t(b.x - a.x) * (c.y - a.y) - std::int64_t(b.y - a.y) * (c.x - a.x);
  return (v > 0) - (v < 0);
}

// p on segment ab, given p is on its line.
bool within(const GridPoint& p, const GridPoint& a, const GridPoint& b) {
  return std::min(a.x, b.x) <= p.x && p.x <= std::max(a.x, b.x) && std::min(a.y, b.y) <= p.y &&
         p.y <= std::max(a.y, b.y);
}

// Whether closed segments ab and cd share a point: exact.
bool meet(const GridPoint& a, const GridPoint& b, const GridPoint& c, const GridPoint& d) {
  const int o1 = orientation(a, b, c), o2 = orientation(a, b, d);
  const int o3 = orientation(c, d, a), o4 = orientation(c, d, b);
  if (o1 * o2 < 0 && o3 * o4 < 0) return true;
  return (o1 == 0 && within(c, a, b)) || (o2 == 0 && within(d, a, b)) || (o3 == 0 && within(a, c, d)) ||
         (o4 == 0 && within(b, c, d));
}

double distance2(const GridPoint& p, const GridPoint& a, const GridPoint& b) {
  const double dx = double(b.x - a.x), dy = double(b.y - a.y);
  const double px = double(p.x - a.x), py = double(p.y - a.y);
  const double len2 = dx * dx + dy * dy;
  const double t = len2 > 0.0 ? std::clamp((px * dx + py * dy) / len2, 0.0, 1.0) : 0.0;
  const double ex = t * dx - px, ey = t * dy - py;
  return ex * ex + ey * ey;
}

// Sorts keys below 2^bits: std::sort for a few; else in place by their top 11
// bits (American flag sort: counted, then each key swapped into its bucket),
// then each bucket by std::sort, in cache. A city's dissolved area gives
// about two million keys, which one std::sort took about 0.1 s to order; a
// radix sort through a second array was faster still but raised the 10M
// city's peak by about 35 MB.
void sort_keys(std::vector<std::uint64_t>& keys, int bits) {
  if (keys.size() < 4096) {
    std::sort(keys.begin(), keys.end());
    return;
  }
  constexpr int kDigit = 11;
  constexpr std::size_t kBuckets = std::size_t{1} << kDigit;
  const int shift = std::max(0, bits - kDigit);
  const auto digit = [&](std::uint64_t k) { return static_cast<std::size_t>((k >> shift) & (kBuckets - 1)); };
  std::vector<std::size_t> start(kBuckets + 1, 0), next(kBuckets);
  for (std::uint64_t k : keys) ++start[digit(k) + 1];
  for (std::size_t b = 0; b < kBuckets; ++b) start[b + 1] += start[b];
  std::copy(start.begin(), start.end() - 1, next.begin());
  for (std::size_t b = 0; b < kBuckets; ++b)
    while (next[b] < start[b + 1]) {
      std::uint64_t k = keys[next[b]];
      for (std::size_t d = digit(k); d != b; d = digit(k)) std::swap(k, keys[next[d]++]);
      keys[next[b]++] = k;
    }
  for (std::size_t b = 0; b < kBuckets; ++b)
    std::sort(keys.begin() + static_cast<std::ptrdiff_t>(start[b]),
              keys.begin() + static_cast<std::ptrdiff_t>(start[b + 1]));
}

std::size_t find(std::vector<std::size_t>& parent, std::size_t i) {
  while (parent[i] != i) i = parent[i] = parent[parent[i]];
  return i;
}

}  // namespace

std::vector<std::vector<std::size_t>> contact_groups(const GridRings& in, std::vector<char>* ring_flags) {
  const std::size_t n_polygons = in.reach.size();
  const std::vector<GridPoint>& pts = in.points;
  // Scratch kept by each thread: the writer asks this of every polygon of a
  // file, most of a few points, and fresh memory each time cost more than
  // the work (page faults).
  thread_local std::vector<Segment> segs;
  thread_local std::vector<std::uint64_t> entries;
  segs.clear();
  entries.clear();
  std::vector<char> flagged(n_polygons, 0);
  if (ring_flags) ring_flags->assign(in.ring_end.size(), 0);
  std::int32_t min_x = INT32_MAX, min_y = INT32_MAX;
  double length = 0.0, largest = 0.0;
  for (double r : in.reach) largest = std::max(largest, r);
  std::uint32_t begin = 0;
  for (std::uint32_t k = 0; k < in.ring_end.size(); ++k) {
    const std::uint32_t end = in.ring_end[k];
    if (end - begin < 4) {  // collapsed: GEOS says what it is
      flagged[in.polygon[k]] = 1;
      if (ring_flags) (*ring_flags)[k] = 1;
    }
    for (std::uint32_t i = begin; i + 1 < end; ++i) {
      segs.push_back({i, k});
      length += std::fabs(double(pts[i + 1].x) - pts[i].x) + std::fabs(double(pts[i + 1].y) - pts[i].y);
      min_x = std::min(min_x, pts[i].x), min_y = std::min(min_y, pts[i].y);
    }
    begin = end;
  }
  const auto ring_begin = [&](std::uint32_t k) { return k == 0 ? 0u : in.ring_end[k - 1]; };

  // Segments s < t: whether they break the rule of the header.
  const auto contact = [&](std::uint32_t s, std::uint32_t t) {
    const Segment& u = segs[s];
    const Segment& v = segs[t];
    const GridPoint &a = pts[u.start], &b = pts[u.start + 1], &c = pts[v.start], &d = pts[v.start + 1];
    if (u.ring == v.ring) {
      // One ring: exact, as printed. Beside each other (the last and the
      // first too), they share a point and must not fold back.
      const std::uint32_t first = ring_begin(u.ring), last = in.ring_end[u.ring] - 2;
      const GridPoint* p = nullptr;  // far end, shared, far end
      const GridPoint* m = nullptr;
      const GridPoint* q = nullptr;
      if (v.start == u.start + 1) p = &a, m = &b, q = &d;
      else if (u.start == first && v.start == last) p = &c, m = &a, q = &b;
      if (p) {
        const std::int64_t dot = std::int64_t(p->x - m->x) * (q->x - m->x) + std::int64_t(p->y - m->y) * (q->y - m->y);
        return orientation(*p, *m, *q) == 0 && dot > 0;
      }
      return meet(a, b, c, d);
    }
    // Two rings: by distance.
    const double r = in.reach[in.polygon[u.ring]] + in.reach[in.polygon[v.ring]];
    const double r2 = r * r;
    return meet(a, b, c, d) || distance2(a, c, d) <= r2 || distance2(b, c, d) <= r2 || distance2(c, a, b) <= r2 ||
           distance2(d, a, b) <= r2;
  };

  std::vector<std::size_t> parent(n_polygons);
  std::iota(parent.begin(), parent.end(), std::size_t{0});
  if (!segs.empty()) {
    // Cells of a power of two units, about the mean segment and at least 8
    // reaches; each segment goes in the cells within its reach, a column of
    // cells at a time (a long slanted segment touches a band, not its box).
    // Two segments within the sum of their reaches share a cell. A cell and
    // a segment are one 64-bit number, sorted: the segment's index in the
    // low bits, the cell's column and row above.
    const std::int64_t pad = static_cast<std::int64_t>(std::ceil(largest)) + 1;
    const double want = std::max(length / static_cast<double>(segs.size()), 8.0 * double(pad));
    int shift = 3;
    while (shift < 31 && double(std::int64_t{1} << shift) < want) ++shift;
    int seg_bits = 1;
    while ((std::uint64_t{1} << seg_bits) < segs.size()) ++seg_bits;
    const int cell_bits = (64 - seg_bits) / 2;
    const std::int64_t ox = std::int64_t(min_x) - 2 * pad, oy = std::int64_t(min_y) - 2 * pad;
    std::int64_t max_x = 0, max_y = 0;
    for (const GridPoint& p : pts) max_x = std::max(max_x, p.x - ox), max_y = std::max(max_y, p.y - oy);
    while (shift < 62 && ((std::max(max_x, max_y) + 2 * pad) >> shift) >= (std::int64_t{1} << cell_bits)) ++shift;
    // Columns and rows take only the bits they need: the keys' top bits are
    // then the column's, which sort_keys spreads into buckets.
    int row_bits = 1;
    while (((max_y + 2 * pad) >> shift) >> row_bits != 0) ++row_bits;
    int col_bits = 1;
    while (((max_x + 2 * pad) >> shift) >> col_bits != 0) ++col_bits;
    const auto key = [&](std::int64_t c, std::int64_t row, std::uint32_t s) {
      return (((static_cast<std::uint64_t>(c) << row_bits) | static_cast<std::uint64_t>(row)) << seg_bits) | s;
    };
    entries.reserve(segs.size() * 2);
    for (std::uint32_t s = 0; s < segs.size(); ++s) {
      const GridPoint& a = pts[segs[s].start];
      const GridPoint& b = pts[segs[s].start + 1];
      const std::int64_t r = static_cast<std::int64_t>(std::ceil(in.reach[in.polygon[segs[s].ring]])) + 1;
      const std::int64_t x_lo = std::min(a.x, b.x) - ox, x_hi = std::max(a.x, b.x) - ox;
      const std::int64_t y_lo = std::min(a.y, b.y) - oy, y_hi = std::max(a.y, b.y) - oy;
      const std::int64_t c0 = (x_lo - r) >> shift, c1 = (x_hi + r) >> shift;
      const std::int64_t r0 = (y_lo - r) >> shift, r1 = (y_hi + r) >> shift;
      if ((c1 - c0 + 1) * (r1 - r0 + 1) <= 4) {  // most segments: their box's few cells
        for (std::int64_t c = c0; c <= c1; ++c)
          for (std::int64_t row = r0; row <= r1; ++row) entries.push_back(key(c, row, s));
        continue;
      }
      const double ax = double(a.x - ox), ay = double(a.y - oy);
      const double dx = double(b.x - a.x), dy = double(b.y - a.y);
      for (std::int64_t c = c0; c <= c1; ++c) {
        // The segment's points whose x is within the reach of this column.
        const double from = std::clamp(double((c << shift) - r), double(x_lo), double(x_hi));
        const double to = std::clamp(double(((c + 1) << shift) + r), double(x_lo), double(x_hi));
        double y0 = ay, y1 = ay + dy;
        if (dx != 0.0) y0 = ay + (from - ax) * dy / dx, y1 = ay + (to - ax) * dy / dx;
        const std::int64_t lo = static_cast<std::int64_t>(std::floor(std::min(y0, y1))) - r;
        const std::int64_t hi = static_cast<std::int64_t>(std::ceil(std::max(y0, y1))) + r;
        for (std::int64_t row = std::max(lo, y_lo - r) >> shift; row <= (std::min(hi, y_hi + r) >> shift); ++row)
          entries.push_back(key(c, row, s));
      }
    }
    sort_keys(entries, seg_bits + row_bits + col_bits);
    const std::uint64_t seg_mask = (std::uint64_t{1} << seg_bits) - 1;
    for (std::size_t i = 0; i < entries.size();) {
      std::size_t j = i + 1;
      while (j < entries.size() && (entries[j] >> seg_bits) == (entries[i] >> seg_bits)) ++j;
      for (std::size_t x = i; x < j; ++x)
        for (std::size_t y = x + 1; y < j; ++y) {
          const auto s = static_cast<std::uint32_t>(entries[x] & seg_mask);
          const auto t = static_cast<std::uint32_t>(entries[y] & seg_mask);
          const std::uint32_t ps = in.polygon[segs[s].ring], pt = in.polygon[segs[t].ring];
          if (flagged[ps] && flagged[pt] && find(parent, ps) == find(parent, pt) &&
              (!ring_flags || ((*ring_flags)[segs[s].ring] && (*ring_flags)[segs[t].ring])))
            continue;  // known already
          if (!contact(s, t)) continue;
          flagged[ps] = flagged[pt] = 1;
          if (ring_flags) (*ring_flags)[segs[s].ring] = (*ring_flags)[segs[t].ring] = 1;
          parent[find(parent, ps)] = find(parent, pt);
        }
      i = j;
    }
  }

  if (pts.size() > kContactScratchKept) {
    segs = std::vector<Segment>{};
    entries = std::vector<std::uint64_t>{};
  }

  std::vector<std::vector<std::size_t>> groups;
  std::vector<std::size_t> group_of(n_polygons, SIZE_MAX);
  for (std::size_t p = 0; p < n_polygons; ++p) {
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
