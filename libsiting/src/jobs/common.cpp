// SPDX-License-Identifier: Apache-2.0
#include "jobs/common.hpp"

#include "detail/text.hpp"
#include "siting/log.hpp"

namespace siting::jobs::detail {

const std::vector<std::string>& output_names() {
  static const std::vector<std::string> names{
      "estates.csv", "estates.geojson", "zones.csv", "zones.geojson", "facilities.csv", "facilities.geojson",
      "unassigned_facilities.csv", "summary.json", "siting.gpkg", "parcels.csv", "parcels.geojson",
      "gaps.geojson", "service_areas.geojson", "facilities_coverage.csv", "zones_coverage.csv",
      "network_times.csv", "review.json", "review.md", "review.html", "map.png", "reviews.csv", "reviews.md"};
  return names;
}

rules::RuleSet load_rules(const std::string& name_or_path, const std::vector<std::string>& overrides) {
  rules::RuleSet rules = rules::load_rules(name_or_path);
  for (const std::string& o : overrides) rules::apply_override(rules, o);
  return rules;
}

void log_rules(const rules::RuleSet& rules) {
  log::info("rules: ", rules.origin, rules.overrides.empty() ? "" : " with overrides ",
            siting::detail::join(rules.overrides, ", "));
}

}  // namespace siting::jobs::detail
