// SPDX-License-Identifier: Apache-2.0
#pragma once

// Network mode: a location Problem built from the walking graph, with the same
// snapping, parcel access and inclusive budget as the coverage stage, so the
// optimiser's covered households are exactly what `siting coverage` counts once
// the chosen sites are added as facilities.
//
// Demand points are the residential parcels (weights given by the caller:
// households, residents or elderly). Sites are the existing facilities (fixed,
// first, in input order) then the candidates (in input order). Arcs come from one
// bounded search per site, cut at `search_limit_m`, and are stored sparse: a
// parcel's cost is the walk from the site (its connector included) to the first
// point of the parcel reached, plus the parcel's own connector, in seconds at
// `walk.speed_m_per_s`. No dense demand × site matrix is ever built.
//
//   NetworkProblemOptions o;
//   o.walk = coverage_options;                 // minutes, speed, max snap
//   NetworkProblem np = build_network_problem(graph, index, parcels, weights,
//                                             facilities, capacities, candidates, o);
//   MclpOptions m; m.k = 5; m.cutoff = np.cutoff_s;
//   Result r = solve(np.problem, m);

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "siting/location/problem.hpp"
#include "siting/model.hpp"
#include "siting/network/graph.hpp"
#include "siting/network/snap.hpp"
#include "siting/network/walk_options.hpp"

namespace siting::location {

struct NetworkProblemOptions {
  // Tiers, speed and maximum snap distance; the circle (the last tier) is the
  // covering budget. Validated (Error E001).
  network::WalkOptions walk;
  // How far each site's search runs, in metres; 0 = the circle's budget
  // (walk.budget_m()). The p-median needs walks beyond the circle to rank sites
  // for demand outside it; otherwise > 0 and finite.
  double search_limit_m = 0.0;
  // Threads for the per-site searches; 0 = hardware concurrency; 0..256.
  unsigned threads = 0;
};

struct NetworkProblem {
  Problem problem;  // demand = parcels (ids = Estate::id), sites = facilities then candidates
  // The covering budget in the arcs' unit (seconds): walk.budget_m() / speed, so
  // that an arc is within it exactly when coverage would count the parcel.
  double cutoff_s = 0.0;
  std::vector<network::Snap> site_snaps;           // per site; empty Snap when off the network
  std::vector<std::size_t> off_network_sites;      // site indices with no street within max_snap_m
  std::size_t arcs = 0;
  double seconds = 0.0;                            // wall time of the build (parcel access, searches, arcs)
};

// Capacities (households) of the existing facilities: unset = unlimited; same
// size as `facilities` or empty (all unlimited). `weights` has one finite,
// non-negative value per parcel. Throws siting::Error(E105) for a size mismatch
// or a bad value, naming the parcel or facility.
NetworkProblem build_network_problem(const network::WalkGraph& graph, const network::SegmentIndex& index,
                                     const std::vector<Estate>& parcels, const std::vector<double>& weights,
                                     const std::vector<Facility>& facilities,
                                     const std::vector<std::optional<double>>& facility_capacity,
                                     const std::vector<Candidate>& candidates, const NetworkProblemOptions& options);

// The problem build_network_problem gives, from arcs found elsewhere: in a
// sharded siting each shard walks from the sites in its halo to its own parcels
// (jobs/shard.cpp), and the merge joins their arcs here. Arcs index the parcels
// and the sites (facilities, then candidates) as build_network_problem does;
// their order does not matter. site_snaps and off_network_sites stay empty (the
// shards snapped). Throws siting::Error as build_network_problem does, and for a
// pair given twice.
NetworkProblem network_problem_from_arcs(const std::vector<Estate>& parcels, const std::vector<double>& weights,
                                         const std::vector<Facility>& facilities,
                                         const std::vector<std::optional<double>>& facility_capacity,
                                         const std::vector<Candidate>& candidates, std::vector<Arc> arcs,
                                         const NetworkProblemOptions& options);

struct CandidateGeneration {
  // Distance between generated candidates along a street, metres; default 100;
  // [10, 5000].
  double spacing_m = 100.0;
  // A street counts as inside a gap area when it lies within this distance of a
  // gap (the part of a parcel outside the service area); metres; default 50
  // (the lateral distance of the service area); [0, 500].
  double near_gap_m = 50.0;
};

// Candidates every `spacing_m` along the walkable streets in or beside the gap
// areas (ids "G1", "G2", … in a deterministic order: by edge id, then distance
// along the edge), no capacity, no cost. Gaps are MultiPolygons in the working
// CRS, e.g. coverage::ParcelCoverage::gap of the uncovered parcels.
std::vector<Candidate> generate_candidates(const network::WalkGraph& graph, const network::SegmentIndex& index,
                                           const std::vector<MultiPolygon>& gaps, const CandidateGeneration& options);

}  // namespace siting::location
