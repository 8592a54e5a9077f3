// SPDX-License-Identifier: Apache-2.0
#pragma once

// Where new facilities go: three location models on a Problem, each solved by a
// heuristic that always comes with a bound (a certificate of how far the answer
// can be from the best possible), and optionally by a MIP solver (COIN-OR Cbc),
// warm-started from the heuristic, with a time limit.
//
//   mclp     choose k new sites that maximise the demand weight within `cutoff`
//            of an open site (existing facilities are open).
//   psclp    the fewest new sites so that at least `target_share` of the total
//            weight is within `cutoff` of an open site.
//   pmedian  choose p new sites that minimise Σ weight × cost to the nearest
//            open site.
//
//   MclpOptions o;
//   o.k = 5;
//   o.cutoff = 900.0;                        // 15 minutes at 1 m/s
//   Result r = solve(problem, o);            // r.objective, r.bound, r.gap, r.chosen
//
// Everything is deterministic: the same problem and options give the same sites
// (ties go to the smaller site index). See docs/siting.md for the algorithms.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "siting/location/problem.hpp"

namespace siting::location {

enum class Model { Mclp, Psclp, Pmedian };
std::string to_string(Model model);  // "mclp", "psclp", "pmedian"

enum class LocalSearch {
  None,              // the greedy answer as it is
  FirstImprovement,  // take the first improving swap, scanning candidates in index order (cyclically)
  BestImprovement,   // take the best swap of the whole neighbourhood (ties: smaller candidate, then smaller site out)
};

struct SearchOptions {
  LocalSearch local_search = LocalSearch::BestImprovement;
  // Improving moves before the local search stops; default 100000; >= 0.
  std::size_t max_moves = 100000;
  // Tabu-search steps after the first local optimum (covering models): the best
  // non-tabu swap each step, worsening ones too, so the search walks out of local
  // optima; the best set found is kept. Default 0 (see the models' options);
  // 0..10000000.
  std::size_t tabu_steps = 0;
  // Steps a closed site stays out (an opened one stays in for half as long);
  // default 0 = automatic, 10 + open sites / 10; 0..1000000.
  std::size_t tabu_tenure = 0;
  // Perturbation rounds after the first local optimum (iterated local search: a
  // few random swaps from the best answer, then local search again; kept when
  // better). Default 0, 500 for the p-median; not used by the capacitated
  // searches, where every move re-solves an assignment; 0..1000000.
  std::size_t perturbation_rounds = 0;
  // Seed of the perturbation's random numbers (splitmix64): the same seed gives
  // the same answer. Default 1; any value.
  std::uint64_t seed = 1;
};

enum class BoundMethod {
  Best,        // every method that applies to the model; the tightest is reported
  Lp,          // the LP relaxation, solved by Clp
  Lagrangian,  // Lagrangian relaxation by subgradient (without capacities; psclp through mclp probes)
  None,        // no bound (bound = the trivial one, gap reported as not proven)
};

struct BoundOptions {
  BoundMethod method = BoundMethod::Best;
  // Subgradient steps of the Lagrangian bound; default 500; 1..1000000.
  std::size_t lagrangian_iterations = 500;
  // The LP relaxation is skipped (for BoundMethod::Best only) when it would have
  // more nonzeros than this: Clp then takes longer than everything else (9 s on
  // the 20,000 × 2,000 covering benchmark, 6 s on OR-Library pmed16), while the
  // Lagrangian bound comes within a few tenths of a percent of it in well under
  // a second. Default 100,000; >= 0.
  std::size_t lp_max_nonzeros = 100000;
  // Clp's time limit in seconds; default 120; > 0. A stopped LP gives no bound.
  double lp_time_limit_s = 120.0;
};

struct ExactOptions {
  bool enabled = false;  // run Cbc on the MIP after the heuristic (warm-started with its answer)
  // Wall-clock limit for Cbc in seconds; default 60; > 0.
  double time_limit_s = 60.0;
  // Cbc's own log (on stdout); default off.
  bool log = false;
  // Cbc's threads; default 1 (deterministic); 1..64.
  int threads = 1;
  // Branch-and-bound nodes before Cbc stops; default 0 = no limit; 0..10^9. A
  // node limit, unlike the time limit, stops at the same point on every machine.
  std::size_t max_nodes = 0;
};

// Kernel search for psclp (a matheuristic after Angelelli, Mansini and
// Speranza): when the local search is done and its answer (n sites) is not
// proven, `variants` mclp searches at n − 1, n − 2, … sites (each with another
// tabu tenure: automatic, 60, 120, 30, …) find other good sets; Cbc then solves
// the psclp restricted to the union of their sites and the answer's (the kernel),
// warm-started with the answer, and its answer replaces the heuristic's when it
// needs fewer sites. On the 20,000 × 2,000 covering benchmark the kernel holds
// 469 of the 1,899 sites kept and takes psclp from 227 to 222 sites in about 9 s in all
// (221 in 17 s with more effort, docs/siting.md), where Cbc on the whole model,
// warm-started, finds 222 in 10 minutes. The restricted MIP is
// limited by nodes, so the same input gives the same answer on every machine;
// the time limit is a safety net (when it is hit, kernel_status says so and the
// answer depends on the machine's speed).
struct KernelOptions {
  bool enabled = true;
  // mclp searches feeding the kernel; default 3; 1..100.
  std::size_t variants = 3;
  // Nodes of the restricted MIP; default 5000; 1..10^9.
  std::size_t max_nodes = 5000;
  // Wall-clock safety limit of the restricted MIP in seconds; default 60; > 0.
  double time_limit_s = 60.0;
};

struct MclpOptions {
  std::size_t k = 1;  // new sites; 1 <= k <= number of candidates
  // Covering budget in the arcs' cost unit: an arc with cost <= cutoff covers
  // (inclusive); required; finite, >= 0.
  double cutoff = std::numeric_limits<double>::quiet_NaN();
  bool use_capacity = true;        // honour site capacities when the problem has any
  bool single_assignment = false;  // with capacities: each demand point served wholly by one site
  // Default: 1000 tabu steps after the swap search (uncapacitated; docs/siting.md).
  SearchOptions search = [] {
    SearchOptions s;
    s.tabu_steps = 1000;
    return s;
  }();
  BoundOptions bound;
  ExactOptions exact;
};

struct PsclpOptions {
  // Share of the total demand weight to cover; default 0.9; in (0, 1].
  double target_share = 0.9;
  double cutoff = std::numeric_limits<double>::quiet_NaN();  // as in MclpOptions
  // Attempts of the 2-for-1 move (drop a site, repair by swaps) per round, tried
  // in order of least coverage lost; default 20; >= 0. (With the kernel search
  // after it, more attempts cost more time than they save sites: 200 attempts
  // and one tabu repair take the benchmark from 227 to 225 sites before the
  // kernel, and the kernel from 222 to 221, in 17 s instead of 9 s.)
  std::size_t drop_attempts = 20;
  // Then the same with tabu search as the repair (search.tabu_steps steps), for
  // this many of the sites losing least; default 0; >= 0.
  std::size_t tabu_drops = 0;
  // Default: 500 tabu steps per repair.
  SearchOptions search = [] {
    SearchOptions s;
    s.tabu_steps = 500;
    return s;
  }();
  KernelOptions kernel;
  BoundOptions bound;
  ExactOptions exact;
};

struct PmedianOptions {
  std::size_t p = 1;  // new sites; 1 <= p <= number of candidates
  bool use_capacity = true;        // honour site capacities when the problem has any
  bool single_assignment = false;  // with capacities: each demand point served wholly by one site
  // Cost per unit weight of demand that has arcs but none to an open site. It
  // is part of the objective so the search never gains by leaving demand out;
  // 0 = automatic: 1 + 2 × the largest arc cost. Otherwise > the largest arc cost.
  double unreached_penalty = 0.0;
  // Default: 500 perturbation rounds (the OR-Library benchmark's choice, docs/siting.md).
  SearchOptions search = [] {
    SearchOptions s;
    s.perturbation_rounds = 500;
    return s;
  }();
  BoundOptions bound;
  ExactOptions exact;
};

struct ChosenSite {
  Index site = 0;        // index into problem.sites()
  double marginal = 0.0; // objective change when added in rank order: weight newly covered
                         // (mclp, psclp) or cost saved (pmedian)
  double assigned = 0.0; // demand weight assigned to it
};

struct SiteLoad {
  Index site = 0;  // every open site, existing ones included, by index
  double assigned = 0.0;
};

struct Assignment {
  Index demand = 0;
  Index site = 0;
  double cost = 0.0;
  double share = 1.0;  // of the demand point's weight; below 1 only when capacities split it
};

struct TradeoffPoint {
  std::size_t new_sites = 0;
  double objective = 0.0;       // covered weight (mclp, psclp) or total cost (pmedian)
  bool final_solution = false;  // false: the greedy order's first n sites; true: the answer
};

struct Preprocessing {
  std::size_t demand_points = 0;       // in the problem
  std::size_t demand_groups = 0;       // optimised: merged, minus covered by existing / unreachable
  std::size_t candidates = 0;          // in the problem
  std::size_t candidates_kept = 0;     // optimised
  std::size_t candidates_dominated = 0;  // cover a subset of another's (no cheaper), dropped
  std::size_t candidates_useless = 0;  // reach no remaining demand, dropped
  double weight_by_existing = 0.0;     // covered by existing facilities before any choice
};

struct Result {
  Model model = Model::Mclp;
  double objective = 0.0;  // mclp: covered weight (existing included); psclp: new sites; pmedian: cost
  double bound = 0.0;      // upper (mclp) or lower (psclp, pmedian) bound on the optimum
  // (bound − objective) / bound for mclp, (objective − bound) / objective for the
  // others; 0 when both are 0.
  double gap = 0.0;
  bool proven_optimal = false;
  std::string bound_method;  // "lp", "lagrangian", "cbc", "trivial"
  std::vector<ChosenSite> chosen;  // rank order (each the best next addition among the chosen)
  std::vector<SiteLoad> load;
  std::vector<Assignment> assignment;  // by demand, then site
  std::vector<TradeoffPoint> tradeoff;
  // Demand no site reaches (within the cutoff for covering models): never
  // coverable; reported and left out of the optimisation.
  std::vector<Index> unreachable;
  double unreachable_weight = 0.0;
  // Demand left without a site by this answer (mclp: not covered; pmedian: no arc
  // to an open site, charged the unreached penalty).
  std::vector<Index> unassigned;
  double unassigned_weight = 0.0;

  double total_weight = 0.0;
  double covered_weight = 0.0;  // mclp, psclp
  double covered_share = 0.0;   // covered_weight / total_weight
  // psclp: whether target_share is reachable at all; if not, the answer is the
  // fewest sites reaching max_share, the largest reachable share.
  bool target_reachable = true;
  double max_share = 0.0;
  double penalty = 0.0;  // pmedian: the unreached penalty's part of the objective

  double greedy_objective = 0.0;     // before local search
  double heuristic_objective = 0.0;  // before any MIP (kernel search, exact)
  std::size_t moves = 0;             // improving local-search moves
  bool exact_run = false;
  std::string exact_status;  // "optimal", "time limit", ... when exact_run
  // Kernel search (psclp): the kernel's size and the restricted MIP's status
  // ("optimal", "node limit", "time limit", ...); 0 and empty when it did not run.
  std::size_t kernel_sites = 0;
  std::string kernel_status;
  Preprocessing preprocessing;
  double seconds = 0.0;
};

// Throw Error(E105) for bad options: k or p out of 1..candidates, a target share
// outside (0, 1], a missing or negative cutoff, no candidates.
Result solve(const Problem& problem, const MclpOptions& options);
Result solve(const Problem& problem, const PsclpOptions& options);
Result solve(const Problem& problem, const PmedianOptions& options);

}  // namespace siting::location
