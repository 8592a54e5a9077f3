// SPDX-License-Identifier: Apache-2.0
#include "siting/jobs/check.hpp"

#include <map>
#include <optional>
#include <sstream>

#include "detail/text.hpp"
#include "jobs/coverage_report.hpp"
#include "jobs/outputs.hpp"
#include "jobs/report.hpp"
#include "siting/crs/crs.hpp"
#include "siting/log.hpp"
#include "siting/provision/evaluate.hpp"
#include "siting/version.hpp"

namespace siting::jobs {

using detail::ordered_json;
using detail::pct;
using detail::r2;
using detail::share;
using io::ColumnType;
using siting::detail::format_fixed;
using siting::detail::format_number;

namespace {

io::Table estates_table(const Inputs& in, const provision::Assignment& assignment,
                        const std::vector<provision::EstateResult>& results,
                        const std::vector<std::vector<std::size_t>>& estate_zones,
                        const detail::CoverageRun* coverage) {
  io::Table t;
  t.name = "estates";
  t.add_column("id", ColumnType::String);
  t.add_column("name", ColumnType::String);
  t.add_column("kind", ColumnType::String);
  t.add_column("households", ColumnType::Integer);
  t.add_column("area_m2", ColumnType::Real);
  t.add_column("rate_m2_per_100_households", ColumnType::Real);
  t.add_column("required_m2", ColumnType::Real);
  t.add_column("provided_m2", ColumnType::Real);
  t.add_column("shortfall_m2", ColumnType::Real);
  t.add_column("facility_count", ColumnType::Integer);
  t.add_column("facility_ids", ColumnType::String);
  t.add_column("min_single_facility_m2", ColumnType::Real);
  t.add_column("undersized_facilities", ColumnType::Integer);
  detail::add_zone_columns(t, in.zone_levels);
  if (coverage) {
    t.add_column("walk_time_s", ColumnType::Real, 1);
    t.add_column("nearest_facility_id", ColumnType::String);
    t.add_column("in_service_circle", ColumnType::Boolean);
  }
  t.add_column("verdict", ColumnType::String);
  t.add_column("reasons", ColumnType::String);
  for (std::size_t e = 0; e < in.estates.size(); ++e) {
    const Estate& estate = in.estates[e];
    const provision::EstateResult& r = results[e];
    std::string ids;
    for (std::size_t f : assignment.facilities_of[e]) ids += (ids.empty() ? "" : ";") + in.facilities[f].id;
    std::vector<io::Value> row{estate.id,
                               estate.name,
                               std::string(to_string(estate.kind)),
                               static_cast<std::int64_t>(estate.households),
                               estate.area_m2,
                               r.rate_m2_per_100_households,
                               r.required_m2,
                               r.provided_m2,
                               r.shortfall_m2,
                               static_cast<std::int64_t>(r.facility_count),
                               ids,
                               r.min_single_facility_m2 ? io::Value(*r.min_single_facility_m2) : io::Value(),
                               static_cast<std::int64_t>(r.undersized_facilities)};
    detail::add_zone_cells(row, in, estate_zones[e]);
    if (coverage) {
      const coverage::ParcelCoverage& pc = coverage->result.parcels[e];
      row.push_back(pc.facility == network::kNone ? io::Value() : io::Value(pc.time_s));
      row.push_back(pc.facility == network::kNone ? io::Value() : io::Value(in.facilities[pc.facility].id));
      row.emplace_back(pc.facility != network::kNone);
    }
    row.emplace_back(std::string(provision::to_string(r.verdict)));
    row.emplace_back(r.reasons);
    t.rows.push_back(std::move(row));
    t.geometries.emplace_back(estate.geometry);
  }
  return t;
}

}  // namespace

CheckResult run_check(const CheckOptions& options) {
  const rules::RuleSet rules = detail::load_rules(options.rules, options.overrides);
  if (!options.inputs.parcels || !options.inputs.facilities)
    throw Error(ErrorCode::Usage, "siting check needs --parcels and --facilities");
  // Fails early on an unwritable folder, or a user's file with an output's name.
  io::OutputDir out(options.out_dir, detail::check_outputs(options));

  InputOptions inputs = options.inputs;
  inputs.need_land_area = true;  // the zone rule counts facilities' land
  Inputs in = load_inputs(inputs);
  log::info("rules: ", rules.origin, rules.overrides.empty() ? "" : " with overrides ",
            siting::detail::join(rules.overrides, ", "));

  const provision::Assignment assignment = provision::assign_facilities(in.estates, in.facilities);
  const auto estate_results = provision::evaluate_estates(in.estates, in.facilities, assignment, rules);
  const auto zone_results = provision::evaluate_zones(in.zones, in.estates, in.facilities, rules);
  const auto estate_zones = detail::estate_zones(in);

  // estates
  std::optional<detail::CoverageRun> coverage;
  if (in.roads) coverage = detail::run_network_coverage(in, rules, options.coverage);
  const io::Table estates = estates_table(in, assignment, estate_results, estate_zones, coverage ? &*coverage : nullptr);

  // zones
  io::Table zones;
  zones.name = "zones";
  zones.add_column("id", ColumnType::String);
  zones.add_column("name", ColumnType::String);
  zones.add_column("level", ColumnType::String);
  zones.add_column("population", ColumnType::Real, 0);
  zones.add_column("population_source", ColumnType::String);
  zones.add_column("estate_count", ColumnType::Integer);
  zones.add_column("facility_count", ColumnType::Integer);
  zones.add_column("required_land_m2", ColumnType::Real);
  zones.add_column("provided_land_m2", ColumnType::Real);
  zones.add_column("shortfall_land_m2", ColumnType::Real);
  zones.add_column("land_m2_per_resident", ColumnType::Real, 4);
  zones.add_column("verdict", ColumnType::String);
  zones.add_column("reasons", ColumnType::String);
  for (std::size_t z = 0; z < in.zones.size(); ++z) {
    const Zone& zone = in.zones[z];
    const provision::ZoneResult& r = zone_results[z];
    zones.rows.push_back({zone.id, zone.name, zone.level, r.population, std::string(to_string(r.population_source)),
                          static_cast<std::int64_t>(r.estate_count), static_cast<std::int64_t>(r.facility_count),
                          r.required_land_m2, r.provided_land_m2, r.shortfall_land_m2, r.land_m2_per_resident,
                          std::string(provision::to_string(r.verdict)), r.reasons});
    zones.geometries.emplace_back(zone.geometry);
  }

  // facilities: where each one went
  crs::Transform to_wgs84(in.working.crs, crs::Crs::Epsg(4326));
  io::Table facilities, unassigned;
  facilities.name = "facilities";
  for (const char* c : {"id", "name", "category"}) facilities.add_column(c, ColumnType::String);
  facilities.add_column("floor_area_m2", ColumnType::Real);
  facilities.add_column("land_area_m2", ColumnType::Real);
  facilities.add_column("estate_id", ColumnType::String);
  facilities.add_column("assigned_by", ColumnType::String);
  facilities.add_column("lon", ColumnType::Real, 7);
  facilities.add_column("lat", ColumnType::Real, 7);
  unassigned.name = "unassigned_facilities";
  unassigned.columns = facilities.columns;
  unassigned.columns[6].name = "reason";
  for (std::size_t f = 0; f < in.facilities.size(); ++f) {
    const Facility& fac = in.facilities[f];
    Point ll = fac.location;
    to_wgs84.apply(ll);
    const auto& est = assignment.estate_of[f];
    std::vector<io::Value> row{fac.id, fac.name, fac.category, fac.floor_area_m2, io::Value(),
                               est ? in.estates[*est].id : fac.estate_id, assignment.how[f], ll.x, ll.y};
    if (fac.land_area_m2) row[4] = *fac.land_area_m2;
    if (!est) unassigned.rows.push_back(row);
    facilities.rows.push_back(std::move(row));
    facilities.geometries.emplace_back(fac.location);
  }

  // summary.json
  ordered_json summary;
  summary["siting_version"] = siting::version();
  summary["command"] = "check";
  summary["working_crs"] = {{"crs", in.working.crs.label()}, {"reason", in.working.reason}};
  summary["inputs"] = detail::inputs_json(in);
  summary["rules"] = detail::rules_json(rules);

  struct Tally {
    std::size_t total = 0, pass = 0;
    double households = 0, required = 0, provided = 0, shortfall = 0;
  };
  std::map<std::string, Tally> by_kind{{"new", {}}, {"old", {}}};
  Tally all_estates;
  for (std::size_t e = 0; e < in.estates.size(); ++e) {
    for (Tally* t : {&by_kind[to_string(in.estates[e].kind)], &all_estates}) {
      const auto& r = estate_results[e];
      t->total++;
      t->pass += r.verdict == provision::Verdict::Pass;
      t->households += in.estates[e].households;
      t->required += r.required_m2;
      t->provided += r.provided_m2;
      t->shortfall += r.shortfall_m2;
    }
  }
  auto tally_json = [](const Tally& t) {
    ordered_json j;
    j["total"] = t.total;
    j["pass"] = t.pass;
    j["fail"] = t.total - t.pass;
    j["compliance_rate"] = share(static_cast<double>(t.pass), static_cast<double>(t.total));
    j["households"] = t.households;
    j["required_m2"] = r2(t.required);
    j["provided_m2"] = r2(t.provided);
    j["shortfall_m2"] = r2(t.shortfall);
    return j;
  };
  summary["estates"] = tally_json(all_estates);
  summary["estates"]["new"] = tally_json(by_kind["new"]);
  summary["estates"]["old"] = tally_json(by_kind["old"]);

  ordered_json zone_summary = ordered_json::object();
  std::ostringstream zone_line;
  for (const std::string& level : in.zone_levels) {
    std::size_t total = 0, pass = 0;
    double population = 0, required = 0, provided = 0, shortfall = 0;
    for (std::size_t z = 0; z < in.zones.size(); ++z) {
      if (in.zones[z].level != level) continue;
      const auto& r = zone_results[z];
      total++;
      pass += r.verdict == provision::Verdict::Pass;
      population += r.population;
      required += r.required_land_m2;
      provided += r.provided_land_m2;
      shortfall += r.shortfall_land_m2;
    }
    zone_summary[level] = {{"total", total},
                           {"pass", pass},
                           {"fail", total - pass},
                           {"compliance_rate", share(static_cast<double>(pass), static_cast<double>(total))},
                           {"population", std::round(population)},
                           {"required_land_m2", r2(required)},
                           {"provided_land_m2", r2(provided)},
                           {"shortfall_land_m2", r2(shortfall)}};
    zone_line << (zone_line.tellp() > 0 ? ", " : "") << level << " " << pass << " of " << total;
  }
  summary["zones"] = zone_summary;
  double floor_total = 0, land_total = 0;
  for (const Facility& f : in.facilities) {
    floor_total += f.floor_area_m2;
    land_total += f.land_area_m2.value_or(0.0);
  }
  summary["facilities"] = {{"total", in.facilities.size()},
                           {"assigned", in.facilities.size() - unassigned.rows.size()},
                           {"unassigned", unassigned.rows.size()},
                           {"floor_area_m2", r2(floor_total)},
                           {"land_area_m2", r2(land_total)}};

  // Write everything, then commit: all files appear together or none do.
  detail::Writer w{out, in.working.crs, options.gpkg, io::CsvOptions{options.csv_bom}, {}};
  w.table(estates);
  if (!in.zones.empty()) w.table(zones);
  w.table(facilities);
  w.table(unassigned, true, false);
  std::ostringstream coverage_text;
  if (coverage) detail::write_coverage(w, in, estate_zones, *coverage, rules, options.coverage, summary, coverage_text);
  std::vector<std::string> files = w.files;
  files.push_back("summary.json");
  summary["outputs"] = files;
  w.json(summary, "summary.json");
  out.commit();

  // The terminal summary.
  std::ostringstream text;
  const Tally& n = by_kind["new"];
  const Tally& o = by_kind["old"];
  text << "siting check: " << in.estates.size() << " estates (" << n.total << " new, " << o.total << " old), "
       << in.facilities.size() << " facilities, " << in.zones.size() << " zones; rules " << rules.label()
       << "; working CRS " << in.working.crs.label() << "\n";
  text << "  new estates meeting " << format_number(rules.new_estate.floor_m2_per_100_households)
       << " m2 per 100 households: " << n.pass << " of " << n.total << " (" << pct(n.pass, n.total)
       << "), shortfall " << format_fixed(n.shortfall, 2) << " m2\n";
  text << "  old estates meeting " << format_number(rules.old_estate.floor_m2_per_100_households)
       << " m2 per 100 households: " << o.pass << " of " << o.total << " (" << pct(o.pass, o.total)
       << "), shortfall " << format_fixed(o.shortfall, 2) << " m2\n";
  if (!in.zones.empty())
    text << "  zones meeting " << format_number(rules.zone.land_m2_per_resident)
         << " m2 of land per resident: " << zone_line.str() << "\n";
  text << "  facilities counted for no estate: " << unassigned.rows.size() << " (unassigned_facilities.csv says why)\n";
  text << coverage_text.str();
  text << "  outputs in " << options.out_dir << ": " << siting::detail::join(files, " ") << "\n";

  CheckResult result;
  result.summary_text = text.str();
  result.files = files;
  bool any_fail = all_estates.pass != all_estates.total;
  for (const auto& r : zone_results) any_fail = any_fail || r.verdict == provision::Verdict::Fail;
  result.exit_code = options.strict && any_fail ? 1 : 0;
  return result;
}

}  // namespace siting::jobs
