// SPDX-License-Identifier: Apache-2.0
#include "siting/jobs/coverage.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>

#include "detail/text.hpp"
#include "jobs/coverage_report.hpp"
#include "siting/log.hpp"
#include "siting/provision/assign.hpp"
#include "siting/version.hpp"

namespace siting::jobs {

using io::ColumnType;
using network::kNone;
using siting::detail::format_fixed;
using siting::detail::format_number;

namespace detail {

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::string minutes_label(double m) { return format_number(m) + "min"; }

double residents_of(const Estate& e, const rules::RuleSet& rules) {
  return e.population ? *e.population : e.households * rules.zone.persons_per_household;
}

}  // namespace

coverage::CoverageOptions coverage_options(const rules::RuleSet& rules, const CoverageSettings& settings) {
  coverage::CoverageOptions opt = settings.analysis;
  opt.minutes = settings.minutes ? *settings.minutes : rules.coverage.minutes;
  opt.speed_m_per_s = settings.speed_m_per_s ? *settings.speed_m_per_s : rules.coverage.walk_speed_m_per_s;
  opt.validate();
  return opt;
}

WalkNetwork build_walk_network(Inputs& in, const CoverageSettings& settings) {
  WalkNetwork net;
  net.roads = in.roads->stats;
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<LineString> lines = std::move(in.roads->lines);
  net.graph = std::make_unique<network::WalkGraph>(network::WalkGraph::Build(lines, settings.build, &net.build));
  std::vector<LineString>().swap(lines);  // the graph holds them now; free their memory before the analysis
  const network::WalkGraph& g = *net.graph;
  log::info("walking graph: ", g.vertex_count(), " vertices, ", g.edge_count(), " edges, ", g.component_count(),
            " components (largest ", g.component_count() ? g.component_size(0) : 0, " vertices); removed ",
            net.build.duplicates, " duplicate and ", net.build.zero_length, " zero-length segments (",
            format_fixed(seconds_since(t0), 2), " s)");
  net.index = std::make_unique<network::SegmentIndex>(g);
  return net;
}

CoverageRun run_network_coverage(Inputs& in, const rules::RuleSet& rules, const CoverageSettings& settings) {
  if (!in.roads) throw Error(ErrorCode::Usage, "the coverage analysis needs --roads");
  CoverageRun run;
  coverage::CoverageOptions opt = coverage_options(rules, settings);
  run.minutes = opt.minutes;
  run.speed_m_per_s = opt.speed_m_per_s;
  static_cast<WalkNetwork&>(run) = build_walk_network(in, settings);
  opt.keep_vertex_times = settings.network_times;
  const auto t0 = std::chrono::steady_clock::now();
  run.result = coverage::analyse_coverage(*run.graph, *run.index, in.estates, in.facilities, opt);
  log::info("coverage: ", run.result.vertices_reached, " vertices within ", format_number(run.minutes.back()),
            " min at ", format_number(run.speed_m_per_s), " m/s (", format_fixed(seconds_since(t0), 2), " s)");
  return run;
}

void write_coverage(Writer& w, const Inputs& in, const std::vector<std::vector<std::size_t>>& parcel_zones,
                    const CoverageRun& run, const rules::RuleSet& rules, const CoverageSettings& settings,
                    ordered_json& summary, std::ostringstream& text) {
  const coverage::Coverage& c = run.result;
  const std::size_t tiers = run.minutes.size();
  auto facility_id = [&](std::uint32_t f) -> io::Value {
    if (f == kNone) return {};
    return in.facilities[f].id;
  };
  auto time_value = [](double t) -> io::Value {
    if (t == network::kUnreached) return {};
    return t;
  };

  // Coverage rates: overall and per zone, per tier.
  struct Rates {
    double households = 0, residents = 0, area = 0;
    std::vector<double> hh, res, ar;
    explicit Rates(std::size_t n) : hh(n, 0.0), res(n, 0.0), ar(n, 0.0) {}
    void add(const Estate& e, const coverage::ParcelCoverage& pc, double residents_here) {
      households += e.households;
      residents += residents_here;
      area += e.area_m2;
      for (std::size_t i = 0; i < hh.size(); ++i) {
        if (pc.tier >= 0 && static_cast<std::size_t>(pc.tier) <= i) {
          hh[i] += e.households;
          res[i] += residents_here;
        }
        ar[i] += pc.covered_m2[i];
      }
    }
  };
  Rates overall(tiers);
  std::vector<Rates> per_zone(in.zones.size(), Rates(tiers));
  std::size_t parcels_off = 0, parcels_island = 0;
  for (std::size_t p = 0; p < in.estates.size(); ++p) {
    const double r = residents_of(in.estates[p], rules);
    overall.add(in.estates[p], c.parcels[p], r);
    for (std::size_t z : parcel_zones[p]) per_zone[z].add(in.estates[p], c.parcels[p], r);
    parcels_off += c.parcels[p].access == network::AccessKind::None;
    parcels_island += c.parcels[p].island;
  }

  // The uncovered part of each parcel, and its households pro rata by area.
  std::vector<std::size_t> with_gap;
  std::vector<double> left_out(in.estates.size(), 0.0), gap_area(in.estates.size(), 0.0);
  double households_left_out = 0;
  for (std::size_t p = 0; p < in.estates.size(); ++p) {
    gap_area[p] = area(c.parcels[p].gap);
    // Slivers below the reported precision are rounding, not gaps.
    if (gap_area[p] < 0.005 || in.estates[p].area_m2 <= 0) continue;
    left_out[p] = in.estates[p].households * gap_area[p] / in.estates[p].area_m2;
    households_left_out += left_out[p];
    with_gap.push_back(p);
  }

  // parcels
  if (!in.estates.empty()) {
    io::Table t;
    t.name = "parcels";
    t.add_column("id", ColumnType::String);
    t.add_column("name", ColumnType::String);
    t.add_column("households", ColumnType::Integer);
    t.add_column("residents", ColumnType::Real, 0);
    t.add_column("area_m2", ColumnType::Real);
    t.add_column("access", ColumnType::String);
    t.add_column("connector_m", ColumnType::Real);
    t.add_column("time_s", ColumnType::Real, 1);
    t.add_column("time_min", ColumnType::Real, 1);
    t.add_column("facility_id", ColumnType::String);
    t.add_column("tier_min", ColumnType::Real, -1);
    t.add_column("covered", ColumnType::Boolean);
    t.add_column("covered_share", ColumnType::Real, 4);
    for (double m : run.minutes) t.add_column("covered_share_" + minutes_label(m), ColumnType::Real, 4);
    t.add_column("network_component", ColumnType::Integer);
    t.add_column("on_island", ColumnType::Boolean);
    add_zone_columns(t, in.zone_levels);
    for (std::size_t p = 0; p < in.estates.size(); ++p) {
      const Estate& e = in.estates[p];
      const coverage::ParcelCoverage& pc = c.parcels[p];
      const double share = e.area_m2 > 0 ? pc.covered_m2[tiers - 1] / e.area_m2 : 0.0;
      std::vector<io::Value> row{e.id,
                                 e.name,
                                 static_cast<std::int64_t>(e.households),
                                 residents_of(e, rules),
                                 e.area_m2,
                                 std::string(network::to_string(pc.access)),
                                 pc.access == network::AccessKind::None ? io::Value() : io::Value(pc.connector_m),
                                 time_value(pc.time_s),
                                 pc.time_s == network::kUnreached ? io::Value() : io::Value(pc.time_s / 60.0),
                                 facility_id(pc.facility),
                                 pc.tier >= 0 ? io::Value(run.minutes[static_cast<std::size_t>(pc.tier)]) : io::Value(),
                                 pc.facility != kNone,
                                 share};
      for (std::size_t i = 0; i < tiers; ++i) row.emplace_back(e.area_m2 > 0 ? pc.covered_m2[i] / e.area_m2 : 0.0);
      row.emplace_back(pc.component == kNone ? io::Value() : io::Value(static_cast<std::int64_t>(pc.component)));
      row.emplace_back(pc.island);
      add_zone_cells(row, in, parcel_zones[p]);
      t.rows.push_back(std::move(row));
      t.geometries.emplace_back(e.geometry);
    }
    w.table(t);

    // gaps: the uncovered part of each parcel, most households left out first
    io::Table gaps;
    gaps.name = "gaps";
    gaps.add_column("parcel_id", ColumnType::String);
    gaps.add_column("parcel_name", ColumnType::String);
    gaps.add_column("households", ColumnType::Integer);
    gaps.add_column("households_left_out", ColumnType::Real, 1);
    gaps.add_column("residents_left_out", ColumnType::Real, 1);
    gaps.add_column("gap_area_m2", ColumnType::Real);
    gaps.add_column("gap_share", ColumnType::Real, 4);
    gaps.add_column("time_s", ColumnType::Real, 1);
    gaps.add_column("facility_id", ColumnType::String);
    add_zone_columns(gaps, in.zone_levels);
    std::vector<std::size_t> order = with_gap;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      if (left_out[a] != left_out[b]) return left_out[a] > left_out[b];
      return in.estates[a].id < in.estates[b].id;
    });
    // The nearest facility and its time, for parcels within the circle.
    for (std::size_t p : order) {
      const Estate& e = in.estates[p];
      const double share = gap_area[p] / e.area_m2;
      std::vector<io::Value> row{e.id,
                                 e.name,
                                 static_cast<std::int64_t>(e.households),
                                 left_out[p],
                                 residents_of(e, rules) * share,
                                 gap_area[p],
                                 share,
                                 time_value(c.parcels[p].time_s),
                                 facility_id(c.parcels[p].facility)};
      add_zone_cells(row, in, parcel_zones[p]);
      gaps.rows.push_back(std::move(row));
      gaps.geometries.emplace_back(c.parcels[p].gap);
    }
    w.table(gaps, false, true);
  }

  // service areas: dissolved per tier, then one per facility at the circle
  io::Table areas;
  areas.name = "service_areas";
  areas.add_column("kind", ColumnType::String);
  areas.add_column("minutes", ColumnType::Real, -1);
  areas.add_column("facility_id", ColumnType::String);
  areas.add_column("facility_name", ColumnType::String);
  areas.add_column("area_m2", ColumnType::Real);
  areas.add_column("households_served", ColumnType::Integer);
  for (std::size_t i = 0; i < tiers; ++i) {
    if (c.dissolved[i].empty()) continue;
    areas.rows.push_back({std::string("dissolved"), run.minutes[i], io::Value(), io::Value(), c.dissolved_m2[i],
                          static_cast<std::int64_t>(overall.hh[i])});
    areas.geometries.emplace_back(c.dissolved[i]);
  }
  for (std::size_t f = 0; f < in.facilities.size(); ++f) {
    const coverage::FacilityCoverage& fc = c.facilities[f];
    if (fc.area.empty()) continue;
    areas.rows.push_back({std::string("facility"), run.minutes.back(), in.facilities[f].id, in.facilities[f].name,
                          fc.area_m2, static_cast<std::int64_t>(fc.households_served)});
    areas.geometries.emplace_back(fc.area);
  }
  w.table(areas, false, true);

  // facilities
  crs::Transform to_wgs84(in.working.crs, crs::Crs::Epsg(4326));
  io::Table fac;
  fac.name = "facilities_coverage";
  for (const char* col : {"id", "name", "category"}) fac.add_column(col, ColumnType::String);
  fac.add_column("on_network", ColumnType::Boolean);
  fac.add_column("connector_m", ColumnType::Real);
  fac.add_column("network_component", ColumnType::Integer);
  fac.add_column("on_island", ColumnType::Boolean);
  fac.add_column("households_served", ColumnType::Integer);
  fac.add_column("parcels_served", ColumnType::Integer);
  fac.add_column("service_area_m2", ColumnType::Real);
  fac.add_column("lon", ColumnType::Real, 7);
  fac.add_column("lat", ColumnType::Real, 7);
  std::size_t off_network = 0, on_islands = 0;
  for (std::size_t f = 0; f < in.facilities.size(); ++f) {
    const Facility& facility = in.facilities[f];
    const coverage::FacilityCoverage& fc = c.facilities[f];
    off_network += !fc.snap.on_network();
    on_islands += fc.island;
    Point ll = facility.location;
    to_wgs84.apply(ll);
    fac.rows.push_back({facility.id, facility.name, facility.category, fc.snap.on_network(),
                        fc.snap.on_network() ? io::Value(fc.snap.connector_m) : io::Value(),
                        fc.component == kNone ? io::Value() : io::Value(static_cast<std::int64_t>(fc.component)),
                        fc.island, static_cast<std::int64_t>(fc.households_served),
                        static_cast<std::int64_t>(fc.parcels_served),
                        settings.analysis.facility_areas && fc.snap.on_network() ? io::Value(fc.area_m2) : io::Value(),
                        ll.x, ll.y});
  }
  w.table(fac);

  auto tier_json = [&](const Rates& r) {
    ordered_json a = ordered_json::array();
    for (std::size_t i = 0; i < tiers; ++i)
      a.push_back({{"minutes", run.minutes[i]},
                   {"households_covered", r.hh[i]},
                   {"households_share", share(r.hh[i], r.households)},
                   {"residents_covered", std::round(r.res[i])},
                   {"residents_share", share(r.res[i], r.residents)},
                   {"area_covered_m2", r2(r.ar[i])},
                   {"area_share", share(r.ar[i], r.area)}});
    return a;
  };

  if (!in.zones.empty() && !in.estates.empty()) {
    io::Table zt;
    zt.name = "zones_coverage";
    zt.add_column("id", ColumnType::String);
    zt.add_column("name", ColumnType::String);
    zt.add_column("level", ColumnType::String);
    zt.add_column("households", ColumnType::Integer);
    zt.add_column("residents", ColumnType::Real, 0);
    zt.add_column("residential_area_m2", ColumnType::Real);
    for (double m : run.minutes) {
      const std::string l = minutes_label(m);
      zt.add_column("households_covered_" + l, ColumnType::Integer);
      zt.add_column("households_share_" + l, ColumnType::Real, 4);
      zt.add_column("residents_share_" + l, ColumnType::Real, 4);
      zt.add_column("area_share_" + l, ColumnType::Real, 4);
    }
    zt.add_column("target_share", ColumnType::Real, 4);
    zt.add_column("target_met", ColumnType::Boolean);
    for (std::size_t z = 0; z < in.zones.size(); ++z) {
      const Rates& r = per_zone[z];
      std::vector<io::Value> row{in.zones[z].id, in.zones[z].name, in.zones[z].level,
                                 static_cast<std::int64_t>(r.households), r.residents, r.area};
      auto ratio = [](double a, double b) -> io::Value { return b > 0 ? io::Value(a / b) : io::Value(); };
      for (std::size_t i = 0; i < tiers; ++i) {
        row.emplace_back(static_cast<std::int64_t>(r.hh[i]));
        row.push_back(ratio(r.hh[i], r.households));
        row.push_back(ratio(r.res[i], r.residents));
        row.push_back(ratio(r.ar[i], r.area));
      }
      row.emplace_back(rules.coverage.target_share);
      row.push_back(r.households > 0 ? io::Value(r.hh[tiers - 1] >= rules.coverage.target_share * r.households)
                                     : io::Value());
      zt.rows.push_back(std::move(row));
    }
    w.table(zt, true, false);
  }

  if (settings.network_times) {
    io::Table nt;
    nt.name = "network_times";
    nt.add_column("lon", ColumnType::Real, 7);
    nt.add_column("lat", ColumnType::Real, 7);
    nt.add_column("x", ColumnType::Real, 3);
    nt.add_column("y", ColumnType::Real, 3);
    nt.add_column("time_s", ColumnType::Real, 3);
    nt.add_column("facility_id", ColumnType::String);
    std::vector<Point> pts;
    for (const coverage::VertexTime& v : c.vertex_times) pts.push_back(run.graph->point(v.vertex));
    std::vector<Point> ll = pts;
    to_wgs84.apply(ll);
    for (std::size_t i = 0; i < pts.size(); ++i)
      nt.rows.push_back({ll[i].x, ll[i].y, pts[i].x, pts[i].y, c.vertex_times[i].time_s,
                         in.facilities[c.vertex_times[i].facility].id});
    w.table(nt, true, false);
  }

  // summary.json
  const network::WalkGraph& g = *run.graph;
  ordered_json cov;
  cov["minutes"] = run.minutes;
  cov["walk_speed_m_per_s"] = run.speed_m_per_s;
  cov["budget_m"] = ordered_json::array();
  for (double b : c.budget_m) cov["budget_m"].push_back(r2(b));
  cov["lateral_m"] = settings.analysis.area.lateral_m;
  cov["max_snap_m"] = settings.analysis.max_snap_m;
  cov["network"] = {{"features", run.roads.features},
                    {"walkable_lines", run.roads.kept},
                    {"dropped_not_highway", run.roads.not_highway},
                    {"dropped_highway_type", run.roads.excluded_highway},
                    {"dropped_foot_no", run.roads.foot_no},
                    {"dropped_private", run.roads.private_access},
                    {"segments", run.build.segments},
                    {"duplicate_segments_removed", run.build.duplicates},
                    {"zero_length_segments_removed", run.build.zero_length},
                    {"ends_snapped", run.build.snapped_ends},
                    {"node_crossings", settings.build.node_crossings},
                    {"vertices", g.vertex_count()},
                    {"edges", g.edge_count()},
                    {"components", g.component_count()},
                    {"largest_component_vertices", g.component_count() ? g.component_size(0) : 0}};
  cov["facilities"] = {{"total", in.facilities.size()}, {"off_network", off_network}, {"on_islands", on_islands}};
  cov["parcels"] = {{"total", in.estates.size()}, {"off_network", parcels_off}, {"on_islands", parcels_island}};
  cov["overall"] = tier_json(overall);
  cov["target_share"] = rules.coverage.target_share;
  cov["target_met"] = overall.households > 0 ? ordered_json(overall.hh[tiers - 1] >= rules.coverage.target_share *
                                                                                   overall.households)
                                             : ordered_json(nullptr);
  ordered_json zones = ordered_json::object();
  for (std::size_t z = 0; z < in.zones.size(); ++z) {
    ordered_json& level = zones[in.zones[z].level];
    level[in.zones[z].id] = tier_json(per_zone[z]);
  }
  cov["zones"] = zones;
  summary["coverage"] = cov;

  // terminal
  const double circle = run.minutes.back();
  text << "  " << format_number(circle) << "-minute service circle (" << format_number(run.speed_m_per_s) << " m/s, "
       << format_fixed(c.budget_m.back(), 0) << " m): ";
  if (in.estates.empty()) {
    text << "no parcels given\n";
  } else {
    text << pct(overall.hh[tiers - 1], overall.households) << " of households (" << format_fixed(overall.hh[tiers - 1], 0)
         << " of " << format_fixed(overall.households, 0) << "), " << pct(overall.res[tiers - 1], overall.residents)
         << " of residents, " << pct(overall.ar[tiers - 1], overall.area) << " of residential area; target "
         << format_number(100 * rules.coverage.target_share) << "% of households: "
         << (overall.hh[tiers - 1] >= rules.coverage.target_share * overall.households ? "met" : "not met") << "\n";
    if (tiers > 1) {
      text << "  households within";
      for (std::size_t i = 0; i + 1 < tiers; ++i)
        text << (i ? "," : "") << " " << format_number(run.minutes[i]) << " min " << pct(overall.hh[i], overall.households);
      text << "\n";
    }
    text << "  gaps: " << with_gap.size() << " parcels with land outside the circle, "
         << format_fixed(households_left_out, 0)
         << " households left out (gaps.geojson)\n";
  }
  text << "  network: " << g.vertex_count() << " vertices, " << g.edge_count() << " edges, " << g.component_count()
       << " components; facilities off the network " << off_network << ", on islands " << on_islands
       << "; parcels off the network " << parcels_off << ", on islands " << parcels_island << "\n";
}

}  // namespace detail

CoverageJobResult run_coverage(const CoverageJobOptions& options) {
  const rules::RuleSet rules = detail::load_rules(options.rules, options.overrides);
  if (!options.inputs.roads || !options.inputs.facilities)
    throw Error(ErrorCode::Usage, "siting coverage needs --roads and --facilities");
  io::OutputDir out(options.out_dir);
  out.own(detail::output_names());
  InputOptions inputs = options.inputs;
  inputs.require_kind = false;
  inputs.require_floor_area = false;
  inputs.need_land_area = false;
  Inputs in = load_inputs(inputs);
  log::info("rules: ", rules.origin, rules.overrides.empty() ? "" : " with overrides ",
            siting::detail::join(rules.overrides, ", "));
  detail::CoverageRun run = detail::run_network_coverage(in, rules, options.settings);

  detail::ordered_json summary;
  summary["siting_version"] = siting::version();
  summary["command"] = "coverage";
  summary["working_crs"] = {{"crs", in.working.crs.label()}, {"reason", in.working.reason}};
  summary["inputs"] = detail::inputs_json(in);
  summary["rules"] = detail::rules_json(rules);
  std::ostringstream text;
  text << "siting coverage: " << in.estates.size() << " parcels, " << in.facilities.size() << " facilities, "
       << in.zones.size() << " zones; working CRS " << in.working.crs.label() << "\n";
  detail::Writer w{out, in.working.crs, options.gpkg, io::CsvOptions{options.csv_bom}, {}};
  detail::write_coverage(w, in, detail::estate_zones(in), run, rules, options.settings, summary, text);
  std::vector<std::string> files = w.files;
  files.push_back("summary.json");
  summary["outputs"] = files;
  w.json(summary, "summary.json");
  out.commit();
  text << "  outputs in " << options.out_dir << ": " << siting::detail::join(files, " ") << "\n";
  CoverageJobResult r;
  r.summary_text = text.str();
  r.files = files;
  return r;
}

}  // namespace siting::jobs
