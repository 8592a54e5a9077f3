// SPDX-License-Identifier: Apache-2.0
#include "siting/model.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "detail/text.hpp"

namespace siting {

const char* to_string(EstateKind kind) { return kind == EstateKind::New ? "new" : "old"; }

bool of_types(const Facility& f, const std::vector<FacilityType>& types) {
  return types.empty() || (f.type && std::find(types.begin(), types.end(), *f.type) != types.end());
}

KindVocabulary KindVocabulary::Defaults() {
  KindVocabulary v;
  for (const char* s : {"new", "新建", "新建小区", "新建住宅小区", "新"}) v.add(s, EstateKind::New);
  for (const char* s : {"old", "existing", "已建", "已建成", "已建小区", "老旧", "老旧小区", "旧", "既有"})
    v.add(s, EstateKind::Old);
  return v;
}

void KindVocabulary::add(const std::string& value, EstateKind kind) { values_[detail::lower(detail::trim(value))] = kind; }

std::optional<EstateKind> KindVocabulary::lookup(const std::string& value) const {
  auto it = values_.find(detail::lower(detail::trim(value)));
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

const char* to_string(FacilityType type) {
  switch (type) {
    case FacilityType::Comprehensive: return "comprehensive";
    case FacilityType::DayCare: return "day_care";
    case FacilityType::Station: return "station";
    case FacilityType::Institution: return "institution";
    case FacilityType::Canteen: return "canteen";
    case FacilityType::Other: break;
  }
  return "other";
}

const char* to_string(Operator op) { return op == Operator::Public ? "public" : "non_public"; }

namespace {

constexpr FacilityType kFacilityTypes[] = {FacilityType::Comprehensive, FacilityType::DayCare,
                                           FacilityType::Station,       FacilityType::Institution,
                                           FacilityType::Canteen,       FacilityType::Other};

}  // namespace

std::optional<FacilityType> facility_type_from_string(const std::string& id) {
  for (FacilityType t : kFacilityTypes)
    if (id == to_string(t)) return t;
  return std::nullopt;
}

std::string facility_type_names() {
  std::string out;
  for (FacilityType t : kFacilityTypes) out += (out.empty() ? "" : ", ") + std::string(to_string(t));
  return out;
}

std::optional<Operator> operator_from_string(const std::string& id) {
  for (Operator o : {Operator::Public, Operator::NonPublic})
    if (id == to_string(o)) return o;
  return std::nullopt;
}

template <typename T>
void Vocabulary<T>::add(const std::string& value, T v) {
  values_[detail::lower(detail::trim(value))] = v;
}

template <typename T>
std::optional<T> Vocabulary<T>::lookup(const std::string& value) const {
  auto it = values_.find(detail::lower(detail::trim(value)));
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

template <typename T>
std::string Vocabulary<T>::describe() const {
  std::map<std::string, std::string> by_target;  // sorted by the target's name
  for (const auto& [value, v] : values_) {
    std::string& list = by_target[to_string(v)];
    list += (list.empty() ? "" : ", ") + value;
  }
  std::string out;
  for (const auto& [target, list] : by_target) out += (out.empty() ? "" : "; ") + target + ": " + list;
  return out;
}

template class Vocabulary<FacilityType>;
template class Vocabulary<Operator>;

FacilityTypeVocabulary FacilityTypeVocabulary::Defaults() {
  // The names Guangdong's plans and county data use; each type's own id too.
  FacilityTypeVocabulary v;
  const std::pair<FacilityType, std::vector<const char*>> names[] = {
      {FacilityType::Comprehensive,
       {"comprehensive", "综合养老服务中心", "街道综合养老服务中心", "镇综合养老服务中心", "镇（街）综合养老服务中心",
        "镇(街)综合养老服务中心", "乡镇综合养老服务中心", "综合性养老服务中心", "综合为老服务中心"}},
      {FacilityType::DayCare,
       {"day_care", "日间照料中心", "社区日间照料中心", "日间照料机构", "日间照料站", "托老所", "长者日间照料中心"}},
      {FacilityType::Station,
       {"station", "长者服务站", "社区养老服务站", "养老服务站", "居家养老服务站", "社区居家养老服务站",
        "农村幸福院", "颐康服务站"}},
      {FacilityType::Institution,
       {"institution", "养老机构", "养老院", "敬老院", "福利院", "社会福利院", "护理院", "养老护理院",
        "老年公寓", "颐养院", "特困人员供养服务机构"}},
      {FacilityType::Canteen, {"canteen", "长者食堂", "长者饭堂", "老年食堂", "老年人食堂", "助餐点", "长者助餐点"}},
      {FacilityType::Other, {"other", "其他"}},
  };
  for (const auto& [type, list] : names)
    for (const char* s : list) v.add(s, type);
  return v;
}

OperatorVocabulary OperatorVocabulary::Defaults() {
  // 公建民营 (publicly built, privately run) counts as non-public, as the plans'
  // 社会办 / 社会力量运营 bed share counts it; --operator-value changes it.
  OperatorVocabulary v;
  for (const char* s : {"public", "公办", "公办公营", "政府办", "公营", "公立"}) v.add(s, Operator::Public);
  for (const char* s : {"non_public", "private", "社会办", "民办", "民营", "私营", "公建民营", "社会力量办", "民办非企业"})
    v.add(s, Operator::NonPublic);
  return v;
}

std::string KindVocabulary::describe() const {
  std::string news, olds;
  for (const auto& [value, kind] : values_) {
    std::string& list = kind == EstateKind::New ? news : olds;
    list += (list.empty() ? "" : ", ") + value;
  }
  return "new: " + news + "; old: " + olds;
}

}  // namespace siting
