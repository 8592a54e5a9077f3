// SPDX-License-Identifier: Apache-2.0
#include "layer_options.hpp"

#include <cctype>
#include <cstdlib>
#include <set>

#include "siting/error.hpp"
#include "siting/options.hpp"

namespace siting::cli {

void LayerOptions::add_to(CLI::App& app, const std::string& what, bool required, bool repeatable) {
  const std::string r = io::to_string(role);
  auto* path = app.add_option("--" + r, paths, what + ": a file or data source GDAL reads (GeoPackage, Shapefile, "
                                                 "GeoJSON, FlatGeobuf, OSM PBF, PG:dbname=...)")
                   ->type_name("PATH");
  auto* layer = app.add_option("--" + r + "-layer", layers,
                               "layer in the --" + r + " dataset (default: its only layer, or one named " +
                                   io::default_layer_names(role) + ")")
                    ->type_name("NAME");
  if (!repeatable) {
    path->expected(1);
    layer->expected(1);
  }
  if (required) path->required();
  app.add_option("--" + r + "-where", where, "attribute filter on the " + r + " layer (OGR SQL WHERE clause)")
      ->type_name("SQL");
  app.add_option("--" + r + "-field", fields,
                 "map a field: KEY=NAME (repeatable); see 'siting fields' for the keys and names recognised")
      ->type_name("KEY=NAME");
}

std::vector<io::LayerSource> LayerOptions::sources() const {
  std::vector<io::LayerSource> out;
  if (paths.empty()) {
    if (!layers.empty() || !where.empty() || !fields.empty())
      throw Error(ErrorCode::Usage, std::string("--") + io::to_string(role) + "-layer/-where/-field given without --" +
                                        io::to_string(role));
    return out;
  }
  auto make = [&](const std::string& path, const std::string& layer) {
    io::LayerSource s;
    s.role = role;
    s.path = path;
    s.layer = layer;
    s.where = where;
    for (const std::string& f : fields) io::add_field_mapping(s, f);
    return s;
  };
  if (layers.empty()) {
    for (const std::string& p : paths) out.push_back(make(p, ""));
  } else if (paths.size() == 1) {
    for (const std::string& l : layers) out.push_back(make(paths[0], l));  // several levels in one dataset
  } else if (paths.size() == layers.size()) {
    for (std::size_t i = 0; i < paths.size(); ++i) out.push_back(make(paths[i], layers[i]));
  } else {
    throw Error(ErrorCode::Usage, std::string("give one --") + io::to_string(role) + "-layer per --" +
                                      io::to_string(role) + ", or one dataset with several layers");
  }
  return out;
}

void InputFlags::add_crs_and_kinds(CLI::App& app) {
  app.add_option("--crs", crs,
                 "force the metric working CRS (default: the first layer's projected CRS, else the CGCS2000 "
                 "3-degree Gauss-Kruger zone, or UTM outside China)")
      ->type_name("CRS");
  app.add_option("--input-crs", input_crs, "CRS of input layers that carry none, e.g. EPSG:4490")->type_name("CRS");
  app.add_option("--kind-value", kind_values, "accept another estate kind value: VALUE=new or VALUE=old (repeatable)")
      ->type_name("VALUE=KIND");
  app.add_option("--type-value", type_values,
                 "accept another facility type value: VALUE=TYPE, TYPE one of " + facility_type_names() +
                     " (repeatable)")
      ->type_name("VALUE=TYPE");
  app.add_option("--operator-value", operator_values,
                 "accept another facility operator value: VALUE=public or VALUE=non_public (repeatable)")
      ->type_name("VALUE=OPERATOR");
  app.add_flag("--repair-invalid", repair_invalid,
               "repair invalid polygons with GEOS MakeValid instead of stopping (each repair is logged)");
}

void InputFlags::apply(jobs::InputOptions& options) const {
  auto one = [](const LayerOptions& l) -> std::optional<io::LayerSource> {
    auto s = l.sources();
    if (s.empty()) return std::nullopt;
    return s.front();
  };
  options.parcels = one(parcels);
  options.facilities = one(facilities);
  options.zones = zones.sources();
  if (!crs.empty()) options.working_crs = crs;
  if (!input_crs.empty()) options.input_crs = input_crs;
  options.repair_invalid = repair_invalid;
  for (const std::string& kv : kind_values) {
    const auto eq = kv.find('=');
    const std::string value = kv.substr(0, eq);
    const std::string kind = eq == std::string::npos ? "" : kv.substr(eq + 1);
    if (value.empty() || (kind != "new" && kind != "old"))
      throw Error(ErrorCode::Usage, "--kind-value expects VALUE=new or VALUE=old, got '" + kv + "'");
    options.kinds.add(value, kind == "new" ? EstateKind::New : EstateKind::Old);
  }
  for (const std::string& kv : type_values) {
    const auto eq = kv.find('=');
    const auto type = eq == std::string::npos ? std::nullopt : facility_type_from_string(kv.substr(eq + 1));
    if (eq == 0 || !type)
      throw Error(ErrorCode::Usage,
                  "--type-value expects VALUE=TYPE with TYPE one of " + facility_type_names() + "; got " + in_quotes(kv));
    options.facility_types.add(kv.substr(0, eq), *type);
  }
  for (const std::string& kv : operator_values) {
    const auto eq = kv.find('=');
    const auto op = eq == std::string::npos ? std::nullopt : operator_from_string(kv.substr(eq + 1));
    if (eq == 0 || !op)
      throw Error(ErrorCode::Usage,
                  "--operator-value expects VALUE=public or VALUE=non_public; got " + in_quotes(kv));
    options.operators.add(kv.substr(0, eq), *op);
  }
}

namespace {

// "5,10,15" (or several values, each maybe a list) -> {5, 10, 15}; an empty tier or
// one that is not a number is E001 naming what was given. The range is
// check_minutes's, later.
std::vector<double> parse_minutes(const std::vector<std::string>& given) {
  std::string all;
  for (const std::string& g : given) all += (all.empty() ? "" : ",") + g;
  std::vector<double> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = all.find(',', start);
    std::string item = all.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    char* end = nullptr;
    const double v = item.empty() ? 0 : std::strtod(item.c_str(), &end);
    if (item.empty() || end != item.c_str() + item.size())
      throw Error(ErrorCode::Usage, "--minutes expects tiers in minutes separated by commas, e.g. 5,10,15; got " +
                                        in_quotes(all) +
                                        (item.empty() ? " (an empty tier)" : " (" + in_quotes(item) + " is not a number)"));
    out.push_back(v);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace

void CoverageFlags::add_to(CLI::App& app, bool roads_required, Use use) {
  roads.add_to(app, "the street network (lines); OSM PBF: --roads-layer lines", roads_required);
  if (use != ForAccess)
    app.add_option("--minutes", minutes,
                   "service-circle tiers in minutes, e.g. 5,10,15: " + network::minutes_rule() +
                       " (default: the rule set's)")
        ->type_name("LIST");
  app.add_option("--speed", speed,
                 "walking speed in m/s, " + network::kSpeedRange.text() +
                     " (default: the rule set's, 0.9 for older people)")
      ->type_name("M_PER_S");
  if (use != ForAccess)
    app.add_option("--lateral", lateral,
                   "how far people walk off the street to a door, in m, " + coverage::kLateralRange.text())
        ->type_name("M")
        ->capture_default_str();
  app.add_option("--max-snap", max_snap,
                 "facilities and parcels farther than this from every street are off the network, in m, " +
                     network::kMaxSnapRange.text())
      ->type_name("M")
      ->capture_default_str();
  app.add_option("--snap-tolerance", snap_tolerance,
                 "join line ends within this distance of another line, at a vertex or in its middle (CAD data), "
                 "in m, " + network::kSnapToleranceRange.text() + " (default: exact shared vertices only)")
      ->type_name("M");
  app.add_flag("--node-crossings", node_crossings,
               "connect lines where they cross without a shared vertex (CAD data; OSM bridges must not connect)");
  app.add_option("--exclude-highway", exclude_highway,
                 "highway values that are not walkable (replaces the default motorway, trunk and their links, ...)")
      ->delimiter(',')
      ->type_name("LIST");
  app.add_option("--include-highway", include_highway, "walk only on these highway values")
      ->delimiter(',')
      ->type_name("LIST");
  app.add_flag("--keep-private", keep_private, "keep ways with access=private");
  if (use == ForReview) return;
  if (use != ForAccess) {
    app.add_flag("--network-times", network_times,
                 "write network_times.csv: every reached vertex with its time and nearest facility");
    app.add_flag("--no-facility-areas", no_facility_areas, "skip the per-facility service-area polygons");
  }
  app.add_option("--threads", threads, "worker threads, " + coverage::kThreadsRange.text() + " (default 0: one per core)")
      ->type_name("N");
}

void CoverageFlags::apply(jobs::InputOptions& inputs, jobs::CoverageSettings& settings) const {
  const auto r = roads.sources();
  if (!r.empty()) inputs.roads = r.front();
  coverage::CoverageOptions& analysis = settings.analysis;
  if (!minutes.empty()) settings.minutes = analysis.minutes = parse_minutes(minutes);
  if (speed) settings.speed_m_per_s = analysis.speed_m_per_s = *speed;
  analysis.max_snap_m = max_snap;
  analysis.area.lateral_m = lateral;
  // Checked before the conversion to unsigned: -1 would wrap.
  check_option("--threads", threads, coverage::kThreadsRange);
  analysis.area.threads = inputs.threads = settings.build.threads = static_cast<unsigned>(threads);
  analysis.facility_areas = !no_facility_areas;
  analysis.validate();  // what is not given is the library's default here, and valid
  settings.build.snap_tolerance_m = snap_tolerance;
  settings.build.validate();
  settings.build.node_crossings = node_crossings;
  // OSM tag values are lower case; so are the values read (io/roads.cpp).
  auto lowered = [](const std::vector<std::string>& v) {
    std::set<std::string> out;
    for (std::string s : v) {
      for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out.insert(s);
    }
    return out;
  };
  if (!exclude_highway.empty()) inputs.walk_filter.exclude_highway = lowered(exclude_highway);
  inputs.walk_filter.include_highway = lowered(include_highway);
  inputs.walk_filter.drop_private = !keep_private;
  settings.network_times = network_times;
}

}  // namespace siting::cli
