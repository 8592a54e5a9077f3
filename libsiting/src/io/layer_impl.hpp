// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "detail/gdal.hpp"
#include "siting/io/layer.hpp"

namespace siting::io {

struct VectorLayer::Impl {
  LayerSource source;
  detail::DatasetPtr dataset;
  OGRLayer* layer = nullptr;
  std::string name;
  std::vector<std::string> dataset_layer_names;  // listed once in open()
  // Filled by the first successful crs() / feature_count(): the attribute filter is
  // set once in open() and never changed, so both answers stay the same, and a
  // filtered count is a full scan. A failing crs() is not cached: it throws again.
  mutable std::optional<crs::Crs> crs;
  mutable std::optional<std::int64_t> feature_count;
  mutable bool count_checked = false;  // the count was compared with a full read once
  bool spatially_filtered = false;     // set_spatial_filter: a part of the layer, maybe empty
  std::optional<Box> spatial_box;      // and its box, for other handles of the same layer
};

namespace detail_read {

// The OGR layer behind a VectorLayer, for io's readers only (a friend of VectorLayer).
struct LayerAccess {
  static OGRLayer* ogr(const VectorLayer& layer) { return layer.impl_->layer; }
  static VectorLayer::Impl& impl(const VectorLayer& layer) { return *layer.impl_; }
};

}  // namespace detail_read

// Error(E103) "the layer has no features[ matching the filter '...']; expected at
// least one", for the layer's file and name.
[[noreturn]] void throw_empty_layer(const VectorLayer& layer);

}  // namespace siting::io
