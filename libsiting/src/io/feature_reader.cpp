// SPDX-License-Identifier: Apache-2.0
#include "io/feature_reader.hpp"

#include <cmath>

#include "detail/gdal.hpp"
#include "detail/geos.hpp"
#include "detail/text.hpp"
#include "siting/log.hpp"

namespace siting::io::detail_read {

using siting::detail::lower;

void failed_feature(const VectorLayer& layer, const OGRFeature& feature) {
  ErrorContext where = layer.context();
  where.feature = "fid " + std::to_string(feature.GetFID());
  throw Error(ErrorCode::OpenFailed,
              "the feature could not be read whole: " + siting::detail::gdal_last_error() +
                  " (is the file truncated or damaged?)",
              where);
}

void finish_reading(const VectorLayer& layer, std::int64_t read) {
  const CPLErr level = CPLGetLastErrorType();
  if (level == CE_Failure || level == CE_Fatal)
    throw Error(ErrorCode::OpenFailed,
                "reading stopped after " + std::to_string(read) + " feature(s): " + siting::detail::gdal_last_error() +
                    " (is the file truncated or damaged?)",
                layer.context());
  auto& impl = LayerAccess::impl(layer);
  if (impl.count_checked) return;
  impl.count_checked = true;
  const std::int64_t said = layer.feature_count();
  if (said > 0 && read == 0)  // not an empty layer: one whose features cannot be read
    throw Error(ErrorCode::OpenFailed,
                "the layer says it holds " + std::to_string(said) +
                    " feature(s) but none could be read: is the file truncated or damaged?",
                layer.context());
  if (said >= 0 && said != read)
    log::warn(layer.source().path, ", layer ", layer.layer_name(), ": the layer says it holds ", said,
              " feature(s) but ", read, " were read; the file may be damaged (results use the ", read, ")");
}

FieldIndex::FieldIndex(const VectorLayer& layer, Role role, const std::set<std::string>& also_required,
                       const std::set<std::string>& not_required, int) {
  const auto names = layer.field_names();
  const LayerSource& src = layer.source();
  const std::string listing = names.empty() ? "(none)" : siting::detail::join(names, ", ");
  auto find = [&names](const std::string& wanted) -> int {
    for (std::size_t i = 0; i < names.size(); ++i)
      if (names[i] == wanted) return static_cast<int>(i);
    for (std::size_t i = 0; i < names.size(); ++i)
      if (lower(names[i]) == lower(wanted)) return static_cast<int>(i);
    return -1;
  };
  for (const FieldSpec& spec : field_specs(role)) {
    const bool required = (spec.required || also_required.count(spec.key) > 0) && not_required.count(spec.key) == 0;
    auto mapped = src.fields.find(spec.key);
    if (mapped != src.fields.end()) {
      const int i = find(mapped->second);
      if (i < 0)
        throw Error(ErrorCode::MissingField,
                    "field '" + mapped->second + "' (given for " + spec.key + ") is not in the layer; its fields are: " +
                        listing,
                    ErrorContext{src.path, layer.layer_name(), "", mapped->second});
      index_[spec.key] = i;
      names_[spec.key] = names[static_cast<std::size_t>(i)];
      continue;
    }
    int found = -1;
    for (const std::string& c : spec.candidates) {
      found = find(c);
      if (found >= 0) break;
    }
    if (found >= 0) {
      index_[spec.key] = found;
      names_[spec.key] = names[static_cast<std::size_t>(found)];
    } else if (required) {
      throw Error(ErrorCode::MissingField,
                  "no " + spec.key + " field (" + spec.meaning + "): expected one named " +
                      siting::detail::join(spec.candidates, " / ") + ", or map one with --" +
                      to_string(role == Role::ProposalFacilities ? Role::Proposal : role) +
                      "-field " + spec.key + "=NAME; the layer's fields are: " + listing,
                  ErrorContext{src.path, layer.layer_name(), "", ""});
    }
  }
}

int FieldIndex::index(const std::string& key) const {
  auto it = index_.find(key);
  return it == index_.end() ? -1 : it->second;
}

const std::string& FieldIndex::name(const std::string& key) const {
  static const std::string none;
  auto it = names_.find(key);
  return it == names_.end() ? none : it->second;
}

FeatureView::FeatureView(const VectorLayer& layer, const FieldIndex& fields, const OGRFeature& feature)
    : layer_(layer), fields_(fields), feature_(feature) {
  auto t = fields.has("id") ? text("id") : std::nullopt;
  id_ = t ? *t : std::to_string(feature.GetFID());
}

std::string FeatureView::label() const {
  if (fields_.has("id") && text("id")) return "id=" + id_ + " (fid " + std::to_string(feature_.GetFID()) + ")";
  return "fid " + std::to_string(feature_.GetFID());
}

ErrorContext FeatureView::where(const std::string& key) const {
  return ErrorContext{layer_.source().path, layer_.layer_name(), label(), key.empty() ? "" : fields_.name(key)};
}

std::optional<std::string> FeatureView::text(const std::string& key) const {
  const int i = fields_.index(key);
  if (i < 0 || !feature_.IsFieldSetAndNotNull(i)) return std::nullopt;
  const OGRFieldType type = feature_.GetFieldDefnRef(i)->GetType();
  std::string s;
  if (type == OFTReal) {
    s = siting::detail::format_number(feature_.GetFieldAsDouble(i));  // 12.0 -> "12"
  } else {
    s = siting::detail::trim(feature_.GetFieldAsString(i));
  }
  if (s.empty()) return std::nullopt;
  return s;
}

std::optional<double> FeatureView::number(const std::string& key) const {
  const int i = fields_.index(key);
  if (i < 0 || !feature_.IsFieldSetAndNotNull(i)) return std::nullopt;
  const OGRFieldType type = feature_.GetFieldDefnRef(i)->GetType();
  if (type == OFTInteger || type == OFTInteger64 || type == OFTReal) {
    const double v = feature_.GetFieldAsDouble(i);
    if (!std::isfinite(v)) throw Error(ErrorCode::BadValue, "expected a number, got a non-finite value", where(key));
    return v;
  }
  const std::string raw = feature_.GetFieldAsString(i);
  if (siting::detail::trim(raw).empty()) return std::nullopt;
  auto v = siting::detail::parse_number(raw);
  if (!v) throw Error(ErrorCode::BadValue, "expected a number, got \"" + raw + "\"", where(key));
  return v;
}

double FeatureView::required_non_negative(const std::string& key, const char* what) const {
  auto v = optional_non_negative(key, what);
  if (!v) throw Error(ErrorCode::BadValue, std::string("missing ") + what + " (empty or null)", where(key));
  return *v;
}

std::optional<double> FeatureView::optional_non_negative(const std::string& key, const char* what) const {
  auto v = number(key);
  if (v && *v < 0)
    throw Error(ErrorCode::BadValue,
                std::string("expected a non-negative ") + what + ", got " + siting::detail::format_number(*v),
                where(key));
  return v;
}

namespace {

std::string type_name(const OGRGeometry* g) { return g ? OGRGeometryTypeToName(g->getGeometryType()) : "none"; }

Polygon polygon_points(const OGRPolygon* p) {
  Polygon out;
  if (p->IsEmpty()) return out;
  out.outer = siting::detail::points_of(*p->getExteriorRing());
  for (int i = 0; i < p->getNumInteriorRings(); ++i) out.holes.push_back(siting::detail::points_of(*p->getInteriorRing(i)));
  return out;
}

// Into the working CRS; a coordinate that is not one (NaN, infinite, latitude beyond
// 90 degrees, ...) or that cannot be moved is this feature's error.
template <typename G>
void to_working_crs(const FeatureView& f, G& geometry, const crs::Transform& to_working) {
  try {
    to_working.apply(geometry);
  } catch (const Error& e) {
    throw Error(e.code(), e.detail(), f.where());
  }
}

}  // namespace

MultiPolygon read_polygons(const FeatureView& f, const OGRGeometry* g, const crs::Transform& to_working) {
  if (!g || g->IsEmpty())
    throw Error(ErrorCode::WrongGeometry, "the feature has no geometry; expected a polygon", f.where());
  std::unique_ptr<OGRGeometry> linear;
  const auto flat = wkbFlatten(g->getGeometryType());
  if (flat == wkbCurvePolygon || flat == wkbMultiSurface) {
    linear.reset(g->getLinearGeometry());
    g = linear.get();
  }
  MultiPolygon out;
  switch (wkbFlatten(g->getGeometryType())) {
    case wkbPolygon: out.push_back(polygon_points(g->toPolygon())); break;
    case wkbMultiPolygon:
      for (const OGRPolygon* p : *g->toMultiPolygon())
        if (!p->IsEmpty()) out.push_back(polygon_points(p));
      break;
    default:
      throw Error(ErrorCode::WrongGeometry, "expected a polygon, got " + type_name(g), f.where());
  }
  to_working_crs(f, out, to_working);
  return out;
}

Point read_point_or_surface(const FeatureView& f, const OGRGeometry* g, const crs::Transform& to_working) {
  if (!g || g->IsEmpty())
    throw Error(ErrorCode::WrongGeometry, "the feature has no geometry; expected a point", f.where());
  switch (wkbFlatten(g->getGeometryType())) {
    case wkbPoint: {
      Point p{g->toPoint()->getX(), g->toPoint()->getY()};
      to_working_crs(f, p, to_working);
      return p;
    }
    case wkbMultiPoint: {
      const OGRMultiPoint* mp = g->toMultiPoint();
      if (mp->getNumGeometries() != 1)
        throw Error(ErrorCode::WrongGeometry,
                    "expected one point, got a MultiPoint of " + std::to_string(mp->getNumGeometries()), f.where());
      Point p{mp->getGeometryRef(0)->getX(), mp->getGeometryRef(0)->getY()};
      to_working_crs(f, p, to_working);
      return p;
    }
    case wkbPolygon:
    case wkbMultiPolygon:
    case wkbCurvePolygon:
    case wkbMultiSurface: {
      // A facility drawn as a footprint sits at a point inside it.
      MultiPolygon mp = read_polygons(f, g, to_working);
      return siting::detail::point_on_surface(siting::detail::GeosContext::local(), mp);
    }
    default:
      throw Error(ErrorCode::WrongGeometry, "expected a point (or a footprint polygon), got " + type_name(g),
                  f.where());
  }
}

}  // namespace siting::io::detail_read
