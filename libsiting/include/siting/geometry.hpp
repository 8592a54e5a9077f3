// SPDX-License-Identifier: Apache-2.0
#pragma once

// Plain geometry value types, always in the metric working CRS (metres) once read.
// They carry no library handles, so any stage can be tested on hand-built shapes.

#include <cstddef>
#include <vector>

namespace siting {

struct Point {
  double x = 0.0;
  double y = 0.0;
  friend bool operator==(const Point& a, const Point& b) { return a.x == b.x && a.y == b.y; }
  friend bool operator!=(const Point& a, const Point& b) { return !(a == b); }
};

// A closed ring: the first point is repeated at the end.
using Ring = std::vector<Point>;
using LineString = std::vector<Point>;

struct Polygon {
  Ring outer;
  std::vector<Ring> holes;
};

// A polygon's rings counted together: ring 0 its outer ring, ring h + 1 its hole h.
inline const Ring& ring(const Polygon& polygon, std::size_t k) { return k == 0 ? polygon.outer : polygon.holes[k - 1]; }

using MultiPolygon = std::vector<Polygon>;

struct Box {
  double min_x = 0.0, min_y = 0.0, max_x = 0.0, max_y = 0.0;

  // The box that covers nothing: extending it by anything gives that thing's box.
  static Box Empty();
  void extend(const Point& p);
  void extend(const Box& b);
};

// Boxes that touch or overlap; a point on or inside a box; a box grown by r on every side.
inline bool meets(const Box& a, const Box& b) {
  return !(a.max_x < b.min_x || a.min_x > b.max_x || a.max_y < b.min_y || a.min_y > b.max_y);
}
inline bool holds(const Box& b, const Point& p) {
  return p.x >= b.min_x && p.x <= b.max_x && p.y >= b.min_y && p.y <= b.max_y;
}
inline Box grown(const Box& b, double r) { return {b.min_x - r, b.min_y - r, b.max_x + r, b.max_y + r}; }

// Signed shoelace area: positive for counter-clockwise rings.
double signed_area(const Ring& ring);
// Area of outer rings minus holes, whatever their orientation.
double area(const Polygon& polygon);
double area(const MultiPolygon& polygons);
double length(const LineString& line);
Box bounds(const LineString& line);
// A line with a point on or inside the box: a vertex in it, or a segment crossing
// or touching it (GDAL's spatial filter keeps at least these lines).
bool meets(const LineString& line, const Box& box);
Box bounds(const MultiPolygon& polygons);  // outer rings only: holes lie inside them

// A WKT reader for the shapes tests and fixtures use: POINT, LINESTRING, POLYGON,
// MULTIPOLYGON, MULTILINESTRING. Throws siting::Error(E106) on anything else.
Point point_from_wkt(const char* wkt);
LineString linestring_from_wkt(const char* wkt);
MultiPolygon multipolygon_from_wkt(const char* wkt);  // accepts POLYGON too

}  // namespace siting
