// SPDX-License-Identifier: Apache-2.0
#pragma once

// Greedy and swap search for the uncapacitated covering models, on a
// CoverInstance. The state keeps, per group, how many open sites cover it and
// the sum of their indices: when exactly one covers it, that sum is the site,
// which is all a swap evaluation needs to know.

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "location/detail/cover.hpp"
#include "siting/location/solve.hpp"

namespace siting::location::detail {

class CoverState {
 public:
  explicit CoverState(const CoverInstance& inst);

  void open(std::uint32_t s);
  void close(std::uint32_t s);
  bool is_open(std::uint32_t s) const { return open_[s] != 0; }
  // Open candidates, ascending.
  std::vector<std::uint32_t> open_sites() const;
  std::size_t open_count() const { return open_count_; }
  // Covered weight, summed afresh in group order (no drift from updates).
  double covered() const;
  double gain(std::uint32_t s) const;  // weight newly covered if s opened
  double loss(std::uint32_t s) const;  // weight no longer covered if s closed
  std::uint32_t count(std::uint32_t g) const { return count_[g]; }
  std::uint32_t sole(std::uint32_t g) const { return static_cast<std::uint32_t>(sum_[g]); }  // when count == 1
  const CoverInstance& instance() const { return inst_; }

 private:
  const CoverInstance& inst_;
  std::vector<std::uint32_t> count_;
  std::vector<std::uint64_t> sum_;
  std::vector<char> open_;
  std::size_t open_count_ = 0;
};

struct GreedyRun {
  std::vector<std::uint32_t> order;  // sites in the order added
  std::vector<double> gain;          // marginal gain of each
};

// Lazy greedy (Minoux): adds from `pool` the site of largest marginal gain (ties:
// smaller index) until `k` sites, no positive gain (unless `keep_zero`), or the
// covered weight reaching `stop_at`. Opens them in `state`.
GreedyRun lazy_greedy(CoverState& state, const std::vector<std::uint32_t>& pool, std::size_t k,
                      double stop_at = std::numeric_limits<double>::infinity(), bool keep_zero = false);

// 1-swap local search on the open candidates; stops at a local optimum, after
// `max_moves`, or when the covered weight reaches `stop_at`. Returns the moves.
std::size_t swap_search(CoverState& state, LocalSearch rule, std::size_t max_moves,
                        double stop_at = std::numeric_limits<double>::infinity());

// Tabu search on 1-swaps: each step takes the best swap whose sites are not tabu
// (a worsening one too), then forbids re-opening the closed site for `tenure`
// steps and closing the opened one for tenure / 2; a tabu swap is taken when it
// beats the best set. Ends after `iterations` steps or when the covered weight
// reaches `stop_at`; the best set found is left open. Returns the steps.
std::size_t tabu_search(CoverState& state, std::size_t iterations, std::size_t tenure,
                        double stop_at = std::numeric_limits<double>::infinity());
inline std::size_t tenure_of(const SearchOptions& o, std::size_t open_sites) {
  return o.tabu_tenure > 0 ? o.tabu_tenure : 10 + open_sites / 10;
}

// Iterated local search: `rounds` times, a few seeded random swaps from the best
// set, then swap_search; the best set found is left open in `state`.
std::size_t perturb_search(CoverState& state, const SearchOptions& options);

// Upper bound on the covered group weight with k sites: Lagrangian relaxation of
// "a group counts only if an open site covers it", by subgradient (Polyak steps
// towards `lower`, a known objective). Every step's relaxed choice (the k sites
// of largest multiplier value) is also a feasible answer; the best one is kept
// as a start for the local search (a Lagrangian heuristic).
struct LagrangianRun {
  double bound = 0.0;
  std::vector<std::uint32_t> best_sites;
  double best_value = 0.0;
};
LagrangianRun mclp_lagrangian(const CoverInstance& inst, std::size_t k, double lower, std::size_t iterations);

// The LP relaxations (Clp). mclp: upper bound on covered group weight; psclp:
// lower bound on the number of sites covering `need` group weight. nullopt when
// Clp does not finish.
struct LpBound {
  bool ok = false;
  double value = 0.0;
  std::string status;
};
LpBound mclp_lp_bound(const CoverInstance& inst, std::size_t k, double time_limit_s);
LpBound psclp_lp_bound(const CoverInstance& inst, double need, double time_limit_s);
std::size_t covering_lp_nonzeros(const CoverInstance& inst);

// The MIPs (Cbc), warm-started with the sites in `start`. mclp maximises the
// covered group weight with k sites; psclp minimises the sites covering `need`.
struct CoverMip {
  bool has_solution = false;
  bool proven_optimal = false;
  double objective = 0.0;  // covered group weight (mclp) or sites (psclp)
  double bound = 0.0;      // Cbc's best possible, same sense
  std::string status;
  std::vector<std::uint32_t> open;  // the best solution's sites
};
CoverMip mclp_mip(const CoverInstance& inst, std::size_t k, const std::vector<std::uint32_t>& start,
                  const ExactOptions& options);
CoverMip psclp_mip(const CoverInstance& inst, double need, const std::vector<std::uint32_t>& start,
                   const ExactOptions& options);

}  // namespace siting::location::detail
