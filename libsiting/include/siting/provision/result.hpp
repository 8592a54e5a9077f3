// SPDX-License-Identifier: Apache-2.0
#pragma once

// The provision stage's value: which estate each facility belongs to, the two
// rules' result for every estate and zone, and the tallies a report shows (per
// estate kind, per zone level, facilities assigned and their areas).
//
//   ProvisionResult r = evaluate_provision(estates, facilities, zones, zone_levels, rules);
//   if (r.any_fail()) ...

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "siting/model.hpp"
#include "siting/provision/assign.hpp"
#include "siting/provision/evaluate.hpp"
#include "siting/rules/ruleset.hpp"

namespace siting::provision {

// Estates (floor area, households) or zones (land, residents) of one group.
struct Tally {
  std::size_t total = 0, pass = 0;
  double people = 0.0;  // households of the estates, or residents of the zones
  double required_m2 = 0.0, provided_m2 = 0.0, shortfall_m2 = 0.0;

  void add(Verdict verdict, double people_here, double required, double provided, double shortfall);
};

struct ProvisionResult {
  Assignment assignment;
  std::vector<EstateResult> estates;  // per estate
  std::vector<ZoneResult> zones;      // per zone
  Tally all_estates, new_estates, old_estates;
  std::vector<std::pair<std::string, Tally>> zone_levels;  // per level, in the order given
  std::size_t facilities_unassigned = 0;
  double facility_floor_m2 = 0.0, facility_land_m2 = 0.0;  // of every facility given

  // Some estate or zone fails its rule.
  bool any_fail() const;
};

ProvisionResult evaluate_provision(const std::vector<Estate>& estates, const std::vector<Facility>& facilities,
                                   const std::vector<Zone>& zones, const std::vector<std::string>& zone_levels,
                                   const rules::RuleSet& rules);

}  // namespace siting::provision
