// SPDX-License-Identifier: Apache-2.0
#pragma once

// What the tool reasons about, once read: residential estates (parcels),
// elderly-care facilities and planning zones. Geometry is in the working CRS.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "siting/geometry.hpp"

namespace siting {

// 新建 (new) estates and 已建 / 老旧 (existing, old) ones have different rates.
enum class EstateKind { New, Old };

// "new" / "old": the values written to outputs.
const char* to_string(EstateKind kind);

// Maps the values found in a kind field to EstateKind; case-insensitive, trimmed.
//
//   KindVocabulary v = KindVocabulary::Defaults();  // new, 新建, old, 已建, 老旧, ...
//   v.add("在建", EstateKind::New);                  // --kind-value 在建=new
class KindVocabulary {
 public:
  static KindVocabulary Defaults();
  void add(const std::string& value, EstateKind kind);
  std::optional<EstateKind> lookup(const std::string& value) const;
  // The accepted values, for error messages.
  std::string describe() const;

 private:
  std::map<std::string, EstateKind> values_;
};

struct Estate {
  std::string id;
  std::string name;
  EstateKind kind = EstateKind::New;
  double households = 0.0;
  std::optional<double> population;  // when the layer has it
  std::optional<double> elderly;     // residents aged 60+ (老年人口), when the layer has it
  MultiPolygon geometry;
  double area_m2 = 0.0;
  Point label;  // a point inside the polygon, for zone membership
  std::int64_t fid = -1;
};

struct Facility {
  std::string id;
  std::string name;
  std::string category;
  Point location;                    // the point, or a point inside a footprint polygon
  double floor_area_m2 = 0.0;        // 建筑面积
  std::optional<double> land_area_m2;  // 用地面积; required only for the zone rule
  std::string estate_id;             // 小区编号, when the layer names the estate
  std::int64_t fid = -1;
};

// A place a new facility could go (siting): vacant public land, a community
// building, or a point generated along a street. Capacity and floor area are
// alternatives: a capacity in households wins; else the floor area through the
// rule set's m² per 100 households; else unlimited.
struct Candidate {
  std::string id;
  std::string name;
  Point location;                        // the point, or a point inside a polygon
  std::optional<double> capacity;        // households it can serve
  std::optional<double> floor_area_m2;   // 建筑面积 it could provide
  std::optional<double> land_area_m2;    // 用地面积
  std::optional<double> cost;            // opening cost, any unit; only breaks ties between equal covers
  std::int64_t fid = -1;                 // -1 for a generated candidate
};

struct Zone {
  std::string id;
  std::string name;
  std::string level;  // 区 / 街道 / 社区 or district / street / community, as given
  std::optional<double> population;
  std::optional<double> households;
  MultiPolygon geometry;
  double area_m2 = 0.0;
  std::int64_t fid = -1;
};

}  // namespace siting
