// SPDX-License-Identifier: Apache-2.0
#pragma once

// The GEOS C API (reentrant _r functions) behind small RAII types. One context per
// thread; messages from GEOS are kept so errors can quote them.

#include <memory>
#include <string>
#include <vector>

#include <geos_c.h>

#include "siting/geometry.hpp"

namespace siting::detail {

class GeosContext {
 public:
  GeosContext();
  ~GeosContext();
  GeosContext(const GeosContext&) = delete;
  GeosContext& operator=(const GeosContext&) = delete;

  GEOSContextHandle_t get() const { return handle_; }
  const std::string& last_error() const { return last_error_; }

  // The calling thread's context.
  static GeosContext& local();

 private:
  static void on_error(const char* message, void* self);
  GEOSContextHandle_t handle_;
  std::string last_error_;
};

struct GeomDeleter {
  GEOSContextHandle_t ctx;
  void operator()(GEOSGeometry* g) const {
    if (g) GEOSGeom_destroy_r(ctx, g);
  }
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

GeomPtr make_geom(GeosContext& ctx, GEOSGeometry* g);
GeomPtr to_geos(GeosContext& ctx, const MultiPolygon& polygons);
GeomPtr to_geos(GeosContext& ctx, PointSpan line);
// One ring to GEOS (a LinearRing; the ring of a polygon).
GeomPtr ring_to_geos(GeosContext& ctx, const Ring& ring);
// The points of a ring or a line, in one call rather than one per point.
std::vector<Point> points_from_geos(GeosContext& ctx, const GEOSGeometry* curve);
// The polygonal parts of any geometry (other parts are dropped: callers that
// must not lose anything check the result's area).
MultiPolygon polygons_from_geos(GeosContext& ctx, const GEOSGeometry* g);

struct Validity {
  bool valid = true;
  std::string reason;  // GEOS's reason, e.g. "Self-intersection"
  Point location;      // where GEOS found the problem
};
// When the polygons are valid and `checked` is given, it receives the GEOS
// geometry that was checked, for callers that go on to use it.
Validity check_validity(GeosContext& ctx, const MultiPolygon& polygons, GeomPtr* checked = nullptr);
// GEOSMakeValid, keeping polygonal parts.
MultiPolygon make_valid(GeosContext& ctx, const MultiPolygon& polygons);
// A point guaranteed inside the polygons (GEOSPointOnSurface).
Point point_on_surface(GeosContext& ctx, const MultiPolygon& polygons);
Point point_on_surface(GeosContext& ctx, const GEOSGeometry* polygons);

}  // namespace siting::detail
