// SPDX-License-Identifier: Apache-2.0
// The sweep report: comparison.csv, new_sites.csv and .geojson, summary.json,
// and the terminal summary. Only what the outcomes hold, so the merge of a
// sweep's tasks writes the same bytes as one run.

#include <algorithm>

#include "detail/text.hpp"
#include "report/common.hpp"
#include "siting/version.hpp"

namespace siting::report {

namespace {

using jobs::ScenarioOutcome;

bool sites(const ScenarioOutcome& o) { return !o.model.empty(); }

std::optional<double> share_of(double part, double whole) {
  if (whole <= 0) return std::nullopt;
  return part / whole;
}

io::Table comparison_table(const std::vector<ScenarioOutcome>& outcomes) {
  Columns<std::size_t> c;
  auto o = [&](std::size_t i) -> const ScenarioOutcome& { return outcomes[i]; };
  auto if_sites = [&](std::size_t i, double v) -> std::optional<double> {
    return sites(o(i)) ? std::optional<double>(v) : std::nullopt;
  };
  c.add("scenario", Text, [&](std::size_t i) { return o(i).name; });
  c.add("circle_minutes", Real(-1), [&](std::size_t i) { return o(i).minutes; });
  c.add("walk_speed_m_per_s", Real(-1), [&](std::size_t i) { return o(i).speed_m_per_s; });
  c.add("target_share", Real(4), [&](std::size_t i) { return o(i).target_share; });
  c.add("facilities", Integer, [&](std::size_t i) { return o(i).facilities; });
  c.add("facilities_closed", Integer, [&](std::size_t i) { return o(i).closed; });
  c.add("facilities_opened", Integer, [&](std::size_t i) { return o(i).opened; });
  c.add("households", Real(0), [&](std::size_t i) { return o(i).households; });
  c.add("households_within_circle", Real(0), [&](std::size_t i) { return o(i).households_covered; });
  c.add("share_within_circle", Real(4), [&](std::size_t i) { return share_of(o(i).households_covered, o(i).households); });
  c.add("target_met", Boolean, [&](std::size_t i) { return o(i).target_met; });
  c.add("residents_within_circle", Real(0), [&](std::size_t i) { return o(i).residents_covered; });
  c.add("elderly_within_circle", Real(0), [&](std::size_t i) { return o(i).elderly_covered; });
  c.add("site_model", Text, [&](std::size_t i) { return o(i).model; });
  c.add("candidates", Integer, [&](std::size_t i) -> std::optional<double> {
    return if_sites(i, static_cast<double>(o(i).candidates));
  });
  c.add("new_sites", Integer, [&](std::size_t i) -> std::optional<double> {
    return if_sites(i, static_cast<double>(o(i).new_sites.size()));
  });
  c.add("new_site_ids", Text, [&](std::size_t i) {
    std::vector<std::string> ids;
    for (const jobs::NewSite& s : o(i).new_sites) ids.push_back(s.id);
    return siting::detail::join(ids, ";");
  });
  c.add("households_within_circle_with_new_sites", Real(0),
        [&](std::size_t i) { return if_sites(i, o(i).households_covered_after); });
  c.add("share_within_circle_with_new_sites", Real(4), [&](std::size_t i) -> std::optional<double> {
    return sites(o(i)) ? share_of(o(i).households_covered_after, o(i).households) : std::nullopt;
  });
  c.add("target_met_with_new_sites", Boolean, [&](std::size_t i) { return o(i).target_met_after; });
  c.add("objective", Real(-1), [&](std::size_t i) { return if_sites(i, o(i).objective); });
  c.add("bound", Real(-1), [&](std::size_t i) { return if_sites(i, o(i).bound); });
  c.add("gap", Real(6), [&](std::size_t i) { return if_sites(i, o(i).gap); });
  c.add("proven_optimal", Boolean, [&](std::size_t i) -> std::optional<bool> {
    return sites(o(i)) ? std::optional<bool>(o(i).proven_optimal) : std::nullopt;
  });
  // Every scenario tallies the same levels (the zones layer's).
  const std::vector<jobs::LevelTally> levels = outcomes.empty() ? std::vector<jobs::LevelTally>{} : outcomes[0].levels;
  for (std::size_t l = 0; l < levels.size(); ++l) {
    const std::string& level = levels[l].level;
    c.add(level + "_zones", Integer, [&, l](std::size_t i) { return o(i).levels.at(l).zones; });
    c.add(level + "_zones_meeting_target", Integer, [&, l](std::size_t i) { return o(i).levels.at(l).meeting_target; });
  }
  return c.table("comparison", indices(outcomes.size()));
}

struct SiteRow {
  std::size_t scenario, rank, n;  // n: the row's place in the table
};

io::Table new_sites_table(const std::vector<ScenarioOutcome>& outcomes, const crs::Crs& working) {
  std::vector<SiteRow> rows;
  std::vector<Point> ll;
  for (std::size_t i = 0; i < outcomes.size(); ++i)
    for (std::size_t k = 0; k < outcomes[i].new_sites.size(); ++k) {
      rows.push_back({i, k, rows.size()});
      ll.push_back(outcomes[i].new_sites[k].location);
    }
  crs::Transform::Cached(working, crs::Crs::Epsg(4326)).apply(ll);
  auto s = [&](const SiteRow& r) -> const jobs::NewSite& { return outcomes[r.scenario].new_sites[r.rank]; };
  Columns<SiteRow> c;
  c.add("scenario", Text, [&](const SiteRow& r) { return outcomes[r.scenario].name; });
  c.add("site_model", Text, [&](const SiteRow& r) { return outcomes[r.scenario].model; });
  c.add("rank", Integer, [](const SiteRow& r) { return r.rank + 1; });
  c.add("site_id", Text, [&](const SiteRow& r) { return s(r).id; });
  c.add("name", Text, [&](const SiteRow& r) { return s(r).name; });
  c.add("lon", Real(7), [&](const SiteRow& r) { return ll[r.n].x; });
  c.add("lat", Real(7), [&](const SiteRow& r) { return ll[r.n].y; });
  c.add("x", Real(2), [&](const SiteRow& r) { return s(r).location.x; });
  c.add("y", Real(2), [&](const SiteRow& r) { return s(r).location.y; });
  c.add("marginal", Real(2), [&](const SiteRow& r) { return s(r).marginal; });
  return c.table("new_sites", rows, [&](const SiteRow& r) { return s(r).location; });
}

std::string verdict(const std::optional<bool>& met) {
  if (!met) return "no households";
  return *met ? "target met" : "target not met";
}

}  // namespace

std::string write_sweep(Output& out, const SweepReport& r) {
  out.table(comparison_table(r.outcomes), Files::Csv);
  const bool any_site = std::any_of(r.outcomes.begin(), r.outcomes.end(), sites);
  if (any_site) out.table(new_sites_table(r.outcomes, out.working));
  detail::ordered_json summary;
  summary["siting_version"] = siting::version();
  summary["command"] = "sweep";
  summary["scenarios_file"] = r.sweep_file;
  summary["inputs"] = r.inputs;
  summary["rules"] = r.rules;
  summary["overrides"] = r.overrides;
  summary["scenarios"] = r.outcomes.size();
  detail::write_summary(out, summary);

  std::string text = "siting sweep: " + std::to_string(r.outcomes.size()) + " scenarios from " + r.sweep_file + "\n";
  for (const ScenarioOutcome& o : r.outcomes) {
    text += "  " + o.name + ": " + detail::pct(o.households_covered, o.households) + " of households within " +
            siting::detail::format_number(o.minutes) + " min (" + verdict(o.target_met) + ")";
    if (sites(o))
      text += "; with " + std::to_string(o.new_sites.size()) + (o.new_sites.size() == 1 ? " new site (" : " new sites (") +
              o.model + ") " +
              detail::pct(o.households_covered_after, o.households) + " (" + verdict(o.target_met_after) + ")";
    text += "\n";
  }
  return text + "  outputs in " + r.out_dir + ": " + siting::detail::join(out.files, " ") + "\n";
}

}  // namespace siting::report
