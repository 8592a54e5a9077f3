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
