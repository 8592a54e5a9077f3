// SPDX-License-Identifier: Apache-2.0
// The coverage report: parcels.*, gaps.geojson, service_areas.geojson,
// facilities_coverage.csv, zones_coverage.csv, network_times.csv, summary.json.

#include <cmath>
#include <sstream>

#include "detail/text.hpp"
#include "report/city.hpp"
#include "report/common.hpp"

namespace siting::report {

using coverage::CoverageResult;
using coverage::ParcelCoverage;
using coverage::Rates;
using network::kNone;
using network::kUnreached;

namespace detail {

namespace {

std::string minutes_label(double m) { return format_number(m) + "min"; }

std::optional<double> reached(double time_s) {
  if (time_s == kUnreached) return std::nullopt;
  return time_s;
}

std::optional<std::int64_t> component(std::uint32_t c) {
  if (c == kNone) return std::nullopt;
  return c;
}

double share_of(double part, double area_m2) { return area_m2 > 0 ? part / area_m2 : 0.0; }

io::Table parcels_table(const Run& run, const CoverageResult& r) {
  const jobs::Inputs& in = run.inputs;
  const std::vector<double>& minutes = r.options.minutes;
  auto pc = [&r](std::size_t p) -> const ParcelCoverage& { return r.coverage.parcels[p]; };
  auto facility_id = [&in, pc](std::size_t p) -> io::Value {
    if (pc(p).facility == kNone) return {};
    return in.facilities[pc(p).facility].id;
  };
  Columns<std::size_t> c;
  c.add("id", Text, [&](std::size_t p) { return in.estates[p].id; });
  c.add("name", Text, [&](std::size_t p) { return in.estates[p].name; });
  c.add("households", Integer, [&](std::size_t p) { return in.estates[p].households; });
  c.add("residents", Real(0), [&](std::size_t p) { return r.residents[p]; });
  if (r.elderly_known) c.add("elderly", Integer, [&](std::size_t p) { return in.estates[p].elderly; });
  c.add("area_m2", Real(), [&](std::size_t p) { return in.estates[p].area_m2; });
  c.add("access", Text, [&](std::size_t p) { return network::to_string(pc(p).access); });
  c.add("connector_m", Real(), [&](std::size_t p) -> std::optional<double> {
    if (pc(p).access == network::AccessKind::None) return std::nullopt;
    return pc(p).connector_m;
  });
  c.add("time_s", Real(1), [&](std::size_t p) { return reached(pc(p).time_s); });
  c.add("time_min", Real(1), [&](std::size_t p) -> std::optional<double> {
    if (pc(p).time_s == kUnreached) return std::nullopt;
    return pc(p).time_s / 60.0;
  });
  c.add("facility_id", Text, facility_id);
  c.add("tier_min", Real(-1), [&](std::size_t p) -> std::optional<double> {
    if (pc(p).tier < 0) return std::nullopt;
    return minutes[static_cast<std::size_t>(pc(p).tier)];
  });
  c.add("covered", Boolean, [&](std::size_t p) { return pc(p).facility != kNone; });
  c.add("covered_share", Real(4),
        [&](std::size_t p) { return share_of(pc(p).covered_m2[minutes.size() - 1], in.estates[p].area_m2); });
  for (std::size_t i = 0; i < minutes.size(); ++i)
    c.add("covered_share_" + minutes_label(minutes[i]), Real(4),
          [&, i](std::size_t p) { return share_of(pc(p).covered_m2[i], in.estates[p].area_m2); });
  c.add("network_component", Integer, [&](std::size_t p) { return component(pc(p).component); });
  c.add("on_island", Boolean, [&](std::size_t p) { return pc(p).island; });
  add_zone_columns(c, in, [&run](std::size_t p) -> const auto& { return (*run.estate_zones)[p]; });
  return c.table("parcels", indices(in.estates.size()),
                 [&](std::size_t p) -> const MultiPolygon& { return in.estates[p].geometry; });
}

// Dissolved per tier, then one per facility at the circle.
io::Table service_areas_table(const Run& run, const CoverageResult& r) {
  struct Area {
    const char* kind;
    double minutes;
    const Facility* facility;
    double area_m2, households;
    const MultiPolygon* geometry;
  };
  std::vector<Area> rows;
  const coverage::Coverage& c = r.coverage;
  for (std::size_t i = 0; i < c.dissolved.size(); ++i)
    if (!c.dissolved[i].empty())
      rows.push_back({"dissolved", r.options.minutes[i], nullptr, c.dissolved_m2[i],
                      r.overall.households_covered[i], &c.dissolved[i]});
  for (std::size_t f = 0; f < c.facilities.size(); ++f)
    if (!c.facilities[f].area.empty())
      rows.push_back({"facility", r.options.minutes.back(), &run.inputs.facilities[f], c.facilities[f].area_m2,
                      c.facilities[f].households_served, &c.facilities[f].area});
  Columns<Area> cols;
  cols.add("kind", Text, [](const Area& a) { return a.kind; });
  cols.add("minutes", Real(-1), [](const Area& a) { return a.minutes; });
  cols.add("facility_id", Text, [](const Area& a) -> io::Value {
    if (!a.facility) return {};
    return a.facility->id;
  });
  cols.add("facility_name", Text, [](const Area& a) -> io::Value {
    if (!a.facility) return {};
    return a.facility->name;
  });
  cols.add("area_m2", Real(), [](const Area& a) { return a.area_m2; });
  cols.add("households_served", Integer, [](const Area& a) { return a.households; });
  return cols.table("service_areas", rows, [](const Area& a) -> const MultiPolygon& { return *a.geometry; });
}

io::Table facilities_table(const Run& run, const CoverageResult& r) {
  const std::vector<Facility>& fs = run.inputs.facilities;
  std::vector<Point> ll;
  const crs::Transform to_wgs84 = crs::Transform::Cached(run.inputs.working.crs, crs::Crs::Epsg(4326));
  for (const Facility& f : fs) {
    ll.push_back(f.location);
    to_wgs84.apply(ll.back());
  }
  auto fc = [&r](std::size_t f) -> const coverage::FacilityCoverage& { return r.coverage.facilities[f]; };
  Columns<std::size_t> c;
  c.add("id", Text, [&](std::size_t f) { return fs[f].id; });
  c.add("name", Text, [&](std::size_t f) { return fs[f].name; });
  c.add("category", Text, [&](std::size_t f) { return fs[f].category; });
  c.add("type", Text, [&](std::size_t f) -> std::string { return fs[f].type ? to_string(*fs[f].type) : ""; });
  c.add("on_network", Boolean, [&](std::size_t f) { return fc(f).snap.on_network(); });
  c.add("connector_m", Real(), [&](std::size_t f) -> std::optional<double> {
    if (!fc(f).snap.on_network()) return std::nullopt;
    return fc(f).snap.connector_m;
  });
  c.add("network_component", Integer, [&](std::size_t f) { return component(fc(f).component); });
  c.add("on_island", Boolean, [&](std::size_t f) { return fc(f).island; });
  c.add("households_served", Integer, [&](std::size_t f) { return fc(f).households_served; });
  c.add("parcels_served", Integer, [&](std::size_t f) { return fc(f).parcels_served; });
  c.add("service_area_m2", Real(), [&](std::size_t f) -> std::optional<double> {
    if (!r.options.facility_areas || !fc(f).snap.on_network()) return std::nullopt;
    return fc(f).area_m2;
  });
  c.add("lon", Real(7), [&](std::size_t f) { return ll[f].x; });
  c.add("lat", Real(7), [&](std::size_t f) { return ll[f].y; });
  return c.table("facilities_coverage", indices(fs.size()));
}

std::optional<double> ratio(double a, double b) {
  if (!(b > 0)) return std::nullopt;
  return a / b;
}

io::Table zones_table(const Run& run, const CoverageResult& r) {
  const std::vector<Zone>& zones = run.inputs.zones;
  Columns<std::size_t> c;
  c.add("id", Text, [&](std::size_t z) { return zones[z].id; });
  c.add("name", Text, [&](std::size_t z) { return zones[z].name; });
  c.add("level", Text, [&](std::size_t z) { return zones[z].level; });
  c.add("households", Integer, [&](std::size_t z) { return r.zones[z].households; });
  c.add("residents", Real(0), [&](std::size_t z) { return r.zones[z].residents; });
  if (r.elderly_known) c.add("elderly", Integer, [&](std::size_t z) { return r.zones[z].elderly; });
  c.add("residential_area_m2", Real(), [&](std::size_t z) { return r.zones[z].area_m2; });
  for (std::size_t i = 0; i < r.options.minutes.size(); ++i) {
    const std::string l = minutes_label(r.options.minutes[i]);
    auto rates = [&r](std::size_t z) -> const Rates& { return r.zones[z]; };
    c.add("households_covered_" + l, Integer, [rates, i](std::size_t z) { return rates(z).households_covered[i]; });
    c.add("households_share_" + l, Real(4),
          [rates, i](std::size_t z) { return ratio(rates(z).households_covered[i], rates(z).households); });
    c.add("residents_share_" + l, Real(4),
          [rates, i](std::size_t z) { return ratio(rates(z).residents_covered[i], rates(z).residents); });
    if (r.elderly_known)
      c.add("elderly_share_" + l, Real(4),
            [rates, i](std::size_t z) { return ratio(rates(z).elderly_covered[i], rates(z).elderly); });
    c.add("area_share_" + l, Real(4),
          [rates, i](std::size_t z) { return ratio(rates(z).area_covered_m2[i], rates(z).area_m2); });
  }
  c.add("target_share", Real(4), [&](std::size_t) { return r.target_share; });
  c.add("target_met", Boolean, [&](std::size_t z) { return r.zones[z].target_met(r.target_share); });
  return c.table("zones_coverage", indices(zones.size()));
}

io::Table network_times_table(const Run& run, const CoverageResult& r) {
  std::vector<Point> ll = r.vertex_points;
  crs::Transform::Cached(run.inputs.working.crs, crs::Crs::Epsg(4326)).apply(ll);
  const auto& times = r.coverage.vertex_times;
  Columns<std::size_t> c;
  c.add("lon", Real(7), [&](std::size_t i) { return ll[i].x; });
  c.add("lat", Real(7), [&](std::size_t i) { return ll[i].y; });
  c.add("x", Real(3), [&](std::size_t i) { return r.vertex_points[i].x; });
  c.add("y", Real(3), [&](std::size_t i) { return r.vertex_points[i].y; });
  c.add("time_s", Real(3), [&](std::size_t i) { return times[i].time_s; });
  c.add("facility_id", Text, [&](std::size_t i) { return run.inputs.facilities[times[i].facility].id; });
  return c.table("network_times", indices(times.size()));
}

ordered_json tiers_json(const CoverageResult& r, const Rates& rates) {
  ordered_json a = ordered_json::array();
  for (std::size_t i = 0; i < r.options.minutes.size(); ++i) {
    a.push_back({{"minutes", r.options.minutes[i]},
                 {"households_covered", rates.households_covered[i]},
                 {"households_share", share(rates.households_covered[i], rates.households)},
                 {"residents_covered", std::round(rates.residents_covered[i])},
                 {"residents_share", share(rates.residents_covered[i], rates.residents)},
                 {"area_covered_m2", r2(rates.area_covered_m2[i])},
                 {"area_share", share(rates.area_covered_m2[i], rates.area_m2)}});
    if (r.elderly_known) {
      a.back()["elderly_covered"] = rates.elderly_covered[i];
      a.back()["elderly_share"] = share(rates.elderly_covered[i], rates.elderly);
    }
  }
  return a;
}

ordered_json network_json(const coverage::NetworkSummary& n) {
  return {{"features", n.roads.features},
          {"walkable_lines", n.roads.kept},
          {"dropped_not_highway", n.roads.not_highway},
          {"dropped_highway_type", n.roads.excluded_highway},
          {"dropped_foot_no", n.roads.foot_no},
          {"dropped_private", n.roads.private_access},
          {"dropped_no_geometry", n.roads.empty},
          {"dropped_one_vertex", n.roads.one_vertex},
          {"dropped_bad_coordinates", n.roads.bad_coordinates},
          {"zero_length_lines", n.roads.zero_length},
          {"segments", n.build.segments},
          {"duplicate_segments_removed", n.build.duplicates},
          {"zero_length_segments_removed", n.build.zero_length},
          {"ends_snapped", n.build.snapped_ends},
          {"node_crossings", n.node_crossings},
          {"vertices", n.vertices},
          {"edges", n.edges},
          {"components", n.components},
          {"largest_component_vertices", n.largest_component_vertices}};
}

}  // namespace

// The uncovered part of each parcel, most households left out first.
io::Table gaps_table(const Run& run, const CoverageResult& r) {
  const jobs::Inputs& in = run.inputs;
  auto gap_share = [&](std::size_t p) { return r.gap_m2[p] / in.estates[p].area_m2; };
  Columns<std::size_t> c;
  c.add("parcel_id", Text, [&](std::size_t p) { return in.estates[p].id; });
  c.add("parcel_name", Text, [&](std::size_t p) { return in.estates[p].name; });
  c.add("households", Integer, [&](std::size_t p) { return in.estates[p].households; });
  c.add("households_left_out", Real(1), [&](std::size_t p) { return r.households_left_out[p]; });
  c.add("residents_left_out", Real(1), [&](std::size_t p) { return r.residents[p] * gap_share(p); });
  c.add("gap_area_m2", Real(), [&](std::size_t p) { return r.gap_m2[p]; });
  c.add("gap_share", Real(4), gap_share);
  // The nearest facility and its time, for parcels within the circle.
  c.add("time_s", Real(1), [&](std::size_t p) { return reached(r.coverage.parcels[p].time_s); });
  c.add("facility_id", Text, [&](std::size_t p) -> io::Value {
    if (r.coverage.parcels[p].facility == kNone) return {};
    return in.facilities[r.coverage.parcels[p].facility].id;
  });
  add_zone_columns(c, in, [&run](std::size_t p) -> const auto& { return (*run.estate_zones)[p]; });
  return c.table("gaps", r.gaps, [&](std::size_t p) -> const MultiPolygon& { return r.coverage.parcels[p].gap; });
}

void coverage_tables(Output& out, const Run& run, const CoverageResult& r) {
  const jobs::Inputs& in = run.inputs;
  if (!in.estates.empty()) {
    out.table(parcels_table(run, r));
    out.table(gaps_table(run, r), Files::GeoJson);
  }
  out.table(service_areas_table(run, r), Files::GeoJson);
  out.table(facilities_table(run, r));
  if (!in.zones.empty() && !in.estates.empty()) out.table(zones_table(run, r), Files::Csv);
  if (r.options.keep_vertex_times) out.table(network_times_table(run, r), Files::Csv);
}

void coverage_summary(const Run& run, const CoverageResult& r, ordered_json& summary) {
  const jobs::Inputs& in = run.inputs;
  ordered_json cov;
  cov["minutes"] = r.options.minutes;
  cov["walk_speed_m_per_s"] = r.options.speed_m_per_s;
  cov["budget_m"] = ordered_json::array();
  for (double b : r.coverage.budget_m) cov["budget_m"].push_back(r2(b));
  cov["lateral_m"] = r.options.area.lateral_m;
  cov["max_snap_m"] = r.options.max_snap_m;
  cov["network"] = network_json(r.network);
  cov["facilities"] = {{"total", in.facilities.size()},
                       {"off_network", r.facilities_off_network},
                       {"on_islands", r.facilities_on_islands}};
  // Which facilities the circle is of: every one, or those of --facility-type.
  cov["facilities"]["types"] = ordered_json::array();
  for (FacilityType t : run.facility_types) cov["facilities"]["types"].push_back(to_string(t));
  cov["parcels"] = {
      {"total", in.estates.size()}, {"off_network", r.parcels_off_network}, {"on_islands", r.parcels_on_islands}};
  cov["overall"] = tiers_json(r, r.overall);
  cov["target_share"] = r.target_share;
  cov["target_met"] = r.target_met ? ordered_json(*r.target_met) : ordered_json(nullptr);
  ordered_json zones = ordered_json::object();
  for (std::size_t z = 0; z < in.zones.size(); ++z) zones[in.zones[z].level][in.zones[z].id] = tiers_json(r, r.zones[z]);
  cov["zones"] = zones;
  summary["coverage"] = cov;
}

std::string coverage_text(const Run& run, const CoverageResult& r) {
  const Rates& o = r.overall;
  const std::size_t last = r.options.minutes.size() - 1;
  std::ostringstream text;
  text << "  " << format_number(r.options.minutes.back()) << "-minute service circle ("
       << format_number(r.options.speed_m_per_s) << " m/s, " << format_fixed(r.coverage.budget_m.back(), 0) << " m): ";
  if (run.inputs.estates.empty()) {
    text << "no parcels given\n";
  } else {
    text << pct(o.households_covered[last], o.households) << " of households ("
         << format_fixed(o.households_covered[last], 0) << " of " << format_fixed(o.households, 0) << "), "
         << pct(o.residents_covered[last], o.residents) << " of residents, "
         << (r.elderly_known ? pct(o.elderly_covered[last], o.elderly) + " of the elderly, " : std::string())
         << pct(o.area_covered_m2[last], o.area_m2) << " of residential area; target "
         << format_number(100 * r.target_share) << "% of households: "
         << (o.households_covered[last] >= r.target_share * o.households ? "met" : "not met") << "\n";
    if (last > 0) {
      text << "  households within";
      for (std::size_t i = 0; i < last; ++i)
        text << (i ? "," : "") << " " << format_number(r.options.minutes[i]) << " min "
             << pct(o.households_covered[i], o.households);
      text << "\n";
    }
    text << "  gaps: " << r.gaps.size() << " parcels with land outside the circle, "
         << format_fixed(r.households_left_out_total, 0) << " households left out (gaps.geojson)\n";
  }
  const coverage::NetworkSummary& n = r.network;
  text << "  network: " << n.vertices << " vertices, " << n.edges << " edges, " << n.components
       << " components; facilities off the network " << r.facilities_off_network << ", on islands "
       << r.facilities_on_islands << "; parcels off the network " << r.parcels_off_network << ", on islands "
       << r.parcels_on_islands << "\n";
  return text.str();
}

}  // namespace detail

std::string write_coverage(Output& out, const Run& run, const CoverageResult& r) {
  const jobs::Inputs& in = run.inputs;
  detail::ordered_json summary = detail::provenance("coverage", run);
  detail::coverage_tables(out, run, r);
  detail::coverage_summary(run, r, summary);
  if (run.report) detail::write_coverage_report(out, run, r);
  detail::write_summary(out, summary);
  std::string types;
  for (FacilityType t : run.facility_types) types += (types.empty() ? " (" : ", ") + std::string(to_string(t));
  if (!types.empty()) types += ")";
  return "siting coverage: " + std::to_string(in.estates.size()) + " parcels, " +
         std::to_string(in.facilities.size()) + " facilities" + types + ", " + std::to_string(in.zones.size()) +
         " zones; working CRS " + in.working.crs.label() + "\n" + detail::coverage_text(run, r) +
         detail::report_line(run) + detail::outputs_line(run, siting::detail::join(out.files, " "));
}

}  // namespace siting::report
