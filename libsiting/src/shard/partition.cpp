// SPDX-License-Identifier: Apache-2.0
#include "siting/shard/partition.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "detail/bg.hpp"
#include "siting/error.hpp"
#include "siting/options.hpp"

namespace siting::shard {

namespace bg = detail::bg;
namespace bgi = detail::bgi;
using Tree = bgi::rtree<std::pair<detail::BgBox, std::size_t>, bgi::rstar<16>>;

struct Districts::Index {
  std::vector<detail::BgMultiPolygon> polygons;
  Tree tree;
};

Districts::Districts() = default;
Districts::Districts(Districts&&) noexcept = default;
Districts& Districts::operator=(Districts&&) noexcept = default;
Districts::~Districts() = default;

void Districts::index() {
  index_ = std::make_unique<Index>();
  std::vector<std::pair<detail::BgBox, std::size_t>> boxes;
  for (std::size_t i = 0; i < districts_.size(); ++i) {
    index_->polygons.push_back(detail::to_bg(districts_[i].geometry));
    if (!districts_[i].geometry.empty()) boxes.emplace_back(detail::to_bg(bounds(districts_[i].geometry)), i);
  }
  index_->tree = Tree(boxes.begin(), boxes.end());
}

Districts Districts::Grid(const Box& extent, double cell_m) {
  check_option("--grid", cell_m, kGridRange);
  const double c0 = std::floor(extent.min_x / cell_m), r0 = std::floor(extent.min_y / cell_m);
  // A point on the last cell's far edge belongs to that cell (the first listed
  // of the cells sharing the edge), so no cell starts at the extent's far edge.
  const double cols = std::max(1.0, std::ceil(extent.max_x / cell_m) - c0);
  const double rows = std::max(1.0, std::ceil(extent.max_y / cell_m) - r0);
  if (!(cols * rows <= 100000))
    throw Error(ErrorCode::Usage, "--grid " + std::to_string(static_cast<long long>(cell_m)) + " m makes " +
                                      std::to_string(static_cast<long long>(cols * rows)) +
                                      " cells over the data (at most 100,000): give a larger cell");
  Districts d;
  for (double r = 0; r < rows; ++r)
    for (double c = 0; c < cols; ++c) {
      const double x0 = (c0 + c) * cell_m, y0 = (r0 + r) * cell_m;
      District cell;
      cell.id = "grid-" + std::to_string(static_cast<long long>(c0 + c)) + "-" +
                std::to_string(static_cast<long long>(r0 + r));
      Polygon square;
      square.outer = {{x0, y0}, {x0 + cell_m, y0}, {x0 + cell_m, y0 + cell_m}, {x0, y0 + cell_m}, {x0, y0}};
      cell.geometry.push_back(std::move(square));
      d.districts_.push_back(std::move(cell));
    }
  d.index();
  return d;
}

Districts Districts::FromZones(const std::vector<Zone>& zones, const std::string& level) {
  Districts d;
  std::set<std::string> levels;
  for (const Zone& z : zones) {
    levels.insert(z.level);
    if (z.level == level) d.districts_.push_back({z.id, z.name, z.geometry});
  }
  if (d.districts_.empty()) {
    std::string there;
    for (const std::string& l : levels) there += (there.empty() ? "" : ", ") + in_quotes(l);
    throw Error(ErrorCode::EmptyLayer, "--district-level " + in_quotes(level) + ": no zone has that level (the zones' levels: " +
                                           (there.empty() ? std::string("none") : there) + ")");
  }
  d.index();
  return d;
}

Districts Districts::FromList(std::vector<District> districts) {
  Districts d;
  d.districts_ = std::move(districts);
  d.index();
  return d;
}

std::size_t Districts::owner(const Point& p) const {
  const Index& ix = *index_;
  const auto q = detail::to_bg(p);
  std::size_t first_covering = std::numeric_limits<std::size_t>::max(), first_inside = first_covering;
  for (auto it = ix.tree.qbegin(bgi::intersects(q)); it != ix.tree.qend(); ++it) {
    const std::size_t i = it->second;
    if (i < first_inside && bg::within(q, ix.polygons[i])) first_inside = i;
    else if (i < first_covering && bg::covered_by(q, ix.polygons[i])) first_covering = i;
  }
  if (first_inside != std::numeric_limits<std::size_t>::max()) return first_inside;
  if (first_covering != std::numeric_limits<std::size_t>::max()) return first_covering;
  // Outside every district (rare: a parcel past the edge of the districts): the
  // nearest; a district whose box is already farther than the best is skipped,
  // and the first listed wins a tie.
  std::size_t best = 0;
  double best_d = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < ix.polygons.size(); ++i) {
    if (districts_[i].geometry.empty()) continue;
    const Box b = bounds(districts_[i].geometry);
    const double dx = std::max({b.min_x - p.x, 0.0, p.x - b.max_x}), dy = std::max({b.min_y - p.y, 0.0, p.y - b.max_y});
    if (std::hypot(dx, dy) > best_d) continue;  // its box is already farther than the best
    const double d = bg::distance(q, ix.polygons[i]);
    if (d < best_d) {
      best_d = d;
      best = i;
    }
  }
  return best;
}

}  // namespace siting::shard
