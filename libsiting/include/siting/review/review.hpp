// SPDX-License-Identifier: Apache-2.0
#pragma once

// Planning-permit review of one proposal: each rule a check with its numbers,
// and one verdict.
//
//   Context ctx;                       // existing facilities, zones, network
//   ReviewResult r = review_proposal(proposal, rules, ctx);
//   if (r.review.verdict == Outcome::Fail) ...

#include <string>
#include <utility>
#include <vector>

#include "siting/coverage/analysis.hpp"
#include "siting/io/table.hpp"
#include "siting/model.hpp"
#include "siting/network/graph.hpp"
#include "siting/network/snap.hpp"
#include "siting/review/proposal.hpp"
#include "siting/rules/ruleset.hpp"

namespace siting::review {

enum class Outcome {
  Pass,
  Fail,
  NotApplicable,  // the rule set has no such rule, or the proposal carries no such field
  NotEvaluated,   // the reviewer gave no context for it (no --roads, no --zones)
};
const char* to_string(Outcome outcome);  // "pass", "fail", "not_applicable", "not_evaluated"

struct Check {
  std::string id;        // stable key: "quantity", "coverage", "zone_land.街道", "sync.planned", ...
  std::string title;     // English
  std::string title_zh;  // Chinese, as the plans word it
  Outcome outcome = Outcome::NotApplicable;
  std::string finding;   // one sentence with the numbers
  std::vector<std::pair<std::string, io::Value>> values;  // the numbers, for review.json
};

// What exists already, around the proposal.
struct Context {
  std::vector<Facility> facilities;       // existing elderly-care facilities
  std::vector<Zone> zones;
  std::vector<Estate> estates;            // existing estates (for zone population)
  const network::WalkGraph* graph = nullptr;  // null: coverage not evaluated
  const network::SegmentIndex* index = nullptr;
  coverage::CoverageOptions coverage;     // minutes, speed, max snap, lateral
};

struct PhaseReach {
  double time_s = network::kUnreached;
  std::string facility_id;  // nearest, with the proposal's facilities
  bool proposed = false;    // that facility is one of the proposal's
};

struct Review {
  Outcome verdict = Outcome::Pass;
  std::vector<Check> checks;
  std::vector<PhaseReach> phases;  // per phase, with the proposal

  // The ids of the failed checks, in check order.
  std::vector<std::string> failed_checks() const;
};

// What the review's map shows besides the proposal itself.
struct MapInputs {
  Box view;                          // the map's extent: the estate and its circle, with a margin
  MultiPolygon circle;               // service area of the proposal's facilities at the circle
  std::vector<LineString> streets;   // walkable streets within the view
  std::vector<Point> existing;       // existing facilities within the view
};

struct ReviewResult {
  Review review;
  MapInputs map;
};

ReviewResult review_proposal(const Proposal& proposal, const rules::RuleSet& rules, const Context& context);

}  // namespace siting::review
