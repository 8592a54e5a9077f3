// SPDX-License-Identifier: Apache-2.0
#pragma once

// Turning a set of open sites into the Result the caller sees: sites ranked with
// their marginal gains, the assignment of every demand point, the loads, and the
// gap between objective and bound. Shared by the three models.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "location/detail/assign.hpp"
#include "location/detail/cover.hpp"
#include "siting/location/solve.hpp"

namespace siting::location::detail {

// Option checks shared by the models; throw Error(E105).
void check_cutoff(double cutoff);
void check_count(const Problem& problem, std::size_t count, const char* name);
void check_common(const BoundOptions& bound, const ExactOptions& exact);

double gap_of(Model model, double objective, double bound);
// Fills gap and proven_optimal from objective and bound (proven when they meet).
void settle_gap(Result& r);

// Uncapacitated covering: every demand point goes to its nearest open site
// (existing or chosen) within the cutoff, ties to the smaller index. `open` are
// local candidates of `inst`. Fills chosen (ranked), load, assignment,
// unassigned, unreachable, covered weight and share, objective (= covered).
void covering_answer(const Problem& problem, const CoverInstance& inst, const std::vector<std::uint32_t>& open,
                     double cutoff, Result& r);

void fill_preprocessing(const Problem& problem, const CoverInstance& inst, Result& r);

// Assignment from flows of an AssignInstance whose demand d stands for the
// problem demand members[member_offsets[d] .. member_offsets[d + 1]) and whose
// local site s is problem site site_map[s]. Each member gets the share
// flow / weight of its group at the site, at its own arc cost. Appends to
// r.assignment, r.unassigned; adds to `load` (per problem site).
void flow_answer(const Problem& problem, const std::vector<std::uint32_t>& member_offsets,
                 const std::vector<Index>& members, const std::vector<double>& weight,
                 const std::vector<Index>& site_map, const std::vector<Flow>& flows, std::vector<double>& load,
                 Result& r);

// The cost of the arc demand -> site of the problem (binary search); +inf if none.
double arc_cost(const Problem& problem, Index demand, Index site);

// Fills r.load (every open problem site) and r.chosen's assigned from `load`,
// sorts the assignment by demand then site.
void finish_loads(const Problem& problem, const std::vector<char>& open_sites, const std::vector<double>& load,
                  Result& r);

class Stopwatch {
 public:
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace siting::location::detail
