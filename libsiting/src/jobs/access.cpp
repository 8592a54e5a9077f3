// SPDX-License-Identifier: Apache-2.0
// `siting access`: read, build the walking graph, the parcel x facility walks
// within the catchment (the network stage's searches, sparse), 2SFCA / E2SFCA,
// report.

#include "siting/jobs/access.hpp"

#include <chrono>

#include "detail/text.hpp"
#include "jobs/common.hpp"
#include "jobs/outputs.hpp"
#include "jobs/coverage_run.hpp"
#include "siting/io/output_dir.hpp"
#include "siting/location/network.hpp"
#include "siting/log.hpp"
#include "siting/options.hpp"
#include "siting/provision/assign.hpp"
#include "siting/report/access.hpp"

namespace siting::jobs {

const char* to_string(AccessSupply supply) {
  switch (supply) {
    case AccessSupply::FloorArea: return "floor_area";
    case AccessSupply::Beds: return "beds";
  }
  return "floor_area";
}

namespace {

using siting::detail::format_fixed;
using siting::detail::format_number;

std::vector<std::string> access_outputs(const AccessJobOptions& o) {
  std::vector<std::string> names{"access.csv", "access.geojson", "facilities_access.csv", "summary.json"};
  if (o.gpkg) names.push_back("siting.gpkg");
  detail::add_report(names, o.report, o.report_pdf);
  return names;
}

// The catchment in minutes and the decay, checked before anything is read. The
// step bounds are in seconds at minutes x 60 here; the job moves the last one
// onto the network problem's cutoff once it is known.
access::AccessOptions access_options(const AccessJobOptions& o, const rules::RuleSet& rules, double& minutes) {
  if (o.steps && o.decay != access::Decay::Steps)
    throw Error(ErrorCode::Usage, "--steps is for --decay steps (the decay given is " +
                                      std::string(access::to_string(o.decay)) + ")");
  if (o.minutes) check_option("--minutes", *o.minutes, network::kMinutesRange);
  minutes = o.minutes                                    ? *o.minutes
            : o.steps && !o.steps->empty() && o.decay == access::Decay::Steps ? o.steps->back().first
                                                                               : rules.coverage.minutes.back();
  access::AccessOptions a;
  a.decay = o.decay;
  a.catchment_s = minutes * 60.0;
  a.steps.clear();
  if (o.steps) {
    for (const auto& [upper_min, weight] : *o.steps) a.steps.push_back({upper_min * 60.0, weight});
  } else {
    // Luo & Qi's three bands, on the catchment's thirds; the last bound is the catchment itself.
    a.steps = {{a.catchment_s / 3.0, 1.0}, {a.catchment_s * 2.0 / 3.0, 0.68}, {a.catchment_s, 0.22}};
  }
  a.validate();
  return a;
}

// As the coverage stage counts residents (coverage/result.cpp): the population
// field, else households x the rule set's persons per household.
std::vector<double> residents_of(const std::vector<Estate>& parcels, const rules::RuleSet& rules) {
  std::vector<double> r;
  r.reserve(parcels.size());
  for (const Estate& e : parcels)
    r.push_back(e.population ? *e.population : e.households * rules.zone.persons_per_household);
  return r;
}

// The supply column's name, with its unit.
std::string supply_name(AccessSupply supply) {
  switch (supply) {
    case AccessSupply::FloorArea: return "floor_area_m2";
    case AccessSupply::Beds: return "beds";
  }
  return "floor_area_m2";
}

std::vector<double> supply_of(const Inputs& in, AccessSupply supply, const std::string& path) {
  std::vector<double> s;
  s.reserve(in.facilities.size());
  for (const Facility& f : in.facilities) {
    switch (supply) {
      case AccessSupply::FloorArea: s.push_back(f.floor_area_m2); break;
      case AccessSupply::Beds:
        // A facility without beds is not one with none: keep only those that give
        // them, or give 0, rather than have siting guess.
        if (!f.beds)
          throw Error(ErrorCode::BadValue,
                      "--supply beds needs the beds of every facility, and facility " + f.id +
                          " gives none; give 0 where there are none, or keep the facilities with beds "
                          "(--facilities-where with the layer's beds field in double quotes, e.g. '\"床位数\" IS NOT NULL')",
                      {path, "", "id=" + f.id + " (fid " + std::to_string(f.fid) + ")", "beds"});
        s.push_back(*f.beds);
        break;
    }
  }
  return s;
}

}  // namespace

AccessJobResult run_access(const AccessJobOptions& o) {
  const auto t0 = std::chrono::steady_clock::now();
  const rules::RuleSet rules = detail::load_rules(o.rules, o.overrides);
  if (!o.inputs.parcels || !o.inputs.facilities || !o.inputs.roads)
    throw Error(ErrorCode::Usage, "siting access needs --parcels, --facilities and --roads");
  if (o.out_dir.empty()) throw Error(ErrorCode::Usage, "no output folder given (--out DIR)");
  double minutes = 0.0;
  access::AccessOptions aopt = access_options(o, rules, minutes);
  network::WalkOptions walk;
  walk.minutes = {minutes};
  walk.speed_m_per_s = o.settings.speed_m_per_s ? *o.settings.speed_m_per_s : rules.coverage.walk_speed_m_per_s;
  walk.max_snap_m = o.settings.analysis.max_snap_m;
  walk.validate();

  const std::string chromium = detail::report_browser(o.report, o.report_pdf);
  const std::vector<std::string> planned = access_outputs(o);
  io::OutputDir out(o.out_dir, planned);
  const auto db = detail::open_database(o.out_db, planned);
  InputOptions inputs = o.inputs;
  inputs.require_kind = false;
  inputs.require_floor_area = o.supply == AccessSupply::FloorArea;
  inputs.need_land_area = false;
  // The reader then refuses a layer without the field (E104) and a parcel without a value (E105).
  // Unless the rule set's demand.elderly_share derives them.
  inputs.require_elderly = o.demand == AccessDemand::Elderly && !rules.demand.elderly_share;
  Inputs in = load_inputs(inputs);
  detail::derive_elderly(in, rules);
  detail::log_rules(rules);
  const std::vector<double> weights = location::demand_weights(in.estates, residents_of(in.estates, rules), o.demand,
                                                               o.inputs.parcels->path, "--demand");
  const std::vector<double> supply = supply_of(in, o.supply, o.inputs.facilities->path);

  const detail::WalkNetwork net = detail::build_walk_network(in, o.settings);
  location::NetworkProblemOptions npo;
  npo.walk = walk;
  npo.threads = o.settings.analysis.area.threads;
  // Facilities only: the sites are the facilities, in input order.
  const location::NetworkProblem np =
      location::build_network_problem(*net.graph, *net.index, in.estates, weights, in.facilities, {}, {}, npo);
  log::info("walks within ", format_number(minutes), " min: ", np.arcs, " parcel-facility pairs (",
            np.off_network_sites.size(), " facilities off the network, ", format_fixed(np.seconds, 2), " s)");
  // The problem's cutoff counts a parcel exactly when coverage does (its walk in
  // metres within the budget); the catchment is that cutoff, to the last bit.
  aopt.catchment_s = np.cutoff_s;
  if (aopt.decay == access::Decay::Steps) aopt.steps.back().upper_s = np.cutoff_s;

  AccessJobResult r;
  r.result = access::compute_access(np.problem, supply, aopt);

  std::vector<std::vector<std::size_t>> estate_zones;
  if (!in.zones.empty()) estate_zones = provision::estate_zones(in.zones, in.estates);
  report::Run run{in, rules, o.out_dir, in.zones.empty() ? nullptr : &estate_zones};
  run.report = o.report;
  run.chromium = chromium;
  report::AccessReport rep{run, r.result, supply_name(o.supply), location::to_string(o.demand), minutes,
                           walk.speed_m_per_s, np.off_network_sites, 0.0};
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  report::Output w{out, in.working.crs, o.gpkg, io::CsvOptions{o.csv_bom}};
  w.db = db.get();
  w.keep_tables = o.report;
  r.summary_text = report::write_access(w, rep);
  detail::commit_outputs(out, db.get());
  r.files = w.files;
  return r;
}

}  // namespace siting::jobs
