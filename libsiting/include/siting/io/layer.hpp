// SPDX-License-Identifier: Apache-2.0
#pragma once

// Opening a vector layer from anything GDAL reads (GeoPackage, Shapefile, GeoJSON,
// FlatGeobuf, OSM PBF, "PG:dbname=..." PostGIS connections). The dataset and the
// layer are named separately because connection strings contain colons.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "siting/crs/crs.hpp"
#include "siting/geometry.hpp"
#include "siting/error.hpp"

namespace siting::io {

// Which data a layer holds; picks field candidates and names it in messages.
enum class Role { Parcels, Facilities, Zones, Roads, Proposal, ProposalFacilities, Candidates };
const char* to_string(Role role);

struct LayerSource {
  Role role = Role::Parcels;
  std::string path;    // as GDALOpenEx takes it
  std::string layer;   // empty: the only layer, or the one named after the role
  std::string where;   // OGR SQL attribute filter, e.g. "类型 = '日间照料'"
  std::map<std::string, std::string> fields;  // logical key -> field name in the layer
  std::optional<crs::Crs> assumed_crs;        // for layers that carry none
};

// One logical field a role reads, and the names recognised for it when the user
// gives no mapping (matched case-insensitively, in this order).
struct FieldSpec {
  std::string key;
  std::vector<std::string> candidates;
  bool required = false;
  std::string meaning;  // for --help and docs
};
const std::vector<FieldSpec>& field_specs(Role role);

// The layer names picked, in this order, when a dataset has several layers and
// none is named.
const std::vector<std::string>& role_layer_names(Role role);
// The same as text: "'parcels', 'estates', 'residential' or '小区'".
std::string default_layer_names(Role role);

// Parses "households=HH_NUM" into source.fields. Throws Error(E001) for an unknown key.
void add_field_mapping(LayerSource& source, const std::string& key_equals_name);

namespace detail_read {
struct LayerAccess;  // io's readers, in libsiting/src/io
}

class VectorLayer {
 public:
  // Throws Error(E101) when the dataset cannot be opened, E102 for an unknown layer.
  static VectorLayer open(const LayerSource& source);
  ~VectorLayer();
  VectorLayer(VectorLayer&&) noexcept;
  VectorLayer& operator=(VectorLayer&&) noexcept;

  const LayerSource& source() const;
  const std::string& layer_name() const;
  // The names of all layers in this layer's dataset, in dataset order (as
  // list_layers gives them, without opening the dataset again).
  const std::vector<std::string>& dataset_layer_names() const;
  // The layer's CRS, or the source's assumed one. Throws Error(E201) when neither.
  // Worked out on the first successful call and cached.
  crs::Crs crs() const;
  std::vector<std::string> field_names() const;
  // Features after the attribute filter (counted once, then cached: with a filter
  // the count is a full scan).
  std::int64_t feature_count() const;
  // Extent in longitude/latitude (for choosing the working CRS).
  crs::LonLatBounds lonlat_bounds() const;
  // Only the features meeting this box, in the layer's own CRS (a shard's halo):
  // GDAL's spatial filter, so an indexed format (GeoPackage, a Shapefile with
  // .qix, PostGIS) reads only those. The layer may then hold none: its readers
  // do not call that an empty layer (E103).
  void set_spatial_filter(const Box& box);
  bool spatially_filtered() const;
  // file + layer, for error messages.
  ErrorContext context() const;

 private:
  // The GDAL handles stay inside io: its readers reach them through LayerAccess.
  friend struct detail_read::LayerAccess;
  struct Impl;
  explicit VectorLayer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The names of the layers in a dataset (for messages and `siting layers`).
std::vector<std::string> list_layers(const std::string& path);

}  // namespace siting::io
