// SPDX-License-Identifier: Apache-2.0
#include "siting/jobs/coverage.hpp"

#include <chrono>

#include "detail/memory.hpp"
#include "detail/text.hpp"
#include "jobs/common.hpp"
#include "jobs/coverage_run.hpp"
#include "jobs/outputs.hpp"
#include "siting/io/output_dir.hpp"
#include "siting/io/table.hpp"
#include "siting/log.hpp"
#include "siting/provision/assign.hpp"
#include "siting/report/report.hpp"

namespace siting::jobs {

using siting::detail::format_fixed;
using siting::detail::format_number;

namespace detail {

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

coverage::CoverageOptions coverage_options(const rules::RuleSet& rules, const CoverageSettings& settings) {
  coverage::CoverageOptions opt = settings.analysis;
  opt.minutes = settings.minutes ? *settings.minutes : rules.coverage.minutes;
  opt.speed_m_per_s = settings.speed_m_per_s ? *settings.speed_m_per_s : rules.coverage.walk_speed_m_per_s;
  opt.validate();
  return opt;
}

WalkNetwork build_walk_network(Inputs& in, const CoverageSettings& settings) {
  WalkNetwork net;
  net.roads = in.roads->stats;
  const auto t0 = std::chrono::steady_clock::now();
  // The lines go to the build, which frees them (and hands the memory of the
  // threads that read them back) once their vertices are numbered.
  net.graph = std::make_unique<network::WalkGraph>(
      network::WalkGraph::Build(std::move(in.roads->lines), settings.build, &net.build));
  const network::WalkGraph& g = *net.graph;
  // Lines that are all zero-length leave vertices and no edge: nothing to walk on, and
  // every parcel would silently be "off the network".
  if (g.edge_count() == 0)
    throw Error(ErrorCode::EmptyLayer,
                "the walking network has no edge: the " + std::to_string(net.roads.kept) + " walkable line(s) have " +
                    std::to_string(net.build.zero_length) + " zero-length segment(s) and none of positive length",
                in.roads->where);
  log::info("walking graph: ", g.vertex_count(), " vertices, ", g.edge_count(), " edges, ", g.component_count(),
            " components (largest ", g.component_count() ? g.component_size(0) : 0, " vertices); removed ",
            net.build.duplicates, " duplicate and ", net.build.zero_length, " zero-length segments (",
            format_fixed(seconds_since(t0), 2), " s)");
  const auto t1 = std::chrono::steady_clock::now();
  net.index = std::make_unique<network::SegmentIndex>(g, settings.analysis.area.threads);
  log::debug("segment index: ", format_fixed(seconds_since(t1), 2), " s");
  return net;
}

coverage::CoverageResult network_coverage(const WalkNetwork& net, const Inputs& in,
                                          const std::vector<Facility>& facilities, const rules::RuleSet& rules,
                                          const CoverageSettings& settings, const coverage::CoverageOptions& opt,
                                          const std::vector<std::vector<std::size_t>>& estate_zones,
                                          const std::function<void()>& placed) {
  const auto t0 = std::chrono::steady_clock::now();
  coverage::Coverage c = coverage::analyse_coverage(*net.graph, *net.index, in.estates, facilities, opt, placed);
  log::info("coverage: ", c.vertices_reached, " vertices within ", format_number(opt.minutes.back()), " min at ",
            format_number(opt.speed_m_per_s), " m/s (", format_fixed(seconds_since(t0), 2), " s)");
  coverage::NetworkSummary network{net.roads, net.build, settings.build.node_crossings};
  return coverage::summarise(std::move(c), opt, *net.graph, network, {in.estates, estate_zones, in.zones.size()},
                             rules);
}


void check_coverage_options(const CoverageJobOptions& options) {
  if (!options.inputs.roads || !options.inputs.facilities)
    throw Error(ErrorCode::Usage, "siting coverage needs --roads and --facilities");
}

CoverageInputs load_coverage_inputs(const CoverageJobOptions& options, const rules::RuleSet& rules) {
  InputOptions inputs = options.inputs;
  inputs.require_kind = false;
  inputs.require_floor_area = false;
  inputs.need_land_area = false;
  CoverageInputs c{load_inputs(inputs), {}};
  detail::derive_elderly(c.in, rules);
  keep_facility_types(c.in, options.facility_types, inputs);
  detail::log_rules(rules);
  c.estate_zones = provision::estate_zones(c.in.zones, c.in.estates);
  return c;
}

std::string write_coverage_outputs(const CoverageJobOptions& options, const rules::RuleSet& rules,
                                   const CoverageInputs& c, const coverage::CoverageResult& coverage,
                                   const network::WalkGraph* graph, io::OutputDir& out, io::DatabaseOutput* db,
                                   const std::string& chromium, std::vector<std::string>& files) {
  report::Output w{out, c.in.working.crs, options.gpkg, io::CsvOptions{options.csv_bom}};
  w.db = db;
  w.keep_tables = options.report;
  w.threads = options.settings.analysis.area.threads;
  report::Run run{c.in, rules, options.out_dir, &c.estate_zones, options.facility_types};
  run.report = options.report;
  run.chromium = chromium;
  run.graph = graph;
  std::string text = report::write_coverage(w, run, coverage);
  detail::commit_outputs(out, db);
  files = w.files;
  return text;
}

}  // namespace detail

CoverageJobResult run_coverage(const CoverageJobOptions& options) {
  if (options.shard) return detail::run_coverage_shard(options);
  const rules::RuleSet rules = detail::load_rules(options.rules, options.overrides);
  detail::check_coverage_options(options);
  const std::string chromium = detail::report_browser(options.report, options.report_pdf);
  const std::vector<std::string> planned = detail::coverage_outputs(options);
  io::OutputDir out(options.out_dir, planned);
  const auto db = detail::open_database(options.out_db, planned);
  detail::CoverageInputs c = detail::load_coverage_inputs(options, rules);
  Inputs& in = c.in;

  coverage::CoverageOptions opt = detail::coverage_options(rules, options.settings);
  opt.keep_vertex_times = options.settings.network_times;
  detail::WalkNetwork net = detail::build_walk_network(in, options.settings);
  // Ready when the files are written, looked up beside the search and the
  // polygons' serial parts: 50 ms less on one core on the 1M cities, for
  // 1-2 MB more at the curved city's peak (2-6 MB when started before the
  // graph is built).
  const std::future<void> wgs84 = detail::warm_output_transform(in.working.crs);
  // One walk: the segment index goes once the parcels are placed.
  const coverage::CoverageResult coverage = detail::network_coverage(
      net, in, in.facilities, rules, options.settings, opt, c.estate_zones, [&net] {
        net.index.reset();
        // The index's nodes and the lines freed before it lie in the main
        // thread's heap (glibc), which the polygons' worker threads do not draw
        // from: handed back, they no longer count in the peak (1M: 264 -> 231 MB).
        siting::detail::trim_heap();
      });
  CoverageJobResult r;
  r.summary_text =
      detail::write_coverage_outputs(options, rules, c, coverage, net.graph.get(), out, db.get(), chromium, r.files);
  return r;
}

}  // namespace siting::jobs
