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

// The kinds of elderly-care facility a plan's indicator table counts (专栏1):
// 综合养老服务中心 (a street/town-level comprehensive centre), 日间照料中心
// (day care), 长者服务站 / 社区养老服务站 (a community station), 养老机构 (a
// residential institution: 养老院, 敬老院, 护理院), 长者食堂 (a canteen), and any
// other kind a bureau maps to "other" (counted for provision and coverage only).
enum class FacilityType { Comprehensive, DayCare, Station, Institution, Canteen, Other };
// 公办 (public) or 社会办 (non-public: private, or publicly built and privately run).
enum class Operator { Public, NonPublic };

// "comprehensive", "day_care", "station", "institution", "canteen", "other";
// "public", "non_public": the values written to outputs and taken by options.
const char* to_string(FacilityType type);
const char* to_string(Operator op);
std::optional<FacilityType> facility_type_from_string(const std::string& id);  // an id above, or nullopt
// "comprehensive, day_care, station, institution, canteen, other", for help and messages.
std::string facility_type_names();
std::optional<Operator> operator_from_string(const std::string& id);

// Maps the values of a facility's type or operator field, case-insensitive and
// trimmed, like KindVocabulary for estates:
//
//   FacilityTypeVocabulary t = FacilityTypeVocabulary::Defaults();  // 日间照料中心, 托老所, ...
//   t.add("老年活动中心", FacilityType::Other);                      // --type-value 老年活动中心=other
template <typename T>
class Vocabulary {
 public:
  void add(const std::string& value, T v);
  std::optional<T> lookup(const std::string& value) const;
  // The accepted values by target, for error messages: "day_care: 托老所, 日间照料中心; ...".
  std::string describe() const;

 private:
  std::map<std::string, T> values_;
};

class FacilityTypeVocabulary : public Vocabulary<FacilityType> {
 public:
  static FacilityTypeVocabulary Defaults();
};
class OperatorVocabulary : public Vocabulary<Operator> {
 public:
  static OperatorVocabulary Defaults();
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
  // From the type field (category) through the vocabulary; unset when the layer
  // has no type field or the value is empty.
  std::optional<FacilityType> type;
  std::optional<double> beds;          // 床位数 (whole, >= 0), when the layer has them
  std::optional<double> nursing_beds;  // 护理型床位, at most beds
  std::optional<Operator> operator_kind;
  std::int64_t fid = -1;
};

// Whether the facility's type is one of `types`; every facility when `types`
// is empty (no type asked for), none without a type otherwise.
bool of_types(const Facility& f, const std::vector<FacilityType>& types);

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
  std::optional<double> elderly;  // residents aged 60+ (老年人口), at most the population
  MultiPolygon geometry;
  double area_m2 = 0.0;
  std::int64_t fid = -1;
};

}  // namespace siting
