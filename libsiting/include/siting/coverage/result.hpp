// SPDX-License-Identifier: Apache-2.0
#pragma once

// The coverage stage's value: the engine's per-parcel and per-facility answer
// (Coverage) with every figure a report shows of it, computed once here so the
// report only formats: rates per tier overall and per zone, the households left
// out, the network's counts and the target verdict.
//
//   Coverage c = analyse_coverage(graph, index, parcels, facilities, options);
//   CoverageResult r = summarise(std::move(c), options, graph, network, {parcels, parcel_zones, zones.size()}, rules);
//   if (r.target_met == false) ...

#include <cstddef>
#include <optional>
#include <vector>

#include "siting/coverage/analysis.hpp"
#include "siting/model.hpp"
#include "siting/network/graph.hpp"
#include "siting/network/roads.hpp"
#include "siting/rules/ruleset.hpp"

namespace siting::coverage {

// Coverage of a group of parcels (all of them, or one zone's), per tier. A
// parcel's households and residents count in a tier when its walk falls in it;
// its area counts by the part inside the tier's service area.
struct Rates {
  double households = 0.0, residents = 0.0, area_m2 = 0.0;  // of every parcel in the group
  std::vector<double> households_covered, residents_covered, area_covered_m2;  // per tier
  // Residents aged 60+, when every parcel gives them (CoverageResult::elderly_known);
  // else 0.
  double elderly = 0.0;
  std::vector<double> elderly_covered;

  explicit Rates(std::size_t tiers = 0)
      : households_covered(tiers, 0.0),
        residents_covered(tiers, 0.0),
        area_covered_m2(tiers, 0.0),
        elderly_covered(tiers, 0.0) {}
  // Households covered at the circle (the last tier) >= target_share x households;
  // nullopt for a group without households.
  std::optional<bool> target_met(double target_share) const;
};

// The walking network the coverage ran on, as summary.json describes it.
struct NetworkSummary {
  network::RoadStats roads;
  network::BuildStats build;
  bool node_crossings = false;  // BuildOptions::node_crossings, as built
  std::size_t vertices = 0, edges = 0, components = 0, largest_component_vertices = 0;
};

// The parcels and the zones each lies in (provision::estate_zones).
struct Demand {
  const std::vector<Estate>& parcels;
  const std::vector<std::vector<std::size_t>>& parcel_zones;
  std::size_t zone_count = 0;
};

struct CoverageResult {
  CoverageOptions options;     // as run: tiers, speed, lateral distance, maximum snap
  Coverage coverage;           // per parcel, per facility, per tier
  NetworkSummary network;
  std::vector<Point> vertex_points;  // where each of coverage.vertex_times is (network_times.csv)

  std::vector<double> residents;  // per parcel: its population, else households x persons per household
  // Every parcel gives its elderly (老年人口): the rates count them too. A share of
  // the parcels would give a rate of some of the elderly, so none is given then.
  bool elderly_known = false;
  Rates overall;
  std::vector<Rates> zones;       // per zone
  // Per parcel: its area outside the circle's service area, and its households
  // there pro rata by area (0 for a gap below kGapSliverM2 or a parcel without area).
  std::vector<double> gap_m2, households_left_out;
  std::vector<std::size_t> gaps;  // parcels with a gap, most households left out first, then by id
  double households_left_out_total = 0.0;
  std::size_t facilities_off_network = 0, facilities_on_islands = 0;
  std::size_t parcels_off_network = 0, parcels_on_islands = 0;
  double target_share = 0.0;       // of households within the circle (the rule set's)
  std::optional<bool> target_met;  // overall; nullopt without households
};

// `network` with roads, build and node_crossings filled; its counts come from
// `graph`. Uses the rule set's persons per household and target share.
CoverageResult summarise(Coverage coverage, const CoverageOptions& options, const network::WalkGraph& graph,
                         NetworkSummary network, const Demand& demand, const rules::RuleSet& rules);
// The same with every count of `network` given: the merge of a sharded run,
// whose network was counted whole by the shard planner. No vertex times.
CoverageResult summarise(Coverage coverage, const CoverageOptions& options, NetworkSummary network,
                         const Demand& demand, const rules::RuleSet& rules);

}  // namespace siting::coverage
