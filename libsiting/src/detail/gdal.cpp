// SPDX-License-Identifier: Apache-2.0
#include "detail/gdal.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>

#include <mutex>

#include "siting/error.hpp"
#include "siting/log.hpp"

namespace siting::detail {
namespace {

void CPL_STDCALL route_gdal_message(CPLErr level, CPLErrorNum, const char* message) {
  // Failures become siting errors that quote gdal_last_error(); warnings (for
  // example a value GDAL could not parse) must reach the user.
  if (level == CE_Warning)
    log::warn("GDAL: ", message);
  else if (level == CE_Debug)
    log::debug("GDAL: ", message);
  else
    log::debug("GDAL error: ", message);
}

}  // namespace

void gdal_init() {
  static std::once_flag once;
  std::call_once(once, [] {
    GDALAllRegister();
    CPLSetErrorHandler(route_gdal_message);
    // A fixed timestamp in GeoPackage metadata keeps outputs byte-identical.
    CPLSetConfigOption("OGR_CURRENT_DATE", "2000-01-01T00:00:00.000Z");
  });
}

std::string gdal_last_error() {
  const char* msg = CPLGetLastErrorMsg();
  return msg ? msg : "";
}

OGRSpatialReference to_ogr(const crs::Crs& crs) {
  OGRSpatialReference srs;
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  if (srs.importFromWkt(crs.wkt().c_str()) != OGRERR_NONE)
    throw Error(ErrorCode::BadCrs, "cannot read CRS definition: " + crs.label());
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

}  // namespace siting::detail
