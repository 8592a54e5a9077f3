// SPDX-License-Identifier: Apache-2.0
#pragma once

// The site report's images, drawn with Cairo (no internet, no Python): the
// trade-off chart and the bar chart of coverage by zone (maps: map_render.hpp).

#include <string>
#include <utility>
#include <vector>

#include "siting/geometry.hpp"

namespace siting::report::detail {

struct ChartSeries {
  std::vector<double> x, y;
};

struct TradeoffChart {
  std::string title;
  std::string x_title;  // "new sites"
  std::string y_title;  // "households within 15 minutes (%)", "total cost"
  ChartSeries greedy;   // the greedy order's first n sites
  ChartSeries answer;   // the final answer (one point)
  bool has_target = false;
  double target = 0.0;  // a horizontal line, in y units
};

// PNG bytes, 800 x 500.
std::string render_tradeoff_png(const TradeoffChart& chart);

// Horizontal bars, one per row (zones), values in percent (0..100).
struct BarChart {
  std::string title;
  std::string x_title;  // "households within 15 minutes (%)"
  std::vector<std::string> labels;
  std::vector<double> values;
  bool has_target = false;
  double target = 0.0;  // a vertical line, in percent
};

// PNG bytes, 1000 px wide, 28 px per bar.
std::string render_bar_chart_png(const BarChart& chart);

}  // namespace siting::report::detail
