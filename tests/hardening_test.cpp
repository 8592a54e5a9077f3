// SPDX-License-Identifier: Apache-2.0
// Bad values never become numbers nor text they are not (issue 10, items 2, 3
// and 6): counts, measures and rules in range, JSON booleans, arrays and objects
// refused, text that is not UTF-8 replaced and warned about, ids the same in
// every command. Each case runs the real binary on a hand-made GeoJSON file.

#include <catch2/catch.hpp>
#include <ogrsf_frmts.h>

#include <fstream>
#include <limits>

#include <nlohmann/json.hpp>

#include "detail/text.hpp"
#include "report/common.hpp"
#include "siting/error.hpp"
#include "siting/io/table.hpp"
#include "support.hpp"

using namespace siting::test;
using Catch::Matchers::Contains;

namespace {

const std::string kCrs = R"("crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4547"}})";

std::string square(int i) {
  const int x = 450000 + 200 * i, y = 2522000;
  return R"({"type":"Polygon","coordinates":[[[)" + std::to_string(x) + "," + std::to_string(y) + "],[" +
         std::to_string(x + 100) + "," + std::to_string(y) + "],[" + std::to_string(x + 100) + "," +
         std::to_string(y + 100) + "],[" + std::to_string(x) + "," + std::to_string(y + 100) + "],[" +
         std::to_string(x) + "," + std::to_string(y) + "]]]}";
}

std::string point(int i) {
  return R"({"type":"Point","coordinates":[)" + std::to_string(450050 + 200 * i) + ",2522050]}";
}

// A GeoJSON layer named after the file; feature i is a square (or a point) at
// x = 450000 + 200 i with the properties given as JSON text.
std::string layer(const TempDir& tmp, const std::string& name, const std::vector<std::string>& properties,
                  bool points = false) {
  std::string features;
  for (std::size_t i = 0; i < properties.size(); ++i)
    features += std::string(i ? "," : "") + R"({"type":"Feature","properties":{)" + properties[i] +
                "},\"geometry\":" + (points ? point(static_cast<int>(i)) : square(static_cast<int>(i))) + "}";
  const std::string path = tmp / (name + ".geojson");
  std::ofstream(path, std::ios::binary) << R"({"type":"FeatureCollection","name":")" << name << "\"," << kCrs
                                        << R"(,"features":[)" << features << "]}";
  return path;
}

std::string facilities(const TempDir& tmp) {
  return layer(tmp, "facilities", {R"("id":"F1","floor_area":50,"land_area":10)"}, true);
}

// One error line naming every part, its exit code, and no --out.
void refused(const RunResult& r, const TempDir& tmp, int exit_code, const std::vector<std::string>& parts) {
  INFO(r.err);
  CHECK(r.exit_code == exit_code);
  for (const std::string& p : parts) CHECK_THAT(r.err, Contains(p));
  CHECK(r.err.find("siting: error") != std::string::npos);
  CHECK_FALSE(exists(tmp / "out"));
}

RunResult check(const std::string& parcels, const std::string& fac, const std::vector<std::string>& more = {},
                const std::string& out = "") {
  std::vector<std::string> args{"check", "--parcels", parcels, "--facilities", fac, "--out", out};
  args.insert(args.end(), more.begin(), more.end());
  return run_siting(args);
}

}  // namespace

TEST_CASE("counts: whole, non-negative, at most 2^53, and JSON booleans, arrays and objects are not numbers",
          "[hardening][numbers][cli]") {
  TempDir tmp;
  const std::string fac = facilities(tmp);
  struct Case {
    const char* name;
    std::string households;  // feature B's value; feature A has 300
    std::string message;
  };
  const std::vector<Case> cases{
      {"1e19, once written as -9223372036854775808", "1e19",
       "expected a number of households of at most 9007199254740992 (2^53), got 1e+19"},
      {"1e19 as text", "\"1e19\"", "expected a number of households of at most 9007199254740992 (2^53), got 1e+19"},
      {"2^53 + 2", "9007199254740994", "expected a number of at most 9007199254740992 (2^53), got 9007199254740994"},
      {"a decimal", "12.5", "expected a whole number of households, got 12.5"},
      {"negative", "-3", "expected a non-negative number of households, got -3"},
      {"true among numbers, once read as 1", "true", "expected a number, got a boolean (true)"},
      {"false among numbers", "false", "expected a number, got a boolean (false)"},
      {"an array, once blamed on feature A", "[1,2]", "expected a number, got an array \"[ 1, 2 ]\""},
      {"a one-element array", "[5]", "expected a number, got an array \"[ 5 ]\""},
      {"an object", "{\"a\":1}", "expected a number, got an object"},
  };
  for (const Case& c : cases) {
    DYNAMIC_SECTION(c.name) {
      const std::string p = layer(tmp, "estates", {R"("id":"A","kind":"new","households":300)",
                                                   R"("id":"B","kind":"new","households":)" + c.households});
      refused(check(p, fac, {}, tmp / "out"), tmp, 7,
              {"E105: " + p + ", layer estates, feature id=B (fid 1), field households: " + c.message});
    }
  }
  SECTION("a layer of booleans only") {
    const std::string p = layer(tmp, "estates", {R"("id":"A","kind":"new","households":true)"});
    refused(check(p, fac, {}, tmp / "out"), tmp, 7,
            {"feature id=A (fid 0), field households: expected a number, got a boolean (true)"});
  }
  SECTION("population is a count too") {
    const std::string p = layer(tmp, "estates", {R"("id":"A","kind":"new","households":3,"population":1e300)"});
    refused(check(p, fac, {}, tmp / "out"), tmp, 7,
            {"field population: expected a number of residents of at most 9007199254740992 (2^53), got 1e+300"});
  }
  SECTION("2^53 itself, and zero households, are read") {
    const std::string p = layer(tmp, "estates", {R"("id":"A","kind":"new","households":9007199254740992)",
                                                 R"("id":"B","kind":"old","households":0)"});
    const auto r = check(p, fac, {}, tmp / "ok");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(read_csv(tmp / "ok/estates.csv").row("id", "A").at("households") == "9007199254740992");
    CHECK(read_csv(tmp / "ok/estates.csv").row("id", "B").at("households") == "0");
  }
}

TEST_CASE("measures: floor and land areas finite, non-negative, at most 1e9 m2", "[hardening][numbers][cli]") {
  TempDir tmp;
  const std::string p = layer(tmp, "estates", {R"("id":"A","kind":"new","households":300)"});
  SECTION("1e308, once summed to inf") {
    const std::string fac = layer(tmp, "facilities", {R"("id":"F1","floor_area":1e308,"land_area":10)"}, true);
    refused(check(p, fac, {}, tmp / "out"), tmp, 7,
            {"E105: " + fac + ", layer facilities, feature id=F1 (fid 0), field floor_area: expected a floor area (m2) "
                              "of at most 1000000000 (1e9), got 1e+308"});
  }
  SECTION("a boolean floor area") {
    const std::string fac = layer(tmp, "facilities", {R"("id":"F1","floor_area":true,"land_area":10)",
                                                      R"("id":"F2","floor_area":30,"land_area":10)"},
                                  true);
    refused(check(p, fac, {}, tmp / "out"), tmp, 7,
            {"feature id=F1 (fid 0), field floor_area: expected a number, got a boolean (true)"});
  }
}

TEST_CASE("rules: every numeric rule in its range, from a file or --set", "[hardening][numbers][rules][cli]") {
  TempDir tmp;
  const std::string fac = facilities(tmp);
  const std::string p = layer(tmp, "estates", {R"("id":"A","kind":"new","households":300)"});
  struct Case {
    std::string set;
    std::string message;
  };
  const std::vector<Case> cases{
      {"estate.new.floor_m2_per_100_households=1e308",
       "estate.new.floor_m2_per_100_households must be in [0, 1000] m2 per 100 households, got 1e+308"},
      {"estate.old.min_single_facility_floor_m2=1e6",
       "estate.old.min_single_facility_floor_m2 must be in [0, 100000] m2, got 1e+06"},
      {"zone.land_m2_per_resident=inf", "zone.land_m2_per_resident must be in [0, 100] m2 per resident, got 'inf'"},
      {"zone.persons_per_household=0", "zone.persons_per_household must be in (0, 20] persons per household, got 0"},
      {"coverage.target_share=nan", "coverage.target_share must be in [0, 1], got 'nan'"},
      {"review.lift_above_floor=1e19", "review.lift_above_floor must be a whole number in [-10, 200], got 1e+19"},
      {"review.max_housing_share_before_facility=2",
       "review.max_housing_share_before_facility must be in [0, 1], got 2"},
  };
  for (const Case& c : cases) {
    DYNAMIC_SECTION("--set " << c.set) {
      refused(check(p, fac, {"--set", c.set}, tmp / "out"), tmp, 13, {"E301: --set " + c.set + ": " + c.message});
    }
  }
  SECTION("a rule-set file") {
    std::string text = read_file(source("geodata/rules/guangdong.json"));
    text.replace(text.find("\"land_m2_per_resident\": 0.1"), 27, "\"land_m2_per_resident\": 1e308");
    std::ofstream(tmp / "r.json") << text;
    refused(check(p, fac, {"--rules", tmp / "r.json"}, tmp / "out"), tmp, 13,
            {"E301: " + (tmp / "r.json") + ": rule 'zone.land_m2_per_resident' must be in [0, 100] m2 per resident, "
                                           "got 1e+308"});
  }
  SECTION("the largest rates on the largest counts stay finite in every output") {
    const std::string big = layer(tmp, "estates", {R"("id":"A","kind":"new","households":9007199254740992)"});
    const auto r = check(big, fac, {"--set", "estate.new.floor_m2_per_100_households=1000", "--gpkg"}, tmp / "ok");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    for (const std::string& f : list_dir(tmp / "ok")) {
      if (f == "siting.gpkg") continue;
      const std::string text = read_file(tmp / ("ok/" + f));
      INFO(f);
      CHECK(text.find("inf") == std::string::npos);
      CHECK(text.find("nan") == std::string::npos);
      CHECK(text.find("NaN") == std::string::npos);
    }
    CHECK_THAT(read_csv(tmp / "ok/estates.csv").row("id", "A").at("required_m2"), Catch::StartsWith("900719925474099"));
  }
}

TEST_CASE("text that is not UTF-8 is replaced with U+FFFD, warned about, and every output is UTF-8",
          "[hardening][text][cli]") {
  TempDir tmp;
  // A stray byte in a name, a control byte, and a field name that is not UTF-8.
  const std::string p = layer(tmp, "estates", {"\"id\":\"A\",\"name\":\"Al\xFFpha\",\"kind\":\"new\",\"households\":300",
                                               "\"id\":\"B\",\"name\":\"B\xE4ta\x01\",\"kind\":\"old\",\"households\":20,"
                                               "\"n\xB1me\":\"x\""});
  const std::string fac = layer(tmp, "facilities", {"\"id\":\"F1\",\"category\":\"day\xC3-care\",\"floor_area\":50"},
                                true);
  // The type value, once replaced, is mapped like any other (else it is E105, as
  // an unknown type is).
  const auto r = check(p, fac, {"--gpkg", "--type-value", "day\xEF\xBF\xBD-care=day_care"}, tmp / "out");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.err, Contains("siting: warning: " + p +
                             ", layer estates, field name: 2 value(s) not valid UTF-8, the first in feature id=A (fid 0); "
                             "each byte that is not UTF-8 is replaced by U+FFFD"));
  CHECK_THAT(r.err, Contains("layer facilities, field category: 1 value(s) not valid UTF-8, the first in feature id=F1 (fid 0)"));
  CHECK_THAT(r.err, Contains("layer estates: 1 field name(s) not valid UTF-8 (\"n\\xB1me\")"));
  CHECK(siting::detail::is_valid_utf8(r.err));
  CHECK(read_csv(tmp / "out/estates.csv").row("id", "A").at("name") == "Al\xEF\xBF\xBDpha");
  CHECK(read_csv(tmp / "out/facilities.csv").row("id", "F1").at("category") == "day\xEF\xBF\xBD-care");
  CHECK(read_csv(tmp / "out/facilities.csv").row("id", "F1").at("type") == "day_care");
  for (const std::string& f : list_dir(tmp / "out")) {
    INFO(f);
    if (f == "siting.gpkg") continue;
    CHECK(siting::detail::is_valid_utf8(read_file(tmp / ("out/" + f))));
  }
  // The GeoPackage's text values, as GDAL reads them back.
  GDALAllRegister();
  GDALDataset* gpkg = static_cast<GDALDataset*>(GDALOpenEx((tmp / "out/siting.gpkg").c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr));
  REQUIRE(gpkg);
  std::size_t strings = 0;
  for (OGRLayer* l : gpkg->GetLayers())
    for (auto& f : *l)
      for (int i = 0; i < f->GetFieldCount(); ++i)
        if (f->IsFieldSetAndNotNull(i) && f->GetFieldDefnRef(i)->GetType() == OFTString) {
          ++strings;
          CHECK(siting::detail::is_valid_utf8(f->GetFieldAsString(i)));
        }
  CHECK(strings > 10);
  GDALClose(gpkg);
}

TEST_CASE("review: text that is not UTF-8 gives UTF-8 reports", "[hardening][text][review][cli]") {
  TempDir tmp;
  const std::string p = layer(tmp, "proposal", {"\"name\":\"\xE4\xB8\x9C\xFF\",\"households\":100,\"kind\":\"new\""});
  const auto r = run_siting({"review", "--proposal", p, "--out", tmp / "out"});
  INFO(r.err);
  REQUIRE(r.exit_code <= 1);
  CHECK_THAT(r.err, Contains("layer proposal, field name: 1 value(s) not valid UTF-8, the first in feature fid 0"));
  for (const std::string& f : list_dir(tmp / "out")) {
    INFO(f);
    if (f != "map.png") CHECK(siting::detail::is_valid_utf8(read_file(tmp / ("out/" + f))));
  }
}

TEST_CASE("messages: values quoted at most 80 bytes, control and non-UTF-8 bytes escaped", "[hardening][text][cli]") {
  TempDir tmp;
  SECTION("a long kind with binary in it") {
    const std::string p = layer(tmp, "estates", {"\"id\":\"A\",\"kind\":\"" + std::string("\\u0001") + "\xFF" +
                                                 std::string(300, 'k') + "\",\"households\":3"});
    const auto r = check(p, facilities(tmp), {}, tmp / "out");
    refused(r, tmp, 7, {"field kind: unknown kind \"\\x01\xEF\xBF\xBD" + std::string(73, 'k') + "…\"; expected one of"});
    CHECK(siting::detail::is_valid_utf8(r.err));
    CHECK(r.err.size() < 900);
  }
  SECTION("--config on a binary file") {
    std::string binary;
    for (int i = 0; i < 300; ++i) binary += static_cast<char>((i * 37 + 11) % 256);
    std::ofstream(tmp / "bin.toml", std::ios::binary) << binary;
    const auto r = run_siting({"--config", tmp / "bin.toml", "check"});
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Contains("siting: error: E001: ") && Contains("…") && Contains("(see siting --help)"));
    CHECK(siting::detail::is_valid_utf8(r.err));
    for (char c : r.err) CHECK((static_cast<unsigned char>(c) >= 0x20 || c == '\n'));
    CHECK(r.err.size() < 400);
  }
  SECTION("the helpers") {
    CHECK(siting::printable("a\x01\xFF\xE4\xB8\x9C") == "a\\x01\\xFF东");
    CHECK(siting::printable(std::string(100, 'x'), 80) == std::string(80, 'x') + "…");
    CHECK(siting::detail::to_valid_utf8("a\xFF\xC3") == "a\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK_FALSE(siting::detail::is_valid_utf8("\xED\xA0\x80"));  // a surrogate
    CHECK_FALSE(siting::detail::is_valid_utf8("\xC0\xAF"));      // an overlong '/'
    CHECK(siting::detail::is_valid_utf8("户数 \xF0\x9F\x98\x80"));
  }
}

TEST_CASE("ids: a proposal's facilities unique as in check, and clashes name only features with ids",
          "[hardening][ids][review][cli]") {
  TempDir tmp;
  SECTION("two facilities of a proposal share an id, once counted twice (PASS)") {
    const std::string p = layer(tmp, "proposal", {R"("households":100,"kind":"new")"});
    const std::string fac = layer(tmp, "facilities", {R"("id":"X","floor_area":10)", R"("id":"X","floor_area":10)"}, true);
    // One GeoJSON layer holds the estate polygon and its facility points.
    std::string text = read_file(p);
    const std::string pts = read_file(fac);
    const std::string features = pts.substr(pts.find("\"features\":[") + 12);
    text = text.substr(0, text.size() - 2) + "," + features;
    std::ofstream(tmp / "dup.geojson") << text;
    refused(run_siting({"review", "--proposal", tmp / "dup.geojson", "--out", tmp / "out"}), tmp, 10,
            {"E108: " + (tmp / "dup.geojson") + ", layer proposal: id 'X' is used by fid 1 and fid 2; ids must be "
                                                "unique within a proposal ('dup')"});
  }
  SECTION("a feature without an id is not blamed for an id clash") {
    const std::string fac = facilities(tmp);
    // fid 0 has no id; fid 1's id '0' once clashed with fid 0's fid.
    const std::string p = layer(tmp, "estates", {R"("kind":"new","households":300)", R"("id":"0","kind":"new","households":3)"});
    const auto r = check(p, fac, {}, tmp / "ok");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const Csv e = read_csv(tmp / "ok/estates.csv");
    CHECK(e.row("id", "fid 0").at("households") == "300");
    CHECK(e.row("id", "0").at("households") == "3");
    // Two features with ids that clash are still refused, naming those two only.
    const std::string q = layer(tmp, "estates2", {R"("kind":"new","households":1)", R"("id":"0","kind":"new","households":2)",
                                                  R"("id":"0","kind":"new","households":3)"});
    refused(check(q, fac, {}, tmp / "out"), tmp, 10,
            {"E108: " + q + ", layer estates2: id '0' is used by fid 1 and fid 2; ids must be unique"});
  }
}

TEST_CASE("report: a non-finite number or text that is not UTF-8 is a loud bug, never written",
          "[hardening][numbers][text][report]") {
  TempDir tmp;
  siting::io::Table t;
  t.name = "t";
  t.add_column("x", siting::io::ColumnType::Real);
  t.rows.push_back({siting::io::Value{std::numeric_limits<double>::infinity()}});
  auto internal = [](const siting::Error& e) { return e.code() == siting::ErrorCode::Internal; };
  CHECK_THROWS_MATCHES(siting::io::write_csv(t, tmp / "t.csv"), siting::Error,
                       Catch::Predicate<siting::Error>(internal, "E501"));
  CHECK_THROWS_WITH(siting::io::write_csv(t, tmp / "t.csv"), Contains("E501: table t, row 1, column x: a non-finite number"));
  CHECK_THROWS_MATCHES(siting::io::write_geojson(t, siting::crs::Crs::Epsg(4547), tmp / "t.geojson"), siting::Error,
                       Catch::Predicate<siting::Error>(internal, "E501"));
  t.rows[0][0] = siting::io::Value{std::string("a\xFF")};
  t.columns[0].type = siting::io::ColumnType::String;
  CHECK_THROWS_WITH(siting::io::write_csv(t, tmp / "t.csv"), Contains("text that is not UTF-8"));
  CHECK_FALSE(exists(tmp / "t.csv"));
  nlohmann::ordered_json j;
  j["a"]["b"] = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH(siting::report::detail::json_text(j, "summary.json"),
                    Contains("E501: summary.json: a non-finite number at .a.b"));
  j["a"]["b"] = 1.5;
  CHECK(siting::report::detail::json_text(j, "summary.json") == "{\n  \"a\": {\n    \"b\": 1.5\n  }\n}\n");
}
