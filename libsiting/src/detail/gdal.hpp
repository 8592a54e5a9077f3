// SPDX-License-Identifier: Apache-2.0
#pragma once

// GDAL/OGR handles as RAII types, and the one-time GDAL set-up.

#include <memory>
#include <string>
#include <vector>

#include <gdal_priv.h>
#include <ogr_api.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include "siting/crs/crs.hpp"
#include "siting/geometry.hpp"

namespace siting::detail {

// Registers drivers and routes GDAL's messages into siting's log. Idempotent.
void gdal_init();

struct DatasetCloser {
  void operator()(GDALDataset* ds) const { GDALClose(GDALDataset::ToHandle(ds)); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

struct FeatureDeleter {
  void operator()(OGRFeature* f) const { OGRFeature::DestroyFeature(f); }
};
using FeaturePtr = std::unique_ptr<OGRFeature, FeatureDeleter>;

// The last GDAL error message, or "" (for wrapping into siting errors).
std::string gdal_last_error();

// An OGRSpatialReference for a Crs, always in traditional GIS axis order
// (longitude/easting first); GDAL >= 3 would otherwise swap EPSG:4326 axes.
OGRSpatialReference to_ogr(const crs::Crs& crs);

// A line's or ring's vertices as 2D points, in order (Z and M are dropped).
std::vector<Point> points_of(const OGRSimpleCurve& curve);
// The same into `out`, whose capacity is reused.
void points_into(const OGRSimpleCurve& curve, std::vector<Point>& out);
// And back: 2D OGR geometries, for the writers and the review map.
std::unique_ptr<OGRLineString> ogr_line(const LineString& line);
std::unique_ptr<OGRPolygon> ogr_polygon(const Polygon& polygon);

}  // namespace siting::detail
