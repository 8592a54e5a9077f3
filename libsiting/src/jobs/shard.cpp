// SPDX-License-Identifier: Apache-2.0
// siting shard, siting coverage --shard N, siting merge (docs/scale.md).
#include "siting/jobs/shard.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "detail/faces.hpp"
#include "detail/text.hpp"
#include "jobs/common.hpp"
#include "jobs/coverage_run.hpp"
#include "jobs/outputs.hpp"
#include "siting/io/output_dir.hpp"
#include "siting/log.hpp"
#include "siting/shard/manifest.hpp"
#include "siting/shard/plan.hpp"

namespace siting::jobs {

using siting::detail::format_fixed;
using siting::detail::format_number;

namespace {

using shard::Hasher;

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// The walk's settings.
void add_settings(Hasher& h, const CoverageJobOptions& options, const rules::RuleSet& rules,
                  const coverage::CoverageOptions& opt) {
  h.add(std::string("siting coverage shard 2"));
  for (double m : opt.minutes) h.add(m);
  h.add(opt.speed_m_per_s), h.add(opt.max_snap_m), h.add(opt.area.lateral_m), h.add(opt.area.tile_m);
  h.add(static_cast<std::uint64_t>(opt.area.quadrant_segments));
  h.add(options.settings.build.snap_tolerance_m), h.add(static_cast<std::uint64_t>(options.settings.build.node_crossings));
  h.add(rules.zone.persons_per_household), h.add(rules.coverage.target_share);
}

// The walk's settings and every feature as read: equal keys, equal runs. The
// roads' lines are those load_inputs kept, so a change of walk filter shows too.
std::string run_key(const CoverageJobOptions& options, const rules::RuleSet& rules,
                    const coverage::CoverageOptions& opt, const Inputs& in) {
  Hasher h;
  add_settings(h, options, rules, opt);
  detail::hash_inputs(h, in);
  return h.hex();
}

// What one shard reads and keeps, each in the whole run's order: its own
// parcels, the facilities in its halo, the lines meeting its halo.
struct ShardView {
  std::vector<const Estate*> parcels;
  std::vector<const Facility*> facilities;
  std::vector<PointSpan> lines;
};

// The settings and the view: the plan's key for a shard, which the shard, reading
// only its halo, computes again.
std::string shard_inputs_key(const CoverageJobOptions& options, const rules::RuleSet& rules,
                             const coverage::CoverageOptions& opt, const ShardView& v) {
  Hasher h;
  add_settings(h, options, rules, opt);
  h.add(static_cast<std::uint64_t>(v.parcels.size()));
  for (const Estate* e : v.parcels) detail::hash_feature(h, *e);
  h.add(static_cast<std::uint64_t>(v.facilities.size()));
  for (const Facility* f : v.facilities) detail::hash_feature(h, *f);
  h.add(static_cast<std::uint64_t>(v.lines.size()));
  for (PointSpan l : v.lines) h.add(l);
  return h.hex();
}

struct Loaded {
  rules::RuleSet rules;
  detail::CoverageInputs c;
  coverage::CoverageOptions opt;
  std::string key;
};

Loaded load(const CoverageJobOptions& options, const std::string& command) {
  if (options.settings.network_times)
    throw Error(ErrorCode::Usage, command + ": --network-times is not available in a sharded run");
  rules::RuleSet rules = detail::load_rules(options.rules, options.overrides);
  detail::check_coverage_options(options);
  coverage::CoverageOptions opt = detail::coverage_options(rules, options.settings);
  return {std::move(rules), {}, std::move(opt), {}};
}

void read_inputs(Loaded& l, const CoverageJobOptions& options) {
  l.c = detail::load_coverage_inputs(options, l.rules);
  l.key = run_key(options, l.rules, l.opt, l.c.in);
}

// A typed circle's name in a part: its types, "day_care" or "day_care,institution".
std::string circle_key(const std::vector<FacilityType>& types) {
  std::vector<std::string> names;
  for (FacilityType t : types) names.emplace_back(to_string(t));
  return siting::detail::join(names, ",");
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

  std::vector<Box> line_boxes;
  for (PointSpan line : in.roads->lines) line_boxes.push_back(bounds(line));
  // The grid covers the service-area tiles' extent (lines and facilities grown by
  // the lateral distance) and the parcels.
  Box all = Box::Empty();
  for (const Box& b : line_boxes) all.extend(b);
  for (const Facility& f : in.facilities) all.extend(f.location);
  all = grown(all, opt.area.lateral_m + 1.0);
  for (const Estate& e : in.estates) all.extend(bounds(e.geometry));
  const shard::Districts districts = options.district_level.empty()
                                         ? shard::Districts::Grid(all, options.grid_m)
                                         : shard::Districts::FromZones(in.zones, options.district_level);
  // A walk that starts in a shard's owned box stays within budget + 3 snaps of
  // it (parcel to street, the walk, street to facility, the facility's own
  // nearest street); a tile or a parcel's overlay needs the lines within the
  // lateral distance and the closed faces within it, which reach at most
  // face_max_side further (detail/faces.hpp); an end point joins lines within
  // the snap tolerance.
  const double halo_m = opt.budget_m() + opt.area.lateral_m + siting::detail::face_max_side(opt.area.lateral_m) +
                        3 * opt.max_snap_m + options.run.settings.build.snap_tolerance_m + 1.0;
  shard::Manifest m = shard::plan_shards(districts, {in.estates, in.facilities, line_boxes}, halo_m, opt.area.tile_m,
                                         opt.area.lateral_m);
  m.run_key = l.key;
  m.crs = in.working.crs.label();
  m.crs_wkt = in.working.crs.wkt();
  for (const Estate& e : in.estates) m.parcel_fid.push_back(e.fid);
  for (const Facility& f : in.facilities) m.facility_fid.push_back(f.fid);
  // Each shard's view, as it will read it through its halo's spatial filter, and
  // its count of lines.
  for (std::size_t s = 0; s < m.shards.size(); ++s) {
    shard::ShardSpec& sp = m.shards[s];
    ShardView v;
    for (std::size_t p = 0; p < in.estates.size(); ++p)
      if (m.parcel_shard[p] == s) v.parcels.push_back(&in.estates[p]);
    for (const Facility& f : in.facilities)
      if (holds(sp.halo, f.location)) v.facilities.push_back(&f);
    std::size_t i = 0;
    for (PointSpan line : in.roads->lines)
      if (meets(line_boxes[i++], sp.halo) && meets(line, sp.halo)) v.lines.push_back(line);
    sp.lines = v.lines.size();
    sp.inputs_key = shard_inputs_key(options.run, l.rules, opt, v);
  }
  m.grid = options.district_level.empty() ? "grid of " + format_number(options.grid_m) + " m"
                                          : "zones of level " + options.district_level;
  // The whole network, once: its counts and its islands.
  const detail::WalkNetwork net = detail::build_walk_network(in, options.run.settings);
  shard::add_network(m, *net.graph, net.build);

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
  text += "  run each: siting coverage (or check, or site) OPTIONS --shard-manifest " + out.dir() + "/manifest.json --shard N --out PARTS/shard-NNNN\n";
  r.summary_text = text;
  return r;
}

// ---- siting coverage --shard N -------------------------------------------------------

namespace detail {

CoverageJobResult run_coverage_shard(const CoverageJobOptions& options, const std::vector<std::vector<FacilityType>>& circles,
                                     const std::string& command, const ShardAddition& add) {
  const auto t0 = std::chrono::steady_clock::now();
  Loaded l = load(options, command + " --shard");
  io::OutputDir out(options.out_dir, {"part.bin", "part.json"});
  const std::string& plan = options.shard->manifest;
  const shard::Manifest m = shard::read_manifest(plan);
  if (m.command != "coverage")
    throw Error(ErrorCode::Shards, "the plan is for siting " + m.command + ", not siting coverage", in_file(plan));
  const std::size_t s = options.shard->index;
  if (s >= m.shards.size())
    throw Error(ErrorCode::Usage, "--shard " + std::to_string(s) + ": the plan has shards 0 to " +
                                      std::to_string(m.shards.size() - 1));
  const shard::ShardSpec& sp = m.shards[s];
  if (shard::shard_hash(m, s) != sp.hash)
    throw Error(ErrorCode::Shards, "shard " + std::to_string(s) + "'s entry in the plan was changed after planning",
                in_file(plan));

  // Only the halo is read (GDAL's spatial filter), in the plan's working CRS.
  CoverageJobOptions halo_only = options;
  halo_only.inputs.working_crs = m.crs_wkt;
  halo_only.inputs.spatial_filter = sp.halo;
  l.c = detail::load_coverage_inputs(halo_only, l.rules);
  Inputs& in = l.c.in;

  // Each feature's place in the whole run, by its feature id.
  auto places = [&](const std::vector<std::int64_t>& fids) {
    std::unordered_map<std::int64_t, std::uint32_t> at;
    for (std::size_t i = 0; i < fids.size(); ++i) at.emplace(fids[i], static_cast<std::uint32_t>(i));
    return at;
  };
  auto place = [&](const std::unordered_map<std::int64_t, std::uint32_t>& at, std::int64_t fid, const char* what) {
    const auto it = at.find(fid);
    if (it == at.end())
      throw Error(ErrorCode::Shards, std::string("a ") + what + " (fid " + std::to_string(fid) +
                                         ") that the plan does not have: the inputs changed after planning; plan again",
                  in_file(plan));
    return it->second;
  };
  const auto parcel_at = places(m.parcel_fid), facility_at = places(m.facility_fid);

  // The shard's world: its parcels, the facilities and lines of its halo, in the
  // whole run's order.
  std::vector<std::pair<std::uint32_t, std::size_t>> own;  // (place, index read)
  for (std::size_t p = 0; p < in.estates.size(); ++p) {
    const std::uint32_t g = place(parcel_at, in.estates[p].fid, "parcel");
    if (m.parcel_shard[g] == s) own.emplace_back(g, p);
  }
  std::sort(own.begin(), own.end());
  std::vector<std::pair<std::uint32_t, std::size_t>> near;
  for (std::size_t f = 0; f < in.facilities.size(); ++f)
    if (holds(sp.halo, in.facilities[f].location)) near.emplace_back(place(facility_at, in.facilities[f].fid, "facility"), f);
  std::sort(near.begin(), near.end());
  Lines lines;
  for (PointSpan line : in.roads->lines)
    if (meets(line, sp.halo)) lines.push_back(line);

  ShardView view;
  for (const auto& [g, p] : own) view.parcels.push_back(&in.estates[p]);
  for (const auto& [g, f] : near) view.facilities.push_back(&in.facilities[f]);
  for (PointSpan line : lines) view.lines.push_back(line);
  const std::string key = shard_inputs_key(options, l.rules, l.opt, view);
  if (key != sp.inputs_key)
    throw Error(ErrorCode::Shards,
                "the inputs or options differ from those the plan was made with (the plan's key for this shard " + sp.inputs_key +
                    ", this run's " + key + "): give every shard and the merge the options given to siting shard, "
                    "on the same files, or plan again",
                in_file(plan));

  shard::Part part;
  part.shard = static_cast<std::uint32_t>(s);
  part.run_key = m.run_key;
  std::vector<Estate> parcels;
  for (const auto& [g, p] : own) {
    part.parcel_index.push_back(g);
    parcels.push_back(std::move(in.estates[p]));
  }
  std::vector<Facility> facilities;
  std::vector<std::uint32_t> facility_global;
  coverage::CoverageOptions opt = l.opt;
  for (const auto& [g, f] : near) {
    facility_global.push_back(g);
    facilities.push_back(std::move(in.facilities[f]));
    opt.own_facility_areas.push_back(m.facility_shard[g] == s);
  }
  in.roads->lines = std::move(lines);
  log::info("shard ", s, " (district ", m.districts[sp.district].id, "): ", parcels.size(), " parcels, ",
            facilities.size(), " facilities and ", in.roads->lines.size(), " lines in its halo");

  opt.keep_tiles = true;
  opt.area.only = sp.owned;
  std::optional<detail::WalkNetwork> net;
  std::vector<std::uint32_t> global;  // components as the whole network numbers them (the plan decided islands)
  if (!in.roads->lines.empty()) {
    net.emplace(detail::build_walk_network(in, options.settings));
    global = shard::global_components(sp, *net->graph);
  }
  // The analysis of the owned parcels for some of the halo's facilities
  // (`which`, indices into `facilities`), with facility and component numbers
  // the whole run's.
  auto analyse = [&](const std::vector<std::size_t>& which, const coverage::CoverageOptions& o) {
    std::vector<Facility> these;
    for (std::size_t f : which) these.push_back(facilities[f]);
    coverage::Coverage c;
    if (!net) {
      // Nothing to walk on in the halo: every parcel is off the network, as in a single run.
      c.parcels.resize(parcels.size());
      for (std::size_t p = 0; p < parcels.size(); ++p) {
        c.parcels[p].covered_m2.assign(o.minutes.size(), 0.0);
        if (o.polygons && o.overlay) c.parcels[p].gap = parcels[p].geometry;
      }
      c.facilities.resize(these.size());
      if (o.keep_tiles) c.tiles.resize(o.minutes.size());
    } else {
      c = coverage::analyse_coverage(*net->graph, *net->index, parcels, these, o);
      for (coverage::ParcelCoverage& pc : c.parcels)
        if (pc.component != network::kNone) pc.component = global[pc.component], pc.island = pc.component != 0;
      for (coverage::FacilityCoverage& fc : c.facilities)
        if (fc.component != network::kNone) fc.component = global[fc.component], fc.island = fc.component != 0;
    }
    for (coverage::ParcelCoverage& pc : c.parcels)
      if (pc.facility != network::kNone) pc.facility = facility_global[which[pc.facility]];
    return c;
  };
  std::vector<std::size_t> all(facilities.size());
  for (std::size_t f = 0; f < all.size(); ++f) all[f] = f;
  coverage::Coverage c = analyse(all, opt);
  // The circles of some types only, as siting check draws them: parcel times, no areas.
  for (const std::vector<FacilityType>& types : circles) {
    std::vector<std::size_t> which;
    for (std::size_t f = 0; f < facilities.size(); ++f)
      if (of_types(facilities[f], types)) which.push_back(f);
    coverage::CoverageOptions o = l.opt;
    o.facility_areas = o.polygons = o.overlay = false;
    part.typed.push_back({circle_key(types), analyse(which, o).parcels});
  }
  if (add)
    add(ShardWorld{net ? &*net : nullptr, in, parcels, part.parcel_index, facilities, facility_global,
                   m.facility_fid.size(), sp.halo, l.opt},
        part);
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
      if (m.district_shard[districts.owner(shard::tile_centre(t.col, t.row, opt.area.tile_m))] == static_cast<std::int32_t>(s))
        mine.push_back(std::move(t));
    part.tiles.push_back(std::move(mine));
  }
  part.seconds = seconds_since(t0);

  shard::write_part(part, out.stage("part.bin"));
  nlohmann::json j{{"shard", s},
                   {"district", m.districts[sp.district].id},
                   {"run_key", m.run_key},
                   {"inputs_key", key},
                   {"parcels", part.parcels.size()},
                   {"facilities", part.facilities.size()},
                   {"seconds", std::round(part.seconds * 10) / 10}};
  if (!part.candidates_key.empty()) j["pairs"] = part.pairs.size();
  std::ofstream(out.stage("part.json")) << j.dump(2) << '\n';
  out.commit();
  CoverageJobResult r;
  r.files = {"part.bin", "part.json"};
  r.summary_text = command + ": shard " + std::to_string(s) + " of " + std::to_string(m.shards.size()) + " done: " +
                   std::to_string(part.parcels.size()) + " parcels, " + std::to_string(part.facilities.size()) +
                   " facilities" +
                   (part.candidates_key.empty() ? "" : ", " + std::to_string(part.pairs.size()) + " pairs") + " (" +
                   format_fixed(part.seconds, 1) + " s)\n";
  return r;
}

}  // namespace detail

// ---- siting merge -------------------------------------------------------------------

namespace detail {

MergedCoverage merge_coverage(const CoverageJobOptions& run, const rules::RuleSet& rules, Inputs& in,
                              const std::vector<std::vector<std::size_t>>& estate_zones, const ShardParts& where,
                              const std::vector<std::vector<FacilityType>>& circles, const std::string& command,
                              bool walks, const std::function<void(shard::Part&)>& take) {
  const auto t0 = std::chrono::steady_clock::now();
  if (run.settings.network_times)
    throw Error(ErrorCode::Usage, command + ": --network-times is not available in a sharded run");
  const coverage::CoverageOptions opt = detail::coverage_options(rules, run.settings);
  const shard::Manifest m = read_plan(where.manifest, run_key(run, rules, opt, in));
  MergedCoverage merged;
  // The lines were read for the key and the roads' tallies; a report draws them
  // as the single run's maps do, from the graph, and siting site walks on it
  // after its sites are chosen.
  if (walks) merged.network.emplace(detail::build_walk_network(in, run.settings));
  in.roads->lines.clear();

  // Every shard reported, with this run's key.
  std::vector<shard::Part> parts;
  std::vector<std::string> missing;
  for (std::size_t s = 0; s < m.shards.size(); ++s) {
    char name[32];
    std::snprintf(name, sizeof name, "shard-%04zu", s);
    const std::string path = where.parts_dir + "/" + name + "/part.bin";
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
    if (take) take(parts.back());
  }
  if (!missing.empty()) {
    std::string list;
    for (std::size_t i = 0; i < missing.size() && i < 20; ++i) list += (i ? ", " : "") + missing[i];
    if (missing.size() > 20) list += ", ...";
    throw Error(ErrorCode::Shards, std::to_string(missing.size()) + " of " + std::to_string(m.shards.size()) +
                                       " shards did not report: " + list +
                                       "; rerun those shards, then merge again (nothing was written)");
  }

  // The typed circles' parcels, taken out of the parts before they are assembled.
  struct Circle {
    std::vector<FacilityType> types;
    std::vector<std::uint32_t> facilities;  // the whole run's facilities of these types
    coverage::Coverage c;
  };
  std::vector<Circle> typed;
  for (const std::vector<FacilityType>& types : circles) {
    Circle circle{types, {}, {}};
    for (std::uint32_t f = 0; f < in.facilities.size(); ++f)
      if (of_types(in.facilities[f], types)) circle.facilities.push_back(f);
    if (circle.facilities.empty()) continue;  // no circle to draw, as in a single run
    circle.c.parcels.resize(in.estates.size());
    const std::string key = circle_key(types);
    for (const shard::Part& part : parts) {
      const auto it = std::find_if(part.typed.begin(), part.typed.end(),
                                   [&](const shard::Part::TypedCircle& t) { return t.types == key; });
      if (it == part.typed.end() || it->parcels.size() != part.parcel_index.size())
        throw Error(ErrorCode::Shards, "shard " + std::to_string(part.shard) + "'s part has no circle of the " + key +
                                           " facilities that the indicators need: run the shards with " + command +
                                           " and the same --plan (nothing was written)",
                    in_file(where.parts_dir));
      for (std::size_t i = 0; i < it->parcels.size(); ++i) circle.c.parcels[part.parcel_index[i]] = it->parcels[i];
    }
    typed.push_back(std::move(circle));
  }

  const std::size_t shards = parts.size();
  coverage::Coverage c = shard::assemble(m, std::move(parts), in.estates, in.facilities.size(), opt, where.parts_dir);
  // The single run takes these facilities' areas from its dissolved circle
  // rather than drawing them; so does the merge, whose circle is the same.
  if (opt.facility_areas && opt.polygons) coverage::areas_from_circle(c, in.facilities, opt.area.threads);

  coverage::NetworkSummary network{in.roads->stats, m.build, run.settings.build.node_crossings};
  network.vertices = m.vertices;
  network.edges = m.edges;
  network.components = m.components;
  network.largest_component_vertices = m.largest_component_vertices;
  const coverage::Demand demand{in.estates, estate_zones, in.zones.size()};
  for (Circle& circle : typed) {
    // A circle's facilities are snapped as in the whole circle; its parcels
    // name them by the whole run's index, here by the circle's own.
    coverage::CoverageOptions o = opt;
    o.facility_areas = o.polygons = o.overlay = false;
    circle.c.budget_m = c.budget_m;
    std::vector<std::uint32_t> own(in.facilities.size(), network::kNone);
    for (std::uint32_t i = 0; i < circle.facilities.size(); ++i) {
      own[circle.facilities[i]] = i;
      coverage::FacilityCoverage fc = c.facilities[circle.facilities[i]];
      fc.area.clear();
      fc.area_m2 = 0.0;
      circle.c.facilities.push_back(std::move(fc));
    }
    for (coverage::ParcelCoverage& pc : circle.c.parcels) {
      if (pc.facility == network::kNone) continue;
      if (pc.facility >= own.size() || own[pc.facility] == network::kNone)
        throw Error(ErrorCode::Shards, "a part's " + circle_key(circle.types) + " circle names a facility of another type",
                    in_file(where.parts_dir));
      pc.facility = own[pc.facility];
    }
    coverage::tally_served(circle.c, in.estates);
    merged.typed.emplace(circle.types, coverage::summarise(std::move(circle.c), o, network, demand, rules));
  }
  merged.coverage = coverage::summarise(std::move(c), opt, network, demand, rules);
  log::info("merge: ", shards, " shards, ", in.estates.size(), " parcels, ", in.facilities.size(), " facilities (",
            format_fixed(seconds_since(t0), 1), " s)");
  return merged;
}

}  // namespace detail

CoverageJobResult run_merge(const MergeOptions& options) {
  Loaded l = load(options.run, "siting merge");
  const std::string chromium = detail::report_browser(options.run.report, options.run.report_pdf);
  const std::vector<std::string> planned = detail::coverage_outputs(options.run);
  io::OutputDir out(options.run.out_dir, planned);
  const auto db = detail::open_database(options.run.out_db, planned);
  l.c = detail::load_coverage_inputs(options.run, l.rules);
  const detail::MergedCoverage merged =
      detail::merge_coverage(options.run, l.rules, l.c.in, l.c.estate_zones, {options.manifest, options.parts_dir}, {},
                             "siting merge", options.run.report);
  CoverageJobResult r;
  r.summary_text = detail::write_coverage_outputs(options.run, l.rules, l.c, merged.coverage,
                                                  merged.network ? merged.network->graph.get() : nullptr, out, db.get(),
                                                  chromium, r.files);
  return r;
}

}  // namespace siting::jobs
