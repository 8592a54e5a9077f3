// SPDX-License-Identifier: Apache-2.0
#include "location/detail/cover.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>

namespace siting::location::detail {

bool CoverInstance::capacitated() const {
  return std::any_of(capacity.begin(), capacity.end(), [](double c) { return std::isfinite(c); });
}

namespace {

// Groups demand by its list of sites; lists are ascending site indices. With
// `merge` off every list is its own group.
struct Grouping {
  std::vector<std::vector<Index>> sites;  // per group
  std::vector<std::vector<Index>> members;
};

Grouping group_lists(const std::vector<std::vector<Index>>& lists, const std::vector<std::vector<Index>>& members,
                     bool merge) {
  Grouping g;
  std::unordered_map<std::string, std::size_t> by_key;
  for (std::size_t i = 0; i < lists.size(); ++i) {
    if (merge) {
      const std::string key(reinterpret_cast<const char*>(lists[i].data()), lists[i].size() * sizeof(Index));
      auto [it, added] = by_key.emplace(key, g.sites.size());
      if (!added) {
        auto& m = g.members[it->second];
        m.insert(m.end(), members[i].begin(), members[i].end());
        continue;
      }
    }
    g.sites.push_back(lists[i]);
    g.members.push_back(members[i]);
  }
  return g;
}

}  // namespace

CoverInstance build_cover(const Problem& problem, const CoverPrep& prep) {
  CoverInstance inst;
  const auto& sites = problem.sites();
  const auto& demand = problem.demand();
  inst.total_weight = problem.total_weight();
  inst.group_of.assign(demand.size(), kNoIndex);

  auto has_capacity = [&](Index s) { return prep.capacitated && sites[s].capacity.has_value(); };
  // Existing facilities without a capacity (or with capacities off) cover their
  // demand outright; capacitated ones stay in as always-open sites.
  auto removes = [&](Index s) { return sites[s].fixed && !has_capacity(s); };
  std::vector<char> zero_capacity(sites.size(), 0);
  for (Index s = 0; s < sites.size(); ++s)
    if (!sites[s].fixed && has_capacity(s) && *sites[s].capacity <= 0.0) zero_capacity[s] = 1;

  std::vector<std::vector<Index>> lists, members;
  for (Index i = 0; i < demand.size(); ++i) {
    std::vector<Index> list;
    bool existing = false;
    for (const Link& l : problem.sites_of(i)) {
      if (l.cost > prep.cutoff) continue;
      if (removes(l.to)) {
        existing = true;
        break;
      }
      if (!zero_capacity[l.to]) list.push_back(l.to);
    }
    if (existing) {
      inst.covered_by_existing.push_back(i);
      inst.existing_weight += demand[i].weight;
    } else if (list.empty()) {
      inst.unreachable.push_back(i);
      inst.unreachable_weight += demand[i].weight;
    } else {
      lists.push_back(std::move(list));
      members.push_back({i});
    }
  }
  Grouping grouping = group_lists(lists, members, prep.merge);

  // Problem site -> groups it covers.
  std::vector<std::vector<std::uint32_t>> cover(sites.size());
  for (std::uint32_t g = 0; g < grouping.sites.size(); ++g)
    for (Index s : grouping.sites[g]) cover[s].push_back(g);

  std::vector<char> drop(sites.size(), 0);
  for (Index s = 0; s < sites.size(); ++s)
    if (!sites[s].fixed && cover[s].empty()) {
      drop[s] = 1;
      ++inst.useless;
    }
  if (prep.dominance) {
    // j' dominates j when cover(j) ⊆ cover(j'), j' is no dearer and has no capacity
    // limit (with a finite capacity, opening both can beat opening j' alone), and
    // j' is strictly better: larger cover, cheaper, or the same and a smaller
    // index. That order is strict, so every dropped site has a kept dominator.
    auto cost_of = [&](Index s) { return sites[s].cost.value_or(0.0); };
    std::vector<std::uint32_t> stamp(grouping.sites.size(), 0);
    std::uint32_t round = 0;
    for (Index j = 0; j < sites.size(); ++j) {
      if (sites[j].fixed || cover[j].empty()) continue;
      std::uint32_t rarest = cover[j][0];
      for (std::uint32_t g : cover[j])
        if (grouping.sites[g].size() < grouping.sites[rarest].size()) rarest = g;
      for (Index other : grouping.sites[rarest]) {
        if (other == j || sites[other].fixed || has_capacity(other)) continue;
        const std::size_t a = cover[j].size(), b = cover[other].size();
        if (b < a || cost_of(other) > cost_of(j)) continue;
        if (b == a && cost_of(other) == cost_of(j) && other > j) continue;
        ++round;
        for (std::uint32_t g : cover[other]) stamp[g] = round;
        if (std::all_of(cover[j].begin(), cover[j].end(), [&](std::uint32_t g) { return stamp[g] == round; })) {
          drop[j] = 1;
          ++inst.dominated;
          break;
        }
      }
    }
    for (auto& list : grouping.sites)
      list.erase(std::remove_if(list.begin(), list.end(), [&](Index s) { return drop[s] != 0; }), list.end());
    grouping = group_lists(grouping.sites, grouping.members, prep.merge);
  }

  // Local sites: kept candidates by problem index, then capacitated existing ones.
  std::vector<Index> local(sites.size(), kNoIndex);
  for (int pass = 0; pass < 2; ++pass)
    for (Index s = 0; s < sites.size(); ++s) {
      if (drop[s] || sites[s].fixed != (pass == 1) || removes(s) || zero_capacity[s]) continue;
      if (pass == 1 && cover[s].empty()) continue;
      local[s] = static_cast<Index>(inst.site.size());
      inst.site.push_back(s);
      inst.capacity.push_back(has_capacity(s) ? *sites[s].capacity : kUnlimited);
      if (pass == 0) inst.candidates = inst.site.size();
    }

  const std::size_t ng = grouping.sites.size();
  inst.weight.resize(ng, 0.0);
  inst.group_offsets.assign(1, 0);
  inst.member_offsets.assign(1, 0);
  for (std::uint32_t g = 0; g < ng; ++g) {
    for (Index s : grouping.sites[g]) inst.group_sites.push_back(local[s]);
    std::sort(inst.group_sites.begin() + inst.group_offsets.back(), inst.group_sites.end());
    inst.group_offsets.push_back(static_cast<std::uint32_t>(inst.group_sites.size()));
    for (Index i : grouping.members[g]) {
      inst.members.push_back(i);
      inst.group_of[i] = g;
      inst.weight[g] += demand[i].weight;
    }
    inst.member_offsets.push_back(static_cast<std::uint32_t>(inst.members.size()));
    inst.group_weight += inst.weight[g];
  }
  const std::size_t ns = inst.site.size();
  inst.site_offsets.assign(ns + 1, 0);
  for (std::uint32_t s : inst.group_sites) ++inst.site_offsets[s + 1];
  for (std::size_t s = 0; s < ns; ++s) inst.site_offsets[s + 1] += inst.site_offsets[s];
  inst.site_groups.resize(inst.group_sites.size());
  std::vector<std::uint32_t> fill(inst.site_offsets.begin(), inst.site_offsets.end() - 1);
  for (std::uint32_t g = 0; g < ng; ++g)
    for (std::uint32_t e = inst.group_offsets[g]; e < inst.group_offsets[g + 1]; ++e)
      inst.site_groups[fill[inst.group_sites[e]]++] = g;
  return inst;
}

}  // namespace siting::location::detail
