// SPDX-License-Identifier: Apache-2.0
#include "siting/location/problem.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "detail/text.hpp"
#include "siting/error.hpp"

namespace siting::location {

namespace {

bool finite_nonnegative(double v) { return std::isfinite(v) && v >= 0.0; }

std::string arc_name(std::size_t a, const Arc& arc, const std::vector<DemandPoint>& demand,
                     const std::vector<Site>& sites) {
  std::string s = "arc " + std::to_string(a) + " (demand ";
  s += arc.demand < demand.size() ? demand[arc.demand].id : "#" + std::to_string(arc.demand);
  s += ", site ";
  s += arc.site < sites.size() ? sites[arc.site].id : "#" + std::to_string(arc.site);
  return s + ")";
}

// CSR of arcs keyed by one end, each row sorted by the other end.
void build_csr(std::size_t rows, const std::vector<Arc>& arcs, bool by_demand, std::vector<std::uint32_t>& offsets,
               std::vector<Link>& links) {
  offsets.assign(rows + 1, 0);
  for (const Arc& a : arcs) ++offsets[(by_demand ? a.demand : a.site) + 1];
  for (std::size_t r = 0; r < rows; ++r) offsets[r + 1] += offsets[r];
  links.resize(arcs.size());
  std::vector<std::uint32_t> fill(offsets.begin(), offsets.end() - 1);
  for (const Arc& a : arcs) {
    const Index key = by_demand ? a.demand : a.site;
    links[fill[key]++] = Link{by_demand ? a.site : a.demand, a.cost};
  }
  for (std::size_t r = 0; r < rows; ++r)
    std::sort(links.begin() + offsets[r], links.begin() + offsets[r + 1],
              [](const Link& x, const Link& y) { return x.to < y.to; });
}

}  // namespace

Problem::Problem(std::vector<DemandPoint> demand, std::vector<Site> sites, std::vector<Arc> arcs)
    : demand_(std::move(demand)), sites_(std::move(sites)) {
  if (demand_.size() >= kNoIndex || sites_.size() >= kNoIndex || arcs.size() >= kNoIndex)
    throw Error(ErrorCode::BadValue, "location problem too large (more than 4 billion points, sites or arcs)");
  for (std::size_t i = 0; i < demand_.size(); ++i) {
    const DemandPoint& d = demand_[i];
    const ErrorContext where{"", "", "demand id=" + d.id + " (row " + std::to_string(i) + ")", "weight"};
    if (d.id.empty()) throw Error(ErrorCode::BadReference, "demand point with an empty id", where);
    if (!finite_nonnegative(d.weight))
      throw Error(ErrorCode::BadValue, "weight " + detail::format_number(d.weight) + " is not a finite number >= 0",
                  where);
    if (!demand_index_.emplace(d.id, static_cast<Index>(i)).second)
      throw Error(ErrorCode::BadReference, "duplicate demand id " + d.id, where);
    total_weight_ += d.weight;
  }
  for (std::size_t j = 0; j < sites_.size(); ++j) {
    const Site& s = sites_[j];
    const std::string feature = "site id=" + s.id + " (row " + std::to_string(j) + ")";
    if (s.id.empty()) throw Error(ErrorCode::BadReference, "site with an empty id", {"", "", feature, ""});
    if (s.capacity && !finite_nonnegative(*s.capacity))
      throw Error(ErrorCode::BadValue, "capacity " + detail::format_number(*s.capacity) + " is not a finite number >= 0",
                  {"", "", feature, "capacity"});
    if (s.cost && !finite_nonnegative(*s.cost))
      throw Error(ErrorCode::BadValue, "cost " + detail::format_number(*s.cost) + " is not a finite number >= 0",
                  {"", "", feature, "cost"});
    if (!site_index_.emplace(s.id, static_cast<Index>(j)).second)
      throw Error(ErrorCode::BadReference, "duplicate site id " + s.id, {"", "", feature, "id"});
    if (!s.fixed) ++candidates_;
    if (s.capacity) has_capacity_ = true;
  }
  for (std::size_t a = 0; a < arcs.size(); ++a) {
    const Arc& arc = arcs[a];
    if (arc.demand >= demand_.size())
      throw Error(ErrorCode::BadReference,
                  "demand index out of range (" + std::to_string(demand_.size()) + " demand points)",
                  {"", "", arc_name(a, arc, demand_, sites_), ""});
    if (arc.site >= sites_.size())
      throw Error(ErrorCode::BadReference, "site index out of range (" + std::to_string(sites_.size()) + " sites)",
                  {"", "", arc_name(a, arc, demand_, sites_), ""});
    if (!finite_nonnegative(arc.cost))
      throw Error(ErrorCode::BadValue, "cost " + detail::format_number(arc.cost) + " is not a finite number >= 0",
                  {"", "", arc_name(a, arc, demand_, sites_), "cost"});
    max_cost_ = std::max(max_cost_, arc.cost);
  }
  build_csr(demand_.size(), arcs, true, demand_offsets_, by_demand_);
  build_csr(sites_.size(), arcs, false, site_offsets_, by_site_);
  for (std::size_t i = 0; i < demand_.size(); ++i)
    for (std::uint32_t e = demand_offsets_[i] + 1; e < demand_offsets_[i + 1]; ++e)
      if (by_demand_[e].to == by_demand_[e - 1].to)
        throw Error(ErrorCode::BadReference, "the pair appears twice in the cost table",
                    {"", "", "demand id=" + demand_[i].id + ", site id=" + sites_[by_demand_[e].to].id, ""});
}

LinkRange Problem::sites_of(Index demand) const {
  return {by_demand_.data() + demand_offsets_[demand], by_demand_.data() + demand_offsets_[demand + 1]};
}

LinkRange Problem::demand_of(Index site) const {
  return {by_site_.data() + site_offsets_[site], by_site_.data() + site_offsets_[site + 1]};
}

std::optional<Index> Problem::find_demand(const std::string& id) const {
  auto it = demand_index_.find(id);
  if (it == demand_index_.end()) return std::nullopt;
  return it->second;
}

std::optional<Index> Problem::find_site(const std::string& id) const {
  auto it = site_index_.find(id);
  if (it == site_index_.end()) return std::nullopt;
  return it->second;
}

}  // namespace siting::location
