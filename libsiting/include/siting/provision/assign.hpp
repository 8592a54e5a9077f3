// SPDX-License-Identifier: Apache-2.0
#pragma once

// Which estate each facility belongs to. A facility that names its estate (an
// estate-id field) belongs to that estate; otherwise to the estate whose polygon
// contains it (boundary included). Facilities in no estate are kept, with a reason.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "siting/model.hpp"

namespace siting::provision {

struct Assignment {
  // For each facility, the index of its estate, or nullopt.
  std::vector<std::optional<std::size_t>> estate_of;
  // For each facility: "estate_id", "contained", or why it is unassigned.
  std::vector<std::string> how;
  // For each estate, the indexes of its facilities, in facility order.
  std::vector<std::vector<std::size_t>> facilities_of;
};

Assignment assign_facilities(const std::vector<Estate>& estates,
                             const std::vector<Facility>& facilities);

// For each point, the indexes of the zones containing it (boundary included),
// at most one per level: a point on the line between two zones of one level
// counts in the one it is strictly inside, else in the first listed.
std::vector<std::vector<std::size_t>> zones_containing(const std::vector<Zone>& zones,
                                                       const std::vector<Point>& points);

// For each zone, the zones containing a point inside it (GEOS PointOnSurface):
// itself and the zones of other levels it lies in, e.g. a community's street and
// district.
std::vector<std::vector<std::size_t>> zone_zones(const std::vector<Zone>& zones);

// For each estate, the zones containing its label point (zones_containing).
std::vector<std::vector<std::size_t>> estate_zones(const std::vector<Zone>& zones,
                                                   const std::vector<Estate>& estates);

}  // namespace siting::provision
