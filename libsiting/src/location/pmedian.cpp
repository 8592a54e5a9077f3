// SPDX-License-Identifier: Apache-2.0
// p-median: p new sites, the least Σ weight × cost to the nearest open site.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "detail/text.hpp"
#include "location/detail/answer.hpp"
#include "location/detail/assign.hpp"
#include "location/detail/median.hpp"
#include "siting/error.hpp"
#include "siting/location/solve.hpp"

namespace siting::location {

Result solve(const Problem& problem, const PmedianOptions& o) {
  const detail::Stopwatch clock;
  detail::check_count(problem, o.p, "p");
  detail::check_common(o.bound, o.exact);
  const double auto_penalty = 1.0 + 2.0 * problem.max_cost();
  if (o.unreached_penalty != 0.0 && !(std::isfinite(o.unreached_penalty) && o.unreached_penalty > problem.max_cost()))
    throw Error(ErrorCode::BadValue,
                "the unreached penalty must be 0 (automatic) or a finite number above the largest cost " +
                    siting::detail::format_number(problem.max_cost()) + " (got " +
                    siting::detail::format_number(o.unreached_penalty) + ")",
                {"", "", "", "unreached_penalty"});
  const bool capacities = o.use_capacity && problem.has_capacity();
  const bool single = capacities && o.single_assignment;
  const auto& sites = problem.sites();

  // Local sites: candidates by index, then existing facilities.
  detail::AssignInstance inst;
  std::vector<Index> site_map, local(sites.size(), kNoIndex);
  for (int pass = 0; pass < 2; ++pass)
    for (Index s = 0; s < sites.size(); ++s) {
      if (sites[s].fixed != (pass == 1)) continue;
      local[s] = static_cast<Index>(site_map.size());
      site_map.push_back(s);
      inst.capacity.push_back(capacities && sites[s].capacity ? *sites[s].capacity : detail::kUnlimited);
    }
  inst.candidates = problem.candidate_count();
  inst.unassigned_cost = o.unreached_penalty > 0.0 ? o.unreached_penalty : auto_penalty;

  Result r;
  r.model = Model::Pmedian;
  std::vector<std::uint32_t> member_offsets{0};
  std::vector<Index> members;
  std::vector<Arc> arcs;
  for (Index i = 0; i < problem.demand().size(); ++i) {
    const LinkRange links = problem.sites_of(i);
    if (links.empty()) {
      r.unreachable.push_back(i);
      r.unreachable_weight += problem.demand()[i].weight;
      continue;
    }
    const auto d = static_cast<Index>(inst.weight.size());
    inst.weight.push_back(problem.demand()[i].weight);
    members.push_back(i);
    member_offsets.push_back(static_cast<std::uint32_t>(members.size()));
    for (const Link& l : links) arcs.push_back({d, local[l.to], l.cost});
  }
  detail::finish_instance(inst, std::move(arcs));
  const std::size_t p = o.p;
  const double eps = 1e-9 * std::max(1.0, inst.total_weight * problem.max_cost());

  std::vector<char> open;
  detail::Assigned assigned;
  detail::MedianGreedy greedy;
  if (!capacities) {
    open = detail::existing_open(inst);
    std::vector<std::uint32_t> pool(inst.candidates);
    std::iota(pool.begin(), pool.end(), 0u);
    greedy = detail::median_greedy(inst, open, pool, p);
    r.moves = detail::median_interchange(inst, open, o.search.local_search, o.search.max_moves);
    if (o.search.perturbation_rounds > 0)
      r.moves += detail::perturbed(
          inst, open, o.search,
          [&](std::vector<char>& s) {
            return detail::median_interchange(inst, s, o.search.local_search, o.search.max_moves);
          },
          [&](const std::vector<char>& s) { return detail::median_value(inst, s); });
    assigned = detail::assign_split(inst, open);
  } else {
    detail::CapacitatedSearch search = detail::capacitated_search(inst, p, single, o.search);
    open = std::move(search.open);
    assigned = std::move(search.assigned);
    greedy = std::move(search.greedy);
    r.moves = search.moves;
  }
  r.tradeoff.push_back({0, greedy.start_value, false});
  for (std::size_t n = 0; n < greedy.order.size(); ++n) r.tradeoff.push_back({n + 1, greedy.value[n], false});
  r.greedy_objective = r.tradeoff.back().objective;
  r.heuristic_objective = assigned.value;

  double lower = 0.0;
  r.bound_method = "trivial";
  if (o.bound.method != BoundMethod::None) {
    if (!capacities && (o.bound.method == BoundMethod::Best || o.bound.method == BoundMethod::Lagrangian)) {
      const double lb = detail::median_lagrangian_bound(inst, p, assigned.value, o.bound.lagrangian_iterations);
      if (lb > lower) {
        lower = lb;
        r.bound_method = "lagrangian";
      }
    }
    const bool lp = o.bound.method == BoundMethod::Lp ||
                    (o.bound.method == BoundMethod::Best && detail::assign_lp_nonzeros(inst) <= o.bound.lp_max_nonzeros);
    if (lp && assigned.value - lower > eps) {
      const detail::AssignLp bound = detail::assign_lp_bound(inst, p, o.bound.lp_time_limit_s);
      if (bound.ok && bound.value > lower) {
        lower = bound.value;
        r.bound_method = "lp";
      }
    }
  }
  if (o.exact.enabled && assigned.value - lower > eps)
    detail::polish_assignment(inst, p, single, o.exact, eps, open, assigned, lower, r);

  // Rank: greedily among the chosen, each by the cost it saves.
  const std::vector<std::uint32_t> chosen = detail::chosen_of(inst, open);
  if (!capacities) {
    std::vector<char> ranked = detail::existing_open(inst);
    const detail::MedianGreedy rank = detail::median_greedy(inst, ranked, chosen, chosen.size(), true);
    double before = rank.start_value;
    for (std::size_t n = 0; n < rank.order.size(); ++n) {
      r.chosen.push_back({site_map[rank.order[n]], before - rank.value[n], 0.0});
      before = rank.value[n];
    }
  } else {
    for (const auto& [s, gain] : detail::rank_capacitated(inst, chosen, single))
      r.chosen.push_back({site_map[s], gain, 0.0});
  }

  std::vector<char> open_sites(sites.size(), 0);
  for (std::uint32_t s = 0; s < inst.sites(); ++s) open_sites[site_map[s]] = open[s];
  std::vector<double> load(sites.size(), 0.0);
  detail::flow_answer(problem, member_offsets, members, inst.weight, site_map, assigned.flows, load, r);
  detail::finish_loads(problem, open_sites, load, r);
  r.total_weight = problem.total_weight();
  r.penalty = inst.unassigned_cost * assigned.unassigned;
  r.objective = assigned.value;
  r.bound = std::min(lower, r.objective);
  r.tradeoff.push_back({r.chosen.size(), r.objective, true});
  Preprocessing& pre = r.preprocessing;
  pre.demand_points = problem.demand().size();
  pre.demand_groups = inst.demands();
  pre.candidates = pre.candidates_kept = inst.candidates;
  detail::settle_gap(r);
  r.seconds = clock.seconds();
  return r;
}

}  // namespace siting::location
