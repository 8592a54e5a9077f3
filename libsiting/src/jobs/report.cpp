// SPDX-License-Identifier: Apache-2.0
#include "jobs/report.hpp"

#include <algorithm>

#include "detail/text.hpp"
#include "siting/provision/assign.hpp"
#include "siting/version.hpp"

namespace siting::jobs::detail {

double r2(double v) { return siting::detail::round_to(v, 2); }

std::string pct(double part, double whole) {
  if (whole <= 0) return "n/a";
  return siting::detail::format_fixed(100.0 * part / whole, 1) + "%";
}

std::vector<std::vector<std::size_t>> estate_zones(const Inputs& in) {
  std::vector<Point> labels;
  for (const Estate& e : in.estates) labels.push_back(e.label);
  return provision::zones_containing(in.zones, labels);
}

void add_zone_columns(io::Table& t, const std::vector<std::string>& levels) {
  for (const std::string& level : levels) t.add_column("zone_" + level, io::ColumnType::String);
}

void add_zone_cells(std::vector<io::Value>& row, const Inputs& in, const std::vector<std::size_t>& zones_here) {
  for (const std::string& level : in.zone_levels) {
    io::Value v;
    for (std::size_t z : zones_here)
      if (in.zones[z].level == level) {
        v = in.zones[z].id;
        break;
      }
    row.push_back(v);
  }
}

ordered_json share(double part, double whole) {
  if (whole <= 0) return nullptr;
  return siting::detail::round_to(part / whole, 4);
}

rules::RuleSet load_rules(const std::string& name_or_path, const std::vector<std::string>& overrides) {
  rules::RuleSet rules = rules::load_rules(name_or_path);
  for (const std::string& o : overrides) rules::apply_override(rules, o);
  return rules;
}

ordered_json rules_json(const rules::RuleSet& r) {
  auto estate = [](const rules::EstateRule& e) {
    ordered_json j;
    j["floor_m2_per_100_households"] = e.floor_m2_per_100_households;
    j["min_single_facility_floor_m2"] =
        e.min_single_facility_floor_m2 ? ordered_json(*e.min_single_facility_floor_m2) : ordered_json(nullptr);
    return j;
  };
  ordered_json j;
  j["name"] = r.name;
  j["title"] = r.title;
  j["origin"] = r.origin;
  j["estate"]["new"] = estate(r.new_estate);
  j["estate"]["old"] = estate(r.old_estate);
  j["zone"]["land_m2_per_resident"] = r.zone.land_m2_per_resident;
  j["zone"]["persons_per_household"] = r.zone.persons_per_household;
  j["coverage"]["minutes"] = r.coverage.minutes;
  j["coverage"]["walk_speed_m_per_s"] = r.coverage.walk_speed_m_per_s;
  j["coverage"]["target_share"] = r.coverage.target_share;
  j["review"]["not_underground"] = r.review.not_underground;
  j["review"]["lift_above_floor"] =
      r.review.lift_above_floor ? ordered_json(*r.review.lift_above_floor) : ordered_json(nullptr);
  j["review"]["independent_entrance"] = r.review.independent_entrance;
  j["review"]["max_housing_share_before_facility"] = r.review.max_housing_share_before_facility
                                                         ? ordered_json(*r.review.max_housing_share_before_facility)
                                                         : ordered_json(nullptr);
  j["overrides"] = r.overrides;
  return j;
}

ordered_json inputs_json(const Inputs& in) {
  ordered_json j = ordered_json::array();
  for (const LayerSummary& l : in.layers)
    j.push_back({{"role", l.role}, {"path", l.path}, {"layer", l.layer}, {"crs", l.crs}, {"features", l.features}});
  return j;
}

void Writer::table(const io::Table& t, bool csv_file, bool geojson) {
  if (csv_file) {
    io::write_csv(t, out.stage(t.name + ".csv"), csv);
    files.push_back(t.name + ".csv");
  }
  if (geojson && !t.geometries.empty()) {
    io::write_geojson(t, working, out.stage(t.name + ".geojson"));
    files.push_back(t.name + ".geojson");
  }
  if (gpkg) {
    io::write_gpkg_layer(t, working, out.stage("siting.gpkg"));
    if (std::find(files.begin(), files.end(), "siting.gpkg") == files.end()) files.push_back("siting.gpkg");
  }
}

void Writer::json(const ordered_json& doc, const std::string& name) {
  io::write_text(doc.dump(2) + "\n", out.stage(name));
  files.push_back(name);
}

}  // namespace siting::jobs::detail
