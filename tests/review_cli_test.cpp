// SPDX-License-Identifier: Apache-2.0
// `siting review` on the hand-worked proposals (tests/fixtures/review/README.md):
// P-PASS meets every rule, P-FAIL fails every rule that can fail; the numbers
// in the findings are worked out there by hand.

#include <catch2/catch.hpp>
#include <gdal_utils.h>

#include <cstdlib>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "support.hpp"

using namespace siting::test;
using Catch::Matchers::Contains;
using json = nlohmann::json;

namespace {

const std::string kDir = "tests/fixtures/review/";

std::vector<std::string> context(const std::vector<std::string>& more = {}) {
  std::vector<std::string> a{"--facilities", source("tests/fixtures/coverage/facilities.geojson"),
                             "--zones",      source(kDir + "zones.geojson"),
                             "--roads",      source("tests/fixtures/coverage/roads.geojson"),
                             "--speed",      "1",
                             "--minutes",    "5,10"};
  a.insert(a.end(), more.begin(), more.end());
  return a;
}

std::vector<std::string> review_args(const std::string& proposal, const std::string& out,
                                     const std::vector<std::string>& more = {}) {
  std::vector<std::string> a{"review", "--proposal", proposal, "--out", out};
  const auto c = context(more);
  a.insert(a.end(), c.begin(), c.end());
  return a;
}

std::map<std::string, json> checks_by_id(const json& review) {
  std::map<std::string, json> out;
  for (const json& c : review["checks"]) out[c["id"].get<std::string>()] = c;
  return out;
}

}  // namespace

TEST_CASE("review: a proposal that fails, check by check", "[cli][review]") {
  TempDir tmp;
  const auto r = run_siting(review_args(source(kDir + "batch/P-FAIL.geojson"), tmp / "out"));
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out, Contains("siting review: P-FAIL 碧水湾: FAIL (quantity, not_underground, lift, phasing, coverage, "
                             "zone_land.街道, sync.built, sync.accepted, sync.handed_over)"));
  CHECK(list_dir(tmp / "out") ==
        std::vector<std::string>{".siting-manifest.json", "map.png", "review.html", "review.json", "review.md"});
  const json j = json::parse(read_file(tmp / "out/review.json"));
  CHECK(j["format"] == "siting-review/1");
  CHECK(j["verdict"] == "fail");
  CHECK(j["proposal"]["households"] == 1000.0);
  CHECK(j["proposal"]["residents"] == 2620.0);
  CHECK(j["proposal"]["phases"].size() == 2);
  CHECK(j["proposal"]["facilities"][0]["floor"] == -1);
  CHECK(j["proposal"]["facilities"][0]["accepted"].is_null());
  auto c = checks_by_id(j);
  CHECK(c["quantity"]["outcome"] == "fail");
  CHECK(c["quantity"]["values"]["required_m2"] == 200.0);
  CHECK(c["quantity"]["values"]["provided_m2"] == 140.0);
  CHECK(c["quantity"]["values"]["shortfall_m2"] == 60.0);
  CHECK(c["min_single_facility"]["outcome"] == "not_applicable");
  CHECK(c["not_underground"]["outcome"] == "fail");
  CHECK(c["not_underground"]["finding"] == "B: on basement 1");
  CHECK(c["lift"]["outcome"] == "fail");
  CHECK(c["lift"]["finding"] == "B: on basement 1 without a lift; C: on floor 3 without a lift");
  CHECK(c["independent_entrance"]["outcome"] == "not_applicable");
  CHECK(c["phasing"]["outcome"] == "fail");
  CHECK_THAT(c["phasing"]["finding"].get<std::string>(), Contains("B in phase 2 (60.0% of households before it)"));
  CHECK(c["coverage"]["outcome"] == "fail");
  CHECK(c["coverage"]["values"]["share_with_proposal"] == 0.0);
  CHECK(c["coverage"]["values"]["added_share"] == 0.0);
  CHECK(c["zone_land.街道"]["outcome"] == "fail");
  CHECK(c["zone_land.街道"]["values"]["zone_id"] == "Z-E");
  CHECK(c["zone_land.街道"]["values"]["population_before"] == 5000.0);
  CHECK(c["zone_land.街道"]["values"]["population_after"] == 7620.0);
  CHECK(c["zone_land.街道"]["values"]["required_land_m2"] == 762.0);
  CHECK(c["zone_land.街道"]["values"]["provided_land_m2"] == 10.0);
  CHECK(c["sync.planned"]["outcome"] == "pass");
  CHECK(c["sync.built"]["outcome"] == "fail");
  CHECK(c["sync.accepted"]["finding"] == "no for B (not given)");
  CHECK(c["sync.handed_over"]["outcome"] == "fail");
  CHECK(j["failed_checks"].size() == 9);

  const std::string md = read_file(tmp / "out/review.md");
  CHECK_THAT(md, Contains("**Verdict: FAIL** — 9 of 10 checks made fail"));
  CHECK_THAT(md, Contains("| 1 | Facility floor area per 100 households | 配建规模（每百户建筑面积） | **FAIL** | required 200.00 m2"));
  CHECK_THAT(md, Contains("![map of the proposal](map.png)"));
  CHECK(read_file(tmp / "out/map.png").rfind("\x89PNG", 0) == 0);
}

TEST_CASE("review: a proposal that passes, and what it adds", "[cli][review]") {
  TempDir tmp;
  const auto r = run_siting(review_args(source(kDir + "batch/P-PASS.geojson"), tmp / "out"));
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("siting review: P-PASS 锦绣新城: PASS"));
  const json j = json::parse(read_file(tmp / "out/review.json"));
  CHECK(j["verdict"] == "pass");
  CHECK(j["failed_checks"].empty());
  auto c = checks_by_id(j);
  CHECK(c["quantity"]["values"]["required_m2"] == 120.0);
  CHECK(c["quantity"]["values"]["provided_m2"] == 150.0);
  for (const char* id : {"not_underground", "lift", "phasing", "coverage", "zone_land.街道", "sync.planned",
                         "sync.built", "sync.accepted", "sync.handed_over"})
    CHECK(c[id]["outcome"] == "pass");
  // Phase 1 at 60 + 0 + 10 = 70 s, phase 2 at 60 + 150 + 10 = 220 s from A;
  // F1, the existing facility, is 730 s and 930 s away: beyond the circle.
  CHECK(c["coverage"]["values"]["share_with_proposal"] == 1.0);
  CHECK(c["coverage"]["values"]["share_existing_only"] == 0.0);
  CHECK(c["coverage"]["values"]["added_share"] == 1.0);
  CHECK(j["proposal"]["phases"][0]["walk_time_s"] == 70.0);
  CHECK(j["proposal"]["phases"][1]["walk_time_s"] == 220.0);
  CHECK(j["proposal"]["phases"][1]["nearest_facility_id"] == "A");
  CHECK(j["proposal"]["phases"][1]["nearest_is_proposed"] == true);
  CHECK(c["zone_land.街道"]["values"]["required_land_m2"] == 657.2);
  CHECK(c["zone_land.街道"]["values"]["provided_land_m2"] == 700.0);
  CHECK(c["zone_land.街道"]["values"]["met_before"] == false);
}

TEST_CASE("review: rule options turn checks on and off", "[cli][review]") {
  TempDir tmp;
  SECTION("an independent entrance required") {
    const auto r = run_siting(review_args(source(kDir + "batch/P-FAIL.geojson"), tmp / "out",
                                          {"--set", "review.independent_entrance=true"}));
    auto c = checks_by_id(json::parse(read_file(tmp / "out/review.json")));
    CHECK(c["independent_entrance"]["outcome"] == "fail");
    CHECK(c["independent_entrance"]["finding"] == "B: no independent entrance");
  }
  SECTION("Anhui: 30 m2 per 100 new households and 350 m2 per facility") {
    const auto r = run_siting(review_args(source(kDir + "batch/P-PASS.geojson"), tmp / "out", {"--rules", "anhui"}));
    CHECK(r.exit_code == 1);
    auto c = checks_by_id(json::parse(read_file(tmp / "out/review.json")));
    CHECK(c["quantity"]["values"]["required_m2"] == 180.0);  // 600 x 30 / 100
    CHECK(c["quantity"]["outcome"] == "fail");
    CHECK(c["min_single_facility"]["outcome"] == "fail");
    CHECK(c["min_single_facility"]["finding"] == "below the minimum of 350.00 m2: A 150.00 m2");
    CHECK(c["independent_entrance"]["outcome"] == "pass");
  }
  SECTION("a single-facility minimum the facility meets") {
    // A has 150 m2; with a minimum of 100 m2 (and Anhui's 30 m2 per 100 households
    // lowered to 25: 600 x 25 / 100 = 150 m2) every check of the quantity passes.
    const auto r = run_siting(review_args(source(kDir + "batch/P-PASS.geojson"), tmp / "out",
                                          {"--rules", "anhui", "--set", "estate.new.min_single_facility_floor_m2=100",
                                           "--set", "estate.new.floor_m2_per_100_households=25"}));
    auto c = checks_by_id(json::parse(read_file(tmp / "out/review.json")));
    CHECK(c["min_single_facility"]["outcome"] == "pass");
    CHECK(c["min_single_facility"]["finding"] == "every facility has at least 100.00 m2");
    CHECK(c["quantity"]["values"]["required_m2"] == 150.0);
    CHECK(c["quantity"]["outcome"] == "pass");
    CHECK(r.exit_code == 0);
  }
  SECTION("phasing allowed up to 60% of the housing") {
    run_siting(review_args(source(kDir + "batch/P-FAIL.geojson"), tmp / "out",
                           {"--set", "review.max_housing_share_before_facility=0.6"}));
    CHECK(checks_by_id(json::parse(read_file(tmp / "out/review.json")))["phasing"]["outcome"] == "pass");
  }
}

TEST_CASE("review: without context, coverage and land are not evaluated, and say so", "[cli][review]") {
  TempDir tmp;
  const auto r = run_siting({"review", "--proposal", source(kDir + "batch/P-PASS.geojson"), "--out", tmp / "out"});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.err, Contains("no --roads given: the walking-coverage check is not evaluated"));
  auto c = checks_by_id(json::parse(read_file(tmp / "out/review.json")));
  CHECK(c["coverage"]["outcome"] == "not_evaluated");
  CHECK(c["zone_land"]["outcome"] == "not_evaluated");
  CHECK_THAT(read_file(tmp / "out/review.md"), Contains("all 8 checks made pass; 2 not evaluated for want of context"));
}

TEST_CASE("review: a folder of proposals in one run, with one summary table", "[cli][review]") {
  TempDir tmp;
  const auto r = run_siting(review_args(source(kDir + "batch"), tmp / "out"));
  INFO(r.err);
  CHECK(r.exit_code == 1);  // one fails
  CHECK_THAT(r.out, Contains("siting review: 2 proposals, 1 fail (reviews.csv)"));
  CHECK(list_dir(tmp / "out") ==
        std::vector<std::string>{".siting-manifest.json", "P-FAIL", "P-PASS", "reviews.csv", "reviews.md"});
  CHECK(list_dir(tmp / "out/P-PASS") == std::vector<std::string>{"map.png", "review.html", "review.json", "review.md"});
  const Csv s = read_csv(tmp / "out/reviews.csv");
  REQUIRE(s.rows.size() == 2);
  CHECK(s.row("proposal_id", "P-FAIL").at("verdict") == "fail");
  CHECK(s.row("proposal_id", "P-FAIL").at("quantity") == "fail");
  CHECK(s.row("proposal_id", "P-FAIL").at("households") == "1000");
  CHECK(s.row("proposal_id", "P-PASS").at("verdict") == "pass");
  CHECK(s.row("proposal_id", "P-PASS").at("coverage") == "pass");
  CHECK(s.row("proposal_id", "P-PASS").at("min_single_facility") == "not_applicable");
  CHECK_THAT(read_file(tmp / "out/reviews.md"), Contains("| P-FAIL | 碧水湾 | **fail** |"));
}

TEST_CASE("review: a GeoPackage with estate and facility layers", "[cli][review]") {
  TempDir tmp;
  GDALAllRegister();
  auto translate = [&](const char* sql, const char* layer) {
    std::vector<std::string> args{"-f", "GPKG", "-nln", layer, "-dialect", "sqlite", "-sql", sql};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    GDALVectorTranslateOptions* o = GDALVectorTranslateOptionsNew(argv.data(), nullptr);
    GDALDatasetH src = GDALOpenEx(source(kDir + "batch/P-PASS.geojson").c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
    const std::string out = tmp / "p.gpkg";
    GDALDatasetH dst = exists(out) ? GDALOpenEx(out.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr)
                                   : nullptr;
    GDALDatasetH res = GDALVectorTranslate(out.c_str(), dst, 1, &src, o, nullptr);
    REQUIRE(res);
    GDALClose(res);
    GDALClose(src);
    GDALVectorTranslateOptionsFree(o);
  };
  translate("SELECT * FROM \"P-PASS\" WHERE GeometryType(geometry) LIKE '%POLYGON%'", "estates");
  translate("SELECT * FROM \"P-PASS\" WHERE GeometryType(geometry) = 'POINT'", "facilities");
  const auto r = run_siting(review_args(tmp / "p.gpkg", tmp / "out", {"--proposal-layer", "estates"}));
  INFO(r.err);
  CHECK(r.exit_code == 0);
  const json j = json::parse(read_file(tmp / "out/review.json"));
  CHECK(j["proposal"]["facilities"].size() == 1);
  CHECK(checks_by_id(j)["quantity"]["values"]["provided_m2"] == 150.0);
}

TEST_CASE("review: bad proposals are refused clearly", "[cli][review][errors]") {
  TempDir tmp;
  auto write = [&](const std::string& name, const std::string& features) {
    std::ofstream(tmp / name) << R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4547"}},"features":[)"
                              << features << "]}";
    return tmp / name;
  };
  const std::string estate =
      R"({"type":"Feature","properties":{"households":100,"kind":"new"},"geometry":{"type":"Polygon","coordinates":[[[450700,2522010],[450800,2522010],[450800,2522110],[450700,2522110],[450700,2522010]]]}})";
  SECTION("a floor that is not a number") {
    const auto p = write("a.geojson", estate + R"(,{"type":"Feature","properties":{"id":"X","floor_area":100,"floor":"ground"},"geometry":{"type":"Point","coordinates":[450750,2522050]}})");
    const auto r = run_siting({"review", "--proposal", p, "--out", tmp / "out"});
    CHECK(r.exit_code == 7);
    CHECK_THAT(r.err, Contains("E105") && Contains("feature id=X (fid 1), field floor: expected a number, got \"ground\""));
    CHECK_FALSE(exists(tmp / "out"));
  }
  SECTION("a yes/no field with another answer") {
    const auto p = write("b.geojson", estate + R"(,{"type":"Feature","properties":{"id":"X","floor_area":100,"lift":"maybe"},"geometry":{"type":"Point","coordinates":[450750,2522050]}})");
    const auto r = run_siting({"review", "--proposal", p, "--out", tmp / "out"});
    CHECK(r.exit_code == 7);
    CHECK_THAT(r.err, Contains("field lift: expected yes or no"));
  }
  SECTION("a facility that names no proposal there is") {
    const auto p = write("c.geojson", estate + R"(,{"type":"Feature","properties":{"id":"X","floor_area":100,"proposal_id":"Q"},"geometry":{"type":"Point","coordinates":[450750,2522050]}})");
    const auto r = run_siting({"review", "--proposal", p, "--out", tmp / "out"});
    CHECK(r.exit_code == 10);
    CHECK_THAT(r.err, Contains("E108") && Contains("names proposal 'Q', which has no estate polygon"));
  }
  SECTION("no lift column: fine on the ground floor, not in a basement") {
    const auto ground = write("e.geojson", estate + R"(,{"type":"Feature","properties":{"id":"X","floor_area":100,"floor":1},"geometry":{"type":"Point","coordinates":[450750,2522050]}})");
    run_siting({"review", "--proposal", ground, "--out", tmp / "e"});
    CHECK(checks_by_id(json::parse(read_file(tmp / "e/review.json")))["lift"]["outcome"] == "pass");
    const auto below = write("f.geojson", estate + R"(,{"type":"Feature","properties":{"id":"X","floor_area":100,"floor":-1,"lift":"yes"},"geometry":{"type":"Point","coordinates":[450750,2522050]}})");
    run_siting({"review", "--proposal", below, "--out", tmp / "f"});
    auto c = checks_by_id(json::parse(read_file(tmp / "f/review.json")));
    CHECK(c["lift"]["outcome"] == "pass");  // below ground, but with a lift
    CHECK(c["lift"]["title_zh"] == "2层及以上或地下设电梯");
    CHECK(c["not_underground"]["outcome"] == "fail");
  }
  SECTION("options a review does not use are refused") {
    const auto r = run_siting({"review", "--proposal", source(kDir + "batch/P-PASS.geojson"), "--network-times",
                               "--out", tmp / "out"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Contains("E001") && Contains("--network-times"));
  }
  SECTION("a proposal that does not give the floor its rules need") {
    const auto p = write("d.geojson", estate + R"(,{"type":"Feature","properties":{"id":"X","floor_area":100},"geometry":{"type":"Point","coordinates":[450750,2522050]}})");
    const auto r = run_siting({"review", "--proposal", p, "--out", tmp / "out"});
    CHECK(r.exit_code == 1);
    auto c = checks_by_id(json::parse(read_file(tmp / "out/review.json")));
    CHECK(c["not_underground"]["outcome"] == "fail");
    CHECK(c["not_underground"]["finding"] == "not shown: the proposal gives no floor for its facilities");
    CHECK(c["sync.planned"]["outcome"] == "not_applicable");
  }
}

TEST_CASE("review: the same proposal gives byte-identical reports", "[cli][review]") {
  TempDir tmp;
  run_siting(review_args(source(kDir + "batch"), tmp / "a"));
  run_siting(review_args(source(kDir + "batch"), tmp / "b"));
  for (const char* f : {"reviews.csv", "reviews.md", "P-FAIL/review.json", "P-FAIL/review.md", "P-FAIL/review.html",
                        "P-FAIL/map.png", "P-PASS/map.png"}) {
    INFO(f);
    CHECK(read_file(tmp / ("a/" + std::string(f))) == read_file(tmp / ("b/" + std::string(f))));
  }
}

TEST_CASE("review: the HTML report shows its verdict and map in a real browser", "[cli][review][browser]") {
  const std::string chromium = "/usr/bin/chromium";
  if (!exists(chromium)) {
    const char* ci = std::getenv("CI");
    if (ci && std::string(ci) == "true") FAIL("CI=true but " << chromium << " is missing (scripts/install-deps.sh installs it)");
    WARN("browser test did NOT run: " << chromium << " is missing");
    return;
  }
  TempDir tmp;
  REQUIRE(run_siting(review_args(source(kDir + "batch/P-FAIL.geojson"), tmp / "out")).exit_code == 1);
  // Headless, sandbox and network off (the machine has no internet); the page's
  // own script reports the decoded image size once the map has loaded.
  const auto r = run_program({chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                              "--no-first-run", "--disable-background-networking", "--disable-component-update",
                              "--disable-sync", "--user-data-dir=" + tmp / "profile", "--virtual-time-budget=5000",
                              "--dump-dom", "file://" + tmp / "out/review.html"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("<span id=\"verdict\" class=\"verdict fail\">Verdict: FAIL</span>"));
  // The decoded image has the PNG's size (900 wide at most, 700 high at most).
  const auto png = read_file(tmp / "out/map.png");
  auto be32 = [&](std::size_t at) {
    return (static_cast<unsigned char>(png[at]) << 24) | (static_cast<unsigned char>(png[at + 1]) << 16) |
           (static_cast<unsigned char>(png[at + 2]) << 8) | static_cast<unsigned char>(png[at + 3]);
  };
  const std::string shown = "map shown " + std::to_string(be32(16)) + "x" + std::to_string(be32(20));
  CHECK(be32(16) > 0);
  CHECK_THAT(r.out, Contains("<p id=\"map-status\">" + shown + "</p>"));
  CHECK_THAT(r.out, Contains("data-check=\"quantity\""));
}

TEST_CASE("review: zones without population are not judged on the proposal's residents alone", "[cli][review]") {
  TempDir tmp;
  // The fixture's zones with no 人口: without --parcels, nobody else lives there as far as siting knows.
  std::string zones = read_file(source(kDir + "zones.geojson"));
  for (const char* pop : {"\"人口\": 3000", "\"人口\": 5000"}) {
    const auto at = zones.find(pop);
    REQUIRE(at != std::string::npos);
    zones.replace(at, std::string(pop).size(), "\"人口\": null");
  }
  std::ofstream(tmp / "zones.geojson") << zones;
  std::vector<std::string> args = review_args(source(kDir + "batch/P-PASS.geojson"), tmp / "out");
  REQUIRE(args[7] == "--zones");
  args[8] = tmp / "zones.geojson";
  const auto r = run_siting(args);
  INFO(r.err);
  const json j = json::parse(read_file(tmp / "out/review.json"));
  auto c = checks_by_id(j);
  CHECK(c["zone_land.街道"]["outcome"] == "not_evaluated");
  CHECK_THAT(c["zone_land.街道"]["finding"].get<std::string>(), Contains("give its existing estates with --parcels"));
  // The context lists what the reviewer gave, not the proposal.
  std::vector<std::string> roles;
  for (const json& l : j["context"]) roles.push_back(l["role"]);
  CHECK(roles == std::vector<std::string>{"facilities", "zones", "roads"});
}

TEST_CASE("review: several --proposal options in one run", "[cli][review]") {
  TempDir tmp;
  std::vector<std::string> args = review_args(source(kDir + "batch/P-PASS.geojson"), tmp / "out");
  args.insert(args.end(), {"--proposal", source(kDir + "batch/P-FAIL.geojson")});
  const auto r = run_siting(args);
  CHECK(r.exit_code == 1);
  CHECK(read_csv(tmp / "out/reviews.csv").rows.size() == 2);
}
