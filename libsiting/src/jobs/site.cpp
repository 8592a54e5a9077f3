// SPDX-License-Identifier: Apache-2.0
#include "siting/jobs/site.hpp"

#include <chrono>
#include <limits>

#include "detail/text.hpp"
#include "jobs/common.hpp"
#include "jobs/outputs.hpp"
#include "jobs/site_run.hpp"
#include "siting/io/output_dir.hpp"
#include "siting/log.hpp"
#include "siting/options.hpp"
#include "siting/report/report.hpp"

namespace siting::jobs {

using siting::detail::format_number;

namespace detail {

namespace {

constexpr Range kTargetRange{0.0, 1.0, true, ""};
constexpr Range kTimeLimitRange{0.0, 86400.0, true, "s"};
// Costs come from any router, in its unit; the bound only keeps sums finite (as for costs in a table).
constexpr Range kCutoffRange{0.0, 1e15, false, ""};

bool needs_k(location::Model m) { return m != location::Model::Psclp; }

}  // namespace

void check_site_options(const SiteJobOptions& o) {
  const std::string model = location::to_string(o.model);
  if (needs_k(o.model) && !o.k) throw Error(ErrorCode::Usage, "--model " + model + " needs --k N (the new sites)");
  if (!needs_k(o.model) && o.k)
    throw Error(ErrorCode::Usage, "--k is for --model mclp and pmedian; psclp finds the number of sites (--target)");
  if (needs_k(o.model) && o.target_share)
    throw Error(ErrorCode::Usage, "--target is for --model psclp; " + model + " takes --k");
  if (o.k && *o.k < 1) throw Error(ErrorCode::Usage, "--k must be at least 1, got 0");
  if (o.target_share) check_option("--target", *o.target_share, kTargetRange);
  check_option("--time-limit", o.time_limit_s, kTimeLimitRange);
  if (o.out_dir.empty()) throw Error(ErrorCode::Usage, "no output folder given (--out DIR)");
}

void check_site_problem(const SiteJobOptions& o, const location::Problem& problem, const std::string& what) {
  const std::size_t n = problem.candidate_count();
  if (n == 0) throw Error(ErrorCode::EmptyLayer, "no candidate sites: " + what + " has none; expected at least one");
  if (o.k && *o.k > n)
    throw Error(ErrorCode::Usage, "--k " + std::to_string(*o.k) + " is more than the " + std::to_string(n) +
                                      " candidate sites of " + what);
}

double site_target(const SiteJobOptions& o, const rules::RuleSet& rules) {
  if (o.target_share) return *o.target_share;
  // A rule set without a target (0) would make psclp pointless; the engine's range check names it.
  return rules.coverage.target_share;
}

location::Result solve_site(const location::Problem& problem, const SiteJobOptions& o, double cutoff,
                            double target_share) {
  location::ExactOptions exact;
  exact.enabled = o.exact;
  exact.time_limit_s = o.time_limit_s;
  switch (o.model) {
    case location::Model::Mclp: {
      location::MclpOptions m;
      m.k = *o.k;
      m.cutoff = cutoff;
      m.use_capacity = !o.no_capacity;
      m.single_assignment = o.single_assignment;
      m.exact = exact;
      return location::solve(problem, m);
    }
    case location::Model::Psclp: {
      location::PsclpOptions m;
      m.target_share = target_share;
      m.cutoff = cutoff;
      m.exact = exact;
      return location::solve(problem, m);
    }
    case location::Model::Pmedian: {
      location::PmedianOptions m;
      m.p = *o.k;
      m.use_capacity = !o.no_capacity;
      m.single_assignment = o.single_assignment;
      m.exact = exact;
      return location::solve(problem, m);
    }
  }
  throw Error(ErrorCode::Internal, "unknown model");
}

double weight_within(const location::Problem& problem, const location::Result& result, double cutoff,
                     bool with_chosen) {
  std::vector<char> open(problem.sites().size(), 0);
  for (std::size_t s = 0; s < open.size(); ++s) open[s] = problem.sites()[s].fixed;
  if (with_chosen)
    for (const location::ChosenSite& c : result.chosen) open[c.site] = 1;
  double w = 0.0;
  for (location::Index d = 0; d < problem.demand().size(); ++d)
    for (const location::Link& l : problem.sites_of(d))
      if (open[l.to] && l.cost <= cutoff) {
        w += problem.demand()[d].weight;
        break;
      }
  return w;
}

SiteJobResult finish_site(io::OutputDir& out, report::Output& w, report::SiteReport& rep,
                          std::chrono::steady_clock::time_point start) {
  rep.weight_before = weight_within(rep.problem, rep.result, rep.cutoff, false);
  rep.weight_after = weight_within(rep.problem, rep.result, rep.cutoff, true);
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  SiteJobResult r;
  r.summary_text = report::write_site(w, rep);
  commit_outputs(out, w.db);
  r.files = w.files;
  r.exit_code = rep.result.model == location::Model::Psclp && !rep.result.target_reachable ? 1 : 0;
  r.result = rep.result;
  return r;
}

namespace {

void check_matrix_options(const SiteJobOptions& o) {
  if (!o.cutoff) throw Error(ErrorCode::Usage, "matrix mode (--od) needs --cutoff C, the covering budget in the table's cost unit");
  check_option("--cutoff", *o.cutoff, kCutoffRange);
  if (o.gpkg) throw Error(ErrorCode::Usage, "--gpkg needs network mode: matrix mode has no geometry");
  if (o.report) throw Error(ErrorCode::Usage, "--report needs network mode: matrix mode has no map to draw");
  if (o.candidates || o.candidate_spacing_m || o.search_minutes || o.weight != SiteWeight::Households)
    throw Error(ErrorCode::Usage,
                "matrix mode (--od) takes no --candidates, --candidate-spacing, --search-minutes or --weight");
}

SiteJobResult run_site_matrix(const SiteJobOptions& o, const rules::RuleSet& rules) {
  const auto t0 = std::chrono::steady_clock::now();
  check_matrix_options(o);
  const location::Problem problem = location::read_matrix(o.matrix);
  check_site_problem(o, problem, o.matrix.sites.empty() ? o.matrix.od : o.matrix.sites);
  log::info("matrix: ", problem.demand().size(), " demand points, ", problem.sites().size(), " sites (",
            problem.candidate_count(), " candidates), ", problem.arc_count(), " pairs");
  const std::vector<std::string> planned = site_outputs(o);
  io::OutputDir out(o.out_dir, planned);
  const auto db = open_database(o.out_db, planned);
  const double cutoff = *o.cutoff;
  const location::Result result = solve_site(problem, o, cutoff, site_target(o, rules));

  report::SiteReport rep{o, rules, problem, result};
  rep.cutoff = cutoff;
  rep.weight_name = "demand";
  rep.budget_text = "cost " + format_number(cutoff);
  for (const location::DemandPoint& d : problem.demand()) rep.households.push_back(d.weight);
  report::Output w{out, crs::Crs(), false, io::CsvOptions{o.csv_bom}};
  w.db = db.get();
  return finish_site(out, w, rep, t0);
}

}  // namespace

}  // namespace detail

SiteJobResult run_site(const SiteJobOptions& options) {
  const rules::RuleSet rules = detail::load_rules(options.rules, options.overrides);
  detail::check_site_options(options);
  detail::log_rules(rules);
  if (!options.matrix.od.empty()) return detail::run_site_matrix(options, rules);
  return detail::run_site_network(options, rules);
}

}  // namespace siting::jobs
