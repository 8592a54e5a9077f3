// SPDX-License-Identifier: Apache-2.0
#pragma once

// io::write_geojson's own writer (geojson_writer.cpp): the bytes of GDAL's
// GeoJSON driver, streamed, without its json-c tree per feature.

#include <cstddef>
#include <string>

#include "siting/crs/crs.hpp"
#include "siting/io/table.hpp"

namespace siting::io::geojson {

// Writes `table` (its shape already checked) to `path`, its geometries taken
// from `working_crs` to WGS 84, printed on `threads` cores (0 = all; the bytes
// do not depend on it). False, with `path` left to be written again, when a
// coordinate lies where GDAL would cut or refuse (within 1 degree of the
// antimeridian or a pole): the driver writes those tables. Rows after a row
// of many points wait in `path` + ".rows" while that row is checked; the file
// is gone when this returns or throws. Throws Error(E401).
bool write_direct(const Table& table, const crs::Crs& working_crs, const std::string& path, unsigned threads = 0);

// Makes polygons in WGS 84, valid in the working CRS, valid as printed (7
// decimals): the parts that rounding or reprojection breaks lose the tips of
// spikes narrower than 2e-7 degree, or are snapped to the 10^-7 degree grid
// by GEOS. False, and `polygons` untouched, when they are valid as printed.
// `threads`: cores for the parts' checks (0 = all).
bool fix_printed(MultiPolygon& polygons, unsigned threads = 1);

// Moves each coordinate whose text GDAL rounds (114.2000004 is printed as
// 114.2, 113.9999997 as 114) to where it is printed, before fix_printed snaps
// polygons to the grid. Returns how many coordinates it moved.
std::size_t tails_as_printed(MultiPolygon& polygons);

// The same file through GDAL's GeoJSON driver: the tables write_direct
// leaves, and the reference its bytes are tested against.
void write_with_gdal(const Table& table, const crs::Crs& working_crs, const std::string& path);

}  // namespace siting::io::geojson
