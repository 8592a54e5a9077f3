// SPDX-License-Identifier: Apache-2.0
#include "siting/location/study_area.hpp"

#include "siting/error.hpp"

namespace siting::location {

std::string to_string(DemandWeight weight) {
  switch (weight) {
    case DemandWeight::Households: return "households";
    case DemandWeight::Residents: return "residents";
    case DemandWeight::Elderly: return "elderly";
  }
  return "households";
}

std::optional<double> capacity_from_floor(double floor_m2, const rules::RuleSet& rules, DemandWeight weight) {
  const double rate = rules.new_estate.floor_m2_per_100_households;
  if (!(rate > 0) || weight == DemandWeight::Elderly) return std::nullopt;
  const double households = floor_m2 / rate * 100.0;
  return weight == DemandWeight::Residents ? households * rules.zone.persons_per_household : households;
}

std::vector<double> demand_weights(const std::vector<Estate>& parcels, const std::vector<double>& residents,
                                   DemandWeight weight, const std::string& parcels_path,
                                   const std::string& option) {
  std::vector<double> w;
  w.reserve(parcels.size());
  for (std::size_t p = 0; p < parcels.size(); ++p) {
    const Estate& e = parcels[p];
    switch (weight) {
      case DemandWeight::Households: w.push_back(e.households); break;
      case DemandWeight::Residents: w.push_back(residents.at(p)); break;
      case DemandWeight::Elderly:
        if (!e.elderly)
          throw Error(ErrorCode::BadValue,
                      option + " elderly needs the number of elderly residents of every parcel (a field such as "
                      "elderly / 老年人口); parcel " + e.id + " has none",
                      {parcels_path, "", "id=" + e.id, "elderly"});
        w.push_back(*e.elderly);
        break;
    }
  }
  return w;
}

std::vector<std::optional<double>> facility_capacities(const std::vector<Facility>& facilities,
                                                       const rules::RuleSet& rules, DemandWeight weight) {
  std::vector<std::optional<double>> out;
  out.reserve(facilities.size());
  for (const Facility& f : facilities)
    out.push_back(f.floor_area_m2 > 0 ? capacity_from_floor(f.floor_area_m2, rules, weight) : std::nullopt);
  return out;
}

void fill_candidate_capacities(std::vector<Candidate>& candidates, const rules::RuleSet& rules, DemandWeight weight) {
  for (Candidate& c : candidates)
    if (!c.capacity && c.floor_area_m2) c.capacity = capacity_from_floor(*c.floor_area_m2, rules, weight);
}

Facility as_facility(const Candidate& c) {
  Facility f;
  f.id = c.id;
  f.name = c.name;
  f.category = "new site";
  f.location = c.location;
  f.floor_area_m2 = c.floor_area_m2.value_or(0.0);
  f.fid = c.fid;
  return f;
}

}  // namespace siting::location
