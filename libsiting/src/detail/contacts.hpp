// SPDX-License-Identifier: Apache-2.0
#pragma once

// Which printed polygons GEOS must check. Printing a polygon rounds each
// point to a grid (10^-7 degree in GeoJSON), moving it by at most its
// polygon's reach. Take polygons valid as computed, and the same polygons as
// printed, on the grid, repeated points dropped:
//   - if each printed ring is simple (no two of its edges meet but at the
//     point they share, and no two edges beside each other fold back), and
//   - no edge comes within the sum of the two polygons' reaches of an edge of
//     another ring (of its own polygon or another),
// then the printed polygons are valid. Moving the points from where they were
// to where they are printed, along straight lines, no two rings ever meet, so
// none crosses another and each lies inside or outside the others as before;
// and each ring is simple where it ends. The first test is exact (integers);
// the second is by distance, because a ring could pass another and be clear
// of it again at the end.
// GEOS's validity check asked of every polygon took 0.7 us a vertex, and of a
// multipolygon also tests each hole against its shell point by point; this
// is integer arithmetic in cells of a grid, and GEOS is asked only about the
// polygons it names.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace siting::detail {

struct GridPoint {
  std::int32_t x = 0, y = 0;  // grid units from an origin of the caller's
  bool operator==(const GridPoint& o) const { return x == o.x && y == o.y; }
};

// Polygons as printed, flat (one allocation for many small polygons): closed
// rings, each polygon's outer ring first, no point repeating the one before.
struct GridRings {
  std::vector<GridPoint> points;        // every ring's points, one ring after another
  std::vector<std::uint32_t> ring_end;  // one past each ring's last point
  std::vector<std::uint32_t> polygon;   // each ring's polygon
  std::vector<double> reach;            // each polygon's reach, in grid units, >= 0
  void clear() {
    points.clear(), ring_end.clear(), polygon.clear(), reach.clear();
  }
};

// The polygons (indices) to check, grouped: a polygon with a ring that is not
// simple as printed or has fewer than four points, alone; polygons whose
// rings come within their reaches of each other, together (a ring of a
// polygon near another ring of the same polygon makes a group of one).
// Groups in order of their first polygon, each sorted; empty when the
// printed polygons are valid by the rule above. Points within 2^30 units of
// one another (their differences and products fit 32 and 64 bits; the
// writer checks the span and asks GEOS about wider polygons). `ring_flags`, when given,
// receives one entry a ring: 1 for the rings in a contact (or collapsed).
// A polygon is valid as printed when its outer ring and those of its holes
// are: the other holes are simple and clear of every ring by the rule.
std::vector<std::vector<std::size_t>> contact_groups(const GridRings& rings,
                                                     std::vector<char>* ring_flags = nullptr);

// contact_groups keeps its scratch (by thread) for the next call, unless the
// call was for more points than this: a city's dissolved area would hold tens
// of megabytes to the end of the run.
inline constexpr std::size_t kContactScratchKept = std::size_t{1} << 16;

}  // namespace siting::detail
