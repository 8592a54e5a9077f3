// SPDX-License-Identifier: Apache-2.0
#include "siting/network/walk_options.hpp"

namespace siting::network {

std::string minutes_rule() {
  return "1 to " + std::to_string(kMaxTiers) + " tiers, each " + kMinutesRange.text() +
         " and strictly increasing, e.g. 5,10,15";
}

void check_minutes(const std::string& name, const std::vector<double>& minutes, ErrorCode code,
                   const ErrorContext& where) {
  bool ok = !minutes.empty() && minutes.size() <= kMaxTiers;
  for (std::size_t i = 0; ok && i < minutes.size(); ++i)
    ok = kMinutesRange.contains(minutes[i]) && (i == 0 || minutes[i] > minutes[i - 1]);
  if (ok) return;
  std::string given;
  for (double m : minutes) given += (given.empty() ? "" : ",") + option_value_text(m);
  throw Error(code, name + " must be " + minutes_rule() + "; got " + (given.empty() ? "none" : given), where);
}

void WalkOptions::validate() const {
  check_minutes("--minutes", minutes);
  check_option("--speed", speed_m_per_s, kSpeedRange);
  check_option("--max-snap", max_snap_m, kMaxSnapRange);
}

double WalkOptions::budget_m(std::size_t tier) const { return minutes[tier] * 60.0 * speed_m_per_s; }

}  // namespace siting::network
