// SPDX-License-Identifier: Apache-2.0
#include "siting/rules/ruleset.hpp"

#include <cmath>
#include <sstream>

#include <nlohmann/json.hpp>

#include "detail/document.hpp"
#include "detail/text.hpp"
#include "siting/error.hpp"
#include "siting/network/walk_options.hpp"
#include "siting/options.hpp"

namespace siting::rules {

namespace detail {
extern const siting::detail::PresetTable kPresets;  // embedded_rules.cpp, generated
}  // namespace detail

using json = nlohmann::json;

namespace {

constexpr const char* kFormat = "siting-rules/1";

[[noreturn]] void fail(const std::string& origin, const std::string& what) {
  throw Error(ErrorCode::BadRules, what, ErrorContext{origin, "", "", ""});
}

// The range of every numeric rule (docs/user-guide.md, "Rule-set files"). The
// bounds are far beyond any province's figure, and keep required areas and
// populations finite for counts up to 2^53. coverage.minutes and
// coverage.walk_speed_m_per_s take the ranges of --minutes and --speed.
const Range& rule_range(const std::string& key) {
  static const Range floor_rate{0.0, 1000.0, false, "m2 per 100 households"};
  static const Range min_facility{0.0, 100000.0, false, "m2"};
  static const Range land{0.0, 100.0, false, "m2 per resident"};
  static const Range persons{0.0, 20.0, true, "persons per household"};
  static const Range share{0.0, 1.0};
  static const Range floor_number{-10.0, 200.0, false, "", true};
  static const Range elderly{0.0, 1.0, true};
  if (key.find("floor_m2_per_100_households") != std::string::npos) return floor_rate;
  if (key.find("min_single_facility_floor_m2") != std::string::npos) return min_facility;
  if (key == "zone.land_m2_per_resident") return land;
  if (key == "zone.persons_per_household") return persons;
  if (key == "coverage.walk_speed_m_per_s") return network::kSpeedRange;
  if (key == "review.lift_above_floor") return floor_number;
  if (key == "demand.elderly_share") return elderly;
  return share;  // coverage.target_share, review.max_housing_share_before_facility
}

// The number at a dotted key.
const json& number_node(const json& doc, const std::string& origin, const std::string& key) {
  const json* node = &doc;
  std::stringstream parts(key);
  std::string part;
  while (std::getline(parts, part, '.')) {
    if (!node->is_object() || !node->contains(part)) fail(origin, "missing rule '" + key + "'");
    node = &(*node)[part];
  }
  if (!node->is_number()) fail(origin, "rule '" + key + "' must be a number, got " + node->dump());
  return *node;
}

// Reads the value at a dotted key, checking its type and its range.
double number_at(const json& doc, const std::string& origin, const std::string& key) {
  const double v = number_node(doc, origin, key).get<double>();
  check_option("rule '" + key + "'", v, rule_range(key), ErrorCode::BadRules, ErrorContext{origin, "", "", ""});
  return v;
}

// A rule that may be null (not applied).
std::optional<double> optional_number_at(const json& parent, const std::string& origin, const std::string& key,
                                         const std::string& member) {
  if (!parent.contains(member) || parent[member].is_null()) return std::nullopt;
  if (!parent[member].is_number()) fail(origin, "rule '" + key + "' must be a number or null, got " + parent[member].dump());
  const double v = parent[member].get<double>();
  check_option("rule '" + key + "'", v, rule_range(key), ErrorCode::BadRules, ErrorContext{origin, "", "", ""});
  return v;
}

void check_members(const json& node, const std::string& origin, const std::string& where,
                   std::initializer_list<const char*> allowed) {
  if (!node.is_object()) fail(origin, "'" + where + "' must be an object");
  for (auto it = node.begin(); it != node.end(); ++it) {
    bool ok = false;
    for (const char* a : allowed) ok = ok || it.key() == a;
    if (!ok) {
      std::string list;
      for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      fail(origin, "unknown member '" + it.key() + "' in " + (where.empty() ? "the rule set" : "'" + where + "'") +
                       " (expected: " + list + ")");
    }
  }
}

EstateRule estate_rule(const json& doc, const std::string& origin, const std::string& kind) {
  const std::string base = "estate." + kind;
  check_members(doc["estate"][kind], origin, base, {"floor_m2_per_100_households", "min_single_facility_floor_m2"});
  EstateRule r;
  r.floor_m2_per_100_households = number_at(doc, origin, base + ".floor_m2_per_100_households");
  r.min_single_facility_floor_m2 =
      optional_number_at(doc["estate"][kind], origin, base + ".min_single_facility_floor_m2", "min_single_facility_floor_m2");
  return r;
}

RuleSet from_json(const json& doc, const std::string& origin) {
  if (!doc.is_object()) fail(origin, "a rule set must be a JSON object");
  check_members(doc, origin, "", {"format", "name", "title", "estate", "zone", "coverage", "demand", "review", "sources", "notes"});
  if (!doc.contains("format") || doc["format"] != kFormat)
    fail(origin, std::string("expected \"format\": \"") + kFormat + "\"");
  for (const char* section : {"estate", "zone", "coverage"})
    if (!doc.contains(section)) fail(origin, std::string("missing section '") + section + "'");
  check_members(doc["estate"], origin, "estate", {"new", "old"});
  for (const char* kind : {"new", "old"})
    if (!doc["estate"].contains(kind)) fail(origin, std::string("missing section 'estate.") + kind + "'");
  check_members(doc["zone"], origin, "zone", {"land_m2_per_resident", "persons_per_household"});
  check_members(doc["coverage"], origin, "coverage", {"minutes", "walk_speed_m_per_s", "target_share"});

  RuleSet r;
  r.origin = origin;
  r.name = doc.value("name", "");
  r.title = doc.value("title", "");
  r.new_estate = estate_rule(doc, origin, "new");
  r.old_estate = estate_rule(doc, origin, "old");
  r.zone.land_m2_per_resident = number_at(doc, origin, "zone.land_m2_per_resident");
  r.zone.persons_per_household = number_at(doc, origin, "zone.persons_per_household");
  const json& minutes = doc["coverage"]["minutes"];
  if (!minutes.is_array() || minutes.empty()) fail(origin, "rule 'coverage.minutes' must be a non-empty list of numbers");
  for (const json& m : minutes) {
    if (!m.is_number()) fail(origin, "rule 'coverage.minutes' must hold numbers, got " + m.dump());
    r.coverage.minutes.push_back(m.get<double>());
  }
  // The walking options' own ranges, so a rule set cannot ask for what --minutes and --speed refuse.
  network::check_minutes("rule 'coverage.minutes'", r.coverage.minutes, ErrorCode::BadRules, ErrorContext{origin, "", "", ""});
  r.coverage.walk_speed_m_per_s = number_at(doc, origin, "coverage.walk_speed_m_per_s");
  r.coverage.target_share = number_at(doc, origin, "coverage.target_share");
  if (doc.contains("demand")) {
    check_members(doc["demand"], origin, "demand", {"elderly_share"});
    r.demand.elderly_share = optional_number_at(doc["demand"], origin, "demand.elderly_share", "elderly_share");
  }
  if (doc.contains("review")) {
    const json& rv = doc["review"];
    check_members(rv, origin, "review",
                  {"not_underground", "lift_above_floor", "independent_entrance", "max_housing_share_before_facility"});
    auto flag = [&](const char* key) {
      if (!rv.contains(key) || rv[key].is_null()) return false;
      if (!rv[key].is_boolean()) fail(origin, std::string("rule 'review.") + key + "' must be true or false");
      return rv[key].get<bool>();
    };
    r.review.not_underground = flag("not_underground");
    r.review.independent_entrance = flag("independent_entrance");
    // Checked in range as a double before it becomes an int.
    if (auto lift = optional_number_at(rv, origin, "review.lift_above_floor", "lift_above_floor"))
      r.review.lift_above_floor = static_cast<int>(*lift);
    r.review.max_housing_share_before_facility =
        optional_number_at(rv, origin, "review.max_housing_share_before_facility", "max_housing_share_before_facility");
  }
  if (doc.contains("sources")) {
    if (!doc["sources"].is_object()) fail(origin, "'sources' must map rule keys to citations");
    for (auto it = doc["sources"].begin(); it != doc["sources"].end(); ++it) {
      if (!it.value().is_string()) fail(origin, "source of '" + it.key() + "' must be text");
      r.sources[it.key()] = it.value().get<std::string>();
    }
  }
  return r;
}

}  // namespace

RuleSet parse_rules(const std::string& json_text, const std::string& origin) {
  return from_json(siting::detail::parse_json_document(json_text, origin), origin);
}

std::vector<std::string> preset_names() { return siting::detail::preset_names(detail::kPresets); }

std::string preset_text(const std::string& name) {
  return siting::detail::preset_text(detail::kPresets, name, "rule-set");
}

RuleSet load_rules(const std::string& name_or_path) {
  if (auto text = siting::detail::document_file_text(name_or_path, "rule-set")) return parse_rules(*text, name_or_path);
  return parse_rules(preset_text(name_or_path), "preset " + name_or_path);
}

const std::vector<std::pair<std::string, std::string>>& override_keys() {
  static const std::vector<std::pair<std::string, std::string>> keys{
      {"estate.new.floor_m2_per_100_households", "facility floor area per 100 households, new estates (m2)"},
      {"estate.new.min_single_facility_floor_m2", "minimum floor area of each facility, new estates (m2; 'none' to drop)"},
      {"estate.old.floor_m2_per_100_households", "facility floor area per 100 households, old estates (m2)"},
      {"estate.old.min_single_facility_floor_m2", "minimum floor area of each facility, old estates (m2; 'none' to drop)"},
      {"zone.land_m2_per_resident", "elderly-care land per resident (m2)"},
      {"zone.persons_per_household", "persons per household, where population is not given"},
      {"coverage.minutes", "service-circle tiers in minutes, e.g. 5,10,15"},
      {"coverage.walk_speed_m_per_s", "walking speed (m/s)"},
      {"coverage.target_share", "coverage target as a share, e.g. 0.9"},
      {"demand.elderly_share", "share of residents aged 60+, for parcels and zones without an elderly count (e.g. 0.1235; 'none' to drop)"},
      {"review.not_underground", "facilities may not be below ground (true/false)"},
      {"review.lift_above_floor", "floors above this need a lift (e.g. 1; 'none' to drop)"},
      {"review.independent_entrance", "facilities need their own entrance (true/false)"},
      {"review.max_housing_share_before_facility",
       "facility in the first phase, or finished before this share of the housing (e.g. 0.5; 'none' to drop)"},
  };
  return keys;
}

void apply_override(RuleSet& rules, const std::string& key_equals_value) {
  const auto eq = key_equals_value.find('=');
  const std::string key = siting::detail::trim(key_equals_value.substr(0, eq));
  const std::string value = eq == std::string::npos ? "" : siting::detail::trim(key_equals_value.substr(eq + 1));
  const std::string origin = "--set " + key_equals_value;
  bool known = false;
  std::string keys;
  for (const auto& [k, meaning] : override_keys()) {
    known = known || k == key;
    keys += (keys.empty() ? "" : ", ") + k;
  }
  if (eq == std::string::npos || !known)
    fail(origin, "expected KEY=VALUE with KEY one of: " + keys);

  // Every number in its rule's range; text that is no number (lots, inf, nan)
  // is refused with the range too, quoted as given.
  const ErrorContext where{origin, "", "", ""};
  auto number = [&](bool allow_none) -> std::optional<double> {
    if (allow_none && (value == "none" || value == "null")) return std::nullopt;
    const Range& range = rule_range(key);
    auto v = siting::detail::parse_number(value);
    if (!v) fail(origin, key + " must be " + range.text() + ", got '" + value + "'");
    check_option(key, *v, range, ErrorCode::BadRules, where);
    return v;
  };
  if (key == "coverage.minutes") {
    std::vector<double> minutes;
    std::stringstream parts(value);
    std::string part;
    while (std::getline(parts, part, ',')) {
      auto v = siting::detail::parse_number(part);
      if (!v) fail(origin, key + " must be " + network::minutes_rule() + "; got '" + value + "'");
      minutes.push_back(*v);
    }
    network::check_minutes(key, minutes, ErrorCode::BadRules, where);
    rules.coverage.minutes = minutes;
  } else if (key == "estate.new.floor_m2_per_100_households") {
    rules.new_estate.floor_m2_per_100_households = *number(false);
  } else if (key == "estate.old.floor_m2_per_100_households") {
    rules.old_estate.floor_m2_per_100_households = *number(false);
  } else if (key == "estate.new.min_single_facility_floor_m2") {
    rules.new_estate.min_single_facility_floor_m2 = number(true);
  } else if (key == "estate.old.min_single_facility_floor_m2") {
    rules.old_estate.min_single_facility_floor_m2 = number(true);
  } else if (key == "zone.land_m2_per_resident") {
    rules.zone.land_m2_per_resident = *number(false);
  } else if (key == "zone.persons_per_household") {
    rules.zone.persons_per_household = *number(false);
  } else if (key == "coverage.walk_speed_m_per_s") {
    rules.coverage.walk_speed_m_per_s = *number(false);
  } else if (key == "review.not_underground" || key == "review.independent_entrance") {
    if (value != "true" && value != "false") fail(origin, "expected true or false, got '" + value + "'");
    (key == "review.not_underground" ? rules.review.not_underground : rules.review.independent_entrance) =
        value == "true";
  } else if (key == "review.lift_above_floor") {
    const auto v = number(true);
    rules.review.lift_above_floor = v ? std::optional<int>(static_cast<int>(*v)) : std::nullopt;
  } else if (key == "review.max_housing_share_before_facility") {
    rules.review.max_housing_share_before_facility = number(true);
  } else if (key == "demand.elderly_share") {
    rules.demand.elderly_share = number(true);
  } else if (key == "coverage.target_share") {
    rules.coverage.target_share = *number(false);
  }
  rules.overrides.push_back(key + "=" + value);
}

}  // namespace siting::rules
