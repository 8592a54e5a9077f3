// SPDX-License-Identifier: Apache-2.0
#pragma once

// The OR-Library uncapacitated p-median instances pmed1–pmed40 (Beasley 1990).
//
// File format: a first line "n m p" (vertices, edges, medians), then m lines
// "i j cost" with 1-based vertices. The graph is undirected; where an edge is
// listed twice, the last occurrence counts (as Beasley's own reader does). The
// cost between two vertices is their shortest-path length over the edges.
// Every vertex is a demand point (weight 1) and a candidate site, ids "1".."n".
//
//   PmedInstance inst = read_orlib_pmedian("pmed1.txt");
//   Result r = solve(inst.problem, PmedianOptions{inst.p});

#include <cstddef>
#include <string>

#include "siting/location/problem.hpp"

namespace siting::location {

struct PmedInstance {
  Problem problem;
  std::size_t p = 0;
  std::size_t vertices = 0;
  std::size_t edges = 0;          // lines read
  std::size_t distinct_edges = 0; // after repeated edges collapse to their last occurrence
};

// Throws Error: E101 (cannot open), E105 (a malformed line, naming file and line).
PmedInstance read_orlib_pmedian(const std::string& path);

}  // namespace siting::location
