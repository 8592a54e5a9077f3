// SPDX-License-Identifier: Apache-2.0
#include "siting/jobs/review.hpp"

#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "detail/text.hpp"
#include "jobs/coverage_report.hpp"
#include "jobs/report.hpp"
#include "review/render.hpp"
#include "siting/io/readers.hpp"
#include "siting/log.hpp"
#include "siting/review/review.hpp"
#include "siting/version.hpp"

namespace siting::jobs {

namespace fs = std::filesystem;
using detail::ordered_json;
using siting::detail::format_number;

std::vector<ProposalSource> expand_proposal_path(const ProposalSource& source) {
  std::error_code ec;
  const fs::path path(source.estates.path);
  if (!fs::is_directory(path, ec)) return {source};
  auto has_shapefiles = [](const fs::path& dir) {
    std::error_code e;
    for (const auto& entry : fs::directory_iterator(dir, e))
      if (siting::detail::lower(entry.path().extension().string()) == ".shp") return true;
    return false;
  };
  std::vector<fs::path> items;
  for (const auto& entry : fs::directory_iterator(path, ec)) {
    const std::string ext = siting::detail::lower(entry.path().extension().string());
    if (entry.is_directory() ? has_shapefiles(entry.path())
                             : (ext == ".geojson" || ext == ".json" || ext == ".gpkg" || ext == ".fgb" || ext == ".shp"))
      items.push_back(entry.path());
  }
  if (items.empty())
    throw Error(ErrorCode::OpenFailed, "the folder holds no proposals (.geojson, .json, .gpkg, .fgb, .shp files)",
                ErrorContext{source.estates.path, "", "", ""});
  std::sort(items.begin(), items.end());
  std::vector<ProposalSource> out;
  for (const fs::path& p : items) {
    ProposalSource s = source;
    s.estates.path = p.string();
    out.push_back(s);
  }
  return out;
}

namespace {

// A proposal id as a folder name: no separators or other characters file
// systems refuse.
std::string folder_name(const std::string& id) {
  std::string out;
  for (char c : id) out += (std::string("/\\:*?\"<>|").find(c) != std::string::npos || c < 32) ? '_' : c;
  if (out.empty() || out[0] == '.') out = "_" + out;
  return out;
}

}  // namespace

ReviewJobResult run_review(const ReviewJobOptions& options) {
  const rules::RuleSet rules = detail::load_rules(options.rules, options.overrides);
  if (options.proposals.empty()) throw Error(ErrorCode::Usage, "siting review needs --proposal");
  io::OutputDir out(options.out_dir);
  out.own(detail::output_names());

  InputOptions inputs = options.inputs;
  for (const ProposalSource& ps : options.proposals)
    for (const ProposalSource& one : expand_proposal_path(ps)) inputs.proposals.push_back(one);
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

  // The context: every layer but the proposals themselves (each names its own source).
  ordered_json context_json = ordered_json::array();
  for (const ordered_json& l : detail::inputs_json(in))
    if (l["role"] != "proposal" && l["role"] != "proposal-facilities") context_json.push_back(l);
  const bool batch = proposals.size() > 1;
  std::vector<std::string> files;
  io::Table summary_table;
  summary_table.name = "reviews";
  for (const char* c : {"proposal_id", "name", "verdict", "failed_checks"}) summary_table.add_column(c, io::ColumnType::String);
  summary_table.add_column("households", io::ColumnType::Integer);
  std::vector<std::string> check_ids;
  std::vector<std::vector<io::Value>> rows;
  std::ostringstream text;
  int exit = 0;
  std::size_t fails = 0;
  for (const review::Proposal& p : proposals) {
    const review::Review r = review::review_proposal(p, rules, ctx);
    const std::string prefix = batch ? folder_name(p.id) + "/" : "";
    double bar = 0;
    const std::string png = review::detail::render_map_png(p, r, ctx, {}, &bar);
    ordered_json j = review::detail::review_json(p, r, rules, in.working.crs);
    j["rules"] = detail::rules_json(rules);
    j["working_crs"] = {{"crs", in.working.crs.label()}, {"reason", in.working.reason}};
    j["context"] = context_json;
    io::write_text(j.dump(2) + "\n", out.stage(prefix + "review.json"));
    io::write_text(review::detail::render_markdown(p, r, rules, "map.png", bar), out.stage(prefix + "review.md"));
    io::write_text(review::detail::render_html(p, r, rules, png, bar), out.stage(prefix + "review.html"));
    io::write_text(png, out.stage(prefix + "map.png"));
    for (const char* f : {"review.json", "review.md", "review.html", "map.png"}) files.push_back(prefix + f);

    const std::vector<std::string> failed = r.failed_checks();
    const bool fail = r.verdict == review::Outcome::Fail;
    fails += fail;
    if (fail) exit = 1;
    std::vector<io::Value> row{p.id, p.name, std::string(fail ? "fail" : "pass"), siting::detail::join(failed, ";"),
                               static_cast<std::int64_t>(p.households())};
    for (const review::Check& c : r.checks) {
      auto it = std::find(check_ids.begin(), check_ids.end(), c.id);
      if (it == check_ids.end()) check_ids.push_back(c.id);
    }
    std::map<std::string, std::string> outcomes;
    for (const review::Check& c : r.checks) outcomes[c.id] = review::to_string(c.outcome);
    for (const std::string& id : check_ids) row.emplace_back(outcomes.count(id) ? io::Value(outcomes[id]) : io::Value());
    rows.push_back(std::move(row));

    text << "siting review: " << p.id << (p.name.empty() ? "" : " " + p.name) << ": " << (fail ? "FAIL" : "PASS");
    if (!failed.empty()) text << " (" << siting::detail::join(failed, ", ") << ")";
    text << "\n";
    if (!batch)
      for (const review::Check& c : r.checks)
        text << "  " << (c.outcome == review::Outcome::Fail   ? "FAIL"
                         : c.outcome == review::Outcome::Pass ? "pass"
                         : c.outcome == review::Outcome::NotApplicable ? "n/a "
                                                                       : "n/e ")
             << "  " << c.title << ": " << c.finding << "\n";
  }
  if (batch) {
    for (const std::string& id : check_ids) summary_table.add_column(id, io::ColumnType::String);
    for (auto& row : rows) {
      row.resize(summary_table.columns.size());
      summary_table.rows.push_back(std::move(row));
    }
    io::write_csv(summary_table, out.stage("reviews.csv"));
    std::ostringstream md;
    md << "# Planning-permit reviews\n\n" << proposals.size() << " proposals, " << fails << " fail; rule set "
       << rules.label() << ".\n\n| proposal | name | verdict | failed checks | report |\n"
       << "|---|---|---|---|---|\n";
    for (const auto& row : summary_table.rows)
      md << "| " << std::get<std::string>(row[0]) << " | " << std::get<std::string>(row[1]) << " | **"
         << std::get<std::string>(row[2]) << "** | " << std::get<std::string>(row[3]) << " | ["
         << "review](" << folder_name(std::get<std::string>(row[0])) << "/review.md) |\n";
    io::write_text(md.str(), out.stage("reviews.md"));
    files.push_back("reviews.csv");
    files.push_back("reviews.md");
    text << "siting review: " << proposals.size() << " proposals, " << fails << " fail (reviews.csv)\n";
  }
  out.commit();
  text << "  outputs in " << options.out_dir << ": "
       << (batch ? std::to_string(proposals.size()) + " report folders, reviews.csv, reviews.md"
                 : siting::detail::join(files, " "))
       << "\n";
  ReviewJobResult result;
  result.exit_code = exit;
  result.summary_text = text.str();
  result.files = files;
  return result;
}

}  // namespace siting::jobs
