// SPDX-License-Identifier: Apache-2.0
#include "siting/jobs/inputs.hpp"

#include <algorithm>
#include <chrono>

#include "detail/text.hpp"
#include "siting/io/proposal.hpp"
#include "siting/io/readers.hpp"
#include "siting/io/roads.hpp"
#include "siting/log.hpp"

namespace siting::jobs {

namespace {

// Every layer of the run, opened: in the order they count in the CRS choice,
// are read and are listed in summary.json.
struct OpenedLayers {
  struct Proposal {
    io::VectorLayer estates;
    std::optional<io::VectorLayer> facilities;
  };
  std::vector<Proposal> proposals;
  std::optional<io::VectorLayer> parcels, facilities;
  std::vector<io::VectorLayer> zones;
  std::optional<io::VectorLayer> roads;

  std::vector<const io::VectorLayer*> all() const {
    std::vector<const io::VectorLayer*> out;
    for (const Proposal& p : proposals) {
      out.push_back(&p.estates);
      if (p.facilities) out.push_back(&*p.facilities);
    }
    if (parcels) out.push_back(&*parcels);
    if (facilities) out.push_back(&*facilities);
    for (const auto& z : zones) out.push_back(&z);
    if (roads) out.push_back(&*roads);
    return out;
  }
};

// Opens everything first: a missing file or layer is reported before any work.
OpenedLayers open_layers(const InputOptions& options) {
  std::optional<crs::Crs> assumed;
  if (options.input_crs) assumed = crs::Crs::FromUserInput(*options.input_crs);
  auto open = [&](io::LayerSource src) {
    if (!src.assumed_crs) src.assumed_crs = assumed;
    return io::VectorLayer::open(src);
  };
  OpenedLayers l;
  for (const ProposalSource& ps : options.proposals) {
    io::VectorLayer estates = open(ps.estates);
    std::optional<io::VectorLayer> facilities;
    if (auto fs = io::proposal_facilities_source(estates, ps.facilities_layer)) facilities = open(*fs);
    l.proposals.push_back({std::move(estates), std::move(facilities)});
  }
  if (options.parcels) l.parcels = open(*options.parcels);
  if (options.facilities) l.facilities = open(*options.facilities);
  for (const io::LayerSource& z : options.zones) l.zones.push_back(open(z));
  if (options.roads) l.roads = open(*options.roads);
  return l;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

Inputs load_inputs(const InputOptions& options) {
  const OpenedLayers opened = open_layers(options);
  const std::vector<const io::VectorLayer*> all = opened.all();

  Inputs in;
  std::vector<crs::LayerCrsInfo> infos;
  for (const io::VectorLayer* l : all) {
    const crs::Crs c = l->crs();
    crs::LonLatBounds b{};
    if (!options.working_crs && !(infos.empty() && c.is_metric_projected())) b = l->lonlat_bounds();
    infos.push_back({to_string(l->source().role), c, b});
  }
  std::optional<crs::Crs> forced;
  if (options.working_crs) forced = crs::Crs::FromUserInput(*options.working_crs);
  in.working = crs::choose_working_crs(infos, forced);
  log::info("working CRS ", in.working.crs.label(), ": ", in.working.reason);
  for (std::size_t i = 0; i < all.size(); ++i)
    if (!infos[i].crs.same_as(in.working.crs))
      log::info(all[i]->source().path, ", layer ", all[i]->layer_name(), ": reprojected from ", infos[i].crs.label());

  io::ReadOptions read;
  read.working_crs = in.working.crs;
  read.kinds = options.kinds;
  read.repair_invalid = options.repair_invalid;
  read.require_kind = options.require_kind;
  read.require_floor_area = options.require_floor_area;
  std::size_t layer_index = 0;  // into all and infos
  auto list = [&](const io::VectorLayer& l, std::size_t n) {
    in.layers.push_back({to_string(l.source().role), l.source().path, l.layer_name(),
                         infos[layer_index++].crs.label(), n});
  };
  auto summarise = [&](const io::VectorLayer& l, std::size_t n) {
    list(l, n);
    log::info("read ", n, " ", to_string(l.source().role), " from ", l.source().path, ", layer ", l.layer_name());
  };
  auto features = [](const io::VectorLayer& l) {
    return static_cast<std::size_t>(std::max<std::int64_t>(0, l.feature_count()));
  };
  for (const OpenedLayers::Proposal& p : opened.proposals) {
    for (review::Proposal& one : io::read_proposals(p.estates, p.facilities ? &*p.facilities : nullptr, read))
      in.proposals.push_back(std::move(one));
    // Listed by their features: a layer can hold several proposals.
    list(p.estates, features(p.estates));
    if (p.facilities) list(*p.facilities, features(*p.facilities));
  }
  if (opened.parcels) {
    in.estates = io::read_estates(*opened.parcels, read);
    summarise(*opened.parcels, in.estates.size());
  }
  if (opened.facilities) {
    in.facilities = io::read_facilities(*opened.facilities, read, options.need_land_area && !opened.zones.empty());
    summarise(*opened.facilities, in.facilities.size());
  }
  for (const io::VectorLayer& z : opened.zones) {
    auto read_zones = io::read_zones(z, read);
    summarise(z, read_zones.size());
    for (Zone& zone : read_zones) {
      if (std::find(in.zone_levels.begin(), in.zone_levels.end(), zone.level) == in.zone_levels.end())
        in.zone_levels.push_back(zone.level);
      in.zones.push_back(std::move(zone));
    }
  }
  if (opened.roads) {
    const io::VectorLayer& r = *opened.roads;
    const auto t0 = std::chrono::steady_clock::now();
    in.roads = io::read_walkable_lines(r, in.working.crs, options.walk_filter);
    list(r, in.roads->stats.features);
    log::info("read ", in.roads->stats.kept, " walkable lines of ", in.roads->stats.features, " from ",
              r.source().path, ", layer ", r.layer_name(), " (", siting::detail::format_fixed(seconds_since(t0), 2),
              " s)");
  }
  return in;
}

}  // namespace siting::jobs
