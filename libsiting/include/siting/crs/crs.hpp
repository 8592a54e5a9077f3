// SPDX-License-Identifier: Apache-2.0
#pragma once

// Coordinate reference systems. All areas and lengths are computed in one metric
// working CRS; this header chooses it and moves coordinates into and out of it.
// The PROJ objects behind it (through GDAL's OGRSpatialReference) stay in src/.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "siting/geometry.hpp"

class OGRSpatialReference;

namespace siting::crs {

// A CRS as a value: its WKT2 definition plus a short label for logs.
//
//   Crs a = Crs::Epsg(4547);                 // CGCS2000 / 3-degree GK CM 114E
//   Crs b = Crs::FromUserInput("EPSG:32650"); // anything GDAL's SetFromUserInput takes
class Crs {
 public:
  // An unset CRS (empty() is true); only a placeholder until one is chosen.
  Crs() = default;
  static Crs Epsg(int code);
  // Throws Error(E202) when the text is not a CRS.
  static Crs FromUserInput(const std::string& text);
  // From a WKT string, as layers report it.
  static Crs FromWkt(const std::string& wkt);

  const std::string& wkt() const { return wkt_; }
  // "EPSG:4547 (CGCS2000 / 3-degree Gauss-Kruger CM 114E)" or the CRS name.
  const std::string& label() const { return label_; }
  // The EPSG code when the CRS has one.
  std::optional<int> epsg() const { return epsg_; }
  bool is_geographic() const { return geographic_; }
  // Projected with linear unit metre: usable as a working CRS.
  bool is_metric_projected() const { return metric_projected_; }
  bool same_as(const Crs& other) const;
  bool empty() const { return wkt_.empty(); }

 private:
  static Crs from_srs(const OGRSpatialReference& srs);
  std::string wkt_;
  std::string label_;
  std::optional<int> epsg_;
  bool geographic_ = false;
  bool metric_projected_ = false;
};

// Longitude/latitude bounds of a layer, for choosing the working CRS.
struct LonLatBounds {
  double west = 0.0, south = 0.0, east = 0.0, north = 0.0;
};

struct LayerCrsInfo {
  std::string role;               // "parcels", "facilities", ... (for the log)
  Crs crs;
  LonLatBounds bounds;
};

struct WorkingCrsChoice {
  Crs crs;
  std::string reason;  // one sentence for the log and summary.json
  // The least and greatest area_scale_factor over the polygons read (1 before they
  // are): how far areas in the working CRS stray from the ellipsoid's.
  double area_scale_min = 1.0, area_scale_max = 1.0;
};

// Fills the choice's area scale range from the working-CRS box of the polygons
// read (corners, edge midpoints and centre), and warns when an area somewhere
// is off by more than `tolerance` (0.001: 0.1 %), with the worst place and what to do.
void assess_area_scale(WorkingCrsChoice& choice, const Box& data, double tolerance = 0.001);

// The CGCS2000 3-degree Gauss-Kruger zone (no zone prefix) for a longitude:
// EPSG 4534 + (CM - 75) / 3, CM the multiple of 3 degrees nearest the longitude
// (halves round east). Valid for 73.5 <= lon < 136.5; throws Error(E202) outside.
int cgcs2000_gk3_epsg(double longitude);
// The WGS 84 UTM zone for a point: EPSG 326zz (north) or 327zz (south).
int utm_epsg(double longitude, double latitude);
// True where the CGCS2000 zones apply (China's extent, generously).
bool in_china(double longitude, double latitude);

// How the working CRS is chosen, first match wins:
//  1. `forced`, when given (must be metric projected);
//  2. the first layer's CRS when it is metric projected (bureau data usually is, and
//     then nothing is reprojected);
//  3. the CGCS2000 3-degree GK zone for the centre of all layers when it lies in China,
//     otherwise the UTM zone there.
WorkingCrsChoice choose_working_crs(const std::vector<LayerCrsInfo>& layers,
                                    const std::optional<Crs>& forced);

// Why a point cannot be a coordinate, or "" when it can: a NaN or infinite value;
// in a geographic CRS a latitude beyond +-90 degrees (most often longitude and
// latitude swapped) or a longitude beyond +-360; in any other CRS a value beyond
// +-1e8 (no CRS on Earth reaches it: even a Gauss-Kruger easting with its zone
// prefix stays below 1e8 m). Checked before any coordinate reaches PROJ or GEOS.
std::string coordinate_problem(const Point& p, bool geographic);

// Moves points between two CRSs in traditional GIS order (x = easting/longitude).
class Transform {
 public:
  Transform(const Crs& from, const Crs& to);
  ~Transform();
  Transform(Transform&&) noexcept;
  Transform& operator=(Transform&&) noexcept;

  bool is_identity() const;
  // The same operation on a PROJ context of its own, for another thread (a
  // context is used by one thread at a time): under a millisecond, where
  // building a Transform looks the CRSs up in PROJ's database (25-90 ms).
  Transform clone() const;
  // A clone() of the transformation made the first time this process asked
  // for the pair (the same WKT both): a run reads layers and writes files in
  // one pair of CRSs many times, and each build took 25-90 ms on one thread.
  // Thread-safe. Throws as the constructor does.
  static Transform Cached(const Crs& from, const Crs& to);
  // Transforms in place. Throws Error(E107) for a point that is not a coordinate
  // of the source CRS (coordinate_problem), Error(E202) for one the transformation
  // cannot move. Neither names a feature: the readers add it.
  void apply(std::vector<Point>& points) const;
  void apply(Point& point) const;
  void apply(MultiPolygon& polygons) const;

 private:
  Transform() = default;  // for clone()
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Ask PROJ for the point scale factor of a projected CRS at a lon/lat (meridional
// scale k for transverse Mercator), for documentation and tests of length error.
double point_scale_factor(const Crs& projected, double longitude, double latitude);

// Planar area in the CRS over the area on its ellipsoid, at a lon/lat: k^2 for a
// conformal CRS (1.000588 at 1.5 degrees from a Gauss-Kruger central meridian at
// 22N), 1 for an equal-area one. For the wide-extent warning and its tests.
double area_scale_factor(const Crs& projected, double longitude, double latitude);

}  // namespace siting::crs
