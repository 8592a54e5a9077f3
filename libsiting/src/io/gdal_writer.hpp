// SPDX-License-Identifier: Apache-2.0
#pragma once

// What the table writers share (table.cpp: GeoJSON, GeoPackage; database.cpp:
// PostGIS): one way from an io::Table to an OGR layer.

#include <ogrsf_frmts.h>

#include <string>

#include "detail/gdal.hpp"
#include "siting/crs/crs.hpp"
#include "siting/io/table.hpp"

namespace siting::io::gdal_writer {

// Every writer's first step: rows as wide as the columns, finite numbers, UTF-8
// text; anything else is a bug (Error(E501)).
void check_shape(const Table& table);

// A Real cell's value as the table writers hand it on: rounded to the column's
// decimals, or as it is for decimals < 0. The GeoJSON writer prints the value
// the driver is given, so the two write the same bytes.
double written_real(double value, const Column& column);

// A copy of `g` taken through `t` (every writer that reprojects).
Geometry transformed(const Geometry& g, const crs::Transform& t);

// Creates the layer `table.name` in `ds` with the table's columns and writes its
// rows, the geometry transformed by `to_output` when given. own_transaction:
// wrap the rows in a layer transaction (false when the caller holds a dataset
// transaction, as the database writer does). Throws Error(E401) naming `path`.
void write_layer(GDALDataset& ds, const Table& table, const OGRSpatialReference* srs, char** layer_options,
                 const crs::Transform* to_output, const std::string& path, bool own_transaction = true);

// Closes the dataset; a failure there (disk full) throws Error(E401).
void close_checked(siting::detail::DatasetPtr ds, const std::string& path);

}  // namespace siting::io::gdal_writer
