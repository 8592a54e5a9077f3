// SPDX-License-Identifier: Apache-2.0
#pragma once

// What every job shares before its stages run: the rule set.

#include <string>
#include <vector>

#include "siting/rules/ruleset.hpp"

namespace siting::jobs::detail {

// load_rules(name_or_path), then each override in turn.
rules::RuleSet load_rules(const std::string& name_or_path, const std::vector<std::string>& overrides);
// Logs where the rules came from and their overrides.
void log_rules(const rules::RuleSet& rules);

}  // namespace siting::jobs::detail
