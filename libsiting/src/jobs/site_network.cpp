// SPDX-License-Identifier: Apache-2.0
// `siting site` in network mode: read, build the walking graph once, coverage
// before (the gaps for generated candidates, the "before" figures), the
// location problem on the graph, solve, and coverage after with the chosen
// sites added as facilities, so that the before/after figures and the gap map
// after come from the same coverage code as `siting coverage`.
//
// In district shards (docs/scale.md) each shard walks the coverage before and
// the pairs of its own parcels with the sites of its halo; the merge joins the
// coverage and the pairs, solves once, and walks the coverage after on the
// whole network, so its files are the single run's.

#include <chrono>
#include <cmath>

#include "detail/text.hpp"
#include "jobs/common.hpp"
#include "jobs/coverage_run.hpp"
#include "jobs/outputs.hpp"
#include "jobs/site_run.hpp"
#include "siting/io/output_dir.hpp"
#include "siting/location/network.hpp"
#include "siting/log.hpp"
#include "siting/options.hpp"
#include "siting/provision/assign.hpp"
#include "siting/report/report.hpp"
#include "siting/shard/manifest.hpp"

namespace siting::jobs::detail {

namespace {

using siting::detail::format_number;

constexpr Range kSpacingRange{10.0, 5000.0, false, "m"};
constexpr Range kSearchMinutesRange{0.0, 600.0, true, "min"};

void check_network_options(const SiteJobOptions& o) {
  if (!o.inputs.parcels || !o.inputs.facilities || !o.inputs.roads)
    throw Error(ErrorCode::Usage, "network mode needs --parcels, --facilities and --roads (or --od for matrix mode)");
  if (o.cutoff) throw Error(ErrorCode::Usage, "--cutoff is for matrix mode (--od); network mode takes --minutes");
  if (o.candidates.has_value() == o.candidate_spacing_m.has_value())
    throw Error(ErrorCode::Usage, "network mode needs one of --candidates FILE and --candidate-spacing M");
  if (o.candidate_spacing_m) check_option("--candidate-spacing", *o.candidate_spacing_m, kSpacingRange);
  if (o.search_minutes) {
    if (o.model != location::Model::Pmedian)
      throw Error(ErrorCode::Usage, "--search-minutes is for --model pmedian (the covering models search the circle)");
    check_option("--search-minutes", *o.search_minutes, kSearchMinutesRange);
  }
}

// A sharded siting needs what a shard can see: a candidates layer (generated
// candidates follow the whole city's gaps) and walks no longer than the circle
// (the halo's margin).
void check_sharded_options(const SiteJobOptions& o) {
  if (o.shard && o.merge)
    throw Error(ErrorCode::Usage, "--shard runs one shard and --parts merges them: give one of the two");
  if (!o.candidates)
    throw Error(ErrorCode::Usage,
                "a sharded siting needs --candidates FILE: generated candidates (--candidate-spacing) follow the whole "
                "city's gap areas, which no shard sees");
  if (o.model == location::Model::Pmedian)
    throw Error(ErrorCode::Usage,
                "a sharded siting takes --model psclp or mclp: pmedian's walks go past the circle, beyond a shard's halo");
}

// The candidates layer as read, whole: a shard and the merge must agree on it.
std::string candidates_key(const std::vector<Candidate>& candidates) {
  shard::Hasher h;
  h.add(std::string("siting site candidates 1"));
  h.add(static_cast<std::uint64_t>(candidates.size()));
  for (const Candidate& c : candidates) hash_feature(h, c);
  return h.hex();
}

// The walk of a sharded siting, as the coverage job's options: the plan, the
// shards and the key of a sharded coverage run, with the candidates read too.
CoverageJobOptions walk_options(const SiteJobOptions& o) {
  CoverageJobOptions c;
  c.inputs = o.inputs;
  c.inputs.candidates = *o.candidates;
  c.inputs.candidates->role = io::Role::Candidates;
  c.rules = o.rules;
  c.overrides = o.overrides;
  c.settings = o.settings;
  c.out_dir = o.out_dir;
  c.shard = o.shard;
  return c;
}

// A shard's pairs: the walk from every facility and candidate in its halo to
// its own parcels, as the single run's problem walks them (a walk that reaches
// an owned parcel within the circle stays in the halo), numbered as in the
// whole run.
void add_pairs(const ShardWorld& w, shard::Part& part) {
  part.candidates_key = candidates_key(w.in.candidates);
  if (!w.net) return;  // no street in the halo: no walk, as every parcel is off the network
  std::vector<Candidate> near;
  std::vector<std::uint32_t> site_global(w.facility_global.begin(), w.facility_global.end());
  for (std::size_t i = 0; i < w.in.candidates.size(); ++i)
    if (holds(w.halo, w.in.candidates[i].location)) {
      near.push_back(w.in.candidates[i]);
      site_global.push_back(static_cast<std::uint32_t>(w.facility_count + i));
    }
  location::NetworkProblemOptions npo;
  npo.walk = w.walk;
  npo.threads = w.walk.area.threads;
  // Weights and capacities are the merge's: the pairs do not depend on them.
  const std::vector<double> none(w.parcels.size(), 0.0);
  const location::NetworkProblem np =
      location::build_network_problem(*w.net->graph, *w.net->index, w.parcels, none, w.facilities, {}, near, npo);
  for (location::Index d = 0; d < np.problem.demand().size(); ++d)
    for (const location::Link& l : np.problem.sites_of(d))
      part.pairs.push_back({w.parcel_global[d], site_global[l.to], l.cost});
  log::info("pairs: ", part.pairs.size(), " for the shard's ", w.parcels.size(), " parcels, from the ",
            w.facilities.size(), " facilities and ", near.size(), " candidates of its halo");
}

// "elderly" reads "elderly residents" in the terminal summary.
std::string weight_noun(SiteWeight w) { return w == SiteWeight::Elderly ? "elderly residents" : to_string(w); }

}  // namespace

NetworkSiting site_on_network(const SiteJobOptions& o, const rules::RuleSet& rules, const WalkNetwork& net,
                              const Inputs& in, const std::vector<Facility>& facilities,
                              const std::vector<Candidate>& layer_candidates, const coverage::CoverageResult& before,
                              const coverage::CoverageOptions& opt, std::vector<location::Arc>* pairs) {
  std::vector<Candidate> candidates;
  std::string source;
  if (o.candidates) {
    candidates = layer_candidates;
    source = "layer " + o.candidates->path;
    if (candidates.empty())
      throw Error(ErrorCode::EmptyLayer, "no candidate sites: the candidates layer has none; expected at least one",
                  {o.candidates->path, o.candidates->layer, "", ""});
  } else {
    std::vector<MultiPolygon> gaps;
    for (std::size_t p : before.gaps) gaps.push_back(before.coverage.parcels[p].gap);
    location::CandidateGeneration gen;
    gen.spacing_m = *o.candidate_spacing_m;
    candidates = location::generate_candidates(*net.graph, *net.index, gaps, gen);
    source = "generated every " + format_number(gen.spacing_m) + " m along the streets of the gap areas";
    if (candidates.empty())
      throw Error(ErrorCode::EmptyLayer, "no candidate sites: none generated (" + std::to_string(gaps.size()) +
                                             " parcels with gaps; no walkable street within " +
                                             format_number(gen.near_gap_m) + " m of a gap)");
  }
  location::fill_candidate_capacities(candidates, rules, o.weight);
  const std::vector<std::optional<double>> facility_capacity = location::facility_capacities(facilities, rules, o.weight);
  if (o.weight == SiteWeight::Elderly && !o.no_capacity)
    log::warn("--weight elderly: capacities are in households and are not applied");
  // The capacitated searches re-solve an assignment for every move they price
  // (docs/siting.md, Capacities): fine for hundreds of candidates, hours for tens
  // of thousands.
  constexpr std::size_t kCapacitatedCandidates = 2000;
  if (!o.no_capacity && o.model != location::Model::Psclp && o.weight != SiteWeight::Elderly &&
      candidates.size() > kCapacitatedCandidates)
    log::warn(candidates.size(), " candidates with capacities: the capacitated search is meant for hundreds of "
              "candidates and may take very long; consider --no-capacity, a larger --candidate-spacing or a "
              "candidates layer");

  location::NetworkProblemOptions npo;
  npo.walk = opt;
  if (o.model == location::Model::Pmedian)
    npo.search_limit_m = o.search_minutes ? *o.search_minutes * 60.0 * opt.speed_m_per_s : 2.0 * opt.budget_m();
  npo.threads = opt.area.threads;
  const std::vector<double> weights =
      location::demand_weights(in.estates, before.residents, o.weight, o.inputs.parcels->path);
  location::NetworkProblem np =
      pairs ? location::network_problem_from_arcs(in.estates, weights, facilities, facility_capacity, candidates,
                                                  std::move(*pairs), npo)
            : location::build_network_problem(*net.graph, *net.index, in.estates, weights, facilities,
                                              facility_capacity, candidates, npo);
  if (pairs)
    log::info("location problem: ", np.problem.demand().size(), " parcels, ", facilities.size(), " facilities, ",
              candidates.size(), " candidates, ", np.arcs, " pairs (from the shards)");
  else
    log::info("location problem: ", np.problem.demand().size(), " parcels, ", facilities.size(), " facilities, ",
              candidates.size(), " candidates (", np.off_network_sites.size(), " sites off the network), ", np.arcs,
              " pairs");
  check_site_problem(o, np.problem, o.candidates ? o.candidates->path : "the generated candidates");
  location::Result result = solve_site(np.problem, o, np.cutoff_s, site_target(o, rules));

  // The chosen sites as facilities, in rank order after the existing ones.
  std::vector<Facility> after = facilities;
  for (const location::ChosenSite& c : result.chosen)
    after.push_back(location::as_facility(candidates[c.site - facilities.size()]));
  return NetworkSiting{std::move(candidates), std::move(source), std::move(np), std::move(result), std::move(after)};
}

SiteJobResult run_site_network(const SiteJobOptions& o, const rules::RuleSet& rules) {
  const auto t0 = std::chrono::steady_clock::now();
  check_network_options(o);
  if (o.shard || o.merge) check_sharded_options(o);
  if (o.shard) {
    // The shard walks; the solve and the coverage after are the merge's, on the whole city.
    const CoverageJobResult r = run_coverage_shard(walk_options(o), {}, "siting site", add_pairs);
    SiteJobResult sr;
    sr.exit_code = r.exit_code;
    sr.summary_text = r.summary_text;
    sr.files = r.files;
    return sr;
  }
  const std::string chromium = report_browser(o.report, o.report_pdf);
  const std::vector<std::string> planned = site_outputs(o);
  io::OutputDir out(o.out_dir, planned);
  const auto db = open_database(o.out_db, planned);
  InputOptions inputs = o.inputs;
  if (o.candidates) {
    inputs.candidates = *o.candidates;
    inputs.candidates->role = io::Role::Candidates;
  }
  inputs.require_kind = false;
  // Floor area makes the existing facilities' capacities; psclp and --no-capacity use none.
  inputs.require_floor_area = !o.no_capacity && o.model != location::Model::Psclp;
  inputs.need_land_area = false;
  inputs.require_elderly = o.weight == SiteWeight::Elderly && !rules.demand.elderly_share;
  Inputs in = load_inputs(inputs);
  detail::derive_elderly(in, rules);

  const auto estate_zones = provision::estate_zones(in.zones, in.estates);
  const coverage::CoverageOptions opt = coverage_options(rules, o.settings);
  std::optional<WalkNetwork> walk;
  std::optional<coverage::CoverageResult> walked;
  std::vector<location::Arc> pairs;
  if (o.merge) {
    const std::string key = candidates_key(in.candidates);
    auto take = [&](shard::Part& part) {
      if (part.candidates_key != key)
        throw Error(ErrorCode::Shards,
                    "shard " + std::to_string(part.shard) + "'s part " +
                        (part.candidates_key.empty() ? std::string("has no pairs of candidates (run by siting coverage "
                                                                   "or check)")
                                                     : "was run on other candidates (key " + part.candidates_key +
                                                           ", this merge's " + key + ")") +
                        ": run the shards with siting site and the same --candidates (nothing was written)",
                    in_file(o.merge->parts_dir));
      pairs.insert(pairs.end(), part.pairs.begin(), part.pairs.end());
      std::vector<location::Arc>().swap(part.pairs);
    };
    MergedCoverage merged =
        merge_coverage(walk_options(o), rules, in, estate_zones, *o.merge, {}, "siting site", true, take);
    walk = std::move(merged.network);
    walked = std::move(merged.coverage);
  } else {
    walk.emplace(build_walk_network(in, o.settings));
    walked = network_coverage(*walk, in, in.facilities, rules, o.settings, opt, estate_zones);
  }
  const WalkNetwork& net = *walk;
  const coverage::CoverageResult& before = *walked;

  NetworkSiting ns =
      site_on_network(o, rules, net, in, in.facilities, in.candidates, before, opt, o.merge ? &pairs : nullptr);
  const std::vector<Candidate>& candidates = ns.candidates;
  const std::string& source = ns.source;
  const location::NetworkProblem& np = ns.np;
  const location::Result& result = ns.result;
  // Coverage after, with the chosen sites as facilities.
  Inputs after = in;
  after.facilities = std::move(ns.facilities_after);
  const coverage::CoverageResult cov_after =
      network_coverage(net, after, after.facilities, rules, o.settings, opt, estate_zones);

  report::Run run{in, rules, o.out_dir, &estate_zones};
  run.report = o.report;
  run.chromium = chromium;
  run.graph = net.graph.get();
  report::SiteReport rep{o, rules, np.problem, result};
  rep.cutoff = np.cutoff_s;
  rep.cost_scale = 1.0 / 60.0;
  rep.cost_unit = "min";
  rep.weight_name = weight_noun(o.weight);
  rep.budget_text = format_number(opt.minutes.back()) + " minutes";
  for (const Estate& e : in.estates) rep.households.push_back(e.households);
  rep.run = &run;
  rep.inputs_after = &after;
  rep.before = &before;
  rep.after = &cov_after;
  rep.graph = net.graph.get();
  for (const Facility& f : in.facilities) {
    rep.site_points.push_back(f.location);
    rep.site_names.push_back(f.name);
  }
  for (const Candidate& c : candidates) {
    rep.site_points.push_back(c.location);
    rep.site_names.push_back(c.name);
  }
  rep.candidates_generated = o.candidates ? 0 : candidates.size();
  rep.candidates_source = source;

  report::Output w{out, in.working.crs, o.gpkg, io::CsvOptions{o.csv_bom}};
  w.db = db.get();
  w.keep_tables = o.report;
  SiteJobResult r = finish_site(out, w, rep, t0);
  r.coverage_after_households = cov_after.overall.households_covered.back();
  return r;
}

}  // namespace siting::jobs::detail
