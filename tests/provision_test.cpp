// SPDX-License-Identifier: Apache-2.0
// Assigning facilities to estates and zones, drawn by hand (metres):
//
//  y=500 +---------------------------+
//        | E3 (300 x 300)            |
//  y=300 |    +----+                 |
//        |    | E4 | * f_nested      |      E5: 400..600 x 0..200 with a hole
//  y=250 |    +----+  (75,275)       |          450..550 x 50..150
//  y=200 +---------------------------+
//  y=100 +---------+---------+
//        | E1      * f_edge  |             * f_hole (500,100): in the hole
//        |         | E2      |             * f_e5 (420,20): in E5
//  y=0   +---------+---------+
//       x=0      x=100     x=200

#include <catch2/catch.hpp>

#include "siting/geometry.hpp"
#include "siting/provision/assign.hpp"
#include "siting/provision/evaluate.hpp"
#include "siting/rules/ruleset.hpp"

using namespace siting;

namespace {

Estate make_estate(const std::string& id, const char* wkt) {
  Estate e;
  e.id = id;
  e.geometry = multipolygon_from_wkt(wkt);
  e.area_m2 = area(e.geometry);
  return e;
}

Facility make_facility(const std::string& id, double x, double y, const std::string& estate_id = "") {
  Facility f;
  f.id = id;
  f.location = {x, y};
  f.estate_id = estate_id;
  return f;
}

}  // namespace

TEST_CASE("area of polygons with holes and either orientation", "[geometry]") {
  CHECK(area(multipolygon_from_wkt("POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0))")) == 10000.0);
  CHECK(area(multipolygon_from_wkt("POLYGON ((0 0, 0 100, 100 100, 100 0, 0 0))")) == 10000.0);  // clockwise
  CHECK(area(multipolygon_from_wkt(
            "POLYGON ((400 0, 600 0, 600 200, 400 200, 400 0), (450 50, 550 50, 550 150, 450 150, 450 50))")) ==
        30000.0);
  CHECK(area(multipolygon_from_wkt("MULTIPOLYGON (((0 0, 10 0, 10 10, 0 0)), ((20 0, 30 0, 30 10, 20 0)))")) == 100.0);
  // Far from the origin (projected coordinates), the shoelace keeps its precision.
  CHECK(area(multipolygon_from_wkt(
            "POLYGON ((450000.1 2522000.1, 450000.4 2522000.1, 450000.4 2522000.3, 450000.1 2522000.3, 450000.1 2522000.1))")) ==
        Approx(0.06).epsilon(1e-6));  // a naive shoelace is off by ~1e-4 here
}

TEST_CASE("facilities belong to the estate that contains them or that they name", "[assign]") {
  const std::vector<Estate> estates{
      make_estate("E1", "POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0))"),
      make_estate("E2", "POLYGON ((100 0, 200 0, 200 100, 100 100, 100 0))"),
      make_estate("E3", "POLYGON ((0 200, 300 200, 300 500, 0 500, 0 200))"),
      make_estate("E4", "POLYGON ((50 250, 100 250, 100 300, 50 300, 50 250))"),
      make_estate("E5", "POLYGON ((400 0, 600 0, 600 200, 400 200, 400 0), (450 50, 550 50, 550 150, 450 150, 450 50))"),
  };
  const std::vector<Facility> facilities{
      make_facility("f_inside", 50, 50),          // E1
      make_facility("f_edge", 100, 50),           // on the E1/E2 edge: both cover it, equal areas -> E1
      make_facility("f_nested", 75, 275),         // E3 and E4 -> the smaller, E4
      make_facility("f_named", 50, 50, "E2"),     // lies in E1 but names E2
      make_facility("f_unknown", 50, 50, "E9"),   // names an estate that does not exist
      make_facility("f_hole", 500, 100),          // in E5's hole: no estate
      make_facility("f_e5", 420, 20),             // E5
      make_facility("f_far", 1000, 1000),         // nowhere
      make_facility("f_corner", 200, 0),          // E2's corner: boundary counts
  };
  const provision::Assignment a = provision::assign_facilities(estates, facilities);
  auto estate_of = [&](std::size_t f) -> std::string { return a.estate_of[f] ? estates[*a.estate_of[f]].id : "-"; };
  CHECK(estate_of(0) == "E1");
  CHECK(a.how[0] == "contained");
  CHECK(estate_of(1) == "E1");
  CHECK(estate_of(2) == "E4");
  CHECK(estate_of(3) == "E2");
  CHECK(a.how[3] == "estate_id");
  CHECK(estate_of(4) == "-");
  CHECK(a.how[4] == "its estate_id 'E9' is not among the parcels");
  CHECK(estate_of(5) == "-");
  CHECK(a.how[5] == "inside no parcel");
  CHECK(estate_of(6) == "E5");
  CHECK(estate_of(7) == "-");
  CHECK(estate_of(8) == "E2");
  CHECK(a.facilities_of[0] == std::vector<std::size_t>{0, 1});
  CHECK(a.facilities_of[1] == std::vector<std::size_t>{3, 8});
  CHECK(a.facilities_of[2].empty());
  CHECK(a.facilities_of[3] == std::vector<std::size_t>{2});
  CHECK(a.facilities_of[4] == std::vector<std::size_t>{6});
}

TEST_CASE("zone rule: population from the field, from households, or from estates", "[provision]") {
  // Three streets side by side, 100 m wide; estates and facilities placed inside.
  auto zone = [](const std::string& id, double x0, std::optional<double> pop, std::optional<double> hh) {
    Zone z;
    z.id = id;
    z.level = "street";
    z.geometry = multipolygon_from_wkt(("POLYGON ((" + std::to_string(x0) + " 0, " + std::to_string(x0 + 100) + " 0, " +
                                        std::to_string(x0 + 100) + " 100, " + std::to_string(x0) + " 100, " +
                                        std::to_string(x0) + " 0))")
                                           .c_str());
    z.population = pop;
    z.households = hh;
    return z;
  };
  const std::vector<Zone> zones{zone("S1", 0, 5000.0, std::nullopt), zone("S2", 100, std::nullopt, 1000.0),
                                zone("S3", 200, std::nullopt, std::nullopt)};
  Estate e1, e2, e3;
  e1.label = {250, 50};
  e1.households = 300;  // S3: 300 x 2.62 = 786 residents
  e2.label = {260, 60};
  e2.households = 100;
  e2.population = 250.0;  // an estate that knows its residents: 250
  e3.label = {50, 50};
  e3.households = 999;  // in S1, whose population field wins
  Facility f1 = make_facility("f1", 10, 10), f2 = make_facility("f2", 150, 10), f3 = make_facility("f3", 250, 10);
  f1.land_area_m2 = 600;
  f2.land_area_m2 = 200;
  f3.land_area_m2 = 103.6;
  const auto r = provision::evaluate_zones(zones, {e1, e2, e3}, {f1, f2, f3}, rules::load_rules("guangdong"));
  // S1: 5000 residents x 0.1 = 500 m2 required, 600 provided.
  CHECK(r[0].population == 5000.0);
  CHECK(r[0].population_source == provision::PopulationSource::Field);
  CHECK(r[0].required_land_m2 == Approx(500.0));
  CHECK(r[0].verdict == provision::Verdict::Pass);
  CHECK(r[0].estate_count == 1);
  // S2: 1000 households x 2.62 = 2620 residents, 262 m2 required, 200 provided.
  CHECK(r[1].population == Approx(2620.0));
  CHECK(r[1].population_source == provision::PopulationSource::Households);
  CHECK(r[1].shortfall_land_m2 == Approx(62.0));
  CHECK(r[1].verdict == provision::Verdict::Fail);
  // S3: 786 + 250 = 1036 residents, 103.6 m2 required, exactly 103.6 provided.
  CHECK(r[2].population == Approx(1036.0));
  CHECK(r[2].population_source == provision::PopulationSource::Estates);
  CHECK(r[2].required_land_m2 == Approx(103.6));
  CHECK(r[2].verdict == provision::Verdict::Pass);
  CHECK(r[2].land_m2_per_resident == Approx(0.1));
}

TEST_CASE("a facility on the line between two zones counts in one of them", "[provision]") {
  //  S1: x 0..100 | S2: x 100..200, both level "street"; D: 0..200, level "district"
  //  f_line at (100, 50) lies on the S1/S2 line: it counts for S1 (listed first) only.
  //  f_s2 at (150, 50) is inside S2.
  auto zone = [](const std::string& id, const std::string& level, const char* wkt) {
    Zone z;
    z.id = id;
    z.level = level;
    z.geometry = multipolygon_from_wkt(wkt);
    z.population = 1000.0;
    return z;
  };
  const std::vector<Zone> zones{zone("S1", "street", "POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0))"),
                                zone("S2", "street", "POLYGON ((100 0, 200 0, 200 100, 100 100, 100 0))"),
                                zone("D", "district", "POLYGON ((0 0, 200 0, 200 100, 0 100, 0 0))")};
  const auto hits = provision::zones_containing(zones, {{100, 50}, {150, 50}, {100, 0}});
  CHECK(hits[0] == std::vector<std::size_t>{0, 2});
  CHECK(hits[1] == std::vector<std::size_t>{1, 2});
  CHECK(hits[2] == std::vector<std::size_t>{0, 2});
  Facility on_line = make_facility("f_line", 100, 50), in_s2 = make_facility("f_s2", 150, 50);
  on_line.land_area_m2 = 500;
  in_s2.land_area_m2 = 30;
  const auto r = provision::evaluate_zones(zones, {}, {on_line, in_s2}, rules::load_rules("guangdong"));
  CHECK(r[0].provided_land_m2 == 500.0);
  CHECK(r[1].provided_land_m2 == 30.0);
  CHECK(r[2].provided_land_m2 == 530.0);  // the district counts each facility once
}
