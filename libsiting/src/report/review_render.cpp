// SPDX-License-Identifier: Apache-2.0
#include "report/review_render.hpp"


#include <cmath>
#include <sstream>

#include "detail/text.hpp"
#include "report/html.hpp"
#include "report/map_render.hpp"
#include "siting/version.hpp"

namespace siting::report::detail {

using namespace siting::review;

using siting::detail::format_fixed;
using siting::detail::format_number;
using siting::detail::xml_escape;
using ordered_json = nlohmann::ordered_json;

namespace {

std::string md_cell(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

std::string outcome_label(Outcome o) {
  switch (o) {
    case Outcome::Pass: return "PASS";
    case Outcome::Fail: return "FAIL";
    case Outcome::NotApplicable: return "n/a";
    case Outcome::NotEvaluated: return "not evaluated";
  }
  return "";
}

std::string yes_no(const std::optional<bool>& b) { return b ? (*b ? "yes" : "no") : "—"; }
std::string opt_int(const std::optional<int>& i) { return i ? std::to_string(*i) : "—"; }

// A proposed facility's cells in the reports' facility tables, text escaped for the format.
std::vector<std::string> facility_cells(const ProposedFacility& f, std::string (*escape)(const std::string&)) {
  return {escape(f.id),     escape(f.name), format_fixed(f.floor_area_m2, 2),   format_fixed(f.land_area_m2, 2),
          opt_int(f.floor), yes_no(f.lift), yes_no(f.independent_entrance), opt_int(f.phase)};
}

std::string verdict_sentence(const Review& r) {
  const auto f = r.failed_checks();
  std::size_t evaluated = 0, not_evaluated = 0;
  for (const Check& c : r.checks) {
    evaluated += c.outcome == Outcome::Pass || c.outcome == Outcome::Fail;
    not_evaluated += c.outcome == Outcome::NotEvaluated;
  }
  std::string s = f.empty() ? "all " + std::to_string(evaluated) + " checks made pass"
                            : std::to_string(f.size()) + " of " + std::to_string(evaluated) +
                                  " checks made fail: " + siting::detail::join(f, ", ");
  if (not_evaluated) s += "; " + std::to_string(not_evaluated) + " not evaluated for want of context";
  return s;
}

std::string phases_text(const Proposal& p) {
  std::string s;
  for (const Phase& ph : p.phases)
    s += (s.empty() ? "" : "; ") + std::string("phase ") + std::to_string(ph.number) + ": " +
         format_number(ph.households) + " " + to_string(ph.kind);
  return s;
}

ordered_json value_json(const io::Value& v) {
  if (std::holds_alternative<std::monostate>(v)) return nullptr;
  if (auto s = std::get_if<std::string>(&v)) return *s;
  if (auto i = std::get_if<std::int64_t>(&v)) return *i;
  if (auto d = std::get_if<double>(&v)) return *d;
  return std::get<bool>(v);
}

std::string legend(const Review& r, double scale_bar_m) {
  double minutes = 0;
  for (const Check& c : r.checks)
    if (c.id == "coverage")
      for (const auto& [k, v] : c.values)
        if (k == "minutes") minutes = std::get<double>(v);
  std::string s = "red discs: proposed facilities; blue squares: existing facilities; orange: the estate (phases); ";
  if (minutes > 0) s += "green: the " + format_number(minutes) + "-minute service area of the proposed facilities; ";
  s += "grey: streets. Scale bar " + format_number(scale_bar_m) + " m; north is up.";
  return s;
}

}  // namespace

std::string render_map_png(const Proposal& p, const MapInputs& map, const MapStyle& style, double* scale_bar_m,
                           const std::string& attribution) {
  Map m;
  m.view = map.view;
  m.width_px = style.width_px;
  m.max_map_height_px = style.max_height_px;
  m.title = "规划许可审查 · " + (p.name.empty() ? p.id : p.name + " (" + p.id + ")");
  PolygonLayer circle;
  circle.fill = {0.80, 0.92, 0.80};
  circle.stroke = {0.35, 0.63, 0.35};
  circle.stroke_px = 1.2;
  circle.legend = "service area of the proposed facilities 服务范围";
  if (!map.circle.empty()) circle.shapes.push_back(&map.circle);
  const MultiPolygon footprint = p.footprint();
  PolygonLayer estate;
  estate.fill = {1.0, 0.84, 0.6};
  estate.stroke = {0.8, 0.4, 0.0};
  estate.stroke_px = 1.5;
  estate.legend = "the estate 住宅区 (phases)";
  estate.shapes.push_back(&footprint);
  m.polygons = {circle, estate};
  for (const LineString& line : map.streets)
    for (std::size_t i = 1; i < line.size(); ++i) m.streets.push_back({line[i - 1], line[i]});
  PointLayer existing;
  existing.color = {0.12, 0.35, 0.78};
  existing.legend = "existing facility 现有设施";
  existing.points = map.existing;
  PointLayer proposed;
  proposed.symbol = Symbol::Disc;
  proposed.color = {0.86, 0.12, 0.12};
  proposed.size_px = 12;
  proposed.legend = "proposed facility 拟建设施";
  for (const ProposedFacility& f : p.facilities) proposed.points.push_back(f.location);
  m.points = {existing, proposed};
  // The proposed facilities' ids, just above their discs.
  const double lift = 14.0 * std::max(map.view.max_x - map.view.min_x, map.view.max_y - map.view.min_y) /
                      std::max(1, style.width_px);
  for (const ProposedFacility& f : p.facilities) m.labels.push_back({{f.location.x, f.location.y + lift}, f.id, 13, true});
  m.attribution = attribution;
  return render_map_png(m, scale_bar_m);
}

ordered_json review_json(const Proposal& p, const Review& r, const rules::RuleSet& rules, const crs::Crs& working) {
  const crs::Transform to_wgs84 = crs::Transform::Cached(working, crs::Crs::Epsg(4326));
  ordered_json j;
  j["format"] = "siting-review/1";
  j["siting_version"] = siting::version();
  j["verdict"] = to_string(r.verdict);
  j["failed_checks"] = r.failed_checks();
  ordered_json prop;
  prop["id"] = p.id;
  prop["name"] = p.name;
  prop["source"] = p.source;
  prop["households"] = p.households();
  prop["residents"] = std::round(p.households() * rules.zone.persons_per_household);
  prop["area_m2"] = siting::detail::round_to(p.area_m2(), 2);
  prop["phases"] = ordered_json::array();
  for (std::size_t i = 0; i < p.phases.size(); ++i) {
    const Phase& ph = p.phases[i];
    const PhaseReach& pr = r.phases[i];
    prop["phases"].push_back(
        {{"phase", ph.number},
         {"kind", to_string(ph.kind)},
         {"households", ph.households},
         {"area_m2", siting::detail::round_to(ph.area_m2, 2)},
         {"walk_time_s", pr.time_s == network::kUnreached ? ordered_json(nullptr)
                                                          : ordered_json(siting::detail::round_to(pr.time_s, 1))},
         {"nearest_facility_id", pr.facility_id.empty() ? ordered_json(nullptr) : ordered_json(pr.facility_id)},
         {"nearest_is_proposed", pr.facility_id.empty() ? ordered_json(nullptr) : ordered_json(pr.proposed)}});
  }
  prop["facilities"] = ordered_json::array();
  auto opt_bool = [](const std::optional<bool>& b) { return b ? ordered_json(*b) : ordered_json(nullptr); };
  auto opt_i = [](const std::optional<int>& i) { return i ? ordered_json(*i) : ordered_json(nullptr); };
  for (const ProposedFacility& f : p.facilities) {
    Point ll = f.location;
    to_wgs84.apply(ll);
    prop["facilities"].push_back({{"id", f.id},
                                  {"name", f.name},
                                  {"category", f.category},
                                  {"floor_area_m2", f.floor_area_m2},
                                  {"land_area_m2", f.land_area_m2},
                                  {"floor", opt_i(f.floor)},
                                  {"lift", opt_bool(f.lift)},
                                  {"independent_entrance", opt_bool(f.independent_entrance)},
                                  {"phase", opt_i(f.phase)},
                                  {"planned", opt_bool(f.planned)},
                                  {"built", opt_bool(f.built)},
                                  {"accepted", opt_bool(f.accepted)},
                                  {"handed_over", opt_bool(f.handed_over)},
                                  {"lon", siting::detail::round_to(ll.x, 7)},
                                  {"lat", siting::detail::round_to(ll.y, 7)}});
  }
  j["proposal"] = prop;
  j["checks"] = ordered_json::array();
  for (const Check& c : r.checks) {
    ordered_json values = ordered_json::object();
    for (const auto& [k, v] : c.values) values[k] = value_json(v);
    j["checks"].push_back({{"id", c.id},
                           {"title", c.title},
                           {"title_zh", c.title_zh},
                           {"outcome", to_string(c.outcome)},
                           {"finding", c.finding},
                           {"values", values}});
  }
  return j;
}

std::string render_markdown(const Proposal& p, const Review& r, const rules::RuleSet& rules, const std::string& map_file,
                            double scale_bar_m) {
  std::ostringstream md;
  md << "# Planning-permit review: " << (p.name.empty() ? p.id : p.name + " (" + p.id + ")") << "\n\n";
  md << "**Verdict: " << (r.verdict == Outcome::Fail ? "FAIL" : "PASS") << "** — " << verdict_sentence(r) << ".\n\n";
  md << "| | |\n|---|---|\n";
  md << "| Proposal | " << md_cell(p.id) << (p.name.empty() ? "" : " " + md_cell(p.name)) << " |\n";
  md << "| Source | " << md_cell(p.source) << " |\n";
  md << "| Households | " << format_number(p.households()) << " (" << md_cell(phases_text(p)) << ") |\n";
  md << "| Residents | " << format_fixed(p.households() * rules.zone.persons_per_household, 0) << " (x "
     << format_number(rules.zone.persons_per_household) << " per household) |\n";
  md << "| Rule set | " << md_cell(rules.label()) << " — " << md_cell(rules.title)
     << " |\n\n";
  md << "## Checks\n\n| # | Check | 检查项 | Result | Finding |\n|---|---|---|---|---|\n";
  int n = 0;
  for (const Check& c : r.checks)
    md << "| " << ++n << " | " << md_cell(c.title) << " | " << md_cell(c.title_zh) << " | "
       << (c.outcome == Outcome::Fail || c.outcome == Outcome::Pass ? "**" + outcome_label(c.outcome) + "**"
                                                                    : outcome_label(c.outcome))
       << " | " << md_cell(c.finding) << " |\n";
  md << "\n## Facilities proposed\n\n";
  if (p.facilities.empty()) {
    md << "None.\n";
  } else {
    md << "| id | name | floor area (m²) | site area (m²) | floor | lift | own entrance | phase |\n"
          "|---|---|---|---|---|---|---|---|\n";
    for (const ProposedFacility& f : p.facilities)
      md << "| " << siting::detail::join(facility_cells(f, md_cell), " | ") << " |\n";
  }
  md << "\n## Phases\n\n| phase | kind | households | area (m²) | walk to the nearest facility | facility |\n"
        "|---|---|---|---|---|---|\n";
  for (std::size_t i = 0; i < p.phases.size(); ++i) {
    const Phase& ph = p.phases[i];
    const PhaseReach& pr = r.phases[i];
    md << "| " << ph.number << " | " << to_string(ph.kind) << " | " << format_number(ph.households) << " | "
       << format_fixed(ph.area_m2, 2) << " | "
       << (pr.time_s == network::kUnreached ? std::string("beyond the circle") : format_fixed(pr.time_s / 60.0, 1) + " min")
       << " | " << (pr.facility_id.empty() ? "—" : md_cell(pr.facility_id) + (pr.proposed ? " (proposed)" : ""))
       << " |\n";
  }
  md << "\n## Map\n\n![map of the proposal](" << map_file << ")\n\n" << legend(r, scale_bar_m) << "\n";
  return md.str();
}

std::string render_html(const Proposal& p, const Review& r, const rules::RuleSet& rules, const std::string& png,
                        double scale_bar_m) {
  const bool fail = r.verdict == Outcome::Fail;
  const std::string title = p.name.empty() ? p.id : p.name + " (" + p.id + ")";
  std::ostringstream h;
  h << "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
    << "<title>Planning-permit review: " << xml_escape(title) << "</title>\n<style>\n"
    << "body{font-family:system-ui,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:2em auto;max-width:60em;"
       "color:#222;line-height:1.4}\n"
    << "table{border-collapse:collapse;margin:0.5em 0 1.5em}td,th{border:1px solid #bbb;padding:0.3em 0.6em;"
       "text-align:left;vertical-align:top}\n"
    << ".verdict{font-size:1.6em;font-weight:bold;padding:0.4em 0.8em;display:inline-block;border-radius:4px}\n"
    << ".pass{background:#d6f0d6;color:#145214}.fail{background:#f8d3d3;color:#7a0f0f}"
       ".not_applicable,.not_evaluated{color:#777}\n"
    << "img{max-width:100%;border:1px solid #999}\n"
    << "@media print{body{margin:0;max-width:none}.verdict{border:2px solid #000}}\n</style>\n</head>\n<body>\n";
  h << "<h1>Planning-permit review: " << xml_escape(title) << "</h1>\n";
  h << "<p><span id=\"verdict\" class=\"verdict " << (fail ? "fail" : "pass") << "\">Verdict: "
    << (fail ? "FAIL" : "PASS") << "</span></p>\n<p>" << xml_escape(verdict_sentence(r)) << ".</p>\n";
  h << "<table>\n<tr><th>Proposal</th><td>" << xml_escape(p.id) << " " << xml_escape(p.name) << "</td></tr>\n"
    << "<tr><th>Source</th><td>" << xml_escape(p.source) << "</td></tr>\n"
    << "<tr><th>Households</th><td>" << format_number(p.households()) << " (" << xml_escape(phases_text(p))
    << ")</td></tr>\n"
    << "<tr><th>Rule set</th><td>" << xml_escape(rules.label()) << " — "
    << xml_escape(rules.title) << "</td></tr>\n</table>\n";
  h << "<h2>Checks</h2>\n<table id=\"checks\">\n<tr><th>#</th><th>Check</th><th>检查项</th><th>Result</th>"
       "<th>Finding</th></tr>\n";
  int n = 0;
  for (const Check& c : r.checks)
    h << "<tr class=\"" << to_string(c.outcome) << "\" data-check=\"" << xml_escape(c.id) << "\"><td>" << ++n
      << "</td><td>" << xml_escape(c.title) << "</td><td>" << xml_escape(c.title_zh) << "</td><td class=\""
      << to_string(c.outcome) << "\"><b>" << outcome_label(c.outcome) << "</b></td><td>" << xml_escape(c.finding)
      << "</td></tr>\n";
  h << "</table>\n<h2>Facilities proposed</h2>\n";
  if (p.facilities.empty()) {
    h << "<p>None.</p>\n";
  } else {
    h << "<table>\n<tr><th>id</th><th>name</th><th>floor area (m²)</th><th>site area (m²)</th><th>floor</th>"
         "<th>lift</th><th>own entrance</th><th>phase</th></tr>\n";
    for (const ProposedFacility& f : p.facilities)
      h << "<tr><td>" << siting::detail::join(facility_cells(f, siting::detail::xml_escape), "</td><td>") << "</td></tr>\n";
    h << "</table>\n";
  }
  h << "<h2>Map</h2>\n<p><img id=\"map\" alt=\"map of the proposal\" src=\"" << png_data_uri(png)
    << "\" onload=\"document.getElementById('map-status').textContent='map shown '+this.naturalWidth+'x'+"
       "this.naturalHeight\"></p>\n<p id=\"map-status\">map not shown</p>\n<p>"
    << xml_escape(legend(r, scale_bar_m)) << "</p>\n";
  h << "<p><small>siting " << siting::version() << "</small></p>\n</body>\n</html>\n";
  return h.str();
}

}  // namespace siting::report::detail
