// SPDX-License-Identifier: Apache-2.0
#include "siting/review/review.hpp"

#include <algorithm>
#include <cmath>

#include "detail/geos.hpp"
#include "detail/text.hpp"
#include "siting/coverage/service_area.hpp"
#include "siting/network/search.hpp"
#include "siting/provision/assign.hpp"
#include "siting/provision/evaluate.hpp"

namespace siting::review {

using detail::format_fixed;
using detail::format_number;
using detail::round_to;
using provision::at_least;

const char* to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::Pass: return "pass";
    case Outcome::Fail: return "fail";
    case Outcome::NotApplicable: return "not_applicable";
    case Outcome::NotEvaluated: return "not_evaluated";
  }
  return "not_applicable";
}

std::vector<std::string> Review::failed_checks() const {
  std::vector<std::string> out;
  for (const Check& c : checks)
    if (c.outcome == Outcome::Fail) out.push_back(c.id);
  return out;
}

namespace {

std::string m2(double v) { return format_fixed(v, 2) + " m2"; }
std::string pct(double share) { return format_fixed(100.0 * share, 1) + "%"; }

Check make(const std::string& id, const std::string& title, const std::string& title_zh) {
  Check c;
  c.id = id;
  c.title = title;
  c.title_zh = title_zh;
  return c;
}

// The proposal as estates (one per phase) and facilities, for the shared engines.
std::vector<Estate> as_estates(const Proposal& p) {
  auto& ctx = detail::GeosContext::local();
  std::vector<Estate> out;
  for (const Phase& ph : p.phases) {
    Estate e;
    e.id = p.id + "#" + std::to_string(ph.number);
    e.kind = ph.kind;
    e.households = ph.households;
    e.geometry = ph.geometry;
    e.area_m2 = ph.area_m2;
    e.label = detail::point_on_surface(ctx, ph.geometry);
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<Facility> as_facilities(const Proposal& p) {
  std::vector<Facility> out;
  for (const ProposedFacility& f : p.facilities) {
    Facility x;
    x.id = f.id;
    x.name = f.name;
    x.category = f.category;
    x.location = f.location;
    x.floor_area_m2 = f.floor_area_m2;
    x.land_area_m2 = f.land_area_m2;
    out.push_back(std::move(x));
  }
  return out;
}

Check quantity(const Proposal& p, const rules::RuleSet& rules) {
  Check c = make("quantity", "Facility floor area per 100 households", "配建规模（每百户建筑面积）");
  const double hh_new = p.households(EstateKind::New), hh_old = p.households(EstateKind::Old);
  const double required = (hh_new * rules.new_estate.floor_m2_per_100_households +
                           hh_old * rules.old_estate.floor_m2_per_100_households) / 100.0;
  double provided = 0;
  for (const ProposedFacility& f : p.facilities) provided += f.floor_area_m2;
  const double shortfall = std::max(0.0, round_to(required, 2) - round_to(provided, 2));
  c.outcome = at_least(provided, required) ? Outcome::Pass : Outcome::Fail;
  std::string basis;
  if (hh_new > 0)
    basis += format_number(hh_new) + " new households x " +
             format_number(rules.new_estate.floor_m2_per_100_households) + " m2 per 100";
  if (hh_old > 0)
    basis += std::string(basis.empty() ? "" : " + ") + format_number(hh_old) + " old households x " +
             format_number(rules.old_estate.floor_m2_per_100_households) + " m2 per 100";
  if (basis.empty()) basis = "no households";
  c.finding = "required " + m2(required) + " (" + basis + "); provided " + m2(provided) + " in " +
              std::to_string(p.facilities.size()) + " facility(ies)" +
              (c.outcome == Outcome::Fail ? "; shortfall " + m2(shortfall) : "");
  c.values = {{"households", p.households()},
              {"required_m2", round_to(required, 2)},
              {"provided_m2", round_to(provided, 2)},
              {"shortfall_m2", round_to(shortfall, 2)}};
  return c;
}

Check min_single(const Proposal& p, const rules::RuleSet& rules) {
  Check c = make("min_single_facility", "Minimum floor area of each facility", "单处最小建筑面积");
  const bool any_new = p.households(EstateKind::New) > 0;
  const auto& minimum = (any_new ? rules.new_estate : rules.old_estate).min_single_facility_floor_m2;
  if (!minimum) {
    c.finding = "the rule set sets no minimum";
    return c;
  }
  c.values.push_back({"minimum_m2", *minimum});
  if (p.facilities.empty()) {
    c.outcome = Outcome::Fail;
    c.finding = "no facility proposed; each must have at least " + m2(*minimum);
    return c;
  }
  std::string small;
  for (const ProposedFacility& f : p.facilities)
    if (!at_least(f.floor_area_m2, *minimum)) small += (small.empty() ? "" : ", ") + f.id + " " + m2(f.floor_area_m2);
  c.outcome = small.empty() ? Outcome::Pass : Outcome::Fail;
  c.finding = small.empty() ? "every facility has at least " + m2(*minimum)
                            : "below the minimum of " + m2(*minimum) + ": " + small;
  return c;
}

// A condition each facility must meet, where the rule set has it and the data
// says it; a value the rule needs but the proposal leaves out is a failure.
template <typename Test>
Check per_facility(Check c, bool rule_applies, const char* no_rule, bool field_given, const char* field_what,
                   const Proposal& p, Test&& test) {
  if (!rule_applies) {
    c.finding = no_rule;
    return c;
  }
  if (p.facilities.empty()) {
    c.finding = "no facility proposed";
    return c;
  }
  if (!field_given) {
    c.outcome = Outcome::Fail;
    c.finding = std::string("not shown: the proposal gives no ") + field_what + " for its facilities";
    return c;
  }
  std::string bad;
  for (const ProposedFacility& f : p.facilities) {
    const std::string why = test(f);
    if (!why.empty()) bad += (bad.empty() ? "" : "; ") + f.id + ": " + why;
  }
  c.outcome = bad.empty() ? Outcome::Pass : Outcome::Fail;
  c.finding = bad.empty() ? "met by every facility" : bad;
  return c;
}

std::string floor_name(int floor) {
  return floor < 0 ? "basement " + std::to_string(-floor) : "floor " + std::to_string(floor);
}

Check phasing(const Proposal& p, const rules::RuleSet& rules) {
  const auto& share = rules.review.max_housing_share_before_facility;
  Check c = make("phasing",
                 share ? "In the first phase, or finished before " + pct(*share) + " of the housing"
                       : "Phasing",
                 share ? "首期建设，或住宅完成" + format_number(100.0 * *share) + "%前建成" : "分期建设");
  if (!share) {
    c.finding = "the rule set sets no phasing rule";
    return c;
  }
  if (p.facilities.empty()) {
    c.finding = "no facility proposed";
    return c;
  }
  int first = p.phases.front().number;
  bool single = true;
  for (const Phase& ph : p.phases) {
    first = std::min(first, ph.number);
    single = single && ph.number == p.phases.front().number;
  }
  if (single) {
    c.outcome = Outcome::Pass;
    c.finding = "a single phase: the facilities are built with all of the housing";
    return c;
  }
  const double total = p.households();
  std::string bad, good, missing;
  for (const ProposedFacility& f : p.facilities) {
    if (!f.phase) {
      missing += (missing.empty() ? "" : "; ") + f.id + ": phase not given";
      continue;
    }
    double before = 0;
    for (const Phase& ph : p.phases)
      if (ph.number < *f.phase) before += ph.households;
    const double s = total > 0 ? before / total : 0.0;
    const std::string where = f.id + " in phase " + std::to_string(*f.phase) + " (" + pct(s) + " of households before it)";
    if (*f.phase == first || s <= *share + 1e-12) good += (good.empty() ? "" : "; ") + where;
    else bad += (bad.empty() ? "" : "; ") + where;
  }
  c.outcome = bad.empty() && missing.empty() ? Outcome::Pass : Outcome::Fail;
  std::string finding;
  if (!bad.empty()) finding = "too late: " + bad;
  if (!missing.empty()) finding += (finding.empty() ? "" : "; ") + missing;
  c.finding = finding.empty() ? good : finding;
  c.values.push_back({"max_housing_share_before_facility", *share});
  return c;
}

std::vector<Check> synchrony(const Proposal& p) {
  struct Flag {
    const char* key;
    const char* title;
    const char* zh;
    bool given;
    std::optional<bool> ProposedFacility::*member;
  };
  const std::vector<Flag> flags{
      {"planned", "Planned together with the housing", "同步规划", p.has_planned, &ProposedFacility::planned},
      {"built", "Built together with the housing", "同步建设", p.has_built, &ProposedFacility::built},
      {"accepted", "Accepted together with the housing", "同步验收", p.has_accepted, &ProposedFacility::accepted},
      {"handed_over", "Handed over together with the housing", "同步交付", p.has_handed_over,
       &ProposedFacility::handed_over},
  };
  std::vector<Check> out;
  for (const Flag& fl : flags) {
    Check c = make(std::string("sync.") + fl.key, std::string("四同步: ") + fl.title, std::string("四同步：") + fl.zh);
    if (!fl.given) {
      c.finding = "the proposal carries no such field";
    } else if (p.facilities.empty()) {
      c.finding = "no facility proposed";
    } else {
      std::string bad;
      for (const ProposedFacility& f : p.facilities) {
        const auto& v = f.*(fl.member);
        if (!v) bad += (bad.empty() ? "" : ", ") + f.id + " (not given)";
        else if (!*v) bad += (bad.empty() ? "" : ", ") + f.id;
      }
      c.outcome = bad.empty() ? Outcome::Pass : Outcome::Fail;
      c.finding = bad.empty() ? "yes for every facility" : "no for " + bad;
    }
    out.push_back(std::move(c));
  }
  return out;
}

// Coverage: existing and proposed facilities, and existing alone. Fills the
// phases' walks and, for the map, the proposal's own service circle.
Check coverage_check(const Proposal& p, const std::vector<Estate>& phases, const std::vector<Facility>& proposed,
                     const rules::RuleSet& rules, const Context& ctx, ReviewResult& r) {
  const double minutes = ctx.coverage.minutes.empty() ? rules.coverage.minutes.back() : ctx.coverage.minutes.back();
  Check cov = make("coverage", format_number(minutes) + "-minute walk to elderly-care services",
                   format_number(minutes) + "分钟养老服务圈");
  if (!ctx.graph) {
    cov.outcome = Outcome::NotEvaluated;
    cov.finding = "not evaluated: no street network given (--roads)";
    return cov;
  }
  coverage::CoverageOptions opt = ctx.coverage;
  opt.overlay = false;
  opt.facility_areas = false;
  opt.polygons = false;
  std::vector<Facility> all = ctx.facilities;
  all.insert(all.end(), proposed.begin(), proposed.end());
  const coverage::Coverage with = coverage::analyse_coverage(*ctx.graph, *ctx.index, phases, all, opt);
  const coverage::Coverage without = coverage::analyse_coverage(*ctx.graph, *ctx.index, phases, ctx.facilities, opt);
  const double total = p.households();
  double hh_with = 0, hh_without = 0;
  for (std::size_t i = 0; i < phases.size(); ++i) {
    const auto& pc = with.parcels[i];
    if (pc.facility != network::kNone) {
      hh_with += phases[i].households;
      r.review.phases[i].time_s = pc.time_s;
      r.review.phases[i].facility_id = all[pc.facility].id;
      r.review.phases[i].proposed = pc.facility >= ctx.facilities.size();
    }
    if (without.parcels[i].facility != network::kNone) hh_without += phases[i].households;
  }
  const double share_with = total > 0 ? hh_with / total : 1.0;
  const double share_without = total > 0 ? hh_without / total : 1.0;
  cov.outcome = share_with + 1e-12 >= rules.coverage.target_share ? Outcome::Pass : Outcome::Fail;
  cov.finding = pct(share_with) + " of its households within " + format_number(minutes) + " min at " +
                format_number(opt.speed_m_per_s) + " m/s (target " + pct(rules.coverage.target_share) +
                "); existing facilities alone: " + pct(share_without) + ", so the proposal adds " +
                pct(share_with - share_without);
  cov.values = {{"households_within_with_proposal", hh_with},
                {"share_with_proposal", round_to(share_with, 4)},
                {"households_within_existing_only", hh_without},
                {"share_existing_only", round_to(share_without, 4)},
                {"added_share", round_to(share_with - share_without, 4)},
                {"target_share", rules.coverage.target_share},
                {"minutes", minutes},
                {"walk_speed_m_per_s", opt.speed_m_per_s}};

  // The proposal's own service circle, for the map.
  const double budget = opt.budget_m();
  network::BoundedSearch search(*ctx.graph);
  std::vector<coverage::Piece> pieces;
  std::vector<LineString> connectors;
  for (std::size_t k = 0; k < p.facilities.size(); ++k) {
    const ProposedFacility& f = p.facilities[k];
    const network::Snap& s = with.facilities[ctx.facilities.size() + k].snap;  // as the coverage run snapped it
    if (!s.on_network()) continue;
    const auto reach = search.run(s, budget);
    const auto more = coverage::reachable_pieces(*ctx.graph, reach, s, budget);
    pieces.insert(pieces.end(), more.begin(), more.end());
    if (s.connector_m > 0 && s.connector_m <= budget) connectors.push_back({f.location, s.at});
  }
  coverage::AreaOptions area = opt.area;
  area.threads = 1;
  area.progress = false;
  r.map.circle = coverage::ServiceArea::Build(*ctx.graph, pieces, connectors, area).dissolved();
  return cov;
}

Check zone_land_check(const std::string& id_suffix, const std::string& title, const std::string& title_zh) {
  return make("zone_land" + id_suffix, "Elderly-care land per resident in " + title, "人均养老服务设施用地" + title_zh);
}

Check not_evaluated(Check c, const std::string& why) {
  c.outcome = Outcome::NotEvaluated;
  c.finding = "not evaluated: " + why;
  return c;
}

// Zone land per resident, with the proposal counted: one check per zone it lies in.
std::vector<Check> zone_checks(const Proposal& p, const std::vector<Estate>& phases,
                               const std::vector<Facility>& proposed, const rules::RuleSet& rules,
                               const Context& ctx) {
  if (ctx.zones.empty()) return {not_evaluated(zone_land_check("", "its zones", ""), "no zones given (--zones)")};
  const Point label = phases.front().label;
  const auto hits = provision::zones_containing(ctx.zones, {label}).front();
  const double residents = p.households() * rules.zone.persons_per_household;
  std::vector<Zone> after = ctx.zones;
  for (std::size_t zi : hits) {
    Zone& z = after[zi];
    if (z.population) *z.population += residents;
    else if (z.households) *z.households += p.households();
  }
  std::vector<Estate> estates_after = ctx.estates;
  estates_after.insert(estates_after.end(), phases.begin(), phases.end());
  std::vector<Facility> facilities_after = ctx.facilities;
  facilities_after.insert(facilities_after.end(), proposed.begin(), proposed.end());
  const auto before = provision::evaluate_zones(ctx.zones, ctx.estates, ctx.facilities, rules);
  const auto res = provision::evaluate_zones(after, estates_after, facilities_after, rules);
  double land = 0;
  for (const ProposedFacility& f : p.facilities) land += f.land_area_m2;
  std::vector<Check> out;
  if (hits.empty())
    out.push_back(not_evaluated(zone_land_check("", "its zones", ""), "the proposal lies in none of the zones given"));
  for (std::size_t zi : hits) {
    const Zone& zone = ctx.zones[zi];
    const provision::ZoneResult& a = res[zi];
    Check z = zone_land_check("." + zone.level, zone.level + " " + (zone.name.empty() ? zone.id : zone.name),
                              "（" + zone.level + "）");
    if (!zone.population && !zone.households && ctx.estates.empty()) {
      // Its population would be the proposal's alone.
      out.push_back(not_evaluated(std::move(z), "zone " + zone.id +
                                                    " gives no population or households; give its existing "
                                                    "estates with --parcels"));
      continue;
    }
    z.outcome = a.verdict == provision::Verdict::Pass ? Outcome::Pass : Outcome::Fail;
    z.finding = "with the proposal: " + format_fixed(a.population, 0) + " residents x " +
                format_number(rules.zone.land_m2_per_resident) + " m2 = " + m2(a.required_land_m2) + " required; " +
                m2(a.provided_land_m2) + " provided (the proposal adds " + m2(land) + " of land and " +
                format_fixed(residents, 0) + " residents)" +
                (a.verdict == provision::Verdict::Fail ? "; shortfall " + m2(a.shortfall_land_m2) : "");
    z.values = {{"zone_id", zone.id},
                {"level", zone.level},
                {"population_before", round_to(before[zi].population, 0)},
                {"population_after", round_to(a.population, 0)},
                {"required_land_m2", round_to(a.required_land_m2, 2)},
                {"provided_land_m2", round_to(a.provided_land_m2, 2)},
                {"shortfall_land_m2", round_to(a.shortfall_land_m2, 2)},
                {"added_land_m2", round_to(land, 2)},
                {"met_before", before[zi].verdict == provision::Verdict::Pass}};
    out.push_back(std::move(z));
  }
  return out;
}

// The map's view: the estate and its circle, with a margin; the streets and
// existing facilities within it.
void frame_map(const Proposal& p, const Context& ctx, MapInputs& map) {
  Box v = bounds(p.footprint());
  if (!map.circle.empty()) v.extend(bounds(map.circle));
  const double margin = 0.08 * std::max({v.max_x - v.min_x, v.max_y - v.min_y, 200.0});
  map.view = {v.min_x - margin, v.min_y - margin, v.max_x + margin, v.max_y + margin};
  const Box& view = map.view;
  if (ctx.graph)
    for (network::EdgeId e : ctx.index->edges_near(view, 0.0)) {
      const network::Edge& ed = ctx.graph->edge(e);
      map.streets.push_back({ctx.graph->point(ed.u), ctx.graph->point(ed.v)});
    }
  for (const Facility& f : ctx.facilities) {
    const Point& q = f.location;
    if (q.x < view.min_x || q.x > view.max_x || q.y < view.min_y || q.y > view.max_y) continue;
    map.existing.push_back(q);
  }
}

std::vector<Check> building_checks(const Proposal& p, const rules::RuleSet& rules) {
  std::vector<Check> out;
  out.push_back(per_facility(
      make("not_underground", "Not below ground", "不得设置在地下室、半地下室"), rules.review.not_underground,
      "the rule set has no such rule", p.has_floor, "floor", p, [](const ProposedFacility& f) -> std::string {
        if (!f.floor) return "floor not given";
        return *f.floor < 1 ? "on " + floor_name(*f.floor) : "";
      }));
  // JGJ 450-2018 5.6.4: rooms above the ground floor, or below ground, need a lift.
  const int lift_floor = rules.review.lift_above_floor.value_or(0);
  out.push_back(per_facility(
      make("lift",
           rules.review.lift_above_floor ? "A lift above floor " + std::to_string(lift_floor) + " and below ground"
                                         : "Lift",
           rules.review.lift_above_floor ? std::to_string(lift_floor + 1) + "层及以上或地下设电梯" : "设电梯"),
      rules.review.lift_above_floor.has_value(), "the rule set has no such rule", p.has_floor, "floor", p,
      [lift_floor](const ProposedFacility& f) -> std::string {
        if (!f.floor) return "floor not given";
        if (*f.floor >= 1 && *f.floor <= lift_floor) return "";
        if (!f.lift) return "on " + floor_name(*f.floor) + ", lift not given";
        return *f.lift ? "" : "on " + floor_name(*f.floor) + " without a lift";
      }));
  out.push_back(per_facility(make("independent_entrance", "Independent entrance", "独立出入口"),
                             rules.review.independent_entrance, "the rule set has no such rule", p.has_entrance,
                             "entrance", p, [](const ProposedFacility& f) -> std::string {
                               if (!f.independent_entrance) return "not given";
                               return *f.independent_entrance ? "" : "no independent entrance";
                             }));
  return out;
}

}  // namespace

ReviewResult review_proposal(const Proposal& p, const rules::RuleSet& rules, const Context& ctx) {
  ReviewResult result;
  Review& r = result.review;
  r.checks.push_back(quantity(p, rules));
  r.checks.push_back(min_single(p, rules));
  for (Check& c : building_checks(p, rules)) r.checks.push_back(std::move(c));
  r.checks.push_back(phasing(p, rules));

  const std::vector<Estate> phases = as_estates(p);
  const std::vector<Facility> proposed = as_facilities(p);
  r.phases.resize(p.phases.size());
  r.checks.push_back(coverage_check(p, phases, proposed, rules, ctx, result));
  for (Check& c : zone_checks(p, phases, proposed, rules, ctx)) r.checks.push_back(std::move(c));
  for (Check& c : synchrony(p)) r.checks.push_back(std::move(c));

  r.verdict = Outcome::Pass;
  for (const Check& c : r.checks)
    if (c.outcome == Outcome::Fail) r.verdict = Outcome::Fail;
  frame_map(p, ctx, result.map);
  return result;
}

}  // namespace siting::review
