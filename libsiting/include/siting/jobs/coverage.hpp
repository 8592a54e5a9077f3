// SPDX-License-Identifier: Apache-2.0
#pragma once

// `siting coverage`: 15-minute service circles over the walking network, with
// coverage rates per zone and overall and a gap map. `siting check --roads ...`
// runs the same analysis beside the provision rules.
//
//   CoverageJobOptions o;
//   o.inputs.parcels = io::LayerSource{io::Role::Parcels, "estates.gpkg"};
//   o.inputs.facilities = io::LayerSource{io::Role::Facilities, "facilities.gpkg"};
//   o.inputs.roads = io::LayerSource{io::Role::Roads, "city.osm.pbf", "lines"};
//   o.settings.minutes = std::vector<double>{5, 10, 15};
//   o.out_dir = "out";
//   CoverageJobResult r = run_coverage(o);

#include <optional>
#include <string>
#include <vector>

#include "siting/coverage/analysis.hpp"
#include "siting/io/database.hpp"
#include "siting/jobs/inputs.hpp"
#include "siting/network/graph.hpp"
#include "siting/network/roads.hpp"

namespace siting::jobs {

struct CoverageSettings {
  std::optional<std::vector<double>> minutes;  // default: the rule set's tiers
  std::optional<double> speed_m_per_s;         // default: the rule set's walking speed
  network::BuildOptions build;
  coverage::CoverageOptions analysis;          // max snap, lateral distance, tiles, threads
  bool network_times = false;                  // write network_times.csv
};

// One shard of a sharded run (siting shard plans it; siting merge joins the
// shards): the shard's part of the parcels, facilities and service-area tiles,
// written to out_dir as part.bin and part.json instead of the usual files.
struct ShardTask {
  std::string manifest;  // --shard-manifest: the plan's manifest.json
  std::size_t index = 0;  // --shard: which shard, from 0 (a Slurm array's task id)
};

struct ShardParts {
  std::string manifest;   // --shard-manifest: the plan's manifest.json
  std::string parts_dir;  // --parts: holds shard-0000/part.bin, shard-0001/part.bin, ...
};

struct CoverageJobOptions {
  InputOptions inputs;  // roads and facilities required; parcels and zones optional
  std::string rules = "guangdong";
  std::vector<std::string> overrides;
  CoverageSettings settings;
  // Only the facilities of these types (--facility-type day_care); empty: all.
  std::vector<FacilityType> facility_types;
  std::string out_dir;
  bool gpkg = false;
  bool csv_bom = false;
  io::DatabaseTarget out_db;             // --out-db, --out-schema, --overwrite: the tables also in PostGIS
  bool report = false;                  // report.html (and report.pdf unless report_pdf is false)
  bool report_pdf = true;               // print report.pdf with Chromium (io::find_chromium)
  std::optional<ShardTask> shard;       // run one shard of a plan (siting/jobs/shard.hpp)
};

struct CoverageJobResult {
  int exit_code = 0;
  std::string summary_text;
  std::vector<std::string> files;
};

CoverageJobResult run_coverage(const CoverageJobOptions& options);

}  // namespace siting::jobs
