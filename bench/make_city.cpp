// SPDX-License-Identifier: Apache-2.0
// siting-make-city: a deterministic synthetic city for the benchmarks, written as
// one GeoPackage in EPSG:4547 (CGCS2000 / 3-degree Gauss-Kruger CM 114E) metres.
//
//   siting-make-city --segments 1000000 --out /tmp/city-1m.gpkg
//
// Layers (for --shape grid, the default; curved and organic below):
//   roads       LineString, one feature per street segment, with an OSM-like
//               `highway` field. A perturbed grid: blocks 80-150 m, intersections
//               moved up to 8 m, each block side split into 1-3 slightly bent
//               segments, 4 % of the block sides missing (dead ends), footways
//               through 15 % of the blocks, plus extras that the walking graph must
//               handle: motorways crossing the grid without shared vertices
//               (excluded by the walk filter), a few small islands (separate
//               components) and 0.3 % of the segments stored twice, reversed
//               (duplicates). `--segments N` counts the distinct walkable
//               segments of the grid and its footways; the extras come on top.
//   parcels     MultiPolygon residential estates with `households` (and `kind`):
//               blocks inset 12 m from the street centrelines, 15 % of them two
//               blocks wide with the street between them running through.
//               20 000 per 1M segments.
//   facilities  Point with `floor_area`, near the centre of a block: 300 per 1M
//               segments (at least 3).
//
// --shape curved: the same grid, but each block side is one LineString of 4-8
//               segments along a bow (up to 12 m off the straight line, as
//               streets that follow the terrain), so a line has about 6 segments
//               and most vertices are shape points, not junctions.
// --shape organic: irregular blocks (90-220 m, intersections moved up to 25 m),
//               12 % of the block sides missing, each side one LineString of 2-4
//               bent segments, and a cul-de-sac (a dead-end spur of 2 segments
//               from a side's middle into the block) in 30 % of the blocks
//               without a footway.
// Facility density sets how much of the city the circles cover: the default
// 300 per 1M segments leaves most parcels in gaps; --facilities-per-million 3000
// covers most of them.
//
// A splitmix64 generator with a fixed seed: the same arguments give the same city
// (and --shape grid the same city as before the shapes existed).

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "siting/crs/crs.hpp"
#include "siting/error.hpp"
#include "siting/geometry.hpp"
#include "siting/io/table.hpp"
#include "detail/splitmix64.hpp"

namespace {

using namespace siting;

using siting::detail::SplitMix64;

double cm(double v) { return std::round(v * 100.0) / 100.0; }

// Layout constants (of the grid shape where a Shape has its own).
constexpr double kBend = 2.5;            // intermediate vertices off the straight line
constexpr double kFootwayBlock = 0.15;   // blocks with a footway through them
constexpr double kDuplicate = 0.003;     // segments written twice, reversed
constexpr double kInset = 12.0;          // parcel edge from the street centreline
constexpr double kDoubleParcel = 0.15;   // parcels two blocks wide
constexpr double kOriginX = 500000.0;    // the CM 114E false easting: the city is centred on it
constexpr double kOriginY = 2522000.0;   // about 22.8 N

// One block side between two adjacent intersections: its vertices, ends included.
struct Side {
  bool present = false;
  std::vector<Point> pts;
  const char* highway = "";  // a string literal
};

// The street layout of one --shape.
struct Shape {
  double block_min, block_max;  // block sizes, m
  double jitter;                // intersections move up to this far, m
  double missing;               // share of block sides left out
  std::size_t k_min, k_max;     // segments per block side (grid: its own 1-3 draw)
  double bow;                   // lines: the side's largest offset from the straight line, m
  bool lines;                   // each side one LineString (else one feature per segment)
  double cul_de_sac;            // share of the blocks without a footway that get a dead-end spur
  double per_corner;            // about this many segments per intersection, for a square-ish city
};
constexpr Shape kGrid{80.0, 150.0, 8.0, 0.04, 1, 3, 0.0, false, 0.0, 4.1};
constexpr Shape kCurved{80.0, 150.0, 8.0, 0.04, 4, 8, 12.0, true, 0.0, 11.7};
constexpr Shape kOrganic{90.0, 220.0, 25.0, 0.12, 2, 4, 8.0, true, 0.30, 5.9};

// The roads, flat: line r has the points pts[start[r]] .. pts[start[r + 1] - 1].
struct Roads {
  std::vector<Point> pts;
  std::vector<std::size_t> start{0};
  std::vector<const char*> highway;  // string literals
  void add(std::initializer_list<Point> line, const char* h) { add(line.begin(), line.end(), h); }
  template <typename It>
  void add(It first, It last, const char* h) {
    pts.insert(pts.end(), first, last);
    start.push_back(pts.size());
    highway.push_back(h);
  }
  std::size_t size() const { return highway.size(); }
};

const char* street_class(std::size_t line_index) {
  if (line_index % 10 == 0) return "primary";
  if (line_index % 5 == 0) return "secondary";
  return "residential";
}

// Inward offset of a counter-clockwise ring by d (for convex-ish rings): each
// vertex moves to where its two neighbouring edges, shifted inwards, meet.
Ring inset(const std::vector<Point>& ccw, double d) {
  const std::size_t n = ccw.size();
  Ring out;
  for (std::size_t i = 0; i < n; ++i) {
    const Point& prev = ccw[(i + n - 1) % n];
    const Point& cur = ccw[i];
    const Point& next = ccw[(i + 1) % n];
    auto normal = [](const Point& p, const Point& q) {
      const double dx = q.x - p.x, dy = q.y - p.y, len = std::hypot(dx, dy);
      return Point{-dy / len, dx / len};
    };
    const Point n1 = normal(prev, cur), n2 = normal(cur, next);
    // Lines: prev + d*n1 + s*(cur-prev) and cur + d*n2 + t*(next-cur).
    const Point p1{prev.x + d * n1.x, prev.y + d * n1.y};
    const Point p2{cur.x + d * n2.x, cur.y + d * n2.y};
    const double r1x = cur.x - prev.x, r1y = cur.y - prev.y, r2x = next.x - cur.x, r2y = next.y - cur.y;
    const double denom = r1x * r2y - r1y * r2x;
    Point v;
    if (std::abs(denom) < 1e-9 * std::hypot(r1x, r1y) * std::hypot(r2x, r2y)) {
      v = p2;  // straight on
    } else {
      const double s = ((p2.x - p1.x) * r2y - (p2.y - p1.y) * r2x) / denom;
      v = {p1.x + s * r1x, p1.y + s * r1y};
    }
    out.push_back({cm(v.x), cm(v.y)});
  }
  out.push_back(out.front());
  return out;
}

struct City {
  Roads roads;
  std::size_t walkable_distinct = 0, duplicates = 0, motorway = 0, island = 0, footway = 0, cul_de_sac = 0;
  std::size_t cols = 0, rows = 0;
  std::vector<double> xs, ys;             // unperturbed grid lines
  std::vector<std::vector<Point>> corner;  // [row][col]
  std::vector<char> footway_block;         // per block (col + row * (cols - 1)): 1 footway, 2 cul-de-sac
};

City make_streets(std::size_t target, const Shape& shape, SplitMix64& rng) {
  City c;
  // About per_corner segments per intersection (4.1 on the grid): choose a
  // square-ish grid, then add rows until the target is reached.
  c.cols = std::max<std::size_t>(
      4, static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(target) / shape.per_corner))));
  double x = 0;
  for (std::size_t i = 0; i < c.cols; ++i) {
    c.xs.push_back(x);
    x += rng.uniform(shape.block_min, shape.block_max);
  }
  const double width = c.xs.back();
  for (double& v : c.xs) v += kOriginX - width / 2.0;
  const double y_start = kOriginY - width / 2.0;

  auto new_corner_row = [&](double y) {
    std::vector<Point> row;
    for (std::size_t i = 0; i < c.cols; ++i)
      row.push_back({cm(c.xs[i] + rng.uniform(-shape.jitter, shape.jitter)),
                     cm(y + rng.uniform(-shape.jitter, shape.jitter))});
    return row;
  };
  auto make_side = [&](const Point& a, const Point& b, const char* highway) {
    Side s;
    s.present = !rng.chance(shape.missing);
    const double u = rng.unit();
    // The grid's draw as it always was; the other shapes a k in [k_min, k_max] and a bow.
    const std::size_t k = !shape.lines ? (u < 0.30 ? 1 : u < 0.75 ? 2 : 3)
                                       : shape.k_min + static_cast<std::size_t>(u * static_cast<double>(shape.k_max - shape.k_min + 1));
    if (!s.present) return s;
    s.highway = highway;
    const double dx = b.x - a.x, dy = b.y - a.y, len = std::hypot(dx, dy);
    const double bow = shape.lines ? rng.uniform(-shape.bow, shape.bow) : 0.0;
    s.pts.push_back(a);
    for (std::size_t m = 1; m < k; ++m) {
      const double t = (static_cast<double>(m) + rng.uniform(-0.1, 0.1)) / static_cast<double>(k);
      const double off = rng.uniform(-kBend, kBend) + bow * std::sin(3.14159265358979 * t);
      s.pts.push_back({cm(a.x + dx * t - dy / len * off), cm(a.y + dy * t + dx / len * off)});
    }
    s.pts.push_back(b);
    return s;
  };
  auto emit = [&](const Point& a, const Point& b, const char* highway) {
    c.roads.add({a, b}, highway);
    ++c.walkable_distinct;
    if (rng.chance(kDuplicate)) {
      c.roads.add({b, a}, highway);
      ++c.duplicates;
    }
  };
  auto emit_side = [&](const Side& s) {
    if (!s.present) return;
    if (!shape.lines) {
      for (std::size_t m = 1; m < s.pts.size(); ++m) emit(s.pts[m - 1], s.pts[m], s.highway);
      return;
    }
    c.roads.add(s.pts.begin(), s.pts.end(), s.highway);
    c.walkable_distinct += s.pts.size() - 1;
    if (rng.chance(kDuplicate)) {
      c.roads.add(s.pts.rbegin(), s.pts.rend(), s.highway);
      c.duplicates += s.pts.size() - 1;
    }
  };

  std::vector<Side> prev_h;  // horizontal sides of the previous row
  double y = y_start;
  std::size_t row = 0;
  while (true) {
    std::vector<Point> corners = new_corner_row(y);
    c.ys.push_back(y);
    std::vector<Side> h(c.cols - 1);
    for (std::size_t i = 0; i + 1 < c.cols; ++i) h[i] = make_side(corners[i], corners[i + 1], street_class(row));
    for (const Side& s : h) emit_side(s);
    if (row > 0) {
      std::vector<Side> v(c.cols);
      for (std::size_t i = 0; i < c.cols; ++i) v[i] = make_side(c.corner.back()[i], corners[i], street_class(i));
      for (const Side& s : v) emit_side(s);
      // Footways across blocks of this row, between the middle vertices of the
      // sides below and above (shared vertices, so they connect).
      for (std::size_t i = 0; i + 1 < c.cols; ++i) {
        const Side& below = prev_h[i];
        const Side& above = h[i];
        const bool want = rng.chance(kFootwayBlock);
        c.footway_block.push_back(0);
        if (!want || !below.present || !above.present || below.pts.size() < 3 || above.pts.size() < 3) {
          // A cul-de-sac: from the middle of the side below, 50-80 % of the way
          // to the block's centre, in two segments, ending nowhere.
          if (shape.cul_de_sac > 0 && below.present && below.pts.size() >= 3 && rng.chance(shape.cul_de_sac)) {
            const std::vector<Point>& lo = c.corner.back();
            const Point centre{(lo[i].x + lo[i + 1].x + corners[i].x + corners[i + 1].x) / 4,
                               (lo[i].y + lo[i + 1].y + corners[i].y + corners[i + 1].y) / 4};
            const Point a = below.pts[below.pts.size() / 2];
            const double reach = rng.uniform(0.5, 0.8);
            const Point end{cm(a.x + (centre.x - a.x) * reach), cm(a.y + (centre.y - a.y) * reach)};
            const Point mid{cm((a.x + end.x) / 2 + rng.uniform(-4, 4)), cm((a.y + end.y) / 2 + rng.uniform(-4, 4))};
            c.roads.add({a, mid, end}, "residential");
            c.walkable_distinct += 2;
            ++c.cul_de_sac;
            c.footway_block.back() = 2;  // no island loop here either
          }
          continue;
        }
        c.footway_block.back() = 1;
        const Point a = below.pts[below.pts.size() / 2];
        const Point b = above.pts[above.pts.size() / 2];
        const Point mid{cm((a.x + b.x) / 2 + rng.uniform(-3, 3)), cm((a.y + b.y) / 2 + rng.uniform(-3, 3))};
        emit(a, mid, "footway");
        emit(mid, b, "footway");
        c.footway += 2;
      }
    }
    c.corner.push_back(std::move(corners));
    prev_h = std::move(h);
    ++row;
    if (c.walkable_distinct >= target && row >= 2) break;
    y += rng.uniform(shape.block_min, shape.block_max);
  }
  c.rows = row;

  // Motorways between grid rows every 40 rows: no shared vertices with the
  // streets they cross (an elevated road), and excluded by the walk filter.
  for (std::size_t r = 20; r + 1 < c.rows; r += 40) {
    const double my = cm((c.ys[r] + c.ys[r + 1]) / 2.0);
    for (double mx = c.xs.front() - 50; mx < c.xs.back() + 50; mx += 200.0) {
      c.roads.add({{cm(mx), my}, {cm(mx + 200.0), my}}, "motorway");
      ++c.motorway;
    }
  }
  return c;
}

struct Parcel {
  std::string id;
  std::string kind;
  std::int64_t households;
  Ring ring;
  Point centre;
};

struct FacilityOut {
  std::string id;
  Point at;
  double floor_area;
  double land_area;
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"siting-make-city: a deterministic synthetic city (roads, parcels, facilities) as a GeoPackage\n"
               "in EPSG:4547, for the benchmarks."};
  std::size_t segments = 0;
  std::string out, shape_name = "grid";
  std::uint64_t seed = 20250101;
  double parcels_per_million = 20000, facilities_per_million = 300;
  app.add_option("--segments", segments, "distinct walkable street segments (at least this many)")->required();
  app.add_option("--out", out, "GeoPackage to write (replaced)")->required();
  app.add_option("--seed", seed, "random seed")->capture_default_str();
  app.add_option("--shape", shape_name,
                 "grid: one feature per segment; curved: each block side one line of 4-8 segments on a bow; "
                 "organic: irregular blocks, culs-de-sac, lines of 2-4 segments")
      ->check(CLI::IsMember({"grid", "curved", "organic"}))
      ->capture_default_str();
  app.add_option("--parcels-per-million", parcels_per_million, "parcels per 1M segments")->capture_default_str();
  app.add_option("--facilities-per-million", facilities_per_million, "facilities per 1M segments")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  try {
    const auto t0 = std::chrono::steady_clock::now();
    SplitMix64 rng(seed);
    const Shape& shape = shape_name == "curved" ? kCurved : shape_name == "organic" ? kOrganic : kGrid;
    City city = make_streets(segments, shape, rng);

    // Blocks: (col i, row j) between corner rows j and j+1 and columns i and i+1.
    const std::size_t bcols = city.cols - 1, brows = city.rows - 1, blocks = bcols * brows;
    const double scale = static_cast<double>(segments) / 1e6;
    const std::size_t n_parcels =
        std::min(blocks / 2, std::max<std::size_t>(1, static_cast<std::size_t>(std::llround(parcels_per_million * scale))));
    const std::size_t n_facilities = std::min(
        blocks / 2, std::max<std::size_t>(3, static_cast<std::size_t>(std::llround(facilities_per_million * scale))));

    // A random order of the blocks (Fisher-Yates), parcels first, then the rest.
    std::vector<std::uint32_t> order(blocks);
    for (std::uint32_t b = 0; b < blocks; ++b) order[b] = b;
    for (std::size_t i = blocks; i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
    std::vector<char> used(blocks, 0);
    auto corner = [&](std::size_t i, std::size_t j) { return city.corner[j][i]; };

    std::vector<Parcel> parcels;
    std::size_t k = 0;
    for (; k < blocks && parcels.size() < n_parcels; ++k) {
      const std::uint32_t b = order[k];
      if (used[b]) continue;
      const std::size_t i = b % bcols, j = b / bcols;
      used[b] = 1;
      bool wide = rng.chance(kDoubleParcel) && i + 1 < bcols && !used[b + 1];
      std::vector<Point> ccw;
      if (wide) {
        used[b + 1] = 1;
        ccw = {corner(i, j), corner(i + 1, j), corner(i + 2, j), corner(i + 2, j + 1), corner(i + 1, j + 1),
               corner(i, j + 1)};
      } else {
        ccw = {corner(i, j), corner(i + 1, j), corner(i + 1, j + 1), corner(i, j + 1)};
      }
      Parcel p;
      p.ring = inset(ccw, kInset);
      Polygon poly{p.ring, {}};
      const double a = area(poly);
      p.households = std::max<std::int64_t>(20, std::llround(a * rng.uniform(0.004, 0.02)));
      p.kind = rng.chance(0.3) ? "new" : "old";
      char id[32];
      std::snprintf(id, sizeof id, "P%06zu", parcels.size() + 1);
      p.id = id;
      double cx = 0, cy = 0;
      for (const Point& q : ccw) {
        cx += q.x;
        cy += q.y;
      }
      p.centre = {cx / static_cast<double>(ccw.size()), cy / static_cast<double>(ccw.size())};
      parcels.push_back(std::move(p));
    }

    // Facilities: 70 % inside a parcel (an estate's own centre), the rest in other blocks.
    std::vector<FacilityOut> facilities;
    std::size_t next_parcel = 0;
    for (std::size_t f = 0; f < n_facilities; ++f) {
      Point base;
      if (rng.chance(0.7) && !parcels.empty()) {
        base = parcels[(next_parcel++ * 7919) % parcels.size()].centre;
      } else {
        while (k < blocks && used[order[k]]) ++k;
        const std::uint32_t b = k < blocks ? order[k++] : order[rng.below(blocks)];
        const std::size_t i = b % bcols, j = b / bcols;
        base = {(corner(i, j).x + corner(i + 1, j).x + corner(i + 1, j + 1).x + corner(i, j + 1).x) / 4,
                (corner(i, j).y + corner(i + 1, j).y + corner(i + 1, j + 1).y + corner(i, j + 1).y) / 4};
      }
      char id[32];
      std::snprintf(id, sizeof id, "F%05zu", f + 1);
      facilities.push_back({id, {cm(base.x + rng.uniform(-10, 10)), cm(base.y + rng.uniform(-10, 10))},
                            std::round(rng.uniform(300, 3000)), std::round(rng.uniform(400, 4000))});
    }

    // Islands: a closed loop of 4 footway segments (20 m square) in the middle of a
    // block with no parcel, 1 per 20 000 segments (at least 1): a small component.
    const std::size_t n_islands = std::max<std::size_t>(1, segments / 20000);
    for (std::size_t s = 0; s < n_islands && k < blocks; ++s) {
      while (k < blocks && (used[order[k]] || city.footway_block[order[k]])) ++k;
      if (k >= blocks) break;
      const std::uint32_t b = order[k++];
      used[b] = 1;
      const std::size_t i = b % bcols, j = b / bcols;
      const double cx = (city.xs[i] + city.xs[i + 1]) / 2, cy = (city.ys[j] + city.ys[j + 1]) / 2;
      // In the middle of a block without a footway: at least 29 m from its streets.
      const double ox = cm(cx), oy = cm(cy);
      const Point q[4] = {{ox - 10, oy - 10}, {ox + 10, oy - 10}, {ox + 10, oy + 10}, {ox - 10, oy + 10}};
      for (int e = 0; e < 4; ++e) city.roads.add({q[e], q[(e + 1) % 4]}, "footway");
      city.island += 4;
    }

    const auto t1 = std::chrono::steady_clock::now();
    const crs::Crs working = crs::Crs::Epsg(4547);
    std::filesystem::remove(out);

    io::Table roads;
    roads.name = "roads";
    roads.add_column("id", io::ColumnType::Integer);
    roads.add_column("highway", io::ColumnType::String);
    roads.rows.reserve(city.roads.size());
    roads.geometries.reserve(city.roads.size());
    std::size_t vertices = 0;
    for (std::size_t r = 0; r < city.roads.size(); ++r) {
      roads.rows.push_back({static_cast<std::int64_t>(r + 1), std::string(city.roads.highway[r])});
      roads.geometries.emplace_back(LineString(city.roads.pts.begin() + static_cast<std::ptrdiff_t>(city.roads.start[r]),
                                               city.roads.pts.begin() + static_cast<std::ptrdiff_t>(city.roads.start[r + 1])));
      vertices += city.roads.start[r + 1] - city.roads.start[r];
    }
    city.roads = Roads{};
    io::write_gpkg_layer(roads, working, out);
    const std::size_t road_features = roads.rows.size();
    roads = io::Table{};

    io::Table pt;
    pt.name = "parcels";
    pt.add_column("id", io::ColumnType::String);
    pt.add_column("name", io::ColumnType::String);
    pt.add_column("kind", io::ColumnType::String);
    pt.add_column("households", io::ColumnType::Integer);
    for (const Parcel& p : parcels) {
      pt.rows.push_back({p.id, "Estate " + p.id.substr(1), p.kind, p.households});
      pt.geometries.emplace_back(MultiPolygon{Polygon{p.ring, {}}});
    }
    io::write_gpkg_layer(pt, working, out);

    io::Table ft;
    ft.name = "facilities";
    ft.add_column("id", io::ColumnType::String);
    ft.add_column("name", io::ColumnType::String);
    ft.add_column("category", io::ColumnType::String);
    ft.add_column("floor_area", io::ColumnType::Real, 0);
    ft.add_column("land_area", io::ColumnType::Real, 0);
    for (const FacilityOut& f : facilities) {
      ft.rows.push_back({f.id, "Care centre " + f.id.substr(1), std::string("day_care"), f.floor_area, f.land_area});
      ft.geometries.emplace_back(f.at);
    }
    io::write_gpkg_layer(ft, working, out);
    const auto t2 = std::chrono::steady_clock::now();

    std::cout << out << ": " << shape_name << ", " << road_features << " road features, " << vertices
              << " vertices (" << city.walkable_distinct << " distinct walkable segments incl. " << city.footway
              << " footway, " << city.cul_de_sac << " in culs-de-sac, " << city.duplicates
              << " reversed duplicates, " << city.motorway << " motorway, " << city.island << " island), grid "
              << city.cols << " x " << city.rows << " (" << std::lround(city.xs.back() - city.xs.front()) << " x "
              << std::lround(city.ys.back() - city.ys.front()) << " m), " << parcels.size() << " parcels, "
              << facilities.size() << " facilities; generated in "
              << std::chrono::duration<double>(t1 - t0).count() << " s, written in "
              << std::chrono::duration<double>(t2 - t1).count() << " s\n";
  } catch (const std::exception& e) {
    std::cerr << "siting-make-city: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
