// SPDX-License-Identifier: Apache-2.0
#pragma once

// The evaluate stage's indicator table: each indicator of a plan computed from
// the provision and coverage results, for the whole study area and, where it
// makes sense, per zone, compared with the plan's target. Definitions and
// sources: docs/indicators.md.
//
//   IndicatorTable t = compute_indicators(plan, data);
//   for (const IndicatorValue& v : t.values) if (v.status == Status::NotMet) ...

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "siting/coverage/result.hpp"
#include "siting/indicators/plan.hpp"
#include "siting/model.hpp"
#include "siting/provision/result.hpp"

namespace siting::indicators {

// met / not met against the target; no target (the plan gives none, or the
// target is compared with another measure); not computable (the reason says
// which input would answer it).
enum class Status { Met, NotMet, NoTarget, NotComputable };
const char* to_string(Status status);  // "met", "not_met", "no_target", "not_computable"

struct IndicatorValue {
  const IndicatorSpec* spec = nullptr;  // into IndicatorTable::plan
  const IndicatorInfo* info = nullptr;
  Measure measure = Measure::Households;
  std::optional<std::size_t> zone;  // index into the zones; nullopt: the whole study area
  std::optional<double> value;      // in info->unit (percent for shares)
  double numerator = 0.0, denominator = 0.0;
  Status status = Status::NotComputable;
  // What was counted ("12 of 13 communities"), or why nothing could be.
  std::string note;
};

struct IndicatorTable {
  Plan plan;
  std::vector<IndicatorValue> values;  // by indicator in the plan's order; the study area first, then zones
  std::size_t count(Status status) const;  // among the study-area rows compared with a target
};

// Everything an indicator is computed from. The coverage results are those of
// the walking network (siting check --roads); without roads the indicators
// that need one are not computable.
struct IndicatorData {
  const std::vector<Estate>& estates;
  const std::vector<Facility>& facilities;
  const std::vector<Zone>& zones;
  const provision::ProvisionResult& provision;
  const std::vector<std::vector<std::size_t>>& estate_zones;    // provision::estate_zones
  const std::vector<std::vector<std::size_t>>& facility_zones;  // provision::zones_containing(facility points)
  const std::vector<std::vector<std::size_t>>& zone_zones;      // provision::zone_zones
  // The service circle of every facility (nullptr: no roads).
  const coverage::CoverageResult* circle = nullptr;
  // The circle of the facilities of some types only, by the sorted type list
  // (circle_types); a type list no facility has is absent.
  std::map<std::vector<FacilityType>, coverage::CoverageResult> typed_circles{};
  bool roads = false;  // the run had a walking network
};

// The facility types whose own service circle an indicator needs, sorted; empty
// when it needs none or counts every facility.
std::vector<FacilityType> circle_types(const IndicatorSpec& spec);

IndicatorTable compute_indicators(const Plan& plan, const IndicatorData& data);

}  // namespace siting::indicators
