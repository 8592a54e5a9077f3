// SPDX-License-Identifier: Apache-2.0
#pragma once

// Turning a review into what a reviewer prints or files: review.json (stable
// field names, docs/review.md), review.md, review.html (self-contained, with the
// map inline) and map.png (rendered with GDAL, no internet needed).

#include <string>

#include <nlohmann/json.hpp>

#include "siting/crs/crs.hpp"
#include "siting/review/review.hpp"

namespace siting::report::detail {

using review::Proposal;
using review::Review;

struct MapStyle {
  int width_px = 900;
  int max_height_px = 560;  // the map itself; title, legend and footer add about 140 px
};

// PNG bytes of the map (report/map_render): streets, the proposal's service
// circle, the estate, existing (blue squares) and proposed (red discs, labelled
// with their ids) facilities, a legend, a scale bar with its length, a north
// arrow and the data's attribution. `scale_bar_m` receives the bar's length.
std::string render_map_png(const Proposal& p, const review::MapInputs& map, const MapStyle& style,
                           double* scale_bar_m, const std::string& attribution);

nlohmann::ordered_json review_json(const Proposal& p, const Review& r, const rules::RuleSet& rules,
                                   const crs::Crs& working);
std::string render_markdown(const Proposal& p, const Review& r, const rules::RuleSet& rules, const std::string& map_file,
                            double scale_bar_m);
std::string render_html(const Proposal& p, const Review& r, const rules::RuleSet& rules, const std::string& png,
                        double scale_bar_m);

}  // namespace siting::report::detail
