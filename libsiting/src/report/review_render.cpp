// SPDX-License-Identifier: Apache-2.0
#include "report/review_render.hpp"

#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal_alg.h>

#include <cmath>
#include <sstream>

#include "detail/gdal.hpp"
#include "detail/text.hpp"
#include "siting/version.hpp"

namespace siting::report::detail {

using namespace siting::review;

using siting::detail::format_fixed;
using siting::detail::format_number;
using siting::detail::xml_escape;
using ordered_json = nlohmann::ordered_json;

namespace {

struct Rgb {
  double r, g, b;
};

// Burns geometries (in the working CRS) into the three bands of `ds`.
class Canvas {
 public:
  Canvas(const Box& view, int width, int max_height) {
    siting::detail::gdal_init();
    const double vw = view.max_x - view.min_x, vh = view.max_y - view.min_y;
    scale_ = std::max(vw / width, vh / max_height);
    // The limiting side is exactly width or max_height; rounding must not add a pixel.
    w_ = std::min(width, static_cast<int>(std::ceil(vw / scale_ - 1e-6)));
    h_ = std::min(max_height, static_cast<int>(std::ceil(vh / scale_ - 1e-6)));
    GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
    ds_.reset(mem->Create("", w_, h_, 3, GDT_Byte, nullptr));
    double gt[6] = {view.min_x, scale_, 0, view.max_y, 0, -scale_};
    ds_->SetGeoTransform(gt);
    for (int b = 1; b <= 3; ++b) ds_->GetRasterBand(b)->Fill(255);
    min_x_ = view.min_x;
    min_y_ = view.max_y - h_ * scale_;
  }

  double scale() const { return scale_; }
  int width() const { return w_; }
  // Map coordinates of a pixel position measured from the bottom-left corner.
  Point at(double px, double py) const { return {min_x_ + px * scale_, min_y_ + py * scale_}; }

  void burn(std::vector<std::unique_ptr<OGRGeometry>>& geoms, Rgb c, bool all_touched) {
    if (geoms.empty()) return;
    std::vector<OGRGeometryH> handles;
    std::vector<double> values;
    for (auto& g : geoms) {
      handles.push_back(OGRGeometry::ToHandle(g.get()));
      values.insert(values.end(), {c.r, c.g, c.b});
    }
    int bands[3] = {1, 2, 3};
    char** opts = nullptr;
    if (all_touched) opts = CSLSetNameValue(opts, "ALL_TOUCHED", "TRUE");
    GDALRasterizeGeometries(GDALDataset::ToHandle(ds_.get()), 3, bands, static_cast<int>(handles.size()),
                            handles.data(), nullptr, nullptr, values.data(), opts, nullptr, nullptr);
    CSLDestroy(opts);
    geoms.clear();
  }

  std::string png() {
    GDALDriver* png = GetGDALDriverManager()->GetDriverByName("PNG");
    const std::string path = "/vsimem/siting-map-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)) + ".png";
    siting::detail::DatasetPtr out(png->CreateCopy(path.c_str(), ds_.get(), FALSE, nullptr, nullptr, nullptr));
    out.reset();
    vsi_l_offset size = 0;
    GByte* data = VSIGetMemFileBuffer(path.c_str(), &size, FALSE);
    std::string bytes(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
    VSIUnlink(path.c_str());
    return bytes;
  }

 private:
  siting::detail::DatasetPtr ds_;
  double scale_ = 1, min_x_ = 0, min_y_ = 0;
  int w_ = 0, h_ = 0;
};

std::unique_ptr<OGRGeometry> polygon_of(const std::vector<Point>& ring) {
  auto r = std::make_unique<OGRLinearRing>();
  for (const Point& p : ring) r->addPoint(p.x, p.y);
  r->closeRings();
  auto poly = std::make_unique<OGRPolygon>();
  poly->addRingDirectly(r.release());
  return poly;
}

void add_polygons(const MultiPolygon& mp, std::vector<std::unique_ptr<OGRGeometry>>& fill,
                  std::vector<std::unique_ptr<OGRGeometry>>* outline) {
  for (const Polygon& p : mp) {
    fill.push_back(siting::detail::ogr_polygon(p));
    if (outline) {
      outline->push_back(siting::detail::ogr_line(p.outer));
      for (const Ring& h : p.holes) outline->push_back(siting::detail::ogr_line(h));
    }
  }
}

// A thick straight stroke as a thin rectangle (GDAL draws lines 1 pixel wide).
std::unique_ptr<OGRGeometry> stroke(const Point& a, const Point& b, double half_width) {
  const double dx = b.x - a.x, dy = b.y - a.y, n = std::hypot(dx, dy);
  const double nx = -dy / n * half_width, ny = dx / n * half_width;
  return polygon_of({{a.x + nx, a.y + ny}, {b.x + nx, b.y + ny}, {b.x - nx, b.y - ny}, {a.x - nx, a.y - ny}});
}

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

std::string render_map_png(const Proposal& p, const MapInputs& map, const MapStyle& style, double* scale_bar_m) {
  Canvas c(map.view, style.width_px, style.max_height_px);
  const double px = c.scale();
  std::vector<std::unique_ptr<OGRGeometry>> fill, lines;

  add_polygons(map.circle, fill, &lines);
  c.burn(fill, {205, 235, 205}, false);
  c.burn(lines, {90, 160, 90}, true);
  for (const LineString& s : map.streets) lines.push_back(siting::detail::ogr_line(s));
  c.burn(lines, {150, 150, 150}, true);
  add_polygons(p.footprint(), fill, &lines);
  c.burn(fill, {255, 214, 153}, false);
  c.burn(lines, {204, 102, 0}, true);
  for (const Point& q : map.existing) {
    const double h = 4 * px;
    fill.push_back(polygon_of({{q.x - h, q.y - h}, {q.x + h, q.y - h}, {q.x + h, q.y + h}, {q.x - h, q.y + h}}));
  }
  c.burn(fill, {30, 90, 200}, true);
  for (const ProposedFacility& f : p.facilities) {
    std::vector<Point> disc;
    for (int i = 0; i < 24; ++i) {
      const double a = 2 * M_PI * i / 24;
      disc.push_back({f.location.x + 6 * px * std::cos(a), f.location.y + 6 * px * std::sin(a)});
    }
    fill.push_back(polygon_of(disc));
  }
  c.burn(fill, {220, 30, 30}, true);

  // Scale bar: a round length near a fifth of the width, bottom left.
  const double target = c.width() * px / 5;
  double bar = 10;
  for (double m : {10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0, 2000.0, 5000.0, 10000.0})
    if (m <= target) bar = m;
  const Point a = c.at(16, 16), b = {a.x + bar, a.y};
  fill.push_back(stroke(a, b, 1.5 * px));
  fill.push_back(stroke({a.x, a.y - 5 * px}, {a.x, a.y + 5 * px}, 1.5 * px));
  fill.push_back(stroke({b.x, b.y - 5 * px}, {b.x, b.y + 5 * px}, 1.5 * px));
  // North arrow, top right.
  const Point tip = c.at(c.width() - 22, (map.view.max_y - map.view.min_y) / px - 12);
  fill.push_back(polygon_of({tip, {tip.x + 7 * px, tip.y - 22 * px}, {tip.x, tip.y - 16 * px}, {tip.x - 7 * px, tip.y - 22 * px}}));
  c.burn(fill, {0, 0, 0}, true);
  if (scale_bar_m) *scale_bar_m = bar;
  return c.png();
}

ordered_json review_json(const Proposal& p, const Review& r, const rules::RuleSet& rules, const crs::Crs& working) {
  crs::Transform to_wgs84(working, crs::Crs::Epsg(4326));
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
  char* b64 = CPLBase64Encode(static_cast<int>(png.size()), reinterpret_cast<const GByte*>(png.data()));
  const std::string data = b64 ? b64 : "";
  CPLFree(b64);
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
  h << "<h2>Map</h2>\n<p><img id=\"map\" alt=\"map of the proposal\" src=\"data:image/png;base64," << data
    << "\" onload=\"document.getElementById('map-status').textContent='map shown '+this.naturalWidth+'x'+"
       "this.naturalHeight\"></p>\n<p id=\"map-status\">map not shown</p>\n<p>"
    << xml_escape(legend(r, scale_bar_m)) << "</p>\n";
  h << "<p><small>siting " << siting::version() << "</small></p>\n</body>\n</html>\n";
  return h.str();
}

}  // namespace siting::report::detail
