// SPDX-License-Identifier: Apache-2.0
#pragma once

// Site selection on an AssignInstance: the uncapacitated p-median (lazy greedy,
// fast vertex substitution, Lagrangian bound) and, for capacities, a greedy and
// swap search that evaluates each open set with an exact (split) or heuristic
// (single) assignment.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "location/detail/assign.hpp"
#include "location/detail/random.hpp"
#include "siting/location/solve.hpp"

namespace siting::location::detail {

// Open sets: one flag per local site; existing sites (>= candidates) always open.
std::vector<char> existing_open(const AssignInstance& inst);
std::vector<std::uint32_t> chosen_of(const AssignInstance& inst, const std::vector<char>& open);

struct MedianGreedy {
  std::vector<std::uint32_t> order;  // candidates in the order added
  std::vector<double> value;         // assignment value after each
  double start_value = 0.0;          // with existing sites only
};

// Lazy greedy for the uncapacitated p-median, restricted to `pool`; adds sites
// while they lower the value (or, with `keep_zero`, regardless), up to `count`.
// Opens them in `open`.
MedianGreedy median_greedy(const AssignInstance& inst, std::vector<char>& open, const std::vector<std::uint32_t>& pool,
                           std::size_t count, bool keep_zero = false);

// Best- or first-improvement vertex substitution (Whitaker's fast interchange
// with Resende–Werneck's gain / loss / extra decomposition): one pass over the
// arcs prices every (in, out) swap. Returns the moves made.
std::size_t median_interchange(const AssignInstance& inst, std::vector<char>& open, LocalSearch rule,
                               std::size_t max_moves);

// Uncapacitated assignment value of an open set (each demand to its cheapest
// open site, or unassigned when that costs less).
double median_value(const AssignInstance& inst, const std::vector<char>& open);

// Lower bound by Lagrangian relaxation of the assignment rows (subgradient,
// Polyak steps towards `upper`, a known objective).
double median_lagrangian_bound(const AssignInstance& inst, std::size_t count, double upper, std::size_t iterations);

// Capacitated: greedy then swaps, every open set priced by assign_split or
// assign_single. The search values are exact for split assignment.
struct CapacitatedSearch {
  std::vector<char> open;
  Assigned assigned;
  MedianGreedy greedy;
  std::size_t moves = 0;
};
CapacitatedSearch capacitated_search(const AssignInstance& inst, std::size_t count, bool single,
                                     const SearchOptions& options);
Assigned assign_with(const AssignInstance& inst, const std::vector<char>& open, bool single);
// The chosen sites in greedy order among themselves, each with the value it saves.
std::vector<std::pair<std::uint32_t, double>> rank_capacitated(const AssignInstance& inst,
                                                               const std::vector<std::uint32_t>& chosen, bool single);

// Iterated local search over open sets (seeded random swaps from the best set,
// then `improve`; kept when `value` is lower). `open` ends at the best set.
template <typename Improve, typename Value>
std::size_t perturbed(const AssignInstance& inst, std::vector<char>& open, const SearchOptions& options,
                      Improve improve, Value value) {
  std::vector<char> best = open;
  double best_value = value(open);
  std::size_t moves = 0;
  Random random(options.seed);
  const double eps = 1e-12 * std::max(1.0, std::abs(best_value));
  for (std::size_t round = 0; round < options.perturbation_rounds; ++round) {
    std::vector<std::uint32_t> chosen = chosen_of(inst, open);
    if (chosen.empty() || chosen.size() >= inst.candidates) break;
    const std::size_t kicks = 1 + random.below(std::min<std::size_t>(3, chosen.size()));
    for (std::size_t q = 0; q < kicks; ++q) {
      chosen = chosen_of(inst, open);
      auto in = static_cast<std::uint32_t>(random.below(inst.candidates));
      while (open[in]) in = static_cast<std::uint32_t>((in + 1) % inst.candidates);
      open[chosen[random.below(chosen.size())]] = 0;
      open[in] = 1;
    }
    moves += improve(open);
    const double v = value(open);
    if (v < best_value - eps) {
      best_value = v;
      best = open;
    } else {
      open = best;
    }
  }
  return moves;
}

}  // namespace siting::location::detail
