// SPDX-License-Identifier: Apache-2.0
// `siting sweep` on the hand-worked coverage fixture, with the eight scenarios of
// tests/fixtures/sweep/sweep.json (its README works every row by hand), run in
// one piece and in tasks joined by `siting merge --scenarios`.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "siting/io/scenarios.hpp"
#include "support.hpp"

using namespace siting;
using namespace siting::test;
using Catch::Matchers::Contains;

namespace {

const std::string kCity = "tests/fixtures/coverage/";
const std::string kSweep = "tests/fixtures/sweep/";

std::vector<std::string> with(std::vector<std::string> head, const std::vector<std::string>& tail) {
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}

std::vector<std::string> options() {
  return {"--parcels", source(kCity + "parcels.geojson"), "--facilities", source(kCity + "facilities.geojson"),
          "--zones",   source(kCity + "zones.geojson"),   "--roads",      source(kCity + "roads.geojson"),
          "--speed",   "1",  "--minutes", "5,10", "--lateral", "20"};
}

RunResult sweep(const std::string& file, const std::vector<std::string>& extra) {
  return run_siting(with(with({"sweep"}, options()), with({"--scenarios", file}, extra)));
}

std::string task_dir(const TempDir& tmp, int n) { return tmp / ("parts/task-000" + std::to_string(n)); }

void write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

TEST_CASE("sweep: every scenario's figures, worked by hand", "[sweep][cli]") {
  TempDir tmp;
  const auto r = sweep(source(kSweep + "sweep.json"), {"--out", tmp / "out"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(list_dir(tmp / "out") ==
        std::vector<std::string>{".siting-manifest.json", "comparison.csv", "new_sites.csv", "new_sites.geojson",
                                 "summary.json"});
  const Csv c = read_csv(tmp / "out/comparison.csv");
  REQUIRE(c.rows.size() == 8);
  struct Row {
    const char* name;
    const char* covered;
    const char* share;
    const char* met;
    const char* zones_met;
  };
  const Row rows[] = {{"today", "750", "0.7143", "false", "2"},
                      {"5-minute circle", "150", "0.1429", "false", "1"},
                      {"F2 closed", "700", "0.6667", "false", "1"},
                      {"slower walkers", "350", "0.3333", "false", "1"},
                      {"east centre opened", "1050", "1.0000", "true", "3"},
                      {"one new site", "750", "0.7143", "false", "3"},
                      {"fewest sites to all", "750", "0.7143", "false", "3"},
                      {"target 70%", "750", "0.7143", "true", "2"}};
  for (std::size_t i = 0; i < 8; ++i) {
    INFO(rows[i].name);
    const auto& row = c.rows[i];
    CHECK(row.at("scenario") == rows[i].name);
    CHECK(row.at("households") == "1050");
    CHECK(row.at("households_within_circle") == rows[i].covered);
    CHECK(row.at("share_within_circle") == rows[i].share);
    CHECK(row.at("target_met") == rows[i].met);
    CHECK(row.at("street_zones") == "3");
    CHECK(row.at("street_zones_meeting_target") == rows[i].zones_met);
  }
  CHECK(c.rows[1].at("circle_minutes") == "5");
  CHECK(c.rows[2].at("facilities") == "1");
  CHECK(c.rows[2].at("facilities_closed") == "1");
  CHECK(c.rows[3].at("walk_speed_m_per_s") == "0.75");
  CHECK(c.rows[4].at("facilities_opened") == "1");
  CHECK(c.rows[4].at("facilities") == "3");
  CHECK(c.rows[7].at("target_share") == "0.7000");
  CHECK(c.rows[0].at("site_model").empty());
  CHECK(c.rows[0].at("households_within_circle_with_new_sites").empty());
  for (std::size_t i : {5, 6}) {
    CHECK(c.rows[i].at("candidates") == "2");
    CHECK(c.rows[i].at("new_sites") == "1");
    CHECK(c.rows[i].at("new_site_ids") == "C-east");
    CHECK(c.rows[i].at("households_within_circle_with_new_sites") == "1050");
    CHECK(c.rows[i].at("target_met_with_new_sites") == "true");
    CHECK(c.rows[i].at("proven_optimal") == "true");
  }
  CHECK(c.rows[5].at("site_model") == "mclp");
  CHECK(c.rows[5].at("objective") == "1050");  // households covered, existing facilities' included
  CHECK(c.rows[6].at("site_model") == "psclp");
  CHECK(c.rows[6].at("objective") == "1");  // new sites

  const Csv s = read_csv(tmp / "out/new_sites.csv");
  REQUIRE(s.rows.size() == 2);
  CHECK(s.rows[0].at("scenario") == "one new site");
  CHECK(s.rows[0].at("site_id") == "C-east");
  CHECK(s.rows[0].at("x") == "450900.00");
  CHECK(s.rows[0].at("y") == "2521980.00");
  CHECK(s.rows[0].at("marginal") == "300.00");  // P3's households
  const auto geo = nlohmann::json::parse(read_file(tmp / "out/new_sites.geojson"));
  CHECK(geo["features"].size() == 2);
  CHECK(geo["features"][1]["properties"]["scenario"] == "fewest sites to all");
  CHECK(r.out.find("target 70%: 71.4% of households within 10 min (target met)") != std::string::npos);
}

TEST_CASE("sweep: tasks merged give the single run's files, byte for byte", "[sweep][cli]") {
  TempDir tmp;
  const std::string file = source(kSweep + "sweep.json");
  REQUIRE(sweep(file, {"--out", tmp / "single"}).exit_code == 0);
  for (int n = 0; n < 3; ++n) {
    const auto r = sweep(file, {"--tasks", "3", "--task", std::to_string(n), "--out", task_dir(tmp, n)});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(list_dir(task_dir(tmp, n)) == std::vector<std::string>{".siting-manifest.json", "part.json"});
  }
  // 8 scenarios in 3 tasks: 2, 3 and 3.
  const auto part = nlohmann::json::parse(read_file(task_dir(tmp, 1) + "/part.json"));
  CHECK(part["first"] == 2);
  CHECK(part["outcomes"].size() == 3);
  auto merge = [&](const std::string& out, const std::vector<std::string>& extra = {}) {
    return run_siting(with(with({"merge"}, options()),
                           with({"--scenarios", file, "--parts", tmp / "parts", "--out", out}, extra)));
  };
  const auto m = merge(tmp / "merged");
  INFO(m.err);
  REQUIRE(m.exit_code == 0);
  CHECK(list_dir(tmp / "merged") == list_dir(tmp / "single"));
  for (const std::string& f : list_dir(tmp / "single")) {
    INFO(f);
    if (f == ".siting-manifest.json") continue;  // names the folder's own files
    CHECK(read_file(tmp / ("merged/" + f)) == read_file(tmp / ("single/" + f)));
  }

  SECTION("a missing task: named, nothing written") {
    std::filesystem::remove_all(task_dir(tmp, 2));
    const auto r = merge(tmp / "partial");
    CHECK(r.exit_code == 17);
    CHECK_THAT(r.err, Contains("E601") && Contains("tasks missing: 2 (") && Contains("task-0002/part.json"));
    CHECK_FALSE(exists(tmp / "partial"));
  }
  SECTION("a truncated part") {
    const std::string p = task_dir(tmp, 0) + "/part.json";
    write(p, read_file(p).substr(0, 100));
    const auto r = merge(tmp / "partial");
    CHECK(r.exit_code == 17);
    CHECK_THAT(r.err, Contains("not a sweep part written by siting"));
    CHECK_FALSE(exists(tmp / "partial"));
  }
  SECTION("a part without its outcomes") {
    const std::string p = task_dir(tmp, 1) + "/part.json";
    auto j = nlohmann::json::parse(read_file(p));
    j.erase("outcomes");
    write(p, j.dump());
    const auto r = merge(tmp / "partial");
    CHECK(r.exit_code == 17);
    CHECK_THAT(r.err, Contains("not a sweep part written by siting") && Contains("task-0001/part.json"));
    CHECK_FALSE(exists(tmp / "partial"));
  }
  SECTION("other options at the merge") {
    const auto r = merge(tmp / "partial", {"--max-snap", "90"});
    CHECK(r.exit_code == 17);
    CHECK_THAT(r.err, Contains("another sweep file or other options"));
  }
  SECTION("another sweep file at the merge") {
    const std::string other = tmp / "other.json";
    write(other, read_file(file) + " ");
    const auto r = run_siting(with(with({"merge"}, options()),
                                   {"--scenarios", other, "--parts", tmp / "parts", "--out", tmp / "partial"}));
    CHECK(r.exit_code == 17);
    CHECK_THAT(r.err, Contains("another sweep file or other options"));
  }
}

TEST_CASE("sweep: a bad sweep file or task is refused, naming the scenario and key", "[sweep][cli]") {
  TempDir tmp;
  auto refused = [&](const std::string& text) {
    const std::string file = tmp / "sweep.json";
    write(file, text);
    const auto r = sweep(file, {"--out", tmp / "out"});
    CHECK_FALSE(exists(tmp / "out"));
    return r;
  };
  auto r = refused(R"({"scenarios": [{"name": "a", "minute": [5]}]})");
  CHECK(r.exit_code == 7);
  CHECK_THAT(r.err, Contains("E105") && Contains("scenario 1 (\"a\")") && Contains("unknown key \"minute\""));
  r = refused(R"({"scenarios": [{"name": "a"}, {"name": "a"}]})");
  CHECK_THAT(r.err, Contains("\"a\" is used twice"));
  r = refused(R"({"scenarios": [{"name": "b", "site": {"model": "mclp", "candidate_spacing": 100}}]})");
  CHECK_THAT(r.err, Contains("mclp needs \"k\""));
  r = refused(R"({"scenarios": [{"name": "c", "minutes": [0]}]})");
  CHECK_THAT(r.err, Contains("expected a number in (0, 600], got 0"));
  r = refused(R"({"scenarios": [)");
  CHECK_THAT(r.err, Contains("not a JSON file"));
  r = refused(R"({"scenarios": [{"name": "d", "close": ["F9"]}]})");
  CHECK(r.exit_code == 10);
  CHECK_THAT(r.err, Contains("closes facility \"F9\", which the facilities layer does not have"));
  r = refused(R"({"scenarios": [{"name": "e", "set": ["coverage.no_such_key=1"]}]})");
  CHECK(r.exit_code == 13);
  CHECK_THAT(r.err, Contains("scenario 1 (\"e\")"));
  r = refused(R"({"scenarios": [{"name": "f", "open": "missing.geojson"}]})");
  CHECK(r.exit_code == 3);
  CHECK_THAT(r.err, Contains("scenario 1 (\"f\")") && Contains("missing.geojson"));

  const std::string file = source(kSweep + "sweep.json");
  r = sweep(file, {"--tasks", "9", "--task", "0", "--out", tmp / "out"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains("--tasks 9 must be in [1, 8]"));
  r = sweep(file, {"--tasks", "2", "--out", tmp / "out"});
  CHECK(r.exit_code == 2);
  r = sweep(file, {"--network-times", "--out", tmp / "out"});
  CHECK(r.exit_code == 2);
  CHECK_FALSE(exists(tmp / "out"));
}

TEST_CASE("sweep file: layer paths are relative to the file", "[sweep]") {
  const io::Sweep s = io::read_sweep(source(kSweep + "sweep.json"));
  REQUIRE(s.scenarios.size() == 8);
  REQUIRE(s.scenarios[4].open);
  CHECK(s.scenarios[4].open->path == source(kSweep + "east_centre.geojson"));
  REQUIRE(s.scenarios[5].site);
  CHECK(s.scenarios[5].site->k == std::size_t{1});
  CHECK(s.scenarios[5].site->no_capacity);
  CHECK(s.scenarios[6].site->target == Approx(1.0));
  CHECK(s.scenarios[7].set == std::vector<std::string>{"coverage.target_share=0.7"});
}
