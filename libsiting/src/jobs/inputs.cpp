// SPDX-License-Identifier: Apache-2.0
#include "siting/jobs/inputs.hpp"

#include <algorithm>

#include "siting/io/readers.hpp"
#include "siting/log.hpp"

namespace siting::jobs {

Inputs load_inputs(const InputOptions& options) {
  std::optional<crs::Crs> assumed;
  if (options.input_crs) assumed = crs::Crs::FromUserInput(*options.input_crs);
  auto open = [&](io::LayerSource src) {
    if (!src.assumed_crs) src.assumed_crs = assumed;
    return io::VectorLayer::open(src);
  };

  // Open everything first: a missing file or layer is reported before any work.
  std::optional<io::VectorLayer> parcels, facilities;
  std::vector<io::VectorLayer> zones;
  Inputs in;
  for (const ProposalSource& ps : options.proposals) {
    io::VectorLayer estates = open(ps.estates);
    std::optional<io::VectorLayer> fac;
    std::string fac_layer = ps.facilities_layer;
    if (fac_layer.empty()) {
      const auto& names = estates.dataset_layer_names();
      for (const std::string& wanted : io::role_layer_names(io::Role::ProposalFacilities))
        for (const std::string& name : names)
          if (fac_layer.empty() && name == wanted && name != estates.layer_name()) fac_layer = name;
    }
    if (!fac_layer.empty() && fac_layer != estates.layer_name()) {
      io::LayerSource fs = ps.estates;
      fs.role = io::Role::ProposalFacilities;
      fs.layer = fac_layer;
      fs.where.clear();
      fac = open(fs);
    }
    in.proposals.push_back({std::move(estates), std::move(fac)});
  }
  if (options.parcels) parcels = open(*options.parcels);
  if (options.facilities) facilities = open(*options.facilities);
  for (const io::LayerSource& z : options.zones) zones.push_back(open(z));
  if (options.roads) in.roads = open(*options.roads);

  std::vector<const io::VectorLayer*> all;
  for (const OpenedProposal& p : in.proposals) {
    all.push_back(&p.estates);
    if (p.facilities) all.push_back(&*p.facilities);
  }
  if (parcels) all.push_back(&*parcels);
  if (facilities) all.push_back(&*facilities);
  for (const auto& z : zones) all.push_back(&z);
  if (in.roads) all.push_back(&*in.roads);

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
  auto summarise = [&](const io::VectorLayer& l, std::size_t n, const crs::Crs& c) {
    in.layers.push_back({to_string(l.source().role), l.source().path, l.layer_name(), c.label(), n});
    log::info("read ", n, " ", to_string(l.source().role), " from ", l.source().path, ", layer ", l.layer_name());
  };
  std::size_t layer_index = 0;
  for (const OpenedProposal& p : in.proposals) {
    // Read by the review itself; listed here for summary.json.
    in.layers.push_back({"proposal", p.estates.source().path, p.estates.layer_name(), infos[layer_index++].crs.label(),
                         static_cast<std::size_t>(std::max<std::int64_t>(0, p.estates.feature_count()))});
    if (p.facilities)
      in.layers.push_back({"proposal-facilities", p.facilities->source().path, p.facilities->layer_name(),
                           infos[layer_index++].crs.label(),
                           static_cast<std::size_t>(std::max<std::int64_t>(0, p.facilities->feature_count()))});
  }
  if (parcels) {
    in.estates = io::read_estates(*parcels, read);
    summarise(*parcels, in.estates.size(), infos[layer_index++].crs);
  }
  if (facilities) {
    in.facilities = io::read_facilities(*facilities, read, options.need_land_area && !zones.empty());
    summarise(*facilities, in.facilities.size(), infos[layer_index++].crs);
  }
  for (const io::VectorLayer& z : zones) {
    auto read_zones = io::read_zones(z, read);
    summarise(z, read_zones.size(), infos[layer_index++].crs);
    for (Zone& zone : read_zones) {
      if (std::find(in.zone_levels.begin(), in.zone_levels.end(), zone.level) == in.zone_levels.end())
        in.zone_levels.push_back(zone.level);
      in.zones.push_back(std::move(zone));
    }
  }
  return in;
}

}  // namespace siting::jobs
