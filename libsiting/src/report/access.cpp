// SPDX-License-Identifier: Apache-2.0
// The access report: access.csv / access.geojson (per parcel),
// facilities_access.csv (per facility), summary.json, and the terminal summary.

#include "siting/report/access.hpp"

#include <algorithm>
#include <sstream>

#include "detail/text.hpp"
#include "report/city.hpp"
#include "report/common.hpp"

namespace siting::report {

namespace detail {

namespace {

// "floor_area_m2_per_1000_households": the unit of R_j and A_i as shown.
std::string ratio_unit(const AccessReport& r) {
  return r.supply_name + "_per_" + format_fixed(kPerDemand, 0) + "_" + r.demand_name;
}

std::optional<double> per_demand(const std::optional<double>& v) {
  if (!v) return std::nullopt;
  return *v * kPerDemand;
}

const char* method(access::Decay d) { return d == access::Decay::None ? "2SFCA" : "E2SFCA"; }

// Access and ratios at full precision (shortest text that reads back): they are
// small numbers whose rounding would hide differences between parcels, and an
// independent recomputation can check them to the last digit.
constexpr ColumnKind kExact = Real(-1);

io::Table parcels_table(const AccessReport& r) {
  const jobs::Inputs& in = r.run.inputs;
  const auto& ps = r.result.parcels;
  Columns<std::size_t> c;
  c.add("id", Text, [&](std::size_t p) { return in.estates[p].id; });
  c.add("name", Text, [&](std::size_t p) { return in.estates[p].name; });
  c.add(r.demand_name, kExact, [&](std::size_t p) { return ps[p].demand; });
  c.add("facilities_in_catchment", Integer, [&](std::size_t p) { return ps[p].facilities; });
  c.add("access_" + ratio_unit(r), kExact, [&](std::size_t p) { return ps[p].access * kPerDemand; });
  c.add("access_ratio_to_mean", Real(4), [&](std::size_t p) { return ps[p].ratio_to_mean; });
  c.add("no_access", Boolean, [&](std::size_t p) { return ps[p].access == 0.0; });
  if (r.run.estate_zones)
    add_zone_columns(c, in, [&r](std::size_t p) -> const auto& { return (*r.run.estate_zones)[p]; });
  return c.table("access", indices(in.estates.size()),
                 [&](std::size_t p) -> const MultiPolygon& { return in.estates[p].geometry; });
}

io::Table facilities_table(const AccessReport& r) {
  const std::vector<Facility>& fs = r.run.inputs.facilities;
  const auto& fa = r.result.facilities;
  std::vector<Point> ll;
  for (const Facility& f : fs) ll.push_back(f.location);
  crs::Transform::Cached(r.run.inputs.working.crs, crs::Crs::Epsg(4326)).apply(ll);
  std::vector<bool> off(fs.size(), false);
  for (std::size_t f : r.off_network_facilities) off[f] = true;
  Columns<std::size_t> c;
  c.add("id", Text, [&](std::size_t f) { return fs[f].id; });
  c.add("name", Text, [&](std::size_t f) { return fs[f].name; });
  c.add("category", Text, [&](std::size_t f) { return fs[f].category; });
  c.add("on_network", Boolean, [&](std::size_t f) { return !off[f]; });
  c.add(r.supply_name, kExact, [&](std::size_t f) { return fa[f].supply; });
  c.add("parcels_in_catchment", Integer, [&](std::size_t f) { return fa[f].parcels; });
  c.add("demand_in_catchment_" + r.demand_name, kExact, [&](std::size_t f) { return fa[f].demand; });
  c.add(ratio_unit(r), kExact, [&](std::size_t f) { return per_demand(fa[f].ratio); });
  c.add("lon", Real(7), [&](std::size_t f) { return ll[f].x; });
  c.add("lat", Real(7), [&](std::size_t f) { return ll[f].y; });
  return c.table("facilities_access", indices(fs.size()));
}

ordered_json optional_json(const std::optional<double>& v) { return v ? ordered_json(*v) : ordered_json(nullptr); }

ordered_json access_json(const AccessReport& r) {
  const access::AccessResult& a = r.result;
  const access::AccessOptions& o = a.options;
  ordered_json j;
  j["method"] = method(o.decay);
  j["decay"] = access::to_string(o.decay);
  j["catchment_minutes"] = r.minutes;
  j["catchment_s"] = o.catchment_s;
  j["walk_speed_m_per_s"] = r.speed_m_per_s;
  ordered_json steps = ordered_json::array();
  if (o.decay == access::Decay::Steps)
    for (const access::Band& b : o.steps) steps.push_back({{"upper_minutes", b.upper_s / 60.0}, {"weight", b.weight}});
  j["steps"] = steps;
  j["supply"] = r.supply_name;
  j["demand"] = r.demand_name;
  j["ratio_unit"] = ratio_unit(r);
  j["total_supply"] = a.total_supply;
  j["supply_reaching_demand"] = a.supply_reaching_demand;
  j["total_demand"] = a.total_demand;
  // Over the parcels with demand: a parcel of no households has access but no one to have it.
  double lo = 0.0, hi = 0.0;
  bool any = false;
  for (const access::ParcelAccess& p : a.parcels) {
    if (!(p.demand > 0.0)) continue;
    lo = any ? std::min(lo, p.access) : p.access;
    hi = any ? std::max(hi, p.access) : p.access;
    any = true;
  }
  j["mean_access"] = a.mean_access * kPerDemand;
  j["min_access"] = any ? ordered_json(lo * kPerDemand) : ordered_json(nullptr);
  j["max_access"] = any ? ordered_json(hi * kPerDemand) : ordered_json(nullptr);
  j["demand_without_access"] = a.demand_without_access;
  j["share_without_access"] = optional_json(a.share_without_access);
  j["parcels"] = {{"total", a.parcels.size()}, {"without_access", a.parcels_without_access}};
  j["facilities"] = {{"total", a.facilities.size()},
                     {"off_network", r.off_network_facilities.size()},
                     {"without_demand", a.facilities_without_demand}};
  return j;
}

}  // namespace

}  // namespace detail

std::string write_access(Output& out, const AccessReport& r) {
  const jobs::Inputs& in = r.run.inputs;
  const access::AccessResult& a = r.result;
  out.table(detail::parcels_table(r));
  out.table(detail::facilities_table(r), Files::Csv);
  detail::ordered_json summary = detail::provenance("access", r.run);
  summary["access"] = detail::access_json(r);
  summary["seconds"] = detail::r2(r.seconds);
  if (r.run.report) detail::write_access_report(out, r);
  detail::write_summary(out, summary);

  using detail::format_fixed;
  using detail::format_number;
  const access::AccessOptions& o = a.options;
  std::ostringstream text;
  text << "siting access: " << in.estates.size() << " parcels, " << in.facilities.size()
       << " facilities; working CRS " << in.working.crs.label() << "\n";
  text << "  " << detail::method(o.decay) << " (decay " << access::to_string(o.decay);
  if (o.decay == access::Decay::Steps) {
    std::string bands;
    for (const access::Band& b : o.steps)
      bands += (bands.empty() ? "" : ",") + format_number(b.upper_s / 60.0) + ":" + format_number(b.weight);
    text << " " << bands;
  }
  text << "), catchment " << format_number(r.minutes) << " min at " << format_number(r.speed_m_per_s) << " m/s\n";
  text << "  supply " << format_fixed(a.total_supply, 0) << " " << r.supply_name << " (" << format_fixed(
              a.supply_reaching_demand, 0) << " reaching demand), demand " << format_fixed(a.total_demand, 0) << " "
       << r.demand_name << "\n";
  text << "  mean access " << format_number(siting::detail::round_to(a.mean_access * kPerDemand, 4)) << " "
       << detail::ratio_unit(r) << " (demand-weighted); " << detail::pct(a.demand_without_access, a.total_demand)
       << " of " << r.demand_name << " reach no supply (" << a.parcels_without_access << " of "
       << a.parcels.size() << " parcels); "
       << a.facilities_without_demand << " facilities with no demand in their catchment ("
       << r.off_network_facilities.size() << " off the network)\n";
  text << detail::report_line(r.run) << detail::outputs_line(r.run, siting::detail::join(out.files, " "));
  return text.str();
}

}  // namespace siting::report
