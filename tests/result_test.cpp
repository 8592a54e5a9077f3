// SPDX-License-Identifier: Apache-2.0
// The stages' result values and the report's table API, by hand: the figures a
// report shows are computed by the stages (coverage::summarise,
// provision::evaluate_provision), not by the report.
//
// Coverage: four parcels of 10 m x 10 m (100 m2), tiers 5 and 10 minutes.
//   p0: 10 households, walk in the 5-minute tier, wholly covered        (zone Z0)
//   p1: 20 households, 10-minute tier, a 0.004 m2 sliver uncovered      (zone Z1)
//   p2: 30 households (population 40), beyond the circle, 50 m2 uncovered, on an island (Z1)
//   p3:  8 households, off the network, 100 m2 uncovered                (no zone)

#include <catch2/catch.hpp>

#include "siting/coverage/result.hpp"
#include "siting/geometry.hpp"
#include "siting/provision/result.hpp"
#include "siting/report/columns.hpp"
#include "siting/rules/ruleset.hpp"

using namespace siting;

namespace {

Estate square_parcel(const std::string& id, double x, double households) {
  Estate e;
  e.id = id;
  e.households = households;
  const std::string x0 = std::to_string(x), x1 = std::to_string(x + 10);
  e.geometry = multipolygon_from_wkt(("POLYGON((" + x0 + " 0," + x1 + " 0," + x1 + " 10," + x0 + " 10," + x0 + " 0))").c_str());
  e.area_m2 = area(e.geometry);
  return e;
}

coverage::ParcelCoverage parcel(int tier, std::vector<double> covered_m2, const char* gap_wkt) {
  coverage::ParcelCoverage pc;
  pc.access = network::AccessKind::Enters;
  pc.tier = tier;
  if (tier >= 0) pc.facility = 0;
  pc.covered_m2 = std::move(covered_m2);
  if (gap_wkt) pc.gap = multipolygon_from_wkt(gap_wkt);
  return pc;
}

}  // namespace

TEST_CASE("coverage::summarise: rates per tier and zone, households left out, target", "[result]") {
  std::vector<Estate> parcels{square_parcel("p0", 0, 10), square_parcel("p1", 20, 20), square_parcel("p2", 40, 30),
                              square_parcel("p3", 60, 8)};
  parcels[2].population = 40;
  const std::vector<std::vector<std::size_t>> zones_of{{0}, {1}, {1}, {}};

  coverage::Coverage c;
  c.budget_m = {300, 600};
  c.parcels.push_back(parcel(0, {100, 100}, nullptr));
  c.parcels.push_back(parcel(1, {0, 99.996}, "POLYGON((20 0,20.2 0,20.2 0.02,20 0.02,20 0))"));
  c.parcels.push_back(parcel(-1, {0, 50}, "POLYGON((40 0,50 0,50 5,40 5,40 0))"));
  c.parcels.push_back(parcel(-1, {0, 0}, "POLYGON((60 0,70 0,70 10,60 10,60 0))"));
  c.parcels[2].island = true;
  c.parcels[3].access = network::AccessKind::None;
  c.facilities.resize(2);
  c.facilities[0].snap.edge = 0;  // on the network; the second is not

  // Two separate streets: 4 vertices, 2 edges, 2 components.
  const std::vector<LineString> streets{{{0, 20}, {100, 20}}, {{200, 20}, {300, 20}}};
  const network::WalkGraph graph = network::WalkGraph::Build(streets);
  coverage::CoverageOptions options;
  options.minutes = {5, 10};
  options.speed_m_per_s = 1.0;
  rules::RuleSet rules;
  rules.zone.persons_per_household = 2.5;
  rules.coverage.target_share = 0.5;

  const coverage::CoverageResult r = coverage::summarise(c, options, graph, {}, {parcels, zones_of, 2}, rules);

  CHECK(r.residents == std::vector<double>{25, 50, 40, 20});
  CHECK(r.overall.households == 68);
  CHECK(r.overall.households_covered == std::vector<double>{10, 30});
  CHECK(r.overall.residents_covered == std::vector<double>{25, 75});
  CHECK(r.overall.area_m2 == Approx(400));
  CHECK(r.overall.area_covered_m2[1] == Approx(249.996));
  // 30 of 68 households against a target of half: not met.
  REQUIRE(r.target_met.has_value());
  CHECK_FALSE(*r.target_met);

  REQUIRE(r.zones.size() == 2);
  CHECK(r.zones[0].households_covered == std::vector<double>{10, 10});
  CHECK(r.zones[0].target_met(0.5) == std::optional<bool>(true));
  CHECK(r.zones[1].households == 50);
  CHECK(r.zones[1].households_covered == std::vector<double>{0, 20});
  CHECK(r.zones[1].target_met(0.5) == std::optional<bool>(false));
  CHECK(coverage::Rates(2).target_met(0.5) == std::nullopt);  // no households: no verdict

  // The sliver of p1 (0.004 m2) is rounding; p2 leaves 30 x 50/100 = 15 out, p3 all 8.
  CHECK(r.gap_m2[1] == Approx(0.004));
  CHECK(r.households_left_out == std::vector<double>{0, 0, 15, 8});
  CHECK(r.gaps == std::vector<std::size_t>{2, 3});
  CHECK(r.households_left_out_total == 23);

  CHECK(r.parcels_off_network == 1);
  CHECK(r.parcels_on_islands == 1);
  CHECK(r.facilities_off_network == 1);
  CHECK(r.network.vertices == 4);
  CHECK(r.network.edges == 2);
  CHECK(r.network.components == 2);
  CHECK(r.network.largest_component_vertices == 2);
}

TEST_CASE("provision::evaluate_provision: tallies per estate kind and facilities unassigned", "[result]") {
  std::vector<Estate> estates{square_parcel("new", 0, 100), square_parcel("old", 20, 200)};
  estates[1].kind = EstateKind::Old;
  std::vector<Facility> facilities(3);
  facilities[0].id = "f-new";
  facilities[0].location = {5, 5};
  facilities[0].floor_area_m2 = 20;
  facilities[1].id = "f-old";
  facilities[1].location = {25, 5};
  facilities[1].floor_area_m2 = 10;
  facilities[1].land_area_m2 = 40;
  facilities[2].id = "f-outside";
  facilities[2].location = {500, 500};
  facilities[2].floor_area_m2 = 5;
  const rules::RuleSet rules = rules::load_rules("guangdong");  // 20 m2 new, 15 m2 old per 100 households

  const provision::ProvisionResult r = provision::evaluate_provision(estates, facilities, {}, {}, rules);

  // new: 100 households need 20 m2 and have 20; old: 200 need 30 and have 10.
  CHECK(r.new_estates.total == 1);
  CHECK(r.new_estates.pass == 1);
  CHECK(r.new_estates.required_m2 == Approx(20));
  CHECK(r.old_estates.pass == 0);
  CHECK(r.old_estates.shortfall_m2 == Approx(20));
  CHECK(r.all_estates.total == 2);
  CHECK(r.all_estates.pass == 1);
  CHECK(r.all_estates.people == 300);
  CHECK(r.all_estates.required_m2 == Approx(50));
  CHECK(r.all_estates.provided_m2 == Approx(30));
  CHECK(r.any_fail());
  CHECK(r.facilities_unassigned == 1);
  CHECK(r.facility_floor_m2 == 35);
  CHECK(r.facility_land_m2 == 40);
  CHECK(r.zone_levels.empty());
}

TEST_CASE("report::Columns: a column declared once gives its name, type, decimals and cells", "[report]") {
  struct Row {
    std::string id;
    double households;
    std::optional<double> time_s;
    Point at;
  };
  const std::vector<Row> rows{{"a", 12.0, 61.25, {1, 2}}, {"b", 7.0, std::nullopt, {3, 4}}};
  report::Columns<Row> cols;
  cols.add("id", report::Text, [](const Row& r) { return r.id; });
  cols.add("households", report::Integer, [](const Row& r) { return r.households; });
  cols.add("time_s", report::Real(1), [](const Row& r) { return r.time_s; });
  cols.add("covered", report::Boolean, [](const Row& r) { return r.time_s.has_value(); });
  cols.add("note", report::Text, [](const Row& r) -> io::Value {
    if (r.id == "a") return {};
    return std::string("late");
  });
  const io::Table t = cols.table("things", rows, [](const Row& r) { return r.at; });

  CHECK(t.name == "things");
  REQUIRE(t.columns.size() == 5);
  CHECK(t.columns[1].name == "households");
  CHECK(t.columns[1].type == io::ColumnType::Integer);
  CHECK(t.columns[2].type == io::ColumnType::Real);
  CHECK(t.columns[2].decimals == 1);
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[0][0] == io::Value(std::string("a")));
  CHECK(t.rows[0][1] == io::Value(std::int64_t{12}));  // a number in an Integer column is an integer
  CHECK(t.rows[0][2] == io::Value(61.25));
  CHECK(t.rows[0][3] == io::Value(true));
  CHECK(std::holds_alternative<std::monostate>(t.rows[0][4]));
  CHECK(std::holds_alternative<std::monostate>(t.rows[1][2]));  // nullopt: an empty cell
  CHECK(t.rows[1][3] == io::Value(false));
  CHECK(t.rows[1][4] == io::Value(std::string("late")));
  REQUIRE(t.geometries.size() == 2);
  CHECK(std::get<Point>(t.geometries[1]).x == 3);
  CHECK(report::indices(3) == std::vector<std::size_t>{0, 1, 2});
}
