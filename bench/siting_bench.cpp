// SPDX-License-Identifier: Apache-2.0
// siting-bench: the coverage pipeline stage by stage on a city from
// siting-make-city, with wall time and peak memory per stage; and the reference
// programs it is measured against.
//
// The pipeline times the library's own stage functions, as `siting coverage`
// calls them: jobs::load_inputs and network::read_walkable_lines, WalkGraph::Build,
// SegmentIndex, coverage::analyse_coverage (its parts from the library's own stage
// timers) and the io writers. The baseline and Boost.Graph modes are independent
// programs on purpose: they are what the library is compared with.
//
//   siting-bench --city city.gpkg                 # the pipeline, stage by stage
//   siting-bench --city city.gpkg --baseline      # a bare GDAL + hash join + Dijkstra program
//   siting-bench --city city.gpkg --boost         # siting's graph and search against Boost.Graph
//   siting-bench --city city.gpkg --mode polygons # where the polygon time goes (GEOS, one thread)
//   siting-bench --city city.gpkg --mode location-matrix --candidates 2000   # siting's network-mode matrix
//   siting-bench --city city.gpkg --mode buffer-engines --sample 200   # GEOS's buffer against Boost's engines
//   siting-bench --city real.gpkg --crs EPSG:32618 --tile 500 ...   # another working CRS, tile size
//
// Per stage: wall time, CPU time of all threads (getrusage) and peak memory. The
// pipeline also measures how much two spinning threads gain over one before and
// after the run, since other work on a shared machine slows the parallel stages.
//
// Memory: before each stage the benchmark returns free heap to the system
// (malloc_trim) and resets the peak-RSS counter (writing 5 to /proc/self/clear_refs);
// after it, VmHWM in /proc/self/status is the peak resident size of the whole
// process during that stage. The largest of them is the run's peak. Where the
// kernel refuses the reset, peaks are cumulative (and said so).

#include <malloc.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <limits>
#include <memory>
#include <optional>
#include <queue>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/geometry.hpp>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/dijkstra_shortest_paths_no_color_map.hpp>
#include <boost/polygon/voronoi.hpp>
#include <CLI/CLI.hpp>
#include <gdal_priv.h>
#include <geos_c.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

#include "detail/geos.hpp"      // the library's GEOS handles (polygon breakdown)
#include "detail/parallel.hpp"  // thread_count: how many workers the library starts
#include "detail/text.hpp"      // format_fixed
#include "siting/coverage/analysis.hpp"
#include "siting/coverage/service_area.hpp"
#include "siting/crs/crs.hpp"
#include "siting/error.hpp"
#include "siting/geometry.hpp"
#include "siting/io/layer.hpp"
#include "siting/io/output_dir.hpp"
#include "siting/io/table.hpp"
#include "siting/jobs/inputs.hpp"
#include "siting/location/network.hpp"
#include "siting/log.hpp"
#include "siting/network/graph.hpp"
#include "siting/network/roads.hpp"
#include "siting/network/search.hpp"
#include "siting/network/snap.hpp"

// Integer points and segments for Boost.Polygon's Voronoi builder (buffer-engines mode).
struct VoronoiPoint {
  int x, y;
};
struct VoronoiSegment {
  VoronoiPoint a, b;
};
namespace boost::polygon {
template <>
struct geometry_concept<VoronoiPoint> {
  using type = point_concept;
};
template <>
struct point_traits<VoronoiPoint> {
  using coordinate_type = int;
  static int get(const VoronoiPoint& p, orientation_2d o) { return o == HORIZONTAL ? p.x : p.y; }
};
template <>
struct geometry_concept<VoronoiSegment> {
  using type = segment_concept;
};
template <>
struct segment_traits<VoronoiSegment> {
  using coordinate_type = int;
  using point_type = VoronoiPoint;
  static VoronoiPoint get(const VoronoiSegment& s, direction_1d d) { return d.to_int() ? s.b : s.a; }
};
}  // namespace boost::polygon

namespace {

using namespace siting;
using json = nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// ---------------------------------------------------------------------------
// Memory from /proc/self/status.

struct Mem {
  double rss_mb = 0;
  double hwm_mb = 0;
};

Mem read_mem() {
  Mem m;
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    auto value = [&line]() { return std::strtod(line.c_str() + line.find(':') + 1, nullptr) / 1024.0; };
    if (line.rfind("VmRSS:", 0) == 0) m.rss_mb = value();
    if (line.rfind("VmHWM:", 0) == 0) m.hwm_mb = value();
  }
  return m;
}

// User + system CPU seconds of the whole process (all threads).
double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

bool reset_peak() {
  std::ofstream f("/proc/self/clear_refs");
  if (!f) return false;
  f << "5";
  f.flush();
  return static_cast<bool>(f);
}

// ---------------------------------------------------------------------------
// Stage bookkeeping.

struct StageRow {
  std::string name;
  double seconds = 0;
  double peak_mb = -1;   // -1: not measured (sub-steps)
  double rss_after_mb = -1;
  bool in_total = true;
  int depth = 0;
  double cpu_s = -1;     // user + system, all threads; -1: not measured
};

class Stages {
 public:
  Stages() : start_(Clock::now()) {
    malloc_trim(0);
    reset_ok_ = reset_peak();
  }

  // Runs fn as a stage: time, peak RSS during it, RSS after it.
  void run(const std::string& name, const std::function<void()>& fn, bool in_total = true) {
    malloc_trim(0);
    if (reset_ok_) reset_ok_ = reset_peak();
    const double c0 = cpu_seconds();
    const auto t0 = Clock::now();
    fn();
    const double s = seconds_since(t0);
    const double cpu = cpu_seconds() - c0;
    const Mem m = read_mem();
    rows_.push_back({name, s, m.hwm_mb, m.rss_mb, in_total, 0, cpu});
    std::cerr << "siting-bench: " << name << " " << s << " s, peak " << m.hwm_mb << " MB\n";
  }
  // A part of the stage that is running (time, and CPU when known).
  void sub(const std::string& name, double seconds, double cpu_s = -1) {
    rows_.push_back({name, seconds, -1, -1, false, 1, cpu_s});
  }

  const std::vector<StageRow>& rows() const { return rows_; }
  bool peaks_per_stage() const { return reset_ok_; }
  double wall() const { return seconds_since(start_); }

  double total() const {
    double t = 0;
    for (const StageRow& r : rows_)
      if (r.in_total) t += r.seconds;
    return t;
  }
  double peak() const {
    double p = 0;
    for (const StageRow& r : rows_) p = std::max(p, r.peak_mb);
    return p;
  }

  void print(std::ostream& out) const {
    char buf[256];
    std::snprintf(buf, sizeof buf, "%-34s %10s %8s %12s %12s\n", "stage", "wall s", "CPU s", "peak MB", "RSS after MB");
    out << buf;
    for (const StageRow& r : rows_) {
      const std::string name = std::string(static_cast<std::size_t>(r.depth) * 2, ' ') + r.name +
                               (r.in_total || r.depth > 0 ? "" : " *");
      if (r.peak_mb >= 0)
        std::snprintf(buf, sizeof buf, "%-34s %10.3f %8.3f %12.1f %12.1f\n", name.c_str(), r.seconds, r.cpu_s,
                      r.peak_mb, r.rss_after_mb);
      else if (r.cpu_s >= 0)
        std::snprintf(buf, sizeof buf, "%-34s %10.3f %8.3f %12s %12s\n", name.c_str(), r.seconds, r.cpu_s, "", "");
      else
        std::snprintf(buf, sizeof buf, "%-34s %10.3f %8s %12s %12s\n", name.c_str(), r.seconds, "", "", "");
      out << buf;
    }
    std::snprintf(buf, sizeof buf, "%-34s %10.3f %8s %12.1f\n", "total", total(), "", peak());
    out << buf;
  }

  json to_json() const {
    json a = json::array();
    for (const StageRow& r : rows_) {
      json o{{"stage", r.name}, {"seconds", r.seconds}};
      if (r.peak_mb >= 0) {
        o["peak_mb"] = r.peak_mb;
        o["rss_after_mb"] = r.rss_after_mb;
        o["cpu_s"] = r.cpu_s;
      } else if (r.cpu_s >= 0) {
        o["cpu_s"] = r.cpu_s;
      }
      o["in_total"] = r.in_total;
      o["depth"] = r.depth;
      a.push_back(o);
    }
    return a;
  }

 private:
  Clock::time_point start_;
  bool reset_ok_ = false;
  std::vector<StageRow> rows_;
};

using siting::detail::thread_count;

// The library's own stage timers: analyse_coverage logs "stage NAME: S s" at debug
// level as each of its stages ends. While this object lives the log goes to it,
// and each stage becomes a row with its wall time and the CPU time of all threads
// since the one before ended (so the first also holds the facilities' snapping).
// Other messages reach stderr when they are at or above `shown`.
class LibraryTimers {
 public:
  struct Row {
    std::string name;
    double seconds = 0, cpu_s = 0;
  };

  explicit LibraryTimers(LogLevel shown) : level_(log::level()), cpu_mark_(cpu_seconds()) {
    log::set_level(LogLevel::Debug);
    log::set_sink([this, shown](LogLevel lvl, const std::string& message) { take(lvl, message, shown); });
  }
  ~LibraryTimers() {
    log::set_sink(nullptr);
    log::set_level(level_);
  }
  LibraryTimers(const LibraryTimers&) = delete;
  LibraryTimers& operator=(const LibraryTimers&) = delete;

  // One row per stage name, in the order they first ended (a name may repeat, once per tier).
  const std::vector<Row>& rows() const { return rows_; }

 private:
  void take(LogLevel lvl, const std::string& message, LogLevel shown) {
    const std::string head = "stage ";
    const auto colon = message.rfind(": ");
    if (message.rfind(head, 0) == 0 && colon != std::string::npos) {
      const std::string name = message.substr(head.size(), colon - head.size());
      const double s = std::strtod(message.c_str() + colon + 2, nullptr);
      const double cpu = cpu_seconds();
      auto it = std::find_if(rows_.begin(), rows_.end(), [&](const Row& r) { return r.name == name; });
      if (it == rows_.end()) it = rows_.insert(rows_.end(), Row{name, 0, 0});
      it->seconds += s;
      it->cpu_s += cpu - cpu_mark_;
      cpu_mark_ = cpu;
      return;
    }
    if (lvl <= shown) std::cerr << "siting-bench: library: " << message << "\n";
  }

  LogLevel level_;
  double cpu_mark_;
  std::vector<Row> rows_;
};

// How many cores the process really gets now: the same spin on `threads` threads
// at once against one thread alone (other work on the machine lowers it).
// one_s: the single thread's time (longer when others' work takes the core).
double parallel_speedup(unsigned threads, double* one_s = nullptr) {
  threads = thread_count(threads);
  auto spin = [] {
    volatile double sink = 0;
    double x = 0;
    for (long i = 0; i < 60000000L; ++i) x += static_cast<double>(i) * 1e-9;
    sink = x;
    (void)sink;
  };
  auto t0 = Clock::now();
  spin();
  const double one = seconds_since(t0);
  if (one_s) *one_s = one;
  t0 = Clock::now();
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back(spin);
  for (std::thread& t : pool) t.join();
  const double all = seconds_since(t0);
  return static_cast<double>(threads) * one / all;
}

// The 1-minute load average (runnable processes on the machine), or -1.
double load_average() {
  std::ifstream in("/proc/loadavg");
  double l = -1;
  if (!(in >> l)) return -1;
  return l;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  if (v.empty()) return 0;
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

struct Options {
  std::string city;
  std::string mode = "pipeline";
  std::string crs = "EPSG:4547";
  double minutes = 15;
  double speed = 1.0;
  double lateral = 50;
  double max_snap = 100;
  unsigned threads = 0;
  double tile_m = 0;  // 0: the library's default
  int repeat = 5;
  std::size_t candidates = 2000;
  std::size_t sample = 200;
  bool facility_areas = true;
  std::string out_dir;
  std::string json_path;
  std::string label;
};

io::LayerSource source(io::Role role, const std::string& path, const std::string& layer) {
  io::LayerSource s;
  s.role = role;
  s.path = path;
  s.layer = layer;
  return s;
}

std::size_t vertex_count(const MultiPolygon& mp) {
  std::size_t n = 0;
  for (const Polygon& p : mp) {
    n += p.outer.size();
    for (const Ring& h : p.holes) n += h.size();
  }
  return n;
}

// What every mode needs first: the inputs read and the graph built.
struct Loaded {
  jobs::Inputs in;
  network::RoadStats roads;
  network::BuildStats build;
  std::optional<network::WalkGraph> graph;
  std::unique_ptr<network::SegmentIndex> index;
  std::optional<network::Sources> sources;
  double lines_mb = 0;  // resident memory freed with the input lines after the build
};

void read_stage(Stages& st, const Options& o, Loaded& L, Lines& lines) {
  st.run("read", [&] {
    const auto t0 = Clock::now();
    jobs::InputOptions io_opts;
    io_opts.parcels = source(io::Role::Parcels, o.city, "parcels");
    io_opts.facilities = source(io::Role::Facilities, o.city, "facilities");
    io_opts.roads = source(io::Role::Roads, o.city, "roads");
    io_opts.working_crs = o.crs;
    io_opts.require_kind = false;
    L.in = jobs::load_inputs(io_opts);  // the walkable road lines too
    st.sub("parcels + facilities + roads (load_inputs)", seconds_since(t0));
    lines = std::move(L.in.roads->lines);
    L.roads = L.in.roads->stats;
  });
}

// The graph and its segment index, as `siting coverage` builds them: the input
// lines are freed between the two (not timed; what they held is kept).
void build_stages(Stages& st, Loaded& L, Lines& lines) {
  st.run("build", [&] { L.graph = network::WalkGraph::Build(lines, {}, &L.build); });
  malloc_trim(0);
  const double before = read_mem().rss_mb;
  lines.clear();
  malloc_trim(0);
  L.lines_mb = before - read_mem().rss_mb;
  st.run("index", [&] { L.index = std::make_unique<network::SegmentIndex>(*L.graph); });
}

// The modes that call the network stages one by one snap the facilities themselves.
void snap_stage(Stages& st, const Options& o, Loaded& L) {
  st.run("snap facilities", [&] {
    std::vector<network::Source> srcs;
    for (std::uint32_t f = 0; f < L.in.facilities.size(); ++f) {
      network::Source s;
      s.snap = L.index->nearest(L.in.facilities[f].location, o.max_snap);
      s.id = f;
      srcs.push_back(s);
    }
    L.sources.emplace(std::move(srcs));
  });
}

coverage::CoverageOptions coverage_options(const Options& o) {
  coverage::CoverageOptions c;
  c.minutes = {o.minutes};
  c.speed_m_per_s = o.speed;
  c.max_snap_m = o.max_snap;
  c.area.lateral_m = o.lateral;
  c.area.threads = o.threads;
  if (o.tile_m > 0) c.area.tile_m = o.tile_m;
  c.facility_areas = o.facility_areas;
  return c;
}

// ---------------------------------------------------------------------------
// The pipeline.

struct GapTally {
  std::size_t parcels = 0;
  double households = 0, households_reached = 0, households_left_out = 0;
};

// Writes a reduced set of the coverage outputs with the library's writers: the
// parcels' times (CSV), the gaps and the service areas (GeoJSON).
GapTally write_outputs(const Loaded& L, const coverage::Coverage& c, const std::string& out_dir) {
  const std::vector<Estate>& parcels = L.in.estates;
  const std::vector<Facility>& facilities = L.in.facilities;
  GapTally g;
  io::OutputDir out(out_dir);
  io::Table pt;
  pt.name = "parcels";
  pt.add_column("id", io::ColumnType::String);
  pt.add_column("households", io::ColumnType::Integer);
  pt.add_column("access", io::ColumnType::String);
  pt.add_column("time_s", io::ColumnType::Real, 1);
  pt.add_column("facility_id", io::ColumnType::String);
  pt.add_column("covered_share", io::ColumnType::Real, 4);
  io::Table gaps;
  gaps.name = "gaps";
  gaps.add_column("parcel_id", io::ColumnType::String);
  gaps.add_column("households_left_out", io::ColumnType::Real, 1);
  gaps.add_column("gap_area_m2", io::ColumnType::Real);
  for (std::size_t p = 0; p < parcels.size(); ++p) {
    const Estate& e = parcels[p];
    const coverage::ParcelCoverage& pc = c.parcels[p];
    const double share = e.area_m2 > 0 ? pc.covered_m2.back() / e.area_m2 : 0.0;
    g.households += e.households;
    if (pc.facility != network::kNone) g.households_reached += e.households;
    pt.rows.push_back({e.id, static_cast<std::int64_t>(e.households), std::string(network::to_string(pc.access)),
                       pc.time_s == network::kUnreached ? io::Value() : io::Value(pc.time_s),
                       pc.facility == network::kNone ? io::Value() : io::Value(facilities[pc.facility].id), share});
    const double ga = area(pc.gap);
    if (ga < coverage::kGapSliverM2 || e.area_m2 <= 0) continue;
    ++g.parcels;
    const double left = e.households * ga / e.area_m2;
    g.households_left_out += left;
    gaps.rows.push_back({e.id, left, ga});
    gaps.geometries.emplace_back(pc.gap);
  }
  io::Table areas;
  areas.name = "service_areas";
  areas.add_column("kind", io::ColumnType::String);
  areas.add_column("facility_id", io::ColumnType::String);
  areas.add_column("area_m2", io::ColumnType::Real);
  areas.rows.push_back({std::string("dissolved"), io::Value(), c.dissolved_m2.back()});
  areas.geometries.emplace_back(c.dissolved.back());
  for (std::size_t f = 0; f < facilities.size(); ++f) {
    if (c.facilities[f].area.empty()) continue;
    areas.rows.push_back({std::string("facility"), facilities[f].id, c.facilities[f].area_m2});
    areas.geometries.emplace_back(c.facilities[f].area);
  }
  const crs::Crs& working = L.in.working.crs;
  io::write_csv(pt, out.stage("parcels.csv"));
  io::write_geojson(gaps, working, out.stage("gaps.geojson"));
  io::write_geojson(areas, working, out.stage("service_areas.geojson"));
  out.commit();
  return g;
}

int run_pipeline(const Options& o) {
  const double load_before = load_average();
  double spin_before = 0, spin_after = 0;
  const double speedup_before = parallel_speedup(o.threads, &spin_before);
  Stages st;
  Loaded L;
  Lines lines;
  read_stage(st, o, L, lines);
  build_stages(st, L, lines);
  const network::WalkGraph& graph = *L.graph;
  const coverage::CoverageOptions copt = coverage_options(o);

  coverage::Coverage c;
  st.run("analyse_coverage", [&] {
    std::vector<LibraryTimers::Row> parts;
    {
      LibraryTimers timers(log::level());
      c = coverage::analyse_coverage(graph, *L.index, L.in.estates, L.in.facilities, copt);
      parts = timers.rows();
    }
    for (const LibraryTimers::Row& r : parts) st.sub(r.name, r.seconds, r.cpu_s);
  });

  const std::string out_dir = o.out_dir.empty() ? o.city + ".bench-out" : o.out_dir;
  GapTally gaps;
  st.run("write", [&] { gaps = write_outputs(L, c, out_dir); });

  const double speedup_after = parallel_speedup(o.threads, &spin_after);
  const double load_after = load_average();
  const double limit = c.budget_m.back();
  const MultiPolygon& dissolved = c.dissolved.back();
  std::ostringstream head;
  head << "parallel speed-up available (" << thread_count(o.threads) << " spinning threads against 1): "
       << speedup_before << " before, " << speedup_after << " after the run; one thread's spin " << spin_before
       << " / " << spin_after << " s; load average " << load_before << " / " << load_after << "\n";
  head << "city " << o.city << ": " << L.roads.features << " road features, " << L.roads.kept << " walkable; graph "
       << graph.vertex_count() << " vertices, " << graph.edge_count() << " edges, " << graph.component_count()
       << " components (" << L.build.duplicates << " duplicates removed), "
       << static_cast<double>(graph.memory_bytes()) / 1048576.0 << " MB (the input lines held " << L.lines_mb
       << " MB); " << L.in.estates.size() << " parcels, " << L.in.facilities.size() << " facilities; budget " << limit
       << " m; threads " << thread_count(o.threads) << "; tiles of " << copt.area.tile_m << " m\n"
       << "search reached " << c.vertices_reached << " vertices; dissolved area " << c.dissolved_m2.back() / 1e6
       << " km2 in " << dissolved.size() << " polygons, " << vertex_count(dissolved) << " vertices; " << gaps.parcels
       << " parcels with gaps, " << gaps.households_left_out << " of " << gaps.households << " households left out\n";
  std::cout << head.str();
  st.print(std::cout);
  std::cout << "(* not in the total; indented rows are parts of the stage below them: those of analyse_coverage are\n"
               "the library's own stage timers, with the CPU s of all threads since the part before ended)\n";
  if (!st.peaks_per_stage()) std::cout << "note: /proc/self/clear_refs refused: peaks are cumulative\n";
  std::cout << "wall clock of the whole run " << st.wall() << " s\n";

  if (!o.json_path.empty()) {
    json j{{"mode", "pipeline"},
           {"label", o.label},
           {"city", o.city},
           {"road_features", L.roads.features},
           {"walkable_lines", L.roads.kept},
           {"vertices", graph.vertex_count()},
           {"edges", graph.edge_count()},
           {"components", graph.component_count()},
           {"duplicates_removed", L.build.duplicates},
           {"graph_mb", static_cast<double>(graph.memory_bytes()) / 1048576.0},
           {"input_lines_mb", L.lines_mb},
           {"parcels", L.in.estates.size()},
           {"facilities", L.in.facilities.size()},
           {"budget_m", limit},
           {"threads", thread_count(o.threads)},
           {"tile_m", copt.area.tile_m},
           {"speedup_before", speedup_before},
           {"speedup_after", speedup_after},
           {"spin_one_s_before", spin_before},
           {"spin_one_s_after", spin_after},
           {"loadavg_before", load_before},
           {"loadavg_after", load_after},
           {"reached", c.vertices_reached},
           {"dissolved_km2", c.dissolved_m2.back() / 1e6},
           {"dissolved_polygons", dissolved.size()},
           {"dissolved_vertices", vertex_count(dissolved)},
           {"parcels_with_gap", gaps.parcels},
           {"households", gaps.households},
           {"households_reached", gaps.households_reached},
           {"households_left_out", gaps.households_left_out},
           {"peaks_per_stage", st.peaks_per_stage()},
           {"stages", st.to_json()},
           {"total_s", st.total()},
           {"peak_mb", st.peak()},
           {"wall_s", st.wall()}};
    std::ofstream(o.json_path) << j.dump(2) << "\n";
  }
  return 0;
}

// ---------------------------------------------------------------------------
// The bare program: GDAL read, hash join at shared vertices, one multi-source
// Dijkstra. No library code, the least a program doing this job must do.

struct Arc {
  std::uint32_t to;
  double w;
};

struct KeyHash {
  std::size_t operator()(const std::pair<std::uint64_t, std::uint64_t>& k) const {
    std::uint64_t h = k.first * 0x9E3779B97F4A7C15ull ^ (k.second + 0x632BE59BD9B4E019ull) * 0xC2B2AE3D27D4EB4Full;
    return static_cast<std::size_t>(h ^ (h >> 29));
  }
};

std::uint64_t bits_of(double d) {
  if (d == 0.0) d = 0.0;
  std::uint64_t b;
  std::memcpy(&b, &d, sizeof b);
  return b;
}

struct BareReach {
  std::vector<double> dist;
  std::vector<std::uint32_t> label;
  std::size_t settled = 0;
};

BareReach bare_dijkstra(const std::vector<std::uint32_t>& offsets, const std::vector<Arc>& arcs,
                        const std::vector<std::pair<std::uint32_t, double>>& seeds, double limit) {
  const std::size_t n = offsets.size() - 1;
  BareReach r;
  r.dist.assign(n, std::numeric_limits<double>::infinity());
  r.label.assign(n, network::kNone);
  using QE = std::pair<double, std::uint32_t>;
  std::priority_queue<QE, std::vector<QE>, std::greater<QE>> heap;
  for (std::uint32_t s = 0; s < seeds.size(); ++s) {
    const auto [v, d] = seeds[s];
    if (d < r.dist[v]) {
      r.dist[v] = d;
      r.label[v] = s;
      heap.push({d, v});
    }
  }
  while (!heap.empty()) {
    const auto [d, v] = heap.top();
    heap.pop();
    if (d != r.dist[v]) continue;
    ++r.settled;
    for (std::uint32_t i = offsets[v]; i < offsets[v + 1]; ++i) {
      const double nd = d + arcs[i].w;
      if (nd < r.dist[arcs[i].to] && nd <= limit) {
        r.dist[arcs[i].to] = nd;
        r.label[arcs[i].to] = r.label[v];
        heap.push({nd, arcs[i].to});
      }
    }
  }
  return r;
}

int run_baseline(const Options& o) {
  Stages st;
  const double limit = coverage_options(o).budget_m();  // the library's own minutes-to-metres
  GDALAllRegister();
  std::vector<double> xy;                 // all coordinates, x y x y ...
  std::vector<std::uint32_t> line_end;    // end (in points) of each line
  std::vector<std::pair<double, double>> fac;
  std::size_t features = 0;
  st.run("read (GDAL: roads + facilities)", [&] {
    std::unique_ptr<GDALDataset> ds(
        static_cast<GDALDataset*>(GDALOpenEx(o.city.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
    if (!ds) throw Error(ErrorCode::OpenFailed, "cannot open " + o.city);
    OGRLayer* roads = ds->GetLayerByName("roads");
    const int hi = roads->GetLayerDefn()->GetFieldIndex("highway");
    const std::int64_t n = roads->GetFeatureCount();
    xy.reserve(static_cast<std::size_t>(n) * 4);
    line_end.reserve(static_cast<std::size_t>(n));
    for (auto& f : *roads) {
      ++features;
      const char* h = f->GetFieldAsString(hi);
      // The same walk filter as siting's default.
      if (!std::strcmp(h, "motorway") || !std::strcmp(h, "motorway_link") || !std::strcmp(h, "trunk") ||
          !std::strcmp(h, "trunk_link"))
        continue;
      const OGRGeometry* g = f->GetGeometryRef();
      if (!g || wkbFlatten(g->getGeometryType()) != wkbLineString) continue;
      const OGRLineString* l = g->toLineString();
      for (int i = 0; i < l->getNumPoints(); ++i) {
        xy.push_back(l->getX(i));
        xy.push_back(l->getY(i));
      }
      line_end.push_back(static_cast<std::uint32_t>(xy.size() / 2));
    }
    OGRLayer* fl = ds->GetLayerByName("facilities");
    for (auto& f : *fl) {
      const OGRPoint* p = f->GetGeometryRef()->toPoint();
      fac.emplace_back(p->getX(), p->getY());
    }
  });

  std::vector<std::uint32_t> offsets;
  std::vector<Arc> arcs;
  std::vector<double> vx, vy;
  st.run("join at shared vertices (hash) + CSR", [&] {
    std::unordered_map<std::pair<std::uint64_t, std::uint64_t>, std::uint32_t, KeyHash> ids;
    ids.reserve(xy.size() / 2);
    struct E {
      std::uint32_t u, v;
      double w;
    };
    std::vector<E> edges;
    edges.reserve(xy.size() / 2);
    auto id = [&](std::size_t k) {
      auto [it, fresh] = ids.try_emplace({bits_of(xy[2 * k]), bits_of(xy[2 * k + 1])},
                                         static_cast<std::uint32_t>(vx.size()));
      if (fresh) {
        vx.push_back(xy[2 * k]);
        vy.push_back(xy[2 * k + 1]);
      }
      return it->second;
    };
    std::size_t begin = 0;
    for (std::uint32_t end : line_end) {
      std::uint32_t prev = id(begin);
      for (std::size_t k = begin + 1; k < end; ++k) {
        const std::uint32_t cur = id(k);
        if (cur != prev)
          edges.push_back({prev, cur, std::hypot(xy[2 * k] - xy[2 * k - 2], xy[2 * k + 1] - xy[2 * k - 1])});
        prev = cur;
      }
      begin = end;
    }
    std::vector<double>().swap(xy);
    const std::size_t n = vx.size();
    offsets.assign(n + 1, 0);
    for (const E& e : edges) {
      ++offsets[e.u + 1];
      ++offsets[e.v + 1];
    }
    for (std::size_t v = 0; v < n; ++v) offsets[v + 1] += offsets[v];
    arcs.resize(edges.size() * 2);
    std::vector<std::uint32_t> fill(offsets.begin(), offsets.end() - 1);
    for (const E& e : edges) {
      arcs[fill[e.u]++] = {e.v, e.w};
      arcs[fill[e.v]++] = {e.u, e.w};
    }
  });

  // Facilities to their nearest vertex, through a uniform grid (counting sort).
  std::vector<std::pair<std::uint32_t, double>> seeds;
  st.run("snap facilities to nearest vertex (grid)", [&] {
    const double cell = 200.0;
    const double x0 = *std::min_element(vx.begin(), vx.end()), y0 = *std::min_element(vy.begin(), vy.end());
    const double x1 = *std::max_element(vx.begin(), vx.end()), y1 = *std::max_element(vy.begin(), vy.end());
    const auto cols = static_cast<std::size_t>((x1 - x0) / cell) + 1, rows = static_cast<std::size_t>((y1 - y0) / cell) + 1;
    auto cell_of = [&](double x, double y) {
      return static_cast<std::size_t>((y - y0) / cell) * cols + static_cast<std::size_t>((x - x0) / cell);
    };
    std::vector<std::uint32_t> start(cols * rows + 1, 0), items(vx.size());
    for (std::size_t v = 0; v < vx.size(); ++v) ++start[cell_of(vx[v], vy[v]) + 1];
    for (std::size_t c = 0; c < cols * rows; ++c) start[c + 1] += start[c];
    std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
    for (std::uint32_t v = 0; v < vx.size(); ++v) items[fill[cell_of(vx[v], vy[v])]++] = v;
    for (const auto& [fx, fy] : fac) {
      const auto cx = static_cast<std::int64_t>(std::clamp((fx - x0) / cell, 0.0, static_cast<double>(cols - 1)));
      const auto cy = static_cast<std::int64_t>(std::clamp((fy - y0) / cell, 0.0, static_cast<double>(rows - 1)));
      double best = std::numeric_limits<double>::infinity();
      std::uint32_t best_v = 0;
      for (std::int64_t ring = 0; ring < static_cast<std::int64_t>(cols + rows); ++ring) {
        // Cells at Chebyshev distance `ring`; stop when they cannot hold anything nearer.
        if (best < static_cast<double>(ring - 1) * cell) break;
        for (std::int64_t dy = -ring; dy <= ring; ++dy)
          for (std::int64_t dx = -ring; dx <= ring; ++dx) {
            if (std::max(std::abs(dx), std::abs(dy)) != ring) continue;
            const std::int64_t qx = cx + dx, qy = cy + dy;
            if (qx < 0 || qy < 0 || qx >= static_cast<std::int64_t>(cols) || qy >= static_cast<std::int64_t>(rows)) continue;
            const std::size_t c = static_cast<std::size_t>(qy) * cols + static_cast<std::size_t>(qx);
            for (std::uint32_t i = start[c]; i < start[c + 1]; ++i) {
              const double d = std::hypot(vx[items[i]] - fx, vy[items[i]] - fy);
              if (d < best) {
                best = d;
                best_v = items[i];
              }
            }
          }
      }
      seeds.emplace_back(best_v, best);
    }
  });

  BareReach full, bounded;
  st.run("search: one multi-source Dijkstra (whole graph)", [&] {
    full = bare_dijkstra(offsets, arcs, seeds, std::numeric_limits<double>::infinity());
  });
  st.run("search: the same, stopped at the budget", [&] { bounded = bare_dijkstra(offsets, arcs, seeds, limit); },
         false);
  double read_join_search = 0;
  for (const StageRow& r : st.rows())
    if (r.depth == 0 && r.in_total && r.name.rfind("snap", 0) != 0) read_join_search += r.seconds;
  std::size_t reached = 0;
  for (double d : bounded.dist) reached += d <= limit;
  std::cout << "bare program on " << o.city << ": " << features << " road features, " << line_end.size()
            << " walkable lines, " << vx.size() << " vertices, " << arcs.size() / 2 << " edges, " << fac.size()
            << " facilities; whole-graph search settled " << full.settled << "; bounded (" << limit << " m) settled "
            << bounded.settled << ", reached " << reached << "\n";
  st.print(std::cout);
  std::cout << "read + join + search (whole graph) " << read_join_search << " s; peak " << st.peak() << " MB\n";
  if (!o.json_path.empty()) {
    json j{{"mode", "baseline"},         {"label", o.label},         {"city", o.city},
           {"road_features", features},  {"lines", line_end.size()}, {"vertices", vx.size()},
           {"edges", arcs.size() / 2},   {"settled_full", full.settled}, {"settled_bounded", bounded.settled},
           {"reached_bounded", reached}, {"stages", st.to_json()},   {"read_join_search_s", read_join_search},
           {"peak_mb", st.peak()}};
    std::ofstream(o.json_path) << j.dump(2) << "\n";
  }
  return 0;
}

// ---------------------------------------------------------------------------
// siting's WalkGraph + nearest_facility against Boost.Graph on the same graph.

struct StopSearch {};

template <typename DistMap>
struct LimitVisitor : boost::default_dijkstra_visitor {
  LimitVisitor(DistMap d, double lim) : dist(d), limit(lim) {}
  template <typename V, typename G>
  void examine_vertex(V u, const G&) {
    if (get(dist, u) > limit) throw StopSearch{};
  }
  DistMap dist;
  double limit;
};

struct Measured {
  double build_s = 0;
  double struct_mb = 0;       // RSS after the build minus before
  double build_peak_mb = 0;   // peak during the build minus RSS before
  double search_bounded_s = 0, search_full_s = 0;
  double search_extra_mb = 0; // peak during a full search minus RSS before
  double labels_s = 0;        // Boost: nearest facility from the predecessor tree
  std::size_t distance_mismatches = 0, reach_mismatches = 0, label_mismatches = 0;
  double max_abs_diff = 0;
};

// Measures fn's memory: returns {RSS after - before, peak - before}.
template <typename Fn>
std::pair<double, double> measure_mem(Fn&& fn) {
  malloc_trim(0);
  reset_peak();
  const double before = read_mem().rss_mb;
  fn();
  const Mem m = read_mem();
  return {m.rss_mb - before, m.hwm_mb - before};
}

// Labels from a predecessor tree: a seed's label is its best seed edge's facility.
std::vector<std::uint32_t> labels_from_tree(const std::vector<std::uint32_t>& pred, std::uint32_t virt,
                                            const std::vector<std::uint32_t>& seed_label) {
  const std::size_t n = pred.size() - 1;
  std::vector<std::uint32_t> label(n, network::kNone);
  std::vector<std::uint32_t> path;
  for (std::uint32_t v = 0; v < n; ++v) {
    if (label[v] != network::kNone || pred[v] == v) continue;  // unreached: its own predecessor
    std::uint32_t u = v;
    while (label[u] == network::kNone && pred[u] != virt) {
      path.push_back(u);
      u = pred[u];
    }
    const std::uint32_t l = label[u] != network::kNone ? label[u] : seed_label[u];
    label[u] = l;
    for (std::uint32_t p : path) label[p] = l;
    path.clear();
  }
  return label;
}

void compare(const network::Reach& ref, const std::vector<double>& dist, const std::vector<std::uint32_t>& label,
             double limit, Measured& m) {
  for (std::size_t v = 0; v < ref.distance_m.size(); ++v) {
    const double a = ref.distance_m[v];
    // Boost's default infinity is the largest double.
    const double b = dist[v] <= limit && dist[v] < std::numeric_limits<double>::max() ? dist[v] : network::kUnreached;
    if ((a == network::kUnreached) != (b == network::kUnreached)) {
      if (std::getenv("SITING_BENCH_DEBUG"))
        std::cerr << "reach mismatch at " << v << ": siting " << a << " boost " << dist[v] << "\n";
      ++m.reach_mismatches;
      continue;
    }
    if (a == network::kUnreached) continue;
    const double diff = std::abs(a - b);
    m.max_abs_diff = std::max(m.max_abs_diff, diff);
    if (diff > 1e-9 * std::max(1.0, a)) ++m.distance_mismatches;
    else if (diff == 0 && !label.empty() && label[v] != ref.source[v]) ++m.label_mismatches;
  }
}

int run_boost(const Options& o) {
  Stages st;
  Loaded L;
  Lines lines;
  const double limit = coverage_options(o).budget_m();  // the library's own minutes-to-metres
  const double inf = std::numeric_limits<double>::infinity();
  read_stage(st, o, L, lines);
  Measured ms, mc, ma;
  {
    malloc_trim(0);
    reset_peak();
    const double before = read_mem().rss_mb;
    build_stages(st, L, lines);
    snap_stage(st, o, L);
    ms.struct_mb = static_cast<double>(L.graph->memory_bytes()) / 1048576.0;
    for (const StageRow& r : st.rows())
      if (r.name == "build") {
        ms.build_s = r.seconds;
        ms.build_peak_mb = r.peak_mb - before;
      }
  }
  const network::WalkGraph& g = *L.graph;
  const network::Sources& sources = *L.sources;
  const std::size_t n = g.vertex_count();
  const auto virt = static_cast<std::uint32_t>(n);
  const int reps = std::max(1, o.repeat);

  // siting
  network::Reach ref_bounded, ref_full;
  {
    std::vector<double> tb, tf;
    for (int r = 0; r < reps; ++r) {
      auto t0 = Clock::now();
      ref_bounded = network::nearest_facility(g, sources, limit);
      tb.push_back(seconds_since(t0));
    }
    network::Reach tmp;
    ms.search_extra_mb = measure_mem([&] { tmp = network::nearest_facility(g, sources, inf); }).second;
    tmp = network::Reach{};
    for (int r = 0; r < reps; ++r) {
      auto t0 = Clock::now();
      ref_full = network::nearest_facility(g, sources, inf);
      tf.push_back(seconds_since(t0));
    }
    ms.search_bounded_s = median(tb);
    ms.search_full_s = median(tf);
  }

  // The seed edges of the virtual source, and each seed vertex's best facility.
  struct SeedEdge {
    std::uint32_t v;
    double w;
    std::uint32_t facility;
  };
  std::vector<SeedEdge> seed_edges;
  for (const network::Source& s : sources.all()) {
    if (!s.snap.on_network()) continue;
    const network::Edge& e = g.edge(s.snap.edge);
    seed_edges.push_back({e.u, s.snap.connector_m + s.snap.along_m, s.id});
    seed_edges.push_back({e.v, s.snap.connector_m + (e.length_m - s.snap.along_m), s.id});
  }
  std::vector<std::uint32_t> seed_label(n + 1, network::kNone);
  std::vector<double> seed_best(n + 1, inf);
  for (const SeedEdge& s : seed_edges)
    if (s.w < seed_best[s.v] || (s.w == seed_best[s.v] && s.facility < seed_label[s.v])) {
      seed_best[s.v] = s.w;
      seed_label[s.v] = s.facility;
    }

  // Boost compressed_sparse_row_graph: 32-bit vertices and edge indexes, like WalkGraph.
  {
    struct W {
      double w;
    };
    using Csr = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, W, boost::no_property,
                                                   std::uint32_t, std::uint32_t>;
    std::unique_ptr<Csr> csr;
    auto t0 = Clock::now();
    const auto mem = measure_mem([&] {
      t0 = Clock::now();
      std::vector<std::pair<std::uint32_t, std::uint32_t>> el;
      std::vector<W> wl;
      el.reserve(g.edge_count() * 2 + seed_edges.size());
      wl.reserve(el.capacity());
      for (const network::Edge& e : g.edges()) {
        el.emplace_back(e.u, e.v);
        wl.push_back({e.length_m});
        el.emplace_back(e.v, e.u);
        wl.push_back({e.length_m});
      }
      for (const SeedEdge& s : seed_edges) {
        el.emplace_back(virt, s.v);
        wl.push_back({s.w});
      }
      csr = std::make_unique<Csr>(boost::edges_are_unsorted_multi_pass, el.begin(), el.end(), wl.begin(), n + 1);
      mc.build_s = seconds_since(t0);
    });
    mc.struct_mb = mem.first;
    mc.build_peak_mb = mem.second;
    std::vector<double> dist;
    std::vector<std::uint32_t> pred;
    auto wmap = get(&W::w, *csr);
    auto run = [&](double lim) {
      // Fresh result arrays per search, as nearest_facility returns a fresh Reach.
      dist = std::vector<double>(n + 1);
      pred = std::vector<std::uint32_t>(n + 1);
      auto dmap = boost::make_iterator_property_map(dist.begin(), get(boost::vertex_index, *csr));
      auto pmap = boost::make_iterator_property_map(pred.begin(), get(boost::vertex_index, *csr));
      try {
        boost::dijkstra_shortest_paths_no_color_map(
            *csr, virt,
            boost::weight_map(wmap).distance_map(dmap).predecessor_map(pmap).visitor(
                LimitVisitor<decltype(dmap)>(dmap, lim)));
      } catch (const StopSearch&) {
      }
    };
    std::vector<double> tb, tf, tl;
    std::vector<std::uint32_t> label;
    for (int r = 0; r < reps; ++r) {
      t0 = Clock::now();
      run(limit);
      tb.push_back(seconds_since(t0));
      t0 = Clock::now();
      label = labels_from_tree(pred, virt, seed_label);
      tl.push_back(seconds_since(t0));
    }
    compare(ref_bounded, dist, label, limit, mc);
    mc.search_extra_mb = measure_mem([&] { run(inf); }).second;
    for (int r = 0; r < reps; ++r) {
      t0 = Clock::now();
      run(inf);
      tf.push_back(seconds_since(t0));
    }
    label = labels_from_tree(pred, virt, seed_label);
    compare(ref_full, dist, label, inf, mc);
    mc.search_bounded_s = median(tb);
    mc.search_full_s = median(tf);
    mc.labels_s = median(tl);
  }

  // Boost adjacency_list, the textbook choice: vecS storage, undirected.
  {
    using Adj = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                                      boost::property<boost::edge_weight_t, double>>;
    std::unique_ptr<Adj> adj;
    const auto mem = measure_mem([&] {
      auto t0 = Clock::now();
      adj = std::make_unique<Adj>(n + 1);
      for (const network::Edge& e : g.edges()) boost::add_edge(e.u, e.v, e.length_m, *adj);
      for (const SeedEdge& s : seed_edges) boost::add_edge(virt, s.v, s.w, *adj);
      ma.build_s = seconds_since(t0);
    });
    ma.struct_mb = mem.first;
    ma.build_peak_mb = mem.second;
    std::vector<double> dist;
    std::vector<std::size_t> pred;
    auto run = [&](double lim) {
      dist = std::vector<double>(n + 1);
      pred = std::vector<std::size_t>(n + 1);
      auto dmap = boost::make_iterator_property_map(dist.begin(), get(boost::vertex_index, *adj));
      auto pmap = boost::make_iterator_property_map(pred.begin(), get(boost::vertex_index, *adj));
      try {
        boost::dijkstra_shortest_paths(*adj, virt,
                                       boost::distance_map(dmap).predecessor_map(pmap).visitor(
                                           LimitVisitor<decltype(dmap)>(dmap, lim)));
      } catch (const StopSearch&) {
      }
    };
    std::vector<double> tb, tf;
    for (int r = 0; r < reps; ++r) {
      auto t0 = Clock::now();
      run(limit);
      tb.push_back(seconds_since(t0));
    }
    compare(ref_bounded, dist, {}, limit, ma);
    ma.search_extra_mb = measure_mem([&] { run(inf); }).second;
    for (int r = 0; r < reps; ++r) {
      auto t0 = Clock::now();
      run(inf);
      tf.push_back(seconds_since(t0));
    }
    compare(ref_full, dist, {}, inf, ma);
    ma.search_bounded_s = median(tb);
    ma.search_full_s = median(tf);
  }

  std::cout << "graph of " << o.city << ": " << n << " vertices, " << g.edge_count() << " edges, "
            << sources.all().size() << " facilities, budget " << limit << " m; searches: median of " << reps
            << " runs in one process\n";
  char buf[400];
  std::snprintf(buf, sizeof buf, "%-34s %9s %9s %9s %11s %11s %9s %9s %s\n", "structure", "build s", "graph MB",
                "build pk", "search<=B s", "search all", "search MB", "labels s", "answers (vs siting)");
  std::cout << buf;
  auto row = [&](const char* name, const Measured& m, bool self) {
    std::string answers = self ? "reference"
                               : std::to_string(m.reach_mismatches) + " reach / " +
                                     std::to_string(m.distance_mismatches) + " distance / " +
                                     std::to_string(m.label_mismatches) + " label differences, max |d| diff " +
                                     std::to_string(m.max_abs_diff);
    std::snprintf(buf, sizeof buf, "%-34s %9.3f %9.1f %9.1f %11.4f %11.4f %9.1f %9.4f %s\n", name, m.build_s,
                  m.struct_mb, m.build_peak_mb, m.search_bounded_s, m.search_full_s, m.search_extra_mb, m.labels_s,
                  answers.c_str());
    std::cout << buf;
  };
  row("siting WalkGraph + nearest_facility", ms, true);
  row("Boost compressed_sparse_row_graph", mc, false);
  row("Boost adjacency_list<vecS,undirected>", ma, false);
  std::cout << "build pk = peak RSS growth during the build; search MB = peak RSS growth during a whole-graph search.\n"
               "siting: build = WalkGraph::Build from the input lines (joins coordinates, drops duplicates, finds\n"
               "components), graph MB = WalkGraph::memory_bytes(). Boost: build = from siting's edge list (already\n"
               "joined), graph MB = RSS growth; labels s = nearest facility from the predecessor tree (siting's\n"
               "search keeps it as it goes).\n";
  if (!o.json_path.empty()) {
    auto mj = [](const Measured& m) {
      return json{{"build_s", m.build_s},
                  {"graph_mb", m.struct_mb},
                  {"build_peak_mb", m.build_peak_mb},
                  {"search_bounded_s", m.search_bounded_s},
                  {"search_full_s", m.search_full_s},
                  {"search_extra_mb", m.search_extra_mb},
                  {"labels_s", m.labels_s},
                  {"reach_mismatches", m.reach_mismatches},
                  {"distance_mismatches", m.distance_mismatches},
                  {"label_mismatches", m.label_mismatches},
                  {"max_abs_diff", m.max_abs_diff}};
    };
    json j{{"mode", "boost"},     {"label", o.label},        {"city", o.city},     {"vertices", n},
           {"edges", g.edge_count()}, {"facilities", sources.all().size()}, {"budget_m", limit}, {"repeat", reps},
           {"siting", mj(ms)},    {"boost_csr", mj(mc)},     {"boost_adjacency_list", mj(ma)}};
    std::ofstream(o.json_path) << j.dump(2) << "\n";
  }
  return 0;
}

// ---------------------------------------------------------------------------
// Where the polygon time goes: ServiceArea::Build and dissolved() replayed step
// by step with GEOS on one thread (same pieces, tiles, buffer style), and a few
// alternatives measured on the same tiles. A diagnostic for the library owner.

GEOSGeometry* collection(GEOSContextHandle_t h, std::vector<GEOSGeometry*>& parts) {
  return GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts.data(), static_cast<unsigned>(parts.size()));
}

double geos_area(GEOSContextHandle_t h, const GEOSGeometry* g) {
  double a = 0;
  GEOSArea_r(h, g, &a);
  return a;
}

int run_polygons_breakdown(const Options& o) {
  Stages st;
  Loaded L;
  Lines lines_in;
  const double limit = coverage_options(o).budget_m();  // the library's own minutes-to-metres
  read_stage(st, o, L, lines_in);
  build_stages(st, L, lines_in);
  snap_stage(st, o, L);
  const network::WalkGraph& graph = *L.graph;
  network::Reach reach = network::nearest_facility(graph, *L.sources, limit);
  std::vector<coverage::Piece> pieces = coverage::reachable_pieces(graph, reach, *L.sources, limit);
  std::vector<LineString> connectors;
  for (std::size_t f = 0; f < L.in.facilities.size(); ++f) {
    LineString l = coverage::connector_within(L.in.facilities[f], L.sources->all()[f].snap, limit);
    if (!l.empty()) connectors.push_back(std::move(l));
  }
  coverage::AreaOptions aopt;
  aopt.lateral_m = o.lateral;
  if (o.tile_m > 0) aopt.tile_m = o.tile_m;
  const double r = aopt.lateral_m, tile_m = aopt.tile_m;
  const int qs = aopt.quadrant_segments;

  // The library, as the pipeline calls it (threads as configured).
  aopt.threads = o.threads;
  auto t0 = Clock::now();
  coverage::ServiceArea lib = coverage::ServiceArea::Build(graph, pieces, connectors, aopt);
  const double lib_build = seconds_since(t0);
  t0 = Clock::now();
  const MultiPolygon lib_dissolved = lib.dissolved();
  const double lib_dissolve = seconds_since(t0);

  // Replay on one thread.
  t0 = Clock::now();
  std::vector<LineString> lines = coverage::chain_pieces(graph, pieces);
  const double t_chain = seconds_since(t0);
  for (const LineString& c : connectors) lines.push_back(c);
  std::vector<Box> boxes;
  Box all = Box::Empty();
  std::size_t line_vertices = 0;
  for (const LineString& l : lines) {
    line_vertices += l.size();
    boxes.push_back(bounds(l));
    all.extend(boxes.back());
  }
  const double ox = std::floor((all.min_x - r) / tile_m) * tile_m, oy = std::floor((all.min_y - r) / tile_m) * tile_m;
  const auto cols = static_cast<std::size_t>(std::floor((all.max_x + r - ox) / tile_m)) + 1;
  const auto rows = static_cast<std::size_t>(std::floor((all.max_y + r - oy) / tile_m)) + 1;
  auto clampi = [](double v, std::size_t n) {
    return v < 0 ? std::size_t{0} : std::min(n - 1, static_cast<std::size_t>(v));
  };
  std::vector<std::vector<std::uint32_t>> in_tile(cols * rows);
  std::size_t assignments = 0;
  for (std::uint32_t i = 0; i < lines.size(); ++i) {
    const std::size_t c0 = clampi(std::floor((boxes[i].min_x - r - ox) / tile_m), cols);
    const std::size_t c1 = clampi(std::floor((boxes[i].max_x + r - ox) / tile_m), cols);
    const std::size_t r0 = clampi(std::floor((boxes[i].min_y - r - oy) / tile_m), rows);
    const std::size_t r1 = clampi(std::floor((boxes[i].max_y + r - oy) / tile_m), rows);
    for (std::size_t rr = r0; rr <= r1; ++rr)
      for (std::size_t cc = c0; cc <= c1; ++cc) {
        in_tile[rr * cols + cc].push_back(i);
        ++assignments;
      }
  }
  detail::GeosContext& ctx = detail::GeosContext::local();
  const GEOSContextHandle_t h = ctx.get();
  double t_lines = 0, t_buffer = 0, t_clip = 0, t_old_buffer = 0, t_old_union = 0, t_old_clip = 0, t_prec = 0;
  double area0 = 0, area_old = 0, area_prec = 0;
  std::size_t busy_tiles = 0, lines_buffered = 0, max_in_tile = 0;
  std::vector<GEOSGeometry*> tiles(cols * rows, nullptr);
  for (std::size_t t = 0; t < tiles.size(); ++t) {
    if (in_tile[t].empty()) continue;
    ++busy_tiles;
    max_in_tile = std::max(max_in_tile, in_tile[t].size());
    const double x0 = ox + static_cast<double>(t % cols) * tile_m, y0 = oy + static_cast<double>(t / cols) * tile_m;
    const Box reachb{x0 - r - 1, y0 - r - 1, x0 + tile_m + r + 1, y0 + tile_m + r + 1};
    auto c0 = Clock::now();
    std::vector<GEOSGeometry*> geoms;
    for (std::uint32_t i : in_tile[t]) {
      GEOSGeometry* line = detail::to_geos(ctx, lines[i]).release();
      const Box& b = boxes[i];
      if (!(b.min_x >= reachb.min_x && b.max_x <= reachb.max_x && b.min_y >= reachb.min_y && b.max_y <= reachb.max_y)) {
        GEOSGeometry* clipped = GEOSClipByRect_r(h, line, reachb.min_x, reachb.min_y, reachb.max_x, reachb.max_y);
        GEOSGeom_destroy_r(h, line);
        line = clipped;
        if (GEOSisEmpty_r(h, line)) {
          GEOSGeom_destroy_r(h, line);
          continue;
        }
      }
      geoms.push_back(line);
    }
    t_lines += seconds_since(c0);
    if (geoms.empty()) continue;
    lines_buffered += geoms.size();
    std::vector<GEOSGeometry*> geoms2;
    for (GEOSGeometry* l : geoms) geoms2.push_back(GEOSGeom_clone_r(h, l));
    // As the library (since eb5ba7c): one buffer of all the tile's lines as a
    // collection (GEOS nodes the offset curves once), clipped to the tile.
    GEOSGeometry* ml = collection(h, geoms);  // takes the lines
    c0 = Clock::now();
    GEOSGeometry* merged = GEOSBufferWithStyle_r(h, ml, r, qs, GEOSBUF_CAP_ROUND, GEOSBUF_JOIN_ROUND, 5.0);
    t_buffer += seconds_since(c0);
    c0 = Clock::now();
    GEOSGeometry* clipped = GEOSClipByRect_r(h, merged, x0, y0, x0 + tile_m, y0 + tile_m);
    t_clip += seconds_since(c0);
    area0 += geos_area(h, clipped);
    if (GEOSisEmpty_r(h, clipped)) GEOSGeom_destroy_r(h, clipped);
    else tiles[t] = clipped;
    GEOSGeom_destroy_r(h, merged);
    GEOSGeom_destroy_r(h, ml);
    // Before eb5ba7c: buffer each line, one unary union, clip.
    c0 = Clock::now();
    std::vector<GEOSGeometry*> bufs;
    for (GEOSGeometry* l : geoms2) bufs.push_back(GEOSBufferWithStyle_r(h, l, r, qs, GEOSBUF_CAP_ROUND, GEOSBUF_JOIN_ROUND, 5.0));
    t_old_buffer += seconds_since(c0);
    for (GEOSGeometry* l : geoms2) GEOSGeom_destroy_r(h, l);
    std::vector<GEOSGeometry*> bufs2;
    for (GEOSGeometry* b : bufs) bufs2.push_back(GEOSGeom_clone_r(h, b));
    GEOSGeometry* coll = collection(h, bufs);
    c0 = Clock::now();
    GEOSGeometry* old_merged = GEOSUnaryUnion_r(h, coll);
    t_old_union += seconds_since(c0);
    c0 = Clock::now();
    GEOSGeometry* old_clipped = GEOSClipByRect_r(h, old_merged, x0, y0, x0 + tile_m, y0 + tile_m);
    t_old_clip += seconds_since(c0);
    area_old += geos_area(h, old_clipped);
    GEOSGeom_destroy_r(h, old_clipped);
    GEOSGeom_destroy_r(h, old_merged);
    GEOSGeom_destroy_r(h, coll);
    // Alternative: the union of the separate buffers on a 1 mm grid (snap-rounding noder).
    GEOSGeometry* coll2 = collection(h, bufs2);
    c0 = Clock::now();
    GEOSGeometry* merged2 = GEOSUnaryUnionPrec_r(h, coll2, 0.001);
    GEOSGeometry* clipped2 = GEOSClipByRect_r(h, merged2, x0, y0, x0 + tile_m, y0 + tile_m);
    t_prec += seconds_since(c0);
    area_prec += geos_area(h, clipped2);
    GEOSGeom_destroy_r(h, clipped2);
    GEOSGeom_destroy_r(h, merged2);
    GEOSGeom_destroy_r(h, coll2);
  }

  // The dissolve, as the library does it (since eb5ba7c): the tiles of the west
  // and of the east half of the columns each in one unary union (on two threads
  // in the library, one after the other here), then the union of the two halves.
  auto clones = [&](std::size_t r0, std::size_t r1, std::size_t col0, std::size_t col1) {
    std::vector<GEOSGeometry*> parts;
    for (std::size_t rr = r0; rr < r1; ++rr)
      for (std::size_t cc = col0; cc < col1; ++cc)
        if (tiles[rr * cols + cc]) parts.push_back(GEOSGeom_clone_r(h, tiles[rr * cols + cc]));
    return parts;
  };
  auto union_of = [&](std::vector<GEOSGeometry*> parts) -> GEOSGeometry* {
    if (parts.empty()) return nullptr;
    GEOSGeometry* c = collection(h, parts);
    GEOSGeometry* u = GEOSUnaryUnion_r(h, c);
    GEOSGeom_destroy_r(h, c);
    return u;
  };
  const std::size_t mid = cols > 1 ? cols / 2 : cols;
  auto c0 = Clock::now();
  GEOSGeometry* west = union_of(clones(0, rows, 0, mid));
  const double t_west = seconds_since(c0);
  c0 = Clock::now();
  GEOSGeometry* east = union_of(clones(0, rows, mid, cols));
  const double t_east = seconds_since(c0);
  c0 = Clock::now();
  GEOSGeometry* dis = !west ? east : !east ? west : GEOSUnion_r(h, west, east);
  const double t_seam = seconds_since(c0);
  if (west && east) {
    GEOSGeom_destroy_r(h, west);
    GEOSGeom_destroy_r(h, east);
  }
  c0 = Clock::now();
  if (dis) GEOSNormalize_r(h, dis);
  const double t_dis_norm = seconds_since(c0);
  const double area_dis = dis ? geos_area(h, dis) : 0;
  const int dis_vertices = dis ? GEOSGetNumCoordinates_r(h, dis) : 0;
  const int dis_polys = dis ? GEOSGetNumGeometries_r(h, dis) : 0;
  if (dis) GEOSGeom_destroy_r(h, dis);
  // Before eb5ba7c: all tiles in one unary union.
  c0 = Clock::now();
  GEOSGeometry* all_at_once = union_of(clones(0, rows, 0, cols));
  const double t_dis_union = seconds_since(c0);
  const double area_all = all_at_once ? geos_area(h, all_at_once) : 0;
  if (all_at_once) GEOSGeom_destroy_r(h, all_at_once);
  // Coverage union: tiles only touch along the seams.
  std::vector<GEOSGeometry*> parts = clones(0, rows, 0, cols);
  GEOSGeometry* coll = collection(h, parts);
  c0 = Clock::now();
  GEOSGeometry* cov = GEOSCoverageUnion_r(h, coll);
  const double t_cov = seconds_since(c0);
  const double area_cov = cov ? geos_area(h, cov) : -1;
  const bool cov_valid = cov && GEOSisValid_r(h, cov) == 1;
  const int cov_polys = cov ? GEOSGetNumGeometries_r(h, cov) : -1;
  if (cov) GEOSGeom_destroy_r(h, cov);
  GEOSGeom_destroy_r(h, coll);
  // Two levels: each row of tiles, then the rows (rows can run in parallel).
  c0 = Clock::now();
  std::vector<GEOSGeometry*> row_unions;
  std::vector<double> row_times;
  for (std::size_t rr = 0; rr < rows; ++rr) {
    auto rt = Clock::now();
    GEOSGeometry* u = union_of(clones(rr, rr + 1, 0, cols));
    if (!u) continue;
    row_unions.push_back(u);
    row_times.push_back(seconds_since(rt));
  }
  const double t_rows = seconds_since(c0);
  GEOSGeometry* rc = collection(h, row_unions);
  c0 = Clock::now();
  GEOSGeometry* rows_union = GEOSUnaryUnion_r(h, rc);
  const double t_rows_final = seconds_since(c0);
  const double area_rows = geos_area(h, rows_union);
  GEOSGeom_destroy_r(h, rows_union);
  GEOSGeom_destroy_r(h, rc);
  for (GEOSGeometry* t : tiles)
    if (t) GEOSGeom_destroy_r(h, t);

  std::cout << "polygons of " << o.city << ": " << pieces.size() << " reachable pieces, chained into "
            << lines.size() - connectors.size() << " lines (+" << connectors.size() << " connectors, " << line_vertices
            << " vertices); tiles " << cols << " x " << rows << " of " << tile_m << " m, " << busy_tiles
            << " with lines; " << assignments << " line-tile assignments, " << lines_buffered
            << " lines buffered after clipping (max " << max_in_tile << " lines in a tile)\n";
  char buf[300];
  auto line = [&](const char* what, double s, const std::string& note) {
    std::snprintf(buf, sizeof buf, "  %-58s %9.3f s  %s\n", what, s, note.c_str());
    std::cout << buf;
  };
  auto f3 = [](double v) {
    char b[64];
    std::snprintf(b, sizeof b, "%.6f", v);
    return std::string(b);
  };
  std::cout << "library (" << thread_count(o.threads) << " threads):\n";
  line("ServiceArea::Build", lib_build, "");
  line("ServiceArea::dissolved()", lib_dissolve, std::to_string(lib_dissolved.size()) + " polygons");
  std::cout << "replayed on 1 thread, Build:\n";
  line("chain_pieces", t_chain, "");
  line("lines to GEOS + clip to tile reach", t_lines, "");
  line("GEOSBufferWithStyle_r of each tile's lines (one call)", t_buffer, "");
  line("GEOSClipByRect_r to the tile", t_clip, "area " + f3(area0 / 1e6) + " km2");
  std::cout << "before eb5ba7c, per tile (same tiles):\n";
  line("GEOSBufferWithStyle_r per line", t_old_buffer, "");
  line("GEOSUnaryUnion_r of the buffers", t_old_union, "");
  line("GEOSClipByRect_r to the tile", t_old_clip, "area " + f3(area_old / 1e6) + " km2");
  line("  sum", t_old_buffer + t_old_union + t_old_clip, "");
  std::cout << "alternative per tile:\n";
  line("union of the buffers on a 1 mm grid (GEOSUnaryUnionPrec_r), + clip", t_prec,
       "area " + f3(area_prec / 1e6) + " km2");
  std::cout << "dissolve of the tiles, as dissolved() (halves on two threads in the library):\n";
  line("GEOSUnaryUnion_r of the west half's tiles", t_west,
       std::to_string(mid) + " of " + std::to_string(cols) + " columns");
  line("GEOSUnaryUnion_r of the east half's tiles", t_east, "");
  line("GEOSUnion_r of the two halves", t_seam,
       std::to_string(dis_polys) + " polygons, " + std::to_string(dis_vertices) + " vertices, area " +
           f3(area_dis / 1e6) + " km2");
  line("GEOSNormalize_r", t_dis_norm, "");
  line("  on two free cores: max(west, east) + union + normalize", std::max(t_west, t_east) + t_seam + t_dis_norm, "");
  std::cout << "dissolve alternatives:\n";
  line("GEOSUnaryUnion_r of all tiles (before eb5ba7c)", t_dis_union, "area " + f3(area_all / 1e6) + " km2");
  line("GEOSCoverageUnion_r of all tiles", t_cov,
       std::string(cov_valid ? "valid" : "INVALID or failed") + ", " + std::to_string(cov_polys) + " polygons, area " +
           f3(area_cov / 1e6) + " km2");
  line("union per row of tiles (sum over rows)", t_rows,
       std::to_string(row_times.size()) + " rows, slowest " +
           f3(row_times.empty() ? 0 : *std::max_element(row_times.begin(), row_times.end())) + " s");
  line("  then union of the row results", t_rows_final, "area " + f3(area_rows / 1e6) + " km2");
  return 0;
}

// Network mode of the location engine (docs/performance.md, "Siting: the
// coverage matrix"): read + graph + index as `siting coverage` does, then the
// sparse parcel x site matrix for the facilities and `candidates` points spread
// over the city (every (V / N)-th vertex, 15 m off it to the north-east, so
// every connector counts). Peak RSS is the process's: compare with
// /usr/bin/time -v of `siting coverage` on the same city.
int run_location_matrix(const Options& o) {
  Stages st;
  Loaded L;
  Lines lines_in;
  read_stage(st, o, L, lines_in);
  build_stages(st, L, lines_in);
  const network::WalkGraph& graph = *L.graph;
  std::vector<Candidate> candidates;
  const std::size_t n = std::min<std::size_t>(o.candidates, graph.vertex_count());
  for (std::size_t i = 0; i < n; ++i) {
    const Point& p = graph.point(static_cast<network::VertexId>(i * graph.vertex_count() / n));
    Candidate c;
    c.id = "C" + std::to_string(i + 1);
    c.location = {p.x + 15.0, p.y + 15.0};
    candidates.push_back(std::move(c));
  }
  std::vector<double> weights;
  for (const Estate& e : L.in.estates) weights.push_back(e.households);
  location::NetworkProblemOptions npo;
  npo.walk = coverage_options(o);
  npo.threads = o.threads;
  std::optional<location::NetworkProblem> np;
  st.run("location matrix", [&] {
    np.emplace(location::build_network_problem(graph, *L.index, L.in.estates, weights, L.in.facilities, {}, candidates,
                                               npo));
  });
  const Mem m = read_mem();
  std::size_t demand_with_arcs = 0;
  for (location::Index d = 0; d < np->problem.demand().size(); ++d) demand_with_arcs += !np->problem.sites_of(d).empty();
  std::cout << "location matrix: " << L.in.estates.size() << " parcels, " << L.in.facilities.size() << " facilities + "
            << candidates.size() << " candidates (" << np->off_network_sites.size() << " off the network), "
            << np->arcs << " arcs, " << demand_with_arcs << " parcels with an arc; " << np->seconds << " s ("
            << detail::thread_count(o.threads) << " threads); peak RSS " << m.hwm_mb << " MB\n";
  if (!o.json_path.empty()) {
    json j{{"mode", "location-matrix"}, {"label", o.label},   {"city", o.city},
           {"parcels", L.in.estates.size()}, {"sites", np->problem.sites().size()}, {"arcs", np->arcs},
           {"matrix_s", np->seconds}, {"peak_mb", m.hwm_mb}, {"threads", detail::thread_count(o.threads)}};
    std::ofstream(o.json_path) << j.dump(2) << "\n";
  }
  return 0;
}

// GCC 12 flags Boost.Geometry 1.74's own envelope code (-Wmaybe-uninitialized,
// inside Boost's headers) where its buffer is instantiated below.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
// GEOS's buffer against the other engines Debian 12 has (docs/performance.md,
// "An eighteenth sitting"). For `sample` facilities spread over the list, the
// facility's own reachable pieces (its bounded search), chained as the library
// chains them, with its connector: buffered by GEOS as draw_tile buffers lines
// (one call, round caps and joins), by Boost.Geometry (round joins and ends of
// as many points a circle) and put into Boost.Polygon's segment Voronoi diagram
// (rounded to millimetres, duplicates removed), the first step of a buffer
// traced through its cells. One thread; the same lines for all three. The
// library's buffer calls also hold the closed faces: this is the lines alone.
// The builder asks for segments that meet only at their ends; crossings (a
// bridge) are not split here, which a real buffer would have to do first:
// this times the diagram, and uses none of it.
int run_buffer_engines(const Options& o) {
  namespace bgm = boost::geometry;
  using BgPoint = bgm::model::d2::point_xy<double>;
  using BgLine = bgm::model::linestring<BgPoint>;
  using BgLines = bgm::model::multi_linestring<BgLine>;
  using BgPolygons = bgm::model::multi_polygon<bgm::model::polygon<BgPoint>>;
  Stages st;
  Loaded L;
  Lines lines_in;
  const coverage::CoverageOptions copt = coverage_options(o);
  const double limit = copt.budget_m();
  read_stage(st, o, L, lines_in);
  build_stages(st, L, lines_in);
  snap_stage(st, o, L);
  const network::WalkGraph& graph = *L.graph;
  const double r = copt.area.lateral_m;
  const int qs = copt.area.quadrant_segments;
  const std::size_t n = L.in.facilities.size();
  const std::size_t sample = std::min(o.sample, n);
  detail::GeosContext& ctx = detail::GeosContext::local();
  const GEOSContextHandle_t h = ctx.get();
  network::BoundedSearch search(graph);
  const bgm::strategy::buffer::distance_symmetric<double> distance(r);
  const bgm::strategy::buffer::join_round join(4 * qs);
  const bgm::strategy::buffer::end_round end(4 * qs);
  const bgm::strategy::buffer::point_circle circle(4 * qs);
  const bgm::strategy::buffer::side_straight side;
  double t_geos = 0, t_bg = 0, t_voronoi = 0, area_geos = 0, area_bg = 0, worst = 0;
  std::size_t calls = 0, line_count = 0, points = 0, segments = 0, invalid_bg = 0;
  for (std::size_t k = 0; k < sample; ++k) {
    const std::size_t f = k * n / sample;
    const network::Snap& snap = L.sources->all()[f].snap;
    if (!snap.on_network()) continue;
    const network::SparseReach reach = search.run(snap, limit);
    std::vector<LineString> lines = coverage::chain_pieces(graph, coverage::reachable_pieces(graph, reach, snap, limit));
    LineString c = coverage::connector_within(L.in.facilities[f], snap, limit);
    if (!c.empty()) lines.push_back(std::move(c));
    if (lines.empty()) continue;
    ++calls;
    line_count += lines.size();
    std::vector<GEOSGeometry*> parts;
    BgLines bg_lines;
    Box all = Box::Empty();
    for (const LineString& l : lines) {
      parts.push_back(detail::to_geos(ctx, l).release());
      bg_lines.emplace_back();
      for (const Point& p : l) bg_lines.back().push_back(BgPoint(p.x, p.y));
      points += l.size();
      all.extend(bounds(l));
    }
    detail::GeomPtr collection = detail::make_geom(
        ctx, GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts.data(), static_cast<unsigned>(parts.size())));
    // Millimetres from the lines' south-west corner: a few kilometres fit an int.
    if (std::max(all.max_x - all.min_x, all.max_y - all.min_y) > 2.0e6)
      throw Error(ErrorCode::Usage, "a facility reaches more than 2,000 km: its segments do not fit millimetre integers");
    std::vector<VoronoiSegment> segs;
    auto mm = [&](const Point& p) {
      return VoronoiPoint{static_cast<int>(std::lround((p.x - all.min_x) * 1000)),
                          static_cast<int>(std::lround((p.y - all.min_y) * 1000))};
    };
    for (const LineString& l : lines)
      for (std::size_t i = 0; i + 1 < l.size(); ++i) {
        VoronoiPoint a = mm(l[i]), b = mm(l[i + 1]);
        if (a.x == b.x && a.y == b.y) continue;
        if (std::tie(a.x, a.y) > std::tie(b.x, b.y)) std::swap(a, b);
        segs.push_back({a, b});
      }
    const auto key = [](const VoronoiSegment& s) { return std::tie(s.a.x, s.a.y, s.b.x, s.b.y); };
    std::sort(segs.begin(), segs.end(), [&](const VoronoiSegment& x, const VoronoiSegment& y) { return key(x) < key(y); });
    segs.erase(std::unique(segs.begin(), segs.end(),
                           [&](const VoronoiSegment& x, const VoronoiSegment& y) { return key(x) == key(y); }),
               segs.end());
    segments += segs.size();

    auto t0 = Clock::now();
    detail::GeomPtr g = detail::make_geom(
        ctx, GEOSBufferWithStyle_r(h, collection.get(), r, qs, GEOSBUF_CAP_ROUND, GEOSBUF_JOIN_ROUND, 5.0));
    t_geos += seconds_since(t0);
    t0 = Clock::now();
    BgPolygons b;
    bgm::buffer(bg_lines, b, distance, side, join, end, circle);
    t_bg += seconds_since(t0);
    t0 = Clock::now();
    boost::polygon::voronoi_diagram<double> vd;
    const std::vector<VoronoiPoint> no_points;
    boost::polygon::construct_voronoi(no_points.begin(), no_points.end(), segs.begin(), segs.end(), &vd);
    t_voronoi += seconds_since(t0);

    double a_geos = 0;
    GEOSArea_r(h, g.get(), &a_geos);
    const double a_bg = bgm::area(b);
    area_geos += a_geos;
    area_bg += a_bg;
    if (a_geos > 0) worst = std::max(worst, std::abs(a_bg - a_geos) / a_geos);
    invalid_bg += !bgm::is_valid(b);
  }
  const auto f3 = [](double v) { return detail::format_fixed(v, 3); };
  std::cout << "buffer engines on " << o.city << ": " << calls << " facilities' own pieces, " << line_count
            << " lines, " << points << " points, " << segments << " segments; lateral " << r << " m, " << qs
            << " segments a quarter circle, one thread\n";
  std::cout << "  GEOS buffer (one call each)          " << f3(t_geos) << " s\n";
  std::cout << "  Boost.Geometry buffer                " << f3(t_bg) << " s, area ";
  if (area_geos > 0) std::cout << (area_bg - area_geos) / area_geos << " of GEOS's (worst " << worst << "), ";
  std::cout << invalid_bg << " invalid\n";
  std::cout << "  Boost.Polygon segment Voronoi alone  " << f3(t_voronoi) << " s\n";
  if (!o.json_path.empty()) {
    json j{{"mode", "buffer-engines"}, {"label", o.label},      {"city", o.city},        {"facilities", calls},
           {"lines", line_count},      {"points", points},      {"segments", segments},  {"geos_s", t_geos},
           {"boost_geometry_s", t_bg}, {"voronoi_s", t_voronoi}, {"area_geos_m2", area_geos},
           {"area_boost_geometry_m2", area_bg}, {"boost_geometry_invalid", invalid_bg}};
    std::ofstream(o.json_path) << j.dump(2) << "\n";
  }
  return 0;
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"siting-bench: the coverage pipeline stage by stage (wall time, peak memory), a bare\n"
               "GDAL + Dijkstra baseline, and siting's graph and search against Boost.Graph."};
  Options o;
  app.add_option("--city", o.city, "GeoPackage from siting-make-city (layers roads, parcels, facilities)")->required();
  app.add_option("--mode", o.mode,
                 "pipeline, baseline, boost, polygons (a breakdown of the polygon stage), location-matrix "
                 "(network mode's parcel x site matrix) or buffer-engines (GEOS's buffer against Boost's)")
      ->check(CLI::IsMember({"pipeline", "baseline", "boost", "polygons", "location-matrix", "buffer-engines"}))
      ->capture_default_str();
  app.add_option("--crs", o.crs, "working CRS (metric; the synthetic cities are in EPSG:4547)")->capture_default_str();
  app.add_option("--minutes", o.minutes, "service circle in minutes")->capture_default_str();
  app.add_option("--speed", o.speed, "walking speed, m/s")->capture_default_str();
  app.add_option("--lateral", o.lateral, "lateral walking distance of the service-area polygons, m")
      ->capture_default_str();
  app.add_option("--threads", o.threads, "worker threads (0: one per core)")->capture_default_str();
  app.add_option("--tile", o.tile_m, "service-area tile size in m (0: the library's default)")->capture_default_str();
  app.add_option("--candidates", o.candidates, "location-matrix mode: candidate points spread over the city")
      ->capture_default_str();
  app.add_option("--sample", o.sample, "buffer-engines mode: facilities whose own pieces are buffered")
      ->capture_default_str();
  app.add_option("--repeat", o.repeat, "boost mode: searches per variant (median)")->capture_default_str();
  app.add_flag("!--no-facility-areas", o.facility_areas, "skip the per-facility polygons");
  app.add_option("--out", o.out_dir, "pipeline outputs (default: CITY.bench-out)");
  app.add_option("--json", o.json_path, "also write the results as JSON");
  app.add_option("--label", o.label, "a label copied into the JSON");
  bool baseline = false, boost = false;
  app.add_flag("--baseline", baseline, "the same as --mode baseline");
  app.add_flag("--boost", boost, "the same as --mode boost");
  bool verbose = false;
  app.add_flag("-v,--verbose", verbose, "the library's info messages");
  CLI11_PARSE(app, argc, argv);
  log::set_level(verbose ? LogLevel::Info : LogLevel::Warn);
  if (baseline) o.mode = "baseline";
  if (boost) o.mode = "boost";
  try {
    if (o.mode == "baseline") return run_baseline(o);
    if (o.mode == "boost") return run_boost(o);
    if (o.mode == "polygons") return run_polygons_breakdown(o);
    if (o.mode == "location-matrix") return run_location_matrix(o);
    if (o.mode == "buffer-engines") return run_buffer_engines(o);
    return run_pipeline(o);
  } catch (const Error& e) {
    std::cerr << "siting-bench: " << code_name(e.code()) << ": " << e.what() << "\n";
    return e.exit_code();
  } catch (const std::exception& e) {
    std::cerr << "siting-bench: " << e.what() << "\n";
    return 1;
  }
}
