// SPDX-License-Identifier: Apache-2.0
#include <Cbc_C_Interface.h>

#include <limits>
#include <memory>
#include <string>

#include "location/detail/linear.hpp"

namespace siting::location::detail {

namespace {

struct CbcDeleter {
  void operator()(Cbc_Model* m) const { Cbc_deleteModel(m); }
};

}  // namespace

MipResult solve_mip(const LinearModel& model, const std::vector<std::pair<int, double>>& start,
                    const ExactOptions& settings) {
  std::unique_ptr<Cbc_Model, CbcDeleter> cbc(Cbc_newModel());
  const Csc csc = to_csc(model);
  const auto cl = coin_bounds(model.col_lower), cu = coin_bounds(model.col_upper);
  const auto rl = coin_bounds(model.row_lower), ru = coin_bounds(model.row_upper);
  Cbc_loadProblem(cbc.get(), static_cast<int>(model.columns()), static_cast<int>(model.rows()), csc.start.data(),
                  csc.index.data(), csc.value.data(), cl.data(), cu.data(), model.objective.data(), rl.data(),
                  ru.data());
  for (std::size_t c = 0; c < model.columns(); ++c)
    if (model.integer[c]) Cbc_setInteger(cbc.get(), static_cast<int>(c));
  Cbc_setObjSense(cbc.get(), model.maximise ? -1.0 : 1.0);
  // The limit is wall-clock time, as the user reads it; Cbc counts CPU time by default.
  Cbc_setParameter(cbc.get(), "timeMode", "elapsed");
  Cbc_setMaximumSeconds(cbc.get(), settings.time_limit_s);
  if (settings.max_nodes > 0) Cbc_setMaximumNodes(cbc.get(), static_cast<int>(settings.max_nodes));
  Cbc_setLogLevel(cbc.get(), settings.log ? 1 : 0);
  if (!settings.log) Cbc_setParameter(cbc.get(), "slog", "0");
  if (settings.threads > 1) Cbc_setParameter(cbc.get(), "threads", std::to_string(settings.threads).c_str());
  if (!start.empty()) {
    std::vector<int> cols;
    std::vector<double> values;
    for (const auto& [c, v] : start) {
      cols.push_back(c);
      values.push_back(v);
    }
    Cbc_setMIPStartI(cbc.get(), static_cast<int>(cols.size()), cols.data(), values.data());
  }
  Cbc_solve(cbc.get());

  MipResult r;
  r.proven_optimal = Cbc_isProvenOptimal(cbc.get()) != 0;
  r.proven_infeasible = Cbc_isProvenInfeasible(cbc.get()) != 0;
  const double* best = Cbc_bestSolution(cbc.get());
  r.has_solution = best != nullptr;
  if (best) {
    r.x.assign(best, best + model.columns());
    r.objective = Cbc_getObjValue(cbc.get());
  }
  r.bound = Cbc_getBestPossibleObjValue(cbc.get());
  if (r.proven_optimal) r.status = "optimal";
  else if (r.proven_infeasible) r.status = "infeasible";
  else if (Cbc_isSecondsLimitReached(cbc.get())) r.status = "time limit";
  else if (Cbc_isNodeLimitReached(cbc.get())) r.status = "node limit";
  else if (Cbc_isAbandoned(cbc.get())) r.status = "abandoned";
  else r.status = "stopped";
  return r;
}

}  // namespace siting::location::detail
