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

 private:
  std::map<std::string, int> index_;
  std::map<std::string, std::string> names_;
};

// Reads one feature's values; every error names the feature and field.
class FeatureView {
 public:
  FeatureView(const VectorLayer& layer, const FieldIndex& fields, const OGRFeature& feature);

  // The "id" field as text, or the FID when the layer has no id field.
  std::string id() const { return id_; }
  // "id=B-07 (fid 12)" for messages.
  std::string label() const;
  ErrorContext where(const std::string& key = "") const;

  std::optional<std::string> text(const std::string& key) const;
  // nullopt when the field is absent from the layer or the value is null/empty.
  // Throws E105 for text that is not a number.
  std::optional<double> number(const std::string& key) const;
  // Like number(), but missing or negative is E105.
  double required_non_negative(const std::string& key, const char* what) const;
  // Like number(), but negative is E105; missing stays nullopt.
  std::optional<double> optional_non_negative(const std::string& key, const char* what) const;

 private:
  const VectorLayer& layer_;
  const FieldIndex& fields_;
  const OGRFeature& feature_;
  std::string id_;
};

// OGR geometry -> working CRS. Throw E106 (with the feature label) for wrong types.
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
