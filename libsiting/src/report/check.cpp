// SPDX-License-Identifier: Apache-2.0
// The check report: estates.*, zones.*, facilities.*, unassigned_facilities.csv,
// the coverage files when the check ran with roads, and summary.json.

#include <cmath>
#include <sstream>
#include <tuple>

#include "detail/text.hpp"
#include "report/city.hpp"
#include "report/common.hpp"

namespace siting::report {

using provision::ProvisionResult;
using provision::Tally;

namespace detail {
namespace {

io::Table estates_table(const Run& run, const ProvisionResult& pr, const coverage::CoverageResult* coverage) {
  const jobs::Inputs& in = run.inputs;
  auto res = [&pr](std::size_t e) -> const provision::EstateResult& { return pr.estates[e]; };
  Columns<std::size_t> c;
  c.add("id", Text, [&](std::size_t e) { return in.estates[e].id; });
  c.add("name", Text, [&](std::size_t e) { return in.estates[e].name; });
  c.add("kind", Text, [&](std::size_t e) { return to_string(in.estates[e].kind); });
  c.add("households", Integer, [&](std::size_t e) { return in.estates[e].households; });
  c.add("area_m2", Real(), [&](std::size_t e) { return in.estates[e].area_m2; });
  c.add("rate_m2_per_100_households", Real(), [&](std::size_t e) { return res(e).rate_m2_per_100_households; });
  c.add("required_m2", Real(), [&](std::size_t e) { return res(e).required_m2; });
  c.add("provided_m2", Real(), [&](std::size_t e) { return res(e).provided_m2; });
  c.add("shortfall_m2", Real(), [&](std::size_t e) { return res(e).shortfall_m2; });
  c.add("facility_count", Integer, [&](std::size_t e) { return res(e).facility_count; });
  c.add("facility_ids", Text, [&](std::size_t e) {
    std::string ids;
    for (std::size_t f : pr.assignment.facilities_of[e]) ids += (ids.empty() ? "" : ";") + in.facilities[f].id;
    return ids;
  });
  c.add("min_single_facility_m2", Real(), [&](std::size_t e) { return res(e).min_single_facility_m2; });
  c.add("undersized_facilities", Integer, [&](std::size_t e) { return res(e).undersized_facilities; });
  add_zone_columns(c, in, [&run](std::size_t e) -> const auto& { return (*run.estate_zones)[e]; });
  if (coverage) {
    auto pc = [coverage](std::size_t e) -> const coverage::ParcelCoverage& { return coverage->coverage.parcels[e]; };
    auto covered = [pc](std::size_t e) { return pc(e).facility != network::kNone; };
    c.add("walk_time_s", Real(1), [=](std::size_t e) -> std::optional<double> {
      if (!covered(e)) return std::nullopt;
      return pc(e).time_s;
    });
    c.add("nearest_facility_id", Text, [=, &in](std::size_t e) -> io::Value {
      if (!covered(e)) return {};
      return in.facilities[pc(e).facility].id;
    });
    c.add("in_service_circle", Boolean, covered);
  }
  c.add("verdict", Text, [&](std::size_t e) { return provision::to_string(res(e).verdict); });
  c.add("reasons", Text, [&](std::size_t e) { return res(e).reasons; });
  return c.table("estates", indices(in.estates.size()),
                 [&](std::size_t e) -> const MultiPolygon& { return in.estates[e].geometry; });
}

io::Table zones_table(const Run& run, const ProvisionResult& pr) {
  const std::vector<Zone>& zones = run.inputs.zones;
  auto res = [&pr](std::size_t z) -> const provision::ZoneResult& { return pr.zones[z]; };
  Columns<std::size_t> c;
  c.add("id", Text, [&](std::size_t z) { return zones[z].id; });
  c.add("name", Text, [&](std::size_t z) { return zones[z].name; });
  c.add("level", Text, [&](std::size_t z) { return zones[z].level; });
  c.add("population", Real(0), [&](std::size_t z) { return res(z).population; });
  c.add("population_source", Text, [&](std::size_t z) { return to_string(res(z).population_source); });
  c.add("estate_count", Integer, [&](std::size_t z) { return res(z).estate_count; });
  c.add("facility_count", Integer, [&](std::size_t z) { return res(z).facility_count; });
  c.add("required_land_m2", Real(), [&](std::size_t z) { return res(z).required_land_m2; });
  c.add("provided_land_m2", Real(), [&](std::size_t z) { return res(z).provided_land_m2; });
  c.add("shortfall_land_m2", Real(), [&](std::size_t z) { return res(z).shortfall_land_m2; });
  c.add("land_m2_per_resident", Real(4), [&](std::size_t z) { return res(z).land_m2_per_resident; });
  c.add("verdict", Text, [&](std::size_t z) { return provision::to_string(res(z).verdict); });
  c.add("reasons", Text, [&](std::size_t z) { return res(z).reasons; });
  return c.table("zones", indices(zones.size()),
                 [&](std::size_t z) -> const MultiPolygon& { return zones[z].geometry; });
}

// Where each facility went: the unassigned ones also on their own, with the reason.
void write_facilities(Output& out, const Run& run, const ProvisionResult& pr) {
  const jobs::Inputs& in = run.inputs;
  std::vector<Point> ll;
  const crs::Transform to_wgs84 = crs::Transform::Cached(in.working.crs, crs::Crs::Epsg(4326));
  for (const Facility& f : in.facilities) {
    ll.push_back(f.location);
    to_wgs84.apply(ll.back());
  }
  const auto& estate_of = pr.assignment.estate_of;
  for (const char* how : {"assigned_by", "reason"}) {
    Columns<std::size_t> c;
    c.add("id", Text, [&](std::size_t f) { return in.facilities[f].id; });
    c.add("name", Text, [&](std::size_t f) { return in.facilities[f].name; });
    c.add("category", Text, [&](std::size_t f) { return in.facilities[f].category; });
    c.add("type", Text, [&](std::size_t f) -> std::string {
      return in.facilities[f].type ? to_string(*in.facilities[f].type) : "";
    });
    c.add("floor_area_m2", Real(), [&](std::size_t f) { return in.facilities[f].floor_area_m2; });
    c.add("land_area_m2", Real(), [&](std::size_t f) { return in.facilities[f].land_area_m2; });
    c.add("beds", Integer, [&](std::size_t f) { return in.facilities[f].beds; });
    c.add("nursing_beds", Integer, [&](std::size_t f) { return in.facilities[f].nursing_beds; });
    c.add("operator", Text, [&](std::size_t f) -> std::string {
      return in.facilities[f].operator_kind ? to_string(*in.facilities[f].operator_kind) : "";
    });
    c.add("estate_id", Text, [&](std::size_t f) {
      return estate_of[f] ? in.estates[*estate_of[f]].id : in.facilities[f].estate_id;
    });
    c.add(how, Text, [&](std::size_t f) { return pr.assignment.how[f]; });
    c.add("lon", Real(7), [&](std::size_t f) { return ll[f].x; });
    c.add("lat", Real(7), [&](std::size_t f) { return ll[f].y; });
    if (how == std::string("assigned_by")) {
      out.table(c.table("facilities", indices(in.facilities.size()),
                        [&](std::size_t f) -> const Point& { return in.facilities[f].location; }));
    } else {
      std::vector<std::size_t> unassigned;
      for (std::size_t f = 0; f < in.facilities.size(); ++f)
        if (!estate_of[f]) unassigned.push_back(f);
      out.table(c.table("unassigned_facilities", unassigned), Files::Csv);
    }
  }
}

ordered_json tally_json(const Tally& t) {
  ordered_json j;
  j["total"] = t.total;
  j["pass"] = t.pass;
  j["fail"] = t.total - t.pass;
  j["compliance_rate"] = share(static_cast<double>(t.pass), static_cast<double>(t.total));
  j["households"] = t.people;
  j["required_m2"] = r2(t.required_m2);
  j["provided_m2"] = r2(t.provided_m2);
  j["shortfall_m2"] = r2(t.shortfall_m2);
  return j;
}

void provision_summary(const ProvisionResult& pr, std::size_t facilities, ordered_json& summary) {
  summary["estates"] = tally_json(pr.all_estates);
  summary["estates"]["new"] = tally_json(pr.new_estates);
  summary["estates"]["old"] = tally_json(pr.old_estates);
  ordered_json zones = ordered_json::object();
  for (const auto& [level, t] : pr.zone_levels)
    zones[level] = {{"total", t.total},
                    {"pass", t.pass},
                    {"fail", t.total - t.pass},
                    {"compliance_rate", share(static_cast<double>(t.pass), static_cast<double>(t.total))},
                    {"population", std::round(t.people)},
                    {"required_land_m2", r2(t.required_m2)},
                    {"provided_land_m2", r2(t.provided_m2)},
                    {"shortfall_land_m2", r2(t.shortfall_m2)}};
  summary["zones"] = zones;
  summary["facilities"] = {{"total", facilities},
                           {"assigned", facilities - pr.facilities_unassigned},
                           {"unassigned", pr.facilities_unassigned},
                           {"floor_area_m2", r2(pr.facility_floor_m2)},
                           {"land_area_m2", r2(pr.facility_land_m2)}};
}

std::string provision_text(const Run& run, const ProvisionResult& pr) {
  const jobs::Inputs& in = run.inputs;
  const rules::RuleSet& rules = run.rules;
  std::ostringstream text;
  const Tally& n = pr.new_estates;
  const Tally& o = pr.old_estates;
  text << "siting check: " << in.estates.size() << " estates (" << n.total << " new, " << o.total << " old), "
       << in.facilities.size() << " facilities, " << in.zones.size() << " zones; rules " << rules.label()
       << "; working CRS " << in.working.crs.label() << "\n";
  for (const auto& [what, rule, t] : {std::tuple{"new", &rules.new_estate, &n}, std::tuple{"old", &rules.old_estate, &o}})
    text << "  " << what << " estates meeting " << format_number(rule->floor_m2_per_100_households)
         << " m2 per 100 households: " << t->pass << " of " << t->total << " ("
         << pct(static_cast<double>(t->pass), static_cast<double>(t->total)) << "), shortfall "
         << format_fixed(t->shortfall_m2, 2) << " m2\n";
  if (!in.zones.empty()) {
    text << "  zones meeting " << format_number(rules.zone.land_m2_per_resident) << " m2 of land per resident: ";
    for (std::size_t i = 0; i < pr.zone_levels.size(); ++i)
      text << (i ? ", " : "") << pr.zone_levels[i].first << " " << pr.zone_levels[i].second.pass << " of "
           << pr.zone_levels[i].second.total;
    text << "\n";
  }
  text << "  facilities counted for no estate: " << pr.facilities_unassigned
       << " (unassigned_facilities.csv says why)\n";
  return text.str();
}

}  // namespace
}  // namespace detail

std::string write_check(Output& out, const Run& run, const ProvisionResult& pr,
                        const coverage::CoverageResult* coverage, const indicators::IndicatorTable& indicators) {
  detail::ordered_json summary = detail::provenance("check", run);
  detail::provision_summary(pr, run.inputs.facilities.size(), summary);
  out.table(detail::estates_table(run, pr, coverage));
  if (!run.inputs.zones.empty()) out.table(detail::zones_table(run, pr));
  detail::write_facilities(out, run, pr);
  std::string text = detail::provision_text(run, pr);
  if (coverage) {
    detail::coverage_tables(out, run, *coverage);
    detail::coverage_summary(run, *coverage, summary);
    text += detail::coverage_text(run, *coverage);
  }
  detail::indicator_outputs(out, run, indicators, summary);
  text += detail::indicators_text(indicators);
  if (run.report) {
    detail::write_check_report(out, run, pr, coverage, indicators);
    text += detail::report_line(run);
  }
  detail::write_summary(out, summary);
  return text + detail::outputs_line(run, siting::detail::join(out.files, " "));
}

}  // namespace siting::report
