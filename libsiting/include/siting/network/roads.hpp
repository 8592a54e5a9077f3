// SPDX-License-Identifier: Apache-2.0
#pragma once

// Reading walkable lines from any GDAL line layer: OSM PBF/XML (GDAL's OSM
// driver, layer "lines"), GeoPackage, Shapefile, GeoJSON, PostGIS.

#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include "siting/crs/crs.hpp"
#include "siting/geometry.hpp"
#include "siting/io/layer.hpp"

namespace siting::network {

// Which ways people walk on. A layer without a highway field (bureau or CAD
// data) is taken whole. In OSM data, foot=yes/designated/permissive keeps a way
// whatever its highway or access tag says.
struct WalkFilter {
  // Default: motorways and trunks with their links, and ways that are not (yet
  // or any more) roads.
  std::set<std::string> exclude_highway{"motorway", "motorway_link", "trunk", "trunk_link", "construction",
                                        "proposed", "abandoned", "raceway", "bus_guideway", "busway"};
  std::set<std::string> include_highway;  // when not empty: only these
  bool drop_foot_no = true;               // foot=no
  // access=private (as OSMnx's walk filter: access=no on footways is common
  // mis-tagging for "no motor vehicles", so it does not drop a way by itself).
  bool drop_private = true;
};

struct RoadStats {
  std::size_t features = 0;
  std::size_t kept = 0;
  std::size_t not_highway = 0;      // OSM lines without a highway tag (rivers, power lines, ...)
  std::size_t excluded_highway = 0;
  std::size_t foot_no = 0;
  std::size_t private_access = 0;
  std::size_t empty = 0;            // no or empty geometry
};

// Lines in the working CRS. Throws Error(E106) for a layer of polygons or points.
std::vector<LineString> read_walkable_lines(const io::VectorLayer& layer, const crs::Crs& working,
                                            const WalkFilter& filter, RoadStats* stats = nullptr);

// Parses GDAL's OSM other_tags hstore text ("foot"=>"no","access"=>"private").
std::string hstore_value(const std::string& hstore, const std::string& key);

}  // namespace siting::network
