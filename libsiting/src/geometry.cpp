// SPDX-License-Identifier: Apache-2.0
#include "siting/geometry.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <utility>

#include <ogr_geometry.h>

#include "detail/gdal.hpp"
#include "siting/error.hpp"

namespace siting {

bool inside(const Ring& ring, const Point& p) {
  bool in = false;
  for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    const Point& a = ring[i];
    const Point& b = ring[j];
    if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) in = !in;
  }
  return in;
}

double signed_area(const Ring& ring) {
  // Shoelace formula relative to the first vertex, which keeps precision for
  // projected coordinates in the millions of metres.
  if (ring.size() < 3) return 0.0;
  const Point o = ring.front();
  double twice = 0.0;
  for (std::size_t i = 1; i + 1 < ring.size(); ++i) {
    const double ax = ring[i].x - o.x, ay = ring[i].y - o.y;
    const double bx = ring[i + 1].x - o.x, by = ring[i + 1].y - o.y;
    twice += ax * by - bx * ay;
  }
  return twice / 2.0;
}

double area(const Polygon& polygon) {
  double a = std::abs(signed_area(polygon.outer));
  for (const Ring& hole : polygon.holes) a -= std::abs(signed_area(hole));
  return a;
}

double area(const MultiPolygon& polygons) {
  double a = 0.0;
  for (const Polygon& p : polygons) a += area(p);
  return a;
}

double length(PointSpan line) {
  double l = 0.0;
  for (std::size_t i = 1; i < line.size(); ++i)
    l += std::hypot(line[i].x - line[i - 1].x, line[i].y - line[i - 1].y);
  return l;
}

Box Box::Empty() {
  constexpr double inf = std::numeric_limits<double>::infinity();
  return Box{inf, inf, -inf, -inf};
}

void Box::extend(const Point& p) {
  min_x = std::min(min_x, p.x);
  min_y = std::min(min_y, p.y);
  max_x = std::max(max_x, p.x);
  max_y = std::max(max_y, p.y);
}

void Box::extend(const Box& b) {
  min_x = std::min(min_x, b.min_x);
  min_y = std::min(min_y, b.min_y);
  max_x = std::max(max_x, b.max_x);
  max_y = std::max(max_y, b.max_y);
}

bool meets(PointSpan line, const Box& box) {
  if (line.empty() || !meets(bounds(line), box)) return false;
  if (line.size() == 1) return holds(box, line[0]);
  // Liang-Barsky: clip each segment a + t (b - a), t in [0, 1], to the box.
  for (std::size_t i = 0; i + 1 < line.size(); ++i) {
    const Point a = line[i], b = line[i + 1];
    const double dx = b.x - a.x, dy = b.y - a.y;
    const double p[4] = {-dx, dx, -dy, dy};
    const double q[4] = {a.x - box.min_x, box.max_x - a.x, a.y - box.min_y, box.max_y - a.y};
    double t0 = 0.0, t1 = 1.0;
    bool inside = true;
    for (int k = 0; k < 4 && inside; ++k) {
      if (p[k] == 0.0) {
        inside = q[k] >= 0.0;  // parallel to this edge: inside its half-plane or never
      } else {
        const double t = q[k] / p[k];
        if (p[k] < 0.0) t0 = std::max(t0, t);
        else t1 = std::min(t1, t);
        inside = t0 <= t1;
      }
    }
    if (inside) return true;
  }
  return false;
}

Box bounds(PointSpan line) {
  Box b = Box::Empty();
  for (const Point& p : line) b.extend(p);
  return b;
}

bool operator==(PointSpan a, PointSpan b) { return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin()); }

namespace {
constexpr std::size_t kFirstBlock = 4096;                  // points
constexpr std::size_t kLargestBlock = std::size_t{1} << 20;  // points: 16 MB

// Line k of a block: its points run from the end of line k - 1 to ends[k].
PointSpan block_line(const std::vector<Point>& points, const std::vector<std::uint32_t>& ends, std::size_t k) {
  const std::uint32_t from = k ? ends[k - 1] : 0;
  return {points.data() + from, ends[k] - from};
}
}  // namespace

Lines::Lines(const std::vector<LineString>& lines) {
  for (const LineString& l : lines) push_back(l);
}

Lines::Lines(Lines&& other) noexcept
    : blocks_(std::move(other.blocks_)), first_(std::move(other.first_)), count_(other.count_) {
  other.clear();
}

Lines& Lines::operator=(Lines&& other) noexcept {
  if (this != &other) {
    blocks_ = std::move(other.blocks_);
    first_ = std::move(other.first_);
    count_ = other.count_;
    other.clear();
  }
  return *this;
}

std::size_t Lines::point_count() const {
  std::size_t n = 0;
  for (const Block& b : blocks_) n += b.points.size();
  return n;
}

PointSpan Lines::operator[](std::size_t i) const {
  // The last block whose first line is at most i (there are few blocks).
  const std::size_t b = static_cast<std::size_t>(std::upper_bound(first_.begin(), first_.end(), i) - first_.begin()) - 1;
  return block_line(blocks_[b].points, blocks_[b].ends, i - first_[b]);
}

void Lines::push_back(PointSpan line) {
  // A new block when the line does not fit in the last one's reserved room, so
  // that a block's points never move (a copy would briefly double them).
  if (blocks_.empty() || blocks_.back().points.capacity() - blocks_.back().points.size() < line.size()) {
    const std::size_t grown = blocks_.empty() ? kFirstBlock : std::min(kLargestBlock, 2 * blocks_.back().points.capacity());
    blocks_.emplace_back();
    blocks_.back().points.reserve(std::max(grown, line.size()));
    first_.push_back(count_);
  }
  Block& b = blocks_.back();
  b.points.insert(b.points.end(), line.begin(), line.end());
  b.ends.push_back(static_cast<std::uint32_t>(b.points.size()));  // < 2^32: a block holds at most max(2^20, one line)
  ++count_;
}

void Lines::append(Lines&& other) {
  for (std::size_t b = 0; b < other.blocks_.size(); ++b) {
    first_.push_back(count_ + other.first_[b]);
    blocks_.push_back(std::move(other.blocks_[b]));
  }
  count_ += other.count_;
  other.clear();
}

void Lines::clear() {
  std::vector<Block>().swap(blocks_);
  std::vector<std::size_t>().swap(first_);
  count_ = 0;
}

Lines::const_iterator Lines::begin() const {
  const_iterator it(this, 0, 0);
  it.skip_empty();
  return it;
}

PointSpan Lines::const_iterator::operator*() const {
  const Block& bl = lines_->blocks_[block_];
  return block_line(bl.points, bl.ends, line_);
}

Lines::const_iterator& Lines::const_iterator::operator++() {
  ++line_;
  skip_empty();
  return *this;
}

void Lines::const_iterator::skip_empty() {
  while (block_ < lines_->blocks_.size() && line_ >= lines_->blocks_[block_].ends.size()) ++block_, line_ = 0;
}

bool operator==(const Lines& a, const Lines& b) {
  if (a.size() != b.size()) return false;
  auto j = b.begin();
  for (PointSpan l : a) {
    if (l != *j) return false;
    ++j;
  }
  return true;
}

Box bounds(const MultiPolygon& polygons) {
  Box b = Box::Empty();
  for (const Polygon& p : polygons)
    for (const Point& q : p.outer) b.extend(q);
  return b;
}

namespace {

std::unique_ptr<OGRGeometry> parse(const char* wkt) {
  OGRGeometry* g = nullptr;
  if (OGRGeometryFactory::createFromWkt(wkt, nullptr, &g) != OGRERR_NONE || !g)
    throw Error(ErrorCode::WrongGeometry, std::string("cannot parse WKT: ") + wkt);
  return std::unique_ptr<OGRGeometry>(g);
}

Polygon polygon_of(const OGRPolygon* p) {
  Polygon out;
  out.outer = detail::points_of(*p->getExteriorRing());
  for (int i = 0; i < p->getNumInteriorRings(); ++i) out.holes.push_back(detail::points_of(*p->getInteriorRing(i)));
  return out;
}

}  // namespace

Point point_from_wkt(const char* wkt) {
  auto g = parse(wkt);
  if (wkbFlatten(g->getGeometryType()) != wkbPoint)
    throw Error(ErrorCode::WrongGeometry, std::string("expected POINT: ") + wkt);
  const auto* p = g->toPoint();
  return {p->getX(), p->getY()};
}

LineString linestring_from_wkt(const char* wkt) {
  auto g = parse(wkt);
  if (wkbFlatten(g->getGeometryType()) != wkbLineString)
    throw Error(ErrorCode::WrongGeometry, std::string("expected LINESTRING: ") + wkt);
  return detail::points_of(*g->toLineString());
}

MultiPolygon multipolygon_from_wkt(const char* wkt) {
  auto g = parse(wkt);
  switch (wkbFlatten(g->getGeometryType())) {
    case wkbPolygon: return {polygon_of(g->toPolygon())};
    case wkbMultiPolygon: {
      MultiPolygon out;
      for (const OGRPolygon* p : *g->toMultiPolygon()) out.push_back(polygon_of(p));
      return out;
    }
    default: throw Error(ErrorCode::WrongGeometry, std::string("expected POLYGON or MULTIPOLYGON: ") + wkt);
  }
}

}  // namespace siting
