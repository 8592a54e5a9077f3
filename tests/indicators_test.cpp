// SPDX-License-Identifier: Apache-2.0
// The plan's indicator table, hand-worked. The fixture below is the study area
// the indicators see after the provision and coverage stages:
//
//   district D (区): elderly 1000, population 5000, land 400 m2
//   +---------------------------+---------------------------+
//   | street S1 (街道)            | street S2 (街道)            |
//   | elderly 400                | elderly 600                |
//   |  C1 (社区): E1 new pass, F1 |  C3 (社区): E3 new pass,    |
//   |  C2 (社区): E2 new fail, F2 |   E4 old fail, F3, F4       |
//   +---------------------------+---------------------------+
//
//   F1 day_care       20 beds,  0 nursing, public
//   F2 comprehensive  40 beds, 20 nursing, non-public
//   F3 institution   100 beds, 60 nursing, non-public
//   F4 canteen        no beds, no operator
//
// Worked by hand: new estates meeting the rule 2 of 3 = 66.67 %; communities
// with a day-care centre 1 of 3 = 33.33 % (C1); streets with a comprehensive
// centre 1 of 2 = 50 % (S1); nursing share of institutions 60 / 100 = 60 %;
// non-public beds (40 + 100) / 160 = 87.5 %; beds per 1,000 elderly 160 / 1000
// x 1000 = 160 (S1: F1 + F2 = 60 beds / 400 = 150); land 400 / 5000 = 0.08 m2
// per resident. The circle (coverage stage): 300 of 400 households and 90 of
// 100 elderly within 15 minutes of any facility; of the day-care centre, 100
// of 400 households and 20 of 100 elderly.
#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>

#include "siting/error.hpp"
#include "siting/indicators/indicators.hpp"
#include "siting/indicators/plan.hpp"
#include "support.hpp"

using namespace siting;
using namespace siting::indicators;
using Catch::Matchers::Contains;

namespace {

struct Fixture {
  std::vector<Estate> estates;
  std::vector<Facility> facilities;
  std::vector<Zone> zones;
  provision::ProvisionResult provision;
  std::vector<std::vector<std::size_t>> estate_zones, facility_zones, zone_zones;
  coverage::CoverageResult circle, day_care;

  enum { D, S1, S2, C1, C2, C3 };

  Fixture() {
    auto zone = [&](const char* id, const char* level, std::optional<double> elderly, std::optional<double> population) {
      Zone z;
      z.id = id;
      z.level = level;
      z.elderly = elderly;
      z.population = population;
      zones.push_back(z);
      provision::ZoneResult r;
      r.population = population.value_or(0.0);
      provision.zones.push_back(r);
    };
    zone("D", "区", 1000, 5000);
    zone("S1", "街道", 400, std::nullopt);
    zone("S2", "街道", 600, std::nullopt);
    zone("C1", "社区", std::nullopt, std::nullopt);
    zone("C2", "社区", std::nullopt, std::nullopt);
    zone("C3", "社区", std::nullopt, std::nullopt);
    zone_zones = {{D}, {D, S1}, {D, S2}, {D, S1, C1}, {D, S1, C2}, {D, S2, C3}};
    provision.zones[D].provided_land_m2 = 400;

    auto estate = [&](const char* id, EstateKind kind, bool pass, std::vector<std::size_t> in) {
      Estate e;
      e.id = id;
      e.kind = kind;
      e.households = 100;
      e.elderly = 25;
      estates.push_back(e);
      provision::EstateResult r;
      r.verdict = pass ? provision::Verdict::Pass : provision::Verdict::Fail;
      provision.estates.push_back(r);
      estate_zones.push_back(in);
    };
    estate("E1", EstateKind::New, true, {D, S1, C1});
    estate("E2", EstateKind::New, false, {D, S1, C2});
    estate("E3", EstateKind::New, true, {D, S2, C3});
    estate("E4", EstateKind::Old, false, {D, S2, C3});

    auto facility = [&](const char* id, FacilityType type, std::optional<double> beds, std::optional<double> nursing,
                        std::optional<Operator> op, std::vector<std::size_t> in) {
      Facility f;
      f.id = id;
      f.fid = static_cast<std::int64_t>(facilities.size());
      f.type = type;
      f.beds = beds;
      f.nursing_beds = nursing;
      f.operator_kind = op;
      facilities.push_back(f);
      facility_zones.push_back(in);
    };
    facility("F1", FacilityType::DayCare, 20, 0, Operator::Public, {D, S1, C1});
    facility("F2", FacilityType::Comprehensive, 40, 20, Operator::NonPublic, {D, S1, C2});
    facility("F3", FacilityType::Institution, 100, 60, Operator::NonPublic, {D, S2, C3});
    facility("F4", FacilityType::Canteen, std::nullopt, std::nullopt, std::nullopt, {D, S2, C3});

    circle = rates(300, 90);
    day_care = rates(100, 20);
  }

  // Three tiers; the circle (the last) holds `households` of 400 and `elderly` of 100.
  static coverage::CoverageResult rates(double households, double elderly) {
    coverage::CoverageResult c;
    c.options.minutes = {5, 10, 15};
    c.elderly_known = true;
    c.overall = coverage::Rates(3);
    c.overall.households = 400;
    c.overall.residents = 1000;
    c.overall.elderly = 100;
    c.overall.households_covered = {0, 0, households};
    c.overall.residents_covered = {0, 0, households * 2.5};
    c.overall.elderly_covered = {0, 0, elderly};
    c.zones.assign(6, coverage::Rates(3));  // no per-zone figures in this fixture
    c.residents.assign(4, 250);
    return c;
  }

  IndicatorTable compute(const Plan& plan, bool roads = true) const {
    IndicatorData d{estates, facilities, zones, provision, estate_zones, facility_zones, zone_zones,
                    roads ? &circle : nullptr, {}, roads};
    if (roads) d.typed_circles.emplace(std::vector<FacilityType>{FacilityType::DayCare}, day_care);
    return compute_indicators(plan, d);
  }
};

const IndicatorValue& find(const IndicatorTable& t, const std::string& id, Measure m,
                           std::optional<std::size_t> zone = std::nullopt) {
  for (const IndicatorValue& v : t.values)
    if (v.spec->id == id && v.measure == m && v.zone == zone) return v;
  FAIL("no row " << id << " " << to_string(m));
  throw std::logic_error("unreachable");
}

Plan plan_with(const std::string& indicators_json) {
  return parse_plan(R"({"format": "siting-plan/1", "name": "test", "indicators": )" + indicators_json + "}", "test");
}

}  // namespace

TEST_CASE("every indicator of the default plan, hand-worked", "[indicators]") {
  const Fixture f;
  const IndicatorTable t = f.compute(default_plan());
  using M = Measure;
  CHECK(find(t, "new_estate_compliance", M::NewEstates).value == Approx(200.0 / 3));
  CHECK(find(t, "community_day_care_coverage", M::Communities).value == Approx(100.0 / 3));
  CHECK_THAT(find(t, "community_day_care_coverage", M::Communities).note, Contains("1 of 3 communities"));
  CHECK(find(t, "community_day_care_coverage", M::Households).value == Approx(25.0));
  CHECK(find(t, "community_day_care_coverage", M::Elderly).value == Approx(20.0));
  CHECK(find(t, "street_comprehensive_coverage", M::Streets).value == Approx(50.0));
  // Per zone of a coarser tier: S1's communities C1 (F1) and C2, S2's C3, the
  // district's three; the district's streets.
  CHECK(find(t, "community_day_care_coverage", M::Communities, Fixture::S1).value == Approx(50.0));
  CHECK(find(t, "community_day_care_coverage", M::Communities, Fixture::S2).value == Approx(0.0));
  CHECK(find(t, "community_day_care_coverage", M::Communities, Fixture::D).value == Approx(100.0 / 3));
  CHECK(find(t, "street_comprehensive_coverage", M::Streets, Fixture::D).value == Approx(50.0));
  CHECK(find(t, "nursing_bed_share", M::Beds).value == Approx(60.0));
  CHECK(find(t, "non_public_bed_share", M::Beds).value == Approx(87.5));
  CHECK(find(t, "beds_per_1000_elderly", M::Beds).value == Approx(160.0));
  CHECK_THAT(find(t, "beds_per_1000_elderly", M::Beds).note, Contains("zones of level 区"));
  CHECK(find(t, "beds_per_1000_elderly", M::Beds, Fixture::S1).value == Approx(150.0));
  CHECK(find(t, "beds_per_1000_elderly", M::Beds, Fixture::S2).value == Approx(1000.0 * 100 / 600));
  CHECK(find(t, "service_circle_coverage", M::Households).value == Approx(75.0));
  CHECK(find(t, "service_circle_coverage", M::Elderly).value == Approx(90.0));
  CHECK(find(t, "service_circle_coverage", M::Residents).value == Approx(75.0));
  CHECK(find(t, "land_per_resident", M::Land).value == Approx(0.08));
  // Per zone: new estates in S1 (E1 pass, E2 fail) and in C3 (E3 pass).
  CHECK(find(t, "new_estate_compliance", M::NewEstates, Fixture::S1).value == Approx(50.0));
  CHECK(find(t, "new_estate_compliance", M::NewEstates, Fixture::C3).value == Approx(100.0));
  // No target anywhere, so nothing is met or not met.
  for (const IndicatorValue& v : t.values) CHECK(v.status == Status::NoTarget);
}

TEST_CASE("targets met and not met, with the basis of a share", "[indicators]") {
  const Fixture f;
  const Plan plan = plan_with(R"([
    {"id": "new_estate_compliance", "target": 70, "year": 2025, "nature": "约束性"},
    {"id": "community_day_care_coverage", "target": 30, "basis": "communities"},
    {"id": "nursing_bed_share", "target": 60, "nature": "expected"},
    {"id": "service_circle_coverage", "target": 90, "basis": "elderly"},
    {"id": "land_per_resident", "target": 0.1},
    {"id": "non_public_bed_share", "target": 80, "at_most": true}])");
  const IndicatorTable t = f.compute(plan);
  using M = Measure;
  CHECK(find(t, "new_estate_compliance", M::NewEstates).status == Status::NotMet);      // 66.67 < 70
  CHECK(find(t, "community_day_care_coverage", M::Communities).status == Status::Met);  // 33.33 >= 30
  // The other measures of a share are reported, and say what the target is compared with.
  const IndicatorValue& hh = find(t, "community_day_care_coverage", M::Households);
  CHECK(hh.status == Status::NoTarget);
  CHECK_THAT(hh.note, Contains("the target is compared with communities"));
  CHECK(find(t, "nursing_bed_share", M::Beds).status == Status::Met);                 // exactly 60
  CHECK(find(t, "service_circle_coverage", M::Elderly).status == Status::Met);         // 90 >= 90
  CHECK(find(t, "service_circle_coverage", M::Households).status == Status::NoTarget);  // compared with elderly
  CHECK(find(t, "land_per_resident", M::Land).status == Status::NotMet);                // 0.08 < 0.1
  CHECK(find(t, "non_public_bed_share", M::Beds).status == Status::NotMet);             // 87.5 > 80 (a ceiling)
  CHECK(find(t, "new_estate_compliance", M::NewEstates, Fixture::C3).status == Status::Met);  // 100 in C3

  // Compared at indicators.csv's 4 decimals: 0.0996 m2 per resident does not
  // meet 0.1 (it would at 2 decimals); 0.09996 is written 0.1000 and does.
  Fixture g;
  g.provision.zones[Fixture::D].provided_land_m2 = 498;  // 498 / 5000 = 0.0996
  CHECK(find(g.compute(plan), "land_per_resident", M::Land).status == Status::NotMet);
  g.provision.zones[Fixture::D].provided_land_m2 = 499.8;  // 0.09996
  CHECK(find(g.compute(plan), "land_per_resident", M::Land).status == Status::Met);
  CHECK(t.count(Status::Met) == 3);
  CHECK(t.count(Status::NotMet) == 3);
  CHECK(t.plan.indicators[0].nature == Nature::Binding);
  CHECK(t.plan.indicators[0].year == 2025);

  // A plan may count comprehensive centres as day care: C1 and C2 then, 2 of 3.
  const IndicatorTable wider = f.compute(
      plan_with(R"([{"id": "community_day_care_coverage", "facility_types": ["day_care", "comprehensive"]}])"), false);
  CHECK(find(wider, "community_day_care_coverage", M::Communities).value == Approx(200.0 / 3));
}

TEST_CASE("an indicator the data cannot answer says which input would", "[indicators]") {
  using M = Measure;
  SECTION("no community level among the zones") {
    Fixture f;
    for (Zone& z : f.zones)
      if (z.level == "社区") z.level = "网格";
    const IndicatorTable t = f.compute(default_plan());
    const IndicatorValue& v = find(t, "community_day_care_coverage", M::Communities);
    CHECK(v.status == Status::NotComputable);
    CHECK_FALSE(v.value);
    CHECK_THAT(v.note, Contains("no zone of a community level") && Contains("网格") && Contains("zone_levels.community"));
    // A plan naming the level makes it computable again.
    Plan p = default_plan();
    p.levels.community.push_back("网格");
    CHECK(find(f.compute(p), "community_day_care_coverage", M::Communities).value == Approx(100.0 / 3));
  }
  SECTION("no roads") {
    const IndicatorTable t = Fixture().compute(default_plan(), false);
    CHECK(find(t, "service_circle_coverage", M::Households).status == Status::NotComputable);
    CHECK_THAT(find(t, "community_day_care_coverage", M::Elderly).note, Contains("needs --roads"));
    CHECK(find(t, "community_day_care_coverage", M::Communities).status == Status::NoTarget);  // no roads needed
  }
  SECTION("an institution without nursing-bed counts") {
    Fixture f;
    f.facilities[2].nursing_beds.reset();
    const IndicatorTable t = f.compute(default_plan());
    const IndicatorValue& v = find(t, "nursing_bed_share", M::Beds);
    CHECK(v.status == Status::NotComputable);
    CHECK_THAT(v.note, Contains("facility F3 (fid 2)") && Contains("护理型床位"));
  }
  SECTION("beds without an operator") {
    Fixture f;
    f.facilities[0].operator_kind.reset();
    CHECK_THAT(find(f.compute(default_plan()), "non_public_bed_share", M::Beds).note,
               Contains("facility F1 (fid 0) has beds but no operator"));
  }
  SECTION("no facility types") {
    Fixture f;
    for (Facility& x : f.facilities) x.type.reset();
    const IndicatorTable t = f.compute(default_plan());
    CHECK_THAT(find(t, "street_comprehensive_coverage", M::Streets).note, Contains("the facilities give no type"));
    CHECK_THAT(find(t, "nursing_bed_share", M::Beds).note, Contains("the facilities give no type"));
    CHECK(find(t, "non_public_bed_share", M::Beds).value == Approx(87.5));  // counts every facility
  }
  SECTION("no elderly for the study area: none on a whole level, and not on every parcel") {
    Fixture f;
    f.zones[Fixture::D].elderly.reset();
    f.zones[Fixture::S2].elderly.reset();
    f.estates[3].elderly.reset();
    const IndicatorTable t = f.compute(default_plan());
    const IndicatorValue& v = find(t, "beds_per_1000_elderly", M::Beds);
    CHECK(v.status == Status::NotComputable);
    CHECK_THAT(v.note, Contains("elderly_share"));
    // With every parcel's elderly, they stand for the study area: 160 beds / 100 elderly.
    f.estates[3].elderly = 25;
    const IndicatorTable t2 = f.compute(default_plan());
    const IndicatorValue& w = find(t2, "beds_per_1000_elderly", M::Beds);
    CHECK(w.value == Approx(1600.0));
    CHECK_THAT(w.note, Contains("the parcels (4)"));
  }
  SECTION("no new estate") {
    Fixture f;
    for (Estate& e : f.estates) e.kind = EstateKind::Old;
    CHECK_THAT(find(f.compute(default_plan()), "new_estate_compliance", M::NewEstates).note, Contains("no new estate"));
  }
}

TEST_CASE("plan files: presets parse, mistakes are E301 naming the indicator", "[indicators][rules]") {
  for (const std::string& name : plan_preset_names()) {
    const Plan p = load_plan(name);
    CHECK(p.name == name);
    CHECK(p.indicators.size() == catalogue().size());
    for (const IndicatorSpec& s : p.indicators) CHECK_FALSE(s.source.empty());
  }
  CHECK(plan_preset_names() == std::vector<std::string>{"huizhou-dayawan", "jiangmen-taishan"});
  const Plan dayawan = load_plan("huizhou-dayawan");
  CHECK(dayawan.indicators[1].id == "community_day_care_coverage");
  CHECK(dayawan.indicators[1].target == 90);
  CHECK(dayawan.indicators[1].basis == Measure::Communities);

  auto error_of = [](const std::string& indicators) -> std::string {
    try {
      plan_with(indicators);
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::BadRules);
      return e.what();
    }
    return "no error";
  };
  CHECK_THAT(error_of(R"([{"id": "beds_per_capita"}])"),
             Contains("unknown indicator 'beds_per_capita'") && Contains("nursing_bed_share"));
  CHECK_THAT(error_of(R"([{"id": "nursing_bed_share", "target": 120}])"),
             Contains("nursing_bed_share") && Contains("between 0 and 100"));
  CHECK_THAT(error_of(R"([{"id": "nursing_bed_share", "nature": "mandatory"}])"), Contains("约束性"));
  CHECK_THAT(error_of(R"([{"id": "service_circle_coverage", "basis": "communities"}])"),
             Contains("basis must be one of households, elderly, residents"));
  CHECK_THAT(error_of(R"([{"id": "nursing_bed_share", "facility_types": ["nursing_home"]}])"),
             Contains("unknown facility type 'nursing_home'"));
  CHECK_THAT(error_of(R"([{"id": "land_per_resident"}, {"id": "land_per_resident"}])"), Contains("listed twice"));
  CHECK_THAT(error_of(R"([{"id": "land_per_resident", "year": 2025.5}])"), Contains("whole year"));
  CHECK_THAT(error_of("[]"), Contains("non-empty list"));
  CHECK_THROWS_WITH(load_plan("dayawan"), Contains("no plan preset named 'dayawan'") && Contains("huizhou-dayawan"));
}

TEST_CASE("siting check --plan on the sample: indicators.csv, summary.json, and the day-care circle of siting coverage",
          "[indicators][cli]") {
  const test::TempDir dir;
  const std::string sample = test::source("geodata/sample/");
  const std::vector<std::string> inputs{"--parcels", sample + "estates.geojson", "--facilities",
                                        sample + "facilities.geojson", "--roads", sample + "roads.geojson"};
  std::vector<std::string> check{"check", "--zones", sample + "zones.geojson", "--plan", "huizhou-dayawan",
                                 "--out", dir / "check"};
  check.insert(check.end(), inputs.begin(), inputs.end());
  const test::RunResult r = test::run_siting(check);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("indicators, plan huizhou-dayawan 2021-2025") && Contains("社区日间照料机构覆盖率"));

  const test::Csv csv = test::read_csv(dir / "check/indicators.csv");
  auto row = [&](const std::string& id, const std::string& measure) -> const std::map<std::string, std::string>& {
    for (const auto& x : csv.rows)
      if (x.at("indicator") == id && x.at("measure") == measure && x.at("scope") == "study_area") return x;
    FAIL("no row " << id << " " << measure);
    throw std::logic_error("unreachable");
  };
  // The sample's counts (geodata/sample/README.md): 586 beds, 198 nursing-type of
  // them, 260 beds of the one 养老院 with 150 nursing-type.
  CHECK(row("nursing_bed_share", "beds").at("numerator") == "150.00");
  CHECK(row("nursing_bed_share", "beds").at("denominator") == "260.00");
  CHECK(row("beds_per_1000_elderly", "beds").at("numerator") == "586.00");
  CHECK(row("community_day_care_coverage", "communities").at("target") == "90.0000");
  CHECK(row("community_day_care_coverage", "communities").at("status") == "not_met");

  // The day-care circle is what `siting coverage --facility-type day_care` reports.
  std::vector<std::string> cov{"coverage", "--facility-type", "day_care", "--out", dir / "coverage"};
  cov.insert(cov.end(), inputs.begin(), inputs.end());
  REQUIRE(test::run_siting(cov).exit_code == 0);
  const auto summary = nlohmann::json::parse(test::read_file(dir / "coverage/summary.json"));
  const auto& circle = summary["coverage"]["overall"].back();
  REQUIRE(circle["minutes"] == 15.0);
  CHECK(std::stod(row("community_day_care_coverage", "households").at("numerator")) ==
        circle["households_covered"].get<double>());
  CHECK(std::stod(row("community_day_care_coverage", "elderly").at("numerator")) ==
        circle["elderly_covered"].get<double>());

  const auto check_summary = nlohmann::json::parse(test::read_file(dir / "check/summary.json"));
  CHECK(check_summary["indicators"]["plan"]["name"] == "huizhou-dayawan");
  CHECK(check_summary["indicators"]["not_met"] == 2);

  // A bad plan file: E301 (exit 13), and the output folder is not created.
  const std::string bad = dir / "plan.json";
  {
    std::ofstream(bad) << R"({"format": "siting-plan/1", "indicators": [{"id": "beds", "target": 30}]})";
  }
  std::vector<std::string> wrong{"check", "--plan", bad, "--out", dir / "bad"};
  wrong.insert(wrong.end(), inputs.begin(), inputs.end());
  const test::RunResult b = test::run_siting(wrong);
  CHECK(b.exit_code == 13);
  CHECK_THAT(b.err, Contains("E301") && Contains("plan.json") && Contains("unknown indicator 'beds'"));
  CHECK_FALSE(test::exists(dir / "bad"));
}
