// SPDX-License-Identifier: Apache-2.0
#pragma once

// What both modes of `siting site` share (jobs/site.cpp): checking the options,
// running the chosen model, and the weight within the budget of a set of open
// sites. Network mode (jobs/site_network.cpp) builds its problem from the
// walking graph and runs coverage before and after.

#include <chrono>
#include <vector>

#include "jobs/coverage_run.hpp"
#include "siting/io/output_dir.hpp"
#include "siting/jobs/site.hpp"
#include "siting/location/network.hpp"
#include "siting/location/problem.hpp"
#include "siting/location/solve.hpp"
#include "siting/report/report.hpp"
#include "siting/rules/ruleset.hpp"

namespace siting::jobs::detail {

// The options that do not depend on the data: --k / --target per model, the
// target's range, the time limit. Throws Error(E001).
void check_site_options(const SiteJobOptions& options);
// The options that depend on the problem: at least one candidate (E103), k no
// more than the candidates (E001). `what` names the candidates in messages.
void check_site_problem(const SiteJobOptions& options, const location::Problem& problem, const std::string& what);

// psclp's target: the option, else the rule set's.
double site_target(const SiteJobOptions& options, const rules::RuleSet& rules);

location::Result solve_site(const location::Problem& problem, const SiteJobOptions& options, double cutoff,
                            double target_share);

// Weight of the demand within `cutoff` of an open site: the fixed ones, plus the
// chosen ones when `with_chosen`.
double weight_within(const location::Problem& problem, const location::Result& result, double cutoff,
                     bool with_chosen);

// The weights before and after and the run's seconds into `report`, then the
// report written into `w` and `out` committed. Exit code 0, or 1 when a psclp
// target cannot be reached (a verdict, like check --strict's).
SiteJobResult finish_site(io::OutputDir& out, report::Output& w, report::SiteReport& report,
                          std::chrono::steady_clock::time_point start);

// Network siting on a graph built once (`siting site`, and each scenario of
// `siting sweep`): the candidates (`layer_candidates` when options.candidates is
// set, else generated along the gaps of `before`, which then needs its
// polygons), their capacities, the location problem from `facilities` (the
// existing ones), the solve, and the facilities after. With `pairs` (a sharded
// siting's merge) the problem is made from the shards' pairs, taken over,
// instead of walking. Throws siting::Error.
struct NetworkSiting {
  std::vector<Candidate> candidates;
  std::string source;  // "layer PATH" or "generated every N m ..."
  location::NetworkProblem np;
  location::Result result;
  std::vector<Facility> facilities_after;  // `facilities`, then the chosen sites in rank order
};
NetworkSiting site_on_network(const SiteJobOptions& options, const rules::RuleSet& rules, const WalkNetwork& net,
                              const Inputs& inputs, const std::vector<Facility>& facilities,
                              const std::vector<Candidate>& layer_candidates, const coverage::CoverageResult& before,
                              const coverage::CoverageOptions& opt, std::vector<location::Arc>* pairs = nullptr);

SiteJobResult run_site_network(const SiteJobOptions& options, const rules::RuleSet& rules);

}  // namespace siting::jobs::detail
