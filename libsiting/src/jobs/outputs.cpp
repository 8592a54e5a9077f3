// SPDX-License-Identifier: Apache-2.0
#include "jobs/outputs.hpp"

namespace siting::jobs::detail {

namespace {

// What the walking-coverage report adds (coverage, and check with --roads).
void add_coverage(std::vector<std::string>& names, const InputOptions& inputs, const CoverageSettings& settings) {
  if (inputs.parcels) names.insert(names.end(), {"parcels.csv", "parcels.geojson", "gaps.geojson"});
  names.insert(names.end(), {"service_areas.geojson", "facilities_coverage.csv"});
  if (inputs.parcels && !inputs.zones.empty()) names.push_back("zones_coverage.csv");
  if (settings.network_times) names.push_back("network_times.csv");
}

}  // namespace

void add_report(std::vector<std::string>& names, bool report, bool pdf) {
  if (report) names.push_back("report.html");
  if (report && pdf) names.push_back("report.pdf");
}

std::vector<std::string> check_outputs(const CheckOptions& options) {
  std::vector<std::string> names{"estates.csv", "estates.geojson", "facilities.csv", "facilities.geojson",
                                 "unassigned_facilities.csv", "indicators.csv", "summary.json"};
  if (!options.inputs.zones.empty()) names.insert(names.end(), {"zones.csv", "zones.geojson"});
  if (options.inputs.roads) add_coverage(names, options.inputs, options.coverage);
  if (options.gpkg) names.push_back("siting.gpkg");
  add_report(names, options.report, options.report_pdf);
  return names;
}

std::vector<std::string> coverage_outputs(const CoverageJobOptions& options) {
  std::vector<std::string> names{"summary.json"};
  add_coverage(names, options.inputs, options.settings);
  if (options.gpkg) names.push_back("siting.gpkg");
  add_report(names, options.report, options.report_pdf);
  return names;
}

std::vector<std::string> site_outputs(const SiteJobOptions& options) {
  const bool network = options.matrix.od.empty();
  std::vector<std::string> names{"sites.csv", "assignment.csv", "coverage_before_after.csv", "unreachable.csv",
                                 "tradeoff.csv", "tradeoff.png", "summary.json"};
  if (network) names.insert(names.end(), {"sites.geojson", "gaps_after.geojson", "map.png"});
  if (options.gpkg) names.push_back("siting.gpkg");
  add_report(names, options.report, options.report_pdf);
  return names;
}

std::vector<std::string> review_outputs(const std::vector<std::string>& proposal_folders) {
  const bool batch = proposal_folders.size() > 1;
  std::vector<std::string> names;
  for (const std::string& folder : proposal_folders)
    for (const char* f : {"review.json", "review.md", "review.html", "map.png"})
      names.push_back(batch ? folder + "/" + f : f);
  if (batch) names.insert(names.end(), {"reviews.csv", "reviews.md"});
  return names;
}

}  // namespace siting::jobs::detail
