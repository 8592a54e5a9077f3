// SPDX-License-Identifier: Apache-2.0
#pragma once

// `siting site`: where new facilities go. Two modes share the optimiser and the
// report:
//   network mode  parcels, existing facilities and streets (as `siting coverage`)
//                 plus a candidates layer or candidates generated along the
//                 streets of the gap areas; coverage is run before and after.
//   matrix mode   an origin-destination cost table from any router (--od,
//                 --demand, --sites, --cutoff), read by location::read_matrix.
//
//   SiteJobOptions o;
//   o.model = location::Model::Psclp;       // the fewest sites reaching the target
//   o.matrix.od = "od.csv"; o.matrix.demand = "demand.csv"; o.matrix.sites = "sites.csv";
//   o.cutoff = 900;
//   o.out_dir = "out";
//   SiteJobResult r = run_site(o);           // r.result.chosen, r.summary_text

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "siting/io/database.hpp"
#include "siting/jobs/coverage.hpp"
#include "siting/jobs/inputs.hpp"
#include "siting/location/matrix_csv.hpp"
#include "siting/location/solve.hpp"
#include "siting/location/study_area.hpp"

namespace siting::jobs {

// The demand weight in network mode (location::to_string names it).
using SiteWeight = location::DemandWeight;

struct SiteJobOptions {
  location::Model model = location::Model::Psclp;
  // New sites for mclp and pmedian; required there; 1..number of candidates.
  std::optional<std::size_t> k;
  // psclp: share of the demand weight to bring within the circle; default the
  // rule set's coverage target; (0, 1].
  std::optional<double> target_share;
  bool single_assignment = false;  // with capacities: no demand point split across sites
  bool no_capacity = false;        // ignore every capacity
  bool exact = false;              // Cbc after the heuristic
  double time_limit_s = 60.0;      // Cbc's limit; (0, 86400] s

  std::string rules = "guangdong";
  std::vector<std::string> overrides;
  std::string out_dir;
  bool gpkg = false;  // network mode only
  bool csv_bom = false;
  io::DatabaseTarget out_db;             // --out-db, --out-schema, --overwrite: the tables also in PostGIS
  bool report = false;                  // report.html (and report.pdf unless report_pdf is false)
  bool report_pdf = true;               // print report.pdf with Chromium (io::find_chromium)

  // Matrix mode when matrix.od is set.
  location::MatrixFiles matrix;
  std::optional<double> cutoff;  // matrix mode: the covering budget in the table's unit; required; >= 0

  // Network mode.
  InputOptions inputs;        // parcels, facilities and roads required; zones optional
  CoverageSettings settings;  // minutes, speed, max snap, ...
  std::optional<io::LayerSource> candidates;  // --candidates
  // --candidate-spacing: generate candidates every this many metres along the
  // streets in the gap areas; [10, 5000] m. Exactly one of candidates and
  // candidate_spacing_m in network mode.
  std::optional<double> candidate_spacing_m;
  SiteWeight weight = SiteWeight::Households;
  // p-median search limit in minutes; default 2 x the circle; (0, 600].
  std::optional<double> search_minutes;

  // In district shards (docs/scale.md), network mode with --candidates and
  // psclp or mclp: one shard's walks (the coverage before, and the pairs of
  // its own parcels with the sites in its halo), or the merge of the parts,
  // which solves once on the whole city and walks the coverage after.
  std::optional<ShardTask> shard;   // --shard-manifest M --shard N
  std::optional<ShardParts> merge;  // --shard-manifest M --parts DIR
};

struct SiteJobResult {
  int exit_code = 0;  // 0 done; 1 psclp target not reachable (outputs written)
  std::string summary_text;
  std::vector<std::string> files;
  location::Result result;
  // Network mode: households within the circle after siting, as the coverage
  // stage counts them with the chosen sites added as facilities.
  std::optional<double> coverage_after_households;
};

// Throws siting::Error (docs/user-guide.md#exit-codes); nothing is written then.
SiteJobResult run_site(const SiteJobOptions& options);

}  // namespace siting::jobs
