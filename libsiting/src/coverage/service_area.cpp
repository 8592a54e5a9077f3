// SPDX-License-Identifier: Apache-2.0
#include "siting/coverage/service_area.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <unordered_map>
#include <utility>

#include "detail/bg.hpp"
#include "detail/faces.hpp"
#include "detail/geos.hpp"
#include "detail/parallel.hpp"
#include "detail/stitch.hpp"
#include "siting/error.hpp"
#include "siting/log.hpp"

namespace siting::coverage {

using network::Edge;
using network::EdgeId;
using network::kNone;
using network::kUnreached;
using network::VertexId;
using network::WalkGraph;

namespace {

struct Interval {
  double from, to;
};

// Merges intervals into pieces of positive length.
void emit(EdgeId e, std::vector<Interval>& iv, std::vector<Piece>& out) {
  if (iv.empty()) return;
  std::sort(iv.begin(), iv.end(), [](const Interval& a, const Interval& b) { return a.from < b.from; });
  Interval cur = iv[0];
  for (std::size_t i = 1; i <= iv.size(); ++i) {
    if (i < iv.size() && iv[i].from <= cur.to) {
      cur.to = std::max(cur.to, iv[i].to);
      continue;
    }
    if (cur.to > cur.from) out.push_back({e, cur.from, cur.to});
    if (i < iv.size()) cur = iv[i];
  }
  iv.clear();
}

void end_intervals(double length, double du, double dv, double budget, std::vector<Interval>& iv) {
  if (du <= budget) iv.push_back({0.0, std::min(length, budget - du)});
  if (dv <= budget) iv.push_back({std::max(0.0, length - (budget - dv)), length});
}

void source_interval(double length, const network::Snap& s, double budget, std::vector<Interval>& iv) {
  const double r = budget - s.connector_m;
  if (r >= 0) iv.push_back({std::max(0.0, s.along_m - r), std::min(length, s.along_m + r)});
}

}  // namespace

std::vector<Piece> reachable_pieces(const WalkGraph& graph, const network::Reach& reach,
                                    const network::Sources& sources, double budget_m) {
  std::vector<Piece> out;
  std::vector<Interval> iv;
  for (EdgeId e = 0; e < graph.edge_count(); ++e) {
    const Edge& ed = graph.edge(e);
    end_intervals(ed.length_m, reach.distance_m[ed.u], reach.distance_m[ed.v], budget_m, iv);
    for (std::uint32_t i : sources.on_edge(e)) source_interval(ed.length_m, sources.all()[i].snap, budget_m, iv);
    emit(e, iv, out);
  }
  return out;
}

std::vector<Piece> reachable_pieces(const WalkGraph& graph, const network::SparseReach& reach,
                                    const network::Snap& source, double budget_m) {
  std::unordered_map<VertexId, double> dist;
  dist.reserve(reach.vertices.size() * 2);
  for (std::size_t i = 0; i < reach.vertices.size(); ++i) dist.emplace(reach.vertices[i], reach.distance_m[i]);
  auto d = [&dist](VertexId v) {
    auto it = dist.find(v);
    return it == dist.end() ? kUnreached : it->second;
  };
  std::vector<EdgeId> edges;
  for (VertexId v : reach.vertices)
    for (const network::HalfEdge& h : graph.out(v)) edges.push_back(h.edge);
  if (source.on_network()) edges.push_back(source.edge);
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  std::vector<Piece> out;
  std::vector<Interval> iv;
  for (EdgeId e : edges) {
    const Edge& ed = graph.edge(e);
    end_intervals(ed.length_m, d(ed.u), d(ed.v), budget_m, iv);
    if (e == source.edge) source_interval(ed.length_m, source, budget_m, iv);
    emit(e, iv, out);
  }
  return out;
}

LineString piece_line(const WalkGraph& graph, const Piece& piece) {
  const Edge& e = graph.edge(piece.edge);
  const Point& a = graph.point(e.u);
  const Point& b = graph.point(e.v);
  auto at = [&](double s) -> Point {
    if (s <= 0.0) return a;
    if (s >= e.length_m) return b;
    const double t = s / e.length_m;
    return {a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t};
  };
  return {at(piece.from_m), at(piece.to_m)};
}

std::vector<LineString> chain_pieces(const WalkGraph& graph, const std::vector<Piece>& pieces) {
  // Piece ends that sit on a vertex: (vertex, piece * 2 + end), end 0 = at u.
  struct End {
    VertexId v;
    std::uint32_t id;
  };
  std::vector<End> ends;
  for (std::uint32_t i = 0; i < pieces.size(); ++i) {
    const Edge& e = graph.edge(pieces[i].edge);
    if (pieces[i].from_m <= 0.0) ends.push_back({e.u, i * 2});
    if (pieces[i].to_m >= e.length_m) ends.push_back({e.v, i * 2 + 1});
  }
  std::sort(ends.begin(), ends.end(), [](const End& a, const End& b) { return a.v != b.v ? a.v < b.v : a.id < b.id; });
  std::vector<std::uint32_t> partner(pieces.size() * 2, kNone);
  // Direction of a piece leaving its end, as a unit vector.
  auto leaving = [&](std::uint32_t id) {
    const LineString l = piece_line(graph, pieces[id / 2]);
    const Point& from = (id % 2 == 0) ? l[0] : l[1];
    const Point& to = (id % 2 == 0) ? l[1] : l[0];
    const double dx = to.x - from.x, dy = to.y - from.y, n = std::hypot(dx, dy);
    return n > 0 ? Point{dx / n, dy / n} : Point{0, 0};
  };
  std::vector<Point> dir;  // leaving() of each end at the vertex in hand
  for (std::size_t i = 0; i < ends.size();) {
    std::size_t j = i;
    while (j < ends.size() && ends[j].v == ends[i].v) ++j;
    // Pair the ends at this vertex, most nearly opposite first.
    struct Pair {
      double dot;
      std::uint32_t a, b;
    };
    std::vector<Pair> pairs;
    dir.clear();
    for (std::size_t a = i; a < j; ++a) dir.push_back(leaving(ends[a].id));
    for (std::size_t a = i; a < j; ++a)
      for (std::size_t b = a + 1; b < j; ++b) {
        if (ends[a].id / 2 == ends[b].id / 2) continue;  // a piece that returns to its own start
        const Point& da = dir[a - i];
        const Point& db = dir[b - i];
        pairs.push_back({da.x * db.x + da.y * db.y, ends[a].id, ends[b].id});
      }
    std::sort(pairs.begin(), pairs.end(), [](const Pair& x, const Pair& y) {
      return x.dot != y.dot ? x.dot < y.dot : (x.a != y.a ? x.a < y.a : x.b < y.b);
    });
    for (const Pair& p : pairs)
      if (partner[p.a] == kNone && partner[p.b] == kNone) {
        partner[p.a] = p.b;
        partner[p.b] = p.a;
      }
    i = j;
  }
  // Walk the chains: start at ends without a partner, then what is left (cycles).
  std::vector<bool> used(pieces.size(), false);
  std::vector<LineString> out;
  auto walk = [&](std::uint32_t start_end) {
    LineString line;
    std::uint32_t cur = start_end;  // we enter the piece at this end
    while (true) {
      const std::uint32_t piece = cur / 2;
      if (used[piece]) break;
      used[piece] = true;
      LineString seg = piece_line(graph, pieces[piece]);
      if (cur % 2 == 1) std::swap(seg[0], seg[1]);
      if (line.empty()) line.push_back(seg[0]);
      line.push_back(seg[1]);
      const std::uint32_t exit_end = cur ^ 1u;
      const std::uint32_t next = partner[exit_end];
      if (next == kNone) break;
      cur = next;
    }
    if (line.size() >= 2) out.push_back(std::move(line));
  };
  for (std::uint32_t i = 0; i < pieces.size(); ++i)
    for (std::uint32_t end : {i * 2, i * 2 + 1})
      if (!used[i] && partner[end] == kNone) walk(end);
  for (std::uint32_t i = 0; i < pieces.size(); ++i)
    if (!used[i]) walk(i * 2);
  return out;
}

namespace {

struct Tile {
  Box rect;
  GEOSGeometry* geom = nullptr;  // owned
  double area = 0.0;
};

bool box_within(const Box& inner, const Box& outer) {
  return inner.min_x >= outer.min_x && inner.max_x <= outer.max_x && inner.min_y >= outer.min_y &&
         inner.max_y <= outer.max_y;
}

}  // namespace

struct ServiceArea::Impl {
  AreaOptions options;
  double origin_x = 0, origin_y = 0;
  std::size_t cols = 0, rows = 0;
  std::vector<Tile> tiles;  // cols * rows, row-major; geom null where empty
  std::shared_ptr<detail::ErosionCache> erosions;  // when options.keep_erosions

  ~Impl() {
    auto& ctx = detail::GeosContext::local();
    for (Tile& t : tiles)
      if (t.geom) GEOSGeom_destroy_r(ctx.get(), t.geom);
  }

  Box tile_rect(std::size_t c, std::size_t r) const {
    const double x0 = origin_x + static_cast<double>(c) * options.tile_m;
    const double y0 = origin_y + static_cast<double>(r) * options.tile_m;
    return {x0, y0, x0 + options.tile_m, y0 + options.tile_m};
  }

  // Tile index ranges overlapping a box.
  void range(const Box& b, std::size_t& c0, std::size_t& c1, std::size_t& r0, std::size_t& r1) const {
    auto clamp = [](double v, std::size_t n) {
      if (v < 0) return std::size_t{0};
      return std::min(n - 1, static_cast<std::size_t>(v));
    };
    c0 = clamp(std::floor((b.min_x - origin_x) / options.tile_m), cols);
    c1 = clamp(std::floor((b.max_x - origin_x) / options.tile_m), cols);
    r0 = clamp(std::floor((b.min_y - origin_y) / options.tile_m), rows);
    r1 = clamp(std::floor((b.max_y - origin_y) / options.tile_m), rows);
  }
};

void AreaOptions::validate() const {
  check_option("--lateral", lateral_m, kLateralRange);
  check_option("quadrant_segments", quadrant_segments, kQuadrantSegmentsRange);
  check_option("tile_m", tile_m, kTileRange);
  check_option("--threads", threads, kThreadsRange);
}

ServiceArea::ServiceArea() : impl_(std::make_unique<Impl>()) {}
ServiceArea::~ServiceArea() = default;
ServiceArea::ServiceArea(ServiceArea&&) noexcept = default;
ServiceArea& ServiceArea::operator=(ServiceArea&&) noexcept = default;

namespace {

// What one tile is drawn from.
struct TileInput {
  const std::vector<LineString>& lines;  // the pieces to buffer, chained, and the connectors
  const std::vector<Box>& boxes;         // their bounds
  const detail::Faces& faces;
  const std::vector<std::vector<Ring>>& eroded;  // per closed face
  const network::WalkGraph& graph;
  double r;
  int quadrant_segments;
};

void destroy_all(detail::GeosContext& ctx, std::vector<GEOSGeometry*>& gs) {
  for (GEOSGeometry* g : gs)
    if (g) GEOSGeom_destroy_r(ctx.get(), g);
  gs.clear();
}

GEOSGeometry* buffer(detail::GeosContext& ctx, const GEOSGeometry* g, const TileInput& in) {
  return detail::make_geom(ctx, GEOSBufferWithStyle_r(ctx.get(), g, in.r, in.quadrant_segments, GEOSBUF_CAP_ROUND,
                                                      GEOSBUF_JOIN_ROUND, 5.0))
      .release();
}

// The tile's faces less their erosions, its lines buffered, unioned; not yet
// cut to the tile. Null when there is nothing.
detail::GeomPtr draw_tile(detail::GeosContext& ctx, const TileInput& in, const Box& rect,
                          const std::vector<std::uint32_t>& line_ids, const std::vector<std::uint32_t>& face_ids) {
  const double r = in.r;
  // Only lines within r of the tile matter to it: clip long ones to the tile
  // grown by r (and a metre, so clipping never cuts a buffer arc that matters).
  const Box reach = grown(rect, r + 1);
  std::vector<GEOSGeometry*> parts;
  std::vector<std::uint32_t> kept;  // the line of each part
  for (std::uint32_t i : line_ids) {
    detail::GeomPtr line = detail::to_geos(ctx, in.lines[i]);
    if (!box_within(in.boxes[i], reach)) {
      GEOSGeometry* clipped = GEOSClipByRect_r(ctx.get(), line.get(), reach.min_x, reach.min_y, reach.max_x, reach.max_y);
      line = detail::make_geom(ctx, clipped);
      if (GEOSisEmpty_r(ctx.get(), line.get())) continue;
    }
    parts.push_back(line.release());
    kept.push_back(i);
  }
  std::vector<GEOSGeometry*> buffers;
  struct Owned {
    detail::GeosContext& ctx;
    std::vector<GEOSGeometry*>& gs;
    ~Owned() { destroy_all(ctx, gs); }
  } owned_parts{ctx, parts}, owned_buffers{ctx, buffers};
  // The faces, joined from their sides and cut to `reach`: a side the cut
  // adds is r and a metre from the tile, so its buffer stays out of the tile.
  // A polygon's buffer grows only its boundary: the faces' inside costs
  // nothing here.
  detail::GeomPtr faces;
  if (!face_ids.empty()) {
    detail::GeomPtr joined = detail::to_geos(ctx, detail::join_faces(in.graph, in.faces, face_ids));
    faces = detail::make_geom(
        ctx, GEOSClipByRect_r(ctx.get(), joined.get(), reach.min_x, reach.min_y, reach.max_x, reach.max_y));
  }
  // Where the lines' buffers overlap little (what the faces leave of a
  // regular city's streets), the faces and every line go to one GEOS buffer
  // call, which nodes all offset curves once and leaves no union to do.
  // Where they overlap much (crooked real streets a few dozen metres apart),
  // noding them all at once costs more than buffering 16 lines to a call and
  // unioning the batches and the faces' buffer; one call for all lines was
  // 2.2-2.4x slower there. Polygon and facility stages, docs/performance.md:
  // dense 1M city 3.0 -> 2.5 s and 5.1 -> 3.8 s, Futian and Baltimore within
  // noise of the batches.
  std::vector<Box> line_boxes;
  for (std::uint32_t i : kept) line_boxes.push_back(in.boxes[i]);
  if (detail::lines_overlap(line_boxes, r, reach) <= detail::kOneBufferOverlap) {
    if (faces) parts.push_back(faces.release());
    if (!parts.empty()) {
      detail::GeomPtr all = detail::make_geom(ctx, GEOSGeom_createCollection_r(ctx.get(), GEOS_GEOMETRYCOLLECTION,
                                                                               parts.data(), static_cast<unsigned>(parts.size())));
      parts.clear();  // `all` owns them
      buffers.push_back(buffer(ctx, all.get(), in));
    }
  } else {
    if (faces) buffers.push_back(buffer(ctx, faces.get(), in));
    // Measured batch sizes (docs/performance.md): 1M-segment city 0.79 s,
    // Futian 0.12 s, Baltimore 0.16 s, within 15% of the best on each.
    constexpr std::size_t kBatch = 16;
    for (std::size_t b = 0; b < parts.size(); b += kBatch) {
      const std::size_t e = std::min(parts.size(), b + kBatch);
      detail::GeomPtr batch = detail::make_geom(
          ctx, GEOSGeom_createCollection_r(ctx.get(), GEOS_GEOMETRYCOLLECTION, parts.data() + b, static_cast<unsigned>(e - b)));
      std::fill(parts.begin() + static_cast<std::ptrdiff_t>(b), parts.begin() + static_cast<std::ptrdiff_t>(e), nullptr);
      buffers.push_back(buffer(ctx, batch.get(), in));
    }
  }
  if (buffers.empty()) return nullptr;
  detail::GeomPtr merged;
  if (buffers.size() == 1) {
    merged = detail::GeomPtr(std::exchange(buffers[0], nullptr), detail::GeomDeleter{ctx.get()});
  } else {
    detail::GeomPtr all = detail::make_geom(
        ctx, GEOSGeom_createCollection_r(ctx.get(), GEOS_GEOMETRYCOLLECTION, buffers.data(), static_cast<unsigned>(buffers.size())));
    buffers.clear();
    merged = detail::make_geom(ctx, GEOSUnaryUnion_r(ctx.get(), all.get()));
  }
  // The faces' erosions are holes in it, less what a line's buffer covers of
  // them (a cul-de-sac into a block, a bridge over it): a buffer wholly inside
  // an erosion is an island in its hole. A large face's erosion reaches over
  // many tiles; each takes its part and a metre, which the cut to the tile
  // then trims.
  const Box near_tile = grown(rect, 1);
  std::vector<Ring> holes;
  MultiPolygon islands;
  std::vector<Ring> hole_parts;
  for (std::uint32_t f : face_ids)
    for (const Ring& erosion : in.eroded[f]) {
      const Box whole_box = bounds(erosion);
      if (!meets(whole_box, rect)) continue;
      hole_parts.clear();
      if (box_within(whole_box, near_tile)) {
        hole_parts.push_back(erosion);
      } else {
        detail::GeomPtr g = detail::to_geos(ctx, MultiPolygon{Polygon{erosion, {}}});
        detail::GeomPtr cut = detail::make_geom(
            ctx, GEOSClipByRect_r(ctx.get(), g.get(), near_tile.min_x, near_tile.min_y, near_tile.max_x, near_tile.max_y));
        for (Polygon& p : detail::polygons_from_geos(ctx, cut.get())) hole_parts.push_back(std::move(p.outer));
      }
      for (Ring& h : hole_parts) {
        const Box hb = bounds(h);
        std::vector<GEOSGeometry*> near;
        for (std::size_t k = 0; k < kept.size(); ++k)
          if (meets(grown(in.boxes[kept[k]], r), hb)) near.push_back(detail::to_geos(ctx, in.lines[kept[k]]).release());
        if (near.empty()) {
          holes.push_back(std::move(h));
          continue;
        }
        detail::GeomPtr lines = detail::make_geom(
            ctx, GEOSGeom_createCollection_r(ctx.get(), GEOS_GEOMETRYCOLLECTION, near.data(), static_cast<unsigned>(near.size())));
        detail::GeomPtr covered(buffer(ctx, lines.get(), in), detail::GeomDeleter{ctx.get()});
        detail::GeomPtr hole = detail::to_geos(ctx, MultiPolygon{Polygon{std::move(h), {}}});
        detail::GeomPtr left = detail::make_geom(ctx, GEOSDifference_r(ctx.get(), hole.get(), covered.get()));
        for (Polygon& p : detail::polygons_from_geos(ctx, left.get())) {
          holes.push_back(std::move(p.outer));
          for (Ring& island : p.holes) islands.push_back({std::move(island), {}});
        }
      }
    }
  if (holes.empty()) return merged;
  // Each hole into the polygon holding it: the buffer covers the faces, and
  // the polygons of a union do not overlap.
  MultiPolygon polygons = detail::polygons_from_geos(ctx, merged.get());
  std::vector<Box> boxes;
  for (const Polygon& p : polygons) boxes.push_back(bounds(p.outer));
  for (Ring& h : holes) {
    std::size_t owner = 0;
    if (polygons.size() > 1) {
      owner = polygons.size();
      const Point& q = h[0];
      for (std::size_t k = 0; k < polygons.size() && owner == polygons.size(); ++k) {
        if (!holds(boxes[k], q) || !inside(polygons[k].outer, q)) continue;
        bool in_hole = false;
        for (const Ring& ph : polygons[k].holes) in_hole = in_hole || inside(ph, q);
        if (!in_hole) owner = k;
      }
      if (owner == polygons.size())
        throw Error(ErrorCode::Internal, "a face's erosion lies in no polygon of its tile (at " + std::to_string(q.x) +
                                             ", " + std::to_string(q.y) + ")");
    }
    polygons[owner].holes.push_back(std::move(h));
  }
  for (Polygon& island : islands) polygons.push_back(std::move(island));
  return detail::to_geos(ctx, polygons);
}

}  // namespace

ServiceArea ServiceArea::Build(const WalkGraph& graph, const std::vector<Piece>& pieces,
                               const std::vector<LineString>& connectors, const AreaOptions& options) {
  options.validate();
  ServiceArea area;
  Impl& im = *area.impl_;
  im.options = options;
  const double r = options.lateral_m;
  // Whole streets with a closed face on either side need no buffer of their
  // own (detail/faces.hpp): the faces' buffer holds theirs.
  // The partial pieces are obstacles, which a face's side may not cross:
  // whether a street near a tile is whole can depend on streets far away (a
  // shard's halo), but where it crosses a side is near.
  std::vector<EdgeId> whole;
  std::vector<std::uint32_t> whole_at(pieces.size(), kNone);
  std::vector<detail::Obstacle> obstacles;
  for (std::uint32_t i = 0; i < pieces.size(); ++i) {
    const Piece& p = pieces[i];
    const Edge& e = graph.edge(p.edge);
    const bool from_u = p.from_m <= 0.0, to_v = p.to_m >= e.length_m;
    if (from_u && to_v) {
      whole_at[i] = static_cast<std::uint32_t>(whole.size());
      whole.push_back(p.edge);
    } else {
      const LineString l = piece_line(graph, p);
      obstacles.push_back({l[0], l[1], from_u ? e.u : kNone, to_v ? e.v : kNone});
    }
  }
  detail::Faces faces = detail::closed_faces(graph, whole, detail::face_max_side(r), obstacles, options.threads);
  std::vector<Piece> rest;
  for (std::uint32_t i = 0; i < pieces.size(); ++i)
    if (whole_at[i] == kNone || faces.closed_sides[whole_at[i]] == 0) rest.push_back(pieces[i]);
  std::vector<LineString> lines = chain_pieces(graph, rest);
  for (const LineString& c : connectors)
    if (c.size() >= 2) lines.push_back(c);
  if (lines.empty() && faces.rings.empty()) return area;
  std::vector<std::vector<Ring>> eroded(faces.rings.size());
  std::vector<std::uint8_t> by_geos(faces.rings.size(), 0);
  detail::parallel_for(faces.rings.size(), options.threads, [&](std::size_t f) {
    bool geos = false;
    eroded[f] = detail::erosion(faces.rings[f], r, options.quadrant_segments, options.erosions.get(), &geos);
    by_geos[f] = geos;
  });

  // Lines and faces, by the tiles within r of them.
  std::vector<Box> boxes, face_boxes;
  Box all = Box::Empty();
  for (const LineString& l : lines) boxes.push_back(bounds(l)), all.extend(grown(boxes.back(), r));
  for (const Ring& f : faces.rings) face_boxes.push_back(bounds(f)), all.extend(grown(face_boxes.back(), r));
  // Tiles on a grid anchored at multiples of the tile size: stable across runs.
  im.origin_x = std::floor(all.min_x / options.tile_m) * options.tile_m;
  im.origin_y = std::floor(all.min_y / options.tile_m) * options.tile_m;
  im.cols = static_cast<std::size_t>(std::floor((all.max_x - im.origin_x) / options.tile_m)) + 1;
  im.rows = static_cast<std::size_t>(std::floor((all.max_y - im.origin_y) / options.tile_m)) + 1;
  im.tiles.resize(im.cols * im.rows);
  std::vector<std::vector<std::uint32_t>> in_tile(im.tiles.size()), faces_in(im.tiles.size());
  const auto assign = [&](const std::vector<Box>& bs, std::vector<std::vector<std::uint32_t>>& to) {
    for (std::uint32_t i = 0; i < bs.size(); ++i) {
      std::size_t c0, c1, r0, r1;
      im.range(grown(bs[i], r), c0, c1, r0, r1);
      for (std::size_t rr = r0; rr <= r1; ++rr)
        for (std::size_t cc = c0; cc <= c1; ++cc) to[rr * im.cols + cc].push_back(i);
    }
  };
  assign(boxes, in_tile);
  assign(face_boxes, faces_in);
  for (std::size_t t = 0; t < im.tiles.size(); ++t) im.tiles[t].rect = im.tile_rect(t % im.cols, t / im.cols);
  if (options.only) {
    for (std::size_t t = 0; t < im.tiles.size(); ++t)
      if (!meets(im.tiles[t].rect, *options.only)) in_tile[t].clear(), faces_in[t].clear();
  }

  const TileInput input{lines, boxes, faces, eroded, graph, r, options.quadrant_segments};
  Progress progress("service areas", options.progress ? im.tiles.size() : 0);
  detail::parallel_for(im.tiles.size(), options.threads, [&](std::size_t t) {
    progress.advance();
    if (in_tile[t].empty() && faces_in[t].empty()) return;
    auto& ctx = detail::GeosContext::local();
    Tile& tile = im.tiles[t];
    detail::GeomPtr merged = draw_tile(ctx, input, tile.rect, in_tile[t], faces_in[t]);
    if (!merged) return;
    GEOSGeometry* clipped = GEOSClipByRect_r(ctx.get(), merged.get(), tile.rect.min_x, tile.rect.min_y,
                                             tile.rect.max_x, tile.rect.max_y);
    if (!clipped) throw Error(ErrorCode::Internal, "GEOS clip failed: " + ctx.last_error());
    if (GEOSisEmpty_r(ctx.get(), clipped)) {
      GEOSGeom_destroy_r(ctx.get(), clipped);
      return;
    }
    GEOSArea_r(ctx.get(), clipped, &tile.area);
    tile.geom = clipped;
  });
  if (options.keep_erosions) {
    // Only GEOS's: the others cost less to compute again than to look up.
    auto kept = std::make_shared<detail::ErosionCache>(r, options.quadrant_segments);
    for (std::size_t f = 0; f < faces.rings.size(); ++f)
      if (by_geos[f]) kept->add(std::move(faces.rings[f]), std::move(eroded[f]));
    kept->seal();
    im.erosions = std::move(kept);
  }
  return area;
}

std::shared_ptr<detail::ErosionCache> ServiceArea::take_erosions() { return std::move(impl_->erosions); }

ServiceArea ServiceArea::FromTiles(const std::vector<TileGeometry>& tiles, const AreaOptions& options) {
  options.validate();
  ServiceArea area;
  Impl& im = *area.impl_;
  im.options = options;
  if (tiles.empty()) return area;
  std::int64_t c0 = tiles[0].col, c1 = c0, r0 = tiles[0].row, r1 = r0;
  for (const TileGeometry& t : tiles) {
    c0 = std::min(c0, t.col), c1 = std::max(c1, t.col);
    r0 = std::min(r0, t.row), r1 = std::max(r1, t.row);
  }
  im.origin_x = static_cast<double>(c0) * options.tile_m;
  im.origin_y = static_cast<double>(r0) * options.tile_m;
  im.cols = static_cast<std::size_t>(c1 - c0 + 1);
  im.rows = static_cast<std::size_t>(r1 - r0 + 1);
  im.tiles.resize(im.cols * im.rows);
  for (std::size_t t = 0; t < im.tiles.size(); ++t) im.tiles[t].rect = im.tile_rect(t % im.cols, t / im.cols);
  auto& ctx = detail::GeosContext::local();
  for (const TileGeometry& t : tiles) {
    Tile& tile = im.tiles[static_cast<std::size_t>(t.row - r0) * im.cols + static_cast<std::size_t>(t.col - c0)];
    if (tile.geom) throw Error(ErrorCode::Internal, "tile (" + std::to_string(t.col) + ", " + std::to_string(t.row) + ") given twice");
    if (t.geometry.empty()) continue;
    tile.geom = detail::to_geos(ctx, t.geometry).release();
    tile.area = t.area_m2;
  }
  return area;
}

std::vector<TileGeometry> ServiceArea::tiles() const {
  const Impl& im = *impl_;
  auto& ctx = detail::GeosContext::local();
  std::vector<TileGeometry> out;
  const auto col0 = static_cast<std::int64_t>(std::llround(im.origin_x / im.options.tile_m));
  const auto row0 = static_cast<std::int64_t>(std::llround(im.origin_y / im.options.tile_m));
  for (std::size_t t = 0; t < im.tiles.size(); ++t) {
    if (!im.tiles[t].geom) continue;
    out.push_back({col0 + static_cast<std::int64_t>(t % im.cols), row0 + static_cast<std::int64_t>(t / im.cols),
                   im.tiles[t].area, detail::polygons_from_geos(ctx, im.tiles[t].geom)});
  }
  return out;
}

double ServiceArea::area_m2() const {
  double a = 0;
  for (const Tile& t : impl_->tiles) a += t.area;
  return a;
}

namespace {

// A tile's polygons, split for the dissolve. Tiles are clipped to their
// squares and do not overlap, so a polygon or a hole lying strictly inside its
// tile's square meets no other tile: it goes into the result as it is, and only
// what reaches the square's edges (with the holes that do) goes into the union.
// A dense service area holds one hole per block; unioning them cost 40 of the
// 78 s of a 1M-segment city with 3,000 facilities (docs/performance.md).
struct Split {
  std::vector<GEOSGeometry*> border;          // to union
  std::vector<GEOSGeometry*> inner_polygons;  // as they are
  std::vector<GEOSGeometry*> inner_holes;     // rings, to put back into the polygon of the union holding them
};

// A geometry's bounding box; false for an empty one.
bool envelope(detail::GeosContext& ctx, const GEOSGeometry* g, Box& box) {
  return GEOSGeom_getXMin_r(ctx.get(), g, &box.min_x) && GEOSGeom_getYMin_r(ctx.get(), g, &box.min_y) &&
         GEOSGeom_getXMax_r(ctx.get(), g, &box.max_x) && GEOSGeom_getYMax_r(ctx.get(), g, &box.max_y);
}

bool strictly_inside(detail::GeosContext& ctx, const GEOSGeometry* g, const Box& rect) {
  // A margin far above rounding and far below any street: whatever comes
  // closer to the square's edge goes into the union, which is always right.
  constexpr double kMargin = 1e-6;
  Box b;
  if (!envelope(ctx, g, b)) return false;
  return b.min_x > rect.min_x + kMargin && b.min_y > rect.min_y + kMargin && b.max_x < rect.max_x - kMargin &&
         b.max_y < rect.max_y - kMargin;
}

GEOSGeometry* clone_checked(detail::GeosContext& ctx, const GEOSGeometry* g) {
  GEOSGeometry* c = GEOSGeom_clone_r(ctx.get(), g);
  if (!c) throw Error(ErrorCode::Internal, "GEOS clone failed: " + ctx.last_error());
  return c;
}

void split_tile(detail::GeosContext& ctx, const GEOSGeometry* geom, const Box& rect, Split& out) {
  const int n = GEOSGetNumGeometries_r(ctx.get(), geom);
  for (int i = 0; i < n; ++i) {
    const GEOSGeometry* poly = GEOSGetGeometryN_r(ctx.get(), geom, i);
    if (GEOSGeomTypeId_r(ctx.get(), poly) != GEOS_POLYGON) {
      out.border.push_back(clone_checked(ctx, poly));
      continue;
    }
    const GEOSGeometry* shell = GEOSGetExteriorRing_r(ctx.get(), poly);
    if (strictly_inside(ctx, shell, rect)) {
      out.inner_polygons.push_back(clone_checked(ctx, poly));
      continue;
    }
    std::vector<GEOSGeometry*> kept;
    const int holes = GEOSGetNumInteriorRings_r(ctx.get(), poly);
    for (int h = 0; h < holes; ++h) {
      const GEOSGeometry* ring = GEOSGetInteriorRingN_r(ctx.get(), poly, h);
      (strictly_inside(ctx, ring, rect) ? out.inner_holes : kept).push_back(clone_checked(ctx, ring));
    }
    GEOSGeometry* stripped = GEOSGeom_createPolygon_r(ctx.get(), clone_checked(ctx, shell), kept.data(),
                                                      static_cast<unsigned>(kept.size()));
    if (!stripped) throw Error(ErrorCode::Internal, "GEOS polygon failed: " + ctx.last_error());
    out.border.push_back(stripped);
  }
}

GEOSGeometry* union_all(detail::GeosContext& ctx, std::vector<GEOSGeometry*>& parts) {
  if (parts.empty()) return nullptr;
  detail::GeomPtr all = detail::make_geom(
      ctx, GEOSGeom_createCollection_r(ctx.get(), GEOS_GEOMETRYCOLLECTION, parts.data(), static_cast<unsigned>(parts.size())));
  parts.clear();  // the collection owns them
  return detail::make_geom(ctx, GEOSUnaryUnion_r(ctx.get(), all.get())).release();
}

// The union's polygons with each hole put back into the polygon whose area
// holds it, and the inner polygons beside them. The holes are those of the
// tiles' polygons that lay inside their squares, and, when the union was
// stitched, the union's own: then its polygons have no holes yet, and an
// island in a hole lies inside the polygon around it too, so a hole goes to
// the innermost (the smallest) polygon holding it. A vertex of a hole on a
// boundary (a hole touching its shell at a point) is tried past until one lies
// inside some polygon. Returns nullptr when no vertex decides, and the caller
// then unions everything.
GEOSGeometry* put_back(detail::GeosContext& ctx, const GEOSGeometry* merged, std::vector<GEOSGeometry*>& holes,
                       std::vector<GEOSGeometry*>& inner) {
  const int n = merged ? GEOSGetNumGeometries_r(ctx.get(), merged) : 0;
  std::vector<const GEOSPreparedGeometry*> prepared(static_cast<std::size_t>(n));
  std::vector<std::vector<GEOSGeometry*>> extra(static_cast<std::size_t>(n));
  std::vector<int> ids(static_cast<std::size_t>(n));
  GEOSSTRtree* tree = GEOSSTRtree_create_r(ctx.get(), 10);
  struct Cleanup {
    detail::GeosContext& ctx;
    GEOSSTRtree* tree;
    std::vector<const GEOSPreparedGeometry*>& prepared;
    ~Cleanup() {
      for (const GEOSPreparedGeometry* p : prepared)
        if (p) GEOSPreparedGeom_destroy_r(ctx.get(), p);
      if (tree) GEOSSTRtree_destroy_r(ctx.get(), tree);
    }
  } cleanup{ctx, tree, prepared};
  for (int i = 0; i < n; ++i) {
    const GEOSGeometry* g = GEOSGetGeometryN_r(ctx.get(), merged, i);
    ids[static_cast<std::size_t>(i)] = i;
    GEOSSTRtree_insert_r(ctx.get(), tree, const_cast<GEOSGeometry*>(g), &ids[static_cast<std::size_t>(i)]);
  }
  // A polygon is prepared only when a point is to be located in it: preparing
  // indexes every segment of it, and a dense circle is one polygon of millions.
  auto inside = [&](int i, const GEOSGeometry* pt) {
    const GEOSPreparedGeometry*& p = prepared[static_cast<std::size_t>(i)];
    if (!p) p = GEOSPrepare_r(ctx.get(), GEOSGetGeometryN_r(ctx.get(), merged, i));
    if (!p) throw Error(ErrorCode::Internal, "GEOS prepare failed: " + ctx.last_error());
    return GEOSPreparedContainsProperly_r(ctx.get(), p, pt) == 1;
  };
  std::vector<double> areas(static_cast<std::size_t>(n), -1.0);  // taken when needed
  auto area_of = [&](int i) {
    double& a = areas[static_cast<std::size_t>(i)];
    if (a < 0 && !GEOSArea_r(ctx.get(), GEOSGetGeometryN_r(ctx.get(), merged, i), &a))
      throw Error(ErrorCode::Internal, "GEOS area failed: " + ctx.last_error());
    return a;
  };
  std::vector<int> found;  // the polygons whose boxes hold a point
  auto collect = [](void* item, void* data) { static_cast<std::vector<int>*>(data)->push_back(*static_cast<int*>(item)); };
  std::vector<int> owners;  // every hole's, before any is moved, so that a failure leaves them all to the caller
  for (GEOSGeometry* hole : holes) {
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx.get(), hole);
    unsigned size = 0;
    GEOSCoordSeq_getSize_r(ctx.get(), seq, &size);
    int owner = -1;
    for (unsigned v = 0; v + 1 < size && owner < 0; ++v) {
      double x, y;
      GEOSCoordSeq_getXY_r(ctx.get(), seq, v, &x, &y);
      detail::GeomPtr pt = detail::make_geom(ctx, GEOSGeom_createPointFromXY_r(ctx.get(), x, y));
      found.clear();
      GEOSSTRtree_query_r(ctx.get(), tree, pt.get(), collect, &found);
      // The hole lies in one polygon's area, and so within its box: when only
      // one polygon's box holds the point, that polygon is the one.
      if (found.size() == 1) {
        owner = found[0];
        break;
      }
      for (int i : found)
        if (inside(i, pt.get()) && (owner < 0 || area_of(i) < area_of(owner))) owner = i;
    }
    if (owner < 0) return nullptr;
    owners.push_back(owner);
  }
  for (std::size_t k = 0; k < holes.size(); ++k) {
    extra[static_cast<std::size_t>(owners[k])].push_back(holes[k]);
    holes[k] = nullptr;
  }
  std::vector<GEOSGeometry*> polys;
  for (int i = 0; i < n; ++i) {
    const GEOSGeometry* g = GEOSGetGeometryN_r(ctx.get(), merged, i);
    if (GEOSGeomTypeId_r(ctx.get(), g) != GEOS_POLYGON) {
      polys.push_back(clone_checked(ctx, g));
      continue;
    }
    std::vector<GEOSGeometry*> rings;
    const int holes_now = GEOSGetNumInteriorRings_r(ctx.get(), g);
    for (int h = 0; h < holes_now; ++h) rings.push_back(clone_checked(ctx, GEOSGetInteriorRingN_r(ctx.get(), g, h)));
    for (GEOSGeometry* r : extra[static_cast<std::size_t>(i)]) rings.push_back(r);
    extra[static_cast<std::size_t>(i)].clear();
    polys.push_back(GEOSGeom_createPolygon_r(ctx.get(), clone_checked(ctx, GEOSGetExteriorRing_r(ctx.get(), g)),
                                             rings.data(), static_cast<unsigned>(rings.size())));
  }
  for (GEOSGeometry*& p : inner) polys.push_back(p), p = nullptr;
  holes.clear();
  inner.clear();
  GEOSGeometry* out = GEOSGeom_createCollection_r(ctx.get(), GEOS_MULTIPOLYGON, polys.data(), static_cast<unsigned>(polys.size()));
  if (!out) throw Error(ErrorCode::Internal, "GEOS collection failed: " + ctx.last_error());
  return out;
}

}  // namespace

namespace {

// A tile's polygon that reaches its square's edges, to be joined with its
// neighbours across them.
struct Part {
  GEOSGeometry* geom;  // owned until handed on
  std::size_t tile;
  Box box;
};

// The parts joined along the tiles' sides (detail/stitch.hpp): linear in their
// vertices. The union's polygons go to `polygons` without holes and its holes
// to `holes`, for put_back. False, with nothing moved, when a part is not one
// plain polygon or the stitch declines (a boundary meeting itself at a point):
// the caller unions them (union_parts).
bool stitch(detail::GeosContext& ctx, const std::vector<Tile>& tiles, std::vector<Part>& parts,
            std::vector<GEOSGeometry*>& polygons, std::vector<GEOSGeometry*>& holes) {
  std::vector<detail::SquarePolygon> squares;
  squares.reserve(parts.size());
  for (const Part& p : parts) {
    if (GEOSGeomTypeId_r(ctx.get(), p.geom) != GEOS_POLYGON || GEOSGetNumInteriorRings_r(ctx.get(), p.geom) != 0)
      return false;
    squares.push_back({detail::points_from_geos(ctx, GEOSGetExteriorRing_r(ctx.get(), p.geom)), tiles[p.tile].rect});
  }
  std::optional<detail::Stitched> s = detail::stitch_squares(squares);
  if (!s) return false;
  for (Part& p : parts) GEOSGeom_destroy_r(ctx.get(), std::exchange(p.geom, nullptr));
  for (const Ring& shell : s->shells) {
    GEOSGeometry* g = GEOSGeom_createPolygon_r(ctx.get(), detail::ring_to_geos(ctx, shell).release(), nullptr, 0);
    if (!g) throw Error(ErrorCode::Internal, "GEOS polygon failed: " + ctx.last_error());
    polygons.push_back(g);
  }
  for (const Ring& hole : s->holes) holes.push_back(detail::ring_to_geos(ctx, hole).release());
  return true;
}

// The parts overlaid (GEOS union), group by group: a group is what hangs
// together through touching boxes, and polygons of different groups are apart,
// so each group's union is its own and the groups run side by side on the
// threads. A sparse circle is many small groups (226 polygons on the 1M grid
// city), where one union of everything re-nodes unrelated polygons together at
// every level of its cascade. A group of more than a quarter of the polygons
// (a dense circle is one) is unioned in a west and an east half side by side,
// then the two.
void union_parts(detail::GeosContext& ctx, std::size_t cols, unsigned threads, std::vector<Part>& parts,
                 std::vector<GEOSGeometry*>& polygons) {
  // Groups: boxes that meet, grown by a margin far below any street.
  std::vector<std::uint32_t> parent(parts.size());
  for (std::uint32_t i = 0; i < parts.size(); ++i) parent[i] = i;
  auto find = [&](std::uint32_t i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  };
  {
    constexpr double kMargin = 1e-6;
    std::vector<std::pair<detail::BgBox, std::uint32_t>> boxes;
    for (std::uint32_t i = 0; i < parts.size(); ++i) boxes.push_back({detail::to_bg(parts[i].box), i});
    const detail::bgi::rtree<std::pair<detail::BgBox, std::uint32_t>, detail::bgi::rstar<16>> tree(boxes.begin(), boxes.end());
    std::vector<std::pair<detail::BgBox, std::uint32_t>> near;
    for (std::uint32_t i = 0; i < parts.size(); ++i) {
      const Box& b = parts[i].box;
      near.clear();
      tree.query(detail::bgi::intersects(detail::to_bg(Box{b.min_x - kMargin, b.min_y - kMargin, b.max_x + kMargin,
                                                           b.max_y + kMargin})),
                 std::back_inserter(near));
      for (const auto& [box, j] : near) {
        const std::uint32_t a = find(i), c = find(j);
        if (a != c) parent[std::max(a, c)] = std::min(a, c);
      }
    }
  }
  std::vector<std::vector<std::uint32_t>> groups;
  {
    std::vector<std::uint32_t> group_of(parts.size(), kNone);
    for (std::uint32_t i = 0; i < parts.size(); ++i) {
      const std::uint32_t r = find(i);
      if (group_of[r] == kNone) group_of[r] = static_cast<std::uint32_t>(groups.size()), groups.emplace_back();
      groups[group_of[r]].push_back(i);  // in tile order
    }
  }
  // Tasks: a group, or a half of a large group (by its tiles' columns).
  struct Task {
    std::size_t group;
    std::vector<std::uint32_t> members;
    GEOSGeometry* result = nullptr;
  };
  std::vector<Task> tasks;
  const std::size_t large = std::max<std::size_t>(64, parts.size() / 4);
  for (std::size_t g = 0; g < groups.size(); ++g) {
    if (groups[g].size() <= large) {
      tasks.push_back({g, std::move(groups[g])});
      continue;
    }
    std::size_t c0 = cols, c1 = 0;
    for (std::uint32_t i : groups[g]) c0 = std::min(c0, parts[i].tile % cols), c1 = std::max(c1, parts[i].tile % cols);
    const std::size_t mid = c0 + (c1 - c0 + 1) / 2;
    Task west{g, {}}, east{g, {}};
    for (std::uint32_t i : groups[g]) (parts[i].tile % cols < mid ? west : east).members.push_back(i);
    for (Task* h : {&west, &east})
      if (!h->members.empty()) tasks.push_back(std::move(*h));
  }
  // The largest first, so that no thread is left with one at the end.
  std::vector<std::size_t> order(tasks.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t x, std::size_t y) { return tasks[x].members.size() > tasks[y].members.size(); });
  struct OwnedResults {
    detail::GeosContext& ctx;
    std::vector<Task>& tasks;
    ~OwnedResults() {
      for (Task& t : tasks)
        if (t.result) GEOSGeom_destroy_r(ctx.get(), t.result);
    }
  } owned_results{ctx, tasks};
  detail::parallel_for(order.size(), threads, [&](std::size_t k) {
    Task& task = tasks[order[k]];
    auto& local = detail::GeosContext::local();
    std::vector<GEOSGeometry*> geoms;
    for (std::uint32_t i : task.members) geoms.push_back(std::exchange(parts[i].geom, nullptr));
    task.result = union_all(local, geoms);
  });
  // The halves of a large group, joined; then every group's polygons, apart.
  std::vector<GEOSGeometry*> results(groups.size(), nullptr);
  for (Task& task : tasks) {
    GEOSGeometry*& r = results[task.group];
    if (!r) {
      r = task.result;
    } else {
      detail::GeomPtr west(r, detail::GeomDeleter{ctx.get()}), east(task.result, detail::GeomDeleter{ctx.get()});
      r = detail::make_geom(ctx, GEOSUnion_r(ctx.get(), west.get(), east.get())).release();
    }
    task.result = nullptr;
  }
  for (GEOSGeometry* r : results) {
    if (!r) continue;
    detail::GeomPtr owned_r(r, detail::GeomDeleter{ctx.get()});
    const int n = GEOSGetNumGeometries_r(ctx.get(), r);
    for (int i = 0; i < n; ++i) {
      const GEOSGeometry* g = GEOSGetGeometryN_r(ctx.get(), r, i);
      if (!GEOSisEmpty_r(ctx.get(), g)) polygons.push_back(clone_checked(ctx, g));
    }
  }
}

}  // namespace

MultiPolygon ServiceArea::dissolved() const {
  // The tiles' polygons that reach their squares' edges (split_tile) are
  // stitched along the squares' sides into their union (stitch), or, when the
  // stitch declines, overlaid (union_parts). Then what lay inside the squares is
  // put back (put_back).
  const Impl& im = *impl_;
  std::vector<Split> splits(im.tiles.size());
  detail::parallel_for(im.tiles.size(), im.options.threads, [&](std::size_t t) {
    if (const GEOSGeometry* g = im.tiles[t].geom) split_tile(detail::GeosContext::local(), g, im.tiles[t].rect, splits[t]);
  });
  auto& ctx = detail::GeosContext::local();
  std::vector<Part> parts;
  std::vector<GEOSGeometry*> holes, inner, polygons;
  struct Owned {
    detail::GeosContext& ctx;
    std::vector<Split>& splits;
    std::vector<Part>& parts;
    std::vector<GEOSGeometry*>& holes;
    std::vector<GEOSGeometry*>& inner;
    std::vector<GEOSGeometry*>& polygons;
    ~Owned() {
      for (Split& sp : splits) destroy_all(ctx, sp.border), destroy_all(ctx, sp.inner_polygons), destroy_all(ctx, sp.inner_holes);
      for (Part& p : parts)
        if (p.geom) GEOSGeom_destroy_r(ctx.get(), p.geom);
      destroy_all(ctx, holes), destroy_all(ctx, inner), destroy_all(ctx, polygons);
    }
  } owned{ctx, splits, parts, holes, inner, polygons};
  for (std::size_t t = 0; t < splits.size(); ++t) {  // ownership moves from the splits as it goes
    Split& sp = splits[t];
    for (GEOSGeometry*& g : sp.border) {
      Box b;
      if (!envelope(ctx, g, b)) throw Error(ErrorCode::Internal, "GEOS envelope failed: " + ctx.last_error());
      parts.push_back({g, t, b});
      g = nullptr;
    }
    for (GEOSGeometry*& g : sp.inner_holes) holes.push_back(std::exchange(g, nullptr));
    for (GEOSGeometry*& g : sp.inner_polygons) inner.push_back(std::exchange(g, nullptr));
  }
  if (parts.empty() && inner.empty()) return {};
  if (!stitch(ctx, im.tiles, parts, polygons, holes)) {
    log::debug("dissolve: the tiles do not stitch; overlaying them");
    union_parts(ctx, im.cols, im.options.threads, parts, polygons);
  }
  detail::GeomPtr merged;
  if (!polygons.empty()) {
    merged = detail::make_geom(ctx, GEOSGeom_createCollection_r(ctx.get(), GEOS_MULTIPOLYGON, polygons.data(),
                                                                static_cast<unsigned>(polygons.size())));
    polygons.clear();  // the collection owns them
  }
  if (!holes.empty() || !inner.empty()) {
    GEOSGeometry* whole = put_back(ctx, merged.get(), holes, inner);
    if (!whole) {
      // No vertex of some hole decided its polygon: union everything instead.
      log::debug("dissolve: a hole's polygon was ambiguous; unioning the tiles whole");
      std::vector<GEOSGeometry*> all;
      for (const Tile& t : im.tiles)
        if (t.geom) all.push_back(clone_checked(ctx, t.geom));
      whole = union_all(ctx, all);
    }
    merged = detail::GeomPtr(whole, detail::GeomDeleter{ctx.get()});
  }
  if (!merged) return {};
  GEOSNormalize_r(ctx.get(), merged.get());  // a stable vertex order for byte-identical output
  return detail::polygons_from_geos(ctx, merged.get());
}

namespace {

// The boxes of one tile's polygons and of their holes, taken once for all the
// parcels that overlap the tile.
struct TileRings {
  struct Poly {
    Box box;                 // of the outer ring; empty for an empty polygon
    std::vector<Box> holes;  // hole h's box
  };
  std::vector<Poly> polygons;
  bool plain = true;  // every member a polygon; else the tile is taken whole
};

TileRings tile_rings(detail::GeosContext& ctx, const GEOSGeometry* geom) {
  TileRings tr;
  const int n = GEOSGetNumGeometries_r(ctx.get(), geom);
  tr.polygons.resize(static_cast<std::size_t>(n));
  for (int k = 0; k < n; ++k) {
    TileRings::Poly& p = tr.polygons[static_cast<std::size_t>(k)];
    p.box = Box::Empty();
    const GEOSGeometry* poly = GEOSGetGeometryN_r(ctx.get(), geom, k);
    if (GEOSGeomTypeId_r(ctx.get(), poly) != GEOS_POLYGON) {
      tr.plain = false;
      continue;
    }
    if (!envelope(ctx, poly, p.box)) continue;
    const int holes = GEOSGetNumInteriorRings_r(ctx.get(), poly);
    p.holes.resize(static_cast<std::size_t>(holes), Box::Empty());
    for (int h = 0; h < holes; ++h) envelope(ctx, GEOSGetInteriorRingN_r(ctx.get(), poly, h), p.holes[static_cast<std::size_t>(h)]);
  }
  return tr;
}

// The covered part of one parcel in one tile, computed with that tile only.
GEOSGeometry* covered_in_tile(detail::GeosContext& ctx, const GEOSGeometry* parcel, const Box& parcel_box,
                              const Tile& tile, const TileRings& rings) {
  detail::GeomPtr part;
  const GEOSGeometry* in = parcel;
  if (!box_within(parcel_box, tile.rect)) {
    part = detail::make_geom(ctx, GEOSClipByRect_r(ctx.get(), parcel, tile.rect.min_x, tile.rect.min_y,
                                                   tile.rect.max_x, tile.rect.max_y));
    if (GEOSisEmpty_r(ctx.get(), part.get())) return nullptr;
    in = part.get();
  }
  // The overlay locates the parcel's inner edges in an index of every ring of
  // the other input, built at every call, and a tile's polygon can have
  // hundreds of holes (a dense circle: one per block). So the tile's polygons
  // whose boxes miss the parcel's are left out, and so are such holes (neither
  // changes the intersection); each ring kept is copied whole, vertex for
  // vertex, so the overlay computes the same points as with the whole tile.
  Box b;
  if (!envelope(ctx, in, b)) return nullptr;
  std::vector<std::pair<int, std::vector<int>>> chosen;  // polygon, its holes kept
  bool all = true;
  for (std::size_t k = 0; k < rings.polygons.size(); ++k) {
    const TileRings::Poly& p = rings.polygons[k];
    if (!meets(p.box, b)) {
      all = false;
      continue;
    }
    std::vector<int> holes;
    for (std::size_t h = 0; h < p.holes.size(); ++h)
      if (meets(p.holes[h], b)) holes.push_back(static_cast<int>(h));
    all = all && holes.size() == p.holes.size();
    chosen.emplace_back(static_cast<int>(k), std::move(holes));
  }
  if (chosen.empty() && rings.plain) return GEOSGeom_createEmptyPolygon_r(ctx.get());  // as the overlay would have given
  detail::GeomPtr near;
  const GEOSGeometry* other = tile.geom;
  if (!all && rings.plain) {
    struct Owned {  // geometries not yet handed to a polygon or collection
      detail::GeosContext& ctx;
      std::vector<GEOSGeometry*> gs;
      ~Owned() { destroy_all(ctx, gs); }
    };
    Owned copies{ctx, {}};
    for (const auto& [k, holes] : chosen) {
      const GEOSGeometry* poly = GEOSGetGeometryN_r(ctx.get(), tile.geom, k);
      Owned shell{ctx, {clone_checked(ctx, GEOSGetExteriorRing_r(ctx.get(), poly))}}, kept{ctx, {}};
      for (int h : holes) kept.gs.push_back(clone_checked(ctx, GEOSGetInteriorRingN_r(ctx.get(), poly, h)));
      GEOSGeometry* copy = GEOSGeom_createPolygon_r(ctx.get(), shell.gs[0], kept.gs.data(), static_cast<unsigned>(kept.gs.size()));
      if (!copy) throw Error(ErrorCode::Internal, "GEOS polygon failed: " + ctx.last_error());
      shell.gs.clear(), kept.gs.clear();  // the polygon owns them
      copies.gs.push_back(copy);
    }
    near = detail::make_geom(ctx, GEOSGeom_createCollection_r(ctx.get(), GEOS_MULTIPOLYGON, copies.gs.data(),
                                                              static_cast<unsigned>(copies.gs.size())));
    copies.gs.clear();  // the collection owns them
    other = near.get();
  }
  GEOSGeometry* out = GEOSIntersection_r(ctx.get(), in, other);
  if (!out) throw Error(ErrorCode::Internal, "GEOS intersection failed: " + ctx.last_error());
  return out;
}

}  // namespace

ServiceArea::Overlay ServiceArea::overlay(const MultiPolygon& parcel) const {
  return overlay_all({&parcel}).front();
}

std::vector<ServiceArea::Overlay> ServiceArea::overlay_all(const std::vector<const MultiPolygon*>& parcels,
                                                           bool with_uncovered) const {
  // Two phases so that no GEOS geometry is ever read by two threads at once
  // (some GEOS versions fill caches lazily): first each tile, on one thread,
  // intersects the parcels that overlap it; then each parcel, on one thread,
  // joins its covered parts and takes the difference.
  const Impl& im = *impl_;
  std::vector<Overlay> out(parcels.size());
  std::vector<Box> boxes(parcels.size());
  std::vector<std::vector<std::uint32_t>> in_tile(im.tiles.size());
  for (std::uint32_t i = 0; i < parcels.size(); ++i) {
    boxes[i] = bounds(*parcels[i]);
    if (im.tiles.empty()) continue;
    std::size_t c0, c1, r0, r1;
    im.range(boxes[i], c0, c1, r0, r1);
    for (std::size_t rr = r0; rr <= r1; ++rr)
      for (std::size_t cc = c0; cc <= c1; ++cc)
        if (im.tiles[rr * im.cols + cc].geom) in_tile[rr * im.cols + cc].push_back(i);
  }
  struct Part {
    std::uint32_t parcel;
    GEOSGeometry* covered;
    double area;
  };
  std::vector<std::vector<Part>> parts(im.tiles.size());
  Progress progress("gap map", im.options.progress ? im.tiles.size() + parcels.size() : 0);
  detail::parallel_for(im.tiles.size(), im.options.threads, [&](std::size_t t) {
    progress.advance();
    if (in_tile[t].empty()) return;
    auto& ctx = detail::GeosContext::local();
    const TileRings rings = tile_rings(ctx, im.tiles[t].geom);
    for (std::uint32_t i : in_tile[t]) {
      detail::GeomPtr geom = detail::to_geos(ctx, *parcels[i]);
      if (GEOSGeometry* c = covered_in_tile(ctx, geom.get(), boxes[i], im.tiles[t], rings)) {
        double a = 0;
        GEOSArea_r(ctx.get(), c, &a);
        parts[t].push_back({i, c, a});
      }
    }
  });
  std::vector<std::vector<GEOSGeometry*>> covered(parcels.size());
  for (std::size_t t = 0; t < parts.size(); ++t)  // tile order: sums are deterministic
    for (const Part& p : parts[t]) {
      covered[p.parcel].push_back(p.covered);
      out[p.parcel].covered_m2 += p.area;
    }
  detail::parallel_for(parcels.size(), im.options.threads, [&](std::size_t i) {
    progress.advance();
    auto& ctx = detail::GeosContext::local();
    Overlay& o = out[i];
    if (!with_uncovered) {
      for (GEOSGeometry* g : covered[i]) GEOSGeom_destroy_r(ctx.get(), g);
      return;
    }
    if (covered[i].empty()) {
      o.uncovered = *parcels[i];
      return;
    }
    detail::GeomPtr all = detail::make_geom(
        ctx, GEOSGeom_createCollection_r(ctx.get(), GEOS_GEOMETRYCOLLECTION, covered[i].data(),
                                         static_cast<unsigned>(covered[i].size())));
    detail::GeomPtr cover = detail::make_geom(ctx, GEOSUnaryUnion_r(ctx.get(), all.get()));
    detail::GeomPtr geom = detail::to_geos(ctx, *parcels[i]);
    detail::GeomPtr gap = detail::make_geom(ctx, GEOSDifference_r(ctx.get(), geom.get(), cover.get()));
    GEOSNormalize_r(ctx.get(), gap.get());
    o.uncovered = detail::polygons_from_geos(ctx, gap.get());
  });
  return out;
}

}  // namespace siting::coverage
