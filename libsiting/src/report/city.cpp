// SPDX-License-Identifier: Apache-2.0
#include "report/city.hpp"

#include <algorithm>
#include <set>

#include "detail/geos.hpp"
#include "detail/text.hpp"
#include "report/common.hpp"
#include "report/html.hpp"
#include "report/map_render.hpp"
#include "report/site_render.hpp"
#include "report/styles.hpp"
#include "siting/error.hpp"
#include "siting/io/output_dir.hpp"
#include "siting/io/pdf.hpp"
#include "siting/log.hpp"
#include "siting/report/access.hpp"
#include "siting/version.hpp"

namespace siting::report::detail {

namespace {

using provision::Verdict;

const Rgb kPass{0.40, 0.74, 0.39}, kFail{0.84, 0.19, 0.15}, kFacility{0.13, 0.40, 0.67};

// The level whose zones are labelled and charted: the finest with at most
// `most` zones (the street level in a city), else the coarsest.
std::string chart_level(const jobs::Inputs& in, std::size_t most) {
  std::string pick = in.zone_levels.empty() ? "" : in.zone_levels.front();
  for (const std::string& level : in.zone_levels) {
    const auto n = static_cast<std::size_t>(
        std::count_if(in.zones.begin(), in.zones.end(), [&](const Zone& z) { return z.level == level; }));
    if (n <= most) pick = level;
  }
  return pick;
}

Rgb rgb(const Colour& c) { return {c.r / 255.0, c.g / 255.0, c.b / 255.0}; }

// What every map of the run shows: zone outlines (coarser levels bolder), the
// streets, the facilities, and labels for the zones of `label_level` and the facilities.
Map base_map(const Run& run, const std::string& label_level) {
  const jobs::Inputs& in = run.inputs;
  Map m;
  for (std::size_t li = 0; li < in.zone_levels.size(); ++li) {
    PolygonLayer l;
    l.fill_alpha = 0;
    l.stroke = {0.25, 0.25, 0.25};
    l.stroke_px = li == 0 ? 2.2 : li == 1 ? 1.4 : 0.8;
    l.dashed = li >= 2;
    for (const Zone& z : in.zones)
      if (z.level == in.zone_levels[li]) l.shapes.push_back(&z.geometry);
    l.legend = in.zone_levels[li] + " boundary";
    m.polygons.push_back(l);
  }
  if (run.graph)
    for (network::EdgeId e = 0; e < run.graph->edge_count(); ++e)
      m.streets.push_back({run.graph->point(run.graph->edge(e).u), run.graph->point(run.graph->edge(e).v)});
  PointLayer f;
  f.color = kFacility;
  f.legend = "elderly-care facility 养老设施";
  for (const Facility& x : in.facilities) f.points.push_back(x.location);
  m.points.push_back(f);
  siting::detail::GeosContext geos;
  for (const Zone& z : in.zones)
    if (z.level == label_level && !z.geometry.empty())
      m.labels.push_back(
          {siting::detail::point_on_surface(geos, z.geometry), z.name.empty() ? z.id : z.name, 21, true});
  // Facility labels sit just above their symbol.
  Box box = Box::Empty();
  for (const Zone& z : in.zones) box.extend(bounds(z.geometry));
  for (const Facility& x : in.facilities) box.extend(x.location);
  const double lift = box.max_x > box.min_x ? 0.012 * std::max(box.max_x - box.min_x, box.max_y - box.min_y) : 0.0;
  for (const Facility& x : in.facilities)
    m.labels.push_back({{x.location.x, x.location.y + lift}, x.name.empty() ? x.id : x.name, 14, false});
  m.attribution = data_attribution(in);
  return m;
}

const io::Table* kept(const Output& out, const std::string& name) {
  for (const io::Table& t : out.kept)
    if (t.name == name) return &t;
  return nullptr;
}

std::size_t column(const io::Table& t, const std::string& name) {
  for (std::size_t c = 0; c < t.columns.size(); ++c)
    if (t.columns[c].name == name) return c;
  throw Error(ErrorCode::Internal, "report: table " + t.name + " has no column " + name);
}

std::string pct1(double part, double whole) { return whole > 0 ? format_fixed(100.0 * part / whole, 1) + " %" : "n/a"; }

Figure tally_figure(const std::string& label, const provision::Tally& t) {
  return {label, std::to_string(t.pass) + " / " + std::to_string(t.total),
          pct1(static_cast<double>(t.pass), static_cast<double>(t.total)) + ", shortfall " +
              format_fixed(t.shortfall_m2, 2) + " m²",
          t.total == 0        ? ""
          : t.pass == t.total ? "met"
                              : "not_met"};
}

// The cover: title (the top zone's name first), rules, counts, CRS, sources.
Document cover(const Run& run, const std::string& title, std::size_t street_edges) {
  const jobs::Inputs& in = run.inputs;
  Document doc;
  const Zone* top = nullptr;
  for (const Zone& z : in.zones)
    if (!in.zone_levels.empty() && z.level == in.zone_levels.front()) {
      top = &z;
      break;
    }
  const std::string area = top ? (top->name.empty() ? top->id : top->name) : "";
  doc.title = (area.empty() ? "" : area + " ") + title;
  doc.facts.push_back("Rule set 规则: " + run.rules.label() + (run.rules.title.empty() ? "" : " — " + run.rules.title));
  doc.facts.push_back(std::to_string(in.estates.size()) + " parcels 住宅区, " + std::to_string(in.facilities.size()) +
                      " facilities 设施, " + std::to_string(in.zones.size()) + " zones 区域" +
                      (street_edges ? ", walking network 步行路网 " + std::to_string(street_edges) + " edges" : ""));
  doc.facts.push_back("Working CRS 坐标系: " + in.working.crs.label());
  doc.facts.push_back(data_attribution(in));
  return doc;
}

// report.html, and report.pdf when the run names a browser.
void finish(Output& out, const Run& run, Document& doc) {
  doc.footer = "siting " + std::string(siting::version()) + " · " + data_attribution(run.inputs) +
               ". Every figure in this report is in the CSV and JSON files beside it.";
  out.text(render_report_html(doc), "report.html");
  if (!run.chromium.empty()) {
    io::print_pdf(run.chromium, out.dir.stage("report.html"), out.dir.stage("report.pdf"));
    out.files.push_back("report.pdf");
  }
}

// The circle's maps (tiers, gaps) and its rates by zone: check --roads and coverage.
void coverage_sections(Document& doc, const Output& out, const Run& run, const coverage::CoverageResult& coverage,
                       const std::string& level) {
  const jobs::Inputs& in = run.inputs;
  // Coverage tiers.
  Map m = base_map(run, level);
  const auto& minutes = coverage.options.minutes;
  std::vector<PolygonLayer> tiers(minutes.size() + 1);
  for (std::size_t i = 0; i < minutes.size(); ++i) {
    tiers[i].fill = rgb(kTierGreens[tier_shade(i, minutes.size())]);
    tiers[i].legend = "within " + format_number(minutes[i]) + " min " + format_number(minutes[i]) + "分钟内";
  }
  tiers.back().fill = {0.86, 0.86, 0.86};
  tiers.back().legend = "beyond " + format_number(minutes.back()) + " min 圈外";
  for (std::size_t p = 0; p < in.estates.size(); ++p) {
    const int tier = coverage.coverage.parcels[p].tier;
    tiers[tier < 0 ? minutes.size() : static_cast<std::size_t>(tier)].shapes.push_back(&in.estates[p].geometry);
  }
  m.polygons.insert(m.polygons.begin(), tiers.begin(), tiers.end());
  m.title = "步行可达圈层 · Coverage tiers: the shortest walk from each parcel to a facility";
  Section s{
      "map-coverage", "步行服务圈 · Coverage tiers", "", render_map_png(m), "map of the coverage tiers", {}, {}, ""};
  s.intro = "Each parcel by the shortest tier within which some facility is reached on foot at " +
            format_number(coverage.options.speed_m_per_s) + " m/s (parcels.csv: tier_min).";
  doc.sections.push_back(s);

  // Gaps.
  Map g = base_map(run, level);
  PolygonLayer circle;
  circle.fill = {0.26, 0.57, 0.78};
  circle.fill_alpha = 0.25;
  circle.stroke = {0.13, 0.40, 0.67};
  circle.stroke_px = 0.8;
  circle.legend = format_number(minutes.back()) + "-minute circle 服务圈";
  if (!coverage.coverage.dissolved.empty()) circle.shapes.push_back(&coverage.coverage.dissolved.back());
  PolygonLayer parcels;
  parcels.fill = {0.93, 0.93, 0.93};
  parcels.legend = "parcel 地块";
  for (const Estate& e : in.estates) parcels.shapes.push_back(&e.geometry);
  PolygonLayer gaps;
  gaps.fill = kFail;
  gaps.fill_alpha = 0.75;
  gaps.stroke_px = 0;
  gaps.legend = "gap 服务盲区";
  for (std::size_t p : coverage.gaps) gaps.shapes.push_back(&coverage.coverage.parcels[p].gap);
  g.polygons.insert(g.polygons.begin(), {parcels, circle, gaps});
  g.title = "服务盲区 · Gaps: the parts of parcels outside the " + format_number(minutes.back()) + "-minute circle";
  Section gs{"map-gaps", "服务盲区 · Gaps", "", render_map_png(g), "map of the gaps", {}, {}, ""};
  gs.intro = format_number(std::round(coverage.households_left_out_total)) +
             " households live in the gaps (pro rata by area; gaps.geojson).";
  doc.sections.push_back(gs);

  // Coverage by zone.
  if (const io::Table* zc = kept(out, "zones_coverage")) {
    const std::string share_col = "households_share_" + format_number(minutes.back()) + "min";
    const std::size_t lv = column(*zc, "level"), nm = column(*zc, "name"), sh = column(*zc, share_col);
    BarChart chart;
    chart.title = "各" + level + format_number(minutes.back()) + "分钟服务圈覆盖率 · Households within " +
                  format_number(minutes.back()) + " min, by " + level;
    chart.x_title = "households within " + format_number(minutes.back()) + " minutes (%)";
    chart.has_target = true;
    chart.target = 100 * coverage.target_share;
    for (const auto& row : zc->rows)
      if (std::get<std::string>(row[lv]) == level) {
        const auto* v = std::get_if<double>(&row[sh]);
        chart.labels.push_back(std::get<std::string>(row[nm]));
        chart.values.push_back(v ? 100 * siting::detail::round_to(*v, 4) : 0.0);
      }
    Section cs{"chart-zones",
               "分区覆盖率 · Coverage by zone",
               "",
               render_bar_chart_png(chart),
               "bar chart of coverage by zone",
               {},
               {},
               ""};
    cs.tables.push_back({zc,
                         {"name", "level", "households", "households_covered_" + format_number(minutes.back()) + "min",
                          share_col, "target_met"},
                         {},
                         40,
                         ""});
    doc.sections.push_back(cs);
  }
}

}  // namespace

void write_check_report(Output& out, const Run& run, const provision::ProvisionResult& pr,
                        const coverage::CoverageResult* coverage, const indicators::IndicatorTable& indicators) {
  const jobs::Inputs& in = run.inputs;
  const rules::RuleSet& rules = run.rules;
  Document doc =
      cover(run, "养老服务设施配建评估报告 · Elderly-care provision report", coverage ? coverage->network.edges : 0);
  if (!indicators.plan.name.empty())
    doc.facts.insert(doc.facts.begin() + 1, "Plan 规划: " + indicators.plan.label() +
                                                (indicators.plan.title.empty() ? "" : " — " + indicators.plan.title));

  // Summary.
  Section summary{"summary", "概况 · Summary", "", "", "", {}, {}, ""};
  summary.figures.push_back(tally_figure("新建住宅区配建达标 · new estates meeting " +
                                             format_number(rules.new_estate.floor_m2_per_100_households) +
                                             " m² per 100 households",
                                         pr.new_estates));
  summary.figures.push_back(tally_figure("既有住宅区配建达标 · old estates meeting " +
                                             format_number(rules.old_estate.floor_m2_per_100_households) +
                                             " m² per 100 households",
                                         pr.old_estates));
  for (const auto& [level, t] : pr.zone_levels) {
    Figure f = tally_figure(level + "养老用地达标 · " + level + " zones meeting " +
                                format_number(rules.zone.land_m2_per_resident) + " m² of land per resident",
                            t);
    f.note = pct1(static_cast<double>(t.pass), static_cast<double>(t.total)) + ", land shortfall " +
             format_fixed(t.shortfall_m2, 2) + " m²";
    summary.figures.push_back(f);
  }
  if (coverage) {
    const coverage::Rates& o = coverage->overall;
    const std::string minutes = format_number(coverage->options.minutes.back());
    summary.figures.push_back(
        {minutes + "分钟服务圈覆盖户数 · households within " + minutes + " min",
         format_number(std::round(o.households_covered.back())) + " / " + format_number(std::round(o.households)),
         pct1(o.households_covered.back(), o.households) + " (target " + format_number(100 * coverage->target_share) +
             " %)",
         !coverage->target_met   ? ""
         : *coverage->target_met ? "met"
                                 : "not_met"});
    summary.figures.push_back({"服务圈外户数 · households left out",
                               format_number(std::round(coverage->households_left_out_total)),
                               std::to_string(coverage->gaps.size()) + " parcels with a gap", ""});
  }
  summary.figures.push_back({"设施 · facilities", std::to_string(in.facilities.size()),
                             std::to_string(pr.facilities_unassigned) + " counted for no estate", ""});
  summary.after = "Figures as in summary.json; every estate, zone and facility in the CSV files beside this report.";
  doc.sections.push_back(summary);

  // The plan's indicator table, study-area rows.
  if (const io::Table* t = kept(out, "indicators")) {
    const std::size_t scope = column(*t, "scope");
    Section s{"indicators", "规划指标 · The plan's indicators", "", "", "", {}, {}, ""};
    s.intro = indicators.plan.name.empty() ? "No plan given (--plan): values without targets."
                                           : "Targets from " + indicators.plan.label() + ". Per zone: indicators.csv.";
    s.tables.push_back({t,
                        {"name_zh", "measure", "value", "unit", "target", "comparison", "status", "note"},
                        [t, scope](std::size_t r) { return std::get<std::string>(t->rows[r][scope]) == "study_area"; },
                        60,
                        "status"});
    doc.sections.push_back(s);
  }

  const std::string level = chart_level(in, 30);
  if (coverage) coverage_sections(doc, out, run, *coverage, level);

  // Provision: estates and zones by verdict.
  {
    Map m = base_map(run, level);
    PolygonLayer pass, fail;
    pass.fill = kPass;
    pass.legend = "estate meets the floor-area rule 达标";
    fail.fill = kFail;
    fail.legend = "estate falls short 不达标";
    for (std::size_t e = 0; e < in.estates.size(); ++e)
      (pr.estates[e].verdict == Verdict::Pass ? pass : fail).shapes.push_back(&in.estates[e].geometry);
    m.polygons.insert(m.polygons.begin(), {pass, fail});
    m.title = "住宅区配建 · Estates by the floor-area rule";
    Section s{"map-provision",
              "住宅区配建 · Estates by the floor-area rule",
              "",
              render_map_png(m),
              "map of the estates by verdict",
              {},
              {},
              ""};
    s.intro = "New estates need " + format_number(rules.new_estate.floor_m2_per_100_households) +
              " m² of elderly-care floor area per 100 households, old ones " +
              format_number(rules.old_estate.floor_m2_per_100_households) + " m² (estates.csv).";
    doc.sections.push_back(s);
  }
  if (const io::Table* es = kept(out, "estates")) {
    {
      Section s{"estates", "配建不达标的住宅区 · Estates that fall short", "", "", "", {}, {}, ""};
      const std::size_t v = column(*es, "verdict");
      s.tables.push_back({es,
                          {"id", "name", "kind", "households", "required_m2", "provided_m2", "shortfall_m2", "reasons"},
                          [es, v](std::size_t r) { return std::get<std::string>(es->rows[r][v]) == "fail"; },
                          25,
                          "verdict"});
      s.after = "In the order of estates.csv, which holds every estate.";
      doc.sections.push_back(s);
    }
  }
  if (const io::Table* zt = kept(out, "zones")) {
    Section s{"zones", "分区用地 · Zones", "", "", "", {}, {}, ""};
    s.intro =
        "Elderly-care land per resident against " + format_number(rules.zone.land_m2_per_resident) + " m² (zones.csv).";
    s.tables.push_back({zt,
                        {"id", "name", "level", "population", "required_land_m2", "provided_land_m2",
                         "shortfall_land_m2", "land_m2_per_resident", "verdict"},
                        {},
                        40,
                        "verdict"});
    doc.sections.push_back(s);
  }
  finish(out, run, doc);
}

void write_coverage_report(Output& out, const Run& run, const coverage::CoverageResult& coverage) {
  Document doc = cover(run, "15分钟养老服务圈评估报告 · The 15-minute service circle", coverage.network.edges);
  const coverage::Rates& o = coverage.overall;
  Section summary{"summary", "概况 · Summary", "", "", "", {}, {}, ""};
  for (std::size_t i = 0; i < coverage.options.minutes.size(); ++i) {
    const std::string m = format_number(coverage.options.minutes[i]);
    const bool last = i + 1 == coverage.options.minutes.size();
    summary.figures.push_back(
        {m + "分钟内户数 · households within " + m + " min",
         format_number(std::round(o.households_covered[i])) + " / " + format_number(std::round(o.households)),
         pct1(o.households_covered[i], o.households) +
             (last ? " (target " + format_number(100 * coverage.target_share) + " %)" : ""),
         !last || !coverage.target_met ? ""
         : *coverage.target_met        ? "met"
                                       : "not_met"});
  }
  summary.figures.push_back({"服务圈外户数 · households left out",
                             format_number(std::round(coverage.households_left_out_total)),
                             std::to_string(coverage.gaps.size()) + " parcels with a gap", ""});
  summary.figures.push_back({"设施 · facilities", std::to_string(run.inputs.facilities.size()),
                             std::to_string(coverage.facilities_off_network) + " off the network, " +
                                 std::to_string(coverage.facilities_on_islands) + " on islands",
                             ""});
  summary.after = "Figures as in summary.json; every parcel in parcels.csv.";
  doc.sections.push_back(summary);
  coverage_sections(doc, out, run, coverage, chart_level(run.inputs, 30));
  finish(out, run, doc);
}

std::string site_map_png(const SiteReport& r) {
  const Run& run = *r.run;
  Map m = base_map(run, chart_level(run.inputs, 30));
  PolygonLayer covered, uncovered, gaps;
  covered.fill = {0.72, 0.88, 0.68};
  covered.legend = "covered after 覆盖";
  uncovered.fill = {0.92, 0.92, 0.92};
  uncovered.legend = "not covered 未覆盖";
  gaps.fill = kFail;
  gaps.fill_alpha = 0.75;
  gaps.stroke_px = 0;
  gaps.legend = "gap after 选址后盲区";
  const auto& estates = run.inputs.estates;
  for (std::size_t p = 0; p < estates.size(); ++p)
    (r.after->coverage.parcels[p].facility != network::kNone ? covered : uncovered)
        .shapes.push_back(&estates[p].geometry);
  for (std::size_t p : r.after->gaps) gaps.shapes.push_back(&r.after->coverage.parcels[p].gap);
  m.polygons.insert(m.polygons.begin(), {covered, uncovered, gaps});
  PointLayer sites;
  sites.symbol = Symbol::Disc;
  sites.color = {0.85, 0.1, 0.1};
  sites.size_px = 24;
  sites.numbered = true;
  sites.legend = "new site, by rank 新增设施(序号)";
  for (const location::ChosenSite& c : r.result.chosen) sites.points.push_back(r.site_points[c.site]);
  m.points.push_back(sites);
  m.title = "新增设施选址 · The new sites, and the gaps left after them";
  return render_map_png(m);
}

void write_site_report(Output& out, const SiteReport& r, const std::string& findings, const std::string& tradeoff_png) {
  const Run& run = *r.run;
  Document doc = cover(run, "养老设施选址报告 · Where the next facilities go", r.graph ? r.graph->edge_count() : 0);
  doc.facts.insert(doc.facts.begin() + 1, "Model 模型: " + location::to_string(r.result.model) + ", " +
                                              std::to_string(r.problem.candidate_count()) + " candidates (" +
                                              r.candidates_source + "), budget " + r.budget_text);
  Section summary{"summary", "概况 · Summary", "", "", "", {}, {}, ""};
  const double total = r.result.total_weight;
  summary.figures.push_back(
      {"新增设施 · new sites", std::to_string(r.result.chosen.size()), "in rank order: sites.csv", ""});
  summary.figures.push_back({"选址前 · " + r.weight_name + " within " + r.budget_text + ", before",
                             format_number(std::round(r.weight_before)) + " / " + format_number(std::round(total)),
                             pct1(r.weight_before, total), ""});
  summary.figures.push_back({"选址后 · " + r.weight_name + " within " + r.budget_text + ", after",
                             format_number(std::round(r.weight_after)) + " / " + format_number(std::round(total)),
                             pct1(r.weight_after, total), ""});
  summary.intro = "The answer and the bound that proves how close it is to the best possible:";
  for (std::size_t at = 0, nl; at < findings.size(); at = nl + 1) {
    nl = findings.find('\n', at);
    if (nl == std::string::npos) nl = findings.size();
    const std::string line = siting::detail::trim(findings.substr(at, nl - at));
    if (!line.empty()) summary.after += (summary.after.empty() ? "" : " · ") + line;
  }
  doc.sections.push_back(summary);
  if (r.after && r.inputs_after)
    doc.sections.push_back({"map-sites", "选址方案 · The new sites", "", site_map_png(r), "map of the new sites", {}, {}, ""});
  Section chart{"chart-tradeoff",
                "增设数量与覆盖 · How many sites, how much coverage",
                "",
                tradeoff_png,
                "the trade-off curve",
                {},
                {},
                ""};
  chart.intro = "Each point: the first n sites of the greedy order; the red point: the answer (tradeoff.csv).";
  if (const io::Table* t = kept(out, "tradeoff"))
    chart.tables.push_back({t, {"new_sites", "solution", "objective", "covered_share"}, {}, 30, ""});
  doc.sections.push_back(chart);
  Section tables{"sites", "新增设施 · The sites", "", "", "", {}, {}, ""};
  if (const io::Table* t = kept(out, "sites")) {
    std::vector<std::string> cols;
    for (const io::Column& c : t->columns)
      if (c.name != "lon" && c.name != "lat" && c.name != "x" && c.name != "y") cols.push_back(c.name);
    tables.tables.push_back({t, cols, {}, 40, ""});
  }
  if (const io::Table* t = kept(out, "coverage_before_after"))
    tables.tables.push_back({t,
                             {"scope", "level", "zone_name", "households", "covered_before", "covered_after",
                              "share_before", "share_after"},
                             {},
                             40,
                             ""});
  doc.sections.push_back(tables);
  finish(out, run, doc);
}

void write_access_report(Output& out, const AccessReport& r) {
  const Run& run = r.run;
  Document doc = cover(run, "养老服务可达性报告 · Access to elderly-care supply (2SFCA)", 0);
  Section summary{"summary", "概况 · Summary", "", "", "", {}, {}, ""};
  const access::AccessResult& a = r.result;
  summary.figures.push_back({"平均可达量 · mean access (" + r.supply_name + " per 1,000 " + r.demand_name + ")",
                             format_number(siting::detail::round_to(a.mean_access * kPerDemand, 4)), "demand-weighted",
                             ""});
  summary.figures.push_back(
      {"无可达设施的地块 · parcels with no facility in reach", std::to_string(a.parcels_without_access),
       a.share_without_access ? format_fixed(100 * *a.share_without_access, 1) + " % of " + r.demand_name : "",
       a.parcels_without_access ? "not_met" : "met"});
  summary.figures.push_back(
      {"无需求的设施 · facilities with no demand in reach", std::to_string(a.facilities_without_demand), "", ""});
  summary.intro = "Catchment " + format_number(r.minutes) + " min on foot at " + format_number(r.speed_m_per_s) +
                  " m/s; each facility's supply shared among everyone who can reach it.";
  doc.sections.push_back(summary);
  Map m = base_map(run, chart_level(run.inputs, 30));
  std::vector<PolygonLayer> classes(5);
  for (std::size_t i = 0; i < 5; ++i) {
    classes[i].fill = rgb(kAccessClasses[i].colour);
    classes[i].legend = kAccessClasses[i].label;
  }
  for (std::size_t p = 0; p < run.inputs.estates.size(); ++p)
    classes[access_class(a.parcels[p].access, a.parcels[p].ratio_to_mean.value_or(0.0))].shapes.push_back(
        &run.inputs.estates[p].geometry);
  m.polygons.insert(m.polygons.begin(), classes.begin(), classes.end());
  m.title = "可达性 · Access against the mean (access.csv: access_ratio_to_mean)";
  doc.sections.push_back(
      {"map-access", "可达性 · Access by parcel", "", render_map_png(m), "map of access", {}, {}, ""});
  if (const io::Table* t = kept(out, "facilities_access")) {
    Section s{"facilities", "设施服务负荷 · Facilities and their demand", "", "", "", {}, {}, ""};
    std::vector<std::string> cols;
    for (const io::Column& c : t->columns)
      if (c.name != "lon" && c.name != "lat") cols.push_back(c.name);
    s.tables.push_back({t, cols, {}, 40, ""});
    doc.sections.push_back(s);
  }
  finish(out, run, doc);
}

}  // namespace siting::report::detail
