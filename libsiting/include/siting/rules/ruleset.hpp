// SPDX-License-Identifier: Apache-2.0
#pragma once

// Provision rules are data. A rule set is a JSON document (format in
// docs/user-guide.md, sources in docs/rules.md); presets for Guangdong (the
// default), Anhui, Fujian and Guizhou are compiled into the library from
// geodata/rules/*.json.
//
//   RuleSet r = load_rules("fujian");                       // a preset, or a file path
//   apply_override(r, "estate.new.floor_m2_per_100_households=25");

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "siting/model.hpp"

namespace siting::rules {

struct EstateRule {
  double floor_m2_per_100_households = 0.0;
  // 单处 minimum floor area of each facility, where the rule set has one.
  std::optional<double> min_single_facility_floor_m2;
};

struct ZoneRule {
  double land_m2_per_resident = 0.0;
  // Population = households x this, where a zone gives no population.
  double persons_per_household = 0.0;
};

struct CoverageRule {
  std::vector<double> minutes;       // service-circle tiers; the last is the circle
  double walk_speed_m_per_s = 0.0;   // an older person's walking speed
  double target_share = 0.0;         // e.g. 0.9 for >= 90% of households covered
};

// Demand by age: where a parcel or zone gives no elderly count (老年人口), it is
// derived as its residents x elderly_share (e.g. 0.1235, Guangdong's 60+ share
// in the 2020 census); unset: no elderly are derived.
struct DemandRule {
  std::optional<double> elderly_share;
};

// Conditions on where a facility sits, for permit review; each applies only
// where the rule set sets it.
struct ReviewRule {
  bool not_underground = false;           // no facility below ground (floor < 1)
  std::optional<int> lift_above_floor;    // floors above this need a lift (1: the 2nd floor up)
  bool independent_entrance = false;      // each facility needs its own entrance
  // Phasing: the facility is in the first phase, or finished before this share
  // of the housing (e.g. 0.5: before half the households' homes are built).
  std::optional<double> max_housing_share_before_facility;
};

struct RuleSet {
  std::string name;    // "guangdong"
  std::string title;   // human title
  std::string origin;  // "preset guangdong" or the file path
  EstateRule new_estate;
  EstateRule old_estate;
  ZoneRule zone;
  CoverageRule coverage;
  DemandRule demand;
  ReviewRule review;
  // Rule key -> citation of the source document, e.g.
  // "estate.new.floor_m2_per_100_households" -> "国发〔2013〕35号 ...".
  std::map<std::string, std::string> sources;
  // Overrides applied, in order, as "key=value" (recorded in summary.json).
  std::vector<std::string> overrides;

  // The name, or for a rule-set file without one, where it came from.
  const std::string& label() const { return name.empty() ? origin : name; }
  const EstateRule& estate(EstateKind kind) const {
    return kind == EstateKind::New ? new_estate : old_estate;
  }
};

// A preset name ("guangdong") or a path to a JSON file. Throws Error(E301).
RuleSet load_rules(const std::string& name_or_path);
// Parses a rule-set document; `origin` names it in errors. Throws Error(E301).
RuleSet parse_rules(const std::string& json_text, const std::string& origin);

std::vector<std::string> preset_names();
// The JSON text of a preset (for `siting rules NAME`). Throws Error(E301).
std::string preset_text(const std::string& name);

// The keys apply_override accepts, with their meaning.
const std::vector<std::pair<std::string, std::string>>& override_keys();
// "key=value"; for coverage.minutes a comma list. Throws Error(E301) on an unknown
// key or a bad value.
void apply_override(RuleSet& rules, const std::string& key_equals_value);

}  // namespace siting::rules
