// SPDX-License-Identifier: Apache-2.0
#pragma once

// The access report (`siting access`): access.csv and access.geojson (one row
// per parcel), facilities_access.csv (one per facility) and summary.json, and
// the terminal summary. Field names carry the unit: with floor area for
// households, the ratio columns are floor_area_m2_per_1000_households.

#include <string>
#include <vector>

#include "siting/access/access.hpp"
#include "siting/location/problem.hpp"
#include "siting/report/output.hpp"
#include "siting/report/report.hpp"

namespace siting::report {

struct AccessReport {
  const Run& run;                          // inputs as read (parcels = demand points, facilities = sites)
  const access::AccessResult& result;
  std::string supply_name;                 // "floor_area_m2" (the unit is in the name)
  std::string demand_name;                 // "households", "residents", "elderly"
  double minutes = 0.0;                    // the catchment as given
  double speed_m_per_s = 0.0;
  std::vector<std::size_t> off_network_facilities{};  // no street within the snap distance
  double seconds = 0.0;                    // the whole run
};

// The ratios are shown per this many units of demand (beds per 1,000 elderly).
constexpr double kPerDemand = 1000.0;

// Writes the files into `out` (not committed). Returns the terminal summary.
std::string write_access(Output& out, const AccessReport& report);

}  // namespace siting::report
