// SPDX-License-Identifier: Apache-2.0
// `siting coverage` end to end on the hand-worked fixture
// (tests/fixtures/coverage/README.md): 1 m/s, tiers 5 and 10 minutes (300 and
// 600 m), lateral 20 m, so every time in seconds is a distance in metres.

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "support.hpp"

using namespace siting::test;
using Catch::Matchers::Contains;
using json = nlohmann::json;

namespace {

const std::string kDir = "tests/fixtures/coverage/";

std::vector<std::string> coverage_args(const std::string& out) {
  return {"coverage",   "--parcels", source(kDir + "parcels.geojson"), "--facilities",
          source(kDir + "facilities.geojson"), "--zones", source(kDir + "zones.geojson"),
          "--roads",    source(kDir + "roads.geojson"), "--speed", "1", "--minutes", "5,10",
          "--lateral",  "20", "--network-times", "--out", out};
}

}  // namespace

TEST_CASE("coverage: times, tiers, shares and gaps, by hand", "[cli][coverage]") {
  TempDir tmp;
  const auto r = run_siting(coverage_args(tmp / "out"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(list_dir(tmp / "out") ==
        std::vector<std::string>{".siting-manifest.json", "facilities_coverage.csv", "gaps.geojson",
                                 "network_times.csv", "parcels.csv", "parcels.geojson", "service_areas.geojson",
                                 "summary.json", "zones_coverage.csv"});
  CHECK_THAT(r.out, Contains("10-minute service circle (1 m/s, 600 m): 71.4% of households (750 of 1050)"));
  CHECK_THAT(r.out, Contains("target 90% of households: not met"));
  CHECK_THAT(r.out, Contains("households within 5 min 14.3%"));
  CHECK_THAT(r.out, Contains("gaps: 5 parcels with land outside the circle, 850 households left out"));

  const Csv p = read_csv(tmp / "out/parcels.csv");
  CHECK(p.header == std::vector<std::string>{"id", "name", "households", "residents", "area_m2", "access",
                                             "connector_m", "time_s", "time_min", "facility_id", "tier_min",
                                             "covered", "covered_share", "covered_share_5min",
                                             "covered_share_10min", "network_component", "on_island",
                                             "zone_street"});
  REQUIRE(p.rows.size() == 5);
  struct Row {
    const char* id;
    const char* access;
    const char* connector;
    const char* time;
    const char* facility;
    const char* tier;
    const char* covered;
    const char* share5;
    const char* share10;
    const char* component;
    const char* island;
    const char* zone;
  };
  const std::vector<Row> expected{
      {"P1", "nearest", "10.00", "130.0", "F1", "5", "true", "0.1000", "0.1000", "0", "false", "Z1"},
      {"P2", "nearest", "10.00", "430.0", "F1", "10", "true", "0.0000", "0.1000", "0", "false", "Z1"},
      {"P3", "nearest", "10.00", "", "", "", "false", "0.0000", "0.0000", "0", "false", "Z2"},
      {"P4", "street", "0.00", "470.0", "F1", "10", "true", "0.0000", "0.4000", "0", "false", "Z1"},
      {"P5", "nearest", "10.00", "10.0", "F2", "5", "true", "0.2000", "0.2000", "1", "true", "Z3"},
  };
  for (const Row& e : expected) {
    INFO(e.id);
    const auto& row = p.row("id", e.id);
    CHECK(row.at("access") == e.access);
    CHECK(row.at("connector_m") == e.connector);
    CHECK(row.at("time_s") == e.time);
    CHECK(row.at("facility_id") == e.facility);
    CHECK(row.at("tier_min") == e.tier);
    CHECK(row.at("covered") == e.covered);
    CHECK(row.at("covered_share_5min") == e.share5);
    CHECK(row.at("covered_share_10min") == e.share10);
    CHECK(row.at("covered_share") == e.share10);
    CHECK(row.at("network_component") == e.component);
    CHECK(row.at("on_island") == e.island);
    CHECK(row.at("zone_street") == e.zone);
  }
  CHECK(p.row("id", "P1").at("time_min") == "2.2");       // 130 s
  CHECK(p.row("id", "P1").at("residents") == "262");      // 100 x 2.62
  CHECK(p.row("id", "P5").at("area_m2") == "5000.00");

  // Gaps, most households left out first: households x uncovered share.
  const json gaps = json::parse(read_file(tmp / "out/gaps.geojson"));
  REQUIRE(gaps["features"].size() == 5);
  const std::vector<std::pair<std::string, double>> order{{"P3", 300}, {"P4", 240}, {"P2", 180}, {"P1", 90}, {"P5", 40}};
  for (std::size_t i = 0; i < order.size(); ++i) {
    const json& prop = gaps["features"][i]["properties"];
    CHECK(prop["parcel_id"] == order[i].first);
    CHECK(prop["households_left_out"].get<double>() == Approx(order[i].second));
  }
  CHECK(gaps["features"][0]["properties"]["gap_area_m2"] == 10000.0);
  CHECK(gaps["features"][0]["properties"]["time_s"].is_null());  // beyond the circle
  CHECK(gaps["features"][1]["properties"]["gap_area_m2"] == 6000.0);
  CHECK(gaps["features"][1]["properties"]["facility_id"] == "F1");

  // Facilities: who serves whom.
  const Csv f = read_csv(tmp / "out/facilities_coverage.csv");
  CHECK(f.row("id", "F1").at("households_served") == "700");
  CHECK(f.row("id", "F1").at("parcels_served") == "3");
  CHECK(f.row("id", "F1").at("connector_m") == "20.00");
  CHECK(f.row("id", "F1").at("on_island") == "false");
  CHECK(f.row("id", "F2").at("households_served") == "50");
  CHECK(f.row("id", "F2").at("on_island") == "true");
  CHECK(f.row("id", "F2").at("network_component") == "1");

  // Zones: shares per tier.
  const Csv z = read_csv(tmp / "out/zones_coverage.csv");
  CHECK(z.row("id", "Z1").at("households") == "700");
  CHECK(z.row("id", "Z1").at("households_covered_5min") == "100");
  CHECK(z.row("id", "Z1").at("households_share_5min") == "0.1429");
  CHECK(z.row("id", "Z1").at("households_share_10min") == "1.0000");
  CHECK(z.row("id", "Z1").at("area_share_10min") == "0.2000");  // (1000 + 1000 + 4000) / 30000
  CHECK(z.row("id", "Z1").at("target_met") == "true");
  CHECK(z.row("id", "Z2").at("households_share_10min") == "0.0000");
  CHECK(z.row("id", "Z2").at("target_met") == "false");
  CHECK(z.row("id", "Z3").at("households_share_5min") == "1.0000");

  // Every vertex within 600 m: x = 0..500 on the main street (20..520 s), the
  // side street at y=100 and 200 (420, 520 s), and both ends of the island (50 s).
  const Csv t = read_csv(tmp / "out/network_times.csv");
  REQUIRE(t.rows.size() == 10);
  std::map<std::pair<std::string, std::string>, std::string> times;
  for (const auto& row : t.rows) times[{row.at("x"), row.at("y")}] = row.at("time_s") + " " + row.at("facility_id");
  CHECK(times[{"450000.000", "2522000.000"}] == "20.000 F1");
  CHECK(times[{"450500.000", "2522000.000"}] == "520.000 F1");
  CHECK(times[{"450300.000", "2522200.000"}] == "520.000 F1");
  CHECK(times[{"452000.000", "2522000.000"}] == "50.000 F2");
  CHECK(times.count({"450600.000", "2522000.000"}) == 0);  // 620 s

  const json s = json::parse(read_file(tmp / "out/summary.json"));
  const json& c = s["coverage"];
  CHECK(c["budget_m"] == json::array({300.0, 600.0}));
  CHECK(c["network"]["walkable_lines"] == 5);  // the zero-length one goes when the graph is built
  CHECK(c["network"]["dropped_highway_type"] == 1);
  CHECK(c["network"]["dropped_private"] == 1);
  CHECK(c["network"]["dropped_foot_no"] == 1);
  CHECK(c["network"]["duplicate_segments_removed"] == 1);
  CHECK(c["network"]["zero_length_segments_removed"] == 1);
  CHECK(c["network"]["vertices"] == 16);
  CHECK(c["network"]["edges"] == 14);
  CHECK(c["network"]["components"] == 2);
  CHECK(c["facilities"]["on_islands"] == 1);
  CHECK(c["parcels"]["on_islands"] == 1);
  CHECK(c["overall"][0]["households_share"] == 0.1429);
  CHECK(c["overall"][1]["households_share"] == 0.7143);
  CHECK(c["overall"][1]["area_covered_m2"] == 7000.0);
  CHECK(c["overall"][1]["area_share"] == 0.1556);
  CHECK(c["target_met"] == false);
  CHECK(c["zones"]["street"]["Z1"][1]["households_share"] == 1.0);

  // Service areas: the two dissolved tiers, then one per facility.
  const json areas = json::parse(read_file(tmp / "out/service_areas.geojson"));
  REQUIRE(areas["features"].size() == 4);
  CHECK(areas["features"][0]["properties"]["kind"] == "dissolved");
  CHECK(areas["features"][0]["properties"]["minutes"] == 5.0);
  CHECK(areas["features"][0]["properties"]["households_served"] == 150);
  CHECK(areas["features"][1]["properties"]["households_served"] == 750);
  CHECK(areas["features"][2]["properties"]["facility_id"] == "F1");
  CHECK(areas["features"][3]["properties"]["facility_id"] == "F2");
}

TEST_CASE("coverage: the same input gives byte-identical outputs", "[cli][coverage]") {
  TempDir tmp;
  REQUIRE(run_siting(coverage_args(tmp / "a")).exit_code == 0);
  std::vector<std::string> args = coverage_args(tmp / "b");
  args.insert(args.end(), {"--threads", "1"});  // and whatever the number of threads
  REQUIRE(run_siting(args).exit_code == 0);
  for (const std::string& f : list_dir(tmp / "a")) {
    INFO(f);
    CHECK(read_file(tmp / ("a/" + f)) == read_file(tmp / ("b/" + f)));
  }
}

TEST_CASE("check --roads adds coverage to the provision check", "[cli][coverage][check]") {
  TempDir tmp;
  const auto r = run_siting({"check", "--parcels", source("geodata/sample/estates.geojson"), "--facilities",
                             source("geodata/sample/facilities.geojson"), "--zones",
                             source("geodata/sample/zones.geojson"), "--roads", source("geodata/sample/roads.geojson"),
                             "--out", tmp / "out"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("15-minute service circle (0.9 m/s, 810 m)"));
  for (const char* f : {"estates.csv", "zones.csv", "parcels.csv", "gaps.geojson", "service_areas.geojson",
                        "zones_coverage.csv", "facilities_coverage.csv", "summary.json"})
    CHECK(exists(tmp / ("out/" + std::string(f))));
  const Csv e = read_csv(tmp / "out/estates.csv");
  const Csv p = read_csv(tmp / "out/parcels.csv");
  REQUIRE(e.rows.size() == p.rows.size());
  for (std::size_t i = 0; i < e.rows.size(); ++i) {
    CHECK(e.rows[i].at("walk_time_s") == p.rows[i].at("time_s"));
    CHECK(e.rows[i].at("nearest_facility_id") == p.rows[i].at("facility_id"));
    CHECK(e.rows[i].at("in_service_circle") == p.rows[i].at("covered"));
  }
  const json s = json::parse(read_file(tmp / "out/summary.json"));
  CHECK(s["coverage"]["network"]["dropped_highway_type"] == 2);  // the motorway and its link
  CHECK(s["coverage"]["network"]["components"] == 2);            // and the island footway
}

TEST_CASE("coverage: bad network input is refused clearly", "[cli][coverage][errors]") {
  TempDir tmp;
  SECTION("polygons given as roads") {
    const auto r = run_siting({"coverage", "--facilities", source(kDir + "facilities.geojson"), "--roads",
                               source(kDir + "parcels.geojson"), "--out", tmp / "out"});
    CHECK(r.exit_code == 8);
    CHECK_THAT(r.err, Contains("E106") && Contains("expected lines for the walking network, got Polygon"));
    CHECK_FALSE(exists(tmp / "out"));
  }
  SECTION("no walkable lines left") {
    const auto r = run_siting({"coverage", "--facilities", source(kDir + "facilities.geojson"), "--roads",
                               source(kDir + "roads.geojson"), "--include-highway", "cycleway", "--out", tmp / "out"});
    CHECK(r.exit_code == 5);
    CHECK_THAT(r.err, Contains("E103") && Contains("no walkable lines"));
  }
  SECTION("only zero-length lines: no edge to walk on") {
    std::ofstream(tmp / "dots.geojson")
        << R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"highway":"footway"},)"
           R"("geometry":{"type":"LineString","coordinates":[[114.5,22.7],[114.5,22.7]]}}]})";
    const auto r = run_siting({"coverage", "--parcels", source(kDir + "parcels.geojson"), "--facilities",
                               source(kDir + "facilities.geojson"), "--roads", tmp / "dots.geojson", "--out", tmp / "out"});
    CHECK(r.exit_code == 5);
    CHECK_THAT(r.err, Contains("E103") && Contains("the walking network has no edge: the 1 walkable line(s) have 1 "
                                                   "zero-length segment(s)") && Contains("dots.geojson"));
    CHECK_FALSE(exists(tmp / "out"));
  }
  SECTION("minutes out of order") {
    const auto r = run_siting({"coverage", "--facilities", source(kDir + "facilities.geojson"), "--roads",
                               source(kDir + "roads.geojson"), "--minutes", "15,5", "--out", tmp / "out"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Contains("E001: --minutes must be 1 to 10 tiers, each in (0, 180] min and strictly increasing, "
                               "e.g. 5,10,15; got 15,5"));
  }
}

TEST_CASE("coverage: facilities need a place, not a floor or land area; minutes may be fractional",
          "[cli][coverage]") {
  TempDir tmp;
  // The fixture's two facilities with no floor_area or land_area, zones given.
  std::ofstream(tmp / "fac.geojson")
      << R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4547"}},)"
      << R"("features":[{"type":"Feature","properties":{"id":"F1"},"geometry":{"type":"Point","coordinates":[450000,2521980]}},)"
      << R"({"type":"Feature","properties":{"id":"F2"},"geometry":{"type":"Point","coordinates":[452050,2522000]}}]})";
  std::vector<std::string> args = coverage_args(tmp / "out");
  args[4] = tmp / "fac.geojson";
  args[12] = "2.5,10";  // --minutes
  const auto r = run_siting(args);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const Csv p = read_csv(tmp / "out/parcels.csv");
  CHECK(p.header[13] == "covered_share_2.5min");
  CHECK(p.row("id", "P1").at("tier_min") == "2.5");  // 130 s, within 2.5 min (150 s)
  CHECK(p.row("id", "P2").at("tier_min") == "10");   // 430 s
  const json s = json::parse(read_file(tmp / "out/summary.json"));
  CHECK(s["inputs"].back()["role"] == "roads");
  CHECK(s["inputs"].back()["features"] == 8);
}

TEST_CASE("coverage: highway values match whatever their case", "[cli][coverage]") {
  TempDir tmp;
  std::vector<std::string> args = coverage_args(tmp / "out");
  args.insert(args.end(), {"--include-highway", "Residential,FOOTWAY"});
  REQUIRE(run_siting(args).exit_code == 0);
  const json s = json::parse(read_file(tmp / "out/summary.json"));
  CHECK(s["coverage"]["network"]["walkable_lines"] == 5);
  CHECK(s["coverage"]["network"]["dropped_highway_type"] == 3);  // motorway, service, primary
}

TEST_CASE("coverage: facilities straight from OpenStreetMap", "[cli][coverage][realdata]") {
  const std::string data = shared_geodata();
  if (data.empty()) return;
  TempDir tmp;
  const std::string pbf = data + "/baltimore/baltimore.osm.pbf";
  // GDAL's OSM driver cannot count features up front; that is not "empty".
  const auto r = run_siting({"coverage", "--roads", pbf, "--facilities", pbf, "--facilities-layer", "multipolygons",
                             "--facilities-where", "amenity IN ('nursing_home', 'social_facility')", "--out",
                             tmp / "out"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(read_csv(tmp / "out/facilities_coverage.csv").rows.size() == 2);  // SOURCES.md: 1 nursing home, 1 social facility
  CHECK_THAT(r.err, Contains("working CRS EPSG:32618"));
}

TEST_CASE("coverage: the elderly are counted when every parcel gives them, by hand", "[cli][coverage]") {
  // The fixture's parcels with 老年人口 added: P1 10, P2 30, P3 60, P4 40, P5 5 (145).
  // Tiers (tests/fixtures/coverage/README.md): P1 and P5 within 5 min, P2 and P4
  // within 10, P3 beyond. So 15 of 145 within 5 min (0.1034), 85 within 10 (0.5862).
  TempDir tmp;
  auto doc = nlohmann::json::parse(read_file(source(kDir + "parcels.geojson")));
  const std::map<std::string, int> elderly{{"P1", 10}, {"P2", 30}, {"P3", 60}, {"P4", 40}, {"P5", 5}};
  for (auto& f : doc["features"]) f["properties"]["老年人口"] = elderly.at(f["properties"]["id"]);
  std::ofstream(tmp / "parcels.geojson") << doc.dump();
  std::vector<std::string> args = coverage_args(tmp / "out");
  *std::find(args.begin(), args.end(), source(kDir + "parcels.geojson")) = tmp / "parcels.geojson";
  const auto r = run_siting(args);
  INFO(r.err);
  REQUIRE(r.exit_code <= 1);
  const auto summary = nlohmann::json::parse(read_file(tmp / "out/summary.json"));
  const auto& overall = summary["coverage"]["overall"];
  CHECK(overall[0]["elderly_covered"] == 15);
  CHECK(overall[0]["elderly_share"] == Approx(0.1034));
  CHECK(overall[1]["elderly_covered"] == 85);
  CHECK(overall[1]["elderly_share"] == Approx(0.5862));
  CHECK_THAT(r.out, Contains("58.6% of the elderly"));
  const Csv parcels = read_csv(tmp / "out/parcels.csv");
  CHECK(parcels.row("id", "P3").at("elderly") == "60");

  SECTION("with one parcel's count missing, no elderly rate is given") {
    doc["features"][2]["properties"].erase("老年人口");
    std::ofstream(tmp / "parcels.geojson") << doc.dump();
    std::vector<std::string> args2 = coverage_args(tmp / "out2");
    *std::find(args2.begin(), args2.end(), source(kDir + "parcels.geojson")) = tmp / "parcels.geojson";
    const auto r2 = run_siting(args2);
    REQUIRE(r2.exit_code <= 1);
    const auto s2 = nlohmann::json::parse(read_file(tmp / "out2/summary.json"));
    CHECK_FALSE(s2["coverage"]["overall"][0].contains("elderly_share"));
    const auto header = read_csv(tmp / "out2/parcels.csv").header;
    CHECK(std::find(header.begin(), header.end(), "elderly") == header.end());
  }
  SECTION("with one parcel's count missing and demand.elderly_share, that parcel's are derived") {
    // P3: 300 households x 2.62 persons x 0.2 = 157.2 elderly; 10 + 30 + 157.2 + 40 + 5
    // = 242.2 in all: 15 within 5 min (0.0619), 85 within 10 (0.3510).
    doc["features"][2]["properties"].erase("老年人口");
    std::ofstream(tmp / "parcels.geojson") << doc.dump();
    std::vector<std::string> args3 = coverage_args(tmp / "out3");
    *std::find(args3.begin(), args3.end(), source(kDir + "parcels.geojson")) = tmp / "parcels.geojson";
    args3.insert(args3.end(), {"--set", "demand.elderly_share=0.2"});
    const auto r3 = run_siting(args3);
    INFO(r3.err);
    REQUIRE(r3.exit_code <= 1);
    CHECK_THAT(r3.err, Contains("elderly derived as residents x 0.2 (demand.elderly_share): 1 parcels"));
    const auto s3 = nlohmann::json::parse(read_file(tmp / "out3/summary.json"));
    CHECK(s3["rules"]["demand"]["elderly_share"] == 0.2);
    CHECK(s3["coverage"]["overall"][0]["elderly_share"] == Approx(15 / 242.2).margin(1e-4));
    CHECK(s3["coverage"]["overall"][1]["elderly_share"] == Approx(85 / 242.2).margin(1e-4));
  }
}
