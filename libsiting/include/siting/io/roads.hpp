// SPDX-License-Identifier: Apache-2.0
#pragma once

// Reading the street network: the walkable lines of any GDAL line layer (OSM
// PBF/XML through GDAL's OSM driver, layer "lines"; GeoPackage, Shapefile,
// GeoJSON, PostGIS), through the walk filter of network/roads.hpp. Building the
// graph from them is the network stage's (network::WalkGraph::Build).
//
//   RoadLines r = read_walkable_lines(layer, working_crs, network::WalkFilter{});
//   r.stats.kept, r.stats.excluded_highway, ...

#include <vector>

#include "siting/crs/crs.hpp"
#include "siting/error.hpp"
#include "siting/geometry.hpp"
#include "siting/io/layer.hpp"
#include "siting/network/roads.hpp"

namespace siting::io {

struct RoadLines {
  std::vector<LineString> lines;  // walkable, in the working CRS
  network::RoadStats stats;       // features read, kept and dropped (by reason)
  ErrorContext where;             // the roads file and layer, for errors about the network built from them
};

// Throws Error(E106) for a layer of polygons or points, E103 when no walkable
// line is left.
RoadLines read_walkable_lines(const VectorLayer& layer, const crs::Crs& working, const network::WalkFilter& filter);

}  // namespace siting::io
