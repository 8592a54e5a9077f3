// SPDX-License-Identifier: Apache-2.0
#include "siting/options.hpp"

#include <cmath>

#include "detail/text.hpp"

namespace siting {

bool Range::contains(double value) const {
  if (!std::isfinite(value)) return false;
  if (min_open ? !(value > min) : !(value >= min)) return false;
  if (value > max) return false;
  return !whole || value == std::floor(value);
}

namespace {

// 100000, not 1e+05.
std::string bound_text(double v) {
  return v == std::floor(v) && std::fabs(v) < 1e15 ? detail::format_fixed(v, 0) : detail::format_number(v);
}

}  // namespace

std::string Range::text() const {
  std::string s = whole ? "a whole number in " : "in ";
  s += (min_open ? "(" : "[") + bound_text(min) + ", " + bound_text(max) + "]";
  if (*unit) s += std::string(" ") + unit;
  return s;
}

std::string option_value_text(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  return detail::format_number(value);
}

void check_option(const std::string& name, double value, const Range& range, ErrorCode code,
                  const ErrorContext& where) {
  if (!range.contains(value))
    throw Error(code, name + " must be " + range.text() + ", got " + option_value_text(value), where);
}

}  // namespace siting
