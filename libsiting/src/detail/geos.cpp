// SPDX-License-Identifier: Apache-2.0
#include "detail/geos.hpp"

#include <cmath>

#include "siting/error.hpp"

namespace siting::detail {

GeosContext::GeosContext() : handle_(GEOS_init_r()) {
  GEOSContext_setErrorMessageHandler_r(handle_, &GeosContext::on_error, this);
}

GeosContext::~GeosContext() { GEOS_finish_r(handle_); }

void GeosContext::on_error(const char* message, void* self) {
  static_cast<GeosContext*>(self)->last_error_ = message ? message : "";
}

GeosContext& GeosContext::local() {
  thread_local GeosContext ctx;
  return ctx;
}

GeomPtr make_geom(GeosContext& ctx, GEOSGeometry* g) {
  if (!g) throw Error(ErrorCode::Internal, "GEOS: " + ctx.last_error());
  return GeomPtr(g, GeomDeleter{ctx.get()});
}

namespace {

// A 2D coordinate sequence holding the points (a ring's or a line's).
// Points are two doubles each, so a run of them is GEOS's xy buffer: one call
// instead of one per point (the dissolve hands GEOS millions of them).
static_assert(sizeof(Point) == 2 * sizeof(double), "Point is x, y and nothing else");

GEOSCoordSequence* coord_seq(GeosContext& ctx, PointSpan points) {
  if (points.size() == 0) return GEOSCoordSeq_create_r(ctx.get(), 0, 2);
  return GEOSCoordSeq_copyFromBuffer_r(ctx.get(), &points[0].x, static_cast<unsigned>(points.size()), 0, 0);
}

// The parts made so far stay owned here until GEOS takes them over, so a ring
// GEOS rejects (fewer than 4 points, not closed) leaks none of those before it.
std::vector<GEOSGeometry*> hand_over(std::vector<GeomPtr>& parts) {
  std::vector<GEOSGeometry*> raw;
  raw.reserve(parts.size());
  for (GeomPtr& g : parts) raw.push_back(g.release());
  return raw;
}

GeomPtr polygon_to_geos(GeosContext& ctx, const Polygon& polygon) {
  GeomPtr shell = ring_to_geos(ctx, polygon.outer);
  std::vector<GeomPtr> holes;
  for (const Ring& h : polygon.holes) holes.push_back(ring_to_geos(ctx, h));
  std::vector<GEOSGeometry*> raw = hand_over(holes);
  GEOSGeometry* p = GEOSGeom_createPolygon_r(ctx.get(), shell.release(), raw.empty() ? nullptr : raw.data(),
                                             static_cast<unsigned>(raw.size()));
  if (!p) throw Error(ErrorCode::InvalidGeometry, "polygon rejected by GEOS: " + ctx.last_error());
  return GeomPtr(p, GeomDeleter{ctx.get()});
}

void collect_polygons(GeosContext& ctx, const GEOSGeometry* g, MultiPolygon& out) {
  const int type = GEOSGeomTypeId_r(ctx.get(), g);
  if (type == GEOS_POLYGON) {
    if (GEOSisEmpty_r(ctx.get(), g)) return;
    Polygon p;
    p.outer = points_from_geos(ctx, GEOSGetExteriorRing_r(ctx.get(), g));
    const int nh = GEOSGetNumInteriorRings_r(ctx.get(), g);
    for (int i = 0; i < nh; ++i) p.holes.push_back(points_from_geos(ctx, GEOSGetInteriorRingN_r(ctx.get(), g, i)));
    out.push_back(std::move(p));
  } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
    const int n = GEOSGetNumGeometries_r(ctx.get(), g);
    for (int i = 0; i < n; ++i) collect_polygons(ctx, GEOSGetGeometryN_r(ctx.get(), g, i), out);
  }
}

}  // namespace

GeomPtr ring_to_geos(GeosContext& ctx, const Ring& ring) {
  GEOSGeometry* r = GEOSGeom_createLinearRing_r(ctx.get(), coord_seq(ctx, ring));
  if (!r) throw Error(ErrorCode::InvalidGeometry, "ring rejected by GEOS: " + ctx.last_error());
  return GeomPtr(r, GeomDeleter{ctx.get()});
}

std::vector<Point> points_from_geos(GeosContext& ctx, const GEOSGeometry* curve) {
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx.get(), curve);
  unsigned n = 0;
  GEOSCoordSeq_getSize_r(ctx.get(), seq, &n);
  Ring out(n);
  if (n > 0 && !GEOSCoordSeq_copyToBuffer_r(ctx.get(), seq, &out[0].x, 0, 0))
    throw Error(ErrorCode::Internal, "GEOS coordinates: " + ctx.last_error());
  return out;
}

GeomPtr to_geos(GeosContext& ctx, const MultiPolygon& polygons) {
  std::vector<GeomPtr> parts;
  parts.reserve(polygons.size());
  for (const Polygon& p : polygons) parts.push_back(polygon_to_geos(ctx, p));
  std::vector<GEOSGeometry*> raw = hand_over(parts);
  return make_geom(ctx, GEOSGeom_createCollection_r(ctx.get(), GEOS_MULTIPOLYGON, raw.data(),
                                                    static_cast<unsigned>(raw.size())));
}

GeomPtr to_geos(GeosContext& ctx, PointSpan line) {
  return make_geom(ctx, GEOSGeom_createLineString_r(ctx.get(), coord_seq(ctx, line)));
}

MultiPolygon polygons_from_geos(GeosContext& ctx, const GEOSGeometry* g) {
  MultiPolygon out;
  collect_polygons(ctx, g, out);
  return out;
}

Validity check_validity(GeosContext& ctx, const MultiPolygon& polygons, GeomPtr* checked) {
  Validity v;
  GEOSGeometry* g = nullptr;
  try {
    g = to_geos(ctx, polygons).release();
  } catch (const Error& e) {
    // Rings with fewer than 4 points never reach GEOS's validity check.
    v.valid = false;
    v.reason = e.detail();
    if (!polygons.empty() && !polygons.front().outer.empty()) v.location = polygons.front().outer.front();
    return v;
  }
  GeomPtr owner(g, GeomDeleter{ctx.get()});
  char* reason = nullptr;
  GEOSGeometry* location = nullptr;
  const char ok = GEOSisValidDetail_r(ctx.get(), g, 0, &reason, &location);
  if (ok == 1) {
    if (checked) *checked = std::move(owner);
    return v;
  }
  v.valid = false;
  v.reason = reason ? reason : ctx.last_error();
  if (reason) GEOSFree_r(ctx.get(), reason);
  if (location) {
    GEOSGeomGetX_r(ctx.get(), location, &v.location.x);
    GEOSGeomGetY_r(ctx.get(), location, &v.location.y);
    GEOSGeom_destroy_r(ctx.get(), location);
  }
  return v;
}

MultiPolygon make_valid(GeosContext& ctx, const MultiPolygon& polygons) {
  GeomPtr g = to_geos(ctx, polygons);
  GeomPtr fixed = make_geom(ctx, GEOSMakeValid_r(ctx.get(), g.get()));
  return polygons_from_geos(ctx, fixed.get());
}

Point point_on_surface(GeosContext& ctx, const MultiPolygon& polygons) {
  return point_on_surface(ctx, to_geos(ctx, polygons).get());
}

Point point_on_surface(GeosContext& ctx, const GEOSGeometry* polygons) {
  GeomPtr p = make_geom(ctx, GEOSPointOnSurface_r(ctx.get(), polygons));
  Point out;
  if (GEOSisEmpty_r(ctx.get(), p.get()) || GEOSGeomGetX_r(ctx.get(), p.get(), &out.x) != 1 ||
      GEOSGeomGetY_r(ctx.get(), p.get(), &out.y) != 1)
    throw Error(ErrorCode::InvalidGeometry, "polygon has no interior point");
  return out;
}

}  // namespace siting::detail
