// SPDX-License-Identifier: Apache-2.0
// `siting sweep`: read the city and build its walking graph once, then evaluate
// each scenario on them with the coverage and siting code of `siting coverage`
// and `siting site`; a task evaluates one batch and writes its outcomes exactly
// (part.json), the merge joins the batches and writes what the single run
// writes.

#include "siting/jobs/sweep.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "detail/text.hpp"
#include "jobs/common.hpp"
#include "jobs/coverage_run.hpp"
#include "jobs/site_run.hpp"
#include "siting/io/layer.hpp"
#include "siting/io/output_dir.hpp"
#include "siting/io/readers.hpp"
#include "siting/io/scenarios.hpp"
#include "siting/location/study_area.hpp"
#include "siting/log.hpp"
#include "siting/provision/assign.hpp"
#include "siting/report/report.hpp"
#include "siting/shard/manifest.hpp"

namespace siting::jobs {

namespace {

using nlohmann::json;
using siting::detail::format_fixed;
using siting::detail::format_number;

constexpr const char* kPartFormat = "siting sweep part 1";

std::string task_folder(std::size_t index) {
  char name[32];
  std::snprintf(name, sizeof name, "task-%04zu", index);
  return name;
}

std::string scenario_label(const io::Scenario& s, std::size_t index) {
  return "scenario " + std::to_string(index + 1) + " (" + in_quotes(s.name) + ")";
}

// An error while loading or evaluating a scenario, with the scenario named.
[[noreturn]] void rethrow_for(const Error& e, const io::Scenario& s, std::size_t index) {
  ErrorContext where = e.where();
  if (where.feature.empty() && where.file.empty()) where.feature = scenario_label(s, index);
  throw Error(e.code(), scenario_label(s, index) + ": " + e.detail(), where);
}

location::Model model_of(const std::string& m) {
  if (m == "mclp") return location::Model::Mclp;
  if (m == "psclp") return location::Model::Psclp;
  return location::Model::Pmedian;
}

location::DemandWeight weight_of(const std::string& w) {
  if (w == "elderly") return location::DemandWeight::Elderly;
  if (w == "residents") return location::DemandWeight::Residents;
  return location::DemandWeight::Households;
}

bool capacitated(const io::ScenarioSite& s) {
  return s.model != "psclp" && !s.no_capacity && s.weight != "elderly";
}

void check_sweep_options(const CoverageJobOptions& run, const std::string& scenarios, const char* command) {
  const std::string c = command;
  if (scenarios.empty()) throw Error(ErrorCode::Usage, c + " needs --scenarios FILE (the sweep file)");
  if (!run.inputs.parcels || !run.inputs.roads || !run.inputs.facilities)
    throw Error(ErrorCode::Usage, c + " needs --parcels, --facilities and --roads");
  if (run.out_dir.empty()) throw Error(ErrorCode::Usage, "no output folder given (--out DIR)");
  if (run.settings.network_times) throw Error(ErrorCode::Usage, "--network-times is not available in a sweep");
  if (run.report) throw Error(ErrorCode::Usage, "--report is not available in a sweep (its table is comparison.csv)");
  if (!run.out_db.connection.empty()) throw Error(ErrorCode::Usage, "--out-db is not available in a sweep");
  if (run.shard) throw Error(ErrorCode::Usage, "--shard-manifest is for siting coverage, not for a sweep");
}

// The rules of each scenario: the scenario's preset or the run's, then the run's
// --set, then the scenario's.
std::vector<rules::RuleSet> scenario_rules(const CoverageJobOptions& run, const io::Sweep& sweep) {
  std::vector<rules::RuleSet> out;
  for (std::size_t i = 0; i < sweep.scenarios.size(); ++i) {
    const io::Scenario& s = sweep.scenarios[i];
    std::vector<std::string> overrides = run.overrides;
    overrides.insert(overrides.end(), s.set.begin(), s.set.end());
    try {
      out.push_back(detail::load_rules(s.rules ? *s.rules : run.rules, overrides));
    } catch (const Error& e) {
      rethrow_for(e, s, i);
    }
  }
  return out;
}

// Everything but the inputs: equal keys, equal scenarios and settings.
std::string settings_key(const CoverageJobOptions& run, const io::Sweep& sweep) {
  shard::Hasher h;
  h.add(std::string(kPartFormat));
  h.add(sweep.text);
  h.add(run.rules);
  for (const std::string& o : run.overrides) h.add(o);
  h.add(static_cast<std::uint64_t>(run.settings.minutes ? run.settings.minutes->size() : 0));
  if (run.settings.minutes)
    for (double m : *run.settings.minutes) h.add(m);
  h.add(run.settings.speed_m_per_s.value_or(-1.0));
  const coverage::CoverageOptions& a = run.settings.analysis;
  h.add(a.max_snap_m), h.add(a.area.lateral_m), h.add(a.area.tile_m);
  h.add(static_cast<std::uint64_t>(a.area.quadrant_segments));
  h.add(run.settings.build.snap_tolerance_m), h.add(static_cast<std::uint64_t>(run.settings.build.node_crossings));
  for (FacilityType t : run.facility_types) h.add(std::string(to_string(t)));
  return h.hex();
}

std::vector<std::string> sweep_outputs(const io::Sweep& sweep, bool gpkg) {
  std::vector<std::string> names{"comparison.csv"};
  const bool sites = std::any_of(sweep.scenarios.begin(), sweep.scenarios.end(),
                                 [](const io::Scenario& s) { return s.site.has_value(); });
  if (sites) names.insert(names.end(), {"new_sites.csv", "new_sites.geojson"});
  names.push_back("summary.json");
  if (gpkg) names.push_back("siting.gpkg");
  return names;
}

// The city, read and built once.
struct City {
  Inputs in;
  std::vector<std::vector<std::size_t>> estate_zones;
  detail::WalkNetwork net;
  std::map<std::pair<std::string, std::string>, std::vector<Candidate>> layers;  // by (path, layer)
  std::string inputs_key;
};

City load_city(const CoverageJobOptions& run, const io::Sweep& sweep, const std::vector<rules::RuleSet>& rules) {
  InputOptions inputs = run.inputs;
  inputs.require_kind = false;
  inputs.need_land_area = false;
  inputs.require_floor_area = false;
  inputs.require_elderly = false;
  for (std::size_t i = 0; i < sweep.scenarios.size(); ++i) {
    const auto& site = sweep.scenarios[i].site;
    if (site && capacitated(*site)) inputs.require_floor_area = true;
    if (site && site->weight == "elderly" && !rules[i].demand.elderly_share) inputs.require_elderly = true;
  }
  City city{load_inputs(inputs), {}, {}, {}, {}};
  keep_facility_types(city.in, run.facility_types, inputs);
  city.estate_zones = provision::estate_zones(city.in.zones, city.in.estates);
  shard::Hasher h;
  detail::hash_inputs(h, city.in);  // before the graph takes the roads' lines
  city.inputs_key = h.hex();

  const io::ReadOptions read = detail::read_options(inputs, city.in.working.crs);
  std::optional<crs::Crs> assumed;
  if (inputs.input_crs) assumed = crs::Crs::FromUserInput(*inputs.input_crs);
  for (std::size_t i = 0; i < sweep.scenarios.size(); ++i) {
    const io::Scenario& s = sweep.scenarios[i];
    std::vector<io::LayerSource> sources;
    if (s.open) sources.push_back(*s.open);
    if (s.site && s.site->candidates) sources.push_back(*s.site->candidates);
    for (io::LayerSource src : sources) {
      const auto key = std::make_pair(src.path, src.layer);
      if (city.layers.count(key)) continue;
      src.assumed_crs = assumed;
      try {
        const io::VectorLayer layer = io::VectorLayer::open(src);
        city.layers[key] = io::read_candidates(layer, read);
      } catch (const Error& e) {
        rethrow_for(e, s, i);
      }
      log::info(src.path, ": ", city.layers[key].size(), " points (", scenario_label(s, i), ")");
    }
    for (const std::string& id : s.close)
      if (std::none_of(city.in.facilities.begin(), city.in.facilities.end(),
                       [&](const Facility& f) { return f.id == id; }))
        throw Error(ErrorCode::BadReference,
                    scenario_label(s, i) + " closes facility " + in_quotes(id) + ", which the facilities layer does not have",
                    {sweep.path, "", scenario_label(s, i), "close"});
  }
  city.net = detail::build_walk_network(city.in, run.settings);
  return city;
}

std::vector<LevelTally> tally_levels(const coverage::CoverageResult& c, const Inputs& in, double target_share) {
  std::vector<LevelTally> out;
  for (const std::string& level : in.zone_levels) out.push_back({level, 0, 0});
  for (std::size_t z = 0; z < in.zones.size(); ++z) {
    const std::optional<bool> met = c.zones[z].target_met(target_share);
    if (!met) continue;
    for (LevelTally& t : out)
      if (t.level == in.zones[z].level) ++t.zones, t.meeting_target += *met ? 1 : 0;
  }
  return out;
}

ScenarioOutcome evaluate(const CoverageJobOptions& run, const City& city, const io::Scenario& s,
                         const rules::RuleSet& rules) {
  CoverageSettings settings = run.settings;
  if (s.minutes) settings.minutes = *s.minutes;
  if (s.speed_m_per_s) settings.speed_m_per_s = *s.speed_m_per_s;
  coverage::CoverageOptions opt = detail::coverage_options(rules, settings);
  // The table needs walks, not polygons; generated candidates need the gaps.
  const bool gaps = s.site && s.site->candidate_spacing_m;
  opt.polygons = opt.overlay = gaps;
  opt.facility_areas = false;

  // The elderly may come from the scenario's share.
  Inputs in;
  in.working = city.in.working;
  in.estates = city.in.estates;
  in.zones = city.in.zones;
  in.zone_levels = city.in.zone_levels;
  detail::derive_elderly(in, rules);

  std::vector<Facility> facilities;
  for (const Facility& f : city.in.facilities)
    if (std::find(s.close.begin(), s.close.end(), f.id) == s.close.end()) facilities.push_back(f);
  ScenarioOutcome o;
  o.name = s.name;
  o.closed = city.in.facilities.size() - facilities.size();
  if (s.open) {
    for (const Candidate& c : city.layers.at({s.open->path, s.open->layer})) facilities.push_back(location::as_facility(c));
    o.opened = city.layers.at({s.open->path, s.open->layer}).size();
  }
  o.facilities = facilities.size();
  o.minutes = opt.minutes.back();
  o.speed_m_per_s = opt.speed_m_per_s;
  o.target_share = rules.coverage.target_share;

  const coverage::CoverageResult before =
      detail::network_coverage(city.net, in, facilities, rules, settings, opt, city.estate_zones);
  o.households = before.overall.households;
  o.households_covered = before.overall.households_covered.back();
  o.residents_covered = before.overall.residents_covered.back();
  if (before.elderly_known) o.elderly_covered = before.overall.elderly_covered.back();
  o.target_met = before.target_met;
  if (!s.site) {
    o.levels = tally_levels(before, in, o.target_share);
    return o;
  }

  const io::ScenarioSite& site = *s.site;
  SiteJobOptions so;
  so.model = model_of(site.model);
  so.k = site.k;
  so.target_share = site.target;
  so.no_capacity = site.no_capacity;
  so.exact = site.exact;
  if (site.time_limit_s) so.time_limit_s = *site.time_limit_s;
  so.inputs = run.inputs;
  so.settings = settings;
  so.candidates = site.candidates;
  so.candidate_spacing_m = site.candidate_spacing_m;
  so.weight = weight_of(site.weight);
  static const std::vector<Candidate> none;
  const std::vector<Candidate>& layer =
      site.candidates ? city.layers.at({site.candidates->path, site.candidates->layer}) : none;
  const detail::NetworkSiting ns = detail::site_on_network(so, rules, city.net, in, facilities, layer, before, opt);
  o.model = site.model;
  o.candidates = ns.candidates.size();
  for (const location::ChosenSite& c : ns.result.chosen) {
    const Candidate& cand = ns.candidates[c.site - facilities.size()];
    o.new_sites.push_back({cand.id, cand.name, cand.location, c.marginal});
  }
  o.objective = ns.result.objective;
  o.bound = ns.result.bound;
  o.gap = ns.result.gap;
  o.proven_optimal = ns.result.proven_optimal;
  coverage::CoverageOptions after_opt = opt;
  after_opt.polygons = after_opt.overlay = false;
  const coverage::CoverageResult after =
      detail::network_coverage(city.net, in, ns.facilities_after, rules, settings, after_opt, city.estate_zones);
  o.households_covered_after = after.overall.households_covered.back();
  o.target_met_after = after.target_met;
  o.levels = tally_levels(after, in, o.target_share);
  return o;
}

// ---- part.json: the outcomes exactly (doubles round-trip through JSON).

json optional_json(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }
json optional_json(const std::optional<bool>& v) { return v ? json(*v) : json(nullptr); }
template <typename T>
std::optional<T> optional_from(const json& v) {
  if (v.is_null()) return std::nullopt;
  return v.get<T>();
}

json to_json(const ScenarioOutcome& o) {
  json sites = json::array();
  for (const NewSite& s : o.new_sites)
    sites.push_back({{"id", s.id}, {"name", s.name}, {"x", s.location.x}, {"y", s.location.y}, {"marginal", s.marginal}});
  json levels = json::array();
  for (const LevelTally& t : o.levels)
    levels.push_back({{"level", t.level}, {"zones", t.zones}, {"meeting_target", t.meeting_target}});
  return {{"name", o.name},
          {"minutes", o.minutes},
          {"speed", o.speed_m_per_s},
          {"target_share", o.target_share},
          {"facilities", o.facilities},
          {"closed", o.closed},
          {"opened", o.opened},
          {"households", o.households},
          {"households_covered", o.households_covered},
          {"residents_covered", o.residents_covered},
          {"elderly_covered", optional_json(o.elderly_covered)},
          {"target_met", optional_json(o.target_met)},
          {"model", o.model},
          {"candidates", o.candidates},
          {"new_sites", sites},
          {"objective", o.objective},
          {"bound", o.bound},
          {"gap", o.gap},
          {"proven_optimal", o.proven_optimal},
          {"households_covered_after", o.households_covered_after},
          {"target_met_after", optional_json(o.target_met_after)},
          {"levels", levels}};
}

ScenarioOutcome outcome_from(const json& j) {
  ScenarioOutcome o;
  o.name = j.at("name").get<std::string>();
  o.minutes = j.at("minutes").get<double>();
  o.speed_m_per_s = j.at("speed").get<double>();
  o.target_share = j.at("target_share").get<double>();
  o.facilities = j.at("facilities").get<std::size_t>();
  o.closed = j.at("closed").get<std::size_t>();
  o.opened = j.at("opened").get<std::size_t>();
  o.households = j.at("households").get<double>();
  o.households_covered = j.at("households_covered").get<double>();
  o.residents_covered = j.at("residents_covered").get<double>();
  o.elderly_covered = optional_from<double>(j.at("elderly_covered"));
  o.target_met = optional_from<bool>(j.at("target_met"));
  o.model = j.at("model").get<std::string>();
  o.candidates = j.at("candidates").get<std::size_t>();
  for (const json& s : j.at("new_sites"))
    o.new_sites.push_back({s.at("id").get<std::string>(), s.at("name").get<std::string>(),
                           Point{s.at("x").get<double>(), s.at("y").get<double>()}, s.at("marginal").get<double>()});
  o.objective = j.at("objective").get<double>();
  o.bound = j.at("bound").get<double>();
  o.gap = j.at("gap").get<double>();
  o.proven_optimal = j.at("proven_optimal").get<bool>();
  o.households_covered_after = j.at("households_covered_after").get<double>();
  o.target_met_after = optional_from<bool>(j.at("target_met_after"));
  for (const json& t : j.at("levels"))
    o.levels.push_back({t.at("level").get<std::string>(), t.at("zones").get<std::size_t>(),
                        t.at("meeting_target").get<std::size_t>()});
  return o;
}

// Batches differ by at most one scenario, and none is empty while tasks <= scenarios.
// A task's part.json as read, every field checked for its type.
struct SweepPart {
  std::string settings_key, inputs_key, crs;
  std::size_t tasks = 0, task = 0;
  std::vector<ScenarioOutcome> outcomes;
};

// Throws Error(E601) naming `path` for anything but a whole part of this format.
SweepPart read_sweep_part(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream buf;
  buf << f.rdbuf();
  const json p = json::parse(buf.str(), nullptr, false);
  const Error not_a_part(ErrorCode::Shards, "not a sweep part written by siting (truncated, or another file)",
                         in_file(path));
  if (p.is_discarded() || !p.is_object() || p.value("format", "") != kPartFormat) throw not_a_part;
  try {
    SweepPart part{p.at("settings_key").get<std::string>(), p.at("inputs_key").get<std::string>(),
                   p.at("crs").get<std::string>(), p.at("tasks").get<std::size_t>(), p.at("task").get<std::size_t>(),
                   {}};
    for (const json& o : p.at("outcomes")) part.outcomes.push_back(outcome_from(o));
    return part;
  } catch (const json::exception&) {
    throw not_a_part;
  }
}

std::pair<std::size_t, std::size_t> batch(std::size_t scenarios, const SweepTask& t) {
  return {t.index * scenarios / t.tasks, (t.index + 1) * scenarios / t.tasks};
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

SweepResult write_table(const CoverageJobOptions& run, const io::Sweep& sweep, const crs::Crs& working,
                        std::vector<ScenarioOutcome> outcomes, io::OutputDir& out) {
  report::Output w{out, working, run.gpkg, io::CsvOptions{run.csv_bom}};
  report::SweepReport rep{sweep.path, run.out_dir, outcomes};
  for (const auto& source : {run.inputs.parcels, run.inputs.facilities, run.inputs.roads})
    if (source) rep.inputs.push_back(source->path);
  for (const io::LayerSource& z : run.inputs.zones) rep.inputs.push_back(z.path);
  rep.rules = run.rules;
  rep.overrides = run.overrides;
  SweepResult r;
  r.summary_text = report::write_sweep(w, rep);
  detail::commit_outputs(out, nullptr);
  r.files = w.files;
  r.outcomes = std::move(outcomes);
  return r;
}

}  // namespace

SweepResult run_sweep(const SweepOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  const CoverageJobOptions& run = options.run;
  check_sweep_options(run, options.scenarios, "siting sweep");
  const io::Sweep sweep = io::read_sweep(options.scenarios);
  const std::size_t n = sweep.scenarios.size();
  std::pair<std::size_t, std::size_t> range{0, n};
  if (options.task) {
    const SweepTask& t = *options.task;
    if (t.tasks < 1 || t.tasks > n)
      throw Error(ErrorCode::Usage, "--tasks " + std::to_string(t.tasks) + " must be in [1, " + std::to_string(n) +
                                        "], the scenarios of " + sweep.path);
    if (t.index >= t.tasks)
      throw Error(ErrorCode::Usage,
                  "--task " + std::to_string(t.index) + " must be in [0, " + std::to_string(t.tasks - 1) + "]");
    range = batch(n, t);
  }
  const std::vector<rules::RuleSet> rules = scenario_rules(run, sweep);
  detail::log_rules(rules.front());
  const std::vector<std::string> planned =
      options.task ? std::vector<std::string>{"part.json"} : sweep_outputs(sweep, run.gpkg);
  io::OutputDir out(run.out_dir, planned);
  City city = load_city(run, sweep, rules);

  std::vector<ScenarioOutcome> outcomes;
  for (std::size_t i = range.first; i < range.second; ++i) {
    const auto ts = std::chrono::steady_clock::now();
    try {
      outcomes.push_back(evaluate(run, city, sweep.scenarios[i], rules[i]));
    } catch (const Error& e) {
      rethrow_for(e, sweep.scenarios[i], i);
    }
    log::info(scenario_label(sweep.scenarios[i], i), ": ", format_number(outcomes.back().households_covered), " of ",
              format_number(outcomes.back().households), " households within ",
              format_number(outcomes.back().minutes), " min (", format_fixed(seconds_since(ts), 2), " s)");
  }
  if (!options.task) return write_table(run, sweep, city.in.working.crs, std::move(outcomes), out);

  json outcomes_json = json::array();
  for (const ScenarioOutcome& o : outcomes) outcomes_json.push_back(to_json(o));
  const json part{{"format", kPartFormat},
                  {"settings_key", settings_key(run, sweep)},
                  {"inputs_key", city.inputs_key},
                  {"tasks", options.task->tasks},
                  {"task", options.task->index},
                  {"first", range.first},
                  {"crs", city.in.working.crs.wkt()},
                  {"outcomes", outcomes_json}};
  io::write_text(part.dump(1) + "\n", out.stage("part.json"));
  detail::commit_outputs(out, nullptr);
  SweepResult r;
  r.files = {"part.json"};
  r.outcomes = std::move(outcomes);
  r.summary_text = "task " + std::to_string(options.task->index) + " of " + std::to_string(options.task->tasks) +
                   ": scenarios " + std::to_string(range.first + 1) + " to " + std::to_string(range.second) +
                   " evaluated in " + format_fixed(seconds_since(t0), 1) + " s; " + run.out_dir + "/part.json\n";
  return r;
}

SweepResult run_sweep_merge(const SweepMergeOptions& options) {
  const CoverageJobOptions& run = options.run;
  check_sweep_options(run, options.scenarios, "siting merge --scenarios");
  if (options.parts_dir.empty()) throw Error(ErrorCode::Usage, "siting merge needs --parts DIR");
  const io::Sweep sweep = io::read_sweep(options.scenarios);
  scenario_rules(run, sweep);  // the same checks as the tasks
  const std::string key = settings_key(run, sweep);

  // Every task-NNNN folder's part; the tasks they name must all be there.
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(options.parts_dir, ec))
    throw Error(ErrorCode::Shards, "no such folder of parts", in_file(options.parts_dir));
  std::map<std::size_t, SweepPart> parts;
  std::optional<std::size_t> tasks;
  std::string inputs, wkt;
  for (const fs::directory_entry& d : fs::directory_iterator(options.parts_dir)) {
    const std::string name = d.path().filename().string();
    if (name.rfind("task-", 0) != 0 || !d.is_directory()) continue;
    const std::string path = (d.path() / "part.json").string();
    if (!fs::exists(path, ec)) continue;  // a task that wrote nothing: missing below
    SweepPart p = read_sweep_part(path);
    if (p.settings_key != key)
      throw Error(ErrorCode::Shards,
                  "this part was made with another sweep file or other options (key " + p.settings_key +
                      ", this merge's " + key + ")",
                  in_file(path));
    const std::size_t t = p.tasks, index = p.task;
    if (name != task_folder(index))
      throw Error(ErrorCode::Shards, "the part of task " + std::to_string(index) + " is in folder " + name,
                  in_file(path));
    if (tasks && *tasks != t)
      throw Error(ErrorCode::Shards, "parts of runs with different --tasks (" + std::to_string(*tasks) + " and " +
                                         std::to_string(t) + ")", in_file(path));
    if (!inputs.empty() && p.inputs_key != inputs)
      throw Error(ErrorCode::Shards, "this part was made from other input data than the others (inputs key " +
                                         p.inputs_key + ", others " + inputs + ")",
                  in_file(path));
    tasks = t;
    inputs = p.inputs_key;
    wkt = p.crs;
    parts[index] = std::move(p);
  }
  if (!tasks) throw Error(ErrorCode::Shards, "no part (task-NNNN/part.json) in the folder", in_file(options.parts_dir));
  std::string missing;
  for (std::size_t i = 0; i < *tasks; ++i)
    if (!parts.count(i))
      missing += (missing.empty() ? "" : ", ") + std::to_string(i) + " (" +
                 (fs::path(options.parts_dir) / task_folder(i) / "part.json").string() + ")";
  if (!missing.empty())
    throw Error(ErrorCode::Shards, "tasks missing: " + missing + "; run them, then merge again; nothing written",
                in_file(options.parts_dir));

  // Each scenario once, in file order.
  std::vector<ScenarioOutcome> outcomes;
  for (auto& [index, p] : parts)
    for (ScenarioOutcome& o : p.outcomes) outcomes.push_back(std::move(o));
  if (outcomes.size() != sweep.scenarios.size())
    throw Error(ErrorCode::Shards, "the parts hold " + std::to_string(outcomes.size()) + " scenarios, the sweep file " +
                                       std::to_string(sweep.scenarios.size()), in_file(options.parts_dir));
  for (std::size_t i = 0; i < outcomes.size(); ++i)
    if (outcomes[i].name != sweep.scenarios[i].name)
      throw Error(ErrorCode::Shards, "scenario " + std::to_string(i + 1) + " of the parts is " +
                                         in_quotes(outcomes[i].name) + ", of the sweep file " +
                                         in_quotes(sweep.scenarios[i].name), in_file(options.parts_dir));
  log::info("merge: ", *tasks, " tasks, ", outcomes.size(), " scenarios");
  io::OutputDir out(run.out_dir, sweep_outputs(sweep, run.gpkg));
  return write_table(run, sweep, crs::Crs::FromWkt(wkt), std::move(outcomes), out);
}

}  // namespace siting::jobs
