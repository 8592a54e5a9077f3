// SPDX-License-Identifier: Apache-2.0
// A coverage run in district shards (siting shard, coverage --shard N, merge)
// against the same run in one piece, on the hand-worked coverage fixture
// (tests/fixtures/coverage/README.md: 1 m/s, tiers 300 and 600 m, lateral 20 m).
// Its main street runs 1 km east from F1 at x = 0, so with 50 m or 250 m
// districts every walk crosses several district borders; P1's label point
// (x = 150) lies on the border of two 50 m cells; P5 and F2 sit on an island.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "siting/shard/manifest.hpp"
#include "siting/shard/partition.hpp"
#include "support.hpp"

using namespace siting;
using namespace siting::test;
using Catch::Matchers::Contains;
using json = nlohmann::json;

namespace {

const std::string kDir = "tests/fixtures/coverage/";

std::vector<std::string> with(std::vector<std::string> head, const std::vector<std::string>& tail) {
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}

std::vector<std::string> options() {
  return {"--parcels", source(kDir + "parcels.geojson"), "--facilities", source(kDir + "facilities.geojson"),
          "--zones",   source(kDir + "zones.geojson"),   "--roads",      source(kDir + "roads.geojson"),
          "--speed",   "1",  "--minutes", "5,10", "--lateral", "20"};
}

std::string shard_dir(const std::string& parts, std::size_t n) {
  char name[32];
  std::snprintf(name, sizeof name, "/shard-%04zu", n);
  return parts + name;
}

// Runs shards 0..shards-1 of the plan `manifest` into parts/shard-NNNN: `command`
// is the command and its options, less --shard-manifest, --shard and --out.
void run_shards(const std::vector<std::string>& command, const std::string& manifest, std::size_t shards,
                const std::string& parts) {
  for (std::size_t n = 0; n < shards; ++n) {
    const auto r = run_siting(with(command, {"--shard-manifest", manifest, "--shard", std::to_string(n), "--out",
                                             shard_dir(parts, n)}));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
  }
}

// Plans with these district options and runs every shard; the number of shards.
std::size_t plan_and_run(const TempDir& tmp, const std::vector<std::string>& districts) {
  const auto plan = run_siting(with(with({"shard"}, options()), with(districts, {"--out", tmp / "plan"})));
  INFO(plan.err);
  REQUIRE(plan.exit_code == 0);
  const shard::Manifest m = shard::read_manifest(tmp / "plan/manifest.json");
  run_shards(with({"coverage"}, options()), tmp / "plan/manifest.json", m.shards.size(), tmp / "parts");
  return m.shards.size();
}

RunResult merge(const TempDir& tmp, const std::vector<std::string>& extra = {}) {
  return run_siting(with(with({"merge"}, options()), with(extra, {"--shard-manifest", tmp / "plan/manifest.json",
                                                                 "--parts", tmp / "parts", "--out", tmp / "merged"})));
}

// Shoelace area of every polygon of a GeoJSON feature, in square degrees: enough
// to compare two files' areas relatively.
double feature_area(const json& geometry) {
  double total = 0;
  auto ring_area = [](const json& ring) {
    double a = 0;
    for (std::size_t i = 0; i + 1 < ring.size(); ++i)
      a += ring[i][0].get<double>() * ring[i + 1][1].get<double>() - ring[i + 1][0].get<double>() * ring[i][1].get<double>();
    return a / 2;
  };
  const json& polys = geometry["type"] == "Polygon" ? json::array({geometry["coordinates"]}) : geometry["coordinates"];
  for (const json& poly : polys)
    for (std::size_t r = 0; r < poly.size(); ++r) total += (r == 0 ? 1 : -1) * std::abs(ring_area(poly[r]));
  return total;
}

}  // namespace

TEST_CASE("shard: every point has one owner district", "[shard]") {
  // Six 100 m cells over 300 x 200 m, numbered row by row from the south-west.
  const shard::Districts d = shard::Districts::Grid(Box{0, 0, 300, 200}, 100);
  REQUIRE(d.size() == 6);
  CHECK(d[0].id == "grid-0-0");
  CHECK(d[5].id == "grid-2-1");
  CHECK(d.owner({50, 50}) == 0);
  CHECK(d.owner({250, 150}) == 5);
  CHECK(d.owner({100, 50}) == 0);    // on the border of 0 and 1: the first listed
  CHECK(d.owner({150, 100}) == 1);   // on the border of 1 and 4
  CHECK(d.owner({100, 100}) == 0);   // the corner of 0, 1, 3 and 4
  CHECK(d.owner({-40, 50}) == 0);    // outside every district: the nearest
  CHECK(d.owner({380, 260}) == 5);
  CHECK(d.owner({150, -1}) == 1);
  CHECK_THROWS_WITH(shard::Districts::Grid(Box{0, 0, 1e7, 1e7}, 100), Contains("at most 100,000"));

  // Zones of one level: overlapping zones go to the one the point is strictly inside.
  Zone a, b;
  a.id = "A", a.level = "street", a.geometry = multipolygon_from_wkt("POLYGON((0 0, 100 0, 100 100, 0 100, 0 0))");
  b.id = "B", b.level = "street", b.geometry = multipolygon_from_wkt("POLYGON((50 0, 150 0, 150 100, 50 100, 50 0))");
  Zone c = a;
  c.id = "C", c.level = "district";
  const shard::Districts z = shard::Districts::FromZones({c, a, b}, "street");
  REQUIRE(z.size() == 2);
  CHECK(z.owner({25, 50}) == 0);
  CHECK(z.owner({75, 50}) == 0);   // inside both: the first listed
  CHECK(z.owner({100, 50}) == 1);  // on A's edge, strictly inside B
  CHECK(z.owner({125, 50}) == 1);
  CHECK_THROWS_WITH(shard::Districts::FromZones({c}, "street"), Contains("the zones' levels: \"district\""));
}

TEST_CASE("shard: the merged shards give the single run's files, byte for byte", "[shard][cli]") {
  TempDir tmp;
  const auto single = run_siting(with(with({"coverage"}, options()), {"--report", "--no-pdf", "--out", tmp / "single"}));
  REQUIRE(single.exit_code == 0);

  std::size_t shards = 0;
  SECTION("50 m districts: P1's label point on a border") {
    shards = plan_and_run(tmp, {"--grid", "50"});
    const shard::Manifest m = shard::read_manifest(tmp / "plan/manifest.json");
    // P1 spans x 100..200 (label x = 150, on the border of the cells from x 100
    // and from x 150): the first listed, the cell from x 100 (450100 / 50 = 9002).
    CHECK(m.districts[m.shards[m.parcel_shard[0]].district].id == "grid-9002-50441");
    CHECK(m.halo_m == Approx(600 + 20 + 5 * 20 + 3 * 100 + 1));
    CHECK(m.components == 2);
  }
  SECTION("250 m districts") { shards = plan_and_run(tmp, {"--grid", "250"}); }
  SECTION("street zones as districts") { shards = plan_and_run(tmp, {"--district-level", "street"}); }
  CAPTURE(shards);
  CHECK(shards >= 3);

  // The report's maps draw the streets from the graph the merge builds for them.
  const auto merged = merge(tmp, {"--report", "--no-pdf"});
  INFO(merged.err);
  REQUIRE(merged.exit_code == 0);
  CHECK(list_dir(tmp / "merged") == list_dir(tmp / "single"));
  for (const char* f : {"parcels.csv", "facilities_coverage.csv", "zones_coverage.csv", "summary.json", "parcels.geojson",
                        "gaps.geojson", "report.html"}) {
    INFO(f);
    CHECK(read_file(tmp / "merged/" + f) == read_file(tmp / "single/" + f));
  }
  // The hand-worked numbers, through the shards: P4 470 s (20 + 300 + 150), P5 on its island.
  CHECK_THAT(merged.out, Contains("71.4% of households (750 of 1050)"));
  const Csv p = read_csv(tmp / "merged/parcels.csv");
  CHECK(p.row("id", "P4").at("time_s") == "470.0");
  CHECK(p.row("id", "P5").at("on_island") == "true");
  CHECK(p.row("id", "P5").at("network_component") == "1");

  // Service areas: dissolved across the district borders, the same areas.
  const json a = json::parse(read_file(tmp / "single/service_areas.geojson"));
  const json b = json::parse(read_file(tmp / "merged/service_areas.geojson"));
  REQUIRE(a["features"].size() == b["features"].size());
  for (std::size_t i = 0; i < a["features"].size(); ++i) {
    CHECK(a["features"][i]["properties"] == b["features"][i]["properties"]);
    const double x = feature_area(a["features"][i]["geometry"]), y = feature_area(b["features"][i]["geometry"]);
    CHECK(std::abs(x - y) <= 1e-4 * x);
  }
}

TEST_CASE("shard: a missing, stale or foreign part is refused and nothing is written", "[shard][cli][errors]") {
  TempDir tmp;
  const std::size_t shards = plan_and_run(tmp, {"--grid", "250"});
  REQUIRE(shards >= 3);

  SECTION("a shard that did not report") {
    std::filesystem::remove_all(shard_dir(tmp / "parts", 2));
    const auto r = merge(tmp);
    CHECK(r.exit_code == 17);
    CHECK_THAT(r.err, Contains("E601: 1 of " + std::to_string(shards) + " shards did not report: 2 ("));
    CHECK_THAT(r.err, Contains("shard-0002/part.bin"));
    CHECK_THAT(r.err, Contains("nothing was written"));
  }
  SECTION("a truncated part") {
    const std::string part = shard_dir(tmp / "parts", 1) + "/part.bin";
    std::filesystem::resize_file(part, std::filesystem::file_size(part) / 2);
    const auto r = merge(tmp);
    CHECK(r.exit_code == 17);
    CHECK_THAT(r.err, Contains("truncated or corrupt"));
    CHECK_THAT(r.err, Contains("shard-0001/part.bin"));
  }
  SECTION("another shard's part in its place") {
    std::filesystem::copy_file(shard_dir(tmp / "parts", 0) + "/part.bin", shard_dir(tmp / "parts", 1) + "/part.bin",
                               std::filesystem::copy_options::overwrite_existing);
    const auto r = merge(tmp);
    CHECK(r.exit_code == 17);
    CHECK_THAT(r.err, Contains("the part is not shard 1 of this plan (shard 0"));
  }
  SECTION("other options than the plan's") {
    const auto r = merge(tmp, {"--max-snap", "90"});
    CHECK(r.exit_code == 17);
    CHECK_THAT(r.err, Contains("the inputs or options differ from those the plan was made with"));
    std::vector<std::string> other = options();
    other.back() = "25";  // --lateral 25
    const auto t = run_siting(with(with({"coverage"}, other), {"--shard-manifest", tmp / "plan/manifest.json",
                                                               "--shard", "0", "--out", tmp / "again"}));
    CHECK(t.exit_code == 17);
    CHECK_THAT(t.err, Contains("(the plan's key for this shard "));
    CHECK_FALSE(exists(tmp / "again"));
  }
  SECTION("a shard that is not in the plan") {
    const auto r = run_siting(with(with({"coverage"}, options()), {"--shard-manifest", tmp / "plan/manifest.json",
                                                                   "--shard", std::to_string(shards), "--out",
                                                                   tmp / "extra"}));
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Contains("--shard " + std::to_string(shards) + ": the plan has shards 0 to " +
                               std::to_string(shards - 1)));
    CHECK_FALSE(exists(tmp / "extra"));
  }
  CHECK_FALSE(exists(tmp / "merged"));
}

TEST_CASE("shard: a shard reads only its halo", "[shard][cli]") {
  // With 250 m squares the island (x = 2000..2100) is shard 7; its 1,021 m
  // halo (10 min at 1 m/s + 20 m lateral + 5 x 20 m for the faces + 3 x 100 m
  // snap + 1 m) reaches back to x = 979, past the main street's last vertex
  // at x = 1000. GDAL's spatial filter (the halo's box grown by 1 %) hands
  // over P3, P5, F2, the main street and the island footway; the shard keeps
  // its own parcel P5, F2, the island footway and the main street, and
  // nothing else.
  TempDir tmp;
  const auto plan = run_siting(with(with({"shard"}, options()), {"--grid", "250", "--out", tmp / "plan"}));
  REQUIRE(plan.exit_code == 0);
  CHECK_THAT(plan.out, Contains("shard 7: district grid-1808-10088, 1 parcels, 0 facilities, 2 lines in its halo"));
  const auto r = run_siting(with(with({"coverage"}, options()),
                                 {"--shard-manifest", tmp / "plan/manifest.json", "--shard", "7", "--out", tmp / "p7"}));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.err, Contains("read 2 parcels from") && Contains("read 1 facilities from") &&
                        Contains("read 2 walkable lines of 4 from") &&
                        Contains("1 parcels, 1 facilities and 2 lines in its halo"));
  const shard::Manifest m = shard::read_manifest(tmp / "plan/manifest.json");
  CHECK(m.parcel_fid == std::vector<std::int64_t>{0, 1, 2, 3, 4});
  CHECK(m.shards[7].lines == 2);
}

TEST_CASE("shard: a line meets a halo by its geometry, not its box", "[shard][geometry]") {
  const Box halo{0, 0, 10, 10};
  CHECK(meets(LineString{{-5, 5}, {15, 5}}, halo));      // crosses, no vertex inside
  CHECK(meets(LineString{{10, -5}, {10, 20}}, halo));    // runs along the east edge
  CHECK(meets(LineString{{12, 12}, {10, 10}}, halo));    // touches the corner
  CHECK(meets(LineString{{5, 5}}, halo));                // one vertex, inside
  CHECK_FALSE(meets(LineString{{-5, 12}, {12, 12}, {12, -5}}, halo));  // its box holds the halo, it goes round
  CHECK_FALSE(meets(LineString{{11, 20}, {20, 11}}, halo));
  CHECK_FALSE(meets(LineString{}, halo));
}

TEST_CASE("shard: a sharded check gives the single check's files, byte for byte", "[shard][cli][check]") {
  // The coverage fixture made checkable: every parcel new, F1 a day-care centre,
  // F2 (on the island) a care home. The day-care circle is F1's alone: P1, P2
  // and P4 (100 + 200 + 400 = 700 of 1050 households, 66.67 %), worked through
  // the shards' own typed circles; the island shard's halo has no day-care centre.
  TempDir tmp;
  json parcels = json::parse(read_file(source(kDir + "parcels.geojson")));
  for (json& f : parcels["features"]) f["properties"]["kind"] = "new";
  json facilities = json::parse(read_file(source(kDir + "facilities.geojson")));
  for (json& f : facilities["features"]) f["properties"]["type"] = f["properties"]["id"] == "F1" ? "day_care" : "institution";
  std::ofstream(tmp / "parcels.geojson") << parcels.dump();
  std::ofstream(tmp / "facilities.geojson") << facilities.dump();
  std::vector<std::string> opts = options();
  opts[1] = tmp / "parcels.geojson";
  opts[3] = tmp / "facilities.geojson";
  auto check = [&](const std::vector<std::string>& tail) { return run_siting(with(with({"check"}, opts), tail)); };

  const auto single = check({"--report", "--no-pdf", "--out", tmp / "single"});
  INFO(single.err);
  REQUIRE(single.exit_code == 0);
  const auto plan = run_siting(with(with({"shard"}, opts), {"--grid", "250", "--out", tmp / "plan"}));
  REQUIRE(plan.exit_code == 0);
  const std::string manifest = tmp / "plan/manifest.json";
  const std::size_t shards = shard::read_manifest(manifest).shards.size();
  REQUIRE(shards == 12);
  run_shards(with({"check"}, opts), manifest, shards, tmp / "parts");
  // Shard 7 is the island's: P5, F2 (not a day-care centre) and its footway.
  const shard::Part island = shard::read_part(shard_dir(tmp / "parts", 7) + "/part.bin");
  REQUIRE(island.typed.size() == 1);
  CHECK(island.typed[0].types == "day_care");
  REQUIRE(island.typed[0].parcels.size() == 1);
  CHECK(island.typed[0].parcels[0].facility == network::kNone);
  CHECK(island.parcels[0].facility == 1);  // F2, by the whole run's number

  SECTION("merged") {
    const auto merged =
        check({"--shard-manifest", manifest, "--parts", tmp / "parts", "--report", "--no-pdf", "--out", tmp / "merged"});
    INFO(merged.err);
    REQUIRE(merged.exit_code == 0);
    CHECK(list_dir(tmp / "merged") == list_dir(tmp / "single"));
    for (const std::string& f : list_dir(tmp / "single")) {
      INFO(f);
      CHECK(read_file(tmp / "merged/" + f) == read_file(tmp / "single/" + f));
    }
    CHECK_THAT(merged.out, Contains("71.4% of households (750 of 1050)"));
    const Csv ind = read_csv(tmp / "merged/indicators.csv");
    bool day_care = false;
    for (const auto& row : ind.rows)
      if (row.at("indicator") == "community_day_care_coverage" && row.at("measure") == "households" &&
          row.at("scope") == "study_area") {
        day_care = true;
        CHECK(row.at("value") == "66.6667");
        CHECK(row.at("numerator") == "700.00");
        CHECK(row.at("denominator") == "1050.00");
      }
    CHECK(day_care);
  }
  SECTION("coverage's parts have no day-care circle") {
    run_shards(with({"coverage"}, opts), manifest, shards, tmp / "cov");
    const auto r = check({"--shard-manifest", manifest, "--parts", tmp / "cov", "--out", tmp / "merged"});
    CHECK(r.exit_code == 17);
    CHECK_THAT(r.err, Contains("E601") && Contains("has no circle of the day_care facilities that the indicators need"));
    CHECK_FALSE(exists(tmp / "merged"));
  }
  SECTION("bad requests") {
    const auto neither = check({"--shard-manifest", manifest, "--out", tmp / "merged"});
    CHECK(neither.exit_code == 2);
    CHECK_THAT(neither.err, Contains("--shard-manifest needs --shard N (run one shard) or --parts DIR (merge them)"));
    const auto times = check({"--shard-manifest", manifest, "--parts", tmp / "parts", "--network-times", "--out", tmp / "merged"});
    CHECK(times.exit_code == 2);
    CHECK_THAT(times.err, Contains("siting check: --network-times is not available in a sharded run"));
    const auto other = check({"--shard-manifest", manifest, "--parts", tmp / "parts", "--max-snap", "90", "--out", tmp / "merged"});
    CHECK(other.exit_code == 17);
    CHECK_THAT(other.err, Contains("the inputs or options differ from those the plan was made with"));
    CHECK_FALSE(exists(tmp / "merged"));
  }
}

TEST_CASE("shard: a sharded siting gives the single siting's files, byte for byte", "[shard][cli][site]") {
  // The coverage fixture with the sweep fixture's two candidates
  // (tests/fixtures/sweep/README.md): C-north reaches only what F1 reaches,
  // C-east reaches P3 in 20 + 10 = 30 s, so one new site (C-east) brings all
  // 1050 households within the circle. Each shard walks from the sites of its
  // halo to its own parcels; the merge solves once and walks the coverage after.
  TempDir tmp;
  const std::string candidates = source("tests/fixtures/sweep/candidates.geojson");
  const std::vector<std::string> opts = options();
  auto site = [&](const std::vector<std::string>& tail) {
    return run_siting(with(with(with({"site"}, opts), {"--candidates", candidates}), tail));
  };
  const std::vector<std::string> mclp = {"--model", "mclp", "--k", "1"};
  const auto plan = run_siting(with(with({"shard"}, opts), {"--grid", "250", "--out", tmp / "plan"}));
  REQUIRE(plan.exit_code == 0);
  const std::string manifest = tmp / "plan/manifest.json";
  const std::size_t shards = shard::read_manifest(manifest).shards.size();
  REQUIRE(shards == 12);
  run_shards(with(with(with({"site"}, opts), {"--candidates", candidates}), mclp), manifest, shards, tmp / "parts");
  // Every pair once, in the shard owning its parcel: 9 in all, as the single
  // run's problem has (P1..P5 are parcels 0..4; F1, F2, C-north, C-east sites 0..3).
  std::size_t pairs = 0, p3_east = 0;
  for (std::size_t n = 0; n < shards; ++n) {
    const shard::Part part = shard::read_part(shard_dir(tmp / "parts", n) + "/part.bin");
    CHECK_FALSE(part.candidates_key.empty());
    for (const location::Arc& a : part.pairs) {
      CHECK(std::find(part.parcel_index.begin(), part.parcel_index.end(), a.demand) != part.parcel_index.end());
      if (a.demand == 2 && a.site == 3) {
        ++p3_east;
        CHECK(a.cost == Approx(30.0).margin(1e-9));
      }
    }
    pairs += part.pairs.size();
  }
  CHECK(pairs == 9);
  CHECK(p3_east == 1);

  // The timings (the solve's and the run's) are all a run may differ in.
  auto same_files = [&](const std::string& a, const std::string& b) {
    CHECK(list_dir(b) == list_dir(a));
    for (const std::string& f : list_dir(a)) {
      INFO(f);
      if (f == "summary.json") {
        json x = json::parse(read_file(a + "/" + f)), y = json::parse(read_file(b + "/" + f));
        for (json* j : {&x, &y}) j->erase("seconds"), j->erase("seconds_total");
        CHECK(x == y);
      } else {
        CHECK(read_file(b + "/" + f) == read_file(a + "/" + f));
      }
    }
  };
  SECTION("mclp, one new site") {
    const auto single = site(with(mclp, {"--report", "--no-pdf", "--out", tmp / "single"}));
    INFO(single.err);
    REQUIRE(single.exit_code == 0);
    const auto merged =
        site(with(mclp, {"--shard-manifest", manifest, "--parts", tmp / "parts", "--report", "--no-pdf", "--out", tmp / "merged"}));
    INFO(merged.err);
    REQUIRE(merged.exit_code == 0);
    CHECK_THAT(merged.out, Contains("1 new site brings 100.0% of households within 10 minutes (from 71.4%)"));
    CHECK_THAT(merged.out, Contains("sites in rank order: C-east (+300)"));
    CHECK_THAT(merged.err, Contains("9 pairs (from the shards)"));
    same_files(tmp / "single", tmp / "merged");
  }
  SECTION("psclp from the same parts: the pairs do not depend on the model") {
    const std::vector<std::string> psclp = {"--model", "psclp", "--target", "1"};
    const auto single = site(with(psclp, {"--out", tmp / "single"}));
    REQUIRE(single.exit_code == 0);
    const auto merged = site(with(psclp, {"--shard-manifest", manifest, "--parts", tmp / "parts", "--out", tmp / "merged"}));
    INFO(merged.err);
    REQUIRE(merged.exit_code == 0);
    CHECK_THAT(merged.out, Contains("sites in rank order: C-east (+300)"));
    same_files(tmp / "single", tmp / "merged");
  }
  SECTION("parts of coverage or of other candidates are refused, and nothing is written") {
    run_shards(with({"coverage"}, opts), manifest, shards, tmp / "cov");
    const auto cov = site(with(mclp, {"--shard-manifest", manifest, "--parts", tmp / "cov", "--out", tmp / "merged"}));
    CHECK(cov.exit_code == 17);
    CHECK_THAT(cov.err, Contains("E601") && Contains("has no pairs of candidates (run by siting coverage or check)"));
    json moved = json::parse(read_file(candidates));
    moved["features"][1]["geometry"]["coordinates"][0] = 450905.0;
    std::ofstream(tmp / "moved.geojson") << moved.dump();
    const auto other = run_siting(with(with(with({"site"}, opts), {"--candidates", tmp / "moved.geojson"}),
                                       with(mclp, {"--shard-manifest", manifest, "--parts", tmp / "parts", "--out",
                                                   tmp / "merged"})));
    CHECK(other.exit_code == 17);
    CHECK_THAT(other.err, Contains("was run on other candidates"));
    CHECK_FALSE(exists(tmp / "merged"));
  }
  SECTION("what a shard cannot see is refused") {
    const auto generated = run_siting(with(with({"site"}, opts), {"--candidate-spacing", "100", "--shard-manifest",
                                                                   manifest, "--shard", "0", "--out", tmp / "x"}));
    CHECK(generated.exit_code == 2);
    CHECK_THAT(generated.err, Contains("a sharded siting needs --candidates FILE"));
    const auto pmedian = site({"--model", "pmedian", "--k", "1", "--shard-manifest", manifest, "--parts", tmp / "parts",
                               "--out", tmp / "x"});
    CHECK(pmedian.exit_code == 2);
    CHECK_THAT(pmedian.err, Contains("a sharded siting takes --model psclp or mclp"));
    const auto neither = site(with(mclp, {"--shard-manifest", manifest, "--out", tmp / "x"}));
    CHECK(neither.exit_code == 2);
    CHECK_THAT(neither.err, Contains("--shard-manifest needs --shard N (run one shard) or --parts DIR (merge them)"));
    CHECK_FALSE(exists(tmp / "x"));
  }
}
