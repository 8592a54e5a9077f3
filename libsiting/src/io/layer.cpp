// SPDX-License-Identifier: Apache-2.0
#include "siting/io/layer.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <ogr_spatialref.h>

#include "detail/gdal.hpp"
#include "detail/text.hpp"
#include "io/feature_reader.hpp"
#include "io/layer_impl.hpp"

namespace siting::io {

const char* to_string(Role role) {
  switch (role) {
    case Role::Parcels: return "parcels";
    case Role::Facilities: return "facilities";
    case Role::Zones: return "zones";
    case Role::Roads: return "roads";
    case Role::Proposal: return "proposal";
    case Role::ProposalFacilities: return "proposal-facilities";
    case Role::Candidates: return "candidates";
  }
  return "layer";
}

namespace {

// One value per role; the switch has no default, so a new role is a warning here.
template <typename T>
const T& by_role(Role role, const T& parcels, const T& facilities, const T& zones, const T& roads, const T& proposal,
                 const T& proposal_facilities, const T& candidates) {
  switch (role) {
    case Role::Parcels: return parcels;
    case Role::Facilities: return facilities;
    case Role::Zones: return zones;
    case Role::Roads: return roads;
    case Role::Proposal: return proposal;
    case Role::ProposalFacilities: return proposal_facilities;
    case Role::Candidates: return candidates;
  }
  return parcels;
}

}  // namespace

const std::vector<FieldSpec>& field_specs(Role role) {
  // Candidates are matched case-insensitively, first hit wins. The Chinese names
  // are those of Guangdong bureau data (编号, 户数, 建筑面积, ...).
  static const std::vector<FieldSpec> parcels{
      {"id", {"id", "编号", "小区编号", "estate_id", "code", "代码"}, false,
       "estate identifier (default: the feature id)"},
      {"name", {"name", "名称", "小区名称"}, false, "estate name"},
      {"kind", {"kind", "类型", "小区类型", "type"}, true, "new (新建) or old (已建, 老旧)"},
      {"households", {"households", "户数", "总户数", "住户数", "hh"}, true, "number of households"},
      {"population", {"population", "人口", "常住人口", "人口数", "pop"}, false, "residents, when known"},
      {"elderly", {"elderly", "老年人口", "elderly_population", "pop_60plus"}, false,
       "residents aged 60+ (elderly rates and indicators, access --demand elderly, site --weight elderly)"},
  };
  static const std::vector<FieldSpec> facilities{
      {"id", {"id", "编号", "设施编号", "code", "代码"}, false, "facility identifier (default: the feature id)"},
      {"name", {"name", "名称", "设施名称"}, false, "facility name"},
      {"category", {"category", "设施类型", "设施类别", "类别", "类型", "type"}, false,
       "facility type: comprehensive (综合养老服务中心), day_care (日间照料中心), station (长者服务站), "
       "institution (养老机构), canteen (长者食堂) or other; more values with --type-value"},
      {"floor_area", {"floor_area", "建筑面积", "floor_m2", "gfa"}, true, "floor area in m2 (建筑面积)"},
      {"land_area", {"land_area", "用地面积", "占地面积", "site_area", "land_m2"}, false,
       "site (land) area in m2 (用地面积); needed for the zone rule"},
      {"estate_id", {"estate_id", "小区编号", "所属小区", "所属小区编号"}, false,
       "id of the estate the facility belongs to"},
      {"beds", {"beds", "床位数", "床位", "养老床位", "养老床位数", "total_beds"}, false,
       "beds (床位数), whole; for the bed indicators and access by beds"},
      {"nursing_beds", {"nursing_beds", "护理型床位", "护理型床位数", "护理床位", "护理床位数"}, false,
       "nursing-type beds (护理型床位), at most the beds"},
      {"operator", {"operator", "运营主体", "举办主体", "举办性质", "运营方式", "办别"}, false,
       "public (公办) or non_public (社会办, 民办, 公建民营); more values with --operator-value"},
  };
  static const std::vector<FieldSpec> zones{
      {"id", {"id", "编号", "代码", "code"}, false, "zone identifier (default: the feature id)"},
      {"name", {"name", "名称"}, false, "zone name"},
      {"level", {"level", "级别", "层级"}, false, "district / street / community (区 / 街道 / 社区)"},
      {"population", {"population", "人口", "常住人口", "人口数", "pop"}, false, "residents"},
      {"households", {"households", "户数", "总户数"}, false, "households, when population is absent"},
      {"elderly", {"elderly", "老年人口", "elderly_population", "pop_60plus"}, false,
       "residents aged 60+, at most the population"},
  };
  static const std::vector<FieldSpec> roads{
      {"id", {"id", "osm_id", "编号"}, false, "way identifier"},
      {"highway", {"highway", "fclass", "道路类型"}, false, "OSM highway tag, for the walkable filter"},
      {"foot", {"foot"}, false, "OSM foot tag"},
      {"access", {"access"}, false, "OSM access tag"},
      {"other_tags", {"other_tags"}, false, "GDAL OSM driver's hstore of further tags"},
  };
  // A proposal: estate polygons (one per phase) and its planned facilities.
  static const std::vector<FieldSpec> proposal{
      {"proposal_id", {"proposal_id", "project_id", "项目编号", "项目代码"}, false,
       "which proposal a feature belongs to (default: one proposal per dataset)"},
      {"name", {"name", "项目名称", "名称"}, false, "proposal name"},
      {"phase", {"phase", "期数", "分期", "期"}, false, "building phase, 1 = first (default 1)"},
      {"kind", {"kind", "类型", "小区类型"}, true, "new (新建) or old (已建, 老旧)"},
      {"households", {"households", "户数", "总户数"}, true, "households in this phase"},
  };
  static const std::vector<FieldSpec> proposal_facilities{
      {"proposal_id", {"proposal_id", "project_id", "项目编号", "项目代码"}, false, "which proposal it belongs to"},
      {"id", {"id", "编号", "设施编号"}, false, "facility identifier (default: the feature id)"},
      {"name", {"name", "设施名称", "名称"}, false, "facility name"},
      {"category", {"category", "设施类型", "设施类别"}, false, "kind of facility"},
      {"floor_area", {"floor_area", "建筑面积"}, true, "floor area in m2 (建筑面积)"},
      {"land_area", {"land_area", "用地面积", "占地面积"}, false, "site area in m2 (用地面积; default 0)"},
      {"floor", {"floor", "楼层", "所在楼层"}, false, "floor it is on: 1 = ground, -1 = first basement"},
      {"lift", {"lift", "elevator", "电梯", "无障碍电梯"}, false, "has a lift (yes/no, 是/否)"},
      {"independent_entrance", {"independent_entrance", "entrance", "独立出入口"}, false,
       "has its own entrance (yes/no, 是/否)"},
      {"phase", {"phase", "期数", "分期", "期"}, false, "phase it is built in"},
      {"planned", {"planned", "同步规划"}, false, "四同步: planned with the housing (yes/no)"},
      {"built", {"built", "同步建设"}, false, "四同步: built with the housing (yes/no)"},
      {"accepted", {"accepted", "同步验收"}, false, "四同步: accepted with the housing (yes/no)"},
      {"handed_over", {"handed_over", "同步交付", "同步交付使用"}, false, "四同步: handed over with the housing (yes/no)"},
  };
  // Places a new facility could go (siting): all fields but the id optional.
  static const std::vector<FieldSpec> candidates{
      {"id", {"id", "编号", "候选编号", "code", "代码"}, false, "candidate identifier (default: the feature id)"},
      {"name", {"name", "名称", "候选名称"}, false, "candidate name"},
      {"capacity", {"capacity", "capacity_households", "容量", "可服务户数"}, false,
       "households it can serve (default: from the floor area, else unlimited)"},
      {"floor_area", {"floor_area", "建筑面积", "floor_m2", "gfa"}, false, "floor area in m2 it could provide (建筑面积)"},
      {"land_area", {"land_area", "用地面积", "占地面积", "site_area", "land_m2"}, false, "site (land) area in m2 (用地面积)"},
      {"cost", {"cost", "成本", "造价"}, false, "opening cost, any unit; breaks ties between equal covers"},
  };
  return by_role(role, parcels, facilities, zones, roads, proposal, proposal_facilities, candidates);
}

void add_field_mapping(LayerSource& source, const std::string& key_equals_name) {
  const auto eq = key_equals_name.find('=');
  const std::string key = detail::trim(key_equals_name.substr(0, eq));
  const std::string name = eq == std::string::npos ? "" : detail::trim(key_equals_name.substr(eq + 1));
  std::vector<FieldSpec> specs = field_specs(source.role);
  if (source.role == Role::Proposal) {
    // A proposal's phases and facilities may share one layer: both sets of keys.
    for (const FieldSpec& f : field_specs(Role::ProposalFacilities))
      if (std::none_of(specs.begin(), specs.end(), [&](const FieldSpec& s) { return s.key == f.key; })) specs.push_back(f);
  }
  std::string keys;
  for (const FieldSpec& s : specs) keys += (keys.empty() ? "" : ", ") + s.key;
  if (eq == std::string::npos || name.empty())
    throw Error(ErrorCode::Usage, std::string("--") + to_string(source.role) + "-field expects KEY=FIELD (keys: " +
                                      keys + "), got '" + key_equals_name + "'");
  const bool known = std::any_of(specs.begin(), specs.end(), [&](const FieldSpec& s) { return s.key == key; });
  if (!known)
    throw Error(ErrorCode::Usage, std::string("unknown ") + to_string(source.role) + " field key '" + key +
                                      "' (keys: " + keys + ")");
  source.fields[key] = name;
}

namespace {

std::vector<std::string> layer_names(GDALDataset& ds) {
  std::vector<std::string> names;
  for (int i = 0; i < ds.GetLayerCount(); ++i) names.emplace_back(ds.GetLayer(i)->GetName());
  return names;
}

// GDAL data sources that are not plain file paths ("PG:dbname=x", "/vsizip/...").
bool is_connection_string(const std::string& path) {
  const auto colon = path.find(':');
  return path.rfind("/vsi", 0) == 0 || (colon != std::string::npos && colon > 1 && path.find('/') > colon);
}

// GeoJSON's values as JSON has them: an array as its JSON text (as a list field
// it would turn the other features' numbers into one-element lists, blamed on
// the first of them), and with `native` each feature's JSON, so that a true that
// GDAL reads as 1 is told from a number (io/feature_reader.cpp). Not for roads:
// their numbers are not read, and they can be millions of features.
std::vector<const char*> open_options(const std::string& path, bool native) {
  GDALDriverH driver = GDALIdentifyDriverEx(path.c_str(), GDAL_OF_VECTOR, nullptr, nullptr);
  if (!driver || std::string(GDALGetDriverShortName(driver)) != "GeoJSON") return {nullptr};
  if (!native) return {"ARRAY_AS_STRING=YES", nullptr};
  return {"ARRAY_AS_STRING=YES", "NATIVE_DATA=YES", nullptr};
}

detail::DatasetPtr open_dataset(const std::string& path, ErrorContext where, bool native_json = false) {
  detail::gdal_init();
  if (!is_connection_string(path)) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
      throw Error(ErrorCode::OpenFailed, "no such file or folder", std::move(where));
    if (::access(path.c_str(), R_OK) != 0)
      throw Error(ErrorCode::OpenFailed, "cannot read the file (permission denied)", std::move(where));
  }
  CPLErrorReset();
  const std::vector<const char*> options = open_options(path, native_json);
  GDALDataset* ds = GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, options.data());
  if (!ds) {
    std::string why = detail::gdal_last_error();
    if (why.empty()) why = "not a vector dataset GDAL can read";
    throw Error(ErrorCode::OpenFailed, "cannot open: " + why, std::move(where));
  }
  return detail::DatasetPtr(ds);
}

// GDAL reads a GeoJSON "crs" member it cannot interpret as no CRS at all and then,
// as RFC 7946 says for a file without one, as WGS 84: a file in a projected CRS
// named wrongly would have its metres read as degrees, with only a PROJ message in
// the log (and none for a name PROJ does not even try). So the member is read here
// as GDAL reads it (type "name": properties.name; type "EPSG": properties.code),
// and one that names no CRS is an error. Returns the problem, or "" when the file
// has no crs member, a null one, or one that names a CRS. The file is parsed only
// when its text holds "crs" at all.
std::string geojson_crs_problem(const std::string& path) {
  // First pass: is there a "crs" (GDAL matches member names in any case) at all?
  // Second pass, only then: the whole text.
  VSILFILE* fp = VSIFOpenL(path.c_str(), "rb");
  if (!fp) return "";
  std::string window;
  char buffer[1 << 16];
  bool maybe = false;
  for (std::size_t n; !maybe && (n = VSIFReadL(buffer, 1, sizeof buffer, fp)) > 0;) {
    window.append(buffer, n);
    maybe = detail::lower(window).find("\"crs\"") != std::string::npos;
    window.erase(0, window.size() > 4 ? window.size() - 4 : 0);  // a word cut at the boundary
  }
  std::string text;
  if (maybe && VSIFSeekL(fp, 0, SEEK_SET) == 0)
    for (std::size_t n; (n = VSIFReadL(buffer, 1, sizeof buffer, fp)) > 0;) text.append(buffer, n);
  VSIFCloseL(fp);
  if (text.empty()) return "";
  // Keep only the top-level "crs" member; everything else (the features) is parsed
  // and dropped.
  const auto keep = [](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    return !(depth == 1 && event == nlohmann::json::parse_event_t::key &&
             !(parsed.is_string() && detail::lower(parsed.get<std::string>()) == "crs"));
  };
  const nlohmann::json doc = nlohmann::json::parse(text, keep, /*allow_exceptions=*/false);
  if (!doc.is_object() || doc.empty() || doc.begin().value().is_null()) return "";
  const nlohmann::json& member = doc.begin().value();
  const std::string shown = printable(member.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), 120);
  const std::string fix =
      "; write the CRS the coordinates are in, e.g. {\"type\": \"name\", \"properties\": {\"name\": "
      "\"urn:ogc:def:crs:EPSG::4547\"}}, or remove the member if they are WGS 84 longitude/latitude";
  // A member by name in any case, as GDAL finds them; nullptr when absent.
  const auto find = [](const nlohmann::json* object, const char* name) -> const nlohmann::json* {
    if (!object || !object->is_object()) return nullptr;
    for (auto it = object->begin(); it != object->end(); ++it)
      if (detail::lower(it.key()) == name) return &it.value();
    return nullptr;
  };
  const nlohmann::json* type_member = find(&member, "type");
  const std::string type = type_member && type_member->is_string() ? detail::lower(type_member->get<std::string>()) : "";
  const nlohmann::json* props = find(&member, "properties");
  const nlohmann::json* name_member = find(props, "name");
  const nlohmann::json* code_member = find(props, "code");
  OGRSpatialReference srs;
  if (type == "name" && name_member && name_member->is_string()) {
    CPLErrorReset();
    const std::string name = name_member->get<std::string>();
    if (srs.SetFromUserInput(name.c_str(), OGRSpatialReference::SET_FROM_USER_INPUT_LIMITATIONS) == OGRERR_NONE)
      return "";
    CPLErrorReset();
    return "the GeoJSON crs member names " + in_quotes(name) + ", which is not a coordinate reference system PROJ knows" +
           fix;
  }
  if (type == "epsg" && code_member && code_member->is_number_integer()) {
    CPLErrorReset();
    const auto code = code_member->get<std::int64_t>();
    if (code > 0 && code < 1000000000 && srs.importFromEPSG(static_cast<int>(code)) == OGRERR_NONE) return "";
    CPLErrorReset();
    return "the GeoJSON crs member names EPSG code " + std::to_string(code) + ", which PROJ does not know" + fix;
  }
  return "the GeoJSON crs member " + shown +
         " is not one siting can read (expected type \"name\" with properties.name, or type \"EPSG\" with "
         "properties.code)" +
         fix;
}

}  // namespace

const std::vector<std::string>& role_layer_names(Role role) {
  static const std::vector<std::string> parcels{"parcels", "estates", "residential", "小区"};
  static const std::vector<std::string> facilities{"facilities", "设施"};
  static const std::vector<std::string> zones{"zones", "streets", "subdistricts", "街道"};
  static const std::vector<std::string> roads{"roads", "walk_network", "network", "edges", "lines"};
  static const std::vector<std::string> proposal{"proposal", "estates", "estate", "phases"};
  static const std::vector<std::string> proposal_facilities{"facilities", "proposal_facilities", "设施"};
  static const std::vector<std::string> candidates{"candidates", "candidate_sites", "候选点", "候选"};
  return by_role(role, parcels, facilities, zones, roads, proposal, proposal_facilities, candidates);
}

std::string default_layer_names(Role role) {
  const auto& names = role_layer_names(role);
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i)
    out += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + ("'" + names[i] + "'");
  return out;
}

std::vector<std::string> list_layers(const std::string& path) {
  auto ds = open_dataset(path, ErrorContext{path, "", "", ""});
  return layer_names(*ds);
}

VectorLayer::VectorLayer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
VectorLayer::~VectorLayer() = default;
VectorLayer::VectorLayer(VectorLayer&&) noexcept = default;
VectorLayer& VectorLayer::operator=(VectorLayer&&) noexcept = default;

VectorLayer VectorLayer::open(const LayerSource& source) {
  auto impl = std::make_unique<Impl>();
  impl->source = source;
  ErrorContext where{source.path, source.layer, "", ""};
  if (source.path.empty())
    throw Error(ErrorCode::Usage, std::string("no ") + to_string(source.role) + " dataset given");
  impl->dataset = open_dataset(source.path, where, source.role != Role::Roads);
  GDALDataset& ds = *impl->dataset;
  impl->dataset_layer_names = layer_names(ds);
  const auto& names = impl->dataset_layer_names;
  // A file GDAL recognises but finds no layer in is damaged (a FlatGeobuf cut after
  // its magic bytes opens so), not a request for a layer it lacks.
  if (names.empty() && !is_connection_string(source.path))
    throw Error(ErrorCode::OpenFailed, "the file holds no readable layer: is it truncated or damaged?", where);
  const std::string listing = detail::join(names, ", ");
  if (!source.layer.empty()) {
    impl->layer = ds.GetLayerByName(source.layer.c_str());
    if (!impl->layer)
      throw Error(ErrorCode::UnknownLayer, "no such layer; the dataset has: " + listing, where);
  } else if (names.size() == 1) {
    impl->layer = ds.GetLayer(0);
  } else {
    for (const std::string& wanted : role_layer_names(source.role)) {
      for (const std::string& n : names)
        if (detail::lower(n) == wanted) impl->layer = ds.GetLayerByName(n.c_str());
      if (impl->layer) break;
    }
    if (!impl->layer)
      throw Error(ErrorCode::UnknownLayer,
                  std::string("the dataset has ") + (names.empty() ? "no layers" : "several layers (" + listing + ")") +
                      "; name one with --" + to_string(source.role) + "-layer",
                  where);
  }
  impl->name = impl->layer->GetName();
  if (!source.where.empty()) {
    CPLErrorReset();
    if (impl->layer->SetAttributeFilter(source.where.c_str()) != OGRERR_NONE)
      throw Error(ErrorCode::Usage,
                  std::string("invalid --") + to_string(source.role) + "-where filter '" + source.where +
                      "': " + detail::gdal_last_error(),
                  ErrorContext{source.path, impl->name, "", ""});
  }
  return VectorLayer(std::move(impl));
}

void VectorLayer::set_spatial_filter(const Box& box) {
  impl_->layer->SetSpatialFilterRect(box.min_x, box.min_y, box.max_x, box.max_y);
  impl_->feature_count.reset();
  impl_->count_checked = false;
  impl_->spatially_filtered = true;
  impl_->spatial_box = box;
}

bool VectorLayer::spatially_filtered() const { return impl_->spatially_filtered; }

const LayerSource& VectorLayer::source() const { return impl_->source; }
const std::string& VectorLayer::layer_name() const { return impl_->name; }
const std::vector<std::string>& VectorLayer::dataset_layer_names() const { return impl_->dataset_layer_names; }

ErrorContext VectorLayer::context() const { return ErrorContext{impl_->source.path, impl_->name, "", ""}; }

crs::Crs VectorLayer::crs() const {
  if (impl_->crs) return *impl_->crs;
  const OGRSpatialReference* srs = impl_->layer->GetSpatialRef();
  if (srs && std::string(impl_->dataset->GetDriver()->GetDescription()) == "GeoJSON") {
    const std::string problem = geojson_crs_problem(impl_->source.path);
    if (!problem.empty()) throw Error(ErrorCode::BadCrs, problem, context());
  }
  if (srs) {
    char* wkt = nullptr;
    const char* opts[] = {"FORMAT=WKT2_2019", nullptr};
    srs->exportToWkt(&wkt, opts);
    std::string text = wkt ? wkt : "";
    CPLFree(wkt);
    impl_->crs = crs::Crs::FromWkt(text);
    return *impl_->crs;
  }
  if (impl_->source.assumed_crs) {
    impl_->crs = *impl_->source.assumed_crs;
    return *impl_->crs;
  }
  throw Error(ErrorCode::MissingCrs,
              "the layer has no coordinate reference system; state it with --input-crs (e.g. --input-crs EPSG:4490)",
              context());
}

std::vector<std::string> VectorLayer::field_names() const {
  std::vector<std::string> names;
  OGRFeatureDefn* defn = impl_->layer->GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i) names.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
  return names;
}

std::int64_t VectorLayer::feature_count() const {
  if (!impl_->feature_count) impl_->feature_count = impl_->layer->GetFeatureCount(TRUE);
  return *impl_->feature_count;
}

void throw_empty_layer(const VectorLayer& layer) {
  std::string detail = "the layer has no features";
  if (!layer.source().where.empty()) detail += " matching the filter '" + layer.source().where + "'";
  throw Error(ErrorCode::EmptyLayer, detail + "; expected at least one", layer.context());
}

namespace {

std::string envelope_problem(const OGREnvelope& e, bool geographic) {
  std::string p = crs::coordinate_problem({e.MinX, e.MinY}, geographic);
  return p.empty() ? crs::coordinate_problem({e.MaxX, e.MaxY}, geographic) : p;
}

// The extent of the features whose coordinates can be right, when the layer's own
// extent holds one that cannot. The working CRS is chosen from the extent, so a
// single infinite vertex or swapped pair would otherwise pick it (UTM zone 1 for an
// infinite longitude). A road with such a vertex is left out here as its reader
// drops it; in any other layer the first such feature is the error.
OGREnvelope usable_extent(const VectorLayer& layer, bool geographic) {
  std::optional<detail_read::FieldIndex> fields;
  try {
    fields.emplace(layer);
  } catch (const Error&) {  // a missing field is reported later, after the geometry
  }
  OGREnvelope out;
  bool any = false;
  std::optional<Error> first;  // the first feature that cannot be right
  detail_read::for_each_feature(layer, [&](const OGRFeature& f) {
    const OGRGeometry* g = f.GetGeometryRef();
    if (!g || g->IsEmpty()) return;
    OGREnvelope e;
    g->getEnvelope(&e);
    const std::string problem = envelope_problem(e, geographic);
    if (problem.empty()) {
      out.Merge(e);
      any = true;
      return;
    }
    ErrorContext where = layer.context();
    where.feature = fields ? detail_read::FeatureView(layer, *fields, f).label() : "fid " + std::to_string(f.GetFID());
    if (!first) first.emplace(ErrorCode::InvalidGeometry, problem, where);
    if (layer.source().role != Role::Roads) throw *first;
  });
  if (!any && first) throw *first;
  return out;
}

}  // namespace

crs::LonLatBounds VectorLayer::lonlat_bounds() const {
  if (feature_count() == 0) throw_empty_layer(*this);  // -1 (unknown, e.g. OSM) is not empty
  OGREnvelope env;
  if (impl_->layer->GetExtent(&env, TRUE) != OGRERR_NONE)
    throw Error(ErrorCode::EmptyLayer, "the layer has no extent (no features with geometry)", context());
  const crs::Crs from = crs();
  if (!envelope_problem(env, from.is_geographic()).empty()) env = usable_extent(*this, from.is_geographic());
  const crs::Crs wgs84 = crs::Crs::Epsg(4326);
  OGRSpatialReference a = detail::to_ogr(from), b = detail::to_ogr(wgs84);
  std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&a, &b));
  crs::LonLatBounds out{env.MinX, env.MinY, env.MaxX, env.MaxY};
  if (!ct || !ct->TransformBounds(env.MinX, env.MinY, env.MaxX, env.MaxY, &out.west, &out.south, &out.east,
                                  &out.north, 21))
    throw Error(ErrorCode::BadCrs, "cannot transform the layer's extent to longitude/latitude from " + from.label(),
                context());
  if (!crs::coordinate_problem({out.west, out.south}, true).empty() ||
      !crs::coordinate_problem({out.east, out.north}, true).empty())
    throw Error(ErrorCode::BadCrs,
                "the layer's extent, moved from " + from.label() + " to longitude/latitude, is not on the Earth (" +
                    detail::format_number(out.west) + ", " + detail::format_number(out.south) + " to " +
                    detail::format_number(out.east) + ", " + detail::format_number(out.north) +
                    "): is the layer's CRS right, or its axis order swapped?",
                context());
  return out;
}

}  // namespace siting::io
