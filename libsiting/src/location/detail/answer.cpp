// SPDX-License-Identifier: Apache-2.0
#include "location/detail/answer.hpp"

#include <algorithm>
#include <cmath>

#include "detail/text.hpp"
#include "location/detail/cover_search.hpp"
#include "siting/error.hpp"

namespace siting::location {

std::string to_string(Model model) {
  switch (model) {
    case Model::Mclp: return "mclp";
    case Model::Psclp: return "psclp";
    case Model::Pmedian: return "pmedian";
  }
  return "?";
}

namespace detail {

void check_cutoff(double cutoff) {
  if (!std::isfinite(cutoff) || cutoff < 0.0)
    throw Error(ErrorCode::BadValue, "the covering cutoff must be a finite number >= 0 (got " +
                                         siting::detail::format_number(cutoff) + ")",
                {"", "", "", "cutoff"});
}

void check_count(const Problem& problem, std::size_t count, const char* name) {
  const std::size_t candidates = problem.candidate_count();
  if (candidates == 0)
    throw Error(ErrorCode::BadValue, "no candidate sites: every site is an existing facility (fixed = 1)",
                {"", "", "", "fixed"});
  if (count < 1 || count > candidates)
    throw Error(ErrorCode::BadValue, std::string(name) + " = " + std::to_string(count) + " is outside 1.." +
                                         std::to_string(candidates) + " (the number of candidate sites)",
                {"", "", "", name});
}

void check_common(const BoundOptions& bound, const ExactOptions& exact) {
  auto bad = [](const std::string& what, const char* field) {
    throw Error(ErrorCode::BadValue, what, {"", "", "", field});
  };
  if (bound.lagrangian_iterations < 1) bad("the Lagrangian bound needs at least 1 iteration", "lagrangian_iterations");
  if (!(bound.lp_time_limit_s > 0.0)) bad("the LP time limit must be > 0 seconds", "lp_time_limit");
  if (exact.enabled && !(exact.time_limit_s > 0.0)) bad("the MIP time limit must be > 0 seconds", "time_limit");
  if (exact.threads < 1 || exact.threads > 64) bad("the MIP solver's threads must be 1..64", "threads");
  if (exact.max_nodes > 1000000000) bad("the MIP solver's node limit must be 0..10^9", "max_nodes");
}

double gap_of(Model model, double objective, double bound) {
  if (model == Model::Mclp) return bound > 0.0 ? std::max(0.0, (bound - objective) / bound) : 0.0;
  return objective > 0.0 ? std::max(0.0, (objective - bound) / objective) : 0.0;
}

void settle_gap(Result& r) {
  r.gap = gap_of(r.model, r.objective, r.bound);
  // Within float noise of the bound is proven; so is an integer count at its ceiling.
  if (r.gap <= 1e-9) {
    r.gap = 0.0;
    r.proven_optimal = true;
  }
}

void fill_preprocessing(const Problem& problem, const CoverInstance& inst, Result& r) {
  Preprocessing& p = r.preprocessing;
  p.demand_points = problem.demand().size();
  p.demand_groups = inst.groups();
  p.candidates = problem.candidate_count();
  p.candidates_kept = inst.candidates;
  p.candidates_dominated = inst.dominated;
  p.candidates_useless = inst.useless;
  p.weight_by_existing = inst.existing_weight;
}

void covering_answer(const Problem& problem, const CoverInstance& inst, const std::vector<std::uint32_t>& open,
                     double cutoff, Result& r) {
  // Rank: greedy order within the chosen set, so each marginal is what that site
  // adds to the ones ranked before it (they sum to the new coverage).
  CoverState state(inst);
  const GreedyRun ranked = lazy_greedy(state, open, open.size(), std::numeric_limits<double>::infinity(), true);
  const auto& sites = problem.sites();
  std::vector<char> is_open(sites.size(), 0);
  for (Index s = 0; s < sites.size(); ++s)
    if (sites[s].fixed) is_open[s] = 1;
  for (std::uint32_t s : open) is_open[inst.site[s]] = 1;

  std::vector<double> load(sites.size(), 0.0);
  r.assignment.clear();
  r.unassigned.clear();
  r.unassigned_weight = 0.0;
  r.covered_weight = 0.0;
  std::vector<char> unreachable(problem.demand().size(), 0);
  for (Index i : inst.unreachable) unreachable[i] = 1;
  for (Index i = 0; i < problem.demand().size(); ++i) {
    const double w = problem.demand()[i].weight;
    Index best = kNoIndex;
    double best_cost = 0.0;
    for (const Link& l : problem.sites_of(i))
      if (is_open[l.to] && l.cost <= cutoff && (best == kNoIndex || l.cost < best_cost)) {
        best = l.to;
        best_cost = l.cost;
      }
    if (best == kNoIndex) {
      if (!unreachable[i]) {
        r.unassigned.push_back(i);
        r.unassigned_weight += w;
      }
      continue;
    }
    r.assignment.push_back({i, best, best_cost, 1.0});
    load[best] += w;
    r.covered_weight += w;
  }
  r.unreachable = inst.unreachable;
  r.unreachable_weight = inst.unreachable_weight;
  r.chosen.clear();
  for (std::size_t n = 0; n < ranked.order.size(); ++n) {
    const Index s = inst.site[ranked.order[n]];
    r.chosen.push_back({s, ranked.gain[n], load[s]});
  }
  r.load.clear();
  for (Index s = 0; s < sites.size(); ++s)
    if (is_open[s]) r.load.push_back({s, load[s]});
  r.total_weight = problem.total_weight();
  r.covered_share = r.total_weight > 0.0 ? r.covered_weight / r.total_weight : 0.0;
  fill_preprocessing(problem, inst, r);
}

double arc_cost(const Problem& problem, Index demand, Index site) {
  const LinkRange links = problem.sites_of(demand);
  const Link* it = std::lower_bound(links.begin(), links.end(), site,
                                    [](const Link& l, Index s) { return l.to < s; });
  return it != links.end() && it->to == site ? it->cost : std::numeric_limits<double>::infinity();
}

void flow_answer(const Problem& problem, const std::vector<std::uint32_t>& member_offsets,
                 const std::vector<Index>& members, const std::vector<double>& weight,
                 const std::vector<Index>& site_map, const std::vector<Flow>& flows, std::vector<double>& load,
                 Result& r) {
  std::vector<double> placed(weight.size(), 0.0);
  for (const Flow& f : flows) {
    if (weight[f.demand] <= 0.0) continue;
    const double share = std::min(1.0, f.amount / weight[f.demand]);
    placed[f.demand] += share;
    const Index s = site_map[f.site];
    for (std::uint32_t m = member_offsets[f.demand]; m < member_offsets[f.demand + 1]; ++m) {
      const Index i = members[m];
      r.assignment.push_back({i, s, arc_cost(problem, i, s), share});
      load[s] += share * problem.demand()[i].weight;
    }
  }
  for (std::uint32_t d = 0; d < weight.size(); ++d) {
    const double missing = weight[d] > 0.0 ? 1.0 - placed[d] : 0.0;
    if (missing <= 1e-9) continue;
    for (std::uint32_t m = member_offsets[d]; m < member_offsets[d + 1]; ++m) {
      r.unassigned.push_back(members[m]);
      r.unassigned_weight += missing * problem.demand()[members[m]].weight;
    }
  }
}

void finish_loads(const Problem& problem, const std::vector<char>& open_sites, const std::vector<double>& load,
                  Result& r) {
  r.load.clear();
  for (Index s = 0; s < problem.sites().size(); ++s)
    if (open_sites[s]) r.load.push_back({s, load[s]});
  for (ChosenSite& c : r.chosen) c.assigned = load[c.site];
  std::sort(r.assignment.begin(), r.assignment.end(), [](const Assignment& a, const Assignment& b) {
    return a.demand < b.demand || (a.demand == b.demand && a.site < b.site);
  });
  std::sort(r.unassigned.begin(), r.unassigned.end());
}

}  // namespace detail
}  // namespace siting::location
