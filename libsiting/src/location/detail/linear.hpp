// SPDX-License-Identifier: Apache-2.0
#pragma once

// A linear (or mixed-integer) model built row by row, and the two COIN-OR
// solvers behind it: Clp for the LP relaxations (the bounds) and Cbc for the
// exact mode. Coin headers stay in linear_clp.cpp / linear_cbc.cpp.

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "location/detail/numeric.hpp"
#include "siting/location/solve.hpp"

namespace siting::location::detail {

struct LinearModel {
  bool maximise = false;
  std::vector<double> col_lower, col_upper, objective;
  std::vector<char> integer;
  std::vector<double> row_lower, row_upper;
  std::vector<int> entry_row, entry_col;
  std::vector<double> entry_value;

  int add_column(double lower, double upper, double cost, bool is_integer = false) {
    col_lower.push_back(lower);
    col_upper.push_back(upper);
    objective.push_back(cost);
    integer.push_back(is_integer ? 1 : 0);
    return static_cast<int>(objective.size() - 1);
  }
  int add_row(double lower, double upper) {
    row_lower.push_back(lower);
    row_upper.push_back(upper);
    return static_cast<int>(row_lower.size() - 1);
  }
  void add(int row, int col, double value) {
    entry_row.push_back(row);
    entry_col.push_back(col);
    entry_value.push_back(value);
  }
  std::size_t columns() const { return objective.size(); }
  std::size_t rows() const { return row_lower.size(); }
  std::size_t nonzeros() const { return entry_value.size(); }
};

// Compressed sparse columns, as both Clp and Cbc load them.
struct Csc {
  std::vector<int> start, index;
  std::vector<double> value;
};
Csc to_csc(const LinearModel& model);

struct LpResult {
  bool optimal = false;
  double objective = 0.0;
  std::string status;  // "optimal", "infeasible", "time limit", ...
  std::vector<double> x;
};
// Coin takes "infinite" bounds as ±COIN_DBL_MAX.
std::vector<double> coin_bounds(const std::vector<double>& v);

LpResult solve_lp(const LinearModel& model, double time_limit_s);

struct MipResult {
  bool has_solution = false;
  bool proven_optimal = false;
  bool proven_infeasible = false;
  double objective = 0.0;
  double bound = 0.0;  // best possible, in the model's sense
  std::string status;
  std::vector<double> x;
};
// `start`: (column, value) of a feasible solution's nonzero integer columns.
MipResult solve_mip(const LinearModel& model, const std::vector<std::pair<int, double>>& start,
                    const ExactOptions& settings);

}  // namespace siting::location::detail
