// SPDX-License-Identifier: Apache-2.0
#pragma once

// The covering models (mclp, psclp) optimise over a reduced instance: demand
// points grouped by identical candidate sets, candidates whose cover is a subset
// of another's dropped, demand already covered by existing facilities removed,
// demand nothing reaches set aside. Indices here are local ("l-sites", groups);
// `site` and the member lists map back to the Problem.

#include <cstdint>
#include <vector>

#include "location/detail/numeric.hpp"
#include "siting/location/problem.hpp"

namespace siting::location::detail {

struct CoverPrep {
  double cutoff = 0.0;       // inclusive
  bool capacitated = false;  // capacities in play: capacitated existing sites stay in the instance
  bool merge = true;         // merge demand with identical candidate sets (not under single assignment)
  bool dominance = true;     // drop candidates covering a subset of another's
};

struct CoverInstance {
  // Local sites: [0, candidates) may be chosen; [candidates, size) are existing
  // capacitated facilities, always open.
  std::vector<Index> site;        // local -> problem site
  std::vector<double> capacity;   // local; kUnlimited when none (or capacities off)
  std::size_t candidates = 0;
  std::vector<double> weight;     // per group
  std::vector<std::uint32_t> group_offsets, group_sites;  // group -> local sites, ascending
  std::vector<std::uint32_t> site_offsets, site_groups;   // local site -> groups, ascending
  std::vector<std::uint32_t> member_offsets;              // group -> problem demand (members)
  std::vector<Index> members;
  std::vector<Index> group_of;    // problem demand -> group, kNoIndex when not optimised

  std::vector<Index> covered_by_existing;  // problem demand
  double existing_weight = 0.0;
  std::vector<Index> unreachable;          // problem demand
  double unreachable_weight = 0.0;
  std::size_t dominated = 0;
  std::size_t useless = 0;
  double total_weight = 0.0;  // of the whole problem
  double group_weight = 0.0;  // Σ weight

  std::size_t groups() const { return weight.size(); }
  std::size_t sites() const { return site.size(); }
  bool capacitated() const;  // any local site with a finite capacity
};

CoverInstance build_cover(const Problem& problem, const CoverPrep& prep);

}  // namespace siting::location::detail
