// SPDX-License-Identifier: Apache-2.0
#include "siting/crs/crs.hpp"

#include <geodesic.h>
#include <proj.h>

#include <cmath>
#include <limits>
#include <map>
#include <mutex>
#include <sstream>

#include "detail/gdal.hpp"
#include "siting/error.hpp"
#include "siting/log.hpp"

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
  // Callers pass a data centre of checked coordinates; the guard keeps the cast defined.
  if (!(std::abs(longitude) <= 360.0) || !(std::abs(latitude) <= 90.0))
    throw Error(ErrorCode::BadCrs, "no UTM zone for longitude " + std::to_string(longitude) + ", latitude " +
                                       std::to_string(latitude));
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

std::string coordinate_problem(const Point& p, bool geographic) {
  auto show = [&p] {
    std::ostringstream s;
    s.precision(10);
    s << "(" << p.x << ", " << p.y << ")";
    return s.str();
  };
  if (!std::isfinite(p.x) || !std::isfinite(p.y)) return "coordinate " + show() + " is not a finite number";
  if (geographic) {
    if (std::abs(p.y) > 90.0)
      return "coordinate " + show() + " has a latitude beyond 90 degrees: are longitude and latitude swapped, or is the " +
             "layer's CRS wrong?";
    if (std::abs(p.x) > 360.0)
      return "coordinate " + show() + " has a longitude beyond 360 degrees: is the layer's CRS wrong?";
    return "";
  }
  if (std::abs(p.x) > 1e8 || std::abs(p.y) > 1e8)
    return "coordinate " + show() + " is beyond 1e8 units from the origin, off any map of the Earth: is the " +
           "layer's CRS right?";
  return "";
}

struct Transform::Impl {
  PJ_CONTEXT* ctx = nullptr;
  PJ* op = nullptr;
  bool identity = false;
  bool from_geographic = false;
  std::string from_label, to_label;
  ~Impl() {
    if (op) proj_destroy(op);
    if (ctx) proj_context_destroy(ctx);
  }
};

Transform::Transform(const Crs& from, const Crs& to) : impl_(std::make_unique<Impl>()) {
  impl_->from_label = from.label();
  impl_->to_label = to.label();
  impl_->from_geographic = from.is_geographic();
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

Transform Transform::clone() const {
  Transform t;
  t.impl_ = std::make_unique<Impl>();
  t.impl_->identity = impl_->identity;
  t.impl_->from_geographic = impl_->from_geographic;
  t.impl_->from_label = impl_->from_label;
  t.impl_->to_label = impl_->to_label;
  if (impl_->identity) return t;
  t.impl_->ctx = proj_context_create();
  t.impl_->op = proj_clone(t.impl_->ctx, impl_->op);
  if (!t.impl_->op)
    throw Error(ErrorCode::BadCrs, "cannot copy the transformation from " + impl_->from_label + " to " + impl_->to_label);
  return t;
}

Transform Transform::Cached(const Crs& from, const Crs& to) {
  static std::mutex mutex;
  static std::map<std::pair<std::string, std::string>, Transform> made;
  const std::lock_guard<std::mutex> lock(mutex);
  auto key = std::make_pair(from.wkt(), to.wkt());
  auto it = made.find(key);
  if (it == made.end()) it = made.emplace(std::move(key), Transform(from, to)).first;
  return it->second.clone();
}

void Transform::apply(std::vector<Point>& points) const {
  for (const Point& p : points) {
    const std::string problem = coordinate_problem(p, impl_->from_geographic);
    if (!problem.empty()) throw Error(ErrorCode::InvalidGeometry, problem + " (in " + impl_->from_label + ")");
  }
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

namespace {

// The CRS's ellipsoid as geodesic.h takes it (GRS 80 when PROJ gives none).
geod_geodesic ellipsoid_of(const Crs& projected) {
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
  geod_geodesic g;
  geod_init(&g, a, inv_f > 0 ? 1.0 / inv_f : 0.0);
  return g;
}

}  // namespace

double point_scale_factor(const Crs& projected, double longitude, double latitude) {
  // Numerically: a 1e-5 degree step north, its projected length over its true
  // length on the CRS's ellipsoid. Transverse Mercator is conformal, so this is k.
  // (proj_factors() needs radian input that CRS-to-CRS operations do not take.)
  const geod_geodesic g = ellipsoid_of(projected);
  const Crs geographic = Crs::Epsg(4490);
  Transform t(geographic, projected);
  const double step = 1e-5;
  std::vector<Point> pts{{longitude, latitude}, {longitude, latitude + step}};
  t.apply(pts);
  const double projected_len = std::hypot(pts[1].x - pts[0].x, pts[1].y - pts[0].y);
  double true_len = 0;
  geod_inverse(&g, latitude, longitude, latitude + step, longitude, &true_len, nullptr, nullptr);
  if (!(true_len > 0) || !std::isfinite(projected_len))
    throw Error(ErrorCode::BadCrs, "cannot compute the scale factor of " + projected.label());
  return projected_len / true_len;
}

double area_scale_factor(const Crs& projected, double longitude, double latitude) {
  // A cell of 1e-3 degrees: its planar area in the CRS over its area on the ellipsoid.
  // Any CRS, conformal or equal-area (for which this is 1).
  const geod_geodesic g = ellipsoid_of(projected);
  const double h = 5e-4;
  std::vector<Point> cell{{longitude - h, latitude - h},
                          {longitude + h, latitude - h},
                          {longitude + h, latitude + h},
                          {longitude - h, latitude + h}};
  double lats[4], lons[4];
  for (int i = 0; i < 4; ++i) {
    lons[i] = cell[static_cast<std::size_t>(i)].x;
    lats[i] = cell[static_cast<std::size_t>(i)].y;
  }
  double true_area = 0;
  geod_polygonarea(&g, lats, lons, 4, &true_area, nullptr);
  // Cached: assess_area_scale asks at nine points.
  Transform::Cached(Crs::Epsg(4490), projected).apply(cell);
  double planar = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    const Point& p = cell[i];
    const Point& q = cell[(i + 1) % 4];
    planar += p.x * q.y - q.x * p.y;
  }
  planar = std::abs(planar) / 2.0;
  true_area = std::abs(true_area);
  if (!(true_area > 0) || !std::isfinite(planar))
    throw Error(ErrorCode::BadCrs, "cannot compute the area scale of " + projected.label());
  return planar / true_area;
}

void assess_area_scale(WorkingCrsChoice& choice, const Box& data, double tolerance) {
  if (!(data.min_x <= data.max_x) || !(data.min_y <= data.max_y)) return;  // nothing read
  const double mx = (data.min_x + data.max_x) / 2.0, my = (data.min_y + data.max_y) / 2.0;
  std::vector<Point> at{{data.min_x, data.min_y}, {mx, data.min_y}, {data.max_x, data.min_y}, {data.min_x, my}, {mx, my},
                        {data.max_x, my},         {data.min_x, data.max_y}, {mx, data.max_y}, {data.max_x, data.max_y}};
  Transform(choice.crs, Crs::Epsg(4490)).apply(at);
  double worst = 0.0;
  Point worst_at{};
  choice.area_scale_min = choice.area_scale_max = 1.0;
  for (const Point& p : at) {
    const double s = area_scale_factor(choice.crs, p.x, p.y);
    choice.area_scale_min = std::min(choice.area_scale_min, s);
    choice.area_scale_max = std::max(choice.area_scale_max, s);
    if (std::abs(s - 1.0) > worst) {
      worst = std::abs(s - 1.0);
      worst_at = p;
    }
  }
  if (worst <= tolerance) return;
  std::ostringstream w;
  w.setf(std::ios::fixed);
  w.precision(2);
  w << "the data spans " << (at[2].x - at[0].x) << " degrees of longitude; in the working CRS " << choice.crs.label()
    << " areas are off by up to " << worst * 100.0 << " % (at " << worst_at.x << "E " << worst_at.y
    << "N), beyond the " << tolerance * 100.0
    << " % that areas are meant to keep; run each 3-degree zone on its own, or give --crs a CRS centred on the data";
  log::warn(w.str());
}

}  // namespace siting::crs
