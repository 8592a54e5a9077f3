// SPDX-License-Identifier: Apache-2.0
#pragma once

// Plain geometry value types, always in the metric working CRS (metres) once read.
// They carry no library handles, so any stage can be tested on hand-built shapes.

#include <cstddef>
#include <cstdint>
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

// A read-only run of consecutive points: a LineString, or one line of a Lines
// (C++17 has no std::span). It points into what it views, which must outlive it.
class PointSpan {
 public:
  PointSpan() = default;
  PointSpan(const Point* first, std::size_t size) : first_(first), size_(size) {}
  PointSpan(const std::vector<Point>& points) : first_(points.data()), size_(points.size()) {}  // NOLINT: implicit on purpose

  const Point* begin() const { return first_; }
  const Point* end() const { return first_ + size_; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const Point& operator[](std::size_t i) const { return first_[i]; }
  const Point& front() const { return first_[0]; }
  const Point& back() const { return first_[size_ - 1]; }
  LineString to_vector() const { return LineString(begin(), end()); }

  friend bool operator==(PointSpan a, PointSpan b);
  friend bool operator!=(PointSpan a, PointSpan b) { return !(a == b); }

 private:
  const Point* first_ = nullptr;
  std::size_t size_ = 0;
};

// Many lines, their points in a few flat blocks: what the roads are read into.
// A std::vector<LineString> pays a heap block and 24 bytes for every line: at
// 1M road features of two points that is 56 MB against 36 here, and once
// freed it leaves the heap in small pieces that the graph's large arrays cannot
// reuse (docs/performance.md). Blocks grow from 4,096 points to 2^20 (16 MB)
// and are never copied when they fill; append() moves another Lines' blocks.
class Lines {
 public:
  Lines() = default;
  explicit Lines(const std::vector<LineString>& lines);
  Lines(const Lines&) = default;
  Lines& operator=(const Lines&) = default;
  // A Lines moved from is empty, as one cleared.
  Lines(Lines&& other) noexcept;
  Lines& operator=(Lines&& other) noexcept;

  std::size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  std::size_t point_count() const;
  PointSpan operator[](std::size_t i) const;

  void push_back(PointSpan line);  // copies its points
  void append(Lines&& other);      // other's lines after these, their blocks moved; other is left empty
  void clear();                    // and frees

  // The lines in order, as PointSpans.
  class const_iterator {
   public:
    PointSpan operator*() const;
    const_iterator& operator++();
    bool operator!=(const const_iterator& o) const { return block_ != o.block_ || line_ != o.line_; }
    bool operator==(const const_iterator& o) const { return !(*this != o); }

   private:
    friend class Lines;
    const_iterator(const Lines* lines, std::size_t block, std::size_t line) : lines_(lines), block_(block), line_(line) {}
    void skip_empty();
    const Lines* lines_;
    std::size_t block_, line_;  // line_ within block_
  };
  const_iterator begin() const;
  const_iterator end() const { return const_iterator(this, blocks_.size(), 0); }

  friend bool operator==(const Lines& a, const Lines& b);
  friend bool operator!=(const Lines& a, const Lines& b) { return !(a == b); }

 private:
  struct Block {
    std::vector<Point> points;
    std::vector<std::uint32_t> ends;  // line k's points are points[k ? ends[k - 1] : 0, ends[k])
  };
  std::vector<Block> blocks_;
  std::vector<std::size_t> first_;  // the index of blocks_[b]'s first line
  std::size_t count_ = 0;
};

struct Polygon {
  Ring outer;
  std::vector<Ring> holes;
};

// A polygon's rings counted together: ring 0 its outer ring, ring h + 1 its hole h.
inline const Ring& ring(const Polygon& polygon, std::size_t k) { return k == 0 ? polygon.outer : polygon.holes[k - 1]; }
inline Ring& ring(Polygon& polygon, std::size_t k) { return k == 0 ? polygon.outer : polygon.holes[k - 1]; }

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
// A point strictly inside a closed ring (crossing number); a point on the ring
// may go either way, so callers test points they know are off it. Per ring:
// a dense service area is one polygon with a hole per block, and a test on
// the polygon would walk every hole.
bool inside(const Ring& ring, const Point& p);
// Area of outer rings minus holes, whatever their orientation.
double area(const Polygon& polygon);
double area(const MultiPolygon& polygons);
double length(PointSpan line);
Box bounds(PointSpan line);
inline Box bounds(const LineString& line) { return bounds(PointSpan(line)); }
// A line with a point on or inside the box: a vertex in it, or a segment crossing
// or touching it (GDAL's spatial filter keeps at least these lines).
bool meets(PointSpan line, const Box& box);
Box bounds(const MultiPolygon& polygons);  // outer rings only: holes lie inside them

// A WKT reader for the shapes tests and fixtures use: POINT, LINESTRING, POLYGON,
// MULTIPOLYGON, MULTILINESTRING. Throws siting::Error(E106) on anything else.
Point point_from_wkt(const char* wkt);
LineString linestring_from_wkt(const char* wkt);
MultiPolygon multipolygon_from_wkt(const char* wkt);  // accepts POLYGON too

}  // namespace siting
