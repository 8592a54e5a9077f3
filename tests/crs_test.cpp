// SPDX-License-Identifier: Apache-2.0
// Working-CRS choice and transformations, against hand-worked zone numbers.

#include <catch2/catch.hpp>

#include <cmath>
#include <thread>

#include "siting/crs/crs.hpp"
#include "siting/error.hpp"

using namespace siting;
using namespace siting::crs;
using Catch::Matchers::Contains;

TEST_CASE("CGCS2000 3-degree zone: EPSG 4534 + (CM - 75) / 3", "[crs]") {
  CHECK(cgcs2000_gk3_epsg(114.05) == 4547);  // Futian: CM 114
  CHECK(cgcs2000_gk3_epsg(113.52) == 4547);  // nearest multiple of 3 is 114
  CHECK(cgcs2000_gk3_epsg(112.49) == 4546);  // CM 111
  CHECK(cgcs2000_gk3_epsg(112.5) == 4547);   // halves round east
  CHECK(cgcs2000_gk3_epsg(116.4) == 4548);   // Beijing: CM 117
  CHECK(cgcs2000_gk3_epsg(73.5) == 4534);    // first zone, CM 75
  CHECK(cgcs2000_gk3_epsg(136.4) == 4554);   // last zone, CM 135
  CHECK_THROWS_WITH(cgcs2000_gk3_epsg(9.5), Contains("E202"));
}

TEST_CASE("UTM zone outside China", "[crs]") {
  CHECK(utm_epsg(9.52, 47.14) == 32632);    // Liechtenstein
  CHECK(utm_epsg(-76.61, 39.29) == 32618);  // Baltimore
  CHECK(utm_epsg(-70.6, -33.4) == 32719);   // Santiago: southern hemisphere
  CHECK(utm_epsg(180.0, 0.0) == 32660);
}

TEST_CASE("choosing the working CRS", "[crs]") {
  const Crs wgs84 = Crs::Epsg(4326), cgcs = Crs::Epsg(4490), gk = Crs::Epsg(4547);
  SECTION("a projected first layer is kept as it is") {
    const auto c = choose_working_crs({{"parcels", gk, {}}, {"facilities", wgs84, {113.9, 22.5, 114.1, 22.6}}}, {});
    CHECK(c.crs.epsg() == 4547);
    CHECK_THAT(c.reason, Contains("parcels layer's own projected CRS"));
  }
  SECTION("geographic input in Guangdong gets its GK zone, from the centre of all layers") {
    // Centre longitude (112.0 + 113.2) / 2 = 112.6 -> CM 114 -> EPSG:4547.
    const auto c = choose_working_crs({{"parcels", cgcs, {112.0, 22.5, 112.4, 22.9}},
                                       {"facilities", wgs84, {112.1, 22.4, 113.2, 23.0}}},
                                      {});
    CHECK(c.crs.epsg() == 4547);
    CHECK_THAT(c.reason, Contains("central meridian 114E"));
  }
  SECTION("outside China: UTM") {
    const auto c = choose_working_crs({{"parcels", wgs84, {9.47, 47.05, 9.64, 47.27}}}, {});
    CHECK(c.crs.epsg() == 32632);
  }
  SECTION("forced") {
    CHECK(choose_working_crs({{"parcels", wgs84, {9.5, 47, 9.6, 47.2}}}, Crs::Epsg(4547)).crs.epsg() == 4547);
    CHECK_THROWS_WITH(choose_working_crs({{"parcels", wgs84, {}}}, Crs::Epsg(4326)), Contains("not a projected CRS in metres"));
  }
}

TEST_CASE("transformations keep longitude first and land on the central meridian", "[crs]") {
  // On the central meridian the Gauss-Kruger easting is the false easting exactly.
  Transform t(Crs::Epsg(4326), Crs::Epsg(4547));
  Point p{114.0, 22.8};
  t.apply(p);
  CHECK(p.x == Approx(500000.0).margin(1e-6));
  CHECK(p.y == Approx(2522.6e3).margin(2e3));  // about 22.8 degrees x 110.6 km
  Transform back(Crs::Epsg(4547), Crs::Epsg(4326));
  back.apply(p);
  CHECK(p.x == Approx(114.0).margin(1e-9));
  CHECK(p.y == Approx(22.8).margin(1e-9));
  CHECK(Transform(Crs::Epsg(4547), Crs::FromUserInput("EPSG:4547")).is_identity());
}

TEST_CASE("a cached transformation moves points as a fresh one does, on any thread", "[crs]") {
  // Transform::Cached builds each pair once a process and clones it: the
  // clones must give the fresh transformation's numbers, bit for bit, and
  // two threads asking at once must each get a working one.
  const Point at{512345.678, 2523456.789};
  Point fresh = at;
  Transform(Crs::Epsg(4547), Crs::Epsg(4326)).apply(fresh);
  Point cached[2] = {at, at};
  std::thread other([&] { Transform::Cached(Crs::Epsg(4547), Crs::Epsg(4326)).apply(cached[1]); });
  Transform::Cached(Crs::Epsg(4547), Crs::Epsg(4326)).apply(cached[0]);
  other.join();
  for (const Point& p : cached) {
    CHECK(p.x == fresh.x);
    CHECK(p.y == fresh.y);
  }
  // The way back, by hand: on the central meridian the easting is the false easting.
  Point meridian{114.0, 22.8};
  Transform::Cached(Crs::Epsg(4326), Crs::Epsg(4547)).apply(meridian);
  CHECK(meridian.x == Approx(500000.0).margin(1e-6));
  CHECK(Transform::Cached(Crs::Epsg(4547), Crs::FromUserInput("EPSG:4547")).is_identity());
}

TEST_CASE("scale factor: 1 on the central meridian, about 1.0003 at the zone edge", "[crs]") {
  // k = 1 + (dlambda cos(phi))^2 / 2 = 1 + (0.0262 x 0.927)^2 / 2 = 1.000294 at 1.5 deg, 22 N.
  CHECK(point_scale_factor(Crs::Epsg(4547), 114.0, 22.0) == Approx(1.0).margin(1e-9));
  CHECK(point_scale_factor(Crs::Epsg(4547), 115.5, 22.0) == Approx(1.000294).margin(2e-6));
  // UTM: 0.9996 at its central meridian (9 E for zone 32).
  CHECK(point_scale_factor(Crs::Epsg(32632), 9.0, 47.0) == Approx(0.9996).margin(1e-9));
}

TEST_CASE("area scale: k squared for Gauss-Kruger, 1 for an equal-area CRS", "[crs][hardening]") {
  // Conformal: areas scale by k^2 = 1.000294^2 = 1.000588 at 1.5 deg from the CM, 22 N.
  CHECK(area_scale_factor(Crs::Epsg(4547), 114.0, 22.0) == Approx(1.0).margin(2e-6));
  CHECK(area_scale_factor(Crs::Epsg(4547), 115.5, 22.0) == Approx(1.000588).margin(3e-6));
  // 14 deg from the CM (100 E in the 114 E zone): k = 1 + (0.2443 x 0.927)^2 / 2 = 1.0256,
  // so areas come out about 5 % large (the 3-5 % for data from 100 E to 125 E).
  CHECK(area_scale_factor(Crs::Epsg(4547), 100.0, 22.0) == Approx(1.0519).margin(2e-3));
  // EPSG:6933, WGS 84 / NSIDC EASE-Grid 2.0 Global: cylindrical equal-area.
  CHECK(area_scale_factor(Crs::Epsg(6933), 100.0, 22.0) == Approx(1.0).margin(2e-6));
}

TEST_CASE("coordinates that cannot be right are named, before PROJ or GEOS see them", "[crs][hardening]") {
  CHECK(coordinate_problem({113.5, 22.8}, true).empty());
  CHECK(coordinate_problem({-180.0, -90.0}, true).empty());
  CHECK_THAT(coordinate_problem({std::nan(""), 22.8}, true), Contains("not a finite number"));
  CHECK_THAT(coordinate_problem({113.5, INFINITY}, false), Contains("not a finite number"));
  CHECK_THAT(coordinate_problem({22.8, 113.5}, true), Contains("longitude and latitude swapped"));
  CHECK_THAT(coordinate_problem({400.0, 22.8}, true), Contains("longitude beyond 360"));
  CHECK(coordinate_problem({45500000.0, 2520000.0}, false).empty());  // a GK easting with its zone prefix
  CHECK_THAT(coordinate_problem({1.1e8, 0.0}, false), Contains("beyond 1e8"));
  std::vector<siting::Point> pts{{113.5, 22.8}, {113.5, 95.0}};
  CHECK_THROWS_WITH(Transform(Crs::Epsg(4326), Crs::Epsg(4547)).apply(pts), Contains("E107") && Contains("latitude"));
  // The identity transform checks too: a projected layer in the working CRS.
  std::vector<siting::Point> inf{{500000.0, INFINITY}};
  CHECK_THROWS_WITH(Transform(Crs::Epsg(4547), Crs::Epsg(4547)).apply(inf), Contains("E107"));
}

TEST_CASE("user CRS text is checked", "[crs]") {
  CHECK(Crs::FromUserInput("EPSG:4547").is_metric_projected());
  CHECK(Crs::FromUserInput("EPSG:4490").is_geographic());
  CHECK_THROWS_WITH(Crs::FromUserInput("EPSG:999999"), Contains("E202"));
  CHECK_THROWS_WITH(Crs::FromUserInput("nonsense"), Contains("is not a coordinate reference system"));
}
