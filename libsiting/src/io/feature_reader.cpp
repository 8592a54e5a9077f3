// SPDX-License-Identifier: Apache-2.0
#include "io/feature_reader.hpp"

#include <cmath>
#include <cstring>

#include <nlohmann/json.hpp>

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
  // A spatial filter's count may be of the index's candidate boxes, more than the
  // features that meet the filter: no comparison then.
  if (impl.count_checked || impl.spatially_filtered) return;
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
  // A name that is not UTF-8 matches no name looked for; say so once per layer
  // (not again for a proposal's facilities read from the same layer).
  std::vector<std::string> not_utf8;
  for (const std::string& n : names)
    if (!siting::detail::is_valid_utf8(n)) not_utf8.push_back(in_quotes(n));
  if (!not_utf8.empty() && role == src.role)
    log::warn(src.path, ", layer ", layer.layer_name(), ": ", not_utf8.size(), " field name(s) not valid UTF-8 (",
              siting::detail::join(not_utf8, ", "), "); such a name matches no field name "
              "siting looks for (is the layer in another encoding? for a Shapefile, a .cpg file or "
              "SHAPE_ENCODING=CP936 sets it)");
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

void FieldIndex::note_replaced(const std::string& key, std::int64_t fid, const std::string& label) const {
  Replaced& r = replaced_[key];
  if (r.features > 0 && r.last_fid == fid) return;  // the same feature's value read again
  if (r.features == 0) r.first = label;
  ++r.features;
  r.last_fid = fid;
}

void FieldIndex::warn_replaced(const VectorLayer& layer) const {
  for (const auto& [key, r] : replaced_)
    log::warn(layer.source().path, ", layer ", layer.layer_name(), ", field ", name(key), ": ", r.features,
              " value(s) not valid UTF-8, the first in feature ", r.first,
              "; each byte that is not UTF-8 is replaced by U+FFFD (is the layer in another encoding? for a "
              "Shapefile, a .cpg file or SHAPE_ENCODING=CP936 sets it)");
  replaced_.clear();
}

FeatureView::FeatureView(const VectorLayer& layer, const FieldIndex& fields, const OGRFeature& feature)
    : layer_(layer), fields_(fields), feature_(feature) {
  const std::string fid = std::to_string(feature.GetFID());
  auto t = fields.has("id") ? text("id") : std::nullopt;
  has_id_ = t.has_value();
  id_ = t ? *t : fields.has("id") ? "fid " + fid : fid;
}

std::string FeatureView::label() const {
  const std::string fid = "fid " + std::to_string(feature_.GetFID());
  return has_id_ ? "id=" + id_ + " (" + fid + ")" : fid;
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
  // Outputs are UTF-8; a value that is not (a stray byte, another encoding) is
  // shown with U+FFFD and warned about, rather than copied into them.
  if (!siting::detail::is_valid_utf8(s)) {
    s = siting::detail::to_valid_utf8(s);
    fields_.note_replaced(key, feature_.GetFID(), label());
  }
  return s;
}

bool FeatureView::json_boolean(const std::string& key) const {
  const char* media = feature_.GetNativeMediaType();
  const char* native = feature_.GetNativeData();
  if (!media || !native || std::strcmp(media, "application/vnd.geo+json") != 0) return false;
  const auto doc = nlohmann::json::parse(native, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || !doc.contains("properties") || !doc["properties"].is_object()) return false;
  const auto& props = doc["properties"];
  const auto it = props.find(fields_.name(key));
  return it != props.end() && it->is_boolean();
}

std::optional<double> FeatureView::number(const std::string& key) const {
  const int i = fields_.index(key);
  if (i < 0 || !feature_.IsFieldSetAndNotNull(i)) return std::nullopt;
  const OGRFieldDefn* defn = feature_.GetFieldDefnRef(i);
  const OGRFieldType type = defn->GetType();
  auto not_a_number = [&](const std::string& got) {
    return Error(ErrorCode::BadValue, "expected a number, got " + got, where(key));
  };
  if (type == OFTInteger || type == OFTInteger64 || type == OFTReal) {
    const double v = feature_.GetFieldAsDouble(i);
    // GDAL reads a JSON true as 1 and false as 0, in a field of booleans and in
    // one of numbers alike; a boolean is never a number.
    if (defn->GetSubType() == OFSTBoolean || ((v == 0 || v == 1) && json_boolean(key)))
      throw not_a_number(std::string("a boolean (") + (v != 0 ? "true" : "false") + ")");
    if (!std::isfinite(v)) throw Error(ErrorCode::BadValue, "expected a number, got a non-finite value", where(key));
    if (type == OFTInteger64) {
      // Beyond 2^53 a double rounds: say so rather than read another number.
      const GIntBig n = feature_.GetFieldAsInteger64(i);
      if (n > static_cast<GIntBig>(kMaxCount) || n < -static_cast<GIntBig>(kMaxCount))
        throw Error(ErrorCode::BadValue, "expected a number of at most 9007199254740992 (2^53), got " + std::to_string(n),
                    where(key));
    }
    return v;
  }
  if (type == OFTIntegerList || type == OFTInteger64List || type == OFTRealList || type == OFTStringList)
    throw not_a_number("a list " + in_quotes(feature_.GetFieldAsString(i)));
  const std::string raw = feature_.GetFieldAsString(i);
  if (siting::detail::trim(raw).empty()) return std::nullopt;
  auto v = siting::detail::parse_number(raw);
  if (!v) {
    // A GeoJSON array or object (GDAL keeps them as JSON text) says what it is.
    const std::string t = siting::detail::trim(raw);
    const bool json = defn->GetSubType() == OFSTJSON;
    throw not_a_number(json && t[0] == '[' ? "an array " + in_quotes(t)
                       : json && t[0] == '{' ? "an object " + in_quotes(t)
                                             : in_quotes(raw));
  }
  return v;
}

std::optional<double> FeatureView::quantity(const std::string& key, const Quantity& q) const {
  auto v = number(key);
  if (!v) return v;
  const std::string got = ", got " + siting::detail::format_number(*v);
  if (*v < q.min)
    throw Error(ErrorCode::BadValue,
                q.min == 0 ? std::string("expected a non-negative ") + q.what + got
                           : std::string("expected a ") + q.what + " of at least " +
                                 siting::detail::format_number(q.min) + got,
                where(key));
  if (q.whole && *v != std::floor(*v))
    throw Error(ErrorCode::BadValue, std::string("expected a whole ") + q.what + got, where(key));
  if (*v > q.max)
    throw Error(ErrorCode::BadValue, std::string("expected a ") + q.what + " of at most " + q.max_text + got,
                where(key));
  return v;
}

double FeatureView::required(const std::string& key, const Quantity& q) const {
  auto v = quantity(key, q);
  if (!v) throw Error(ErrorCode::BadValue, std::string("missing ") + q.what + " (empty or null)", where(key));
  return *v;
}

Error duplicate_id(const ErrorContext& layer, const std::string& id, std::int64_t first, std::int64_t second,
                   const std::string& within) {
  return Error(ErrorCode::BadReference,
               "id '" + printable(id, 80) + "' is used by fid " + std::to_string(first) + " and fid " + std::to_string(second) +
                   "; ids must be unique" + (within.empty() ? "" : " " + within),
               ErrorContext{layer.file, layer.layer, "", ""});
}

void check_part_of(const FeatureView& f, const std::string& part, std::optional<double> part_value,
                   const std::string& whole, std::optional<double> whole_value, bool whole_needed) {
  if (!part_value || (whole_value && *part_value <= *whole_value)) return;
  if (!whole_value) {
    if (!whole_needed) return;
    throw Error(ErrorCode::BadValue,
                part + " is " + siting::detail::format_number(*part_value) + " but " + whole +
                    " is not given; give both, or neither",
                f.where(part));
  }
  throw Error(ErrorCode::BadValue,
              "expected at most the " + whole + " (" + siting::detail::format_number(*whole_value) + "), got " +
                  siting::detail::format_number(*part_value),
              f.where(part));
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

namespace {

// The (first) point of a Point or MultiPoint that holds a NaN, or nullptr.
const OGRPoint* nan_point(const OGRGeometry* g) {
  if (!g) return nullptr;
  const auto has_nan = [](const OGRPoint* p) { return std::isnan(p->getX()) || std::isnan(p->getY()); };
  switch (wkbFlatten(g->getGeometryType())) {
    case wkbPoint: return has_nan(g->toPoint()) ? g->toPoint() : nullptr;
    case wkbMultiPoint:
      for (const OGRPoint* p : *g->toMultiPoint())
        if (has_nan(p)) return p;
      return nullptr;
    default: return nullptr;
  }
}

}  // namespace

bool is_nan_point(const OGRGeometry* g) { return nan_point(g) != nullptr; }

Point read_point_or_surface(const FeatureView& f, const OGRGeometry* g, const crs::Transform& to_working) {
  if (const OGRPoint* p = nan_point(g)) {
    Point bad{p->getX(), p->getY()};
    to_working_crs(f, bad, to_working);  // throws E107, naming the coordinate and the CRS
  }
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
