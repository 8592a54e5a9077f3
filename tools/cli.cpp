// SPDX-License-Identifier: Apache-2.0
#include "cli.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "layer_options.hpp"
#include "siting/error.hpp"
#include "siting/io/layer.hpp"
#include "siting/network/walk_options.hpp"
#include "siting/options.hpp"
#include "siting/indicators/plan.hpp"
#include "siting/rules/ruleset.hpp"
#include "siting/version.hpp"

namespace siting::cli {

namespace {

const char* kCheckExample = R"(
Example (the embedded sample district):
  siting check --parcels geodata/sample/estates.geojson \
               --facilities geodata/sample/facilities.geojson \
               --zones geodata/sample/zones.geojson --out out/sample

  Field names are recognised (id/编号, households/户数, kind/类型, floor_area/建筑面积,
  land_area/用地面积, estate_id/小区编号, ...); map others with --parcels-field
  households=HH_NUM. Options can also come from a TOML file: --config run.toml.
Exit codes: 0 done, 1 some estate or zone fails (with --strict), 2 and up input
errors (see docs/user-guide.md).

In district shards, for a province on a cluster (docs/scale.md):
  siting shard OPTIONS --grid 5000 --out plan   (the input and walk options only)
  siting check OPTIONS --shard-manifest plan/manifest.json --shard N --out parts/shard-000N   (each N)
  siting check OPTIONS --shard-manifest plan/manifest.json --parts parts --out out)";

std::string plan_presets_list() {
  std::string out;
  for (const std::string& name : indicators::plan_preset_names()) out += (out.empty() ? "" : ", ") + name;
  return out;
}

std::string presets_list() {
  std::string out;
  for (const std::string& name : rules::preset_names()) out += (out.empty() ? "" : ", ") + name;
  return out;
}

const char* kCoverageExample = R"(
Example (the embedded sample district):
  siting coverage --parcels geodata/sample/estates.geojson \
                  --facilities geodata/sample/facilities.geojson \
                  --zones geodata/sample/zones.geojson \
                  --roads geodata/sample/roads.geojson --out out/coverage

  OSM data: --roads city.osm.pbf --roads-layer lines. Times are walks over the
  street network from each parcel's entrance (where streets meet it, else its
  nearest boundary point) to the nearest facility, at --speed (default 0.9 m/s).
  --minutes 5,10,15 reports every tier; the last is the service circle.)";

const char* kReviewExample = R"(
Example (a proposal in the embedded sample district):
  siting review --proposal geodata/sample/proposals/P-01.geojson \
                --facilities geodata/sample/facilities.geojson \
                --zones geodata/sample/zones.geojson \
                --parcels geodata/sample/estates.geojson \
                --roads geodata/sample/roads.geojson --out out/review

  The proposal holds the estate polygons (fields: households/户数, kind/类型,
  phase/期数) and the planned facilities (floor_area/建筑面积, land_area/用地面积,
  floor/楼层, lift/电梯, independent_entrance/独立出入口, phase/期数, and the
  四同步 flags 同步规划/同步建设/同步验收/同步交付). A folder of proposals is
  reviewed in one run, with reviews.csv as the summary.
Exit codes: 0 pass, 1 fail, 2 and up input errors.)";

const char* kSiteExample = R"(
Examples:
  Network mode, the fewest new sites bringing the rule set's target (90%) of the
  sample district's households within 15 minutes, candidates every 100 m along
  the streets of the gap areas:
  siting site --parcels geodata/sample/estates.geojson \
              --facilities geodata/sample/facilities.geojson \
              --zones geodata/sample/zones.geojson \
              --roads geodata/sample/roads.geojson \
              --candidate-spacing 100 --out out/site

  Matrix mode, 2 new sites on a cost table from any router (covering within 10):
  siting site --model mclp --k 2 --od tests/fixtures/site/od.csv \
              --demand tests/fixtures/site/demand.csv \
              --sites tests/fixtures/site/sites.csv --cutoff 10 --out out/site-matrix

  --model psclp (default): the fewest sites reaching --target; mclp: the k sites
  covering most; pmedian: the k sites with the least weighted walk. Every answer
  comes with a bound (LP or Lagrangian); --exact proves it with Cbc.
Exit codes: 0 done, 1 the psclp target cannot be reached (the largest reachable
share is reported, outputs are written), 2 and up input errors.

In district shards, for a province on a cluster (network mode, --candidates,
psclp or mclp; docs/scale.md):
  siting shard OPTIONS --grid 5000 --out plan   (the input and walk options only)
  siting site OPTIONS --shard-manifest plan/manifest.json --shard N --out parts/shard-000N   (each N)
  siting site OPTIONS --shard-manifest plan/manifest.json --parts parts --out out)";

const char* kAccessExample = R"(
Example (the embedded sample district, floor area per 1,000 households):
  siting access --parcels geodata/sample/estates.geojson \
                --facilities geodata/sample/facilities.geojson \
                --roads geodata/sample/roads.geojson \
                --supply floor_area --demand households --decay gaussian --out out/access

  2SFCA (--decay none): each facility's supply is shared among all the demand
  within its catchment; a parcel's access is the sum of the shares it reaches.
  E2SFCA weights both steps by the walk: --decay steps (default bands 1, 0.68,
  0.22 on the catchment's thirds, or --steps 5:1,10:0.68,15:0.22) or gaussian.
  See docs/access.md.)";

// "5:1,10:0.68,15:0.22" as (minutes, weight) bands; Error(E001) when malformed.
// The ranges are checked by the library (access::AccessOptions::validate).
std::vector<std::pair<double, double>> parse_steps(const std::string& text) {
  std::vector<std::pair<double, double>> out;
  const std::string rule = "--steps expects MINUTES:WEIGHT bands separated by commas, e.g. 5:1,10:0.68,15:0.22; got " +
                           in_quotes(text);
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string band = text.substr(start, comma - start);
    const std::size_t colon = band.find(':');
    if (colon == std::string::npos) throw Error(ErrorCode::Usage, rule);
    auto number = [&](const std::string& t) {
      std::size_t used = 0;
      double v = 0.0;
      try {
        v = std::stod(t, &used);
      } catch (const std::exception&) {
        throw Error(ErrorCode::Usage, rule);
      }
      if (used != t.size() || t.empty()) throw Error(ErrorCode::Usage, rule);
      return v;
    };
    out.emplace_back(number(band.substr(0, colon)), number(band.substr(colon + 1)));
    start = comma + 1;
  }
  return out;
}

// Which network-only and matrix-only options were given, to refuse a mix.
std::vector<std::string> given(const CLI::App& app, const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const std::string& n : names)
    if (app.count(n) > 0) out.push_back(n);
  return out;
}

// --report, --no-pdf: the city report.
void add_report_options(CLI::App& cmd, bool& report, bool& pdf) {
  CLI::Option* r = cmd.add_flag("--report", report,
                                "also write the report: report.html (A4, self-contained) and report.pdf (printed by "
                                "Chromium); docs/report.md");
  cmd.add_flag("--no-pdf", [&pdf](std::int64_t) { pdf = false; }, "with --report: report.html only")->needs(r);
}

// --out-db, --out-schema, --overwrite: the run's tables also into PostGIS.
void add_database_options(CLI::App& cmd, io::DatabaseTarget& target) {
  CLI::Option* db = cmd.add_option("--out-db", target.connection,
                                   "also write every output table into this PostGIS database, in one transaction "
                                   "(GDAL connection string, e.g. \"PG:host=db dbname=plan user=siting\")")
                        ->type_name("PG:...");
  cmd.add_option("--out-schema", target.schema, "the database schema for --out-db (created when missing; default: public)")
      ->type_name("NAME")
      ->needs(db);
  cmd.add_flag("--overwrite", target.overwrite, "--out-db: replace tables of the same name (without it they are refused)")
      ->needs(db);
}

const char* kShardExample = R"(
A coverage run in district shards, for a province on a cluster (docs/scale.md):
  siting shard    OPTIONS --grid 5000 --out plan
  siting coverage OPTIONS --shard-manifest plan/manifest.json --shard N --out parts/shard-000N   (each N)
  siting merge    OPTIONS --shard-manifest plan/manifest.json --parts parts --out out
OPTIONS are the same siting coverage options each time (--parcels, --facilities,
--roads, --zones, ...); the merge writes what siting coverage OPTIONS --out out
writes. deploy/slurm/run.sh runs all three on a Slurm cluster.)";

const char* kSweepExample = R"(
Scenarios on one city, read and built once (docs/user-guide.md#siting-sweep):
  siting sweep OPTIONS --scenarios sweep.json --out out
The sweep file lists the scenarios: rule overrides, budgets, facilities closed
or opened, new sites by a model; comparison.csv has one row per scenario. On a
cluster, each array task takes a batch and the merge joins them:
  siting sweep OPTIONS --scenarios sweep.json --tasks T --task N --out parts/task-000N   (each N)
  siting merge OPTIONS --scenarios sweep.json --parts parts --out out
deploy/slurm/run.sh --sweep runs both on a Slurm cluster.)";

// The options of `siting coverage`, registered on a command: coverage itself,
// and shard and merge, which take the same options so that the three agree.
struct CoverageCommand {
  InputFlags flags;
  CoverageFlags cov;
  jobs::CoverageJobOptions job;
  std::vector<std::string> types;  // --facility-type, read in options()

  jobs::CoverageJobOptions options() const {
    jobs::CoverageJobOptions o = job;
    flags.apply(o.inputs);
    cov.apply(o.inputs, o.settings);
    for (const std::string& t : types) {
      const auto type = facility_type_from_string(t);
      if (!type) throw Error(ErrorCode::Usage, "--facility-type expects " + facility_type_names() + "; got " + in_quotes(t));
      o.facility_types.push_back(*type);
    }
    return o;
  }
};

CLI::App* add_coverage_command(CLI::App& app, const std::string& name, const std::string& description,
                               const char* footer, CoverageCommand& c) {
  CLI::App* cmd = app.add_subcommand(name, description);
  cmd->footer(footer);
  c.flags.parcels.add_to(*cmd, "residential parcels with households (optional: without them, only the network)", false);
  c.flags.facilities.add_to(*cmd, "elderly-care facilities", true);
  c.flags.zones.add_to(*cmd, "planning zones for coverage rates per zone; repeatable", false, true);
  c.cov.add_to(*cmd, true);
  c.flags.add_crs_and_kinds(*cmd);
  cmd->add_option("--rules", c.job.rules, "rule set: a preset or a JSON file (minutes, speed, target)")
      ->type_name("NAME|FILE")
      ->capture_default_str();
  cmd->add_option("--set", c.job.overrides, "override a rule: KEY=VALUE")->type_name("KEY=VALUE");
  cmd->add_option("--out", c.job.out_dir, "output folder")->type_name("DIR")->required();
  cmd->add_flag("--gpkg", c.job.gpkg, "also write siting.gpkg");
  cmd->add_flag("--csv-bom", c.job.csv_bom, "start CSV files with a UTF-8 byte-order mark (for Excel)");
  add_database_options(*cmd, c.job.out_db);
  add_report_options(*cmd, c.job.report, c.job.report_pdf);
  cmd->add_option("--facility-type", c.types,
                  "only facilities of these types, e.g. day_care for the day-care centres' circle: " +
                      facility_type_names() + " (comma-separated)")
      ->delimiter(',')
      ->type_name("TYPES");
  return cmd;
}

// --shard-manifest with --shard N (one shard's walks) or --parts DIR (their
// merge), for the commands whose merge is the command itself (check, site).
struct ShardFlags {
  std::string manifest, parts;
  std::optional<std::size_t> index;

  void add_to(CLI::App& cmd, const std::string& manifest_help, const std::string& parts_help) {
    CLI::Option* plan = cmd.add_option("--shard-manifest", manifest, manifest_help)->type_name("FILE");
    CLI::Option* one = cmd.add_option("--shard", index,
                                      "with --shard-manifest: run this shard's walks, from 0 (a Slurm array task id)")
                           ->type_name("N")
                           ->needs(plan);
    cmd.add_option("--parts", parts, parts_help)->type_name("DIR")->needs(plan)->excludes(one);
  }
  // Throws Error(E001) for --shard-manifest alone.
  void apply(std::optional<jobs::ShardTask>& shard, std::optional<jobs::ShardParts>& merge) const {
    if (manifest.empty()) return;
    if (index) shard = jobs::ShardTask{manifest, *index};
    else if (!parts.empty()) merge = jobs::ShardParts{manifest, parts};
    else throw Error(ErrorCode::Usage, "--shard-manifest needs --shard N (run one shard) or --parts DIR (merge them)");
  }
};

}  // namespace

// Everything CLI11 writes the parsed values into; the app holds references to
// these members, so they live at one address for the object's lifetime.
struct SitingCli::Flags {
  CLI::App app{"siting: elderly-care facility provision and siting analysis.\n"
               "Checks estates and zones against provision rules (e.g. Guangdong: 20 / 15 m2 of facility\n"
               "floor area per 100 households in new / old estates, 0.1 m2 of land per resident)."};
  bool quiet = false, verbose = false;

  InputFlags flags;
  jobs::CheckOptions check;
  CoverageFlags check_coverage;
  ShardFlags check_shards;
  CLI::App* cmd_check = nullptr;

  CoverageCommand coverage_run, shard_run, merge_run, sweep_run;
  jobs::SweepOptions sweep;
  std::optional<std::size_t> sweep_tasks, sweep_task;
  std::string merge_scenarios;
  CLI::App* cmd_sweep = nullptr;
  std::string shard_manifest;
  std::size_t shard_index = 0;
  jobs::ShardPlanOptions shard_plan;
  jobs::MergeOptions merge;
  CLI::App* cmd_coverage = nullptr;
  CLI::App* cmd_shard = nullptr;
  CLI::App* cmd_merge = nullptr;

  InputFlags rev_flags;
  CoverageFlags rev_cov;
  LayerOptions proposal{io::Role::Proposal, {}, {}, {}, {}};
  std::string proposal_facilities_layer;
  jobs::ReviewJobOptions review;
  CLI::App* cmd_review = nullptr;

  InputFlags site_flags;
  CoverageFlags site_cov;
  jobs::SiteJobOptions site;
  LayerOptions site_candidates{io::Role::Candidates, {}, {}, {}, {}};
  std::string site_model = "psclp", site_weight = "households";
  std::optional<double> site_k, site_target, candidate_spacing, search_minutes, cutoff;
  ShardFlags site_shards;
  CLI::App* cmd_site = nullptr;

  InputFlags acc_flags;
  CoverageFlags acc_cov;
  jobs::AccessJobOptions access;
  std::string acc_supply = "floor_area", acc_demand = "households", acc_decay = "none";
  std::optional<std::string> acc_steps;
  std::optional<double> acc_minutes;
  CLI::App* cmd_access = nullptr;

  CLI::App* cmd_rules = nullptr;
  CLI::App* cmd_plans = nullptr;
  std::string show;
  CLI::App* cmd_fields = nullptr;
  CLI::App* cmd_layers = nullptr;
  std::string dataset;

  Flags();
  Request request() const;
};

SitingCli::Flags::Flags() {
  app.set_version_flag("--version", siting::version_line());
  app.require_subcommand(1);
  app.fallthrough();  // -q / -v / --config also after the command name
  app.set_config("--config", "", "read options from a TOML file (keys are option names without --)");
  // A misspelt key in a batch config must stop the run, not be ignored. Set before
  // the subcommands are added: they inherit it.
  app.allow_config_extras(CLI::config_extras_mode::error);
  app.add_flag("-q,--quiet", quiet, "only errors and warnings on stderr");
  app.add_flag("-v,--verbose", verbose, "more detail on stderr (field mapping, GDAL messages)");

  // check
  cmd_check = app.add_subcommand("check", "check every estate and zone against the provision rules");
  cmd_check->footer(kCheckExample);
  flags.parcels.add_to(*cmd_check, "residential parcels (estates) with households and kind", true);
  flags.facilities.add_to(*cmd_check, "elderly-care facilities with floor area", true);
  flags.zones.add_to(*cmd_check, "planning zones (district / street / community); repeatable", false, true);
  flags.add_crs_and_kinds(*cmd_check);
  check_coverage.add_to(*cmd_check, false);
  cmd_check->add_option("--rules", check.rules, "rule set: a preset (" +
                                                    presets_list() + ") or a JSON file")
      ->type_name("NAME|FILE")
      ->capture_default_str();
  cmd_check->add_option("--plan", check.plan,
                        "the plan's indicator table: a preset (" + plan_presets_list() +
                            ") or a JSON file; without it the indicators are computed without targets")
      ->type_name("NAME|FILE");
  cmd_check->add_option("--set", check.overrides, "override a rule: KEY=VALUE, e.g. estate.new.floor_m2_per_100_households=25")
      ->type_name("KEY=VALUE");
  cmd_check->add_option("--out", check.out_dir, "output folder (created; only files siting wrote there are replaced, all at once)")
      ->type_name("DIR")
      ->required();
  cmd_check->add_flag("--gpkg", check.gpkg, "also write siting.gpkg (one layer per output table)");
  cmd_check->add_flag("--csv-bom", check.csv_bom, "start CSV files with a UTF-8 byte-order mark (for Excel)");
  add_database_options(*cmd_check, check.out_db);
  cmd_check->add_flag("--strict", check.strict, "exit with code 1 when any estate or zone fails");
  add_report_options(*cmd_check, check.report, check.report_pdf);
  check_shards.add_to(*cmd_check, "a check in district shards: the plan made by siting shard (docs/scale.md)",
                      "with --shard-manifest: join the shards' parts in this folder (shard-0000/, ...) and check the city");

  // coverage, and its sharded form: shard, coverage --shard N, merge
  cmd_coverage = add_coverage_command(app, "coverage", "15-minute service circles over the walking network, and gap maps",
                                      kCoverageExample, coverage_run);
  CLI::Option* manifest = cmd_coverage->add_option("--shard-manifest", shard_manifest,
                                                   "run one shard of a plan made by siting shard (docs/scale.md)")
                              ->type_name("FILE");
  cmd_coverage->add_option("--shard", shard_index, "with --shard-manifest: which shard, from 0 (a Slurm array task id)")
      ->type_name("N")
      ->needs(manifest);
  cmd_shard = add_coverage_command(app, "shard", "plan a coverage run in district shards for a cluster (docs/scale.md)",
                                   kShardExample, shard_run);
  CLI::Option* level = cmd_shard->add_option("--district-level", shard_plan.district_level,
                                             "the districts are the zones (--zones) of this level, e.g. street or 街道")
                           ->type_name("LEVEL");
  cmd_shard->add_option("--grid", shard_plan.grid_m, "without --district-level: square districts of this size, m [100, 1e6]")
      ->type_name("M")
      ->capture_default_str()
      ->excludes(level);
  cmd_merge = add_coverage_command(app, "merge", "join the shards of a planned coverage run into its outputs (docs/scale.md)",
                                   kShardExample, merge_run);
  CLI::Option* merge_manifest =
      cmd_merge->add_option("--shard-manifest", merge.manifest, "a sharded coverage run: the plan's manifest.json")
          ->type_name("FILE");
  cmd_merge->add_option("--scenarios", merge_scenarios, "a sweep run in tasks: the sweep file")
      ->type_name("FILE")
      ->excludes(merge_manifest);
  cmd_merge->add_option("--parts", merge.parts_dir,
                        "the folder holding shard-0000/, shard-0001/, ... (or task-0000/, ... of a sweep)")
      ->type_name("DIR")
      ->required();

  // sweep
  cmd_sweep = add_coverage_command(app, "sweep",
                                   "many scenarios on one city (rules, budgets, facilities closed or opened, new "
                                   "sites), one comparison table",
                                   kSweepExample, sweep_run);
  cmd_sweep->add_option("--scenarios", sweep.scenarios, "the sweep file (JSON; see docs/user-guide.md#siting-sweep)")
      ->type_name("FILE")
      ->required();
  CLI::Option* tasks = cmd_sweep->add_option("--tasks", sweep_tasks,
                                             "run one batch of the scenarios: split them into T batches, [1, scenarios]")
                           ->type_name("T");
  CLI::Option* task = cmd_sweep->add_option("--task", sweep_task, "with --tasks: which batch, from 0 (a Slurm array task id)")
                          ->type_name("N");
  tasks->needs(task);
  task->needs(tasks);

  // review
  cmd_review = app.add_subcommand("review", "planning-permit review: one proposed estate in, one verdict out");
  cmd_review->footer(kReviewExample);
  proposal.add_to(*cmd_review,
                  "the proposal: estate polygons (one per phase) and its planned facilities; or a folder of "
                  "proposals; repeatable",
                  true, true);
  cmd_review->add_option("--proposal-facilities-layer", proposal_facilities_layer,
                         "layer of the proposal's facilities (default: one named " +
                             io::default_layer_names(io::Role::ProposalFacilities) +
                             ", else the points of the proposal layer)")
      ->type_name("NAME");
  rev_flags.facilities.add_to(*cmd_review, "existing elderly-care facilities (context)", false);
  rev_flags.zones.add_to(*cmd_review, "planning zones, for land per resident (context); repeatable", false, true);
  rev_flags.parcels.add_to(*cmd_review, "existing estates, for zone population where zones give none (context)", false);
  rev_cov.add_to(*cmd_review, false, CoverageFlags::ForReview);
  rev_flags.add_crs_and_kinds(*cmd_review);
  cmd_review->add_option("--rules", review.rules, "rule set: a preset or a JSON file")->type_name("NAME|FILE")->capture_default_str();
  cmd_review->add_option("--set", review.overrides, "override a rule: KEY=VALUE, e.g. review.independent_entrance=true")
      ->type_name("KEY=VALUE");
  cmd_review->add_option("--out", review.out_dir, "output folder")->type_name("DIR")->required();

  // site
  cmd_site = app.add_subcommand("site", "where new facilities go: the fewest sites reaching the coverage target, "
                                              "or the best k, with a bound on how far from the best possible");
  cmd_site->footer(kSiteExample);
  cmd_site->add_option("--model", site_model,
                       "psclp: the fewest new sites reaching --target; mclp: k sites covering the most; pmedian: k "
                       "sites with the least weighted walk")
      ->check(CLI::IsMember({"mclp", "psclp", "pmedian"}))
      ->capture_default_str();
  cmd_site->add_option("--k", site_k, "new sites for mclp and pmedian, a whole number in [1, candidates]")->type_name("N");
  cmd_site->add_option("--target", site_target,
                       "psclp: share of the demand to bring within the circle, in (0, 1] (default: the rule set's "
                       "coverage target, 0.9 in guangdong)")
      ->type_name("SHARE");
  cmd_site->add_flag("--single-assignment", site.single_assignment,
                     "with capacities: serve each parcel (demand point) wholly from one site");
  cmd_site->add_flag("--no-capacity", site.no_capacity, "ignore facility and candidate capacities");
  cmd_site->add_flag("--exact", site.exact, "prove the answer with the Cbc MIP solver (warm-started; see --time-limit)");
  cmd_site->add_option("--time-limit", site.time_limit_s, "Cbc's time limit in seconds, in (0, 86400]")
      ->type_name("S")
      ->capture_default_str();
  site_flags.parcels.add_to(*cmd_site, "network mode: residential parcels with households (the demand)", false);
  site_flags.facilities.add_to(*cmd_site, "network mode: existing facilities (kept open; capacity from floor area)", false);
  site_flags.zones.add_to(*cmd_site, "network mode: planning zones for coverage before/after per zone; repeatable", false,
                          true);
  site_cov.add_to(*cmd_site, false, CoverageFlags::ForReview);
  cmd_site->add_option("--threads", site_cov.threads,
                       "network mode: worker threads, " + coverage::kThreadsRange.text() + " (default 0: one per core)")
      ->type_name("N");
  site_flags.add_crs_and_kinds(*cmd_site);
  site_candidates.add_to(*cmd_site,
                         "network mode: candidate sites, points or polygons (optional fields: capacity in households, "
                         "floor_area, land_area, cost)",
                         false);
  cmd_site->add_option("--candidate-spacing", candidate_spacing,
                       "network mode: generate candidates every M metres along the streets in the gap areas, in [10, 5000]")
      ->type_name("M");
  cmd_site->add_option("--weight", site_weight, "network mode: the demand weight")
      ->check(CLI::IsMember({"households", "residents", "elderly"}))
      ->capture_default_str();
  cmd_site->add_option("--search-minutes", search_minutes,
                       "network mode, pmedian: how far each candidate's walk is searched, in (0, 600] min (default: 2 x "
                       "the circle)")
      ->type_name("MIN");
  site_shards.add_to(*cmd_site, "network mode in district shards: the plan made by siting shard (docs/scale.md)",
                     "with --shard-manifest: join the shards' parts in this folder (shard-0000/, ...), solve and write");
  cmd_site->add_option("--od", site.matrix.od, "matrix mode: CSV demand_id,site_id,cost (reachable pairs only)")
      ->type_name("FILE");
  cmd_site->add_option("--demand", site.matrix.demand, "matrix mode: CSV id,weight (default: every demand id, weight 1)")
      ->type_name("FILE");
  cmd_site->add_option("--demand-weight", site.matrix.weight_field,
                       "matrix mode: the column of --demand holding the weight, e.g. elderly (default: weight)")
      ->type_name("COLUMN");
  cmd_site->add_option("--sites", site.matrix.sites,
                       "matrix mode: CSV id[,capacity][,fixed][,cost]; fixed=1 marks an existing facility (default: "
                       "every site id, all candidates)")
      ->type_name("FILE");
  cmd_site->add_option("--cutoff", cutoff, "matrix mode: the covering budget in the table's cost unit, >= 0 (required)")
      ->type_name("C");
  cmd_site->add_option("--rules", site.rules, "rule set: a preset or a JSON file (minutes, speed, target, m2 per 100 "
                                              "households)")
      ->type_name("NAME|FILE")
      ->capture_default_str();
  cmd_site->add_option("--set", site.overrides, "override a rule: KEY=VALUE")->type_name("KEY=VALUE");
  cmd_site->add_option("--out", site.out_dir, "output folder")->type_name("DIR")->required();
  cmd_site->add_flag("--gpkg", site.gpkg, "network mode: also write siting.gpkg");
  cmd_site->add_flag("--csv-bom", site.csv_bom, "start CSV files with a UTF-8 byte-order mark (for Excel)");
  add_database_options(*cmd_site, site.out_db);
  add_report_options(*cmd_site, site.report, site.report_pdf);

  // access
  cmd_access = app.add_subcommand("access", "capacity-aware access: supply per 1,000 people reachable from each parcel "
                                            "(2SFCA / E2SFCA over the walking network)");
  cmd_access->footer(kAccessExample);
  acc_flags.parcels.add_to(*cmd_access, "residential parcels with the demand (households, population or elderly)", true);
  acc_flags.facilities.add_to(*cmd_access, "elderly-care facilities with the supply (floor area or beds)", true);
  acc_flags.zones.add_to(*cmd_access, "planning zones, for zone columns in access.csv; repeatable", false, true);
  acc_cov.add_to(*cmd_access, true, CoverageFlags::ForAccess);
  acc_flags.add_crs_and_kinds(*cmd_access);
  cmd_access->add_option("--supply", acc_supply,
                         "what a facility offers: floor_area (建筑面积, m2) or beds (床位数, of every facility)")
      ->check(CLI::IsMember({"floor_area", "beds"}))
      ->capture_default_str();
  cmd_access->add_option("--demand", acc_demand,
                         "a parcel's demand: households, residents (population, else households x the rule set's "
                         "persons per household) or elderly (required of every parcel)")
      ->check(CLI::IsMember({"households", "residents", "elderly"}))
      ->capture_default_str();
  cmd_access->add_option("--decay", acc_decay,
                         "none: classic 2SFCA; steps: E2SFCA with a weight per time band (--steps); gaussian: "
                         "E2SFCA with the normalised Gaussian, 1 at the facility and 0 at the catchment's edge")
      ->check(CLI::IsMember({"none", "steps", "gaussian"}))
      ->capture_default_str();
  cmd_access->add_option("--steps", acc_steps,
                         "--decay steps: MINUTES:WEIGHT bands, minutes strictly increasing up to the catchment, "
                         "weights in (0, 1] non-increasing, 1 to 10 bands (default 1, 0.68, 0.22 on the catchment's "
                         "thirds: 5:1,10:0.68,15:0.22 for 15 min)")
      ->type_name("LIST");
  cmd_access->add_option("--minutes", acc_minutes,
                         "the catchment in minutes of walking, " + network::kMinutesRange.text() +
                             " (default: the last --steps bound, else the rule set's circle, 15 in guangdong)")
      ->type_name("MIN");
  cmd_access->add_option("--rules", access.rules, "rule set: a preset or a JSON file (circle, speed, persons per "
                                                  "household)")
      ->type_name("NAME|FILE")
      ->capture_default_str();
  cmd_access->add_option("--set", access.overrides, "override a rule: KEY=VALUE")->type_name("KEY=VALUE");
  cmd_access->add_option("--out", access.out_dir, "output folder")->type_name("DIR")->required();
  cmd_access->add_flag("--gpkg", access.gpkg, "also write siting.gpkg");
  cmd_access->add_flag("--csv-bom", access.csv_bom, "start CSV files with a UTF-8 byte-order mark (for Excel)");
  add_database_options(*cmd_access, access.out_db);
  add_report_options(*cmd_access, access.report, access.report_pdf);

  // rules
  cmd_rules = app.add_subcommand("rules", "list the rule-set presets, or print one to start your own");
  cmd_rules->add_option("name", show, "preset to print as JSON");
  cmd_rules->footer("\nExample:\n  siting rules                  # list presets\n  siting rules anhui > my.json  # "
                    "then edit, and run: siting check --rules my.json ...");

  // plans
  cmd_plans = app.add_subcommand("plans", "list the plan presets (indicator tables), or print one to fill in");
  cmd_plans->add_option("name", show, "preset to print as JSON");
  cmd_plans->footer("\nExample:\n  siting plans                            # list presets\n"
                    "  siting plans huizhou-dayawan > plan.json  # fill in the targets, then run:\n"
                    "  siting check --plan plan.json ...");

  // fields
  cmd_fields = app.add_subcommand("fields", "list the logical fields and the names recognised for them");

  // layers
  cmd_layers = app.add_subcommand("layers", "list the layers and fields of a dataset");
  cmd_layers->add_option("dataset", dataset, "file or data source")->required();
  cmd_layers->footer("\nExample:\n  siting layers bureau.gpkg");
}

Request SitingCli::Flags::request() const {
  Request r;
  if (cmd_check->parsed()) {
    r.command = Request::Command::Check;
    r.check = check;
    flags.apply(r.check.inputs);
    check_coverage.apply(r.check.inputs, r.check.coverage);
    check_shards.apply(r.check.shard, r.check.merge);
  } else if (cmd_coverage->parsed()) {
    r.command = Request::Command::Coverage;
    r.coverage = coverage_run.options();
    if (!shard_manifest.empty()) r.coverage.shard = jobs::ShardTask{shard_manifest, shard_index};
  } else if (cmd_shard->parsed()) {
    r.command = Request::Command::Shard;
    r.shard = shard_plan;
    r.shard.run = shard_run.options();
    r.shard.out_dir = r.shard.run.out_dir;
  } else if (cmd_merge->parsed() && !merge_scenarios.empty()) {
    r.command = Request::Command::SweepMerge;
    r.sweep_merge.run = merge_run.options();
    r.sweep_merge.scenarios = merge_scenarios;
    r.sweep_merge.parts_dir = merge.parts_dir;
  } else if (cmd_merge->parsed()) {
    if (merge.manifest.empty())
      throw Error(ErrorCode::Usage, "siting merge needs --shard-manifest FILE (a sharded coverage run) or --scenarios "
                                    "FILE (a sweep run in tasks)");
    r.command = Request::Command::Merge;
    r.merge = merge;
    r.merge.run = merge_run.options();
  } else if (cmd_sweep->parsed()) {
    r.command = Request::Command::Sweep;
    r.sweep = sweep;
    r.sweep.run = sweep_run.options();
    if (sweep_tasks) r.sweep.task = jobs::SweepTask{*sweep_tasks, *sweep_task};
  } else if (cmd_review->parsed()) {
    r.command = Request::Command::Review;
    r.review = review;
    rev_flags.apply(r.review.inputs);
    rev_cov.apply(r.review.inputs, r.review.settings);
    for (const io::LayerSource& src : proposal.sources())
      r.review.proposals.push_back({src, proposal_facilities_layer});
  } else if (cmd_site->parsed()) {
    r.command = Request::Command::Site;
    r.site = site;
    const std::vector<std::string> matrix_given =
        given(*cmd_site, {"--od", "--demand", "--demand-weight", "--sites", "--cutoff"});
    const std::vector<std::string> network_given =
        given(*cmd_site, {"--parcels", "--facilities", "--zones", "--roads", "--candidates", "--candidate-spacing",
                          "--weight", "--search-minutes", "--minutes", "--speed", "--max-snap", "--lateral", "--threads",
                          "--gpkg", "--report", "--shard-manifest"});
    if (!matrix_given.empty() && !network_given.empty())
      throw Error(ErrorCode::Usage, "matrix mode (" + matrix_given.front() + ") and network mode (" +
                                        network_given.front() + ") cannot be mixed: give either --od, --demand, "
                                        "--sites and --cutoff, or the layers");
    if (cmd_site->count("--demand-weight") > 0 && site.matrix.demand.empty())
      throw Error(ErrorCode::Usage, "--demand-weight names a column of --demand FILE, which is not given");
    if (!matrix_given.empty() && site.matrix.od.empty())
      throw Error(ErrorCode::Usage, matrix_given.front() + " is for matrix mode, which needs --od FILE");
    if (matrix_given.empty() && network_given.empty())
      throw Error(ErrorCode::Usage, "give --od FILE (matrix mode) or --parcels, --facilities and --roads (network mode)");
    jobs::SiteJobOptions& s = r.site;
    s.model = site_model == "mclp" ? location::Model::Mclp
              : site_model == "pmedian" ? location::Model::Pmedian : location::Model::Psclp;
    if (site_k) {
      check_option("--k", *site_k, Range{1.0, 1e9, false, "", true});
      s.k = static_cast<std::size_t>(*site_k);
    }
    s.target_share = site_target;
    s.cutoff = cutoff;
    if (!network_given.empty()) {
      site_flags.apply(s.inputs);
      site_cov.apply(s.inputs, s.settings);
      s.weight = site_weight == "residents" ? jobs::SiteWeight::Residents
                 : site_weight == "elderly" ? jobs::SiteWeight::Elderly : jobs::SiteWeight::Households;
      s.candidate_spacing_m = candidate_spacing;
      s.search_minutes = search_minutes;
      const std::vector<io::LayerSource> candidates = site_candidates.sources();
      if (!candidates.empty()) s.candidates = candidates.front();
      site_shards.apply(s.shard, s.merge);
    }
  } else if (cmd_access->parsed()) {
    r.command = Request::Command::Access;
    r.access = access;
    acc_flags.apply(r.access.inputs);
    acc_cov.apply(r.access.inputs, r.access.settings);
    r.access.supply = acc_supply == "beds" ? jobs::AccessSupply::Beds : jobs::AccessSupply::FloorArea;
    r.access.demand = acc_demand == "residents" ? location::DemandWeight::Residents
                      : acc_demand == "elderly" ? location::DemandWeight::Elderly
                                                : location::DemandWeight::Households;
    r.access.decay = acc_decay == "steps" ? access::Decay::Steps
                     : acc_decay == "gaussian" ? access::Decay::Gaussian : access::Decay::None;
    r.access.minutes = acc_minutes;
    if (acc_steps) r.access.steps = parse_steps(*acc_steps);
  } else if (cmd_rules->parsed()) {
    r.command = Request::Command::Rules;
    r.preset = show;
  } else if (cmd_plans->parsed()) {
    r.command = Request::Command::Plans;
    r.preset = show;
  } else if (cmd_fields->parsed()) {
    r.command = Request::Command::Fields;
  } else {
    r.command = Request::Command::Layers;
    r.dataset = dataset;
  }
  return r;
}

SitingCli::SitingCli() : flags_(std::make_unique<Flags>()) {}
SitingCli::~SitingCli() = default;

CLI::App& SitingCli::app() { return flags_->app; }

LogLevel SitingCli::log_level() const {
  return flags_->quiet ? LogLevel::Warn : flags_->verbose ? LogLevel::Debug : LogLevel::Info;
}

Request SitingCli::request() const { return flags_->request(); }

}  // namespace siting::cli
