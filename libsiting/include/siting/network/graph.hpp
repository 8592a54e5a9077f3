// SPDX-License-Identifier: Apache-2.0
#pragma once

// The walking graph: a compact, undirected graph over straight segments.
//
// OSM semantics: lines connect only where they share a vertex, so vertices are
// keyed by their exact projected coordinates (identical input coordinates give
// identical doubles). Lines that cross without a shared vertex (bridges,
// tunnels) stay apart unless BuildOptions::node_crossings asks otherwise.
// Every line is split at every vertex; duplicate segments collapse into one (the
// shorter) and zero-length segments disappear. Pedestrians ignore oneway.
//
//   std::vector<LineString> lines = ...;               // in the working CRS
//   BuildStats stats;
//   WalkGraph g = WalkGraph::Build(lines, {}, &stats);
//   for (const HalfEdge& h : g.out(v)) ... h.to, h.length_m

#include <cstddef>
#include <cstdint>
#include <vector>

#include "siting/geometry.hpp"
#include "siting/options.hpp"

namespace siting::network {

using VertexId = std::uint32_t;
using EdgeId = std::uint32_t;
constexpr std::uint32_t kNone = 0xFFFFFFFFu;

// Beyond 50 m a "tolerance" joins streets that are simply near each other.
constexpr Range kSnapToleranceRange{0.0, 50.0, false, "m"};

struct BuildOptions {
  // Line end points this close (m) to another line's vertex join it; [0, 50],
  // default 0 = exact only.
  double snap_tolerance_m = 0.0;
  // Split lines where they cross without a shared vertex (GEOS noding), for
  // CAD-drawn data. Off by default: bridges and tunnels must not connect.
  bool node_crossings = false;
  // Threads that sort the segments (a large network's); default 0: one per
  // core. The command line's --threads, checked there against [0, 256].
  unsigned threads = 0;

  // Throws Error(E001) naming --snap-tolerance, its range and the value given.
  void validate() const;
};

struct BuildStats {
  std::size_t lines = 0;
  std::size_t segments = 0;       // segments in the input lines
  std::size_t zero_length = 0;    // removed
  std::size_t duplicates = 0;     // removed (same two vertices)
  std::size_t snapped_ends = 0;   // end points joined by the snap tolerance
  std::size_t noded_lines = 0;    // lines after noding (node_crossings only)
};

struct Edge {
  VertexId u = 0, v = 0;
  double length_m = 0.0;
};

struct HalfEdge {
  VertexId to = 0;
  EdgeId edge = 0;
  double length_m = 0.0;
};

class WalkGraph {
 public:
  static WalkGraph Build(const Lines& lines, const BuildOptions& options = {}, BuildStats* stats = nullptr);
  // The same graph from lines it may free: they are emptied as soon as their
  // vertices are numbered, before the edges and adjacency are made.
  static WalkGraph Build(Lines&& lines, const BuildOptions& options = {}, BuildStats* stats = nullptr);
  // From lines drawn by hand (tests, small fixtures): copied into a Lines.
  static WalkGraph Build(const std::vector<LineString>& lines, const BuildOptions& options = {},
                         BuildStats* stats = nullptr);

  std::size_t vertex_count() const { return points_.size(); }
  std::size_t edge_count() const { return edges_.size(); }
  const Point& point(VertexId v) const { return points_[v]; }
  const std::vector<Point>& points() const { return points_; }
  const Edge& edge(EdgeId e) const { return edges_[e]; }
  const std::vector<Edge>& edges() const { return edges_; }

  struct Range {
    const HalfEdge* first;
    const HalfEdge* last;
    const HalfEdge* begin() const { return first; }
    const HalfEdge* end() const { return last; }
  };
  Range out(VertexId v) const { return {half_.data() + offsets_[v], half_.data() + offsets_[v + 1]}; }
  std::size_t degree(VertexId v) const { return offsets_[v + 1] - offsets_[v]; }

  // Connected components, numbered by size (0 = largest; ties by first vertex).
  std::uint32_t component(VertexId v) const { return component_[v]; }
  std::size_t component_count() const { return component_size_.size(); }
  std::size_t component_size(std::uint32_t c) const { return component_size_[c]; }
  // Bytes held, for the benchmark's memory report.
  std::size_t memory_bytes() const;

 private:
  static WalkGraph build(const Lines& lines, Lines* owned, const BuildOptions& options, BuildStats* stats);

  std::vector<Point> points_;
  std::vector<Edge> edges_;
  std::vector<std::uint32_t> offsets_;
  std::vector<HalfEdge> half_;
  std::vector<std::uint32_t> component_;
  std::vector<std::size_t> component_size_;
};

}  // namespace siting::network
