// SPDX-License-Identifier: Apache-2.0
#include "siting/provision/result.hpp"

namespace siting::provision {

void Tally::add(Verdict verdict, double people_here, double required, double provided, double shortfall) {
  total++;
  pass += verdict == Verdict::Pass;
  people += people_here;
  required_m2 += required;
  provided_m2 += provided;
  shortfall_m2 += shortfall;
}

bool ProvisionResult::any_fail() const {
  bool fail = all_estates.pass != all_estates.total;
  for (const ZoneResult& z : zones) fail = fail || z.verdict == Verdict::Fail;
  return fail;
}

ProvisionResult evaluate_provision(const std::vector<Estate>& estates, const std::vector<Facility>& facilities,
                                   const std::vector<Zone>& zones, const std::vector<std::string>& zone_levels,
                                   const rules::RuleSet& rules) {
  ProvisionResult r;
  r.assignment = assign_facilities(estates, facilities);
  r.estates = evaluate_estates(estates, facilities, r.assignment, rules);
  r.zones = evaluate_zones(zones, estates, facilities, rules);
  for (std::size_t e = 0; e < estates.size(); ++e) {
    const EstateResult& x = r.estates[e];
    Tally& kind = estates[e].kind == EstateKind::New ? r.new_estates : r.old_estates;
    for (Tally* t : {&kind, &r.all_estates})
      t->add(x.verdict, estates[e].households, x.required_m2, x.provided_m2, x.shortfall_m2);
  }
  for (const std::string& level : zone_levels) {
    Tally t;
    for (std::size_t z = 0; z < zones.size(); ++z)
      if (zones[z].level == level)
        t.add(r.zones[z].verdict, r.zones[z].population, r.zones[z].required_land_m2, r.zones[z].provided_land_m2,
              r.zones[z].shortfall_land_m2);
    r.zone_levels.emplace_back(level, t);
  }
  for (std::size_t f = 0; f < facilities.size(); ++f) {
    r.facilities_unassigned += !r.assignment.estate_of[f];
    r.facility_floor_m2 += facilities[f].floor_area_m2;
    r.facility_land_m2 += facilities[f].land_area_m2.value_or(0.0);
  }
  return r;
}

}  // namespace siting::provision
