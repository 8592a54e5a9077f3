// SPDX-License-Identifier: Apache-2.0
#include "siting/network/roads.hpp"

#include <cstddef>

#include "detail/gdal.hpp"
#include "detail/text.hpp"
#include "io/feature_reader.hpp"
#include "siting/log.hpp"

namespace siting::network {

std::string hstore_value(const std::string& hstore, const std::string& key) {
  // GDAL writes "k"=>"v" pairs separated by commas, with \" and \\ escaped.
  const std::string needle = "\"" + key + "\"=>\"";
  std::size_t at = 0;
  while ((at = hstore.find(needle, at)) != std::string::npos) {
    if (at == 0 || hstore[at - 1] == ',' || hstore[at - 1] == ' ') {
      std::string value;
      for (std::size_t i = at + needle.size(); i < hstore.size(); ++i) {
        if (hstore[i] == '\\' && i + 1 < hstore.size()) value += hstore[++i];
        else if (hstore[i] == '"') return value;
        else value += hstore[i];
      }
      return value;
    }
    at += needle.size();
  }
  return "";
}

namespace {

void append_line(const OGRSimpleCurve* c, std::vector<LineString>& out) {
  if (c->getNumPoints() < 2) return;
  out.push_back(siting::detail::points_of(*c));
}

}  // namespace

std::vector<LineString> read_walkable_lines(const io::VectorLayer& layer, const crs::Crs& working,
                                            const WalkFilter& filter, RoadStats* stats) {
  RoadStats local;
  RoadStats& st = stats ? *stats : local;
  st = RoadStats{};
  io::detail_read::FieldIndex fields(layer);
  const bool has_highway = fields.has("highway");
  const int i_highway = fields.index("highway"), i_foot = fields.index("foot"), i_access = fields.index("access"),
            i_other = fields.index("other_tags");
  if (!has_highway)
    log::info(layer.source().path, ", layer ", layer.layer_name(),
              ": no highway field; every line is taken as walkable");
  crs::Transform to_working(layer.crs(), working);
  std::vector<LineString> out;
  const std::int64_t count = layer.feature_count();
  if (count > 0) out.reserve(static_cast<std::size_t>(count));
  Progress progress("reading roads", static_cast<std::size_t>(std::max<std::int64_t>(0, count)));
  // Only the tags are read: the driver need not decode the other fields.
  OGRLayer* ogr = layer.impl().layer;
  {
    std::vector<std::string> ignore;
    for (const std::string& name : layer.field_names()) {
      bool used = false;
      for (const char* key : {"id", "highway", "foot", "access", "other_tags"})
        used = used || (fields.has(key) && fields.name(key) == name);
      if (!used) ignore.push_back(name);
    }
    ignore.emplace_back("OGR_STYLE");
    std::vector<const char*> list;
    for (const std::string& n : ignore) list.push_back(n.c_str());
    list.push_back(nullptr);
    ogr->SetIgnoredFields(list.data());
  }
  auto tag = [](const OGRFeature& f, int direct, int other, const char* key) -> std::string {
    if (direct >= 0 && f.IsFieldSetAndNotNull(direct)) return siting::detail::lower(f.GetFieldAsString(direct));
    if (other >= 0 && f.IsFieldSetAndNotNull(other)) return siting::detail::lower(hstore_value(f.GetFieldAsString(other), key));
    return "";
  };
  io::detail_read::for_each_feature(layer, [&](const OGRFeature& f) {
    ++st.features;
    progress.advance();
    if (has_highway) {
      const std::string highway = tag(f, i_highway, -1, "highway");
      if (highway.empty()) {
        ++st.not_highway;
        return;
      }
      const std::string foot = tag(f, i_foot, i_other, "foot");
      const bool foot_allowed = foot == "yes" || foot == "designated" || foot == "permissive";
      if (!foot_allowed) {
        if (!filter.include_highway.empty() ? filter.include_highway.count(highway) == 0
                                            : filter.exclude_highway.count(highway) > 0) {
          ++st.excluded_highway;
          return;
        }
        if (filter.drop_foot_no && foot == "no") {
          ++st.foot_no;
          return;
        }
        const std::string access = tag(f, i_access, i_other, "access");
        if (filter.drop_private && access == "private") {
          ++st.private_access;
          return;
        }
      }
    }
    const OGRGeometry* g = f.GetGeometryRef();
    if (!g || g->IsEmpty()) {
      ++st.empty;
      return;
    }
    const std::size_t before = out.size();
    switch (wkbFlatten(g->getGeometryType())) {
      case wkbLineString: append_line(g->toLineString(), out); break;
      case wkbMultiLineString:
        for (const OGRLineString* part : *g->toMultiLineString()) append_line(part, out);
        break;
      case wkbCircularString:
      case wkbCompoundCurve:
      case wkbMultiCurve: {
        std::unique_ptr<OGRGeometry> linear(g->getLinearGeometry());
        if (wkbFlatten(linear->getGeometryType()) == wkbLineString) append_line(linear->toLineString(), out);
        else
          for (const OGRLineString* part : *linear->toMultiLineString()) append_line(part, out);
        break;
      }
      default: {
        io::detail_read::FeatureView view(layer, fields, f);
        throw Error(ErrorCode::WrongGeometry,
                    std::string("expected lines for the walking network, got ") +
                        OGRGeometryTypeToName(g->getGeometryType()),
                    view.where());
      }
    }
    if (out.size() > before) ++st.kept;
    else ++st.empty;
  });
  progress.finish();
  ogr->SetIgnoredFields(nullptr);
  if (!to_working.is_identity())
    for (LineString& l : out) to_working.apply(l);
  if (out.empty())
    throw Error(ErrorCode::EmptyLayer,
                "no walkable lines (" + std::to_string(st.features) + " features, " +
                    std::to_string(st.not_highway) + " without highway tag, " + std::to_string(st.excluded_highway) +
                    " excluded by highway type)",
                layer.context());
  return out;
}

}  // namespace siting::network
