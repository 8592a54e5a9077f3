// SPDX-License-Identifier: Apache-2.0
// The QGIS styles of siting.gpkg: field aliases, and the renderer each table gets.
// tests/qgis/run.sh opens them in real QGIS.
#include <catch2/catch.hpp>

#include "report/styles.hpp"

using siting::report::detail::field_alias;
using siting::report::detail::layer_style;

TEST_CASE("styles: every kind of column name gets a Chinese / English alias", "[styles]") {
  CHECK(field_alias("households") == "户数 / households");
  CHECK(field_alias("zone_街道") == "所属街道 / zone (街道)");
  CHECK(field_alias("households_share_15min") == "户数覆盖率(15分钟) / share of households (15 min)");
  CHECK(field_alias("covered_share_7.5min") == "覆盖比例(7.5分钟) / share covered (7.5 min)");
  CHECK(field_alias("access_beds_per_1000_elderly") == "可达每千名老年人床位 / access: beds per 1,000 elderly");
  CHECK(field_alias("floor_area_m2_per_1000_households") ==
        "每千户建筑面积(m²) / floor area (m²) per 1,000 households");
  CHECK(field_alias("demand_in_catchment_residents") == "服务范围内需求(人) / residents in catchment");
  CHECK(field_alias("beds") == "床位数 / beds");
  CHECK(field_alias("no_such_column").empty());
  CHECK(field_alias("zone_").empty());
}

TEST_CASE("styles: the parcels' tiers come from their columns; text is escaped", "[styles]") {
  siting::io::Table t;
  t.name = "parcels";
  t.add_column("id", siting::io::ColumnType::String);
  t.add_column("tier_min", siting::io::ColumnType::Real, -1);
  t.add_column("covered_share_5min", siting::io::ColumnType::Real);
  t.add_column("covered_share_7.5min", siting::io::ColumnType::Real);
  t.add_column("zone_A&B", siting::io::ColumnType::String);
  t.rows.push_back({std::string("p1"), 5.0, 1.0, 1.0, std::string("z")});
  t.geometries.emplace_back(siting::Point{0, 0});
  const auto s = layer_style(t);
  CHECK(s.name == "siting: parcels");
  CHECK_THAT(s.qml, Catch::Contains("type=\"categorizedSymbol\" attr=\"tier_min\""));
  CHECK_THAT(s.qml, Catch::Contains("value=\"5\" label=\"5分钟内 / within 5 min\""));
  CHECK_THAT(s.qml, Catch::Contains("value=\"7.5\" label=\"7.5分钟内 / within 7.5 min\""));
  CHECK_THAT(s.qml, Catch::Contains("value=\"\" label=\"圈外 / beyond every tier\""));
  CHECK_THAT(s.qml, Catch::Contains("<alias field=\"zone_A&amp;B\" name=\"所属A&amp;B / zone (A&amp;B)\"/>"));
  // Two tiers: the darkest and the lightest green.
  CHECK_THAT(s.qml, Catch::Contains("0,109,44,200") && Catch::Contains("199,233,192,200"));

  // A table without geometry: aliases only, no renderer.
  t.geometries.clear();
  const auto a = layer_style(t);
  CHECK_THAT(a.qml, !Catch::Contains("renderer-v2") && Catch::Contains("styleCategories=\"Fields\""));
}
