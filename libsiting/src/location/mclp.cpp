// SPDX-License-Identifier: Apache-2.0
// Maximal covering: k new sites, the most demand weight within the cutoff.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "location/detail/answer.hpp"
#include "location/detail/assign.hpp"
#include "location/detail/cover.hpp"
#include "location/detail/cover_search.hpp"
#include "location/detail/median.hpp"
#include "siting/location/solve.hpp"

namespace siting::location {

namespace {

using detail::CoverInstance;

bool lp_wanted(const BoundOptions& b, std::size_t nonzeros) {
  return b.method == BoundMethod::Lp || (b.method == BoundMethod::Best && nonzeros <= b.lp_max_nonzeros);
}
bool lagrangian_wanted(const BoundOptions& b) {
  return b.method == BoundMethod::Lagrangian || b.method == BoundMethod::Best;
}

Result uncapacitated(const Problem& problem, const CoverInstance& inst, const MclpOptions& o,
                     const detail::Stopwatch& clock) {
  Result r;
  r.model = Model::Mclp;
  const std::size_t k = std::min(o.k, inst.candidates);
  const double existing = inst.existing_weight;
  const double eps = 1e-12 * std::max(1.0, inst.group_weight);

  detail::CoverState state(inst);
  std::vector<std::uint32_t> pool(inst.candidates);
  std::iota(pool.begin(), pool.end(), 0u);
  const detail::GreedyRun greedy = detail::lazy_greedy(state, pool, k);
  r.tradeoff.push_back({0, existing, false});
  double running = existing;
  for (std::size_t n = 0; n < greedy.order.size(); ++n) {
    running += greedy.gain[n];
    r.tradeoff.push_back({n + 1, running, false});
  }
  r.greedy_objective = existing + state.covered();
  r.moves = detail::swap_search(state, o.search.local_search, o.search.max_moves);
  double covered = state.covered();

  // Bounds on the covered group weight; the weakest is "everything reachable".
  double bound = inst.group_weight;
  r.bound_method = "trivial";
  if (lagrangian_wanted(o.bound) && covered < inst.group_weight - eps) {
    const detail::LagrangianRun lr = detail::mclp_lagrangian(inst, k, covered, o.bound.lagrangian_iterations);
    if (lr.bound < bound) {
      bound = lr.bound;
      r.bound_method = "lagrangian";
    }
    // The relaxation's best choice, improved by swaps, may beat greedy + swaps.
    if (!lr.best_sites.empty()) {
      detail::CoverState other(inst);
      for (std::uint32_t s : lr.best_sites) other.open(s);
      const std::size_t moves = detail::swap_search(other, o.search.local_search, o.search.max_moves);
      if (other.covered() > covered + eps) {
        for (std::uint32_t s : state.open_sites()) state.close(s);
        for (std::uint32_t s : other.open_sites()) state.open(s);
        covered = state.covered();
        r.moves = moves;
      }
    }
  }
  if (o.search.tabu_steps > 0)
    r.moves += detail::tabu_search(state, o.search.tabu_steps, detail::tenure_of(o.search, k));
  if (o.search.perturbation_rounds > 0) r.moves += detail::perturb_search(state, o.search);
  std::vector<std::uint32_t> open = state.open_sites();
  covered = state.covered();
  r.heuristic_objective = existing + covered;
  if (covered >= inst.group_weight - eps) {
    bound = covered;  // everything reachable is covered
    r.bound_method = "all reachable covered";
  }
  if (o.bound.method != BoundMethod::None && bound > covered + eps &&
      lp_wanted(o.bound, detail::covering_lp_nonzeros(inst))) {
    const detail::LpBound lp = detail::mclp_lp_bound(inst, k, o.bound.lp_time_limit_s);
    if (lp.ok && lp.value < bound) {
      bound = lp.value;
      r.bound_method = "lp";
    }
  }
  if (o.exact.enabled && bound > covered + eps) {
    const detail::CoverMip mip = detail::mclp_mip(inst, k, open, o.exact);
    r.exact_run = true;
    r.exact_status = mip.status;
    if (mip.has_solution) {
      detail::CoverState check(inst);
      for (std::uint32_t s : mip.open) check.open(s);
      const double value = check.covered();
      if (value > covered + eps && mip.open.size() <= k) {
        open = mip.open;
        covered = value;
      }
    }
    const double cbc_bound = mip.proven_optimal ? std::max(covered, mip.objective) : mip.bound;
    if (std::isfinite(cbc_bound) && cbc_bound < bound) {
      bound = std::max(cbc_bound, covered);
      r.bound_method = "cbc";
    }
    if (mip.proven_optimal) r.proven_optimal = true;
  }

  detail::covering_answer(problem, inst, open, o.cutoff, r);
  r.objective = r.covered_weight;
  r.bound = std::max(existing + bound, r.objective);
  r.tradeoff.push_back({open.size(), r.objective, true});
  detail::settle_gap(r);
  r.seconds = clock.seconds();
  return r;
}

// Capacitated: the groups are the demand of an assignment model whose arcs
// (within the cutoff) cost 0 and whose unassigned weight costs 1 per unit, so
// its value is the uncovered weight.
Result capacitated(const Problem& problem, const CoverInstance& inst, const MclpOptions& o,
                   const detail::Stopwatch& clock) {
  Result r;
  r.model = Model::Mclp;
  const std::size_t k = std::min(o.k, inst.candidates);
  const bool single = o.single_assignment;
  detail::AssignInstance ai;
  ai.weight = inst.weight;
  ai.capacity = inst.capacity;
  ai.candidates = inst.candidates;
  ai.unassigned_cost = 1.0;
  std::vector<Arc> arcs;
  for (std::uint32_t g = 0; g < inst.groups(); ++g)
    for (std::uint32_t e = inst.group_offsets[g]; e < inst.group_offsets[g + 1]; ++e)
      arcs.push_back({g, inst.group_sites[e], 0.0});
  detail::finish_instance(ai, std::move(arcs));
  const double existing = inst.existing_weight;
  const double all = inst.group_weight;
  const double eps = 1e-9 * std::max(1.0, all);

  detail::CapacitatedSearch search = detail::capacitated_search(ai, k, single, o.search);
  r.tradeoff.push_back({0, existing + all - search.greedy.start_value, false});
  for (std::size_t n = 0; n < search.greedy.order.size(); ++n)
    r.tradeoff.push_back({n + 1, existing + all - search.greedy.value[n], false});
  r.greedy_objective = r.tradeoff.back().objective;
  r.moves = search.moves;
  std::vector<char> open = search.open;
  detail::Assigned assigned = search.assigned;
  r.heuristic_objective = existing + all - assigned.value;

  double lower = 0.0;  // on the uncovered weight
  r.bound_method = "trivial";
  if (o.bound.method != BoundMethod::None && o.bound.method != BoundMethod::Lagrangian &&
      assigned.value > eps && lp_wanted(o.bound, detail::assign_lp_nonzeros(ai))) {
    const detail::AssignLp lp = detail::assign_lp_bound(ai, k, o.bound.lp_time_limit_s);
    if (lp.ok) {
      lower = std::max(0.0, lp.value);
      r.bound_method = "lp";
    }
  }
  if (assigned.value <= eps) r.bound_method = "all reachable covered";
  if (o.exact.enabled && assigned.value > lower + eps)
    detail::polish_assignment(ai, k, single, o.exact, eps, open, assigned, lower, r);

  for (const auto& [s, gain] : detail::rank_capacitated(ai, detail::chosen_of(ai, open), single))
    r.chosen.push_back({inst.site[s], gain, 0.0});

  // Open problem sites: existing ones and the chosen.
  const auto& sites = problem.sites();
  std::vector<char> open_sites(sites.size(), 0);
  for (Index s = 0; s < sites.size(); ++s) open_sites[s] = sites[s].fixed;
  for (std::uint32_t s : detail::chosen_of(ai, open)) open_sites[inst.site[s]] = 1;
  std::vector<double> load(sites.size(), 0.0);
  detail::flow_answer(problem, inst.member_offsets, inst.members, inst.weight, inst.site, assigned.flows, load, r);
  // Demand covered by an existing facility without a capacity goes to the
  // nearest such facility within the cutoff.
  for (Index i : inst.covered_by_existing) {
    Index best = kNoIndex;
    double best_cost = 0.0;
    for (const Link& l : problem.sites_of(i))
      if (sites[l.to].fixed && !sites[l.to].capacity && l.cost <= o.cutoff && (best == kNoIndex || l.cost < best_cost)) {
        best = l.to;
        best_cost = l.cost;
      }
    r.assignment.push_back({i, best, best_cost, 1.0});
    load[best] += problem.demand()[i].weight;
  }
  detail::finish_loads(problem, open_sites, load, r);
  r.unreachable = inst.unreachable;
  r.unreachable_weight = inst.unreachable_weight;
  r.total_weight = problem.total_weight();
  r.covered_weight = existing + all - assigned.value;
  r.covered_share = r.total_weight > 0.0 ? r.covered_weight / r.total_weight : 0.0;
  detail::fill_preprocessing(problem, inst, r);
  r.objective = r.covered_weight;
  r.bound = std::max(existing + all - lower, r.objective);
  r.tradeoff.push_back({r.chosen.size(), r.objective, true});
  detail::settle_gap(r);
  r.seconds = clock.seconds();
  return r;
}

}  // namespace

Result solve(const Problem& problem, const MclpOptions& options) {
  const detail::Stopwatch clock;
  detail::check_cutoff(options.cutoff);
  detail::check_count(problem, options.k, "k");
  detail::check_common(options.bound, options.exact);
  const bool capacities = options.use_capacity && problem.has_capacity();
  detail::CoverPrep prep;
  prep.cutoff = options.cutoff;
  prep.capacitated = capacities;
  // Merged demand may split across sites, which single assignment forbids.
  prep.merge = !(capacities && options.single_assignment);
  const CoverInstance inst = detail::build_cover(problem, prep);
  if (capacities && inst.capacitated()) return capacitated(problem, inst, options, clock);
  return uncapacitated(problem, inst, options, clock);
}

}  // namespace siting::location
