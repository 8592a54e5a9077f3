// SPDX-License-Identifier: Apache-2.0
#pragma once

// Districts for sharding a run (siting shard) and the one rule that gives every
// place its owner. The rule is what makes a sharded run exact: a parcel (by its
// label point), a facility (by its location) and a service-area tile (by its
// centre) belong to exactly one district, the same in the planner, in every
// shard and in the merge.
//
//   Districts d = Districts::Grid(extent, 5000.0);  // or Districts::FromZones(zones, "street")
//   std::size_t s = d.owner(parcel.label);

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "siting/geometry.hpp"
#include "siting/model.hpp"
#include "siting/options.hpp"

namespace siting::shard {

// --grid: the side of a grid district, m.
constexpr Range kGridRange{10.0, 1e6, false, "m"};

struct District {
  std::string id;    // the zone's id, or "grid-C-R" for a grid cell
  std::string name;  // the zone's name, or empty
  MultiPolygon geometry;  // working CRS
};

class Districts {
 public:
  // Square cells of `cell_m` metres covering `extent`, anchored at multiples of
  // cell_m (so the same cell size gives the same cells whatever the extent),
  // row by row from the south-west; cells are numbered in that order. cell_m in
  // kGridRange; at most 100,000 cells. Throws Error(E001).
  static Districts Grid(const Box& extent, double cell_m);
  // The zones of one level (Zone::level compared as given, e.g. "street" or 街道),
  // in layer order. Throws Error(E103) when no zone has that level, naming the
  // levels there are.
  static Districts FromZones(const std::vector<Zone>& zones, const std::string& level);
  // Districts as stored in a manifest.
  static Districts FromList(std::vector<District> districts);

  Districts(Districts&&) noexcept;
  Districts& operator=(Districts&&) noexcept;
  ~Districts();

  std::size_t size() const { return districts_.size(); }
  const District& operator[](std::size_t i) const { return districts_[i]; }
  const std::vector<District>& list() const { return districts_; }

  // The district that owns a point: the one it lies strictly inside; on a
  // boundary shared by several, the first listed of them; outside every
  // district, the nearest (the first listed among equally near). Never fails
  // for a finite point: everything has an owner.
  std::size_t owner(const Point& p) const;

 private:
  Districts();
  void index();
  std::vector<District> districts_;
  struct Index;
  std::unique_ptr<Index> index_;
};

}  // namespace siting::shard
