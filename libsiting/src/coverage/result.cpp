// SPDX-License-Identifier: Apache-2.0
#include "siting/coverage/result.hpp"

#include <algorithm>

namespace siting::coverage {

std::optional<bool> Rates::target_met(double target_share) const {
  if (!(households > 0)) return std::nullopt;
  return households_covered.back() >= target_share * households;
}

namespace {

void add(Rates& r, const Estate& e, const ParcelCoverage& pc, double residents) {
  const double elderly = e.elderly.value_or(0.0);
  r.households += e.households;
  r.residents += residents;
  r.elderly += elderly;
  r.area_m2 += e.area_m2;
  for (std::size_t i = 0; i < r.households_covered.size(); ++i) {
    if (pc.tier >= 0 && static_cast<std::size_t>(pc.tier) <= i) {
      r.households_covered[i] += e.households;
      r.residents_covered[i] += residents;
      r.elderly_covered[i] += elderly;
    }
    r.area_covered_m2[i] += pc.covered_m2[i];
  }
}

// The uncovered part of each parcel, and its households pro rata by area.
void find_gaps(CoverageResult& r, const std::vector<Estate>& parcels) {
  const std::vector<ParcelCoverage>& pcs = r.coverage.parcels;
  r.gap_m2.assign(parcels.size(), 0.0);
  r.households_left_out.assign(parcels.size(), 0.0);
  for (std::size_t p = 0; p < parcels.size(); ++p) {
    r.gap_m2[p] = area(pcs[p].gap);
    if (r.gap_m2[p] < kGapSliverM2 || parcels[p].area_m2 <= 0) continue;
    r.households_left_out[p] = parcels[p].households * r.gap_m2[p] / parcels[p].area_m2;
    r.households_left_out_total += r.households_left_out[p];
    r.gaps.push_back(p);
  }
  std::stable_sort(r.gaps.begin(), r.gaps.end(), [&](std::size_t a, std::size_t b) {
    if (r.households_left_out[a] != r.households_left_out[b])
      return r.households_left_out[a] > r.households_left_out[b];
    return parcels[a].id < parcels[b].id;
  });
}

}  // namespace

CoverageResult summarise(Coverage coverage, const CoverageOptions& options, const network::WalkGraph& graph,
                         NetworkSummary network, const Demand& demand, const rules::RuleSet& rules) {
  network.vertices = graph.vertex_count();
  network.edges = graph.edge_count();
  network.components = graph.component_count();
  network.largest_component_vertices = graph.component_count() ? graph.component_size(0) : 0;
  std::vector<Point> points;
  for (const VertexTime& v : coverage.vertex_times) points.push_back(graph.point(v.vertex));
  CoverageResult r = summarise(std::move(coverage), options, network, demand, rules);
  r.vertex_points = std::move(points);
  return r;
}

CoverageResult summarise(Coverage coverage, const CoverageOptions& options, NetworkSummary network,
                         const Demand& demand, const rules::RuleSet& rules) {
  CoverageResult r;
  r.options = options;
  r.coverage = std::move(coverage);
  const Coverage& c = r.coverage;
  r.network = network;

  const std::size_t tiers = options.minutes.size();
  r.overall = Rates(tiers);
  r.zones.assign(demand.zone_count, Rates(tiers));
  r.elderly_known = !demand.parcels.empty() &&
                    std::all_of(demand.parcels.begin(), demand.parcels.end(), [](const Estate& e) { return e.elderly.has_value(); });
  for (std::size_t p = 0; p < demand.parcels.size(); ++p) {
    const Estate& e = demand.parcels[p];
    r.residents.push_back(e.population ? *e.population : e.households * rules.zone.persons_per_household);
    add(r.overall, e, c.parcels[p], r.residents[p]);
    for (std::size_t z : demand.parcel_zones[p]) add(r.zones[z], e, c.parcels[p], r.residents[p]);
    r.parcels_off_network += c.parcels[p].access == network::AccessKind::None;
    r.parcels_on_islands += c.parcels[p].island;
  }
  for (const FacilityCoverage& fc : c.facilities) {
    r.facilities_off_network += !fc.snap.on_network();
    r.facilities_on_islands += fc.island;
  }
  find_gaps(r, demand.parcels);
  r.target_share = rules.coverage.target_share;
  r.target_met = r.overall.target_met(r.target_share);
  return r;
}

}  // namespace siting::coverage
