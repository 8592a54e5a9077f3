// SPDX-License-Identifier: Apache-2.0
#include "report/common.hpp"
#include "report/styles.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "detail/text.hpp"
#include "siting/error.hpp"
#include "siting/io/database.hpp"
#include "siting/io/output_dir.hpp"
#include "siting/io/table.hpp"
#include "siting/log.hpp"
#include "siting/version.hpp"

namespace siting::report {

void Output::table(const io::Table& t, Files which) {
  // `siting -v` shows each table's writing as a stage (bench/shapes.sh sums them).
  const auto start = std::chrono::steady_clock::now();
  struct Timed {
    const std::string& name;
    std::chrono::steady_clock::time_point start;
    ~Timed() {
      log::debug("stage write: ", std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
                 " s (", name, ")");
    }
  } timed{t.name, start};
  if (which != Files::GeoJson) {
    io::CsvOptions o = csv;
    o.threads = threads;
    io::write_csv(t, dir.stage(t.name + ".csv"), o);
    files.push_back(t.name + ".csv");
  }
  if (which != Files::Csv && !t.geometries.empty()) {
    io::write_geojson(t, working, dir.stage(t.name + ".geojson"), threads);
    files.push_back(t.name + ".geojson");
  }
  if (gpkg) {
    io::write_gpkg_layer(t, working, dir.stage("siting.gpkg"));
    const detail::LayerStyle style = detail::layer_style(t);
    io::write_gpkg_style(dir.stage("siting.gpkg"), t.name, {style.name, style.description, style.qml});
    if (std::find(files.begin(), files.end(), "siting.gpkg") == files.end()) files.push_back("siting.gpkg");
  }
  if (db) db->write(t, working);
  if (keep_tables) kept.push_back(t);
}

void Output::text(const std::string& content, const std::string& name) {
  // Every text output is UTF-8 (map.png is no text); anything else is a bug.
  const bool png = name.size() >= 4 && name.compare(name.size() - 4, 4, ".png") == 0;
  if (!png && !siting::detail::is_valid_utf8(content))
    throw Error(ErrorCode::Internal, name + ": text that is not UTF-8 reached the output");
  io::write_text(content, dir.stage(name));
  files.push_back(name);
}

namespace detail {

namespace {

std::string file_name(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

// The data's sources for the maps' footers; OpenStreetMap's licence asks for its line.
std::string data_attribution(const jobs::Inputs& in) {
  std::vector<std::string> files;
  bool osm = false;
  for (const jobs::LayerSummary& l : in.layers) {
    const std::string f = file_name(l.path.rfind("PG:", 0) == 0 ? "PostGIS " + l.layer : l.path);
    if (std::find(files.begin(), files.end(), f) == files.end()) files.push_back(f);
    const std::string low = siting::detail::lower(l.path);
    if (low.find(".osm") != std::string::npos || (low.size() > 4 && low.compare(low.size() - 4, 4, ".pbf") == 0))
      osm = true;
  }
  std::string s = "Data: " + siting::detail::join(files, ", ");
  if (osm) s += ". Streets © OpenStreetMap contributors, ODbL 1.0";
  return s;
}

std::string report_line(const Run& run) {
  if (!run.report) return "";
  return "  city report: " + run.out_dir + "/report.html (open it in a browser)" +
         (run.chromium.empty() ? "" : ", " + run.out_dir + "/report.pdf (A4, to print or hand in)") + "\n";
}

double r2(double v) { return siting::detail::round_to(v, 2); }

std::string pct(double part, double whole) {
  if (whole <= 0) return "n/a";
  return siting::detail::format_fixed(100.0 * part / whole, 1) + "%";
}

ordered_json share(double part, double whole) {
  if (whole <= 0) return nullptr;
  return siting::detail::round_to(part / whole, 4);
}

ordered_json provenance(const char* command, const Run& run) {
  ordered_json j;
  j["siting_version"] = siting::version();
  j["command"] = command;
  const crs::WorkingCrsChoice& w = run.inputs.working;
  j["working_crs"] = {{"crs", w.crs.label()},
                      {"reason", w.reason},
                      {"area_scale_min", std::round(w.area_scale_min * 1e6) / 1e6},
                      {"area_scale_max", std::round(w.area_scale_max * 1e6) / 1e6}};
  j["inputs"] = inputs_json(run.inputs);
  j["rules"] = rules_json(run.rules);
  return j;
}

namespace {

// nlohmann writes NaN and the infinities as null: a number lost without a word.
void require_finite(const ordered_json& j, const std::string& file, const std::string& at) {
  if (j.is_number_float() && !std::isfinite(j.get<double>()))
    throw Error(ErrorCode::Internal, file + ": a non-finite number at " + at + " reached the output");
  if (j.is_object())
    for (auto it = j.begin(); it != j.end(); ++it) require_finite(it.value(), file, at + "." + it.key());
  if (j.is_array())
    for (std::size_t i = 0; i < j.size(); ++i) require_finite(j[i], file, at + "[" + std::to_string(i) + "]");
}

}  // namespace

std::string json_text(const ordered_json& j, const std::string& file) {
  require_finite(j, file, "");
  // Paths and layer names come from the file system and GDAL as they are: shown
  // with U+FFFD where they are not UTF-8, as text values are.
  return j.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

void write_summary(Output& out, ordered_json& summary) {
  std::vector<std::string> files = out.files;
  files.push_back("summary.json");
  summary["outputs"] = files;
  out.text(json_text(summary, "summary.json"), "summary.json");
}

std::string outputs_line(const Run& run, const std::string& files) {
  return "  outputs in " + run.out_dir + ": " + files + "\n";
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
  j["demand"]["elderly_share"] = r.demand.elderly_share ? ordered_json(*r.demand.elderly_share) : ordered_json(nullptr);
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

ordered_json inputs_json(const jobs::Inputs& in) {
  ordered_json j = ordered_json::array();
  for (const jobs::LayerSummary& l : in.layers)
    j.push_back({{"role", l.role}, {"path", l.path}, {"layer", l.layer}, {"crs", l.crs}, {"features", l.features}});
  return j;
}

}  // namespace detail
}  // namespace siting::report
