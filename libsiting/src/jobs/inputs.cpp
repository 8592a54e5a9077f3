// SPDX-License-Identifier: Apache-2.0
#include "siting/jobs/inputs.hpp"

#include <algorithm>
#include <map>

#include "jobs/common.hpp"
#include "siting/log.hpp"

namespace siting::jobs {

void keep_facility_types(Inputs& in, const std::vector<FacilityType>& types, const InputOptions& options) {
  if (types.empty()) return;
  // A shard's halo may hold no facility, or none of these types: the plan, which
  // read them all, has checked the layer.
  const bool part = options.spatial_filter.has_value();
  std::string wanted;
  for (FacilityType t : types) wanted += (wanted.empty() ? "" : ", ") + std::string(to_string(t));
  std::map<std::string, std::size_t> left_out;  // by type ("no type" for none)
  std::vector<Facility> kept;
  for (Facility& f : in.facilities) {
    if (of_types(f, types)) kept.push_back(std::move(f));
    else ++left_out[f.type ? to_string(*f.type) : "no type"];
  }
  const std::size_t untyped = left_out.count("no type") ? left_out["no type"] : 0;
  const ErrorContext where{options.facilities ? options.facilities->path : "", "", "", "category"};
  if (untyped == in.facilities.size() && !part)
    throw Error(ErrorCode::MissingField,
                "--facility-type " + wanted + " needs the facilities' types, and none has one (a field such as "
                "category / 设施类型, with values like 日间照料中心; see siting fields)",
                where);
  std::string others;
  for (const auto& [type, n] : left_out) others += (others.empty() ? "" : ", ") + std::to_string(n) + " " + type;
  if (kept.empty() && !part)
    throw Error(ErrorCode::EmptyLayer, "no facility of type " + wanted + "; the layer has " + others, where);
  log::info("facilities of type ", wanted, ": ", kept.size(), " of ", in.facilities.size(), " (left out: ", others, ")");
  in.facilities = std::move(kept);
}

namespace {

// The box's outline, 32 points a side (its image in a longitude/latitude CRS
// bends), in the layer's CRS; its box grown by 1 % so that GDAL's filter keeps
// every feature meeting the box.
void filter_to(io::VectorLayer& layer, const Box& box, const crs::Crs& working) {
  std::vector<Point> outline;
  constexpr int kSteps = 32;
  for (int i = 0; i <= kSteps; ++i) {
    const double t = static_cast<double>(i) / kSteps;
    const double x = box.min_x + t * (box.max_x - box.min_x), y = box.min_y + t * (box.max_y - box.min_y);
    outline.insert(outline.end(), {{x, box.min_y}, {x, box.max_y}, {box.min_x, y}, {box.max_x, y}});
  }
  const crs::Crs own = layer.crs();
  if (!own.same_as(working)) crs::Transform::Cached(working, own).apply(outline);
  Box b = Box::Empty();
  for (const Point& p : outline) b.extend(p);
  layer.set_spatial_filter(grown(b, 0.01 * std::max(b.max_x - b.min_x, b.max_y - b.min_y)));
}

}  // namespace

namespace detail {

io::ReadOptions read_options(const InputOptions& options, const crs::Crs& working) {
  io::ReadOptions read;
  read.working_crs = working;
  read.kinds = options.kinds;
  read.facility_types = options.facility_types;
  read.operators = options.operators;
  read.repair_invalid = options.repair_invalid;
  read.require_kind = options.require_kind;
  read.require_floor_area = options.require_floor_area;
  read.require_elderly = options.require_elderly;
  read.threads = options.threads;
  return read;
}

}  // namespace detail

Inputs load_inputs(const InputOptions& options) {
  std::optional<crs::Crs> assumed;
  if (options.input_crs) assumed = crs::Crs::FromUserInput(*options.input_crs);
  io::OpenedLayers opened = io::open_layers(options, assumed);
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

  if (options.spatial_filter) {
    if (!options.working_crs) throw Error(ErrorCode::Internal, "a spatial filter without a working CRS");
    for (io::VectorLayer* l : {opened.parcels ? &*opened.parcels : nullptr, opened.facilities ? &*opened.facilities : nullptr,
                               opened.roads ? &*opened.roads : nullptr})
      if (l) filter_to(*l, *options.spatial_filter, working.crs);
    for (io::VectorLayer& z : opened.zones) filter_to(z, *options.spatial_filter, working.crs);
  }

  const io::ReadOptions read = detail::read_options(options, working.crs);
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
