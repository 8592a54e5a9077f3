// SPDX-License-Identifier: Apache-2.0
#pragma once

// QGIS layer styles for siting.gpkg: each table's renderer (coverage tiers,
// gaps, sites, access classes, verdicts), labels, and a Chinese and English
// alias for every column, as QML. io::write_gpkg_style stores them in the
// GeoPackage's layer_styles table, which QGIS reads when it opens a layer.

#include <string>

#include "siting/io/table.hpp"

namespace siting::report::detail {

// "户数 / households" for "households"; patterns cover the names made at run
// time (zone_街道, households_share_15min, access_beds_per_1000_elderly). Empty
// for a name it does not know (a test keeps every output column known).
std::string field_alias(const std::string& column);

struct LayerStyle {
  std::string name;         // styleName, e.g. "siting: coverage tiers"
  std::string description;  // a sentence, shown in QGIS's style manager
  std::string qml;
};

// The style of an output table: a renderer and labels for the layers with
// geometry, the aliases for every table.
LayerStyle layer_style(const io::Table& table);

}  // namespace siting::report::detail
