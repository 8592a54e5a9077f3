// SPDX-License-Identifier: Apache-2.0
#pragma once

// `siting access`: capacity-aware access (2SFCA / E2SFCA, access::compute_access)
// over the walking network: read, build the graph, the parcel x facility walks
// within the catchment (location::build_network_problem, the same snapping,
// parcel access and inclusive budget as `siting coverage`), then access.csv,
// access.geojson, facilities_access.csv and summary.json.
//
//   AccessJobOptions o;
//   o.inputs.parcels = io::LayerSource{io::Role::Parcels, "estates.gpkg"};
//   o.inputs.facilities = io::LayerSource{io::Role::Facilities, "facilities.gpkg"};
//   o.inputs.roads = io::LayerSource{io::Role::Roads, "city.osm.pbf", "lines"};
//   o.decay = access::Decay::Gaussian;
//   o.out_dir = "out";
//   AccessJobResult r = run_access(o);   // r.result.mean_access, r.summary_text

#include <optional>
#include <string>
#include <vector>

#include "siting/access/access.hpp"
#include "siting/io/database.hpp"
#include "siting/jobs/coverage.hpp"
#include "siting/jobs/inputs.hpp"
#include "siting/location/study_area.hpp"

namespace siting::jobs {

// What a facility offers: its floor area (建筑面积, m²).
// Floor area (建筑面积, m2) or beds (床位数; every facility must give them).
enum class AccessSupply { FloorArea, Beds };
// "floor_area", "beds".
const char* to_string(AccessSupply supply);

// The demand of a parcel: households, residents (population, else households x
// the rule set's persons per household) or elderly residents (required of every parcel).
using AccessDemand = location::DemandWeight;

struct AccessJobOptions {
  InputOptions inputs;  // parcels, facilities and roads required; zones optional (zone columns)
  std::string rules = "guangdong";
  std::vector<std::string> overrides;
  // Speed, max snap, graph building, threads. Its minutes are not used: the
  // catchment is `minutes`.
  CoverageSettings settings;
  AccessSupply supply = AccessSupply::FloorArea;
  AccessDemand demand = AccessDemand::Households;
  access::Decay decay = access::Decay::None;
  // The catchment in minutes; (0, 180]. Default: the last step's bound with
  // --decay steps and --steps, else the rule set's circle (its last tier).
  std::optional<double> minutes;
  // --decay steps: (upper bound in minutes, weight) bands, as
  // access::AccessOptions::steps but in minutes; the last bound is the
  // catchment. Default 1, 0.68, 0.22 on the catchment's thirds (5, 10, 15 min
  // for 15; Luo & Qi 2009).
  std::optional<std::vector<std::pair<double, double>>> steps;
  std::string out_dir;
  bool gpkg = false;
  bool csv_bom = false;
  io::DatabaseTarget out_db;             // --out-db, --out-schema, --overwrite: the tables also in PostGIS
  bool report = false;                  // report.html (and report.pdf unless report_pdf is false)
  bool report_pdf = true;               // print report.pdf with Chromium (io::find_chromium)
};

struct AccessJobResult {
  int exit_code = 0;
  std::string summary_text;
  std::vector<std::string> files;
  access::AccessResult result;
};

// Throws siting::Error (docs/user-guide.md#exit-codes); nothing is written then.
AccessJobResult run_access(const AccessJobOptions& options);

}  // namespace siting::jobs
