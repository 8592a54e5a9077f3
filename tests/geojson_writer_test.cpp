// SPDX-License-Identifier: Apache-2.0
// io::write_geojson writes GeoJSON itself; its bytes must be those of GDAL's
// GeoJSON driver (io::geojson::write_with_gdal, the independent reference) for
// every kind of value and geometry siting writes: numbers at GDAL's rounding
// edges, text with characters JSON escapes, rings either way round, empty and
// one-part multipolygons, and many random polygons in a Chinese working CRS.
// Both writers print on several cores; the bytes must not depend on how many.

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <random>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <memory>

#include "detail/contacts.hpp"
#include "io/geojson_writer.hpp"
#include "siting/io/table.hpp"
#include "support.hpp"

using namespace siting;
using namespace siting::test;

namespace {

// Writes `table` both ways and returns the two files' bytes.
std::pair<std::string, std::string> both(const io::Table& table, const crs::Crs& working) {
  TempDir tmp;
  io::write_geojson(table, working, tmp / "own.geojson");
  io::geojson::write_with_gdal(table, working, tmp / "gdal.geojson");
  return {read_file(tmp / "own.geojson"), read_file(tmp / "gdal.geojson")};
}

// The own writer's bytes, on all cores, on one and on three, are the driver's.
void check_gdal_bytes_on_any_cores(const io::Table& table, const crs::Crs& working) {
  const auto [own, gdal] = both(table, working);
  CHECK(own.size() == gdal.size());
  CHECK(own == gdal);
  TempDir tmp;
  for (unsigned threads : {1u, 3u}) {
    io::write_geojson(table, working, tmp / "threads.geojson", threads);
    CHECK(read_file(tmp / "threads.geojson") == gdal);
  }
}

Ring square(double x, double y, double side, bool ccw) {
  Ring r{{x, y}, {x + side, y}, {x + side, y + side}, {x, y + side}, {x, y}};
  if (!ccw) std::reverse(r.begin(), r.end());
  return r;
}

// A table with a column of each type: text, integer, a real of 4 decimals, a
// real printed shortest, and a boolean.
io::Table of_each_type(const std::string& name) {
  io::Table t;
  t.name = name;
  t.add_column("text", io::ColumnType::String);
  t.add_column("count", io::ColumnType::Integer);
  t.add_column("share", io::ColumnType::Real, 4);
  t.add_column("raw", io::ColumnType::Real, -1);
  t.add_column("ok", io::ColumnType::Boolean);
  return t;
}

}  // namespace

TEST_CASE("GeoJSON: own writer and GDAL's driver write the same bytes, values and shapes", "[io][geojson]") {
  // In WGS 84 itself, so each coordinate is the value written: GDAL's 7-decimal
  // rounding edges (114.2000004 prints as 114.2, 113.99999996 as 114.0), exact
  // halves, negative zero, tiny rings.
  io::Table t = of_each_type("edges");
  const std::vector<std::string> texts = {"plain",  "quote \" and \\ backslash", "a/b", "tab\tnew\nline\r",
                                          "\x01\x1f", "日间照料中心 / 养老院", "",    "\x7f"};
  const std::vector<double> raws = {0.1 + 0.2, 1e20,   1e-7,  123456789012345.6, -3.5,   100.0, 2.675,
                                    1e15,      1e-300, 5e-324, 0.30000000000000004, 12345.000000011,
                                    99.99999999999, 442047665.57, -0.0, 1.0000001};
  const std::vector<double> coords = {114.2000004,  113.99999996, 114.00000005, 22.5473903, 22.00000095,
                                      113.5083461,  -0.0,         0.0,          -1e-8,      114.99999999,
                                      100.0000001,  1.25e-7,      -1.25e-7,     12.3456789};
  const std::vector<double> lats = {22.5473903, 22.00000095, 22.9999999, 1.25e-7,    -1.25e-7,  12.3456789,
                                    -0.0,       0.0,         -1e-8,      23.0000004, 22.99999996};
  for (std::size_t i = 0; i < 64; ++i) {
    std::vector<io::Value> row;
    row.emplace_back(i % 9 == 8 ? io::Value{} : io::Value{texts[i % texts.size()]});
    row.emplace_back(i % 7 == 6 ? io::Value{} : io::Value{static_cast<std::int64_t>(i * 1000003) - 5000000});
    row.emplace_back(io::Value{raws[i % raws.size()] / 3.0});
    row.emplace_back(io::Value{raws[(i + 5) % raws.size()]});
    row.emplace_back(i % 5 == 4 ? io::Value{} : io::Value{i % 2 == 0});
    t.rows.push_back(row);
    const double x = coords[i % coords.size()], y = lats[(i * 7 + 3) % lats.size()];
    switch (i % 8) {
      case 0: t.geometries.emplace_back(Point{x, y}); break;
      case 1: t.geometries.emplace_back(LineString{{x, y}, {x + 0.001, y + 0.002}, {x - 0.0005, y}}); break;
      case 2: t.geometries.emplace_back(MultiPolygon{}); break;
      case 3: t.geometries.emplace_back(MultiPolygon{Polygon{square(x, y, 0.01, i % 16 < 8), {}}}); break;
      case 4: {
        Polygon p{square(x, y, 0.01, false), {square(x + 0.002, y + 0.002, 0.003, true)}};
        t.geometries.emplace_back(MultiPolygon{p, Polygon{square(x + 0.02, y, 0.001, true), {}}});
        break;
      }
      case 5:  // degenerate: a ring under GDAL's tolerance, and a flat one
        t.geometries.emplace_back(MultiPolygon{Polygon{square(x, y, 1e-7, false), {}},
                                               Polygon{Ring{{x, y}, {x + 0.01, y}, {x + 0.02, y}, {x, y}}, {}}});
        break;
      case 6: t.geometries.emplace_back(io::Geometry{}); break;
      default: t.geometries.emplace_back(LineString{}); break;
    }
  }
  const auto [own, gdal] = both(t, crs::Crs::Epsg(4326));
  CHECK(own.size() == gdal.size());
  CHECK(own == gdal);
  // The edges were met: GDAL's rounding, and the escapes.
  CHECK(gdal.find("114.2,") != std::string::npos);
  CHECK(gdal.find("\\u0001\\u001f") != std::string::npos);

  SECTION("no rows, and no columns") {
    io::Table empty;
    empty.name = "empty";
    empty.add_column("id", io::ColumnType::String);
    const auto [a, b] = both(empty, crs::Crs::Epsg(4326));
    CHECK(a == b);
    io::Table bare;
    bare.name = "bare";
    bare.rows.assign(2, {});
    bare.geometries = {Point{114.1, 22.5}, Point{114.2, 22.6}};
    const auto [c, d] = both(bare, crs::Crs::Epsg(4326));
    CHECK(c == d);
  }
}

TEST_CASE("GeoJSON: own writer and GDAL's driver agree on 20,000 random polygons in EPSG:4547", "[io][geojson]") {
  // Blocks of 4 to 40 vertices (some with a hole, some clockwise) around
  // Huizhou in the working CRS siting uses there, reprojected by both writers.
  std::mt19937_64 rng(20261204);
  std::uniform_real_distribution<double> ux(380000.0, 620000.0), uy(2400000.0, 2600000.0), ur(5.0, 400.0), u01(0.0, 1.0);
  io::Table t;
  t.name = "random";
  t.add_column("area_m2", io::ColumnType::Real);
  for (int i = 0; i < 20000; ++i) {
    const double cx = ux(rng), cy = uy(rng), r = ur(rng);
    const int n = 4 + static_cast<int>(u01(rng) * 36);
    Ring outer;
    for (int k = 0; k < n; ++k) {
      const double a = 2 * M_PI * k / n, rr = r * (0.6 + 0.4 * u01(rng));
      outer.push_back({cx + rr * std::cos(a), cy + rr * std::sin(a)});
    }
    outer.push_back(outer.front());
    if (i % 3 == 0) std::reverse(outer.begin(), outer.end());
    Polygon p{outer, {}};
    if (i % 5 == 0) p.holes.push_back(square(cx - r * 0.2, cy - r * 0.2, r * 0.3, i % 2 == 0));
    t.rows.push_back({io::Value{area(MultiPolygon{p})}});
    MultiPolygon mp{p};
    if (i % 7 == 0) mp.push_back(Polygon{square(cx + 2 * r, cy, r * 0.5, true), {}});
    t.geometries.emplace_back(mp);
  }
  // Also printed on one core and on three (units of 32 rows, waves of 24
  // units): the same bytes, whatever the order the units finish in.
  check_gdal_bytes_on_any_cores(t, crs::Crs::Epsg(4547));
}

TEST_CASE("GeoJSON: a large polygon printed in parts on several cores is GDAL's bytes", "[io][geojson]") {
  // A row of more than 32,768 vertices is printed in parts of about 8,192
  // vertices, its rings side by side: one polygon with 500 holes (written as a
  // Polygon), a multipolygon of 400 blocks, some with holes and some clockwise,
  // and small rows before, between and after them.
  auto circle = [](double cx, double cy, double r, int n, bool ccw) {
    Ring ring;
    for (int k = 0; k < n; ++k) {
      const double a = 2 * M_PI * k / n * (ccw ? 1 : -1);
      ring.push_back({cx + r * std::cos(a), cy + r * std::sin(a)});
    }
    ring.push_back(ring.front());
    return ring;
  };
  io::Table t;
  t.name = "large";
  t.add_column("kind", io::ColumnType::String);
  auto row = [&](const std::string& kind, MultiPolygon mp) {
    t.rows.push_back({io::Value{kind}});
    t.geometries.emplace_back(std::move(mp));
  };
  row("small", {Polygon{square(450000, 2520000, 50, true), {}}});
  Polygon city{circle(460000, 2530000, 20000, 4000, true), {}};
  for (int i = 0; i < 500; ++i)
    city.holes.push_back(circle(448000 + (i % 25) * 1000, 2518000 + (i / 25) * 1000, 300, 64 + i % 13, i % 2 == 0));
  row("one polygon", {city});
  row("small", {Polygon{square(451000, 2520000, 50, false), {}}});
  MultiPolygon blocks;
  for (int i = 0; i < 400; ++i) {
    Polygon b{circle(470000 + (i % 20) * 500, 2540000 + (i / 20) * 500, 200, 90 + i % 7, i % 3 != 0), {}};
    if (i % 4 == 0) b.holes.push_back(circle(470000 + (i % 20) * 500, 2540000 + (i / 20) * 500, 50, 30, true));
    blocks.push_back(b);
  }
  row("many polygons", blocks);
  row("small", {Polygon{square(452000, 2520000, 50, true), {}}});
  check_gdal_bytes_on_any_cores(t, crs::Crs::Epsg(4547));
}

TEST_CASE("GeoJSON: rows printed while a large one is checked come after it, in order", "[io][geojson]") {
  // The rows after a large one are printed while it is checked, into a file of
  // their own beside the output, and copied in after it: here runs of 300 rows
  // (more than a wave of units on one core) before, between and after large
  // rows, two of them side by side, one last. The bytes are the driver's, and
  // the folder holds only the file written.
  auto blocks = [](double x0, double y0) {
    MultiPolygon mp;
    for (int i = 0; i < 1000; ++i) mp.push_back({square(x0 + (i % 40) * 200, y0 + (i / 40) * 200, 150, i % 5 != 0), {}});
    for (Polygon& p : mp) {  // 1,000 blocks of 5 points and 6 holes: 35,000 points, more than 4 x 8,192
      const Point o = p.outer[0];
      for (int h = 0; h < 6; ++h) p.holes.push_back(square(o.x + 10 + h * 22, o.y + 60, 20, h % 2 == 0));
    }
    return mp;
  };
  io::Table t;
  t.name = "side_by_side";
  t.add_column("n", io::ColumnType::Integer);
  auto row = [&](MultiPolygon mp) {
    t.rows.push_back({io::Value{static_cast<std::int64_t>(t.rows.size())}});
    t.geometries.emplace_back(std::move(mp));
  };
  auto small_rows = [&](double y0) {
    for (int i = 0; i < 300; ++i)
      row({Polygon{square(440000 + (i % 30) * 100, y0 + (i / 30) * 100, 60 + i % 7, i % 2 == 0), {}}});
  };
  small_rows(2500000);
  row(blocks(450000, 2510000));
  small_rows(2502000);
  row(blocks(460000, 2510000));
  row(blocks(470000, 2510000));
  small_rows(2504000);
  row(blocks(480000, 2510000));
  check_gdal_bytes_on_any_cores(t, crs::Crs::Epsg(4547));
  TempDir tmp;
  io::write_geojson(t, crs::Crs::Epsg(4547), tmp / "own.geojson", 2);
  CHECK(list_dir(tmp.path()) == std::vector<std::string>{"own.geojson"});

  // A row the writer gives up on after a large one: the driver writes the
  // file, and the rows' own file is gone.
  t.geometries[700] = MultiPolygon{Polygon{square(179.3, 10.0, 0.5, true), {}}};
  for (io::Geometry& g : t.geometries)
    if (auto* mp = std::get_if<MultiPolygon>(&g); mp && &g != &t.geometries[700])
      for (Polygon& p : *mp) {
        for (Point& q : p.outer) q = {114.0 + (q.x - 440000) * 1e-5, 22.0 + (q.y - 2500000) * 1e-5};
        for (Ring& h : p.holes)
          for (Point& q : h) q = {114.0 + (q.x - 440000) * 1e-5, 22.0 + (q.y - 2500000) * 1e-5};
      }
  TempDir far;
  CHECK_FALSE(io::geojson::write_direct(t, crs::Crs::Epsg(4326), far / "direct.geojson", 2));
  CHECK(list_dir(far.path()) == std::vector<std::string>{"direct.geojson"});
}

TEST_CASE("GeoJSON: near the antimeridian the table goes to GDAL's driver", "[io][geojson]") {
  // GDAL cuts RFC 7946 output at the antimeridian; the own writer leaves a table
  // coming within a degree of it to the driver, so the file is the driver's.
  io::Table t;
  t.name = "far_east";
  t.add_column("id", io::ColumnType::String);
  t.rows = {{io::Value{std::string("a")}}, {io::Value{std::string("b")}}};
  t.geometries = {Point{114.0, 22.0}, MultiPolygon{Polygon{square(179.3, 10.0, 0.5, true), {}}}};
  TempDir tmp;
  CHECK_FALSE(io::geojson::write_direct(t, crs::Crs::Epsg(4326), tmp / "direct.geojson"));
  const auto [own, gdal] = both(t, crs::Crs::Epsg(4326));
  CHECK(own == gdal);
  CHECK(gdal.find("179.8") != std::string::npos);

  // The same far point in a late block of a later wave, written on two cores:
  // the direct writer still gives up and the file is the driver's.
  for (int i = 0; i < 3000; ++i) {
    t.rows.push_back({io::Value{std::to_string(i)}});
    t.geometries.push_back(Point{114.0 + i * 1e-4, 22.0});
  }
  t.geometries[2900] = Point{179.5, 10.0};
  CHECK_FALSE(io::geojson::write_direct(t, crs::Crs::Epsg(4326), tmp / "late.geojson", 2));
  const auto [late_own, late_gdal] = both(t, crs::Crs::Epsg(4326));
  CHECK(late_own == late_gdal);
  CHECK(late_gdal.find("179.5") != std::string::npos);
}

TEST_CASE("CSV: rows printed on several cores are the rows in order", "[io][csv]") {
  // 3,000 rows, three blocks of 1,024 and part of a fourth: text that needs
  // quoting, integers, fixed and shortest reals, empty cells and booleans, each
  // row's line worked out here with printf.
  io::Table t = of_each_type("rows");
  std::string expected = "text,count,share,raw,ok\n";
  for (int i = 0; i < 3000; ++i) {
    io::Value empty;
    t.rows.push_back({io::Value{"estate, \"" + std::to_string(i) + "\""}, io::Value{std::int64_t{i} * 7},
                      io::Value{i + 0.3}, i % 5 == 0 ? empty : io::Value{i * 0.5}, io::Value{i % 2 == 0}});
    char line[160];
    std::snprintf(line, sizeof line, "\"estate, \"\"%d\"\"\",%d,%.4f,%s,%s\n", i, i * 7, i + 0.3,
                  i % 5 == 0 ? "" : (i % 2 == 0 ? std::to_string(i / 2) : std::to_string(i / 2) + ".5").c_str(),
                  i % 2 == 0 ? "true" : "false");
    expected += line;
  }
  TempDir tmp;
  for (unsigned threads : {0u, 1u, 3u}) {
    io::CsvOptions o;
    o.threads = threads;
    io::write_csv(t, tmp / "rows.csv", o);
    CHECK(read_file(tmp / "rows.csv") == expected);
  }
}

namespace {

using GridRing = std::vector<std::pair<int, int>>;

GridRing grid_ring(std::initializer_list<std::pair<int, int>> points) {
  GridRing r(points);
  r.push_back(r.front());
  return r;
}

GridRing grid_square(int x, int y, int side) {
  return grid_ring({{x, y}, {x + side, y}, {x + side, y + side}, {x, y + side}});
}

struct GridPolygon {
  std::vector<GridRing> rings;
  double reach;
};

std::vector<std::vector<std::size_t>> groups_of(const std::vector<GridPolygon>& polygons) {
  detail::GridRings in;
  for (std::size_t p = 0; p < polygons.size(); ++p) {
    for (const GridRing& r : polygons[p].rings) {
      for (const auto& [x, y] : r) in.points.push_back({x, y});
      in.ring_end.push_back(static_cast<std::uint32_t>(in.points.size()));
      in.polygon.push_back(static_cast<std::uint32_t>(p));
    }
    in.reach.push_back(polygons[p].reach);
  }
  return detail::contact_groups(in);
}

using Groups = std::vector<std::vector<std::size_t>>;

// A row of each type's values, named `text`, for a polygon of the tests below.
void add_row(io::Table& t, const std::string& text, const MultiPolygon& geometry) {
  t.rows.push_back({io::Value{text}, io::Value{std::int64_t{1}}, io::Value{0.5}, io::Value{0.5}, io::Value{true}});
  t.geometries.emplace_back(geometry);
}

// `t` written by siting, after checking its bytes are the driver's on any
// cores, and read back with GDAL; `file` keeps the path.
GDALDatasetUniquePtr written(const io::Table& t, const TempDir& tmp, std::string& file) {
  check_gdal_bytes_on_any_cores(t, crs::Crs::Epsg(4326));
  file = tmp / (t.name + ".geojson");
  io::write_geojson(t, crs::Crs::Epsg(4326), file);
  GDALAllRegister();
  return GDALDatasetUniquePtr(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR));
}

// One polygon written alone by siting (its bytes the driver's), read back:
// its geometry, valid; `file` keeps the path.
std::unique_ptr<OGRGeometry> written_geometry(const std::string& name, const Polygon& polygon, const TempDir& tmp,
                                              std::string& file) {
  io::Table t = of_each_type(name);
  add_row(t, name, MultiPolygon{polygon});
  GDALDatasetUniquePtr ds = written(t, tmp, file);
  REQUIRE(ds);
  std::unique_ptr<OGRFeature> f(ds->GetLayer(0)->GetNextFeature());
  REQUIRE(f);
  const OGRGeometry* g = f->GetGeometryRef();
  REQUIRE(g);
  CHECK(g->IsValid());
  return std::unique_ptr<OGRGeometry>(g->clone());
}

// The same, of one part.
std::unique_ptr<OGRPolygon> written_polygon(const std::string& name, const Polygon& polygon, const TempDir& tmp,
                                            std::string& file) {
  std::unique_ptr<OGRGeometry> g = written_geometry(name, polygon, tmp, file);
  REQUIRE(wkbFlatten(g->getGeometryType()) == wkbPolygon);
  return std::unique_ptr<OGRPolygon>(g.release()->toPolygon());
}

}  // namespace

TEST_CASE("GeoJSON: which printed polygons GEOS must check", "[io][geojson][contacts]") {
  // In grid units. A and B: 100-unit squares 10 apart; C far away.
  auto polygons = [](double ra, double rb) {
    return std::vector<GridPolygon>{
        {{grid_square(0, 0, 100)}, ra}, {{grid_square(110, 0, 100)}, rb}, {{grid_square(1000, 1000, 100)}, 5.0}};
  };
  // Two rings: by distance, a contact when their reaches add up to 10 or more.
  CHECK(groups_of(polygons(6, 6)) == Groups{{0, 1}});
  CHECK(groups_of(polygons(5, 5)) == Groups{{0, 1}});
  CHECK(groups_of(polygons(5, 4.9)).empty());
  CHECK(groups_of(polygons(0, 0)).empty());

  // One ring: exact. A notch from the top whose tip stops 1 unit above the
  // bottom side is no contact, however far its points moved; on the side, it is.
  const GridRing near = grid_ring({{0, 0}, {100, 0}, {100, 100}, {50, 1}, {0, 100}});
  const GridRing on = grid_ring({{0, 0}, {100, 0}, {100, 100}, {50, 0}, {0, 100}});
  CHECK(groups_of({{{near}, 50.0}}).empty());
  CHECK(groups_of({{{on}, 0.0}}) == Groups{{0}});
  // Edges beside each other fold back (a spike of no width), or do not; the
  // ring's last and first edges too.
  const GridRing fold = grid_ring({{0, 0}, {100, 0}, {100, 100}, {50, 100}, {50, 150}, {50, 120}, {0, 100}});
  const GridRing spike = grid_ring({{0, 0}, {100, 0}, {100, 100}, {51, 100}, {50, 150}, {49, 100}, {0, 100}});
  const GridRing fold_at_start = grid_ring({{50, 150}, {50, 120}, {0, 100}, {0, 0}, {100, 0}, {100, 100}, {50, 100}});
  CHECK(groups_of({{{fold}, 0.0}}) == Groups{{0}});
  CHECK(groups_of({{{spike}, 0.0}}).empty());
  CHECK(groups_of({{{fold_at_start}, 0.0}}) == Groups{{0}});
  // A ring of three points (printing made two of four one): alone.
  CHECK(groups_of({{{grid_square(0, 0, 100)}, 0.7}, {{grid_ring({{500, 0}, {501, 0}})}, 0.7}}) == Groups{{1}});
  // A hole 1 unit inside its shell: two rings of one polygon, by distance.
  CHECK(groups_of({{{grid_square(0, 0, 100), grid_square(1, 1, 50)}, 0.7}}) == Groups{{0}});
  CHECK(groups_of({{{grid_square(0, 0, 100), grid_square(2, 2, 50)}, 0.7}}).empty());
  // A long slanted edge (y = x, through thousands of cells, which it enters a
  // column at a time) and a small square below it whose corner is 0.71 units
  // from it (a contact at reaches of 0.7 + 0.7), or 2.12 (none).
  const GridPolygon slanted{{grid_ring({{0, 0}, {100000, 100000}, {0, 1000}})}, 0.7};
  CHECK(groups_of({slanted, {{grid_square(50000, 49989, 10)}, 0.7}}) == Groups{{0, 1}});
  CHECK(groups_of({slanted, {{grid_square(50002, 49989, 10)}, 0.7}}).empty());
}

TEST_CASE("GeoJSON: contacts among thousands of polygons (a dissolved area's way)", "[io][geojson][contacts]") {
  // 70 x 70 squares of 10 units, 20 apart: 19,600 edges, enough for the
  // sort a city's dissolved area takes. Square 1234 is moved 10 units right
  // to touch 1235; squares 4000 and 4800 move 9 units, to 1 unit of 4001 and
  // 4801: with reaches of 0.4 and 0.5 no contact, with 0.5 and 0.5 one; square
  // 2500 has a fold. Polygon i is at column i % 70, row i / 70.
  std::vector<GridPolygon> polygons;
  for (int i = 0; i < 4900; ++i) {
    const int x = (i % 70) * 20, y = (i / 70) * 20;
    if (i == 1234) polygons.push_back({{grid_square(x + 10, y, 10)}, 0.0});
    else if (i == 4000) polygons.push_back({{grid_square(x + 9, y, 10)}, 0.4});
    else if (i == 4800) polygons.push_back({{grid_square(x + 9, y, 10)}, 0.5});
    else if (i == 2500)
      polygons.push_back(
          {{grid_ring({{x, y}, {x + 10, y}, {x + 10, y + 10}, {x + 5, y + 10}, {x + 5, y + 15}, {x + 5, y + 12}, {x, y + 10}})},
           0.0});
    else polygons.push_back({{grid_square(x, y, 10)}, i == 4001 || i == 4801 ? 0.5 : 0.0});
  }
  CHECK(groups_of(polygons) == Groups{{1234, 1235}, {2500}, {4800, 4801}});
}

TEST_CASE("GeoJSON: a polygon that seven decimals would pinch is written as the two it becomes",
          "[io][geojson][contacts]") {
  // A 0.001 degree square with a notch from its top whose tip stops 3e-8
  // degree (about 3 mm) above the bottom side. Printed with 7 decimals the tip
  // falls onto the bottom side and the ring touches itself: not valid. Snapped
  // to the 1e-7 grid it is two triangles meeting at the tip, of 0.00025 square
  // degree each (half the square, less the notch, in two).
  const double x = 114.0, y = 22.5, s = 0.001;
  const Ring notch{{x, y}, {x + s, y}, {x + s, y + s}, {x + s / 2, y + 3e-8}, {x, y + s}, {x, y}};
  io::Table t = of_each_type("pinched");
  add_row(t, "notch", MultiPolygon{Polygon{notch, {}}});
  // And a square that rounding leaves alone, written as it was.
  add_row(t, "plain", MultiPolygon{Polygon{square(x + 0.01, y, s, true), {}}});
  TempDir tmp;
  std::string file;
  GDALDatasetUniquePtr ds = written(t, tmp, file);
  REQUIRE(ds);
  OGRLayer* layer = ds->GetLayer(0);
  REQUIRE(layer->GetFeatureCount() == 2);
  std::unique_ptr<OGRFeature> f(layer->GetNextFeature());
  const OGRGeometry* g = f->GetGeometryRef();
  REQUIRE(g);
  CHECK(g->IsValid());
  REQUIRE(wkbFlatten(g->getGeometryType()) == wkbMultiPolygon);
  const auto* mp = g->toMultiPolygon();
  REQUIRE(mp->getNumGeometries() == 2);
  for (const OGRPolygon* p : *mp) {
    CHECK(p->get_Area() == Approx(s * s / 4).epsilon(1e-6));
    CHECK(p->getExteriorRing()->getNumPoints() == 4);  // a triangle
  }
  // The untouched square: the bytes of a polygon printed as it is.
  f.reset(layer->GetNextFeature());
  CHECK(f->GetGeometryRef()->IsValid());
  CHECK(wkbFlatten(f->GetGeometryRef()->getGeometryType()) == wkbPolygon);
  CHECK(read_file(file).find("[ 114.01, 22.5 ], [ 114.011, 22.5 ]") != std::string::npos);
}

TEST_CASE("GeoJSON: a slit that seven decimals would close is written without it", "[io][geojson][contacts]") {
  // A 0.001 degree square with a slit from its left side: up the side to
  // 4e-8 above its middle, out to a tip 6e-8 above the middle at half the
  // width, back to 2e-8 below the middle. Valid as computed (the slit's edges
  // are apart). Printed with 7 decimals both ends of the slit are the same
  // point, and the ring runs out and back along one line: not valid. Written,
  // the tip is gone and the square is whole: its four corners, the point
  // where the slit was, and the first corner again.
  const double x = 114.0, y = 22.5, s = 0.001;
  const Ring slit{{x, y},
                  {x + s, y},
                  {x + s, y + s},
                  {x, y + s},
                  {x, y + s / 2 + 4e-8},
                  {x + s / 2, y + s / 2 + 6e-8},
                  {x, y + s / 2 - 2e-8},
                  {x, y}};
  TempDir tmp;
  std::string file;
  const std::unique_ptr<OGRPolygon> p = written_polygon("slit", Polygon{slit, {}}, tmp, file);
  CHECK(p->getExteriorRing()->getNumPoints() == 6);
  CHECK(p->get_Area() == Approx(s * s).epsilon(1e-9));
  // The tip dropped, the ring otherwise as it was, from its first point (GEOS's
  // snapping, which would also close the slit, starts it elsewhere).
  CHECK(read_file(file).find("[ [ [ 114.0, 22.5 ], [ 114.001, 22.5 ], [ 114.001, 22.501 ], [ 114.0, 22.501 ], "
                             "[ 114.0, 22.5005 ], [ 114.0, 22.5 ] ] ]") != std::string::npos);
}

TEST_CASE("GeoJSON: a point that GDAL's rounding moves onto an edge is snapped where it is printed",
          "[io][geojson][contacts]") {
  // GDAL prints a longitude whose digits after the first decimal are five 0s
  // or five 9s and one more as the tenth of a degree: 114.0000009 and
  // 113.9999997 both as 114. Others are printed as they are.
  MultiPolygon tails{Polygon{{{114.0000009, 22.5}, {113.9999997, 22.5709692}, {114.2000004, 22.57},
                              {114.1234567, 22.5709581}, {114.0000009, 22.5}},
                             {}}};
  CHECK(io::geojson::tails_as_printed(tails) == 4);  // three longitudes, the first point twice
  CHECK(tails[0].outer[0].x == 114.0);
  CHECK(tails[0].outer[1].x == 114.0);
  CHECK(tails[0].outer[2].x == 114.2);
  CHECK(tails[0].outer[3].x == 114.1234567);
  CHECK(tails[0].outer[1].y == 22.5709692);
  CHECK(io::geojson::tails_as_printed(tails) == 0);

  // A 0.002 x 0.003 degree rectangle whose right side is at 114.0000009, with a
  // notch from its left side to a tip at 113.9999997, 12e-7 degree (12 cm)
  // from that side: valid as computed and on the 1e-7 grid. Printed, the tip
  // lies on the right side: the ring touches itself, and it is no spike. It
  // is snapped where it is printed: two polygons that meet at the tip, of
  // 0.002 x 0.003 less the notch, a triangle of 0.0002 x 0.002 / 2 (the right
  // side moved 9e-7 degree onto 114).
  const double x = 113.998, y = 22.5;
  const Ring notched{{x, y},           {114.0000009, y},          {114.0000009, y + 0.003},
                     {x, y + 0.003},   {x, y + 0.0016},           {113.9999997, y + 0.0015},
                     {x, y + 0.0014},  {x, y}};
  TempDir tmp;
  std::string file;
  const std::unique_ptr<OGRGeometry> g = written_geometry("tip", Polygon{notched, {}}, tmp, file);
  REQUIRE(wkbFlatten(g->getGeometryType()) == wkbMultiPolygon);
  CHECK(g->toMultiPolygon()->getNumGeometries() == 2);
  CHECK(g->toMultiPolygon()->get_Area() == Approx(0.002 * 0.003 - 0.0002 * 0.002 / 2).epsilon(1e-6));
  CHECK(read_file(file).find("114.0000009") == std::string::npos);
}

TEST_CASE("GeoJSON: a hole that rounding joins to its outer ring is snapped with it, the other holes kept",
          "[io][geojson][contacts]") {
  // A 0.01 degree square with two 0.001 degree holes: A well inside; B with
  // its left side 3e-8 degree (3 mm) inside the square's left side. Printed
  // with 7 decimals B's side lies on the square's: not valid. Only the outer
  // ring and B go to GEOS's snapping, which opens B into a bay of the outer
  // ring; A comes back as it was. Area: 1e-4 less the two holes, 2e-6.
  const double x = 114.0, y = 22.5;
  const Ring outer = square(x, y, 0.01, true);
  const Ring a = square(x + 0.004, y + 0.004, 0.001, false);
  const Ring b = square(x + 3e-8, y + 0.002, 0.001, false);
  TempDir tmp;
  std::string file;
  const std::unique_ptr<OGRPolygon> p = written_polygon("bay", Polygon{outer, {a, b}}, tmp, file);
  CHECK(p->getNumInteriorRings() == 1);
  CHECK(p->get_Area() == Approx(1e-4 - 2e-6).epsilon(1e-6));
  // Hole A as written before: clockwise from its first corner (RFC 7946).
  CHECK(read_file(file).find("[ [ 114.004, 22.504 ], [ 114.004, 22.505 ], [ 114.005, 22.505 ], [ 114.005, 22.504 ], "
                             "[ 114.004, 22.504 ] ]") != std::string::npos);
}
