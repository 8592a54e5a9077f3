// SPDX-License-Identifier: Apache-2.0
#include "siting/jobs/inputs.hpp"

#include <algorithm>
#include <map>

#include "siting/log.hpp"

namespace siting::jobs {

void keep_facility_types(Inputs& in, const std::vector<FacilityType>& types, const InputOptions& options) {
  if (types.empty()) return;
  std::string wanted;
  for (FacilityType t : types) wanted += (wanted.empty() ? "" : ", ") + std::string(to_string(t));
  std::map<std::string, std::size_t> left_out;  // by type ("no type" for none)
  std::vector<Facility> kept;
  for (Facility& f : in.facilities) {
    if (f.type && std::find(types.begin(), types.end(), *f.type) != types.end()) kept.push_back(std::move(f));
    else ++left_out[f.type ? to_string(*f.type) : "no type"];
  }
  const std::size_t untyped = left_out.count("no type") ? left_out["no type"] : 0;
  const ErrorContext where{options.facilities ? options.facilities->path : "", "", "", "category"};
  if (untyped == in.facilities.size())
    throw Error(ErrorCode::MissingField,
                "--facility-type " + wanted + " needs the facilities' types, and none has one (a field such as "
                "category / 设施类型, with values like 日间照料中心; see siting fields)",
                where);
  std::string others;
  for (const auto& [type, n] : left_out) others += (others.empty() ? "" : ", ") + std::to_string(n) + " " + type;
  if (kept.empty())
    throw Error(ErrorCode::EmptyLayer, "no facility of type " + wanted + "; the layer has " + others, where);
  log::info("facilities of type ", wanted, ": ", kept.size(), " of ", in.facilities.size(), " (left out: ", others, ")");
  in.facilities = std::move(kept);
}

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
  read.facility_types = options.facility_types;
  read.operators = options.operators;
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
