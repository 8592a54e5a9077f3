// SPDX-License-Identifier: Apache-2.0
#pragma once

// `siting check`: the provision rules for every estate and zone.
//
//   CheckOptions o;
//   o.inputs.parcels = io::LayerSource{io::Role::Parcels, "estates.gpkg"};
//   o.inputs.facilities = io::LayerSource{io::Role::Facilities, "facilities.shp"};
//   o.out_dir = "out";
//   CheckResult r = run_check(o);  // writes estates.*, zones.*, summary.json, ...

#include <optional>
#include <string>
#include <vector>

#include "siting/io/database.hpp"
#include "siting/jobs/coverage.hpp"
#include "siting/jobs/inputs.hpp"

namespace siting::jobs {

struct CheckOptions {
  InputOptions inputs;
  std::string rules = "guangdong";      // preset name or rule-set file
  std::string plan;                     // plan preset or file; empty: the indicators without targets
  std::vector<std::string> overrides;   // --set KEY=VALUE
  std::string out_dir;
  bool gpkg = false;                    // also write siting.gpkg
  bool csv_bom = false;                 // UTF-8 BOM in CSV files, for Excel
  io::DatabaseTarget out_db;             // --out-db, --out-schema, --overwrite: the tables also in PostGIS
  bool strict = false;                  // exit code 1 when any estate or zone fails
  bool report = false;                  // report.html (and report.pdf unless report_pdf is false)
  bool report_pdf = true;               // print report.pdf with Chromium (io::find_chromium)
  CoverageSettings coverage;            // used when inputs.roads is given
  // A check in district shards, on a plan made by siting shard with the same
  // input and walk options (docs/scale.md): `shard` runs one shard's walks (the
  // circle and the typed circles of the plan's indicators) into part.bin;
  // `merge` joins the parts and runs the provision rules and the indicators on
  // the whole city, writing what the single run writes. One of the two at most.
  std::optional<ShardTask> shard;
  std::optional<ShardParts> merge;
};

struct CheckResult {
  int exit_code = 0;
  std::string summary_text;             // the short terminal summary
  std::vector<std::string> files;       // written, in the output folder
};

CheckResult run_check(const CheckOptions& options);

}  // namespace siting::jobs
