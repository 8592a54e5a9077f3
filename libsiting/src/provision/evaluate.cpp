// SPDX-License-Identifier: Apache-2.0
#include "siting/provision/evaluate.hpp"

#include <algorithm>

#include "detail/text.hpp"

namespace siting::provision {

using siting::detail::format_fixed;
using siting::detail::format_number;
using siting::detail::round_to;

const char* to_string(Verdict verdict) { return verdict == Verdict::Pass ? "pass" : "fail"; }

const char* to_string(PopulationSource source) {
  switch (source) {
    case PopulationSource::Field: return "field";
    case PopulationSource::Households: return "households";
    case PopulationSource::Estates: return "estates";
  }
  return "field";
}

bool at_least(double provided_m2, double required_m2) {
  return round_to(provided_m2, 2) >= round_to(required_m2, 2);
}

namespace {

void add_reason(std::string& reasons, const std::string& r) { reasons += (reasons.empty() ? "" : "; ") + r; }

}  // namespace

std::vector<EstateResult> evaluate_estates(const std::vector<Estate>& estates, const std::vector<Facility>& facilities,
                                           const Assignment& assignment, const rules::RuleSet& rules) {
  std::vector<EstateResult> out(estates.size());
  for (std::size_t e = 0; e < estates.size(); ++e) {
    const Estate& estate = estates[e];
    const rules::EstateRule& rule = rules.estate(estate.kind);
    EstateResult& r = out[e];
    r.rate_m2_per_100_households = rule.floor_m2_per_100_households;
    // Multiply before dividing: 130 x 15 / 100 is exactly 19.5.
    r.required_m2 = estate.households * rule.floor_m2_per_100_households / 100.0;
    r.min_single_facility_m2 = rule.min_single_facility_floor_m2;
    std::string undersized;
    for (std::size_t f : assignment.facilities_of[e]) {
      r.provided_m2 += facilities[f].floor_area_m2;
      ++r.facility_count;
      if (rule.min_single_facility_floor_m2 && !at_least(facilities[f].floor_area_m2, *rule.min_single_facility_floor_m2)) {
        ++r.undersized_facilities;
        undersized += (undersized.empty() ? "" : ", ") + facilities[f].id + " " +
                      format_fixed(facilities[f].floor_area_m2, 2) + " m2";
      }
    }
    r.shortfall_m2 = std::max(0.0, round_to(r.required_m2, 2) - round_to(r.provided_m2, 2));
    if (!at_least(r.provided_m2, r.required_m2))
      add_reason(r.reasons, "provided " + format_fixed(r.provided_m2, 2) + " m2 < required " +
                                format_fixed(r.required_m2, 2) + " m2 (" + format_number(estate.households) +
                                " households x " + format_number(r.rate_m2_per_100_households) +
                                " m2 per 100); shortfall " + format_fixed(r.shortfall_m2, 2) + " m2");
    if (r.undersized_facilities > 0)
      add_reason(r.reasons, std::to_string(r.undersized_facilities) + " facility(ies) below the single-facility minimum of " +
                                format_number(*rule.min_single_facility_floor_m2) + " m2: " + undersized);
    r.verdict = r.reasons.empty() ? Verdict::Pass : Verdict::Fail;
  }
  return out;
}

std::vector<ZoneResult> evaluate_zones(const std::vector<Zone>& zones, const std::vector<Estate>& estates,
                                       const std::vector<Facility>& facilities, const rules::RuleSet& rules) {
  // Estates' labels, then facilities' locations: one zone index for both.
  std::vector<Point> points;
  for (const Estate& e : estates) points.push_back(e.label);
  for (const Facility& f : facilities) points.push_back(f.location);
  const auto point_zones = zones_containing(zones, points);
  const auto estate_zones = point_zones.begin();
  const auto facility_zones = point_zones.begin() + static_cast<std::ptrdiff_t>(estates.size());

  std::vector<ZoneResult> out(zones.size());
  std::vector<double> estate_population(zones.size(), 0.0);
  for (std::size_t e = 0; e < estates.size(); ++e)
    for (std::size_t z : estate_zones[e]) {
      out[z].estate_count++;
      estate_population[z] += estates[e].population ? *estates[e].population
                                                     : estates[e].households * rules.zone.persons_per_household;
    }
  for (std::size_t f = 0; f < facilities.size(); ++f)
    for (std::size_t z : facility_zones[f]) {
      out[z].facility_count++;
      out[z].provided_land_m2 += facilities[f].land_area_m2.value_or(0.0);
    }
  for (std::size_t z = 0; z < zones.size(); ++z) {
    ZoneResult& r = out[z];
    const Zone& zone = zones[z];
    if (zone.population) {
      r.population = *zone.population;
      r.population_source = PopulationSource::Field;
    } else if (zone.households) {
      r.population = *zone.households * rules.zone.persons_per_household;
      r.population_source = PopulationSource::Households;
    } else {
      r.population = estate_population[z];
      r.population_source = PopulationSource::Estates;
    }
    r.required_land_m2 = r.population * rules.zone.land_m2_per_resident;
    r.shortfall_land_m2 = std::max(0.0, round_to(r.required_land_m2, 2) - round_to(r.provided_land_m2, 2));
    r.land_m2_per_resident = r.population > 0 ? r.provided_land_m2 / r.population : 0.0;
    if (!at_least(r.provided_land_m2, r.required_land_m2)) {
      r.verdict = Verdict::Fail;
      r.reasons = "provided " + format_fixed(r.provided_land_m2, 2) + " m2 of land < required " +
                  format_fixed(r.required_land_m2, 2) + " m2 (" + format_fixed(r.population, 0) + " residents x " +
                  format_number(rules.zone.land_m2_per_resident) + " m2); shortfall " +
                  format_fixed(r.shortfall_land_m2, 2) + " m2";
    }
  }
  return out;
}

}  // namespace siting::provision
