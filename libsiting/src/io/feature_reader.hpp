// SPDX-License-Identifier: Apache-2.0
#pragma once

// Shared machinery of the thematic readers: resolving logical fields to layer
// fields, reading typed values with precise errors, and turning OGR geometries
// into siting geometries in the working CRS.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "detail/gdal.hpp"
#include "io/layer_impl.hpp"
#include "siting/crs/crs.hpp"
#include "siting/geometry.hpp"
#include "siting/io/layer.hpp"

namespace siting::io::detail_read {

// What a numeric field holds and the values it may take (docs/user-guide.md,
// "Values"). Counts are whole numbers up to 2^53, the largest up to which every
// whole number is exact in a double; measures have a bound far beyond any real
// one, so that sums and products of them stay finite.
struct Quantity {
  const char* what;  // "number of households", "floor area (m2)": the message's words
  double min;
  double max;
  const char* max_text;  // the bound as messages show it
  bool whole;
};

constexpr double kMaxCount = 9007199254740992.0;  // 2^53
constexpr Quantity count_of(const char* what) { return {what, 0.0, kMaxCount, "9007199254740992 (2^53)", true}; }
// Floor and land areas: 1e9 m2 (1000 km2) is more than any city's built area.
constexpr Quantity area_m2(const char* what) { return {what, 0.0, 1e9, "1000000000 (1e9)", false}; }

class FieldIndex {
 public:
  // Resolves every field spec of the layer's role. `also_required` makes optional
  // keys required for this run (land_area when zones are checked), `not_required`
  // the reverse (kind when only coverage is computed). Throws E104.
  FieldIndex(const VectorLayer& layer, const std::set<std::string>& also_required = {},
             const std::set<std::string>& not_required = {})
      : FieldIndex(layer, layer.source().role, also_required, not_required, 0) {}
  // The fields of another role in the same layer (a proposal's facilities beside its phases).
  FieldIndex(const VectorLayer& layer, Role role) : FieldIndex(layer, role, {}, {}, 0) {}

 private:
  // The trailing int keeps this apart from the public overloads ({} converts to Role).
  FieldIndex(const VectorLayer& layer, Role role, const std::set<std::string>& also_required,
             const std::set<std::string>& not_required, int);

 public:

  bool has(const std::string& key) const { return index_.count(key) > 0; }
  int index(const std::string& key) const;
  const std::string& name(const std::string& key) const;

  // Text values that were not UTF-8 (their bad bytes replaced by U+FFFD): noted
  // per feature by FeatureView::text, reported by warn_replaced once the layer
  // has been read: one warning per field, with the count and the first feature.
  void note_replaced(const std::string& key, std::int64_t fid, const std::string& label) const;
  void warn_replaced(const VectorLayer& layer) const;

 private:
  std::map<std::string, int> index_;
  std::map<std::string, std::string> names_;
  struct Replaced {
    std::size_t features = 0;
    std::int64_t last_fid = -1;
    std::string first;
  };
  mutable std::map<std::string, Replaced> replaced_;
};

// Reads one feature's values; every error names the feature and field.
class FeatureView {
 public:
  FeatureView(const VectorLayer& layer, const FieldIndex& fields, const OGRFeature& feature);

  // The "id" field as text; the fid ("12") when the layer has no id field; and
  // "fid 12" for a feature with no id in a layer that has one, so that its fid
  // cannot clash with, or be taken for, another feature's id.
  std::string id() const { return id_; }
  // Whether the feature has an id of its own (not one made from its fid).
  bool has_id() const { return has_id_; }
  // "id=B-07 (fid 12)" for messages.
  std::string label() const;
  ErrorContext where(const std::string& key = "") const;

  // Trimmed text, valid UTF-8: bytes that are not are replaced by U+FFFD and
  // noted in the FieldIndex. nullopt when absent, null or empty.
  std::optional<std::string> text(const std::string& key) const;
  // nullopt when the field is absent from the layer or the value is null/empty.
  // Throws E105 for a value that is not a finite number: text that is not one,
  // a JSON boolean, array or object, a list field.
  std::optional<double> number(const std::string& key) const;
  // Like number(), but a value outside the quantity's range (or, for a count,
  // not whole) is E105; missing stays nullopt.
  std::optional<double> quantity(const std::string& key, const Quantity& q) const;
  // Like quantity(), but missing is E105 too.
  double required(const std::string& key, const Quantity& q) const;

 private:
  // Whether the feature's GeoJSON (GDAL's native data) holds a boolean at this
  // field's property: GDAL reads true as 1 in a field of numbers.
  bool json_boolean(const std::string& key) const;

  const VectorLayer& layer_;
  const FieldIndex& fields_;
  const OGRFeature& feature_;
  std::string id_;
  bool has_id_ = false;
};

// E108 for two features of a layer that share an id; `within` narrows the rule
// ("within a level", "within a proposal"). Both features have ids of their own:
// one made from a fid ("fid 3") never takes part.
Error duplicate_id(const ErrorContext& layer, const std::string& id, std::int64_t first, std::int64_t second,
                   const std::string& within = "");

// GDAL reads a point with a NaN coordinate as an empty point (the ISO convention
// for POINT EMPTY) yet keeps the NaN in it: that is a bad coordinate (E107), not a
// feature without geometry (E106). Also for a MultiPoint holding such a point.
bool is_nan_point(const OGRGeometry* g);

// OGR geometry -> working CRS. Throw E106 (with the feature label) for wrong types,
// E107 for coordinates that cannot be right.
MultiPolygon read_polygons(const FeatureView& f, const OGRGeometry* g, const crs::Transform& to_working);
Point read_point_or_surface(const FeatureView& f, const OGRGeometry* g, const crs::Transform& to_working);

// After a read that ended without a feature: E101 when the driver failed (a file cut
// short or damaged, whatever its format), and once per layer a warning when the
// layer's own count (a GeoPackage's contents table, a shapefile's header) disagrees
// with the `read` features.
void finish_reading(const VectorLayer& layer, std::int64_t read);
// E101 for a feature the driver failed to read whole.
[[noreturn]] void failed_feature(const VectorLayer& layer, const OGRFeature& feature);

// Iterates the layer's features from the start.
template <typename Fn>
void for_each_feature(const VectorLayer& layer, Fn&& fn) {
  OGRLayer* l = LayerAccess::ogr(layer);
  l->ResetReading();
  std::int64_t read = 0;
  while (true) {
    CPLErrorReset();  // so that an error after the loop is the reader's, not fn's
    siting::detail::FeaturePtr f(l->GetNextFeature());
    if (!f) break;
    // A driver may hand over a feature it failed to read whole (a shapefile cut
    // short gives one without geometry): the file's error, not the feature's.
    if (CPLGetLastErrorType() >= CE_Failure) failed_feature(layer, *f);
    ++read;
    fn(*f);
  }
  finish_reading(layer, read);
}

}  // namespace siting::io::detail_read
