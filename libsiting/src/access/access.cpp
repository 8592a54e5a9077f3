// SPDX-License-Identifier: Apache-2.0
#include "siting/access/access.hpp"

#include <cmath>
#include <string>

#include "siting/error.hpp"

namespace siting::access {

const char* to_string(Decay decay) {
  switch (decay) {
    case Decay::None: return "none";
    case Decay::Steps: return "steps";
    case Decay::Gaussian: return "gaussian";
  }
  return "none";
}

namespace {

constexpr Range kWeightRange{0.0, 1.0, true, ""};

// The bands as the command line writes them (minutes:weight), for messages.
std::string bands_text(const std::vector<Band>& steps) {
  std::string s;
  for (const Band& b : steps)
    s += (s.empty() ? "" : ",") + option_value_text(b.upper_s / 60.0) + ":" + option_value_text(b.weight);
  return s.empty() ? "none" : s;
}

}  // namespace

void AccessOptions::validate() const {
  // Messages in minutes, as the command line takes the catchment and the bands.
  if (!kCatchmentRange.contains(catchment_s))
    throw Error(ErrorCode::Usage, "the catchment (--minutes) must be in (0, 180] min, got " +
                                      option_value_text(catchment_s / 60.0));
  if (decay != Decay::Steps) return;
  const std::string rule = "--steps must be 1 to " + std::to_string(kMaxBands) +
                           " bands MINUTES:WEIGHT with minutes strictly increasing up to the catchment (" +
                           option_value_text(catchment_s / 60.0) +
                           " min, the last band's bound) and weights in (0, 1], non-increasing; got " +
                           bands_text(steps);
  if (steps.empty() || steps.size() > kMaxBands) throw Error(ErrorCode::Usage, rule);
  for (std::size_t b = 0; b < steps.size(); ++b) {
    const Band& band = steps[b];
    const bool bound_ok = std::isfinite(band.upper_s) && band.upper_s > (b == 0 ? 0.0 : steps[b - 1].upper_s);
    const bool weight_ok = kWeightRange.contains(band.weight) && (b == 0 || band.weight <= steps[b - 1].weight);
    if (!bound_ok || !weight_ok) throw Error(ErrorCode::Usage, rule);
  }
  // Exactly: a band past the catchment would never apply, one short of it would
  // leave the walks between with no weight.
  if (steps.back().upper_s != catchment_s) throw Error(ErrorCode::Usage, rule);
}

double AccessOptions::weight(double t) const {
  if (!(t <= catchment_s)) return 0.0;
  switch (decay) {
    case Decay::None: return 1.0;
    case Decay::Steps:
      for (const Band& b : steps)
        if (t <= b.upper_s) return b.weight;
      return 0.0;
    case Decay::Gaussian: {
      // Dai (2010): the standard normal kernel, rescaled so that it is 1 at the
      // facility and 0 at the catchment's edge.
      const double edge = std::exp(-0.5);
      const double x = t / catchment_s;
      return (std::exp(-0.5 * x * x) - edge) / (1.0 - edge);
    }
  }
  return 0.0;
}

AccessResult compute_access(const location::Problem& problem, const std::vector<double>& supply,
                            const AccessOptions& options) {
  options.validate();
  const auto& sites = problem.sites();
  const auto& demand = problem.demand();
  if (supply.size() != sites.size())
    throw Error(ErrorCode::BadValue, "one supply per facility is needed: " + std::to_string(sites.size()) +
                                         " facilities, " + std::to_string(supply.size()) + " supplies");
  for (std::size_t j = 0; j < sites.size(); ++j)
    if (!std::isfinite(supply[j]) || supply[j] < 0.0)
      throw Error(ErrorCode::BadValue, "the supply of facility " + sites[j].id +
                                           " must be a finite number >= 0, got " + option_value_text(supply[j]));

  AccessResult r;
  r.options = options;
  r.facilities.resize(sites.size());
  r.parcels.resize(demand.size());

  // Step 1: each facility's supply over the (weighted) demand that reaches it.
  for (location::Index j = 0; j < sites.size(); ++j) {
    FacilityAccess& f = r.facilities[j];
    f.supply = supply[j];
    r.total_supply += f.supply;
    for (const location::Link& l : problem.demand_of(j)) {
      if (!(l.cost <= options.catchment_s)) continue;
      ++f.parcels;
      f.demand += options.weight(l.cost) * demand[l.to].weight;
    }
    // Nobody to share with: the ratio is not computable (never inf or NaN), and
    // this supply reaches no one.
    if (f.demand > 0.0) {
      f.ratio = f.supply / f.demand;
      r.supply_reaching_demand += f.supply;
    } else {
      ++r.facilities_without_demand;
    }
  }

  // Step 2: each parcel sums the ratios of the facilities it reaches.
  double weighted = 0.0;
  for (location::Index i = 0; i < demand.size(); ++i) {
    ParcelAccess& p = r.parcels[i];
    p.demand = demand[i].weight;
    r.total_demand += p.demand;
    for (const location::Link& l : problem.sites_of(i)) {
      if (!(l.cost <= options.catchment_s)) continue;
      ++p.facilities;
      // A facility without demand has a parcel here only at weight 0 (or one of
      // demand 0): it adds nothing.
      if (r.facilities[l.to].ratio) p.access += options.weight(l.cost) * *r.facilities[l.to].ratio;
    }
    weighted += p.demand * p.access;
    if (p.access == 0.0) {
      ++r.parcels_without_access;
      r.demand_without_access += p.demand;
    }
  }
  if (r.total_demand > 0.0) {
    r.mean_access = weighted / r.total_demand;
    r.share_without_access = r.demand_without_access / r.total_demand;
  }
  if (r.mean_access > 0.0)
    for (ParcelAccess& p : r.parcels) p.ratio_to_mean = p.access / r.mean_access;
  return r;
}

}  // namespace siting::access
