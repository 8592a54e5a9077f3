// SPDX-License-Identifier: Apache-2.0
#pragma once

// Capacity-aware access: the two-step floating catchment area method (2SFCA,
// Luo & Wang 2003) and its enhanced form with distance decay (E2SFCA, Luo & Qi
// 2009; Gaussian weights as Dai 2010), over the sparse parcel x facility walking
// times of a location::Problem (location::build_network_problem, facilities
// only). Where coverage asks "is a facility within 15 minutes?", this asks "how
// much supply (beds, floor area) per unit of demand does each parcel reach,
// once every facility's supply is shared among all the demand that can reach
// it?".
//
// With P_k the demand of parcel k, S_j the supply of facility j, d_kj the walk
// in seconds, d0 the catchment and W the decay (W = 1 on [0, d0] for 2SFCA):
//
//   Step 1, per facility:  D_j = sum over k with d_kj <= d0 of W(d_kj) P_k
//                          R_j = S_j / D_j                (undefined when D_j = 0)
//   Step 2, per parcel:    A_i = sum over j with d_ij <= d0 and R_j defined of W(d_ij) R_j
//
// Decays: None: W(d) = 1. Steps: W(d) = w_b for the first band b with
// d <= upper_b (Luo & Qi 2009: 1, 0.68, 0.22). Gaussian (Dai 2010):
//   W(d) = (exp(-d^2 / (2 d0^2)) - exp(-1/2)) / (1 - exp(-1/2)),
// 1 at d = 0, falling to 0 at d = d0.
//
// Supply is conserved: sum_i P_i A_i = sum of S_j over the facilities with
// D_j > 0, so the demand-weighted mean of A is that supply over the total
// demand, and A_i / mean compares parcels across cities whatever the unit.
// Pairs farther than d0 are ignored, so the problem only needs the arcs within
// the catchment (build_network_problem's default search does exactly that).
// See docs/access.md.
//
//   NetworkProblem np = build_network_problem(graph, index, parcels, households, facilities, {}, {}, o);
//   AccessOptions a;
//   a.decay = Decay::Gaussian;
//   a.catchment_s = np.cutoff_s;
//   AccessResult r = compute_access(np.problem, floor_areas, a);
//   r.parcels[i].access;  r.facilities[j].ratio;  r.mean_access;

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "siting/location/problem.hpp"
#include "siting/options.hpp"

namespace siting::access {

enum class Decay {
  None,      // classic 2SFCA: every pair within the catchment weighs 1
  Steps,     // E2SFCA with step weights per time band
  Gaussian,  // E2SFCA with the normalised Gaussian (1 at 0, 0 at the catchment)
};
// "none", "steps", "gaussian".
const char* to_string(Decay decay);

// One time band of the step decay: pairs with a walk <= upper_s (and above the
// previous band's bound) weigh `weight`.
struct Band {
  double upper_s = 0.0;
  double weight = 1.0;
};

// The catchment's range: that of a walking tier (network::kMinutesRange), in seconds.
constexpr Range kCatchmentRange{0.0, 180.0 * 60.0, true, "s"};
constexpr std::size_t kMaxBands = 10;

struct AccessOptions {
  // How the weight of a pair falls with its walking time. Default None (2SFCA).
  Decay decay = Decay::None;
  // The catchment d0 in seconds: pairs with a walk <= catchment_s count (the
  // bound is inclusive, like the coverage budget); (0, 10800]. Default 900 (15
  // minutes, the guangdong rule set's circle). For a network problem, use its
  // cutoff_s, which counts a parcel exactly when coverage does.
  double catchment_s = 900.0;
  // Steps only: 1 to 10 bands, upper bounds strictly increasing, the last equal
  // to catchment_s; weights in (0, 1] and non-increasing (a decay). Default the
  // weights of Luo & Qi (2009) on 5-minute bands: 0-5 min 1, 5-10 min 0.68,
  // 10-15 min 0.22.
  std::vector<Band> steps{{300.0, 1.0}, {600.0, 0.68}, {900.0, 0.22}};

  // Throws Error(E001) naming the option, its range and the value given.
  void validate() const;
  // W(t) for a walk of t seconds; 0 beyond the catchment. Call after validate().
  double weight(double t_s) const;
};

struct FacilityAccess {
  double supply = 0.0;        // S_j, as given
  double demand = 0.0;        // D_j: decay-weighted demand within the catchment
  std::size_t parcels = 0;    // demand points within the catchment (any weight)
  std::optional<double> ratio;  // R_j = S_j / D_j per unit of demand; unset when D_j = 0
};

struct ParcelAccess {
  double demand = 0.0;          // P_i
  double access = 0.0;          // A_i, supply per unit of demand; 0 when no facility reaches it
  std::size_t facilities = 0;   // facilities within the catchment (any weight)
  std::optional<double> ratio_to_mean;  // A_i / mean_access; unset when mean_access = 0
};

struct AccessResult {
  AccessOptions options;
  std::vector<FacilityAccess> facilities;  // per site of the problem, in its order
  std::vector<ParcelAccess> parcels;       // per demand point, in its order
  double total_supply = 0.0;
  double total_demand = 0.0;
  // Supply of the facilities with demand in their catchment: the supply that
  // reaches anyone (sum_i P_i A_i).
  double supply_reaching_demand = 0.0;
  std::size_t facilities_without_demand = 0;  // D_j = 0: R_j undefined
  // Demand-weighted mean of A_i; 0 when there is no demand.
  double mean_access = 0.0;
  std::size_t parcels_without_access = 0;  // A_i = 0
  double demand_without_access = 0.0;      // sum of P_i over them
  // demand_without_access / total_demand; unset when there is no demand.
  std::optional<double> share_without_access;
};

// 2SFCA or E2SFCA over the problem's arcs (costs in seconds; demand weights are
// P). `supply` has one value per site, finite and >= 0: Error(E105) naming the
// site otherwise, or for a size mismatch. Error(E001) for bad options.
AccessResult compute_access(const location::Problem& problem, const std::vector<double>& supply,
                            const AccessOptions& options);

}  // namespace siting::access
