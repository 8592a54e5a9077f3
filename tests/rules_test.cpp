// SPDX-License-Identifier: Apache-2.0
// Rule sets: presets, overrides, file errors, and the rule arithmetic by hand.

#include <catch2/catch.hpp>

#include "siting/error.hpp"
#include "siting/provision/evaluate.hpp"
#include "siting/rules/ruleset.hpp"
#include "support.hpp"

using namespace siting;
using Catch::Matchers::Contains;

TEST_CASE("presets carry the provincial numbers", "[rules]") {
  const rules::RuleSet gd = rules::load_rules("guangdong");
  CHECK(gd.new_estate.floor_m2_per_100_households == 20.0);
  CHECK(gd.old_estate.floor_m2_per_100_households == 15.0);
  CHECK_FALSE(gd.new_estate.min_single_facility_floor_m2);
  CHECK(gd.zone.land_m2_per_resident == 0.1);
  CHECK(gd.zone.persons_per_household == 2.62);
  CHECK(gd.coverage.minutes == std::vector<double>{5, 10, 15});
  CHECK(gd.coverage.target_share == 0.9);
  CHECK(gd.sources.count("estate.new.floor_m2_per_100_households") == 1);

  const rules::RuleSet ah = rules::load_rules("anhui");
  CHECK(ah.new_estate.floor_m2_per_100_households == 30.0);
  CHECK(ah.old_estate.floor_m2_per_100_households == 20.0);
  CHECK(ah.new_estate.min_single_facility_floor_m2 == Approx(350.0));

  const rules::RuleSet fj = rules::load_rules("fujian");
  CHECK(fj.new_estate.floor_m2_per_100_households == 30.0);
  CHECK(fj.old_estate.floor_m2_per_100_households == 20.0);
  CHECK(fj.new_estate.min_single_facility_floor_m2 == Approx(400.0));

  CHECK(rules::preset_names() == std::vector<std::string>{"anhui", "fujian", "guangdong", "guizhou"});
}

TEST_CASE("the shipped preset files are the embedded ones", "[rules]") {
  for (const std::string& name : rules::preset_names())
    CHECK(rules::preset_text(name) == test::read_file(test::source("geodata/rules/" + name + ".json")));
}

TEST_CASE("overrides change one threshold and are recorded", "[rules]") {
  rules::RuleSet r = rules::load_rules("guangdong");
  rules::apply_override(r, "estate.new.floor_m2_per_100_households=25");
  rules::apply_override(r, "estate.old.min_single_facility_floor_m2=200");
  rules::apply_override(r, "coverage.minutes=10,15,20");
  CHECK(r.new_estate.floor_m2_per_100_households == 25.0);
  CHECK(r.old_estate.min_single_facility_floor_m2 == Approx(200.0));
  CHECK(r.coverage.minutes == std::vector<double>{10, 15, 20});
  CHECK(r.overrides.size() == 3);
  rules::apply_override(r, "estate.old.min_single_facility_floor_m2=none");
  CHECK_FALSE(r.old_estate.min_single_facility_floor_m2);

  CHECK_THROWS_WITH(rules::apply_override(r, "estate.new.rate=25"), Contains("E301") && Contains("estate.new.floor_m2_per_100_households"));
  CHECK_THROWS_WITH(rules::apply_override(r, "zone.land_m2_per_resident=-1"), Contains("zone.land_m2_per_resident must be in [0, 100] m2 per resident, got -1"));
  CHECK_THROWS_WITH(rules::apply_override(r, "coverage.minutes=15,10"), Contains("increasing"));
  CHECK_THROWS_WITH(rules::apply_override(r, "coverage.target_share=90"), Contains("coverage.target_share must be in [0, 1], got 90"));
}

TEST_CASE("rule-set files are validated", "[rules]") {
  const std::string good = rules::preset_text("guangdong");
  CHECK_NOTHROW(rules::parse_rules(good, "x.json"));
  CHECK_THROWS_WITH(rules::parse_rules("{ not json", "x.json"), Contains("E301: x.json: not valid JSON"));
  std::string typo = good;
  typo.replace(typo.find("\"zone\": {"), 9, "\"zones\": {");
  CHECK_THROWS_WITH(rules::parse_rules(typo, "x.json"), Contains("unknown member 'zones'"));
  std::string negative = good;
  negative.replace(negative.find("\"land_m2_per_resident\": 0.1"), 27, "\"land_m2_per_resident\": -0.1");
  CHECK_THROWS_WITH(rules::parse_rules(negative, "x.json"), Contains("rule 'zone.land_m2_per_resident' must be in [0, 100] m2 per resident, got -0.1"));
  CHECK_THROWS_WITH(rules::load_rules("hainan"), Contains("no rule-set preset named 'hainan'"));
  CHECK_THROWS_WITH(rules::load_rules("/no/such/rules.json"), Contains("cannot read the rule-set file"));
  // Comments are allowed, so planners can annotate their own rule files.
  CHECK_NOTHROW(rules::parse_rules("// Shenzhen draft\n" + good, "x.json"));
}

namespace {

Estate estate(const std::string& id, EstateKind kind, double households) {
  Estate e;
  e.id = id;
  e.kind = kind;
  e.households = households;
  return e;
}

Facility facility(const std::string& id, double floor) {
  Facility f;
  f.id = id;
  f.floor_area_m2 = floor;
  return f;
}

}  // namespace

TEST_CASE("estate rule arithmetic, worked by hand", "[rules][provision]") {
  const rules::RuleSet gd = rules::load_rules("guangdong");
  // E1 new, 300 households: 300 / 100 x 20 = 60 m2 required; 50 + 20 = 70 provided.
  // E2 old, 130 households: 130 / 100 x 15 = 19.5 m2 required; exactly 19.5 provided.
  // E3 new, 1234 households: 246.8 m2 required; 200 provided, shortfall 46.8.
  // E4 old, 0 households: nothing required.
  const std::vector<Estate> estates{estate("E1", EstateKind::New, 300), estate("E2", EstateKind::Old, 130),
                                    estate("E3", EstateKind::New, 1234), estate("E4", EstateKind::Old, 0)};
  const std::vector<Facility> facilities{facility("a", 50), facility("b", 20), facility("c", 19.5),
                                         facility("d", 200)};
  provision::Assignment a;
  a.facilities_of = {{0, 1}, {2}, {3}, {}};
  const auto r = provision::evaluate_estates(estates, facilities, a, gd);
  CHECK(r[0].required_m2 == 60.0);
  CHECK(r[0].provided_m2 == 70.0);
  CHECK(r[0].shortfall_m2 == 0.0);
  CHECK(r[0].verdict == provision::Verdict::Pass);
  CHECK(r[1].required_m2 == 19.5);
  CHECK(r[1].verdict == provision::Verdict::Pass);  // exactly at the requirement
  CHECK(r[2].required_m2 == Approx(246.8));
  CHECK(r[2].shortfall_m2 == Approx(46.8));
  CHECK(r[2].verdict == provision::Verdict::Fail);
  CHECK_THAT(r[2].reasons, Contains("provided 200.00 m2 < required 246.80 m2") && Contains("shortfall 46.80 m2"));
  CHECK(r[3].required_m2 == 0.0);
  CHECK(r[3].verdict == provision::Verdict::Pass);

  // Anhui: 30 m2 per 100 new households, and each facility at least 350 m2.
  // E1: 90 m2 required, 70 provided; both facilities are below 350 m2.
  const auto ah = provision::evaluate_estates(estates, facilities, a, rules::load_rules("anhui"));
  CHECK(ah[0].required_m2 == 90.0);
  CHECK(ah[0].shortfall_m2 == 20.0);
  CHECK(ah[0].undersized_facilities == 2);
  CHECK_THAT(ah[0].reasons, Contains("2 facility(ies) below the single-facility minimum of 350 m2: a 50.00 m2, b 20.00 m2"));
  // E2 is old: 130 / 100 x 20 = 26 m2; no single-facility minimum for old estates.
  CHECK(ah[1].required_m2 == 26.0);
  CHECK(ah[1].undersized_facilities == 0);
}
