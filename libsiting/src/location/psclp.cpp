// SPDX-License-Identifier: Apache-2.0
// Partial set covering: the fewest new sites that bring the covered share to the
// target. Greedy to the target, then "drop" (a site whose loss the slack
// absorbs) and "2-for-1" moves (drop a site, then swaps until the target is met
// again with one site fewer).
#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "detail/text.hpp"
#include "location/detail/answer.hpp"
#include "location/detail/cover.hpp"
#include "location/detail/cover_search.hpp"
#include "siting/error.hpp"
#include "siting/location/solve.hpp"

namespace siting::location {

namespace {

using detail::CoverState;

// Opens exactly `sites` in `state`.
void reset(CoverState& state, const std::vector<std::uint32_t>& sites) {
  for (std::uint32_t s : state.open_sites()) state.close(s);
  for (std::uint32_t s : sites) state.open(s);
}

// Removes sites while the target still holds: first plain drops (the site losing
// least, ties to the smaller index), then drop-and-repair attempts.
std::size_t shrink(CoverState& state, double need, const PsclpOptions& o) {
  std::size_t moves = 0;
  for (;;) {
    const std::vector<std::uint32_t> open = state.open_sites();
    if (open.empty()) break;
    const double covered = state.covered();
    std::vector<std::pair<double, std::uint32_t>> by_loss;
    for (std::uint32_t s : open) by_loss.push_back({state.loss(s), s});
    std::sort(by_loss.begin(), by_loss.end());
    if (covered - by_loss.front().first >= need) {
      state.close(by_loss.front().second);
      ++moves;
      continue;
    }
    bool shrunk = false;
    const std::size_t attempts = std::min(o.drop_attempts, by_loss.size());
    for (std::size_t a = 0; a < attempts && !shrunk; ++a) {
      state.close(by_loss[a].second);
      const std::size_t swaps = detail::swap_search(state, o.search.local_search, o.search.max_moves, need);
      if (state.covered() >= need) {
        moves += 1 + swaps;
        shrunk = true;
      } else {
        reset(state, open);
      }
    }
    // Drop one of the sites losing least and let tabu search win the coverage back.
    for (std::size_t a = 0; a < std::min(o.tabu_drops, by_loss.size()) && !shrunk && o.search.tabu_steps > 0; ++a) {
      state.close(by_loss[a].second);
      const std::size_t steps = detail::tabu_search(state, o.search.tabu_steps,
                                                    detail::tenure_of(o.search, open.size()), need);
      if (state.covered() >= need) {
        moves += 1 + steps;
        shrunk = true;
      } else {
        reset(state, open);
      }
    }
    if (!shrunk) break;
  }
  return moves;
}

bool lagrangian_wanted(const BoundOptions& b) {
  return b.method == BoundMethod::Lagrangian || b.method == BoundMethod::Best;
}

// Site counts probed with the mclp Lagrangian relaxation. The optimal coverage
// grows with the count, so a Lagrangian upper bound below the target at k proves
// that no k or fewer sites reach it; and each probe's relaxed choice, improved
// by swaps, may reach the target with fewer sites than the greedy needed. Two
// binary searches share the probes: one for the proven floor, one for the
// fewest sites the heuristic reaches.
struct Probes {
  std::size_t floor = 0;
  std::vector<std::uint32_t> best;
  std::size_t moves = 0;
};

Probes probe_counts(const detail::CoverInstance& inst, double need, std::size_t sites,
                    const std::vector<double>& greedy_cover, const PsclpOptions& o) {
  struct Probe {
    double bound = 0.0;
    bool reaches = false;
    std::vector<std::uint32_t> sites;
  };
  std::map<std::size_t, Probe> cache;
  Probes out;
  auto probe = [&](std::size_t k) -> const Probe& {
    auto it = cache.find(k);
    if (it != cache.end()) return it->second;
    const double lower = k < greedy_cover.size() ? greedy_cover[k] : 0.0;
    const detail::LagrangianRun run = detail::mclp_lagrangian(inst, k, lower, o.bound.lagrangian_iterations);
    Probe p;
    p.bound = run.bound;
    if (run.bound >= need && !run.best_sites.empty()) {
      CoverState s(inst);
      for (std::uint32_t site : run.best_sites) s.open(site);
      out.moves += detail::swap_search(s, o.search.local_search, o.search.max_moves, need);
      p.reaches = s.covered() >= need;
      p.sites = s.open_sites();
    }
    return cache.emplace(k, std::move(p)).first->second;
  };
  std::size_t lo = 1, hi = sites;
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    if (probe(mid).bound >= need) hi = mid;
    else lo = mid + 1;
  }
  out.floor = lo;
  hi = sites;
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    const Probe& p = probe(mid);
    if (p.reaches) {
      hi = mid;
      out.best = p.sites;
    } else {
      lo = mid + 1;
    }
  }
  return out;
}

// Kernel search: other good sets from mclp searches with one to `variants` sites
// fewer than the answer, then the psclp restricted to their union and the
// answer's sites, solved by Cbc (KernelOptions in solve.hpp).
void kernel_search(const Problem& problem, const detail::CoverInstance& inst, double need, const PsclpOptions& o,
                   std::vector<std::uint32_t>& open, Result& r) {
  std::vector<Index> local(problem.sites().size(), kNoIndex);
  for (std::uint32_t s = 0; s < inst.candidates; ++s) local[inst.site[s]] = s;
  std::vector<char> kernel(inst.candidates, 0);
  for (std::uint32_t s : open) kernel[s] = 1;
  static constexpr std::size_t kTenures[] = {0, 60, 120, 30};
  for (std::size_t v = 0; v < o.kernel.variants && v + 1 < open.size(); ++v) {
    MclpOptions m;
    m.k = open.size() - 1 - v;
    m.cutoff = o.cutoff;
    m.use_capacity = false;  // psclp has none
    m.search.local_search = o.search.local_search;
    m.search.max_moves = o.search.max_moves;
    m.search.tabu_tenure = kTenures[v % 4];
    m.bound.method = BoundMethod::Lagrangian;  // its subgradient steps are the mclp's best starting sets
    m.bound.lagrangian_iterations = o.bound.lagrangian_iterations;
    for (const ChosenSite& c : solve(problem, m).chosen)
      if (local[c.site] != kNoIndex) kernel[local[c.site]] = 1;
  }
  r.kernel_sites = static_cast<std::size_t>(std::count(kernel.begin(), kernel.end(), char{1}));

  // The restricted problem: every demand point, the fixed sites and the kernel's
  // candidates. Demand only other candidates reach drops out of it entirely, so
  // Cbc sees a far smaller model than the whole one with columns fixed at 0.
  std::vector<char> keep(problem.sites().size(), 0);
  for (std::size_t j = 0; j < problem.sites().size(); ++j) keep[j] = problem.sites()[j].fixed;
  for (std::uint32_t s = 0; s < inst.candidates; ++s)
    if (kernel[s]) keep[inst.site[s]] = 1;
  std::vector<Index> kept_index(problem.sites().size(), kNoIndex), original;
  std::vector<Site> sites;
  for (std::size_t j = 0; j < keep.size(); ++j)
    if (keep[j]) {
      kept_index[j] = static_cast<Index>(sites.size());
      original.push_back(static_cast<Index>(j));
      sites.push_back(problem.sites()[j]);
    }
  std::vector<Arc> arcs;
  for (Index d = 0; d < problem.demand().size(); ++d)
    for (const Link& l : problem.sites_of(d))
      if (kept_index[l.to] != kNoIndex) arcs.push_back({d, kept_index[l.to], l.cost});
  const Problem restricted(problem.demand(), std::move(sites), std::move(arcs));

  PsclpOptions ro = o;
  ro.kernel.enabled = false;
  // Cbc does the work here: the restricted problem's own heuristic only gives it
  // a start, so it skips the 2-for-1 moves.
  ro.drop_attempts = 0;
  ro.tabu_drops = 0;
  ro.exact.enabled = true;
  ro.exact.time_limit_s = o.kernel.time_limit_s;
  ro.exact.max_nodes = o.kernel.max_nodes;
  ro.exact.threads = 1;
  const Result rr = solve(restricted, ro);
  r.kernel_status = rr.exact_run ? rr.exact_status : "heuristic";
  if (rr.chosen.size() >= open.size()) return;
  std::vector<std::uint32_t> better;
  for (const ChosenSite& c : rr.chosen) better.push_back(local[original[c.site]]);
  CoverState check(inst);
  for (std::uint32_t s : better) check.open(s);
  if (check.covered() >= need) {
    std::sort(better.begin(), better.end());
    open = std::move(better);
  }
}

}  // namespace

Result solve(const Problem& problem, const PsclpOptions& o) {
  const detail::Stopwatch clock;
  detail::check_cutoff(o.cutoff);
  if (!(o.target_share > 0.0 && o.target_share <= 1.0))
    throw Error(ErrorCode::BadValue,
                "the target share must be in (0, 1] (got " + siting::detail::format_number(o.target_share) + ")",
                {"", "", "", "target"});
  detail::check_count(problem, 1, "k");
  detail::check_common(o.bound, o.exact);
  if (o.kernel.enabled && (o.kernel.variants < 1 || o.kernel.variants > 100 || o.kernel.max_nodes < 1 ||
                           o.kernel.max_nodes > 1000000000 || !(o.kernel.time_limit_s > 0.0)))
    throw Error(ErrorCode::BadValue,
                "the kernel search needs 1..100 variants, 1..10^9 nodes and a time limit > 0 seconds",
                {"", "", "", "kernel"});
  detail::CoverPrep prep;
  prep.cutoff = o.cutoff;
  const detail::CoverInstance inst = detail::build_cover(problem, prep);

  Result r;
  r.model = Model::Psclp;
  const double total = problem.total_weight();
  const double existing = inst.existing_weight;
  const double reachable = existing + inst.group_weight;
  r.max_share = total > 0.0 ? reachable / total : 1.0;
  // A hair of slack so that a share computed as 0.9 * total is met by weights
  // summing to it in another order.
  const double slack = 1e-12 * std::max(1.0, total);
  double need_total = o.target_share * total;
  if (reachable < need_total - slack) {
    r.target_reachable = false;
    need_total = reachable;  // the fewest sites reaching the largest share
  }
  const double need = std::max(0.0, need_total - existing) - slack;

  CoverState state(inst);
  std::vector<std::uint32_t> pool(inst.candidates);
  std::iota(pool.begin(), pool.end(), 0u);
  std::vector<std::uint32_t> open;
  std::size_t lagrangian_floor = 0;  // fewer sites than this cannot reach the target (proven)
  r.tradeoff.push_back({0, existing, false});
  if (need > 0.0) {
    const detail::GreedyRun greedy = detail::lazy_greedy(state, pool, inst.candidates, need);
    std::vector<double> greedy_cover{0.0};
    for (std::size_t n = 0; n < greedy.order.size(); ++n) {
      greedy_cover.push_back(greedy_cover.back() + greedy.gain[n]);
      r.tradeoff.push_back({n + 1, existing + greedy_cover.back(), false});
    }
    r.greedy_objective = static_cast<double>(greedy.order.size());
    r.moves = shrink(state, need, o);
    open = state.open_sites();
    if (lagrangian_wanted(o.bound) && open.size() > 1) {
      const Probes probes = probe_counts(inst, need, open.size(), greedy_cover, o);
      lagrangian_floor = probes.floor;
      if (!probes.best.empty() && probes.best.size() < open.size()) {
        reset(state, probes.best);
        r.moves += probes.moves + shrink(state, need, o);
        open = state.open_sites();
      }
    }
  }
  // Lower bounds on the number of sites: from the Lagrangian probes, and the LP
  // relaxation rounded up.
  double bound = open.empty() ? 0.0 : 1.0;
  r.bound_method = "trivial";
  if (static_cast<double>(lagrangian_floor) > bound) {
    bound = static_cast<double>(lagrangian_floor);
    r.bound_method = "lagrangian";
  }
  if (static_cast<double>(open.size()) > bound && o.bound.method != BoundMethod::None &&
      o.bound.method != BoundMethod::Lagrangian &&
      (o.bound.method == BoundMethod::Lp || detail::covering_lp_nonzeros(inst) <= o.bound.lp_max_nonzeros)) {
    const detail::LpBound lp = detail::psclp_lp_bound(inst, need, o.bound.lp_time_limit_s);
    if (lp.ok && std::ceil(lp.value - 1e-6) > bound) {
      bound = std::ceil(lp.value - 1e-6);
      r.bound_method = "lp";
    }
  }
  r.heuristic_objective = static_cast<double>(open.size());
  if (o.kernel.enabled && static_cast<double>(open.size()) > bound)
    kernel_search(problem, inst, need, o, open, r);

  if (o.exact.enabled && static_cast<double>(open.size()) > bound) {
    const detail::CoverMip mip = detail::psclp_mip(inst, need, open, o.exact);
    r.exact_run = true;
    r.exact_status = mip.status;
    if (mip.has_solution && mip.open.size() < open.size()) {
      CoverState check(inst);
      for (std::uint32_t s : mip.open) check.open(s);
      if (check.covered() >= need - 1e-7 * std::max(1.0, total)) open = mip.open;
    }
    const double cbc_bound = mip.proven_optimal ? static_cast<double>(open.size()) : std::ceil(mip.bound - 1e-6);
    if (std::isfinite(cbc_bound) && cbc_bound > bound) {
      bound = std::min(cbc_bound, static_cast<double>(open.size()));
      r.bound_method = "cbc";
    }
    if (mip.proven_optimal) r.proven_optimal = true;
  }

  detail::covering_answer(problem, inst, open, o.cutoff, r);
  r.objective = static_cast<double>(open.size());
  r.bound = std::min(bound, r.objective);
  r.tradeoff.push_back({open.size(), r.covered_weight, true});
  detail::settle_gap(r);
  r.seconds = clock.seconds();
  return r;
}

}  // namespace siting::location
