// SPDX-License-Identifier: Apache-2.0
// The review report: review.json, review.md, review.html and map.png per
// proposal; for several proposals a folder each, with reviews.csv and reviews.md.

#include <algorithm>
#include <map>
#include <sstream>

#include "detail/text.hpp"
#include "report/common.hpp"
#include "report/review_render.hpp"

namespace siting::report {

using review::Outcome;
using review::Proposal;
using review::ReviewResult;

std::string review_folder(const std::string& id) {
  std::string out;
  for (char c : id) out += (std::string("/\\:*?\"<>|").find(c) != std::string::npos || c < 32) ? '_' : c;
  if (out.empty() || out[0] == '.') out = "_" + out;
  return out;
}

namespace detail {
namespace {

void write_one(Output& out, const Run& run, const ordered_json& context, const std::string& prefix,
               const Proposal& p, const ReviewResult& r) {
  double bar = 0;
  const std::string png = render_map_png(p, r.map, {}, &bar, data_attribution(run.inputs));
  ordered_json j = review_json(p, r.review, run.rules, run.inputs.working.crs);
  j["rules"] = rules_json(run.rules);
  j["working_crs"] = {{"crs", run.inputs.working.crs.label()}, {"reason", run.inputs.working.reason}};
  j["context"] = context;
  out.text(detail::json_text(j, prefix + "review.json"), prefix + "review.json");
  out.text(render_markdown(p, r.review, run.rules, "map.png", bar), prefix + "review.md");
  out.text(render_html(p, r.review, run.rules, png, bar), prefix + "review.html");
  out.text(png, prefix + "map.png");
}

// One row per proposal, one column per check (in order of first appearance).
io::Table reviews_table(const std::vector<Proposal>& proposals, const std::vector<ReviewResult>& results) {
  Columns<std::size_t> c;
  auto failed = [&](std::size_t i) { return siting::detail::join(results[i].review.failed_checks(), ";"); };
  auto verdict = [&](std::size_t i) { return results[i].review.verdict == Outcome::Fail ? "fail" : "pass"; };
  c.add("proposal_id", Text, [&](std::size_t i) { return proposals[i].id; });
  c.add("name", Text, [&](std::size_t i) { return proposals[i].name; });
  c.add("verdict", Text, verdict);
  c.add("failed_checks", Text, failed);
  c.add("households", Integer, [&](std::size_t i) { return proposals[i].households(); });
  std::vector<std::string> ids;
  for (const ReviewResult& r : results)
    for (const review::Check& check : r.review.checks)
      if (std::find(ids.begin(), ids.end(), check.id) == ids.end()) ids.push_back(check.id);
  for (const std::string& id : ids)
    c.add(id, Text, [&results, id](std::size_t i) -> io::Value {
      std::map<std::string, std::string> outcomes;
      for (const review::Check& check : results[i].review.checks) outcomes[check.id] = review::to_string(check.outcome);
      if (!outcomes.count(id)) return {};
      return outcomes[id];
    });
  return c.table("reviews", indices(proposals.size()));
}

std::string reviews_md(const Run& run, const io::Table& table, std::size_t fails) {
  std::ostringstream md;
  md << "# Planning-permit reviews\n\n" << table.rows.size() << " proposals, " << fails << " fail; rule set "
     << run.rules.label() << ".\n\n| proposal | name | verdict | failed checks | report |\n"
     << "|---|---|---|---|---|\n";
  for (const auto& row : table.rows)
    md << "| " << std::get<std::string>(row[0]) << " | " << std::get<std::string>(row[1]) << " | **"
       << std::get<std::string>(row[2]) << "** | " << std::get<std::string>(row[3]) << " | ["
       << "review](" << review_folder(std::get<std::string>(row[0])) << "/review.md) |\n";
  return md.str();
}

std::string proposal_text(const Proposal& p, const review::Review& r, bool with_checks) {
  std::ostringstream text;
  const std::vector<std::string> failed = r.failed_checks();
  text << "siting review: " << p.id << (p.name.empty() ? "" : " " + p.name) << ": "
       << (r.verdict == Outcome::Fail ? "FAIL" : "PASS");
  if (!failed.empty()) text << " (" << siting::detail::join(failed, ", ") << ")";
  text << "\n";
  if (with_checks)
    for (const review::Check& c : r.checks)
      text << "  " << (c.outcome == Outcome::Fail   ? "FAIL"
                       : c.outcome == Outcome::Pass ? "pass"
                       : c.outcome == Outcome::NotApplicable ? "n/a "
                                                             : "n/e ")
           << "  " << c.title << ": " << c.finding << "\n";
  return text.str();
}

}  // namespace
}  // namespace detail

std::string write_reviews(Output& out, const Run& run, const std::vector<Proposal>& proposals,
                          const std::vector<ReviewResult>& results) {
  // The context: every layer but the proposals themselves (each names its own source).
  detail::ordered_json context = detail::ordered_json::array();
  for (const detail::ordered_json& l : detail::inputs_json(run.inputs))
    if (l["role"] != "proposal" && l["role"] != "proposal-facilities") context.push_back(l);
  const bool batch = proposals.size() > 1;
  std::string text;
  std::size_t fails = 0;
  for (std::size_t i = 0; i < proposals.size(); ++i) {
    detail::write_one(out, run, context, batch ? review_folder(proposals[i].id) + "/" : "", proposals[i],
                      results[i]);
    text += detail::proposal_text(proposals[i], results[i].review, !batch);
    fails += results[i].review.verdict == Outcome::Fail;
  }
  if (!batch) return text + detail::outputs_line(run, siting::detail::join(out.files, " "));
  const io::Table table = detail::reviews_table(proposals, results);
  out.table(table, Files::Csv);
  out.text(detail::reviews_md(run, table, fails), "reviews.md");
  return text + "siting review: " + std::to_string(proposals.size()) + " proposals, " + std::to_string(fails) +
         " fail (reviews.csv)\n" +
         detail::outputs_line(run, std::to_string(proposals.size()) + " report folders, reviews.csv, reviews.md");
}

}  // namespace siting::report
