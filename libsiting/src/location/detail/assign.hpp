// SPDX-License-Identifier: Apache-2.0
#pragma once

// Assignment-type models: each demand unit goes to an open site at the arc's
// cost per unit weight, or stays unassigned at `unassigned_cost` per unit. The
// p-median is this with no capacities; the capacitated models (mclp and
// p-median) add capacities and, optionally, single assignment. For the
// capacitated mclp the "demand" are cover groups, arcs within the cutoff cost 0
// and unassigned costs 1, so the minimum is the uncovered weight.
//
// Sites: local indices, [0, candidates) may be chosen, [candidates, size) are
// existing facilities, always open.

#include <cstdint>
#include <string>
#include <vector>

#include "location/detail/cover.hpp"
#include "siting/location/problem.hpp"
#include "siting/location/solve.hpp"

namespace siting::location::detail {

struct AssignInstance {
  std::vector<double> weight;  // per demand (point or group)
  std::vector<std::uint32_t> demand_offsets;
  std::vector<Link> demand_links;  // demand -> (local site, cost), by site
  std::vector<std::uint32_t> site_offsets;
  std::vector<Link> site_links;  // local site -> (demand, cost), by demand
  std::vector<double> capacity;  // per local site; kUnlimited when none
  std::size_t candidates = 0;
  double unassigned_cost = 1.0;
  double total_weight = 0.0;  // Σ weight

  std::size_t demands() const { return weight.size(); }
  std::size_t sites() const { return capacity.size(); }
  bool capacitated() const;
};

// Builds the CSR views from (demand, site, cost) triples.
void finish_instance(AssignInstance& inst, std::vector<Arc> arcs);

// Given the open sites (chosen candidates; existing ones are always open), the
// best assignment: `value` is Σ weight × cost + unassigned_cost × unassigned.
struct Flow {
  std::uint32_t demand = 0;
  std::uint32_t site = 0;
  double amount = 0.0;  // weight sent
};
struct Assigned {
  double value = 0.0;
  std::vector<Flow> flows;  // by demand, then site
  double unassigned = 0.0;  // weight
};

// Split allowed: a min-cost flow (successive shortest paths with potentials),
// exact. Without capacities every demand simply takes its cheapest open site.
Assigned assign_split(const AssignInstance& inst, const std::vector<char>& open);
// Single assignment: a regret heuristic (demand with most to lose first, each to
// its cheapest open site with room), then improving shifts and swaps.
Assigned assign_single(const AssignInstance& inst, const std::vector<char>& open);

// LP relaxation (Clp) and MIP (Cbc) of choosing at most `count` candidates.
// `single` makes the assignment binary in the MIP. Values are the minimised
// assignment value.
struct AssignLp {
  bool ok = false;
  double value = 0.0;
  std::string status;
};
AssignLp assign_lp_bound(const AssignInstance& inst, std::size_t count, double time_limit_s);
std::size_t assign_lp_nonzeros(const AssignInstance& inst);

struct AssignMip {
  bool has_solution = false;
  bool proven_optimal = false;
  double value = 0.0;
  double bound = 0.0;
  std::string status;
  std::vector<char> open;   // per local site
  Assigned assigned;        // the MIP's own assignment
};
AssignMip assign_mip(const AssignInstance& inst, std::size_t count, bool single, const std::vector<char>& start_open,
                     const Assigned& start, const ExactOptions& options);

// The exact polish of an assignment model's heuristic answer (capacitated mclp,
// p-median): Cbc warm-started with (open, assigned); its answer replaces the
// heuristic's when it is better by more than eps, and its bound raises `lower`
// (the best lower bound on the assignment value so far). Fills the result's
// exact_run, exact_status, proven_optimal and, when Cbc's bound is the best,
// bound_method.
void polish_assignment(const AssignInstance& inst, std::size_t count, bool single, const ExactOptions& options,
                       double eps, std::vector<char>& open, Assigned& assigned, double& lower, Result& r);

}  // namespace siting::location::detail
