// SPDX-License-Identifier: Apache-2.0
#include "siting/network/roads.hpp"

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

WalkVerdict walk_verdict(const WalkFilter& filter, const std::function<std::string(const char* key)>& tag) {
  const std::string highway = tag("highway");
  if (highway.empty()) return WalkVerdict::NotHighway;
  const std::string foot = tag("foot");
  if (foot == "yes" || foot == "designated" || foot == "permissive") return WalkVerdict::Walkable;
  if (!filter.include_highway.empty() ? filter.include_highway.count(highway) == 0
                                      : filter.exclude_highway.count(highway) > 0)
    return WalkVerdict::ExcludedHighway;
  if (filter.drop_foot_no && foot == "no") return WalkVerdict::FootNo;
  if (filter.drop_private && tag("access") == "private") return WalkVerdict::PrivateAccess;
  return WalkVerdict::Walkable;
}

void RoadStats::count_dropped(WalkVerdict verdict) {
  switch (verdict) {
    case WalkVerdict::Walkable: break;
    case WalkVerdict::NotHighway: ++not_highway; break;
    case WalkVerdict::ExcludedHighway: ++excluded_highway; break;
    case WalkVerdict::FootNo: ++foot_no; break;
    case WalkVerdict::PrivateAccess: ++private_access; break;
  }
}

void RoadStats::add(const RoadStats& o) {
  features += o.features, kept += o.kept, not_highway += o.not_highway, excluded_highway += o.excluded_highway;
  foot_no += o.foot_no, private_access += o.private_access, empty += o.empty, one_vertex += o.one_vertex;
  zero_length += o.zero_length, bad_coordinates += o.bad_coordinates;
}

}  // namespace siting::network
