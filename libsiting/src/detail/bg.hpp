// SPDX-License-Identifier: Apache-2.0
#pragma once

// Boost.Geometry models for the R-tree and fast predicates.

#include <boost/geometry.hpp>
#include <boost/geometry/geometries/box.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <boost/geometry/geometries/polygon.hpp>
#include <boost/geometry/index/rtree.hpp>

#include "siting/geometry.hpp"

namespace siting::detail {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

using BgPoint = bg::model::d2::point_xy<double>;
using BgBox = bg::model::box<BgPoint>;
using BgPolygon = bg::model::polygon<BgPoint>;  // clockwise, closed
using BgMultiPolygon = bg::model::multi_polygon<BgPolygon>;

inline BgPoint to_bg(const Point& p) { return BgPoint(p.x, p.y); }

// Converts and corrects orientation and closure for Boost.Geometry's conventions.
BgMultiPolygon to_bg(const MultiPolygon& polygons);
BgBox to_bg(const Box& box);

}  // namespace siting::detail
