// SPDX-License-Identifier: Apache-2.0
#include "location/detail/median.hpp"

#include <algorithm>
#include <cmath>
#include <queue>

namespace siting::location::detail {

namespace {

// Moves must gain more than float noise, or equal-valued swaps could cycle.
double tolerance(double scale) { return 1e-12 * std::max(1.0, scale); }

// Nearest and second-nearest open site of every demand point, with the
// "unassigned" option as a site at unassigned_cost that is never closed.
struct Nearest {
  std::vector<double> d1, d2;
  std::vector<std::uint32_t> site1;  // kNoIndex: unassigned is the cheapest
};

void nearest(const AssignInstance& inst, const std::vector<char>& open, Nearest& n) {
  const std::size_t nd = inst.demands();
  n.d1.resize(nd);
  n.d2.resize(nd);
  n.site1.resize(nd);
  const double u = inst.unassigned_cost;
  for (std::uint32_t i = 0; i < nd; ++i) {
    double c1 = kInf, c2 = kInf;
    std::uint32_t s1 = kNoIndex;
    for (std::uint32_t e = inst.demand_offsets[i]; e < inst.demand_offsets[i + 1]; ++e) {
      const Link& l = inst.demand_links[e];
      if (!open[l.to]) continue;
      if (l.cost < c1) {
        c2 = c1;
        c1 = l.cost;
        s1 = l.to;
      } else if (l.cost < c2) {
        c2 = l.cost;
      }
    }
    if (c1 <= u) {
      n.d1[i] = c1;
      n.site1[i] = s1;
      n.d2[i] = std::min(c2, u);
    } else {
      n.d1[i] = n.d2[i] = u;
      n.site1[i] = kNoIndex;
    }
  }
}

}  // namespace

std::vector<char> existing_open(const AssignInstance& inst) {
  std::vector<char> open(inst.sites(), 0);
  for (std::size_t j = inst.candidates; j < inst.sites(); ++j) open[j] = 1;
  return open;
}

std::vector<std::uint32_t> chosen_of(const AssignInstance& inst, const std::vector<char>& open) {
  std::vector<std::uint32_t> out;
  for (std::uint32_t j = 0; j < inst.candidates; ++j)
    if (open[j]) out.push_back(j);
  return out;
}

double median_value(const AssignInstance& inst, const std::vector<char>& open) {
  Nearest n;
  nearest(inst, open, n);
  double v = 0.0;
  for (std::uint32_t i = 0; i < inst.demands(); ++i) v += inst.weight[i] * n.d1[i];
  return v;
}

MedianGreedy median_greedy(const AssignInstance& inst, std::vector<char>& open, const std::vector<std::uint32_t>& pool,
                           std::size_t count, bool keep_zero) {
  MedianGreedy run;
  Nearest n;
  nearest(inst, open, n);
  std::vector<double>& d = n.d1;
  double value = 0.0;
  for (std::uint32_t i = 0; i < inst.demands(); ++i) value += inst.weight[i] * d[i];
  run.start_value = value;
  auto gain = [&](std::uint32_t j) {
    double g = 0.0;
    for (std::uint32_t e = inst.site_offsets[j]; e < inst.site_offsets[j + 1]; ++e) {
      const Link& l = inst.site_links[e];
      if (l.cost < d[l.to]) g += inst.weight[l.to] * (d[l.to] - l.cost);
    }
    return g;
  };
  using Entry = std::pair<double, std::int64_t>;  // (gain, -index)
  std::priority_queue<Entry> heap;
  for (std::uint32_t j : pool)
    if (!open[j]) heap.push({gain(j), -static_cast<std::int64_t>(j)});
  while (run.order.size() < count && !heap.empty()) {
    const Entry top = heap.top();
    heap.pop();
    const auto j = static_cast<std::uint32_t>(-top.second);
    const Entry fresh{gain(j), top.second};
    if (!heap.empty() && fresh < heap.top()) {
      heap.push(fresh);
      continue;
    }
    if (!keep_zero && fresh.first <= tolerance(value)) break;
    open[j] = 1;
    for (std::uint32_t e = inst.site_offsets[j]; e < inst.site_offsets[j + 1]; ++e) {
      const Link& l = inst.site_links[e];
      d[l.to] = std::min(d[l.to], l.cost);
    }
    value = 0.0;
    for (std::uint32_t i = 0; i < inst.demands(); ++i) value += inst.weight[i] * d[i];
    run.order.push_back(j);
    run.value.push_back(value);
  }
  return run;
}

std::size_t median_interchange(const AssignInstance& inst, std::vector<char>& open, LocalSearch rule,
                               std::size_t max_moves) {
  if (rule == LocalSearch::None) return 0;
  const std::size_t nc = inst.candidates, nd = inst.demands();
  Nearest n;
  std::vector<double> loss(inst.sites(), 0.0), extra(inst.sites(), 0.0);
  std::vector<std::uint32_t> touched;
  std::size_t moves = 0;
  std::uint32_t scan_from = 0;
  while (moves < max_moves) {
    const std::vector<std::uint32_t> chosen = chosen_of(inst, open);
    if (chosen.empty() || chosen.size() >= nc) break;
    nearest(inst, open, n);
    double value = 0.0;
    std::fill(loss.begin(), loss.end(), 0.0);
    for (std::uint32_t i = 0; i < nd; ++i) {
      value += inst.weight[i] * n.d1[i];
      if (n.site1[i] < nc) loss[n.site1[i]] += inst.weight[i] * (n.d2[i] - n.d1[i]);
    }
    const double eps = tolerance(value);
    std::uint32_t min_loss = chosen[0];
    for (std::uint32_t r : chosen)
      if (loss[r] < loss[min_loss]) min_loss = r;

    double best = eps;
    std::uint32_t in = 0, out = 0;
    bool found = false;
    for (std::uint32_t step = 0; step < nc; ++step) {
      const std::uint32_t j = rule == LocalSearch::FirstImprovement ? static_cast<std::uint32_t>((scan_from + step) % nc)
                                                                    : step;
      if (open[j]) continue;
      double gain = 0.0;
      for (std::uint32_t e = inst.site_offsets[j]; e < inst.site_offsets[j + 1]; ++e) {
        const Link& l = inst.site_links[e];
        const std::uint32_t i = l.to;
        if (l.cost < n.d1[i]) gain += inst.weight[i] * (n.d1[i] - l.cost);
        const std::uint32_t r = n.site1[i];
        if (r < nc && l.cost < n.d2[i]) {
          if (extra[r] == 0.0) touched.push_back(r);
          extra[r] += inst.weight[i] * (n.d2[i] - std::max(l.cost, n.d1[i]));
        }
      }
      double profit = gain - loss[min_loss];
      std::uint32_t r_best = min_loss;
      for (std::uint32_t r : touched) {
        const double p = gain - loss[r] + extra[r];
        if (p > profit || (p == profit && r < r_best)) {
          profit = p;
          r_best = r;
        }
        extra[r] = 0.0;
      }
      touched.clear();
      if (profit > best) {
        best = profit;
        in = j;
        out = r_best;
        found = true;
        if (rule == LocalSearch::FirstImprovement) break;
      }
    }
    if (!found) break;
    open[out] = 0;
    open[in] = 1;
    ++moves;
    scan_from = in + 1;
  }
  return moves;
}

double median_lagrangian_bound(const AssignInstance& inst, std::size_t count, double upper, std::size_t iterations) {
  const std::size_t nd = inst.demands(), ns = inst.sites(), nc = inst.candidates;
  const double u = inst.unassigned_cost;
  // λ_i: the price of serving demand point i. Start at its cheapest-but-one arc
  // (or the unassigned cost), a common and cheap first guess.
  std::vector<double> lambda(nd), rho(ns), step(nd);
  std::vector<std::uint32_t> served(nd);
  for (std::uint32_t i = 0; i < nd; ++i) {
    double c1 = u, c2 = u;
    for (std::uint32_t e = inst.demand_offsets[i]; e < inst.demand_offsets[i + 1]; ++e) {
      const double c = inst.demand_links[e].cost;
      if (c < c1) {
        c2 = c1;
        c1 = c;
      } else if (c < c2) {
        c2 = c;
      }
    }
    lambda[i] = inst.weight[i] * c2;
  }
  std::vector<std::uint32_t> order(nc);
  std::vector<char> chosen(ns, 0);
  double best = -kInf, theta = 2.0;
  std::size_t stale = 0;
  for (std::size_t it = 0; it < iterations; ++it) {
    double bound = 0.0;
    for (std::uint32_t i = 0; i < nd; ++i) bound += lambda[i] + std::min(0.0, inst.weight[i] * u - lambda[i]);
    for (std::uint32_t j = 0; j < ns; ++j) {
      double r = 0.0;
      for (std::uint32_t e = inst.site_offsets[j]; e < inst.site_offsets[j + 1]; ++e) {
        const Link& l = inst.site_links[e];
        r += std::min(0.0, inst.weight[l.to] * l.cost - lambda[l.to]);
      }
      rho[j] = r;
    }
    for (std::uint32_t j = 0; j < nc; ++j) order[j] = j;
    const std::size_t take = std::min(count, nc);
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(take), order.end(),
                      [&](std::uint32_t a, std::uint32_t b) { return rho[a] < rho[b] || (rho[a] == rho[b] && a < b); });
    std::fill(chosen.begin(), chosen.end(), 0);
    for (std::size_t q = 0; q < take && rho[order[q]] < 0.0; ++q) {
      chosen[order[q]] = 1;
      bound += rho[order[q]];
    }
    for (std::size_t j = nc; j < ns; ++j) {
      chosen[j] = 1;
      bound += rho[j];
    }
    if (it == 0 || bound > best + 1e-12 * std::max(1.0, std::abs(best))) {
      best = bound;
      stale = 0;
    } else if (++stale >= 20) {
      theta /= 2.0;
      stale = 0;
    }
    if (upper - best <= 1e-9 * std::max(1.0, upper) || theta < 1e-6) break;
    std::fill(served.begin(), served.end(), 0);
    for (std::uint32_t j = 0; j < ns; ++j) {
      if (!chosen[j]) continue;
      for (std::uint32_t e = inst.site_offsets[j]; e < inst.site_offsets[j + 1]; ++e) {
        const Link& l = inst.site_links[e];
        if (inst.weight[l.to] * l.cost < lambda[l.to]) ++served[l.to];
      }
    }
    double norm = 0.0;
    for (std::uint32_t i = 0; i < nd; ++i) {
      const double unassigned = inst.weight[i] * u < lambda[i] ? 1.0 : 0.0;
      step[i] = 1.0 - static_cast<double>(served[i]) - unassigned;
      norm += step[i] * step[i];
    }
    if (norm == 0.0) break;
    const double t = theta * (upper - bound) / norm;
    for (std::uint32_t i = 0; i < nd; ++i) lambda[i] += t * step[i];
  }
  return best;
}

Assigned assign_with(const AssignInstance& inst, const std::vector<char>& open, bool single) {
  return single ? assign_single(inst, open) : assign_split(inst, open);
}

std::vector<std::pair<std::uint32_t, double>> rank_capacitated(const AssignInstance& inst,
                                                               const std::vector<std::uint32_t>& chosen, bool single) {
  std::vector<std::pair<std::uint32_t, double>> out;
  std::vector<char> ranked = existing_open(inst);
  std::vector<std::uint32_t> rest = chosen;
  double value = assign_with(inst, ranked, single).value;
  while (!rest.empty()) {
    std::size_t pick = 0;
    double best = kInf;
    for (std::size_t q = 0; q < rest.size(); ++q) {
      ranked[rest[q]] = 1;
      const double v = assign_with(inst, ranked, single).value;
      ranked[rest[q]] = 0;
      if (v < best) {
        best = v;
        pick = q;
      }
    }
    ranked[rest[pick]] = 1;
    out.push_back({rest[pick], value - best});
    value = best;
    rest.erase(rest.begin() + static_cast<std::ptrdiff_t>(pick));
  }
  return out;
}

CapacitatedSearch capacitated_search(const AssignInstance& inst, std::size_t count, bool single,
                                     const SearchOptions& options) {
  CapacitatedSearch out;
  out.open = existing_open(inst);
  const std::size_t nc = inst.candidates;
  auto value_of = [&](const std::vector<char>& open) { return assign_with(inst, open, single).value; };
  double value = value_of(out.open);
  out.greedy.start_value = value;
  const double eps = 1e-12 * std::max(1.0, inst.total_weight * std::max(1.0, inst.unassigned_cost));
  // Greedy: the candidate whose opening lowers the value most (ties: smaller index).
  while (out.greedy.order.size() < count) {
    double best = value - eps;
    std::uint32_t pick = kNoIndex;
    for (std::uint32_t j = 0; j < nc; ++j) {
      if (out.open[j]) continue;
      out.open[j] = 1;
      const double v = value_of(out.open);
      out.open[j] = 0;
      if (v < best) {
        best = v;
        pick = j;
      }
    }
    if (pick == kNoIndex) break;
    out.open[pick] = 1;
    value = best;
    out.greedy.order.push_back(pick);
    out.greedy.value.push_back(value);
  }
  auto improve = [&](std::vector<char>& open) {
    if (options.local_search == LocalSearch::None) return std::size_t{0};
    std::size_t moves = 0;
    double current = value_of(open);
    while (moves < options.max_moves) {
      const std::vector<std::uint32_t> chosen = chosen_of(inst, open);
      double best = current - eps;
      std::uint32_t in = kNoIndex, out_site = kNoIndex;
      for (std::uint32_t j = 0; j < nc && !(in != kNoIndex && options.local_search == LocalSearch::FirstImprovement);
           ++j) {
        if (open[j]) continue;
        for (std::uint32_t r : chosen) {
          open[r] = 0;
          open[j] = 1;
          const double v = value_of(open);
          open[j] = 0;
          open[r] = 1;
          if (v < best) {
            best = v;
            in = j;
            out_site = r;
            if (options.local_search == LocalSearch::FirstImprovement) break;
          }
        }
      }
      if (in == kNoIndex) break;
      open[out_site] = 0;
      open[in] = 1;
      current = best;
      ++moves;
    }
    return moves;
  };
  out.moves = improve(out.open);
  out.assigned = assign_with(inst, out.open, single);
  return out;
}

}  // namespace siting::location::detail
