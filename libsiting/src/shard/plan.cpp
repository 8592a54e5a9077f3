// SPDX-License-Identifier: Apache-2.0
#include "siting/shard/plan.hpp"

#include <cmath>
#include <cstring>
#include <set>
#include <unordered_map>

#include "siting/error.hpp"

namespace siting::shard {

namespace {

// Vertices are keyed by their exact coordinates, as the graph builder keys them.
std::uint64_t point_key(const Point& p) {
  std::uint64_t a, b;
  std::memcpy(&a, &p.x, 8);
  std::memcpy(&b, &p.y, 8);
  return a * 0x9E3779B97F4A7C15ULL ^ b;
}

}  // namespace

Point tile_centre(std::int64_t col, std::int64_t row, double tile_m) {
  return {(static_cast<double>(col) + 0.5) * tile_m, (static_cast<double>(row) + 0.5) * tile_m};
}

Manifest plan_shards(const Districts& districts, const PlanInputs& in, double halo_m, double tile_m, double lateral_m) {
  Manifest m;
  m.halo_m = halo_m;
  m.tile_m = tile_m;
  m.parcel_count = in.parcels.size();
  m.facility_count = in.facilities.size();

  std::vector<std::size_t> parcel_district, facility_district;
  for (const Estate& e : in.parcels) parcel_district.push_back(districts.owner(e.label));
  for (const Facility& f : in.facilities) facility_district.push_back(districts.owner(f.location));
  std::vector<Box> owned(districts.size(), Box::Empty());
  std::vector<std::size_t> owns(districts.size(), 0);
  for (std::size_t p = 0; p < in.parcels.size(); ++p) {
    owned[parcel_district[p]].extend(bounds(in.parcels[p].geometry));
    ++owns[parcel_district[p]];
  }
  for (std::size_t f = 0; f < in.facilities.size(); ++f) {
    owned[facility_district[f]].extend(in.facilities[f].location);
    ++owns[facility_district[f]];
  }
  // The tiles ServiceArea::Build may draw: over the lines (and the facilities'
  // connectors) grown by the lateral distance.
  Box tiles = Box::Empty();
  for (const Box& b : in.line_boxes) tiles.extend(b);
  for (const Facility& f : in.facilities) tiles.extend(f.location);
  tiles = grown(tiles, lateral_m + 1.0);
  const auto c0 = static_cast<std::int64_t>(std::floor(tiles.min_x / tile_m));
  const auto c1 = static_cast<std::int64_t>(std::floor(tiles.max_x / tile_m));
  const auto r0 = static_cast<std::int64_t>(std::floor(tiles.min_y / tile_m));
  const auto r1 = static_cast<std::int64_t>(std::floor(tiles.max_y / tile_m));
  for (std::int64_t r = r0; r <= r1; ++r)
    for (std::int64_t c = c0; c <= c1; ++c) {
      const std::size_t d = districts.owner(tile_centre(c, r, tile_m));
      const double x = static_cast<double>(c) * tile_m, y = static_cast<double>(r) * tile_m;
      owned[d].extend(Box{x, y, x + tile_m, y + tile_m});
      ++owns[d];
    }

  m.district_shard.assign(districts.size(), -1);
  for (std::size_t d = 0; d < districts.size(); ++d) {
    if (owns[d] == 0) continue;  // a grid cell with nothing in it
    m.district_shard[d] = static_cast<std::int32_t>(m.shards.size());
    ShardSpec sp;
    sp.district = d;
    sp.owned = owned[d];
    sp.owned.extend(bounds(districts[d].geometry));
    sp.halo = grown(sp.owned, halo_m);
    m.shards.push_back(std::move(sp));
  }
  for (std::size_t d : parcel_district) {
    m.parcel_shard.push_back(static_cast<std::uint32_t>(m.district_shard[d]));
    ++m.shards[m.parcel_shard.back()].parcels;
  }
  for (std::size_t d : facility_district) {
    m.facility_shard.push_back(static_cast<std::uint32_t>(m.district_shard[d]));
    ++m.shards[m.facility_shard.back()].facilities;
  }
  m.districts = districts.list();
  return m;
}

void add_network(Manifest& m, const network::WalkGraph& g, const network::BuildStats& build) {
  m.build = build;
  m.vertices = g.vertex_count();
  m.edges = g.edge_count();
  m.components = g.component_count();
  m.largest_component_vertices = g.component_count() ? g.component_size(0) : 0;
  std::vector<std::set<network::VertexId>> island(m.shards.size());
  for (network::EdgeId e = 0; e < g.edge_count(); ++e) {
    const network::Edge& edge = g.edge(e);
    if (g.component(edge.u) == 0) continue;
    Box b = Box::Empty();
    b.extend(g.point(edge.u));
    b.extend(g.point(edge.v));
    for (std::size_t s = 0; s < m.shards.size(); ++s)
      if (meets(b, m.shards[s].halo)) island[s].insert({edge.u, edge.v});
  }
  for (std::size_t s = 0; s < m.shards.size(); ++s) {
    for (network::VertexId v : island[s]) m.shards[s].islands.push_back({g.point(v).x, g.point(v).y, g.component(v)});
    m.shards[s].hash = shard_hash(m, s);
  }
}

std::string shard_hash(const Manifest& m, std::size_t s) {
  const ShardSpec& sp = m.shards[s];
  Hasher h;
  h.add(m.run_key), h.add(m.districts[sp.district].id), h.add(sp.inputs_key);
  for (double v : {sp.owned.min_x, sp.owned.min_y, sp.owned.max_x, sp.owned.max_y, sp.halo.min_x, sp.halo.min_y,
                   sp.halo.max_x, sp.halo.max_y})
    h.add(v);
  for (std::size_t p = 0; p < m.parcel_shard.size(); ++p)
    if (m.parcel_shard[p] == s) h.add(static_cast<std::uint64_t>(p));
  return h.hex();
}

std::vector<std::uint32_t> global_components(const ShardSpec& shard, const network::WalkGraph& g) {
  std::unordered_map<std::uint64_t, std::uint32_t> island;
  for (const IslandVertex& v : shard.islands) island.emplace(point_key({v.x, v.y}), v.component);
  std::vector<std::uint32_t> global(g.component_count(), 0);
  for (network::VertexId v = 0; v < g.vertex_count(); ++v) {
    auto it = island.find(point_key(g.point(v)));
    if (it != island.end()) global[g.component(v)] = it->second;
  }
  return global;
}

coverage::Coverage assemble(const Manifest& m, std::vector<Part> parts, const std::vector<Estate>& parcels,
                            std::size_t facility_count, const coverage::CoverageOptions& opt, const std::string& where) {
  coverage::Coverage c;
  for (std::size_t i = 0; i < opt.minutes.size(); ++i) c.budget_m.push_back(opt.budget_m(i));
  c.parcels.resize(parcels.size());
  c.facilities.resize(facility_count);
  std::vector<bool> parcel_seen(parcels.size()), facility_seen(facility_count);
  std::vector<std::vector<coverage::TileGeometry>> tiles(opt.minutes.size());
  for (Part& part : parts) {
    auto bad = [&](const std::string& what) {
      return Error(ErrorCode::Shards, "shard " + std::to_string(part.shard) + ": " + what, in_file(where));
    };
    for (std::size_t i = 0; i < part.parcels.size(); ++i) {
      const std::uint32_t p = part.parcel_index[i];
      if (p >= c.parcels.size() || m.parcel_shard[p] != part.shard || parcel_seen[p])
        throw bad("parcel " + std::to_string(p) + " is not its own or came twice");
      if (part.parcels[i].covered_m2.size() != c.budget_m.size()) throw bad("tiers differ from the run's");
      parcel_seen[p] = true;
      c.parcels[p] = std::move(part.parcels[i]);
    }
    for (std::size_t i = 0; i < part.facilities.size(); ++i) {
      const std::uint32_t f = part.facility_index[i];
      if (f >= c.facilities.size() || m.facility_shard[f] != part.shard || facility_seen[f])
        throw bad("facility " + std::to_string(f) + " is not its own or came twice");
      facility_seen[f] = true;
      c.facilities[f] = std::move(part.facilities[i]);
    }
    if (part.tiles.size() != tiles.size()) throw bad("tiers differ from the run's");
    for (std::size_t t = 0; t < tiles.size(); ++t)
      for (coverage::TileGeometry& g : part.tiles[t]) tiles[t].push_back(std::move(g));
  }
  for (std::size_t p = 0; p < parcel_seen.size(); ++p)
    if (!parcel_seen[p])
      throw Error(ErrorCode::Shards, "shard " + std::to_string(m.parcel_shard[p]) + " did not report parcel " +
                                         std::to_string(p) + " (" + parcels[p].id + ")", in_file(where));
  for (std::size_t f = 0; f < facility_seen.size(); ++f)
    if (!facility_seen[f])
      throw Error(ErrorCode::Shards, "shard " + std::to_string(m.facility_shard[f]) + " did not report facility " +
                                         std::to_string(f), in_file(where));
  coverage::tally_served(c, parcels);
  for (const auto& tier : tiles) {
    std::set<std::pair<std::int64_t, std::int64_t>> seen;
    for (const coverage::TileGeometry& g : tier)
      if (!seen.insert({g.col, g.row}).second)
        throw Error(ErrorCode::Shards, "service-area tile (" + std::to_string(g.col) + ", " + std::to_string(g.row) +
                                           ") came from two shards", in_file(where));
    const coverage::ServiceArea area = coverage::ServiceArea::FromTiles(tier, opt.area);
    c.dissolved_m2.push_back(area.area_m2());
    c.dissolved.push_back(area.dissolved());
  }
  return c;
}

}  // namespace siting::shard
