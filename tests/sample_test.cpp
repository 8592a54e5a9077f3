// SPDX-License-Identifier: Apache-2.0
// The sample district geodata/sample: siting's outputs for it are the hand-checked
// figures of sample_expected.hpp, its README (which siting-make-sample writes from
// siting's outputs) quotes those figures, and siting-make-sample writes exactly
// the committed files.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "sample_expected.hpp"
#include "support.hpp"

using namespace siting::test;
namespace expected = siting::test::sample;
using json = nlohmann::json;

namespace {

const std::string kSample = "geodata/sample/";

std::vector<std::string> sample_args(const std::string& command, const std::string& out) {
  return {command, "--parcels", source(kSample + "estates.geojson"), "--facilities",
          source(kSample + "facilities.geojson"), "--zones", source(kSample + "zones.geojson"),
          "--roads", source(kSample + "roads.geojson"), "--out", out};
}

std::string percent(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * share + 1e-9);
  return buf;
}

std::string fixed2(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

// Table rows of the README matching `pattern`, as their captured groups.
std::vector<std::smatch> rows(const std::string& text, const std::regex& pattern) {
  std::vector<std::smatch> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), pattern); it != std::sregex_iterator(); ++it)
    out.push_back(*it);
  return out;
}

std::string joined(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (const std::string& i : items) out += (out.empty() ? "" : sep) + i;
  return out;
}

// estates.csv's "F09;F10" as the README lists it: "F09, F10", "-" for none.
std::string listed(const std::string& ids) {
  std::string out;
  for (char c : ids) out += c == ';' ? std::string(", ") : std::string(1, c);
  return out.empty() ? "-" : out;
}

std::string failed_checks(const json& review) {
  std::vector<std::string> out;
  for (const json& c : review["failed_checks"]) out.push_back(c.get<std::string>());
  return joined(out, ", ");
}

const json& check_of(const json& review, const std::string& id) {
  for (const json& c : review["checks"])
    if (c["id"] == id) return c;
  throw std::runtime_error("the review has no check " + id);
}

}  // namespace

TEST_CASE("siting's figures for the sample are the hand-checked ones", "[sample][check][coverage]") {
  TempDir tmp;
  const auto r = run_siting(sample_args("check", tmp / "out"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const json s = json::parse(read_file(tmp / "out/summary.json"));

  const Csv estates = read_csv(tmp / "out/estates.csv");
  REQUIRE(estates.rows.size() == expected::kEstates.size());
  for (const auto& e : expected::kEstates) {
    INFO(e.id);
    const double rate = std::string(e.kind) == "new" ? 20.0 : 15.0;
    CHECK(fixed2(e.households * rate / 100.0) == e.required_m2);  // the table itself
    const auto& row = estates.row("id", e.id);
    CHECK(row.at("kind") == e.kind);
    CHECK(row.at("households") == std::to_string(e.households));
    CHECK(row.at("required_m2") == e.required_m2);
    CHECK(row.at("provided_m2") == e.provided_m2);
    CHECK(listed(row.at("facility_ids")) == e.facilities);
    CHECK(row.at("verdict") == (e.pass ? "pass" : "fail"));
  }
  CHECK(s["estates"]["new"]["pass"] == expected::kNewPass);
  CHECK(s["estates"]["new"]["fail"] == expected::kNewFail);
  CHECK(s["estates"]["old"]["pass"] == expected::kOldPass);
  CHECK(s["estates"]["old"]["fail"] == expected::kOldFail);

  const Csv zones = read_csv(tmp / "out/zones.csv");
  REQUIRE(zones.rows.size() == expected::kZones.size());
  for (const auto& z : expected::kZones) {
    INFO(z.id);
    // The table itself: 0.1 m2 per resident (the population printed is rounded).
    CHECK(std::abs(std::stod(z.required_land_m2) * 10.0 - std::stod(z.population)) <= (z.from_estates ? 0.5 : 1e-6));
    const auto& row = zones.row("id", z.id);
    CHECK(row.at("population") == z.population);
    CHECK(row.at("population_source") == (z.from_estates ? "estates" : "field"));
    CHECK(row.at("required_land_m2") == z.required_land_m2);
    CHECK(row.at("provided_land_m2") == z.provided_land_m2);
    CHECK(row.at("verdict") == (z.pass ? "pass" : "fail"));
  }

  const json& cov = s["coverage"];
  CHECK(s["estates"]["households"] == expected::kHouseholds);
  REQUIRE(cov["overall"].size() == expected::kTiers.size());
  for (std::size_t i = 0; i < expected::kTiers.size(); ++i) {
    const json& t = cov["overall"][i];
    INFO(expected::kTiers[i].minutes << " min");
    CHECK(t["minutes"] == expected::kTiers[i].minutes);
    CHECK(t["households_covered"] == expected::kTiers[i].households);
    CHECK(percent(t["households_share"].get<double>()) == expected::kTiers[i].share);
    CHECK(percent(t["area_share"].get<double>()) == expected::kTiers[i].area_share);
  }
  CHECK(cov["target_met"] == expected::kTargetMet);
  CHECK_THAT(r.out, Catch::Matchers::Contains("gaps: " + std::to_string(expected::kGapParcels) +
                                              " parcels with land outside the circle, " +
                                              std::to_string(expected::kHouseholdsLeftOut) + " households left out"));
  CHECK(read_csv(tmp / "out/parcels.csv").row("id", expected::kResettlementEstate).at("time_min") ==
        expected::kResettlementMinutes);

  CHECK(cov["network"]["vertices"] == expected::kVertices);
  CHECK(cov["network"]["edges"] == expected::kEdges);
  CHECK(cov["network"]["components"] == expected::kComponents);
  std::vector<std::string> off, islands;
  for (const auto& f : read_csv(tmp / "out/facilities_coverage.csv").rows) {
    if (f.at("on_network") == "false") off.push_back(f.at("id"));
    if (f.at("on_island") == "true") islands.push_back(f.at("id"));
  }
  CHECK(off == std::vector<std::string>(expected::kOffNetwork.begin(), expected::kOffNetwork.end()));
  CHECK(islands == std::vector<std::string>(expected::kOnIslands.begin(), expected::kOnIslands.end()));

  const Csv zc = read_csv(tmp / "out/zones_coverage.csv");
  for (const auto& z : expected::kZoneCoverage) {
    INFO(z.id);
    const auto& row = zc.row("id", z.id);
    CHECK(row.at("households_share_5min") == z.share_5min);
    CHECK(row.at("households_covered_15min") == std::to_string(z.covered_15min));
    CHECK(row.at("households") == std::to_string(z.households));
    CHECK(row.at("households_share_15min") == z.share_15min);
    CHECK(row.at("area_share_15min") == z.area_share_15min);
  }
}

TEST_CASE("the sample proposals review as hand-checked", "[sample][review]") {
  auto review = [](const std::string& rules, bool parcels, const TempDir& tmp) {
    std::vector<std::string> args{"review", "--proposal", source(kSample + "proposals"), "--facilities",
                                  source(kSample + "facilities.geojson"), "--zones", source(kSample + "zones.geojson"),
                                  "--roads", source(kSample + "roads.geojson"), "--rules", rules,
                                  "--out", tmp / (rules + (parcels ? "-parcels" : ""))};
    if (parcels) args.insert(args.end(), {"--parcels", source(kSample + "estates.geojson")});
    const auto r = run_siting(args);
    INFO(r.err);
    CHECK(r.exit_code == 1);  // P-02 fails
    return tmp / (rules + (parcels ? "-parcels" : ""));
  };
  TempDir tmp;
  const std::string guangdong = review("guangdong", false, tmp), anhui = review("anhui", false, tmp),
                    with_parcels = review("guangdong", true, tmp);
  for (const auto& p : expected::kReviews) {
    INFO(p.id);
    const json g = json::parse(read_file(guangdong + "/" + p.id + "/review.json"));
    const json a = json::parse(read_file(anhui + "/" + p.id + "/review.json"));
    CHECK(failed_checks(g) == p.guangdong_failed);
    CHECK(g["verdict"] == (std::string(p.guangdong_failed).empty() ? "pass" : "fail"));
    CHECK(failed_checks(a) == p.anhui_failed);
    const json& cov = check_of(g, "coverage")["values"];
    CHECK(percent(cov["share_with_proposal"].get<double>()) == p.share_with);
    CHECK(percent(cov["share_existing_only"].get<double>()) == p.share_existing);
    if (*p.served_by)
      for (const json& ph : g["proposal"]["phases"]) CHECK(ph["nearest_facility_id"] == p.served_by);

    const json wp = json::parse(read_file(with_parcels + "/" + p.id + "/review.json"));
    if (std::string(p.id) != expected::kFailsWithParcels) {
      CHECK(failed_checks(wp) == p.guangdong_failed);
      continue;
    }
    CHECK(failed_checks(wp) != failed_checks(g));
    const json& zone = check_of(wp, expected::kFailsWithParcelsCheck);
    CHECK(zone["outcome"] == "fail");
    CHECK(zone["values"]["zone_id"] == expected::kFailsWithParcelsZone);
  }
}

TEST_CASE("the planned day-care centre of P-01 brings the new area within the circle", "[sample][coverage]") {
  // The facilities layer with P-01's facility points added.
  TempDir tmp;
  json facilities = json::parse(read_file(source(kSample + "facilities.geojson")));
  const json proposal = json::parse(read_file(source(kSample + "proposals/P-01.geojson")));
  for (const json& f : proposal["features"])
    if (f["geometry"]["type"] == "Point") facilities["features"].push_back(f);
  std::ofstream(tmp / "facilities.geojson") << facilities.dump();
  std::vector<std::string> args = sample_args("coverage", tmp / "out");
  args[4] = tmp / "facilities.geojson";
  const auto r = run_siting(args);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const Csv parcels = read_csv(tmp / "out/parcels.csv");
  for (std::size_t i = 0; i < expected::kServedByP01.size(); ++i) {
    INFO(expected::kServedByP01[i]);
    const auto& row = parcels.row("id", expected::kServedByP01[i]);
    CHECK(row.at("facility_id") == "P01-A");
    CHECK(row.at("time_min") == expected::kMinutesWithP01[i]);
    CHECK(row.at("tier_min") == "10");
  }
  CHECK(read_csv(tmp / "out/zones_coverage.csv").row("id", "SQ13").at("households_share_15min") == "1.0000");
}

TEST_CASE("the sample README quotes the hand-checked figures", "[sample][readme]") {
  const std::string readme = read_file(source(kSample + "README.md"));
  using Catch::Matchers::Contains;

  const auto estate_rows =
      rows(readme, std::regex(R"(\n\| (E\d\d) \| [^|]+ \| [^|]+ \| (\d+) \| ([\d.]+) \| ([\d.]+) \| ([^|]*) \| )"
                              R"((pass|fail) \|)"));
  REQUIRE(estate_rows.size() == expected::kEstates.size());
  for (std::size_t i = 0; i < estate_rows.size(); ++i) {
    const auto& e = expected::kEstates[i];
    const auto& m = estate_rows[i];
    INFO(e.id);
    CHECK(m[1] == e.id);
    CHECK(m[2] == std::to_string(e.households));
    CHECK(m[3] == e.required_m2);
    CHECK(m[4] == e.provided_m2);
    CHECK(m[5] == e.facilities);
    CHECK(m[6] == (e.pass ? "pass" : "fail"));
  }
  CHECK_THAT(readme, Contains("New estates: " + std::to_string(expected::kNewPass) + " pass, " +
                              std::to_string(expected::kNewFail) + " fail; old estates: " +
                              std::to_string(expected::kOldPass) + " pass, " + std::to_string(expected::kOldFail) +
                              " fail."));

  const auto zone_rows = rows(readme, std::regex(R"(\n\| ((?:Q|JD|SQ)\d\d) \| [^|]+ \| [^|]+ \| (\d+) )"
                                                 R"(\((人口|from estates)\) \| ([\d.]+) \| ([\d.]+) \| (pass|fail) \|)"));
  REQUIRE(zone_rows.size() == expected::kZones.size());
  for (std::size_t i = 0; i < zone_rows.size(); ++i) {
    const auto& z = expected::kZones[i];
    const auto& m = zone_rows[i];
    INFO(z.id);
    CHECK(m[1] == z.id);
    CHECK(m[2] == z.population);
    CHECK(m[3] == (z.from_estates ? "from estates" : "人口"));
    CHECK(m[4] == z.required_land_m2);
    CHECK(m[5] == z.provided_land_m2);
    CHECK(m[6] == (z.pass ? "pass" : "fail"));
  }

  const auto tiers = rows(readme, std::regex(R"(\n\| (\d+) min \| (\d+) of (\d+) \| ([\d.]+%) \| ([\d.]+%) \|)"));
  REQUIRE(tiers.size() == expected::kTiers.size());
  for (std::size_t i = 0; i < tiers.size(); ++i) {
    INFO(tiers[i][1]);
    CHECK(tiers[i][1] == std::to_string(expected::kTiers[i].minutes));
    CHECK(tiers[i][2] == std::to_string(expected::kTiers[i].households));
    CHECK(tiers[i][3] == std::to_string(expected::kHouseholds));
    CHECK(tiers[i][4] == expected::kTiers[i].share);
    CHECK(tiers[i][5] == expected::kTiers[i].area_share);
  }
  CHECK_THAT(readme, Contains(expected::kTargetMet ? "Target met." : "Target not met."));
  CHECK_THAT(readme, Contains("service area): " + std::to_string(expected::kGapParcels) + " parcels, " +
                              std::to_string(expected::kHouseholdsLeftOut) + " households left out"));
  CHECK_THAT(readme, Contains(std::string("whose south gate is reached at ") + expected::kResettlementMinutes +
                              " minutes"));
  std::vector<std::string> off(expected::kOffNetwork.begin(), expected::kOffNetwork.end()),
      islands(expected::kOnIslands.begin(), expected::kOnIslands.end());
  CHECK_THAT(readme, Contains("Network: " + std::to_string(expected::kVertices) + " vertices, " +
                              std::to_string(expected::kEdges) + " edges, " + std::to_string(expected::kComponents) +
                              " components; facilities off the network " + std::to_string(off.size()) + " (" +
                              joined(off, ", ") + "), on islands " + std::to_string(islands.size()) + " (" +
                              joined(islands, ", ") + ");"));

  const auto zc =
      rows(readme, std::regex(R"(\n\| ((?:JD|SQ)\d\d) \| [^|]+ \| ([\d.]+) \| (\d+) of (\d+) \| )"
                              R"(([\d.]+) \| ([\d.]+) \|)"));
  REQUIRE(zc.size() == expected::kZoneCoverage.size());
  for (std::size_t i = 0; i < zc.size(); ++i) {
    const auto& z = expected::kZoneCoverage[i];
    INFO(z.id);
    CHECK(zc[i][1] == z.id);
    CHECK(zc[i][2] == z.share_5min);
    CHECK(zc[i][3] == std::to_string(z.covered_15min));
    CHECK(zc[i][4] == std::to_string(z.households));
    CHECK(zc[i][5] == z.share_15min);
    CHECK(zc[i][6] == z.area_share_15min);
  }

  // The proposals: the land short in the district and in 南湾街道, the reviews, and P-01's facility.
  auto whole = [](const char* m2) { return std::to_string(static_cast<long>(std::lround(std::stod(m2)))); };
  const auto& district = expected::kZones[0];
  const auto& nanwan = expected::kZones[3];
  CHECK_THAT(readme, Contains("(" + whole(district.required_land_m2) + " m² required, " +
                              whole(district.provided_land_m2) + " m² provided), and so is\n南湾街道 (" +
                              whole(nanwan.required_land_m2) + ", " + whole(nanwan.provided_land_m2) + ")"));
  const auto reviews =
      rows(readme, std::regex(R"(\n\| (P-0\d) \| ([^|]+) \| ([^|]+) \| ([\d.]+%); ([\d.]+%)(?: \((F\d\d)\))? \|)"));
  REQUIRE(reviews.size() == expected::kReviews.size());
  for (std::size_t i = 0; i < reviews.size(); ++i) {
    const auto& p = expected::kReviews[i];
    INFO(p.id);
    auto verdict = [](const std::string& failed) { return failed.empty() ? std::string("pass") : "fail: " + failed; };
    CHECK(reviews[i][1] == p.id);
    CHECK(reviews[i][2] == verdict(p.guangdong_failed));
    CHECK(reviews[i][3] == verdict(p.anhui_failed));
    CHECK(reviews[i][4] == p.share_with);
    CHECK(reviews[i][5] == p.share_existing);
    CHECK(reviews[i][6] == p.served_by);
  }
  CHECK_THAT(readme, Contains(std::string(expected::kFailsWithParcels) + " also fails\n" +
                              expected::kFailsWithParcelsCheck + " (" + expected::kFailsWithParcelsZoneName + ")"));
  CHECK_THAT(readme, Contains("circle also takes in " + std::string(expected::kServedByP01.front()) + "-" +
                              expected::kServedByP01.back()));
  CHECK_THAT(readme, Contains(expected::kWithP01Sentence));
}

TEST_CASE("siting-make-sample writes exactly the committed sample", "[sample][tools]") {
  TempDir tmp;
  const auto r = run_program({SITING_MAKE_SAMPLE_EXE, "--out", tmp / "sample"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  namespace fs = std::filesystem;
  auto files = [](const std::string& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
      if (e.is_regular_file() && e.path().filename() != ".siting-manifest.json")
        out.push_back(fs::relative(e.path(), dir).string());
    std::sort(out.begin(), out.end());
    return out;
  };
  const std::vector<std::string> committed = files(source(kSample));
  CHECK(files(tmp / "sample") == committed);
  for (const std::string& f : committed) {
    INFO(f);
    CHECK(read_file(tmp / ("sample/" + f)) == read_file(source(kSample + f)));
  }
}
