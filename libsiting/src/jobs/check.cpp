// SPDX-License-Identifier: Apache-2.0
#include "siting/jobs/check.hpp"

#include <algorithm>
#include <optional>

#include "jobs/common.hpp"
#include "jobs/coverage_run.hpp"
#include "jobs/outputs.hpp"
#include "siting/indicators/indicators.hpp"
#include "siting/io/output_dir.hpp"
#include "siting/io/table.hpp"
#include "siting/log.hpp"
#include "siting/provision/result.hpp"
#include "siting/report/report.hpp"

namespace siting::jobs {

namespace {

// The service circle of the facilities of some types only (the day-care
// centres of 社区日间照料机构覆盖率), on the network already built. Parcel
// times are all an indicator needs, so no service-area polygon is drawn.
std::optional<coverage::CoverageResult> typed_circle(const detail::WalkNetwork& net, const Inputs& in,
                                                     const rules::RuleSet& rules, const CoverageSettings& settings,
                                                     const std::vector<FacilityType>& types,
                                                     const std::vector<std::vector<std::size_t>>& estate_zones) {
  std::vector<Facility> typed;
  for (const Facility& f : in.facilities)
    if (of_types(f, types)) typed.push_back(f);
  if (typed.empty()) return std::nullopt;
  coverage::CoverageOptions opt = detail::coverage_options(rules, settings);
  opt.facility_areas = opt.polygons = opt.overlay = false;
  return detail::network_coverage(net, in, typed, rules, settings, opt, estate_zones);
}

// The facility types of the plan's circles (社区日间照料机构覆盖率: day_care), each once.
std::vector<std::vector<FacilityType>> circle_types(const indicators::Plan& plan) {
  std::vector<std::vector<FacilityType>> all;
  for (const indicators::IndicatorSpec& s : plan.indicators) {
    std::vector<FacilityType> types = indicators::circle_types(s);
    if (!types.empty() && std::find(all.begin(), all.end(), types) == all.end()) all.push_back(std::move(types));
  }
  return all;
}

// The walk of a check, as the coverage job's options: a sharded check uses the
// plan, shards and key of a sharded coverage run.
CoverageJobOptions walk_options(const CheckOptions& o) {
  CoverageJobOptions c;
  c.inputs = o.inputs;
  c.rules = o.rules;
  c.overrides = o.overrides;
  c.settings = o.coverage;
  c.out_dir = o.out_dir;
  c.shard = o.shard;
  return c;
}

}  // namespace

CheckResult run_check(const CheckOptions& options) {
  const rules::RuleSet rules = detail::load_rules(options.rules, options.overrides);
  const indicators::Plan plan = options.plan.empty() ? indicators::default_plan() : indicators::load_plan(options.plan);
  if (!options.inputs.parcels || !options.inputs.facilities)
    throw Error(ErrorCode::Usage, "siting check needs --parcels and --facilities");
  if ((options.shard || options.merge) && !options.inputs.roads)
    throw Error(ErrorCode::Usage, "a sharded siting check needs --roads: the shards split its walks");
  if (options.shard && options.merge)
    throw Error(ErrorCode::Usage, "--shard runs one shard and --parts merges them: give one of the two");
  if (options.shard) {
    // The shard walks; the rules and indicators are the merge's, on the whole city.
    const CoverageJobResult r = detail::run_coverage_shard(walk_options(options), circle_types(plan), "siting check");
    return CheckResult{r.exit_code, r.summary_text, r.files};
  }
  // Fails early on an unwritable folder, or a user's file with an output's name.
  const std::string chromium = detail::report_browser(options.report, options.report_pdf);
  const std::vector<std::string> planned = detail::check_outputs(options);
  io::OutputDir out(options.out_dir, planned);
  const auto db = detail::open_database(options.out_db, planned);

  InputOptions inputs = options.inputs;
  inputs.need_land_area = true;  // the zone rule counts facilities' land
  Inputs in = load_inputs(inputs);
  detail::derive_elderly(in, rules);
  detail::log_rules(rules);
  if (!plan.name.empty()) log::info("plan: ", plan.label(), " (", plan.origin, ")");

  const provision::ProvisionResult provision =
      provision::evaluate_provision(in.estates, in.facilities, in.zones, in.zone_levels, rules);
  const auto estate_zones = provision::estate_zones(in.zones, in.estates);
  std::vector<Point> facility_points;
  for (const Facility& f : in.facilities) facility_points.push_back(f.location);
  const auto facility_zones = provision::zones_containing(in.zones, facility_points);
  const auto zone_zones = provision::zone_zones(in.zones);

  std::optional<coverage::CoverageResult> coverage;
  std::map<std::vector<FacilityType>, coverage::CoverageResult> typed;
  std::optional<detail::WalkNetwork> walk;  // kept for the report's maps
  if (options.merge) {
    detail::MergedCoverage merged = detail::merge_coverage(walk_options(options), rules, in, estate_zones, *options.merge,
                                                           circle_types(plan), "siting check", options.report);
    coverage = std::move(merged.coverage);
    typed = std::move(merged.typed);
    walk = std::move(merged.network);
  } else if (in.roads) {
    const detail::WalkNetwork& net = walk.emplace(detail::build_walk_network(in, options.coverage));
    coverage::CoverageOptions opt = detail::coverage_options(rules, options.coverage);
    opt.keep_vertex_times = options.coverage.network_times;
    coverage = detail::network_coverage(net, in, in.facilities, rules, options.coverage, opt, estate_zones);
    for (const std::vector<FacilityType>& types : circle_types(plan))
      if (auto c = typed_circle(net, in, rules, options.coverage, types, estate_zones)) typed.emplace(types, std::move(*c));
  }
  indicators::IndicatorData data{in.estates,    in.facilities,  in.zones,   provision, estate_zones,
                                 facility_zones, zone_zones,
                                 coverage ? &*coverage : nullptr, std::move(typed), in.roads.has_value()};
  const indicators::IndicatorTable table = indicators::compute_indicators(plan, data);

  // Write everything, then commit: all files appear together or none do.
  report::Output w{out, in.working.crs, options.gpkg, io::CsvOptions{options.csv_bom}};
  w.db = db.get();
  w.keep_tables = options.report;
  w.threads = options.coverage.analysis.area.threads;
  report::Run run{in, rules, options.out_dir, &estate_zones};
  run.report = options.report;
  run.chromium = chromium;
  run.graph = walk ? walk->graph.get() : nullptr;
  CheckResult result;
  result.summary_text = report::write_check(w, run, provision, coverage ? &*coverage : nullptr, table);
  detail::commit_outputs(out, db.get());
  result.files = w.files;
  result.exit_code = options.strict && provision.any_fail() ? 1 : 0;
  return result;
}

}  // namespace siting::jobs
