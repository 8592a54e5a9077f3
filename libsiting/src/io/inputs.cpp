// SPDX-License-Identifier: Apache-2.0
#include "siting/io/inputs.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "detail/text.hpp"
#include "siting/io/proposal.hpp"
#include "siting/log.hpp"

namespace siting::io {

namespace fs = std::filesystem;

std::vector<ProposalSource> expand_proposal_path(const ProposalSource& source) {
  std::error_code ec;
  const fs::path path(source.estates.path);
  if (!fs::is_directory(path, ec)) return {source};
  auto has_shapefiles = [](const fs::path& dir) {
    std::error_code e;
    for (const auto& entry : fs::directory_iterator(dir, e))
      if (siting::detail::lower(entry.path().extension().string()) == ".shp") return true;
    return false;
  };
  std::vector<fs::path> items;
  for (const auto& entry : fs::directory_iterator(path, ec)) {
    const std::string ext = siting::detail::lower(entry.path().extension().string());
    if (entry.is_directory() ? has_shapefiles(entry.path())
                             : (ext == ".geojson" || ext == ".json" || ext == ".gpkg" || ext == ".fgb" || ext == ".shp"))
      items.push_back(entry.path());
  }
  if (items.empty())
    throw Error(ErrorCode::OpenFailed, "the folder holds no proposals (.geojson, .json, .gpkg, .fgb, .shp files)",
                ErrorContext{source.estates.path, "", "", ""});
  std::sort(items.begin(), items.end());
  std::vector<ProposalSource> out;
  for (const fs::path& p : items) {
    ProposalSource s = source;
    s.estates.path = p.string();
    out.push_back(s);
  }
  return out;
}

std::vector<const VectorLayer*> OpenedLayers::all() const {
  std::vector<const VectorLayer*> out;
  for (const Proposal& p : proposals) {
    out.push_back(&p.estates);
    if (p.facilities) out.push_back(&*p.facilities);
  }
  if (parcels) out.push_back(&*parcels);
  if (facilities) out.push_back(&*facilities);
  for (const auto& z : zones) out.push_back(&z);
  if (roads) out.push_back(&*roads);
  if (candidates) out.push_back(&*candidates);
  return out;
}

OpenedLayers open_layers(const InputSources& sources, const std::optional<crs::Crs>& assumed) {
  auto open = [&](LayerSource src) {
    if (!src.assumed_crs) src.assumed_crs = assumed;
    return VectorLayer::open(src);
  };
  OpenedLayers l;
  for (const ProposalSource& ps : sources.proposals) {
    VectorLayer estates = open(ps.estates);
    std::optional<VectorLayer> facilities;
    if (auto fs = proposal_facilities_source(estates, ps.facilities_layer)) facilities = open(*fs);
    l.proposals.push_back({std::move(estates), std::move(facilities)});
  }
  if (sources.parcels) l.parcels = open(*sources.parcels);
  if (sources.facilities) l.facilities = open(*sources.facilities);
  for (const LayerSource& z : sources.zones) l.zones.push_back(open(z));
  if (sources.roads) l.roads = open(*sources.roads);
  if (sources.candidates) l.candidates = open(*sources.candidates);
  return l;
}

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

InputLayers read_layers(const OpenedLayers& opened, const ReadOptions& options, const network::WalkFilter& walk_filter,
                        bool need_land_area) {
  InputLayers in;
  auto list = [&](const VectorLayer& l, std::size_t n) {
    in.layers.push_back({to_string(l.source().role), l.source().path, l.layer_name(), l.crs().label(), n});
  };
  auto summarise = [&](const VectorLayer& l, std::size_t n) {
    list(l, n);
    log::info("read ", n, " ", to_string(l.source().role), " from ", l.source().path, ", layer ", l.layer_name());
  };
  auto features = [](const VectorLayer& l) {
    return static_cast<std::size_t>(std::max<std::int64_t>(0, l.feature_count()));
  };
  for (const OpenedLayers::Proposal& p : opened.proposals) {
    for (review::Proposal& one : read_proposals(p.estates, p.facilities ? &*p.facilities : nullptr, options))
      in.proposals.push_back(std::move(one));
    // Listed by their features: a layer can hold several proposals.
    list(p.estates, features(p.estates));
    if (p.facilities) list(*p.facilities, features(*p.facilities));
  }
  if (opened.parcels) {
    in.estates = read_estates(*opened.parcels, options);
    summarise(*opened.parcels, in.estates.size());
  }
  if (opened.facilities) {
    in.facilities = read_facilities(*opened.facilities, options, need_land_area && !opened.zones.empty());
    summarise(*opened.facilities, in.facilities.size());
  }
  for (const VectorLayer& z : opened.zones) {
    auto layer_zones = read_zones(z, options);
    summarise(z, layer_zones.size());
    for (Zone& zone : layer_zones) {
      if (std::find(in.zone_levels.begin(), in.zone_levels.end(), zone.level) == in.zone_levels.end())
        in.zone_levels.push_back(zone.level);
      in.zones.push_back(std::move(zone));
    }
  }
  if (opened.roads) {
    const VectorLayer& r = *opened.roads;
    const auto t0 = std::chrono::steady_clock::now();
    RoadReadOptions road_options;
    road_options.threads = options.threads;
    in.roads = read_walkable_lines(r, options.working_crs, walk_filter, road_options);
    list(r, in.roads->stats.features);
    log::info("read ", in.roads->stats.kept, " walkable lines of ", in.roads->stats.features, " from ",
              r.source().path, ", layer ", r.layer_name(), " (", siting::detail::format_fixed(seconds_since(t0), 2),
              " s)");
  }
  if (opened.candidates) {
    in.candidates = read_candidates(*opened.candidates, options);
    summarise(*opened.candidates, in.candidates.size());
  }
  return in;
}

}  // namespace siting::io
