// SPDX-License-Identifier: Apache-2.0
#pragma once

// Which ways people walk on: the OSM walk filter as a pure function of a way's
// tags. Reading the lines (GDAL, any line layer: OSM PBF/XML, GeoPackage,
// Shapefile, GeoJSON, PostGIS) is io's: io::read_walkable_lines.

#include <cstddef>
#include <functional>
#include <set>
#include <string>

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

// Why the filter keeps or drops a way.
enum class WalkVerdict { Walkable, NotHighway, ExcludedHighway, FootNo, PrivateAccess };

// The filter on one way. `tag(key)` gives the way's lower-case value of a tag
// ("" when it has none); it is asked only for what the answer needs, in the
// order "highway", "foot", "access", so a reader parses no more than it must.
WalkVerdict walk_verdict(const WalkFilter& filter, const std::function<std::string(const char* key)>& tag);

struct RoadStats {
  std::size_t features = 0;
  std::size_t kept = 0;
  std::size_t not_highway = 0;      // OSM lines without a highway tag (rivers, power lines, ...)
  std::size_t excluded_highway = 0;
  std::size_t foot_no = 0;
  std::size_t private_access = 0;
  std::size_t empty = 0;            // no or empty geometry
  // Lines of fewer than two vertices: no segment to walk on. Dropped, and named in the log.
  std::size_t one_vertex = 0;
  // Lines whose vertices all coincide. Kept (the graph builder drops their segments, so
  // they add no edge), but counted and named in the log: they are often broken data.
  std::size_t zero_length = 0;
  // Lines with a coordinate that is not one (NaN, infinite, a latitude beyond 90
  // degrees, ...) or that the working CRS cannot take. Dropped whole, with a warning
  // that names them: a street cut at a bad vertex would silently split the network.
  std::size_t bad_coordinates = 0;

  // Counts a dropped way under its reason (kept ways are counted by the reader,
  // which may still find no geometry).
  void count_dropped(WalkVerdict verdict);
  // Adds another part's tallies (the roads read in parts).
  void add(const RoadStats& other);
};

// Parses GDAL's OSM other_tags hstore text ("foot"=>"no","access"=>"private").
std::string hstore_value(const std::string& hstore, const std::string& key);

}  // namespace siting::network
