// SPDX-License-Identifier: Apache-2.0
#include "siting/geometry.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include <ogr_geometry.h>

#include "detail/gdal.hpp"
#include "siting/error.hpp"

namespace siting {

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

double length(const LineString& line) {
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

bool meets(const LineString& line, const Box& box) {
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

Box bounds(const LineString& line) {
  Box b = Box::Empty();
  for (const Point& p : line) b.extend(p);
  return b;
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
