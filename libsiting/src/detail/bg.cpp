// SPDX-License-Identifier: Apache-2.0
#include "detail/bg.hpp"

namespace siting::detail {

BgMultiPolygon to_bg(const MultiPolygon& polygons) {
  BgMultiPolygon out;
  out.reserve(polygons.size());
  for (const Polygon& p : polygons) {
    BgPolygon q;
    for (const Point& pt : p.outer) q.outer().push_back(to_bg(pt));
    for (const Ring& h : p.holes) {
      q.inners().emplace_back();
      for (const Point& pt : h) q.inners().back().push_back(to_bg(pt));
    }
    out.push_back(std::move(q));
  }
  bg::correct(out);
  return out;
}

BgBox to_bg(const Box& box) { return BgBox(BgPoint(box.min_x, box.min_y), BgPoint(box.max_x, box.max_y)); }

}  // namespace siting::detail
