// SPDX-License-Identifier: Apache-2.0
#pragma once

// What every job shares before its stages run: the rule set.

#include <string>
#include <vector>

#include "siting/jobs/inputs.hpp"
#include "siting/rules/ruleset.hpp"

namespace siting::jobs::detail {

// load_rules(name_or_path), then each override in turn.
rules::RuleSet load_rules(const std::string& name_or_path, const std::vector<std::string>& overrides);
// Logs where the rules came from and their overrides.
void log_rules(const rules::RuleSet& rules);
// Where the rule set gives demand.elderly_share: every parcel without an elderly
// count gets its residents (population, else households x persons per household)
// x the share, and every zone with a population but no elderly count gets its
// population x the share. Logs how many were derived.
void derive_elderly(Inputs& in, const rules::RuleSet& rules);

}  // namespace siting::jobs::detail
