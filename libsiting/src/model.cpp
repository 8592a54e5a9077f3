// SPDX-License-Identifier: Apache-2.0
#include "siting/model.hpp"

#include "detail/text.hpp"

namespace siting {

const char* to_string(EstateKind kind) { return kind == EstateKind::New ? "new" : "old"; }

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

std::string KindVocabulary::describe() const {
  std::string news, olds;
  for (const auto& [value, kind] : values_) {
    std::string& list = kind == EstateKind::New ? news : olds;
    list += (list.empty() ? "" : ", ") + value;
  }
  return "new: " + news + "; old: " + olds;
}

}  // namespace siting
