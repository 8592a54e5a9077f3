// SPDX-License-Identifier: Apache-2.0
#include "siting/io/roads.hpp"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <functional>
#include <numeric>

#include "detail/gdal.hpp"
#include "detail/text.hpp"
#include "io/feature_reader.hpp"
#include "siting/log.hpp"

namespace siting::io {

namespace {

// The parts of one line feature, in its own CRS. Lines of fewer than two vertices
// are left out, and `one_vertex` says so.
std::vector<LineString> feature_lines(const OGRGeometry* g, bool& one_vertex) {
  std::vector<LineString> parts;
  auto add = [&](const OGRSimpleCurve* c) {
    if (c->getNumPoints() < 2) one_vertex = true;
    else parts.push_back(siting::detail::points_of(*c));
  };
  switch (wkbFlatten(g->getGeometryType())) {
    case wkbLineString: add(g->toLineString()); break;
    case wkbMultiLineString:
      for (const OGRLineString* part : *g->toMultiLineString()) add(part);
      break;
    default: {  // circular strings, compound and multi curves (the caller checked the type)
      std::unique_ptr<OGRGeometry> linear(g->getLinearGeometry());
      if (wkbFlatten(linear->getGeometryType()) == wkbLineString) add(linear->toLineString());
      else
        for (const OGRLineString* part : *linear->toMultiLineString()) add(part);
    }
  }
  return parts;
}

bool is_line_type(const OGRGeometry* g) {
  switch (wkbFlatten(g->getGeometryType())) {
    case wkbLineString:
    case wkbMultiLineString:
    case wkbCircularString:
    case wkbCompoundCurve:
    case wkbMultiCurve: return true;
    default: return false;
  }
}

bool zero_length(const LineString& l) {
  for (const Point& p : l)
    if (p.x != l.front().x || p.y != l.front().y) return false;
  return true;
}

// Up to ten feature labels for a log line, then how many more. The label is made
// only when it is shown: a city's roads are read on a hot path.
class Named {
 public:
  template <typename Label>
  void add(Label&& label) {
    if (shown_.size() < 10) shown_.push_back(label());
    ++count_;
  }
  void log(const VectorLayer& layer, const char* one, const char* many) const {
    if (count_ == 0) return;
    const char* what = count_ == 1 ? one : many;
    log::warn(layer.source().path, ", layer ", layer.layer_name(), ": ", count_, " ", what, ": ",
              siting::detail::join_some(shown_, count_));
  }

 private:
  std::vector<std::string> shown_;
  std::size_t count_ = 0;
};

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
  result.where = layer.context();
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
  Named bad, one_vertex, zero, no_geometry;
  // A spatial filter may give the features in its index's order (a GeoPackage's
  // R-tree), not in fid order; the lines are put back in fid order below, the
  // order a whole read gives, so that a shard builds its graph as the plan did.
  const bool filtered = layer.spatially_filtered();
  std::vector<std::int64_t> fids;
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
    const auto label = [&] { return detail_read::FeatureView(layer, fields, f).label(); };
    if (!g || g->IsEmpty()) {
      ++st.empty;
      no_geometry.add(label);
      return;
    }
    if (!is_line_type(g))
      throw Error(ErrorCode::WrongGeometry,
                  std::string("expected lines for the walking network, got ") +
                      OGRGeometryTypeToName(g->getGeometryType()),
                  detail_read::FeatureView(layer, fields, f).where());
    bool short_part = false;
    std::vector<LineString> parts = feature_lines(g, short_part);
    if (short_part) {
      ++st.one_vertex;
      one_vertex.add(label);
    }
    try {
      for (LineString& l : parts) to_working.apply(l);
    } catch (const Error& e) {
      ++st.bad_coordinates;
      bad.add([&] { return label() + " (" + e.detail() + ")"; });
      return;
    }
    if (parts.empty()) {
      if (!short_part) ++st.empty;
      return;
    }
    bool all_zero = true;
    for (const LineString& l : parts) all_zero = all_zero && zero_length(l);
    if (all_zero) {
      ++st.zero_length;
      zero.add(label);
    }
    for (LineString& l : parts) {
      out.push_back(std::move(l));
      if (filtered) fids.push_back(f.GetFID());
    }
    ++st.kept;
  });
  if (filtered && !std::is_sorted(fids.begin(), fids.end())) {
    std::vector<std::size_t> order(out.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return fids[a] < fids[b]; });
    std::vector<LineString> sorted;
    sorted.reserve(out.size());
    for (std::size_t i : order) sorted.push_back(std::move(out[i]));
    out = std::move(sorted);
  }
  progress.finish();
  ogr->SetIgnoredFields(nullptr);
  bad.log(layer, "line dropped for an unusable coordinate (cut there, the street would split the network)",
          "lines dropped for unusable coordinates (cut there, the streets would split the network)");
  no_geometry.log(layer, "line without geometry left out", "lines without geometry left out");
  one_vertex.log(layer, "line of one vertex left out (no segment to walk on)",
                 "lines of one vertex left out (no segment to walk on)");
  zero.log(layer, "line of zero length (all its vertices at one point; it adds no edge)",
           "lines of zero length (all their vertices at one point; they add no edge)");
  if (out.empty() && !layer.spatially_filtered())
    throw Error(ErrorCode::EmptyLayer,
                "no walkable lines (" + std::to_string(st.features) + " features: " +
                    std::to_string(st.not_highway) + " without highway tag, " + std::to_string(st.excluded_highway) +
                    " excluded by highway type, " + std::to_string(st.foot_no + st.private_access) +
                    " foot=no or private, " + std::to_string(st.empty) + " without geometry, " +
                    std::to_string(st.one_vertex) + " of one vertex, " + std::to_string(st.bad_coordinates) +
                    " with unusable coordinates)",
                layer.context());
  return result;
}

}  // namespace siting::io
