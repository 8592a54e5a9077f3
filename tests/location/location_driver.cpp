// SPDX-License-Identifier: Apache-2.0
// A test driver for the location engine: reads a matrix-mode problem (or an
// OR-Library p-median file), solves it and prints the Result as JSON on stdout.
// Not the `siting site` command; it lets the independent checks (pulp_check.py)
// and the benchmarks (bench/location/) run the engine from outside.
//
//   siting-location-driver --model mclp --od od.csv --demand demand.csv --sites sites.csv --cutoff 900 --k 5
//   siting-location-driver --model pmedian --orlib pmed1.txt --exact --time-limit 60

#include <CLI/CLI.hpp>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "siting/error.hpp"
#include "siting/location/matrix_csv.hpp"
#include "siting/location/orlib.hpp"
#include "siting/location/solve.hpp"

using namespace siting;
using namespace siting::location;

namespace {

nlohmann::json to_json(const Problem& problem, const Result& r, bool with_assignment) {
  nlohmann::json j;
  const auto& sites = problem.sites();
  const auto& demand = problem.demand();
  j["model"] = to_string(r.model);
  j["objective"] = r.objective;
  j["bound"] = r.bound;
  j["gap"] = r.gap;
  j["proven_optimal"] = r.proven_optimal;
  j["bound_method"] = r.bound_method;
  j["chosen"] = nlohmann::json::array();
  for (const ChosenSite& c : r.chosen)
    j["chosen"].push_back({{"id", sites[c.site].id}, {"marginal", c.marginal}, {"assigned", c.assigned}});
  j["load"] = nlohmann::json::array();
  for (const SiteLoad& l : r.load) j["load"].push_back({{"id", sites[l.site].id}, {"assigned", l.assigned}});
  j["tradeoff"] = nlohmann::json::array();
  for (const TradeoffPoint& t : r.tradeoff)
    j["tradeoff"].push_back({{"new_sites", t.new_sites}, {"objective", t.objective}, {"final", t.final_solution}});
  j["unreachable"] = nlohmann::json::array();
  for (Index i : r.unreachable) j["unreachable"].push_back(demand[i].id);
  j["unreachable_weight"] = r.unreachable_weight;
  j["unassigned"] = nlohmann::json::array();
  for (Index i : r.unassigned) j["unassigned"].push_back(demand[i].id);
  j["unassigned_weight"] = r.unassigned_weight;
  j["total_weight"] = r.total_weight;
  j["covered_weight"] = r.covered_weight;
  j["covered_share"] = r.covered_share;
  j["target_reachable"] = r.target_reachable;
  j["max_share"] = r.max_share;
  j["penalty"] = r.penalty;
  j["greedy_objective"] = r.greedy_objective;
  j["heuristic_objective"] = r.heuristic_objective;
  j["moves"] = r.moves;
  j["exact_run"] = r.exact_run;
  j["exact_status"] = r.exact_status;
  j["kernel_sites"] = r.kernel_sites;
  j["kernel_status"] = r.kernel_status;
  const Preprocessing& p = r.preprocessing;
  j["preprocessing"] = {{"demand_points", p.demand_points},
                        {"demand_groups", p.demand_groups},
                        {"candidates", p.candidates},
                        {"candidates_kept", p.candidates_kept},
                        {"candidates_dominated", p.candidates_dominated},
                        {"candidates_useless", p.candidates_useless},
                        {"weight_by_existing", p.weight_by_existing}};
  j["seconds"] = r.seconds;
  if (with_assignment) {
    j["assignment"] = nlohmann::json::array();
    for (const Assignment& a : r.assignment)
      j["assignment"].push_back(
          {{"demand", demand[a.demand].id}, {"site", sites[a.site].id}, {"cost", a.cost}, {"share", a.share}});
  }
  return j;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"siting location engine test driver (matrix mode; JSON on stdout)"};
  std::string model = "mclp", od, demand_file, sites_file, weight_field = "weight", orlib;
  std::optional<double> cutoff;
  std::size_t k = 1;
  double target = 0.9, time_limit = 60.0, penalty = 0.0;
  bool single = false, no_capacity = false, exact = false, solver_log = false, with_assignment = false;
  std::string local_search = "best", bound = "best";
  std::optional<std::size_t> rounds, tabu, tenure, lagrangian_iterations, lp_max_nonzeros, drop_attempts, tabu_drops,
      kernel_variants, kernel_nodes;
  bool no_kernel = false;
  std::uint64_t seed = 1;
  app.add_option("--model", model, "mclp, psclp or pmedian")->check(CLI::IsMember({"mclp", "psclp", "pmedian"}));
  app.add_option("--od", od, "CSV demand_id,site_id,cost");
  app.add_option("--demand", demand_file, "CSV id,weight");
  app.add_option("--sites", sites_file, "CSV id[,capacity][,fixed][,cost]");
  app.add_option("--weight-field", weight_field, "weight column of --demand");
  app.add_option("--orlib", orlib, "OR-Library p-median file (pmedN.txt); p from the file unless --k");
  app.add_option("--cutoff", cutoff, "covering budget (mclp, psclp)");
  auto* k_opt = app.add_option("--k,--p", k, "new sites (mclp, pmedian)");
  app.add_option("--target", target, "target share (psclp)");
  app.add_flag("--single-assignment", single, "capacities: no splitting");
  app.add_flag("--no-capacity", no_capacity, "ignore capacities");
  app.add_flag("--exact", exact, "run Cbc after the heuristic");
  app.add_option("--time-limit", time_limit, "Cbc time limit (s)");
  app.add_flag("--solver-log", solver_log, "show Cbc's log");
  app.add_option("--local-search", local_search)->check(CLI::IsMember({"best", "first", "none"}));
  app.add_option("--rounds", rounds, "perturbation rounds");
  app.add_option("--seed", seed);
  app.add_option("--tabu", tabu, "tabu-search steps (covering)");
  app.add_option("--tenure", tenure, "tabu tenure (0 = automatic)");
  app.add_option("--bound", bound)->check(CLI::IsMember({"best", "lp", "lagrangian", "none"}));
  app.add_option("--lagrangian-iterations", lagrangian_iterations);
  app.add_option("--lp-max-nonzeros", lp_max_nonzeros);
  app.add_option("--drop-attempts", drop_attempts);
  app.add_option("--tabu-drops", tabu_drops);
  app.add_flag("--no-kernel", no_kernel, "psclp: no kernel search");
  app.add_option("--kernel-variants", kernel_variants, "psclp: mclp searches feeding the kernel");
  app.add_option("--kernel-nodes", kernel_nodes, "psclp: node limit of the kernel's MIP");
  app.add_option("--penalty", penalty, "pmedian unreached penalty (0 = automatic)");
  app.add_flag("--assignment", with_assignment, "include the assignment");
  CLI11_PARSE(app, argc, argv);

  try {
    std::optional<Problem> problem;
    if (!orlib.empty()) {
      PmedInstance inst = read_orlib_pmedian(orlib);
      if (k_opt->count() == 0) k = inst.p;
      problem.emplace(std::move(inst.problem));
      model = "pmedian";
    } else {
      problem.emplace(read_matrix(MatrixFiles{od, demand_file, sites_file, weight_field}));
    }
    auto configure = [&](auto& o) {
      o.search.local_search = local_search == "best"    ? LocalSearch::BestImprovement
                              : local_search == "first" ? LocalSearch::FirstImprovement
                                                        : LocalSearch::None;
      if (rounds) o.search.perturbation_rounds = *rounds;
      if (tabu) o.search.tabu_steps = *tabu;
      if (tenure) o.search.tabu_tenure = *tenure;
      o.search.seed = seed;
      o.bound.method = bound == "best"         ? BoundMethod::Best
                       : bound == "lp"         ? BoundMethod::Lp
                       : bound == "lagrangian" ? BoundMethod::Lagrangian
                                               : BoundMethod::None;
      if (lagrangian_iterations) o.bound.lagrangian_iterations = *lagrangian_iterations;
      if (lp_max_nonzeros) o.bound.lp_max_nonzeros = *lp_max_nonzeros;
      o.exact.enabled = exact;
      o.exact.time_limit_s = time_limit;
      o.exact.log = solver_log;
    };
    Result r;
    if (model == "mclp") {
      MclpOptions o;
      o.k = k;
      o.cutoff = cutoff.value_or(std::numeric_limits<double>::quiet_NaN());
      o.use_capacity = !no_capacity;
      o.single_assignment = single;
      configure(o);
      r = solve(*problem, o);
    } else if (model == "psclp") {
      PsclpOptions o;
      o.target_share = target;
      o.cutoff = cutoff.value_or(std::numeric_limits<double>::quiet_NaN());
      if (drop_attempts) o.drop_attempts = *drop_attempts;
      o.kernel.enabled = !no_kernel;
      if (kernel_variants) o.kernel.variants = *kernel_variants;
      if (kernel_nodes) o.kernel.max_nodes = *kernel_nodes;
      if (tabu_drops) o.tabu_drops = *tabu_drops;
      configure(o);
      r = solve(*problem, o);
    } else {
      PmedianOptions o;
      o.p = k;
      o.use_capacity = !no_capacity;
      o.single_assignment = single;
      o.unreached_penalty = penalty;
      configure(o);
      r = solve(*problem, o);
    }
    std::cout << to_json(*problem, r, with_assignment).dump(1) << "\n";
    return 0;
  } catch (const Error& e) {
    std::cerr << e.what() << "\n";
    return e.exit_code();
  }
}
