// SPDX-License-Identifier: Apache-2.0
#pragma once

// The union of polygons drawn square by square, stitched along the squares'
// sides instead of overlaid. Each polygon was clipped to its square, so the
// polygons of different squares meet only along the sides: an edge on a side
// that the square across it also covers is inside the union and drops out,
// what is left links up into the union's rings. Linear in the vertices, where
// an overlay re-nodes every edge at every level of its cascade (the dense 1M
// city's dissolve, docs/performance.md).

#include <optional>
#include <vector>

#include "siting/geometry.hpp"

namespace siting::detail {

struct SquarePolygon {
  Ring ring;    // one polygon without holes, closed (first point repeated), either orientation
  Box square;   // the square it was clipped to; squares meet exactly (same side coordinates)
};

struct Stitched {
  std::vector<Ring> shells;  // counter-clockwise, closed
  std::vector<Ring> holes;   // clockwise, closed: each lies inside one shell
};

// std::nullopt when the polygons are not as described (two of one side
// overlapping, an edge running along a side with the polygon outside the
// square, rings of fewer than three points) or when the union's boundary
// meets itself at a point (two polygons touching at a corner, a vertex
// touching a side inside another polygon's edge): the caller then overlays
// them, and an overlay puts a vertex wherever boundaries meet.
std::optional<Stitched> stitch_squares(const std::vector<SquarePolygon>& polygons);

}  // namespace siting::detail
