// SPDX-License-Identifier: Apache-2.0
#include "location/detail/cover_search.hpp"

#include <algorithm>
#include <cmath>
#include <queue>
#include <tuple>

#include "location/detail/random.hpp"

namespace siting::location::detail {

CoverState::CoverState(const CoverInstance& inst)
    : inst_(inst), count_(inst.groups(), 0), sum_(inst.groups(), 0), open_(inst.sites(), 0) {}

void CoverState::open(std::uint32_t s) {
  if (open_[s]) return;
  open_[s] = 1;
  ++open_count_;
  for (std::uint32_t e = inst_.site_offsets[s]; e < inst_.site_offsets[s + 1]; ++e) {
    const std::uint32_t g = inst_.site_groups[e];
    ++count_[g];
    sum_[g] += s;
  }
}

void CoverState::close(std::uint32_t s) {
  if (!open_[s]) return;
  open_[s] = 0;
  --open_count_;
  for (std::uint32_t e = inst_.site_offsets[s]; e < inst_.site_offsets[s + 1]; ++e) {
    const std::uint32_t g = inst_.site_groups[e];
    --count_[g];
    sum_[g] -= s;
  }
}

std::vector<std::uint32_t> CoverState::open_sites() const {
  std::vector<std::uint32_t> out;
  for (std::uint32_t s = 0; s < open_.size(); ++s)
    if (open_[s]) out.push_back(s);
  return out;
}

double CoverState::covered() const {
  double sum = 0.0;
  for (std::size_t g = 0; g < count_.size(); ++g)
    if (count_[g] > 0) sum += inst_.weight[g];
  return sum;
}

double CoverState::gain(std::uint32_t s) const {
  double sum = 0.0;
  for (std::uint32_t e = inst_.site_offsets[s]; e < inst_.site_offsets[s + 1]; ++e) {
    const std::uint32_t g = inst_.site_groups[e];
    if (count_[g] == 0) sum += inst_.weight[g];
  }
  return sum;
}

double CoverState::loss(std::uint32_t s) const {
  double sum = 0.0;
  for (std::uint32_t e = inst_.site_offsets[s]; e < inst_.site_offsets[s + 1]; ++e) {
    const std::uint32_t g = inst_.site_groups[e];
    if (count_[g] == 1) sum += inst_.weight[g];
  }
  return sum;
}

namespace {

// Moves must gain more than this: float sums of the same sets in another order
// differ in the last bits, and a "gain" of 1e-13 must not start a cycle.
double tolerance(const CoverInstance& inst) { return 1e-12 * std::max(1.0, inst.group_weight); }

}  // namespace

GreedyRun lazy_greedy(CoverState& state, const std::vector<std::uint32_t>& pool, std::size_t k, double stop_at,
                      bool keep_zero) {
  GreedyRun run;
  // (gain, -index): the largest gain first, then the smaller index.
  using Entry = std::pair<double, std::int64_t>;
  std::priority_queue<Entry> heap;
  for (std::uint32_t s : pool)
    if (!state.is_open(s)) heap.push({state.gain(s), -static_cast<std::int64_t>(s)});
  double covered = state.covered();
  while (run.order.size() < k && !heap.empty() && covered < stop_at) {
    Entry top = heap.top();
    heap.pop();
    const auto s = static_cast<std::uint32_t>(-top.second);
    const Entry fresh{state.gain(s), top.second};
    if (!heap.empty() && fresh < heap.top()) {
      heap.push(fresh);  // stale: gains only shrink, so it goes back with its true value
      continue;
    }
    if (fresh.first <= 0.0 && !keep_zero) break;
    state.open(s);
    run.order.push_back(s);
    run.gain.push_back(fresh.first);
    covered += fresh.first;
    if (covered >= stop_at) covered = state.covered();  // exact, at the decision
  }
  return run;
}

namespace {

// Prices every 1-swap (open j, close i) in one pass over the arcs of the closed
// candidates: opening j gains the uncovered groups it reaches plus, per open i,
// the groups only i covers ("extra"); closing i loses the groups only i covers.
class SwapPricer {
 public:
  explicit SwapPricer(const CoverState& state)
      : state_(state), inst_(state.instance()), loss_(inst_.sites(), 0.0), extra_(inst_.sites(), 0.0) {}

  struct Swap {
    double delta = 0.0;
    std::uint32_t in = kNoIndex, out = kNoIndex;
  };

  // The best swap with delta > threshold that `allowed(in, out, delta)` accepts,
  // scanning candidates from `scan_from` (cyclically); with `first`, the first
  // such swap. Sites that `closable` rejects are closed only when `allowed` says so
  // for a swap that touches them.
  template <typename Closable, typename Allowed>
  Swap best(double threshold, bool first, std::uint32_t scan_from, Closable closable, Allowed allowed) {
    const std::size_t nc = inst_.candidates;
    const std::vector<std::uint32_t> open = state_.open_sites();
    std::fill(loss_.begin(), loss_.end(), 0.0);
    for (std::uint32_t g = 0; g < inst_.groups(); ++g)
      if (state_.count(g) == 1) loss_[state_.sole(g)] += inst_.weight[g];
    std::uint32_t min_loss = kNoIndex;
    for (std::uint32_t i : open)
      if (closable(i) && (min_loss == kNoIndex || loss_[i] < loss_[min_loss])) min_loss = i;
    Swap best;
    best.delta = threshold;
    for (std::uint32_t step = 0; step < nc; ++step) {
      const auto j = static_cast<std::uint32_t>((scan_from + step) % nc);
      if (state_.is_open(j)) continue;
      double gain0 = 0.0;
      for (std::uint32_t e = inst_.site_offsets[j]; e < inst_.site_offsets[j + 1]; ++e) {
        const std::uint32_t g = inst_.site_groups[e];
        const std::uint32_t c = state_.count(g);
        if (c == 0) {
          gain0 += inst_.weight[g];
        } else if (c == 1) {
          const std::uint32_t i = state_.sole(g);
          if (extra_[i] == 0.0) touched_.push_back(i);
          extra_[i] += inst_.weight[g];
        }
      }
      double d_best = -kInf;
      std::uint32_t i_best = kNoIndex;
      if (min_loss != kNoIndex && allowed(j, min_loss, gain0 - loss_[min_loss] + extra_[min_loss])) {
        d_best = gain0 - loss_[min_loss] + extra_[min_loss];
        i_best = min_loss;
      }
      for (std::uint32_t i : touched_) {
        const double d = gain0 + extra_[i] - loss_[i];
        if ((d > d_best || (d == d_best && i < i_best)) && allowed(j, i, d)) {
          d_best = d;
          i_best = i;
        }
      }
      for (std::uint32_t i : touched_) extra_[i] = 0.0;
      touched_.clear();
      if (i_best != kNoIndex && d_best > best.delta) {
        best = {d_best, j, i_best};
        if (first) break;
      }
    }
    return best;
  }

 private:
  const CoverState& state_;
  const CoverInstance& inst_;
  std::vector<double> loss_, extra_;
  std::vector<std::uint32_t> touched_;
};

}  // namespace

std::size_t swap_search(CoverState& state, LocalSearch rule, std::size_t max_moves, double stop_at) {
  if (rule == LocalSearch::None) return 0;
  const CoverInstance& inst = state.instance();
  const double eps = tolerance(inst);
  SwapPricer pricer(state);
  std::size_t moves = 0;
  std::uint32_t scan_from = 0;  // first-improvement resumes after the last move
  const bool first = rule == LocalSearch::FirstImprovement;
  while (moves < max_moves) {
    if (std::isfinite(stop_at) && state.covered() >= stop_at) break;
    if (state.open_count() == 0 || state.open_count() >= inst.candidates) break;
    const auto swap = pricer.best(
        eps, first, first ? scan_from : 0, [](std::uint32_t) { return true; },
        [](std::uint32_t, std::uint32_t, double) { return true; });
    if (swap.in == kNoIndex) break;
    state.close(swap.out);
    state.open(swap.in);
    ++moves;
    scan_from = swap.in + 1;
  }
  return moves;
}

std::size_t tabu_search(CoverState& state, std::size_t iterations, std::size_t tenure, double stop_at) {
  const CoverInstance& inst = state.instance();
  const double eps = tolerance(inst);
  if (state.open_count() == 0 || state.open_count() >= inst.candidates) return 0;
  SwapPricer pricer(state);
  std::vector<std::size_t> no_open_until(inst.sites(), 0), no_close_until(inst.sites(), 0);
  std::vector<std::uint32_t> best = state.open_sites();
  double best_value = state.covered(), value = best_value;
  std::size_t moves = 0;
  for (std::size_t it = 1; it <= iterations && value < stop_at; ++it) {
    // A tabu swap is allowed when it beats the best set (aspiration).
    const auto swap = pricer.best(
        -kInf, false, 0, [&](std::uint32_t i) { return no_close_until[i] < it; },
        [&](std::uint32_t j, std::uint32_t i, double delta) {
          return (no_open_until[j] < it && no_close_until[i] < it) || value + delta > best_value + eps;
        });
    if (swap.in == kNoIndex) break;
    state.close(swap.out);
    state.open(swap.in);
    ++moves;
    no_open_until[swap.out] = it + tenure;
    no_close_until[swap.in] = it + tenure / 2;
    value = state.covered();
    if (value > best_value + eps) {
      best_value = value;
      best = state.open_sites();
    }
  }
  for (std::uint32_t s : state.open_sites()) state.close(s);
  for (std::uint32_t s : best) state.open(s);
  return moves;
}

std::size_t perturb_search(CoverState& state, const SearchOptions& options) {
  const CoverInstance& inst = state.instance();
  const double eps = tolerance(inst);
  std::vector<std::uint32_t> best = state.open_sites();
  double best_value = state.covered();
  if (best.empty() || best.size() >= inst.candidates) return 0;
  Random random(options.seed);
  std::size_t moves = 0;
  std::vector<std::uint32_t> uncovered;
  auto reset_to = [&](const std::vector<std::uint32_t>& sites) {
    for (std::uint32_t s : state.open_sites()) state.close(s);
    for (std::uint32_t s : sites) state.open(s);
  };
  for (std::size_t round = 0; round < options.perturbation_rounds; ++round) {
    const std::size_t kicks = 1 + random.below(std::min<std::size_t>(3, best.size()));
    for (std::size_t q = 0; q < kicks; ++q) {
      // Close a random site; open one that covers a random uncovered group, so
      // the kick points where coverage is missing rather than anywhere.
      const auto open = state.open_sites();
      state.close(open[random.below(open.size())]);
      uncovered.clear();
      for (std::uint32_t g = 0; g < inst.groups(); ++g)
        if (state.count(g) == 0) uncovered.push_back(g);
      std::uint32_t in = kNoIndex;
      if (!uncovered.empty()) {
        const std::uint32_t g = uncovered[random.below(uncovered.size())];
        const std::uint32_t first = inst.group_offsets[g], n = inst.group_offsets[g + 1] - first;
        const std::uint32_t s = inst.group_sites[first + random.below(n)];
        if (s < inst.candidates && !state.is_open(s)) in = s;
      }
      if (in == kNoIndex) {
        in = static_cast<std::uint32_t>(random.below(inst.candidates));
        while (state.is_open(in)) in = static_cast<std::uint32_t>((in + 1) % inst.candidates);
      }
      state.open(in);
    }
    moves += swap_search(state, options.local_search, options.max_moves);
    const double value = state.covered();
    if (value > best_value + eps) {
      best_value = value;
      best = state.open_sites();
    } else {
      reset_to(best);
    }
  }
  return moves;
}

LagrangianRun mclp_lagrangian(const CoverInstance& inst, std::size_t k, double lower, std::size_t iterations) {
  const std::size_t ng = inst.groups(), nc = inst.candidates;
  LagrangianRun run;
  double& best = run.bound;
  best = inst.group_weight;  // μ = 0: everything counts
  if (k >= nc || ng == 0) return run;
  std::vector<double> mu(ng), value(nc), step(ng);
  for (std::uint32_t g = 0; g < ng; ++g) {
    const std::uint32_t reach = inst.group_offsets[g + 1] - inst.group_offsets[g];
    mu[g] = inst.weight[g] / std::max<std::uint32_t>(reach, 1);
  }
  std::vector<std::uint32_t> order(nc);
  std::vector<std::uint32_t> hits(ng);
  double theta = 2.0;
  std::size_t stale = 0;
  for (std::size_t it = 0; it < iterations; ++it) {
    double bound = 0.0;
    for (std::uint32_t g = 0; g < ng; ++g) bound += std::max(0.0, inst.weight[g] - mu[g]);
    for (std::uint32_t j = 0; j < nc; ++j) {
      double v = 0.0;
      for (std::uint32_t e = inst.site_offsets[j]; e < inst.site_offsets[j + 1]; ++e) v += mu[inst.site_groups[e]];
      value[j] = v;
      order[j] = j;
    }
    std::nth_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k - 1), order.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return value[a] > value[b] || (value[a] == value[b] && a < b); });
    std::fill(hits.begin(), hits.end(), 0);
    double covered = 0.0;
    for (std::size_t r = 0; r < k; ++r) {
      const std::uint32_t j = order[r];
      bound += value[j];
      for (std::uint32_t e = inst.site_offsets[j]; e < inst.site_offsets[j + 1]; ++e)
        if (hits[inst.site_groups[e]]++ == 0) covered += inst.weight[inst.site_groups[e]];
    }
    if (covered > run.best_value) {
      run.best_value = covered;
      run.best_sites.assign(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k));
      std::sort(run.best_sites.begin(), run.best_sites.end());
    }
    lower = std::max(lower, covered);
    if (bound < best - 1e-12 * std::max(1.0, best)) {
      best = bound;
      stale = 0;
    } else if (++stale >= 20) {
      theta /= 2.0;
      stale = 0;
    }
    if (best - lower <= 1e-9 * std::max(1.0, best) || theta < 1e-6) break;
    double norm = 0.0;
    for (std::uint32_t g = 0; g < ng; ++g) {
      const double y = inst.weight[g] > mu[g] ? 1.0 : 0.0;
      step[g] = y - static_cast<double>(hits[g]);
      norm += step[g] * step[g];
    }
    if (norm == 0.0) break;  // a point of the relaxation is feasible and optimal
    const double t = theta * (bound - lower) / norm;
    for (std::uint32_t g = 0; g < ng; ++g) mu[g] = std::clamp(mu[g] + t * step[g], 0.0, inst.weight[g]);
  }
  return run;
}

}  // namespace siting::location::detail
