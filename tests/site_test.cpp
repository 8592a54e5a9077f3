// SPDX-License-Identifier: Apache-2.0
// `siting site` end to end. Matrix mode on the hand-worked fixture
// tests/fixtures/site/ (its README works every number out), every refused
// input with its message, exit code and no output folder.

#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>

#include <nlohmann/json.hpp>

#include "support.hpp"

using namespace siting::test;
using Catch::Matchers::Contains;
using json = nlohmann::json;

namespace {

const std::string kDir = "tests/fixtures/site/";

std::vector<std::string> matrix_args(const std::vector<std::string>& extra, const std::string& out) {
  std::vector<std::string> args{"site",     "--od",   source(kDir + "od.csv"), "--demand", source(kDir + "demand.csv"),
                                "--sites",  source(kDir + "sites.csv"), "--cutoff", "10"};
  args.insert(args.end(), extra.begin(), extra.end());
  args.insert(args.end(), {"--out", out});
  return args;
}

void write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

struct Refused {
  std::string name;
  std::vector<std::string> args;  // "--out DIR" is added
  int exit_code;
  std::string message;
};

// Each case: its exit code, its message, and no output folder.
void check_refused(const std::vector<Refused>& cases, const std::vector<std::string>& head) {
  for (const Refused& c : cases) {
    DYNAMIC_SECTION(c.name) {
      TempDir tmp;
      std::vector<std::string> args = head;
      args.insert(args.end(), c.args.begin(), c.args.end());
      args.insert(args.end(), {"--out", tmp / "out"});
      const auto r = run_siting(args);
      CHECK(r.exit_code == c.exit_code);
      CHECK_THAT(r.err, Contains(c.message));
      CHECK_FALSE(exists(tmp / "out"));
    }
  }
}

}  // namespace

TEST_CASE("site, matrix mode: mclp k = 2 picks S1 then S2, by hand", "[site][cli]") {
  TempDir tmp;
  const auto r = run_siting(matrix_args({"--model", "mclp", "--k", "2"}, tmp / "out"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(list_dir(tmp / "out") == std::vector<std::string>{".siting-manifest.json", "assignment.csv",
                                                          "coverage_before_after.csv", "sites.csv", "summary.json",
                                                          "tradeoff.csv", "tradeoff.png", "unreachable.csv"});
  CHECK_THAT(r.out, Contains("siting site (mclp, matrix mode): 6 demand points, 3 candidates, 1 existing sites, 9 pairs"));
  CHECK_THAT(r.out, Contains("2 new sites bring 90.3% of demand within cost 10 (from 32.3%); no 2 can bring more than "
                             "90.3%"));
  CHECK_THAT(r.out, Contains("sites in rank order: S1 (+140), S2 (+40)"));
  CHECK_THAT(r.out, Contains("1 demand point (weight 10) no site reaches within cost 10: listed in unreachable.csv"));

  const Csv sites = read_csv(tmp / "out/sites.csv");
  CHECK(sites.header == std::vector<std::string>{"rank", "site_id", "newly_covered", "assigned", "assigned_households",
                                                 "floor_area_needed_m2", "capacity", "capacity_used"});
  REQUIRE(sites.rows.size() == 2);
  CHECK(sites.rows[0].at("rank") == "1");
  CHECK(sites.rows[0].at("site_id") == "S1");
  CHECK(sites.rows[0].at("newly_covered") == "140.00");
  CHECK(sites.rows[1].at("site_id") == "S2");
  CHECK(sites.rows[1].at("newly_covered") == "40.00");
  // Every covered demand point goes to its nearest open site: D2 to S2 (4 < 8).
  CHECK(sites.rows[0].at("assigned") == "60.00");
  CHECK(sites.rows[1].at("assigned") == "120.00");
  CHECK(sites.rows[0].at("floor_area_needed_m2") == "12.00");  // 60 / 100 x 20 m2
  CHECK(sites.rows[1].at("floor_area_needed_m2") == "24.00");
  CHECK(sites.rows[0].at("capacity") == "");

  const Csv a = read_csv(tmp / "out/assignment.csv");
  CHECK(a.header == std::vector<std::string>{"demand_id", "site_id", "cost", "share"});
  CHECK(a.row("demand_id", "D2").at("site_id") == "S2");
  CHECK(a.row("demand_id", "D2").at("cost") == "4");
  CHECK(a.row("demand_id", "D3").at("site_id") == "S1");
  CHECK(a.row("demand_id", "D1").at("site_id") == "F1");

  const Csv ba = read_csv(tmp / "out/coverage_before_after.csv");
  REQUIRE(ba.rows.size() == 1);
  CHECK(ba.rows[0].at("scope") == "overall");
  CHECK(ba.rows[0].at("weight") == "310");
  CHECK(ba.rows[0].at("covered_before") == "100");
  CHECK(ba.rows[0].at("covered_after") == "280");
  CHECK(ba.rows[0].at("share_before") == "0.3226");
  CHECK(ba.rows[0].at("share_after") == "0.9032");

  const Csv u = read_csv(tmp / "out/unreachable.csv");
  REQUIRE(u.rows.size() == 1);
  CHECK(u.rows[0].at("demand_id") == "D6");
  CHECK(u.rows[0].at("weight") == "10");

  const Csv t = read_csv(tmp / "out/tradeoff.csv");
  CHECK(t.header == std::vector<std::string>{"new_sites", "solution", "objective", "covered_share"});
  CHECK(t.row("solution", "answer").at("objective") == "280");
  CHECK(t.row("solution", "answer").at("new_sites") == "2");
  REQUIRE(t.rows.size() == 4);  // 0, 1 and 2 sites in the greedy order, then the answer
  CHECK(t.rows[0].at("new_sites") == "0");
  CHECK(t.rows[0].at("objective") == "100");
  CHECK(t.rows[1].at("solution") == "greedy");
  CHECK(t.rows[1].at("new_sites") == "1");
  CHECK(t.rows[1].at("objective") == "240");
  CHECK(t.rows[1].at("covered_share") == "0.7742");
  CHECK(read_file(tmp / "out/tradeoff.png").rfind("\x89PNG", 0) == 0);

  const json s = json::parse(read_file(tmp / "out/summary.json"));
  CHECK(s["command"] == "site");
  CHECK(s["mode"] == "matrix");
  CHECK(s["model"] == "mclp");
  CHECK(s["objective"] == 280.0);
  CHECK(s["bound"] == 280.0);
  CHECK(s["gap"] == 0.0);
  CHECK(s["chosen"] == json::array({"S1", "S2"}));
  CHECK(s["covered_before"] == 100.0);
  CHECK(s["covered_after"] == 280.0);
  CHECK(s["unreachable"]["count"] == 1);
  CHECK(s["unreachable"]["weight"] == 10.0);
  CHECK(s["options"]["k"] == 2);
  CHECK(s["options"]["cutoff"] == 10.0);
  CHECK(s["inputs"]["od"] == source(kDir + "od.csv"));
  CHECK(s.contains("seconds"));
}

TEST_CASE("site, matrix mode: psclp finds the fewest sites, or says the target is out of reach", "[site][cli]") {
  TempDir tmp;
  SECTION("90%: two sites, and one cannot") {
    const auto r = run_siting(matrix_args({}, tmp / "out"));  // psclp and the rule set's 90% by default
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Contains("2 new sites bring 90.3% of demand within cost 10 (from 32.3%); no fewer can"));
    const json s = json::parse(read_file(tmp / "out/summary.json"));
    CHECK(s["model"] == "psclp");
    CHECK(s["objective"] == 2.0);
    CHECK(s["chosen"] == json::array({"S1", "S2"}));
    CHECK(s["target_share"] == 0.9);
    CHECK(s["target_reachable"] == true);
  }
  SECTION("97%: out of reach, exit 1, the largest share and the demand no site reaches") {
    const auto r = run_siting(matrix_args({"--target", "0.97"}, tmp / "out"));
    INFO(r.err);
    REQUIRE(r.exit_code == 1);
    CHECK_THAT(r.out, Contains("the 97% target cannot be reached: with every candidate open, at most 96.8% of demand "
                               "within cost 10 (from 32.3%); 3 new sites reach that"));
    CHECK_THAT(r.out, Contains("listed in unreachable.csv"));
    const json s = json::parse(read_file(tmp / "out/summary.json"));
    CHECK(s["target_reachable"] == false);
    CHECK(s["max_share"] == Approx(300.0 / 310.0).margin(1e-6));
    CHECK(read_csv(tmp / "out/unreachable.csv").rows.at(0).at("demand_id") == "D6");
  }
  SECTION("pmedian: the one site with the least weighted cost is S2") {
    const auto r = run_siting(matrix_args({"--model", "pmedian", "--k", "1"}, tmp / "out"));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const json s = json::parse(read_file(tmp / "out/summary.json"));
    CHECK(s["chosen"] == json::array({"S2"}));
    // D1 5 x 100 + D2 4 x 80 + D3 15 x 60 + D4 7 x 40, and D5, D6 (no arc to an open
    // site) at the unreached penalty 1 + 2 x 20 = 41: 41 x 30 = 1230.
    CHECK(s["objective"] == 3230.0);
    CHECK(s["penalty"] == 1230.0);
    CHECK(read_csv(tmp / "out/tradeoff.csv").header ==
          std::vector<std::string>{"new_sites", "solution", "objective", "total_cost"});
  }
}

TEST_CASE("site: each bad input gets its message, its exit code and no output", "[site][cli][errors]") {
  TempDir data;
  const std::string od = source(kDir + "od.csv"), demand = source(kDir + "demand.csv"),
                    sites = source(kDir + "sites.csv");
  write(data / "od_unknown.csv", "demand_id,site_id,cost\nD1,F1,5\nD9,S1,3\n");
  write(data / "od_negative.csv", "demand_id,site_id,cost\nD1,F1,5\nD2,S1,-3\n");
  write(data / "od_nan.csv", "demand_id,site_id,cost\nD1,F1,5\nD2,S1,nan\n");
  write(data / "demand_negative.csv", "id,weight\nD1,100\nD2,-80\nD3,60\nD4,40\nD5,20\nD6,10\n");
  write(data / "sites_all_fixed.csv", "id,fixed\nF1,1\nS1,1\nS2,1\nS3,1\n");
  auto matrix = [&](const std::string& o, const std::string& d, const std::string& s) {
    return std::vector<std::string>{"--od", o, "--demand", d, "--sites", s, "--cutoff", "10"};
  };
  auto with = [](std::vector<std::string> a, const std::vector<std::string>& more) {
    a.insert(a.end(), more.begin(), more.end());
    return a;
  };
  check_refused({
      {"unknown id in the OD table", matrix(data / "od_unknown.csv", demand, sites), 10,
       "E108: " + data / "od_unknown.csv"},
      {"negative cost", matrix(data / "od_negative.csv", demand, sites), 7, "'-3' is not a finite number >= 0"},
      {"non-finite cost", matrix(data / "od_nan.csv", demand, sites), 7, "is not a"},
      {"negative weight", matrix(od, data / "demand_negative.csv", sites), 7, "'-80' is not a finite number >= 0"},
      {"k larger than the candidates", with(matrix(od, demand, sites), {"--model", "mclp", "--k", "4"}), 2,
       "E001: --k 4 is more than the 3 candidate sites of " + sites},
      {"k zero", with(matrix(od, demand, sites), {"--model", "mclp", "--k", "0"}), 2,
       "E001: --k must be a whole number in [1, 1000000000], got 0"},
      {"mclp without k", with(matrix(od, demand, sites), {"--model", "mclp"}), 2, "E001: --model mclp needs --k N"},
      {"target above 1", with(matrix(od, demand, sites), {"--target", "1.5"}), 2,
       "E001: --target must be in (0, 1], got 1.5"},
      {"target 0", with(matrix(od, demand, sites), {"--target", "0"}), 2, "E001: --target must be in (0, 1], got 0"},
      {"no candidates", matrix(od, demand, data / "sites_all_fixed.csv"), 5,
       "E103: no candidate sites: " + data / "sites_all_fixed.csv" + " has none"},
      {"missing cutoff", {"--od", od, "--demand", demand, "--sites", sites}, 2,
       "E001: matrix mode (--od) needs --cutoff C"},
      {"mixed modes", with(matrix(od, demand, sites), {"--roads", source("geodata/sample/roads.geojson")}), 2,
       "E001: matrix mode (--od) and network mode (--roads) cannot be mixed"},
      {"matrix option without --od", {"--demand", demand, "--cutoff", "10"}, 2,
       "E001: --demand is for matrix mode, which needs --od FILE"},
      {"no mode", {}, 2, "E001: give --od FILE (matrix mode) or --parcels, --facilities and --roads (network mode)"},
  }, {"site"});
}

TEST_CASE("site --help shows an example of each mode", "[site][cli]") {
  const auto r = run_siting({"site", "--help"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("siting site --parcels geodata/sample/estates.geojson"));
  CHECK_THAT(r.out, Contains("--candidate-spacing 100"));
  CHECK_THAT(r.out, Contains("siting site --model mclp --k 2 --od tests/fixtures/site/od.csv"));
}

namespace {

// "site" and the sample district's four layers.
std::vector<std::string> sample_inputs() {
  return {"site",
          "--parcels", source("geodata/sample/estates.geojson"),
          "--facilities", source("geodata/sample/facilities.geojson"),
          "--zones", source("geodata/sample/zones.geojson"),
          "--roads", source("geodata/sample/roads.geojson")};
}

std::vector<std::string> sample_args(const std::vector<std::string>& extra, const std::string& out) {
  std::vector<std::string> args = sample_inputs();
  args.insert(args.end(), extra.begin(), extra.end());
  args.insert(args.end(), {"--out", out});
  return args;
}

}  // namespace

TEST_CASE("site, network mode: psclp lifts the sample district from 84.5% to at least 90%", "[site][cli][network]") {
  TempDir tmp;
  const auto r = run_siting(sample_args({"--candidate-spacing", "100"}, tmp / "out"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(list_dir(tmp / "out") ==
        std::vector<std::string>{".siting-manifest.json", "assignment.csv", "coverage_before_after.csv",
                                 "gaps_after.geojson", "map.png", "sites.csv", "sites.geojson", "summary.json",
                                 "tradeoff.csv", "tradeoff.png", "unreachable.csv"});
  CHECK_THAT(r.out, Contains("of households within 15 minutes (from 84.5%)"));
  const json s = json::parse(read_file(tmp / "out/summary.json"));
  CHECK(s["mode"] == "network");
  CHECK(s["model"] == "psclp");
  const double total = s["coverage"]["households"];
  const double before = s["coverage"]["households_covered_before"];
  const double after = s["coverage"]["households_covered_after"];
  CHECK(before / total == Approx(0.845).margin(0.0005));
  CHECK(after / total >= 0.9);
  // The optimiser's covered households are exactly what coverage counts once the
  // chosen sites are facilities.
  CHECK(s["covered_weight"].get<double>() == after);
  CHECK(s["covered_after"].get<double>() == after);
  CHECK(s["covered_before"].get<double>() == before);
  CHECK(s["objective"].get<double>() == static_cast<double>(s["chosen"].size()));
  CHECK(s["objective"].get<double>() >= std::ceil(s["bound"].get<double>() - 1e-9));

  const Csv sites = read_csv(tmp / "out/sites.csv");
  REQUIRE(sites.rows.size() == s["chosen"].size());
  CHECK(sites.rows[0].at("rank") == "1");
  CHECK(sites.rows[0].at("site_id") == s["chosen"][0].get<std::string>());
  // Floor area needed: assigned households / 100 x 20 m2 (guangdong, new estates).
  for (const auto& row : sites.rows)
    CHECK(std::stod(row.at("floor_area_needed_m2")) == Approx(std::stod(row.at("assigned_households")) / 100 * 20).margin(0.01));
  const Csv ba = read_csv(tmp / "out/coverage_before_after.csv");
  CHECK(ba.rows[0].at("scope") == "overall");
  CHECK(std::stod(ba.rows[0].at("covered_after")) == after);
  CHECK(ba.rows.size() == 19);  // overall and the 18 zones
  CHECK(read_file(tmp / "out/map.png").rfind("\x89PNG", 0) == 0);
}

TEST_CASE("site, network mode: refused inputs", "[site][cli][network][errors]") {
  TempDir data;
  std::ofstream(data / "none.geojson")
      << R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},"features":[]})";
  check_refused({
      {"both candidate sources", {"--candidates", data / "none.geojson", "--candidate-spacing", "100"}, 2,
       "E001: network mode needs one of --candidates FILE and --candidate-spacing M"},
      {"no candidate source", {}, 2, "E001: network mode needs one of --candidates FILE and --candidate-spacing M"},
      {"spacing out of range", {"--candidate-spacing", "5"}, 2, "E001: --candidate-spacing must be in [10, 5000] m, got 5"},
      {"empty candidates layer", {"--candidates", data / "none.geojson"}, 5, "E103"},
      {"k above the candidates", {"--candidate-spacing", "100", "--model", "mclp", "--k", "100000"}, 2,
       "is more than the"},
  }, sample_inputs());
}

TEST_CASE("site, network mode: a candidates layer, its floor area as capacity", "[site][cli][network]") {
  TempDir tmp;
  // C1 sits where the generated candidates' best one does, at the edge of 东湾;
  // 600 m2 / 20 m2 per 100 households (guangdong, new estates) = 3000 households.
  std::ofstream(tmp / "cands.geojson") << R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"C1","name":"东湾社区中心","floor_area":600},"geometry":{"type":"Point","coordinates":[113.5317041,22.7962824]}},
{"type":"Feature","properties":{"id":"C2","name":"far","capacity":50},"geometry":{"type":"Point","coordinates":[113.51,22.79]}}]})";
  const auto r = run_siting(sample_args({"--model", "mclp", "--k", "1", "--candidates", tmp / "cands.geojson"}, tmp / "out"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("2 candidates (layer " + tmp / "cands.geojson" + ")"));
  CHECK_THAT(r.out, Contains("capacities bind"));
  const Csv sites = read_csv(tmp / "out/sites.csv");
  REQUIRE(sites.rows.size() == 1);
  CHECK(sites.rows[0].at("site_id") == "C1");
  CHECK(sites.rows[0].at("name") == "东湾社区中心");
  CHECK(sites.rows[0].at("capacity") == "3000.00");
  CHECK(sites.rows[0].at("assigned") == "3000.00");
  CHECK(sites.rows[0].at("capacity_used") == "1.0000");
  CHECK(sites.rows[0].at("floor_area_needed_m2") == "600.00");
  const json s = json::parse(read_file(tmp / "out/summary.json"));
  CHECK(s["chosen"] == json::array({"C1"}));
  CHECK(s["covered_weight"].get<double>() - s["covered_before"].get<double>() <= 3000.0);
}

TEST_CASE("site --exact: Cbc closes the gap the heuristic leaves (capacitated p-median on the sample)",
          "[site][cli][network][exact]") {
  // Three new sites with the existing facilities' capacities (floor area / 20 m2
  // x 100 households): the heuristic's LP bound leaves a gap; Cbc, warm-started
  // with the heuristic's answer, proves that answer optimal.
  const std::vector<std::string> model{"--candidate-spacing", "100", "--model", "pmedian", "--k", "3"};
  TempDir tmp;
  const auto heuristic = run_siting(sample_args(model, tmp / "heuristic"));
  std::vector<std::string> exact_model = model;
  exact_model.insert(exact_model.end(), {"--exact", "--time-limit", "600"});
  const auto exact = run_siting(sample_args(exact_model, tmp / "exact"));
  INFO(heuristic.err << exact.err);
  REQUIRE(heuristic.exit_code == 0);
  REQUIRE(exact.exit_code == 0);
  const json h = json::parse(read_file(tmp / "heuristic/summary.json"));
  const json e = json::parse(read_file(tmp / "exact/summary.json"));
  CHECK(h["bound_method"] == "lp");
  CHECK(h["gap"].get<double>() > 0.01);
  CHECK_FALSE(h["proven_optimal"].get<bool>());
  CHECK(e["search"]["exact_run"].get<bool>());
  CHECK(e["search"]["exact_status"] == "optimal");
  CHECK(e["bound_method"] == "cbc");
  CHECK(e["proven_optimal"].get<bool>());
  CHECK(e["gap"].get<double>() == 0.0);
  CHECK(e["objective"].get<double>() == e["bound"].get<double>());
  // Cbc's optimum is no worse than the heuristic's answer and no better than its bound.
  CHECK(e["objective"].get<double>() <= h["objective"].get<double>());
  CHECK(e["objective"].get<double>() >= h["bound"].get<double>());
  CHECK_THAT(exact.out, Contains("(Cbc's bound, gap 0.00%)"));
  CHECK_THAT(exact.out, Contains("Cbc: optimal"));
}

TEST_CASE("site, matrix mode: --demand-weight counts another column (elderly residents)", "[site][cli]") {
  // The fixture with a second weight column: D5 has 50 elderly residents, every
  // other point 1. By households S1 is the best single site (D2 + D3 = 140); by
  // elderly residents S3 is (D5 = 50, against 2 for S1 or S2), so 1 (D1, by F1)
  // + 50 of 55 = 92.7 % are within 10.
  TempDir tmp;
  write(tmp / "demand.csv", "id,weight,elderly\nD1,100,1\nD2,80,1\nD3,60,1\nD4,40,1\nD5,20,50\nD6,10,1\n");
  const std::vector<std::string> head{"site", "--model", "mclp", "--k", "1", "--od", source(kDir + "od.csv"),
                                      "--sites", source(kDir + "sites.csv"), "--cutoff", "10",
                                      "--demand", tmp / "demand.csv"};
  std::vector<std::string> elderly = head;
  elderly.insert(elderly.end(), {"--demand-weight", "elderly", "--out", tmp / "elderly"});
  const auto r = run_siting(elderly);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("1 new site brings 92.7% of demand within cost 10 (from 1.8%)"));
  CHECK_THAT(r.out, Contains("sites in rank order: S3 (+50)"));
  const json s = json::parse(read_file(tmp / "elderly/summary.json"));
  CHECK(s["objective"].get<double>() == 51.0);
  CHECK(s["chosen"] == json::array({"S3"}));

  std::vector<std::string> households = head;
  households.insert(households.end(), {"--out", tmp / "households"});
  const auto h = run_siting(households);
  REQUIRE(h.exit_code == 0);
  CHECK_THAT(h.out, Contains("sites in rank order: S1 (+140)"));

  std::vector<std::string> missing = head;
  missing.insert(missing.end(), {"--demand-weight", "old", "--out", tmp / "missing"});
  const auto m = run_siting(missing);
  CHECK(m.exit_code == 6);
  CHECK_THAT(m.err, Contains("field old: column 'old' is missing (header: id,weight,elderly)"));
  CHECK_FALSE(exists(tmp / "missing"));
}
