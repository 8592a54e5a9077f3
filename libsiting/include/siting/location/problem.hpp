// SPDX-License-Identifier: Apache-2.0
#pragma once

// A location problem: demand points, sites (candidates and existing facilities)
// and the sparse demand × site costs between them.
//
// Only the pairs a router or a bounded search actually found are stored (arcs),
// in two CSR views: by demand point and by site. A dense demand × site matrix is
// never built: at 20,000 × 2,000 it would hold 40M cells for ~220k real pairs.
//
//   std::vector<DemandPoint> demand{{"D1", 120.0}, {"D2", 80.0}};
//   std::vector<Site> sites{{"S1"}, {"F1", std::nullopt, true}};   // F1: existing
//   std::vector<Arc> arcs{{0, 0, 300.0}, {1, 1, 500.0}};           // indices
//   Problem problem(std::move(demand), std::move(sites), std::move(arcs));
//   for (const Link& l : problem.sites_of(0)) ...                  // (site, cost)

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace siting::location {

using Index = std::uint32_t;
constexpr Index kNoIndex = 0xFFFFFFFFu;

struct DemandPoint {
  std::string id;       // unique among demand points
  double weight = 1.0;  // households (or residents); finite, >= 0
};

struct Site {
  std::string id;                  // unique among sites
  std::optional<double> capacity;  // demand weight it can serve; finite, >= 0; unset = unlimited
  bool fixed = false;              // an existing facility: always open, never chosen
  std::optional<double> cost;      // opening cost, finite, >= 0; unset = 0. Only decides between
                                   // candidates with the same cover (dominance) and is reported
};

struct Arc {
  Index demand = 0;   // index into the demand points
  Index site = 0;     // index into the sites
  double cost = 0.0;  // walking time or any cost unit; finite, >= 0
};

// One arc seen from one end: the other end's index and the cost.
struct Link {
  Index to = 0;
  double cost = 0.0;
};

struct LinkRange {
  const Link* first = nullptr;
  const Link* last = nullptr;
  const Link* begin() const { return first; }
  const Link* end() const { return last; }
  std::size_t size() const { return static_cast<std::size_t>(last - first); }
  bool empty() const { return first == last; }
};

class Problem {
 public:
  // Validates everything and throws siting::Error naming the offending point,
  // site or arc: E105 for a negative or non-finite weight, capacity or cost;
  // E108 for an empty or duplicate id, an arc index out of range or a
  // (demand, site) pair given twice.
  Problem(std::vector<DemandPoint> demand, std::vector<Site> sites, std::vector<Arc> arcs);

  const std::vector<DemandPoint>& demand() const { return demand_; }
  const std::vector<Site>& sites() const { return sites_; }
  std::size_t arc_count() const { return by_demand_.size(); }
  std::size_t candidate_count() const { return candidates_; }  // sites that are not fixed
  double total_weight() const { return total_weight_; }
  double max_cost() const { return max_cost_; }  // largest arc cost; 0 without arcs
  bool has_capacity() const { return has_capacity_; }

  // The sites a demand point reaches, by site index; the demand points of a site,
  // by demand index.
  LinkRange sites_of(Index demand) const;
  LinkRange demand_of(Index site) const;

  std::optional<Index> find_demand(const std::string& id) const;
  std::optional<Index> find_site(const std::string& id) const;

 private:
  std::vector<DemandPoint> demand_;
  std::vector<Site> sites_;
  std::vector<std::uint32_t> demand_offsets_, site_offsets_;  // CSR offsets, size n + 1
  std::vector<Link> by_demand_, by_site_;
  std::unordered_map<std::string, Index> demand_index_, site_index_;
  std::size_t candidates_ = 0;
  double total_weight_ = 0.0;
  double max_cost_ = 0.0;
  bool has_capacity_ = false;
};

}  // namespace siting::location
