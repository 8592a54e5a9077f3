// SPDX-License-Identifier: Apache-2.0
// The walking options and their ranges (docs/user-guide.md#option-ranges): one
// check for the library, the command line, the TOML config and rule sets, and
// one conversion of minutes into metres.

#include <catch2/catch.hpp>

#include <array>
#include <fstream>
#include <functional>
#include <limits>
#include <map>

#include "siting/coverage/analysis.hpp"
#include "siting/coverage/service_area.hpp"
#include "siting/error.hpp"
#include "siting/network/graph.hpp"
#include "siting/network/walk_options.hpp"
#include "siting/options.hpp"
#include "siting/rules/ruleset.hpp"
#include "support.hpp"

using namespace siting;
using namespace siting::test;
using Catch::Matchers::Contains;

namespace {

const double kNan = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

// The error `fn` throws: its code and message.
template <typename Fn>
std::pair<ErrorCode, std::string> error_of(Fn&& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return {e.code(), e.what()};
  }
  FAIL("no siting::Error thrown");
  return {};
}

const std::string kDir = "tests/fixtures/coverage/";

// The hand-worked fixture's coverage run (tests/coverage_cli_test.cpp), with more options.
std::vector<std::string> coverage_args(const std::string& out, const std::vector<std::string>& more) {
  std::vector<std::string> a{"coverage", "--parcels", source(kDir + "parcels.geojson"), "--facilities",
                             source(kDir + "facilities.geojson"), "--roads", source(kDir + "roads.geojson"),
                             "--out", out};
  a.insert(a.end(), more.begin(), more.end());
  return a;
}

}  // namespace

TEST_CASE("a range: its bounds, NaN and the infinities, whole numbers, and its words", "[options]") {
  const Range speed{0.0, 5.0, true, "m/s"};
  CHECK(speed.text() == "in (0, 5] m/s");
  CHECK(speed.contains(5.0));
  CHECK(speed.contains(1e-9));
  CHECK_FALSE(speed.contains(0.0));
  CHECK_FALSE(speed.contains(5.000001));
  CHECK_FALSE(speed.contains(-1.0));
  CHECK_FALSE(speed.contains(kNan));
  CHECK_FALSE(speed.contains(kInf));
  CHECK_FALSE(speed.contains(-kInf));
  const Range threads{0.0, 256.0, false, "", true};
  CHECK(threads.text() == "a whole number in [0, 256]");
  CHECK(threads.contains(0.0));
  CHECK(threads.contains(256.0));
  CHECK_FALSE(threads.contains(2.5));
  CHECK(coverage::kTileRange.text() == "in [1, 100000] m");  // not 1e+05

  const auto e = error_of([&] { check_option("--speed", kInf, speed); });
  CHECK(e.first == ErrorCode::Usage);
  CHECK(e.second == "E001: --speed must be in (0, 5] m/s, got inf");
  const auto r = error_of([&] { check_option("x", kNan, speed, ErrorCode::BadRules, ErrorContext{"my.json", "", "", ""}); });
  CHECK(r.first == ErrorCode::BadRules);
  CHECK(r.second == "E301: my.json: x must be in (0, 5] m/s, got nan");
}

TEST_CASE("budget_m: minutes x 60 x speed, per tier and for the circle", "[options]") {
  network::WalkOptions w;
  w.minutes = {5, 10, 15};
  w.speed_m_per_s = 1.25;  // exact in binary: 375, 750, 1125 m
  CHECK(w.budget_m(0) == 375.0);
  CHECK(w.budget_m(1) == 750.0);
  CHECK(w.budget_m(2) == 1125.0);
  CHECK(w.budget_m() == 1125.0);
  w.minutes = {2.5};
  w.speed_m_per_s = 1.0;
  CHECK(w.budget_m() == 150.0);
  // The defaults: the presets' 0.9 m/s, 810 m at 15 minutes.
  const network::WalkOptions d;
  CHECK(d.minutes == std::vector<double>{5, 10, 15});
  CHECK(d.budget_m() == Approx(810.0));
  CHECK_NOTHROW(d.validate());
}

TEST_CASE("validate() refuses every option out of its range, naming it", "[options]") {
  struct Case {
    std::function<void()> fn;
    std::string message;  // the start of the message, after "E001: "
  };
  std::vector<Case> cases;
  // Default options of one stage, one value changed by `set`, then validated.
  auto add = [&](auto options, auto set, const std::string& message) {
    cases.push_back({[options, set]() mutable {
                       set(options);
                       options.validate();
                     },
                     message});
  };
  auto walk = [&](auto set, const std::string& message) { add(network::WalkOptions{}, set, message); };
  auto area = [&](auto set, const std::string& message) { add(coverage::AreaOptions{}, set, message); };
  const std::string tiers = "--minutes must be 1 to 10 tiers, each in (0, 180] min and strictly increasing";
  for (double bad : {kNan, kInf, -kInf, 0.0, -5.0, 180.5, 1e9}) {
    walk([bad](network::WalkOptions& w) { w.minutes = {bad}; }, tiers);
    walk([bad](network::WalkOptions& w) { w.minutes = {5, bad}; }, tiers);
  }
  walk([](network::WalkOptions& w) { w.minutes = {}; }, tiers);
  walk([](network::WalkOptions& w) { w.minutes = {15, 5}; }, tiers);
  walk([](network::WalkOptions& w) { w.minutes = {5, 5}; }, tiers);
  walk([](network::WalkOptions& w) { w.minutes = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}; }, tiers);
  for (double bad : {kNan, kInf, -kInf, 0.0, -1.0, 5.01, 1e9})
    walk([bad](network::WalkOptions& w) { w.speed_m_per_s = bad; }, "--speed must be in (0, 5] m/s");
  for (double bad : {kNan, kInf, -1.0, 5000.5, 1e9})
    walk([bad](network::WalkOptions& w) { w.max_snap_m = bad; }, "--max-snap must be in [0, 5000] m");
  for (double bad : {kNan, kInf, 0.0, -1.0, 500.5, 1e6, 1e9})
    area([bad](coverage::AreaOptions& a) { a.lateral_m = bad; }, "--lateral must be in (0, 500] m");
  area([](coverage::AreaOptions& a) { a.threads = 257; }, "--threads must be a whole number in [0, 256]");
  area([](coverage::AreaOptions& a) { a.quadrant_segments = 0; }, "quadrant_segments must be a whole number in [1, 64]");
  area([](coverage::AreaOptions& a) { a.tile_m = 0; }, "tile_m must be in [1, 100000] m");
  for (double bad : {kNan, kInf, -1.0, 50.5, 1e6})
    add(network::BuildOptions{}, [bad](network::BuildOptions& b) { b.snap_tolerance_m = bad; },
        "--snap-tolerance must be in [0, 50] m");
  for (const Case& c : cases) {
    const auto e = error_of(c.fn);
    INFO(e.second);
    CHECK(e.first == ErrorCode::Usage);
    CHECK(e.second.rfind("E001: " + c.message, 0) == 0);
  }

  // The edges of each range are in it.
  network::WalkOptions w;
  w.minutes = {0.5, 180};
  w.speed_m_per_s = 5;
  w.max_snap_m = 0;
  CHECK_NOTHROW(w.validate());
  w.minutes = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  w.max_snap_m = 5000;
  CHECK_NOTHROW(w.validate());
  coverage::AreaOptions a;
  a.lateral_m = 500;
  a.threads = 256;
  CHECK_NOTHROW(a.validate());
  network::BuildOptions b;
  b.snap_tolerance_m = 50;
  CHECK_NOTHROW(b.validate());
}

TEST_CASE("the library's stages check their options before any work", "[options]") {
  std::vector<LineString> lines{{{0, 0}, {100, 0}}};
  network::BuildOptions b;
  b.snap_tolerance_m = kNan;
  CHECK_THROWS_WITH(network::WalkGraph::Build(lines, b), Contains("E001: --snap-tolerance must be in [0, 50] m"));
  const network::WalkGraph g = network::WalkGraph::Build(lines, {});
  const network::SegmentIndex index(g);

  // Once --lateral 1e9 ran out of memory in the tiling: now it stops at once.
  coverage::AreaOptions a;
  a.lateral_m = 1e9;
  CHECK_THROWS_WITH(coverage::ServiceArea::Build(g, {{0, 0.0, 100.0}}, {}, a),
                    Contains("E001: --lateral must be in (0, 500] m, got 1e+09"));

  coverage::CoverageOptions o;
  o.speed_m_per_s = kInf;  // once: 100 % covered
  CHECK_THROWS_WITH(coverage::analyse_coverage(g, index, {}, {}, o), Contains("E001: --speed must be in (0, 5] m/s, got inf"));
  o = coverage::CoverageOptions{};
  o.area.lateral_m = 0;
  CHECK_THROWS_WITH(coverage::analyse_coverage(g, index, {}, {}, o), Contains("E001: --lateral must be in (0, 500] m, got 0"));
}

TEST_CASE("rule sets take the ranges of --minutes and --speed (E301)", "[options][rules]") {
  rules::RuleSet r = rules::load_rules("guangdong");
  for (const char* v : {"inf", "nan", "0", "-1", "5.5", "1e9", "fast"}) {
    const auto e = error_of([&] { rules::apply_override(r, std::string("coverage.walk_speed_m_per_s=") + v); });
    INFO(e.second);
    CHECK(e.first == ErrorCode::BadRules);
    CHECK_THAT(e.second, Contains("coverage.walk_speed_m_per_s must be in (0, 5] m/s, got"));
  }
  for (const char* v : {"inf", "nan", "0", "-5", "1e9", "5,inf", "15,5", "200", ""}) {
    const auto e = error_of([&] { rules::apply_override(r, std::string("coverage.minutes=") + v); });
    INFO(e.second);
    CHECK(e.first == ErrorCode::BadRules);
    CHECK_THAT(e.second, Contains("coverage.minutes must be 1 to 10 tiers, each in (0, 180] min and strictly increasing"));
  }
  CHECK(r.coverage.walk_speed_m_per_s == 0.9);  // unchanged by the refused overrides
  CHECK(r.coverage.minutes == std::vector<double>{5, 10, 15});
  rules::apply_override(r, "coverage.walk_speed_m_per_s=5");
  rules::apply_override(r, "coverage.minutes=2.5,180");
  CHECK(r.coverage.walk_speed_m_per_s == 5.0);
  CHECK(r.coverage.minutes == std::vector<double>{2.5, 180});

  // In a rule-set file.
  const std::string preset = rules::preset_text("guangdong");
  auto with = [&](const std::string& from, const std::string& to) {
    std::string text = preset;
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
  };
  const std::string speed = "\"walk_speed_m_per_s\": 0.9", minutes = "\"minutes\": [5, 10, 15]";
  const std::string speed_range = "rule 'coverage.walk_speed_m_per_s' must be in (0, 5] m/s, got ";
  const std::string tiers = "rule 'coverage.minutes' must be 1 to 10 tiers, each in (0, 180] min and strictly "
                            "increasing, e.g. 5,10,15; got ";
  const std::vector<std::array<std::string, 3>> cases{
      {speed, "\"walk_speed_m_per_s\": 0", speed_range + "0"},
      {speed, "\"walk_speed_m_per_s\": -1", speed_range + "-1"},
      {speed, "\"walk_speed_m_per_s\": 9", speed_range + "9"},
      {speed, "\"walk_speed_m_per_s\": 1e9", speed_range + "1e+09"},
      {speed, "\"walk_speed_m_per_s\": 1e999", "not valid JSON: [json.exception.out_of_range.406] number overflow"},
      {minutes, "\"minutes\": [0]", tiers + "0"},
      {minutes, "\"minutes\": [-5, 10]", tiers + "-5,10"},
      {minutes, "\"minutes\": [5, 1e9]", tiers + "5,1e+09"},
      {minutes, "\"minutes\": [15, 5]", tiers + "15,5"},
      {minutes, "\"minutes\": [5, 1e999]", "not valid JSON: [json.exception.out_of_range.406] number overflow"},
  };
  for (const auto& [from, to, message] : cases) {
    const auto e = error_of([&] { rules::parse_rules(with(from, to), "my.json"); });
    INFO(e.second);
    CHECK(e.first == ErrorCode::BadRules);
    CHECK_THAT(e.second, Contains("E301: my.json: " + message));
  }
}

TEST_CASE("siting coverage: each option out of its range stops the run with E001 naming it", "[options][cli]") {
  TempDir tmp;
  const std::vector<std::pair<std::string, std::vector<std::string>>> bad{
      {"--minutes", {"nan", "inf", "0", "-5", "1e9", "15,5", "5,inf"}},
      {"--speed", {"nan", "inf", "0", "-1", "1e9"}},
      {"--lateral", {"nan", "inf", "0", "-1", "1e6", "1e9"}},
      {"--max-snap", {"nan", "inf", "-1", "1e9"}},
      {"--snap-tolerance", {"nan", "inf", "-1", "1e6"}},
      {"--threads", {"nan", "inf", "-1", "2.5", "1e9"}},
  };
  const std::map<std::string, std::string> range{
      {"--minutes", "must be 1 to 10 tiers, each in (0, 180] min and strictly increasing"},
      {"--speed", "must be in (0, 5] m/s"},
      {"--lateral", "must be in (0, 500] m"},
      {"--max-snap", "must be in [0, 5000] m"},
      {"--snap-tolerance", "must be in [0, 50] m"},
      {"--threads", "must be a whole number in [0, 256]"},
  };
  for (const auto& [option, values] : bad)
    for (const std::string& v : values) {
      const auto r = run_siting(coverage_args(tmp / "out", {option, v}));
      INFO(option << " " << v << ": " << r.err);
      CHECK(r.exit_code == 2);
      CHECK_THAT(r.err, Contains("siting: error: E001: " + option + " " + range.at(option)) && Contains(" got "));
      CHECK_FALSE(exists(tmp / "out"));
    }
  // --speed nan is a value given, not "no value": once it fell back to the rule set's 0.9 m/s.
  CHECK_THAT(run_siting(coverage_args(tmp / "out", {"--speed", "nan"})).err, Contains("got nan"));

  // 0 is in range where the range starts at 0 (0 threads: one per core).
  const auto ok = run_siting(coverage_args(tmp / "out", {"--max-snap", "0", "--snap-tolerance", "0", "--threads", "0"}));
  INFO(ok.err);
  CHECK(ok.exit_code == 0);
}

TEST_CASE("siting check --roads and siting review take the same ranges", "[options][cli]") {
  TempDir tmp;
  const auto c = run_siting({"check", "--parcels", source("tests/fixtures/check/estates.geojson"), "--facilities",
                             source("tests/fixtures/check/facilities.geojson"), "--roads", source(kDir + "roads.geojson"),
                             "--lateral", "1e9", "--out", tmp / "check"});
  CHECK(c.exit_code == 2);
  CHECK_THAT(c.err, Contains("E001: --lateral must be in (0, 500] m, got 1e+09"));
  const auto r = run_siting({"review", "--proposal", source("tests/fixtures/review/batch/P-PASS.geojson"), "--roads",
                             source(kDir + "roads.geojson"), "--speed", "inf", "--out", tmp / "review"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains("E001: --speed must be in (0, 5] m/s, got inf"));
}

TEST_CASE("rule-set values out of range, from --set and from a file, stop the run with E301", "[options][cli][rules]") {
  TempDir tmp;
  for (const char* set : {"coverage.walk_speed_m_per_s=inf", "coverage.walk_speed_m_per_s=0",
                          "coverage.walk_speed_m_per_s=-1", "coverage.walk_speed_m_per_s=1e9",
                          "coverage.minutes=nan", "coverage.minutes=0", "coverage.minutes=1e9"}) {
    const auto r = run_siting(coverage_args(tmp / "out", {"--set", set}));
    INFO(set << ": " << r.err);
    CHECK(r.exit_code == 13);
    CHECK_THAT(r.err, Contains(std::string("E301: --set ") + set + ": " + std::string(set).substr(0, std::string(set).find('=')) +
                               " must be "));
    CHECK_FALSE(exists(tmp / "out"));
  }
  std::string rules = rules::preset_text("guangdong");
  const std::string speed = "\"walk_speed_m_per_s\": 0.9";
  rules.replace(rules.find(speed), speed.size(), "\"walk_speed_m_per_s\": 9");
  std::ofstream(tmp / "fast.json") << rules;
  const auto r = run_siting(coverage_args(tmp / "out", {"--rules", tmp / "fast.json"}));
  CHECK(r.exit_code == 13);
  CHECK_THAT(r.err, Contains("E301: " + (tmp / "fast.json") + ": rule 'coverage.walk_speed_m_per_s' must be in (0, 5] m/s, got 9"));
}

TEST_CASE("a TOML config's values take the same ranges as the command line", "[options][cli]") {
  TempDir tmp;
  for (const char* line : {"speed = nan", "speed = inf", "speed = 0", "minutes = [5, inf]", "minutes = [0]",
                           "lateral = 1e9", "lateral = -1", "max-snap = -1", "snap-tolerance = inf",
                           "threads = -1", "threads = 1e9"}) {
    std::ofstream(tmp / "run.toml") << "[coverage]\nfacilities = \"" << source(kDir + "facilities.geojson")
                                    << "\"\nroads = \"" << source(kDir + "roads.geojson") << "\"\nout = \""
                                    << (tmp / "out") << "\"\n" << line << "\n";
    const auto r = run_siting({"--config", tmp / "run.toml", "coverage"});
    const std::string key = std::string(line).substr(0, std::string(line).find(' '));
    INFO(line << ": " << r.err);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Contains("E001: --" + key + " must be "));
    CHECK_FALSE(exists(tmp / "out"));
  }
}
