// SPDX-License-Identifier: Apache-2.0
// geodata/sample/README.md states what siting reports for the sample district.
// The generator writes those figures from constants; this test holds them to the
// real outputs, so the README cannot drift from the tool.

#include <catch2/catch.hpp>

#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "support.hpp"

using namespace siting::test;
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

// Table rows of the README matching `pattern`, as their captured groups.
std::vector<std::smatch> rows(const std::string& text, const std::regex& pattern) {
  std::vector<std::smatch> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), pattern); it != std::sregex_iterator(); ++it)
    out.push_back(*it);
  return out;
}

}  // namespace

TEST_CASE("the sample README's figures are what siting reports", "[sample]") {
  const std::string readme = read_file(source(kSample + "README.md"));
  TempDir tmp;
  const auto r = run_siting(sample_args("check", tmp / "out"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const json s = json::parse(read_file(tmp / "out/summary.json"));

  // Estates: every row of the provision table.
  const Csv estates = read_csv(tmp / "out/estates.csv");
  const auto estate_rows =
      rows(readme, std::regex(R"(\n\| (E\d\d) \| [^|]+ \| [^|]+ \| (\d+) \| ([\d.]+) \| ([\d.]+) \| [^|]* \| (pass|fail) \|)"));
  CHECK(estate_rows.size() == estates.rows.size());
  for (const auto& m : estate_rows) {
    INFO(m[1]);
    const auto& e = estates.row("id", m[1]);
    CHECK(e.at("households") == m[2].str());
    CHECK(e.at("required_m2") == m[3].str());
    CHECK(e.at("provided_m2") == m[4].str());
    CHECK(e.at("verdict") == m[5].str());
  }

  // Coverage tiers.
  const auto tiers = rows(readme, std::regex(R"(\n\| (\d+) min \| (\d+) of (\d+) \| ([\d.]+%) \| ([\d.]+%) \|)"));
  REQUIRE(tiers.size() == 3);
  for (std::size_t i = 0; i < tiers.size(); ++i) {
    const json& t = s["coverage"]["overall"][i];
    INFO(tiers[i][1]);
    CHECK(t["minutes"].get<double>() == std::stod(tiers[i][1]));
    CHECK(t["households_covered"].get<double>() == std::stod(tiers[i][2]));
    CHECK(percent(t["households_share"].get<double>()) == tiers[i][4].str());
    CHECK(percent(t["area_share"].get<double>()) == tiers[i][5].str());
  }
  CHECK(s["estates"]["households"].get<double>() == std::stod(tiers[0][3]));

  // Gaps.
  std::smatch gaps;
  REQUIRE(std::regex_search(readme, gaps, std::regex(R"(Gaps \([^)]*\): (\d+) parcels, (\d+) households left out)")));
  CHECK_THAT(r.out, Catch::Matchers::Contains("gaps: " + gaps[1].str() + " parcels with land outside the circle, " +
                                              gaps[2].str() + " households left out"));

  // Coverage per zone.
  const Csv zones = read_csv(tmp / "out/zones_coverage.csv");
  const auto zone_rows =
      rows(readme, std::regex(R"(\n\| ((?:JD|SQ)\d\d) \| [^|]+ \| ([\d.]+) \| (\d+) of (\d+) \| ([\d.]+) \| ([\d.]+) \|)"));
  REQUIRE(zone_rows.size() == 5);
  for (const auto& m : zone_rows) {
    INFO(m[1]);
    const auto& z = zones.row("id", m[1]);
    CHECK(z.at("households_share_5min") == m[2].str());
    CHECK(z.at("households_covered_15min") == m[3].str());
    CHECK(z.at("households") == m[4].str());
    CHECK(z.at("households_share_15min") == m[5].str());
    CHECK(z.at("area_share_15min") == m[6].str());
  }
}

TEST_CASE("the sample proposals review as the README says", "[sample][review]") {
  const std::string readme = read_file(source(kSample + "README.md"));
  const auto expected = rows(readme, std::regex(R"(\n\| (P-0\d) \| (pass|fail)[^|]*\| (pass|fail)[^|]*\|)"));
  REQUIRE(expected.size() == 3);
  for (const char* rules : {"guangdong", "anhui"}) {
    TempDir tmp;
    const auto r = run_siting({"review", "--proposal", source(kSample + "proposals"), "--facilities",
                               source(kSample + "facilities.geojson"), "--zones", source(kSample + "zones.geojson"),
                               "--roads", source(kSample + "roads.geojson"), "--rules", rules, "--out", tmp / "out"});
    INFO(rules << "\n" << r.err);
    const Csv summary = read_csv(tmp / "out/reviews.csv");
    for (const auto& m : expected)
      CHECK(summary.row("proposal_id", m[1]).at("verdict") == (std::string(rules) == "guangdong" ? m[2] : m[3]).str());
  }
}
