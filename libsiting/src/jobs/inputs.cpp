// SPDX-License-Identifier: Apache-2.0
#include "siting/jobs/inputs.hpp"

#include "siting/log.hpp"

namespace siting::jobs {

Inputs load_inputs(const InputOptions& options) {
  std::optional<crs::Crs> assumed;
  if (options.input_crs) assumed = crs::Crs::FromUserInput(*options.input_crs);
  const io::OpenedLayers opened = io::open_layers(options, assumed);
  const std::vector<const io::VectorLayer*> all = opened.all();

  // The bounds are read only when the choice needs them: a forced CRS, or a
  // first layer in a metric projection, settles it.
  std::vector<crs::LayerCrsInfo> infos;
  for (const io::VectorLayer* l : all) {
    const crs::Crs c = l->crs();
    crs::LonLatBounds b{};
    if (!options.working_crs && !(infos.empty() && c.is_metric_projected())) b = l->lonlat_bounds();
    infos.push_back({to_string(l->source().role), c, b});
  }
  std::optional<crs::Crs> forced;
  if (options.working_crs) forced = crs::Crs::FromUserInput(*options.working_crs);
  crs::WorkingCrsChoice working = crs::choose_working_crs(infos, forced);
  log::info("working CRS ", working.crs.label(), ": ", working.reason);
  for (std::size_t i = 0; i < all.size(); ++i)
    if (!infos[i].crs.same_as(working.crs))
      log::info(all[i]->source().path, ", layer ", all[i]->layer_name(), ": reprojected from ", infos[i].crs.label());

  io::ReadOptions read;
  read.working_crs = working.crs;
  read.kinds = options.kinds;
  read.repair_invalid = options.repair_invalid;
  read.require_kind = options.require_kind;
  read.require_floor_area = options.require_floor_area;
  read.require_elderly = options.require_elderly;
  Inputs in{io::read_layers(opened, read, options.walk_filter, options.need_land_area), std::move(working)};
  // Areas are what the rules count: say how far the working CRS bends them here.
  Box data = Box::Empty();
  for (const Estate& e : in.estates) data.extend(bounds(e.geometry));
  for (const Zone& z : in.zones) data.extend(bounds(z.geometry));
  for (const review::Proposal& p : in.proposals)
    for (const review::Phase& ph : p.phases) data.extend(bounds(ph.geometry));
  crs::assess_area_scale(in.working, data);
  return in;
}

}  // namespace siting::jobs
