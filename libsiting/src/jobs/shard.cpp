// SPDX-License-Identifier: Apache-2.0
// siting shard, siting coverage --shard N, siting merge (docs/scale.md).
#include "siting/jobs/shard.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <set>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "detail/text.hpp"
#include "jobs/common.hpp"
#include "jobs/coverage_run.hpp"
#include "jobs/outputs.hpp"
#include "siting/io/output_dir.hpp"
#include "siting/log.hpp"
#include "siting/shard/manifest.hpp"

namespace siting::jobs {

using siting::detail::format_fixed;
using siting::detail::format_number;

namespace {

using shard::Hasher;

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

Box grown(const Box& b, double r) { return {b.min_x - r, b.min_y - r, b.max_x + r, b.max_y + r}; }
bool meets(const Box& a, const Box& b) {
  return !(a.max_x < b.min_x || a.min_x > b.max_x || a.max_y < b.min_y || a.min_y > b.max_y);
}
bool holds(const Box& b, const Point& p) { return p.x >= b.min_x && p.x <= b.max_x && p.y >= b.min_y && p.y <= b.max_y; }

// The walk's settings and every feature as read: equal keys, equal runs. The
// roads' lines are those load_inputs kept, so a change of walk filter shows too.
std::string run_key(const CoverageJobOptions& options, const rules::RuleSet& rules,
                    const coverage::CoverageOptions& opt, const Inputs& in) {
  Hasher h;
  h.add(std::string("siting coverage shard 1"));
  for (double m : opt.minutes) h.add(m);
  h.add(opt.speed_m_per_s), h.add(opt.max_snap_m), h.add(opt.area.lateral_m), h.add(opt.area.tile_m);
  h.add(static_cast<std::uint64_t>(opt.area.quadrant_segments));
  h.add(options.settings.build.snap_tolerance_m), h.add(static_cast<std::uint64_t>(options.settings.build.node_crossings));
  h.add(rules.zone.persons_per_household), h.add(rules.coverage.target_share);
  h.add(static_cast<std::uint64_t>(in.estates.size()));
  for (const Estate& e : in.estates) {
    h.add(e.id), h.add(e.households), h.add(e.population.value_or(-1.0)), h.add(e.elderly.value_or(-1.0));
    h.add(e.area_m2), h.add(e.label), h.add(e.geometry);
  }
  h.add(static_cast<std::uint64_t>(in.facilities.size()));
  for (const Facility& f : in.facilities) h.add(f.id), h.add(f.location);
  h.add(static_cast<std::uint64_t>(in.zones.size()));
  for (const Zone& z : in.zones) h.add(z.id), h.add(z.level), h.add(z.geometry);
  if (in.roads) {
    h.add(static_cast<std::uint64_t>(in.roads->lines.size()));
    for (const LineString& l : in.roads->lines) h.add(l);
  }
  return h.hex();
}

std::string shard_hash(const std::string& key, const shard::Manifest& m, std::size_t s) {
  const shard::ShardSpec& sp = m.shards[s];
  Hasher h;
  h.add(key), h.add(m.districts[sp.district].id);
  for (double v : {sp.owned.min_x, sp.owned.min_y, sp.owned.max_x, sp.owned.max_y, sp.halo.min_x, sp.halo.min_y,
                   sp.halo.max_x, sp.halo.max_y})
    h.add(v);
  for (std::size_t p = 0; p < m.parcel_shard.size(); ++p)
    if (m.parcel_shard[p] == s) h.add(static_cast<std::uint64_t>(p));
  return h.hex();
}

// The tiles of the service areas a run with these lines and facilities draws
// (ServiceArea::Build's grid: the lines grown by the lateral distance).
Box tile_extent(const std::vector<Box>& line_boxes, const std::vector<Facility>& facilities, double lateral_m) {
  Box all = Box::Empty();
  for (const Box& b : line_boxes) all.extend(b);
  for (const Facility& f : facilities) all.extend(f.location);
  return grown(all, lateral_m + 1.0);
}

Point tile_centre(std::int64_t col, std::int64_t row, double tile_m) {
  return {(static_cast<double>(col) + 0.5) * tile_m, (static_cast<double>(row) + 0.5) * tile_m};
}

struct Loaded {
  rules::RuleSet rules;
  detail::CoverageInputs c;
  coverage::CoverageOptions opt;
  std::string key;
};

Loaded load(const CoverageJobOptions& options, const char* command) {
  if (options.settings.network_times)
    throw Error(ErrorCode::Usage, std::string(command) + ": --network-times is not available in a sharded run");
  rules::RuleSet rules = detail::load_rules(options.rules, options.overrides);
  detail::check_coverage_options(options);
  coverage::CoverageOptions opt = detail::coverage_options(rules, options.settings);
  return {std::move(rules), {}, std::move(opt), {}};
}

void read_inputs(Loaded& l, const CoverageJobOptions& options) {
  l.c = detail::load_coverage_inputs(options, l.rules);
  l.key = run_key(options, l.rules, l.opt, l.c.in);
}

shard::Manifest read_plan(const std::string& path, const std::string& key) {
  shard::Manifest m = shard::read_manifest(path);
  if (m.command != "coverage")
    throw Error(ErrorCode::Shards, "the plan is for siting " + m.command + ", not siting coverage", in_file(path));
  if (m.run_key != key)
    throw Error(ErrorCode::Shards,
                "the inputs or options differ from those the plan was made with (plan key " + m.run_key +
                    ", this run's " + key + "): give every shard and the merge the options given to siting shard, "
                    "on the same files, or plan again",
                in_file(path));
  return m;
}

}  // namespace

// ---- siting shard ------------------------------------------------------------------

ShardPlanResult run_shard_plan(const ShardPlanOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  Loaded l = load(options.run, "siting shard");
  if (options.district_level.empty()) check_option("--grid", options.grid_m, shard::kGridRange);
  io::OutputDir out(options.out_dir, {"manifest.json"});
  read_inputs(l, options.run);
  Inputs& in = l.c.in;
  const coverage::CoverageOptions& opt = l.opt;

  shard::Manifest m;
  m.run_key = l.key;
  m.crs = in.working.crs.label();
  m.tile_m = opt.area.tile_m;
  // A walk that starts in a shard's owned box stays within budget + 3 snaps of
  // it (parcel to street, the walk, street to facility, the facility's own
  // nearest street); a tile or a parcel's overlay needs the lines within the
  // lateral distance; an end point joins lines within the snap tolerance.
  m.halo_m = opt.budget_m() + opt.area.lateral_m + 3 * opt.max_snap_m + options.run.settings.build.snap_tolerance_m + 1.0;
  m.parcel_count = in.estates.size();
  m.facility_count = in.facilities.size();

  std::vector<Box> line_boxes;
  for (const LineString& line : in.roads->lines) line_boxes.push_back(bounds(line));
  const Box tiles = tile_extent(line_boxes, in.facilities, opt.area.lateral_m);
  Box all = tiles;
  for (const Estate& e : in.estates) all.extend(bounds(e.geometry));

  shard::Districts districts = [&] {
    if (!options.district_level.empty()) {
      m.grid = "zones of level " + options.district_level;
      return shard::Districts::FromZones(in.zones, options.district_level);
    }
    m.grid = "grid of " + format_number(options.grid_m) + " m";
    return shard::Districts::Grid(all, options.grid_m);
  }();

  // Owners: parcels by their label point, facilities by their location, tiles by their centre.
  std::vector<std::size_t> parcel_district, facility_district;
  for (const Estate& e : in.estates) parcel_district.push_back(districts.owner(e.label));
  for (const Facility& f : in.facilities) facility_district.push_back(districts.owner(f.location));
  std::vector<Box> owned(districts.size(), Box::Empty());
  std::vector<std::size_t> owns(districts.size(), 0);
  for (std::size_t p = 0; p < in.estates.size(); ++p) {
    owned[parcel_district[p]].extend(bounds(in.estates[p].geometry));
    ++owns[parcel_district[p]];
  }
  for (std::size_t f = 0; f < in.facilities.size(); ++f) {
    owned[facility_district[f]].extend(in.facilities[f].location);
    ++owns[facility_district[f]];
  }
  const double tm = opt.area.tile_m;
  const auto c0 = static_cast<std::int64_t>(std::floor(tiles.min_x / tm)), c1 = static_cast<std::int64_t>(std::floor(tiles.max_x / tm));
  const auto r0 = static_cast<std::int64_t>(std::floor(tiles.min_y / tm)), r1 = static_cast<std::int64_t>(std::floor(tiles.max_y / tm));
  for (std::int64_t r = r0; r <= r1; ++r)
    for (std::int64_t c = c0; c <= c1; ++c) {
      const std::size_t d = districts.owner(tile_centre(c, r, tm));
      const double x = static_cast<double>(c) * tm, y = static_cast<double>(r) * tm;
      owned[d].extend(Box{x, y, x + tm, y + tm});
      ++owns[d];
    }

  m.district_shard.assign(districts.size(), -1);
  for (std::size_t d = 0; d < districts.size(); ++d) {
    if (owns[d] == 0) continue;  // a grid cell with nothing in it
    m.district_shard[d] = static_cast<std::int32_t>(m.shards.size());
    shard::ShardSpec sp;
    sp.district = d;
    sp.owned = owned[d];
    sp.owned.extend(bounds(districts[d].geometry));
    sp.halo = grown(sp.owned, m.halo_m);
    for (const Box& b : line_boxes) sp.lines += meets(b, sp.halo);
    m.shards.push_back(std::move(sp));
  }
  for (std::size_t p = 0; p < in.estates.size(); ++p) {
    const auto s = static_cast<std::uint32_t>(m.district_shard[parcel_district[p]]);
    m.parcel_shard.push_back(s);
    ++m.shards[s].parcels;
  }
  for (std::size_t f = 0; f < in.facilities.size(); ++f) {
    const auto s = static_cast<std::uint32_t>(m.district_shard[facility_district[f]]);
    m.facility_shard.push_back(s);
    ++m.shards[s].facilities;
  }
  m.districts = districts.list();

  // The whole network, once: its counts, and the island vertices near each shard.
  const detail::WalkNetwork net = detail::build_walk_network(in, options.run.settings);
  const network::WalkGraph& g = *net.graph;
  m.build = net.build;
  m.vertices = g.vertex_count();
  m.edges = g.edge_count();
  m.components = g.component_count();
  m.largest_component_vertices = g.component_count() ? g.component_size(0) : 0;
  std::vector<std::set<network::VertexId>> island_vertices(m.shards.size());
  for (network::EdgeId e = 0; e < g.edge_count(); ++e) {
    const network::Edge& edge = g.edge(e);
    if (g.component(edge.u) == 0) continue;
    Box b = Box::Empty();
    b.extend(g.point(edge.u));
    b.extend(g.point(edge.v));
    for (std::size_t s = 0; s < m.shards.size(); ++s)
      if (meets(b, m.shards[s].halo)) island_vertices[s].insert({edge.u, edge.v});
  }
  for (std::size_t s = 0; s < m.shards.size(); ++s) {
    for (network::VertexId v : island_vertices[s]) m.shards[s].islands.push_back({g.point(v).x, g.point(v).y, g.component(v)});
    m.shards[s].hash = shard_hash(m.run_key, m, s);
  }

  shard::write_manifest(m, out.stage("manifest.json"));
  out.commit();

  ShardPlanResult r;
  r.shards = m.shards.size();
  r.files = {"manifest.json"};
  std::string text = "siting shard: " + std::to_string(m.shards.size()) + " shards (" + m.grid + ", halo " +
                     format_fixed(m.halo_m, 0) + " m) for " + std::to_string(m.parcel_count) + " parcels, " +
                     std::to_string(m.facility_count) + " facilities, " + std::to_string(m.edges) + " street edges (" +
                     format_fixed(seconds_since(t0), 1) + " s)\n";
  for (std::size_t s = 0; s < m.shards.size(); ++s) {
    const shard::ShardSpec& sp = m.shards[s];
    char line[256];
    std::snprintf(line, sizeof line, "  shard %zu: district %s, %zu parcels, %zu facilities, %zu lines in its halo\n", s,
                  m.districts[sp.district].id.c_str(), sp.parcels, sp.facilities, sp.lines);
    text += line;
  }
  text += "  run each: siting coverage OPTIONS --shard-manifest " + out.dir() + "/manifest.json --shard N --out PARTS/shard-NNNN\n";
  r.summary_text = text;
  return r;
}

// ---- siting coverage --shard N -------------------------------------------------------

namespace detail {

namespace {

std::uint64_t point_key(double x, double y) {
  std::uint64_t a, b;
  std::memcpy(&a, &x, 8);
  std::memcpy(&b, &y, 8);
  return a * 0x9E3779B97F4A7C15ULL ^ b;
}

}  // namespace

CoverageJobResult run_coverage_shard(const CoverageJobOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  Loaded l = load(options, "siting coverage --shard");
  io::OutputDir out(options.out_dir, {"part.bin", "part.json"});
  read_inputs(l, options);
  Inputs& in = l.c.in;
  const shard::Manifest m = read_plan(options.shard->manifest, l.key);
  const std::size_t s = options.shard->index;
  if (s >= m.shards.size())
    throw Error(ErrorCode::Usage, "--shard " + std::to_string(s) + ": the plan has shards 0 to " +
                                      std::to_string(m.shards.size() - 1));
  const shard::ShardSpec& sp = m.shards[s];
  if (shard_hash(l.key, m, s) != sp.hash)
    throw Error(ErrorCode::Shards, "shard " + std::to_string(s) + "'s entry in the plan was changed after planning",
                in_file(options.shard->manifest));

  // The shard's world: its parcels, the facilities and lines of its halo.
  shard::Part part;
  part.shard = static_cast<std::uint32_t>(s);
  part.run_key = l.key;
  std::vector<Estate> parcels;
  for (std::size_t p = 0; p < in.estates.size(); ++p)
    if (m.parcel_shard[p] == s) {
      part.parcel_index.push_back(static_cast<std::uint32_t>(p));
      parcels.push_back(std::move(in.estates[p]));
    }
  std::vector<Facility> facilities;
  std::vector<std::uint32_t> facility_global;
  coverage::CoverageOptions opt = l.opt;
  for (std::size_t f = 0; f < in.facilities.size(); ++f)
    if (holds(sp.halo, in.facilities[f].location)) {
      facility_global.push_back(static_cast<std::uint32_t>(f));
      facilities.push_back(in.facilities[f]);
      opt.own_facility_areas.push_back(m.facility_shard[f] == s);
    }
  std::vector<LineString> lines;
  for (LineString& line : in.roads->lines)
    if (meets(bounds(line), sp.halo)) lines.push_back(std::move(line));
  if (lines.size() != sp.lines)
    throw Error(ErrorCode::Internal, "shard " + std::to_string(s) + " has " + std::to_string(lines.size()) +
                                         " lines in its halo, the plan " + std::to_string(sp.lines));
  in.roads->lines = std::move(lines);
  log::info("shard ", s, " (district ", m.districts[sp.district].id, "): ", parcels.size(), " parcels, ",
            facilities.size(), " facilities and ", in.roads->lines.size(), " lines in its halo");

  opt.keep_tiles = true;
  opt.area.only = sp.owned;
  coverage::Coverage c;
  if (in.roads->lines.empty()) {
    // Nothing to walk on in the halo: every parcel is off the network, as in a single run.
    c.parcels.resize(parcels.size());
    for (std::size_t p = 0; p < parcels.size(); ++p) {
      c.parcels[p].covered_m2.assign(opt.minutes.size(), 0.0);
      c.parcels[p].gap = parcels[p].geometry;
    }
    c.facilities.resize(facilities.size());
    c.tiles.resize(opt.minutes.size());
  } else {
    const detail::WalkNetwork net = detail::build_walk_network(in, options.settings);
    c = coverage::analyse_coverage(*net.graph, *net.index, parcels, facilities, opt);
    // Components as the whole network numbers them: a shard's component is part
    // of one of the whole network's, the largest (0) unless the plan lists one
    // of its vertices as an island's.
    std::unordered_map<std::uint64_t, std::uint32_t> island;
    for (const shard::IslandVertex& v : sp.islands) island.emplace(point_key(v.x, v.y), v.component);
    std::vector<std::uint32_t> global(net.graph->component_count(), 0);
    for (network::VertexId v = 0; v < net.graph->vertex_count(); ++v) {
      const Point& p = net.graph->point(v);
      auto it = island.find(point_key(p.x, p.y));
      if (it != island.end()) global[net.graph->component(v)] = it->second;
    }
    for (coverage::ParcelCoverage& pc : c.parcels)
      if (pc.component != network::kNone) pc.component = global[pc.component], pc.island = pc.component != 0;
    for (coverage::FacilityCoverage& fc : c.facilities)
      if (fc.component != network::kNone) fc.component = global[fc.component], fc.island = fc.component != 0;
  }
  for (coverage::ParcelCoverage& pc : c.parcels)
    if (pc.facility != network::kNone) pc.facility = facility_global[pc.facility];
  part.parcels = std::move(c.parcels);
  for (std::size_t f = 0; f < facilities.size(); ++f)
    if (m.facility_shard[facility_global[f]] == s) {
      part.facility_index.push_back(facility_global[f]);
      part.facilities.push_back(std::move(c.facilities[f]));
    }
  const shard::Districts districts = shard::Districts::FromList(m.districts);
  for (auto& tier : c.tiles) {
    std::vector<coverage::TileGeometry> mine;
    for (coverage::TileGeometry& t : tier)
      if (m.district_shard[districts.owner(tile_centre(t.col, t.row, opt.area.tile_m))] == static_cast<std::int32_t>(s))
        mine.push_back(std::move(t));
    part.tiles.push_back(std::move(mine));
  }
  part.seconds = seconds_since(t0);

  shard::write_part(part, out.stage("part.bin"));
  nlohmann::json j{{"shard", s},
                   {"district", m.districts[sp.district].id},
                   {"run_key", l.key},
                   {"parcels", part.parcels.size()},
                   {"facilities", part.facilities.size()},
                   {"seconds", std::round(part.seconds * 10) / 10}};
  std::ofstream(out.stage("part.json")) << j.dump(2) << '\n';
  out.commit();
  CoverageJobResult r;
  r.files = {"part.bin", "part.json"};
  r.summary_text = "siting coverage: shard " + std::to_string(s) + " of " + std::to_string(m.shards.size()) + " done: " +
                   std::to_string(part.parcels.size()) + " parcels, " + std::to_string(part.facilities.size()) +
                   " facilities (" + format_fixed(part.seconds, 1) + " s)\n";
  return r;
}

}  // namespace detail

// ---- siting merge -------------------------------------------------------------------

CoverageJobResult run_merge(const MergeOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  Loaded l = load(options.run, "siting merge");
  const std::string chromium = detail::report_browser(options.run.report, options.run.report_pdf);
  const std::vector<std::string> planned = detail::coverage_outputs(options.run);
  io::OutputDir out(options.run.out_dir, planned);
  const auto db = detail::open_database(options.run.out_db, planned);
  read_inputs(l, options.run);
  Inputs& in = l.c.in;
  in.roads->lines.clear();  // read for the key and the roads' tallies only
  in.roads->lines.shrink_to_fit();
  const shard::Manifest m = read_plan(options.manifest, l.key);

  // Every shard reported, with this run's key.
  std::vector<shard::Part> parts;
  std::vector<std::string> missing;
  for (std::size_t s = 0; s < m.shards.size(); ++s) {
    char name[32];
    std::snprintf(name, sizeof name, "shard-%04zu", s);
    const std::string path = options.parts_dir + "/" + name + "/part.bin";
    std::ifstream probe(path);
    if (!probe) {
      missing.push_back(std::to_string(s) + " (" + path + ")");
      continue;
    }
    parts.push_back(shard::read_part(path));
    if (parts.back().shard != s || parts.back().run_key != m.run_key)
      throw Error(ErrorCode::Shards, "the part is not shard " + std::to_string(s) + " of this plan (shard " +
                                         std::to_string(parts.back().shard) + ", key " + parts.back().run_key + ")",
                  in_file(path));
  }
  if (!missing.empty()) {
    std::string list;
    for (std::size_t i = 0; i < missing.size() && i < 20; ++i) list += (i ? ", " : "") + missing[i];
    if (missing.size() > 20) list += ", ...";
    throw Error(ErrorCode::Shards, std::to_string(missing.size()) + " of " + std::to_string(m.shards.size()) +
                                       " shards did not report: " + list +
                                       "; rerun those shards, then merge again (nothing was written)");
  }

  // Every owned parcel and facility exactly once.
  coverage::Coverage c;
  for (std::size_t i = 0; i < l.opt.minutes.size(); ++i) c.budget_m.push_back(l.opt.budget_m(i));
  c.parcels.resize(in.estates.size());
  c.facilities.resize(in.facilities.size());
  std::vector<bool> parcel_seen(in.estates.size()), facility_seen(in.facilities.size());
  std::vector<std::vector<coverage::TileGeometry>> tiles(l.opt.minutes.size());
  for (shard::Part& part : parts) {
    auto bad = [&](const std::string& what) {
      return Error(ErrorCode::Shards, "shard " + std::to_string(part.shard) + ": " + what, in_file(options.parts_dir));
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
                                         std::to_string(p) + " (" + in.estates[p].id + ")");
  for (std::size_t f = 0; f < facility_seen.size(); ++f)
    if (!facility_seen[f])
      throw Error(ErrorCode::Shards, "shard " + std::to_string(m.facility_shard[f]) + " did not report facility " +
                                         std::to_string(f) + " (" + in.facilities[f].id + ")");
  coverage::tally_served(c, in.estates);
  for (std::size_t t = 0; t < tiles.size(); ++t) {
    std::set<std::pair<std::int64_t, std::int64_t>> seen;
    for (const coverage::TileGeometry& g : tiles[t])
      if (!seen.insert({g.col, g.row}).second)
        throw Error(ErrorCode::Shards, "service-area tile (" + std::to_string(g.col) + ", " + std::to_string(g.row) +
                                           ") came from two shards");
    const coverage::ServiceArea area = coverage::ServiceArea::FromTiles(tiles[t], l.opt.area);
    c.dissolved_m2.push_back(area.area_m2());
    c.dissolved.push_back(area.dissolved());
  }

  coverage::NetworkSummary network{in.roads->stats, m.build, options.run.settings.build.node_crossings};
  network.vertices = m.vertices;
  network.edges = m.edges;
  network.components = m.components;
  network.largest_component_vertices = m.largest_component_vertices;
  const coverage::CoverageResult result = coverage::summarise(
      std::move(c), l.opt, network, {in.estates, l.c.estate_zones, in.zones.size()}, l.rules);
  log::info("merge: ", parts.size(), " shards, ", in.estates.size(), " parcels, ", in.facilities.size(),
            " facilities (", format_fixed(seconds_since(t0), 1), " s)");
  CoverageJobResult r;
  r.summary_text = detail::write_coverage_outputs(options.run, l.rules, l.c, result, nullptr, out, db.get(), chromium, r.files);
  return r;
}

}  // namespace siting::jobs
