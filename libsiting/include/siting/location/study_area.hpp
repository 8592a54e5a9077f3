// SPDX-License-Identifier: Apache-2.0
#pragma once

// What network mode takes from the study area under the rule set: the demand
// weight of each parcel, the capacities of the existing facilities and of the
// candidates, and a chosen candidate as a facility (for coverage after siting).
//
//   std::vector<double> w = demand_weights(parcels, residents, DemandWeight::Households, "estates.geojson");
//   auto caps = facility_capacities(facilities, rules, DemandWeight::Households);
//   fill_candidate_capacities(candidates, rules, DemandWeight::Households);

#include <optional>
#include <string>
#include <vector>

#include "siting/model.hpp"
#include "siting/rules/ruleset.hpp"

namespace siting::location {

// The demand weight: households, residents (as the coverage stage counts them),
// or elderly residents (Estate::elderly, required of every parcel).
enum class DemandWeight { Households, Residents, Elderly };
std::string to_string(DemandWeight weight);  // "households", "residents", "elderly"

// What a facility of this floor area serves under the rule set's rate for new
// estates (m² per 100 households): floor / rate × 100 households, × persons per
// household for residents; none (unlimited) for elderly residents, whom the
// rule set does not rate, or without a positive rate.
std::optional<double> capacity_from_floor(double floor_m2, const rules::RuleSet& rules, DemandWeight weight);

// One weight per parcel. `residents` is the coverage stage's count per parcel
// (the population field, else households × persons per household). Throws
// Error(E105) naming the parcel, and `option` (the command-line option that
// asked), when elderly residents are asked for and a parcel has none.
std::vector<double> demand_weights(const std::vector<Estate>& parcels, const std::vector<double>& residents,
                                   DemandWeight weight, const std::string& parcels_path,
                                   const std::string& option = "--weight");

// The existing facilities' capacities: from their floor area, unlimited without one.
std::vector<std::optional<double>> facility_capacities(const std::vector<Facility>& facilities,
                                                       const rules::RuleSet& rules, DemandWeight weight);

// Candidates: a capacity field stays; else the floor area as above; else unlimited.
void fill_candidate_capacities(std::vector<Candidate>& candidates, const rules::RuleSet& rules, DemandWeight weight);

// A chosen candidate as a facility ("new site"), for coverage after siting.
Facility as_facility(const Candidate& candidate);

}  // namespace siting::location
