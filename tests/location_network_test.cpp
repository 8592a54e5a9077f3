// SPDX-License-Identifier: Apache-2.0
// Network mode of the location engine: the sparse parcel × site costs from the
// walking graph, hand-checked on ASCII maps at 1 m/s, the issue's scenarios
// through solve(), agreement with the coverage stage on the sample district, and
// the generated candidates.

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <fstream>
#include <set>

#include "ascii_map.hpp"
#include "siting/coverage/analysis.hpp"
#include "siting/jobs/inputs.hpp"
#include "siting/location/network.hpp"
#include "siting/location/study_area.hpp"
#include "siting/rules/ruleset.hpp"
#include "siting/location/solve.hpp"
#include "siting/log.hpp"
#include "support.hpp"

using namespace siting;
using namespace siting::location;
using siting::test::AsciiMap;
using siting::test::estate;
using siting::test::facility;
using Catch::Matchers::Contains;

namespace {

Candidate candidate(const std::string& id, Point at, std::optional<double> capacity = std::nullopt) {
  Candidate c;
  c.id = id;
  c.location = at;
  c.capacity = capacity;
  return c;
}

// 1 m/s and one tier: the budget in metres is the cutoff in seconds.
NetworkProblemOptions one_metre_per_second(double minutes) {
  NetworkProblemOptions o;
  o.walk.minutes = {minutes};
  o.walk.speed_m_per_s = 1.0;
  o.walk.max_snap_m = 100.0;
  o.threads = 2;
  return o;
}

std::vector<double> households(const std::vector<Estate>& parcels) {
  std::vector<double> w;
  for (const Estate& e : parcels) w.push_back(e.households);
  return w;
}

// Site id -> demand id -> cost, from the problem's arcs.
std::map<std::string, std::map<std::string, double>> arcs_of(const Problem& p) {
  std::map<std::string, std::map<std::string, double>> out;
  for (Index s = 0; s < p.sites().size(); ++s)
    for (const Link& l : p.demand_of(s)) out[p.sites()[s].id][p.demand()[l.to].id] = l.cost;
  return out;
}

Result mclp(const NetworkProblem& np, std::size_t k) {
  MclpOptions m;
  m.k = k;
  m.cutoff = np.cutoff_s;
  return solve(np.problem, m);
}

std::vector<std::string> chosen_ids(const Problem& p, const Result& r) {
  std::vector<std::string> out;
  for (const ChosenSite& c : r.chosen) out.push_back(p.sites()[c.site].id);
  return out;
}

}  // namespace

TEST_CASE("network arcs: connectors, ways into parcels, the inclusive budget, islands", "[location][network]") {
  // One character = one line = 50 m; 1 m/s, 10 minutes = 600 m.
  // s: candidate 50 m north of A-B's middle (along 200); f: existing facility on
  // B-C; q: candidate 150 m from every street (off the network).
  // west (GHIJ): no street meets it, A is 50 m from its east side.
  // through (PQRS) and edge (TUVW): B-C enters them; island (KLMN) only X-Y.
  const AsciiMap map(R"(
     G.H    s      P.Q T.U      K.L
     : :A-------B--+-+-+-+f-C  X+-+Y
     J.I           S.R W.V      N.M


            q
  )", 50, 'A');
  const network::WalkGraph g = network::WalkGraph::Build(map.roads({"ABC", "XY"}));
  const network::SegmentIndex index(g);
  const std::vector<Estate> parcels{estate("west", map.parcel("GHIJ"), 10), estate("through", map.parcel("PQRS"), 20),
                                    estate("edge", map.parcel("TUVW"), 30), estate("island", map.parcel("KLMN"), 40)};
  const std::vector<Facility> facilities{facility("f", map['f'])};
  const std::vector<Candidate> candidates{candidate("s", map['s']), candidate("q", map['q'])};
  const NetworkProblem np = build_network_problem(g, index, parcels, households(parcels), facilities, {}, candidates,
                                                  one_metre_per_second(10));
  CHECK(np.cutoff_s == 600.0);
  REQUIRE(np.problem.sites().size() == 3);
  CHECK(np.problem.sites()[0].id == "f");
  CHECK(np.problem.sites()[0].fixed);
  CHECK_FALSE(np.problem.sites()[1].fixed);
  CHECK(np.site_snaps[1].at == Point{200, 0});  // mid-edge
  CHECK(np.site_snaps[1].connector_m == 50.0);
  CHECK(np.off_network_sites == std::vector<std::size_t>{2});
  CHECK(np.arcs == 5);
  const auto arcs = arcs_of(np.problem);
  // s: 50 m connector + 200 m to A, then 50 m across to west's side (Nearest).
  // through: 250 m to B + 150 m to where B-C enters it (connector 0). edge:
  // 250 + 350 = 600, exactly the budget: included. island: another component.
  CHECK(arcs.at("s") == std::map<std::string, double>{{"west", 300.0}, {"through", 400.0}, {"edge", 600.0}});
  // f sits on B-C itself: along the edge, 250 m back to through, 50 m to edge;
  // west lies beyond A (900 m away).
  CHECK(arcs.at("f") == std::map<std::string, double>{{"through", 250.0}, {"edge", 50.0}});
  CHECK(arcs.count("q") == 0);

  SECTION("9 minutes: edge falls out at 600 m > 540 m; the search limit widens it back") {
    const NetworkProblem nine = build_network_problem(g, index, parcels, households(parcels), facilities, {},
                                                      candidates, one_metre_per_second(9));
    CHECK(arcs_of(nine.problem).at("s") == std::map<std::string, double>{{"west", 300.0}, {"through", 400.0}});
    NetworkProblemOptions wide = one_metre_per_second(9);
    wide.search_limit_m = 600.0;
    const NetworkProblem w = build_network_problem(g, index, parcels, households(parcels), facilities, {}, candidates,
                                                   wide);
    CHECK(w.cutoff_s == 540.0);
    CHECK(arcs_of(w.problem).at("s").at("edge") == 600.0);
  }
  SECTION("capacities and bad input") {
    const NetworkProblem capped = build_network_problem(g, index, parcels, households(parcels), facilities, {25.0},
                                                        {candidate("s", map['s'], 30.0)}, one_metre_per_second(10));
    CHECK(capped.problem.sites()[0].capacity == 25.0);
    CHECK(capped.problem.sites()[1].capacity == 30.0);
    CHECK_THROWS_WITH(build_network_problem(g, index, parcels, {1.0}, facilities, {}, candidates,
                                            one_metre_per_second(10)),
                      Contains("E105") && Contains("4 parcels, 1 weights"));
    CHECK_THROWS_WITH(build_network_problem(g, index, parcels, {1, 2, -3, 4}, facilities, {}, candidates,
                                            one_metre_per_second(10)),
                      Contains("E105") && Contains("parcel edge"));
    CHECK_THROWS_WITH(build_network_problem(g, index, parcels, households(parcels), facilities, {1.0, 2.0},
                                            candidates, one_metre_per_second(10)),
                      Contains("E105") && Contains("1 facilities, 2 capacities"));
    NetworkProblemOptions bad = one_metre_per_second(10);
    bad.search_limit_m = -1.0;
    CHECK_THROWS_WITH(build_network_problem(g, index, parcels, households(parcels), facilities, {}, candidates, bad),
                      Contains("E001") && Contains("search limit"));
  }
}

TEST_CASE("network mode through solve(): the issue's hand-worked scenarios", "[location][network]") {
  // One character = one line = 50 m; 1 m/s, 5 minutes = 300 m. Estates of 100
  // households each: E1 (PQRS) x 100-200, E2 (TUVW) x 500-600, E3 (KLMN)
  // x 1000-1100, all entered by the street. Candidates p, m, r; f existing.
  //   m (x 350): E1 150, E2 150.  p (x 50): E1 50.  r (x 650): E2 50.
  //   f (x 700): E2 100, E3 300 (the budget). E3 is beyond every candidate.
  const AsciiMap map(R"(
      P.Q     T.U       K.L
    Ap+-+--m--+-+rf-----+-+C
      S.R     W.V       N.M
  )", 50, 'A');
  const network::WalkGraph g = network::WalkGraph::Build(map.roads({"AC"}));
  const network::SegmentIndex index(g);
  const std::vector<Estate> parcels{estate("E1", map.parcel("PQRS"), 100), estate("E2", map.parcel("TUVW"), 100),
                                    estate("E3", map.parcel("KLMN"), 100)};
  auto build = [&](const std::vector<Facility>& fs, const std::vector<Candidate>& cs) {
    return build_network_problem(g, index, parcels, households(parcels), fs, {}, cs, one_metre_per_second(5));
  };
  const std::vector<Candidate> pmr{candidate("p", map['p']), candidate("m", map['m']), candidate("r", map['r'])};
  {
    const auto arcs = arcs_of(build({}, pmr).problem);
    CHECK(arcs.at("m") == std::map<std::string, double>{{"E1", 150.0}, {"E2", 150.0}});
    CHECK(arcs.at("p") == std::map<std::string, double>{{"E1", 50.0}});
    CHECK(arcs.at("r") == std::map<std::string, double>{{"E2", 50.0}});
  }

  SECTION("one site covering two estates beats two that cover one each; E3 is reported") {
    const NetworkProblem np = build({}, pmr);
    const Result r = mclp(np, 1);
    CHECK(chosen_ids(np.problem, r) == std::vector<std::string>{"m"});
    CHECK(r.covered_weight == 200.0);
    REQUIRE(r.unreachable.size() == 1);
    CHECK(np.problem.demand()[r.unreachable[0]].id == "E3");
    CHECK(r.unreachable_weight == 100.0);

    PsclpOptions ps;
    ps.target_share = 0.6;
    ps.cutoff = np.cutoff_s;
    const Result cover = solve(np.problem, ps);
    CHECK(chosen_ids(np.problem, cover) == std::vector<std::string>{"m"});
    CHECK(cover.objective == 1.0);
    ps.target_share = 0.9;  // E3 makes 2/3 the most any choice reaches
    const Result out = solve(np.problem, ps);
    CHECK_FALSE(out.target_reachable);
    CHECK(out.max_share == Approx(2.0 / 3.0));
    CHECK(chosen_ids(np.problem, out) == std::vector<std::string>{"m"});
  }
  SECTION("a capacity forces a second site") {
    std::vector<Candidate> capped = pmr;
    for (Candidate& c : capped) c.capacity = 100.0;
    const NetworkProblem np = build({}, capped);
    CHECK(mclp(np, 1).covered_weight == 100.0);
    const Result two = mclp(np, 2);
    CHECK(two.covered_weight == 200.0);
    CHECK(two.chosen.size() == 2);
  }
  SECTION("existing facilities already cover their estates") {
    const NetworkProblem np = build({facility("f", map['f'])}, pmr);
    const Result r = mclp(np, 1);
    CHECK(r.preprocessing.weight_by_existing == 200.0);  // E2 at 100 m, E3 at exactly 300 m
    CHECK(r.unreachable.empty());
    CHECK(r.covered_weight == 300.0);
    const std::vector<std::string> ids = chosen_ids(np.problem, r);
    REQUIRE(ids.size() == 1);
    CHECK((ids[0] == "p" || ids[0] == "m"));  // either brings E1 in
  }
}

namespace {

struct Sample {
  jobs::Inputs in;
  std::unique_ptr<network::WalkGraph> graph_ptr;
  std::unique_ptr<network::SegmentIndex> index_ptr;
  const network::WalkGraph& graph;
  const network::SegmentIndex& index;
};

const Sample& sample() {
  static const Sample s = [] {
    jobs::InputOptions o;
    auto layer = [](io::Role role, const std::string& file) {
      io::LayerSource src;
      src.role = role;
      src.path = siting::test::source("geodata/sample/" + file);
      return src;
    };
    o.parcels = layer(io::Role::Parcels, "estates.geojson");
    o.facilities = layer(io::Role::Facilities, "facilities.geojson");
    o.roads = layer(io::Role::Roads, "roads.geojson");
    const LogLevel was = log::level();
    log::set_level(LogLevel::Warn);  // the reading logs at info level
    jobs::Inputs in = jobs::load_inputs(o);
    log::set_level(was);
    auto g = std::make_unique<network::WalkGraph>(network::WalkGraph::Build(in.roads->lines));
    auto index = std::make_unique<network::SegmentIndex>(*g);
    const network::WalkGraph& gr = *g;
    const network::SegmentIndex& ir = *index;
    return Sample{std::move(in), std::move(g), std::move(index), gr, ir};
  }();
  return s;
}

coverage::CoverageOptions counting_only() {
  coverage::CoverageOptions o;  // 5, 10, 15 minutes at 0.9 m/s, 100 m snap: the CLI's defaults
  o.polygons = false;
  o.overlay = false;
  o.facility_areas = false;
  return o;
}

std::set<std::string> covered_by(const Sample& s, const std::vector<Facility>& facilities, double* households = nullptr) {
  const coverage::Coverage c =
      coverage::analyse_coverage(s.graph, s.index, s.in.estates, facilities, counting_only());
  std::set<std::string> out;
  double hh = 0.0;
  for (std::size_t p = 0; p < s.in.estates.size(); ++p)
    if (c.parcels[p].tier >= 0) {
      out.insert(s.in.estates[p].id);
      hh += s.in.estates[p].households;
    }
  if (households) *households = hh;
  return out;
}

}  // namespace

TEST_CASE("network mode agrees with coverage on the sample district", "[location][network]") {
  const Sample& s = sample();
  double before = 0.0;
  covered_by(s, s.in.facilities, &before);
  CHECK(before == 45484.0);

  // Gaps of the uncovered parcels, for generated candidates.
  coverage::CoverageOptions with_gaps;
  const coverage::Coverage full = coverage::analyse_coverage(s.graph, s.index, s.in.estates, s.in.facilities, with_gaps);
  std::vector<MultiPolygon> gaps;
  for (const coverage::ParcelCoverage& pc : full.parcels)
    if (pc.tier < 0 && !pc.gap.empty()) gaps.push_back(pc.gap);
  REQUIRE_FALSE(gaps.empty());
  const std::vector<Candidate> generated = generate_candidates(s.graph, s.index, gaps, {});
  REQUIRE(generated.size() > 20);

  SECTION("each candidate alone: the parcels within the cutoff are those coverage covers") {
    // Every 7th generated point, and the facilities moved 40 m north-east (off
    // the street, so their connectors count).
    std::vector<Candidate> some;
    for (std::size_t i = 0; i < generated.size(); i += 7) some.push_back(generated[i]);
    for (const Facility& f : s.in.facilities)
      some.push_back(candidate("moved " + f.id, {f.location.x + 40.0, f.location.y + 40.0}));
    NetworkProblemOptions o;  // the same defaults as counting_only()
    o.threads = 2;
    const NetworkProblem np =
        build_network_problem(s.graph, s.index, s.in.estates, households(s.in.estates), {}, {}, some, o);
    std::size_t compared = 0, nonempty = 0;
    for (Index site = 0; site < some.size(); ++site) {
      std::set<std::string> within;
      for (const Link& l : np.problem.demand_of(site))
        if (l.cost <= np.cutoff_s) within.insert(np.problem.demand()[l.to].id);
      const std::set<std::string> covered = covered_by(s, {facility("c", some[site].location)});
      CHECK(within == covered);
      ++compared;
      nonempty += !covered.empty();
    }
    CHECK(compared == some.size());
    CHECK(nonempty >= compared / 2);
  }
  SECTION("mclp k = 3 on generated candidates: its covered households are what coverage counts") {
    const NetworkProblem np = build_network_problem(s.graph, s.index, s.in.estates, households(s.in.estates),
                                                    s.in.facilities, {}, generated, {});
    const Result r = mclp(np, 3);
    CHECK(r.preprocessing.weight_by_existing == 45484.0);
    // The uncovered households lie together: one new site takes them all, and
    // the other two would add nothing.
    REQUIRE(r.chosen.size() == 1);
    std::vector<Facility> after = s.in.facilities;
    for (const ChosenSite& c : r.chosen) {
      const Index k = c.site - static_cast<Index>(s.in.facilities.size());
      after.push_back(facility("new " + generated[k].id, generated[k].location));
    }
    double counted = 0.0;
    covered_by(s, after, &counted);
    CHECK(r.covered_weight == counted);
    CHECK(counted == 53827.0);
  }
  SECTION("mclp k = 3 from nothing (the facilities as candidates too): the same households as coverage") {
    std::vector<Candidate> all = generated;
    for (const Facility& f : s.in.facilities) all.push_back(candidate("at " + f.id, f.location));
    const NetworkProblem np =
        build_network_problem(s.graph, s.index, s.in.estates, households(s.in.estates), {}, {}, all, {});
    const Result r = mclp(np, 3);
    REQUIRE(r.chosen.size() == 3);
    std::vector<Facility> three;
    for (const ChosenSite& c : r.chosen) three.push_back(facility(all[c.site].id, all[c.site].location));
    double counted = 0.0;
    covered_by(s, three, &counted);
    CHECK(r.covered_weight == counted);
    CHECK(counted > 20000.0);
    CHECK(counted < 53827.0);
  }
}

TEST_CASE("generated candidates: every spacing along the streets near the gaps", "[location][network]") {
  // One character = 50 m across, one line = 50 m. Streets A-B and B-C of 200 m
  // and B-D of 100 m: three streets meeting at B.
  const AsciiMap map(R"(
        D
        |
    A---B---C
  )", 50, 'A');
  const network::WalkGraph g = network::WalkGraph::Build(map.roads({"AB", "BC", "BD"}));
  const network::SegmentIndex index(g);
  using Positions = std::set<std::pair<double, double>>;
  auto positions = [](const std::vector<Candidate>& cs) {
    Positions out;
    for (const Candidate& c : cs) out.insert({c.location.x, c.location.y});
    return out;
  };
  const MultiPolygon everywhere = multipolygon_from_wkt("POLYGON((-10 -10, 410 -10, 410 110, -10 110, -10 -10))");
  CandidateGeneration o;
  o.spacing_m = 100.0;
  o.near_gap_m = 0.0;
  // 100 m: 0/100/200 along each street; B (end of all three) once, D once.
  const std::vector<Candidate> all = generate_candidates(g, index, {everywhere}, o);
  CHECK(positions(all) == Positions{{0, 0}, {100, 0}, {200, 0}, {300, 0}, {400, 0}, {200, 100}});
  std::vector<std::string> ids;
  for (const Candidate& c : all) ids.push_back(c.id);
  CHECK(ids == std::vector<std::string>{"G1", "G2", "G3", "G4", "G5", "G6"});
  CHECK(all[0].fid == -1);
  CHECK_FALSE(all[0].capacity);
  // 150 m: the points centred on each street, 25 m in from its ends (200 m
  // streets); B-D, shorter than the spacing, gets its middle.
  o.spacing_m = 150.0;
  CHECK(positions(generate_candidates(g, index, {everywhere}, o)) ==
        Positions{{25, 0}, {175, 0}, {225, 0}, {375, 0}, {200, 50}});
  // Only near a gap: a 40 m box 20 m south of (300, 0) takes that point alone,
  // at exactly near_gap_m; 1 m less takes none.
  const MultiPolygon small = multipolygon_from_wkt("POLYGON((280 -60, 320 -60, 320 -20, 280 -20, 280 -60))");
  o.spacing_m = 100.0;
  o.near_gap_m = 20.0;
  CHECK(positions(generate_candidates(g, index, {small}, o)) == Positions{{300, 0}});
  o.near_gap_m = 19.0;
  CHECK(generate_candidates(g, index, {small}, o).empty());
  CHECK(generate_candidates(g, index, {}, o).empty());
  o.spacing_m = 5.0;
  CHECK_THROWS_WITH(generate_candidates(g, index, {small}, o), Contains("E001") && Contains("[10, 5000]"));
}

namespace {

void write_text(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

io::LayerSource layer_at(io::Role role, const std::string& path) {
  io::LayerSource s;
  s.role = role;
  s.path = path;
  return s;
}

const char* kCandidates = R"({"type": "FeatureCollection",
 "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4547"}},
 "features": [
  {"type": "Feature", "properties": {"id": "V1", "名称": "vacant lot", "容量": 300, "建筑面积": 600, "用地面积": 900, "造价": 12.5},
   "geometry": {"type": "Point", "coordinates": [500100, 2520100]}},
  {"type": "Feature", "properties": {"id": "B2", "名称": null, "容量": null, "建筑面积": null, "用地面积": null, "造价": null},
   "geometry": {"type": "Polygon", "coordinates": [[[500000, 2520000], [500040, 2520000], [500040, 2520020], [500000, 2520020], [500000, 2520000]]]}}
 ]})";

const char* kEstates = R"({"type": "FeatureCollection",
 "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4547"}},
 "features": [
  {"type": "Feature", "properties": {"id": "E1", "kind": "new", "households": 100, "老年人口": ELDERLY},
   "geometry": {"type": "Polygon", "coordinates": [[[500000, 2520000], [500040, 2520000], [500040, 2520020], [500000, 2520020], [500000, 2520000]]]}}
 ]})";

std::string estates_with(const std::string& elderly) {
  std::string s = kEstates;
  s.replace(s.find("ELDERLY"), 7, elderly);
  return s;
}

}  // namespace

TEST_CASE("the candidates layer and the estates' elderly field", "[location][network][io]") {
  const LogLevel was = log::level();
  log::set_level(LogLevel::Warn);
  siting::test::TempDir dir;
  write_text(dir / "candidates.geojson", kCandidates);
  write_text(dir / "estates.geojson", estates_with("45"));
  jobs::InputOptions o;
  o.parcels = layer_at(io::Role::Parcels, dir / "estates.geojson");
  o.candidates = layer_at(io::Role::Candidates, dir / "candidates.geojson");
  const jobs::Inputs in = jobs::load_inputs(o);
  REQUIRE(in.candidates.size() == 2);
  const Candidate& v = in.candidates[0];
  CHECK(v.id == "V1");
  CHECK(v.name == "vacant lot");
  CHECK(v.location == Point{500100, 2520100});
  CHECK(v.capacity == 300.0);
  CHECK(v.floor_area_m2 == 600.0);
  CHECK(v.land_area_m2 == 900.0);
  CHECK(v.cost == 12.5);
  CHECK(v.fid >= 0);
  const Candidate& b = in.candidates[1];
  CHECK(b.id == "B2");
  CHECK_FALSE(b.capacity);
  CHECK_FALSE(b.cost);
  CHECK(b.location.x > 500000.0);  // a point inside the polygon
  CHECK(b.location.x < 500040.0);
  REQUIRE(in.estates.size() == 1);
  CHECK(in.estates[0].elderly == 45.0);
  // Listed last in summary.json's layers, after the parcels.
  REQUIRE(in.layers.size() == 2);
  CHECK(in.layers[1].role == "candidates");
  CHECK(in.layers[1].features == 2);

  std::string bad = kCandidates;
  bad.replace(bad.find("\"容量\": 300"), std::string("\"容量\": 300").size(), "\"容量\": -3");
  write_text(dir / "bad.geojson", bad);
  jobs::InputOptions ob = o;
  ob.candidates = layer_at(io::Role::Candidates, dir / "bad.geojson");
  CHECK_THROWS_WITH(jobs::load_inputs(ob), Contains("E105") && Contains("bad.geojson") && Contains("id=V1") &&
                                               Contains("field 容量"));
  write_text(dir / "estates.geojson", estates_with("4.5"));
  CHECK_THROWS_WITH(jobs::load_inputs(o), Contains("E105") && Contains("field 老年人口") &&
                                              Contains("whole number of elderly residents"));
  write_text(dir / "estates.geojson", estates_with("-1"));
  CHECK_THROWS_WITH(jobs::load_inputs(o), Contains("E105") && Contains("field 老年人口"));
  log::set_level(was);
}

TEST_CASE("study area: demand weights and capacities under the rule set, by hand", "[location][network]") {
  using siting::location::DemandWeight;
  const siting::rules::RuleSet rules = siting::rules::load_rules("guangdong");  // 20 m2 per 100 households, 2.62 persons
  // 300 m2 serves 300 / 20 x 100 = 1,500 households, 1,500 x 2.62 = 3,930 residents; elderly: not rated.
  CHECK(*siting::location::capacity_from_floor(300.0, rules, DemandWeight::Households) == Approx(1500.0));
  CHECK(*siting::location::capacity_from_floor(300.0, rules, DemandWeight::Residents) == Approx(3930.0));
  CHECK_FALSE(siting::location::capacity_from_floor(300.0, rules, DemandWeight::Elderly).has_value());

  siting::Facility with_floor, without_floor;
  with_floor.floor_area_m2 = 100.0;  // 500 households
  const auto caps = siting::location::facility_capacities({with_floor, without_floor}, rules, DemandWeight::Households);
  REQUIRE(caps.size() == 2);
  CHECK(*caps[0] == Approx(500.0));
  CHECK_FALSE(caps[1].has_value());  // no floor area: unlimited

  std::vector<siting::Candidate> cands(3);
  cands[0].capacity = 42.0;        // a capacity field stays
  cands[0].floor_area_m2 = 1000.0;
  cands[1].floor_area_m2 = 60.0;   // 300 households
  siting::location::fill_candidate_capacities(cands, rules, DemandWeight::Households);
  CHECK(*cands[0].capacity == 42.0);
  CHECK(*cands[1].capacity == Approx(300.0));
  CHECK_FALSE(cands[2].capacity.has_value());

  siting::Estate a, b;
  a.id = "A";
  a.households = 100;
  a.elderly = 30;
  b.id = "B";
  b.households = 50;
  CHECK(siting::location::demand_weights({a, b}, {262.0, 131.0}, DemandWeight::Households, "p") ==
        std::vector<double>{100.0, 50.0});
  CHECK(siting::location::demand_weights({a, b}, {262.0, 131.0}, DemandWeight::Residents, "p") ==
        std::vector<double>{262.0, 131.0});
  CHECK_THROWS_WITH(siting::location::demand_weights({a, b}, {262.0, 131.0}, DemandWeight::Elderly, "p.geojson"),
                    Catch::Matchers::Contains("parcel B has none"));
  CHECK(siting::location::demand_weights({a}, {262.0}, DemandWeight::Elderly, "p") == std::vector<double>{30.0});
}
