// SPDX-License-Identifier: Apache-2.0
#include "siting/location/orlib.hpp"

#include <cmath>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <queue>
#include <sstream>
#include <utility>

#include "siting/error.hpp"

namespace siting::location {

namespace {

// Shortest paths from every vertex: n Dijkstras over the adjacency lists, which on
// these graphs (m ≈ 2n to 20n) is far cheaper than Floyd–Warshall's n³.
std::vector<Arc> all_pairs(std::size_t n, const std::map<std::pair<std::size_t, std::size_t>, double>& edges) {
  std::vector<std::vector<std::pair<std::size_t, double>>> adj(n);
  for (const auto& [e, c] : edges) {
    adj[e.first].push_back({e.second, c});
    adj[e.second].push_back({e.first, c});
  }
  std::vector<Arc> arcs;
  arcs.reserve(n * n);
  std::vector<double> dist(n);
  using Item = std::pair<double, std::size_t>;
  for (std::size_t s = 0; s < n; ++s) {
    std::fill(dist.begin(), dist.end(), std::numeric_limits<double>::infinity());
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> heap;
    dist[s] = 0.0;
    heap.push({0.0, s});
    while (!heap.empty()) {
      const auto [d, v] = heap.top();
      heap.pop();
      if (d > dist[v]) continue;
      for (const auto& [w, c] : adj[v])
        if (d + c < dist[w]) {
          dist[w] = d + c;
          heap.push({dist[w], w});
        }
    }
    for (std::size_t t = 0; t < n; ++t)
      if (std::isfinite(dist[t])) arcs.push_back({static_cast<Index>(s), static_cast<Index>(t), dist[t]});
  }
  return arcs;
}

}  // namespace

PmedInstance read_orlib_pmedian(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(ErrorCode::OpenFailed, "cannot open the file", {path, "", "", ""});
  std::string text;
  std::size_t line_no = 0;
  auto bad = [&](const std::string& what) {
    return Error(ErrorCode::BadValue, what + " (read: '" + text + "')", {path, "", "line " + std::to_string(line_no), ""});
  };
  auto next_line = [&]() {
    while (std::getline(in, text)) {
      ++line_no;
      if (text.find_first_not_of(" \t\r") != std::string::npos) return true;
    }
    return false;
  };
  if (!next_line()) throw Error(ErrorCode::EmptyLayer, "the file is empty", {path, "", "", ""});
  long long n = 0, m = 0, p = 0;
  {
    std::istringstream head(text);
    if (!(head >> n >> m >> p) || n <= 0 || m < 0 || p <= 0 || p > n)
      throw bad("expected a first line 'vertices edges p' with 0 < p <= vertices");
  }
  std::map<std::pair<std::size_t, std::size_t>, double> edges;
  for (long long e = 0; e < m; ++e) {
    if (!next_line()) throw bad("the file ends after " + std::to_string(e) + " of " + std::to_string(m) + " edges");
    std::istringstream row(text);
    long long i = 0, j = 0;
    double c = 0.0;
    if (!(row >> i >> j >> c)) throw bad("expected an edge 'i j cost'");
    if (i < 1 || j < 1 || i > n || j > n) throw bad("vertex out of range 1.." + std::to_string(n));
    if (!std::isfinite(c) || c < 0.0) throw bad("edge cost is not a finite number >= 0");
    if (i == j) continue;
    const auto a = static_cast<std::size_t>(std::min(i, j) - 1), b = static_cast<std::size_t>(std::max(i, j) - 1);
    edges[{a, b}] = c;  // the last occurrence counts
  }
  const auto nv = static_cast<std::size_t>(n);
  std::vector<DemandPoint> demand;
  std::vector<Site> sites;
  for (std::size_t v = 0; v < nv; ++v) {
    demand.push_back({std::to_string(v + 1), 1.0});
    sites.push_back(Site{std::to_string(v + 1), std::nullopt, false, std::nullopt});
  }
  PmedInstance out{Problem(std::move(demand), std::move(sites), all_pairs(nv, edges)), static_cast<std::size_t>(p),
                   nv, static_cast<std::size_t>(m), edges.size()};
  return out;
}

}  // namespace siting::location
