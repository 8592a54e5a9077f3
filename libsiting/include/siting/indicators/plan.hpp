// SPDX-License-Identifier: Apache-2.0
#pragma once

// A plan's indicator table (专栏1 of a 14th five-year elderly-care plan) is data:
// a plan file (JSON, format in docs/indicators.md) names the indicators siting
// should compute, each with the plan's target, year and nature. Presets for the
// two reference plans are compiled into the library from geodata/plans/*.json.
//
//   Plan p = load_plan("huizhou-dayawan");   // a preset, or a file path
//   Plan none = default_plan();               // every indicator, no targets

#include <optional>
#include <string>
#include <vector>

#include "siting/model.hpp"

namespace siting::indicators {

// 约束性 (binding: the government answers for it) or 预期性 (expected).
enum class Nature { Binding, Expected };
const char* to_string(Nature nature);  // "binding", "expected"

// What a share of coverage counts: the zones of a level that hold a facility,
// or the households, residents or elderly within its service circle.
enum class Measure { NewEstates, Communities, Streets, Households, Residents, Elderly, Beds, Land };
const char* to_string(Measure measure);  // "new_estates", "communities", ...

// The indicators siting can compute, by id (docs/indicators.md gives each one's
// definition and source).
struct IndicatorInfo {
  const char* id;       // "nursing_bed_share"
  const char* name_zh;  // "养老机构护理型床位占比"
  const char* name_en;  // "nursing-type share of residential institutions' beds"
  const char* unit;     // "%", "beds per 1,000 elderly", "m2 per resident"
  // The facility types counted by default (empty: every facility).
  std::vector<FacilityType> types;
  // The measures reported; the first is the default basis of the target.
  std::vector<Measure> measures;
};
const std::vector<IndicatorInfo>& catalogue();
const IndicatorInfo* find_indicator(const std::string& id);  // nullptr when unknown

// One indicator as a plan sets it.
struct IndicatorSpec {
  std::string id;
  std::optional<double> target;     // in the indicator's unit (percent for shares); none: no target
  bool at_most = false;             // the target is a ceiling ("<="), not a floor
  std::optional<int> year;          // the target year, e.g. 2025
  std::optional<Nature> nature;     // unknown when the plan file does not say
  std::string source;               // where the target comes from
  std::vector<FacilityType> types;  // the facility types counted (default: the catalogue's)
  Measure basis = Measure::Households;  // the measure the target is compared with
};

// Zone levels by tier, matched case-insensitively to the level a zone layer
// gives (Zone::level). Defaults: district 区, 县, 县级市, 市辖区, district, county;
// street 街道, 镇, 乡, street, subdistrict, town, township; community 社区, 村,
// 居委会, 村委会, community, neighbourhood, village.
struct ZoneLevels {
  std::vector<std::string> district, street, community;
  static ZoneLevels Defaults();
};
enum class Tier { District, Street, Community, Other };
Tier tier_of(const ZoneLevels& levels, const std::string& level);

struct Plan {
  std::string name;    // "huizhou-dayawan"; empty for default_plan()
  std::string title;   // human title
  std::string origin;  // "preset huizhou-dayawan", the file path, or "" (default)
  std::string period;  // "2021-2025"
  ZoneLevels levels = ZoneLevels::Defaults();
  std::vector<IndicatorSpec> indicators;  // in the plan's order

  const std::string& label() const { return name.empty() ? origin : name; }
};

// Every indicator of the catalogue with its defaults and no target: what
// `siting check` computes when no --plan is given.
Plan default_plan();
// A preset name ("huizhou-dayawan") or a path to a JSON file. Throws Error(E301).
Plan load_plan(const std::string& name_or_path);
// Parses a plan document; `origin` names it in errors. Throws Error(E301).
Plan parse_plan(const std::string& json_text, const std::string& origin);

std::vector<std::string> plan_preset_names();
// The JSON text of a preset (for `siting plans NAME`). Throws Error(E301).
std::string plan_preset_text(const std::string& name);

}  // namespace siting::indicators
