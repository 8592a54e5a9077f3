// SPDX-License-Identifier: Apache-2.0
#include "siting/io/roads.hpp"

#include <cstddef>
#include <cstring>
#include <functional>

#include "detail/gdal.hpp"
#include "detail/text.hpp"
#include "io/feature_reader.hpp"
#include "siting/log.hpp"

namespace siting::io {

namespace {

void append_line(const OGRSimpleCurve* c, std::vector<LineString>& out) {
  if (c->getNumPoints() < 2) return;
  out.push_back(siting::detail::points_of(*c));
}

// Only the tags are read: the driver need not decode the other fields.
void read_only(OGRLayer* ogr, const VectorLayer& layer, const detail_read::FieldIndex& fields) {
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

}  // namespace

RoadLines read_walkable_lines(const VectorLayer& layer, const crs::Crs& working, const network::WalkFilter& filter) {
  RoadLines result;
  network::RoadStats& st = result.stats;
  std::vector<LineString>& out = result.lines;
  detail_read::FieldIndex fields(layer);
  const bool has_highway = fields.has("highway");
  const int i_highway = fields.index("highway"), i_foot = fields.index("foot"), i_access = fields.index("access"),
            i_other = fields.index("other_tags");
  if (!has_highway)
    log::info(layer.source().path, ", layer ", layer.layer_name(),
              ": no highway field; every line is taken as walkable");
  crs::Transform to_working(layer.crs(), working);
  const std::int64_t count = layer.feature_count();
  if (count > 0) out.reserve(static_cast<std::size_t>(count));
  Progress progress("reading roads", static_cast<std::size_t>(std::max<std::int64_t>(0, count)));
  OGRLayer* ogr = detail_read::LayerAccess::ogr(layer);
  read_only(ogr, layer, fields);
  // The tags of the feature at hand. The highway value is a field of its own;
  // foot and access may be in OSM's other_tags. Made once, not per feature.
  const OGRFeature* at = nullptr;
  const std::function<std::string(const char*)> tag = [&](const char* key) -> std::string {
    const bool is_highway = std::strcmp(key, "highway") == 0;
    const int direct = is_highway ? i_highway : std::strcmp(key, "foot") == 0 ? i_foot : i_access;
    const int other = is_highway ? -1 : i_other;
    if (direct >= 0 && at->IsFieldSetAndNotNull(direct)) return siting::detail::lower(at->GetFieldAsString(direct));
    if (other >= 0 && at->IsFieldSetAndNotNull(other))
      return siting::detail::lower(network::hstore_value(at->GetFieldAsString(other), key));
    return "";
  };
  detail_read::for_each_feature(layer, [&](const OGRFeature& f) {
    ++st.features;
    progress.advance();
    if (has_highway) {
      at = &f;
      const network::WalkVerdict verdict = network::walk_verdict(filter, tag);
      if (verdict != network::WalkVerdict::Walkable) {
        st.count_dropped(verdict);
        return;
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
        detail_read::FeatureView view(layer, fields, f);
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
  return result;
}

}  // namespace siting::io
