// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "detail/gdal.hpp"
#include "siting/io/layer.hpp"

namespace siting::io {

struct VectorLayer::Impl {
  LayerSource source;
  detail::DatasetPtr dataset;
  OGRLayer* layer = nullptr;
  std::string name;
};

}  // namespace siting::io
