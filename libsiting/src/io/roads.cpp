// SPDX-License-Identifier: Apache-2.0
#include "siting/io/roads.hpp"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <exception>
#include <functional>
#include <numeric>
#include <system_error>
#include <thread>
#include <utility>

#include "detail/gdal.hpp"
#include "detail/parallel.hpp"
#include "detail/text.hpp"
#include "io/feature_reader.hpp"
#include "siting/log.hpp"
#include "siting/options.hpp"

namespace siting::io {

namespace {

// The parts of one line feature, in its own CRS, into parts[0, n): n is
// returned. The vectors are reused from feature to feature, so that reading
// allocates nothing per line. Lines of fewer than two vertices are left out,
// and `one_vertex` says so.
std::size_t feature_lines(const OGRGeometry* g, bool& one_vertex, std::vector<LineString>& parts) {
  std::size_t n = 0;
  auto add = [&](const OGRSimpleCurve* c) {
    if (c->getNumPoints() < 2) {
      one_vertex = true;
      return;
    }
    if (n == parts.size()) parts.emplace_back();
    siting::detail::points_into(*c, parts[n++]);
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
  return n;
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

bool zero_length(PointSpan l) {
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
  // Another pass's names after this one's, as one pass over both would give them.
  void append(const Named& later) {
    for (const std::string& s : later.shown_)
      if (shown_.size() < 10) shown_.push_back(s);
    count_ += later.count_;
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

namespace {

// What one pass over (a part of) the layer found: its lines in the order read,
// with their features' fids when the order must be restored, and its tallies.
struct Chunk {
  Lines lines;
  std::vector<std::int64_t> fids;
  network::RoadStats st;
  Named bad, one_vertex, zero, no_geometry;  // st.features: the features read
  std::string stopped;  // GDAL's error when the driver failed before the end
};

struct Reader {
  const detail_read::FieldIndex& fields;
  const network::WalkFilter& filter;
  const crs::Transform& to_working;  // this pass's own: passes run side by side, a PROJ context each
  bool filtered;  // spatially: fids are kept to restore their order
  Progress& progress;

  // Reads every feature `layer` gives (a handle of the roads layer, maybe
  // narrowed to a range of fids) into `c`. Throws for a feature that is not a
  // line; a driver failure ends the pass and is left in c.stopped.
  void operator()(const VectorLayer& layer, Chunk& c) const {
    const bool has_highway = fields.has("highway");
    const int i_highway = fields.index("highway"), i_foot = fields.index("foot"), i_access = fields.index("access"),
              i_other = fields.index("other_tags");
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
    std::vector<LineString> parts;  // one feature's, reused
    OGRLayer* ogr = detail_read::LayerAccess::ogr(layer);
    read_only(ogr, layer, fields);
    ogr->ResetReading();
    network::RoadStats& st = c.st;
    while (true) {
      CPLErrorReset();
      siting::detail::FeaturePtr feature(ogr->GetNextFeature());
      if (!feature) break;
      const OGRFeature& f = *feature;
      if (CPLGetLastErrorType() >= CE_Failure) detail_read::failed_feature(layer, f);
      ++st.features;
      progress.advance();
      if (has_highway) {
        at = &f;
        const network::WalkVerdict verdict = network::walk_verdict(filter, tag);
        if (verdict != network::WalkVerdict::Walkable) {
          st.count_dropped(verdict);
          continue;
        }
      }
      const OGRGeometry* g = f.GetGeometryRef();
      const auto label = [&] { return detail_read::FeatureView(layer, fields, f).label(); };
      if (!g || g->IsEmpty()) {
        ++st.empty;
        c.no_geometry.add(label);
        continue;
      }
      if (!is_line_type(g))
        throw Error(ErrorCode::WrongGeometry,
                    std::string("expected lines for the walking network, got ") +
                        OGRGeometryTypeToName(g->getGeometryType()),
                    detail_read::FeatureView(layer, fields, f).where());
      bool short_part = false;
      const std::size_t n = feature_lines(g, short_part, parts);
      if (short_part) {
        ++st.one_vertex;
        c.one_vertex.add(label);
      }
      try {
        for (std::size_t k = 0; k < n; ++k) to_working.apply(parts[k]);
      } catch (const Error& e) {
        ++st.bad_coordinates;
        c.bad.add([&] { return label() + " (" + e.detail() + ")"; });
        continue;
      }
      if (n == 0) {
        if (!short_part) ++st.empty;
        continue;
      }
      bool all_zero = true;
      for (std::size_t k = 0; k < n; ++k) all_zero = all_zero && zero_length(parts[k]);
      if (all_zero) {
        ++st.zero_length;
        c.zero.add(label);
      }
      for (std::size_t k = 0; k < n; ++k) {
        c.lines.push_back(parts[k]);
        if (filtered) c.fids.push_back(f.GetFID());
      }
      ++st.kept;
    }
    if (CPLGetLastErrorType() >= CE_Failure) c.stopped = siting::detail::gdal_last_error();
    ogr->SetIgnoredFields(nullptr);
  }
};

// An SQL identifier in double quotes, its own double quotes doubled.
std::string quoted(const std::string& name) {
  std::string out = "\"";
  for (char ch : name) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}

// The fid ranges a GeoPackage layer is read in, side by side: its fids are its
// table's integer primary key, so a range is a range scan of that table, in fid
// order. One range (the whole layer) for other formats, few features or one
// thread. Measured on the 1M-segment grid city (docs/performance.md): 1.05 s
// in one pass, 0.77 s in two.
std::vector<std::pair<std::int64_t, std::int64_t>> fid_ranges(const VectorLayer& layer, std::int64_t count,
                                                              const RoadReadOptions& options) {
  const unsigned threads = siting::detail::thread_count(options.threads);
  const std::int64_t per = std::max<std::int64_t>(1, static_cast<std::int64_t>(options.min_features_per_thread));
  const std::int64_t n = std::min<std::int64_t>(threads, count / per);
  auto& impl = detail_read::LayerAccess::impl(layer);
  if (n < 2 || std::string(impl.dataset->GetDriver()->GetDescription()) != "GPKG") return {};
  const char* fid = impl.layer->GetFIDColumn();
  if (!fid || !*fid) return {};
  // Two subqueries: SQLite reads MIN or MAX of the primary key off its B-tree
  // only when the query asks for that one alone; asked for both at once it scans
  // the table (1.7 s at 10M roads).
  const std::string sql = "SELECT (SELECT MIN(" + quoted(fid) + ") FROM " + quoted(impl.name) + "), (SELECT MAX(" +
                          quoted(fid) + ") FROM " + quoted(impl.name) + ")";
  OGRLayer* res = impl.dataset->ExecuteSQL(sql.c_str(), nullptr, nullptr);
  if (!res) return {};
  std::int64_t lo = 0, hi = -1;
  if (siting::detail::FeaturePtr f{res->GetNextFeature()}; f && f->IsFieldSetAndNotNull(0) && f->IsFieldSetAndNotNull(1)) {
    lo = f->GetFieldAsInteger64(0);
    hi = f->GetFieldAsInteger64(1);
  }
  impl.dataset->ReleaseResultSet(res);
  if (hi - lo + 1 < n) return {};
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  const std::int64_t span = hi - lo + 1;
  for (std::int64_t k = 0; k < n; ++k) out.push_back({lo + span * k / n, lo + span * (k + 1) / n - 1});
  return out;
}

}  // namespace

void RoadReadOptions::validate() const {
  check_option("threads", threads, Range{0.0, 256.0, false, "", true});
  check_option("min_features_per_thread", static_cast<double>(min_features_per_thread), Range{1.0, 1e9, false, "", true});
}

RoadLines read_walkable_lines(const VectorLayer& layer, const crs::Crs& working, const network::WalkFilter& filter,
                              const RoadReadOptions& options) {
  options.validate();
  RoadLines result;
  result.where = layer.context();
  network::RoadStats& st = result.stats;
  Lines& out = result.lines;
  detail_read::FieldIndex fields(layer);
  if (!fields.has("highway"))
    log::info(layer.source().path, ", layer ", layer.layer_name(),
              ": no highway field; every line is taken as walkable");
  const std::int64_t count = layer.feature_count();
  Progress progress("reading roads", static_cast<std::size_t>(std::max<std::int64_t>(0, count)));
  // A spatial filter may give the features in its index's order (a GeoPackage's
  // R-tree), not in fid order; the lines are put back in fid order below, the
  // order a whole read gives, so that a shard builds its graph as the plan did.
  const bool filtered = layer.spatially_filtered();
  const crs::Transform to_working = crs::Transform::Cached(layer.crs(), working);
  const auto ranges = fid_ranges(layer, count, options);
  std::vector<Chunk> chunks(std::max<std::size_t>(1, ranges.size()));
  if (ranges.empty()) {
    Reader{fields, filter, to_working, filtered, progress}(layer, chunks[0]);
  } else {
    // Each range through a handle of its own (a GDAL dataset is read by one
    // thread at a time), opened here: opening logs nothing, and fails as the
    // layer's first opening would have.
    auto& impl = detail_read::LayerAccess::impl(layer);
    const std::string fid = impl.layer->GetFIDColumn();
    std::vector<VectorLayer> handles;
    for (const auto& [lo, hi] : ranges) {
      LayerSource one = layer.source();
      one.layer = layer.layer_name();
      one.where.clear();
      handles.push_back(VectorLayer::open(one));
      if (impl.spatial_box) handles.back().set_spatial_filter(*impl.spatial_box);
      std::string where = quoted(fid) + " BETWEEN " + std::to_string(lo) + " AND " + std::to_string(hi);
      if (!layer.source().where.empty()) where = "(" + layer.source().where + ") AND " + where;
      if (detail_read::LayerAccess::ogr(handles.back())->SetAttributeFilter(where.c_str()) != OGRERR_NONE)
        throw Error(ErrorCode::Internal, "cannot read the roads by fid range: " + siting::detail::gdal_last_error(),
                    layer.context());
    }
    log::debug(layer.source().path, ", layer ", layer.layer_name(), ": read in ", ranges.size(),
               " ranges of fids side by side (", ranges.front().first, " to ", ranges.back().second, ")");
    // Each thread its own FieldIndex: FeatureView notes bad text in it.
    std::vector<detail_read::FieldIndex> own(ranges.size(), fields);
    // Each range its own copy of the transform, made here (crs::Transform::clone).
    std::vector<crs::Transform> transforms;
    for (std::size_t k = 0; k < ranges.size(); ++k) transforms.push_back(to_working.clone());
    std::vector<std::exception_ptr> errors(ranges.size());
    auto read_range = [&](std::size_t k) {
      try {
        Reader{own[k], filter, transforms[k], filtered, progress}(handles[k], chunks[k]);
      } catch (...) {
        errors[k] = std::current_exception();
      }
    };
    // The first range on this thread: its lines lie in the main heap, which
    // the stages after the graph build draw from once the graph has taken them
    // (1M grid city, with the R-tree index of the time: a peak of 287 MB with
    // every range on a thread of its own, 252 MB so).
    std::vector<std::thread> pool;
    for (std::size_t k = 1; k < ranges.size(); ++k) {
      try {
        pool.emplace_back(read_range, k);
      } catch (const std::system_error&) {  // no thread to be had: read it here
        read_range(k);
      }
    }
    read_range(0);
    for (std::thread& t : pool) t.join();
    // The first range's error first: the one a single pass would have met.
    for (std::size_t k = 0; k < ranges.size(); ++k) {
      if (!chunks[k].stopped.empty()) break;  // reported below, after the ranges before it
      if (errors[k]) std::rethrow_exception(errors[k]);
    }
  }
  // As a single pass would end: the driver's failure after what was read before
  // it, then the layer's count compared with all that was read.
  std::int64_t read = 0;
  for (const Chunk& c : chunks) {
    read += static_cast<std::int64_t>(c.st.features);
    if (!c.stopped.empty())
      throw Error(ErrorCode::OpenFailed,
                  "reading stopped after " + std::to_string(read) + " feature(s): " + c.stopped +
                      " (is the file truncated or damaged?)",
                  layer.context());
  }
  CPLErrorReset();
  detail_read::finish_reading(layer, read);
  std::vector<std::int64_t> fids;
  Named bad, one_vertex, zero, no_geometry;
  for (Chunk& c : chunks) {
    out.append(std::move(c.lines));  // the chunks' blocks move: no point is copied
    fids.insert(fids.end(), c.fids.begin(), c.fids.end());
    st.add(c.st);
    bad.append(c.bad), one_vertex.append(c.one_vertex), zero.append(c.zero), no_geometry.append(c.no_geometry);
  }
  if (filtered && !std::is_sorted(fids.begin(), fids.end())) {
    std::vector<std::size_t> order(out.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return fids[a] < fids[b]; });
    Lines sorted;
    for (std::size_t i : order) sorted.push_back(out[i]);
    out = std::move(sorted);
  }
  progress.finish();
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
