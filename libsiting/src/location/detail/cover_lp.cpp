// SPDX-License-Identifier: Apache-2.0
// The covering models as linear programs: one column per candidate (x) and per
// demand group (y, continuous even in the MIP: with integer x the optimum puts
// y at 0 or 1 anyway), one row "y_g <= Σ x_j over the sites covering g" per
// group, and the cardinality (mclp) or coverage (psclp) row.
#include <cmath>

#include "location/detail/cover_search.hpp"
#include "location/detail/linear.hpp"

namespace siting::location::detail {

namespace {

LinearModel covering_model(const CoverInstance& inst, bool integer, bool mclp) {
  LinearModel m;
  m.maximise = mclp;
  for (std::size_t j = 0; j < inst.candidates; ++j) m.add_column(0.0, 1.0, mclp ? 0.0 : 1.0, integer);
  const int y0 = static_cast<int>(inst.candidates);
  for (std::size_t g = 0; g < inst.groups(); ++g) m.add_column(0.0, 1.0, mclp ? inst.weight[g] : 0.0);
  for (std::uint32_t g = 0; g < inst.groups(); ++g) {
    const int row = m.add_row(-kInf, 0.0);
    m.add(row, y0 + static_cast<int>(g), 1.0);
    for (std::uint32_t e = inst.group_offsets[g]; e < inst.group_offsets[g + 1]; ++e)
      m.add(row, static_cast<int>(inst.group_sites[e]), -1.0);
  }
  return m;
}

std::vector<std::pair<int, double>> start_of(const std::vector<std::uint32_t>& open) {
  std::vector<std::pair<int, double>> start;
  for (std::uint32_t s : open) start.push_back({static_cast<int>(s), 1.0});
  return start;
}

CoverMip to_cover_mip(const MipResult& r, const CoverInstance& inst) {
  CoverMip out;
  out.has_solution = r.has_solution;
  out.proven_optimal = r.proven_optimal;
  out.objective = r.objective;
  out.bound = r.bound;
  out.status = r.status;
  if (r.has_solution)
    for (std::uint32_t j = 0; j < inst.candidates; ++j)
      if (r.x[j] > 0.5) out.open.push_back(j);
  return out;
}

}  // namespace

std::size_t covering_lp_nonzeros(const CoverInstance& inst) {
  return inst.group_sites.size() + 2 * inst.groups() + inst.candidates;
}

LpBound mclp_lp_bound(const CoverInstance& inst, std::size_t k, double time_limit_s) {
  LinearModel m = covering_model(inst, false, true);
  const int card = m.add_row(-kInf, static_cast<double>(k));
  for (std::size_t j = 0; j < inst.candidates; ++j) m.add(card, static_cast<int>(j), 1.0);
  const LpResult r = solve_lp(m, time_limit_s);
  return {r.optimal, r.objective, r.status};
}

LpBound psclp_lp_bound(const CoverInstance& inst, double need, double time_limit_s) {
  LinearModel m = covering_model(inst, false, false);
  const int cover = m.add_row(need, kInf);
  for (std::size_t g = 0; g < inst.groups(); ++g)
    m.add(cover, static_cast<int>(inst.candidates + g), inst.weight[g]);
  const LpResult r = solve_lp(m, time_limit_s);
  return {r.optimal, r.objective, r.status};
}

CoverMip mclp_mip(const CoverInstance& inst, std::size_t k, const std::vector<std::uint32_t>& start,
                  const ExactOptions& options) {
  LinearModel m = covering_model(inst, true, true);
  const int card = m.add_row(-kInf, static_cast<double>(k));
  for (std::size_t j = 0; j < inst.candidates; ++j) m.add(card, static_cast<int>(j), 1.0);
  return to_cover_mip(solve_mip(m, start_of(start), options), inst);
}

CoverMip psclp_mip(const CoverInstance& inst, double need, const std::vector<std::uint32_t>& start,
                   const ExactOptions& options) {
  LinearModel m = covering_model(inst, true, false);
  const int cover = m.add_row(need, kInf);
  for (std::size_t g = 0; g < inst.groups(); ++g)
    m.add(cover, static_cast<int>(inst.candidates + g), inst.weight[g]);
  return to_cover_mip(solve_mip(m, start_of(start), options), inst);
}

}  // namespace siting::location::detail
