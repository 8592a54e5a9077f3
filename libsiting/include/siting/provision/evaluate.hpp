// SPDX-License-Identifier: Apache-2.0
#pragma once

// The two provision rules:
//  - estate rule: required floor area = households / 100 x rate(kind); provided =
//    floor area of the estate's facilities; each facility at least the rule set's
//    minimum single-facility size where it has one;
//  - zone rule: required land = population x land per resident; provided = land
//    area of the facilities inside the zone.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "siting/model.hpp"
#include "siting/provision/assign.hpp"
#include "siting/rules/ruleset.hpp"

namespace siting::provision {

enum class Verdict { Pass, Fail };
const char* to_string(Verdict verdict);

// Whether provided >= required as the outputs report them (to 0.01 m2), so a
// printed "provided 19.50, required 19.50" never fails on a floating-point
// residue. Every verdict on areas uses it: estates, zones and review checks.
bool at_least(double provided_m2, double required_m2);

struct EstateResult {
  double rate_m2_per_100_households = 0.0;
  double required_m2 = 0.0;
  double provided_m2 = 0.0;
  double shortfall_m2 = 0.0;  // max(0, required - provided)
  std::size_t facility_count = 0;
  std::optional<double> min_single_facility_m2;  // the rule, when it has one
  std::size_t undersized_facilities = 0;         // below that minimum
  Verdict verdict = Verdict::Pass;
  std::string reasons;  // empty on pass; "; "-separated sentences on fail
};

enum class PopulationSource { Field, Households, Estates };
const char* to_string(PopulationSource source);

struct ZoneResult {
  double population = 0.0;
  PopulationSource population_source = PopulationSource::Field;
  double required_land_m2 = 0.0;
  double provided_land_m2 = 0.0;
  double shortfall_land_m2 = 0.0;
  double land_m2_per_resident = 0.0;  // provided / population (0 when nobody lives there)
  std::size_t facility_count = 0;
  std::size_t estate_count = 0;
  Verdict verdict = Verdict::Pass;
  std::string reasons;
};

std::vector<EstateResult> evaluate_estates(const std::vector<Estate>& estates,
                                           const std::vector<Facility>& facilities,
                                           const Assignment& assignment,
                                           const rules::RuleSet& rules);

// Population per zone: the population field, else households x persons per
// household, else the residents of the estates whose label point is in the zone
// (an estate's population field, or its households x persons per household).
std::vector<ZoneResult> evaluate_zones(const std::vector<Zone>& zones,
                                       const std::vector<Estate>& estates,
                                       const std::vector<Facility>& facilities,
                                       const rules::RuleSet& rules);

}  // namespace siting::provision
