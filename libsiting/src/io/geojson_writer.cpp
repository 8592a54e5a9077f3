// SPDX-License-Identifier: Apache-2.0
// GeoJSON written straight from a Table, with the bytes GDAL's GeoJSON driver
// writes (RFC7946=YES, COORDINATE_PRECISION=7, SIGNIFICANT_FIGURES=15,
// WRITE_NAME=YES; GDAL 3.6 with json-c 0.16): the driver builds a json-c tree
// of every feature and prints it, which was half the time of writing a 1M-segment
// city's files (docs/performance.md). The bytes are checked against the driver's
// on every fixture and on generated tables (tests/geojson_writer_test.cpp).
//
// Where GDAL would do more than print (a longitude near the antimeridian, which
// RFC 7946 output cuts there, or a coordinate outside [-180, 180] x [-90, 90],
// which it refuses), write_direct gives up and the driver writes the
// table instead.

#include "io/geojson_writer.hpp"

#include <ogr_geometry.h>
#include <ogr_p.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <fstream>
#include <numeric>
#include <thread>
#include <vector>

#include "detail/contacts.hpp"
#include "detail/geos.hpp"
#include "detail/parallel.hpp"
#include "io/gdal_writer.hpp"
#include "siting/error.hpp"

namespace siting::io::geojson {

namespace {

// Longitudes within this of the antimeridian, and latitudes within this of a
// pole, go to the driver (its date-line cut and its bounds check).
constexpr double kLonLimit = 179.0;
constexpr double kLatLimit = 89.0;

struct GiveUp {};

// json-c's string escaping with JSON_C_TO_STRING_NOSLASHESCAPE: quotes,
// backslashes and control characters; '/' and every byte >= 0x20 as they are.
void append_string(std::string& out, const std::string& s) {
  static const char kHex[] = "0123456789abcdef";
  out += '"';
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xF];
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

// A property's number as GDAL prints it with 15 significant figures: %.15g;
// when the digits after the point hold a run of six 0s or six 9s, the first of
// %.14g, %.13g and %.12g without one (else %.15g); ".0" after a whole number.
void append_real(std::string& out, double v) {
  char buf[64];
  auto print = [&](int figures) { return std::snprintf(buf, sizeof buf, "%.*g", figures, v); };
  auto has_run = [&]() {
    const char* dot = std::strchr(buf, '.');
    return dot && (std::strstr(dot, "999999") || std::strstr(dot, "000000"));
  };
  int n = print(15);
  if (has_run()) {
    bool found = false;
    for (int figures = 14; figures >= 12 && !found; --figures) {
      n = print(figures);
      found = std::strchr(buf, '.') && !has_run();
    }
    if (!found) n = print(15);
  }
  out.append(buf, static_cast<std::size_t>(n));
  if (!std::strchr(buf, '.') && !std::strchr(buf, 'e')) out += ".0";
}

// A coordinate as GDAL prints it with 7 decimals: the %.7f text, then GDAL's
// rounding of what looks like binary noise (OGRFormatDouble's "round" option:
// a tail such as 114.2000004 becomes 114.2), then its trailing zeros dropped,
// one decimal kept. The %.7f digits come from the value times 10^7 rounded,
// which is printf's answer unless that product lies near a half (then printf
// decides); a text whose tail GDAL might round is given to OGRFormatDouble
// itself, so the rule is GDAL's own. The text goes to `buf` (its length is
// returned), and `value` receives the number it reads back as.
// The value times 10^7 rounded, which is printf's %.7f digits unless the
// value is large or that product lies near a half; false then (printf decides).
bool rounded_units(double v, std::int64_t& units) {
  const double scaled = v * 1e7;
  const double floor = std::floor(scaled);
  const double frac = scaled - floor;
  if (!(std::fabs(v) < 1e5) || std::fabs(frac - 0.5) < 1e-3) return false;
  units = static_cast<std::int64_t>(frac > 0.5 ? floor + 1.0 : floor);
  return true;
}

int format_coord(double v, char (&buf)[64], double& value) {
  int n = 0;
  bool exact = false;  // value set from the digits, without reading the text back
  std::int64_t units = 0;
  if (!rounded_units(v, units)) {
    n = std::min(std::snprintf(buf, sizeof buf, "%.7f", v), static_cast<int>(sizeof buf) - 1);
  } else {
    const bool negative = units < 0 || (units == 0 && std::signbit(v));
    if (units < 0) units = -units;
    // units / 10^7 is the double nearest the text: both operands are exact.
    value = static_cast<double>(units) / 1e7;
    if (negative) value = -value;
    exact = true;
    char digits[32];
    char* p = digits + sizeof digits;
    std::int64_t part = units % 10000000, whole = units / 10000000;
    for (int i = 0; i < 7; ++i) *--p = static_cast<char>('0' + part % 10), part /= 10;
    *--p = '.';
    do *--p = static_cast<char>('0' + whole % 10), whole /= 10;
    while (whole > 0);
    if (negative) *--p = '-';
    n = static_cast<int>(digits + sizeof digits - p);
    std::memcpy(buf, p, static_cast<std::size_t>(n));
  }
  // GDAL rounds a text of more than ten characters whose five digits before the
  // last are all 0 or all 9, or whose eighth and ninth characters from the end
  // are 0s or 9s; this catches every such text (and a few it leaves alone).
  auto same = [&](int from, int to, char c) {
    for (int k = from; k <= to; ++k)
      if (buf[n - k] != c) return false;
    return true;
  };
  if (n > 10 && (same(2, 6, '0') || same(2, 6, '9') || same(8, 9, '0') || same(8, 9, '9'))) {
    OGRWktOptions opts;
    opts.precision = 7;
    opts.round = true;
    opts.format = OGRWktFormat::F;
    const std::string text = OGRFormatDouble(v, opts);
    n = static_cast<int>(std::min(text.size(), sizeof buf - 1));
    std::memcpy(buf, text.data(), static_cast<std::size_t>(n));
    buf[n] = '\0';
    exact = false;
  } else {
    while (n > 2 && buf[n - 1] == '0' && buf[n - 2] != '.') --n;
    buf[n] = '\0';
  }
  if (!exact) value = std::strtod(buf, nullptr);
  return n;
}

void append_coord(std::string& out, double v) {
  char buf[64];
  double value = 0;
  out.append(buf, static_cast<std::size_t>(format_coord(v, buf, value)));
}

void append_position(std::string& out, const Point& p) {
  if (!(std::fabs(p.x) <= kLonLimit && std::fabs(p.y) <= kLatLimit)) throw GiveUp{};
  out += "[ ";
  append_coord(out, p.x);
  out += ", ";
  append_coord(out, p.y);
  out += " ]";
}

// GDAL writes an exterior ring counter-clockwise and a hole clockwise (RFC 7946's
// right-hand rule), deciding with OGRLinearRing::isClockwise, asked here too so
// that a degenerate ring turns the same way.
void append_ring(std::string& out, const Ring& ring, bool exterior, OGRLinearRing& probe) {
  probe.setNumPoints(static_cast<int>(ring.size()), FALSE);
  for (std::size_t i = 0; i < ring.size(); ++i) probe.setPoint(static_cast<int>(i), ring[i].x, ring[i].y);
  const bool reverse = ring.size() >= 2 && (probe.isClockwise() != 0) == exterior;
  out += "[ ";
  for (std::size_t i = 0; i < ring.size(); ++i) {
    if (i) out += ", ";
    append_position(out, ring[reverse ? ring.size() - 1 - i : i]);
  }
  out += ring.empty() ? "]" : " ]";
}

void append_polygon_rings(std::string& out, const Polygon& polygon, OGRLinearRing& probe) {
  out += "[ ";
  append_ring(out, polygon.outer, true, probe);
  for (const Ring& h : polygon.holes) {
    out += ", ";
    append_ring(out, h, false, probe);
  }
  out += " ]";
}

void append_geometry(std::string& out, const Geometry& g, OGRLinearRing& probe) {
  if (const auto* p = std::get_if<Point>(&g)) {
    out += "{ \"type\": \"Point\", \"coordinates\": ";
    append_position(out, *p);
    out += " }";
  } else if (const auto* l = std::get_if<LineString>(&g)) {
    out += "{ \"type\": \"LineString\", \"coordinates\": [ ";
    for (std::size_t i = 0; i < l->size(); ++i) {
      if (i) out += ", ";
      append_position(out, (*l)[i]);
    }
    out += l->empty() ? "]" : " ]";
    out += " }";
  } else if (const auto* mp = std::get_if<MultiPolygon>(&g)) {
    // A multipolygon of one polygon comes out of GDAL's RFC 7946 output as that polygon.
    if (mp->size() == 1) {
      out += "{ \"type\": \"Polygon\", \"coordinates\": ";
      append_polygon_rings(out, mp->front(), probe);
    } else {
      out += "{ \"type\": \"MultiPolygon\", \"coordinates\": [ ";
      for (std::size_t i = 0; i < mp->size(); ++i) {
        if (i) out += ", ";
        append_polygon_rings(out, (*mp)[i], probe);
      }
      out += mp->empty() ? "]" : " ]";
    }
    out += " }";
  } else {
    out += "null";
  }
}

// Polygons as their text reads back, every coordinate as printed, in place;
// false when a coordinate lies where write_direct gives up (GDAL cuts or
// refuses there).
bool to_printed(MultiPolygon& out) {
  char buf[64];
  for (Polygon& p : out)
    for (std::size_t k = 0; k <= p.holes.size(); ++k)
      for (Point& q : siting::ring(p, k)) {
        if (!(std::fabs(q.x) <= kLonLimit && std::fabs(q.y) <= kLatLimit)) return false;
        format_coord(q.x, buf, q.x);
        format_coord(q.y, buf, q.y);
      }
  return true;
}

bool as_printed(const MultiPolygon& mp, MultiPolygon& out) {
  out = mp;
  return to_printed(out);
}

// A coordinate as printed, in units of 10^-7 degree: format_coord's digits,
// without the text where GDAL's rounding cannot apply (the five digits before
// the last neither all 0s nor all 9s) and the value is far from a half.
std::int64_t printed_units(double v, double& shift) {
  std::int64_t units = 0;
  const bool rounded = rounded_units(v, units);
  const std::int64_t middle = (std::llabs(units) / 10) % 100000;
  const bool plain = rounded && middle != 0 && middle != 99999;
  if (!plain) {
    char buf[64];
    double value = 0.0;
    format_coord(v, buf, value);
    units = std::llround(value * 1e7);
  }
  shift = std::max(shift, std::fabs(static_cast<double>(units) - v * 1e7));
  return units;
}

// The polygons as printed, for detail::contact_groups: on the grid of 10^-7
// degree from the first point, repeated points dropped (GEOS takes them as
// one), each polygon's reach sqrt(2) times the most a coordinate of it moves.
// `whole` is false when the polygons span more than 2^30 units (107 degrees),
// beyond the 32-bit arithmetic of contact_groups: then GEOS checks them all.
// False as as_printed.
bool on_grid(const MultiPolygon& mp, detail::GridRings& out, bool& whole) {
  out.clear();
  whole = true;
  std::int64_t ox = 0, oy = 0;
  bool origin = false;
  for (std::size_t i = 0; i < mp.size(); ++i) {
    double shift = 0.0;
    for (std::size_t k = 0; k <= mp[i].holes.size(); ++k) {
      const std::size_t first = out.points.size();
      for (const Point& q : siting::ring(mp[i], k)) {
        if (!(std::fabs(q.x) <= kLonLimit && std::fabs(q.y) <= kLatLimit)) return false;
        const std::int64_t x = printed_units(q.x, shift), y = printed_units(q.y, shift);
        if (!origin) ox = x, oy = y, origin = true;
        constexpr std::int64_t kSpan = std::int64_t{1} << 30;
        if (std::llabs(x - ox) >= kSpan || std::llabs(y - oy) >= kSpan) whole = false;
        const detail::GridPoint p{static_cast<std::int32_t>(x - ox), static_cast<std::int32_t>(y - oy)};
        if (out.points.size() == first || !(out.points.back() == p)) out.points.push_back(p);
      }
      out.ring_end.push_back(static_cast<std::uint32_t>(out.points.size()));
      out.polygon.push_back(static_cast<std::uint32_t>(i));
    }
    // The slack covers the arithmetic (a coordinate of 114 degrees carries
    // 1.4e-14 degree, 1.4e-7 units).
    out.reach.push_back(std::sqrt(2.0) * shift * (1.0 + 1e-9) + 1e-6);
  }
  return true;
}

bool valid(detail::GeosContext& ctx, const MultiPolygon& mp) {
  detail::GeomPtr g;
  try {
    g = detail::to_geos(ctx, mp);
  } catch (const Error&) {
    return false;  // a ring of fewer than 4 points
  }
  return GEOSisValid_r(ctx.get(), g.get()) == 1;
}

// `mp` snapped to the 10^-7 degree grid until it is valid as printed. GDAL's
// rounding of a tail moves a point by up to 10^-6 (tails_as_printed), which
// can make a snapped ring cross itself: such points are moved before the
// snap, which then nodes them too (on the dense 1M city's dissolved area, 2
// of 123,536 points at the central meridian, 114 degrees; snapped first and
// moved after, they had taken a second snap, 0.2 s). A point that the snap
// itself puts on such a tail is printed and snapped again. Where reprojection
// alone has made a ring that touched itself cross itself (within a
// nanometre), the ring is made valid (GEOSMakeValid) before it is snapped.
// Left as it is where GEOS fails.
void snap(MultiPolygon& mp, detail::GeosContext& ctx) {
  try {
    detail::GeomPtr from = detail::to_geos(ctx, mp);
    const bool was_valid = GEOSisValid_r(ctx.get(), from.get()) == 1;
    MultiPolygon input = was_valid ? mp : detail::make_valid(ctx, mp);
    if (tails_as_printed(input) > 0 || !was_valid) from = detail::to_geos(ctx, input);
    MultiPolygon printed;
    for (int attempt = 0; attempt < 4; ++attempt) {
      detail::GeomPtr snapped = detail::make_geom(ctx, GEOSGeom_setPrecision_r(ctx.get(), from.get(), 1e-7, 0));
      MultiPolygon out = detail::polygons_from_geos(ctx, snapped.get());
      const bool done = !as_printed(out, printed) || valid(ctx, printed);
      mp = std::move(out);
      if (done) return;
      from = detail::to_geos(ctx, printed);
    }
  } catch (const Error&) {
  }
}

// detail::contact_groups of `mp` (on_grid) in `groups`, and in `flags` its
// ring flags by polygon (outer ring first). When the polygons span too far
// for it: one group of them all, and no flags. False as on_grid.
bool contacts(const MultiPolygon& mp, std::vector<std::vector<std::size_t>>& groups,
              std::vector<std::vector<char>>& flags) {
  thread_local detail::GridRings grid;  // kept: most polygons are small, and many
  thread_local std::vector<char> ring_flags;
  bool whole = true;
  flags.clear();
  if (!on_grid(mp, grid, whole)) return false;
  if (!whole) {
    groups.assign(1, std::vector<std::size_t>(mp.size()));
    std::iota(groups[0].begin(), groups[0].end(), std::size_t{0});
    return true;
  }
  groups = detail::contact_groups(grid, &ring_flags);
  flags.resize(mp.size());
  std::size_t r = 0;
  for (std::size_t i = 0; i < mp.size(); ++i) {
    flags[i].assign(ring_flags.begin() + static_cast<std::ptrdiff_t>(r),
                    ring_flags.begin() + static_cast<std::ptrdiff_t>(r + mp[i].holes.size() + 1));
    r += mp[i].holes.size() + 1;
  }
  if (grid.points.size() > detail::kContactScratchKept) {
    // A city's dissolved area: not kept for the small polygons after it.
    grid = detail::GridRings{};
    ring_flags = std::vector<char>{};
  }
  return true;
}

// Whether printed polygons are valid. GEOS's check tests each hole against its
// outer ring point by point: 2 minutes for the dense city's dissolved area
// (80,863 holes). Holes in no contact are valid where they are
// (detail::contact_groups), so GEOS is asked about each polygon's outer ring
// and its holes in a contact only; on the grid the reaches are nil, so a
// contact there is two rings that touch.
// The outer rings of the polygons `which` of `mp`, each with its holes that
// `flags` (by polygon, outer ring first, from contacts) marks: what GEOS is
// asked about.
MultiPolygon rings_asked(const MultiPolygon& mp, const std::vector<std::vector<char>>& flags,
                         const std::vector<std::size_t>& which) {
  MultiPolygon asked;
  for (std::size_t p : which) {
    asked.push_back({mp[p].outer, {}});
    for (std::size_t k = 0; k < mp[p].holes.size(); ++k)
      if (flags[p][k + 1]) asked.back().holes.push_back(mp[p].holes[k]);
  }
  return asked;
}

bool valid_as_printed(detail::GeosContext& ctx, const MultiPolygon& printed) {
  std::vector<std::vector<std::size_t>> groups;
  std::vector<std::vector<char>> flags;
  if (!contacts(printed, groups, flags) || flags.empty()) return valid(ctx, printed);
  // The polygons in a group are those with a ring flagged.
  std::vector<std::size_t> which;
  for (const std::vector<std::size_t>& g : groups) which.insert(which.end(), g.begin(), g.end());
  std::sort(which.begin(), which.end());
  return which.empty() || valid(ctx, rings_asked(printed, flags, which));
}

// snap, of each polygon's outer ring and holes in a contact only (`flags`,
// by polygon, from contacts; empty: all): the other holes, clear of them by
// more than printing moves a point, go back into the snapped polygon that
// holds them, as they were.
void snap_rings_in_contact(MultiPolygon& mp, const std::vector<std::vector<char>>& flags,
                           detail::GeosContext& ctx) {
  if (flags.empty()) {
    snap(mp, ctx);
    return;
  }
  MultiPolygon asked;
  std::vector<Ring> kept;
  for (std::size_t i = 0; i < mp.size(); ++i) {
    asked.push_back({std::move(mp[i].outer), {}});
    for (std::size_t k = 0; k < mp[i].holes.size(); ++k)
      (flags[i][k + 1] ? asked.back().holes : kept).push_back(std::move(mp[i].holes[k]));
  }
  snap(asked, ctx);
  if (asked.size() == 1) {
    for (Ring& h : kept) asked.front().holes.push_back(std::move(h));
  } else if (!kept.empty()) {
    // Which polygon holds each hole: GEOS's prepared point-in-polygon.
    std::vector<detail::GeomPtr> outers;
    std::vector<const GEOSPreparedGeometry*> prepared;
    for (const Polygon& p : asked) {
      outers.push_back(detail::to_geos(ctx, MultiPolygon{Polygon{p.outer, {}}}));
      prepared.push_back(GEOSPrepare_r(ctx.get(), outers.back().get()));
    }
    for (Ring& h : kept) {
      detail::GeomPtr point = detail::make_geom(ctx, GEOSGeom_createPointFromXY_r(ctx.get(), h.front().x, h.front().y));
      for (std::size_t i = 0; i < asked.size(); ++i)
        if (prepared[i] && GEOSPreparedContains_r(ctx.get(), prepared[i], point.get()) == 1) {
          asked[i].holes.push_back(std::move(h));
          break;
        }
    }
    for (const GEOSPreparedGeometry* g : prepared)
      if (g) GEOSPreparedGeom_destroy_r(ctx.get(), g);
  }
  mp = std::move(asked);
}

// Drops from printed polygons the tips of spikes: points where a ring turns
// back on itself so sharply that one far end lies within 2 units (2e-7
// degree, 2 cm) of the other edge's line; and points that repeat the one
// before; then the rings and polygons left with no area. The gaps' slivers
// end in such spikes, of nanometres in the working CRS; printed, their edges
// cross. Each tip dropped takes a triangle at most 2 units wide; true when
// something was dropped. Exact, on the grid.
bool without_spikes(MultiPolygon& printed) {
  constexpr std::int64_t kSpikeWidth2 = 4;  // the width, squared, in units
  const auto units = [](const Point& p) {
    return std::pair<std::int64_t, std::int64_t>{std::llround(p.x * 1e7), std::llround(p.y * 1e7)};
  };
  __extension__ using Wide = __int128;
  bool changed = false;
  using Unit = std::pair<std::int64_t, std::int64_t>;
  // b -> m -> a turns straight back (or m repeats a): m is a tip to drop.
  const auto tip = [&](const Unit& a, const Unit& m, const Unit& b) {
    const Wide ax = a.first - m.first, ay = a.second - m.second, bx = b.first - m.first, by = b.second - m.second;
    const Wide cross = ax * by - ay * bx, longer = std::max(ax * ax + ay * ay, bx * bx + by * by);
    return (ax == 0 && ay == 0) || (bx == 0 && by == 0) ||
           (ax * bx + ay * by > 0 && cross * cross <= kSpikeWidth2 * longer);
  };
  std::vector<Unit> pts;
  auto clean = [&](Ring& r) {
    // One pass with a stack (a tip dropped can make its neighbour one), then
    // the same where the ring closes.
    pts.clear();
    bool dropped = false;
    for (std::size_t i = 0; i + 1 < r.size(); ++i) {
      pts.push_back(units(r[i]));
      while (pts.size() >= 2 && pts.back() == pts[pts.size() - 2]) pts.pop_back(), dropped = true;
      while (pts.size() >= 3 && tip(pts[pts.size() - 3], pts[pts.size() - 2], pts.back())) {
        pts.erase(pts.end() - 2);
        dropped = true;
        while (pts.size() >= 2 && pts.back() == pts[pts.size() - 2]) pts.pop_back();
      }
    }
    std::size_t front = 0;  // points dropped from the front
    while (pts.size() - front >= 3) {
      const std::size_t n = pts.size();
      if (tip(pts[n - 2], pts[n - 1], pts[front]) || pts[n - 1] == pts[front]) {
        pts.pop_back();
      } else if (tip(pts[n - 1], pts[front], pts[front + 1])) {
        ++front;
      } else {
        break;
      }
      dropped = true;
    }
    changed = changed || dropped;
    if (pts.size() - front < 3) {
      changed = changed || !r.empty();
      r.clear();
      return;
    }
    if (!dropped) return;
    Ring out;
    out.reserve(pts.size() - front + 1);
    for (std::size_t i = front; i < pts.size(); ++i)
      out.push_back({static_cast<double>(pts[i].first) / 1e7, static_cast<double>(pts[i].second) / 1e7});
    out.push_back(out.front());
    r = std::move(out);
  };
  MultiPolygon out;
  for (Polygon& p : printed) {
    const bool before = changed;
    changed = false;
    clean(p.outer);
    for (Ring& h : p.holes) clean(h);
    p.holes.erase(std::remove_if(p.holes.begin(), p.holes.end(), [](const Ring& h) { return h.empty(); }),
                  p.holes.end());
    changed = changed || before;
    if (!p.outer.empty()) out.push_back(std::move(p));
  }
  printed = std::move(out);
  return changed;
}

}  // namespace

std::size_t tails_as_printed(MultiPolygon& mp) {
  char buf[64];
  std::size_t moved = 0;
  const auto move = [&](double& v) {
    double printed = 0.0;
    format_coord(v, buf, printed);
    if (std::llround(printed * 1e7) != std::llround(v * 1e7)) v = printed, ++moved;
  };
  for (Polygon& p : mp)
    for (std::size_t k = 0; k <= p.holes.size(); ++k)
      for (Point& q : siting::ring(p, k)) move(q.x), move(q.y);
  return moved;
}

// Seven decimals are about a centimetre. Where two edges of a polygon come
// closer than that (a sliver of a gap between service areas), rounding folds a
// ring onto itself or flattens it, and QGIS's processing tools stop at the
// first invalid polygon of a layer. Every polygon siting writes is valid in the
// working CRS (its own results, and inputs checked as read), so where
// detail::contact_groups finds none of the contacts its header describes the
// printed polygons are valid too. Only the polygons it names are asked of
// GEOS, a group at a time. A group not valid as printed loses its spikes'
// tips (without_spikes; most of the gaps' slivers need no more), or else is
// snapped to the 10^-7 degree grid by GEOS (GEOSGeom_setPrecision, whose
// output is valid: a ring pinched to a point becomes two polygons, a part
// narrower than the grid goes); either takes the place of its first polygon.
bool fix_printed(MultiPolygon& mp, unsigned threads) {
  // The ring flags are the group's own too: a ring's contacts are all within
  // its group.
  std::vector<std::vector<std::size_t>> groups;
  std::vector<std::vector<char>> flags;
  if (!contacts(mp, groups, flags) || groups.empty()) return false;
  std::vector<MultiPolygon> snapped(groups.size());
  std::vector<char> broken(groups.size(), 0);
  // A group's task reads and, when the group is broken, takes its own
  // polygons of `mp` only: the groups share none.
  detail::parallel_for(groups.size(), threads, [&](std::size_t g) {
    detail::GeosContext& ctx = detail::GeosContext::local();
    MultiPolygon printed;
    if (!flags.empty()) {
      // GEOS is asked about the outer rings and the rings flagged here, as
      // printed. These flags were found with each point's reach, so they hold
      // every contact the printed rings have (a contact there is a touch):
      // what valid_as_printed would find again on the printed copy.
      MultiPolygon asked = rings_asked(mp, flags, groups[g]);
      if (!to_printed(asked) || valid(ctx, asked)) return;
      for (std::size_t p : groups[g]) printed.push_back(mp[p]);
      to_printed(printed);
    } else {
      for (std::size_t p : groups[g]) printed.push_back(mp[p]);
      if (!to_printed(printed) || valid_as_printed(ctx, printed)) return;
    }
    broken[g] = 1;
    if (without_spikes(printed) && valid_as_printed(ctx, printed)) {
      snapped[g] = std::move(printed);
      return;
    }
    MultiPolygon part;
    std::vector<std::vector<char>> part_flags;
    for (std::size_t p : groups[g]) {
      part.push_back(std::move(mp[p]));
      if (!flags.empty()) part_flags.push_back(flags[p]);
    }
    snap_rings_in_contact(part, part_flags, ctx);
    snapped[g] = std::move(part);
  });
  std::vector<std::size_t> group_of(mp.size(), SIZE_MAX);
  bool changed = false;
  for (std::size_t g = 0; g < groups.size(); ++g)
    if (broken[g]) {
      changed = true;
      for (std::size_t p : groups[g]) group_of[p] = g;
    }
  if (!changed) return false;
  MultiPolygon out;
  for (std::size_t p = 0; p < mp.size(); ++p) {
    if (group_of[p] == SIZE_MAX) out.push_back(std::move(mp[p]));
    else if (groups[group_of[p]].front() == p)
      for (Polygon& q : snapped[group_of[p]]) out.push_back(std::move(q));
  }
  mp = std::move(out);
  return true;
}

namespace {

void append_value(std::string& out, const Value& v, const Column& c) {
  if (std::holds_alternative<std::monostate>(v)) out += "null";
  else if (const auto* s = std::get_if<std::string>(&v)) append_string(out, *s);
  else if (const auto* i = std::get_if<std::int64_t>(&v)) out += std::to_string(*i);
  else if (const auto* d = std::get_if<double>(&v)) append_real(out, gdal_writer::written_real(*d, c));
  else out += std::get<bool>(v) ? "true" : "false";
}

// The working CRS to WGS 84, made once for every file of a run.
crs::Transform to_wgs84_of(const crs::Crs& working) { return crs::Transform::Cached(working, crs::Crs::Epsg(4326)); }

}  // namespace

bool write_direct(const Table& table, const crs::Crs& working_crs, const std::string& path, unsigned threads) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) throw Error(ErrorCode::OutputFailed, "cannot create file", ErrorContext{path, "", "", ""});
  std::string head = "{\n\"type\": \"FeatureCollection\",\n\"name\": ";
  append_string(head, table.name);
  head += ",\n\"features\": [\n";
  file.write(head.data(), static_cast<std::streamsize>(head.size()));
  std::vector<std::string> keys;
  for (const Column& c : table.columns) {
    std::string k;
    append_string(k, c.name);
    keys.push_back(k + ": ");
  }
  // Features are printed in units side by side (reprojection and number
  // printing are nearly all of the time), a wave of units at a time, and written
  // in row order: the bytes are those of one pass. A unit is a block of rows, or
  // some rings of one row's multipolygon when that row is large (a city's
  // dissolved service area is half of what a coverage run writes). Each worker
  // has its own PROJ context; a wave's text is all that is held.
  constexpr std::size_t kUnitVertices = 8192, kUnitRows = 32;
  struct Unit {
    std::size_t row, row_end;            // rows [row, row_end), whole, unless split
    std::size_t ring = 0, ring_end = 0;  // split: rings [ring, ring_end) of row `row`
    bool split = false;
    std::size_t after = 0;  // how many large rows come before (split: which large row)
  };
  struct RingRef {
    std::uint32_t polygon, ring;  // ring 0 the outer ring, h + 1 hole h
  };
  std::vector<Unit> units;                     // the rows printed whole, in order
  std::vector<std::size_t> large_rows;         // the rows printed in parts, in order
  std::vector<std::vector<RingRef>> rings_of;  // by large row: its rings
  std::vector<MultiPolygon> large;             // by large row: its polygons in WGS 84, as printed
  const unsigned cores = detail::thread_count(threads);
  {
    std::size_t start = 0, vertices = 0;
    auto close = [&](std::size_t end) {
      if (end > start) units.push_back({start, end, 0, 0, false, large_rows.size()});
      start = end;
      vertices = 0;
    };
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
      std::size_t n = 1;
      const MultiPolygon* mp = table.geometries.empty() ? nullptr : std::get_if<MultiPolygon>(&table.geometries[r]);
      if (const auto* l = table.geometries.empty() ? nullptr : std::get_if<LineString>(&table.geometries[r])) n = l->size();
      if (mp) {
        n = 0;
        for (const Polygon& p : *mp) {
          n += p.outer.size();
          for (const Ring& h : p.holes) n += h.size();
        }
      }
      if (mp && n > 4 * kUnitVertices) {
        close(r);
        large_rows.push_back(r);
        start = r + 1;
        continue;
      }
      vertices += n;
      if (r + 1 - start >= kUnitRows || vertices >= kUnitVertices) close(r + 1);
    }
    close(table.rows.size());
  }
  rings_of.resize(large_rows.size());
  large.resize(large_rows.size());
  // A large row is taken to WGS 84 and checked as printed whole before its
  // parts are printed. Checking it is mostly one core's work (a dense city's
  // dissolved area is one polygon: 1.3 s of a 2.3 s file), so it runs beside
  // the printing of the other rows, whose text waits in a file of its own
  // (`spill`) until the large rows before it are printed.
  auto prepare = [&] {
    std::vector<crs::Transform> transforms;
    for (std::size_t k = 0; k < large_rows.size(); ++k) {
      MultiPolygon& wgs84 = large[k];
      wgs84 = std::get<MultiPolygon>(table.geometries[large_rows[k]]);
      while (transforms.size() < cores) transforms.push_back(to_wgs84_of(working_crs));
      // On every core, each with its own transform.
      detail::parallel_for_workers(wgs84.size(), cores, [&](std::size_t i, unsigned w) {
        for (std::size_t h = 0; h <= wgs84[i].holes.size(); ++h)
          transforms[w].apply(siting::ring(wgs84[i], h));
      });
      fix_printed(wgs84, cores);
      std::vector<RingRef>& refs = rings_of[k];
      for (std::uint32_t p = 0; p < wgs84.size(); ++p)
        for (std::uint32_t h = 0; h <= wgs84[p].holes.size(); ++h) refs.push_back({p, h});
    }
  };

  auto properties = [&](std::string& out, std::size_t r) {
    if (r) out += ",\n";
    out += "{ \"type\": \"Feature\", \"properties\": { ";
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      if (c) out += ", ";
      out += keys[c];
      append_value(out, table.rows[r][c], table.columns[c]);
    }
    out += table.columns.empty() ? "}, \"geometry\": " : " }, \"geometry\": ";
  };
  struct Worker {
    crs::Transform to_wgs84;
    OGRLinearRing probe;
  };
  auto print = [&](const Unit& u, Worker& me, std::string& out) {
    if (!u.split) {
      for (std::size_t r = u.row; r < u.row_end; ++r) {
        properties(out, r);
        if (table.geometries.empty()) {
          out += "null";
        } else {
          Geometry g = gdal_writer::transformed(table.geometries[r], me.to_wgs84);
          if (auto* mp = std::get_if<MultiPolygon>(&g)) fix_printed(*mp);
          append_geometry(out, g, me.probe);
        }
        out += " }";
      }
      return;
    }
    // Some rings of a large multipolygon (large row `u.after`), with what
    // append_geometry puts around them: the feature's head before the first,
    // its tail after the last.
    const MultiPolygon& mp = large[u.after];
    const std::vector<RingRef>& refs = rings_of[u.after];
    const bool one = mp.size() == 1;  // written as a Polygon
    if (u.ring == 0) {
      properties(out, u.row);
      out += one ? "{ \"type\": \"Polygon\", \"coordinates\": " : "{ \"type\": \"MultiPolygon\", \"coordinates\": [ ";
    }
    for (std::size_t i = u.ring; i < u.ring_end; ++i) {
      const Polygon& poly = mp[refs[i].polygon];
      const std::uint32_t k = refs[i].ring;
      if (k == 0) out += refs[i].polygon > 0 ? ", [ " : "[ ";
      else out += ", ";
      append_ring(out, siting::ring(poly, k), k == 0, me.probe);
      if (k == poly.holes.size()) out += " ]";
    }
    if (u.ring_end == refs.size()) out += one ? " } }" : " ] } }";
  };

  // The transform made once a run and copied here for each worker
  // (crs::Transform::clone), on this thread: made on each worker it took 25-90
  // ms a file, as long as the printing it shared.
  // No more workers than units: a small table on a machine of many cores
  // makes one or two copies, not one per core.
  const unsigned workers = static_cast<unsigned>(std::min<std::size_t>(
      cores, std::max<std::size_t>(1, units.size() + (large_rows.empty() ? 0 : cores))));
  std::vector<Worker> scratch;
  for (unsigned w = 0; w < workers; ++w) scratch.push_back({to_wgs84_of(working_crs), {}});
  const auto write = [](std::ostream& to, const std::string& text) {
    to.write(text.data(), static_cast<std::streamsize>(text.size()));
  };
  // The text of the rows after the first large row, in the staging folder
  // beside `path`, with where each run of rows between large rows ends.
  const std::string spill_path = path + ".rows";
  std::ofstream spill;
  std::vector<std::streamoff> spill_end(large_rows.size() + 1, 0);
  struct Cleanup {
    const std::string& path;
    std::ofstream& file;
    bool made = false;
    ~Cleanup() {
      if (!made) return;
      if (file.is_open()) file.close();
      std::remove(path.c_str());
    }
  } cleanup{spill_path, spill};
  if (!large_rows.empty() && !units.empty() && units.back().after > 0) {
    spill.open(spill_path, std::ios::binary | std::ios::trunc);
    cleanup.made = true;
    if (!spill) throw Error(ErrorCode::OutputFailed, "cannot create file", ErrorContext{spill_path, "", "", ""});
  }
  std::exception_ptr prepare_failed;
  std::thread preparing;
  if (!large_rows.empty())
    preparing = std::thread([&] {
      try {
        prepare();
      } catch (...) {
        prepare_failed = std::current_exception();
      }
    });
  struct Join {
    std::thread& t;
    ~Join() {
      if (t.joinable()) t.join();
    }
  } join{preparing};
  try {
    std::size_t next = 0;
    // The check is one core's work for the most part: it has a core of its
    // own, which the rows' printing shared when it took them all.
    const unsigned beside = large_rows.empty() ? workers : std::max(1u, workers - 1);
    detail::ordered_waves(
        units.size(), beside, [&](std::size_t i, unsigned w, std::string& out) { print(units[i], scratch[w], out); },
        [&](const std::string& text) {
          const Unit& u = units[next++];
          if (u.after == 0) {
            write(file, text);
          } else {
            write(spill, text);
            spill_end[u.after] = spill.tellp();
          }
        });
    if (preparing.joinable()) preparing.join();
    if (prepare_failed) std::rethrow_exception(prepare_failed);
    // A run of no rows (large rows side by side, or last) ends where the one before it does.
    for (std::size_t k = 1; k < spill_end.size(); ++k) spill_end[k] = std::max(spill_end[k], spill_end[k - 1]);
    if (spill.is_open()) {
      spill.close();
      if (!spill) throw Error(ErrorCode::OutputFailed, "cannot write file", ErrorContext{spill_path, "", "", ""});
    }
    std::ifstream rows;
    if (cleanup.made) rows.open(spill_path, std::ios::binary);
    std::vector<char> buffer;
    for (std::size_t k = 0; k < large_rows.size(); ++k) {
      // The large row's rings, a unit of about kUnitVertices at a time.
      std::vector<Unit> parts;
      const std::vector<RingRef>& refs = rings_of[k];
      std::size_t first = 0, size = 0;
      for (std::size_t i = 0; i < refs.size(); ++i) {
        size += siting::ring(large[k][refs[i].polygon], refs[i].ring).size();
        if (size >= kUnitVertices || i + 1 == refs.size()) {
          parts.push_back({large_rows[k], large_rows[k] + 1, first, i + 1, true, k});
          first = i + 1;
          size = 0;
        }
      }
      detail::ordered_waves(
          parts.size(), workers, [&](std::size_t i, unsigned w, std::string& out) { print(parts[i], scratch[w], out); },
          [&](const std::string& text) { write(file, text); });
      // Then the rows up to the next large row, as printed.
      std::streamoff left = spill_end[k + 1] - spill_end[k];
      constexpr std::streamoff kChunk = std::streamoff{1} << 22;
      while (left > 0) {
        buffer.resize(static_cast<std::size_t>(kChunk));
        const std::streamsize n = std::min(left, kChunk);
        if (!rows.read(buffer.data(), n))
          throw Error(ErrorCode::OutputFailed, "cannot read file", ErrorContext{spill_path, "", "", ""});
        file.write(buffer.data(), n);
        left -= n;
      }
    }
  } catch (const GiveUp&) {
    return false;
  }
  const std::string tail = "\n]\n}\n";
  file.write(tail.data(), static_cast<std::streamsize>(tail.size()));
  file.flush();
  if (!file) throw Error(ErrorCode::OutputFailed, "cannot write file", ErrorContext{path, "", "", ""});
  return true;
}

}  // namespace siting::io::geojson
