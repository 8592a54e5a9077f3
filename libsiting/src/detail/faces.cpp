// SPDX-License-Identifier: Apache-2.0
#include "detail/faces.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <string_view>

#include "detail/bg.hpp"
#include "detail/geos.hpp"
#include "detail/parallel.hpp"
#include "siting/error.hpp"

namespace siting::detail {

using network::EdgeId;
using network::VertexId;
using network::WalkGraph;

namespace {

constexpr std::uint32_t kNoFace = network::kNone;

double cross(const Point& o, const Point& a, const Point& b) {
  return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

int sign(double v) { return (v > 0) - (v < 0); }

// Whether b lies on the closed segment from a to c, given that the three are collinear.
bool on_segment(const Point& a, const Point& b, const Point& c) {
  return std::min(a.x, c.x) <= b.x && b.x <= std::max(a.x, c.x) && std::min(a.y, c.y) <= b.y &&
         b.y <= std::max(a.y, c.y);
}

// Whether two segments meet anywhere but at an end they share (the same
// graph vertex; kNone is no vertex): a crossing, a touch, an overlap, or two
// leaving a vertex in one direction.
bool conflict(const Point& p1, const Point& p2, VertexId a1, VertexId a2, const Point& q1, const Point& q2, VertexId b1,
              VertexId b2) {
  const auto same = [](VertexId x, VertexId y) { return x != network::kNone && x == y; };
  const bool shares = same(a1, b1) || same(a1, b2) || same(a2, b1) || same(a2, b2);
  if (shares) {
    // Only a shared end in common, unless the two run along each other from it.
    const bool at1 = same(a1, b1) || same(a1, b2);
    const Point& o = at1 ? p1 : p2;
    const Point& pa = at1 ? p2 : p1;
    const Point& pb = (same(a1, b1) || same(a2, b1)) ? q2 : q1;
    if (cross(o, pa, pb) != 0.0) return false;
    return (pa.x - o.x) * (pb.x - o.x) + (pa.y - o.y) * (pb.y - o.y) > 0;
  }
  const int d1 = sign(cross(q1, q2, p1)), d2 = sign(cross(q1, q2, p2));
  const int d3 = sign(cross(p1, p2, q1)), d4 = sign(cross(p1, p2, q2));
  if (d1 * d2 < 0 && d3 * d4 < 0) return true;
  return (d1 == 0 && on_segment(q1, p1, q2)) || (d2 == 0 && on_segment(q1, p2, q2)) ||
         (d3 == 0 && on_segment(p1, q1, p2)) || (d4 == 0 && on_segment(p1, q2, p2));
}

// Clears keep[] for every edge in conflict with another or with an obstacle:
// a uniform grid of cells, each pair in one cell tested. On `threads` cores:
// the cells cut into runs, each run's conflicts found on its own and cleared
// after, so that keep[] does not depend on the threads.
void drop_conflicts(const WalkGraph& g, const std::vector<EdgeId>& edges, const std::vector<Obstacle>& obstacles,
                    std::vector<std::uint8_t>& keep, unsigned threads) {
  // Segment i: edge i for i < edges.size(), else obstacle i - edges.size().
  const std::size_t n = edges.size();
  struct Seg {
    Point a, b;
    VertexId at_a, at_b;
  };
  const auto seg = [&](std::size_t i) {
    if (i >= n) {
      const Obstacle& o = obstacles[i - n];
      return Seg{o.a, o.b, o.at_a, o.at_b};
    }
    const network::Edge& e = g.edge(edges[i]);
    return Seg{g.point(e.u), g.point(e.v), e.u, e.v};
  };
  constexpr double kCell = 100.0;
  struct Entry {
    std::uint64_t cell;
    std::uint32_t i;
  };
  // Each segment's cells: counted, then written, on `threads` cores in blocks
  // (their order is the sort's below).
  const std::size_t total = n + obstacles.size();
  const auto cells = [&](std::size_t i, std::int64_t& x0, std::int64_t& x1, std::int64_t& y0, std::int64_t& y1) {
    const Seg sg = seg(i);
    const Point &a = sg.a, &b = sg.b;
    x0 = static_cast<std::int64_t>(std::floor(std::min(a.x, b.x) / kCell));
    x1 = static_cast<std::int64_t>(std::floor(std::max(a.x, b.x) / kCell));
    y0 = static_cast<std::int64_t>(std::floor(std::min(a.y, b.y) / kCell));
    y1 = static_cast<std::int64_t>(std::floor(std::max(a.y, b.y) / kCell));
  };
  constexpr std::size_t kSegBlock = 16384;
  const std::size_t blocks = detail::block_count(total, kSegBlock);
  std::vector<std::size_t> at(blocks + 1, 0);  // each block's first entry
  detail::parallel_for_blocks(total, kSegBlock, threads, [&](std::size_t k, std::size_t begin, std::size_t end) {
    std::size_t m = 0;
    std::int64_t x0, x1, y0, y1;
    for (std::size_t i = begin; i < end; ++i) {
      cells(i, x0, x1, y0, y1);
      m += static_cast<std::size_t>((x1 - x0 + 1) * (y1 - y0 + 1));
    }
    at[k + 1] = m;
  });
  for (std::size_t k = 0; k < blocks; ++k) at[k + 1] += at[k];
  std::vector<Entry> entries(at[blocks]);
  detail::parallel_for_blocks(total, kSegBlock, threads, [&](std::size_t k, std::size_t begin, std::size_t end) {
    std::size_t e = at[k];
    std::int64_t x0, x1, y0, y1;
    for (std::size_t i = begin; i < end; ++i) {
      cells(i, x0, x1, y0, y1);
      for (std::int64_t x = x0; x <= x1; ++x)
        for (std::int64_t y = y0; y <= y1; ++y)
          entries[e++] = {(static_cast<std::uint64_t>(x) << 32) ^ static_cast<std::uint64_t>(y & 0xFFFFFFFF),
                          static_cast<std::uint32_t>(i)};
    }
  });
  const auto less = [](const Entry& p, const Entry& q) { return p.cell != q.cell ? p.cell < q.cell : p.i < q.i; };
  // Runs of whole cells, each sorted and then scanned on its own core.
  const std::size_t parts =
      std::min<std::size_t>(detail::thread_count(threads), entries.size() / 65536 + 1);
  const std::vector<std::size_t> begin =
      detail::sort_in_runs(entries, parts, [](const Entry& e) { return e.cell; }, less);
  std::vector<std::vector<std::uint32_t>> dropped(begin.size() - 1);
  detail::parallel_for(begin.size() - 1, static_cast<unsigned>(parts), [&](std::size_t part) {
    const auto first = entries.begin() + static_cast<std::ptrdiff_t>(begin[part]);
    const auto last = entries.begin() + static_cast<std::ptrdiff_t>(begin[part + 1]);
    // This run's own marks (a pair of edges both found in conflict already
    // is not tested again); the other runs' are not read.
    std::vector<std::uint32_t>& out = dropped[part];
    std::vector<std::uint8_t> off(n, 0);
    for (auto s = first; s != last;) {
      auto t = s;
      while (t != last && t->cell == s->cell) ++t;
      for (auto a = s; a != t; ++a)
        for (auto b = a + 1; b != t; ++b) {
          const std::uint32_t i = a->i, j = b->i;  // i < j
          if (i >= n) break;                       // two obstacles
          if (off[i] && (j >= n || off[j])) continue;
          const Seg x = seg(i), y = seg(j);
          if (conflict(x.a, x.b, x.at_a, x.at_b, y.a, y.b, y.at_a, y.at_b)) {
            off[i] = 1, out.push_back(i);
            if (j < n) off[j] = 1, out.push_back(j);
          }
        }
      s = t;
    }
  });
  for (const std::vector<std::uint32_t>& d : dropped)
    for (std::uint32_t i : d) keep[i] = 0;
}

}  // namespace

Faces closed_faces(const WalkGraph& g, const std::vector<EdgeId>& edges, double max_side_m,
                   const std::vector<Obstacle>& obstacles, unsigned threads) {
  const std::size_t n = edges.size();
  Faces out;
  out.closed_sides.assign(n, 0);
  std::vector<std::uint8_t> keep(n, 1);
  drop_conflicts(g, edges, obstacles, keep, threads);

  // Local vertex numbers (in the order of the graph's), and each vertex's
  // edges. Many edges (a city's circle): a vertex's number is its rank in a
  // bitmap of the graph's vertices (a bit a vertex, and a count of 4 bytes for
  // every 64: 1.4 MB at 10M segments); few (a facility's area): sorted and
  // looked up.
  std::vector<VertexId> verts;
  std::vector<std::uint32_t> eu(n), ev(n);
  if (n * 8 >= g.vertex_count()) {
    std::vector<std::uint64_t> bits(g.vertex_count() / 64 + 1, 0);
    for (std::size_t i = 0; i < n; ++i)
      if (keep[i])
        for (VertexId v : {g.edge(edges[i]).u, g.edge(edges[i]).v}) bits[v / 64] |= std::uint64_t{1} << (v % 64);
    std::vector<std::uint32_t> before(bits.size());  // set bits in the words before
    for (std::size_t w = 0; w < bits.size(); ++w) {
      before[w] = static_cast<std::uint32_t>(verts.size());
      for (std::uint64_t b = bits[w]; b != 0; b &= b - 1)
        verts.push_back(static_cast<VertexId>(w * 64 + static_cast<std::size_t>(__builtin_ctzll(b))));
    }
    const auto local = [&](VertexId v) {
      const std::uint64_t below = bits[v / 64] & ((std::uint64_t{1} << (v % 64)) - 1);
      return before[v / 64] + static_cast<std::uint32_t>(__builtin_popcountll(below));
    };
    for (std::size_t i = 0; i < n; ++i)
      if (keep[i]) eu[i] = local(g.edge(edges[i]).u), ev[i] = local(g.edge(edges[i]).v);
  } else {
    for (std::size_t i = 0; i < n; ++i)
      if (keep[i]) verts.push_back(g.edge(edges[i]).u), verts.push_back(g.edge(edges[i]).v);
    std::sort(verts.begin(), verts.end());
    verts.erase(std::unique(verts.begin(), verts.end()), verts.end());
    const auto local = [&](VertexId v) {
      return static_cast<std::uint32_t>(std::lower_bound(verts.begin(), verts.end(), v) - verts.begin());
    };
    for (std::size_t i = 0; i < n; ++i)
      if (keep[i]) eu[i] = local(g.edge(edges[i]).u), ev[i] = local(g.edge(edges[i]).v);
  }
  std::vector<std::uint32_t> degree(verts.size(), 0);
  for (std::size_t i = 0; i < n; ++i)
    if (keep[i]) ++degree[eu[i]], ++degree[ev[i]];
  std::vector<std::uint32_t> offset(verts.size() + 1, 0);
  for (std::size_t v = 0; v < verts.size(); ++v) offset[v + 1] = offset[v] + degree[v];
  std::vector<std::uint32_t> incident(offset.back());
  {
    std::vector<std::uint32_t> fill(offset.begin(), offset.end() - 1);
    for (std::uint32_t i = 0; i < n; ++i)
      if (keep[i]) incident[fill[eu[i]]++] = i, incident[fill[ev[i]]++] = i;
  }
  // Trees hanging off the rest (culs-de-sac) peeled off: their edges would
  // run into a face and back, so the face would pass their vertices twice.
  {
    std::vector<std::uint32_t> stack;
    for (std::uint32_t v = 0; v < verts.size(); ++v)
      if (degree[v] == 1) stack.push_back(v);
    while (!stack.empty()) {
      const std::uint32_t v = stack.back();
      stack.pop_back();
      if (degree[v] != 1) continue;
      for (std::uint32_t k = offset[v]; k < offset[v + 1]; ++k) {
        const std::uint32_t i = incident[k];
        if (!keep[i]) continue;
        keep[i] = 0;
        const std::uint32_t w = eu[i] == v ? ev[i] : eu[i];
        --degree[v];
        if (--degree[w] == 1) stack.push_back(w);
        break;
      }
    }
  }
  // Half-edge h of edge i: 2i from u to v, 2i + 1 from v to u. Around each
  // vertex, its leaving half-edges counter-clockwise; pos[h] = h's place there.
  const auto origin = [&](std::uint32_t h) { return (h & 1u) ? ev[h >> 1] : eu[h >> 1]; };
  const auto target = [&](std::uint32_t h) { return (h & 1u) ? eu[h >> 1] : ev[h >> 1]; };
  std::vector<std::uint32_t> around(offset.back());
  std::vector<std::uint32_t> pos(2 * n, 0);
  std::vector<std::uint32_t> count(verts.size(), 0);
  // On `threads` cores, in blocks of vertices: each vertex's places are its own.
  constexpr std::size_t kFanBlock = 4096;
  detail::parallel_for_blocks(verts.size(), kFanBlock, threads, [&](std::size_t, std::size_t begin, std::size_t end) {
    std::vector<std::pair<double, std::uint32_t>> fan;
    for (auto v = static_cast<std::uint32_t>(begin); v < end; ++v) {
      fan.clear();
      const Point& o = g.point(verts[v]);
      for (std::uint32_t k = offset[v]; k < offset[v + 1]; ++k) {
        const std::uint32_t i = incident[k];
        if (!keep[i]) continue;
        const std::uint32_t h = eu[i] == v ? 2 * i : 2 * i + 1;
        const Point& t = g.point(verts[target(h)]);
        fan.push_back({std::atan2(t.y - o.y, t.x - o.x), h});
      }
      std::sort(fan.begin(), fan.end());
      count[v] = static_cast<std::uint32_t>(fan.size());
      for (std::uint32_t k = 0; k < fan.size(); ++k) {
        around[offset[v] + k] = fan[k].second;
        pos[fan[k].second] = k;
      }
    }
  });
  // The next half-edge round the face on h's left: at h's end, the one just
  // clockwise of the way back.
  const auto next = [&](std::uint32_t h) {
    const std::uint32_t v = target(h);
    const std::uint32_t back = h ^ 1u;
    return around[offset[v] + (pos[back] + count[v] - 1) % count[v]];
  };
  // Each half-edge's next round its face, on `threads` cores in blocks (the
  // lookups are scattered); then the faces numbered by their least half-edge,
  // on one core, which only follows `next`; then each face walked from there
  // on `threads` cores, in the same order as one walk takes it. A face's ring
  // is kept only when the face is closed: the outer face of a city's circle
  // is a ring of hundreds of thousands of points that nothing reads.
  out.next.assign(2 * n, kNoFace);
  constexpr std::size_t kHalfBlock = 16384;
  detail::parallel_for_blocks(2 * n, kHalfBlock, threads, [&](std::size_t, std::size_t begin, std::size_t end) {
    for (std::size_t h = begin; h < end; ++h)
      if (keep[h >> 1]) out.next[h] = next(static_cast<std::uint32_t>(h));
  });
  std::vector<std::uint32_t> face(2 * n, kNoFace);
  std::vector<std::uint32_t> first;  // per face: its least half-edge
  for (std::uint32_t start = 0; start < 2 * n; ++start) {
    if (!keep[start >> 1] || face[start] != kNoFace) continue;
    const auto id = static_cast<std::uint32_t>(first.size());
    first.push_back(start);
    std::uint32_t h = start;
    do {
      face[h] = id;
      h = out.next[h];
    } while (h != start);
  }
  std::vector<std::uint8_t> closed(first.size(), 0);
  std::vector<std::uint32_t> component_of(first.size());  // per face: one of its vertices, for nesting
  std::vector<Ring> rings(first.size());                  // the closed faces' only
  constexpr std::size_t kFaceBlock = 1024;
  detail::parallel_for_blocks(first.size(), kFaceBlock, threads, [&](std::size_t, std::size_t begin, std::size_t end) {
    std::vector<std::uint32_t> ids;
    for (std::size_t f = begin; f < end; ++f) {
      const std::uint32_t start = first[f];
      double twice_area = 0;
      Box box = Box::Empty();
      ids.clear();
      const Point& o = g.point(verts[origin(start)]);
      std::uint32_t h = start;
      do {
        const Point& a = g.point(verts[origin(h)]);
        const Point& b = g.point(verts[target(h)]);
        twice_area += (a.x - o.x) * (b.y - o.y) - (b.x - o.x) * (a.y - o.y);
        box.extend(a);
        ids.push_back(origin(h));
        h = out.next[h];
      } while (h != start);
      component_of[f] = origin(start);
      const bool small = box.max_x - box.min_x <= max_side_m && box.max_y - box.min_y <= max_side_m;
      if (!small || !(twice_area > 0)) continue;
      // Simple: no vertex passed twice.
      std::sort(ids.begin(), ids.end());
      if (std::adjacent_find(ids.begin(), ids.end()) != ids.end()) continue;
      closed[f] = 1;
      Ring& ring = rings[f];
      h = start;
      do {
        ring.push_back(g.point(verts[origin(h)]));
        h = out.next[h];
      } while (h != start);
      ring.push_back(ring.front());
    }
  });
  // A component lying inside another's closed face: that face is not the
  // area between its sides, so it is not kept. The component's leftmost
  // vertex is tried against the closed faces whose boxes hold it.
  {
    std::vector<std::uint32_t> parent(verts.size());
    std::iota(parent.begin(), parent.end(), 0u);
    const auto find = [&](std::uint32_t v) {
      while (parent[v] != v) v = parent[v] = parent[parent[v]];
      return v;
    };
    for (std::uint32_t i = 0; i < n; ++i)
      if (keep[i]) parent[find(eu[i])] = find(ev[i]);
    std::vector<std::uint32_t> leftmost(verts.size(), kNoFace);
    std::size_t components = 0;
    for (std::uint32_t v = 0; v < verts.size(); ++v) {
      if (count[v] == 0) continue;
      std::uint32_t& l = leftmost[find(v)];
      if (l == kNoFace) ++components;
      if (l == kNoFace || g.point(verts[v]).x < g.point(verts[l]).x) l = v;
    }
    if (components > 1) {
      std::vector<std::pair<BgBox, std::uint32_t>> boxes;
      for (std::uint32_t f = 0; f < rings.size(); ++f)
        if (closed[f]) boxes.push_back({to_bg(bounds(rings[f])), f});
      const bgi::rtree<std::pair<BgBox, std::uint32_t>, bgi::rstar<16>> tree(boxes.begin(), boxes.end());
      std::vector<std::pair<BgBox, std::uint32_t>> near;
      for (std::uint32_t c = 0; c < verts.size(); ++c) {
        if (leftmost[c] == kNoFace) continue;
        const Point& p = g.point(verts[leftmost[c]]);
        near.clear();
        tree.query(bgi::intersects(to_bg(p)), std::back_inserter(near));
        for (const auto& [box, f] : near)
          if (find(component_of[f]) != c && inside(rings[f], p)) closed[f] = 0;
      }
    }
  }
  for (std::uint32_t i = 0; i < n; ++i)
    if (keep[i]) out.closed_sides[i] = static_cast<std::uint8_t>(closed[face[2 * i]] + closed[face[2 * i + 1]]);
  // Renumbered to the closed faces, with the half-edges of each.
  std::vector<std::uint32_t> number(rings.size(), kNoFace);
  for (std::size_t f = 0; f < rings.size(); ++f)
    if (closed[f]) {
      number[f] = static_cast<std::uint32_t>(out.rings.size());
      out.rings.push_back(std::move(rings[f]));
    }
  out.face_of.assign(2 * n, kNoFace);
  out.vertex.assign(2 * n, 0);
  std::vector<std::uint32_t> sizes(out.rings.size() + 1, 0);
  for (std::uint32_t h = 0; h < 2 * n; ++h) {
    if (!keep[h >> 1]) continue;
    out.vertex[h] = verts[origin(h)];
    if (number[face[h]] != kNoFace) out.face_of[h] = number[face[h]], ++sizes[number[face[h]] + 1];
  }
  out.face_start.assign(out.rings.size() + 1, 0);
  for (std::size_t f = 0; f < out.rings.size(); ++f) out.face_start[f + 1] = out.face_start[f] + sizes[f + 1];
  out.face_half.resize(out.face_start.back());
  std::vector<std::uint32_t> fill(out.face_start.begin(), out.face_start.end() - 1);
  for (std::uint32_t h = 0; h < 2 * n; ++h)
    if (keep[h >> 1] && out.face_of[h] != kNoFace) out.face_half[fill[out.face_of[h]]++] = h;
  return out;
}

MultiPolygon join_faces(const WalkGraph& g, const Faces& faces, const std::vector<std::uint32_t>& set) {
  // Marks, renewed per call rather than cleared: a tile's faces are few of all.
  thread_local std::vector<std::uint32_t> in_set, used, place;
  if (place.size() < g.vertex_count()) place.assign(g.vertex_count(), 0);
  thread_local std::uint32_t stamp = 0;
  if (in_set.size() < faces.rings.size()) in_set.assign(faces.rings.size(), 0);
  if (used.size() < faces.face_of.size()) used.assign(faces.face_of.size(), 0);
  if (++stamp == 0) {
    std::fill(in_set.begin(), in_set.end(), 0u);
    std::fill(used.begin(), used.end(), 0u);
    stamp = 1;
  }
  for (std::uint32_t f : set) in_set[f] = stamp;
  const auto in_set_left = [&](std::uint32_t h) {
    const std::uint32_t f = faces.face_of[h];
    return f != kNoFace && in_set[f] == stamp;
  };
  // The boundary: sides with a face of the set on the left only, linked at
  // each vertex to the next such side clockwise, so that rings meeting at a
  // vertex stay apart there. A ring that still passes a vertex twice is cut
  // there into its loops.
  struct Loop {
    Ring ring;
    double area;
    Box box;
  };
  std::vector<Loop> shells, holes;
  std::vector<VertexId> walk;
  const auto emit = [&](const std::vector<VertexId>& ids) {
    Loop l{{}, 0, Box::Empty()};
    for (VertexId v : ids) l.ring.push_back(g.point(v)), l.box.extend(g.point(v));
    l.ring.push_back(l.ring.front());
    l.area = signed_area(l.ring);
    if (l.area > 0) shells.push_back(std::move(l));
    else if (l.area < 0) holes.push_back(std::move(l));
  };
  for (std::uint32_t f : set)
    for (std::uint32_t k = faces.face_start[f]; k < faces.face_start[f + 1]; ++k) {
      const std::uint32_t start = faces.face_half[k];
      if (in_set_left(start ^ 1u) || used[start] == stamp) continue;
      walk.clear();
      std::uint32_t h = start;
      do {
        used[h] = stamp;
        walk.push_back(faces.vertex[h]);
        h = faces.next[h];
        while (in_set_left(h ^ 1u)) h = faces.next[h ^ 1u];
      } while (h != start);
      // Cut at repeated vertices: a stack of the walk so far; a vertex on it
      // closes the loop since. place[v] is v's place on the stack when
      // stack[place[v]] is v (an old entry fails that test).
      std::vector<VertexId> stack;
      for (VertexId v : walk) {
        std::uint32_t& at = place[v];
        if (at < stack.size() && stack[at] == v) {
          emit(std::vector<VertexId>(stack.begin() + at, stack.end()));
          stack.resize(at);
        }
        at = static_cast<std::uint32_t>(stack.size());
        stack.push_back(v);
      }
      if (!stack.empty()) emit(stack);
    }
  MultiPolygon out;
  for (Loop& s : shells) out.push_back({std::move(s.ring), {}});
  for (Loop& h : holes) {
    std::size_t owner = 0;
    if (shells.size() > 1) {
      owner = shells.size();
      // The middle of the hole's first side: strictly inside or outside every
      // shell, since the side is on no other ring and streets meet only at
      // their ends. (A vertex of the hole can lie on a shell where the two
      // touch; one touching at all its vertices would leave none to decide.)
      // The innermost shell holding it is the hole's: a shell can lie in
      // another's hole.
      const Point mid{(h.ring[0].x + h.ring[1].x) / 2, (h.ring[0].y + h.ring[1].y) / 2};
      for (std::size_t i = 0; i < shells.size(); ++i)
        if (meets(shells[i].box, h.box) && inside(out[i].outer, mid) &&
            (owner == shells.size() || shells[i].area < shells[owner].area))
          owner = i;
      if (owner == shells.size()) throw Error(ErrorCode::Internal, "a hole of joined faces lies in none of them");
    }
    out[owner].holes.push_back(std::move(h.ring));
  }
  return out;
}

double lines_overlap(const std::vector<Box>& boxes, double r, const Box& within) {
  std::vector<Box> cut;
  Box extent = Box::Empty();
  for (const Box& b : boxes) {
    const Box g{std::max(b.min_x - r, within.min_x), std::max(b.min_y - r, within.min_y),
                std::min(b.max_x + r, within.max_x), std::min(b.max_y + r, within.max_y)};
    if (g.min_x > g.max_x || g.min_y > g.max_y) continue;
    cut.push_back(g);
    extent.extend(g);
  }
  if (cut.empty()) return 0.0;
  // A cell no smaller than a 256th of the extent: a tiny r must not make
  // billions of cells.
  const double cell = std::max(2 * r, std::max(extent.max_x - extent.min_x, extent.max_y - extent.min_y) / 256);
  std::vector<std::uint64_t> cells;
  for (const Box& g : cut) {
    const auto x0 = static_cast<std::uint64_t>(std::floor((g.min_x - extent.min_x) / cell));
    const auto x1 = static_cast<std::uint64_t>(std::floor((g.max_x - extent.min_x) / cell));
    const auto y0 = static_cast<std::uint64_t>(std::floor((g.min_y - extent.min_y) / cell));
    const auto y1 = static_cast<std::uint64_t>(std::floor((g.max_y - extent.min_y) / cell));
    for (std::uint64_t x = x0; x <= x1; ++x)
      for (std::uint64_t y = y0; y <= y1; ++y) cells.push_back(x << 32 | y);
  }
  const auto hits = static_cast<double>(cells.size());
  std::sort(cells.begin(), cells.end());
  cells.erase(std::unique(cells.begin(), cells.end()), cells.end());
  return hits / static_cast<double>(cells.size());
}

namespace {

std::uint64_t ring_hash(const Ring& r) {
  // The points' bytes: equal rings are equal bit for bit (no -0.0 or NaN in a
  // face of graph vertices).
  return std::hash<std::string_view>{}(
      std::string_view(reinterpret_cast<const char*>(r.data()), r.size() * sizeof(Point)));
}

}  // namespace

void ErosionCache::add(Ring face, std::vector<Ring> eroded) {
  by_hash_.push_back({ring_hash(face), static_cast<std::uint32_t>(faces_.size())});
  faces_.push_back(std::move(face));
  eroded_.push_back(std::move(eroded));
}

void ErosionCache::seal() { std::sort(by_hash_.begin(), by_hash_.end()); }

void ErosionCache::retain(const std::vector<Box>& areas) {
  std::vector<std::pair<BgBox, std::uint32_t>> boxes;
  for (std::uint32_t i = 0; i < areas.size(); ++i) boxes.push_back({to_bg(areas[i]), i});
  const bgi::rtree<std::pair<BgBox, std::uint32_t>, bgi::rstar<16>> tree(boxes.begin(), boxes.end());
  std::vector<Ring> faces;
  std::vector<std::vector<Ring>> eroded;
  by_hash_.clear();
  for (std::size_t i = 0; i < faces_.size(); ++i) {
    if (tree.qbegin(bgi::intersects(to_bg(bounds(faces_[i])))) == tree.qend()) continue;
    by_hash_.push_back({ring_hash(faces_[i]), static_cast<std::uint32_t>(faces.size())});
    faces.push_back(std::move(faces_[i]));
    eroded.push_back(std::move(eroded_[i]));
  }
  faces_ = std::move(faces);
  eroded_ = std::move(eroded);
  by_hash_.shrink_to_fit();
  seal();
}

const std::vector<Ring>* ErosionCache::find(const Ring& face, double distance, int quadrant_segments) const {
  if (distance != distance_ || quadrant_segments != quadrant_segments_) return nullptr;
  const std::uint64_t h = ring_hash(face);
  for (auto it = std::lower_bound(by_hash_.begin(), by_hash_.end(), std::make_pair(h, std::uint32_t{0}));
       it != by_hash_.end() && it->first == h; ++it)
    if (faces_[it->second] == face) {
      hits_.fetch_add(1, std::memory_order_relaxed);
      return &eroded_[it->second];
    }
  return nullptr;
}

std::vector<Ring> erosion(const Ring& face, double distance, int quadrant_segments, const ErosionCache* cache,
                          bool* by_geos) {
  if (by_geos) *by_geos = false;
  const std::size_t m = face.size() - 1;  // closed ring
  // Nothing is left when the face is at most 2 x distance wide across a side:
  // a point inside it lies on a line across the face between two points of its
  // boundary at most that far apart. About half the faces eroded on the
  // benchmark cities are, at the default 50 m; the test spares them GEOS's
  // inward buffer (docs/performance.md).
  for (std::size_t i = 0; i < m; ++i) {
    const Point& a = face[i];
    const Point& b = face[i + 1];
    const double len = std::hypot(b.x - a.x, b.y - a.y);
    if (len == 0) continue;
    double lo = 0, hi = 0;
    for (std::size_t k = 0; k < m; ++k) {
      const double d = cross(a, b, face[k]) / len;
      lo = std::min(lo, d), hi = std::max(hi, d);
    }
    if (hi - lo <= 2 * distance) return {};
  }
  bool convex = true;
  for (std::size_t i = 0; i < m && convex; ++i)
    convex = cross(face[i], face[(i + 1) % m], face[(i + 2) % m]) >= 0;
  if (!convex) {
    if (by_geos) *by_geos = true;
    if (cache)
      if (const std::vector<Ring>* known = cache->find(face, distance, quadrant_segments)) return *known;
    auto& ctx = GeosContext::local();
    GeomPtr poly = to_geos(ctx, MultiPolygon{Polygon{face, {}}});
    GeomPtr eroded = make_geom(ctx, GEOSBufferWithStyle_r(ctx.get(), poly.get(), -distance, quadrant_segments,
                                                          GEOSBUF_CAP_ROUND, GEOSBUF_JOIN_ROUND, 5.0));
    std::vector<Ring> out;
    for (Polygon& p : polygons_from_geos(ctx, eroded.get())) {
      if (signed_area(p.outer) < 0) std::reverse(p.outer.begin(), p.outer.end());
      out.push_back(std::move(p.outer));
    }
    return out;
  }
  // Clipped side by side (Sutherland-Hodgman), near the ring's first point
  // so that the products keep their digits.
  const Point o = face[0];
  std::vector<Point> poly, next;
  for (std::size_t i = 0; i < m; ++i) poly.push_back({face[i].x - o.x, face[i].y - o.y});
  for (std::size_t i = 0; i < m && !poly.empty(); ++i) {
    const Point a{face[i].x - o.x, face[i].y - o.y};
    const Point b{face[i + 1].x - o.x, face[i + 1].y - o.y};
    const double len = std::hypot(b.x - a.x, b.y - a.y);
    if (len == 0) continue;
    // Signed distance into the face (to the left of a -> b), less `distance`.
    const auto depth = [&](const Point& p) { return cross(a, b, p) / len - distance; };
    next.clear();
    for (std::size_t k = 0; k < poly.size(); ++k) {
      const Point& p = poly[k];
      const Point& q = poly[(k + 1) % poly.size()];
      const double dp = depth(p), dq = depth(q);
      if (dp >= 0) next.push_back(p);
      if ((dp >= 0) != (dq >= 0)) {
        const double t = dp / (dp - dq);
        next.push_back({p.x + (q.x - p.x) * t, p.y + (q.y - p.y) * t});
      }
    }
    poly.swap(next);
  }
  if (poly.size() < 3) return {};
  Ring ring;
  for (const Point& p : poly) ring.push_back({p.x + o.x, p.y + o.y});
  ring.push_back(ring.front());
  if (signed_area(ring) <= 0) return {};
  return {ring};
}

}  // namespace siting::detail
