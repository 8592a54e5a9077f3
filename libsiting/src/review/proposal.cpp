// SPDX-License-Identifier: Apache-2.0
#include "siting/review/proposal.hpp"

#include "detail/text.hpp"

namespace siting::review {

double Proposal::households() const {
  double h = 0;
  for (const Phase& p : phases) h += p.households;
  return h;
}

double Proposal::households(EstateKind kind) const {
  double h = 0;
  for (const Phase& p : phases)
    if (p.kind == kind) h += p.households;
  return h;
}

MultiPolygon Proposal::footprint() const {
  MultiPolygon all;
  for (const Phase& p : phases) all.insert(all.end(), p.geometry.begin(), p.geometry.end());
  return all;
}

double Proposal::area_m2() const {
  double a = 0;
  for (const Phase& p : phases) a += p.area_m2;
  return a;
}

std::optional<bool> parse_yes_no(const std::string& text) {
  const std::string t = detail::lower(detail::trim(text));
  for (const char* y : {"yes", "true", "1", "y", "是", "有"})
    if (t == y) return true;
  for (const char* n : {"no", "false", "0", "n", "否", "无", "没有"})
    if (t == n) return false;
  return std::nullopt;
}

}  // namespace siting::review
