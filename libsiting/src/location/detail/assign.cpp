// SPDX-License-Identifier: Apache-2.0
#include "location/detail/assign.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <functional>
#include <queue>
#include <tuple>

#include "location/detail/linear.hpp"

namespace siting::location::detail {

bool AssignInstance::capacitated() const {
  return std::any_of(capacity.begin(), capacity.end(), [](double c) { return std::isfinite(c); });
}

void finish_instance(AssignInstance& inst, std::vector<Arc> arcs) {
  const std::size_t nd = inst.demands(), ns = inst.sites();
  inst.total_weight = 0.0;
  for (double w : inst.weight) inst.total_weight += w;
  std::sort(arcs.begin(), arcs.end(),
            [](const Arc& a, const Arc& b) { return std::tie(a.demand, a.site) < std::tie(b.demand, b.site); });
  inst.demand_offsets.assign(nd + 1, 0);
  inst.site_offsets.assign(ns + 1, 0);
  for (const Arc& a : arcs) {
    ++inst.demand_offsets[a.demand + 1];
    ++inst.site_offsets[a.site + 1];
  }
  for (std::size_t i = 0; i < nd; ++i) inst.demand_offsets[i + 1] += inst.demand_offsets[i];
  for (std::size_t j = 0; j < ns; ++j) inst.site_offsets[j + 1] += inst.site_offsets[j];
  inst.demand_links.resize(arcs.size());
  inst.site_links.resize(arcs.size());
  std::vector<std::uint32_t> fill(inst.site_offsets.begin(), inst.site_offsets.end() - 1);
  for (std::size_t e = 0; e < arcs.size(); ++e) {
    inst.demand_links[e] = {arcs[e].site, arcs[e].cost};
    inst.site_links[fill[arcs[e].site]++] = {arcs[e].demand, arcs[e].cost};  // demands ascending
  }
}

namespace {

double tolerance(const AssignInstance& inst) { return 1e-12 * std::max(1.0, inst.total_weight); }

// Primal-dual min-cost flow on the bipartite network source -> demand -> open
// site -> sink, plus demand -> "unassigned" -> sink: a Dijkstra on reduced costs
// raises the potentials, then a blocking flow (Dinic) saturates every shortest
// path at once. Covering instances, where most arcs cost the same, route nearly
// everything in the first round instead of one Dijkstra per demand point.
class MinCostFlow {
 public:
  explicit MinCostFlow(std::size_t nodes) : adj_(nodes) {}
  int add(int from, int to, double cap, double cost) {
    adj_[at(from)].push_back(static_cast<int>(edges_.size()));
    edges_.push_back({to, cap, cost});
    adj_[at(to)].push_back(static_cast<int>(edges_.size()));
    edges_.push_back({from, 0.0, -cost});
    return static_cast<int>(edges_.size() - 2);
  }
  double flow(int e) const { return edges_[at(e ^ 1)].cap; }

  void run(int source, int sink, double eps, double cost_eps) {
    const std::size_t n = adj_.size();
    std::vector<double> pi(n, 0.0), dist(n);
    std::vector<int> level(n), next(n);
    using Item = std::pair<double, int>;
    auto reduced = [&](int u, const Edge& e) { return e.cost + pi[at(u)] - pi[at(e.to)]; };
    for (;;) {
      std::fill(dist.begin(), dist.end(), kInf);
      std::priority_queue<Item, std::vector<Item>, std::greater<Item>> heap;
      dist[at(source)] = 0.0;
      heap.push({0.0, source});
      while (!heap.empty()) {
        const auto [d, u] = heap.top();
        heap.pop();
        if (d > dist[at(u)]) continue;
        for (int e : adj_[at(u)]) {
          const Edge& ed = edges_[at(e)];
          if (ed.cap <= eps) continue;
          const double nd = d + std::max(0.0, reduced(u, ed));
          if (nd < dist[at(ed.to)]) {
            dist[at(ed.to)] = nd;
            heap.push({nd, ed.to});
          }
        }
      }
      const double to_sink = dist[at(sink)];
      if (!std::isfinite(to_sink)) return;
      // Capping at the sink's distance keeps every reduced cost >= 0.
      for (std::size_t v = 0; v < n; ++v) pi[v] += std::min(dist[v], to_sink);
      // Blocking flows over the arcs of reduced cost 0.
      for (;;) {
        std::fill(level.begin(), level.end(), -1);
        std::deque<int> queue{source};
        level[at(source)] = 0;
        while (!queue.empty()) {
          const int u = queue.front();
          queue.pop_front();
          for (int e : adj_[at(u)]) {
            const Edge& ed = edges_[at(e)];
            if (ed.cap > eps && level[at(ed.to)] < 0 && reduced(u, ed) <= cost_eps) {
              level[at(ed.to)] = level[at(u)] + 1;
              queue.push_back(ed.to);
            }
          }
        }
        if (level[at(sink)] < 0) break;
        std::fill(next.begin(), next.end(), 0);
        std::vector<int> path;  // edges from the source
        int u = source;
        for (;;) {
          if (u == sink) {
            double amount = kInf;
            for (int e : path) amount = std::min(amount, edges_[at(e)].cap);
            for (int e : path) {
              edges_[at(e)].cap -= amount;
              edges_[at(e ^ 1)].cap += amount;
            }
            path.clear();
            u = source;
            continue;
          }
          auto& it = next[at(u)];
          const auto& out = adj_[at(u)];
          while (it < static_cast<int>(out.size())) {
            const Edge& ed = edges_[at(out[at(it)])];
            if (ed.cap > eps && level[at(ed.to)] == level[at(u)] + 1 && reduced(u, ed) <= cost_eps) break;
            ++it;
          }
          if (it < static_cast<int>(out.size())) {
            path.push_back(out[at(it)]);
            u = edges_[at(out[at(it)])].to;
          } else {  // dead end: retreat
            if (u == source) break;
            level[at(u)] = -1;
            const int back = path.back();
            path.pop_back();
            u = edges_[at(back ^ 1)].to;
            ++next[at(u)];
          }
        }
      }
    }
  }

 private:
  struct Edge {
    int to;
    double cap;
    double cost;
  };
  static std::size_t at(int i) { return static_cast<std::size_t>(i); }
  std::vector<Edge> edges_;
  std::vector<std::vector<int>> adj_;
};

// The cheapest open site of a demand (ties: smaller index), or kNoIndex.
std::pair<std::uint32_t, double> cheapest(const AssignInstance& inst, std::uint32_t i, const std::vector<char>& open) {
  std::uint32_t best = kNoIndex;
  double cost = kInf;
  for (std::uint32_t e = inst.demand_offsets[i]; e < inst.demand_offsets[i + 1]; ++e) {
    const Link& l = inst.demand_links[e];
    if (open[l.to] && l.cost < cost) {
      best = l.to;
      cost = l.cost;
    }
  }
  return {best, cost};
}

void finish_value(const AssignInstance& inst, Assigned& a) {
  double value = 0.0;
  for (const Flow& f : a.flows) {
    for (std::uint32_t e = inst.demand_offsets[f.demand]; e < inst.demand_offsets[f.demand + 1]; ++e)
      if (inst.demand_links[e].to == f.site) value += f.amount * inst.demand_links[e].cost;
  }
  a.value = value + inst.unassigned_cost * a.unassigned;
}

}  // namespace

Assigned assign_split(const AssignInstance& inst, const std::vector<char>& open) {
  const std::size_t nd = inst.demands(), ns = inst.sites();
  Assigned out;
  if (!inst.capacitated()) {
    for (std::uint32_t i = 0; i < nd; ++i) {
      const auto [j, c] = cheapest(inst, i, open);
      if (j != kNoIndex && c <= inst.unassigned_cost) out.flows.push_back({i, j, inst.weight[i]});
      else out.unassigned += inst.weight[i];
    }
    finish_value(inst, out);
    return out;
  }
  const double eps = tolerance(inst);
  // Nodes: demand 0..nd-1, sites nd..nd+ns-1, unassigned, sink, source.
  const int unassigned = static_cast<int>(nd + ns), sink = unassigned + 1, source = sink + 1;
  MinCostFlow net(nd + ns + 3);
  std::vector<int> to_unassigned(nd);
  for (std::uint32_t j = 0; j < ns; ++j)
    if (open[j]) net.add(static_cast<int>(nd + j), sink, inst.capacity[j], 0.0);
  net.add(unassigned, sink, kInf, 0.0);
  struct ArcEdge {
    std::uint32_t demand, site;
    int edge;
  };
  std::vector<ArcEdge> arc_edges;  // demand-major, sites ascending
  double max_cost = inst.unassigned_cost;
  for (std::uint32_t i = 0; i < nd; ++i) {
    net.add(source, static_cast<int>(i), inst.weight[i], 0.0);
    to_unassigned[i] = net.add(static_cast<int>(i), unassigned, kInf, inst.unassigned_cost);
    for (std::uint32_t e = inst.demand_offsets[i]; e < inst.demand_offsets[i + 1]; ++e) {
      const Link& l = inst.demand_links[e];
      if (!open[l.to]) continue;
      arc_edges.push_back({i, l.to, net.add(static_cast<int>(i), static_cast<int>(nd + l.to), kInf, l.cost)});
      max_cost = std::max(max_cost, l.cost);
    }
  }
  net.run(source, sink, eps, 1e-9 * std::max(1.0, max_cost));
  for (const ArcEdge& a : arc_edges) {
    const double f = net.flow(a.edge);
    if (f > eps) out.flows.push_back({a.demand, a.site, f});
  }
  for (std::uint32_t i = 0; i < nd; ++i) out.unassigned += net.flow(to_unassigned[i]);
  finish_value(inst, out);
  return out;
}

Assigned assign_single(const AssignInstance& inst, const std::vector<char>& open) {
  const std::size_t nd = inst.demands(), ns = inst.sites();
  const double eps = tolerance(inst);
  const std::uint32_t none = kNoIndex;  // "unassigned"
  std::vector<double> room(inst.capacity);
  std::vector<std::uint32_t> at(nd, none);
  auto cost_of = [&](std::uint32_t i, std::uint32_t j) {
    if (j == none) return inst.unassigned_cost;
    for (std::uint32_t e = inst.demand_offsets[i]; e < inst.demand_offsets[i + 1]; ++e)
      if (inst.demand_links[e].to == j) return std::min(inst.demand_links[e].cost, kInf);
    return kInf;
  };

  // Regret order: what a demand point loses if it misses its cheapest site.
  std::vector<double> regret(nd, 0.0);
  for (std::uint32_t i = 0; i < nd; ++i) {
    double c1 = inst.unassigned_cost, c2 = inst.unassigned_cost;
    for (std::uint32_t e = inst.demand_offsets[i]; e < inst.demand_offsets[i + 1]; ++e) {
      const Link& l = inst.demand_links[e];
      if (!open[l.to] || inst.capacity[l.to] + eps < inst.weight[i]) continue;
      if (l.cost < c1) {
        c2 = c1;
        c1 = l.cost;
      } else if (l.cost < c2) {
        c2 = l.cost;
      }
    }
    regret[i] = inst.weight[i] * (c2 - c1);
  }
  std::vector<std::uint32_t> order(nd);
  for (std::uint32_t i = 0; i < nd; ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (regret[a] != regret[b]) return regret[a] > regret[b];
    if (inst.weight[a] != inst.weight[b]) return inst.weight[a] > inst.weight[b];
    return a < b;
  });
  for (std::uint32_t i : order) {
    std::uint32_t best = none;
    double best_cost = inst.unassigned_cost;
    for (std::uint32_t e = inst.demand_offsets[i]; e < inst.demand_offsets[i + 1]; ++e) {
      const Link& l = inst.demand_links[e];
      if (open[l.to] && room[l.to] + eps >= inst.weight[i] && l.cost < best_cost) {
        best = l.to;
        best_cost = l.cost;
      }
    }
    if (best != none) {
      at[i] = best;
      room[best] -= inst.weight[i];
    }
  }

  // Improvement: shifts to a cheaper site with room, and exchanges of two demand
  // points between their sites ("unassigned" counts as a site without limit).
  std::vector<std::vector<std::uint32_t>> members(ns);
  for (std::uint32_t i = 0; i < nd; ++i)
    if (at[i] != none) members[at[i]].push_back(i);
  auto move = [&](std::uint32_t i, std::uint32_t to) {
    const std::uint32_t from = at[i];
    if (from != none) {
      room[from] += inst.weight[i];
      auto& m = members[from];
      m.erase(std::find(m.begin(), m.end(), i));
    }
    if (to != none) {
      room[to] -= inst.weight[i];
      members[to].push_back(i);
    }
    at[i] = to;
  };
  for (int pass = 0; pass < 50; ++pass) {
    bool improved = false;
    for (std::uint32_t i = 0; i < nd; ++i) {
      const double w = inst.weight[i];
      const double here = cost_of(i, at[i]);
      std::uint32_t best = at[i];
      double best_cost = here;
      for (std::uint32_t e = inst.demand_offsets[i]; e < inst.demand_offsets[i + 1]; ++e) {
        const Link& l = inst.demand_links[e];
        if (open[l.to] && l.to != at[i] && room[l.to] + eps >= w && l.cost < best_cost) {
          best = l.to;
          best_cost = l.cost;
        }
      }
      if (best != at[i] && w * (here - best_cost) > eps) {
        move(i, best);
        improved = true;
        continue;
      }
      // Exchange with a demand point at one of i's sites.
      bool done = false;
      for (std::uint32_t e = inst.demand_offsets[i]; e < inst.demand_offsets[i + 1] && !done; ++e) {
        const std::uint32_t b = inst.demand_links[e].to;
        if (!open[b] || b == at[i]) continue;
        for (std::uint32_t other : members[b]) {
          const double w2 = inst.weight[other];
          if (room[b] + w2 + eps < w) continue;
          if (at[i] != none && room[at[i]] + w + eps < w2) continue;
          const double other_there = cost_of(other, at[i]);
          if (!std::isfinite(other_there)) continue;
          const double delta = w * (inst.demand_links[e].cost - here) + w2 * (other_there - cost_of(other, b));
          if (delta < -eps) {
            const std::uint32_t a = at[i];
            move(other, none);
            move(i, b);
            move(other, a);
            improved = done = true;
            break;
          }
        }
      }
    }
    if (!improved) break;
  }

  Assigned out;
  for (std::uint32_t i = 0; i < nd; ++i) {
    if (at[i] == none) out.unassigned += inst.weight[i];
    else out.flows.push_back({i, at[i], inst.weight[i]});
  }
  finish_value(inst, out);
  return out;
}

namespace {

struct AssignColumns {
  std::vector<int> arc_col;  // per demand link
  int u0 = 0;                // first "unassigned" column
};

LinearModel assign_model(const AssignInstance& inst, std::size_t count, bool integer, bool single,
                         AssignColumns& cols) {
  LinearModel m;
  for (std::size_t j = 0; j < inst.candidates; ++j) m.add_column(0.0, 1.0, 0.0, integer);
  cols.arc_col.resize(inst.demand_links.size());
  for (std::uint32_t i = 0; i < inst.demands(); ++i)
    for (std::uint32_t e = inst.demand_offsets[i]; e < inst.demand_offsets[i + 1]; ++e)
      cols.arc_col[e] = m.add_column(0.0, 1.0, inst.weight[i] * inst.demand_links[e].cost, integer && single);
  cols.u0 = static_cast<int>(m.columns());
  for (std::uint32_t i = 0; i < inst.demands(); ++i)
    m.add_column(0.0, 1.0, inst.weight[i] * inst.unassigned_cost, integer && single);
  for (std::uint32_t i = 0; i < inst.demands(); ++i) {
    const int row = m.add_row(1.0, 1.0);
    m.add(row, cols.u0 + static_cast<int>(i), 1.0);
    for (std::uint32_t e = inst.demand_offsets[i]; e < inst.demand_offsets[i + 1]; ++e) {
      m.add(row, cols.arc_col[e], 1.0);
      const std::uint32_t j = inst.demand_links[e].to;
      if (j < inst.candidates) {  // serve only from an open site
        const int link = m.add_row(-kInf, 0.0);
        m.add(link, cols.arc_col[e], 1.0);
        m.add(link, static_cast<int>(j), -1.0);
      }
    }
  }
  if (inst.capacitated()) {
    std::vector<int> cap_row(inst.sites(), -1);
    for (std::uint32_t j = 0; j < inst.sites(); ++j) {
      if (!std::isfinite(inst.capacity[j])) continue;
      if (j < inst.candidates) {
        cap_row[j] = m.add_row(-kInf, 0.0);
        m.add(cap_row[j], static_cast<int>(j), -inst.capacity[j]);
      } else {
        cap_row[j] = m.add_row(-kInf, inst.capacity[j]);
      }
    }
    for (std::uint32_t i = 0; i < inst.demands(); ++i)
      for (std::uint32_t e = inst.demand_offsets[i]; e < inst.demand_offsets[i + 1]; ++e) {
        const std::uint32_t j = inst.demand_links[e].to;
        if (cap_row[j] >= 0) m.add(cap_row[j], cols.arc_col[e], inst.weight[i]);
      }
  }
  const int card = m.add_row(-kInf, static_cast<double>(count));
  for (std::size_t j = 0; j < inst.candidates; ++j) m.add(card, static_cast<int>(j), 1.0);
  return m;
}

}  // namespace

std::size_t assign_lp_nonzeros(const AssignInstance& inst) {
  return 3 * inst.demand_links.size() + inst.demands() + 2 * inst.candidates;
}

AssignLp assign_lp_bound(const AssignInstance& inst, std::size_t count, double time_limit_s) {
  AssignColumns cols;
  const LinearModel m = assign_model(inst, count, false, false, cols);
  const LpResult r = solve_lp(m, time_limit_s);
  return {r.optimal, r.objective, r.status};
}

AssignMip assign_mip(const AssignInstance& inst, std::size_t count, bool single, const std::vector<char>& start_open,
                     const Assigned& start, const ExactOptions& options) {
  AssignColumns cols;
  const LinearModel m = assign_model(inst, count, true, single, cols);
  std::vector<std::pair<int, double>> warm;
  for (std::uint32_t j = 0; j < inst.candidates; ++j)
    if (start_open[j]) warm.push_back({static_cast<int>(j), 1.0});
  if (single) {
    // Binary assignment columns must be in the start too.
    std::vector<char> assigned(inst.demands(), 0);
    for (const Flow& f : start.flows) {
      assigned[f.demand] = 1;
      for (std::uint32_t e = inst.demand_offsets[f.demand]; e < inst.demand_offsets[f.demand + 1]; ++e)
        if (inst.demand_links[e].to == f.site) warm.push_back({cols.arc_col[e], 1.0});
    }
    for (std::uint32_t i = 0; i < inst.demands(); ++i)
      if (!assigned[i]) warm.push_back({cols.u0 + static_cast<int>(i), 1.0});
  }
  const MipResult r = solve_mip(m, warm, options);
  AssignMip out;
  out.has_solution = r.has_solution;
  out.proven_optimal = r.proven_optimal;
  out.value = r.objective;
  out.bound = r.bound;
  out.status = r.status;
  if (!r.has_solution) return out;
  out.open.assign(inst.sites(), 0);
  for (std::uint32_t j = 0; j < inst.sites(); ++j) out.open[j] = j >= inst.candidates || r.x[j] > 0.5;
  const double eps = tolerance(inst);
  for (std::uint32_t i = 0; i < inst.demands(); ++i) {
    double placed = 0.0;
    for (std::uint32_t e = inst.demand_offsets[i]; e < inst.demand_offsets[i + 1]; ++e) {
      double share = std::clamp(r.x[static_cast<std::size_t>(cols.arc_col[e])], 0.0, 1.0);
      if (single) share = share > 0.5 ? 1.0 : 0.0;
      if (share * inst.weight[i] > eps) {
        out.assigned.flows.push_back({i, inst.demand_links[e].to, share * inst.weight[i]});
        placed += share;
      }
    }
    out.assigned.unassigned += std::max(0.0, 1.0 - placed) * inst.weight[i];
  }
  finish_value(inst, out.assigned);
  return out;
}

void polish_assignment(const AssignInstance& inst, std::size_t count, bool single, const ExactOptions& options,
                       double eps, std::vector<char>& open, Assigned& assigned, double& lower, Result& r) {
  const AssignMip mip = assign_mip(inst, count, single, open, assigned, options);
  r.exact_run = true;
  r.exact_status = mip.status;
  if (mip.has_solution) {
    // Split assignment: price the MIP's sites exactly; single: its own assignment.
    Assigned a = single ? mip.assigned : assign_split(inst, mip.open);
    if (a.value < assigned.value - eps) {
      open = mip.open;
      assigned = std::move(a);
    }
  }
  const double cbc_lower = mip.proven_optimal ? std::min(assigned.value, mip.value) : mip.bound;
  if (std::isfinite(cbc_lower) && cbc_lower > lower) {
    lower = std::min(cbc_lower, assigned.value);
    r.bound_method = "cbc";
  }
  if (mip.proven_optimal) r.proven_optimal = true;
}

}  // namespace siting::location::detail
