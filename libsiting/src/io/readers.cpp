// SPDX-License-Identifier: Apache-2.0
#include "siting/io/readers.hpp"

#include <cmath>
#include <map>
#include <optional>

#include "detail/geos.hpp"
#include "detail/text.hpp"
#include "io/feature_reader.hpp"
#include "io/layer_impl.hpp"
#include "siting/log.hpp"

namespace siting::io {
namespace {

using detail_read::FeatureView;
using detail_read::FieldIndex;

// Collects invalid polygons of a layer so one error can list them all, or repairs
// them when the user asked for it.
class PolygonCheck {
 public:
  PolygonCheck(const VectorLayer& layer, const crs::Crs& working, bool repair)
      : layer_(layer), working_(working), repair_(repair) {}

  // Returns false when the polygon is invalid and not repaired (it is recorded).
  // When it was valid as read and `checked` is given, that receives its GEOS
  // geometry; after a repair `checked` stays empty.
  bool check(const FeatureView& f, MultiPolygon& geometry, detail::GeomPtr* checked = nullptr) {
    auto& ctx = detail::GeosContext::local();
    const detail::Validity v = detail::check_validity(ctx, geometry, checked);
    if (v.valid) return true;
    if (repair_) {
      MultiPolygon fixed = detail::make_valid(ctx, geometry);
      if (fixed.empty() || area(fixed) <= 0.0)
        throw Error(ErrorCode::InvalidGeometry, "invalid polygon (" + v.reason + ") has no area left after repair",
                    f.where());
      repaired_.push_back(f.label());
      geometry = std::move(fixed);
      return true;
    }
    Point at = v.location;
    std::string where = "";
    try {
      if (!to_lonlat_) to_lonlat_.emplace(working_, crs::Crs::Epsg(4326));
      to_lonlat_->apply(at);
      where = " at " + detail::format_fixed(at.x, 6) + " " + detail::format_fixed(at.y, 6);
    } catch (const Error&) {
    }
    invalid_.push_back(f.label() + " (" + v.reason + where + ")");
    return false;
  }

  void finish() {
    if (!repaired_.empty())
      log::warn(layer_.source().path, ", layer ", layer_.layer_name(), ": repaired ", repaired_.size(),
                " invalid polygon(s) with GEOS MakeValid: ", detail::join(repaired_, ", "));
    if (invalid_.empty()) return;
    const std::string list = detail::join_some(invalid_, invalid_.size());
    throw Error(ErrorCode::InvalidGeometry,
                std::to_string(invalid_.size()) + " invalid polygon(s): " + list +
                    "; fix them, or rerun with --repair-invalid to repair them with GEOS MakeValid",
                layer_.context());
  }

 private:
  const VectorLayer& layer_;
  const crs::Crs& working_;
  bool repair_;
  std::optional<crs::Transform> to_lonlat_;  // made at the first invalid polygon
  std::vector<std::string> invalid_;
  std::vector<std::string> repaired_;
};

// Checked before the fields: an empty GeoJSON layer has no fields at all, and
// "no households field" would hide the real problem.
void require_features(const VectorLayer& layer, std::size_t n) {
  if (n == 0 && !layer.spatially_filtered()) throw_empty_layer(layer);
}

// Before reading: a layer that says it has no features. Drivers that cannot
// count cheaply (OSM) say -1; those are checked after reading.
void require_known_features(const VectorLayer& layer) {
  if (layer.feature_count() == 0) require_features(layer, 0);
}

// A feature with no id in a layer that has an id field is "fid N" (FeatureView::id):
// unique by its fid, and no feature with an id of its own is blamed for clashing with it.
template <typename T>
bool id_from_fid(const T& item) {
  return item.id == "fid " + std::to_string(item.fid);
}

// Ids must be unique: results are reported and joined by id.
template <typename T>
void require_unique_ids(const VectorLayer& layer, const std::vector<T>& items) {
  std::map<std::string, std::int64_t> seen;
  for (const T& item : items) {
    if (id_from_fid(item)) continue;
    auto [it, fresh] = seen.emplace(item.id, item.fid);
    if (!fresh) throw detail_read::duplicate_id(layer.context(), item.id, it->second, item.fid);
  }
}

void log_fields(const VectorLayer& layer, const FieldIndex& fields) {
  std::string mapping;
  for (const FieldSpec& s : field_specs(layer.source().role))
    if (fields.has(s.key)) mapping += (mapping.empty() ? "" : ", ") + s.key + "=" + fields.name(s.key);
  log::debug(layer.source().path, ", layer ", layer.layer_name(), ": fields ", mapping);
  if (!fields.has("id"))
    log::info(layer.source().path, ", layer ", layer.layer_name(),
              ": no id field; features are identified by their feature id (fid)");
}

// The frame of every reader: a layer that says it is empty fails before its
// fields are looked up, the field mapping is logged, and each feature becomes a
// T with its id, fid and name before `fill(f, feature, to_working, item)` adds
// the rest. An empty layer fails after reading too (drivers that cannot count).
template <typename T, typename Fill>
std::vector<T> read_features(const VectorLayer& layer, const ReadOptions& options,
                             const std::set<std::string>& also_required, const std::set<std::string>& not_required,
                             Fill fill) {
  require_known_features(layer);
  const FieldIndex fields(layer, also_required, not_required);
  log_fields(layer, fields);
  const crs::Transform to_working = crs::Transform::Cached(layer.crs(), options.working_crs);
  std::vector<T> out;
  out.reserve(static_cast<std::size_t>(std::max<std::int64_t>(0, layer.feature_count())));  // counted already
  detail_read::for_each_feature(layer, [&](const OGRFeature& feature) {
    const FeatureView f(layer, fields, feature);
    T item;
    item.id = f.id();
    item.fid = feature.GetFID();
    item.name = f.text("name").value_or("");
    fill(f, feature, to_working, item);
    out.push_back(std::move(item));
  });
  fields.warn_replaced(layer);
  require_features(layer, out.size());
  return out;
}

}  // namespace

std::vector<Estate> read_estates(const VectorLayer& layer, const ReadOptions& options) {
  const std::set<std::string> optional_kind{"kind"};
  PolygonCheck polygons(layer, options.working_crs, options.repair_invalid);
  Progress progress("reading parcels", static_cast<std::size_t>(std::max<std::int64_t>(0, layer.feature_count())));
  auto fill = [&](const FeatureView& f, const OGRFeature& feature, const crs::Transform& to_working, Estate& e) {
    // The geometry first: a feature with a wrong or no geometry is that error, not a missing value.
    e.geometry = detail_read::read_polygons(f, feature.GetGeometryRef(), to_working);
    const std::string kind = f.text("kind").value_or("");
    auto k = options.kinds.lookup(kind);
    if (!k && !options.require_kind) k = EstateKind::New;  // unused by coverage
    if (!k)
      throw Error(ErrorCode::BadValue,
                  (kind.empty() ? std::string("missing kind") : "unknown kind " + in_quotes(kind)) +
                      "; expected one of " + options.kinds.describe() + " (add values with --kind-value VALUE=new|old)",
                  f.where("kind"));
    e.kind = *k;
    e.households = f.required("households", detail_read::count_of("number of households"));
    e.population = f.quantity("population", detail_read::count_of("number of residents"));
    e.elderly = options.require_elderly ? f.required("elderly", detail_read::count_of("number of elderly residents"))
                                        : f.quantity("elderly", detail_read::count_of("number of elderly residents"));
    detail_read::check_part_of(f, "elderly", e.elderly, "population", e.population, false);
    detail::GeomPtr checked;
    if (polygons.check(f, e.geometry, &checked)) {
      e.area_m2 = area(e.geometry);
      auto& ctx = detail::GeosContext::local();
      e.label = checked ? detail::point_on_surface(ctx, checked.get()) : detail::point_on_surface(ctx, e.geometry);
    }
    progress.advance();
  };
  std::vector<Estate> out =
      read_features<Estate>(layer, options, options.require_elderly ? std::set<std::string>{"elderly"} : std::set<std::string>{},
                            options.require_kind ? std::set<std::string>{} : optional_kind, fill);
  progress.finish();
  polygons.finish();
  require_unique_ids(layer, out);
  return out;
}

std::vector<Facility> read_facilities(const VectorLayer& layer, const ReadOptions& options, bool need_land_area) {
  std::set<std::string> extra, optional;
  if (need_land_area) extra.insert("land_area");
  if (!options.require_floor_area) optional.insert("floor_area");
  auto fill = [&](const FeatureView& f, const OGRFeature& feature, const crs::Transform& to_working, Facility& fac) {
    fac.location = detail_read::read_point_or_surface(f, feature.GetGeometryRef(), to_working);
    fac.category = f.text("category").value_or("");
    if (!fac.category.empty()) {
      fac.type = options.facility_types.lookup(fac.category);
      if (!fac.type)
        throw Error(ErrorCode::BadValue,
                    "unknown facility type " + in_quotes(fac.category) + "; expected one of " +
                        options.facility_types.describe() + " (add values with --type-value VALUE=TYPE)",
                    f.where("category"));
    }
    fac.beds = f.quantity("beds", detail_read::count_of("number of beds"));
    fac.nursing_beds = f.quantity("nursing_beds", detail_read::count_of("number of nursing-type beds"));
    // Nursing beds without beds cannot be checked, nor counted in a share.
    detail_read::check_part_of(f, "nursing_beds", fac.nursing_beds, "beds", fac.beds, true);
    if (const auto op = f.text("operator")) {
      fac.operator_kind = options.operators.lookup(*op);
      if (!fac.operator_kind)
        throw Error(ErrorCode::BadValue,
                    "unknown operator " + in_quotes(*op) + "; expected one of " + options.operators.describe() +
                        " (add values with --operator-value VALUE=public|non_public)",
                    f.where("operator"));
    }
    constexpr auto floor_area = detail_read::area_m2("floor area (m2)");
    constexpr auto land_area = detail_read::area_m2("land area (m2)");
    if (options.require_floor_area) fac.floor_area_m2 = f.required("floor_area", floor_area);
    else fac.floor_area_m2 = f.quantity("floor_area", floor_area).value_or(0.0);
    if (need_land_area) fac.land_area_m2 = f.required("land_area", land_area);
    else fac.land_area_m2 = f.quantity("land_area", land_area);
    fac.estate_id = f.text("estate_id").value_or("");
  };
  std::vector<Facility> out = read_features<Facility>(layer, options, extra, optional, fill);
  require_unique_ids(layer, out);
  return out;
}

std::vector<Candidate> read_candidates(const VectorLayer& layer, const ReadOptions& options) {
  auto fill = [&](const FeatureView& f, const OGRFeature& feature, const crs::Transform& to_working, Candidate& c) {
    c.location = detail_read::read_point_or_surface(f, feature.GetGeometryRef(), to_working);
    c.capacity = f.quantity("capacity", detail_read::count_of("capacity (households)"));
    c.floor_area_m2 = f.quantity("floor_area", detail_read::area_m2("floor area (m2)"));
    c.land_area_m2 = f.quantity("land_area", detail_read::area_m2("land area (m2)"));
    // Costs only break ties; the bound keeps their sums finite and exact enough.
    c.cost = f.quantity("cost", detail_read::Quantity{"cost", 0.0, 1e15, "1000000000000000 (1e15)", false});
  };
  std::vector<Candidate> out = read_features<Candidate>(layer, options, {}, {}, fill);
  require_unique_ids(layer, out);
  return out;
}

std::vector<Zone> read_zones(const VectorLayer& layer, const ReadOptions& options) {
  PolygonCheck polygons(layer, options.working_crs, options.repair_invalid);
  auto fill = [&](const FeatureView& f, const OGRFeature& feature, const crs::Transform& to_working, Zone& z) {
    z.geometry = detail_read::read_polygons(f, feature.GetGeometryRef(), to_working);
    // Without a level field, the layer name is the level (one layer per level).
    z.level = f.text("level").value_or(layer.layer_name());
    z.population = f.quantity("population", detail_read::count_of("number of residents"));
    z.households = f.quantity("households", detail_read::count_of("number of households"));
    z.elderly = f.quantity("elderly", detail_read::count_of("number of elderly residents"));
    detail_read::check_part_of(f, "elderly", z.elderly, "population", z.population, false);
    if (polygons.check(f, z.geometry)) z.area_m2 = area(z.geometry);
  };
  std::vector<Zone> out = read_features<Zone>(layer, options, {}, {}, fill);
  polygons.finish();
  // Ids need only be unique within a level: a district and a street may share a code.
  std::map<std::pair<std::string, std::string>, std::int64_t> seen;
  for (const Zone& z : out) {
    if (id_from_fid(z)) continue;
    auto [it, fresh] = seen.emplace(std::make_pair(z.level, z.id), z.fid);
    if (!fresh)
      throw detail_read::duplicate_id(layer.context(), z.id, it->second, z.fid, "within a level ('" + z.level + "')");
  }
  return out;
}

}  // namespace siting::io
