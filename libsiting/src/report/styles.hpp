// SPDX-License-Identifier: Apache-2.0
#pragma once

// QGIS layer styles for siting.gpkg: each table's renderer (coverage tiers,
// gaps, sites, access classes, verdicts), labels, and a Chinese and English
// alias for every column, as QML. io::write_gpkg_style stores them in the
// GeoPackage's layer_styles table, which QGIS reads when it opens a layer.

#include <cstddef>
#include <string>

#include "siting/io/table.hpp"

namespace siting::report::detail {

// "户数 / households" for "households"; patterns cover the names made at run
// time (zone_街道, households_share_15min, access_beds_per_1000_elderly). Empty
// for a name it does not know (a test keeps every output column known).
std::string field_alias(const std::string& column);

// What the report's maps and the QGIS styles share, so a parcel has the same
// colour and class in both.
struct Colour {
  int r, g, b;  // 0..255
};
// Greens from dark (the shortest tier) to light; `tier_shade` picks one for
// tier i of n, spread over the five (3 tiers get the 1st, 3rd and 5th).
inline constexpr Colour kTierGreens[5] = {{0, 109, 44}, {49, 163, 84}, {116, 196, 118}, {161, 217, 155}, {199, 233, 192}};
std::size_t tier_shade(std::size_t tier, std::size_t tiers);
// The five access classes of access_ratio_to_mean: no access, then up to 0.5,
// 1 and 1.5 times the mean, and beyond. Upper bounds are inclusive, as in
// QGIS's graduated ranges.
struct AccessClass {
  double lower, upper;
  const char* label;
  Colour colour;
};
inline constexpr AccessClass kAccessClasses[5] = {
    {0, 0, "无可达 / no access", {165, 0, 38}},
    {0, 0.5, "< 0.5 × 均值 / mean", {244, 109, 67}},
    {0.5, 1, "0.5–1 × 均值 / mean", {254, 224, 144}},
    {1, 1.5, "1–1.5 × 均值 / mean", {171, 217, 233}},
    {1.5, 1e12, "≥ 1.5 × 均值 / mean", {49, 54, 149}}};
// The class of a parcel with this access (0: none) and ratio to the mean.
std::size_t access_class(double access, double ratio_to_mean);

struct LayerStyle {
  std::string name;         // styleName, e.g. "siting: coverage tiers"
  std::string description;  // a sentence, shown in QGIS's style manager
  std::string qml;
};

// The style of an output table: a renderer and labels for the layers with
// geometry, the aliases for every table.
LayerStyle layer_style(const io::Table& table);

}  // namespace siting::report::detail
