// SPDX-License-Identifier: Apache-2.0
#include "jobs/common.hpp"

#include "detail/text.hpp"
#include "siting/log.hpp"

namespace siting::jobs::detail {

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
