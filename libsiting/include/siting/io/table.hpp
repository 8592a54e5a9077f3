// SPDX-License-Identifier: Apache-2.0
#pragma once

// Outputs are tables with an optional geometry column, written as CSV, GeoJSON
// (RFC 7946) or a GeoPackage layer. Jobs write them to the staging paths of an
// OutputDir (siting/io/output_dir.hpp), so an error leaves no partial output.

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "siting/crs/crs.hpp"
#include "siting/geometry.hpp"

namespace siting::io {

enum class ColumnType { String, Integer, Real, Boolean };

struct Column {
  std::string name;
  ColumnType type = ColumnType::String;
  int decimals = 2;  // Real columns are rounded to this many decimals on output; -1: as they are, shortest form
};

using Value = std::variant<std::monostate, std::string, std::int64_t, double, bool>;
using Geometry = std::variant<std::monostate, Point, LineString, MultiPolygon>;

struct Table {
  std::string name;  // layer name in GeoJSON / GeoPackage
  std::vector<Column> columns;
  std::vector<std::vector<Value>> rows;
  std::vector<Geometry> geometries;  // empty, or one per row, in the working CRS

  void add_column(std::string column_name, ColumnType type, int decimals = 2) {
    columns.push_back(Column{std::move(column_name), type, decimals});
  }
};

struct CsvOptions {
  bool bom = false;  // a UTF-8 byte-order mark, so Excel shows Chinese text correctly
  unsigned threads = 0;  // cores printing the rows (0 = all); the bytes do not depend on it
};

void write_csv(const Table& table, const std::string& path, const CsvOptions& options = {});
// WGS 84 longitude/latitude, no crs member, counter-clockwise outer rings, 7 decimals.
// The features are printed on `threads` cores (0 = all); the bytes do not depend on it.
void write_geojson(const Table& table, const crs::Crs& working_crs, const std::string& path, unsigned threads = 0);
// Adds (or replaces) a layer in a GeoPackage, keeping the working CRS.
void write_gpkg_layer(const Table& table, const crs::Crs& working_crs, const std::string& path);
// A QGIS layer style for `layer` in the GeoPackage: a row of its layer_styles
// table (made when missing, as QGIS makes it), the default style QGIS applies
// when it opens the layer. Replaces the layer's previous siting style.
struct GpkgStyle {
  std::string name;         // styleName
  std::string description;
  std::string qml;          // styleQML
};
void write_gpkg_style(const std::string& path, const std::string& layer, const GpkgStyle& style);

void write_text(const std::string& text, const std::string& path);

}  // namespace siting::io
