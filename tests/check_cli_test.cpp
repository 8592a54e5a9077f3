// SPDX-License-Identifier: Apache-2.0
// `siting check` end to end on the hand-worked fixture (tests/fixtures/check/README.md):
//
//   A new 300 hh: 300/100 x 20 = 60 m2 required; f1 50 + f2 20 = 70     -> pass
//   B old 260 hh: 260/100 x 15 = 39 m2 required; f3 39 (exactly)        -> pass
//   C new 150 hh: 150/100 x 20 = 30 m2 required; f4 25 (by estate_id)   -> fail, short 5
//   D old   0 hh: nothing required                                      -> pass
//   f5 lies in no estate; f6 names estate Z, which does not exist       -> unassigned
//   D0 district: 10000 residents x 0.1 = 1000 m2; land 0+0+100+300+600+50 = 1050 -> pass
//   S1 street:   (300 + 150) hh x 2.62 = 1179 residents, 117.9 m2; land 0 -> fail
//   S2 street:   800 residents, 80 m2; land 100 + 300 + 600 + 50 = 1050  -> pass

#include <catch2/catch.hpp>
#include <ogrsf_frmts.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "siting/geometry.hpp"
#include "support.hpp"

using namespace siting::test;
using Catch::Matchers::Contains;
using json = nlohmann::json;

namespace {

const std::string kFixture = "tests/fixtures/check/";

std::vector<std::string> fixture_args(const std::string& dir, const std::string& ext = ".geojson") {
  return {"check", "--parcels", dir + "estates" + ext, "--facilities", dir + "facilities" + ext,
          "--zones", dir + "zones" + ext};
}

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

// Every column of a CSV row, in order.
std::vector<std::string> cells(const Csv& csv, std::size_t row) {
  std::vector<std::string> out;
  for (const std::string& h : csv.header) out.push_back(csv.rows.at(row).at(h));
  return out;
}

const std::vector<std::string> kEstateHeader{
    "id", "name", "kind", "households", "area_m2", "rate_m2_per_100_households", "required_m2", "provided_m2",
    "shortfall_m2", "facility_count", "facility_ids", "min_single_facility_m2", "undersized_facilities",
    "zone_district", "zone_street", "verdict", "reasons"};

void check_fixture_estates(const Csv& e, const std::string& district_col = "zone_district",
                           const std::string& street_col = "zone_street") {
  std::vector<std::string> header = kEstateHeader;
  header[13] = district_col;
  header[14] = street_col;
  CHECK(e.header == header);
  REQUIRE(e.rows.size() == 4);
  const std::vector<std::vector<std::string>> expected{
      {"A", "", "new", "300", "10000.00", "20.00", "60.00", "70.00", "0.00", "2", "f1;f2", "", "0", "D0", "S1", "pass", ""},
      {"B", "", "old", "260", "10000.00", "15.00", "39.00", "39.00", "0.00", "1", "f3", "", "0", "D0", "S2", "pass", ""},
      {"C", "", "new", "150", "10000.00", "20.00", "30.00", "25.00", "5.00", "1", "f4", "", "0", "D0", "S1", "fail",
       "provided 25.00 m2 < required 30.00 m2 (150 households x 20 m2 per 100); shortfall 5.00 m2"},
      {"D", "", "old", "0", "10000.00", "15.00", "0.00", "0.00", "0.00", "0", "", "", "0", "D0", "S2", "pass", ""},
  };
  for (std::size_t r = 0; r < 4; ++r) {
    auto got = cells(e, r);
    got[1] = "";  // names differ between the English and the GBK fixture
    CHECK(got == expected[r]);
  }
}

void check_fixture_zones(const Csv& z) {
  CHECK(z.header == std::vector<std::string>{"id", "name", "level", "population", "population_source",
                                             "estate_count", "facility_count", "required_land_m2",
                                             "provided_land_m2", "shortfall_land_m2", "land_m2_per_resident",
                                             "verdict", "reasons"});
  REQUIRE(z.rows.size() == 3);
  const std::vector<std::vector<std::string>> expected{
      {"D0", "", "", "10000", "field", "4", "6", "1000.00", "1050.00", "0.00", "0.1050", "pass", ""},
      {"S1", "", "", "1179", "estates", "2", "2", "117.90", "0.00", "117.90", "0.0000", "fail",
       "provided 0.00 m2 of land < required 117.90 m2 (1179 residents x 0.1 m2); shortfall 117.90 m2"},
      {"S2", "", "", "800", "field", "2", "4", "80.00", "1050.00", "0.00", "1.3125", "pass", ""},
  };
  for (std::size_t r = 0; r < 3; ++r) {
    auto got = cells(z, r);
    got[1] = got[2] = "";  // names and level labels differ between fixtures
    CHECK(got == expected[r]);
  }
}

void check_fixture_unassigned(const Csv& u) {
  CHECK(u.header == std::vector<std::string>{"id", "name", "category", "type", "floor_area_m2", "land_area_m2", "beds",
                                             "nursing_beds", "operator", "estate_id", "reason", "lon", "lat"});
  REQUIRE(u.rows.size() == 2);
  CHECK(u.rows[0].at("id") == "f5");
  CHECK(u.rows[0].at("floor_area_m2") == "900.00");
  CHECK(u.rows[0].at("land_area_m2") == "600.00");
  CHECK(u.rows[0].at("reason") == "inside no parcel");
  CHECK(u.rows[1].at("id") == "f6");
  CHECK(u.rows[1].at("estate_id") == "Z");
  CHECK(u.rows[1].at("reason") == "its estate_id 'Z' is not among the parcels");
  // f5 at (450260, 2522050) in EPSG:4547 is about 113.5155666 E, 22.7962026 N.
  CHECK(std::stod(u.rows[0].at("lon")) == Approx(113.5155666).margin(1e-6));
  CHECK(std::stod(u.rows[0].at("lat")) == Approx(22.7962026).margin(1e-6));
}

// RFC 7946: no crs member, lon/lat, outer rings counter-clockwise, holes clockwise,
// at most 7 decimals.
void check_rfc7946(const std::string& path) {
  const std::string text = read_file(path);
  const json doc = json::parse(text);
  CHECK(doc["type"] == "FeatureCollection");
  CHECK_FALSE(doc.contains("crs"));
  for (const json& f : doc["features"]) {
    const json& g = f["geometry"];
    std::vector<json> polys;
    if (g["type"] == "Polygon") polys.push_back(g["coordinates"]);
    if (g["type"] == "MultiPolygon")
      for (const json& p : g["coordinates"]) polys.push_back(p);
    for (const json& p : polys)
      for (std::size_t r = 0; r < p.size(); ++r) {
        siting::Ring ring;
        for (const json& c : p[r]) {
          CHECK(c[0].get<double>() > 73.0);
          CHECK(c[0].get<double>() < 136.0);
          CHECK(c[1].get<double>() > 3.0);
          CHECK(c[1].get<double>() < 54.0);
          ring.push_back({c[0].get<double>(), c[1].get<double>()});
        }
        if (r == 0) CHECK(siting::signed_area(ring) > 0);
        else CHECK(siting::signed_area(ring) < 0);
      }
  }
  // No coordinate with more than 7 decimals.
  std::size_t i = 0, longest = 0;
  while ((i = text.find('.', i)) != std::string::npos) {
    std::size_t j = ++i;
    while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
    longest = std::max(longest, j - i);
  }
  CHECK(longest <= 7);
}

}  // namespace

TEST_CASE("check: the hand-worked fixture, every output column", "[cli][check]") {
  TempDir tmp;
  const auto r = run_siting(with(fixture_args(source(kFixture)), {"--out", tmp / "out"}));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("new estates meeting 20 m2 per 100 households: 1 of 2 (50.0%), shortfall 5.00 m2"));
  CHECK_THAT(r.out, Contains("old estates meeting 15 m2 per 100 households: 2 of 2 (100.0%)"));
  CHECK_THAT(r.out, Contains("zones meeting 0.1 m2 of land per resident: district 1 of 1, street 1 of 2"));
  CHECK_THAT(r.err, Contains("working CRS EPSG:4547"));
  CHECK(list_dir(tmp / "out") ==
        std::vector<std::string>{".siting-manifest.json", "estates.csv", "estates.geojson", "facilities.csv",
                                 "facilities.geojson", "indicators.csv", "summary.json", "unassigned_facilities.csv",
                                 "zones.csv", "zones.geojson"});
  check_fixture_estates(read_csv(tmp / "out/estates.csv"));
  check_fixture_zones(read_csv(tmp / "out/zones.csv"));
  check_fixture_unassigned(read_csv(tmp / "out/unassigned_facilities.csv"));

  const Csv fac = read_csv(tmp / "out/facilities.csv");
  REQUIRE(fac.rows.size() == 6);
  CHECK(fac.row("id", "f1").at("estate_id") == "A");
  CHECK(fac.row("id", "f1").at("assigned_by") == "contained");
  CHECK(fac.row("id", "f4").at("estate_id") == "C");
  CHECK(fac.row("id", "f4").at("assigned_by") == "estate_id");

  const json s = json::parse(read_file(tmp / "out/summary.json"));
  CHECK(s["estates"]["total"] == 4);
  CHECK(s["estates"]["pass"] == 3);
  CHECK(s["estates"]["compliance_rate"] == 0.75);
  CHECK(s["estates"]["new"]["compliance_rate"] == 0.5);
  CHECK(s["estates"]["new"]["required_m2"] == 90.0);
  CHECK(s["estates"]["new"]["provided_m2"] == 95.0);
  CHECK(s["estates"]["new"]["shortfall_m2"] == 5.0);
  CHECK(s["estates"]["old"]["compliance_rate"] == 1.0);
  CHECK(s["zones"]["street"]["pass"] == 1);
  CHECK(s["zones"]["street"]["compliance_rate"] == 0.5);
  CHECK(s["zones"]["street"]["population"] == 1979.0);
  CHECK(s["zones"]["district"]["provided_land_m2"] == 1050.0);
  CHECK(s["facilities"]["unassigned"] == 2);
  CHECK(s["facilities"]["floor_area_m2"] == 1044.0);
  CHECK(s["rules"]["name"] == "guangdong");
  CHECK(s["working_crs"]["crs"] == "EPSG:4547 (CGCS2000 / 3-degree Gauss-Kruger CM 114E)");

  for (const char* f : {"estates.geojson", "zones.geojson", "facilities.geojson"}) check_rfc7946(tmp / ("out/" + std::string(f)));
  const json estates = json::parse(read_file(tmp / "out/estates.geojson"));
  CHECK(estates["features"][2]["properties"]["verdict"] == "fail");
  CHECK(estates["features"][2]["properties"]["shortfall_m2"] == 5.0);
}

TEST_CASE("check: a GBK Shapefile with Chinese field names gives the same answers", "[cli][check][gbk]") {
  TempDir tmp;
  const auto r = run_siting(with(fixture_args(source("tests/fixtures/gbk/"), ".shp"), {"--out", tmp / "out"}));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  // Geographic CGCS2000 input: the log names the zone chosen and why.
  CHECK_THAT(r.err, Contains("working CRS EPSG:4547") && Contains("central meridian 114E"));
  const Csv e = read_csv(tmp / "out/estates.csv");
  check_fixture_estates(e, "zone_区", "zone_街道");
  CHECK(e.rows[0].at("name") == "锦绣花园");
  CHECK(e.rows[3].at("name") == "东风里");
  const Csv z = read_csv(tmp / "out/zones.csv");
  check_fixture_zones(z);
  CHECK(z.rows[1].at("level") == "街道");
  check_fixture_unassigned(read_csv(tmp / "out/unassigned_facilities.csv"));
  // The Shapefile's rings are clockwise; the GeoJSON output must not be.
  check_rfc7946(tmp / "out/estates.geojson");
}

TEST_CASE("check: GeoPackage, FlatGeobuf and Shapefile inputs agree with GeoJSON", "[cli][check][formats]") {
  TempDir tmp;
  const auto base = run_siting(with(fixture_args(source(kFixture)), {"--out", tmp / "geojson"}));
  REQUIRE(base.exit_code == 0);
  // One GeoPackage holding all three layers: layer names pick them.
  for (const char* layer : {"estates", "facilities", "zones"})
    translate(source(kFixture + layer + ".geojson"), tmp / "all.gpkg", {"-f", "GPKG", "-nln", layer});
  const auto gpkg = run_siting({"check", "--parcels", tmp / "all.gpkg", "--parcels-layer", "estates", "--facilities",
                                tmp / "all.gpkg", "--facilities-layer", "facilities", "--zones", tmp / "all.gpkg",
                                "--zones-layer", "zones", "--out", tmp / "gpkg"});
  INFO(gpkg.err);
  REQUIRE(gpkg.exit_code == 0);
  for (const char* layer : {"estates", "facilities", "zones"}) {
    translate(source(kFixture + layer + ".geojson"), tmp / (std::string(layer) + ".fgb"), {"-f", "FlatGeobuf", "-lco", "SPATIAL_INDEX=NO"});  // the index would Hilbert-sort features
    translate(source(kFixture + layer + ".geojson"), tmp / (std::string(layer) + ".shp"), {"-f", "ESRI Shapefile"});
  }
  const auto fgb = run_siting(with(fixture_args(tmp.path() + "/", ".fgb"), {"--out", tmp / "fgb"}));
  const auto shp = run_siting(with(fixture_args(tmp.path() + "/", ".shp"), {"--out", tmp / "shp"}));
  REQUIRE(fgb.exit_code == 0);
  REQUIRE(shp.exit_code == 0);
  for (const char* f : {"estates.csv", "zones.csv", "unassigned_facilities.csv", "facilities.csv"}) {
    CHECK(read_file(tmp / ("gpkg/" + std::string(f))) == read_file(tmp / ("geojson/" + std::string(f))));
    CHECK(read_file(tmp / ("fgb/" + std::string(f))) == read_file(tmp / ("geojson/" + std::string(f))));
    CHECK(read_file(tmp / ("shp/" + std::string(f))) == read_file(tmp / ("geojson/" + std::string(f))));
  }
}

TEST_CASE("check: the same input gives byte-identical outputs", "[cli][check]") {
  TempDir tmp;
  for (const char* out : {"one", "two"})
    REQUIRE(run_siting(with(fixture_args(source(kFixture)), {"--gpkg", "--out", tmp / out})).exit_code == 0);
  const auto files = list_dir(tmp / "one");
  CHECK(files.size() == 11);  // nine files, siting.gpkg and the manifest
  CHECK(files == list_dir(tmp / "two"));
  for (const std::string& f : files) {
    INFO(f);
    CHECK(read_file(tmp / ("one/" + std::string(f))) == read_file(tmp / ("two/" + std::string(f))));
  }
  // The GeoPackage keeps the working CRS and holds every table.
  GDALAllRegister();
  GDALDatasetUniquePtr ds(GDALDataset::Open((tmp / "one/siting.gpkg").c_str(), GDAL_OF_VECTOR));
  REQUIRE(ds);
  // estates, zones, facilities, unassigned_facilities, indicators, and QGIS's
  // layer_styles with one default style per table.
  CHECK(ds->GetLayerCount() == 6);
  OGRLayer* styles = ds->GetLayerByName("layer_styles");
  REQUIRE(styles);
  CHECK(styles->GetFeatureCount() == 5);
  OGRLayer* estates = ds->GetLayerByName("estates");
  REQUIRE(estates);
  CHECK(estates->GetFeatureCount() == 4);
  CHECK(std::string(estates->GetSpatialRef()->GetAuthorityCode(nullptr)) == "4547");
}

TEST_CASE("check: options change rules, fields, filters and exit codes", "[cli][check]") {
  TempDir tmp;
  SECTION("--set overrides a threshold") {
    const auto r = run_siting(with(fixture_args(source(kFixture)),
                                   {"--set", "estate.new.floor_m2_per_100_households=10", "--out", tmp / "o"}));
    REQUIRE(r.exit_code == 0);
    // C: 150 / 100 x 10 = 15 m2 required, 25 provided.
    CHECK(read_csv(tmp / "o/estates.csv").row("id", "C").at("verdict") == "pass");
    CHECK(read_csv(tmp / "o/estates.csv").row("id", "A").at("required_m2") == "30.00");
  }
  SECTION("--rules anhui: 30 m2 per 100 new households and 350 m2 facilities") {
    const auto r = run_siting(with(fixture_args(source(kFixture)), {"--rules", "anhui", "--out", tmp / "o"}));
    REQUIRE(r.exit_code == 0);
    const auto a = read_csv(tmp / "o/estates.csv").row("id", "A");
    CHECK(a.at("required_m2") == "90.00");
    CHECK(a.at("min_single_facility_m2") == "350.00");
    CHECK(a.at("undersized_facilities") == "2");
    CHECK(a.at("verdict") == "fail");
  }
  SECTION("--strict exits 1 when something fails") {
    CHECK(run_siting(with(fixture_args(source(kFixture)), {"--strict", "--out", tmp / "o"})).exit_code == 1);
  }
  SECTION("a field mapped by option") {
    const auto r = run_siting({"check", "--parcels", source("tests/fixtures/bad/no_households.geojson"),
                               "--parcels-field", "households=units", "--facilities",
                               source(kFixture + "facilities.geojson"), "--out", tmp / "o"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(read_csv(tmp / "o/estates.csv").row("id", "P1").at("required_m2") == "24.00");  // 120 x 20 / 100
  }
  SECTION("an attribute filter") {
    const auto r = run_siting(with(fixture_args(source(kFixture)), {"--parcels-where", "kind = 'new'", "--out", tmp / "o"}));
    REQUIRE(r.exit_code == 0);
    CHECK(read_csv(tmp / "o/estates.csv").rows.size() == 2);
  }
  SECTION("a stated CRS for a layer without one") {
    const auto r = run_siting({"check", "--parcels", source("tests/fixtures/bad/no_crs.csv"), "--input-crs", "EPSG:4547",
                               "--facilities", source(kFixture + "facilities.geojson"), "--out", tmp / "o"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(read_csv(tmp / "o/estates.csv").row("id", "P1").at("area_m2") == "10000.00");
  }
  SECTION("--kind-value adds a word for a kind") {
    const auto r = run_siting({"check", "--parcels", source("tests/fixtures/bad/unknown_kind.geojson"), "--kind-value",
                               "planned=new", "--facilities", source(kFixture + "facilities.geojson"), "--out", tmp / "o"});
    REQUIRE(r.exit_code == 0);
    CHECK(read_csv(tmp / "o/estates.csv").row("id", "P1").at("kind") == "new");
  }
  SECTION("--repair-invalid repairs and says so") {
    const auto r = run_siting({"check", "--parcels", source("tests/fixtures/bad/bowtie.geojson"), "--repair-invalid",
                               "--facilities", source(kFixture + "facilities.geojson"), "--out", tmp / "o"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.err, Contains("repaired 1 invalid polygon(s) with GEOS MakeValid: id=P2 (fid 1)"));
    // The bow-tie (0,0)-(100,100)-(100,0)-(0,100) becomes two triangles of 2500 m2 each.
    CHECK(read_csv(tmp / "o/estates.csv").row("id", "P2").at("area_m2") == "5000.00");
  }
  SECTION("--csv-bom starts CSV files with a byte-order mark") {
    REQUIRE(run_siting(with(fixture_args(source(kFixture)), {"--csv-bom", "--out", tmp / "o"})).exit_code == 0);
    CHECK(read_file(tmp / "o/estates.csv").rfind("\xEF\xBB\xBFid,name", 0) == 0);
  }
}

TEST_CASE("check: each bad input gets its message, its exit code and no output", "[cli][check][errors]") {
  struct Case {
    std::string name;
    std::vector<std::string> args;
    int exit_code;
    std::string message;
  };
  const std::string bad = source("tests/fixtures/bad/");
  const std::string fac = source(kFixture + "facilities.geojson");
  const std::string est = source(kFixture + "estates.geojson");
  auto parcels = [&](const std::string& file) { return std::vector<std::string>{"--parcels", bad + file, "--facilities", fac}; };
  const std::vector<Case> cases{
      {"missing file", {"--parcels", bad + "nope.gpkg", "--facilities", fac}, 3,
       "E101: " + bad + "nope.gpkg: no such file or folder"},
      {"unreadable file", parcels("garbage.geojson"), 3, "E101: " + bad + "garbage.geojson: cannot open"},
      {"unknown layer", {"--parcels", est, "--parcels-layer", "nope", "--facilities", fac}, 4,
       "E102: " + est + ", layer nope: no such layer; the dataset has: estates"},
      {"empty layer", parcels("empty.geojson"), 5, "E103: " + bad + "empty.geojson, layer empty: the layer has no features"},
      {"missing field", parcels("no_households.geojson"), 6,
       "E104: " + bad + "no_households.geojson, layer no_households: no households field"},
      {"non-numeric households", parcels("households_text.geojson"), 7,
       "E105: " + bad + "households_text.geojson, layer households_text, feature id=P2 (fid 1), field households: "
                        "expected a number, got \"abc\""},
      {"negative households", parcels("households_negative.geojson"), 7,
       "feature id=P2 (fid 1), field households: expected a non-negative number of households, got -5"},
      {"unknown kind", parcels("unknown_kind.geojson"), 7, "field kind: unknown kind \"planned\""},
      {"facility without floor area", {"--parcels", est, "--facilities", bad + "facility_no_floor_area.geojson"}, 7,
       "feature id=F1 (fid 0), field floor_area: missing floor area (m2)"},
      {"wrong geometry type", parcels("points.geojson"), 8,
       "E106: " + bad + "points.geojson, layer points, feature id=P1 (fid 0): expected a polygon, got Point"},
      {"invalid polygon", parcels("bowtie.geojson"), 9,
       "E107: " + bad + "bowtie.geojson, layer bowtie: 1 invalid polygon(s): id=P2 (fid 1) (Self-intersection at"},
      {"duplicate ids", parcels("duplicate_ids.geojson"), 10, "E108: " + bad + "duplicate_ids.geojson, layer duplicate_ids: id 'P1' is used by fid 0 and fid 1"},
      {"missing CRS", parcels("no_crs.csv"), 11,
       "E201: " + bad + "no_crs.csv, layer no_crs: the layer has no coordinate reference system; state it with --input-crs"},
      {"geographic working CRS", {"--parcels", est, "--facilities", fac, "--crs", "EPSG:4326"}, 12,
       "E202: the working CRS EPSG:4326 (WGS 84) is not a projected CRS in metres"},
      {"unknown rule set", {"--parcels", est, "--facilities", fac, "--rules", "hainan"}, 13,
       "E301: no rule-set preset named 'hainan'"},
      {"bad override", {"--parcels", est, "--facilities", fac, "--set", "zone.land_m2_per_resident=lots"}, 13,
       "E301: --set zone.land_m2_per_resident=lots: zone.land_m2_per_resident must be in [0, 100] m2 per resident, got 'lots'"},
      {"unknown field key", {"--parcels", est, "--parcels-field", "homes=HH", "--facilities", fac}, 2,
       "E001: unknown parcels field key 'homes'"},
  };
  for (const Case& c : cases) {
    DYNAMIC_SECTION(c.name) {
      TempDir tmp;
      std::vector<std::string> args{"check"};
      args.insert(args.end(), c.args.begin(), c.args.end());
      args.insert(args.end(), {"--out", tmp / "out"});
      const auto r = run_siting(args);
      CHECK(r.exit_code == c.exit_code);
      CHECK_THAT(r.err, Contains(c.message));
      // One error line, and nothing written.
      std::size_t error_lines = 0;
      for (std::size_t at = r.err.find("siting: error"); at != std::string::npos; at = r.err.find("siting: error", at + 1))
        ++error_lines;
      CHECK(error_lines == 1);
      CHECK(r.err.find('\n', r.err.find("siting: error")) == r.err.size() - 1);
      CHECK_FALSE(exists(tmp / "out"));
    }
  }
}

TEST_CASE("check: an error leaves an existing output folder as it was", "[cli][check][errors]") {
  TempDir tmp;
  REQUIRE(run_siting(with(fixture_args(source(kFixture)), {"--out", tmp / "out"})).exit_code == 0);
  const auto before = list_dir(tmp / "out");
  const std::string estates_before = read_file(tmp / "out/estates.csv");
  const auto r = run_siting({"check", "--parcels", source("tests/fixtures/bad/households_text.geojson"), "--facilities",
                             source(kFixture + "facilities.geojson"), "--out", tmp / "out"});
  CHECK(r.exit_code == 7);
  CHECK(list_dir(tmp / "out") == before);
  CHECK(list_dir(tmp.path()) == std::vector<std::string>{"out"});  // no staging folder left behind either
  CHECK(read_file(tmp / "out/estates.csv") == estates_before);
}

TEST_CASE("command line: help, version and usage errors", "[cli]") {
  const auto help = run_siting({"--help"});
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.out, Contains("check") && Contains("rules") && Contains("layers"));
  const auto check_help = run_siting({"check", "--help"});
  CHECK(check_help.exit_code == 0);
  CHECK_THAT(check_help.out, Contains("--parcels-layer") && Contains("Example") &&
                                 Contains("siting check --parcels geodata/sample/estates.geojson"));
  const auto version = run_siting({"--version"});
  CHECK(version.exit_code == 0);
  CHECK_THAT(version.out, Contains("siting 0.1.0") && Contains("GDAL 3.6") && Contains("GEOS 3.11") && Contains("PROJ 9"));
  // The allocator the build linked is the one that allocates (not glibc's,
  // found first by a library loaded before it).
  CHECK_THAT(version.out, Contains(std::string(", ") + SITING_EXPECT_ALLOCATOR + ")"));
  const auto missing = run_siting({"check", "--parcels", "x.gpkg"});
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.err, Contains("E001: --facilities is required"));
  const auto rules = run_siting({"rules"});
  CHECK(rules.exit_code == 0);
  CHECK_THAT(rules.out, Contains("guangdong: ") && Contains("anhui: ") && Contains("fujian: "));
  CHECK(run_siting({"rules", "anhui"}).out == read_file(source("geodata/rules/anhui.json")));
  const auto layers = run_siting({"layers", source("tests/fixtures/gbk/estates.shp")});
  CHECK(layers.exit_code == 0);
  CHECK(layers.out == "estates (4 features): 编号, 名称, 类型, 户数\n");
}

TEST_CASE("check: a rerun into the same folder leaves only its own outputs", "[cli][check]") {
  TempDir tmp;
  REQUIRE(run_siting(with(fixture_args(source(kFixture)), {"--gpkg", "--out", tmp / "out"})).exit_code == 0);
  CHECK(exists(tmp / "out/zones.csv"));
  CHECK(exists(tmp / "out/siting.gpkg"));
  std::ofstream(tmp / "out/my-notes.txt") << "kept";
  // Without --zones and --gpkg: the zone files and the GeoPackage of the first run go.
  const auto r = run_siting({"check", "--parcels", source(kFixture + "estates.geojson"), "--facilities",
                             source(kFixture + "facilities.geojson"), "--out", tmp / "out"});
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.err, Contains("zones.csv left by an earlier run"));
  CHECK(list_dir(tmp / "out") == std::vector<std::string>{".siting-manifest.json", "estates.csv", "estates.geojson",
                                                           "facilities.csv", "facilities.geojson", "indicators.csv",
                                                           "my-notes.txt", "summary.json", "unassigned_facilities.csv"});
}

TEST_CASE("check: options from a TOML config file, and misspelt keys refused", "[cli][check]") {
  TempDir tmp;
  std::ofstream(tmp / "run.toml") << "[check]\nparcels = \"" << source(kFixture + "estates.geojson") << "\"\n"
                                  << "facilities = \"" << source(kFixture + "facilities.geojson") << "\"\n"
                                  << "zones = [\"" << source(kFixture + "zones.geojson") << "\"]\n"
                                  << "set = [\"estate.new.floor_m2_per_100_households=10\"]\n"
                                  << "out = \"" << tmp / "out" << "\"\n";
  const auto r = run_siting({"--config", tmp / "run.toml", "check"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(read_csv(tmp / "out/estates.csv").row("id", "C").at("required_m2") == "15.00");
  CHECK(read_csv(tmp / "out/zones.csv").rows.size() == 3);

  std::ofstream(tmp / "typo.toml") << "[check]\nparcels = \"x\"\nstict = true\n";
  const auto typo = run_siting({"--config", tmp / "typo.toml", "check"});
  CHECK(typo.exit_code == 2);
  CHECK_THAT(typo.err, Contains("E001") && Contains("check.stict"));
}

TEST_CASE("check: an empty facilities layer is reported as empty", "[cli][check][errors]") {
  TempDir tmp;
  const auto r = run_siting({"check", "--parcels", source(kFixture + "estates.geojson"), "--facilities",
                             source("tests/fixtures/bad/empty.geojson"), "--out", tmp / "out"});
  CHECK(r.exit_code == 5);
  CHECK_THAT(r.err, Contains("E103: " + source("tests/fixtures/bad/empty.geojson") + ", layer empty: the layer has no features"));
}
