// SPDX-License-Identifier: Apache-2.0
#include "siting/jobs/review.hpp"

#include <set>

#include "jobs/common.hpp"
#include "jobs/coverage_run.hpp"
#include "jobs/outputs.hpp"
#include "siting/io/output_dir.hpp"
#include "siting/io/readers.hpp"
#include "siting/io/table.hpp"
#include "siting/log.hpp"
#include "siting/report/report.hpp"
#include "siting/review/review.hpp"

namespace siting::jobs {

ReviewJobResult run_review(const ReviewJobOptions& options) {
  const rules::RuleSet rules = detail::load_rules(options.rules, options.overrides);
  if (options.proposals.empty()) throw Error(ErrorCode::Usage, "siting review needs --proposal");
  io::OutputDir out(options.out_dir);  // the names are known once the proposals are read

  InputOptions inputs = options.inputs;
  for (const ProposalSource& ps : options.proposals)
    for (const ProposalSource& one : io::expand_proposal_path(ps)) inputs.proposals.push_back(one);
  inputs.require_kind = false;        // existing estates only give population
  inputs.require_floor_area = false;  // existing facilities count for coverage and land
  inputs.need_land_area = true;       // the zone check counts their land
  Inputs in = load_inputs(inputs);

  review::Context ctx;
  ctx.facilities = in.facilities;
  ctx.zones = in.zones;
  ctx.estates = in.estates;
  ctx.coverage = detail::coverage_options(rules, options.settings);
  detail::WalkNetwork network;
  if (in.roads) {
    network = detail::build_walk_network(in, options.settings);
    ctx.graph = network.graph.get();
    ctx.index = network.index.get();
  } else {
    log::warn("no --roads given: the walking-coverage check is not evaluated");
  }
  if (in.zones.empty()) log::warn("no --zones given: the land-per-resident check is not evaluated");

  const std::vector<review::Proposal>& proposals = in.proposals;
  std::set<std::string> seen;
  for (const review::Proposal& p : proposals)
    if (!seen.insert(p.id).second)
      throw Error(ErrorCode::BadReference, "proposal id '" + p.id + "' appears in more than one place (" + p.source +
                                               "); ids must be unique in a review");
  std::vector<std::string> folders;
  for (const review::Proposal& p : proposals) folders.push_back(report::review_folder(p.id));
  out.plan(detail::review_outputs(folders));  // before any work is written

  std::vector<review::ReviewResult> results;
  for (const review::Proposal& p : proposals) results.push_back(review::review_proposal(p, rules, ctx));

  report::Output w{out, in.working.crs};
  ReviewJobResult result;
  result.summary_text = report::write_reviews(w, {in, rules, options.out_dir}, proposals, results);
  out.commit();
  for (const review::ReviewResult& r : results)
    if (r.review.verdict == review::Outcome::Fail) result.exit_code = 1;
  result.files = w.files;
  return result;
}

}  // namespace siting::jobs
