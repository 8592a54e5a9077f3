// SPDX-License-Identifier: Apache-2.0
// The location engine on hand-worked instances (costs in metres at 1 m/s, so a
// cost is also seconds; covering cutoff 600 unless said otherwise).
//
//  Two estates and three candidates on a line:
//
//    E1 (100 hh)    B         A         C    E2 (100 hh)
//    x=0            x=100     x=500     x=900 x=1000
//
//  A reaches both estates (500 each); B only E1 (100), C only E2 (100); B to E2
//  and C to E1 are 1000 and 950, beyond the cutoff.

#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>

#include "siting/error.hpp"
#include "siting/location/matrix_csv.hpp"
#include "siting/location/orlib.hpp"
#include "siting/location/solve.hpp"
#include "support.hpp"

using namespace siting;
using namespace siting::location;

namespace {

Site candidate(const std::string& id, std::optional<double> capacity = std::nullopt) {
  return Site{id, capacity, false, std::nullopt};
}
Site existing(const std::string& id) { return Site{id, std::nullopt, true, std::nullopt}; }

Problem line_of_estates() {
  return Problem({{"E1", 100}, {"E2", 100}}, {candidate("A"), candidate("B"), candidate("C")},
                 {{0, 0, 500}, {1, 0, 500}, {0, 1, 100}, {1, 1, 1000}, {0, 2, 950}, {1, 2, 100}});
}

std::vector<std::string> chosen_ids(const Problem& p, const Result& r) {
  std::vector<std::string> ids;
  for (const ChosenSite& c : r.chosen) ids.push_back(p.sites()[c.site].id);
  return ids;
}

std::vector<std::string> demand_ids(const Problem& p, const std::vector<Index>& list) {
  std::vector<std::string> ids;
  for (Index i : list) ids.push_back(p.demand()[i].id);
  return ids;
}

MclpOptions mclp(std::size_t k, double cutoff = 600) {
  MclpOptions o;
  o.k = k;
  o.cutoff = cutoff;
  return o;
}

void write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

}  // namespace

TEST_CASE("one site covering two estates beats two that cover one each", "[location]") {
  const Problem p = line_of_estates();
  const Result r = solve(p, mclp(1));
  CHECK(chosen_ids(p, r) == std::vector<std::string>{"A"});
  CHECK(r.objective == 200.0);
  CHECK(r.chosen[0].marginal == 200.0);
  CHECK(r.chosen[0].assigned == 200.0);
  CHECK(r.bound == 200.0);
  CHECK(r.gap == 0.0);
  CHECK(r.proven_optimal);
  // B and C each cover a subset of A's estates: dropped before optimising.
  CHECK(r.preprocessing.candidates_kept == 1);
  CHECK(r.preprocessing.candidates_dominated == 2);
  CHECK(r.preprocessing.demand_groups == 1);  // E1 and E2 both reach only A now: merged
  REQUIRE(r.assignment.size() == 2);
  CHECK(r.assignment[0].cost == 500.0);
  CHECK(r.covered_share == 1.0);

  // The fewest sites for the whole demand: one.
  PsclpOptions ps;
  ps.cutoff = 600;
  ps.target_share = 1.0;
  const Result q = solve(p, ps);
  CHECK(q.objective == 1.0);
  CHECK(chosen_ids(p, q) == std::vector<std::string>{"A"});
  CHECK(q.proven_optimal);

  // Under p-median A (100·500 + 100·500 = 100000) beats B (10000 + 100000) and
  // C (95000 + 10000) for one site; for two, B and C (10000 + 10000) win.
  PmedianOptions pm;
  pm.p = 1;
  const Result m1 = solve(p, pm);
  CHECK(chosen_ids(p, m1) == std::vector<std::string>{"A"});
  CHECK(m1.objective == 100000.0);
  pm.p = 2;
  const Result m2 = solve(p, pm);
  CHECK(m2.objective == 20000.0);
  CHECK(m2.proven_optimal);
  // Ranked from "no site" (every household at the unreached penalty 1 + 2 × 1000):
  // C alone costs 95000 + 10000, B alone 10000 + 100000, so C comes first.
  CHECK(chosen_ids(p, m2) == std::vector<std::string>{"C", "B"});
  CHECK(m2.chosen[0].marginal == 200 * 2001.0 - 105000.0);
  CHECK(m2.chosen[1].marginal == 85000.0);
}

TEST_CASE("a capacity forces a second site", "[location]") {
  // E1 (80 hh) and E2 (60 hh) both within reach of A (capacity 100); B reaches
  // only E2 (capacity 100).
  const Problem p({{"E1", 80}, {"E2", 60}}, {candidate("A", 100.0), candidate("B", 100.0)}, {{0, 0, 300}, {1, 0, 400}, {1, 1, 200}});
  Result one = solve(p, mclp(1));
  CHECK(chosen_ids(p, one) == std::vector<std::string>{"A"});
  CHECK(one.objective == 100.0);  // A is full: 40 households left out
  CHECK(one.bound == 100.0);
  CHECK(one.unassigned_weight == Approx(40.0));
  const Result two = solve(p, mclp(2));
  CHECK(two.objective == 140.0);
  CHECK(chosen_ids(p, two) == std::vector<std::string>{"A", "B"});
  CHECK(two.chosen[1].marginal == 40.0);

  // Without splitting, one site serves one estate: A takes E1 (80).
  MclpOptions single = mclp(1);
  single.single_assignment = true;
  const Result s1 = solve(p, single);
  CHECK(s1.objective == 80.0);
  REQUIRE(s1.assignment.size() == 1);
  CHECK(s1.assignment[0].share == 1.0);
  single.k = 2;
  CHECK(solve(p, single).objective == 140.0);

  // Ignoring capacities, A alone covers both.
  MclpOptions free = mclp(1);
  free.use_capacity = false;
  CHECK(solve(p, free).objective == 140.0);

  // Capacitated p-median with one site: A holds 100 of the 140, the rest costs
  // the unreached penalty (1 + 2 × 400 = 801 per household).
  PmedianOptions pm;
  pm.p = 1;
  const Result m = solve(p, pm);
  CHECK(chosen_ids(p, m) == std::vector<std::string>{"A"});
  CHECK(m.objective == Approx(80 * 300 + 20 * 400 + 40 * 801.0));
  CHECK(m.penalty == Approx(40 * 801.0));
}

TEST_CASE("demand that no candidate reaches is reported, not a bare infeasible", "[location]") {
  // E3 (50 hh) is 5 km away from everything.
  const Problem p({{"E1", 100}, {"E2", 100}, {"E3", 50}}, {candidate("A"), candidate("B"), candidate("C")},
                  {{0, 0, 500}, {1, 0, 500}, {0, 1, 100}, {1, 2, 100}, {2, 0, 5000}});
  const Result r = solve(p, mclp(1));
  CHECK(demand_ids(p, r.unreachable) == std::vector<std::string>{"E3"});
  CHECK(r.unreachable_weight == 50.0);
  CHECK(r.objective == 200.0);
  CHECK(r.covered_share == Approx(0.8));

  // 90 % of 250 cannot be reached: the answer says so, gives the largest share
  // (80 %) and the fewest sites reaching it.
  PsclpOptions ps;
  ps.cutoff = 600;
  ps.target_share = 0.9;
  const Result q = solve(p, ps);
  CHECK_FALSE(q.target_reachable);
  CHECK(q.max_share == Approx(0.8));
  CHECK(q.objective == 1.0);
  CHECK(demand_ids(p, q.unreachable) == std::vector<std::string>{"E3"});

  // p-median: E3 has an arc (5000 to A), so it is served by A, not left out.
  PmedianOptions pm;
  pm.p = 1;
  const Result m = solve(p, pm);
  CHECK(m.unreachable.empty());
  CHECK(m.objective == 100 * 500 + 100 * 500 + 50 * 5000.0);
}

TEST_CASE("existing facilities already cover their demand", "[location]") {
  // E1 (100) is within reach of the existing F; A covers E1 and E2 (50); B
  // covers E2 and E3 (60). Without F, A is best (150); with F, B (E1 is covered).
  std::vector<DemandPoint> demand{{"E1", 100}, {"E2", 50}, {"E3", 60}};
  std::vector<Arc> arcs{{0, 0, 300}, {1, 0, 400}, {1, 1, 300}, {2, 1, 200}, {0, 2, 100}};
  const Problem without(demand, {candidate("A"), candidate("B"), candidate("F")}, arcs);
  CHECK(chosen_ids(without, solve(without, mclp(1))) == std::vector<std::string>{"A"});
  const Problem with(demand, {candidate("A"), candidate("B"), existing("F")}, arcs);
  const Result r = solve(with, mclp(1));
  CHECK(chosen_ids(with, r) == std::vector<std::string>{"B"});
  CHECK(r.objective == 210.0);
  CHECK(r.preprocessing.weight_by_existing == 100.0);
  CHECK(r.tradeoff.front().new_sites == 0);
  CHECK(r.tradeoff.front().objective == 100.0);  // before any choice
  bool f_open = false;
  for (const SiteLoad& l : r.load)
    if (with.sites()[l.site].id == "F") f_open = l.assigned == 100.0;
  CHECK(f_open);
}

TEST_CASE("the MIP solver proves the heuristic's answers on small cases", "[location]") {
  // A ring: demand point d_i reaches s_i (cost 0) and s_(i+1) (cost 100), so each
  // site covers two neighbours; three sites cover six of twelve.
  std::vector<DemandPoint> demand;
  std::vector<Site> sites;
  std::vector<Arc> arcs;
  for (Index i = 0; i < 12; ++i) {
    demand.push_back({"d" + std::to_string(i), 1});
    sites.push_back(candidate("s" + std::to_string(i)));
  }
  for (Index i = 0; i < 12; ++i)
    for (Index d = 0; d < 2; ++d) arcs.push_back({i, (i + d) % 12, 100.0 * d});
  const Problem ring(demand, sites, arcs);
  MclpOptions o = mclp(3, 150);
  o.bound.method = BoundMethod::None;  // leave the proof to Cbc
  o.exact.enabled = true;
  o.exact.time_limit_s = 30;
  const Result r = solve(ring, o);
  CHECK(r.exact_run);
  CHECK(r.exact_status == "optimal");
  CHECK(r.objective == 6.0);
  CHECK(r.bound == Approx(6.0));
  CHECK(r.proven_optimal);

  const Problem p = line_of_estates();
  PmedianOptions pm;
  pm.p = 1;
  pm.exact.enabled = true;
  pm.bound.method = BoundMethod::None;
  const Result m = solve(p, pm);
  CHECK(m.exact_run);
  CHECK(m.exact_status == "optimal");
  CHECK(m.objective == 100000.0);
  CHECK(m.bound == Approx(100000.0));
  CHECK(m.proven_optimal);
}

TEST_CASE("the same input gives the same sites", "[location]") {
  // A ring of 12 demand points and 12 candidates, all ties by construction.
  std::vector<DemandPoint> demand;
  std::vector<Site> sites;
  std::vector<Arc> arcs;
  for (Index i = 0; i < 12; ++i) {
    demand.push_back({"d" + std::to_string(i), 1});
    sites.push_back(candidate("s" + std::to_string(i)));
  }
  for (Index i = 0; i < 12; ++i)
    for (Index d = 0; d < 2; ++d) arcs.push_back({i, (i + d) % 12, 100.0 * d});
  const Problem p(demand, sites, arcs);
  const Result a = solve(p, mclp(3, 150));
  const Result b = solve(p, mclp(3, 150));
  CHECK(chosen_ids(p, a) == chosen_ids(p, b));
  CHECK(a.objective == 6.0);
  // Every site covers two: s0 first (ties to the smaller index), then the first
  // that still adds two.
  CHECK(chosen_ids(p, a) == std::vector<std::string>{"s0", "s2", "s4"});
  CHECK(a.proven_optimal);
}

TEST_CASE("bad location input gets a clear error", "[location]") {
  using Catch::Matchers::Contains;
  CHECK_THROWS_WITH(Problem({{"D", -1}}, {candidate("S")}, {}), Contains("demand id=D") && Contains("weight"));
  CHECK_THROWS_WITH(Problem({{"D", NAN}}, {candidate("S")}, {}), Contains("not a finite number"));
  CHECK_THROWS_WITH(Problem({{"D", 1}, {"D", 2}}, {candidate("S")}, {}), Contains("duplicate demand id D"));
  CHECK_THROWS_WITH(Problem({{"D", 1}}, {candidate("S"), candidate("S")}, {}), Contains("duplicate site id S"));
  CHECK_THROWS_WITH(Problem({{"D", 1}}, {candidate("S")}, {{0, 0, -5}}), Contains("site S") && Contains("cost -5"));
  CHECK_THROWS_WITH(Problem({{"D", 1}}, {candidate("S")}, {{0, 0, INFINITY}}), Contains("not a finite number"));
  CHECK_THROWS_WITH(Problem({{"D", 1}}, {candidate("S")}, {{0, 0, 1}, {0, 0, 2}}), Contains("appears twice"));
  CHECK_THROWS_WITH(Problem({{"D", 1}}, {candidate("S")}, {{0, 3, 1}}), Contains("out of range"));

  const Problem p = line_of_estates();
  try {
    solve(p, mclp(4));
    FAIL("k = 4 of 3 candidates accepted");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::BadValue);
    CHECK_THAT(e.what(), Contains("k = 4 is outside 1..3"));
  }
  CHECK_THROWS_WITH(solve(p, mclp(1, -1)), Contains("cutoff"));
  CHECK_THROWS_WITH(solve(p, MclpOptions{}), Contains("cutoff"));  // no cutoff given
  PsclpOptions ps;
  ps.cutoff = 600;
  for (double share : {0.0, -0.5, 1.5, static_cast<double>(NAN)}) {
    ps.target_share = share;
    CHECK_THROWS_WITH(solve(p, ps), Contains("target share must be in (0, 1]"));
  }
  const Problem only_existing({{"D", 1}}, {existing("F")}, {{0, 0, 1}});
  CHECK_THROWS_WITH(solve(only_existing, mclp(1)), Contains("no candidate sites"));
  PmedianOptions pm;
  pm.p = 0;
  CHECK_THROWS_WITH(solve(p, pm), Contains("p = 0 is outside 1..3"));
}

TEST_CASE("matrix-mode CSV files are read and checked line by line", "[location]") {
  using Catch::Matchers::Contains;
  test::TempDir dir;
  write(dir / "od.csv", "demand_id,site_id,cost\nE1,A,500\r\nE2,A,500\n\nE1,B,100\n\"E2\",C,100\n");
  write(dir / "demand.csv", "\xEF\xBB\xBFid,Weight\nE1,100\nE2,100\nE3,5\n");
  write(dir / "sites.csv", "id,capacity,fixed,cost\nA,,0,\nB,150,,12.5\nC,,1,\n");
  const Problem p = read_matrix({dir / "od.csv", dir / "demand.csv", dir / "sites.csv"});
  CHECK(p.demand().size() == 3);
  CHECK(p.arc_count() == 4);
  CHECK(p.candidate_count() == 2);
  CHECK(p.sites()[2].fixed);
  CHECK(*p.sites()[1].capacity == 150.0);
  CHECK(*p.sites()[1].cost == 12.5);
  CHECK(p.sites_of(*p.find_demand("E2")).size() == 2);
  CHECK(p.demand_of(*p.find_site("A")).size() == 2);

  // Without demand and sites files: every id of the OD table, weight 1, all candidates.
  const Problem bare = read_matrix({dir / "od.csv", "", ""});
  CHECK(bare.total_weight() == 2.0);
  CHECK(bare.candidate_count() == 3);

  auto error_of = [&](const std::string& od, const std::string& demand, const std::string& sites) {
    write(dir / "x_od.csv", od);
    write(dir / "x_demand.csv", demand);
    write(dir / "x_sites.csv", sites);
    try {
      read_matrix({dir / "x_od.csv", dir / "x_demand.csv", dir / "x_sites.csv"});
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::string demand = "id,weight\nE1,1\n", sites = "id\nA\n";
  CHECK_THAT(error_of("demand_id,site_id,cost\nE1,A,1\nE9,A,2\n", demand, sites),
             Contains("x_od.csv") && Contains("line 3") && Contains("field demand_id") && Contains("unknown id 'E9'"));
  CHECK_THAT(error_of("demand_id,site_id,cost\nE1,Z,1\n", demand, sites),
             Contains("line 2") && Contains("field site_id") && Contains("unknown id 'Z'"));
  CHECK_THAT(error_of("demand_id,site_id,cost\nE1,A,-3\n", demand, sites),
             Contains("line 2") && Contains("field cost") && Contains("'-3' is not a finite number >= 0"));
  CHECK_THAT(error_of("demand_id,site_id,cost\nE1,A,inf\n", demand, sites), Contains("field cost"));
  CHECK_THAT(error_of("demand_id,site_id,cost\nE1,A,abc\n", demand, sites), Contains("'abc' is not a number"));
  CHECK_THAT(error_of("demand_id,site_id,cost\nE1,A,1\nE1,A,2\n", demand, sites),
             Contains("line 3") && Contains("appears twice (first on line 2)"));
  CHECK_THAT(error_of("demand_id,site_id\nE1,A\n", demand, sites), Contains("column 'cost' is missing"));
  CHECK_THAT(error_of("demand_id,site_id,cost\n", "id,weight\nE1,1\nE1,2\n", sites),
             Contains("x_demand.csv") && Contains("line 3") && Contains("duplicate demand id E1 (first on line 2)"));
  CHECK_THAT(error_of("demand_id,site_id,cost\n", "id,weight\nE1,NaN\n", sites),
             Contains("line 2") && Contains("field weight"));
  CHECK_THAT(error_of("demand_id,site_id,cost\n", "id,weight\nE1,\n", sites), Contains("value is missing"));
  CHECK_THAT(error_of("demand_id,site_id,cost\n", demand, "id,fixed\nA,2\n"),
             Contains("x_sites.csv") && Contains("field fixed") && Contains("'2' is not 0 or 1"));
  CHECK_THAT(error_of("demand_id,site_id,cost\n", demand, "id,capacity\nA,-1\n"), Contains("field capacity"));
  try {
    read_matrix({dir / "missing.csv", "", ""});
    FAIL("a missing file was read");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::OpenFailed);
  }
}

TEST_CASE("OR-Library p-median files: shortest paths, the last of a repeated edge counts", "[location]") {
  // 1 --10-- 2 --10-- 3 --10-- 4, and the edge 1-2 listed again with cost 5.
  test::TempDir dir;
  write(dir / "tiny.txt", " 4 4 1\n 1 2 10\n 2 3 10\n 3 4 10\n 2 1 5\n");
  const PmedInstance inst = read_orlib_pmedian(dir / "tiny.txt");
  CHECK(inst.p == 1);
  CHECK(inst.vertices == 4);
  CHECK(inst.distinct_edges == 3);
  CHECK(inst.problem.arc_count() == 16);
  const auto from1 = inst.problem.sites_of(0);
  CHECK(from1.begin()[3].cost == 25.0);  // 5 + 10 + 10
  PmedianOptions o;
  o.p = 1;
  const Result r = solve(inst.problem, o);
  CHECK(r.objective == 35.0);  // vertex 2: 5 + 0 + 10 + 20 (vertex 3 ties at 35; the smaller wins)
  CHECK(inst.problem.sites()[r.chosen[0].site].id == "2");
  CHECK(r.proven_optimal);

  write(dir / "bad.txt", "4 2 1\n1 2 10\n1 x 3\n");
  CHECK_THROWS_WITH(read_orlib_pmedian(dir / "bad.txt"),
                    Catch::Matchers::Contains("bad.txt") && Catch::Matchers::Contains("line 3"));
}

TEST_CASE("OR-Library pmed1 reaches its published optimum 5819", "[location][orlib]") {
  // The OR-Library files may not be committed; $ORLIB_DIR points at a copy. Without
  // it this test is skipped with a warning (also under CI, see docs/siting.md).
  const char* env = std::getenv("ORLIB_DIR");
  const std::string dir = env ? env : std::string(SITING_SOURCE_DIR) + "/../shared/orlib";
  if (!test::exists(dir + "/pmed1.txt")) {
    WARN("OR-Library test did NOT run: " << dir << "/pmed1.txt is missing (set ORLIB_DIR)");
    return;
  }
  const PmedInstance inst = read_orlib_pmedian(dir + "/pmed1.txt");
  CHECK(inst.vertices == 100);
  CHECK(inst.p == 5);
  PmedianOptions o;
  o.p = inst.p;
  const Result r = solve(inst.problem, o);
  CHECK(r.objective == 5819.0);
  CHECK(r.proven_optimal);
}
