// SPDX-License-Identifier: Apache-2.0
#include "siting/crs/crs.hpp"

#include <geodesic.h>
#include <proj.h>

#include <cmath>
#include <limits>
#include <sstream>

#include "detail/gdal.hpp"
#include "siting/error.hpp"

namespace siting::crs {
namespace {

// Fills the derived facts of a Crs from an OGRSpatialReference.
void describe(const OGRSpatialReference& srs, std::string& label, std::optional<int>& epsg, bool& geographic,
              bool& metric) {
  geographic = srs.IsGeographic() != 0;
  metric = srs.IsProjected() && std::abs(srs.GetLinearUnits() - 1.0) < 1e-9;
  const char* auth = srs.GetAuthorityName(nullptr);
  const char* code = srs.GetAuthorityCode(nullptr);
  std::string name = srs.GetName() ? srs.GetName() : "unnamed CRS";
  if (auth && code && std::string(auth) == "EPSG") {
    epsg = std::atoi(code);
  } else {
    // Shapefile .prj files carry ESRI WKT without an authority: ask PROJ for the
    // EPSG entry it matches, for the label only.
    int n = 0;
    int* confidence = nullptr;
    OGRSpatialReferenceH* matches = srs.FindMatches(nullptr, &n, &confidence);
    if (matches && n > 0 && confidence[0] >= 90) {
      const auto* m = OGRSpatialReference::FromHandle(matches[0]);
      const char* ma = m->GetAuthorityName(nullptr);
      const char* mc = m->GetAuthorityCode(nullptr);
      if (ma && mc && std::string(ma) == "EPSG") epsg = std::atoi(mc);
    }
    OSRFreeSRSArray(matches);
    CPLFree(confidence);
  }
  label = epsg ? "EPSG:" + std::to_string(*epsg) + " (" + name + ")" : name;
}

}  // namespace

Crs Crs::Epsg(int code) {
  detail::gdal_init();
  OGRSpatialReference srs;
  if (srs.importFromEPSG(code) != OGRERR_NONE)
    throw Error(ErrorCode::BadCrs, "unknown EPSG code " + std::to_string(code));
  return from_srs(srs);
}

Crs Crs::FromUserInput(const std::string& text) {
  detail::gdal_init();
  OGRSpatialReference srs;
  if (text.empty() || srs.SetFromUserInput(text.c_str()) != OGRERR_NONE)
    throw Error(ErrorCode::BadCrs, "'" + text + "' is not a coordinate reference system (expected e.g. EPSG:4547)");
  return from_srs(srs);
}

Crs Crs::from_srs(const OGRSpatialReference& srs) {
  char* wkt = nullptr;
  const char* opts[] = {"FORMAT=WKT2_2019", nullptr};
  srs.exportToWkt(&wkt, opts);
  Crs c;
  c.wkt_ = wkt ? wkt : "";
  CPLFree(wkt);
  describe(srs, c.label_, c.epsg_, c.geographic_, c.metric_projected_);
  return c;
}

Crs Crs::FromWkt(const std::string& wkt) {
  detail::gdal_init();
  OGRSpatialReference srs;
  if (srs.importFromWkt(wkt.c_str()) != OGRERR_NONE)
    throw Error(ErrorCode::BadCrs, "cannot read CRS definition");
  Crs c;
  c.wkt_ = wkt;
  describe(srs, c.label_, c.epsg_, c.geographic_, c.metric_projected_);
  return c;
}

bool Crs::same_as(const Crs& other) const {
  if (wkt_ == other.wkt_) return true;
  OGRSpatialReference a = detail::to_ogr(*this), b = detail::to_ogr(other);
  const char* opts[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES",
                        "CRITERION=EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS", nullptr};
  return a.IsSame(&b, opts) != 0;
}

bool in_china(double longitude, double latitude) {
  return longitude >= 73.5 && longitude < 136.5 && latitude >= 3.0 && latitude <= 54.0;
}

int cgcs2000_gk3_epsg(double longitude) {
  if (!(longitude >= 73.5 && longitude < 136.5))
    throw Error(ErrorCode::BadCrs, "longitude " + std::to_string(longitude) +
                                       " is outside the CGCS2000 3-degree zones (73.5E to 136.5E)");
  const int cm = 3 * static_cast<int>(std::floor(longitude / 3.0 + 0.5));
  return 4534 + (cm - 75) / 3;
}

int utm_epsg(double longitude, double latitude) {
  int zone = static_cast<int>(std::floor((longitude + 180.0) / 6.0)) + 1;
  zone = std::min(std::max(zone, 1), 60);
  return (latitude >= 0.0 ? 32600 : 32700) + zone;
}

WorkingCrsChoice choose_working_crs(const std::vector<LayerCrsInfo>& layers, const std::optional<Crs>& forced) {
  if (forced) {
    if (!forced->is_metric_projected())
      throw Error(ErrorCode::BadCrs, "the working CRS " + forced->label() +
                                         " is not a projected CRS in metres; choose one such as EPSG:4547");
    return {*forced, "forced by --crs"};
  }
  if (layers.empty()) throw Error(ErrorCode::Internal, "no layers to choose a working CRS from");
  if (layers.front().crs.is_metric_projected())
    return {layers.front().crs, "the " + layers.front().role + " layer's own projected CRS (metres)"};

  double west = std::numeric_limits<double>::infinity(), east = -west, south = west, north = -west;
  for (const LayerCrsInfo& l : layers) {
    west = std::min(west, l.bounds.west);
    east = std::max(east, l.bounds.east);
    south = std::min(south, l.bounds.south);
    north = std::max(north, l.bounds.north);
  }
  const double lon = (west + east) / 2.0, lat = (south + north) / 2.0;
  std::ostringstream why;
  why.setf(std::ios::fixed);
  why.precision(4);
  if (in_china(lon, lat)) {
    const int code = cgcs2000_gk3_epsg(lon);
    const int cm = 75 + 3 * (code - 4534);
    why << "geographic input centred at " << lon << "E " << lat
        << "N: CGCS2000 3-degree Gauss-Kruger zone with central meridian " << cm << "E";
    return {Crs::Epsg(code), why.str()};
  }
  const int code = utm_epsg(lon, lat);
  why << "geographic input centred at " << lon << ", " << lat << " (outside China): WGS 84 UTM zone "
      << (code % 100) << (lat >= 0 ? "N" : "S");
  return {Crs::Epsg(code), why.str()};
}

struct Transform::Impl {
  PJ_CONTEXT* ctx = nullptr;
  PJ* op = nullptr;
  bool identity = false;
  std::string from_label, to_label;
  ~Impl() {
    if (op) proj_destroy(op);
    if (ctx) proj_context_destroy(ctx);
  }
};

Transform::Transform(const Crs& from, const Crs& to) : impl_(std::make_unique<Impl>()) {
  impl_->from_label = from.label();
  impl_->to_label = to.label();
  if (from.same_as(to)) {
    impl_->identity = true;
    return;
  }
  impl_->ctx = proj_context_create();
  PJ* a = proj_create(impl_->ctx, from.wkt().c_str());
  PJ* b = proj_create(impl_->ctx, to.wkt().c_str());
  PJ* op = (a && b) ? proj_create_crs_to_crs_from_pj(impl_->ctx, a, b, nullptr, nullptr) : nullptr;
  if (a) proj_destroy(a);
  if (b) proj_destroy(b);
  if (!op) throw Error(ErrorCode::BadCrs, "no transformation from " + from.label() + " to " + to.label());
  // Longitude/easting first whatever the CRS's official axis order.
  impl_->op = proj_normalize_for_visualization(impl_->ctx, op);
  proj_destroy(op);
  if (!impl_->op) throw Error(ErrorCode::BadCrs, "no transformation from " + from.label() + " to " + to.label());
}

Transform::~Transform() = default;
Transform::Transform(Transform&&) noexcept = default;
Transform& Transform::operator=(Transform&&) noexcept = default;

bool Transform::is_identity() const { return impl_->identity; }

void Transform::apply(std::vector<Point>& points) const {
  if (impl_->identity || points.empty()) return;
  proj_trans_generic(impl_->op, PJ_FWD, &points[0].x, sizeof(Point), points.size(), &points[0].y, sizeof(Point),
                     points.size(), nullptr, 0, 0, nullptr, 0, 0);
  for (const Point& p : points)
    if (!std::isfinite(p.x) || !std::isfinite(p.y))
      throw Error(ErrorCode::BadCrs, "coordinates cannot be transformed from " + impl_->from_label + " to " +
                                         impl_->to_label + " (is the layer's CRS right?)");
}

void Transform::apply(Point& point) const {
  std::vector<Point> one{point};
  apply(one);
  point = one[0];
}

void Transform::apply(MultiPolygon& polygons) const {
  for (Polygon& p : polygons) {
    apply(p.outer);
    for (Ring& h : p.holes) apply(h);
  }
}

double point_scale_factor(const Crs& projected, double longitude, double latitude) {
  // Numerically: a 1e-5 degree step north, its projected length over its true
  // length on the CRS's ellipsoid. Transverse Mercator is conformal, so this is k.
  // (proj_factors() needs radian input that CRS-to-CRS operations do not take.)
  PJ_CONTEXT* ctx = proj_context_create();
  PJ* crs = proj_create(ctx, projected.wkt().c_str());
  double a = 6378137.0, inv_f = 298.257222101;
  if (crs) {
    PJ* ellipsoid = proj_get_ellipsoid(ctx, crs);
    if (ellipsoid) {
      double b = 0;
      int computed = 0;
      proj_ellipsoid_get_parameters(ctx, ellipsoid, &a, &b, &computed, &inv_f);
      proj_destroy(ellipsoid);
    }
    proj_destroy(crs);
  }
  proj_context_destroy(ctx);

  const Crs geographic = Crs::Epsg(4490);
  Transform t(geographic, projected);
  const double step = 1e-5;
  std::vector<Point> pts{{longitude, latitude}, {longitude, latitude + step}};
  t.apply(pts);
  const double projected_len = std::hypot(pts[1].x - pts[0].x, pts[1].y - pts[0].y);
  geod_geodesic g;
  geod_init(&g, a, inv_f > 0 ? 1.0 / inv_f : 0.0);
  double true_len = 0;
  geod_inverse(&g, latitude, longitude, latitude + step, longitude, &true_len, nullptr, nullptr);
  if (!(true_len > 0) || !std::isfinite(projected_len))
    throw Error(ErrorCode::BadCrs, "cannot compute the scale factor of " + projected.label());
  return projected_len / true_len;
}

}  // namespace siting::crs
