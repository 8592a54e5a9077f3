// SPDX-License-Identifier: Apache-2.0
// siting check --report on the hand-worked check fixture (tests/fixtures/check):
// the city report's sections and the figures worked there by hand. The browser,
// the PDF and the CJK font: tests/report/run.sh.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "support.hpp"

using namespace siting::test;
using Catch::Matchers::Contains;

namespace {

std::vector<std::string> check_args(const std::string& out, const std::vector<std::string>& more) {
  const std::string f = "tests/fixtures/check/";
  std::vector<std::string> a{"check",   "--parcels", source(f + "estates.geojson"), "--facilities",
                             source(f + "facilities.geojson"), "--zones", source(f + "zones.geojson"),
                             "--out",   out};
  a.insert(a.end(), more.begin(), more.end());
  return a;
}

}  // namespace

TEST_CASE("report: check --report --no-pdf writes report.html with the hand-worked figures", "[report][cli]") {
  TempDir tmp;
  const auto r = run_siting(check_args(tmp / "out", {"--report", "--no-pdf"}));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(exists(tmp / "out/report.html"));
  CHECK(!exists(tmp / "out/report.pdf"));
  const std::string html = read_file(tmp / "out/report.html");
  // Without roads: no coverage maps or chart.
  for (const char* id : {"cover", "summary", "indicators", "map-provision", "estates", "zones"})
    CHECK_THAT(html, Contains(std::string("id=\"") + id + "\""));
  CHECK_THAT(html, !Contains("id=\"map-coverage\"") && !Contains("id=\"chart-zones\""));
  // New estates: A passes (70 >= 60 m2), C fails (25 < 30): 1 of 2, shortfall 5 m2.
  CHECK_THAT(html, Contains("<div class=\"v\">1 / 2</div><div class=\"l\">50.0 %, shortfall 5.00 m²</div>"));
  // Old estates B (39 >= 39) and D (no households): 2 of 2.
  CHECK_THAT(html, Contains("<div class=\"v\">2 / 2</div><div class=\"l\">100.0 %, shortfall 0.00 m²</div>"));
  // Streets: S1 fails (0 < 117.90 m2 of land), S2 passes: 1 of 2.
  CHECK_THAT(html, Contains("<div class=\"v\">1 / 2</div><div class=\"l\">50.0 %, land shortfall 117.90 m²</div>"));
  // The failing estates' table holds C alone; the zones' table marks S1.
  CHECK_THAT(html, Contains("<tr class=\"fail\"><td>C</td>"));
  CHECK_THAT(html, !Contains("<tr class=\"pass\"><td>A</td><td>Alpha</td><td>new</td>"));
  CHECK_THAT(html, Contains("<tr class=\"fail\"><td>S1</td><td>West street</td><td>street</td><td class=\"n\">1179</td>"
                            "<td class=\"n\">117.90</td><td class=\"n\">0.00</td><td class=\"n\">117.90</td>"));
  // Column headers are the Chinese / English aliases of the CSV's columns.
  CHECK_THAT(html, Contains("<th>应配养老用地(m²)<br><small>required land (m²)</small></th>"));
  // One image (the estates map), inline.
  CHECK_THAT(html, Contains("<img class=\"map\" alt=\"map of the estates by verdict\" src=\"data:image/png;base64,"));
}

TEST_CASE("report: --no-pdf needs --report; a missing browser stops the run before any work", "[report][cli]") {
  TempDir tmp;
  const auto u = run_siting(check_args(tmp / "u", {"--no-pdf"}));
  CHECK(u.exit_code == 2);
  CHECK_THAT(u.err, Contains("--no-pdf requires --report"));
  CHECK(!exists(tmp / "u"));

  setenv("SITING_CHROMIUM", (tmp / "no-such-browser").c_str(), 1);
  const auto r = run_siting(check_args(tmp / "out", {"--report"}));
  unsetenv("SITING_CHROMIUM");
  INFO(r.err);
  CHECK(r.exit_code == 14);
  CHECK_THAT(r.err, Contains("E401: --report prints report.pdf with Chromium, which is not installed"));
  CHECK(!exists(tmp / "out"));
}
