// SPDX-License-Identifier: Apache-2.0
#include <Clp_C_Interface.h>

#include <algorithm>
#include <memory>
#include <numeric>

#include "location/detail/linear.hpp"

namespace siting::location::detail {

Csc to_csc(const LinearModel& model) {
  Csc csc;
  const std::size_t n = model.columns();
  csc.start.assign(n + 1, 0);
  for (int c : model.entry_col) ++csc.start[static_cast<std::size_t>(c) + 1];
  for (std::size_t c = 0; c < n; ++c) csc.start[c + 1] += csc.start[c];
  csc.index.resize(model.nonzeros());
  csc.value.resize(model.nonzeros());
  std::vector<int> fill(csc.start.begin(), csc.start.end() - 1);
  for (std::size_t e = 0; e < model.nonzeros(); ++e) {
    const int at = fill[static_cast<std::size_t>(model.entry_col[e])]++;
    csc.index[static_cast<std::size_t>(at)] = model.entry_row[e];
    csc.value[static_cast<std::size_t>(at)] = model.entry_value[e];
  }
  return csc;
}

std::vector<double> coin_bounds(const std::vector<double>& v) {
  std::vector<double> out(v);
  for (double& x : out)
    if (x == kInf) x = std::numeric_limits<double>::max();
    else if (x == -kInf) x = -std::numeric_limits<double>::max();
  return out;
}

namespace {

struct ClpDeleter {
  void operator()(Clp_Simplex* m) const { Clp_deleteModel(m); }
};

}  // namespace

LpResult solve_lp(const LinearModel& model, double time_limit_s) {
  std::unique_ptr<Clp_Simplex, ClpDeleter> clp(Clp_newModel());
  Clp_setLogLevel(clp.get(), 0);
  const Csc csc = to_csc(model);
  const auto cl = coin_bounds(model.col_lower), cu = coin_bounds(model.col_upper);
  const auto rl = coin_bounds(model.row_lower), ru = coin_bounds(model.row_upper);
  Clp_loadProblem(clp.get(), static_cast<int>(model.columns()), static_cast<int>(model.rows()), csc.start.data(),
                  csc.index.data(), csc.value.data(), cl.data(), cu.data(), model.objective.data(), rl.data(),
                  ru.data());
  Clp_setOptimizationDirection(clp.get(), model.maximise ? -1.0 : 1.0);
  Clp_setMaximumSeconds(clp.get(), time_limit_s);
  Clp_dual(clp.get(), 0);
  LpResult r;
  const int status = Clp_status(clp.get());
  r.optimal = status == 0;
  static const char* names[] = {"optimal", "infeasible", "unbounded", "stopped (time or iterations)", "errors"};
  r.status = status >= 0 && status <= 4 ? names[status] : "unknown";
  r.objective = Clp_getObjValue(clp.get());
  const double* x = Clp_getColSolution(clp.get());
  r.x.assign(x, x + model.columns());
  return r;
}

}  // namespace siting::location::detail
