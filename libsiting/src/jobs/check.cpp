// SPDX-License-Identifier: Apache-2.0
#include "siting/jobs/check.hpp"

#include <optional>

#include "jobs/common.hpp"
#include "jobs/coverage_run.hpp"
#include "jobs/outputs.hpp"
#include "siting/io/output_dir.hpp"
#include "siting/io/table.hpp"
#include "siting/provision/result.hpp"
#include "siting/report/report.hpp"

namespace siting::jobs {

CheckResult run_check(const CheckOptions& options) {
  const rules::RuleSet rules = detail::load_rules(options.rules, options.overrides);
  if (!options.inputs.parcels || !options.inputs.facilities)
    throw Error(ErrorCode::Usage, "siting check needs --parcels and --facilities");
  // Fails early on an unwritable folder, or a user's file with an output's name.
  io::OutputDir out(options.out_dir, detail::check_outputs(options));

  InputOptions inputs = options.inputs;
  inputs.need_land_area = true;  // the zone rule counts facilities' land
  Inputs in = load_inputs(inputs);
  detail::log_rules(rules);

  const provision::ProvisionResult provision =
      provision::evaluate_provision(in.estates, in.facilities, in.zones, in.zone_levels, rules);
  const auto estate_zones = provision::estate_zones(in.zones, in.estates);
  std::optional<coverage::CoverageResult> coverage;
  if (in.roads) coverage = detail::run_network_coverage(in, rules, options.coverage, estate_zones);

  // Write everything, then commit: all files appear together or none do.
  report::Output w{out, in.working.crs, options.gpkg, io::CsvOptions{options.csv_bom}, {}};
  CheckResult result;
  result.summary_text = report::write_check(w, {in, rules, options.out_dir, &estate_zones}, provision,
                                            coverage ? &*coverage : nullptr);
  out.commit();
  result.files = w.files;
  result.exit_code = options.strict && provision.any_fail() ? 1 : 0;
  return result;
}

}  // namespace siting::jobs
