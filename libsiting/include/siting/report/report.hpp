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
#include "siting/jobs/inputs.hpp"
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
};

// estates.*, zones.*, facilities.*, unassigned_facilities.csv, the coverage
// files when `coverage` is given, and summary.json. Returns the terminal summary.
std::string write_check(Output& out, const Run& run, const provision::ProvisionResult& provision,
                        const coverage::CoverageResult* coverage);

// parcels.*, gaps.geojson, service_areas.geojson, facilities_coverage.csv,
// zones_coverage.csv, network_times.csv (when kept) and summary.json. Returns
// the terminal summary.
std::string write_coverage(Output& out, const Run& run, const coverage::CoverageResult& coverage);

// review.json, review.md, review.html and map.png for each proposal (in a folder
// per proposal when there are several, with reviews.csv and reviews.md). Returns
// the terminal summary.
std::string write_reviews(Output& out, const Run& run, const std::vector<review::Proposal>& proposals,
                          const std::vector<review::ReviewResult>& results);

// The folder of a proposal's files in a batch review: its id with the characters
// file systems refuse replaced by '_' (and a leading '_' before a dot or nothing).
std::string review_folder(const std::string& proposal_id);

}  // namespace siting::report
