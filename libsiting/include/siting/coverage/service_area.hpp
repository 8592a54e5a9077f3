// SPDX-License-Identifier: Apache-2.0
#pragma once

// Service-area polygons: the land within a lateral walking distance of the
// street stretches reachable within a budget. Never a hull of reached points:
// hulls claim land nobody reaches in time.
//
// The reachable part of an edge (u, v, length L) with budget B: from u the first
// B - d(u) metres, from v the last B - d(v), the whole edge when those add up to
// at least L; and from a facility on the edge itself, B - connector either way.
//
//   auto pieces = reachable_pieces(graph, reach, sources, 810.0);
//   AreaOptions opt;                      // lateral 50 m, 8 segments per quarter circle
//   ServiceArea area = ServiceArea::Build(graph, pieces, connectors, opt);
//   MultiPolygon whole = area.dissolved();
//   ServiceArea::Overlay o = area.overlay(parcel);   // covered m2 and the gap

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "siting/geometry.hpp"
#include "siting/network/graph.hpp"
#include "siting/network/search.hpp"
#include "siting/options.hpp"

namespace siting::detail {
class ErosionCache;  // detail/faces.hpp
}  // namespace siting::detail

namespace siting::coverage {

struct Piece {
  network::EdgeId edge = network::kNone;
  double from_m = 0.0;  // along the edge from its u
  double to_m = 0.0;
};

// From the multi-source reach (dense distances) and the sources on edges.
std::vector<Piece> reachable_pieces(const network::WalkGraph& graph, const network::Reach& reach,
                                    const network::Sources& sources, double budget_m);
// From one source's bounded search.
std::vector<Piece> reachable_pieces(const network::WalkGraph& graph, const network::SparseReach& reach,
                                    const network::Snap& source, double budget_m);

// Ranges (docs/user-guide.md#option-ranges). The tiles cover the lines' extent
// grown by the lateral distance, so a lateral of kilometres makes millions of
// tiles (--lateral 1e9 ran out of memory); 500 m is already a long way to a door.
constexpr Range kLateralRange{0.0, 500.0, true, "m"};
constexpr Range kQuadrantSegmentsRange{1.0, 64.0, false, "", true};
constexpr Range kTileRange{1.0, 100000.0, false, "m"};
constexpr Range kThreadsRange{0.0, 256.0, false, "", true};

struct AreaOptions {
  double lateral_m = 50.0;       // how far people walk off the street to a door; m, (0, 500], default 50
  int quadrant_segments = 8;     // buffer arcs per quarter circle, [1, 64]; 8: error < 0.25 m at 50 m
  double tile_m = 1000.0;        // the dissolve works tile by tile, so overlay stays local; m, [1, 100000]
  unsigned threads = 0;          // worker threads, [0, 256]; default 0: one per core
  bool progress = true;          // draw progress on a terminal (off for many small areas)
  // Only the tiles meeting this box are drawn (a shard of a sharded run draws
  // those it owns and those its parcels lie in); default: every tile.
  std::optional<Box> only;
  // Keep the blocks' erosions that took GEOS (ServiceArea::take_erosions()), for
  // other areas on the same graph to reuse; default false.
  bool keep_erosions = false;
  // Erosions another area kept; default none. The result is the same with any
  // cache, or none: only faster where the cache holds a block.
  std::shared_ptr<const detail::ErosionCache> erosions;

  // Throws Error(E001) naming the option (--lateral, --threads; the field for
  // the others), its range and the value given.
  void validate() const;
};

// One tile of a service area, on the grid anchored at multiples of the tile
// size: column and row count tiles from x = 0 and y = 0, so a tile has the same
// name in every run with the same tile size.
struct TileGeometry {
  std::int64_t col = 0, row = 0;
  double area_m2 = 0.0;  // as measured when drawn: the sum over tiles is area_m2()
  MultiPolygon geometry;
};

class ServiceArea {
 public:
  // `connectors`: straight walks from facilities to the street (or any extra
  // lines that count as reachable).
  static ServiceArea Build(const network::WalkGraph& graph, const std::vector<Piece>& pieces,
                           const std::vector<LineString>& connectors, const AreaOptions& options);
  // A service area from tiles drawn elsewhere (the shards of a sharded run): its
  // dissolved() and area_m2() are those of the run that drew them all at once.
  static ServiceArea FromTiles(const std::vector<TileGeometry>& tiles, const AreaOptions& options);
  ~ServiceArea();
  ServiceArea(ServiceArea&&) noexcept;
  ServiceArea& operator=(ServiceArea&&) noexcept;

  // The tiles with a part of the area, row by row from the south-west.
  std::vector<TileGeometry> tiles() const;

  // The whole area as one polygon set (holes kept).
  MultiPolygon dissolved() const;
  double area_m2() const;
  // The erosions kept when options.keep_erosions was set, handed over (null
  // from then on, and when not kept).
  std::shared_ptr<detail::ErosionCache> take_erosions();

  struct Overlay {
    double covered_m2 = 0.0;
    MultiPolygon uncovered;  // the parcel minus the area
  };
  // Thread-safe for different parcels.
  Overlay overlay(const MultiPolygon& parcel) const;
  // Overlays many parcels on all cores. With with_uncovered false only covered_m2
  // is filled (uncovered stays empty), which skips the per-parcel union and
  // difference: the tiers below the circle need only their covered share.
  std::vector<Overlay> overlay_all(const std::vector<const MultiPolygon*>& parcels, bool with_uncovered = true) const;

 private:
  ServiceArea();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The line a piece covers, in the working CRS.
LineString piece_line(const network::WalkGraph& graph, const Piece& piece);
// Joins pieces into as few polylines as possible (straightest continuation first
// at each vertex): buffering 1 long line is much cheaper than buffering many short ones.
std::vector<LineString> chain_pieces(const network::WalkGraph& graph, const std::vector<Piece>& pieces);

}  // namespace siting::coverage
