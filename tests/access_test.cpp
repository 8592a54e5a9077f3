// SPDX-License-Identifier: Apache-2.0
// Capacity-aware access (2SFCA / E2SFCA): hand-worked on an ASCII-map network
// at 1 m/s (100 m is 100 s), bad input, and `siting access` on the hand-worked
// coverage fixture and on the sample district.

#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "ascii_map.hpp"
#include "siting/access/access.hpp"
#include "siting/location/network.hpp"
#include "support.hpp"

using namespace siting;
using namespace siting::access;
using siting::test::AsciiMap;
using siting::test::estate;
using siting::test::facility;
using Catch::Matchers::Contains;
using json = nlohmann::json;

namespace {

// The normalised Gaussian of Dai (2010) at t seconds for a catchment of d0,
// written out again here so the test does not lean on the code it checks.
double gaussian(double t, double d0) {
  return (std::exp(-t * t / (2.0 * d0 * d0)) - std::exp(-0.5)) / (1.0 - std::exp(-0.5));
}

Approx near(double v) { return Approx(v).epsilon(1e-12).margin(1e-15); }

// One character = one line = 25 m; 1 m/s; catchment 10 min = 600 s.
// Parcels entered by the street (the walk ends where the street enters them):
//   E1 (PQRS) x 100-150, 100 households    E2 (TUVW) x 500-550, 200
//   E3 (KLMN) x 900-950, 300               E4 (CDHG) x 1500-1550, 50
// Facilities: f at x 300 (supply 60), g at x 800 (supply 90), k on the island
// street X-Y (supply 30), which no parcel reaches.
// Walks (s):  f: E1 300-150 = 150, E2 500-300 = 200, E3 900-300 = 600 (the
//                catchment exactly: inside, the bound is inclusive), E4 1200 (out)
//             g: E1 800-150 = 650 (out), E2 800-550 = 250, E3 900-800 = 100,
//                E4 1500-800 = 700 (out)
//             k: none.  E4 reaches no facility.
const char* kMap = R"(
    P.Q             T.U             K.L                     C.D
A---+-+-----f-------+-+---------g---+-+---------------------+-+-----B
    S.R             W.V             N.M                     G.H


                                            X---k---Y
)";

struct Scenario {
  AsciiMap map{kMap, 25, 'A'};
  network::WalkGraph graph = network::WalkGraph::Build(map.roads({"AB", "XY"}));
  network::SegmentIndex index{graph};
  std::vector<Estate> parcels{estate("E1", map.parcel("PQRS"), 100), estate("E2", map.parcel("TUVW"), 200),
                              estate("E3", map.parcel("KLMN"), 300), estate("E4", map.parcel("CDHG"), 50)};
  std::vector<Facility> facilities{facility("f", map['f']), facility("g", map['g']), facility("k", map['k'])};
  location::NetworkProblem np = build();

  location::NetworkProblem build() const {
    location::NetworkProblemOptions o;
    o.walk.minutes = {10};
    o.walk.speed_m_per_s = 1.0;
    o.threads = 1;
    std::vector<double> w;
    for (const Estate& e : parcels) w.push_back(e.households);
    return location::build_network_problem(graph, index, parcels, w, facilities, {}, {}, o);
  }
};

AccessOptions with(Decay decay) {
  AccessOptions o;
  o.decay = decay;
  o.catchment_s = 600.0;
  o.steps = {{200.0, 1.0}, {400.0, 0.68}, {600.0, 0.22}};  // thirds of the catchment, Luo & Qi's weights
  return o;
}

}  // namespace

TEST_CASE("2SFCA by hand on a drawn network", "[access]") {
  const Scenario s;
  REQUIRE(s.np.cutoff_s == 600.0);
  const AccessResult r = compute_access(s.np.problem, {60.0, 90.0, 30.0}, with(Decay::None));
  REQUIRE(r.facilities.size() == 3);
  REQUIRE(r.parcels.size() == 4);
  // Step 1. f: D = 100 + 200 + 300 = 600, R = 60 / 600 = 0.1.
  //         g: D = 200 + 300 = 500, R = 90 / 500 = 0.18.
  //         k: no parcel, D = 0: R not computable (unset, never inf or NaN).
  CHECK(r.facilities[0].parcels == 3);
  CHECK(r.facilities[0].demand == 600.0);
  CHECK(*r.facilities[0].ratio == near(0.1));
  CHECK(r.facilities[1].parcels == 2);
  CHECK(r.facilities[1].demand == 500.0);
  CHECK(*r.facilities[1].ratio == near(0.18));
  CHECK(r.facilities[2].parcels == 0);
  CHECK(r.facilities[2].demand == 0.0);
  CHECK_FALSE(r.facilities[2].ratio.has_value());
  CHECK(r.facilities_without_demand == 1);
  // Step 2. E1 = R_f = 0.1; E2 = E3 = R_f + R_g = 0.28; E4 reaches none: 0.
  CHECK(r.parcels[0].access == near(0.1));
  CHECK(r.parcels[1].access == near(0.28));
  CHECK(r.parcels[2].access == near(0.28));
  CHECK(r.parcels[3].access == 0.0);
  CHECK(r.parcels[0].facilities == 1);
  CHECK(r.parcels[2].facilities == 2);  // f at exactly 600 s counts
  CHECK(r.parcels[3].facilities == 0);
  // Totals. Supply 180, of which f's and g's 150 reach demand; demand 650.
  // Mean = (100 x 0.1 + 200 x 0.28 + 300 x 0.28 + 50 x 0) / 650 = 150 / 650:
  // the supply reaching demand over the demand (supply is conserved).
  CHECK(r.total_supply == 180.0);
  CHECK(r.supply_reaching_demand == 150.0);
  CHECK(r.total_demand == 650.0);
  CHECK(r.mean_access == near(150.0 / 650.0));
  CHECK(r.parcels_without_access == 1);
  CHECK(r.demand_without_access == 50.0);
  CHECK(*r.share_without_access == near(50.0 / 650.0));
  // Ratio to the mean: E1 0.1 / (150/650) = 65/150; E2 0.28 x 650/150 = 182/150.
  CHECK(*r.parcels[0].ratio_to_mean == near(65.0 / 150.0));
  CHECK(*r.parcels[1].ratio_to_mean == near(182.0 / 150.0));
  CHECK(*r.parcels[3].ratio_to_mean == 0.0);

  SECTION("9 minutes: E3 falls out of f's catchment (600 s > 540 s)") {
    AccessOptions o = with(Decay::None);
    o.catchment_s = 540.0;
    const AccessResult n = compute_access(s.np.problem, {60.0, 90.0, 30.0}, o);
    // f: D = 300, R = 0.2; g: D = 500, R = 0.18. E3 = 0.18 only.
    CHECK(n.facilities[0].demand == 300.0);
    CHECK(n.parcels[2].access == near(0.18));
    CHECK(n.parcels[2].facilities == 1);
  }
  SECTION("zero supply is allowed: a facility with nothing to give adds nothing") {
    const AccessResult z = compute_access(s.np.problem, {0.0, 90.0, 30.0}, with(Decay::None));
    CHECK(*z.facilities[0].ratio == 0.0);
    CHECK(z.parcels[0].access == 0.0);  // E1 reaches f only
    CHECK(z.parcels_without_access == 2);
    CHECK(z.mean_access == near(90.0 / 650.0));
  }
}

TEST_CASE("E2SFCA with step weights by hand", "[access]") {
  const Scenario s;
  const AccessResult r = compute_access(s.np.problem, {60.0, 90.0, 30.0}, with(Decay::Steps));
  // Bands (s): [0, 200] 1, (200, 400] 0.68, (400, 600] 0.22; upper bounds inclusive.
  // f: E1 150 -> 1, E2 200 -> 1 (on the bound), E3 600 -> 0.22.
  //    D = 100 + 200 + 0.22 x 300 = 366, R = 60 / 366.
  // g: E2 250 -> 0.68, E3 100 -> 1. D = 0.68 x 200 + 300 = 436, R = 90 / 436.
  CHECK(r.facilities[0].demand == near(366.0));
  CHECK(*r.facilities[0].ratio == near(60.0 / 366.0));
  CHECK(r.facilities[1].demand == near(436.0));
  CHECK(*r.facilities[1].ratio == near(90.0 / 436.0));
  CHECK_FALSE(r.facilities[2].ratio.has_value());
  // E1 = 1 x 60/366 = 0.16393...; E2 = 60/366 + 0.68 x 90/436 = 0.30430...;
  // E3 = 0.22 x 60/366 + 90/436 = 0.24248...; E4 = 0.
  CHECK(r.parcels[0].access == near(60.0 / 366.0));
  CHECK(r.parcels[1].access == near(60.0 / 366.0 + 0.68 * 90.0 / 436.0));
  CHECK(r.parcels[2].access == near(0.22 * 60.0 / 366.0 + 90.0 / 436.0));
  CHECK(r.parcels[1].access == Approx(0.3043013987));
  CHECK(r.parcels[3].access == 0.0);
  // Conserved again: 100 x 0.16393 + 200 x 0.30430 + 300 x 0.24249 = 150.
  CHECK(r.mean_access == near(150.0 / 650.0));
}

TEST_CASE("E2SFCA with the Gaussian decay by hand", "[access]") {
  const Scenario s;
  const AccessResult r = compute_access(s.np.problem, {60.0, 90.0, 30.0}, with(Decay::Gaussian));
  // W(t) = (exp(-t^2 / (2 x 600^2)) - exp(-1/2)) / (1 - exp(-1/2)), exp(-1/2) = 0.60653066:
  //   W(100) = (0.98620712 - 0.60653066) / 0.39346934 = 0.96494547
  //   W(150) = (0.96923323 - 0.60653066) / 0.39346934 = 0.92180645
  //   W(200) = (0.94595947 - 0.60653066) / 0.39346934 = 0.86265631
  //   W(250) = (0.91685536 - 0.60653066) / 0.39346934 = 0.78868838
  //   W(600) = 0: E3 is in f's catchment but adds no demand there.
  CHECK(gaussian(150, 600) == Approx(0.92180645));
  CHECK(gaussian(600, 600) == Approx(0.0).margin(1e-15));
  // f: D = 0.92180645 x 100 + 0.86265631 x 200 + 0 x 300 = 264.71191, R = 60 / D = 0.22666151.
  // g: D = 0.78868838 x 200 + 0.96494547 x 300 = 447.22132, R = 90 / D = 0.20124264.
  const double df = gaussian(150, 600) * 100 + gaussian(200, 600) * 200;
  const double dg = gaussian(250, 600) * 200 + gaussian(100, 600) * 300;
  CHECK(df == Approx(264.71191));
  CHECK(dg == Approx(447.22132));
  CHECK(r.facilities[0].demand == near(df));
  CHECK(r.facilities[0].parcels == 3);
  CHECK(r.facilities[1].demand == near(dg));
  CHECK(*r.facilities[0].ratio == near(60.0 / df));
  CHECK(*r.facilities[1].ratio == near(90.0 / dg));
  // E1 = 0.92180645 x 0.22666151 = 0.20893804
  // E2 = 0.86265631 x 0.22666151 + 0.78868838 x 0.20124264 = 0.35424871
  // E3 = 0 x 0.22666151 + 0.96494547 x 0.20124264 = 0.19418818
  CHECK(r.parcels[0].access == Approx(0.20893804));
  CHECK(r.parcels[1].access == Approx(0.35424871));
  CHECK(r.parcels[2].access == Approx(0.19418818));
  CHECK(r.parcels[0].access == near(gaussian(150, 600) * 60.0 / df));
  CHECK(r.parcels[3].access == 0.0);
  CHECK(r.mean_access == near(150.0 / 650.0));
}

TEST_CASE("access: bad supply and options are refused with the documented error", "[access]") {
  const Scenario s;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const auto& p = s.np.problem;
  CHECK_THROWS_WITH(compute_access(p, {60.0, -1.0, 30.0}, with(Decay::None)),
                    Contains("E105") && Contains("supply of facility g") && Contains("got -1"));
  CHECK_THROWS_WITH(compute_access(p, {nan, 1.0, 30.0}, with(Decay::None)),
                    Contains("E105") && Contains("facility f") && Contains("got nan"));
  CHECK_THROWS_WITH(compute_access(p, {1.0, 1.0, inf}, with(Decay::None)),
                    Contains("E105") && Contains("facility k"));
  CHECK_THROWS_WITH(compute_access(p, {1.0, 1.0}, with(Decay::None)),
                    Contains("E105") && Contains("3 facilities, 2 supplies"));

  auto refused = [&](AccessOptions o, const std::string& words) {
    INFO(words);
    CHECK_THROWS_WITH(compute_access(p, {1.0, 1.0, 1.0}, o), Contains("E001") && Contains(words));
  };
  AccessOptions o = with(Decay::None);
  o.catchment_s = 0.0;
  refused(o, "the catchment (--minutes) must be in (0, 180] min, got 0");
  o.catchment_s = 181 * 60.0;
  refused(o, "got 181");
  o.catchment_s = nan;
  refused(o, "got nan");
  o = with(Decay::Steps);
  o.steps = {{200.0, 1.0}, {400.0, 1.2}, {600.0, 0.2}};  // a weight above 1
  refused(o, "--steps must be 1 to 10 bands");
  o.steps = {{200.0, 0.5}, {400.0, 0.68}, {600.0, 0.2}};  // weights rising: no decay
  refused(o, "non-increasing; got 3.33");
  o.steps = {{400.0, 1.0}, {200.0, 0.5}, {600.0, 0.2}};  // bounds out of order
  refused(o, "--steps");
  o.steps = {{200.0, 1.0}, {500.0, 0.5}};  // stops short of the catchment
  refused(o, "up to the catchment (10 min");
  o.steps = {{200.0, 1.0}, {400.0, 0.0}, {600.0, 0.0}};  // zero weight: the band would be outside the catchment
  refused(o, "--steps");
  o.steps.clear();
  refused(o, "got none");
  o.steps.assign(11, {600.0, 1.0});
  refused(o, "--steps");
  // The steps are not looked at without --decay steps.
  o.decay = Decay::Gaussian;
  CHECK_NOTHROW(compute_access(p, {1.0, 1.0, 1.0}, o));
}

TEST_CASE("access: no demand at all gives no mean, never NaN", "[access]") {
  // Demand points of weight 0 within reach: every ratio undefined, every access 0.
  location::Problem p({{"a", 0.0}, {"b", 0.0}}, {{"s", std::nullopt, true, std::nullopt}},
                      {{0, 0, 10.0}, {1, 0, 20.0}});
  const AccessResult r = compute_access(p, {5.0}, with(Decay::None));
  CHECK_FALSE(r.facilities[0].ratio.has_value());
  CHECK(r.parcels[0].access == 0.0);
  CHECK(r.mean_access == 0.0);
  CHECK_FALSE(r.share_without_access.has_value());
  CHECK_FALSE(r.parcels[0].ratio_to_mean.has_value());
}

namespace {

using siting::test::Csv;
using siting::test::read_csv;
using siting::test::run_siting;
using siting::test::source;
using siting::test::TempDir;

const std::string kFixture = "tests/fixtures/coverage/";

std::vector<std::string> fixture_args(const std::string& out, const std::string& decay) {
  return {"access",     "--parcels", source(kFixture + "parcels.geojson"), "--facilities",
          source(kFixture + "facilities.geojson"), "--roads", source(kFixture + "roads.geojson"), "--speed", "1",
          "--minutes",  "10", "--decay", decay, "--out", out};
}

double num(const Csv& csv, const std::string& id, const std::string& column) {
  return std::stod(csv.row("id", id).at(column));
}

}  // namespace

TEST_CASE("siting access on the hand-worked coverage fixture", "[access][cli]") {
  // tests/fixtures/coverage/README.md: at 1 m/s, F1 (300 m2) reaches P1 in
  // 130 s, P2 in 430 s, P4 in 470 s, P3 at 930 s is beyond 10 min; F2 (100 m2)
  // on the island reaches P5 (50 households) in 10 s. Households 100, 200, 300,
  // 400, 50.
  TempDir tmp;
  const std::string unit = "floor_area_m2_per_1000_households";
  SECTION("2SFCA") {
    const auto r = run_siting(fixture_args(tmp / "out", "none"));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(siting::test::list_dir(tmp / "out") ==
          std::vector<std::string>{".siting-manifest.json", "access.csv", "access.geojson", "facilities_access.csv",
                                   "summary.json"});
    // F1: D = 100 + 200 + 400 = 700, R = 300 / 700 m2 per household = 428.571... per 1,000.
    // F2: D = 50, R = 100 / 50 = 2 m2 per household = 2000 per 1,000.
    const Csv f = read_csv(tmp / "out/facilities_access.csv");
    CHECK(num(f, "F1", "demand_in_catchment_households") == 700.0);
    CHECK(num(f, "F1", "parcels_in_catchment") == 3.0);
    CHECK(num(f, "F1", unit) == near(300.0 / 700.0 * 1000.0));
    CHECK(num(f, "F2", unit) == near(2000.0));
    const Csv a = read_csv(tmp / "out/access.csv");
    CHECK(num(a, "P1", "access_" + unit) == near(300.0 / 700.0 * 1000.0));
    CHECK(num(a, "P4", "access_" + unit) == near(300.0 / 700.0 * 1000.0));
    CHECK(num(a, "P5", "access_" + unit) == near(2000.0));
    CHECK(num(a, "P3", "access_" + unit) == 0.0);
    CHECK(a.row("id", "P3").at("no_access") == "true");
    CHECK(a.row("id", "P3").at("facilities_in_catchment") == "0");
    // Mean = (300 + 100) / 1050 per household = 380.95 per 1,000; P5 = 2000 / 380.95 = 5.25.
    CHECK(a.row("id", "P5").at("access_ratio_to_mean") == "5.2500");
    const json summary = json::parse(siting::test::read_file(tmp / "out/summary.json"));
    const json& acc = summary.at("access");
    CHECK(acc.at("method") == "2SFCA");
    CHECK(acc.at("ratio_unit") == unit);
    CHECK(acc.at("mean_access").get<double>() == near(400.0 / 1050.0 * 1000.0));
    CHECK(acc.at("share_without_access").get<double>() == near(300.0 / 1050.0));
    CHECK(acc.at("total_supply").get<double>() == 400.0);
    CHECK_THAT(r.out, Contains("mean access 380.9524 " + unit));
    CHECK_THAT(r.out, Contains("28.6% of households reach no supply (1 of 5 parcels)"));
  }
  SECTION("steps: 0-200 s 1, to 400 s 0.68, to 600 s 0.22 (the default thirds)") {
    const auto r = run_siting(fixture_args(tmp / "out", "steps"));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    // F1: P1 130 s -> 1, P2 430 s -> 0.22, P4 470 s -> 0.22: D = 100 + 44 + 88 = 232.
    const Csv f = read_csv(tmp / "out/facilities_access.csv");
    CHECK(num(f, "F1", "demand_in_catchment_households") == near(232.0));
    const Csv a = read_csv(tmp / "out/access.csv");
    CHECK(num(a, "P1", "access_" + unit) == near(300.0 / 232.0 * 1000.0));
    CHECK(num(a, "P2", "access_" + unit) == near(0.22 * 300.0 / 232.0 * 1000.0));
  }
  SECTION("steps given, and the catchment taken from them") {
    std::vector<std::string> args = fixture_args(tmp / "out", "steps");
    args.erase(args.begin() + 9, args.begin() + 11);  // no --minutes
    args.insert(args.end(), {"--steps", "3:1,8:0.5"});
    const auto r = run_siting(args);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    // 8 min = 480 s: F1 P1 130 s (<= 180) -> 1, P2 430 -> 0.5, P4 470 -> 0.5: D = 100 + 100 + 200 = 400.
    const Csv f = read_csv(tmp / "out/facilities_access.csv");
    CHECK(num(f, "F1", "demand_in_catchment_households") == near(400.0));
    CHECK_THAT(r.out, Contains("E2SFCA (decay steps 3:1,8:0.5), catchment 8 min at 1 m/s"));
  }
  SECTION("options from a TOML file (--config), as for the other commands") {
    {
      std::ofstream toml(tmp / "run.toml");
      toml << "[access]\nparcels = \"" << source(kFixture + "parcels.geojson") << "\"\nfacilities = \""
           << source(kFixture + "facilities.geojson") << "\"\nroads = \"" << source(kFixture + "roads.geojson")
           << "\"\nspeed = 1\ndecay = \"steps\"\nsteps = \"3:1,8:0.5\"\nout = \"" << tmp / "out" << "\"\n";
    }
    const auto r = run_siting({"--config", tmp / "run.toml", "access"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    // As above: 8 min, D = 100 + 0.5 x 200 + 0.5 x 400 = 400, R = 300 / 400 = 750 per 1,000.
    const Csv f = read_csv(tmp / "out/facilities_access.csv");
    CHECK(num(f, "F1", unit) == near(750.0));
  }
  SECTION("gaussian") {
    const auto r = run_siting(fixture_args(tmp / "out", "gaussian"));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    // F1: D = W(130) x 100 + W(430) x 200 + W(470) x 400
    //       = 0.94104015 x 100 + 0.42439888 x 200 + 0.32852115 x 400 = 310.39225.
    // F2: W(10) = 0.99964704, D = 49.98235; P5 = W(10) x 100 / (W(10) x 50) = 2 per household.
    const double d = gaussian(130, 600) * 100 + gaussian(430, 600) * 200 + gaussian(470, 600) * 400;
    CHECK(d == Approx(310.39225));
    const Csv f = read_csv(tmp / "out/facilities_access.csv");
    CHECK(num(f, "F1", "demand_in_catchment_households") == near(d));
    const Csv a = read_csv(tmp / "out/access.csv");
    CHECK(num(a, "P2", "access_" + unit) == near(gaussian(430, 600) * 300.0 / d * 1000.0));
    CHECK(num(a, "P5", "access_" + unit) == near(2000.0));
  }
  SECTION("bad options") {
    std::vector<std::string> args = fixture_args(tmp / "out", "none");
    args.insert(args.end(), {"--steps", "5:1,10:0.5"});
    auto r = run_siting(args);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Contains("E001") && Contains("--steps is for --decay steps"));
    args = fixture_args(tmp / "out", "steps");
    args.insert(args.end(), {"--steps", "5:1,12:0.5"});
    r = run_siting(args);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Contains("up to the catchment (10 min"));
    args = fixture_args(tmp / "out", "steps");
    args.insert(args.end(), {"--steps", "5:1;10:0.5"});
    r = run_siting(args);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Contains("--steps expects MINUTES:WEIGHT"));
    args = fixture_args(tmp / "out", "none");
    args[10] = "0";
    r = run_siting(args);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Contains("--minutes must be in (0, 180] min, got 0"));
    args = fixture_args(tmp / "out", "none");
    args.insert(args.end(), {"--demand", "elderly"});
    r = run_siting(args);
    // The fixture's parcels have no elderly field: the reader names it.
    CHECK(r.exit_code == siting::exit_code(ErrorCode::MissingField));
    CHECK_THAT(r.err, Contains("E104") && Contains("elderly"));
    CHECK_FALSE(siting::test::exists(tmp / "out/access.csv"));
    // The rule set's demand.elderly_share derives them instead: every parcel's
    // elderly are its residents x 0.2, so its access per 1,000 elderly is its
    // access per 1,000 residents / 0.2.
    args.insert(args.end(), {"--set", "demand.elderly_share=0.2"});
    r = run_siting(args);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    args = fixture_args(tmp / "residents", "none");
    args.insert(args.end(), {"--demand", "residents"});
    REQUIRE(run_siting(args).exit_code == 0);
    const Csv by_elderly = read_csv(tmp / "out/access.csv");
    const Csv by_residents = read_csv(tmp / "residents/access.csv");
    for (const char* id : {"P1", "P2", "P4", "P5"})
      CHECK(num(by_elderly, id, "access_floor_area_m2_per_1000_elderly") ==
            Approx(num(by_residents, id, "access_floor_area_m2_per_1000_residents") / 0.2));
  }
}

TEST_CASE("siting access on the sample district", "[access][cli]") {
  // Floor area for households, 2SFCA, 15 minutes at 0.9 m/s (guangdong). The
  // checks do not trust the access code: the catchments are those of `siting
  // coverage` (a parcel has no access exactly when coverage finds no facility
  // within the circle; every facility has floor area), and supply is conserved
  // (demand x mean access = floor area of the facilities that reach demand).
  TempDir tmp;
  const std::string sample = "geodata/sample/";
  const auto r = run_siting({"access", "--parcels", source(sample + "estates.geojson"), "--facilities",
                             source(sample + "facilities.geojson"), "--roads", source(sample + "roads.geojson"),
                             "--supply", "floor_area", "--demand", "households", "--out", tmp / "acc"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto c = run_siting({"coverage", "--parcels", source(sample + "estates.geojson"), "--facilities",
                             source(sample + "facilities.geojson"), "--roads", source(sample + "roads.geojson"),
                             "--no-facility-areas", "--out", tmp / "cov"});
  REQUIRE(c.exit_code == 0);
  const Csv a = read_csv(tmp / "acc/access.csv");
  const Csv cov = read_csv(tmp / "cov/parcels.csv");
  const Csv f = read_csv(tmp / "acc/facilities_access.csv");
  const std::string unit = "floor_area_m2_per_1000_households";
  REQUIRE(a.rows.size() == cov.rows.size());
  double households = 0.0, weighted = 0.0;
  for (const auto& row : a.rows) {
    INFO(row.at("id"));
    CHECK((row.at("no_access") == "true") == (cov.row("id", row.at("id")).at("covered") == "false"));
    households += std::stod(row.at("households"));
    weighted += std::stod(row.at("households")) * std::stod(row.at("access_" + unit));
  }
  double reaching = 0.0;
  for (const auto& row : f.rows)
    if (!row.at(unit).empty()) {
      reaching += std::stod(row.at("floor_area_m2"));
      CHECK(std::stod(row.at(unit)) ==
            near(std::stod(row.at("floor_area_m2")) / std::stod(row.at("demand_in_catchment_households")) * 1000));
    }
  CHECK(weighted / households == Approx(reaching / households * 1000).epsilon(1e-12));
  const json summary = json::parse(siting::test::read_file(tmp / "acc/summary.json"));
  CHECK(summary.at("access").at("mean_access").get<double>() == Approx(reaching / households * 1000).epsilon(1e-12));
  CHECK(summary.at("access").at("total_demand").get<double>() == households);
}
