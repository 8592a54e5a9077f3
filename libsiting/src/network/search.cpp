// SPDX-License-Identifier: Apache-2.0
#include "siting/network/search.hpp"

#include <algorithm>
#include <cmath>
#include <queue>

namespace siting::network {

Sources::Sources(std::vector<Source> sources) : sources_(std::move(sources)) {
  std::vector<std::pair<EdgeId, std::uint32_t>> keyed;
  for (std::uint32_t i = 0; i < sources_.size(); ++i)
    if (sources_[i].snap.on_network()) keyed.emplace_back(sources_[i].snap.edge, i);
  std::sort(keyed.begin(), keyed.end());
  for (std::size_t i = 0; i < keyed.size(); ++i) {
    if (i == 0 || keyed[i].first != keyed[i - 1].first) {
      edges_.push_back(keyed[i].first);
      offsets_.push_back(static_cast<std::uint32_t>(i));
    }
    by_edge_.push_back(keyed[i].second);
  }
  offsets_.push_back(static_cast<std::uint32_t>(keyed.size()));
}

Sources::Range Sources::on_edge(EdgeId e) const {
  auto it = std::lower_bound(edges_.begin(), edges_.end(), e);
  if (it == edges_.end() || *it != e) return {};
  const auto k = static_cast<std::size_t>(it - edges_.begin());
  return {by_edge_.data() + offsets_[k], by_edge_.data() + offsets_[k + 1]};
}

namespace {

struct Entry {
  double d;
  std::uint32_t source;
  VertexId v;
  // Min-heap on (distance, source): equal distances settle the smaller source first.
  bool operator<(const Entry& o) const { return d != o.d ? d > o.d : source > o.source; }
};

// "Better" for a vertex label: shorter, or as short from a smaller source.
bool better(double d, std::uint32_t s, double cur_d, std::uint32_t cur_s) {
  return d < cur_d || (d == cur_d && s < cur_s);
}

}  // namespace

Reach nearest_facility(const WalkGraph& graph, const Sources& sources, double limit_m) {
  Reach r;
  const std::size_t n = graph.vertex_count();
  r.distance_m.assign(n, kUnreached);
  r.source.assign(n, kNone);
  std::vector<Entry> storage;
  storage.reserve(n / 4 + 16);
  std::priority_queue<Entry> heap(std::less<Entry>(), std::move(storage));
  auto relax = [&](VertexId v, double d, std::uint32_t s) {
    if (d > limit_m) return;  // inclusive budget: d == limit is kept
    if (better(d, s, r.distance_m[v], r.source[v])) {
      r.distance_m[v] = d;
      r.source[v] = s;
      heap.push({d, s, v});
    }
  };
  for (const Source& src : sources.all()) {
    if (!src.snap.on_network()) continue;
    const Edge& e = graph.edge(src.snap.edge);
    relax(e.u, src.snap.connector_m + src.snap.along_m, src.id);
    relax(e.v, src.snap.connector_m + (e.length_m - src.snap.along_m), src.id);
  }
  while (!heap.empty()) {
    const Entry top = heap.top();
    heap.pop();
    if (top.d != r.distance_m[top.v] || top.source != r.source[top.v]) continue;  // stale
    ++r.settled;
    for (const HalfEdge& h : graph.out(top.v)) relax(h.to, top.d + h.length_m, top.source);
  }
  return r;
}

PointReach reach_span(const WalkGraph& graph, const Reach& reach, const Sources& sources, const Span& span) {
  PointReach best;
  const Edge& e = graph.edge(span.edge);
  auto offer = [&best](double d, std::uint32_t s) {
    if (s != kNone && better(d, s, best.distance_m, best.source)) {
      best.distance_m = d;
      best.source = s;
    }
  };
  // Through the ends: the nearest point of the span to each end.
  if (reach.source[e.u] != kNone) offer(reach.distance_m[e.u] + span.from_m, reach.source[e.u]);
  if (reach.source[e.v] != kNone) offer(reach.distance_m[e.v] + (e.length_m - span.to_m), reach.source[e.v]);
  // Along the edge from a source on it, without passing a vertex.
  for (std::uint32_t i : sources.on_edge(span.edge)) {
    const Source& s = sources.all()[i];
    const double a = s.snap.along_m;
    const double gap = a < span.from_m ? span.from_m - a : a > span.to_m ? a - span.to_m : 0.0;
    offer(s.snap.connector_m + gap, s.id);
  }
  return best;
}

PointReach reach_at(const WalkGraph& graph, const Reach& reach, const Sources& sources, const Snap& at) {
  return reach_span(graph, reach, sources, Span{at.edge, at.along_m, at.along_m, 0.0});
}

BoundedSearch::BoundedSearch(const WalkGraph& graph) : graph_(graph), dist_(graph.vertex_count(), kUnreached) {}

SparseReach BoundedSearch::run(const Snap& source, double limit_m) {
  for (VertexId v : touched_) dist_[v] = kUnreached;
  touched_.clear();
  SparseReach out;
  if (!source.on_network()) return out;
  std::priority_queue<Entry> heap;
  auto relax = [&](VertexId v, double d) {
    if (d > limit_m || d >= dist_[v]) return;
    if (dist_[v] == kUnreached) touched_.push_back(v);
    dist_[v] = d;
    heap.push({d, 0, v});
  };
  const Edge& e = graph_.edge(source.edge);
  relax(e.u, source.connector_m + source.along_m);
  relax(e.v, source.connector_m + (e.length_m - source.along_m));
  while (!heap.empty()) {
    const Entry top = heap.top();
    heap.pop();
    if (top.d != dist_[top.v]) continue;
    out.vertices.push_back(top.v);
    out.distance_m.push_back(top.d);
    for (const HalfEdge& h : graph_.out(top.v)) relax(h.to, top.d + h.length_m);
  }
  return out;
}

}  // namespace siting::network
