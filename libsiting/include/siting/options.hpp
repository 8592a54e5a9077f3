// SPDX-License-Identifier: Apache-2.0
#pragma once

// The documented range of a numeric option, and the one check that every way
// in (command line, TOML config, rule sets, library callers) goes through, so a
// value is refused in the same words wherever it comes from. The ranges of the
// walking analysis are beside their options: network::WalkOptions,
// network::BuildOptions, coverage::AreaOptions. They are listed in
// docs/user-guide.md#option-ranges; keep them in step.
//
//   constexpr Range kSpeed{0.0, 5.0, true, "m/s"};   // (0, 5] m/s
//   check_option("--speed", 7.0, kSpeed);          // Error(E001) "--speed must be in (0, 5] m/s, got 7"

#include <string>

#include "siting/error.hpp"

namespace siting {

struct Range {
  double min = 0.0;
  double max = 0.0;
  bool min_open = false;  // (min, max] rather than [min, max]
  const char* unit = "";  // "m/s", "m", "min"; "" for counts
  bool whole = false;     // whole numbers only (counts)

  // False for NaN and the infinities.
  bool contains(double value) const;
  // "in (0, 5] m/s", "a whole number in [0, 256]".
  std::string text() const;
};

// Throws Error(code, "NAME must be RANGE, got VALUE", where) unless range.contains(value).
void check_option(const std::string& name, double value, const Range& range, ErrorCode code = ErrorCode::Usage,
                  const ErrorContext& where = {});

// A value as the messages show it: "nan", "inf", "-inf", else the shortest text that reads back.
std::string option_value_text(double value);

}  // namespace siting
