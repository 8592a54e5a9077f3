// SPDX-License-Identifier: Apache-2.0
// The site report: sites.*, assignment.csv, coverage_before_after.csv,
// unreachable.csv, tradeoff.csv and .png, gaps_after.geojson and map.png
// (network mode), summary.json, and the terminal summary.

#include <algorithm>
#include <cmath>
#include <sstream>

#include "detail/text.hpp"
#include "report/city.hpp"
#include "report/common.hpp"
#include "report/site_render.hpp"
#include "siting/version.hpp"

namespace siting::report {

using location::Model;

namespace detail {

namespace {

bool covering(Model m) { return m != Model::Pmedian; }
bool network(const SiteReport& r) { return r.run != nullptr; }

// Households assigned to each site (by site index), from the assignment shares.
std::vector<double> households_assigned(const SiteReport& r) {
  std::vector<double> h(r.problem.sites().size(), 0.0);
  for (const location::Assignment& a : r.result.assignment) h[a.site] += a.share * r.households[a.demand];
  return h;
}

// Weight newly covered, or cost saved in the unit shown (minutes in network mode).
double marginal(const SiteReport& r, const location::ChosenSite& c) {
  return covering(r.result.model) ? c.marginal : c.marginal * r.cost_scale;
}

// Under the rule set's rate for new estates, at least its minimum single facility.
double floor_needed(const SiteReport& r, double households) {
  double f = households / 100.0 * r.rules.new_estate.floor_m2_per_100_households;
  if (r.rules.new_estate.min_single_facility_floor_m2) f = std::max(f, *r.rules.new_estate.min_single_facility_floor_m2);
  return f;
}

io::Table sites_table(const SiteReport& r) {
  const auto& sites = r.problem.sites();
  const auto& chosen = r.result.chosen;
  const std::vector<double> households = households_assigned(r);
  std::vector<Point> ll = r.site_points;
  if (network(r)) crs::Transform::Cached(r.run->inputs.working.crs, crs::Crs::Epsg(4326)).apply(ll);
  auto site = [&](std::size_t i) -> const location::Site& { return sites[chosen[i].site]; };
  Columns<std::size_t> c;
  c.add("rank", Integer, [](std::size_t i) { return i + 1; });
  c.add("site_id", Text, [&](std::size_t i) { return site(i).id; });
  if (network(r)) {
    c.add("name", Text, [&](std::size_t i) { return r.site_names[chosen[i].site]; });
    c.add("lon", Real(7), [&](std::size_t i) { return ll[chosen[i].site].x; });
    c.add("lat", Real(7), [&](std::size_t i) { return ll[chosen[i].site].y; });
    c.add("x", Real(2), [&](std::size_t i) { return r.site_points[chosen[i].site].x; });
    c.add("y", Real(2), [&](std::size_t i) { return r.site_points[chosen[i].site].y; });
  }
  c.add(covering(r.result.model) ? "newly_covered" : "cost_saved", Real(2),
        [&](std::size_t i) { return marginal(r, chosen[i]); });
  c.add("assigned", Real(2), [&](std::size_t i) { return chosen[i].assigned; });
  c.add("assigned_households", Real(2), [&](std::size_t i) { return households[chosen[i].site]; });
  c.add("floor_area_needed_m2", Real(2), [&](std::size_t i) { return floor_needed(r, households[chosen[i].site]); });
  c.add("capacity", Real(2), [&](std::size_t i) -> std::optional<double> {
    if (r.options.no_capacity) return std::nullopt;
    return site(i).capacity;
  });
  c.add("capacity_used", Real(4), [&](std::size_t i) -> std::optional<double> {
    if (r.options.no_capacity || !site(i).capacity || !(*site(i).capacity > 0)) return std::nullopt;
    return chosen[i].assigned / *site(i).capacity;
  });
  const std::vector<std::size_t> rows = indices(chosen.size());
  if (!network(r)) return c.table("sites", rows);
  return c.table("sites", rows, [&](std::size_t i) { return r.site_points[chosen[i].site]; });
}

io::Table assignment_table(const SiteReport& r) {
  const auto& a = r.result.assignment;
  Columns<std::size_t> c;
  c.add("demand_id", Text, [&](std::size_t i) { return r.problem.demand()[a[i].demand].id; });
  c.add("site_id", Text, [&](std::size_t i) { return r.problem.sites()[a[i].site].id; });
  c.add(network(r) ? "walk_min" : "cost", Real(network(r) ? 2 : -1),
        [&](std::size_t i) { return a[i].cost * r.cost_scale; });
  c.add("share", Real(4), [&](std::size_t i) { return a[i].share; });
  return c.table("assignment", indices(a.size()));
}

io::Table unreachable_table(const SiteReport& r) {
  const auto& u = r.result.unreachable;
  Columns<std::size_t> c;
  c.add("demand_id", Text, [&](std::size_t i) { return r.problem.demand()[u[i]].id; });
  c.add("weight", Real(-1), [&](std::size_t i) { return r.problem.demand()[u[i]].weight; });
  return c.table("unreachable", indices(u.size()));
}

struct Scope {
  std::string scope, level, id, name;
  double total, before, after;
};

io::Table before_after_table(const SiteReport& r) {
  std::vector<Scope> rows;
  if (!network(r)) {
    rows.push_back({"overall", "", "", "", r.problem.total_weight(), r.weight_before, r.weight_after});
  } else {
    const std::size_t last = r.before->options.minutes.size() - 1;
    rows.push_back({"overall", "", "", "", r.before->overall.households, r.before->overall.households_covered[last],
                    r.after->overall.households_covered[last]});
    const auto& zones = r.run->inputs.zones;
    for (std::size_t z = 0; z < zones.size(); ++z)
      rows.push_back({"zone", zones[z].level, zones[z].id, zones[z].name, r.before->zones[z].households,
                      r.before->zones[z].households_covered[last], r.after->zones[z].households_covered[last]});
  }
  const std::string unit = network(r) ? "households" : "weight";
  Columns<Scope> c;
  c.add("scope", Text, [](const Scope& s) { return s.scope; });
  c.add("level", Text, [](const Scope& s) { return s.level; });
  c.add("zone_id", Text, [](const Scope& s) { return s.id; });
  c.add("zone_name", Text, [](const Scope& s) { return s.name; });
  c.add(unit, Real(-1), [](const Scope& s) { return s.total; });
  c.add("covered_before", Real(-1), [](const Scope& s) { return s.before; });
  c.add("covered_after", Real(-1), [](const Scope& s) { return s.after; });
  c.add("share_before", Real(4), [](const Scope& s) -> std::optional<double> {
    if (!(s.total > 0)) return std::nullopt;
    return s.before / s.total;
  });
  c.add("share_after", Real(4), [](const Scope& s) -> std::optional<double> {
    if (!(s.total > 0)) return std::nullopt;
    return s.after / s.total;
  });
  return c.table("coverage_before_after", rows);
}

io::Table tradeoff_table(const SiteReport& r) {
  const auto& t = r.result.tradeoff;
  const double total = r.result.total_weight;
  Columns<std::size_t> c;
  c.add("new_sites", Integer, [&](std::size_t i) { return t[i].new_sites; });
  c.add("solution", Text, [&](std::size_t i) { return t[i].final_solution ? "answer" : "greedy"; });
  c.add("objective", Real(-1), [&](std::size_t i) { return t[i].objective; });
  if (covering(r.result.model))
    c.add("covered_share", Real(4), [&](std::size_t i) -> std::optional<double> {
      if (!(total > 0)) return std::nullopt;
      return t[i].objective / total;
    });
  else
    c.add("total_cost", Real(-1), [&](std::size_t i) { return t[i].objective * r.cost_scale; });
  return c.table("tradeoff", indices(t.size()));
}

std::string tradeoff_png(const SiteReport& r, double target) {
  TradeoffChart chart;
  const bool cover = covering(r.result.model);
  const double total = r.result.total_weight;
  chart.title = location::to_string(r.result.model) + ": " +
                (cover ? r.weight_name + " within " + r.budget_text : "total " + (network(r) ? std::string("walking time") : "cost")) +
                " against new sites";
  chart.x_title = "new sites";
  chart.y_title = cover ? r.weight_name + " within " + r.budget_text + " (%)"
                        : (network(r) ? "weighted walking time (min)" : "weighted cost");
  auto y = [&](double objective) {
    return cover ? (total > 0 ? 100.0 * objective / total : 0.0) : objective * r.cost_scale;
  };
  for (const location::TradeoffPoint& p : r.result.tradeoff) {
    ChartSeries& s = p.final_solution ? chart.answer : chart.greedy;
    s.x.push_back(static_cast<double>(p.new_sites));
    s.y.push_back(y(p.objective));
  }
  if (r.result.model == Model::Psclp) {
    chart.has_target = true;
    chart.target = 100.0 * target;
  }
  return render_tradeoff_png(chart);
}

std::string bound_name(const std::string& method) {
  if (method == "lp") return "LP bound";
  if (method == "lagrangian") return "Lagrangian bound";
  if (method == "cbc") return "Cbc's bound";
  return "trivial bound";
}

double rounded(double v, int decimals) { return siting::detail::round_to(v, decimals); }

ordered_json options_json(const SiteReport& r, double target) {
  const jobs::SiteJobOptions& o = r.options;
  ordered_json j;
  j["model"] = location::to_string(o.model);
  j["k"] = o.k ? ordered_json(*o.k) : ordered_json(nullptr);
  j["target_share"] = o.model == Model::Psclp ? ordered_json(target) : ordered_json(nullptr);
  j["cutoff"] = r.cutoff;
  j["single_assignment"] = o.single_assignment;
  j["capacity"] = !o.no_capacity;
  j["exact"] = o.exact;
  j["time_limit_s"] = o.time_limit_s;
  if (network(r)) {
    j["weight"] = location::to_string(o.weight);
    j["minutes"] = r.before->options.minutes;
    j["walk_speed_m_per_s"] = r.before->options.speed_m_per_s;
    j["max_snap_m"] = r.before->options.max_snap_m;
    j["candidates"] = r.candidates_source;
    j["candidate_spacing_m"] = o.candidate_spacing_m ? ordered_json(*o.candidate_spacing_m) : ordered_json(nullptr);
    j["search_minutes"] = o.search_minutes ? ordered_json(*o.search_minutes) : ordered_json(nullptr);
  }
  return j;
}

ordered_json summary_json(const SiteReport& r, double target) {
  const location::Result& res = r.result;
  ordered_json j;
  if (network(r)) {
    j = provenance("site", *r.run);
  } else {
    j["siting_version"] = siting::version();
    j["command"] = "site";
    j["inputs"] = {{"od", r.options.matrix.od},
                   {"demand", r.options.matrix.demand.empty() ? ordered_json(nullptr) : ordered_json(r.options.matrix.demand)},
                   {"sites", r.options.matrix.sites.empty() ? ordered_json(nullptr) : ordered_json(r.options.matrix.sites)}};
    j["rules"] = rules_json(r.rules);
  }
  j["mode"] = network(r) ? "network" : "matrix";
  j["model"] = location::to_string(res.model);
  j["objective"] = res.objective;
  j["bound"] = res.bound;
  j["gap"] = rounded(res.gap, 6);
  j["proven_optimal"] = res.proven_optimal;
  j["bound_method"] = res.bound_method;
  ordered_json chosen = ordered_json::array();
  for (const location::ChosenSite& c : res.chosen) chosen.push_back(r.problem.sites()[c.site].id);
  j["chosen"] = chosen;
  j["new_sites"] = res.chosen.size();
  j["seconds"] = rounded(res.seconds, 3);
  j["seconds_total"] = rounded(r.seconds, 3);
  j["weight"] = r.weight_name;
  j["total_weight"] = res.total_weight;
  j["covered_before"] = r.weight_before;
  j["covered_after"] = r.weight_after;
  j["share_before"] = share(r.weight_before, res.total_weight);
  j["share_after"] = share(r.weight_after, res.total_weight);
  // The optimiser's own count, beside the recount above (and coverage's in network mode).
  if (covering(res.model)) j["covered_weight"] = res.covered_weight;
  if (res.model == Model::Psclp) {
    j["target_share"] = target;
    j["target_reachable"] = res.target_reachable;
    j["max_share"] = rounded(res.max_share, 6);
  }
  if (res.model == Model::Pmedian) j["penalty"] = res.penalty;
  if (network(r)) {
    const auto& b = r.before->overall;
    const auto& a = r.after->overall;
    j["coverage"] = {{"households", b.households},
                     {"households_covered_before", b.households_covered.back()},
                     {"households_covered_after", a.households_covered.back()},
                     {"households_share_before", share(b.households_covered.back(), b.households)},
                     {"households_share_after", share(a.households_covered.back(), a.households)}};
    j["candidates_generated"] = r.candidates_generated;
  }
  const location::Preprocessing& p = res.preprocessing;
  j["preprocessing"] = {{"demand_points", p.demand_points},
                        {"demand_groups", p.demand_groups},
                        {"candidates", p.candidates},
                        {"candidates_kept", p.candidates_kept},
                        {"candidates_dominated", p.candidates_dominated},
                        {"candidates_useless", p.candidates_useless},
                        {"weight_by_existing", p.weight_by_existing},
                        {"arcs", r.problem.arc_count()}};
  j["unreachable"] = {{"count", res.unreachable.size()}, {"weight", res.unreachable_weight}};
  j["unassigned"] = {{"count", res.unassigned.size()}, {"weight", res.unassigned_weight}};
  j["search"] = {{"greedy_objective", res.greedy_objective},
                 {"heuristic_objective", res.heuristic_objective},
                 {"moves", res.moves},
                 {"exact_run", res.exact_run},
                 {"exact_status", res.exact_run ? ordered_json(res.exact_status) : ordered_json(nullptr)},
                 {"kernel_sites", res.kernel_sites},
                 {"kernel_status", res.kernel_status.empty() ? ordered_json(nullptr) : ordered_json(res.kernel_status)}};
  j["options"] = options_json(r, target);
  return j;
}

std::string number(double v) { return siting::detail::format_number(siting::detail::round_to(v, 2)); }

std::string summary_text(const SiteReport& r, double target) {
  const location::Result& res = r.result;
  const double total = res.total_weight;
  const std::size_t n = res.chosen.size();
  const std::string sites = std::to_string(n) + (n == 1 ? " new site" : " new sites");
  const std::string within = " of " + r.weight_name + " within " + r.budget_text;
  const std::string from = " (from " + pct(r.weight_before, total) + ")";
  const std::string gap = format_fixed(100.0 * res.gap, 2) + "%";
  std::ostringstream t;
  if (res.model == Model::Psclp && !res.target_reachable) {
    t << "  the " << format_number(100 * target) << "% target cannot be reached: with every candidate open, at most "
      << pct(res.max_share * total, total) << within << from << "; " << sites << " reach that\n";
  } else if (res.model == Model::Psclp) {
    const double lb = std::ceil(res.bound - 1e-9);
    t << "  " << sites << (n == 1 ? " brings " : " bring ") << pct(r.weight_after, total) << within << from << "; ";
    if (lb >= static_cast<double>(n)) t << "no fewer can (" << bound_name(res.bound_method) << ")\n";
    else t << "no fewer than " << format_fixed(lb, 0) << " can (" << bound_name(res.bound_method) << ")\n";
  } else if (res.model == Model::Mclp) {
    // With capacities, covered means served within reach and within capacity: the optimiser's count.
    t << "  " << sites << (n == 1 ? " brings " : " bring ") << pct(res.covered_weight, total) << within << from
      << "; no " << n << " can bring more than " << pct(std::min(res.bound, total), total) << " ("
      << bound_name(res.bound_method) << ", gap " << gap << ")\n";
    if (std::fabs(res.covered_weight - r.weight_after) > 1e-6 * std::max(1.0, total))
      t << "  capacities bind: " << pct(r.weight_after, total) << within
        << " of an open site regardless of capacity (coverage_before_after.csv)\n";
  } else {
    const std::string unit = network(r) ? " min" : "";
    t << "  " << sites << ": weighted " << (network(r) ? "walking time " : "cost ") << number(res.objective * r.cost_scale)
      << unit << " (" << number(total > 0 ? res.objective * r.cost_scale / total : 0.0) << unit << " on average); no " << n << " can do better than " << number(res.bound * r.cost_scale) << unit << " ("
      << bound_name(res.bound_method) << ", gap " << gap << "); " << pct(r.weight_after, total) << within << from
      << "\n";
  }
  if (res.proven_optimal) t << "  proven optimal\n";
  if (res.exact_run) t << "  Cbc: " << res.exact_status << "\n";
  if (n > 0) {
    t << "  sites in rank order:";
    const std::size_t shown = std::min<std::size_t>(n, 20);
    for (std::size_t i = 0; i < shown; ++i)
      t << (i ? ", " : " ") << r.problem.sites()[res.chosen[i].site].id << " (" << (covering(res.model) ? "+" : "-")
        << number(marginal(r, res.chosen[i])) << (covering(res.model) ? "" : r.cost_unit.empty() ? "" : " " + r.cost_unit)
        << ")";
    if (shown < n) t << ", ... (sites.csv)";
    t << "\n";
  }
  if (!res.unreachable.empty())
    t << "  " << res.unreachable.size() << (res.unreachable.size() == 1 ? " demand point" : " demand points")
      << " (weight " << number(res.unreachable_weight) << ") no site reaches" << (covering(res.model) ? " within " + r.budget_text : "")
      << ": listed in unreachable.csv\n";
  return t.str();
}

}  // namespace

}  // namespace detail

std::string write_site(Output& out, const SiteReport& r) {
  const double target = r.options.target_share ? *r.options.target_share : r.rules.coverage.target_share;
  out.table(detail::sites_table(r));
  out.table(detail::assignment_table(r), Files::Csv);
  out.table(detail::before_after_table(r), Files::Csv);
  out.table(detail::unreachable_table(r), Files::Csv);
  out.table(detail::tradeoff_table(r), Files::Csv);
  const std::string tradeoff = detail::tradeoff_png(r, target);
  out.text(tradeoff, "tradeoff.png");
  if (r.run) {
    io::Table gaps = detail::gaps_table(Run{*r.inputs_after, r.rules, r.options.out_dir, r.run->estate_zones}, *r.after);
    gaps.name = "gaps_after";
    out.table(gaps, Files::GeoJson);
    out.text(detail::site_map_png(r), "map.png");
  }
  const std::string findings = detail::summary_text(r, target);
  if (r.run && r.run->report) detail::write_site_report(out, r, findings, tradeoff);
  detail::ordered_json summary = detail::summary_json(r, target);
  detail::write_summary(out, summary);
  const std::size_t fixed = r.problem.sites().size() - r.problem.candidate_count();
  std::string head = "siting site (" + location::to_string(r.result.model) + ", " +
                     (r.run ? "network" : "matrix") + " mode): ";
  if (r.run)
    head += std::to_string(r.run->inputs.estates.size()) + " parcels, " + std::to_string(fixed) +
            " existing facilities, " + std::to_string(r.problem.candidate_count()) + " candidates (" +
            r.candidates_source + "); working CRS " + r.run->inputs.working.crs.label() + "\n";
  else
    head += std::to_string(r.problem.demand().size()) + " demand points, " +
            std::to_string(r.problem.candidate_count()) + " candidates, " + std::to_string(fixed) +
            " existing sites, " + std::to_string(r.problem.arc_count()) + " pairs\n";
  return head + findings + (r.run ? detail::report_line(*r.run) : "") + "  outputs in " + r.options.out_dir + ": " +
         siting::detail::join(out.files, " ") + "\n";
}

}  // namespace siting::report
