// SPDX-License-Identifier: Apache-2.0
// The read stage: load_inputs returns everything a command needs, the walkable
// road lines and the proposals included; the OSM walk filter by itself.

#include <catch2/catch.hpp>

#include <map>

#include "siting/error.hpp"
#include "siting/jobs/inputs.hpp"
#include "siting/log.hpp"
#include "siting/network/roads.hpp"
#include "support.hpp"

#include <ogrsf_frmts.h>

#include <algorithm>
#include <optional>

#include "siting/crs/crs.hpp"
#include "siting/io/layer.hpp"
#include "siting/io/roads.hpp"

using namespace siting;
using namespace siting::network;
using Catch::Matchers::Contains;

namespace {


io::LayerSource layer(io::Role role, const std::string& path) {
  io::LayerSource s;
  s.role = role;
  s.path = test::source(path);
  return s;
}

// The coverage fixture (tests/fixtures/coverage/README.md): 8 roads, of which a
// motorway, a private service road and a primary road with foot=no are dropped.
jobs::InputOptions coverage_fixture() {
  jobs::InputOptions o;
  o.facilities = layer(io::Role::Facilities, "tests/fixtures/coverage/facilities.geojson");
  o.roads = layer(io::Role::Roads, "tests/fixtures/coverage/roads.geojson");
  o.require_floor_area = false;
  return o;
}

}  // namespace

TEST_CASE("the walk filter on a way's tags, asking only for what it needs", "[network]") {
  std::vector<std::string> asked;
  auto verdict = [&](std::map<std::string, std::string> tags, const WalkFilter& filter = {}) {
    asked.clear();
    return walk_verdict(filter, [&](const char* key) {
      asked.emplace_back(key);
      return tags.count(key) ? tags[key] : std::string();
    });
  };
  CHECK(verdict({}) == WalkVerdict::NotHighway);  // a river, a power line
  CHECK(asked == std::vector<std::string>{"highway"});
  CHECK(verdict({{"highway", "residential"}}) == WalkVerdict::Walkable);
  CHECK(asked == std::vector<std::string>{"highway", "foot", "access"});
  CHECK(verdict({{"highway", "motorway"}}) == WalkVerdict::ExcludedHighway);
  CHECK(asked == std::vector<std::string>{"highway", "foot"});
  CHECK(verdict({{"highway", "motorway"}, {"foot", "designated"}}) == WalkVerdict::Walkable);  // foot wins
  CHECK(verdict({{"highway", "primary"}, {"foot", "no"}}) == WalkVerdict::FootNo);
  CHECK(verdict({{"highway", "service"}, {"access", "private"}}) == WalkVerdict::PrivateAccess);
  CHECK(verdict({{"highway", "service"}, {"access", "private"}, {"foot", "yes"}}) == WalkVerdict::Walkable);
  CHECK(verdict({{"highway", "footway"}, {"access", "no"}}) == WalkVerdict::Walkable);  // as OSMnx: not by itself

  WalkFilter keep;
  keep.drop_private = false;
  keep.drop_foot_no = false;
  CHECK(verdict({{"highway", "service"}, {"access", "private"}}, keep) == WalkVerdict::Walkable);
  CHECK(verdict({{"highway", "primary"}, {"foot", "no"}}, keep) == WalkVerdict::Walkable);
  WalkFilter only;
  only.include_highway = {"footway"};
  CHECK(verdict({{"highway", "residential"}}, only) == WalkVerdict::ExcludedHighway);
  CHECK(verdict({{"highway", "motorway"}}, only) == WalkVerdict::ExcludedHighway);
  CHECK(verdict({{"highway", "footway"}}, only) == WalkVerdict::Walkable);

  RoadStats st;
  for (WalkVerdict v : {WalkVerdict::Walkable, WalkVerdict::NotHighway, WalkVerdict::ExcludedHighway,
                        WalkVerdict::ExcludedHighway, WalkVerdict::FootNo, WalkVerdict::PrivateAccess})
    st.count_dropped(v);
  CHECK(st.kept == 0);
  CHECK(st.not_highway == 1);
  CHECK(st.excluded_highway == 2);
  CHECK(st.foot_no == 1);
  CHECK(st.private_access == 1);
}

TEST_CASE("load_inputs reads the walkable road lines, with the filter's tallies", "[io]") {
  const test::Quiet quiet;
  jobs::Inputs in = jobs::load_inputs(coverage_fixture());
  REQUIRE(in.roads);
  const RoadStats& st = in.roads->stats;
  CHECK(st.features == 8);
  CHECK(st.kept == 5);
  CHECK(st.excluded_highway == 1);  // the motorway
  CHECK(st.private_access == 1);
  CHECK(st.foot_no == 1);
  CHECK(st.not_highway == 0);
  CHECK(st.empty == 0);
  REQUIRE(in.roads->lines.size() == 5);
  // The fixture is in the working CRS (EPSG:4547): the lines come as they are.
  CHECK(in.roads->lines[1] == LineString{{450000, 2522000}, {450100, 2522000}});
  REQUIRE(in.layers.size() == 2);
  CHECK(in.layers.back().role == "roads");
  CHECK(in.layers.back().features == 8);

  jobs::InputOptions keep = coverage_fixture();
  keep.walk_filter.drop_private = false;
  CHECK(jobs::load_inputs(keep).roads->stats.kept == 6);
  jobs::InputOptions none = coverage_fixture();
  none.walk_filter.include_highway = {"cycleway"};
  CHECK_THROWS_WITH(jobs::load_inputs(none), Contains("E103") && Contains("no walkable lines (8 features"));
  jobs::InputOptions no_roads = coverage_fixture();
  no_roads.roads.reset();
  CHECK_FALSE(jobs::load_inputs(no_roads).roads);
}

TEST_CASE("load_inputs reads the proposals, phases and facilities", "[io]") {
  // P-PASS (tests/fixtures/review/README.md): phases of 400 and 200 households,
  // facility A of 150 m2 on floor 1, in one GeoJSON layer.
  const test::Quiet quiet;
  jobs::InputOptions o;
  o.proposals.push_back({layer(io::Role::Proposal, "tests/fixtures/review/batch/P-PASS.geojson"), ""});
  o.proposals.push_back({layer(io::Role::Proposal, "tests/fixtures/review/batch/P-FAIL.geojson"), ""});
  const jobs::Inputs in = jobs::load_inputs(o);
  REQUIRE(in.proposals.size() == 2);
  const review::Proposal& p = in.proposals[0];
  CHECK(p.id == "P-PASS");
  CHECK(p.name == "锦绣新城");
  REQUIRE(p.phases.size() == 2);
  CHECK(p.phases[0].households == 400);
  CHECK(p.phases[1].households == 200);
  REQUIRE(p.facilities.size() == 1);
  CHECK(p.facilities[0].id == "A");
  CHECK(p.facilities[0].floor_area_m2 == 150);
  CHECK(p.facilities[0].floor == 1);
  CHECK(in.proposals[1].id == "P-FAIL");
  CHECK(in.proposals[1].households() == 1000);
  // Listed for summary.json by their features (2 phases and 1 facility; 2 and 2).
  REQUIRE(in.layers.size() == 2);
  CHECK(in.layers[0].role == "proposal");
  CHECK(in.layers[0].features == 3);
  CHECK(in.layers[1].features == 4);
}

namespace {

// A GeoPackage of roads written feature by feature (fids 1, 2, ... in order),
// each a highway value and a geometry in WKT ("" for none); EPSG:4547.
void write_roads_gpkg(const std::string& path, const std::vector<std::pair<std::string, std::string>>& features) {
  GDALAllRegister();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
  REQUIRE(driver);
  GDALDataset* ds = driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
  REQUIRE(ds);
  OGRSpatialReference srs;
  srs.importFromEPSG(4547);
  OGRLayer* layer = ds->CreateLayer("roads", &srs, wkbUnknown, nullptr);
  REQUIRE(layer);
  OGRFieldDefn highway("highway", OFTString);
  REQUIRE(layer->CreateField(&highway) == OGRERR_NONE);
  for (const auto& [tag, wkt] : features) {
    OGRFeature* f = OGRFeature::CreateFeature(layer->GetLayerDefn());
    f->SetField("highway", tag.c_str());
    if (!wkt.empty()) {
      OGRGeometry* g = nullptr;
      REQUIRE(OGRGeometryFactory::createFromWkt(wkt.c_str(), &srs, &g) == OGRERR_NONE);
      f->SetGeometryDirectly(g);
    }
    REQUIRE(layer->CreateFeature(f) == OGRERR_NONE);
    OGRFeature::DestroyFeature(f);
  }
  GDALClose(ds);
}

struct RoadRead {
  io::RoadLines roads;
  std::vector<std::string> warnings;  // and info lines: what one pass says
  std::vector<std::string> debug;
};

RoadRead read_roads(const io::LayerSource& source, unsigned threads, const std::optional<Box>& only = {},
                    const crs::Crs& working = crs::Crs::Epsg(4547)) {
  RoadRead r;
  log::set_sink([&r](LogLevel level, const std::string& m) {
    (level == LogLevel::Debug ? r.debug : r.warnings).push_back(m);
  });
  const LogLevel was = log::level();
  log::set_level(LogLevel::Debug);
  struct Restore {
    LogLevel was;
    ~Restore() { log::set_sink(nullptr), log::set_level(was); }
  } restore{was};
  io::VectorLayer layer = io::VectorLayer::open(source);
  if (only) layer.set_spatial_filter(*only);
  io::RoadReadOptions o;
  o.threads = threads;
  o.min_features_per_thread = 1;  // ranges even for a dozen features
  r.roads = io::read_walkable_lines(layer, working, WalkFilter{}, o);
  return r;
}

bool same_stats(const RoadStats& a, const RoadStats& b) {
  return a.features == b.features && a.kept == b.kept && a.not_highway == b.not_highway &&
         a.excluded_highway == b.excluded_highway && a.foot_no == b.foot_no && a.private_access == b.private_access &&
         a.empty == b.empty && a.one_vertex == b.one_vertex && a.zero_length == b.zero_length &&
         a.bad_coordinates == b.bad_coordinates;
}

}  // namespace

TEST_CASE("a GeoPackage's roads read in fid ranges side by side give one pass's lines, tallies and messages",
          "[io][roads]") {
  const test::TempDir tmp;
  const std::string path = tmp / "roads.gpkg";
  write_roads_gpkg(path, {
                             {"residential", "LINESTRING (450000 2522000, 450100 2522000, 450200 2522010)"},  // 1
                             {"motorway", "LINESTRING (450000 2522100, 450100 2522100)"},                     // 2 excluded
                             {"residential", ""},                                                             // 3 no geometry
                             {"footway", "LINESTRING (450100 2522000, 450100 2522100)"},                      // 4
                             {"residential", "LINESTRING (450300 2522000)"},                                  // 5 one vertex
                             {"residential", "MULTILINESTRING ((450000 2522200, 450100 2522200), (450100 2522200, 450100 2522300))"},  // 6
                             {"steps", "LINESTRING (450200 2522000, 450200 2522100)"},                        // 7
                             {"residential", "LINESTRING (450400 2522000, 450400 2522000)"},                  // 8 zero length
                             {"residential", "LINESTRING (450500 2522000, 450600 2522000)"},                  // 9
                             {"residential", "LINESTRING EMPTY"},                                             // 10 empty
                             {"", "LINESTRING (450700 2522000, 450800 2522000)"},                             // 11 no highway
                             {"path", "LINESTRING (450800 2522000, 450900 2522050)"},                         // 12
                         });
  io::LayerSource src;
  src.role = io::Role::Roads;
  src.path = path;

  const RoadRead one = read_roads(src, 1);
  // By hand: 12 features; 1, 4, 6 (two parts), 7, 8, 9 and 12 kept.
  const RoadStats& st = one.roads.stats;
  CHECK(st.features == 12);
  CHECK(st.kept == 7);
  CHECK(st.excluded_highway == 1);
  CHECK(st.not_highway == 1);
  CHECK(st.empty == 2);
  CHECK(st.one_vertex == 1);
  CHECK(st.zero_length == 1);
  REQUIRE(one.roads.lines.size() == 8);
  CHECK(one.roads.lines[0] == LineString{{450000, 2522000}, {450100, 2522000}, {450200, 2522010}});
  CHECK(one.roads.lines[3] == LineString{{450100, 2522200}, {450100, 2522300}});
  CHECK(one.roads.lines[7] == LineString{{450800, 2522000}, {450900, 2522050}});
  CHECK(one.debug.end() == std::find_if(one.debug.begin(), one.debug.end(),
                                        [](const std::string& m) { return m.find("ranges of fids") != std::string::npos; }));

  for (unsigned threads : {2u, 3u, 5u}) {
    INFO("threads " << threads);
    const RoadRead side = read_roads(src, threads);
    const std::string said = "read in " + std::to_string(threads) + " ranges of fids side by side (1 to 12)";
    CHECK(std::any_of(side.debug.begin(), side.debug.end(),
                      [&](const std::string& m) { return m.find(said) != std::string::npos; }));
    CHECK(side.roads.lines == one.roads.lines);
    CHECK(same_stats(side.roads.stats, st));
    CHECK(side.warnings == one.warnings);  // the features named, in fid order
  }
  REQUIRE(one.warnings.size() >= 2);

  // Into another working CRS (UTM 50N): each range moves its lines with its own
  // copy of the transform, and the lines are one pass's to the bit, and those
  // of a transform made here.
  const crs::Crs utm = crs::Crs::Epsg(32650);
  const RoadRead utm_one = read_roads(src, 1, {}, utm);
  REQUIRE(utm_one.roads.lines.size() == 8);
  LineString first = one.roads.lines[0].to_vector();
  crs::Transform(crs::Crs::Epsg(4547), utm).apply(first);
  CHECK(utm_one.roads.lines[0] == first);
  CHECK(first[0].x != 450000.0);
  for (unsigned threads : {2u, 5u}) {
    INFO("threads " << threads);
    CHECK(read_roads(src, threads, {}, utm).roads.lines == utm_one.roads.lines);
  }

  // With a spatial filter (a shard's halo) and an attribute filter.
  io::LayerSource residential = src;
  residential.where = "highway = 'residential'";
  const Box west{449990, 2521990, 450450, 2522400};
  const RoadRead west_one = read_roads(residential, 1, west);
  // By hand: the residential features meeting the box are 1, 5, 6 and 8 (3 and
  // 10 have no geometry to meet it, 9 lies east of it).
  CHECK(west_one.roads.stats.features == 4);
  CHECK(west_one.roads.stats.kept == 3);
  CHECK(west_one.roads.stats.one_vertex == 1);
  CHECK(west_one.roads.lines.size() == 4);
  const RoadRead west_side = read_roads(residential, 3, west);
  CHECK(west_side.roads.lines == west_one.roads.lines);
  CHECK(same_stats(west_side.roads.stats, west_one.roads.stats));
  CHECK(west_side.warnings == west_one.warnings);
}

TEST_CASE("roads read in fid ranges stop at the first feature one pass stops at", "[io][roads]") {
  const test::TempDir tmp;
  const std::string path = tmp / "roads.gpkg";
  std::vector<std::pair<std::string, std::string>> features;
  for (int i = 0; i < 12; ++i)
    features.push_back({"residential", "LINESTRING (" + std::to_string(450000 + 100 * i) + " 2522000, " +
                                           std::to_string(450100 + 100 * i) + " 2522000)"});
  features[6].second = "POLYGON ((450600 2522000, 450700 2522000, 450700 2522100, 450600 2522000))";  // fid 7
  features[10].second = "POINT (451000 2522000)";                                                      // fid 11
  write_roads_gpkg(path, features);
  io::LayerSource src;
  src.role = io::Role::Roads;
  src.path = path;
  std::string first;
  try {
    read_roads(src, 1);
  } catch (const Error& e) {
    first = e.what();
  }
  CHECK_THAT(first, Contains("E106") && Contains("got Polygon") && Contains("fid 7"));
  for (unsigned threads : {2u, 3u, 4u}) {
    INFO("threads " << threads);
    CHECK_THROWS_WITH(read_roads(src, threads), first);
  }
}
