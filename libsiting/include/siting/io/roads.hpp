// SPDX-License-Identifier: Apache-2.0
#pragma once

// Reading the street network: the walkable lines of any GDAL line layer (OSM
// PBF/XML through GDAL's OSM driver, layer "lines"; GeoPackage, Shapefile,
// GeoJSON, PostGIS), through the walk filter of network/roads.hpp. Building the
// graph from them is the network stage's (network::WalkGraph::Build).
//
//   RoadLines r = read_walkable_lines(layer, working_crs, network::WalkFilter{});
//   r.stats.kept, r.stats.excluded_highway, ...

#include <cstddef>
#include <vector>

#include "siting/crs/crs.hpp"
#include "siting/error.hpp"
#include "siting/geometry.hpp"
#include "siting/io/layer.hpp"
#include "siting/network/roads.hpp"

namespace siting::io {

struct RoadLines {
  Lines lines;                    // walkable, in the working CRS
  network::RoadStats stats;       // features read, kept and dropped (by reason)
  ErrorContext where;             // the roads file and layer, for errors about the network built from them
};

// How the lines are read. A GeoPackage layer of many features is read in ranges
// of its fids side by side, each through a handle of its own; other formats,
// and smaller layers, in one pass. Either way the lines, tallies and messages
// are those of one pass in fid order.
struct RoadReadOptions {
  unsigned threads = 0;  // ranges read side by side, [0, 256]; default 0: one per core
  // A range is read only for at least this many features; [1, 10^9], default
  // 50,000 (opening a handle and starting a thread cost about a millisecond).
  std::size_t min_features_per_thread = 50000;

  // Throws Error(E001) for a value out of its range.
  void validate() const;
};

// Throws Error(E106) for a layer of polygons or points, E103 when no walkable
// line is left.
RoadLines read_walkable_lines(const VectorLayer& layer, const crs::Crs& working, const network::WalkFilter& filter,
                              const RoadReadOptions& options = {});

}  // namespace siting::io
