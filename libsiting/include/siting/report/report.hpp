// SPDX-License-Identifier: Apache-2.0
#pragma once

// The report stage: a command's results turned into its files (staged in an
// Output, committed by the job) and its terminal summary. Nothing is computed
// here that a result does not hold; see docs/architecture.md.
//
//   report::Output out{dir, inputs.working.crs, gpkg, csv};
//   std::string text = report::write_coverage(out, {inputs, rules, "out"}, coverage);
//   dir.commit();

#include <string>
#include <vector>

#include "siting/coverage/result.hpp"
#include "siting/indicators/indicators.hpp"
#include "siting/jobs/inputs.hpp"
#include "siting/jobs/site.hpp"
#include "siting/jobs/sweep.hpp"
#include "siting/location/problem.hpp"
#include "siting/location/solve.hpp"
#include "siting/network/graph.hpp"
#include "siting/provision/result.hpp"
#include "siting/report/output.hpp"
#include "siting/review/proposal.hpp"
#include "siting/review/review.hpp"
#include "siting/rules/ruleset.hpp"

namespace siting::report {

// What every report shows beside its results.
struct Run {
  const jobs::Inputs& inputs;  // as read: layers, working CRS, estates, facilities, zones
  const rules::RuleSet& rules;
  std::string out_dir;         // as the user named it, for the terminal summary
  // The zones each estate lies in (provision::estate_zones), for the zone_<level>
  // columns: required by write_check and write_coverage, unused by write_reviews.
  const std::vector<std::vector<std::size_t>>* estate_zones = nullptr;
  // siting coverage --facility-type: the facilities are those of these types only.
  std::vector<FacilityType> facility_types = {};
  // --report: the city report, report.html, and report.pdf printed by this
  // browser (io::find_chromium) when it is not empty. Needs Output::keep_tables.
  bool report = false;
  std::string chromium = {};
  const network::WalkGraph* graph = nullptr;  // the streets on the report's maps (nullptr: none)
};

// estates.*, zones.*, facilities.*, unassigned_facilities.csv, the coverage
// files when `coverage` is given, indicators.csv, and summary.json. Returns the
// terminal summary.
std::string write_check(Output& out, const Run& run, const provision::ProvisionResult& provision,
                        const coverage::CoverageResult* coverage, const indicators::IndicatorTable& indicators);

// parcels.*, gaps.geojson, service_areas.geojson, facilities_coverage.csv,
// zones_coverage.csv, network_times.csv (when kept) and summary.json. Returns
// the terminal summary.
std::string write_coverage(Output& out, const Run& run, const coverage::CoverageResult& coverage);

// review.json, review.md, review.html and map.png for each proposal (in a folder
// per proposal when there are several, with reviews.csv and reviews.md). Returns
// the terminal summary.
std::string write_reviews(Output& out, const Run& run, const std::vector<review::Proposal>& proposals,
                          const std::vector<review::ReviewResult>& results);

// What the site report shows: the problem solved, its answer, and in network
// mode the coverage before and after (the chosen sites added as facilities).
struct SiteReport {
  const jobs::SiteJobOptions& options;
  const rules::RuleSet& rules;
  const location::Problem& problem;
  const location::Result& result;
  double cutoff = 0.0;          // the covering budget in the arcs' unit
  double cost_scale = 1.0;      // arcs' unit -> the unit shown (network mode: s -> min)
  std::string cost_unit{};        // "min" in network mode, "" (the table's unit) in matrix mode
  std::string weight_name{};      // "households", "residents", "elderly residents"; "demand" in matrix mode
  std::string budget_text{};      // "15 minutes" or "cost 900"
  // Households of each demand point (matrix mode: its weight), for the floor
  // area each site needs under the rule set.
  std::vector<double> households{};
  // Weight within the budget of an open site before (existing only) and after.
  double weight_before = 0.0, weight_after = 0.0;

  // Network mode (nullptr in matrix mode).
  const Run* run = nullptr;                             // inputs as read, estate zones
  const jobs::Inputs* inputs_after = nullptr;           // facilities + the chosen sites
  const coverage::CoverageResult* before = nullptr;
  const coverage::CoverageResult* after = nullptr;
  const network::WalkGraph* graph = nullptr;            // the streets on the map
  std::vector<Point> site_points{};   // per site of the problem, working CRS
  std::vector<std::string> site_names{};
  std::size_t candidates_generated = 0;
  std::string candidates_source{};    // "layer PATH" or "generated every N m"
  double seconds = 0.0;             // the whole run
};

// sites.*, assignment.csv, coverage_before_after.csv, unreachable.csv,
// tradeoff.csv, tradeoff.png, and in network mode gaps_after.geojson and
// map.png; then summary.json. Returns the terminal summary.
std::string write_site(Output& out, const SiteReport& report);

// A sweep's outcomes (jobs/sweep.hpp), evaluated here or merged from its tasks.
struct SweepReport {
  std::string sweep_file;
  std::string out_dir;  // as the user named it, for the terminal summary
  const std::vector<jobs::ScenarioOutcome>& outcomes;
  std::vector<std::string> inputs{};  // the input paths, for summary.json
  std::string rules{};                 // the run's --rules
  std::vector<std::string> overrides{};
};

// comparison.csv (one row per scenario), new_sites.csv and .geojson (one row
// per new site of every scenario that sites), summary.json. Returns the
// terminal summary.
std::string write_sweep(Output& out, const SweepReport& report);

// The folder of a proposal's files in a batch review: its id with the characters
// file systems refuse replaced by '_' (and a leading '_' before a dot or nothing).
std::string review_folder(const std::string& proposal_id);

}  // namespace siting::report
