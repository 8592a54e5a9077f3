// SPDX-License-Identifier: Apache-2.0
// Facility types, beds and operators: the vocabularies, the reader on a fixture
// whose values are spelled as bureau data spells them, and coverage of one type
// (siting coverage --facility-type) against coverage of a layer holding only that
// type. Bad values are in the bad-input table (tests/fixtures/bad_inputs).
#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>

#include "siting/error.hpp"
#include "siting/jobs/inputs.hpp"
#include "siting/log.hpp"
#include "siting/model.hpp"
#include "support.hpp"

using namespace siting;
using Catch::Matchers::Contains;

namespace {


jobs::InputOptions types_fixture() {
  jobs::InputOptions o;
  o.facilities = io::LayerSource{};
  o.facilities->role = io::Role::Facilities;
  o.facilities->path = test::source("tests/fixtures/types/facilities.geojson");
  return o;
}

}  // namespace

TEST_CASE("facility type and operator vocabularies", "[types]") {
  const FacilityTypeVocabulary t = FacilityTypeVocabulary::Defaults();
  CHECK(t.lookup("日间照料中心") == FacilityType::DayCare);
  CHECK(t.lookup(" 托老所 ") == FacilityType::DayCare);
  CHECK(t.lookup("DAY_CARE") == FacilityType::DayCare);
  CHECK(t.lookup("街道综合养老服务中心") == FacilityType::Comprehensive);
  CHECK(t.lookup("社区养老服务站") == FacilityType::Station);
  CHECK(t.lookup("养老院") == FacilityType::Institution);
  CHECK(t.lookup("长者饭堂") == FacilityType::Canteen);
  CHECK(t.lookup("老年活动室") == std::nullopt);
  CHECK_THAT(t.describe(), Contains("day_care: ") && Contains("托老所") && Contains("institution: "));

  FacilityTypeVocabulary more = t;
  more.add("老年活动室", FacilityType::Other);
  CHECK(more.lookup("老年活动室") == FacilityType::Other);

  const OperatorVocabulary o = OperatorVocabulary::Defaults();
  CHECK(o.lookup("公办") == Operator::Public);
  CHECK(o.lookup("公建民营") == Operator::NonPublic);  // counted as 社会办, documented
  CHECK(o.lookup("Private") == Operator::NonPublic);
  CHECK(o.lookup("集体办") == std::nullopt);

  for (FacilityType type : {FacilityType::Comprehensive, FacilityType::DayCare, FacilityType::Station,
                            FacilityType::Institution, FacilityType::Canteen, FacilityType::Other})
    CHECK(facility_type_from_string(to_string(type)) == type);
  CHECK(facility_type_from_string("daycare") == std::nullopt);
  CHECK(operator_from_string("non_public") == Operator::NonPublic);
}

TEST_CASE("the facilities reader takes types, beds and operators as the fixture's README says", "[types][io]") {
  const test::Quiet quiet;
  const jobs::Inputs in = jobs::load_inputs(types_fixture());
  REQUIRE(in.facilities.size() == 5);
  const auto& f = in.facilities;
  CHECK(f[0].type == FacilityType::DayCare);
  CHECK(f[0].beds == 20);
  CHECK(f[0].nursing_beds == 0);
  CHECK(f[0].operator_kind == Operator::Public);
  CHECK(f[1].type == FacilityType::Institution);
  CHECK(f[1].beds == 100);
  CHECK(f[1].nursing_beds == 60);
  CHECK(f[1].operator_kind == Operator::NonPublic);
  CHECK(f[2].type == FacilityType::DayCare);
  CHECK_FALSE(f[2].beds);
  CHECK_FALSE(f[2].nursing_beds);
  CHECK(f[2].operator_kind == Operator::NonPublic);
  CHECK(f[3].type == FacilityType::Canteen);
  CHECK_FALSE(f[3].operator_kind);
  CHECK_FALSE(f[4].type);
  CHECK(f[4].beds == 0);
  CHECK_FALSE(f[4].operator_kind);

  SECTION("keep_facility_types keeps the asked types, in input order") {
    jobs::Inputs copy = in;
    jobs::keep_facility_types(copy, {FacilityType::DayCare, FacilityType::Canteen}, types_fixture());
    REQUIRE(copy.facilities.size() == 3);
    CHECK(copy.facilities[0].id == "A");
    CHECK(copy.facilities[1].id == "C");
    CHECK(copy.facilities[2].id == "D");
  }
  SECTION("no facility of the asked type is E103 naming what the layer has") {
    jobs::Inputs copy = in;
    try {
      jobs::keep_facility_types(copy, {FacilityType::Comprehensive}, types_fixture());
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::EmptyLayer);
      CHECK_THAT(e.what(), Contains("no facility of type comprehensive; the layer has 1 canteen, 2 day_care, "
                                    "1 institution, 1 no type"));
    }
  }
}

TEST_CASE("coverage --facility-type day_care is coverage of a layer of the day-care centres alone", "[types][coverage]") {
  // The sample has 12 day-care centres (日间照料中心) among its 35 facilities.
  const test::TempDir tmp;
  nlohmann::json doc = nlohmann::json::parse(test::read_file(test::source("geodata/sample/facilities.geojson")));
  nlohmann::json kept = nlohmann::json::array();
  for (const auto& feature : doc["features"])
    if (feature["properties"]["设施类型"] == "日间照料中心") kept.push_back(feature);
  REQUIRE(kept.size() == 12);
  doc["features"] = kept;
  const std::string day_care = tmp / "facilities.geojson";
  std::ofstream(day_care) << doc.dump();

  auto run = [&](const std::string& facilities, std::vector<std::string> extra, const std::string& out) {
    std::vector<std::string> args{"coverage", "--parcels", test::source("geodata/sample/estates.geojson"),
                                  "--facilities", facilities, "--zones", test::source("geodata/sample/zones.geojson"),
                                  "--roads", test::source("geodata/sample/roads.geojson"), "--out", out};
    args.insert(args.end(), extra.begin(), extra.end());
    const test::RunResult r = test::run_siting(args);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return r;
  };
  const test::RunResult by_type =
      run(test::source("geodata/sample/facilities.geojson"), {"--facility-type", "day_care"}, tmp / "by-type");
  run(day_care, {}, tmp / "alone");
  CHECK_THAT(by_type.err, Contains("facilities of type day_care: 12 of 35 (left out: 9 canteen, 2 comprehensive, "
                                   "1 institution, 11 station)"));
  for (const char* file : {"parcels.csv", "zones_coverage.csv", "facilities_coverage.csv", "gaps.geojson"})
    CHECK(test::read_file(tmp / ("by-type/" + std::string(file))) == test::read_file(tmp / ("alone/" + std::string(file))));
  const auto summary = nlohmann::json::parse(test::read_file(tmp / "by-type/summary.json"));
  CHECK(summary["coverage"]["facilities"]["types"] == nlohmann::json::array({"day_care"}));
  CHECK(summary["coverage"]["facilities"]["total"] == 12);
  // 36,584 of the 53,827 households are within 15 minutes of a day-care centre.
  CHECK(summary["coverage"]["overall"].back()["households_covered"] == 36584);
}
