// SPDX-License-Identifier: Apache-2.0
#include "siting/indicators/plan.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

#include "detail/document.hpp"
#include "detail/text.hpp"
#include "siting/error.hpp"

namespace siting::indicators {

namespace detail {
extern const siting::detail::PresetTable kPresets;  // embedded_plans.cpp, generated
}  // namespace detail

using json = nlohmann::json;
using siting::detail::join;
using siting::detail::lower;
using siting::detail::trim;

namespace {

constexpr const char* kFormat = "siting-plan/1";

[[noreturn]] void fail(const std::string& origin, const std::string& what) {
  throw Error(ErrorCode::BadRules, what, ErrorContext{origin, "", "", ""});
}

std::string quoted(const json& j) { return siting::printable(j.dump(), 80); }

}  // namespace

const char* to_string(Nature nature) { return nature == Nature::Binding ? "binding" : "expected"; }

const char* to_string(Measure measure) {
  switch (measure) {
    case Measure::NewEstates: return "new_estates";
    case Measure::Communities: return "communities";
    case Measure::Streets: return "streets";
    case Measure::Households: return "households";
    case Measure::Residents: return "residents";
    case Measure::Elderly: return "elderly";
    case Measure::Beds: return "beds";
    case Measure::Land: return "land";
  }
  return "";
}

const std::vector<IndicatorInfo>& catalogue() {
  using F = FacilityType;
  using M = Measure;
  static const std::vector<IndicatorInfo> list{
      {"new_estate_compliance", "新建住宅区配套建设养老服务设施达标率",
       "new estates meeting the estate rule (floor area per 100 households)", "%", {}, {M::NewEstates}},
      {"community_day_care_coverage", "社区日间照料机构覆盖率",
       "communities with a day-care centre; households and elderly within its service circle", "%", {F::DayCare},
       {M::Communities, M::Households, M::Elderly}},
      {"street_comprehensive_coverage", "镇（街）范围具备综合功能的养老服务机构覆盖率",
       "streets and towns with a comprehensive elderly-care centre", "%", {F::Comprehensive}, {M::Streets}},
      {"nursing_bed_share", "养老机构护理型床位占比", "nursing-type beds among residential institutions' beds", "%",
       {F::Institution}, {M::Beds}},
      {"non_public_bed_share", "社会办养老机构床位占比", "beds run by non-public operators among all beds", "%", {},
       {M::Beds}},
      {"beds_per_1000_elderly", "每千名老年人养老床位数", "elderly-care beds per 1,000 residents aged 60+",
       "beds per 1,000 elderly", {}, {M::Beds}},
      {"service_circle_coverage", "15分钟养老服务圈覆盖率",
       "households (and elderly, residents) within the service circle of a facility", "%", {},
       {M::Households, M::Elderly, M::Residents}},
      {"land_per_resident", "人均养老服务设施用地", "elderly-care land per resident", "m2 per resident", {}, {M::Land}},
  };
  return list;
}

const IndicatorInfo* find_indicator(const std::string& id) {
  for (const IndicatorInfo& i : catalogue())
    if (id == i.id) return &i;
  return nullptr;
}

ZoneLevels ZoneLevels::Defaults() {
  return {{"区", "县", "县级市", "市辖区", "district", "county"},
          {"街道", "镇", "乡", "street", "subdistrict", "town", "township"},
          {"社区", "村", "居委会", "村委会", "community", "neighbourhood", "village"}};
}

Tier tier_of(const ZoneLevels& levels, const std::string& level) {
  const std::string l = lower(trim(level));
  auto in = [&](const std::vector<std::string>& names) {
    for (const std::string& n : names)
      if (lower(trim(n)) == l) return true;
    return false;
  };
  if (in(levels.district)) return Tier::District;
  if (in(levels.street)) return Tier::Street;
  if (in(levels.community)) return Tier::Community;
  return Tier::Other;
}

namespace {

IndicatorSpec default_spec(const IndicatorInfo& info) {
  IndicatorSpec s;
  s.id = info.id;
  s.types = info.types;
  s.basis = info.measures.front();
  return s;
}

void check_members(const json& node, const std::string& origin, const std::string& where,
                   std::initializer_list<const char*> allowed) {
  if (!node.is_object()) fail(origin, where + " must be a JSON object, got " + quoted(node));
  for (auto it = node.begin(); it != node.end(); ++it) {
    bool ok = false;
    for (const char* a : allowed) ok = ok || it.key() == a;
    if (!ok) {
      std::vector<std::string> list(allowed.begin(), allowed.end());
      fail(origin, "unknown member '" + siting::printable(it.key(), 80) + "' in " + where +
                       " (expected: " + join(list, ", ") + ")");
    }
  }
}

std::string text_at(const json& node, const char* key, const std::string& origin, const std::string& where) {
  if (!node.contains(key) || node[key].is_null()) return "";
  if (!node[key].is_string()) fail(origin, where + "." + key + " must be text, got " + quoted(node[key]));
  return node[key].get<std::string>();
}

std::vector<std::string> text_list(const json& node, const std::string& origin, const std::string& where) {
  if (!node.is_array()) fail(origin, where + " must be a list of text, got " + quoted(node));
  std::vector<std::string> out;
  for (const json& v : node) {
    if (!v.is_string() || trim(v.get<std::string>()).empty())
      fail(origin, where + " must hold non-empty text, got " + quoted(v));
    out.push_back(v.get<std::string>());
  }
  return out;
}

IndicatorSpec spec_from_json(const json& node, std::size_t index, const std::string& origin) {
  const std::string where = "indicators[" + std::to_string(index) + "]";
  check_members(node, origin, where, {"id", "target", "at_most", "year", "nature", "source", "facility_types", "basis"});
  if (!node.contains("id") || !node["id"].is_string()) fail(origin, where + " needs an \"id\"");
  const std::string id = node["id"].get<std::string>();
  const IndicatorInfo* info = find_indicator(id);
  if (!info) {
    std::vector<std::string> ids;
    for (const IndicatorInfo& i : catalogue()) ids.emplace_back(i.id);
    fail(origin, where + ": unknown indicator '" + siting::printable(id, 80) + "' (siting computes: " +
                     join(ids, ", ") + ")");
  }
  const std::string at = where + " (" + id + ")";
  IndicatorSpec s = default_spec(*info);
  if (node.contains("target") && !node["target"].is_null()) {
    if (!node["target"].is_number()) fail(origin, at + ": target must be a number or null, got " + quoted(node["target"]));
    const double t = node["target"].get<double>();
    const double top = std::string(info->unit) == "%" ? 100.0 : 1e6;
    if (!std::isfinite(t) || t < 0.0 || t > top)
      fail(origin, at + ": target must be between 0 and " + siting::detail::format_number(top) + " (" + info->unit +
                       "), got " + quoted(node["target"]));
    s.target = t;
  }
  if (node.contains("at_most") && !node["at_most"].is_null()) {
    if (!node["at_most"].is_boolean()) fail(origin, at + ": at_most must be true or false");
    s.at_most = node["at_most"].get<bool>();
  }
  if (node.contains("year") && !node["year"].is_null()) {
    const json& y = node["year"];
    if (!y.is_number_integer() || y.get<long long>() < 1949 || y.get<long long>() > 2100)
      fail(origin, at + ": year must be a whole year between 1949 and 2100, got " + quoted(y));
    s.year = static_cast<int>(y.get<long long>());
  }
  if (node.contains("nature") && !node["nature"].is_null()) {
    const std::string n = node["nature"].is_string() ? trim(node["nature"].get<std::string>()) : "";
    if (n == "binding" || n == "约束性") s.nature = Nature::Binding;
    else if (n == "expected" || n == "预期性") s.nature = Nature::Expected;
    else fail(origin, at + ": nature must be \"binding\" (约束性), \"expected\" (预期性) or null, got " + quoted(node["nature"]));
  }
  s.source = text_at(node, "source", origin, at);
  if (node.contains("facility_types") && !node["facility_types"].is_null()) {
    s.types.clear();
    for (const std::string& t : text_list(node["facility_types"], origin, at + ".facility_types")) {
      auto type = facility_type_from_string(trim(t));
      if (!type)
        fail(origin, at + ": unknown facility type '" + siting::printable(t, 80) + "' (types: " +
                         facility_type_names() + ")");
      s.types.push_back(*type);
    }
  }
  if (node.contains("basis") && !node["basis"].is_null()) {
    const std::string b = node["basis"].is_string() ? node["basis"].get<std::string>() : node["basis"].dump();
    bool found = false;
    std::vector<std::string> names;
    for (Measure m : info->measures) {
      names.emplace_back(to_string(m));
      if (b == to_string(m)) {
        s.basis = m;
        found = true;
      }
    }
    if (!found)
      fail(origin, at + ": basis must be one of " + join(names, ", ") + ", got " + siting::printable(b, 80));
  }
  return s;
}

Plan from_json(const json& doc, const std::string& origin) {
  if (!doc.is_object()) fail(origin, "a plan must be a JSON object");
  check_members(doc, origin, "the plan", {"format", "name", "title", "period", "zone_levels", "indicators", "notes"});
  if (!doc.contains("format") || doc["format"] != kFormat)
    fail(origin, std::string("expected \"format\": \"") + kFormat + "\"");
  Plan p;
  p.origin = origin;
  p.name = text_at(doc, "name", origin, "plan");
  p.title = text_at(doc, "title", origin, "plan");
  p.period = text_at(doc, "period", origin, "plan");
  if (doc.contains("zone_levels") && !doc["zone_levels"].is_null()) {
    const json& z = doc["zone_levels"];
    check_members(z, origin, "zone_levels", {"district", "street", "community"});
    if (z.contains("district")) p.levels.district = text_list(z["district"], origin, "zone_levels.district");
    if (z.contains("street")) p.levels.street = text_list(z["street"], origin, "zone_levels.street");
    if (z.contains("community")) p.levels.community = text_list(z["community"], origin, "zone_levels.community");
  }
  if (!doc.contains("indicators") || !doc["indicators"].is_array() || doc["indicators"].empty())
    fail(origin, "a plan needs \"indicators\": a non-empty list");
  for (std::size_t i = 0; i < doc["indicators"].size(); ++i) {
    IndicatorSpec s = spec_from_json(doc["indicators"][i], i, origin);
    for (const IndicatorSpec& earlier : p.indicators)
      if (earlier.id == s.id) fail(origin, "indicator '" + s.id + "' is listed twice");
    p.indicators.push_back(std::move(s));
  }
  return p;
}

}  // namespace

Plan default_plan() {
  Plan p;
  p.title = "every indicator siting computes, without targets";
  for (const IndicatorInfo& info : catalogue()) p.indicators.push_back(default_spec(info));
  return p;
}

Plan parse_plan(const std::string& json_text, const std::string& origin) {
  return from_json(siting::detail::parse_json_document(json_text, origin), origin);
}

std::vector<std::string> plan_preset_names() { return siting::detail::preset_names(detail::kPresets); }

std::string plan_preset_text(const std::string& name) {
  return siting::detail::preset_text(detail::kPresets, name, "plan");
}

Plan load_plan(const std::string& name_or_path) {
  if (auto text = siting::detail::document_file_text(name_or_path, "plan")) return parse_plan(*text, name_or_path);
  return parse_plan(plan_preset_text(name_or_path), "preset " + name_or_path);
}

}  // namespace siting::indicators
