// SPDX-License-Identifier: Apache-2.0
#include "detail/gdal.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>

#include <cstddef>
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

static_assert(sizeof(Point) == sizeof(OGRRawPoint) && offsetof(Point, y) == offsetof(OGRRawPoint, y),
              "Point and OGRRawPoint share their layout, so points are copied in one go");

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

std::vector<Point> points_of(const OGRSimpleCurve& curve) {
  std::vector<Point> out;
  points_into(curve, out);
  return out;
}

void points_into(const OGRSimpleCurve& curve, std::vector<Point>& out) {
  const int n = curve.getNumPoints();
  out.resize(static_cast<std::size_t>(n > 0 ? n : 0));
  if (n > 0) curve.getPoints(reinterpret_cast<OGRRawPoint*>(out.data()));
}

namespace {

template <class Curve>
std::unique_ptr<Curve> ogr_curve(const std::vector<Point>& points) {
  auto curve = std::make_unique<Curve>();
  curve->setNumPoints(static_cast<int>(points.size()), FALSE);
  for (std::size_t i = 0; i < points.size(); ++i) curve->setPoint(static_cast<int>(i), points[i].x, points[i].y);
  return curve;
}

}  // namespace

std::unique_ptr<OGRLineString> ogr_line(const LineString& line) { return ogr_curve<OGRLineString>(line); }

std::unique_ptr<OGRPolygon> ogr_polygon(const Polygon& polygon) {
  auto poly = std::make_unique<OGRPolygon>();
  poly->addRingDirectly(ogr_curve<OGRLinearRing>(polygon.outer).release());
  for (const Ring& h : polygon.holes) poly->addRingDirectly(ogr_curve<OGRLinearRing>(h).release());
  return poly;
}

}  // namespace siting::detail
